//! The Fountain 1.1 reader (<https://fountain.io/syntax>).
//!
//! Three passes over the lines, each simple on its own:
//!
//! 1. **Clean**: cut boneyard `/* */` and notes `[[ ]]` out of every line (keeping
//!    line numbers), collecting the notes. A line that held nothing but cut
//!    material disappears entirely, so a comment in the middle of a speech does
//!    not split it.
//! 2. **Title page**: `Key: value` lines at the top, with indented continuation lines.
//! 3. **Body**: blank-line separated paragraphs, each classified as the spec says
//!    (a one-line paragraph can be a heading or a transition, a paragraph that
//!    starts with an upper-case line is a speech, and so on).
//!
//! Parsing never fails: problems become [`Diagnostic`]s on the [`Document`].

use std::borrow::Cow;
use std::iter::Peekable;
use std::vec;

use oneshot_model::{SourceSpan, TitleEntry};

use crate::emphasis::{plain, plain_owned};
use crate::source::{LineRange, lines};
use crate::tree::{Diagnostic, DiagnosticKind, Document, Element, ElementKind, Severity};

/// Parses Fountain text. Spans are byte offsets into `text`.
pub fn parse(text: &str) -> Document {
    let mut doc = Document::default();
    let (lines, notes) = clean(text, &mut doc.diagnostics);
    // Every element but a note takes at least one line of its own: room for them all
    // up front, as growing would copy every element built so far.
    let filled = lines.iter().filter(|l| !l.blank).count();
    doc.elements.reserve(filled + notes.len());
    let mut body = &lines[..];
    while body.first().is_some_and(|l| l.is_blank()) {
        body = &body[1..];
    }
    let title_len = title_page_len(body);
    doc.title_page = title_entries(&body[..title_len]);
    Body {
        lines: &body[title_len..],
        notes: notes.into_iter().peekable(),
        out: &mut doc.elements,
    }
    .parse();
    doc
}

/// A physical line after boneyard and notes were cut out of it.
#[derive(Debug)]
struct Line<'a> {
    text: Cow<'a, str>,
    range: LineRange,
    /// Only white space: asked of every line several times, so worked out once.
    blank: bool,
}

impl<'a> Line<'a> {
    fn new(text: Cow<'a, str>, range: LineRange) -> Self {
        let blank = text.trim_start().is_empty();
        Line { text, range, blank }
    }

    fn is_blank(&self) -> bool {
        self.blank
    }
}

/// A note and the line it started on.
#[derive(Debug)]
struct Note {
    text: String,
    span: SourceSpan,
}

enum Cut {
    None,
    Boneyard { line: u32 },
    Note { start: usize, line: u32 },
}

