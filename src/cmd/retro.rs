//! `oneshot retro`: frames in, retro frames out (files, folders or a sprite sheet).
//!
//! All the work is in `oneshot-retro`; this module maps arguments to its settings,
//! decides output paths, shows a progress bar and prints metrics.

use crate::out::{say, tell};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};
use oneshot_model::RetroSettings;
use oneshot_model::files::FileSet;
use oneshot_retro::batch::{self, Job, Processed};
use oneshot_retro::sprite::{self, SheetFrame, Tag};
use oneshot_retro::{Dither, Library, Palette, Pipeline};

#[derive(clap::Args)]
#[command(
    after_help = "Dithers: none, bayer2, bayer4, bayer8, blue-noise, floyd-steinberg, \
atkinson, jjn, stucki, burkes, sierra, sierra2, sierra-lite.\n\
Presets and palettes: see `oneshot retro --list`."
)]
pub struct Args {
    /// Input images (PNG, JPEG) or folders of them; all share one palette.
    #[arg(required_unless_present = "list")]
    inputs: Vec<PathBuf>,
    /// Output file (one input) or folder; with --sheet, the sheet PNG (atlas next to it as .json).
    #[arg(short, long, value_parser = super::output_file, required_unless_present = "list")]
    output: Option<PathBuf>,
    /// Style preset: a name (built-in or in a preset folder) or a .toml file.
    #[arg(long)]
    preset: Option<String>,
    /// Extra folder of presets (NAME.toml) and palettes, searched before the built-ins.
    #[arg(long, value_name = "DIR")]
    presets: Option<PathBuf>,
    /// Palette: a name, a .gpl/.hex/.pal/.ase file, or a machine colour depth to choose
    /// --colors from (`snes`/`rgb555` 15-bit, `gbc`, `megadrive`/`genesis`/`rgb333` 9-bit).
    #[arg(long)]
    palette: Option<String>,
    /// Number of colours (2-256): chosen from the frames, or the best subset of --palette.
    #[arg(long)]
    colors: Option<u32>,
    /// Dither name.
    #[arg(long)]
    dither: Option<String>,
    /// Dither strength, 0-1.
    #[arg(long)]
    strength: Option<f32>,
    /// Scan every row left to right in error diffusion (default: serpentine).
    #[arg(long)]
    no_serpentine: bool,
    /// Native resolution WxH (e.g. 256x224).
    #[arg(long, value_parser = parse_size)]
    size: Option<[u32; 2]>,
    /// Pixel size: one output pixel per NxN source pixels.
    #[arg(long, conflicts_with = "size")]
    pixel: Option<u32>,
    /// Integer upscale of the result for display (default: the preset's; 1 with --sheet).
    #[arg(long)]
    scale: Option<u32>,
    /// Posterize to N levels per channel before palette mapping.
    #[arg(long)]
    posterize: Option<u32>,
    /// Darkened scanlines.
    #[arg(long)]
    scanlines: bool,
    /// CRT look: curvature, shadow mask, bloom, vignette.
    #[arg(long)]
    crt: bool,
    /// Dark outlines at edges.
    #[arg(long)]
    outline: bool,
    /// Pack all frames into one sprite sheet with an Aseprite JSON atlas.
    #[arg(long)]
    sheet: bool,
    /// Frame rate for the sheet's frame durations.
    #[arg(long, default_value_t = 12.0)]
    fps: f32,
    /// Also write the palette used (format from the extension: .gpl, .hex, .pal, .ase).
    #[arg(long, value_name = "FILE", value_parser = super::named_file)]
    save_palette: Option<PathBuf>,
    /// Print per-frame metrics (PSNR, mean CIEDE2000) as JSON on stdout.
    #[arg(long)]
    json: bool,
    /// List presets, palettes and dithers, then exit.
    #[arg(long)]
    list: bool,
}

