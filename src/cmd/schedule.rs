//! `oneshot schedule`: solve a talent scheduling benchmark instance, or schedule a
//! screenplay's shoot and write its stripboard, Day Out of Days, call sheets, budget
//! and location packet.

use crate::out::{say, tell};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use oneshot_model::ProductionPlan;
use oneshot_model::files::read_text_at_most;
use oneshot_schedule::calendar::{self, Calendar};
use oneshot_schedule::{SceneGear, SceneSetups};

#[derive(clap::Args)]
pub struct Args {
    /// The screenplay (.fountain or .fdx) to schedule.
    #[arg(required_unless_present = "talent", conflicts_with = "talent")]
    script: Option<PathBuf>,
    /// Solve a talent scheduling instance (Stuckey text format or MiniZinc .dzn) instead.
    #[arg(long, value_name = "FILE")]
    talent: Option<PathBuf>,
    /// Output format for --talent [default: json].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// The production file (rates, locations, schedule settings).
    #[arg(long, value_name = "FILE", conflicts_with = "talent")]
    production: Option<PathBuf>,
    /// Directory for the schedule documents (--talent prints its schedule instead).
    #[arg(
        short,
        long,
        value_parser = super::output_folder,
        value_name = "DIR",
        default_value = "schedule",
        conflicts_with = "talent"
    )]
    output: PathBuf,
    /// The production's plan (`plan.json` from `oneshot plan` of this script):
    /// each strip then carries its scene's camera set-ups (weighed with
    /// `schedule.setups_per_day`), and each call sheet lists the grip, electric
    /// and B camera its scenes need.
    #[arg(long, value_name = "FILE", conflicts_with = "talent")]
    plan: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Json,
    Text,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if let Some(file) = &args.talent {
        return talent(file, args.format.unwrap_or(Format::Json));
    }
    if args.format.is_some() {
        // Clap cannot say it: SCRIPT and --talent conflict, so it relaxes `requires`.
        anyhow::bail!("--format is for --talent: a screenplay's schedule is written to -o DIR");
    }
    let script_path = args.script.expect("clap requires SCRIPT or --talent");
    let script = oneshot_script::load(&script_path)?;
    let production = super::production_for(&script, args.production.as_deref())?;
    // A look the production names that there is none of is refused as the plan
    // (and the server's schedule) refuses it.
    if let (Err(err), Some(file)) = (oneshot_plan::check_looks(&production), &args.production) {
        anyhow::bail!("{}: {err}", file.display());
    }
    for location in production.locations.iter().filter(|l| l.keeps_solar_time()) {
        tell!(
            "warning: location {}: GPS but no time_zone: its sun times are solar time, which can be an hour or more from the clock",
            location.name
        );
    }
    let plan = args.plan.as_deref().map(read_plan).transpose()?;
    if let (Some(plan), Some(path)) = (&plan, &args.plan) {
        // The plan's set-ups and gear are keyed by scene order.
        let same_scene = |planned: &oneshot_model::ScenePlan| {
            let scene = script.scenes.iter().find(|s| s.number == planned.scene);
            scene.is_some_and(|s| s.heading == planned.heading)
        };
        if !plan.scenes.iter().all(same_scene) {
            anyhow::bail!(
                "the plan {} is not of {}: its scenes differ (plan the script again)",
                path.display(),
                script_path.display()
            );
        }
    } else if production.schedule.setups_per_day.is_some() {
        tell!(
            "warning: schedule.setups_per_day weighs set-ups from a shot plan: without --plan the schedule goes by pages"
        );
    }
    let (gear, setups) = match &plan {
        Some(plan) => (
            oneshot_plan::grip_electric::scene_gear(plan),
            oneshot_plan::setups::per_scene(&oneshot_plan::setups::setups(plan)),
        ),
        None => (SceneGear::new(), SceneSetups::new()),
    };
    let schedule = oneshot_schedule::schedule_with_setups(&script, &production, &setups)
        .with_context(|| format!("cannot schedule {}", script_path.display()))?;
    oneshot_schedule::write_documents(&schedule, &production, &gear, &args.output)?;
    let dates = match (
        schedule.days.first().and_then(|d| d.date.as_deref()),
        schedule.days.last().and_then(|d| d.date.as_deref()),
    ) {
        (Some(first), Some(last)) => format!(" ({first} to {last})"),
        _ => String::new(),
    };
    say!(
        "{} shoot days{dates}, {} company moves, cost {:.0} (lower bound {:.0}, gap {:.1}%) in {:.1} s -> {}",
        schedule.days.len(),
        schedule.company_moves,
        schedule.cost,
        schedule.lower_bound,
        schedule.gap * 100.0,
        schedule.seconds,
        args.output.display()
    )?;
    // What the schedule cannot settle itself, for the production to take up.
    let first = schedule.days.first().and_then(|d| d.date.as_deref());
    if let (Some(calendar), Some(first)) = (Calendar::new(&production.schedule), first) {
        let start = calendar::date(calendar.work_day_from(calendar.start()));
        if first > start.as_str() {
            tell!(
                "warning: the shoot starts on {first}, not {start}: the cast or locations of every scene it could open with are unavailable until then"
            );
        }
    }
    for rest in oneshot_schedule::locations::short_rests(&schedule, &production) {
        tell!(
            "warning: day {} is called {} day {}'s wrap, under the crew's {} h turnaround",
            rest.day,
            hours_after(rest.hours),
            rest.after,
            production.schedule.turnaround_hours
        );
    }
    for rest in oneshot_schedule::documents::short_cast_rests(&schedule, &production) {
        tell!(
            "warning: {}. {} is called on day {} {} their dismissal on day {}, under the {} h rest",
            rest.cast_id,
            rest.character,
            rest.day,
            hours_after(rest.hours),
            rest.after,
            production.schedule.turnaround_hours
        );
    }
    let mut unplaced: Vec<&str> = (schedule.days.iter())
        .flat_map(|day| &day.locations)
        .filter(|name| !production.locations.iter().any(|l| &l.name == *name))
        .map(String::as_str)
        .collect();
    unplaced.sort_unstable();
    unplaced.dedup();
    if production.locations.is_empty() {
        tell!(
            "warning: the production file places no sets ([[locations]]): call sheets say \"to be found\""
        );
    } else if !unplaced.is_empty() {
        let sets = match unplaced.len() {
            1 => "1 set has".to_owned(),
            n => format!("{n} sets have"),
        };
        tell!(
            "warning: {sets} no [[locations]] entry in the production file: call sheets say \"to be found\" and moves there have no distance ({})",
            unplaced.join(", ")
        );
    }
    let no_hospital: Vec<&str> = (production.locations.iter())
        .filter(|l| l.nearest_hospital.is_none())
        .filter(|l| {
            schedule
                .days
                .iter()
                .any(|day| day.locations.contains(&l.name))
        })
        .map(|l| l.name.as_str())
        .collect();
    if !no_hospital.is_empty() {
        tell!(
            "warning: no nearest_hospital for {}: their call sheets say \"not given\"",
            no_hospital.join(", ")
        );
    }
    let locations = oneshot_schedule::locations::location_plan(&schedule, &production);
    for sheet in &locations.locations {
        for day in &sheet.days {
            if let Some(agreed) = &day.outside_hours {
                tell!(
                    "warning: day {} at {}: the unit works {}, outside the agreed hours {}",
                    day.day,
                    sheet.name,
                    day.unit_hours,
                    agreed
                );
            }
            let wrong_light = [
                (
                    &day.outside_daylight,
                    "a day exterior is shot outside daylight",
                ),
                (&day.in_daylight, "a night exterior is shot in daylight"),
            ];
            for (daylight, what) in wrong_light {
                if let Some(daylight) = daylight {
                    tell!(
                        "warning: day {} at {}: the unit is there {}, and {what} {daylight} (scenes here: {})",
                        day.day,
                        sheet.name,
                        day.unit_hours,
                        day.scenes.join(", ")
                    );
                }
            }
        }
    }
    Ok(())
}

