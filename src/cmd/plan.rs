//! `oneshot plan SCRIPT [--production FILE] -o DIR`: the planning stage (breakdown,
//! shot list, sets, light plots, cameras) written to DIR; and `oneshot plan --finish
//! DIR`: the post stage after Blender has rendered DIR/frames (storyboard, edit,
//! manifest).

use crate::out::{say, tell};
use std::path::PathBuf;

use oneshot_model::ProductionConfig;
use oneshot_plan::PlanError;

/// What the two modes write, for `oneshot plan --help`.
const AFTER_HELP: &str = "\
Planning writes DIR/breakdown.json, DIR/shotlist.json and DIR/plan.json: sets, cast
marks, light plots and one camera set-up per shot, for the Blender add-on to build and
render into DIR/frames/<shot id>.png. Beside them: the sound cue sheet and temp mix
(DIR/sound/, with stems when the production asks), the VFX breakdown
(DIR/vfx.json, DIR/vfx.csv) and grip and electric: each shot's camera support and each
scene's lamps, gels and power (DIR/grip_electric.json, DIR/grip.csv, DIR/electric.csv),
and DIR/overheads.html: each set from above with its cameras, cast marks and lights.

`oneshot plan --finish DIR` then reads those frames and writes DIR/storyboard.png (a
contact sheet with scene and shot numbers, shot sizes and the lines spoken), the cut
as DIR/edit.otio (OpenTimelineIO) and DIR/edit.edl (CMX 3600), and DIR/manifest.json.
A shot without a readable frame is an error, and nothing is written; with
--allow-missing it becomes a placeholder panel and a warning (a storyboard before
the renders).

Examples:
  oneshot plan examples/alley-kings.fountain --production examples/alley-kings.toml -o out/alley-kings
  oneshot plan --finish out/alley-kings";

#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The screenplay: Fountain (.fountain, .txt) or Final Draft (.fdx).
    #[arg(required_unless_present = "finish")]
    pub script: Option<PathBuf>,
    /// The production file (TOML). Without one, looks and sets come from the breakdown.
    #[arg(long, value_name = "FILE", conflicts_with = "finish")]
    pub production: Option<PathBuf>,
    /// Output folder (created when missing; files in it are replaced atomically).
    #[arg(
        short,
        long = "output",
        visible_alias = "out",
        value_name = "DIR",
        value_parser = super::output_folder,
        required_unless_present = "finish"
    )]
    pub out: Option<PathBuf>,
    /// Finish DIR (a planned and rendered output folder): write the storyboard, the edit and the manifest.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["script", "out"])]
    pub finish: Option<PathBuf>,
    /// With --finish: a shot without a readable frame gets a placeholder panel and
    /// a warning instead of stopping the finish.
    #[arg(long, requires = "finish")]
    pub allow_missing: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if let Some(dir) = args.finish {
        let missing = match args.allow_missing {
            true => oneshot_plan::MissingFrames::Placeholders,
            false => oneshot_plan::MissingFrames::Refuse,
        };
        return finish(dir, missing);
    }
    let (Some(script_path), Some(out)) = (args.script, args.out) else {
        anyhow::bail!("`oneshot plan` needs a SCRIPT and -o DIR, or --finish DIR");
    };
    let script = oneshot_script::load(&script_path)?;
    let production = args
        .production
        .as_deref()
        .map(ProductionConfig::load)
        .transpose()?;
    let plan = oneshot_plan::plan(&script, production.as_ref()).map_err(|err| {
        match (&err, &args.production) {
            // A look the production names is the production file's mistake.
            (PlanError::UnknownLook { .. }, Some(file)) => {
                anyhow::anyhow!("{}: {err}", file.display())
            }
            _ => anyhow::Error::new(err).context(format!("cannot plan {}", script_path.display())),
        }
    })?;
    for warning in &plan.warnings {
        tell!("warning: {warning}");
    }
    for warning in oneshot_plan::write_plan(&plan, &script, &out)? {
        tell!("warning: {warning}");
    }
    // The film's running time, as the shot list gives it: the end credits too.
    let shots = plan.shots.iter().map(|s| s.duration_s);
    let credits = plan.end_credits.iter().map(|card| card.seconds);
    let seconds = shots.chain(credits).sum::<f32>().round() as u32;
    say!(
        "planned {:?}: {} scenes, {} shots, {}:{:02} running time, in {}",
        plan.title,
        plan.scenes.len(),
        plan.shots.len(),
        seconds / 60,
        seconds % 60,
        out.display()
    )?;
    Ok(())
}

fn finish(dir: PathBuf, missing: oneshot_plan::MissingFrames) -> anyhow::Result<()> {
    let finished = oneshot_plan::finish(&dir, missing)?;
    for warning in &finished.warnings {
        tell!("warning: {warning}");
    }
    let edit = std::iter::once(&finished.manifest.edit_otio).chain(&finished.manifest.edit_edl);
    let written: Vec<&str> = std::iter::once(&finished.manifest.storyboard)
        .chain(edit)
        .map(String::as_str)
        .collect();
    say!(
        "wrote {} and manifest.json ({} shots, {} warnings) in {}",
        written.join(", "),
        finished.manifest.shots.len(),
        finished.warnings.len(),
        dir.display()
    )?;
    Ok(())
}
