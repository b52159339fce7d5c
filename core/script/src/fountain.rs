//! The Fountain 1.1 reader (<https://fountain.io/syntax>).
//!
//! Three passes over the lines, each simple on its own. They run as one stream:
//! each asks the one before it for lines as it needs them, so the text is read
//! once and no list of all its lines is ever built.
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
use std::collections::VecDeque;
use std::ops::Range;
use std::vec;

use oneshot_model::script::is_super;
use oneshot_model::{SourceSpan, TitleEntry};

use crate::emphasis::{has_markup, plain, plain_owned};
use crate::source::{LineRange, Lines, lines};
use crate::tree::{Diagnostic, DiagnosticKind, Document, Element, ElementKind, Severity};

/// Parses Fountain text. Spans are byte offsets into `text`.
pub fn parse(text: &str) -> Document {
    let mut lines = Cleaned::new(text);
    let title_page = title_page(&mut lines);
    // Room for an element per 32 bytes: screenplays have one per 35 to 180, room
    // never written costs nothing, and growing would copy every element so far.
    // Capped (a feature has a few thousand) so that a huge file reserves no more
    // address space than it will use.
    let mut elements = Vec::with_capacity((text.len() / 32 + 16).min(1 << 16));
    Body {
        lines: &mut lines,
        out: &mut elements,
    }
    .parse();
    Document {
        title_page,
        elements,
        diagnostics: lines.diagnostics,
    }
}

/// A physical line after boneyard and notes were cut out of it.
#[derive(Debug)]
struct Line<'a> {
    text: Cow<'a, str>,
    range: LineRange,
    /// Where `text` is not white space at either end (empty for a blank line):
    /// every line is asked for it several times, so it is worked out once.
    content: Range<usize>,
    /// Whether the text has emphasis or escape characters at all.
    markup: bool,
}

