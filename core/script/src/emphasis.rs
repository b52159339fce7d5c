//! Fountain emphasis (`*italic*`, `**bold**`, `***both***`, `_underline_`) and
//! backslash escapes, reduced to plain text.
//!
//! A marker only counts when it has a partner on the same line and hugs the text
//! (`*word*`, not `2 * 3 * 4`); anything else is kept as written.

use std::borrow::Cow;

/// Stand-ins for escaped markers while pairs are matched (Unicode private use).
const ESCAPED: [(char, char); 2] = [('*', '\u{E000}'), ('_', '\u{E001}')];

/// Whether `text` has anything [`plain`] would change: most text has no markers,
/// and one byte scan (they are ASCII) answers that.
pub(crate) fn has_markup(text: &str) -> bool {
    memchr::memchr3(b'*', b'_', b'\\', text.as_bytes()).is_some()
}

/// `text` without emphasis markers and with escapes resolved.
pub fn plain(text: &str) -> Cow<'_, str> {
    if !has_markup(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&next) = chars.peek() {
                if let Some(&(_, stand_in)) = ESCAPED.iter().find(|(m, _)| *m == next) {
                    out.push(stand_in);
                    chars.next();
                    continue;
                }
                if matches!(
                    next,
                    '\\' | '[' | ']' | '/' | '#' | '~' | '!' | '@' | '^' | '.' | '=' | '>' | '<'
                ) {
                    out.push(next);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    let lines: Vec<String> = out
        .split('\n')
        .map(|line| {
            let mut line = line.to_owned();
            for marker in ["***", "**", "*", "_"] {
                line = strip_pairs(&line, marker);
            }
            line
        })
        .collect();
    let mut joined = lines.join("\n");
    if joined.contains(['\u{E000}', '\u{E001}']) {
        for (marker, stand_in) in ESCAPED {
            joined = joined.replace(stand_in, &marker.to_string());
        }
    }
    Cow::Owned(joined)
}

/// [`plain`] for text already owned, which is kept as it is when it has no markup.
pub fn plain_owned(text: String) -> String {
    if has_markup(&text) {
        plain(&text).into_owned()
    } else {
        text
    }
}

/// Removes every `marker ... marker` pair whose inside starts and ends with a
/// non-space and that does not sit inside a word (`snake_case` stays).
fn strip_pairs(line: &str, marker: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find(marker) {
        let inner_start = open + marker.len();
        let after_word = out
            .chars()
            .next_back()
            .into_iter()
            .chain(rest[..open].chars().next_back())
            .last()
            .is_some_and(char::is_alphanumeric);
        let opens = !after_word
            && rest[inner_start..]
                .chars()
                .next()
                .is_some_and(|c| !c.is_whitespace());
        let close = opens
            .then(|| rest[inner_start..].find(marker))
            .flatten()
            .map(|i| inner_start + i)
            .filter(|&close| {
                close > inner_start
                    && rest[..close]
                        .chars()
                        .next_back()
                        .is_some_and(|c| !c.is_whitespace())
                    && !rest[close + marker.len()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric)
            });
        match close {
            Some(close) => {
                out.push_str(&rest[..open]);
                out.push_str(&rest[inner_start..close]);
                rest = &rest[close + marker.len()..];
            }
            None => {
                out.push_str(&rest[..inner_start]);
                rest = &rest[inner_start..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn markers_pair_up() {
        assert_eq!(plain("**FADE IN:**"), "FADE IN:");
        assert_eq!(plain("_**BRICK & STEEL**_"), "BRICK & STEEL");
        assert_eq!(plain("a ***big*** _deal_ *really*"), "a big deal really");
        assert_eq!(plain("2 * 3 * 4"), "2 * 3 * 4");
        assert_eq!(plain("snake_case_name"), "snake_case_name");
    }

    #[test]
    fn escapes_are_literal() {
        assert_eq!(plain(r"\*not italic\*"), "*not italic*");
        assert_eq!(plain(r"a \\ b"), r"a \ b");
        assert_eq!(plain("no markers"), "no markers");
    }
}
