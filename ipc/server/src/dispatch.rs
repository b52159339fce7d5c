//! Requests to answers: each request goes to the department that handles it.
//!
//! Paths in requests are the server's to open, and the server's working directory
//! is not the client's: they must be absolute.

use std::borrow::Cow;
use std::error::Error;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use oneshot_ipc::{Image, PROTOCOL_VERSION, Request, Response, ScriptRequest, ScriptSource};
use oneshot_model::{EffectLayer, ProductionConfig, RetroSettings, Script};

use crate::scene;

/// Answers one request; `Err` is the message of an error reply. A department
/// that panics fails its request only, not the connection or the server.
pub fn handle(request: Request<'_>) -> Result<Response<'static>, String> {
    catch_unwind(AssertUnwindSafe(|| answer(request))).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(format!("internal error while handling the request: {what}"))
    })
}

fn answer(request: Request<'_>) -> Result<Response<'static>, String> {
    match request {
        Request::Ping => Ok(Response::Pong {
            version: oneshot_model::VERSION.to_owned(),
            protocol: PROTOCOL_VERSION,
            pid: std::process::id(),
        }),
        Request::SyncScene(graph) => Ok(Response::Scene(scene::summarize(&graph))),
        Request::Breakdown(source) => document(&load_script(&source)?),
        Request::Plan(request) => plan(&request),
        Request::Schedule(request) => schedule(&request),
        Request::Finish { out_dir } => finish(&out_dir),
        Request::Retro { settings, image } => retro(&settings, &image),
        Request::Shutdown => Ok(Response::ShuttingDown),
        Request::Grade { grade, image } => grade_frame(&grade, image),
        Request::RetroFiles { settings, paths } => retro_files(&settings, &paths),
        Request::FollowCamera { graph, subject } => document(
            &oneshot_plan::follow::follow_camera(&graph, subject.as_deref()).map_err(describe)?,
        ),
        Request::LightPlot {
            graph,
            time_of_day,
            interior,
        } => document(&oneshot_plan::lights::scene_plot(
            &graph,
            &time_of_day,
            interior,
        )),
        Request::Continuity(request) => continuity(&request),
        Request::Composite {
            layers,
            time_s,
            seed,
            image,
        } => composite(&layers, time_s, seed, image),
    }
}

/// Breaks the script down and plans the production; writes the plan's files
/// when the request names an output folder. Answers with the plan.
fn plan(request: &ScriptRequest) -> Result<Response<'static>, String> {
    let script = load_script(&request.script)?;
    let production = load_production(request)?;
    let mut plan = oneshot_plan::plan(&script, production.as_ref()).map_err(describe)?;
    if let Some(out_dir) = &request.out_dir {
        let written = oneshot_plan::write_plan(&plan, &script, absolute(out_dir)?);
        plan.warnings.extend(written.map_err(describe)?);
    }
    document(&plan)
}

/// Schedules the shoot; writes the stripboard, Day Out of Days, call sheets,
/// budget and location packet when the request names an output folder (the call
/// sheets with the grip and electric of the production's plan). Answers with the
/// schedule.
fn schedule(request: &ScriptRequest) -> Result<Response<'static>, String> {
    let script = load_script(&request.script)?;
    let given = load_production(request)?;
    let production = given
        .clone()
        .unwrap_or_else(|| ProductionConfig::untitled(script.title.clone()));
    // A production whose looks name nothing is refused here as the plan refuses
    // it, rather than scheduled without the plan's set-ups, grip and electric.
    oneshot_plan::check_looks(&production).map_err(describe)?;
    // Set-ups, grip and electric come from the plan; a script that cannot be
    // planned is still scheduled by its pages, its documents without them. The
    // plan takes seconds on a feature: made first only when the schedule weighs
    // set-ups, so that a schedule refused is refused at once.
    let plan = || oneshot_plan::plan(&script, given.as_ref()).ok();
    let weighing = production
        .schedule
        .setups_per_day
        .is_some()
        .then(plan)
        .flatten();
    let setups = weighing.as_ref().map_or_else(Default::default, |plan| {
        oneshot_plan::setups::per_scene(&oneshot_plan::setups::setups(plan))
    });
    let schedule =
        oneshot_schedule::schedule_with_setups(&script, &production, &setups).map_err(describe)?;
    if let Some(out_dir) = &request.out_dir {
        let gear = weighing
            .or_else(plan)
            .as_ref()
            .map(oneshot_plan::grip_electric::scene_gear)
            .unwrap_or_default();
        oneshot_schedule::write_documents(&schedule, &production, &gear, absolute(out_dir)?)
            .map_err(describe)?;
    }
    document(&schedule)
}

/// The wardrobe and makeup continuity bible; writes its documents when the
/// request names an output folder. Answers with the bible.
fn continuity(request: &ScriptRequest) -> Result<Response<'static>, String> {
    let script = load_script(&request.script)?;
    let production = load_production(request)?
        .unwrap_or_else(|| ProductionConfig::untitled(script.title.clone()));
    let bible = oneshot_continuity::continuity(&script, &production);
    if let Some(out_dir) = &request.out_dir {
        oneshot_continuity::render::write_documents(&bible, absolute(out_dir)?)
            .map_err(describe)?;
    }
    document(&bible)
}

