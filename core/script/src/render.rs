//! The breakdown as JSON (the documented schema), CSV (one row per scene, for a
//! spreadsheet or a stripboard) and HTML (every report, one printed page each).

use std::fmt::Write;

use oneshot_model::script::eighths_label;
use oneshot_model::{Category, Script, quote};

use crate::reports::{self, Reports};

/// Output formats of `oneshot breakdown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Html,
    Csv,
}

/// Renders `script` in `format`.
pub fn render(script: &Script, format: Format) -> String {
    match format {
        Format::Json => json(script),
        Format::Html => html(script),
        Format::Csv => csv(script),
    }
}

/// Writes `script` in `format` to `out`; `indent` lays JSON out for reading (as
/// [`render`] does) rather than in one compact line for programs (a third smaller,
/// and quicker to write). JSON is streamed as it is serialised: a feature film's
/// breakdown is hundreds of kilobytes, not worth building in memory first.
pub fn write(
    script: &Script,
    format: Format,
    indent: bool,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Json if indent => {
            serde_json::to_writer_pretty(&mut *out, script)?;
            out.write_all(b"\n")
        }
        Format::Json => {
            serde_json::to_writer(&mut *out, script)?;
            out.write_all(b"\n")
        }
        Format::Html => out.write_all(html(script).as_bytes()),
        Format::Csv => out.write_all(csv(script).as_bytes()),
    }
}

/// The breakdown JSON: `oneshot_model::Script` as documented in `docs/breakdown-schema.md`.
pub fn json(script: &Script) -> String {
    let mut out = serde_json::to_string_pretty(script).expect("a Script always serializes");
    out.push('\n');
    out
}

/// The scene report as CSV (RFC 4180 quoting), one column per breakdown category.
pub fn csv(script: &Script) -> String {
    let mut out = String::new();
    let mut header: Vec<&str> = vec![
        "number",
        "scene_number",
        "heading",
        "int_ext",
        "location",
        "time_of_day",
        "story_day",
        "eighths",
        "pages",
        "estimated_seconds",
        "speaking",
        "mentioned",
    ];
    header.extend(Category::ALL.iter().map(|c| c.label()));
    row(&mut out, header.iter().map(|h| h.to_string()));
    for scene in &script.scenes {
        let mut cells = vec![
            scene.number.to_string(),
            scene.scene_number.clone().unwrap_or_default(),
            scene.heading.clone(),
            int_ext(scene.int_ext).to_owned(),
            scene.location.clone(),
            scene.time_of_day.clone().unwrap_or_default(),
            scene.story_day.to_string(),
            scene.eighths.to_string(),
            scene.pages_label(),
            format!("{:.1}", scene.estimated_seconds),
            scene.speaking.join("; "),
            scene.mentioned.join("; "),
        ];
        cells.extend(Category::ALL.iter().map(|c| {
            scene
                .elements
                .get(c)
                .map(|e| e.join("; "))
                .unwrap_or_default()
        }));
        row(&mut out, cells.into_iter());
    }
    out
}

fn row(out: &mut String, cells: impl Iterator<Item = String>) {
    let cells: Vec<String> = cells.map(|cell| quote::csv(&cell)).collect();
    quote::csv_record(out, &cells);
}

fn int_ext(value: Option<oneshot_model::IntExt>) -> &'static str {
    match value {
        Some(oneshot_model::IntExt::Int) => "INT",
        Some(oneshot_model::IntExt::Ext) => "EXT",
        Some(oneshot_model::IntExt::IntExt) => "INT/EXT",
        None => "",
    }
}

fn minutes(seconds: f32) -> String {
    let total = seconds.round() as u64;
    format!("{}:{:02}", total / 60, total % 60)
}

const STYLE: &str = "body{font:11pt/1.4 Georgia,serif;margin:2em auto;max-width:60em;color:#222}\
h1{font-size:1.8em;margin:0 0 .2em}h2{border-bottom:2px solid #222;padding-bottom:.2em}\
table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border:1px solid #bbb;padding:.25em .4em;text-align:left;vertical-align:top}\
th{background:#eee}td.n{text-align:right;white-space:nowrap}.int{background:#fff}.ext{background:#fffbe0}\
.night{background:#e4ecf7}.ext.night{background:#dfe9d8}section{margin-bottom:2em}\
@media print{body{margin:0;max-width:none}section{page-break-after:always;break-after:page}section:last-child{page-break-after:auto}}";

