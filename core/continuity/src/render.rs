//! The continuity bible as documents: the JSON, a CSV with one row per character
//! per scene, and a printable HTML report with one page per character (warnings
//! first, then the change plot, then the scenes, change rows highlighted).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use oneshot_model::files::FileSet;
use oneshot_model::quote;

use crate::check::scene_list;
use crate::{Appearance, CharacterContinuity, Continuity, Department, condition_label};

/// The CSV's columns, in order.
pub const CSV_HEADER: &str = "character,scene,heading,story_day,change_number,costume,condition,costume_states,pieces,makeup,hair,injuries,change,warnings";

/// The documents [`write_documents`] writes, in that order.
pub const DOCUMENTS: [&str; 3] = ["continuity.json", "continuity.csv", "continuity.html"];

/// A continuity document that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {source}", path.display())]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Writes the bible as [`DOCUMENTS`] into `dir` (created when missing): all
/// three, or none when one cannot be written.
pub fn write_documents(bible: &Continuity, dir: &Path) -> Result<(), WriteError> {
    let json = serde_json::to_string_pretty(bible).expect("the continuity serializes");
    let texts = [json, csv(bible), html(bible)];
    oneshot_model::files::create_folder(dir).map_err(|source| WriteError {
        path: dir.to_owned(),
        source,
    })?;
    let mut files = FileSet::default();
    for (name, text) in DOCUMENTS.iter().zip(&texts) {
        let path = dir.join(name);
        files
            .write(&path, |out| out.write_all(text.as_bytes()))
            .map_err(|source| WriteError { path, source })?;
    }
    files.commit_and_sweep().map_err(|source| WriteError {
        path: dir.to_owned(),
        source,
    })
}

/// One row per character per scene; a row's warnings are those naming its scene.
pub fn csv(continuity: &Continuity) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str(CSV_HEADER);
    out.push('\n');
    for character in &continuity.characters {
        for row in &character.appearances {
            let warnings: Vec<&str> = continuity
                .warnings_for(&character.name)
                .filter(|w| w.scenes.contains(&row.scene))
                .map(|w| w.message.as_str())
                .collect();
            let costume = row.costume.as_ref();
            // What changes here: the costume, the look, or both.
            let changed: Vec<&str> = (character.changes.iter())
                .filter(|change| change.scene == row.scene)
                .map(|change| match change.department {
                    Department::Wardrobe => "costume",
                    Department::MakeupHair => "look",
                })
                .collect();
            let fields = [
                character.name.clone(),
                row.scene.to_string(),
                row.heading.clone(),
                row.story_day.to_string(),
                row.costume_change
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                costume.map(|c| c.name.clone()).unwrap_or_default(),
                costume
                    .map(|c| condition_label(c.condition).to_owned())
                    .unwrap_or_default(),
                costume_states(row),
                costume.map(|c| c.pieces.join("; ")).unwrap_or_default(),
                row.makeup
                    .as_ref()
                    .map(|m| m.name.clone())
                    .unwrap_or_default(),
                row.makeup
                    .as_ref()
                    .and_then(|m| m.hair.clone())
                    .unwrap_or_default(),
                injuries(row),
                changed.join("; "),
                warnings.join("; "),
            ];
            let fields: Vec<String> = fields.iter().map(|f| quote::csv(f)).collect();
            out.push_str(&fields.join(","));
            out.push('\n');
        }
    }
    out
}

