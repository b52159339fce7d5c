//! Scene headings into their parts: `INT./EXT. CAR - MOVING - NIGHT` is
//! interior/exterior, location `CAR - MOVING`, time of day `NIGHT`.

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
const TIME_WORDS: [&str; 24] = [
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

fn is_time(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|word| TIME_WORDS.iter().any(|t| t.eq_ignore_ascii_case(word)))
}

/// Splits a heading (scene number already removed).
pub fn split(heading: &str) -> HeadingParts {
    let heading = heading.trim();
    let (int_ext, rest) = match heading_prefix(heading) {
        Some(len) => (int_ext_of(&heading[..len]), &heading[len..]),
        None => (None, heading),
    };
    let rest = rest.trim_start_matches([' ', '\t', '.', '-']).trim();
    let (location, time_of_day) = match last_separator(rest) {
        Some((at, len)) if is_time(&rest[at + len..]) => {
            let time = rest[at + len..].trim_matches(|c: char| c.is_whitespace() || c == '-');
            (&rest[..at], Some(time.to_uppercase()))
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
    }
}