fn parse_size(s: &str) -> Result<[u32; 2], String> {
    let bad = || format!("`{s}` is not a size WxH (e.g. 256x224)");
    let (w, h) = s.split_once(['x', 'X']).ok_or_else(bad)?;
    Ok([
        w.trim().parse().map_err(|_| bad())?,
        h.trim().parse().map_err(|_| bad())?,
    ])
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let mut library = Library::from_env();
    if let Some(dir) = &args.presets {
        if dir.exists() && !dir.is_dir() {
            bail!(
                "{}: not a folder: --presets names a folder of preset files",
                dir.display()
            );
        }
        if !dir.is_dir() {
            bail!("{}: preset folder does not exist", dir.display());
        }
        library = library.with_dir(dir);
    }
    if args.list {
        say!("presets: {}", library.preset_names().join(", "))?;
        say!("palettes: {}", Palette::builtin_names().join(", "))?;
        say!("dithers: {}", Dither::NAMES.join(", "))?;
        return Ok(());
    }
    let pipeline = pipeline(&args, &library)?;
    if let (Some(asked), Some(count)) = (args.colors, pipeline.colour_count()) {
        if count < asked as usize {
            tell!(
                "warning: --colors {asked}: the palette has only {count} colours; all of them are used"
            );
        }
    }
    for warning in settings_without_effect(&args, &pipeline) {
        tell!("warning: {warning}");
    }
    let output = args.output.clone().context("--output is required")?;
    if args.json && oneshot_model::files::is_a_process_stream(&output) {
        bail!("--json prints the metrics on stdout: write the pictures to a file or a folder");
    }
    let inputs = batch::expand_inputs(&args.inputs)?;
    if let Some(path) = &args.save_palette {
        Palette::check_save_path(path)?;
        let style = pipeline.style();
        if style.palette.is_none() && style.colors.is_none() {
            bail!(
                "--save-palette: this look keeps the picture's own colours, so it has no palette \
                 (give --palette, --colors or a preset with a palette)"
            );
        }
        super::refuse_same_file(path, &inputs, "an input")?;
        if let Some(palette) = args.palette.as_deref().filter(|p| Path::new(p).is_file()) {
            super::refuse_same_file(path, &[palette], "the palette it starts from")?;
        }
        super::make_folder_of(path)?;
    }
    let jobs = jobs(&inputs, &output, &args)?;
    if let Some(path) = &args.save_palette {
        let mut results: Vec<PathBuf> = jobs.iter().filter_map(|job| job.output.clone()).collect();
        if args.sheet {
            results.extend([output.clone(), output.with_extension("json")]);
        }
        super::refuse_same_file(path, &results, "a result's file")?;
    }

    let bar = progress_bar(jobs.len());
    let outcome = batch::run(&pipeline, &jobs, args.json, &|| bar.inc(1));
    bar.finish_and_clear();

    let mut failed = 0;
    let mut done = Vec::new();
    let mut written = outcome.written;
    for result in outcome.results {
        match result {
            Ok(processed) => {
                if processed.vanished {
                    tell!(
                        "warning: {}: every pixel is under half opaque, and retro pixels are \
                         opaque or clear: the result is clear throughout",
                        processed.input.display()
                    );
                }
                done.push(processed)
            }
            Err(err) => {
                failed += 1;
                tell!("oneshot: {err}");
            }
        }
    }
    // The frames, the sheet and the palette of one sequence go into place together
    // or not at all: part of it would pass for the whole, or mix two palettes.
    if failed > 0 {
        bail!("{failed} of {} inputs failed: nothing written", jobs.len());
    }
    if args.sheet && !done.is_empty() {
        let scale = pipeline.style().scale;
        let colours = (outcome.palette.as_deref()).and_then(|used| pipeline.file_palette(used));
        write_sheet(
            &done,
            &args.inputs,
            &output,
            args.fps,
            scale,
            colours.as_deref(),
            &mut written,
        )?;
    }
    if let (Some(path), Some(palette)) = (&args.save_palette, &outcome.palette) {
        let bytes = pipeline.palette_to_save(palette).encode(path)?;
        written
            .write(path, |out| std::io::Write::write_all(out, &bytes))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    written
        .commit_and_sweep()
        .with_context(|| format!("cannot put the results in place in {}", output.display()))?;
    if args.json {
        print_metrics(&done, outcome.palette.as_deref())?;
    }
    // With --json, stdout is the metrics' JSON and nothing else.
    if !args.json {
        let what = if args.sheet { "retro sheet" } else { "retro" };
        super::print_done(what, done.len(), &output)?;
    }
    Ok(())
}

fn pipeline(args: &Args, library: &Library) -> anyhow::Result<Pipeline> {
    let settings = RetroSettings {
        preset: args.preset.clone(),
        palette: args.palette.clone(),
        colors: args.colors,
        dither: args.dither.clone(),
        size: args.size,
        pixel: args.pixel,
        // A preset's display effects are for a screen, not for a game's sprites:
        // a sheet has them only when asked for by name.
        scanlines: (args.scanlines || args.sheet).then_some(args.scanlines),
        crt: (args.crt || args.sheet).then_some(args.crt),
        outline: args.outline.then_some(true),
        strength: args.strength,
        serpentine: args.no_serpentine.then_some(false),
        posterize: args.posterize,
        // A sprite sheet is for a game engine: its frames at native size.
        scale: args.scale.or(args.sheet.then_some(1)),
    };
    Ok(Pipeline::with_library(&settings, library)?)
}

/// What the command line asks for that the picture will not show, or that spoils
/// it: a dither's strength or scan order with no dither of that kind, and
/// scanlines or a CRT drawn over the pixels themselves at scale 1 (they darken
/// every other row of the art; a display scale gives them rows of their own).
fn settings_without_effect(args: &Args, pipeline: &Pipeline) -> Vec<String> {
    let style = pipeline.style();
    let dither = pipeline.dither();
    let mut warnings = Vec::new();
    if args.strength.is_some() && dither == Dither::None {
        warnings.push("--strength: there is no dither to weaken (give --dither)".to_owned());
    }
    if args.no_serpentine && !matches!(dither, Dither::Diffusion(_)) {
        warnings.push(format!(
            "--no-serpentine: only error diffusion scans rows, not `{}`",
            dither.name()
        ));
    }
    let on_the_art = [("scanlines", style.scanlines), ("the CRT", style.crt)];
    for (effect, _) in on_the_art.iter().filter(|(_, on)| *on && style.scale == 1) {
        warnings.push(format!(
            "{effect} at scale 1: drawn over the art itself; give --scale 2 or more"
        ));
    }
    warnings
}

/// Where each input's result goes: the output file for one input, `DIR/NAME.png` for
/// several, nowhere (kept in memory) for a sheet.
fn jobs(inputs: &[PathBuf], output: &Path, args: &Args) -> anyhow::Result<Vec<Job>> {
    if args.sheet {
        if output.is_dir() {
            bail!(
                "{}: with --sheet, --output is the sheet's PNG file, not a folder",
                output.display()
            );
        }
        // The atlas goes beside the sheet as `.json`: a sheet named `.json` would
        // be written over by its atlas, one named `.gif` be a PNG by another name.
        let png = output
            .extension()
            .is_none_or(|ext| ext.eq_ignore_ascii_case("png"));
        if super::is_a_stream(output) || !png {
            bail!(
                "{}: a sheet is two files, the PNG and its atlas (.json): name the sheet's .png",
                output.display()
            );
        }
        super::refuse_same_file(output, inputs, "an input")?;
        super::refuse_same_file(&output.with_extension("json"), inputs, "an input")?;
        super::make_folder_of(output)?;
        return Ok(inputs
            .iter()
            .map(|input| Job {
                input: input.clone(),
                output: None,
            })
            .collect());
    }
    let outputs = super::image_outputs(&args.inputs, inputs, output)?;
    Ok(inputs
        .iter()
        .zip(outputs)
        .map(|(input, target)| Job {
            input: input.clone(),
            output: Some(target),
        })
        .collect())
}

fn progress_bar(len: usize) -> ProgressBar {
    if len < 2 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} frames [{bar:40}] {per_sec} eta {eta}")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar
}

