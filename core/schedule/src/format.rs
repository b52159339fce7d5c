//! Readers for talent scheduling benchmark files.
//!
//! * The Stuckey text format: a name line; the number of scenes; the number of actors;
//!   one line per actor with a 0/1 value per scene followed by the actor's daily cost;
//!   then the scene durations. Numbers may share lines (`20 20`) and carry tabs, `\r`
//!   and trailing blanks.
//! * MiniZinc data (`.dzn`): `numScenes`, `numActors`, `ia` (actors x scenes, 0/1),
//!   `c` (cost per actor) and `d` (duration per scene); or the CSPLib rehearsal names
//!   `num_pieces`, `num_players`, `rehearsal` and `duration`, where every player costs 1.
//!   Other assignments (such as a fixed order `s = [...]`) are ignored.
//!
//! Errors name the file and, where there is one, the line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use oneshot_model::files::read_text_at_most;

use crate::talent::{Instance, InstanceError};

/// Why a benchmark file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The file could not be read.
    #[error("{}: {source}", file.display())]
    Io {
        file: PathBuf,
        source: std::io::Error,
    },
    /// The text does not follow the format (wrong counts, a value that is not a number...).
    #[error("{}:{line}: {message}", file.display())]
    Syntax {
        file: PathBuf,
        line: usize,
        message: String,
    },
    /// A required value is absent.
    #[error("{}: {message}", file.display())]
    Missing { file: PathBuf, message: String },
    /// The values are well-formed but inconsistent.
    #[error("{}: {source}", file.display())]
    Instance {
        file: PathBuf,
        source: InstanceError,
    },
}

/// The largest instance file read: far beyond the benchmark sets' largest.
const MAX_INSTANCE_BYTES: u64 = 64_000_000;

/// Reads an instance, choosing the format by extension (`.dzn`) or content (`=`).
pub fn read_instance(path: &Path) -> Result<Instance, FormatError> {
    let text = read_text_at_most(path, MAX_INSTANCE_BYTES).map_err(|source| FormatError::Io {
        file: path.to_owned(),
        source,
    })?;
    let name = path
        .file_stem()
        .map_or_else(|| "instance".into(), |s| s.to_string_lossy().into_owned());
    if path.extension().is_some_and(|e| e == "dzn") || text.contains('=') {
        parse_dzn(&text, &name, path)
    } else {
        parse_stuckey(&text, path)
    }
}

/// Parses the Stuckey text format; `file` names the source in errors.
pub fn parse_stuckey(text: &str, file: &Path) -> Result<Instance, FormatError> {
    let syntax = |line: usize, message: String| FormatError::Syntax {
        file: file.to_owned(),
        line,
        message,
    };
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.split_whitespace().collect::<Vec<_>>()))
        .filter(|(_, tokens)| !tokens.is_empty());
    let Some((_, name)) = lines.next() else {
        return Err(FormatError::Missing {
            file: file.to_owned(),
            message: "empty file: expected an instance name".into(),
        });
    };
    let name = name.join(" ");
    // The two counts, on one line or two.
    let mut header = Vec::new();
    while header.len() < 2 {
        let Some((line, tokens)) = lines.next() else {
            return Err(FormatError::Missing {
                file: file.to_owned(),
                message: "expected the number of scenes and the number of actors".into(),
            });
        };
        for token in tokens {
            if header.len() == 2 {
                return Err(syntax(
                    line,
                    format!("unexpected `{token}` after the counts"),
                ));
            }
            let what = ["number of scenes", "number of actors"][header.len()];
            header
                .push(number(token).ok_or_else(|| {
                    syntax(line, format!("the {what} `{token}` is not a number"))
                })?);
        }
    }
    let (scenes, actors) = (header[0] as usize, header[1] as usize);
    // Every scene value of every actor takes at least two bytes of text.
    if scenes.saturating_mul(actors).saturating_mul(2) > text.len() + 2 {
        return Err(FormatError::Missing {
            file: file.to_owned(),
            message: format!(
                "{scenes} scenes x {actors} actors cannot fit in a file of {} bytes",
                text.len()
            ),
        });
    }
    let mut cast = vec![Vec::new(); scenes];
    let mut costs = Vec::with_capacity(actors);
    for actor in 0..actors {
        let Some((line, tokens)) = lines.next() else {
            return Err(FormatError::Missing {
                file: file.to_owned(),
                message: format!("expected {actors} actor lines, found {actor}"),
            });
        };
        if tokens.len() != scenes + 1 {
            let hint = if tokens.len() == scenes {
                " (missing cost?)"
            } else {
                ""
            };
            return Err(syntax(
                line,
                format!(
                    "actor {}: expected {scenes} scene values and a cost, found {} numbers{hint}",
                    actor + 1,
                    tokens.len()
                ),
            ));
        }
        for (scene, token) in tokens[..scenes].iter().enumerate() {
            match *token {
                "1" => cast[scene].push(actor),
                "0" => {}
                _ => {
                    return Err(syntax(
                        line,
                        format!(
                            "actor {}, scene {}: `{token}` is not 0 or 1",
                            actor + 1,
                            scene + 1
                        ),
                    ));
                }
            }
        }
        let cost = tokens[scenes];
        costs.push(number(cost).ok_or_else(|| {
            syntax(
                line,
                format!("actor {}: cost `{cost}` is not a number", actor + 1),
            )
        })?);
    }
    let mut durations = Vec::with_capacity(scenes);
    let mut last_line = 0;
    for (line, tokens) in lines {
        last_line = line;
        for token in tokens {
            if durations.len() == scenes {
                return Err(syntax(
                    line,
                    format!("unexpected `{token}` after the {scenes} scene durations"),
                ));
            }
            durations.push(number(token).ok_or_else(|| {
                syntax(line, format!("scene duration `{token}` is not a number"))
            })?);
        }
    }
    if durations.len() != scenes {
        return Err(syntax(
            last_line,
            format!(
                "expected {scenes} scene durations, found {}",
                durations.len()
            ),
        ));
    }
    Instance::new(name, durations, costs, cast).map_err(|source| FormatError::Instance {
        file: file.to_owned(),
        source,
    })
}

