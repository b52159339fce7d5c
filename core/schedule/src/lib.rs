//! Talent scheduling solver, shooting schedule, stripboard, Day Out of Days, call
//! sheets and budget.
//!
//! * [`talent`] and [`solver`]: the talent scheduling problem and its exact solver.
//! * [`format`]: readers for the benchmark formats (Stuckey text and MiniZinc `.dzn`).

pub mod format;
pub mod solver;
pub mod talent;

pub use format::{FormatError, read_instance};
pub use solver::{Limits, Solution, solve, solve_with};
pub use talent::{Instance, InstanceError};
