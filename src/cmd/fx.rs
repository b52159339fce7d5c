//! `oneshot fx`: composite weather, atmosphere and fire over frames, as a
//! production's scenes get them from their special effects (`oneshot-fx`).
//!
//! The effects are named as a breakdown names them (`--effects "rain, wind"`,
//! `--effects storm`) and become the same layers a planned scene gets. The inputs
//! are one shot: frame N (in order, folders in name order) is N / fps seconds in,
//! so the rain falls from frame to frame.

use crate::out::say;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use oneshot_model::production::EffectsSettings;
use oneshot_model::{EffectKind, EffectLayer};
use oneshot_plan::effects;
use oneshot_retro::io::{encode_png, load_image};

#[derive(clap::Args)]
#[command(after_help = "Effect words: see `oneshot fx --list`.")]
pub struct Args {
    /// Input images (PNG, JPEG) or folders of them: the frames of one shot, in order.
    #[arg(required_unless_present = "list")]
    inputs: Vec<PathBuf>,
    /// Output PNG file (one input) or folder.
    #[arg(short, long, value_parser = super::output_file, required_unless_present = "list")]
    output: Option<PathBuf>,
    /// The special effects, comma-separated, as a breakdown names them: `rain, wind`,
    /// `storm`, `fog`, `flames`.
    #[arg(long, required_unless_present = "list")]
    effects: Option<String>,
    /// Scales every effect, 0 to 2.
    #[arg(long, default_value_t = 1.0)]
    strength: f32,
    /// The shot is inside: no rain or snow falls, lightning comes in dimmed.
    #[arg(long)]
    interior: bool,
    /// Frames per second of the inputs.
    #[arg(long, default_value_t = 24.0)]
    fps: f32,
    /// Places the drops and flakes: another seed, another shower.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// List the effect words, then exit.
    #[arg(long)]
    list: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if args.list {
        for word in EffectKind::words() {
            say!("{word}")?;
        }
        return Ok(());
    }
    let layers = layers(&args)?;
    let output = args.output.as_deref().context("--output is required")?;
    let jobs = super::image_jobs(&args.inputs, output)?;
    let what = format!("fx {}", args.effects.as_deref().unwrap_or_default().trim());
    super::run_image_jobs(&jobs, &what, output, |index, input, target| {
        let seconds = index as f32 / args.fps;
        composite_file(&layers, seconds, args.seed, input, target)
    })
}

/// The layers `--effects` calls for; every effect must name a word the
/// compositor knows, and something must be left to composite.
fn layers(args: &Args) -> anyhow::Result<Vec<EffectLayer>> {
    if !(args.fps.is_finite() && args.fps > 0.0) {
        bail!("--fps must be more than 0, not {}", args.fps);
    }
    if !(0.0..=2.0).contains(&args.strength) {
        bail!("--strength must be from 0 to 2, not {}", args.strength);
    }
    let elements: Vec<String> = args
        .effects
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(str::to_owned)
        .collect();
    if elements.is_empty() {
        bail!("--effects names no effect (`oneshot fx --list` lists the words)");
    }
    for element in &elements {
        if !element.split_whitespace().any(EffectKind::is_effect_word) {
            bail!("no effect in `{element}` (`oneshot fx --list` lists the words)");
        }
    }
    let settings = EffectsSettings {
        strength: args.strength,
        ..EffectsSettings::default()
    };
    let layers = effects::layers(&elements, args.interior, &settings);
    if layers.is_empty() {
        let why = if args.strength <= 0.0 {
            "--strength 0 composites none"
        } else if args.interior {
            "rain and snow do not fall in an --interior, and wind blows only what falls or drifts"
        } else {
            "wind blows only what falls or drifts: name rain, snow or smoke with it"
        };
        bail!("nothing to composite: {why}");
    }
    Ok(layers)
}

fn composite_file(
    layers: &[EffectLayer],
    seconds: f32,
    seed: u64,
    input: &Path,
    output: &Path,
) -> anyhow::Result<Vec<u8>> {
    let mut image = load_image(input)?;
    oneshot_fx::composite(
        &mut image.rgba,
        image.width,
        image.height,
        layers,
        seconds,
        seed,
    )
    .with_context(|| input.display().to_string())?;
    Ok(encode_png(&image, output)?)
}
