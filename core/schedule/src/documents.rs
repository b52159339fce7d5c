//! The paperwork of a schedule: stripboard (HTML, CSV), Day Out of Days (HTML, CSV),
//! call sheets (printable HTML, one per day), budget and production report (HTML, CSV),
//! the location packet (HTML, JSON, and the permits as CSV) and the schedule itself
//! as JSON. Every file is written to a temporary name in the
//! output directory and renamed into place, so a reader never sees half a document.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use oneshot_model::files::{self, FileSet};
use oneshot_model::script::eighths_label;
use oneshot_model::{Category, Character, DayNight, MakeupLook, ProductionConfig, quote};
use serde::{Deserialize, Serialize};

use crate::calendar::{self, Calendar};
use crate::locations::{
    LocationPlan, LocationSheet, SETUP_MINUTES, crew_call, location_plan, locations_html,
    meal_breaks, meal_penalty, permits_by_day, permits_csv, short_of_turnaround, short_rest,
    site_hours, strip_hours,
};
use crate::production::{
    Away, CastMember, DAWN_WORDS, DUSK_WORDS, SUNSET_WORDS, ShootDay, ShootingSchedule, Strip,
    crew_rate, drops, move_cost,
};

/// Why the documents could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// A file or directory could not be created or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// One cast member's row of the Day Out of Days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DoodRow {
    pub cast_id: u32,
    pub character: String,
    /// One mark per shoot day: `SW`, `W`, `WF`, `SWF`, `H` (hold), `WD` (work, then
    /// dropped), `PW` (picked up, works), `PWF`, `SWD`, or empty.
    pub marks: Vec<String>,
    pub work_days: u32,
    pub hold_days: u32,
    /// Idle days not paid because of the drop/pick-up rule.
    pub dropped_days: u32,
    /// Work plus hold days.
    pub paid_days: u32,
}

/// The Day Out of Days: who works, holds or is dropped on each shoot day. A cast
/// member is dropped and picked up again once, over their longest stretch of more
/// than `drop_pickup_days` idle days, and around a day they cannot work, as the
/// optimiser pays them (see [`drops`]).
pub fn day_out_of_days(schedule: &ShootingSchedule, production: &ProductionConfig) -> Vec<DoodRow> {
    let drop_after = production.schedule.drop_pickup_days;
    let mut rows: Vec<DoodRow> = schedule
        .cast
        .iter()
        .map(|member| {
            let away = Away::of(member, production);
            let away = |d: usize| {
                let date = schedule.days[d].date.as_deref().and_then(calendar::day);
                away.on(schedule.days[d].number, date)
            };
            let worked: Vec<usize> = schedule
                .days
                .iter()
                .enumerate()
                .filter(|(_, d)| d.strips.iter().any(|s| s.cast.contains(&member.id)))
                .map(|(i, _)| i)
                .collect();
            let mut marks = vec![String::new(); schedule.days.len()];
            let (mut hold, mut dropped) = (0, 0);
            let drops = drops(&worked, drop_after, away);
            for (k, &day) in worked.iter().enumerate() {
                let starts = k == 0;
                let picked_up = k > 0 && drops[k - 1];
                let finishes = k + 1 == worked.len();
                let dropping = !finishes && drops[k];
                let head = if starts {
                    "S"
                } else if picked_up {
                    "P"
                } else {
                    ""
                };
                let tail = if finishes {
                    "F"
                } else if dropping {
                    "D"
                } else {
                    ""
                };
                marks[day] = format!("{head}W{tail}");
                if let Some(&next) = worked.get(k + 1) {
                    for mark in &mut marks[day + 1..next] {
                        if dropping {
                            dropped += 1;
                        } else {
                            *mark = "H".into();
                            hold += 1;
                        }
                    }
                }
            }
            DoodRow {
                cast_id: member.id,
                character: member.character.clone(),
                marks,
                work_days: worked.len() as u32,
                hold_days: hold,
                dropped_days: dropped,
                paid_days: worked.len() as u32 + hold,
            }
        })
        .collect();
    rows.sort_by_key(|r| r.cast_id);
    rows
}

/// One line of the budget.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BudgetLine {
    pub department: String,
    pub item: String,
    pub days: u32,
    pub rate: f64,
    pub total: f64,
    /// True when the rate is assumed because the production file has none.
    pub assumed: bool,
}

/// The budget: cast (work and hold days), crew, equipment and locations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Budget {
    pub currency: String,
    pub lines: Vec<BudgetLine>,
    pub department_totals: BTreeMap<String, f64>,
    pub total: f64,
}

/// The days the crew and the gear are paid for: every shoot day, dark ones too,
/// and with a calendar every work day from the start date to the last shoot day
/// (a day lost to the turnaround, a start that had to wait).
pub fn crew_days(schedule: &ShootingSchedule, production: &ProductionConfig) -> u32 {
    let last = schedule.days.last().and_then(|d| d.date.as_deref());
    match (
        Calendar::new(&production.schedule),
        last.and_then(calendar::day),
    ) {
        (Some(calendar), Some(last)) => calendar.crew_days(last) as u32,
        _ => {
            let lights: Vec<DayNight> = schedule.days.iter().map(|d| d.day_night).collect();
            calendar::undated_crew_days(&lights) as u32
        }
    }
}

/// Prices the schedule with the production file's rates.
pub fn budget(schedule: &ShootingSchedule, production: &ProductionConfig) -> Budget {
    let settings = &production.schedule;
    let work_days = crew_days(schedule, production);
    let mut lines = Vec::new();
    let dood = day_out_of_days(schedule, production);
    let mut cast: Vec<&CastMember> = schedule.cast.iter().collect();
    cast.sort_by_key(|member| member.id);
    for member in cast {
        let paid_days = dood
            .iter()
            .find(|r| r.cast_id == member.id)
            .map_or(0, |r| r.paid_days);
        lines.push(BudgetLine {
            department: "Cast".into(),
            item: format!("{}. {}", member.id, member.character),
            days: paid_days,
            rate: member.daily_rate,
            total: member.daily_rate * paid_days as f64,
            assumed: member.rate_assumed,
        });
    }
    // The crew's rate is assumed as the optimiser assumes it, so that the budget
    // adds up to the schedule's cost.
    for (department, rate, assumed) in [
        (
            "Crew",
            crew_rate(settings),
            settings.crew_daily_cost.is_none(),
        ),
        (
            "Equipment",
            settings.equipment_daily_cost.unwrap_or(0.0),
            settings.equipment_daily_cost.is_none(),
        ),
    ] {
        lines.push(BudgetLine {
            department: department.into(),
            item: format!("{department} per work day"),
            days: work_days,
            rate,
            total: rate * work_days as f64,
            assumed,
        });
    }
    lines.push(BudgetLine {
        department: "Crew".into(),
        item: "Company moves (the share of a crew day each takes)".into(),
        days: schedule.company_moves,
        rate: move_cost(settings),
        total: move_cost(settings) * f64::from(schedule.company_moves),
        assumed: settings.crew_daily_cost.is_none(),
    });
    let mut location_days: BTreeMap<&str, u32> = BTreeMap::new();
    for day in &schedule.days {
        for location in &day.locations {
            *location_days.entry(location.as_str()).or_default() += 1;
        }
    }
    for (name, days) in location_days {
        let rate = production
            .locations
            .iter()
            .find(|l| l.name == name)
            .and_then(|l| l.daily_cost);
        lines.push(BudgetLine {
            department: "Locations".into(),
            item: name.to_owned(),
            days,
            rate: rate.unwrap_or(0.0),
            total: rate.unwrap_or(0.0) * days as f64,
            assumed: rate.is_none(),
        });
    }
    let mut department_totals = BTreeMap::new();
    for line in &lines {
        *department_totals
            .entry(line.department.clone())
            .or_insert(0.0) += line.total;
    }
    Budget {
        currency: settings.currency.clone().unwrap_or_default(),
        total: lines.iter().map(|l| l.total).sum(),
        lines,
        department_totals,
    }
}

/// What a planned production's grip and electric need, scene by scene (scenes in
/// script order): each item with its department (`grip`, `electric`), as the
/// call sheets list them. Empty when the production has no plan yet.
pub type SceneGear = BTreeMap<u32, Vec<(String, String)>>;