const STYLE: &str = "
body { font: 10pt/1.35 system-ui, sans-serif; margin: 1.5em; color: #111; }
h1 { margin-bottom: 0.2em; }
section.page { break-before: page; margin-top: 2.5em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 0.25em 0.4em; text-align: left; vertical-align: top; }
th { background: #eee; }
tr.change td { background: #fff1b8; }
tr.new-day td { border-top: 3px solid #333; }
td.num { text-align: right; white-space: nowrap; }
ul.warnings li { color: #8a1c00; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; border: 1px solid #333; vertical-align: middle; margin-right: 0.2em; }
.muted { color: #666; }
@media print { body { margin: 0; } a { color: inherit; text-decoration: none; } }
";

/// A printable report: a front page, then one page per character.
pub fn html(continuity: &Continuity) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let title = quote::html(&continuity.title);
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}: continuity</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>{title}</h1>\n<p>Wardrobe and hair &amp; makeup continuity: {} characters, \
         {} scenes, {} changes, {} warnings.</p>\n",
        continuity.characters.len(),
        continuity.scene_count,
        continuity.change_count(),
        continuity.warnings.len()
    );
    out.push_str("<h2>Characters</h2>\n<ul>\n");
    for (i, character) in continuity.characters.iter().enumerate() {
        let _ = writeln!(
            out,
            "<li><a href=\"#character-{i}\">{}</a>: {} scenes, {} changes, {} warnings</li>",
            quote::html(&character.name),
            character.appearances.len(),
            character.changes.len(),
            continuity.warnings_for(&character.name).count()
        );
    }
    out.push_str("</ul>\n");
    if !continuity.undressed.is_empty() {
        let names: Vec<String> = continuity
            .undressed
            .iter()
            .map(|n| quote::html(n))
            .collect();
        let _ = writeln!(
            out,
            "<p><strong>Undressed</strong> (no costumes in the production file yet): {}</p>",
            names.join(", ")
        );
    }
    let unplaced: Vec<_> = continuity
        .warnings
        .iter()
        .filter(|w| !continuity.characters.iter().any(|c| c.name == w.character))
        .collect();
    if !unplaced.is_empty() {
        out.push_str("<h2>Not in the script</h2>\n<ul class=\"warnings\">\n");
        for warning in unplaced {
            let _ = writeln!(out, "<li>{}</li>", quote::html(&warning.message));
        }
        out.push_str("</ul>\n");
    }
    for (i, character) in continuity.characters.iter().enumerate() {
        character_page(&mut out, continuity, character, i);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn character_page(
    out: &mut String,
    continuity: &Continuity,
    character: &CharacterContinuity,
    index: usize,
) {
    let name = quote::html(&character.name);
    let _ = writeln!(
        out,
        "<section class=\"page\" id=\"character-{index}\">\n<h2>{name}</h2>"
    );
    let scenes: Vec<u32> = character.appearances.iter().map(|a| a.scene).collect();
    let names: Vec<String> = character
        .script_names
        .iter()
        .map(|n| quote::html(n))
        .collect();
    let _ = writeln!(
        out,
        "<p class=\"muted\">Scenes {} (in the script as {}).</p>",
        scene_list(&scenes),
        names.join(", ")
    );
    let warnings: Vec<_> = continuity.warnings_for(&character.name).collect();
    if !warnings.is_empty() {
        let _ = writeln!(
            out,
            "<h3>Warnings ({})</h3>\n<ul class=\"warnings\">",
            warnings.len()
        );
        for warning in warnings {
            let _ = writeln!(out, "<li>{}</li>", quote::html(&warning.message));
        }
        out.push_str("</ul>\n");
    }
    costume_plot(out, character);
    let _ = writeln!(out, "<h3>Changes ({})</h3>", character.changes.len());
    if !character.changes.is_empty() {
        out.push_str("<ol>\n");
        for change in &character.changes {
            let department = match change.department {
                Department::Wardrobe => "wardrobe",
                Department::MakeupHair => "hair &amp; makeup",
            };
            let label = |state: &Option<String>, none: &str| {
                state
                    .as_deref()
                    .map_or_else(|| none.to_owned(), quote::html)
            };
            let none = match change.department {
                Department::Wardrobe => "no costume",
                Department::MakeupHair => "everyday look",
            };
            let _ = writeln!(
                out,
                "<li>Scene {} (story day {}), {department}: {} &rarr; {}</li>",
                change.scene,
                change.story_day,
                label(&change.from, none),
                label(&change.to, none)
            );
        }
        out.push_str("</ol>\n");
    }
    out.push_str(
        "<table>\n<thead><tr><th>Scene</th><th>Heading</th><th>Day</th><th>Change</th><th>Costume</th>\
         <th>Condition</th><th>Pieces</th><th>Colours</th><th>Look</th><th>Hair</th>\
         <th>Notes</th><th>Injuries</th><th>Breakdown</th></tr></thead>\n<tbody>\n",
    );
    let mut previous_day = None;
    for row in &character.appearances {
        let mut classes = Vec::new();
        if row.change {
            classes.push("change");
        }
        if previous_day.is_some_and(|day| day != row.story_day) {
            classes.push("new-day");
        }
        previous_day = Some(row.story_day);
        scene_row(out, row, &classes.join(" "));
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn scene_row(out: &mut String, row: &Appearance, class: &str) {
    let costume = row.costume.as_ref();
    let look = row.makeup.as_ref();
    let colours: String = costume
        .map(|c| c.colors.iter().map(|colour| swatch(colour)).collect())
        .unwrap_or_default();
    let mut hints: Vec<String> = Vec::new();
    hints.extend(
        row.wardrobe_hints
            .iter()
            .map(|h| format!("wardrobe: {}", quote::html(h))),
    );
    hints.extend(
        row.makeup_hints
            .iter()
            .map(|h| format!("makeup/hair: {}", quote::html(h))),
    );
    let class = if class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{class}\"")
    };
    let _ = writeln!(
        out,
        "<tr{class}><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td>\
         <td>{}</td><td>{}</td><td>{colours}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        row.scene,
        quote::html(&row.heading),
        row.story_day,
        row.costume_change
            .map(|n| n.to_string())
            .unwrap_or_default(),
        costume.map_or_else(
            || "<span class=\"muted\">none</span>".to_owned(),
            |c| quote::html(&c.name)
        ),
        condition(row),
        costume
            .map(|c| quote::html(&c.pieces.join(", ")))
            .unwrap_or_default(),
        look.map(|m| quote::html(&m.name)).unwrap_or_default(),
        look.and_then(|m| m.hair.as_deref())
            .map(quote::html)
            .unwrap_or_default(),
        look.map(|m| quote::html(&m.notes.join("; ")))
            .unwrap_or_default(),
        quote::html(&injuries(row)),
        hints.join("<br>")
    );
}

/// The states the action has put a scene's costume in: `torn (from 3); wet (from 3)`.
fn costume_states(row: &Appearance) -> String {
    let listed: Vec<String> = (row.costume_states.iter())
        .map(|state| format!("{} (from {})", state.state, state.from_scene))
        .collect();
    listed.join("; ")
}

/// A scene's injuries as the makeup artist reads them: `bloody (fresh, from 4);
/// bruise (healing, from 2)`.
fn injuries(row: &Appearance) -> String {
    let listed: Vec<String> = row
        .injuries
        .iter()
        .map(|injury| {
            let state = if injury.healing { "healing" } else { "fresh" };
            format!("{} ({state}, from {})", injury.what, injury.from_scene)
        })
        .collect();
    listed.join("; ")
}

/// A costume's condition, and the states the action has put it in beside it
/// (`pristine; the script: torn (from 3)`).
fn condition(row: &Appearance) -> String {
    let label = row
        .costume
        .as_ref()
        .map_or("", |c| condition_label(c.condition));
    match costume_states(row) {
        states if states.is_empty() => label.to_owned(),
        states => format!("{label}; the script: {}", quote::html(&states)),
    }
}

/// The costume plot: each change the character wears, numbered, with its scenes
/// and story days, as the costume supervisor lays them out for the fittings.
fn costume_plot(out: &mut String, character: &CharacterContinuity) {
    let mut plot: Vec<(u32, &str, Vec<u32>, Vec<u32>)> = Vec::new();
    for row in &character.appearances {
        let (Some(number), Some(costume)) = (row.costume_change, &row.costume) else {
            continue;
        };
        let at = match plot.iter().position(|(n, ..)| *n == number) {
            Some(at) => at,
            None => {
                plot.push((number, &costume.name, Vec::new(), Vec::new()));
                plot.len() - 1
            }
        };
        let (_, _, scenes, days) = &mut plot[at];
        scenes.push(row.scene);
        if !days.contains(&row.story_day) {
            days.push(row.story_day);
        }
    }
    if plot.is_empty() {
        return;
    }
    out.push_str("<h3>Costume plot</h3>\n<table>\n<thead><tr><th>Change</th><th>Costume</th><th>Scenes</th><th>Story days</th></tr></thead>\n<tbody>\n");
    plot.sort_by_key(|(number, ..)| *number);
    for (.., days) in &mut plot {
        days.sort_unstable();
    }
    for (number, costume, scenes, days) in &plot {
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{number}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            quote::html(costume),
            scene_list(scenes),
            scene_list(days)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// A colour chip for `#RRGGBB` or `#RGB`, the text alone for anything else (it goes
/// into a style attribute, so only a plain hex colour is trusted there).
fn swatch(colour: &str) -> String {
    let hex = colour.strip_prefix('#').unwrap_or("");
    let valid = matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit());
    if valid {
        format!("<span class=\"swatch\" style=\"background:#{hex}\"></span>#{hex} ")
    } else {
        format!("{} ", quote::html(colour))
    }
}
