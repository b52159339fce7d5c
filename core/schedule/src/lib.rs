//! Talent scheduling solver, shooting schedule, stripboard, Day Out of Days, call
//! sheets, budget and the location packet.
//!
//! * [`talent`] and [`solver`]: the talent scheduling problem and its exact solver.
//! * [`format`]: readers for the benchmark formats (Stuckey text and MiniZinc `.dzn`).
//! * [`production`]: a screenplay's shooting schedule (days, strips, cast).
//! * [`documents`]: stripboard, Day Out of Days, call sheets and budget files.
//! * [`locations`]: the location packet: places, sun, permits, company moves.
//! * [`calendar`]: shoot dates and sun times.

pub mod calendar;
pub mod documents;
pub mod format;
pub mod locations;
pub mod production;
pub mod solver;
pub mod talent;

pub use documents::{
    Budget, DocumentError, DoodRow, SceneGear, budget, day_out_of_days, write_documents,
};
pub use format::{FormatError, read_instance};
pub use production::{
    CastMember, SceneSetups, ScheduleError, ShootDay, ShootingSchedule, Strip, schedule,
    schedule_with_setups,
};
pub use solver::{Limits, Solution, solve, solve_with};
pub use talent::{Instance, InstanceError};
