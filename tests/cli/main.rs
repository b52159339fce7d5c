//! End-to-end tests of the `oneshot` binary: one test binary, one module per subcommand.

mod util;

mod breakdown;
mod continuity;
mod fx;
mod grade;
mod plan;
mod retro;
mod schedule;
mod serve;
