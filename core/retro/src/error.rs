//! Everything that can go wrong in the retro pipeline, as one error type.

use std::path::PathBuf;

/// Why a frame, palette or preset could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RetroError {
    /// A preset name that is neither built in nor in a user preset directory.
    #[error("unknown retro preset `{name}` (known: {known})")]
    UnknownPreset { name: String, known: String },
    /// A palette name that is neither built in nor an existing palette file.
    #[error("unknown palette `{name}` (known: {known}; or give a .gpl, .hex, .pal or .ase file)")]
    UnknownPalette { name: String, known: String },
    /// A dither name that is not one of [`crate::Dither::NAMES`].
    #[error("unknown dither `{name}` (known: {known})")]
    UnknownDither { name: String, known: String },
    /// A palette file line that is not a colour in the file's format.
    #[error("{}:{line}: {message}", file.display())]
    PaletteLine {
        file: PathBuf,
        line: usize,
        message: String,
    },
    /// A palette file that is malformed as a whole (bad header, truncated binary data).
    #[error("{}: {message}", file.display())]
    PaletteFile { file: PathBuf, message: String },
    /// A style preset file that is not valid TOML or has a bad value.
    #[error("{}:{line}:{column}: {message}", file.display())]
    Preset {
        file: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// A setting outside its allowed range (colours, strength, scale, ...).
    #[error("invalid retro setting `{field}`: {message}")]
    Setting {
        field: &'static str,
        message: String,
    },
    /// A frame whose width or height is zero or above [`crate::MAX_SIDE`].
    #[error("bad frame size {width}x{height}: each side must be 1..={max}", max = crate::MAX_SIDE)]
    Dimensions { width: u32, height: u32 },
    /// A frame whose byte count does not match `width * height * 4`.
    #[error("frame of {width}x{height} needs {expected} RGBA bytes, got {actual}")]
    FrameLength {
        width: u32,
        height: u32,
        expected: usize,
        actual: usize,
    },
    /// An input image that could not be read or decoded.
    #[error("{}: {message}", file.display())]
    Decode { file: PathBuf, message: String },
    /// A file that could not be read or written.
    #[error("{}: {source}", file.display())]
    Io {
        file: PathBuf,
        source: std::io::Error,
    },
    /// An output image that could not be encoded.
    #[error("{}: cannot encode: {message}", file.display())]
    Encode { file: PathBuf, message: String },
}

/// Result with [`RetroError`].
pub type Result<T, E = RetroError> = std::result::Result<T, E>;

impl RetroError {
    pub(crate) fn io(file: impl Into<PathBuf>, source: std::io::Error) -> Self {
        RetroError::Io {
            file: file.into(),
            source,
        }
    }

    pub(crate) fn setting(field: &'static str, message: impl Into<String>) -> Self {
        RetroError::Setting {
            field,
            message: message.into(),
        }
    }
}
