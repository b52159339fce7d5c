//! Scene headings into their parts: `INT./EXT. CAR - MOVING - NIGHT` is
//! interior/exterior, location `CAR - MOVING`, time of day `NIGHT`.

use std::borrow::Cow;

use oneshot_model::IntExt;

use crate::fountain::heading_prefix;

/// The parts of a scene heading. Location and time are upper-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingParts {
    pub int_ext: Option<IntExt>,
    pub location: String,
    pub time_of_day: Option<String>,
}

/// Words that make the last part of a heading a time of day rather than a place.
const TIME_WORDS: [&str; 25] = [
    "DAY",
    "NIGHT",
    "MORNING",
    "EVENING",
    "AFTERNOON",
    "DAWN",
    "DUSK",
    "SUNRISE",
    "SUNSET",
    "NOON",
    "MIDNIGHT",
    "TWILIGHT",
    "CONTINUOUS",
    "CONTINUING",
    "CONTINUED",
    "LATER",
    "SAME",
    "MOMENTS",
    "HOUR",
    "LATE",
    "EARLY",
    "NIGHTTIME",
    "DAYTIME",
    "PRESENT",
    "FLASHBACK",
];

/// A year a film is set in, 1800 to 2199: `1985`, not room `1408`.
fn is_year(word: &str) -> bool {
    word.len() == 4
        && word
            .parse::<u32>()
            .is_ok_and(|year| (1800..2200).contains(&year))
}

fn is_time(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|word| TIME_WORDS.iter().any(|t| t.eq_ignore_ascii_case(word)))
}

/// Whether every word of `text` tells the time (`NIGHT`, `SAME TIME`, `A FEW
/// MOMENTS LATER`, `1977`): a part before the last that belongs to the time
/// (`BY THE RIVER - NIGHT - CONTINUOUS`), unlike a place that only holds a time
/// word (`HOTEL - NIGHT CLUB - DAY`).
fn only_time(text: &str) -> bool {
    const FILLERS: [&str; 5] = ["A", "FEW", "TIME", "NEXT", "THE"];
    let mut words = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .peekable();
    words.peek().is_some()
        && words.all(|word| {
            is_year(word)
                || TIME_WORDS
                    .iter()
                    .chain(&FILLERS)
                    .any(|t| t.eq_ignore_ascii_case(word))
        })
}

/// Splits a heading (scene number already removed).
pub fn split(heading: &str) -> HeadingParts {
    let heading = heading.trim();
    let (int_ext, rest) = match heading_prefix(heading) {
        Some(len) => (int_ext_of(&heading[..len]), &heading[len..]),
        None => (None, heading),
    };
    let rest = without_labels(rest);
    let rest = rest
        .trim_start_matches([' ', '\t', '.', '-'])
        .trim_end_matches([' ', '\t', '-', '–', '—', ','])
        .trim();
    let (location, time_of_day) = match last_separator(rest) {
        // The last part tells the time, or is the year after it (`DAY - 1985`).
        Some((mut at, len)) if is_time(&rest[at + len..]) || only_time(&rest[at + len..]) => {
            // Earlier parts that are only a time belong to it too.
            while let Some((before, len)) = last_separator(&rest[..at]) {
                if !only_time(&rest[before + len..at]) {
                    break;
                }
                at = before;
            }
            let time = rest[at..].trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '-' | '–' | '—' | ',')
            });
            (&rest[..at], Some(time.trim_end().to_uppercase()))
        }
        _ => (rest, None),
    };
    let location = location.trim_end_matches([' ', '-', ',', '–', '—']);
    HeadingParts {
        int_ext,
        location: location.to_uppercase(),
        time_of_day: time_of_day.filter(|t| !t.is_empty()),
    }
}

/// `text` without the labels a writer puts in square brackets (`[THE STORM]`,
/// `[MID/LATE '70'S]`): the heading keeps them, the place and the time do not.
fn without_labels(text: &str) -> Cow<'_, str> {
    if !text.contains('[') {
        return Cow::Borrowed(text);
    }
    let mut kept = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((before, after)) = rest.split_once('[') {
        kept.push_str(before);
        rest = after.split_once(']').map_or("", |(_, after)| after);
    }
    kept.push_str(rest);
    Cow::Owned(kept)
}