/// Writes every document for `schedule` into `dir` (created if needed) and returns the
/// paths written. Each call sheet lists the `gear` its scenes need.
pub fn write_documents(
    schedule: &ShootingSchedule,
    production: &ProductionConfig,
    gear: &SceneGear,
    dir: &Path,
) -> Result<Vec<PathBuf>, DocumentError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| DocumentError::Io { path, source }
    };
    files::create_folder(&dir.join("callsheets")).map_err(io(dir))?;
    let dood = day_out_of_days(schedule, production);
    let budget = budget(schedule, production);
    let locations = location_plan(schedule, production);
    let json = serde_json::to_string_pretty(schedule).expect("schedules serialize");
    let mut files: Vec<(PathBuf, String)> = vec![
        (dir.join("schedule.json"), json),
        (
            dir.join("schedule.html"),
            shooting_schedule_html(schedule, production),
        ),
        (dir.join("stripboard.csv"), stripboard_csv(schedule)),
        (
            dir.join("stripboard.html"),
            stripboard_html(schedule, production),
        ),
        (dir.join("dood.csv"), dood_csv(schedule, &dood)),
        (
            dir.join("dood.html"),
            dood_html(schedule, &dood, production),
        ),
        (dir.join("budget.csv"), budget_csv(&budget)),
        (dir.join("budget.html"), budget_html(schedule, &budget)),
        (
            dir.join("locations.json"),
            serde_json::to_string_pretty(&locations).expect("location plans serialize"),
        ),
        (
            dir.join("locations.html"),
            locations_html(&schedule.title, &locations),
        ),
        (dir.join("permits.csv"), permits_csv(&locations)),
    ];
    for day in &schedule.days {
        files.push((
            dir.join(format!("callsheets/day-{:02}.html", day.number)),
            call_sheet_html(schedule, day.number, production, gear, &locations),
        ));
    }
    let mut written = FileSet::default();
    for (path, text) in &files {
        written
            .write(path, |out| out.write_all(text.as_bytes()))
            .map_err(io(path))?;
    }
    written.commit_and_sweep().map_err(io(dir))?;
    // The call sheets of days a schedule before had and this one has not.
    let callsheets = dir.join("callsheets");
    let entries = std::fs::read_dir(&callsheets).map_err(io(&callsheets))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        // Only the names the schedule gives them (`day-07.html`), not an AD's own
        // `day-03-revised.html`.
        let number = name
            .strip_prefix("day-")
            .and_then(|n| n.strip_suffix(".html"));
        let a_day = number.is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if a_day && !files.iter().any(|(written, _)| *written == path) {
            std::fs::remove_file(&path).map_err(io(&path))?;
        }
        // And what a killed run left of a day's sheet (`.day-09.html.partial-…`).
        let left = name
            .strip_prefix('.')
            .and_then(|n| n.split_once(files::PARTIAL_MARK));
        if left.is_some_and(|(sheet, _)| sheet.starts_with("day-")) {
            let _ = std::fs::remove_file(&path);
        }
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

fn day_night(dn: DayNight) -> &'static str {
    match dn {
        DayNight::Day => "DAY",
        DayNight::Night => "NIGHT",
    }
}

/// What the D/N column says of a strip: the light it is shot in when its heading
/// names one (`DAWN`, `SUNSET`, `MAGIC HOUR`; `PRE-DAWN` is before it, dark), else
/// `DAY` or `NIGHT`.
fn light_label(strip: &Strip) -> &'static str {
    const PRE_DAWN: [&str; 2] = ["PRE-DAWN", "PREDAWN"];
    PRE_DAWN
        .iter()
        .chain(&DAWN_WORDS)
        .chain(&SUNSET_WORDS)
        .chain(&DUSK_WORDS)
        .find(|light| strip.says(&[light]))
        .copied()
        .unwrap_or(day_night(strip.day_night))
}

/// ` (part)` after a strip that shoots part of its scene.
fn part_mark(strip: &Strip) -> &'static str {
    if strip.eighths < strip.scene_eighths {
        " (part)"
    } else {
        ""
    }
}

fn cast_list(strip: &Strip) -> String {
    strip
        .cast
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

fn stripboard_csv(schedule: &ShootingSchedule) -> String {
    let mut out = String::from(
        "day,date,scene,int_ext,set,day_night,pages,eighths,cast,location,description,scene_eighths,light\n",
    );
    for day in &schedule.days {
        for strip in &day.strips {
            let fields = [
                day.number.to_string(),
                day.date.clone().unwrap_or_default(),
                strip.label.clone(),
                strip.int_ext.clone(),
                strip.set.clone(),
                day_night(strip.day_night).to_owned(),
                eighths_label(strip.eighths),
                strip.eighths.to_string(),
                cast_list(strip),
                strip.location.clone(),
                strip.description.clone(),
                strip.scene_eighths.to_string(),
                light_label(strip).to_owned(),
            ];
            let fields: Vec<String> = fields.iter().map(|f| quote::csv(f)).collect();
            out.push_str(&fields.join(","));
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "{},,END OF DAY,,,,{},{},,,,,",
            day.number,
            eighths_label(day.eighths),
            day.eighths
        );
    }
    out
}

/// The documents' style. Strip colours and the day and week bars are printed as
/// they are shown: browsers leave backgrounds out of a print unless told.
const STYLE: &str = "body{font-family:sans-serif;font-size:12px;margin:1.5em;-webkit-print-color-adjust:exact;print-color-adjust:exact}table{border-collapse:collapse;width:100%}td,th{border:1px solid #444;padding:2px 6px;text-align:left}th{background:#ddd}.break{background:#222;color:#fff;font-weight:bold}.week{background:#888;color:#fff;font-weight:bold;text-align:center}@media print{.page{page-break-after:always}}";

pub(crate) fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>\n{body}</body></html>\n",
        quote::html(title)
    )
}

fn strip_color<'a>(strip: &Strip, production: &'a ProductionConfig) -> &'a str {
    let colors = &production.schedule.strip_colors;
    let exterior = strip.int_ext == "EXT";
    match (exterior, strip.day_night) {
        (false, DayNight::Day) => &colors.int_day,
        (true, DayNight::Day) => &colors.ext_day,
        (false, DayNight::Night) => &colors.int_night,
        (true, DayNight::Night) => &colors.ext_night,
    }
}

fn stripboard_html(schedule: &ShootingSchedule, production: &ProductionConfig) -> String {
    let mut body = format!(
        "<h1>{} &mdash; stripboard</h1>\n<p>{} shoot days, {} company moves.</p>\n<table>\n<tr><th>Scene</th><th>I/E</th><th>Set</th><th>D/N</th><th>Pages</th><th>Cast</th><th>Location</th><th>Description</th></tr>\n",
        quote::html(&schedule.title),
        schedule.days.len(),
        schedule.company_moves
    );
    let mut weeks = 0;
    for day in &schedule.days {
        for strip in &day.strips {
            let _ = writeln!(
                body,
                "<tr style=\"background:{}\"><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                quote::html(strip_color(strip, production)),
                quote::html(&strip.label),
                part_mark(strip),
                quote::html(&strip.int_ext),
                quote::html(&strip.set),
                light_label(strip),
                eighths_label(strip.eighths),
                cast_list(strip),
                quote::html(&strip.location),
                quote::html(&strip.description)
            );
        }
        let _ = writeln!(
            body,
            "<tr class=\"break\"><td colspan=\"8\">END OF DAY {}{} &mdash; {} pages{}</td></tr>",
            day.number,
            day.date
                .as_ref()
                .map_or(String::new(), |d| format!(" ({})", calendar::long_date(d))),
            eighths_label(day.eighths),
            if day.strips.is_empty() {
                " (dark day)"
            } else {
                ""
            }
        );
        if ends_week(schedule, day) {
            weeks += 1;
            let _ = writeln!(
                body,
                "<tr class=\"week\"><td colspan=\"8\">END OF WEEK {weeks}</td></tr>"
            );
        }
        if rest_day_after(schedule, production, day) {
            let _ = writeln!(
                body,
                "<tr class=\"week\"><td colspan=\"8\">{REST_DAY}</td></tr>"
            );
        }
    }
    body.push_str("</table>\n<h2>Cast</h2>\n<ul>\n");
    let mut by_number: Vec<&CastMember> = schedule.cast.iter().collect();
    by_number.sort_by_key(|member| member.id);
    for member in by_number {
        let _ = writeln!(
            body,
            "<li>{}. {}</li>",
            member.id,
            quote::html(&member.character)
        );
    }
    body.push_str("</ul>\n");
    page(&format!("{} stripboard", schedule.title), &body)
}

/// The banner between a night shoot and the day shoot after it, where the crew's
/// turnaround takes a day.
const REST_DAY: &str = "REST DAY: THE TURNAROUND FROM NIGHTS TO DAYS";

