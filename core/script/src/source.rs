//! Bytes to text: encodings, byte-order marks and the "is this text at all" check.
//!
//! Screenplays arrive as UTF-8 (with or without a BOM), sometimes UTF-16 from
//! Windows tools, and now and then as Latin-1 from old word processors. Anything
//! with NUL bytes or a high share of control characters is binary junk.

use std::borrow::Cow;

/// The text of a file, or the 1-based line of the first byte that shows it is binary.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, u32> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode_plain(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(Cow::Owned(decode_utf16(rest, u16::from_le_bytes)));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(Cow::Owned(decode_utf16(rest, u16::from_be_bytes)));
    }
    decode_plain(bytes)
}

fn decode_plain(bytes: &[u8]) -> Result<Cow<'_, str>, u32> {
    if let Some(line) = binary_line(bytes) {
        return Err(line);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        // Not UTF-8 but plainly text: Latin-1 maps every byte to the same code point.
        Err(_) => Ok(Cow::Owned(bytes.iter().map(|&b| b as char).collect())),
    }
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Where a file stops looking like text: a NUL byte, or more than one control
/// character (other than tab, line breaks and form feed) per 64 bytes.
fn binary_line(bytes: &[u8]) -> Option<u32> {
    // Written with `&` rather than `&&` and `matches!` so the compiler tests a whole
    // block of bytes at once instead of branching on each.
    let is_junk = |b: u8| (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') & (b != 0x0c);
    // A NUL is junk too: text without any junk (nearly every file) takes one scan.
    let first = find_byte(bytes, is_junk)?;
    let line_of =
        |offset: usize| 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count() as u32;
    if let Some(nul) = bytes[first..]
        .iter()
        .position(|&b| b == 0)
        .map(|at| first + at)
    {
        return Some(line_of(nul));
    }
    let junk = bytes[first..].iter().filter(|&&b| is_junk(b)).count();
    if junk * 64 > bytes.len() {
        return Some(line_of(first));
    }
    None
}

/// The position of the first byte that `wanted` picks. Bytes are tested a block at
/// a time without stopping inside one, which lets the compiler test many bytes per
/// instruction: this scans whole files and every paragraph's text.
pub(crate) fn find_byte(bytes: &[u8], wanted: impl Fn(u8) -> bool) -> Option<usize> {
    const BLOCK: usize = 32;
    // Whole blocks of a length known when compiling, so the test is vectorised.
    let mut blocks = bytes.chunks_exact(BLOCK);
    let start = match blocks.position(|block| block.iter().fold(false, |any, &b| any | wanted(b))) {
        Some(block) => block * BLOCK,
        None => bytes.len() - blocks.remainder().len(),
    };
    bytes[start..]
        .iter()
        .position(|&b| wanted(b))
        .map(|at| start + at)
}

/// One physical line: byte range without its line break, and its 1-based number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineRange {
    pub start: usize,
    pub end: usize,
    pub number: u32,
}

/// Splits on `\n`, `\r\n` and lone `\r` (old Mac files), in any mix.
/// A byte-order mark at the start is skipped.
pub fn lines(text: &str) -> Lines<'_> {
    let bytes = text.as_bytes();
    Lines {
        bytes,
        // Most files have no carriage return at all: one byte to look for is quicker.
        has_cr: memchr::memchr(b'\r', bytes).is_some(),
        start: if text.starts_with('\u{feff}') { 3 } else { 0 },
        number: 0,
        done: false,
    }
}

/// The lines of a text, from [`lines`].
pub struct Lines<'a> {
    bytes: &'a [u8],
    has_cr: bool,
    /// Where the next line starts, and the number of the last one given.
    start: usize,
    number: u32,
    done: bool,
}

impl Iterator for Lines<'_> {
    type Item = LineRange;

    // Inlined into the loop of the caller: it runs once per line of a script.
    #[inline]
    fn next(&mut self) -> Option<LineRange> {
        if self.done {
            return None;
        }
        self.number += 1;
        let rest = &self.bytes[self.start..];
        let found = if self.has_cr {
            memchr::memchr2(b'\n', b'\r', rest)
        } else {
            memchr::memchr(b'\n', rest)
        };
        let line = LineRange {
            start: self.start,
            end: found.map_or(self.bytes.len(), |at| self.start + at),
            number: self.number,
        };
        if found.is_none() {
            self.done = true;
            return (line.start < self.bytes.len() || line.number == 1).then_some(line);
        }
        let crlf = self.bytes[line.end] == b'\r' && self.bytes.get(line.end + 1) == Some(&b'\n');
        self.start = line.end + if crlf { 2 } else { 1 };
        // A final line break ends the last line; it does not start an empty one.
        self.done = self.start == self.bytes.len();
        Some(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_line_endings_split_alike() {
        let text = "a\r\nb\nc\rd";
        let got: Vec<&str> = lines(text).map(|l| &text[l.start..l.end]).collect();
        assert_eq!(got, ["a", "b", "c", "d"]);
        let text = "a\n\nb\r\n";
        let got: Vec<&str> = lines(text).map(|l| &text[l.start..l.end]).collect();
        assert_eq!(got, ["a", "", "b"]);
        let text = "\u{feff}Title: X";
        assert_eq!(&text[lines(text).next().unwrap().start..], "Title: X");
        assert_eq!(lines("").count(), 1);
    }

    #[test]
    fn boms_and_encodings() {
        assert_eq!(decode(b"\xEF\xBB\xBFINT. A").unwrap(), "INT. A");
        assert_eq!(decode(b"\xFF\xFEI\0N\0").unwrap(), "IN");
        assert_eq!(decode(b"caf\xE9").unwrap(), "café");
    }

    #[test]
    fn binary_is_refused_with_its_line() {
        assert_eq!(decode(b"INT. A\nB\0C"), Err(2));
        assert_eq!(decode(&[1, 2, 3, 4, 5]), Err(1));
        assert!(decode(b"tab\tand\x0cform feed").is_ok());
    }
}
