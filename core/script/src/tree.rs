//! The parse tree both readers produce: a screenplay as a flat list of elements in
//! reading order, each with its source span.
//!
//! Fountain and Final Draft both map onto this; the breakdown only ever sees it.

use oneshot_model::{SourceSpan, TitleEntry};
use serde::Serialize;

/// A parsed screenplay, before any breakdown.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Document {
    /// The title page in source order, keys as written.
    pub title_page: Vec<TitleEntry>,
    pub elements: Vec<Element>,
    /// Problems the reader recovered from; [`Severity::Fatal`] ones make the script
    /// unusable for a breakdown.
    pub diagnostics: Vec<Diagnostic>,
}

/// One paragraph-level element of the screenplay.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Element {
    pub kind: ElementKind,
    /// Plain text: emphasis markers, escapes, notes and boneyard removed. Action keeps
    /// its line breaks, tabs and leading spaces.
    pub text: String,
    pub span: SourceSpan,
}

/// What an element is, with what only that kind carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ElementKind {
    /// `INT. HOUSE - DAY #12A#`: the text is the heading without the scene number.
    SceneHeading {
        scene_number: Option<String>,
    },
    Action,
    /// `> THE END <`.
    Centered,
    /// A character cue; `text` is the cue as written (without `@` and `^`).
    Character {
        /// The name without extensions, e.g. `BILLY`.
        name: String,
        /// Extensions in upper case, e.g. `["V.O.", "CONT'D"]`.
        extensions: Vec<String>,
        /// The second cue of a dual-dialogue pair (`^`).
        dual: bool,
    },
    /// Consecutive spoken lines of one speech (until a parenthetical or the end).
    Dialogue,
    /// `(beat)`, including the parentheses.
    Parenthetical,
    /// `~` lines: sung, in a speech or on their own.
    Lyrics,
    Transition,
    PageBreak,
    /// `#`, `##`, ...: outline structure that is not printed.
    Section {
        depth: u8,
    },
    /// `= ...`: a summary that is not printed.
    Synopsis,
    /// `[[ ... ]]`: the note's text, placed after the element it was written in.
    Note,
}

/// A problem in the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: DiagnosticKind,
    /// 1-based line where the problem starts.
    pub line: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Severity {
    /// Worth telling the writer; the breakdown is still right.
    Warning,
    /// The breakdown would be wrong (e.g. half the script hidden in a boneyard).
    Fatal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DiagnosticKind {
    UnterminatedBoneyard,
    UnterminatedNote,
}

impl Document {
    /// The first fatal problem, if any.
    pub fn fatal(&self) -> Option<&Diagnostic> {
        self.diagnostics
            .iter()
            .find(|d| d.severity == Severity::Fatal)
    }

    /// The value of a title-page key (case-insensitive), lines joined with `\n`.
    pub fn title_value(&self, key: &str) -> Option<&str> {
        self.title_page
            .iter()
            .find(|entry| entry.key.eq_ignore_ascii_case(key))
            .map(|entry| entry.value.as_str())
    }
}