/// Where to find a location, as a call sheet says it: its address, else its GPS
/// position, with a link to the map when the GPS is known.
fn address_cell(sheet: &LocationSheet) -> String {
    let gps = sheet
        .gps
        .map(|gps| format!("{:.5}, {:.5}", gps.lat, gps.lon));
    let text = quote::html(sheet.address.as_deref().or(gps.as_deref()).unwrap_or(""));
    match &sheet.map {
        Some(map) => format!("{text} <a href=\"{}\">map</a>", quote::html(map)),
        None => text,
    }
}

/// Whether night shoot `day` is followed by a rest day for the turnaround: by
/// the rule when undated; when dated, when the next shoot day is not the next work
/// day (a weekend that gave the rest already shows as one).
fn rest_day_after(
    schedule: &ShootingSchedule,
    production: &ProductionConfig,
    day: &ShootDay,
) -> bool {
    let Some(next) = schedule.days.get(day.number as usize) else {
        return false;
    };
    if !calendar::rests_between(day.day_night, next.day_night) {
        return false;
    }
    let dated = |date: &Option<String>| date.as_deref().and_then(calendar::day);
    match (
        dated(&day.date),
        dated(&next.date),
        Calendar::new(&production.schedule),
    ) {
        (Some(this), Some(next), Some(calendar)) => next > calendar.work_day_from(this + 1),
        _ => day.date.is_none(),
    }
}

/// Whether `day` ends a shooting week: the next shoot day falls in a later
/// calendar week. Never for the last day, nor without dates.
fn ends_week(schedule: &ShootingSchedule, day: &ShootDay) -> bool {
    let next = schedule.days.get(day.number as usize);
    let monday = |day: Option<&ShootDay>| calendar::monday_of(day?.date.as_deref()?);
    matches!((monday(Some(day)), monday(next)), (Some(this), Some(next)) if next > this)
}

/// The shooting schedule as the 1st AD prints it: day by day, each scene's
/// strip with its one-line description, its cast by id and name, its location
/// and what every department brings for it; the days' and weeks' ends marked.
fn shooting_schedule_html(schedule: &ShootingSchedule, production: &ProductionConfig) -> String {
    let pages: u32 = schedule.days.iter().map(|d| d.eighths).sum();
    let mut body = format!(
        "<h1>{} &mdash; shooting schedule</h1>\n<p>{} shoot days, {} pages.</p>\n",
        quote::html(&schedule.title),
        schedule.days.len(),
        eighths_label(pages)
    );
    let name_of = |id: &u32| {
        let member = schedule.cast.iter().find(|c| c.id == *id);
        format!("{id}. {}", member.map_or("", |c| c.character.as_str()))
    };
    let mut weeks = 0;
    for day in &schedule.days {
        let _ = writeln!(
            body,
            "<div class=\"page\"><h2>Day {}{} &middot; {} &middot; {} pages</h2>",
            day.number,
            day.date.as_ref().map_or(String::new(), |d| format!(
                " &mdash; {}",
                calendar::long_date(d)
            )),
            day_night(day.day_night),
            eighths_label(day.eighths)
        );
        if day.strips.is_empty() {
            body.push_str("<p>Dark day: no shooting.</p>\n");
        }
        for strip in &day.strips {
            let cast: Vec<String> = strip.cast.iter().map(name_of).collect();
            let _ = write!(
                body,
                "<table><tr style=\"background:{}\"><th>Scene {}{}</th><th>{} {} &mdash; {}</th><th>{} pages{}</th></tr>\n<tr><td colspan=\"3\">{}</td></tr>\n<tr><td colspan=\"3\">{}<b>Location:</b> {}",
                quote::html(strip_color(strip, production)),
                quote::html(&strip.label),
                part_mark(strip),
                quote::html(&strip.int_ext),
                quote::html(&strip.set),
                light_label(strip),
                eighths_label(strip.eighths),
                match (strip.setups, strip.eighths < strip.scene_eighths) {
                    (0, _) => String::new(),
                    (n, true) => format!(", part of the scene's {n} set-ups"),
                    (1, false) => ", 1 set-up".to_owned(),
                    (n, false) => format!(", {n} set-ups"),
                },
                quote::html(&strip.description),
                match cast.is_empty() {
                    true => String::new(),
                    false => format!("<b>Cast:</b> {} &middot; ", quote::html(&cast.join(", "))),
                },
                quote::html(&strip.location)
            );
            for (category, items) in &strip.elements {
                let _ = write!(
                    body,
                    " &middot; <b>{}:</b> {}",
                    category.label(),
                    quote::html(&items.join(", "))
                );
            }
            body.push_str("</td></tr></table>\n");
        }
        let _ = writeln!(
            body,
            "<p class=\"break\">END OF DAY {} &mdash; {} pages</p>",
            day.number,
            eighths_label(day.eighths)
        );
        if ends_week(schedule, day) {
            weeks += 1;
            let _ = writeln!(body, "<p class=\"week\">END OF WEEK {weeks}</p>");
        }
        if rest_day_after(schedule, production, day) {
            let _ = writeln!(body, "<p class=\"week\">{REST_DAY}</p>");
        }
        body.push_str("</div>\n");
    }
    page(&format!("{} shooting schedule", schedule.title), &body)
}

fn dood_csv(schedule: &ShootingSchedule, dood: &[DoodRow]) -> String {
    let mut out = String::from("cast_id,character");
    for day in &schedule.days {
        let _ = write!(out, ",day {}", day.number);
    }
    out.push_str(",work,hold,dropped,paid\n");
    for row in dood {
        let _ = write!(out, "{},{}", row.cast_id, quote::csv(&row.character));
        for mark in &row.marks {
            let _ = write!(out, ",{mark}");
        }
        let _ = writeln!(
            out,
            ",{},{},{},{}",
            row.work_days, row.hold_days, row.dropped_days, row.paid_days
        );
    }
    out
}

fn dood_html(
    schedule: &ShootingSchedule,
    dood: &[DoodRow],
    production: &ProductionConfig,
) -> String {
    let mut body = format!(
        "<h1>{} &mdash; Day Out of Days</h1>\n<p>SW start work, W work, WF work finish, SWF start and finish, H hold, WD work then drop (SWD: start, work, drop), PW pick up and work (PWD: then drop again; PWF: and finish). A performer is dropped once, over their longest stretch of more than {} idle days, and around any day they are not free.</p>\n<table>\n<tr><th>#</th><th>Cast</th>",
        quote::html(&schedule.title),
        production.schedule.drop_pickup_days
    );
    for day in &schedule.days {
        let _ = match &day.date {
            Some(date) => write!(
                body,
                "<th>{}<br><small>{}</small></th>",
                day.number,
                calendar::short_date(date)
            ),
            None => write!(body, "<th>{}</th>", day.number),
        };
    }
    body.push_str("<th>Work</th><th>Hold</th><th>Dropped</th><th>Paid</th></tr>\n");
    for row in dood {
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td>",
            row.cast_id,
            quote::html(&row.character)
        );
        for mark in &row.marks {
            let _ = write!(body, "<td>{mark}</td>");
        }
        let _ = writeln!(
            body,
            "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            row.work_days, row.hold_days, row.dropped_days, row.paid_days
        );
    }
    body.push_str("</table>\n");
    page(&format!("{} DOOD", schedule.title), &body)
}

fn money(amount: f64) -> String {
    format!("{amount:.2}")
}

fn budget_csv(budget: &Budget) -> String {
    let mut out = String::from("department,item,days,rate,total,assumed\n");
    for line in &budget.lines {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{}",
            quote::csv(&line.department),
            quote::csv(&line.item),
            line.days,
            money(line.rate),
            money(line.total),
            line.assumed
        );
    }
    for (department, total) in &budget.department_totals {
        let _ = writeln!(out, "{},TOTAL,,,{},", quote::csv(department), money(*total));
    }
    let _ = writeln!(out, "ALL,GRAND TOTAL,,,{},", money(budget.total));
    out
}

fn budget_html(schedule: &ShootingSchedule, budget: &Budget) -> String {
    let mut body = format!(
        "<h1>{} &mdash; budget and production report</h1>\n<p>{} shoot days, {} company moves. The optimiser's cost of this schedule is this budget's total, {:.0}; no schedule costs less than {:.0} (gap {:.1}%).</p>\n<table>\n<tr><th>Department</th><th>Item</th><th>Days</th><th>Rate</th><th>Total {}</th></tr>\n",
        quote::html(&schedule.title),
        schedule
            .days
            .iter()
            .filter(|d| !d.strips.is_empty())
            .count(),
        schedule.company_moves,
        schedule.cost,
        schedule.lower_bound,
        schedule.gap * 100.0,
        quote::html(&budget.currency)
    );
    for line in &budget.lines {
        let _ = writeln!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td></tr>",
            quote::html(&line.department),
            quote::html(&line.item),
            line.days,
            money(line.rate),
            if line.assumed { " (not set)" } else { "" },
            money(line.total)
        );
    }
    for (department, total) in &budget.department_totals {
        let _ = writeln!(
            body,
            "<tr class=\"break\"><td>{}</td><td>total</td><td></td><td></td><td>{}</td></tr>",
            quote::html(department),
            money(*total)
        );
    }
    let _ = writeln!(
        body,
        "<tr class=\"break\"><td>All</td><td>grand total</td><td></td><td></td><td>{}</td></tr>\n</table>",
        money(budget.total)
    );
    page(&format!("{} budget", schedule.title), &body)
}