/// Every report as one HTML document: one section (and one printed page) per report.
pub fn html(script: &Script) -> String {
    let r = reports::reports(script);
    let mut out = String::new();
    let title = quote::html(&script.title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}: breakdown</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    );
    statistics_section(&mut out, &title, &r);
    scenes_section(&mut out, script);
    characters_section(&mut out, &r);
    locations_section(&mut out, &r);
    elements_section(&mut out, &r);
    pacing_section(&mut out, &r);
    out.push_str("</body>\n</html>\n");
    out
}

fn statistics_section(out: &mut String, title: &str, r: &Reports) {
    let s = &r.statistics;
    let rows = [
        ("Pages", eighths_label(s.eighths)),
        ("Scenes", s.scenes.to_string()),
        (
            "INT / EXT / INT-EXT",
            format!("{} / {} / {}", s.int_scenes, s.ext_scenes, s.int_ext_scenes),
        ),
        (
            "Day / night",
            format!("{} / {}", s.day_scenes, s.night_scenes),
        ),
        ("Story days", s.story_days.to_string()),
        ("Speaking characters", s.speaking_characters.to_string()),
        ("Words of dialogue", s.dialogue_words.to_string()),
        ("Dialogue time", minutes(s.dialogue_seconds)),
        ("Action time", minutes(s.action_seconds)),
        ("Estimated runtime", minutes(s.runtime_seconds)),
    ];
    let _ = write!(
        out,
        "<section>\n<h1>{title}</h1>\n<h2>Script statistics</h2>\n<table>\n"
    );
    for (label, value) in rows {
        let _ = writeln!(out, "<tr><th>{label}</th><td class=\"n\">{value}</td></tr>");
    }
    out.push_str("</table>\n</section>\n");
}

fn scenes_section(out: &mut String, script: &Script) {
    out.push_str("<section>\n<h2>Scene report</h2>\n<table>\n<thead><tr><th>#</th><th>Heading</th><th>Day</th><th>Pages</th><th>Time</th><th>Cast</th><th>Elements</th></tr></thead>\n");
    let mut previous = oneshot_model::DayNight::Day;
    for scene in &script.scenes {
        previous = scene.day_night(previous);
        let class = format!(
            "{} {}",
            if scene.int_ext == Some(oneshot_model::IntExt::Int) {
                "int"
            } else {
                "ext"
            },
            if previous == oneshot_model::DayNight::Night {
                "night"
            } else {
                "day"
            }
        );
        let number = scene
            .scene_number
            .clone()
            .unwrap_or_else(|| scene.number.to_string());
        let elements: Vec<String> = scene
            .elements
            .iter()
            .filter(|(c, _)| **c != Category::Cast)
            .map(|(c, items)| format!("<b>{}</b>: {}", c.label(), quote::html(&items.join(", "))))
            .collect();
        // The written transitions frame the heading: `FADE IN:` above, `CUT TO:` below.
        let small = |words: &String| format!("<small>{}</small>", quote::html(words));
        let heading: Vec<String> = (scene.transition_in.iter().map(small))
            .chain([quote::html(&scene.heading)])
            .chain(scene.transition_out.iter().map(small))
            .collect();
        let _ = writeln!(
            out,
            "<tr class=\"{class}\"><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            quote::html(&number),
            heading.join("<br>"),
            scene.story_day,
            scene.pages_label(),
            minutes(scene.estimated_seconds),
            quote::html(&scene.cast().join(", ")),
            elements.join("<br>")
        );
    }
    out.push_str("</table>\n</section>\n");
}

fn characters_section(out: &mut String, r: &Reports) {
    out.push_str("<section>\n<h2>Character report</h2>\n<table>\n<thead><tr><th>Character</th><th>Speeches</th><th>Words</th><th>Scenes</th><th>Pages</th><th>Locations</th></tr></thead>\n");
    for c in &r.characters {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            quote::html(&c.name),
            c.speeches,
            c.words,
            c.scenes,
            eighths_label(c.eighths),
            quote::html(&c.locations.join(", "))
        );
    }
    out.push_str("</table>\n</section>\n");
}