impl<'a> Line<'a> {
    fn new(text: Cow<'a, str>, range: LineRange, markup: bool) -> Self {
        let bytes = text.as_bytes();
        let content = match (bytes.first(), bytes.last()) {
            // Most lines start and end with a printable ASCII character: nothing to
            // trim, and no need to decode characters to find that out.
            (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => {
                0..bytes.len()
            }
            _ => {
                let start = text.len() - text.trim_start().len();
                let end = text.trim_end().len();
                if start < end { start..end } else { 0..0 }
            }
        };
        Line {
            text,
            range,
            content,
            markup,
        }
    }

    /// [`plain`] of a part of this line: a line without markup characters needs
    /// no search for markers.
    fn plain<'t>(&self, part: &'t str) -> Cow<'t, str> {
        if self.markup {
            plain(part)
        } else {
            Cow::Borrowed(part)
        }
    }

    /// Only white space.
    fn is_blank(&self) -> bool {
        self.content.is_empty()
    }

    /// The text without white space at either end.
    fn trimmed(&self) -> &str {
        &self.text[self.content.clone()]
    }

    /// The text without white space at its end.
    fn trimmed_end(&self) -> &str {
        &self.text[..self.content.end]
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

/// Pass 1: the lines with boneyard and notes removed, made as the later passes
/// ask for them; the notes and the problems found pile up on the side.
struct Cleaned<'a> {
    text: &'a str,
    ranges: Lines<'a>,
    /// Lines given back to be given again (the title page looks at the first
    /// paragraph before the body does).
    replay: vec::IntoIter<Line<'a>>,
    state: Cut,
    note_text: String,
    /// The next `/*` or `[[`, the next `]]` and the next `[[` in the text.
    cut_marker: NextMatch,
    /// The next emphasis or escape character.
    markup: NextMatch,
    note_close: NextMatch,
    note_open: NextMatch,
    /// Notes not yet placed among the elements.
    notes: VecDeque<Note>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Cleaned<'a> {
    fn new(text: &'a str) -> Self {
        Cleaned {
            text,
            ranges: lines(text),
            replay: Vec::new().into_iter(),
            state: Cut::None,
            note_text: String::new(),
            cut_marker: NextMatch::default(),
            markup: NextMatch::default(),
            note_close: NextMatch::default(),
            note_open: NextMatch::default(),
            notes: VecDeque::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Lines to give again before any new one.
    fn give_back(&mut self, lines: Vec<Line<'a>>) {
        self.replay = lines.into_iter();
    }

    /// Cleans source lines until one is left to give. Inlined (and the rare
    /// [`Self::cut`] kept out of line) so that a line is built where the body
    /// stores it instead of being copied out of a call.
    #[inline(always)]
    fn read(&mut self) -> Option<Line<'a>> {
        let bytes = self.text.as_bytes();
        while let Some(range) = self.ranges.next() {
            let raw = &self.text[range.start..range.end];
            // Most lines have nothing to cut: the text is searched for the next
            // marker once, not every line for one.
            let marker = self
                .cut_marker
                .find(range.start, |from| next_cut_marker(bytes, from));
            if matches!(self.state, Cut::None) && marker.is_none_or(|at| at >= range.end) {
                // Likewise for markup: one search of the text, not one per element.
                let markup = self
                    .markup
                    .find(range.start, |from| {
                        memchr::memchr3(b'*', b'_', b'\\', &bytes[from..]).map(|at| from + at)
                    })
                    .is_some_and(|at| at < range.end);
                return Some(Line::new(Cow::Borrowed(raw), range, markup));
            }
            if let Some(line) = self.cut(raw, range) {
                return Some(line);
            }
        }
        self.report_unterminated();
        None
    }

    /// Cuts boneyard and notes out of a line; `None` when nothing is left of it.
    #[inline(never)]
    fn cut(&mut self, raw: &'a str, range: LineRange) -> Option<Line<'a>> {
        // The spec wants two spaces on an empty line inside a note; writers often
        // leave it truly empty. A note still runs on over it when its `]]` comes
        // before the next `[[`; otherwise the note was never closed.
        if let Cut::Note { line, .. } = self.state {
            if raw.trim().is_empty() && !self.note_closes_later(range.start) {
                self.diagnostics.push(Diagnostic {
                    severity: Severity::Fatal,
                    kind: DiagnosticKind::UnterminatedNote,
                    line,
                });
                self.state = Cut::None;
                self.note_text.clear();
            }
        }
        let mut kept = String::new();
        let mut rest = raw;
        let mut offset = range.start;
        loop {
            match self.state {
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
                    self.state = if rest[at..].starts_with("/*") {
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
                        self.state = Cut::None;
                        offset += at + 2;
                        rest = &rest[at + 2..];
                    }
                    None => break,
                },
                Cut::Note { start, line } => match rest.find("]]") {
                    Some(at) => {
                        self.note_text.push_str(&rest[..at]);
                        self.notes.push_back(Note {
                            text: plain(self.note_text.trim()).into_owned(),
                            span: SourceSpan {
                                start,
                                end: offset + at + 2,
                                line,
                            },
                        });
                        self.note_text.clear();
                        self.state = Cut::None;
                        offset += at + 2;
                        rest = &rest[at + 2..];
                    }
                    None => {
                        self.note_text.push_str(rest);
                        self.note_text.push('\n');
                        break;
                    }
                },
            }
        }
        // Lines that held only cut material vanish instead of becoming blank lines.
        let keep =
            !kept.trim().is_empty() || (raw.trim().is_empty() && matches!(self.state, Cut::None));
        keep.then(|| {
            let markup = has_markup(&kept);
            Line::new(Cow::Owned(kept), range, markup)
        })
    }

    /// Whether the text from `from` on has a `]]` before any `[[`.
    fn note_closes_later(&mut self, from: usize) -> bool {
        let text = self.text;
        let close = self.note_close.find(from, |from| find(text, from, "]]"));
        let open = self.note_open.find(from, |from| find(text, from, "[["));
        close.is_some_and(|close| open.is_none_or(|open| close < open))
    }

    /// At the end of the text: a boneyard or note still open is fatal.
    fn report_unterminated(&mut self) {
        // The state is reset so that asking again at the end reports nothing twice.
        let (kind, line) = match std::mem::replace(&mut self.state, Cut::None) {
            Cut::None => return,
            Cut::Boneyard { line } => (DiagnosticKind::UnterminatedBoneyard, line),
            Cut::Note { line, .. } => (DiagnosticKind::UnterminatedNote, line),
        };
        self.diagnostics.push(Diagnostic {
            severity: Severity::Fatal,
            kind,
            line,
        });
    }
}

impl<'a> Iterator for Cleaned<'a> {
    type Item = Line<'a>;

    // Inlined for the same reason as `read`.
    #[inline]
    fn next(&mut self) -> Option<Line<'a>> {
        match self.replay.next() {
            Some(line) => Some(line),
            None => self.read(),
        }
    }
}