/// When one cast member is wanted on a shoot day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CastCall {
    pub cast_id: u32,
    /// Into hair, makeup and wardrobe: `HH:MM`, marked as
    /// [`calendar::clock_of_the_date`] marks a time past the date's midnight, or
    /// `(the evening before)`.
    pub makeup: String,
    /// The same, in minutes after the date's midnight (below zero: the evening before).
    pub makeup_at: i64,
    /// On set for the first scene they are in, `HH:MM` marked the same way.
    pub on_set: String,
    /// The costumes and makeup looks the production file gives them in the day's
    /// scenes, each once, in the file's order.
    pub wearing: Vec<String>,
}

/// The day's cast calls, staggered: each actor is wanted on set when their first
/// scene of the day starts by the day's clock (`hours`, from [`strip_hours`]),
/// and in the makeup chair their prep time before that: the longest makeup look
/// they wear in that scene, else their own `prep_minutes`, else the schedule's
/// `cast_prep_minutes`; earlier when a look of a later scene must go on before
/// (see [`wearing`]). Calls are rounded down to 15 minutes, as call sheets print
/// them.
pub fn cast_calls(
    schedule: &ShootingSchedule,
    day: &ShootDay,
    production: &ProductionConfig,
    hours: &[(u32, u32)],
) -> Vec<CastCall> {
    let settings = &production.schedule;
    // Cast id -> the day's scenes they are in, each with when it starts and ends.
    let mut scenes_of: BTreeMap<u32, Vec<(u32, u32, u32)>> = BTreeMap::new();
    for (strip, &(start, end)) in day.strips.iter().zip(hours) {
        for &id in &strip.cast {
            scenes_of
                .entry(id)
                .or_default()
                .push((strip.scene, start, end));
        }
    }
    scenes_of
        .into_iter()
        .filter_map(|(cast_id, scenes)| {
            let member = schedule.cast.iter().find(|c| c.id == cast_id)?;
            let character = production.character(&member.character);
            let (first_scene, start, _) = *scenes.first()?;
            let everyday_prep = character
                .and_then(|c| c.prep_minutes)
                .unwrap_or(settings.cast_prep_minutes);
            // The makeup call readies the look of their first scene; a look of a
            // later scene goes on between scenes (see `wearing`).
            let look_minutes = character.and_then(|c| {
                c.makeup
                    .iter()
                    .filter(|look| look.covers(first_scene))
                    .filter_map(|look| look.minutes)
                    .max()
            });
            let prep = look_minutes.unwrap_or(everyday_prep);
            let on_set = round_down_to_quarter(i64::from(start));
            // Only a makeup call for a shoot starting just after midnight runs
            // below zero: the evening before.
            let clock = |minutes: i64| match u32::try_from(minutes) {
                Ok(minutes) => calendar::clock_of_the_date(minutes),
                Err(_) => format!(
                    "{} (the evening before)",
                    calendar::clock(minutes.rem_euclid(1440) as u32)
                ),
            };
            let chairs = character.into_iter().flat_map(|c| &c.makeup);
            let later = chairs.filter_map(|look| later_chair(look, &scenes, everyday_prep));
            let makeup = later
                .map(|(_, chair)| chair)
                .fold(round_down_to_quarter(on_set - i64::from(prep)), i64::min);
            Some(CastCall {
                cast_id,
                makeup: clock(makeup),
                makeup_at: makeup,
                on_set: clock(on_set),
                wearing: character
                    .map_or_else(Vec::new, |c| wearing(c, &scenes, everyday_prep, clock)),
            })
        })
        .collect()
}

/// A performer called back too soon: less than `turnaround_hours` between their
/// dismissal on shoot day `after` (when their last scene there ends) and their
/// call into the makeup chair on shoot day `day`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShortCastRest {
    pub day: u32,
    pub after: u32,
    pub cast_id: u32,
    pub character: String,
    /// Hours from that dismissal to this call.
    pub hours: f32,
    /// The dismissal, `HH:MM` by the day before's clock.
    pub dismissed: String,
}

/// Each performer who works two shoot days running and is called into the chair
/// on the second less than `turnaround_hours` after their last scene of the first
/// ends: the cast's rest, which their union counts from dismissal to call as the
/// crew's. Days apart by the calendar, or by a rest day, as
/// [`short_rests`](crate::locations::short_rests) has them.
pub fn short_cast_rests(
    schedule: &ShootingSchedule,
    production: &ProductionConfig,
) -> Vec<ShortCastRest> {
    (schedule.days.windows(2))
        .flat_map(|pair| {
            let [before, day] = pair else {
                return Vec::new();
            };
            let hours = strip_hours(production, day).unwrap_or_default();
            let calls = cast_calls(schedule, day, production, &hours);
            short_cast_rests_between(schedule, production, before, day, &calls)
        })
        .collect()
}

/// The performers of shoot `day`, called as `calls` say, whose rest since shoot
/// day `before` is short (see [`short_cast_rests`]).
fn short_cast_rests_between(
    schedule: &ShootingSchedule,
    production: &ProductionConfig,
    before: &ShootDay,
    day: &ShootDay,
    calls: &[CastCall],
) -> Vec<ShortCastRest> {
    let Some(hours_before) = strip_hours(production, before) else {
        return Vec::new();
    };
    let dismissal = |cast_id: u32| {
        (before.strips.iter().zip(&hours_before))
            .filter(|(strip, _)| strip.cast.contains(&cast_id))
            .map(|(_, &(_, end))| end)
            .max()
    };
    (calls.iter())
        .filter_map(|call| {
            let dismissed = dismissal(call.cast_id)?;
            let rest = short_of_turnaround(production, before, day, dismissed, call.makeup_at)?;
            let member = schedule.cast.iter().find(|c| c.id == call.cast_id);
            Some(ShortCastRest {
                day: day.number,
                after: before.number,
                cast_id: call.cast_id,
                character: member.map_or_else(String::new, |m| m.character.clone()),
                hours: rest / 60.0,
                dismissed: calendar::clock_of_the_date(dismissed),
            })
        })
        .collect()
}

/// What `character` wears in the day's `scenes` (each with when it starts and
/// ends, as `clock` tells the time): costumes, then makeup looks, each with its
/// scenes unless worn all day (`fight night (sc. 7)`). A look first worn after
/// their first scene goes on in the chair before it (`bruised (makeup 20:45 for
/// sc. 5, 6)`), in its own time or `everyday_prep`; when that is while they are
/// still on set, the call sheet says so for the AD to shoot around.
fn wearing(
    character: &Character,
    scenes: &[(u32, u32, u32)],
    everyday_prep: u32,
    clock: impl Fn(i64) -> String,
) -> Vec<String> {
    let worn_in = |covers: &dyn Fn(u32) -> bool| -> Vec<u32> {
        (scenes.iter().map(|&(scene, ..)| scene))
            .filter(|&scene| covers(scene))
            .collect()
    };
    let which = |worn: &[u32]| {
        let numbers: Vec<String> = worn.iter().map(u32::to_string).collect();
        format!("sc. {}", numbers.join(", "))
    };
    let mut items = Vec::new();
    for costume in &character.costumes {
        let worn = worn_in(&|scene| costume.covers(scene));
        match worn.len() {
            0 => {}
            n if n == scenes.len() => items.push(costume.name.clone()),
            _ => items.push(format!("{} ({})", costume.name, which(&worn))),
        }
    }
    for look in &character.makeup {
        let worn = worn_in(&|scene| look.covers(scene));
        if worn.is_empty() {
            continue;
        }
        let label = match later_chair(look, scenes, everyday_prep) {
            // First worn after their first scene: on in the chair between scenes.
            Some((at, chair)) => {
                let label = format!("makeup {} for {}", clock(chair), which(&worn));
                // Their scene just before, if they are still in it then.
                let busy = (at.checked_sub(1).map(|before| scenes[before]))
                    .filter(|&(_, _, end)| i64::from(end) > chair);
                match busy {
                    Some((scene, ..)) => format!("{label}, while on set for sc. {scene}"),
                    None => label,
                }
            }
            None if worn.len() == scenes.len() => "makeup".to_owned(),
            None => format!("makeup, {}", which(&worn)),
        };
        items.push(format!("{} ({label})", look.name));
    }
    items
}