/// Pass 1: the lines with boneyard and notes removed, and the notes.
fn clean<'a>(text: &'a str, diagnostics: &mut Vec<Diagnostic>) -> (Vec<Line<'a>>, Vec<Note>) {
    let bytes = text.as_bytes();
    // Exactly the room the lines need (a count of line breaks is one quick scan):
    // a guess too large would map memory that is never used.
    let breaks = bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count();
    let mut out = Vec::with_capacity(breaks + 1);
    let mut notes = Vec::new();
    let mut state = Cut::None;
    let mut note_text = String::new();
    // Where the next `/*` or `[[` is: found once for the whole text rather than
    // looked for in every line, as most scripts have few or none.
    let mut next_cut = next_cut_marker(bytes, 0);
    for range in lines(text) {
        let raw = &text[range.start..range.end];
        if next_cut < range.start {
            next_cut = next_cut_marker(bytes, range.start);
        }
        if matches!(state, Cut::None) && next_cut >= range.end {
            out.push(Line::new(Cow::Borrowed(raw), range));
            continue;
        }
        // The spec wants two spaces on an empty line inside a note; writers often
        // leave it truly empty. A note still runs on over it when its `]]` comes
        // before the next `[[`; otherwise the note was never closed.
        if let Cut::Note { line, .. } = state {
            let rest = &text[range.start..];
            let closes_later = rest
                .find("]]")
                .is_some_and(|close| rest.find("[[").is_none_or(|open| close < open));
            if raw.trim().is_empty() && !closes_later {
                diagnostics.push(Diagnostic {
                    severity: Severity::Fatal,
                    kind: DiagnosticKind::UnterminatedNote,
                    line,
                });
                state = Cut::None;
                note_text.clear();
            }
        }
        let mut kept = String::new();
        let mut rest = raw;
        let mut offset = range.start;
        loop {
            match state {
                Cut::None => {
                    let next = [rest.find("/*"), rest.find("[[")]
                        .into_iter()
                        .flatten()
                        .min();
                    let Some(at) = next else {
                        kept.push_str(rest);
                        break;
                    };
                    kept.push_str(&rest[..at]);
                    state = if rest[at..].starts_with("/*") {
                        Cut::Boneyard { line: range.number }
                    } else {
                        Cut::Note {
                            start: offset + at,
                            line: range.number,
                        }
                    };
                    offset += at + 2;
                    rest = &rest[at + 2..];
                }
                Cut::Boneyard { .. } => match rest.find("*/") {
                    Some(at) => {
                        state = Cut::None;
                        offset += at + 2;
                        rest = &rest[at + 2..];
                    }
                    None => break,
                },
                Cut::Note { start, line } => match rest.find("]]") {
                    Some(at) => {
                        note_text.push_str(&rest[..at]);
                        notes.push(Note {
                            text: plain(note_text.trim()).into_owned(),
                            span: SourceSpan {
                                start,
                                end: offset + at + 2,
                                line,
                            },
                        });
                        note_text.clear();
                        state = Cut::None;
                        offset += at + 2;
                        rest = &rest[at + 2..];
                    }
                    None => {
                        note_text.push_str(rest);
                        note_text.push('\n');
                        break;
                    }
                },
            }
        }
        // Lines that held only cut material vanish instead of becoming blank lines.
        if !kept.trim().is_empty() || (raw.trim().is_empty() && matches!(state, Cut::None)) {
            out.push(Line::new(Cow::Owned(kept), range));
        }
    }
    let unterminated = match state {
        Cut::None => None,
        Cut::Boneyard { line } => Some((DiagnosticKind::UnterminatedBoneyard, line)),
        Cut::Note { line, .. } => Some((DiagnosticKind::UnterminatedNote, line)),
    };
    if let Some((kind, line)) = unterminated {
        diagnostics.push(Diagnostic {
            severity: Severity::Fatal,
            kind,
            line,
        });
    }
    (out, notes)
}

/// The offset of the first boneyard `/*` or note `[[` at or after `from`, or the
/// length of the text when there is none.
fn next_cut_marker(bytes: &[u8], mut from: usize) -> usize {
    while let Some(at) = memchr::memchr2(b'/', b'[', &bytes[from..]) {
        let at = from + at;
        if matches!(&bytes[at..], [b'/', b'*', ..] | [b'[', b'[', ..]) {
            return at;
        }
        from = at + 1;
    }
    bytes.len()
}

/// Title-page keys that make a lone `Key:` line a title page even without a value.
const TITLE_KEYS: [&str; 10] = [
    "title",
    "credit",
    "author",
    "authors",
    "source",
    "draft date",
    "date",
    "contact",
    "copyright",
    "notes",
];

/// `Key: value` at the start of a line: the key and the value.
fn title_key(line: &str) -> Option<(&str, &str)> {
    if line.starts_with(char::is_whitespace) {
        return None;
    }
    let (key, value) = line.split_once(':')?;
    let key = key.trim();
    let plausible = !key.is_empty()
        && key.chars().count() <= 40
        && !key.contains(['[', '>', '<', '(', '.', '!', '@', '#', '~', '='])
        && !key.starts_with(char::is_numeric);
    plausible.then_some((key, value.trim()))
}

fn is_indented(line: &str) -> bool {
    line.starts_with('\t') || line.starts_with("   ")
}

/// Pass 2: how many lines the title page takes (0 when there is none). It is the
/// first paragraph when that starts with a key that has a value, a known key, or
/// indented value lines.
fn title_page_len(lines: &[Line]) -> usize {
    let Some(first) = lines.first() else {
        return 0;
    };
    let Some((key, value)) = title_key(&first.text) else {
        return 0;
    };
    let continued = lines
        .get(1)
        .is_some_and(|l| is_indented(&l.text) && !l.is_blank());
    let known = TITLE_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key));
    if value.is_empty() && !continued && !known {
        return 0;
    }
    lines.iter().position(Line::is_blank).unwrap_or(lines.len())
}

