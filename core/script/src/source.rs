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
    let is_junk = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c);
    let line_of =
        |offset: usize| 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count() as u32;
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Some(line_of(nul));
    }
    let junk = bytes.iter().filter(|&&b| is_junk(b)).count();
    if junk > 0 && junk * 64 > bytes.len() {
        let first = bytes.iter().position(|&b| is_junk(b)).unwrap_or(0);
        return Some(line_of(first));
    }
    None
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
pub fn lines(text: &str) -> Vec<LineRange> {
    let bytes = text.as_bytes();
    let mut lines = Vec::with_capacity(bytes.len() / 40 + 1);
    let mut start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' | b'\r' => {
                lines.push(LineRange {
                    start,
                    end: i,
                    number: lines.len() as u32 + 1,
                });
                i += if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < bytes.len() || lines.is_empty() {
        lines.push(LineRange {
            start,
            end: bytes.len(),
            number: lines.len() as u32 + 1,
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_line_endings_split_alike() {
        let text = "a\r\nb\nc\rd";
        let got: Vec<&str> = lines(text).iter().map(|l| &text[l.start..l.end]).collect();
        assert_eq!(got, ["a", "b", "c", "d"]);
        let text = "\u{feff}Title: X";
        assert_eq!(&text[lines(text)[0].start..], "Title: X");
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
