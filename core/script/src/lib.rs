//! Fountain and Final Draft screenplay parser, script breakdown and reports.
//!
//! ```no_run
//! let script = oneshot_script::load(std::path::Path::new("big-fish.fountain"))?;
//! for scene in &script.scenes {
//!     println!("{} {} ({})", scene.number, scene.heading, scene.pages_label());
//! }
//! # Ok::<(), oneshot_script::ScriptError>(())
//! ```
//!
//! * [`fountain`] and [`fdx`] read a screenplay into the [`tree`] (elements with
//!   source spans); [`layout`] puts it on pages; [`breakdown`] turns it into the
//!   production's [`Script`](oneshot_model::Script); [`reports`] and [`render`]
//!   give the reports a production office prints.

pub mod breakdown;
pub mod emphasis;
mod error;
pub mod fdx;
pub mod fountain;
pub mod heading;
pub mod layout;
mod lexicon;
pub mod render;
pub mod reports;
mod source;
pub mod tree;

use std::path::Path;

pub use error::ScriptError;
use oneshot_model::Script;
use oneshot_model::files::read_at_most;
use tree::{Diagnostic, DiagnosticKind, Document};

/// Larger than any real screenplay by two orders of magnitude; beyond it a file is
/// refused rather than read into memory.
pub const MAX_SCRIPT_BYTES: u64 = 256 * 1024 * 1024;

/// Reads, parses and breaks down a `.fountain` or `.fdx` file.
pub fn load(path: &Path) -> Result<Script, ScriptError> {
    let io = |source| ScriptError::Io {
        file: path.to_owned(),
        source,
    };
    let data = read_at_most(path, MAX_SCRIPT_BYTES).map_err(|err| match err.kind() {
        std::io::ErrorKind::FileTooLarge => ScriptError::TooLarge {
            file: path.to_owned(),
            limit: MAX_SCRIPT_BYTES,
        },
        _ => io(err),
    })?;
    let text = source::decode(&data).map_err(|line| ScriptError::NotText {
        file: path.to_owned(),
        line,
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    breakdown_source(&text, &name)
}

/// Parses and breaks down screenplay text. `file_name` picks the format (`.fdx` is
/// Final Draft, anything else Fountain unless the text is Final Draft XML), names
/// the script when it has no title, and names the file in errors.
pub fn breakdown_source(text: &str, file_name: &str) -> Result<Script, ScriptError> {
    breakdown_file(text, Path::new(file_name))
}

fn breakdown_file(text: &str, file: &Path) -> Result<Script, ScriptError> {
    let doc = parse_file(text, file)?;
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(breakdown::breakdown(doc, &stem))
}

/// Parses screenplay text into the [`tree`] (Final Draft for `.fdx` or XML text,
/// Fountain otherwise), refusing what would make a breakdown wrong: malformed
/// Final Draft XML, an unterminated boneyard or note.
pub fn parse(text: &str, file_name: &str) -> Result<Document, ScriptError> {
    parse_file(text, Path::new(file_name))
}

fn parse_file(text: &str, file: &Path) -> Result<Document, ScriptError> {
    let is_fdx = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("fdx"));
    if is_fdx || fdx::sniff(text) {
        return fdx::parse(text).map_err(|err| match err {
            fdx::FdxError::Xml { line, message } => ScriptError::Xml {
                file: file.to_owned(),
                line,
                message,
            },
            fdx::FdxError::NotFinalDraft => ScriptError::NotFinalDraft {
                file: file.to_owned(),
            },
        });
    }
    let doc = fountain::parse(text);
    if let Some(Diagnostic { kind, line, .. }) = doc.fatal() {
        let file = file.to_owned();
        let line = *line;
        return Err(match kind {
            DiagnosticKind::UnterminatedBoneyard => {
                ScriptError::UnterminatedBoneyard { file, line }
            }
            DiagnosticKind::UnterminatedNote => ScriptError::UnterminatedNote { file, line },
        });
    }
    Ok(doc)
}