fn title_entries(lines: &[Line]) -> Vec<TitleEntry> {
    let mut entries: Vec<TitleEntry> = Vec::new();
    for line in lines {
        let text = line.text.trim_end();
        match (title_key(text), entries.last_mut()) {
            (Some((key, value)), _) if !is_indented(text) => entries.push(TitleEntry {
                key: key.to_owned(),
                value: plain(value).into_owned(),
            }),
            // Indented or unkeyed lines continue the previous value.
            (_, Some(entry)) => {
                if !entry.value.is_empty() {
                    entry.value.push('\n');
                }
                entry.value.push_str(&plain(text.trim()));
            }
            (_, None) => {}
        }
    }
    entries
}

/// Pass 3 state: the body lines, the notes still to interleave, and the output.
struct Body<'l, 'a> {
    lines: &'l [Line<'a>],
    notes: Peekable<vec::IntoIter<Note>>,
    out: &'l mut Vec<Element>,
}

impl Body<'_, '_> {
    fn parse(mut self) {
        let mut i = 0;
        while i < self.lines.len() {
            if self.lines[i].is_blank() {
                i += 1;
                continue;
            }
            let speech = is_cue(&self.lines[i].text);
            let end = self.paragraph_end(i, speech);
            self.paragraph(&self.lines[i..end], speech);
            i = end;
        }
        self.flush_notes(u32::MAX);
    }

    /// One past the last line of the paragraph starting at `start`. In a speech
    /// (the first line is a cue), a line of two or more spaces is an intentional
    /// empty line, not a break.
    fn paragraph_end(&self, start: usize, speech: bool) -> usize {
        let mut end = start + 1;
        while let Some(line) = self.lines.get(end) {
            let kept_blank = speech
                && line.text.len() >= 2
                && self.lines.get(end + 1).is_some_and(|next| !next.is_blank());
            if line.is_blank() && !kept_blank {
                break;
            }
            end += 1;
        }
        end
    }

    /// Emits the notes that started on or before `line`.
    fn flush_notes(&mut self, line: u32) {
        while let Some(note) = self.notes.next_if(|note| note.span.line <= line) {
            self.out.push(Element {
                kind: ElementKind::Note,
                text: note.text,
                span: note.span,
            });
        }
    }

    fn push(&mut self, kind: ElementKind, text: impl Into<String>, first: &Line, last: &Line) {
        self.flush_notes(first.range.number.saturating_sub(1));
        self.out.push(Element {
            kind,
            text: text.into(),
            span: SourceSpan {
                start: first.range.start,
                end: last.range.end,
                line: first.range.number,
            },
        });
    }

    /// Classifies and emits one paragraph; `speech` is whether its first line is a cue.
    fn paragraph(&mut self, para: &[Line], speech: bool) {
        let first = &para[0];
        let last = &para[para.len() - 1];
        let head = first.text.trim();
        if head.starts_with('!') {
            self.action(para);
        } else if para.len() == 1 && is_page_break(head) {
            self.push(ElementKind::PageBreak, "", first, first);
        } else if para.iter().all(|l| is_outline(l.text.trim())) {
            for line in para {
                self.outline(line);
            }
        } else if let (1, Some((heading, scene_number))) = (para.len(), scene_heading(head)) {
            let scene_number = scene_number.map(str::to_owned);
            self.push(
                ElementKind::SceneHeading { scene_number },
                plain(heading).into_owned(),
                first,
                first,
            );
        } else if para.iter().all(|l| centered(&l.text).is_some()) {
            let text: Vec<Cow<str>> = para
                .iter()
                .filter_map(|l| centered(&l.text))
                .map(plain)
                .collect();
            self.push(ElementKind::Centered, text.join("\n"), first, last);
        } else if para.len() > 1 && speech {
            self.speech(para);
        } else if let (1, Some(transition)) = (para.len(), transition(head)) {
            self.push(
                ElementKind::Transition,
                plain(transition).into_owned(),
                first,
                first,
            );
        } else if para.iter().all(|l| l.text.trim_start().starts_with('~')) {
            let text: Vec<Cow<str>> = para.iter().map(|l| lyric(&l.text)).collect();
            self.push(ElementKind::Lyrics, text.join("\n"), first, last);
        } else {
            self.action(para);
        }
        self.flush_notes(last.range.number);
    }

