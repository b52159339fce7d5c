//! Colour grading: looks from presets and `.cube` LUTs, applied to frames.
//!
//! A [`Grade`] is what a colourist dials in: white balance, exposure, contrast,
//! lift/gamma/gain, an ASC CDL, saturation, split-toning and a soft highlight
//! roll-off, worked in linear light. Grades are readable TOML (built-ins in
//! `presets/grades/`); a grade can be baked to a `.cube` 3D LUT for Resolve and other
//! tools, and `.cube` LUTs from them (1D, 3D, or a 1D shaper before a 3D LUT) apply
//! here. [`Look`] is either, by name or file.
//!
//! ```
//! use oneshot_grade::Look;
//!
//! let look = Look::resolve("teal-orange")?;
//! let mut frame = vec![128u8; 64 * 36 * 4];
//! look.apply(64, 36, &mut frame)?;
//! let lut = look.to_cube("teal-orange", 33)?.to_text();
//! assert!(lut.contains("LUT_3D_SIZE 33"));
//! # Ok::<(), oneshot_grade::GradeError>(())
//! ```

pub mod cube;
mod error;
mod grade;
mod look;
pub mod srgb;

pub use cube::{Cube, Domain, Lut1d, Lut3d};
pub use error::{GradeError, Result};
pub use grade::{Cdl, Grade, SplitTone, Transform};
pub use look::{Look, builtin, builtin_names};
