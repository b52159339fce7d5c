//! The page-layout model: where every element would land on a printed screenplay page.
//!
//! Page counts and scene lengths in eighths only mean something against the
//! standard format: US Letter, Courier 12 (10 characters per inch, 6 lines per
//! inch), 55 lines of body per page, and the element margins and spacing of the
//! usual screenplay template. Text is word-wrapped to each element's width, blank
//! lines before an element are dropped at the top of a page, a scene heading is
//! never left alone at the bottom of a page, and a speech that breaks across pages
//! costs the `(MORE)` and `NAME (CONT'D)` lines it gets in print. Dual dialogue
//! sits side by side in narrower columns, so a pair takes the height of the longer
//! side.

use crate::tree::{Element, ElementKind};

/// Lines of body text on a page.
pub const LINES_PER_PAGE: u32 = 55;

/// The printed width (characters) and blank lines before each kind of element.
#[derive(Debug, Clone, Copy)]
struct Style {
    width: usize,
    space_before: u32,
}

const HEADING: Style = Style {
    width: 61,
    space_before: 2,
};
const ACTION: Style = Style {
    width: 61,
    space_before: 1,
};
const CUE: Style = Style {
    width: 38,
    space_before: 1,
};
const DIALOGUE: Style = Style {
    width: 35,
    space_before: 0,
};
const PARENTHETICAL: Style = Style {
    width: 26,
    space_before: 0,
};
/// Each column of a dual-dialogue pair.
const DUAL_DIALOGUE: Style = Style {
    width: 28,
    space_before: 0,
};
const TRANSITION: Style = Style {
    width: 61,
    space_before: 1,
};

/// Where an element starts, as an absolute line (`page * LINES_PER_PAGE + line`),
/// and how many printed lines it takes (without the spacing before it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Placed {
    pub top: u32,
    pub lines: u32,
}

/// Every element's place on the page, in element order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    pub placed: Vec<Placed>,
    /// The absolute line just after the last printed line.
    pub end: u32,
}

impl Layout {
    /// Printed pages (at least one for a non-empty script).
    pub fn pages(&self) -> u32 {
        self.end.div_ceil(LINES_PER_PAGE)
    }
}

/// Lines between two absolute positions in eighths of a page, rounded to the
/// nearest eighth; anything on the page counts as at least 1/8.
pub fn eighths(lines: u32) -> u32 {
    if lines == 0 {
        return 0;
    }
    ((lines * 8 + LINES_PER_PAGE / 2) / LINES_PER_PAGE).max(1)
}

/// Lays out the elements on pages.
pub fn layout(elements: &[Element]) -> Layout {
    let mut page = Pager::default();
    let mut placed = Vec::with_capacity(elements.len());
    let mut i = 0;
    while i < elements.len() {
        let element = &elements[i];
        match &element.kind {
            ElementKind::Character { dual, .. } => {
                let end = speech_end(elements, i);
                let second_of_pair = *dual && i > 0 && previous_speech_was_dual(elements, i);
                page.speech(&elements[i..end], *dual, second_of_pair, &mut placed);
                i = end;
                continue;
            }
            ElementKind::PageBreak => {
                page.new_page();
                placed.push(Placed {
                    top: page.position(),
                    lines: 0,
                });
            }
            ElementKind::Section { .. } | ElementKind::Synopsis | ElementKind::Note => {
                placed.push(Placed {
                    top: page.position(),
                    lines: 0,
                });
            }
            kind => {
                let style = match kind {
                    ElementKind::SceneHeading { .. } => HEADING,
                    ElementKind::Transition => TRANSITION,
                    _ => ACTION,
                };
                let lines = wrapped_lines(&element.text, style.width);
                let keep_with_next = if matches!(kind, ElementKind::SceneHeading { .. }) {
                    2
                } else {
                    0
                };
                placed.push(page.block(
                    style.space_before,
                    lines,
                    keep_with_next,
                    splittable(kind),
                ));
            }
        }
        i += 1;
    }
    Layout {
        placed,
        end: page.position(),
    }
}

fn splittable(kind: &ElementKind) -> bool {
    matches!(kind, ElementKind::Action | ElementKind::Lyrics)
}

/// One past the last element of the speech whose cue is at `cue`.
fn speech_end(elements: &[Element], cue: usize) -> usize {
    let mut end = cue + 1;
    while elements.get(end).is_some_and(|e| {
        matches!(
            e.kind,
            ElementKind::Dialogue
                | ElementKind::Parenthetical
                | ElementKind::Lyrics
                | ElementKind::Note
        )
    }) {
        end += 1;
    }
    end
}

fn previous_speech_was_dual(elements: &[Element], cue: usize) -> bool {
    elements[..cue].iter().rev().find_map(|e| match e.kind {
        ElementKind::Character { dual, .. } => Some(dual),
        _ => None,
    }) == Some(true)
}