    fn outline(&mut self, line: &Line) {
        let text = line.text.trim();
        if let Some(synopsis) = text.strip_prefix('=') {
            self.push(
                ElementKind::Synopsis,
                plain(synopsis.trim()).into_owned(),
                line,
                line,
            );
        } else {
            let depth = text.chars().take_while(|&c| c == '#').count();
            let title = plain(text[depth..].trim()).into_owned();
            let depth = depth.min(u8::MAX as usize) as u8;
            self.push(ElementKind::Section { depth }, title, line, line);
        }
    }

    /// Action keeps its tabs, leading spaces and line breaks; `!` forces it.
    fn action(&mut self, para: &[Line]) {
        let mut text = String::with_capacity(room(para));
        for (i, line) in para.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            let raw = line.text.trim_end();
            let raw = match (i, raw.trim_start().strip_prefix('!')) {
                (0, Some(rest)) => rest,
                _ => raw,
            };
            text.push_str(&plain(raw));
        }
        self.push(ElementKind::Action, text, &para[0], &para[para.len() - 1]);
    }

    /// A cue, then dialogue, parentheticals and lyrics until the paragraph ends.
    fn speech(&mut self, para: &[Line]) {
        let (cue, dual) = cue_text(&para[0].text);
        let (name, extensions) = split_cue(cue);
        if dual {
            self.mark_previous_speech_dual();
        }
        self.push(
            ElementKind::Character {
                name: plain_owned(name),
                extensions,
                dual,
            },
            plain(cue).into_owned(),
            &para[0],
            &para[0],
        );
        let mut rest = &para[1..];
        while let Some(line) = rest.first() {
            let text = line.text.trim();
            if is_aside(text) {
                let (kind, text) = if text.starts_with('~') {
                    (ElementKind::Lyrics, lyric(text))
                } else {
                    (ElementKind::Parenthetical, plain(text))
                };
                self.push(kind, text.into_owned(), line, line);
                rest = &rest[1..];
                continue;
            }
            // Dialogue: the lines up to the next parenthetical or lyric, as one element.
            let len = rest
                .iter()
                .position(|l| is_aside(l.text.trim()))
                .unwrap_or(rest.len());
            let (lines, after) = rest.split_at(len);
            let mut joined = String::with_capacity(room(lines));
            for line in lines {
                if !joined.is_empty() {
                    joined.push('\n');
                }
                joined.push_str(&plain(line.text.trim()));
            }
            self.push(ElementKind::Dialogue, joined, line, &lines[len - 1]);
            rest = after;
        }
    }

    /// The cue before a `^` cue is the first half of a dual-dialogue pair.
    fn mark_previous_speech_dual(&mut self) {
        let previous_cue = self.out.iter_mut().rev().find_map(|e| match &mut e.kind {
            ElementKind::Character { dual, .. } => Some(dual),
            _ => None,
        });
        if let Some(dual) = previous_cue {
            *dual = true;
        }
    }
}

/// Room for the text of `lines` joined by line breaks: emphasis and trimming only
/// ever shorten it, and an element's text allocated once is cheaper than grown.
fn room(lines: &[Line]) -> usize {
    lines.iter().map(|l| l.text.len() + 1).sum()
}

/// A parenthetical or a sung line: what interrupts the dialogue of a speech.
fn is_aside(line: &str) -> bool {
    (line.starts_with('(') && line.ends_with(')')) || line.starts_with('~')
}

fn is_page_break(line: &str) -> bool {
    line.len() >= 3 && line.bytes().all(|b| b == b'=')
}

fn is_outline(line: &str) -> bool {
    line.starts_with('#') || (line.starts_with('=') && !is_page_break(line))
}

/// The scene-heading prefixes of the spec, plus `EXT/INT` and `E/I`.
const HEADING_PREFIXES: [&str; 10] = [
    "INT./EXT", "INT/EXT", "EXT./INT", "EXT/INT", "INT", "EXT", "EST", "I/E", "E/I", "I./E",
];

