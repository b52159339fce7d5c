//! Why a screenplay could not be read: every variant names the file, and the line
//! where there is one.

use std::path::PathBuf;

/// A screenplay that cannot be broken down.
#[derive(Debug, thiserror::Error)]
pub enum ScriptError {
    /// The file could not be read (missing, a directory, no permission, ...).
    #[error("{}: {source}", file.display())]
    Io {
        file: PathBuf,
        source: std::io::Error,
    },
    /// The file is not text at all (binary data, e.g. a PDF or an image).
    #[error(
        "{}:{line}: this is not a text file (binary data); a screenplay must be Fountain text or Final Draft XML",
        file.display()
    )]
    NotText { file: PathBuf, line: u32 },
    /// The file is larger than [`crate::MAX_SCRIPT_BYTES`].
    #[error("{}: more than {limit} bytes, too large for a screenplay", file.display())]
    TooLarge { file: PathBuf, limit: u64 },
    /// A boneyard `/*` is never closed, so it would hide the rest of the script.
    #[error(
        "{}:{line}: boneyard `/*` is never closed with `*/`; everything after it would be cut",
        file.display()
    )]
    UnterminatedBoneyard { file: PathBuf, line: u32 },
    /// A note `[[` is not closed by `]]` before a blank line or the end of the file.
    #[error(
        "{}:{line}: note `[[` is never closed with `]]` (notes end before a blank line)",
        file.display()
    )]
    UnterminatedNote { file: PathBuf, line: u32 },
    /// A `.fdx` file that is not well-formed XML.
    #[error("{}:{line}: not a Final Draft file: the XML is malformed: {message}", file.display())]
    Xml {
        file: PathBuf,
        line: u32,
        message: String,
    },
    /// Well-formed XML without a `<FinalDraft>` document in it.
    #[error("{}: not a Final Draft file: no <FinalDraft> root element", file.display())]
    NotFinalDraft { file: PathBuf },
}