/// When a makeup `look` first worn after an actor's first scene of the day goes
/// on: the index in `scenes` of the scene it is first worn in, and the minute the
/// chair must start for it to be ready then (its own time, else `everyday_prep`).
fn later_chair(
    look: &MakeupLook,
    scenes: &[(u32, u32, u32)],
    everyday_prep: u32,
) -> Option<(usize, i64)> {
    let at = scenes.iter().position(|&(scene, ..)| look.covers(scene))?;
    let minutes = look.minutes.unwrap_or(everyday_prep);
    (at > 0).then(|| {
        (
            at,
            round_down_to_quarter(i64::from(scenes[at].1) - i64::from(minutes)),
        )
    })
}

/// What one department needs on a day: each item once, with the scenes (labels)
/// that need it: `revolver (1, 4)`.
pub(crate) type Needs = Vec<(String, Vec<String>)>;

/// The day's breakdown elements by department.
fn departments(day: &ShootDay) -> BTreeMap<Category, Needs> {
    let mut found: BTreeMap<Category, Needs> = BTreeMap::new();
    for strip in &day.strips {
        for (category, items) in &strip.elements {
            let listed = found.entry(*category).or_default();
            for item in items {
                need(listed, item, &strip.label);
            }
        }
    }
    found
}

/// The `gear` the day's scenes need, by department (`Grip`, `Electric`), each
/// item once with the scenes (labels) that need it.
fn day_gear(day: &ShootDay, gear: &SceneGear) -> Vec<(String, Needs)> {
    let mut found: BTreeMap<String, Needs> = BTreeMap::new();
    for strip in &day.strips {
        for (department, item) in gear.get(&strip.scene).into_iter().flatten() {
            let mut name = department.clone();
            if let Some(first) = name.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            need(found.entry(name).or_default(), item, &strip.label);
        }
    }
    found.into_iter().collect()
}

/// Lists `item` as needed in the scene labelled `label`: each item once, each
/// scene once.
pub(crate) fn need(listed: &mut Needs, item: &str, label: &str) {
    match listed.iter_mut().find(|(known, _)| known == item) {
        Some((_, scenes)) if !scenes.iter().any(|s| s == label) => scenes.push(label.to_owned()),
        Some(_) => {}
        None => listed.push((item.to_owned(), vec![label.to_owned()])),
    }
}

/// A day's scenes as a call sheet lists them, with the day's total.
fn scenes_table(body: &mut String, day: &ShootDay) {
    body.push_str(
        "<table><tr><th>Scene</th><th>Set</th><th>D/N</th><th>Pages</th><th>Cast</th></tr>\n",
    );
    for strip in &day.strips {
        let _ = writeln!(
            body,
            "<tr><td>{}{}</td><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            quote::html(&strip.label),
            part_mark(strip),
            quote::html(&strip.int_ext),
            quote::html(&strip.set),
            light_label(strip),
            eighths_label(strip.eighths),
            cast_list(strip)
        );
    }
    let _ = writeln!(
        body,
        "<tr class=\"break\"><td colspan=\"3\">Total</td><td>{}</td><td></td></tr></table>",
        eighths_label(day.eighths)
    );
}

fn round_down_to_quarter(minutes: i64) -> i64 {
    minutes.div_euclid(15) * 15
}