/// The page cursor.
#[derive(Debug, Default)]
struct Pager {
    page: u32,
    line: u32,
    /// Height of the last speech, for the second half of a dual-dialogue pair.
    last_speech: u32,
}

impl Pager {
    fn position(&self) -> u32 {
        self.page * LINES_PER_PAGE + self.line
    }

    fn new_page(&mut self) {
        if self.line > 0 {
            self.page += 1;
            self.line = 0;
        }
    }

    /// Places `lines` lines after `space` blank lines. A block that does not fit moves
    /// to the next page, unless it may split and at least two lines fit on each side.
    /// `keep_with_next` lines must fit below it (a heading keeps its first lines).
    fn block(&mut self, space: u32, lines: u32, keep_with_next: u32, may_split: bool) -> Placed {
        let mut space = if self.line == 0 { 0 } else { space };
        let room = LINES_PER_PAGE.saturating_sub(self.line + space);
        let splits = may_split && room >= 2 && lines >= room + 2;
        if self.line > 0 && lines + keep_with_next > room && !splits {
            self.new_page();
            space = 0;
        }
        self.line += space;
        let top = self.position();
        self.advance(lines);
        Placed { top, lines }
    }

    /// Moves down `lines`, across page ends.
    fn advance(&mut self, lines: u32) {
        let total = self.line + lines;
        self.page += total / LINES_PER_PAGE;
        self.line = total % LINES_PER_PAGE;
    }

    /// A speech as one block: the cue and at least two lines of it stay together; a
    /// speech split across pages costs two lines (`(MORE)` and the `CONT'D` cue).
    fn speech(
        &mut self,
        parts: &[Element],
        dual: bool,
        second_of_pair: bool,
        placed: &mut Vec<Placed>,
    ) {
        // Each part's height goes into `placed` now; its top is set once the speech
        // has found its page.
        let first = placed.len();
        placed.extend(parts.iter().map(|e| Placed {
            top: 0,
            lines: match e.kind {
                ElementKind::Character { .. } => wrapped_lines(&e.text, CUE.width),
                ElementKind::Parenthetical => wrapped_lines(&e.text, PARENTHETICAL.width),
                ElementKind::Note => 0,
                _ if dual => wrapped_lines(&e.text, DUAL_DIALOGUE.width),
                _ => wrapped_lines(&e.text, DIALOGUE.width),
            },
        }));
        let parts = &mut placed[first..];
        let total: u32 = parts.iter().map(|p| p.lines).sum();
        if second_of_pair {
            // Side by side with the first half: only the extra height counts.
            let top = self.position().saturating_sub(self.last_speech);
            let extra = total.saturating_sub(self.last_speech);
            self.advance(extra);
            parts.iter_mut().for_each(|p| p.top = top);
            return;
        }
        let space = if self.line == 0 { 0 } else { CUE.space_before };
        let room = LINES_PER_PAGE.saturating_sub(self.line + space);
        let mut cost = total;
        if total > room {
            if room >= 4 && total >= room + 2 {
                cost += 2;
            } else {
                self.new_page();
            }
        }
        if self.line > 0 {
            self.line += CUE.space_before;
        }
        let mut top = self.position();
        for part in parts {
            part.top = top;
            top += part.lines;
        }
        self.advance(cost);
        self.last_speech = total;
    }
}

/// Lines `text` takes when word-wrapped to `width` characters (each source line
/// wraps on its own; an empty line still takes one).
pub fn wrapped_lines(text: &str, width: usize) -> u32 {
    text.split('\n').map(|line| wrap_one(line, width)).sum()
}

fn wrap_one(line: &str, width: usize) -> u32 {
    // Wrapping only ever shortens a line (runs of spaces become one), and a char
    // takes at least a byte: a line no longer than the width in bytes fits.
    if line.len() <= width {
        return 1;
    }
    let mut wrap = Wrap::new(width);
    if line.is_ascii() {
        ascii_word_lengths(line.as_bytes(), |len| wrap.word(len));
    } else {
        for word in line.split_whitespace() {
            wrap.word(word.chars().count());
        }
    }
    wrap.lines
}

/// The number of whitespace-separated words, as `split_whitespace` counts them.
pub(crate) fn word_count(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    let mut words = 0;
    ascii_word_lengths(text.as_bytes(), |len| words += usize::from(len > 0));
    words
}

/// Calls `word` with the length of each word of ASCII `text` in order, and with 0
/// wherever two whitespace bytes meet (or the text starts or ends with one).
/// Eight bytes are scanned at a time: this runs over every word of the script.
fn ascii_word_lengths(text: &[u8], mut word: impl FnMut(usize)) {
    let mut start = 0;
    let mut chunks = text.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut spaces = ascii_spaces(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        while spaces != 0 {
            let space = offset + spaces.trailing_zeros() as usize / 8;
            word(space - start);
            start = space + 1;
            spaces &= spaces - 1;
        }
        offset += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if is_ascii_space(b) {
            word(offset + i - start);
            start = offset + i + 1;
        }
    }
    word(text.len() - start);
}