fn locations_section(out: &mut String, r: &Reports) {
    out.push_str("<section>\n<h2>Location report</h2>\n<table>\n<thead><tr><th>Location</th><th>INT/EXT</th><th>Scenes</th><th>Pages</th><th>Day</th><th>Night</th></tr></thead>\n");
    for l in &r.locations {
        let scenes: Vec<String> = l.scenes.iter().map(u32::to_string).collect();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            quote::html(&l.location),
            int_ext(l.int_ext),
            scenes.join(", "),
            eighths_label(l.eighths),
            l.day_scenes,
            l.night_scenes
        );
    }
    out.push_str("</table>\n</section>\n");
}

fn elements_section(out: &mut String, r: &Reports) {
    out.push_str("<section>\n<h2>Element report</h2>\n<table>\n<thead><tr><th>Department</th><th>Element</th><th>Scenes</th><th>Story days</th></tr></thead>\n");
    for e in &r.elements {
        let list = |numbers: &[u32]| -> String {
            numbers
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            e.category.label(),
            quote::html(&e.element),
            list(&e.scenes),
            list(&e.story_days)
        );
    }
    out.push_str("</table>\n</section>\n");
}

fn pacing_section(out: &mut String, r: &Reports) {
    let p = &r.pacing;
    let _ = write!(
        out,
        "<section>\n<h2>Pacing</h2>\n<p>{:.0} words of dialogue per minute; the average scene runs {}.</p>\n<h3>Long speeches (over {:.0} s)</h3>\n<table>\n<thead><tr><th>Scene</th><th>Character</th><th>Words</th><th>Time</th></tr></thead>\n",
        p.words_per_minute,
        minutes(p.average_scene_seconds),
        reports::LONG_SPEECH_SECONDS
    );
    for s in &p.long_speeches {
        let _ = writeln!(
            out,
            "<tr><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            s.scene,
            quote::html(&s.character),
            s.words,
            minutes(s.seconds)
        );
    }
    let _ = write!(
        out,
        "</table>\n<h3>Scenes over {} times the average</h3>\n<table>\n<thead><tr><th>Scene</th><th>Heading</th><th>Time</th><th>&times; average</th></tr></thead>\n",
        reports::LONG_SCENE_FACTOR
    );
    for s in &p.long_scenes {
        let _ = writeln!(
            out,
            "<tr><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1}</td></tr>",
            s.scene,
            quote::html(&s.heading),
            minutes(s.seconds),
            s.ratio
        );
    }
    out.push_str("</table>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::breakdown_source;

    #[test]
    fn csv_quotes_and_has_a_column_per_category() {
        let script = breakdown_source("INT. A, B - DAY\n\nBOB\n\"Hi.\"", "t.fountain").unwrap();
        let csv = csv(&script);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].split(',').count(), 12 + Category::ALL.len());
        assert!(lines[1].contains("\"INT. A, B - DAY\""));
    }

    #[test]
    fn html_escapes_and_prints_a_page_per_section() {
        let script = breakdown_source(
            "Title: <Fish & Chips>\n\nINT. A - DAY\n\nBOB\nHi.",
            "t.fountain",
        )
        .unwrap();
        let html = html(&script);
        assert!(html.contains("&lt;Fish &amp; Chips&gt;"));
        assert_eq!(html.matches("<section>").count(), 6);
        assert!(html.contains("page-break-after:always"));
        // A table that runs over a page heads the next with its header row again.
        assert_eq!(html.matches("<thead>").count(), 6);
    }

    #[test]
    fn the_scene_report_frames_headings_with_their_transitions() {
        let script = breakdown_source(
            "FADE IN:\n\nINT. A - DAY\n\nX.\n\nCUT TO:\n\nINT. B - DAY\n\nY.",
            "t.fountain",
        )
        .unwrap();
        let html = html(&script);
        assert!(html.contains(
            "<td><small>FADE IN:</small><br>INT. A - DAY<br><small>CUT TO:</small></td>"
        ));
        assert!(html.contains("<td>INT. B - DAY</td>"));
    }
}