/// One sheet for all frames, each pixel art pixel `scale` sheet pixels; a tag per
/// input folder (or one `all` tag). With `colours`, the frames' palette, the sheet
/// is an indexed PNG. The sheet and its atlas are `written` beside their places.
fn write_sheet(
    done: &[Processed],
    inputs: &[PathBuf],
    output: &Path,
    fps: f32,
    scale: u32,
    colours: Option<&[[u8; 3]]>,
    written: &mut FileSet,
) -> anyhow::Result<()> {
    if !(fps > 0.0 && fps <= 1000.0) {
        bail!("--fps {fps}: a sheet plays at more than 0 and at most 1000 frames a second");
    }
    // Each frame ends where the clock at `fps` says, in whole milliseconds: at
    // 12 fps 83, 84, 83 ms..., twelve frames a second, not 996 ms.
    let ends_ms = |frame: usize| (frame as f64 * 1000.0 / f64::from(fps)).round() as u32;
    let frames: Vec<SheetFrame> = done
        .iter()
        .filter_map(|p| {
            let name = p.input.file_name()?.to_string_lossy().into_owned();
            Some((name, p.image.as_ref()?))
        })
        .enumerate()
        .map(|(i, (name, image))| SheetFrame {
            name,
            image,
            duration_ms: ends_ms(i + 1) - ends_ms(i),
        })
        .collect();
    let mut tags = Vec::new();
    for folder in inputs.iter().filter(|i| i.is_dir()) {
        let in_folder: Vec<usize> = (0..done.len())
            .filter(|&i| done[i].input.parent() == Some(folder.as_path()))
            .collect();
        if let (Some(&from), Some(&to)) = (in_folder.first(), in_folder.last()) {
            let name = folder
                .file_name()
                .map_or("frames".into(), |n| n.to_string_lossy().into_owned());
            tags.push(Tag { name, from, to });
        }
    }
    if tags.is_empty() {
        tags.push(Tag {
            name: "all".into(),
            from: 0,
            to: frames.len() - 1,
        });
    }
    let image_name = output
        .file_name()
        .map_or("sheet.png".into(), |n| n.to_string_lossy().into_owned());
    let (sheet, mut atlas) = sprite::pack(&frames, &tags, &image_name, scale)?;
    let png = match colours {
        Some(colours) => oneshot_retro::io::encode_png_indexed(&sheet, colours, output)?,
        None => oneshot_retro::io::encode_png(&sheet, output)?,
    };
    if oneshot_retro::io::png_is_indexed(&png) {
        // As Aseprite names an indexed sheet's pixels.
        atlas["meta"]["format"] = "I8".into();
    }
    let json = serde_json::to_vec_pretty(&atlas)?;
    // The sheet and its atlas go into place together or not at all: the atlas
    // first, so that a failure to place it leaves the old pair as it was.
    let atlas_path = output.with_extension("json");
    written
        .write(&atlas_path, |out| std::io::Write::write_all(out, &json))
        .with_context(|| format!("cannot write {}", atlas_path.display()))?;
    written
        .write(output, |out| std::io::Write::write_all(out, &png))
        .with_context(|| format!("cannot write {}", output.display()))?;
    Ok(())
}

fn print_metrics(
    done: &[Processed],
    palette: Option<&oneshot_retro::PaletteMap>,
) -> anyhow::Result<()> {
    let frames: Vec<serde_json::Value> = done
        .iter()
        .map(|p| {
            let q = p.quality.expect("metrics were requested");
            serde_json::json!({
                "input": p.input,
                "output": p.output,
                "width": p.width,
                "height": p.height,
                // JSON has no infinity: an identical frame reports null PSNR.
                "psnr": q.psnr.is_finite().then_some(q.psnr),
                "delta_e": q.delta_e,
                "delta_e_blurred": q.delta_e_blurred,
            })
        })
        .collect();
    let colors: Option<Vec<String>> = palette.map(|p| {
        p.colors
            .iter()
            .map(|[r, g, b]| format!("#{r:02x}{g:02x}{b:02x}"))
            .collect()
    });
    let report = serde_json::json!({ "frames": frames, "palette": colors });
    say!("{}", serde_json::to_string_pretty(&report)?)?;
    Ok(())
}