/// The length of the INT/EXT prefix of a heading (with its dot), if it has one.
pub(crate) fn heading_prefix(text: &str) -> Option<usize> {
    // Every prefix starts with `I` or `E`: most lines are turned away at their first byte.
    if !matches!(text.as_bytes().first(), Some(b'I' | b'i' | b'E' | b'e')) {
        return None;
    }
    HEADING_PREFIXES.iter().find_map(|prefix| {
        let head = text.get(..prefix.len())?;
        if !head.eq_ignore_ascii_case(prefix) {
            return None;
        }
        let mut len = prefix.len();
        if text[len..].starts_with('.') {
            len += 1;
        }
        let separated = len > prefix.len() || text[len..].starts_with([' ', '\t']);
        separated.then_some(len)
    })
}

/// A heading line: its text (forced `.` removed) and the `#12A#` scene number.
fn scene_heading(line: &str) -> Option<(&str, Option<&str>)> {
    let text = match line.strip_prefix('.') {
        Some(rest) if !rest.starts_with('.') && !rest.trim().is_empty() => rest.trim(),
        Some(_) => return None,
        None => {
            heading_prefix(line)?;
            line
        }
    };
    Some(split_scene_number(text))
}

fn split_scene_number(text: &str) -> (&str, Option<&str>) {
    let trimmed = text.trim_end();
    if let Some(inner) = trimmed.strip_suffix('#') {
        if let Some(open) = inner.rfind('#') {
            let number = &inner[open + 1..];
            let valid = !number.is_empty()
                && number
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.'));
            if valid {
                return (inner[..open].trim_end(), Some(number));
            }
        }
    }
    (trimmed, None)
}

/// `> THE END <`: the inner text.
fn centered(line: &str) -> Option<&str> {
    let inner = line.trim().strip_prefix('>')?.strip_suffix('<')?;
    Some(inner.trim())
}

/// `CUT TO:` (upper case, ending in `TO:`) or anything forced with `>`.
fn transition(line: &str) -> Option<&str> {
    if let Some(forced) = line.strip_prefix('>') {
        return (!line.ends_with('<')).then(|| forced.trim());
    }
    (line.ends_with("TO:") && is_upper(line)).then_some(line)
}

fn lyric(line: &str) -> Cow<'_, str> {
    let text = line.trim();
    plain(text.strip_prefix('~').unwrap_or(text).trim_start())
}

/// Upper case as the spec means it: some letter has case, none is lower case.
pub(crate) fn is_upper(text: &str) -> bool {
    upper_case(text.chars())
}

fn upper_case(chars: impl Iterator<Item = char>) -> bool {
    let mut cased = false;
    for c in chars {
        if c.is_lowercase() {
            return false;
        }
        cased |= c.is_uppercase();
    }
    cased
}

/// The cue text without `@` and the dual-dialogue `^`, and whether it had `^`.
fn cue_text(line: &str) -> (&str, bool) {
    let text = line.trim();
    let text = text.strip_prefix('@').unwrap_or(text);
    match text.strip_suffix('^') {
        Some(rest) => (rest.trim_end(), true),
        None => (text, false),
    }
}

/// A character cue: `@` forced, or an upper-case name (extensions in any case). A
/// line ending in two spaces is deliberately not a cue (the spec's escape hatch).
pub(crate) fn is_cue(line: &str) -> bool {
    if line.ends_with("  ") {
        return false;
    }
    let trimmed = line.trim();
    if let Some(forced) = trimmed.strip_prefix('@') {
        return !forced.trim().is_empty();
    }
    let (cue, _) = cue_text(trimmed);
    // The name (before any extension) decides; most lines fail at their second letter.
    let name = cue.chars().take_while(|&c| c != '(');
    !trimmed.starts_with(['!', '~', '>', '.', '=', '#', '('])
        && upper_case(name)
        && heading_prefix(trimmed).is_none()
}