fn call_sheet_html(
    schedule: &ShootingSchedule,
    number: u32,
    production: &ProductionConfig,
    gear: &SceneGear,
    locations: &LocationPlan,
) -> String {
    let settings = &production.schedule;
    let day = &schedule.days[number as usize - 1];
    // The settings' check keeps the crew call a time.
    let call = crew_call(production, day).unwrap_or(0);
    let hours = strip_hours(production, day).unwrap_or_default();
    let wrap = hours.last().map_or(call + SETUP_MINUTES, |&(_, end)| end);
    let shooting_clock = calendar::clock_of_the_date(call + SETUP_MINUTES);
    let call_clock = calendar::clock_of_the_date(call);
    let wrap_clock = calendar::clock_of_the_date(wrap);
    let meals = meal_breaks(production, day);
    let meal: String = (meals.iter().enumerate())
        .map(|(i, &(start, end))| {
            format!(
                "{} <b>{}&ndash;{}</b> &middot; ",
                ["Meal", "Second meal", "Third meal"]
                    .get(i)
                    .unwrap_or(&"Meal"),
                quote::html(&calendar::clock_of_the_date(start)),
                quote::html(&calendar::clock_of_the_date(end))
            )
        })
        .collect();
    let calls = cast_calls(schedule, day, production, &hours);
    // Hair and makeup are called with the first actor into the chair, when that is
    // before the crew.
    let first_chair = (calls.iter())
        .min_by_key(|c| c.makeup_at)
        .filter(|c| c.makeup_at < i64::from(call))
        .map_or(String::new(), |c| {
            format!(
                "Hair &amp; makeup call <b>{}</b> &middot; ",
                quote::html(&c.makeup)
            )
        });
    let mut body = format!(
        "<div class=\"page\"><h1>{} &mdash; call sheet</h1>\n<p><b>Day {} of {}</b>{}</p>\n<p>{first_chair}Crew call <b>{}</b> &middot; Shooting call <b>{}</b> &middot; {meal}Estimated wrap <b>{}</b></p>\n",
        quote::html(&schedule.title),
        day.number,
        schedule.days.len(),
        day.date.as_ref().map_or(String::new(), |d| format!(
            " &middot; {}",
            calendar::long_date(d)
        )),
        quote::html(&call_clock),
        quote::html(&shooting_clock),
        quote::html(&wrap_clock)
    );
    let before = (number as usize).checked_sub(2).map(|i| &schedule.days[i]);
    if let Some(rest) = before.and_then(|before| short_rest(production, before, day)) {
        let _ = writeln!(
            body,
            "<p><b>Short turnaround: {:.1} h since day {}&rsquo;s wrap</b> (the crew&rsquo;s rest is {} h)</p>",
            rest.hours, rest.after, settings.turnaround_hours
        );
    }
    let cast_rests =
        before.map(|before| short_cast_rests_between(schedule, production, before, day, &calls));
    for rest in cast_rests.into_iter().flatten() {
        let _ = writeln!(
            body,
            "<p><b>Short rest for {}. {}: {:.1} h since dismissal at {} on day {}</b> (their rest is {} h)</p>",
            rest.cast_id,
            quote::html(&rest.character),
            rest.hours,
            quote::html(&rest.dismissed),
            rest.after,
            settings.turnaround_hours
        );
    }
    if let Some((due, wrap)) = meal_penalty(production, day) {
        let _ = writeln!(
            body,
            "<p><b>Meal penalty: the day runs {} min past the meal due at {}</b> (a walking meal, or the wrap brought in)</p>",
            wrap - due,
            quote::html(&calendar::clock_of_the_date(due))
        );
    }
    if day.strips.is_empty() {
        body.push_str("<p>Dark day: no shooting.</p>\n");
    }
    body.push_str("<h2>Scenes</h2>\n");
    scenes_table(&mut body, day);
    body.push_str("<h2>Cast</h2>\n<table><tr><th>#</th><th>Character</th><th>Actor</th><th>Makeup</th><th>On set</th><th>Wardrobe</th></tr>\n");
    for call in calls {
        let Some(member) = schedule.cast.iter().find(|c| c.id == call.cast_id) else {
            continue;
        };
        let _ = writeln!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            call.cast_id,
            quote::html(&member.character),
            quote::html(member.actor.as_deref().unwrap_or("")),
            quote::html(&call.makeup),
            quote::html(&call.on_set),
            quote::html(&call.wearing.join(", "))
        );
    }
    body.push_str("</table>\n");
    let needs: Vec<(String, Needs)> = departments(day)
        .into_iter()
        .map(|(category, items)| (category.label().to_owned(), items))
        .chain(day_gear(day, gear))
        .collect();
    if !needs.is_empty() {
        body.push_str(
            "<h2>Departments</h2>\n<table><tr><th>Department</th><th>Needed (scenes)</th></tr>\n",
        );
        for (department, items) in &needs {
            let listed: Vec<String> = items
                .iter()
                .map(|(item, scenes)| format!("{item} ({})", scenes.join(", ")))
                .collect();
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td>{}</td></tr>",
                quote::html(department),
                quote::html(&listed.join(", "))
            );
        }
        body.push_str("</table>\n");
    }
    body.push_str("<h2>Locations</h2>\n<table><tr><th>Location</th><th>Address</th><th>Nearest hospital</th><th>Sunrise</th><th>Sunset</th><th>Permits</th><th>Notes</th></tr>\n");
    let permits = permits_by_day(locations);
    for name in &day.locations {
        let location = production.locations.iter().find(|l| &l.name == name);
        let sun = location.and_then(|l| {
            let date = day.date.as_deref()?;
            calendar::sun_times(l.place_on(calendar::parse_date(date)?)?, date)
        });
        let (rise, set) = sun.unwrap_or_default();
        // What the unit must know on arrival: hours it would overrun, what the
        // place offers and its rules.
        let overrun = location
            .zip(site_hours(production, day, name))
            .and_then(|(l, here)| calendar::outside_hours(l.hours.as_deref(), here))
            .map(|agreed| format!("Outside the agreed hours {}", calendar::span(agreed)));
        let here = locations
            .locations
            .iter()
            .filter(|sheet| &sheet.name == name)
            .flat_map(|sheet| &sheet.days)
            .find(|here| here.day == day.number);
        let in_the_wrong_light = here.into_iter().flat_map(|here| {
            let day = here.outside_daylight.as_ref();
            let night = here.in_daylight.as_ref();
            day.map(|light| format!("A day exterior outside daylight {light}"))
                .into_iter()
                .chain(night.map(|light| format!("A night exterior in daylight {light}")))
        });
        let in_the_wrong_light: Vec<String> = in_the_wrong_light.collect();
        let notes: Vec<&str> = overrun
            .iter()
            .chain(&in_the_wrong_light)
            .chain(
                location
                    .into_iter()
                    .flat_map(|l| l.features.iter().chain(&l.restrictions)),
            )
            .map(String::as_str)
            .collect();
        let sheet = locations.locations.iter().find(|sheet| &sheet.name == name);
        let _ = writeln!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            quote::html(name),
            // A set the production file does not place yet.
            match location {
                Some(_) => sheet.map_or_else(String::new, address_cell),
                None => "<i>To be found</i>".to_owned(),
            },
            match (
                location,
                sheet.and_then(|sheet| sheet.nearest_hospital.as_deref())
            ) {
                (_, Some(hospital)) => quote::html(hospital),
                // The set medic needs one before the unit gets there.
                (Some(_), None) => "<b>not given</b>".to_owned(),
                (None, None) => String::new(),
            },
            rise,
            set,
            quote::html(
                &permits
                    .get(&(day.number, name.as_str()))
                    .map_or_else(String::new, |names| names.join(", "))
            ),
            quote::html(&notes.join("; "))
        );
    }
    body.push_str("</table>\n");
    for step in locations.moves.iter().filter(|m| m.day == day.number) {
        let how_far = step
            .distance_km
            .zip(step.drive_minutes)
            .map_or_else(String::new, |(km, minutes)| {
                format!(": {km:.1} km, about {minutes} min by road")
            });
        let _ = writeln!(
            body,
            "<p><b>Company move</b> from {} to {}{how_far}.</p>",
            quote::html(&step.from),
            quote::html(&step.to)
        );
    }
    if let Some(next) = schedule.days.get(number as usize) {
        let _ = writeln!(
            body,
            "<h2>Advance schedule: day {}{}</h2>",
            next.number,
            next.date.as_ref().map_or(String::new(), |d| format!(
                " &middot; {}",
                calendar::long_date(d)
            ))
        );
        scenes_table(&mut body, next);
    }
    if !settings.call_sheet_notes.is_empty() {
        body.push_str("<h2>Notes</h2>\n<ul>\n");
        for note in &settings.call_sheet_notes {
            let _ = writeln!(body, "<li>{}</li>", quote::html(note));
        }
        body.push_str("</ul>\n");
    }
    body.push_str("</div>\n");
    page(
        &format!("{} call sheet day {}", schedule.title, day.number),
        &body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::production::CastMember;
    use oneshot_model::{Character, MakeupLook};

    fn strip(scene: u32, cast: &[u32]) -> Strip {
        Strip {
            scene,
            label: scene.to_string(),
            int_ext: "INT".into(),
            set: "DINER".into(),
            description: String::new(),
            location: "Diner".into(),
            day_night: DayNight::Day,
            on_a_stage: false,
            day_for_night: false,
            time_of_day: Some("DAY".into()),
            eighths: 8,
            scene_eighths: 8,
            setups: 0,
            story_day: 1,
            cast: cast.to_vec(),
            elements: BTreeMap::new(),
        }
    }

    fn schedule() -> ShootingSchedule {
        let day = |number: u32, strips: Vec<Strip>| ShootDay {
            call_delay_minutes: 0,
            number,
            date: None,
            day_night: DayNight::Day,
            eighths: 8 * strips.len() as u32,
            locations: if strips.is_empty() {
                vec![]
            } else {
                vec!["Diner".into()]
            },
            strips,
        };
        let member = |id: u32, name: &str| CastMember {
            id,
            character: name.into(),
            actor: None,
            daily_rate: 100.0,
            rate_assumed: false,
        };
        ShootingSchedule {
            title: "T".into(),
            days: vec![
                day(1, vec![strip(1, &[1, 2])]),
                day(2, vec![strip(2, &[2])]),
                day(3, vec![strip(3, &[1])]),
                day(4, vec![strip(4, &[3])]),
            ],
            cast: vec![member(1, "BILLY"), member(2, "ROSA"), member(3, "SAL")],
            cost: 0.0,
            lower_bound: 0.0,
            gap: 0.0,
            company_moves: 0,
            seconds: 0.0,
        }
    }

    #[test]
    fn day_out_of_days_marks_work_holds_and_drops() {
        let mut production = ProductionConfig::untitled("T");
        production.schedule.drop_pickup_days = 10;
        let rows = day_out_of_days(&schedule(), &production);
        assert_eq!(rows[0].marks, ["SW", "H", "WF", ""]);
        assert_eq!(
            (rows[0].work_days, rows[0].hold_days, rows[0].paid_days),
            (2, 1, 3)
        );
        assert_eq!(rows[1].marks, ["SW", "WF", "", ""]);
        assert_eq!(rows[2].marks, ["", "", "", "SWF"]);
        production.schedule.drop_pickup_days = 0;
        let dropped = day_out_of_days(&schedule(), &production);
        assert_eq!(dropped[0].marks, ["SWD", "", "PWF", ""]);
        assert_eq!((dropped[0].dropped_days, dropped[0].paid_days), (1, 2));
        // Not held on a day BILLY cannot work: dropped and picked up around it.
        production.schedule.drop_pickup_days = 10;
        let mut billy = Character::named("BILLY");
        billy.unavailable_days = vec![2];
        production.characters.push(billy);
        let away = day_out_of_days(&schedule(), &production);
        assert_eq!(away[0].marks, ["SWD", "", "PWF", ""]);
        assert_eq!(away[0].paid_days, 2);
    }

    #[test]
    fn budget_prices_paid_days_per_department() {
        let mut production = ProductionConfig::untitled("T");
        production.schedule.crew_daily_cost = Some(1000.0);
        let mut schedule = schedule();
        let budget = budget(&schedule, &production);
        assert_eq!(budget.department_totals["Cast"], 100.0 * (3 + 2 + 1) as f64);
        assert_eq!(budget.department_totals["Crew"], 4000.0);
        assert_eq!(budget.total, 4600.0);
        // A dark day still pays the crew.
        schedule.days[1].strips.clear();
        assert_eq!(
            super::budget(&schedule, &production).department_totals["Crew"],
            4000.0
        );
    }

    #[test]
    fn a_performer_called_back_too_soon_is_found() {
        let mut production = ProductionConfig::untitled("T");
        let schedule = schedule();
        assert!(short_cast_rests(&schedule, &production).is_empty());
        // Rosa's scene on day 1 ends at 10:12; day 2 has her in the chair at 07:00:
        // 20.8 hours. Billy works days 1 and 3, Sal day 4 alone.
        production.schedule.turnaround_hours = 21.0;
        let short = short_cast_rests(&schedule, &production);
        assert_eq!(short.len(), 1, "{short:?}");
        let rest = &short[0];
        assert_eq!(
            (rest.day, rest.after, rest.cast_id, rest.character.as_str()),
            (2, 1, 2, "ROSA")
        );
        assert!((rest.hours - 20.8).abs() < 0.01, "{rest:?}");
        assert_eq!(rest.dismissed, "10:12");
        let gear = SceneGear::default();
        let locations = crate::locations::location_plan(&schedule, &production);
        let sheet = call_sheet_html(&schedule, 2, &production, &gear, &locations);
        assert!(
            sheet.contains("Short rest for 2. ROSA: 20.8 h since dismissal at 10:12 on day 1"),
            "{sheet}"
        );
    }

    #[test]
    fn cast_calls_are_staggered_by_first_scene_and_makeup_time() {
        let mut production = ProductionConfig::untitled("T");
        // 11 shooting hours for 44 eighths: 15 minutes an eighth, a scene of 8 is 2 h.
        production.schedule.day_hours = 12.0;
        production.schedule.eighths_per_day = 44;
        let mut billy = Character::named("BILLY");
        billy.prep_minutes = Some(30);
        let mut rosa = Character::named("ROSA");
        rosa.makeup.push(MakeupLook {
            name: "aged".into(),
            scenes: [3, 5],
            hair: None,
            notes: vec![],
            minutes: Some(180),
        });
        production.characters = vec![billy, rosa];
        let mut schedule = schedule();
        schedule.days[0].strips = vec![strip(1, &[1]), strip(2, &[1, 2]), strip(3, &[2, 3])];

        production.schedule.crew_call = "07:00".into();
        let hours = strip_hours(&production, &schedule.days[0]).unwrap();
        let calls = cast_calls(&schedule, &schedule.days[0], &production, &hours);
        // Rosa is aged from scene 3 on, after scene 2 (10:00 to 12:00) and the
        // meal (12:00 to 13:00): three hours in the chair from 10:00, while she is
        // on set.
        assert_eq!(
            calls[1].wearing,
            ["aged (makeup 10:00 for sc. 3, while on set for sc. 2)"]
        );
        assert!(calls[0].wearing.is_empty());
        let times: Vec<(u32, &str, &str)> = calls
            .iter()
            .map(|c| (c.cast_id, c.makeup.as_str(), c.on_set.as_str()))
            .collect();
        assert_eq!(
            times,
            [
                (1, "07:30", "08:00"), // own prep time, on set for the first scene
                (2, "09:00", "10:00"), // the default hour for scene 2; "aged" comes later
                (3, "12:00", "13:00"), // the schedule's default hour, after the meal
            ]
        );
        // Calls are on the quarter hour: 50 minutes of prep before 08:00 is 07:00.
        production.characters[0].prep_minutes = Some(50);
        let calls = cast_calls(&schedule, &schedule.days[0], &production, &hours);
        assert_eq!(calls[0].makeup, "07:00");
        // Four hours of ageing for scene 3 at 13:00: she is called at 09:00 for it.
        production.characters[1].makeup[0].minutes = Some(240);
        let calls = cast_calls(&schedule, &schedule.days[0], &production, &hours);
        assert_eq!(calls[1].makeup, "09:00");
        assert_eq!(
            calls[1].wearing,
            ["aged (makeup 09:00 for sc. 3, while on set for sc. 2)"]
        );
    }

    #[test]
    fn cast_calls_and_the_location_packet_keep_one_clock() {
        let production = ProductionConfig::untitled("T");
        let mut schedule = schedule();
        // Billy and Rosa open the day at the diner; Dex works only at the alley.
        let mut alley = strip(6, &[3]);
        alley.location = "Alley".into();
        schedule.days[0].strips.push(alley);
        schedule.days[0].locations.push("Alley".into());
        let day = &schedule.days[0];
        let hours = strip_hours(&production, day).unwrap();
        let calls = cast_calls(&schedule, day, &production, &hours);
        let arrival = |place| site_hours(&production, day, place).unwrap().0;
        let on_set = |id| {
            calls
                .iter()
                .find(|c| c.cast_id == id)
                .unwrap()
                .on_set
                .clone()
        };
        assert_eq!(on_set(1), calendar::clock(arrival("Diner") + SETUP_MINUTES));
        assert_eq!(on_set(2), on_set(1));
        let dex = round_down_to_quarter(i64::from(arrival("Alley")));
        assert_eq!(on_set(3), calendar::clock(dex as u32));
    }

    #[test]
    fn a_night_called_after_midnight_says_so() {
        let mut production = ProductionConfig::untitled("T");
        production.schedule.crew_call = "15:00".into();
        let mut schedule = schedule();
        schedule.days[0].day_night = DayNight::Night;
        let locations = location_plan(&schedule, &production);
        let sheet = call_sheet_html(&schedule, 1, &production, &SceneGear::new(), &locations);
        assert!(
            sheet.contains("Crew call <b>01:00 (after midnight)</b>"),
            "{sheet}"
        );
        // The night's cast calls (makeup 01:00, on set 02:00) and its wrap are
        // after that midnight too.
        schedule.days[0].strips = vec![strip(1, &[1])];
        let sheet = call_sheet_html(&schedule, 1, &production, &SceneGear::new(), &locations);
        assert!(sheet.contains("<td>02:00 (after midnight)</td>"), "{sheet}");
        assert!(
            sheet.contains("Estimated wrap <b>04:12 (after midnight)</b>"),
            "{sheet}"
        );
        // Called at half past midnight, two hours in the chair: the evening before.
        production.schedule.crew_call = "00:30".into();
        production.schedule.cast_prep_minutes = 120;
        schedule.days[0].day_night = DayNight::Day;
        let sheet = call_sheet_html(&schedule, 1, &production, &SceneGear::new(), &locations);
        assert!(
            sheet.contains("<td>23:30 (the evening before)</td><td>01:30</td>"),
            "{sheet}"
        );
        // Hair and makeup come in with the first actor into the chair.
        assert!(
            sheet.contains(
                "Hair &amp; makeup call <b>23:30 (the evening before)</b> &middot; Crew call <b>00:30</b>"
            ),
            "{sheet}"
        );
    }

    #[test]
    fn call_sheets_tell_each_department_what_the_day_needs() {
        let toml = r#"
title = "T"
[[characters]]
name = "BILLY"
[[characters.costumes]]
name = "denim jacket"
scenes = [1, 2]
[[locations]]
name = "Diner"
features = ["power on site"]
restrictions = ["no filming after 22:00"]
hours = "08:00-22:00"
gps = { lat = 41.8857, lon = -87.6553 }
nearest_hospital = "Rush ER, 1620 W Harrison St"
"#;
        let production = ProductionConfig::from_toml(toml, Path::new("p.toml")).unwrap();
        let mut schedule = schedule();
        let day = &mut schedule.days[0];
        day.strips.push(strip(5, &[1]));
        day.strips[0]
            .elements
            .insert(Category::Props, vec!["revolver".into()]);
        day.strips[1]
            .elements
            .insert(Category::Props, vec!["revolver".into(), "chain".into()]);
        day.strips[1]
            .elements
            .insert(Category::Vehicles, vec!["cab".into()]);

        // The unit moves on to the alley for scene 6.
        let mut alley = strip(6, &[]);
        alley.location = "Alley".into();
        day.strips.push(alley);
        day.locations.push("Alley".into());

        // A plan's grip and electric, for scenes 1 and 5 (a strip's label is its number).
        let gear = SceneGear::from([
            (1, vec![("grip".to_owned(), "tripod".to_owned())]),
            (
                5,
                vec![
                    ("grip".to_owned(), "tripod".to_owned()),
                    ("electric".to_owned(), "generator".to_owned()),
                ],
            ),
        ]);
        let locations = location_plan(&schedule, &production);
        let sheet = call_sheet_html(&schedule, 1, &production, &gear, &locations);
        assert!(sheet.contains("<td>denim jacket (sc. 1)</td>"), "{sheet}");
        // Where it is and where the nearest emergency room is, for everyone.
        assert!(
            sheet.contains("<td>41.88570, -87.65530 <a href=\"https://www.openstreetmap.org/?mlat=41.88570&amp;mlon=-87.65530#map=17/41.88570/-87.65530\">map</a></td><td>Rush ER, 1620 W Harrison St</td>"),
            "{sheet}"
        );
        assert!(
            sheet.contains("<td>Grip</td><td>tripod (1, 5)</td>"),
            "{sheet}"
        );
        assert!(
            sheet.contains("<td>Electric</td><td>generator (5)</td>"),
            "{sheet}"
        );
        assert!(
            sheet.contains("<td>Props</td><td>revolver (1, 5), chain (5)</td>"),
            "{sheet}"
        );
        assert!(
            sheet.contains("<td>Vehicles</td><td>cab (5)</td>"),
            "{sheet}"
        );
        // Three scenes of a page at 16.5 minutes an eighth, and the move to the
        // alley: 6 h 36 of shooting and 2 h on the road from the 08:00 shooting
        // call, and the meal after the second scene, before the move.
        assert!(
            sheet.contains("Meal <b>12:24&ndash;13:24</b> &middot; Estimated wrap <b>17:36</b>"),
            "{sheet}"
        );
        // Called at 07:00, the unit is on site before the diner opens to it.
        assert!(
            sheet.contains(
                "Outside the agreed hours 08:00-22:00; power on site; no filming after 22:00"
            ),
            "{sheet}"
        );
        assert!(sheet.contains("Advance schedule: day 2"), "{sheet}");
        // Permits per location (the revolver is a weapon); the move without GPS has
        // no distance.
        assert!(
            sheet.contains("<td>Location agreement, Weapons</td><td>Outside the agreed"),
            "{sheet}"
        );
        assert!(
            sheet.contains("<b>Company move</b> from Diner to Alley.</p>"),
            "{sheet}"
        );
        let last = call_sheet_html(&schedule, 4, &production, &gear, &locations);
        assert!(!last.contains("Advance schedule") && !last.contains("Departments"));
        // A day exterior the packet flags outside daylight is noted for the unit.
        let mut dark = locations.clone();
        let diner = dark
            .locations
            .iter_mut()
            .find(|s| s.name == "Diner")
            .unwrap();
        diner.days[0].outside_daylight = Some("07:45-16:30".into());
        let sheet = call_sheet_html(&schedule, 1, &production, &gear, &dark);
        assert!(
            sheet.contains(
                "Outside the agreed hours 08:00-22:00; A day exterior outside daylight 07:45-16:30;"
            ),
            "{sheet}"
        );
    }

    #[test]
    fn dated_documents_name_the_weekday_and_end_each_week() {
        let mut schedule = schedule();
        for (day, date) in
            schedule
                .days
                .iter_mut()
                .zip(["2027-01-06", "2027-01-07", "2027-01-08", "2027-01-11"])
        {
            day.date = Some(date.into());
        }
        let production = ProductionConfig::untitled("T");
        let board = stripboard_html(&schedule, &production);
        assert!(
            board.contains("END OF DAY 3 (Friday 2027-01-08)"),
            "{board}"
        );
        assert_eq!(board.matches("END OF WEEK").count(), 1, "{board}");
        assert!(
            board.contains("(Friday 2027-01-08) &mdash; 1 pages</td></tr>\n<tr class=\"week\"><td colspan=\"8\">END OF WEEK 1</td>"),
            "{board}"
        );
        let dood = dood_html(
            &schedule,
            &day_out_of_days(&schedule, &production),
            &production,
        );
        assert!(
            dood.contains("<th>4<br><small>Mon 01-11</small></th>"),
            "{dood}"
        );
        let plan = location_plan(&schedule, &production);
        let sheet = call_sheet_html(&schedule, 4, &production, &SceneGear::new(), &plan);
        assert!(
            sheet.contains("Day 4 of 4</b> &middot; Monday 2027-01-11"),
            "{sheet}"
        );
    }

    /// The fields of one CSV record (RFC 4180 quoting).
    fn csv_fields(line: &str) -> Vec<String> {
        let (mut fields, mut field, mut quoted) = (Vec::new(), String::new(), false);
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' if quoted && chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = !quoted,
                ',' if !quoted => fields.push(std::mem::take(&mut field)),
                c => field.push(c),
            }
        }
        fields.push(field);
        fields
    }

    #[test]
    fn the_shooting_schedule_describes_each_strip_and_what_it_needs() {
        let mut schedule = schedule();
        let strip = &mut schedule.days[0].strips[0];
        strip.description = "Ray, \"the kid\" <runs> & hides".into();
        strip.setups = 6;
        strip.time_of_day = Some("DAWN".into());
        strip.elements.insert(Category::Props, vec!["chain".into()]);
        let csv = stripboard_csv(&schedule);
        for line in csv.lines() {
            assert_eq!(csv_fields(line).len(), 13, "{line}");
        }
        let first = csv_fields(csv.lines().nth(1).unwrap());
        assert_eq!(first[10], "Ray, \"the kid\" <runs> & hides");
        // All of the scene's page, at first light.
        assert_eq!(
            (first[7].as_str(), first[11].as_str(), first[12].as_str()),
            ("8", "8", "DAWN")
        );
        schedule.days[0].strips[0].time_of_day = Some("PRE-DAWN".into());
        let csv = stripboard_csv(&schedule);
        assert_eq!(csv_fields(csv.lines().nth(1).unwrap())[12], "PRE-DAWN");
        let html = shooting_schedule_html(&schedule, &ProductionConfig::untitled("T"));
        assert!(html.contains("4 shoot days, 4 pages."), "{html}");
        assert!(html.contains("<th>1 pages, 6 set-ups</th>"), "{html}");
        assert!(html.contains("Ray, &quot;the kid&quot; &lt;runs&gt; &amp; hides"));
        assert!(html.contains("<b>Cast:</b> 1. BILLY, 2. ROSA &middot; <b>Location:</b> Diner &middot; <b>Props:</b> chain"));
        assert_eq!(html.matches("END OF DAY").count(), 4);
        assert!(!html.contains("<runs>"));
    }

    #[test]
    fn an_undated_return_from_nights_to_days_shows_its_rest_day() {
        let mut schedule = schedule();
        schedule.days[1].day_night = DayNight::Night;
        // The crew is paid for it, as the optimiser counts it.
        let production = ProductionConfig::untitled("T");
        assert_eq!(crew_days(&schedule, &production), 5);
        let production = ProductionConfig::untitled("T");
        for html in [
            stripboard_html(&schedule, &production),
            shooting_schedule_html(&schedule, &production),
        ] {
            assert_eq!(html.matches(REST_DAY).count(), 1);
            // Its bar prints as it shows.
            assert!(html.contains("print-color-adjust:exact"));
            let (before, _) = html.split_once(REST_DAY).unwrap();
            assert!(before.contains("END OF DAY 2") && !before.contains("END OF DAY 3"));
        }
        // Dated, the rest day is a work day the dates pass over, not a weekend.
        let mut production = ProductionConfig::untitled("T");
        production.schedule.start_date = Some("2027-08-16".into());
        let mut dated = |night: &str, next: &str| {
            schedule.days[1].date = Some(night.into());
            schedule.days[2].date = Some(next.into());
            stripboard_html(&schedule, &production)
                .matches(REST_DAY)
                .count()
        };
        assert_eq!(
            dated("2027-08-18", "2027-08-20"),
            1,
            "Wednesday night, Friday"
        );
        assert_eq!(dated("2027-08-20", "2027-08-23"), 0, "Friday night, Monday");
    }

    #[test]
    fn documents_are_written_completely() {
        let dir =
            std::env::temp_dir().join(format!("oneshot-schedule-docs-{}", std::process::id()));
        let untitled = ProductionConfig::untitled("T");
        let written = write_documents(&schedule(), &untitled, &SceneGear::new(), &dir).unwrap();
        assert_eq!(written.len(), 11 + 4);
        let csv = std::fs::read_to_string(dir.join("stripboard.csv")).unwrap();
        assert!(
            csv.lines()
                .nth(1)
                .unwrap()
                .starts_with("1,,1,INT,DINER,DAY,1,8,1 2,Diner"),
            "{csv}"
        );
        let sheet = std::fs::read_to_string(dir.join("callsheets/day-01.html")).unwrap();
        assert!(sheet.contains("Day 1 of 4"), "{sheet}");
        assert!(std::fs::read_dir(&dir).unwrap().all(|e| {
            !e.unwrap()
                .file_name()
                .to_string_lossy()
                .contains(oneshot_model::files::PARTIAL_MARK)
        }));
        // A shorter schedule after it leaves no call sheet of the longer one.
        let mut shorter = schedule();
        shorter.days.truncate(2);
        write_documents(&shorter, &untitled, &SceneGear::new(), &dir).unwrap();
        let mut sheets: Vec<String> = std::fs::read_dir(dir.join("callsheets"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        sheets.sort();
        assert_eq!(sheets, ["day-01.html", "day-02.html"]);
        std::fs::write(dir.join("callsheets/day-01-revised.html"), "mine").unwrap();
        write_documents(&shorter, &untitled, &SceneGear::new(), &dir).unwrap();
        assert!(dir.join("callsheets/day-01-revised.html").exists());
        // A file where a document goes fails the run before any document changes.
        std::fs::create_dir(dir.join("permits.csv.d")).unwrap();
        std::fs::remove_file(dir.join("permits.csv")).unwrap();
        std::fs::rename(dir.join("permits.csv.d"), dir.join("permits.csv")).unwrap();
        let before = std::fs::read_to_string(dir.join("schedule.json")).unwrap();
        assert!(write_documents(&schedule(), &untitled, &SceneGear::new(), &dir).is_err());
        assert_eq!(
            std::fs::read_to_string(dir.join("schedule.json")).unwrap(),
            before
        );
        assert!(!dir.join("callsheets/day-03.html").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