fn number(token: &str) -> Option<u64> {
    token.parse().ok()
}

/// One `name = value;` assignment of a `.dzn` file.
struct Assignment {
    line: usize,
    /// The numbers of the value, row by row (`[| a | b |]` has rows; others one row).
    rows: Vec<Vec<u64>>,
}

/// Parses MiniZinc data; `name` names the instance and `file` the source in errors.
pub fn parse_dzn(text: &str, name: &str, file: &Path) -> Result<Instance, FormatError> {
    let syntax = |line: usize, message: String| FormatError::Syntax {
        file: file.to_owned(),
        line,
        message,
    };
    let assignments = dzn_assignments(text, file)?;
    let get = |names: &[&'static str]| {
        names
            .iter()
            .find_map(|n| assignments.get(*n).map(|a| (*n, a)))
    };
    let missing = |what: &str| FormatError::Missing {
        file: file.to_owned(),
        message: format!("missing {what}"),
    };
    let scalar = |names: &[&'static str], what: &str| -> Result<u64, FormatError> {
        let (n, a) = get(names).ok_or_else(|| missing(&format!("`{}` ({what})", names[0])))?;
        match a.rows.as_slice() {
            [row] if row.len() == 1 => Ok(row[0]),
            _ => Err(syntax(a.line, format!("`{n}` should be a single number"))),
        }
    };
    let scenes = scalar(&["numScenes", "num_pieces"], "number of scenes")? as usize;
    let actors = scalar(&["numActors", "num_players"], "number of actors")? as usize;
    // Each scene has a duration and each actor a row in the text.
    if scenes.max(actors) > text.len() {
        return Err(FormatError::Missing {
            file: file.to_owned(),
            message: format!("{scenes} scenes and {actors} actors cannot fit in the file"),
        });
    }
    let list = |names: &[&'static str], what: &str, len: usize| -> Result<Vec<u64>, FormatError> {
        let (n, a) = get(names).ok_or_else(|| missing(&format!("`{}` ({what})", names[0])))?;
        let values: Vec<u64> = a.rows.concat();
        if values.len() != len {
            return Err(syntax(
                a.line,
                format!("`{n}` has {} values, expected {len} ({what})", values.len()),
            ));
        }
        Ok(values)
    };
    let durations = list(&["d", "duration"], "one duration per scene", scenes)?;
    let csplib = get(&["numScenes"]).is_none();
    let costs = if csplib && get(&["c"]).is_none() {
        // The rehearsal problem: every player's waiting time counts the same.
        vec![1; actors]
    } else {
        list(&["c"], "one cost per actor", actors)?
    };
    let (matrix_name, matrix) = get(&["ia", "rehearsal"])
        .ok_or_else(|| missing("`ia` (the actors x scenes 0/1 matrix)"))?;
    let values: Vec<u64> = if matrix.rows.len() > 1 {
        for (i, row) in matrix.rows.iter().enumerate() {
            if row.len() != scenes {
                return Err(syntax(
                    matrix.line,
                    format!(
                        "`{matrix_name}` row {} has {} values, expected {scenes} (one per scene)",
                        i + 1,
                        row.len()
                    ),
                ));
            }
        }
        matrix.rows.concat()
    } else {
        matrix.rows.concat()
    };
    if Some(values.len()) != actors.checked_mul(scenes) {
        return Err(syntax(
            matrix.line,
            format!(
                "`{matrix_name}` has {} values, expected {actors} actors x {scenes} scenes",
                values.len()
            ),
        ));
    }
    let mut cast = vec![Vec::new(); scenes];
    for (i, &v) in values.iter().enumerate() {
        match v {
            0 => {}
            1 => cast[i % scenes].push(i / scenes),
            _ => {
                return Err(syntax(
                    matrix.line,
                    format!(
                        "`{matrix_name}` actor {}, scene {}: {v} is not 0 or 1",
                        i / scenes + 1,
                        i % scenes + 1
                    ),
                ));
            }
        }
    }
    Instance::new(name, durations, costs, cast).map_err(|source| FormatError::Instance {
        file: file.to_owned(),
        source,
    })
}