fn int_ext_of(prefix: &str) -> Option<IntExt> {
    let prefix = prefix.to_ascii_uppercase();
    if prefix.contains('/') {
        Some(IntExt::IntExt)
    } else if prefix.starts_with("INT") {
        Some(IntExt::Int)
    } else {
        Some(IntExt::Ext)
    }
}

/// The byte position and length of the last place separator: ` - `, `--`, an en or
/// em dash, or a comma. A hyphen inside a word (`X-RAY`) is not one.
fn last_separator(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    text.char_indices().rev().find_map(|(at, c)| {
        let len = c.len_utf8();
        let spaced = |i: usize| bytes.get(i).is_none_or(|b| b.is_ascii_whitespace());
        match c {
            '–' | '—' | ',' => Some((at, len)),
            '-' if at > 0 && bytes[at - 1] == b'-' => Some((at - 1, 2)),
            '-' if at > 0 && spaced(at - 1) && spaced(at + 1) => Some((at, 1)),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(h: &str) -> (Option<IntExt>, String, Option<String>) {
        let p = split(h);
        (p.int_ext, p.location, p.time_of_day)
    }

    #[test]
    fn the_usual_forms() {
        assert_eq!(
            parts("INT. HOUSE - KITCHEN - DAY"),
            (
                Some(IntExt::Int),
                "HOUSE - KITCHEN".into(),
                Some("DAY".into())
            )
        );
        assert_eq!(
            parts("int./ext. car - moving - night"),
            (
                Some(IntExt::IntExt),
                "CAR - MOVING".into(),
                Some("NIGHT".into())
            )
        );
        assert_eq!(
            parts("EXT. LIBRARY--DAY"),
            (Some(IntExt::Ext), "LIBRARY".into(), Some("DAY".into()))
        );
        assert_eq!(parts("INT. KITCHEN, EVENING").2, Some("EVENING".into()));
        assert_eq!(parts("INT. LIVING ROOM – NIGHT").1, "LIVING ROOM");
        assert_eq!(parts("I/E TRUCK").0, Some(IntExt::IntExt));
        assert_eq!(parts("EST. CITY").0, Some(IntExt::Ext));
    }

    #[test]
    fn places_that_are_not_times_stay_in_the_location() {
        assert_eq!(
            parts("EXT. HOUSE - FRONT PORCH"),
            (Some(IntExt::Ext), "HOUSE - FRONT PORCH".into(), None)
        );
        assert_eq!(parts("INT. X-RAY ROOM").1, "X-RAY ROOM");
        assert_eq!(
            parts("SNIPER SCOPE POV"),
            (None, "SNIPER SCOPE POV".into(), None)
        );
        assert_eq!(
            parts("INT. HOUSE - DAY (1973)").2,
            Some("DAY (1973)".into())
        );
        assert_eq!(
            parts("INT. HOTEL - NIGHT CLUB - DAY"),
            (
                Some(IntExt::Int),
                "HOTEL - NIGHT CLUB".into(),
                Some("DAY".into())
            )
        );
    }

    #[test]
    fn a_time_in_several_parts_is_one_time() {
        assert_eq!(
            parts("EXT. BY THE RIVER - NIGHT - CONTINUOUS"),
            (
                Some(IntExt::Ext),
                "BY THE RIVER".into(),
                Some("NIGHT - CONTINUOUS".into())
            )
        );
        assert_eq!(parts("INT. DINER - 1977 - NIGHT").1, "DINER");
        assert_eq!(
            parts("INT. HOUSE - DAY - 1985"),
            (Some(IntExt::Int), "HOUSE".into(), Some("DAY - 1985".into()))
        );
        assert_eq!(parts("INT. HOTEL - 1408 - NIGHT").1, "HOTEL - 1408");
        assert_eq!(
            parts("INT. EDWARD'S CAR - NIGHT - [THE STORM]"),
            (
                Some(IntExt::Int),
                "EDWARD'S CAR".into(),
                Some("NIGHT".into())
            )
        );
        assert_eq!(parts("INT. BLOOM HOUSE [MID/LATE '70'S]").1, "BLOOM HOUSE");
        assert_eq!(parts("EXT. FIELD - PRE-DAWN").2, Some("PRE-DAWN".into()));
        assert_eq!(
            parts("INT. HOUSE - KITCHEN - A FEW MOMENTS LATER"),
            (
                Some(IntExt::Int),
                "HOUSE - KITCHEN".into(),
                Some("A FEW MOMENTS LATER".into())
            )
        );
    }
}