/// Storyboard and manifest for a rendered output folder. Answers with the
/// manifest, plus `warnings` (frames that were missing or unreadable).
fn finish(out_dir: &str) -> Result<Response<'static>, String> {
    // The add-on finishes once its renders are done; a shot whose render failed is
    // already in its log, and gets a placeholder here rather than losing the cut.
    let finished = oneshot_plan::finish(
        absolute(out_dir)?,
        oneshot_plan::MissingFrames::Placeholders,
    )
    .map_err(describe)?;
    let mut manifest = serde_json::to_value(&finished.manifest).map_err(describe)?;
    if let Some(fields) = manifest.as_object_mut() {
        fields.insert("warnings".to_owned(), finished.warnings.into());
    }
    document(&manifest)
}

fn retro(settings: &RetroSettings, image: &Image<'_>) -> Result<Response<'static>, String> {
    let pipeline = retro_pipeline(settings)?;
    let out = pipeline
        .process(image.width, image.height, &image.pixels)
        .map_err(describe)?;
    Ok(Response::Image(Image {
        width: out.width,
        height: out.height,
        pixels: Cow::Owned(out.rgba),
    }))
}

/// The pipeline for retro settings; a palette given as a file must be an absolute path.
fn retro_pipeline(settings: &RetroSettings) -> Result<oneshot_retro::Pipeline, String> {
    if let Some(palette) = settings.palette.as_deref() {
        if oneshot_retro::PaletteSource::names_a_file(palette) {
            file_to_read(palette)?;
        }
    }
    oneshot_retro::Pipeline::new(settings).map_err(describe)
}

/// The retro look for files as one sequence, each replaced in place. A file that
/// fails keeps its content; the error names every one that did.
fn retro_files(settings: &RetroSettings, paths: &[String]) -> Result<Response<'static>, String> {
    let pipeline = retro_pipeline(settings)?;
    let jobs = paths
        .iter()
        .map(|path| {
            let path = file_to_read(path)?.to_owned();
            Ok(oneshot_retro::batch::Job {
                input: path.clone(),
                output: Some(path),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let batch = oneshot_retro::batch::run(&pipeline, &jobs, false, &|| {});
    let failed: Vec<String> = batch
        .results
        .iter()
        .filter_map(|result| result.as_ref().err().map(describe))
        .collect();
    // One frame that fails leaves every frame as it was: a sequence in one palette.
    if !failed.is_empty() {
        return Err(failed.join("\n"));
    }
    batch.written.commit().map_err(describe)?;
    let palette = batch.palette.map(|palette| {
        palette
            .colors
            .iter()
            .map(|[r, g, b]| format!("#{r:02x}{g:02x}{b:02x}"))
            .collect::<Vec<_>>()
    });
    document(&serde_json::json!({ "frames": jobs.len(), "palette": palette }))
}

/// Grades a frame with a built-in grade or a grade or LUT file (an absolute path).
fn grade_frame(grade: &str, image: Image<'_>) -> Result<Response<'static>, String> {
    let names_a_file = Path::new(grade)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml") || e.eq_ignore_ascii_case("cube"));
    if names_a_file {
        file_to_read(grade)?;
    }
    let look = oneshot_grade::Look::resolve(grade).map_err(describe)?;
    let (width, height) = (image.width, image.height);
    let mut pixels = image.pixels.into_owned();
    look.apply(width, height, &mut pixels).map_err(describe)?;
    Ok(Response::Image(Image {
        width,
        height,
        pixels: Cow::Owned(pixels),
    }))
}

/// Composites effect layers over a frame.
fn composite(
    layers: &[EffectLayer],
    time_s: f32,
    seed: u64,
    image: Image<'_>,
) -> Result<Response<'static>, String> {
    let (width, height) = (image.width, image.height);
    let mut pixels = image.pixels.into_owned();
    oneshot_fx::composite(&mut pixels, width, height, layers, time_s, seed).map_err(describe)?;
    Ok(Response::Image(Image {
        width,
        height,
        pixels: Cow::Owned(pixels),
    }))
}

fn load_script(source: &ScriptSource) -> Result<Script, String> {
    match source {
        ScriptSource::Path(path) => oneshot_script::load(file_to_read(path)?),
        ScriptSource::Text { text, file_name } => oneshot_script::breakdown_source(text, file_name),
    }
    .map_err(describe)
}

fn load_production(request: &ScriptRequest) -> Result<Option<ProductionConfig>, String> {
    request
        .production
        .as_deref()
        .map(|path| ProductionConfig::load(file_to_read(path)?).map_err(describe))
        .transpose()
}

fn document(value: &impl serde::Serialize) -> Result<Response<'static>, String> {
    serde_json::to_string(value)
        .map(Response::Document)
        .map_err(describe)
}

fn absolute(path: &str) -> Result<&Path, String> {
    let path = Path::new(path);
    if path.is_absolute() {
        Ok(path)
    } else {
        Err(format!(
            "{} is a relative path: the server needs absolute paths",
            path.display()
        ))
    }
}

/// A file the server is to read: an [`absolute`] path, and a file when it is
/// there at all (a missing one the department names): a pipe would hold the
/// request, and the server's shutdown, until someone writes to it, and
/// `/dev/zero` never ends.
fn file_to_read(path: &str) -> Result<&Path, String> {
    let path = absolute(path)?;
    match std::fs::metadata(path) {
        Ok(found) if !found.is_file() => Err(format!(
            "{} is not a file (a folder, a pipe or a device): the server reads files",
            path.display()
        )),
        _ => Ok(path),
    }
}

/// An error and its causes, `outer: inner: innermost`.
fn describe(err: impl Error) -> String {
    let mut message = err.to_string();
    let mut cause = err.source();
    while let Some(inner) = cause {
        let text = inner.to_string();
        if !message.contains(&text) {
            message = format!("{message}: {text}");
        }
        cause = inner.source();
    }
    message
}