/// `BILLY (V.O.) (cont'd)` -> `BILLY`, `["V.O.", "CONT'D"]`; `(O.S., PRELAP)` gives two.
pub(crate) fn split_cue(cue: &str) -> (String, Vec<String>) {
    let (name, rest) = cue.split_once('(').unwrap_or((cue, ""));
    let name = name.trim();
    // Runs of spaces inside a name become one; most names have none to fold.
    let folds = name.contains("  ") || name.contains(|c: char| c.is_whitespace() && c != ' ');
    let name = if folds {
        name.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        name.to_owned()
    };
    let extensions = rest
        .split(['(', ')', ','])
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(str::to_uppercase)
        .collect();
    (name, extensions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, String)> {
        parse(text)
            .elements
            .iter()
            .map(|e| {
                let kind = format!("{:?}", e.kind);
                let kind = kind.split([' ', '{', '(']).next().unwrap_or("").to_owned();
                (kind, e.text.clone())
            })
            .collect()
    }

    #[test]
    fn headings_in_every_form() {
        for heading in [
            "INT. HOUSE - DAY",
            "ext. field - night",
            "EST. CITY",
            "INT./EXT. CAR - DAY",
            "INT/EXT CAR",
            "I/E TRUCK",
        ] {
            assert_eq!(kinds(heading)[0].0, "SceneHeading", "{heading}");
        }
        assert_eq!(
            kinds(".SNIPER SCOPE POV")[0],
            ("SceneHeading".into(), "SNIPER SCOPE POV".into())
        );
        assert_eq!(kinds("...and then")[0].0, "Action");
        assert_eq!(kinds("INTERIOR DESIGN")[0].0, "Action");
        let doc = parse("INT. HOUSE - DAY #1A#");
        assert_eq!(
            doc.elements[0].kind,
            ElementKind::SceneHeading {
                scene_number: Some("1A".into())
            }
        );
        assert_eq!(doc.elements[0].text, "INT. HOUSE - DAY");
    }

    #[test]
    fn cues_with_extensions_and_odd_names() {
        let doc = parse(
            "C-3PO (v.o.) (CONT'D)\nHello.\n\nGROUPIE #1\nHi!\n\nSARAH'S FRIEND\nYo.\n\n@McCLANE\nYippee.",
        );
        let names: Vec<_> = doc
            .elements
            .iter()
            .filter_map(|e| match &e.kind {
                ElementKind::Character {
                    name, extensions, ..
                } => Some((name.clone(), extensions.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(
            names,
            [
                (
                    "C-3PO".to_string(),
                    vec!["V.O.".to_string(), "CONT'D".to_string()]
                ),
                ("GROUPIE #1".into(), vec![]),
                ("SARAH'S FRIEND".into(), vec![]),
                ("McCLANE".into(), vec![])
            ]
        );
    }

    #[test]
    fn speech_parts() {
        let got = kinds("BOB\n(quietly)\nHello.\nAgain.\n(beat)\n~La la\nBye.\n(smiles)");
        let want = [
            ("Character", "BOB"),
            ("Parenthetical", "(quietly)"),
            ("Dialogue", "Hello.\nAgain."),
            ("Parenthetical", "(beat)"),
            ("Lyrics", "La la"),
            ("Dialogue", "Bye."),
            ("Parenthetical", "(smiles)"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn two_space_line_keeps_a_speech_together() {
        let got = kinds("BOB\nOne.\n  \nTwo.");
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].1, "One.\n\nTwo.");
    }

    #[test]
    fn dual_dialogue_marks_both_cues() {
        let doc = parse("BRICK\nScrew retirement.\n\nSTEEL ^\nScrew retirement.");
        let duals: Vec<bool> = doc
            .elements
            .iter()
            .filter_map(|e| match e.kind {
                ElementKind::Character { dual, .. } => Some(dual),
                _ => None,
            })
            .collect();
        assert_eq!(duals, [true, true]);
    }

    #[test]
    fn transitions_centred_breaks_outline() {
        let got = kinds(
            "CUT TO:\n\n> Fade out.\n\n> THE END <\n\n===\n\n# Act 1\n\n## Seq\n\n= Synopsis here\n\n!FORCED ACTION\n\n~Sung line",
        );
        let kinds: Vec<&str> = got.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "Transition",
                "Transition",
                "Centered",
                "PageBreak",
                "Section",
                "Section",
                "Synopsis",
                "Action",
                "Lyrics"
            ]
        );
        assert_eq!(got[1].1, "Fade out.");
        assert_eq!(got[2].1, "THE END");
        assert_eq!(got[7].1, "FORCED ACTION");
    }

    #[test]
    fn upper_case_action_line_followed_by_blank_is_action() {
        assert_eq!(kinds("A RIVER.\n\nWater.")[0].0, "Action");
    }

    #[test]
    fn action_keeps_tabs_and_indents() {
        assert_eq!(kinds("\tTabbed\n    spaced")[0].1, "\tTabbed\n    spaced");
    }

    #[test]
    fn title_page_inline_indented_and_unknown_keys() {
        let doc = parse(
            "Title:\n\t_**BRICK**_\n\tLine two\nAuthor: Me\nRating: PG\nContact:\nOne\nTwo\n\nINT. A - DAY",
        );
        let keys: Vec<(&str, &str)> = doc
            .title_page
            .iter()
            .map(|e| (e.key.as_str(), e.value.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("Title", "BRICK\nLine two"),
                ("Author", "Me"),
                ("Rating", "PG"),
                ("Contact", "One\nTwo")
            ]
        );
        assert_eq!(doc.elements.len(), 1);
    }

    #[test]
    fn fade_in_is_not_a_title_page() {
        let doc = parse("FADE IN:\n\nINT. A - DAY");
        assert!(doc.title_page.is_empty());
        assert_eq!(doc.elements.len(), 2);
    }

    #[test]
    fn boneyard_leaves_no_phantom_lines() {
        let got = kinds("BOB\nOne.\n/* cut\nthis */\nTwo.\n\nAct /* no */ ion.");
        assert_eq!(got[1], ("Dialogue".into(), "One.\nTwo.".into()));
        assert_eq!(got[2], ("Action".into(), "Act  ion.".into()));
    }

    #[test]
    fn notes_may_run_over_an_empty_line_when_closed() {
        let doc = parse("Action.\n\n[[long\n\nnote]]\n\nMore.");
        assert!(doc.diagnostics.is_empty());
        assert_eq!(doc.elements[1].text, "long\n\nnote");
    }

    #[test]
    fn notes_inline_multiline_in_headings_and_cues() {
        let doc = parse(
            "INT. HOUSE - DAY [[prop: chain]]\n\nBOB [[nervous]]\nHi [[wave]] there.\n\n[[multi\nline]]",
        );
        let got: Vec<(String, String)> = doc
            .elements
            .iter()
            .map(|e| {
                (
                    format!("{:?}", e.kind).chars().take(4).collect(),
                    e.text.clone(),
                )
            })
            .collect();
        assert_eq!(got[0].1, "INT. HOUSE - DAY");
        assert_eq!(got[1], ("Note".into(), "prop: chain".into()));
        assert_eq!(got[2].1, "BOB");
        assert_eq!(got[3].1, "nervous");
        assert_eq!(got[4].1, "Hi  there.");
        assert_eq!(got[5].1, "wave");
        assert_eq!(got[6].1, "multi\nline");
        assert!(doc.diagnostics.is_empty());
    }

    #[test]
    fn unterminated_comments_are_fatal_with_their_line() {
        let doc = parse("INT. A\n\n/* never closed\n\nmore");
        assert_eq!(
            doc.fatal().map(|d| (d.kind, d.line)),
            Some((DiagnosticKind::UnterminatedBoneyard, 3))
        );
        let doc = parse("Hi [[open\n\nmore [[x]]");
        assert_eq!(
            doc.fatal().map(|d| (d.kind, d.line)),
            Some((DiagnosticKind::UnterminatedNote, 1))
        );
    }

    #[test]
    fn spans_point_at_source_lines() {
        let text = "Title: X\n\nINT. A - DAY\r\n\r\nBOB\r\nHi.\r\n";
        let doc = parse(text);
        let cue = &doc.elements[1];
        assert_eq!(cue.span.line, 5);
        assert_eq!(&text[cue.span.start..cue.span.end], "BOB");
    }

    #[test]
    fn byte_order_mark_and_crlf() {
        let doc = parse("\u{feff}Title: X\r\n\r\nINT. A - DAY\r\n");
        assert_eq!(doc.title_value("title"), Some("X"));
        assert_eq!(doc.elements[0].text, "INT. A - DAY");
    }

    #[test]
    fn parenthetical_after_dialogue_and_scene_number_forms() {
        let doc = parse("INT. A - DAY #I-1.2#\n\nBOB\nHi.\n(winks)");
        assert_eq!(
            doc.elements[0].kind,
            ElementKind::SceneHeading {
                scene_number: Some("I-1.2".into())
            }
        );
        assert_eq!(doc.elements[3].kind, ElementKind::Parenthetical);
    }

    #[test]
    fn non_latin_upper_case_is_a_cue() {
        assert_eq!(
            kinds("МАША\nПривет.")[0],
            ("Character".into(), "МАША".into())
        );
    }
}