/// `8.5 h after`, or for a day that runs on past the next one's call (too many
/// eighths for one day), `0.8 h before`.
fn hours_after(hours: f32) -> String {
    match hours < 0.0 {
        true => format!("{:.1} h before", -hours),
        false => format!("{hours:.1} h after"),
    }
}

/// The shot plan at `path` (a `plan.json`).
fn read_plan(path: &Path) -> anyhow::Result<ProductionPlan> {
    let text = read_text_at_most(path, oneshot_plan::MAX_PLAN_BYTES)
        .with_context(|| format!("cannot read the plan {}", path.display()))?;
    serde_json::from_str(&text)
        .with_context(|| format!("{} is not a production plan", path.display()))
}

fn talent(file: &std::path::Path, format: Format) -> anyhow::Result<()> {
    let instance = oneshot_schedule::read_instance(file)?;
    let solution = oneshot_schedule::solve(&instance);
    match format {
        Format::Json => say!(
            "{}",
            serde_json::json!({
                "cost": solution.cost,
                "order": solution.order,
                "optimal": solution.optimal,
                "lower_bound": solution.lower_bound,
                "seconds": solution.seconds,
            })
        )?,
        Format::Text => {
            say!("{instance}")?;
            say!(
                "cost {} ({}, lower bound {}) in {:.3} s",
                solution.cost,
                if solution.optimal {
                    "optimal"
                } else {
                    "not proven optimal"
                },
                solution.lower_bound,
                solution.seconds
            )?;
            let order: Vec<String> = solution.order.iter().map(usize::to_string).collect();
            say!("order {}", order.join(" "))?;
        }
    }
    Ok(())
}
