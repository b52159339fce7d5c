//! One module per subcommand: its clap arguments and a `run` that calls the library crates.

pub mod breakdown;
pub mod ping;
pub mod plan;
pub mod retro;
pub mod schedule;
pub mod serve;