/// Where something next occurs in the text, for positions asked in increasing
/// order: a search is made again only once its find is passed, so however many
/// lines ask, no stretch of text is searched twice.
#[derive(Default)]
struct NextMatch {
    /// The last search's result, once there was one.
    found: Option<Option<usize>>,
}

impl NextMatch {
    /// The first match at or after `from`, with `search` finding it from a position.
    fn find(&mut self, from: usize, search: impl FnOnce(usize) -> Option<usize>) -> Option<usize> {
        match self.found {
            Some(Some(at)) if at >= from => Some(at),
            Some(None) => None,
            _ => *self.found.insert(search(from)),
        }
    }
}

/// The offset of `pattern` in `text` at or after `from`.
fn find(text: &str, from: usize, pattern: &str) -> Option<usize> {
    text[from..].find(pattern).map(|at| from + at)
}

/// The offset of the first boneyard `/*` or note `[[` at or after `from`.
fn next_cut_marker(bytes: &[u8], mut from: usize) -> Option<usize> {
    while let Some(at) = memchr::memchr2(b'/', b'[', &bytes[from..]) {
        let at = from + at;
        if matches!(&bytes[at..], [b'/', b'*', ..] | [b'[', b'[', ..]) {
            return Some(at);
        }
        from = at + 1;
    }
    None
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

/// Pass 2: the title page. It is the first paragraph when that starts with a key
/// that has a value, a known key, or indented value lines; otherwise the
/// paragraph is given back for the body.
fn title_page(lines: &mut Cleaned) -> Vec<TitleEntry> {
    // The first paragraph, and the blank line that ends it (if any).
    let mut para = Vec::new();
    let mut end = None;
    for line in lines.by_ref() {
        if !line.is_blank() {
            para.push(line);
        } else if !para.is_empty() {
            end = Some(line);
            break;
        }
    }
    if !is_title_page(&para) {
        para.extend(end);
        lines.give_back(para);
        return Vec::new();
    }
    let mut entries: Vec<TitleEntry> = Vec::new();
    for line in &para {
        let text = line.trimmed_end();
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

fn is_title_page(para: &[Line]) -> bool {
    let Some((key, value)) = para.first().and_then(|first| title_key(&first.text)) else {
        return false;
    };
    let continued = para.get(1).is_some_and(|l| is_indented(&l.text));
    let known = TITLE_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key));
    !value.is_empty() || continued || known
}

/// Pass 3 state: where the lines come from, and the output.
struct Body<'l, 'a> {
    lines: &'l mut Cleaned<'a>,
    out: &'l mut Vec<Element>,
}

impl Body<'_, '_> {
    /// Gathers paragraphs (lines up to a blank one) and emits each. In a speech
    /// (the first line is a cue), a line of two or more spaces is an intentional
    /// empty line, not a break, when more text follows it.
    fn parse(mut self) {
        let mut para = Vec::new();
        let mut speech = false;
        while let Some(line) = self.lines.next() {
            if !line.is_blank() {
                if para.is_empty() {
                    speech = is_cue(&line);
                }
                para.push(line);
                continue;
            }
            if para.is_empty() {
                continue;
            }
            if speech && line.text.len() >= 2 {
                match self.lines.next() {
                    Some(next) if !next.is_blank() => {
                        para.push(line);
                        para.push(next);
                        continue;
                    }
                    // A blank line after it, or the end: the paragraph ends anyway.
                    _ => {}
                }
            }
            self.paragraph(&para, speech);
            para.clear();
        }
        if !para.is_empty() {
            self.paragraph(&para, speech);
        }
        self.flush_notes(u32::MAX);
    }

    /// Emits the notes that started on or before `line`.
    fn flush_notes(&mut self, line: u32) {
        while self
            .lines
            .notes
            .front()
            .is_some_and(|note| note.span.line <= line)
        {
            let Some(note) = self.lines.notes.pop_front() else {
                break;
            };
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
        let head = first.trimmed();
        if head.starts_with('!') {
            self.action(para);
        } else if para.len() == 1 && is_page_break(head) {
            self.push(ElementKind::PageBreak, "", first, first);
        } else if para.iter().all(|l| is_outline(l.trimmed())) {
            for line in para {
                self.outline(line);
            }
        } else if let (1, Some((heading, scene_number))) = (para.len(), scene_heading(head)) {
            let scene_number = scene_number.map(str::to_owned);
            self.push(
                ElementKind::SceneHeading { scene_number },
                first.plain(heading).into_owned(),
                first,
                first,
            );
        } else if para.iter().all(|l| centered(l.trimmed()).is_some()) {
            let text: Vec<Cow<str>> = para
                .iter()
                .filter_map(|l| centered(l.trimmed()).map(|text| l.plain(text)))
                .collect();
            self.push(ElementKind::Centered, text.join("\n"), first, last);
        } else if para.len() > 1 && speech {
            self.speech(para);
        } else if let (1, Some(transition)) = (para.len(), transition(head)) {
            self.push(
                ElementKind::Transition,
                first.plain(transition).into_owned(),
                first,
                first,
            );
        } else if para.iter().all(|l| l.trimmed().starts_with('~')) {
            let text: Vec<Cow<str>> = para.iter().map(lyric).collect();
            self.push(ElementKind::Lyrics, text.join("\n"), first, last);
        } else {
            self.action(para);
        }
        self.flush_notes(last.range.number);
    }

    fn outline(&mut self, line: &Line) {
        let text = line.trimmed();
        if let Some(synopsis) = text.strip_prefix('=') {
            self.push(
                ElementKind::Synopsis,
                line.plain(synopsis.trim()).into_owned(),
                line,
                line,
            );
        } else {
            let depth = text.chars().take_while(|&c| c == '#').count();
            let title = line.plain(text[depth..].trim()).into_owned();
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
            let raw = match (i, line.trimmed().strip_prefix('!')) {
                (0, Some(rest)) => rest,
                _ => line.trimmed_end(),
            };
            text.push_str(&line.plain(raw));
        }
        self.push(ElementKind::Action, text, &para[0], &para[para.len() - 1]);
    }

    /// A cue, then dialogue, parentheticals and lyrics until the paragraph ends.
    fn speech(&mut self, para: &[Line]) {
        let cue_line = &para[0];
        let (cue, dual) = cue_text(cue_line.trimmed());
        let (name, extensions) = split_cue(cue);
        if dual {
            self.mark_previous_speech_dual();
        }
        self.push(
            ElementKind::Character {
                name: if cue_line.markup {
                    plain_owned(name)
                } else {
                    name
                },
                extensions,
                dual,
            },
            cue_line.plain(cue).into_owned(),
            cue_line,
            cue_line,
        );
        let mut rest = &para[1..];
        while let Some(line) = rest.first() {
            let text = line.trimmed();
            if is_aside(text) {
                let (kind, text) = if text.starts_with('~') {
                    (ElementKind::Lyrics, lyric(line))
                } else {
                    (ElementKind::Parenthetical, line.plain(text))
                };
                self.push(kind, text.into_owned(), line, line);
                rest = &rest[1..];
                continue;
            }
            // Dialogue: the lines up to the next parenthetical or lyric, as one element.
            let len = rest
                .iter()
                .position(|l| is_aside(l.trimmed()))
                .unwrap_or(rest.len());
            let (lines, after) = rest.split_at(len);
            let mut joined = String::with_capacity(room(lines));
            for line in lines {
                if !joined.is_empty() {
                    joined.push('\n');
                }
                joined.push_str(&line.plain(line.trimmed()));
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
    // Every prefix starts with `I` or `E` and goes on with `N`, `X`, `S`, `/` or
    // `.`: most lines (and names such as `EDWARD`) are turned away at once.
    let first_two = text.as_bytes().get(..2)?;
    if !matches!(first_two[0], b'I' | b'i' | b'E' | b'e')
        || !matches!(
            first_two[1],
            b'N' | b'n' | b'X' | b'x' | b'S' | b's' | b'/' | b'.'
        )
    {
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

/// `> THE END <` (trimmed): the inner text.
fn centered(line: &str) -> Option<&str> {
    let inner = line.strip_prefix('>')?.strip_suffix('<')?;
    Some(inner.trim())
}

/// `CUT TO:` (upper case, ending in `TO:`) or anything forced with `>`.
fn transition(line: &str) -> Option<&str> {
    if let Some(forced) = line.strip_prefix('>') {
        return (!line.ends_with('<')).then(|| forced.trim());
    }
    (line.ends_with("TO:") && is_upper(line)).then_some(line)
}

/// A sung line without its `~`.
fn lyric<'t>(line: &'t Line) -> Cow<'t, str> {
    let text = line.trimmed();
    line.plain(text.strip_prefix('~').unwrap_or(text).trim_start())
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

/// The cue text (trimmed) without `@` and the dual-dialogue `^`, and whether it
/// had `^`.
fn cue_text(line: &str) -> (&str, bool) {
    let text = line.strip_prefix('@').unwrap_or(line);
    match text.strip_suffix('^') {
        Some(rest) => (rest.trim_end(), true),
        None => (text, false),
    }
}

/// A character cue: `@` forced, or an upper-case name (extensions in any case). A
/// line ending in two spaces is deliberately not a cue (the spec's escape hatch),
/// nor is a super's (`SUPER:` over the line it puts on the screen).
fn is_cue(line: &Line) -> bool {
    if line.text.ends_with("  ") {
        return false;
    }
    let trimmed = line.trimmed();
    if let Some(forced) = trimmed.strip_prefix('@') {
        return !forced.trim().is_empty();
    }
    let (cue, _) = cue_text(trimmed);
    // The name (before any extension) decides; most lines fail at their second letter.
    let name = cue.chars().take_while(|&c| c != '(');
    !trimmed.starts_with(['!', '~', '>', '.', '=', '#', '('])
        && upper_case(name)
        && heading_prefix(trimmed).is_none()
        && !is_super(trimmed)
}

/// `BILLY (V.O.) (cont'd)` -> `BILLY`, `["V.O.", "CONT'D"]`; `(O.S., PRELAP)` gives two.
pub(crate) fn split_cue(cue: &str) -> (String, Vec<String>) {
    let (name, rest) = cue.split_once('(').unwrap_or((cue, ""));
    let name = name.trim();
    // Runs of white space inside a name become one space; most names have none
    // to fold, which one pass over the name tells.
    let mut after_space = false;
    let folds = name.chars().any(|c| {
        let folds = if c == ' ' {
            after_space
        } else {
            c.is_whitespace()
        };
        after_space = c == ' ';
        folds
    });
    let name = if folds {
        name.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        name.to_owned()
    };
    // Most cues have no extensions: nothing to split then.
    if rest.is_empty() {
        return (name, Vec::new());
    }
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
    fn unicode_white_space_is_trimmed_like_ascii() {
        assert_eq!(
            kinds("\u{a0}Hello\u{3000}")[0],
            ("Action".into(), "\u{a0}Hello".into())
        );
        assert_eq!(
            kinds("BOB\u{a0}\nHi.")[0],
            ("Character".into(), "BOB".into())
        );
    }

    #[test]
    fn a_super_in_capitals_is_action_not_a_cue() {
        for text in [
            "SUPER:\nTokyo, 1999",
            "SUPER: TOKYO\nRain falls.",
            "TITLE CARD :\nLater",
        ] {
            let kinds = kinds(&format!("INT. A - DAY\n\n{text}"));
            assert_eq!(kinds[1], ("Action".into(), text.into()), "{text}");
        }
        assert_eq!(kinds("TITLE\nHi.")[0], ("Character".into(), "TITLE".into()));
    }

    #[test]
    fn non_latin_upper_case_is_a_cue() {
        assert_eq!(
            kinds("МАША\nПривет.")[0],
            ("Character".into(), "МАША".into())
        );
    }
}