/// The high bit of each byte of eight ASCII bytes that [`is_ascii_space`]: a
/// space, or a tab, line feed, vertical tab, form feed or carriage return (0x09
/// to 0x0d). Every byte is below 0x80, so no sum here carries into the next byte.
fn ascii_spaces(chunk: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let at_least = |bytes: u64, n: u8| (bytes + ONES * u64::from(0x80 - n)) & HIGH;
    let blank = !at_least(chunk ^ (ONES * u64::from(b' ')), 1) & HIGH;
    let control = at_least(chunk, 0x09) & !at_least(chunk, 0x0e);
    blank | control
}

/// ASCII whitespace as `split_whitespace` sees it (the vertical tab included).
pub(crate) fn is_ascii_space(b: u8) -> bool {
    b.is_ascii_whitespace() || b == 0x0b
}

/// Greedy wrapping of words, fed one word length (in chars) at a time.
struct Wrap {
    width: usize,
    lines: u32,
    /// Characters used on the current line.
    used: usize,
}

impl Wrap {
    fn new(width: usize) -> Wrap {
        Wrap {
            width,
            lines: 1,
            used: 0,
        }
    }

    /// Places a word of `len` chars (nothing for 0).
    fn word(&mut self, len: usize) {
        if len == 0 {
            return;
        }
        let needed = if self.used == 0 {
            len
        } else {
            self.used + 1 + len
        };
        if needed <= self.width {
            self.used = needed;
            return;
        }
        if self.used > 0 {
            self.lines += 1;
        }
        // A word longer than the line breaks wherever it must.
        let full_lines = (len - 1) / self.width;
        self.lines += full_lines as u32;
        self.used = len - full_lines * self.width;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fountain::parse;

    #[test]
    fn words_are_counted_and_measured_eight_bytes_at_a_time() {
        // Every ASCII byte, alone and between words, against `split_whitespace`.
        for b in 0..0x80u8 {
            let c = char::from(b);
            for text in [
                format!("{c}"),
                format!("alpha{c}beta gamma{c}{c}delta  epsilon{c}"),
                format!("{c}{c}one two three four five six seven{c}eight"),
            ] {
                let expected: Vec<usize> = text.split_whitespace().map(str::len).collect();
                let mut lengths = Vec::new();
                ascii_word_lengths(text.as_bytes(), |len| {
                    if len > 0 {
                        lengths.push(len)
                    }
                });
                assert_eq!(lengths, expected, "{text:?}");
                assert_eq!(word_count(&text), expected.len(), "{text:?}");
            }
        }
    }

    #[test]
    fn wrapping_is_greedy_and_breaks_long_words() {
        assert_eq!(wrapped_lines("", 10), 1);
        assert_eq!(wrapped_lines("aaaa bbbb cccc", 10), 2);
        assert_eq!(wrapped_lines("aaaaaaaaaaaaaaaaaaaaaaaaa", 10), 3);
        assert_eq!(wrapped_lines("one\n\ntwo", 10), 3);
    }

    #[test]
    fn a_page_of_action_is_eight_eighths() {
        let one_line = "x ".repeat(30);
        let action: Vec<String> = (0..27).map(|_| one_line.clone()).collect();
        let text = format!("INT. A - DAY\n\n{}", action.join("\n\n"));
        let layout = layout(&parse(&text).elements);
        // Heading (1) + 27 * (blank + line) = 55 lines: exactly one page.
        assert_eq!(layout.end, 55);
        assert_eq!(layout.pages(), 1);
        assert_eq!(eighths(layout.end), 8);
    }

    #[test]
    fn headings_do_not_sit_alone_at_the_bottom() {
        let filler: Vec<&str> = vec!["x"; 26];
        let text = format!("{}\n\nINT. B - DAY\n\nAction.", filler.join("\n\n"));
        let doc = parse(&text);
        let layout = layout(&doc.elements);
        let heading = layout.placed[26];
        assert_eq!(heading.top, LINES_PER_PAGE, "the heading moved to page 2");
    }

    #[test]
    fn page_breaks_start_a_new_page() {
        let layout = layout(&parse("Action.\n\n===\n\nMore.").elements);
        assert_eq!(layout.placed[2].top, LINES_PER_PAGE);
    }

    #[test]
    fn dual_dialogue_takes_the_longer_side() {
        let single = layout(&parse("BRICK\nOne line.").elements).end;
        let pair = layout(&parse("BRICK\nOne line.\n\nSTEEL ^\nOne line.").elements).end;
        assert_eq!(single, pair);
    }
}