/// Splits `.dzn` text into assignments, dropping `%` comments. A name given twice
/// is an error: which value was meant is not said.
fn dzn_assignments(text: &str, file: &Path) -> Result<HashMap<String, Assignment>, FormatError> {
    let mut assignments: HashMap<String, Assignment> = HashMap::new();
    let mut add = |(name, assignment): (String, Assignment)| match assignments.get(&name) {
        Some(first) => Err(FormatError::Syntax {
            file: file.to_owned(),
            line: assignment.line,
            message: format!("`{name}` is given twice (first at line {})", first.line),
        }),
        None => {
            assignments.insert(name, assignment);
            Ok(())
        }
    };
    let mut statement = String::new();
    let mut start_line = 1;
    for (i, line) in text.lines().enumerate() {
        let code = line.split('%').next().unwrap_or("");
        for ch in code.chars() {
            if statement.trim().is_empty() {
                start_line = i + 1;
            }
            if ch == ';' {
                add(dzn_assignment(&statement, start_line, file)?)?;
                statement.clear();
            } else {
                statement.push(ch);
            }
        }
        statement.push('\n');
    }
    if !statement.trim().is_empty() {
        add(dzn_assignment(&statement, start_line, file)?)?;
    }
    Ok(assignments)
}

fn dzn_assignment(
    statement: &str,
    line: usize,
    file: &Path,
) -> Result<(String, Assignment), FormatError> {
    let syntax = |message: String| FormatError::Syntax {
        file: file.to_owned(),
        line,
        message,
    };
    let (name, value) = statement.split_once('=').ok_or_else(|| {
        syntax(format!(
            "expected `name = value;`, found `{}`",
            statement.trim()
        ))
    })?;
    let name = name.trim().to_owned();
    // `array2d(1..a, 1..b, [...])`: the values are inside the brackets.
    let value = match (value.find('['), value.rfind(']')) {
        (Some(open), Some(close)) if value.trim_start().starts_with("array2d") && open < close => {
            &value[open..=close]
        }
        _ => value,
    };
    let value = value.trim();
    if value.matches('[').count() != value.matches(']').count() {
        return Err(syntax(format!("`{name}`: its `[` and `]` do not pair up")));
    }
    let rows: Vec<&str> = if value.starts_with("[|") {
        value
            .trim_start_matches('[')
            .trim_end_matches(']')
            .split('|')
            .filter(|r| !r.trim().is_empty())
            .collect()
    } else {
        vec![value]
    };
    let mut parsed = Vec::with_capacity(rows.len());
    for row in rows {
        let mut numbers = Vec::new();
        for token in row
            .split(|c: char| c == ',' || c == '[' || c == ']' || c.is_whitespace())
            .filter(|t| !t.is_empty())
        {
            numbers.push(token.parse().map_err(|_| {
                syntax(format!("`{name}`: `{token}` is not a non-negative integer"))
            })?);
        }
        parsed.push(numbers);
    }
    Ok((name, Assignment { line, rows: parsed }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = "tiny\n4\n3\n\n1 0 1 0    1\n1 1 0 1    2\n0 1 1 0    3\n\n\n1 2 3 1 \n";

    #[test]
    fn stuckey_format_reads_tiny() {
        let inst = parse_stuckey(TINY, Path::new("tiny")).unwrap();
        assert_eq!(inst.name, "tiny");
        assert_eq!(inst.durations, [1, 2, 3, 1]);
        assert_eq!(inst.costs, [1, 2, 3]);
        assert_eq!(inst.cast[0], [0, 1]);
        assert_eq!(inst.cost(&[2, 1, 0, 3]), 29);
    }

    #[test]
    fn counts_may_share_a_line_and_lines_may_end_in_cr() {
        let text = "two\r\n2 1\r\n 1 1   5 \r\n\r\n 1 2\r\n";
        let inst = parse_stuckey(text, Path::new("two")).unwrap();
        assert_eq!((inst.scenes(), inst.actors()), (2, 1));
        assert_eq!(inst.costs, [5]);
    }

    #[test]
    fn stuckey_errors_say_where_and_what() {
        let missing_cost = TINY.replace("1 1 0 1    2", "1 1 0 1");
        let err = parse_stuckey(&missing_cost, Path::new("tiny")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "tiny:6: actor 2: expected 4 scene values and a cost, found 4 numbers (missing cost?)"
        );
        let short = TINY.replace("1 2 3 1", "1 2 3");
        let err = parse_stuckey(&short, Path::new("tiny")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "tiny:10: expected 4 scene durations, found 3"
        );
        let bad = TINY.replace("0 1 1 0", "0 1 2 0");
        let err = parse_stuckey(&bad, Path::new("tiny")).unwrap_err();
        assert!(
            err.to_string().starts_with("tiny:7: actor 3, scene 3:"),
            "{err}"
        );
        let err = parse_stuckey("huge\n99999999999 99999999\n", Path::new("x")).unwrap_err();
        assert!(err.to_string().contains("cannot fit"), "{err}");
        let err = parse_stuckey("only a name\n", Path::new("x")).unwrap_err();
        assert!(err.to_string().contains("number of scenes"), "{err}");
    }

    #[test]
    fn dzn_reads_minizinc_with_a_fixed_order_line() {
        let text = "numScenes = 4;\nnumActors = 3;\n\nia = [| 1, 0, 1, 0\n      | 1, 1, 0, 1\n      | 0, 1, 1, 0 |];\n\nc = [1,2,3];\n\nd = [1,2,3,1];\n\ns = [3,2,1,4];";
        let inst = parse_dzn(text, "tiny", Path::new("tiny.dzn")).unwrap();
        assert_eq!(inst, parse_stuckey(TINY, Path::new("tiny")).unwrap());
    }

    #[test]
    fn dzn_reads_the_csplib_rehearsal_variant() {
        let text = "% comment\nnum_pieces = 3;\nnum_players = 2;\nduration = [2, 4, 1];\nrehearsal = array2d(1..num_players, 1..num_pieces,\n  [1,1,0,\n   0,1,1]);\n";
        let inst = parse_dzn(text, "r", Path::new("r.dzn")).unwrap();
        assert_eq!(inst.costs, [1, 1]);
        assert_eq!(inst.cast, [vec![0], vec![0, 1], vec![1]]);
    }

    #[test]
    fn dzn_errors_say_where_and_what() {
        let text = "numScenes = 2;\nnumActors = 2;\nia = [| 1, 1 | 0, 1 |];\nd = [1, 1];\n";
        let err = parse_dzn(text, "x", Path::new("x.dzn")).unwrap_err();
        assert_eq!(err.to_string(), "x.dzn: missing `c` (one cost per actor)");
        let text =
            "numScenes = 2;\nnumActors = 2;\nia = [| 1, 1 | 0, 1 |];\nc = [1];\nd = [1, 1];\n";
        let err = parse_dzn(text, "x", Path::new("x.dzn")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.dzn:4: `c` has 1 values, expected 2 (one cost per actor)"
        );
        let text =
            "numScenes = 2;\nnumActors = 2;\nia = [| 1, 1 | 0 |];\nc = [1, 1];\nd = [1, 1];\n";
        let err = parse_dzn(text, "x", Path::new("x.dzn")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("x.dzn:3: `ia` row 2 has 1 values"),
            "{err}"
        );
        let err = parse_dzn("numScenes = two;", "x", Path::new("x.dzn")).unwrap_err();
        assert!(err.to_string().contains("`two` is not"), "{err}");
        let text = "numScenes = 2;\nnumActors = 2;\nia = [| 1, 1 ;\nc = [1, 1];\nd = [1, 1];\n";
        let err = parse_dzn(text, "x", Path::new("x.dzn")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.dzn:3: `ia`: its `[` and `]` do not pair up"
        );
        let text = "numScenes = 2;\nd = [1, 1];\nd = [5, 5];\n";
        let err = parse_dzn(text, "x", Path::new("x.dzn")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.dzn:3: `d` is given twice (first at line 2)"
        );
    }
}
