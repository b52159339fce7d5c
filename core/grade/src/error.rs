//! Everything that can go wrong when loading or applying a grade, as one error type.

use std::path::PathBuf;

/// Why a grade, a LUT or a frame could not be used.
#[derive(Debug, thiserror::Error)]
pub enum GradeError {
    /// A grade name that is not built in (and not a `.toml` or `.cube` file).
    #[error("unknown grade `{name}` (known: {known}; or give a .toml grade or a .cube LUT)")]
    UnknownGrade { name: String, known: String },
    /// A grade file that is not valid TOML or names an unknown setting.
    #[error("{}:{line}:{column}: {message}", file.display())]
    Toml {
        file: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// A grade setting outside its allowed range.
    #[error("{}: `{field}` = {value} is out of range ({range})", file.display())]
    Setting {
        file: PathBuf,
        field: &'static str,
        value: f32,
        range: &'static str,
    },
    /// A `.cube` LUT line that is malformed, or a LUT that is malformed as a whole
    /// (line 0, which the message leaves out).
    #[error("{}{}: {message}", file.display(), at_line(*line))]
    Cube {
        file: PathBuf,
        line: usize,
        message: String,
    },
    /// A LUT size outside what `.cube` allows.
    #[error("LUT size {0} is not in 2..=256")]
    CubeSize(usize),
    /// A frame whose sample count does not match `width * height * 4`, or an empty frame.
    #[error("frame of {width}x{height} needs {expected} RGBA samples, got {actual}")]
    Frame {
        width: u32,
        height: u32,
        expected: usize,
        actual: usize,
    },
    /// A file that could not be read.
    #[error("{}: {source}", file.display())]
    Io {
        file: PathBuf,
        source: std::io::Error,
    },
}

/// Shorthand for results with a [`GradeError`].
pub type Result<T, E = GradeError> = std::result::Result<T, E>;

impl GradeError {
    pub(crate) fn io(file: &std::path::Path, source: std::io::Error) -> Self {
        GradeError::Io {
            file: file.to_owned(),
            source,
        }
    }
}

/// `:N` for line `N` of a file; nothing for the file as a whole (0).
fn at_line(line: usize) -> String {
    match line {
        0 => String::new(),
        n => format!(":{n}"),
    }
}
