//! Retro pixel pipeline: turns rendered frames into 1-bit, 8-bit and 16-bit looks.
//!
//! Downscale (area average in linear light) to a native resolution, optional
//! posterize, map to a palette (a machine palette, a best subset of one, or colours
//! chosen from the frames in DIN99o, a perceptual space) with ordered, blue-noise or error-diffusion
//! dithering, outline edges, then upscale by an integer factor with scanlines or a
//! CRT look. Sequences share one palette and screen-anchored dither patterns, so
//! static areas do not shimmer.
//!
//! ```
//! use oneshot_model::RetroSettings;
//! use oneshot_retro::Pipeline;
//!
//! let settings = RetroSettings { preset: Some("gameboy".into()), ..Default::default() };
//! let pipeline = Pipeline::new(&settings)?;
//! let frame = vec![128u8; 320 * 288 * 4];
//! let out = pipeline.process(320, 288, &frame)?;
//! assert_eq!((out.width, out.height), (160 * 5, 144 * 5));
//! # Ok::<(), oneshot_retro::RetroError>(())
//! ```

mod ase;
pub mod attributes;
pub mod batch;
pub mod bluenoise;
pub mod color;
mod crt;
pub mod dither;
mod error;
pub mod image;
pub mod io;
pub mod metrics;
pub mod nearest;
pub mod palettes;
mod pipeline;
pub mod quantize;
pub mod resize;
pub mod sprite;
mod style;
pub mod stylize;
pub mod tiles;

pub use attributes::Attributes;
pub use dither::{Dither, Kernel, PaletteMap};
pub use error::{Result, RetroError};
pub use image::{Frame, Image, LinearImage, MAX_SIDE};
pub use palettes::{Depth, Palette, PaletteSource};
pub use pipeline::{MAX_SCALE, Pipeline, Prepared};
pub use style::{Library, Style};
pub use tiles::Tiles;
