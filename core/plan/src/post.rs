//! The post stage on disk: the plan files written before Blender renders, and the
//! storyboard, the edit and the manifest written after.
//!
//! Output folder layout:
//!
//! ```text
//! DIR/breakdown.json   the script breakdown
//! DIR/shotlist.json    {"title", "fps", "shots": [...]} in cutting order
//! DIR/shotlist.html, DIR/shotlist.csv  the shot list to print: per shot its size,
//!                      move, rig, sound, lens, camera height, focus, cast, line
//!                      and transitions
//! DIR/plan.json        the whole production plan (what the add-on builds)
//! DIR/sound/cues.json  the cue sheet: ambience, music, dialogue and effect cues
//!                      on the cut's timeline (frames, seconds, timecode)
//! DIR/sound/cues.csv   the same, one cue a row
//! DIR/sound/temp_mix.wav  the temp mix, 48 kHz 16-bit stereo, exactly the cut's
//!                      length (the animatic's soundtrack)
//! DIR/sound/stems/{dialogue,effects,music,ambience}.wav  the temp mix as stems,
//!                      one kind of sound each, with `[sound] stems = true`
//! DIR/vfx.json, DIR/vfx.csv  the VFX breakdown: shots that need effects work,
//!                      each effect with its technique
//! DIR/grip_electric.json  grip and electric: each shot's camera support, each
//!                      scene's lamps (fixture, frame, gel, draw), the order
//! DIR/grip.csv, DIR/electric.csv  the same, a shot and a lamp a row
//! DIR/frames/<id>.png  one still per shot (written by Blender)
//! DIR/storyboard.png   the contact sheet
//! DIR/edit.otio        the cut as an OpenTimelineIO timeline, one clip per shot
//! DIR/edit.edl         the cut as a CMX 3600 EDL (none above 99 fps)
//! DIR/animatic.mp4     the cut (written by Blender); movie.mp4 when full motion
//! DIR/manifest.json    {"fps", "resolution", "frames", "start_timecode",
//!                       "shots": [{"id", "scene", "frame", "rendered", "sequence",
//!                       "duration_s", "frames", "record_in", "record_out"}], "storyboard",
//!                       "animatic", "edit_otio", "edit_edl", "cues_json", "cues_csv",
//!                       "music_cues_csv", "temp_mix", "stems", "vfx_json", "vfx_csv", "shotlist_html",
//!                       "shotlist_csv", "grip_electric_json", "grip_csv", "electric_csv",
//!                       "lighting_cues_csv", "overheads"}
//! ```
//!
//! The manifest names every file by its path relative to `DIR`. Its `animatic` is
//! the cut: `animatic.mp4` for a preview, or `movie.mp4`, the finished film, when
//! the plan renders every frame of every camera move (`[render] full_motion`).
//! `edit_edl` is `null` when the frame rate is too high for an EDL; `cues_json`,
//! `cues_csv`, `music_cues_csv`, `temp_mix` and the VFX, shot list and grip and electric files are `null` when the file
//! is not in `DIR` (a folder planned by an earlier version); `stems` lists the stems, when all four are
//! there. The edit's audio tracks are the stems, or else the temp mix.
//!
//! Every file is written to a temporary name in `DIR` and renamed into place, so a
//! run killed half-way never leaves a half-written file that a later run would trust.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use oneshot_edit::{Clip, Edit, EditError, ImageSequence, Soundtrack};
use oneshot_model::files::{self, FileSet, read_text_at_most};
use oneshot_model::{CameraMove, ProductionPlan, Script, ShotKind};
use oneshot_sound::{CueKind, CueSheet, SoundError};
use serde::{Deserialize, Serialize};

use crate::storyboard::{Panel, contact_sheet};

pub const BREAKDOWN: &str = "breakdown.json";
pub const SHOTLIST: &str = "shotlist.json";
pub const PLAN: &str = "plan.json";
pub const FRAMES: &str = "frames";
pub const STORYBOARD: &str = "storyboard.png";
pub const MANIFEST: &str = "manifest.json";
pub const EDIT_OTIO: &str = "edit.otio";
pub const EDIT_EDL: &str = "edit.edl";
pub const SOUND: &str = "sound";
pub const CUES_JSON: &str = "sound/cues.json";
pub const CUES_CSV: &str = "sound/cues.csv";
pub const MUSIC_CUES_CSV: &str = "sound/music_cues.csv";
pub const TEMP_MIX: &str = "sound/temp_mix.wav";
pub const STEMS: &str = "sound/stems";
pub const VFX_JSON: &str = "vfx.json";
pub const VFX_CSV: &str = "vfx.csv";
pub const GRIP_ELECTRIC_JSON: &str = "grip_electric.json";
pub const GRIP_CSV: &str = "grip.csv";
pub const ELECTRIC_CSV: &str = "electric.csv";
pub const LIGHTING_CUES_CSV: &str = "lighting_cues.csv";
pub const SHOTLIST_HTML: &str = "shotlist.html";
pub const OVERHEADS_HTML: &str = "overheads.html";
pub const SHOTLIST_CSV: &str = "shotlist.csv";
/// The largest `plan.json` read: a feature's is a few megabytes.
pub const MAX_PLAN_BYTES: u64 = 512_000_000;
/// Written by the add-on (Blender's FFmpeg output); the manifest names it.
pub const ANIMATIC: &str = "animatic.mp4";
/// The cut of a full-motion plan: the finished film, in place of the animatic.
pub const MOVIE: &str = "movie.mp4";

/// Why the post stage could not write its files.
#[derive(Debug, thiserror::Error)]
pub enum PostError {
    /// A file or folder could not be read, created or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `plan.json` is not a plan this version wrote.
    #[error("{}: not a production plan: {source}", path.display())]
    BadPlan {
        path: PathBuf,
        source: serde_json::Error,
    },
    /// The plan cannot be cut (a nonsensical frame rate or shot duration).
    #[error("{}: {source}", path.display())]
    Edit { path: PathBuf, source: EditError },
    /// The plan has no cue sheet: it cannot be cut.
    #[error("{}: {source}", path.display())]
    Sound { path: PathBuf, source: SoundError },
    /// The storyboard image could not be encoded.
    #[error("{}: {source}", path.display())]
    Encode {
        path: PathBuf,
        source: image::ImageError,
    },
    /// Shots have no readable frame (or, moving in a full-motion plan, not all
    /// their frames), and [`MissingFrames::Refuse`] was asked for.
    #[error(
        "{}: {} of {total} shots are not all rendered ({}): render them first, \
         or finish with placeholders for them",
        dir.display(), shots.len(), shots.join(", ")
    )]
    MissingFrames {
        dir: PathBuf,
        shots: Vec<String>,
        total: usize,
    },
}

/// What [`finish`] does about a shot whose frame is missing or unreadable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingFrames {
    /// Nothing is written: the error names the shots.
    Refuse,
    /// The shot gets a placeholder panel and a warning (a storyboard before the renders).
    Placeholders,
}

/// The production's table of contents, as `manifest.json` holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The cut's frame rate, frame size and length in frames, and the timecode of
    /// its first frame (`01:00:00:00`): what the edit, the sound and the cut share.
    /// The size is the frames' own (a retro look's are its pixels upscaled for
    /// display), else the plan's.
    #[serde(default)]
    pub fps: f32,
    #[serde(default)]
    pub resolution: [u32; 2],
    #[serde(default)]
    pub frames: u64,
    #[serde(default)]
    pub start_timecode: String,
    pub shots: Vec<ManifestShot>,
    pub storyboard: String,
    /// The cut: `animatic.mp4`, or `movie.mp4` for a full-motion production;
    /// `None` until Blender has cut it (`oneshot plan --finish` alone makes none).
    pub animatic: Option<String>,
    /// The cut as OpenTimelineIO.
    pub edit_otio: String,
    /// The cut as a CMX 3600 EDL; `None` when the frame rate is too high for one.
    pub edit_edl: Option<String>,
    /// The cue sheet as JSON; `None` (like the two below) when the file is missing.
    pub cues_json: Option<String>,
    /// The cue sheet as CSV.
    pub cues_csv: Option<String>,
    /// The music cue sheet as CSV: score and source music, numbered by reel.
    #[serde(default)]
    pub music_cues_csv: Option<String>,
    /// The temp mix (WAV).
    pub temp_mix: Option<String>,
    /// The temp mix's stems (WAV): dialogue, effects, music, ambience; empty
    /// unless all four are there.
    #[serde(default)]
    pub stems: Vec<String>,
    /// The VFX breakdown as JSON and CSV; `None` when missing.
    #[serde(default)]
    pub vfx_json: Option<String>,
    #[serde(default)]
    pub vfx_csv: Option<String>,
    /// The printable shot list, HTML and CSV; `None` when missing.
    #[serde(default)]
    pub shotlist_html: Option<String>,
    #[serde(default)]
    pub shotlist_csv: Option<String>,
    /// Grip and electric as JSON, and as CSV for each department; `None` when missing.
    #[serde(default)]
    pub grip_electric_json: Option<String>,
    #[serde(default)]
    pub grip_csv: Option<String>,
    #[serde(default)]
    pub electric_csv: Option<String>,
    /// The board operator's cue sheet: practicals switched on and off; `None` when missing.
    #[serde(default)]
    pub lighting_cues_csv: Option<String>,
    /// Each scene's set from above with its cameras, cast and lights; `None` when missing.
    #[serde(default)]
    pub overheads: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestShot {
    pub id: String,
    pub scene: u32,
    /// The still, relative to the output folder (`frames/<id>.png`).
    pub frame: String,
    /// False when the still is not there (finished with placeholders): the
    /// storyboard's panel and the edit's clip stand in for it.
    #[serde(default = "rendered")]
    pub rendered: bool,
    /// Every frame of a moving shot of a full-motion plan, as a conform names a
    /// range of files (`frames/1-1/[0001-0144].png`); `None` where the still holds.
    #[serde(default)]
    pub sequence: Option<String>,
    pub duration_s: f32,
    /// Its length in the cut in whole frames (a fade out at its tail included),
    /// and its record timecode in and out (out is the first frame after it).
    #[serde(default)]
    pub frames: u64,
    #[serde(default)]
    pub record_in: String,
    #[serde(default)]
    pub record_out: String,
}

/// What a manifest written before `rendered` was says of a shot: it was.
fn rendered() -> bool {
    true
}

/// What [`finish`] wrote, and what it had to stand in for.
#[derive(Debug, Clone, PartialEq)]
pub struct Finished {
    pub manifest: Manifest,
    /// Missing or unreadable frames, one line each (their panels are placeholders),
    /// and an EDL left out.
    pub warnings: Vec<String>,
}

#[derive(Serialize)]
struct ShotList<'a> {
    title: &'a str,
    fps: f32,
    shots: Vec<crate::shotlist::Entry<'a>>,
}

/// Writes `breakdown.json`, the shot list (`shotlist.json`, `.html`, `.csv`),
/// `plan.json`, the VFX breakdown, grip and electric, and the sound (cue sheet, temp mix, stems) into
/// `out_dir` (created when missing), each atomically. A plan that cannot be cut fails before anything is written.
///
/// Answers what the writing found to warn of, which `plan.json` lists too: a temp
/// mix its peaks keep under the target format's loudness.
pub fn write_plan(
    plan: &ProductionPlan,
    breakdown: &Script,
    out_dir: &Path,
) -> Result<Vec<String>, PostError> {
    let sound_error = |source| PostError::Sound {
        path: out_dir.join(PLAN),
        source,
    };
    let cues = oneshot_sound::cue_sheet(plan, breakdown).map_err(sound_error)?;
    // A cut too long for a WAV fails here, before the first file is written.
    oneshot_sound::wav_data_bytes(&cues).map_err(sound_error)?;
    let target = plan.target_format.loudness_lufs();
    let loudness = oneshot_sound::loudness_gain(&cues, target);
    let warnings: Vec<String> = loudness
        .lufs
        .filter(|lufs| *lufs < target - LOUDNESS_TOLERANCE_LU)
        .map(|lufs| {
            format!(
                "the temp mix is delivered at {lufs:.1} LUFS, under the {} target of \
                 {target:.0} LUFS: its true peak, held under -1 dBTP, leaves no more room \
                 (the final mix needs a limiter)",
                plan.target_format.name()
            )
        })
        .into_iter()
        .collect();
    let with_warnings;
    let plan = if warnings.is_empty() {
        plan
    } else {
        with_warnings = ProductionPlan {
            warnings: [&plan.warnings[..], &warnings].concat(),
            ..plan.clone()
        };
        &with_warnings
    };
    let edit = cut(plan, out_dir)?;
    let sound = out_dir.join(SOUND);
    files::create_folder(&sound).map_err(|source| PostError::Io {
        path: sound.clone(),
        source,
    })?;
    let shotlist = ShotList {
        title: &plan.title,
        fps: plan.fps,
        shots: crate::shotlist::entries(plan, &edit),
    };
    // All of them or none: `plan --finish` and the add-on trust what they find.
    let mut files = FileSet::default();
    write_json(&mut files, &out_dir.join(BREAKDOWN), breakdown)?;
    write_json(&mut files, &out_dir.join(SHOTLIST), &shotlist)?;
    write_json(&mut files, &out_dir.join(PLAN), plan)?;
    write_json(&mut files, &out_dir.join(CUES_JSON), &cues)?;
    let vfx = crate::vfx::breakdown(plan, breakdown);
    write_json(&mut files, &out_dir.join(VFX_JSON), &vfx)?;
    write_atomic(&mut files, &out_dir.join(VFX_CSV), vfx.csv().as_bytes())?;
    let gear = crate::grip_electric::grip_electric(plan);
    write_json(&mut files, &out_dir.join(GRIP_ELECTRIC_JSON), &gear)?;
    write_atomic(
        &mut files,
        &out_dir.join(GRIP_CSV),
        gear.grip_csv().as_bytes(),
    )?;
    write_atomic(
        &mut files,
        &out_dir.join(ELECTRIC_CSV),
        gear.electric_csv().as_bytes(),
    )?;
    let cue_sheet = crate::dimmers::cue_sheet_csv(&gear.lighting_cues);
    write_atomic(
        &mut files,
        &out_dir.join(LIGHTING_CUES_CSV),
        cue_sheet.as_bytes(),
    )?;
    let shotlist_html = crate::shotlist::html(plan, &edit);
    write_atomic(
        &mut files,
        &out_dir.join(SHOTLIST_HTML),
        shotlist_html.as_bytes(),
    )?;
    let overheads = crate::overhead::html(plan);
    write_atomic(
        &mut files,
        &out_dir.join(OVERHEADS_HTML),
        overheads.as_bytes(),
    )?;
    let shotlist_csv = crate::shotlist::csv(plan, &edit);
    write_atomic(
        &mut files,
        &out_dir.join(SHOTLIST_CSV),
        shotlist_csv.as_bytes(),
    )?;
    write_atomic(&mut files, &out_dir.join(CUES_CSV), cues.csv().as_bytes())?;
    let music = cues.music_csv();
    write_atomic(&mut files, &out_dir.join(MUSIC_CUES_CSV), music.as_bytes())?;
    let gain = loudness.gain;
    write_wav(&mut files, &out_dir.join(TEMP_MIX), &cues, None, gain)?;
    if plan.stems {
        for kind in CueKind::STEMS {
            let stem = out_dir.join(stem_path(kind));
            write_wav(&mut files, &stem, &cues, Some(kind), gain)?;
        }
    }
    commit(files, out_dir)?;
    if !plan.stems {
        // Stems from a run that asked for them would no longer match the mix.
        for kind in CueKind::STEMS {
            remove_if_there(&out_dir.join(stem_path(kind)))?;
        }
    }
    Ok(warnings)
}

/// How far under its target loudness a temp mix may be delivered unwarned.
const LOUDNESS_TOLERANCE_LU: f64 = 0.5;

/// Renames the files written for `out_dir` into place, sweeping up after a
/// killed run's.
fn commit(files: FileSet, out_dir: &Path) -> Result<(), PostError> {
    files.commit_and_sweep().map_err(|source| PostError::Io {
        path: out_dir.to_owned(),
        source,
    })
}

/// The plan's cut, each shot holding its still; an uncuttable plan is an error
/// about `out_dir`'s plan.
fn cut(plan: &ProductionPlan, out_dir: &Path) -> Result<Edit, PostError> {
    Edit::from_plan(plan, |shot| frame_path(&shot.id)).map_err(|source| PostError::Edit {
        path: out_dir.join(PLAN),
        source,
    })
}

/// Where the stem of `kind` goes, relative to the output folder.
fn stem_path(kind: CueKind) -> String {
    format!("{STEMS}/{}.wav", kind.stem())
}

/// Writes the temp mix, or the stem of `kind`, of `cues` to `path` at `gain`.
fn write_wav(
    files: &mut FileSet,
    path: &Path,
    cues: &CueSheet,
    kind: Option<CueKind>,
    gain: f32,
) -> Result<(), PostError> {
    if let Some(folder) = path.parent() {
        files::create_folder(folder).map_err(|source| PostError::Io {
            path: folder.to_owned(),
            source,
        })?;
    }
    files
        .write(path, |out| {
            match kind {
                Some(kind) => oneshot_sound::write_stem(cues, kind, gain, out),
                None => oneshot_sound::write_temp_mix(cues, gain, out),
            }
            .map_err(|err| match err {
                SoundError::Io(err) => err,
                err => std::io::Error::other(err),
            })
        })
        .map_err(|source| PostError::Io {
            path: path.to_owned(),
            source,
        })
}

fn remove_if_there(path: &Path) -> Result<(), PostError> {
    match std::fs::remove_file(path) {
        Err(source) if source.kind() != std::io::ErrorKind::NotFound => Err(PostError::Io {
            path: path.to_owned(),
            source,
        }),
        _ => Ok(()),
    }
}

/// Reads `plan.json` and the rendered `frames/<id>.png` from `out_dir` and writes the
/// storyboard contact sheet, the edit and the manifest. A missing or unreadable
/// frame (in a full-motion plan, any frame of a moving shot missing or cut short)
/// is refused or given a placeholder panel and a warning, as `missing` says; else
/// only an unreadable or uncuttable plan or an unwritable folder is an error.
/// Sound that does not run the length of the cut is warned of.
pub fn finish(out_dir: &Path, missing: MissingFrames) -> Result<Finished, PostError> {
    let plan = read_plan(out_dir)?;
    // Cut first, so that a plan that cannot be cut fails before anything is written.
    let mut edit = cut(&plan, out_dir)?;
    let mut warnings = Vec::new();
    // What is wrong with each clip's frames, if anything: a full-motion plan's cut
    // is made of every frame of its moving shots, so one with a frame missing or
    // cut short is no more rendered than one without a still.
    let mut gaps: Vec<Option<String>> = vec![None; edit.clips.len()];
    if plan.full_motion {
        for (clip, gap) in edit.clips.iter_mut().zip(&mut gaps) {
            let id = &clip.shot.id;
            let setup = plan.setups.iter().find(|setup| &setup.shot_id == id);
            let frames = setup.map_or(1, |setup| setup.frames);
            if frames <= 1 {
                continue;
            }
            match rendered_sequence(out_dir, id, frames) {
                Ok(sequence) => clip.sequence = Some(sequence),
                Err(why) => {
                    warnings.push(format!("shot {id}: {why}: the edit holds its still"));
                    *gap = Some(why);
                }
            }
        }
    }
    // A sound file cut short or not a WAV at all is no soundtrack: said, and left out.
    let mut sound = |name: &str| {
        whole_wav(out_dir, name).unwrap_or_else(|why| {
            warnings.push(format!(
                "{name} {why}: the edit has no sound from it; plan again to make it anew"
            ));
            None
        })
    };
    let stems: Vec<Option<String>> = CueKind::STEMS.map(|kind| sound(&stem_path(kind))).to_vec();
    let stems: Vec<String> = stems.into_iter().flatten().collect();
    edit.mix = sound(TEMP_MIX).map(|mix| soundtrack("temp mix", mix));
    // The stems add up to the mix: some of them alone would not.
    let stems = match stems.len() {
        0 => Vec::new(),
        whole if whole == CueKind::STEMS.len() => stems,
        whole => {
            warnings.push(format!(
                "only {whole} of the {} stems can be used: the edit lays none of them",
                CueKind::STEMS.len()
            ));
            Vec::new()
        }
    };
    let cues_json = match read_cues(out_dir) {
        Ok(found) => found,
        Err(why) => {
            warnings.push(format!("{CUES_JSON} {why}: plan again to make it anew"));
            None
        }
    };
    edit.stems = (CueKind::STEMS.iter().zip(&stems))
        .map(|(kind, stem)| soundtrack(kind.stem(), stem.clone()))
        .collect();
    warnings.extend(soundtracks_off_the_cut(out_dir, &edit));
    let mut panels = Vec::with_capacity(plan.shots.len());
    // Why a still that is there cannot be used (cut short, no image at all).
    let mut unusable = Vec::with_capacity(plan.shots.len());
    for (shot, clip) in plan.shots.iter().zip(&mut edit.clips) {
        let mut why_not = None;
        let frame = frame_path(&shot.id);
        let path = out_dir.join(&frame);
        // Read as the retro look reads frames: no bigger than it takes, whole.
        let image = match oneshot_retro::io::load_image(&path) {
            Ok(image) => {
                let rgba = image::RgbaImage::from_raw(image.width, image.height, image.rgba);
                if rgba.is_none() {
                    warnings.push(format!(
                        "shot {}: unreadable frame {}",
                        shot.id,
                        path.display()
                    ));
                    why_not = Some("its pixels do not fill it".to_owned());
                }
                rgba.map(|rgba| image::DynamicImage::ImageRgba8(rgba).into_rgb8())
            }
            Err(oneshot_retro::RetroError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                warnings.push(format!("shot {}: no frame at {}", shot.id, path.display()));
                None
            }
            Err(e) => {
                warnings.push(format!("shot {}: unreadable frame: {e}", shot.id));
                why_not = Some(e.to_string());
                None
            }
        };
        unusable.push(why_not);
        clip.rendered = image.is_some();
        panels.push(Panel {
            frame: image,
            slate: slate(clip),
            words: match &shot.speaker {
                Some(speaker) => format!("{speaker}: {}", shot.description),
                None => shot.description.clone(),
            },
        });
    }
    // A shot is rendered when its still is there and, moving in a full-motion
    // plan, every frame of its move.
    let rendered: Vec<bool> = (edit.clips.iter().zip(&gaps))
        .map(|(clip, gap)| clip.rendered && gap.is_none())
        .collect();
    let unrendered: Vec<String> = (edit.clips.iter().zip(gaps.iter().zip(&unusable)))
        .zip(&rendered)
        .filter(|(_, rendered)| !**rendered)
        .map(
            |((clip, (gap, why_not)), _)| match gap.as_ref().or(why_not.as_ref()) {
                Some(why) => format!("{} ({why})", clip.shot.id),
                None => clip.shot.id.clone(),
            },
        )
        .collect();
    if missing == MissingFrames::Refuse && !unrendered.is_empty() {
        return Err(PostError::MissingFrames {
            dir: out_dir.join(FRAMES),
            shots: unrendered,
            total: plan.shots.len(),
        });
    }
    for next in 1..edit.clips.len() {
        let dissolve = edit.clips[next].dissolve_in;
        if let (Some(sequence), true) = (&mut edit.clips[next - 1].sequence, dissolve > 0) {
            hold_last_frame(out_dir, sequence, dissolve)?;
        }
    }
    let start = edit.rate.record_start();
    let timecode = |frame: u64| edit.rate.timecode(start + frame);
    let shots = (plan.shots.iter().zip(&edit.clips).zip(rendered))
        .map(|((shot, clip), rendered)| ManifestShot {
            id: shot.id.clone(),
            scene: shot.scene,
            frame: frame_path(&shot.id),
            rendered,
            sequence: clip.sequence.as_ref().map(ImageSequence::files),
            duration_s: shot.duration_s,
            frames: clip.frames,
            record_in: timecode(clip.record_in),
            record_out: timecode(clip.record_in + clip.frames),
        })
        .collect();
    let frame_size = panels.iter().find_map(|panel| {
        panel
            .frame
            .as_ref()
            .map(|frame| [frame.width(), frame.height()])
    });
    let [width, height] = plan.resolution;
    let aspect = if width > 0 && height > 0 {
        width as f32 / height as f32
    } else {
        16.0 / 9.0
    };
    let sheet = contact_sheet(&plan.title, &panels, aspect);
    let storyboard = out_dir.join(STORYBOARD);
    let mut png = Vec::new();
    sheet
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|source| PostError::Encode {
            path: storyboard.clone(),
            source,
        })?;
    let mut files = FileSet::default();
    write_atomic(&mut files, &storyboard, &png)?;
    let edit_edl = write_edit(&mut files, &edit, out_dir, &mut warnings)?;
    let manifest = Manifest {
        fps: plan.fps,
        resolution: frame_size.unwrap_or(plan.resolution),
        frames: edit.frames(),
        start_timecode: timecode(0),
        shots,
        storyboard: STORYBOARD.to_owned(),
        animatic: present(out_dir, cut_name(&plan)),
        edit_otio: EDIT_OTIO.to_owned(),
        edit_edl,
        cues_json,
        cues_csv: present(out_dir, CUES_CSV),
        music_cues_csv: present(out_dir, MUSIC_CUES_CSV),
        temp_mix: edit.mix.as_ref().map(|mix| mix.url.clone()),
        stems,
        vfx_json: present(out_dir, VFX_JSON),
        vfx_csv: present(out_dir, VFX_CSV),
        grip_electric_json: present(out_dir, GRIP_ELECTRIC_JSON),
        grip_csv: present(out_dir, GRIP_CSV),
        electric_csv: present(out_dir, ELECTRIC_CSV),
        lighting_cues_csv: present(out_dir, LIGHTING_CUES_CSV),
        shotlist_html: present(out_dir, SHOTLIST_HTML),
        shotlist_csv: present(out_dir, SHOTLIST_CSV),
        overheads: present(out_dir, OVERHEADS_HTML),
    };
    write_json(&mut files, &out_dir.join(MANIFEST), &manifest)?;
    commit(files, out_dir)?;
    if manifest.edit_edl.is_none() {
        // A stale EDL from an earlier run at another rate would contradict the OTIO.
        remove_if_there(&out_dir.join(EDIT_EDL))?;
    }
    Ok(Finished { manifest, warnings })
}

/// A warning for each of the edit's sound files that does not run the length of
/// the cut: the plan was changed by hand after its sound was made (the sound is
/// made with the plan), and the edit would lay it against the wrong frames.
fn soundtracks_off_the_cut(out_dir: &Path, edit: &Edit) -> Vec<String> {
    let cut = edit.frames();
    let sounds = edit.mix.iter().chain(&edit.stems);
    sounds
        .filter_map(|sound| {
            let bytes = std::fs::metadata(out_dir.join(&sound.url)).ok()?.len();
            let samples = oneshot_sound::wav_samples(bytes)?;
            let frames = (samples as f64 * edit.rate.fps / f64::from(oneshot_sound::SAMPLE_RATE))
                .round() as u64;
            (frames != cut).then(|| {
                format!(
                    "{} runs {frames} frames, the cut {cut}: the plan changed after its \
                     sound was made; plan again to make it anew",
                    sound.url
                )
            })
        })
        .collect()
}

/// The cut's file name: [`MOVIE`], the finished film, for a full-motion plan, else
/// [`ANIMATIC`]. The add-on writes the cut under the same name.
pub fn cut_name(plan: &ProductionPlan) -> &'static str {
    if plan.full_motion { MOVIE } else { ANIMATIC }
}

/// Writes `edit.otio` and, where the frame rate allows one, `edit.edl`; answers
/// the EDL's name, or `None` and a warning when there is none.
fn write_edit(
    files: &mut FileSet,
    edit: &Edit,
    out_dir: &Path,
    warnings: &mut Vec<String>,
) -> Result<Option<String>, PostError> {
    write_atomic(files, &out_dir.join(EDIT_OTIO), edit.otio().as_bytes())?;
    match edit.edl() {
        Ok(edl) => {
            write_atomic(files, &out_dir.join(EDIT_EDL), edl.as_bytes())?;
            Ok(Some(EDIT_EDL.to_owned()))
        }
        Err(e) => {
            warnings.push(format!("no {EDIT_EDL}: {e}"));
            Ok(None)
        }
    }
}

/// `name` (a path relative to `out_dir`) when that file is there: the sound is
/// written by [`write_plan`], so a folder planned by an earlier version has none.
fn soundtrack(name: &str, url: String) -> Soundtrack {
    Soundtrack {
        name: name.to_owned(),
        url,
    }
}

fn present(out_dir: &Path, name: &str) -> Option<String> {
    out_dir.join(name).is_file().then(|| name.to_owned())
}

/// `name` (a path relative to `out_dir`) when that WAV file is there and whole:
/// its RIFF header says how long it is, and it is that long. `None` when it is not
/// there at all; why it will not do when it is there but cut short or no WAV.
fn whole_wav(out_dir: &Path, name: &str) -> Result<Option<String>, String> {
    let Some(name) = present(out_dir, name) else {
        return Ok(None);
    };
    let path = out_dir.join(&name);
    let mut header = [0u8; 12];
    let read = std::fs::File::open(&path).and_then(|mut file| {
        std::io::Read::read_exact(&mut file, &mut header)?;
        Ok(file.metadata()?.len())
    });
    let bytes = match read {
        Ok(bytes) if &header[..4] == b"RIFF" && &header[8..] == b"WAVE" => bytes,
        Ok(_) => return Err("is not a WAV file".into()),
        Err(err) if err.kind() == std::io::ErrorKind::UnexpectedEof => {
            return Err("is not a WAV file".into());
        }
        Err(err) => return Err(format!("cannot be read ({err})")),
    };
    let told = u64::from(u32::from_le_bytes([
        header[4], header[5], header[6], header[7],
    ])) + 8;
    match bytes == told {
        true => Ok(Some(name)),
        false => Err(format!("is cut short ({bytes} of its {told} bytes)")),
    }
}

/// [`CUES_JSON`] when it is there and a cue sheet; why it will not do when it is
/// there but is none (cut short, emptied).
fn read_cues(out_dir: &Path) -> Result<Option<String>, String> {
    let Some(name) = present(out_dir, CUES_JSON) else {
        return Ok(None);
    };
    let text = read_text_at_most(&out_dir.join(&name), MAX_PLAN_BYTES)
        .map_err(|err| format!("cannot be read ({err})"))?;
    serde_json::from_str::<CueSheet>(&text).map_err(|err| format!("is not a cue sheet ({err})"))?;
    Ok(Some(name))
}

/// Reads the plan [`write_plan`] left in `out_dir`.
pub fn read_plan(out_dir: &Path) -> Result<ProductionPlan, PostError> {
    let path = out_dir.join(PLAN);
    let text = read_text_at_most(&path, MAX_PLAN_BYTES).map_err(|source| PostError::Io {
        path: path.clone(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|source| PostError::BadPlan { path, source })
}

/// `SC 2  2-3  MCU OTS`, with the shot's move and the transitions on it in the cut
/// (`SC 7  7-1  WS EST  CRANE  DISSOLVE`).
fn slate(clip: &Clip) -> String {
    let shot = &clip.shot;
    let kind = match shot.kind {
        ShotKind::Establishing => "EST",
        ShotKind::Master => "MASTER",
        ShotKind::Single => "SINGLE",
        ShotKind::OverTheShoulder => "OTS",
        ShotKind::TwoShot => "2-SHOT",
        ShotKind::Insert => "INSERT",
        ShotKind::Reaction => "REACTION",
    };
    let size = serde_name(shot.size).to_ascii_uppercase();
    let slate = format!("SC {}  {}  {size} {kind}", shot.scene, shot.id);
    // A move is what the board artist draws an arrow for.
    let movement = match shot.movement {
        CameraMove::Static => None,
        movement => Some(serde_name(movement).to_ascii_uppercase()),
    };
    let transitions = clip.transition_names().into_iter().map(str::to_owned);
    movement
        .into_iter()
        .chain(transitions)
        .fold(slate, |slate, mark| format!("{slate}  {mark}"))
}

/// The name a value has in the plan's JSON (`"mcu"`, `"over_the_shoulder"`).
pub(crate) fn serde_name(value: impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// Where a shot's still is, relative to the output folder.
fn frame_path(id: &str) -> String {
    format!("{FRAMES}/{}.png", file_name(id))
}

/// The frames of a moving shot of a full-motion plan, `frames/<id>/0001.png` on,
/// one for each of the `frames` its set-up renders, each a whole PNG: the plan
/// says which frames are the render's, not whatever a folder holds from an
/// earlier run (a preview renders a few of them). Else what is wrong with them,
/// as a warning says it: the first frame missing or cut short.
fn rendered_sequence(out_dir: &Path, id: &str, frames: u32) -> Result<ImageSequence, String> {
    let folder = format!("{FRAMES}/{}/", file_name(id));
    for n in 1..=frames {
        let file = format!("{folder}{n:04}.png");
        match png_is_whole(&out_dir.join(&file)) {
            Some(true) => {}
            Some(false) => return Err(format!("{file} is cut short")),
            None => return Err(format!("{file} is missing, of its {frames} frames")),
        }
    }
    Ok(ImageSequence {
        folder,
        first: 1,
        frames: u64::from(frames),
    })
}

/// Whether the PNG at `path` is whole: its signature first and its end chunk
/// (`IEND`) last, as a render cut short by a full disk or a killed copy is not.
/// Reads 20 bytes, not the picture: a film's sequences are thousands of frames.
/// `None` when there is no file to read.
fn png_is_whole(path: &Path) -> Option<bool> {
    use std::io::{Read, Seek, SeekFrom};
    const SIGNATURE: [u8; 8] = *b"\x89PNG\r\n\x1a\n";
    const END: [u8; 12] = *b"\0\0\0\0IEND\xaeB`\x82";
    let mut file = std::fs::File::open(path).ok()?;
    let (mut head, mut tail) = ([0u8; 8], [0u8; 12]);
    let whole = file.read_exact(&mut head).is_ok()
        && file.seek(SeekFrom::End(-12)).is_ok()
        && file.read_exact(&mut tail).is_ok();
    Some(whole && head == SIGNATURE && tail == END)
}

/// Holds a moving shot's last frame through the `frames` of the dissolve out of
/// it, as files after its own: the cut holds its last picture under the next
/// shot's head, and an editor conforming the edit finds the media the dissolve
/// needs there. Each held frame is a link to the last (a copy where links fail).
fn hold_last_frame(
    out_dir: &Path,
    sequence: &mut ImageSequence,
    frames: u64,
) -> Result<(), PostError> {
    let file = |n: u64| out_dir.join(format!("{}{n:04}.png", sequence.folder));
    let last = file(sequence.first + sequence.frames - 1);
    for n in 1..=frames {
        let held = file(sequence.first + sequence.frames - 1 + n);
        let io = |source| PostError::Io {
            path: held.clone(),
            source,
        };
        remove_if_there(&held)?;
        if std::fs::hard_link(&last, &held).is_err() {
            std::fs::copy(&last, &held).map_err(io)?;
        }
    }
    sequence.frames += frames;
    Ok(())
}

/// A shot id as a file name: letters, digits, `-` and `_` kept, anything else `_`
/// (the same rule the add-on uses when it writes the frames).
fn file_name(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn write_json<T: Serialize + ?Sized>(
    files: &mut FileSet,
    path: &Path,
    value: &T,
) -> Result<(), PostError> {
    let mut text = serde_json::to_vec_pretty(value).map_err(|e| PostError::Io {
        path: path.to_owned(),
        source: e.into(),
    })?;
    text.push(b'\n');
    write_atomic(files, path, &text)
}

/// Writes `bytes` to become `path` with the rest of `files`.
fn write_atomic(files: &mut FileSet, path: &Path, bytes: &[u8]) -> Result<(), PostError> {
    files
        .write(path, |out| out.write_all(bytes))
        .map_err(|source| PostError::Io {
            path: path.to_owned(),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use oneshot_model::Shot;

    #[test]
    fn a_moving_shot_rendered_frame_by_frame_is_an_image_sequence() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("frames/1-1");
        std::fs::create_dir_all(&folder).unwrap();
        for frame in 1..=48 {
            std::fs::write(folder.join(format!("{frame:04}.png")), png(b"")).unwrap();
        }
        let sequence = rendered_sequence(dir.path(), "1-1", 48).unwrap();
        assert_eq!(
            (sequence.folder.as_str(), sequence.first, sequence.frames),
            ("frames/1-1/", 1, 48)
        );
        // A set-up of more frames than are there, a frame missing or cut short:
        // no sequence, and the first such frame named.
        let gap = |frames| rendered_sequence(dir.path(), "1-1", frames).unwrap_err();
        assert_eq!(gap(49), "frames/1-1/0049.png is missing, of its 49 frames");
        std::fs::remove_file(folder.join("0012.png")).unwrap();
        assert_eq!(gap(24), "frames/1-1/0012.png is missing, of its 24 frames");
        let whole = png(b"picture");
        std::fs::write(folder.join("0012.png"), &whole[..whole.len() - 4]).unwrap();
        assert_eq!(gap(24), "frames/1-1/0012.png is cut short");
        assert!(rendered_sequence(dir.path(), "2-1", 24).is_err());
    }

    /// The bytes of a PNG file whole as [`png_is_whole`] reads it, `body` between
    /// its signature and its end.
    fn png(body: &[u8]) -> Vec<u8> {
        [&b"\x89PNG\r\n\x1a\n"[..], body, b"\0\0\0\0IEND\xaeB`\x82"].concat()
    }

    #[test]
    fn a_dissolve_out_of_a_moving_shot_holds_its_last_frame_as_media() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("frames/1-1");
        std::fs::create_dir_all(&folder).unwrap();
        for frame in 1..=48u32 {
            std::fs::write(
                folder.join(format!("{frame:04}.png")),
                png(&frame.to_le_bytes()),
            )
            .unwrap();
        }
        // A frame held by an earlier finish, since rendered again, is held anew.
        std::fs::write(folder.join("0049.png"), b"old").unwrap();
        let mut sequence = rendered_sequence(dir.path(), "1-1", 48).unwrap();
        hold_last_frame(dir.path(), &mut sequence, 24).unwrap();
        assert_eq!(sequence.frames, 72);
        for frame in 49..=72 {
            let held = std::fs::read(folder.join(format!("{frame:04}.png"))).unwrap();
            assert_eq!(held, png(&48u32.to_le_bytes()), "frame {frame}");
        }
        assert!(!folder.join("0073.png").exists());
    }
    use oneshot_model::ShotSize;

    #[test]
    fn slates_read_like_a_storyboard() {
        let shot = Shot {
            id: "2-3".into(),
            scene: 2,
            kind: ShotKind::OverTheShoulder,
            size: ShotSize::Mcu,
            movement: CameraMove::Static,
            subjects: vec![],
            speaker: None,
            description: String::new(),
            duration_s: 1.0,
            lens_mm: 50.0,
        };
        let mut clip = Clip {
            shot,
            media: String::new(),
            rendered: true,
            reel: "2X3".into(),
            opens_scene: None,
            on_screen: Vec::new(),
            grade: "neutral".into(),
            sequence: None,
            record_in: 0,
            frames: 24,
            dissolve_in: 0,
            fade_in: 0,
            fade_out: 0,
        };
        assert_eq!(slate(&clip), "SC 2  2-3  MCU OTS");
        clip.shot.kind = ShotKind::Establishing;
        clip.shot.size = ShotSize::Ws;
        clip.shot.movement = CameraMove::Crane;
        assert_eq!(slate(&clip), "SC 2  2-3  WS EST  CRANE");
        clip.dissolve_in = 12;
        clip.fade_out = 6;
        assert_eq!(slate(&clip), "SC 2  2-3  WS EST  CRANE  DISSOLVE  FADE OUT");
    }

    #[test]
    fn file_names_match_the_add_on() {
        assert_eq!(file_name("3-2"), "3-2");
        assert_eq!(file_name("3/2.a"), "3_2_a");
    }

    fn example_plan(fps: f32, out: &Path) -> ProductionPlan {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let script = oneshot_script::load(&root.join("alley-kings.fountain")).unwrap();
        let mut plan = crate::plan(&script, None).unwrap();
        plan.fps = fps;
        write_plan(&plan, &script, out).unwrap();
        plan
    }

    #[test]
    fn the_plan_comes_with_its_sound() {
        let dir = tempfile::tempdir().unwrap();
        let plan = example_plan(24.0, dir.path());
        let frames = Edit::from_plan(&plan, |_| String::new()).unwrap().frames();
        // 2000 samples a frame at 24 fps, four bytes a stereo sample, and the header.
        let wav = std::fs::metadata(dir.path().join(TEMP_MIX)).unwrap().len();
        assert_eq!(
            wav,
            u64::from(oneshot_sound::WAV_HEADER_BYTES) + frames * 2000 * 4
        );
        let cues: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join(CUES_JSON)).unwrap()).unwrap();
        assert_eq!(cues["frames"], frames);
        let csv = std::fs::read_to_string(dir.path().join(CUES_CSV)).unwrap();
        assert_eq!(
            csv.lines().count(),
            cues["cues"].as_array().unwrap().len() + 1
        );
        let music = std::fs::read_to_string(dir.path().join(MUSIC_CUES_CSV)).unwrap();
        assert!(music.starts_with("cue,title,usage,"), "{music}");
        assert!(music.ends_with(",,\n") && music.contains("\ntotal music,"));
        assert_eq!(
            std::fs::read_dir(dir.path().join(SOUND)).unwrap().count(),
            4
        );
    }

    #[test]
    fn a_plan_that_fails_to_write_leaves_the_last_one_whole() {
        let dir = tempfile::tempdir().unwrap();
        let first = example_plan(24.0, dir.path());
        let mix = std::fs::read(dir.path().join(TEMP_MIX)).unwrap();
        // A folder where the shot list goes: the second plan cannot be written.
        std::fs::remove_file(dir.path().join(SHOTLIST_CSV)).unwrap();
        std::fs::create_dir(dir.path().join(SHOTLIST_CSV)).unwrap();
        let mut second = first.clone();
        second.title = "Another".into();
        second.shots[0].duration_s += 1.0;
        assert!(write_plan(&second, &Script::default(), dir.path()).is_err());
        assert_eq!(read_plan(dir.path()).unwrap().title, first.title);
        assert_eq!(std::fs::read(dir.path().join(TEMP_MIX)).unwrap(), mix);
        let names = std::fs::read_dir(dir.path()).unwrap();
        assert!(
            names
                .flatten()
                .all(|e| !e.file_name().to_string_lossy().contains(".partial-"))
        );
    }

    #[test]
    fn an_uncuttable_plan_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let script = oneshot_script::load(&root.join("alley-kings.fountain")).unwrap();
        let mut plan = crate::plan(&script, None).unwrap();
        plan.fps = f32::NAN;
        let err = write_plan(&plan, &script, dir.path()).unwrap_err();
        assert!(matches!(err, PostError::Sound { .. }), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        // Nor does a cut too long for its temp mix's WAV (about six hours).
        let mut plan = crate::plan(&script, None).unwrap();
        plan.shots[0].duration_s = 30_000.0;
        let err = write_plan(&plan, &script, dir.path()).unwrap_err();
        assert!(err.to_string().contains("longer than a WAV"), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn unrendered_shots_are_refused_unless_placeholders_are_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let plan = example_plan(24.0, dir.path());
        let before: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        let err = finish(dir.path(), MissingFrames::Refuse).unwrap_err();
        let PostError::MissingFrames { shots, total, .. } = &err else {
            panic!("{err}");
        };
        assert_eq!((shots.len(), *total), (plan.shots.len(), plan.shots.len()));
        assert!(err.to_string().contains("render them first"), "{err}");
        // A still that is there but will not do says why.
        let still = dir
            .path()
            .join(FRAMES)
            .join(format!("{}.png", plan.shots[1].id));
        std::fs::create_dir_all(still.parent().unwrap()).unwrap();
        std::fs::write(&still, b"\x89PNG\r\n\x1a\ncut short").unwrap();
        let err = finish(dir.path(), MissingFrames::Refuse)
            .unwrap_err()
            .to_string();
        assert!(err.contains(&format!("{} (", plan.shots[1].id)), "{err}");
        std::fs::remove_dir_all(dir.path().join(FRAMES)).unwrap();
        let after: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(before, after, "nothing written");
        // With placeholders, the manifest, the OTIO and the EDL say which they are.
        let manifest = finish(dir.path(), MissingFrames::Placeholders)
            .unwrap()
            .manifest;
        assert!(manifest.shots.iter().all(|shot| !shot.rendered));
        let otio = std::fs::read_to_string(dir.path().join(EDIT_OTIO)).unwrap();
        assert!(otio.contains("MissingReference.1"));
        let edl = std::fs::read_to_string(dir.path().join(EDIT_EDL)).unwrap();
        assert!(edl.contains("* COMMENT: NOT RENDERED"));
        // The cut's timing, for a post house: frames and record timecode.
        assert_eq!(
            (manifest.fps, manifest.start_timecode.as_str()),
            (24.0, "01:00:00:00")
        );
        let first = &manifest.shots[0];
        assert_eq!(first.record_in, "01:00:00:00");
        assert_eq!(manifest.shots[1].record_in, first.record_out);
        let cut: u64 = manifest.shots.iter().map(|shot| shot.frames).sum();
        assert!(
            cut > 0 && cut <= manifest.frames,
            "credits follow the shots"
        );
    }

    #[test]
    fn finishing_writes_the_edit_and_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let plan = example_plan(23.976, dir.path());
        let finished = finish(dir.path(), MissingFrames::Placeholders).unwrap();
        assert_eq!(finished.manifest.edit_otio, EDIT_OTIO);
        assert_eq!(finished.manifest.edit_edl.as_deref(), Some(EDIT_EDL));
        let otio = std::fs::read_to_string(dir.path().join(EDIT_OTIO)).unwrap();
        let clips = otio.matches("\"OTIO_SCHEMA\": \"Clip.2\"").count();
        assert_eq!(
            clips,
            plan.shots.len() + 1,
            "a clip per shot and the temp mix"
        );
        assert!(otio.contains("\"target_url\": \"sound/temp_mix.wav\""));
        let edl = std::fs::read_to_string(dir.path().join(EDIT_EDL)).unwrap();
        assert!(edl.starts_with("TITLE: "), "{edl}");
        assert!(edl.contains("* FROM FILE: frames/1-1.png"), "{edl}");
    }

    #[test]
    fn the_manifest_names_the_sound_that_is_there() {
        let dir = tempfile::tempdir().unwrap();
        example_plan(24.0, dir.path());
        let finished = finish(dir.path(), MissingFrames::Placeholders).unwrap();
        assert_eq!(finished.manifest.cues_json.as_deref(), Some(CUES_JSON));
        assert_eq!(finished.manifest.cues_csv.as_deref(), Some(CUES_CSV));
        assert_eq!(
            finished.manifest.music_cues_csv.as_deref(),
            Some(MUSIC_CUES_CSV)
        );
        assert_eq!(finished.manifest.temp_mix.as_deref(), Some(TEMP_MIX));
        let on_disk: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join(MANIFEST)).unwrap()).unwrap();
        assert_eq!(on_disk["cues_json"], "sound/cues.json");
        assert_eq!(on_disk["cues_csv"], "sound/cues.csv");
        assert_eq!(on_disk["temp_mix"], "sound/temp_mix.wav");

        std::fs::remove_file(dir.path().join(TEMP_MIX)).unwrap();
        let finished = finish(dir.path(), MissingFrames::Placeholders).unwrap();
        assert_eq!(finished.manifest.temp_mix, None);
        assert_eq!(finished.manifest.cues_json.as_deref(), Some(CUES_JSON));
        let on_disk: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join(MANIFEST)).unwrap()).unwrap();
        assert!(on_disk["temp_mix"].is_null(), "{on_disk}");
    }

    #[test]
    fn stems_come_when_asked_for_and_go_when_not() {
        let dir = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let script = oneshot_script::load(&root.join("alley-kings.fountain")).unwrap();
        let mut plan = crate::plan(&script, None).unwrap();
        plan.stems = true;
        write_plan(&plan, &script, dir.path()).unwrap();
        let mix_size = std::fs::metadata(dir.path().join(TEMP_MIX)).unwrap().len();
        let finished = finish(dir.path(), MissingFrames::Placeholders).unwrap();
        let names = ["dialogue", "effects", "music", "ambience"];
        assert_eq!(
            finished.manifest.stems,
            names.map(|name| format!("sound/stems/{name}.wav"))
        );
        for stem in &finished.manifest.stems {
            let size = std::fs::metadata(dir.path().join(stem)).unwrap().len();
            assert_eq!(size, mix_size, "{stem} runs the length of the mix");
        }
        let otio: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join(EDIT_OTIO)).unwrap()).unwrap();
        let audio: Vec<&str> = otio["tracks"]["children"].as_array().unwrap()[1..]
            .iter()
            .map(|track| track["children"][0]["name"].as_str().unwrap())
            .collect();
        assert_eq!(audio, names, "a track per stem, and no mix on top of them");
        // A stem cut short takes the others out of the edit with it, and says so.
        let dialogue = dir.path().join(&finished.manifest.stems[0]);
        let whole = std::fs::read(&dialogue).unwrap();
        std::fs::write(&dialogue, &whole[..whole.len() / 2]).unwrap();
        let broken = finish(dir.path(), MissingFrames::Placeholders).unwrap();
        assert!(broken.manifest.stems.is_empty());
        let said = |what: &str| broken.warnings.iter().any(|w| w.contains(what));
        assert!(said("dialogue.wav is cut short"), "{:?}", broken.warnings);
        assert!(said("only 3 of the 4 stems"), "{:?}", broken.warnings);

        plan.stems = false;
        write_plan(&plan, &script, dir.path()).unwrap();
        assert_eq!(
            std::fs::read_dir(dir.path().join(STEMS)).unwrap().count(),
            0
        );
        assert!(
            finish(dir.path(), MissingFrames::Placeholders)
                .unwrap()
                .manifest
                .stems
                .is_empty()
        );
    }

    #[test]
    fn a_full_motion_plan_cuts_the_movie() {
        let dir = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let script = oneshot_script::load(&root.join("alley-kings.fountain")).unwrap();
        let mut production = oneshot_model::ProductionConfig::untitled("Alley Kings");
        let preview = crate::plan(&script, Some(&production)).unwrap();
        assert_eq!(cut_name(&preview), ANIMATIC);
        production.render.full_motion = true;
        let film = crate::plan(&script, Some(&production)).unwrap();
        assert_eq!(cut_name(&film), MOVIE);
        write_plan(&film, &script, dir.path()).unwrap();
        assert_eq!(
            finish(dir.path(), MissingFrames::Placeholders)
                .unwrap()
                .manifest
                .animatic,
            None
        );
        std::fs::write(dir.path().join(MOVIE), b"cut").unwrap();
        let cut = finish(dir.path(), MissingFrames::Placeholders)
            .unwrap()
            .manifest
            .animatic;
        assert_eq!(cut.as_deref(), Some(MOVIE));
        // A moving shot's frame cut short: the edit holds its still, and says so;
        // a cut with holes is refused unless placeholders are asked for.
        let moving = film.setups.iter().find(|s| s.frames > 1).unwrap();
        let folder = dir.path().join(FRAMES).join(file_name(&moving.shot_id));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("0001.png"), b"\x89PNG").unwrap();
        let warnings = finish(dir.path(), MissingFrames::Placeholders)
            .unwrap()
            .warnings;
        let short = format!("shot {}: ", moving.shot_id);
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with(&short) && w.contains("0001.png is cut short")),
            "{warnings:?}"
        );
        let err = finish(dir.path(), MissingFrames::Refuse).unwrap_err();
        let PostError::MissingFrames { shots, .. } = &err else {
            panic!("{err}");
        };
        assert_eq!(shots.len(), film.shots.len(), "each shot once: {shots:?}");
        let named = format!(
            "{} (frames/{}/0001.png is cut short)",
            moving.shot_id,
            file_name(&moving.shot_id)
        );
        assert!(shots.contains(&named), "{shots:?}");
    }

    #[test]
    fn sound_that_does_not_run_the_length_of_the_cut_is_warned_of() {
        let dir = tempfile::tempdir().unwrap();
        let mut plan = example_plan(24.0, dir.path());
        let finished = finish(dir.path(), MissingFrames::Placeholders).unwrap();
        assert!(
            !finished.warnings.iter().any(|w| w.contains(TEMP_MIX)),
            "{:?}",
            finished.warnings
        );
        // A shot made longer by hand in plan.json, after the sound was made.
        plan.shots[0].duration_s += 1.0;
        std::fs::write(dir.path().join(PLAN), serde_json::to_vec(&plan).unwrap()).unwrap();
        let warnings = finish(dir.path(), MissingFrames::Placeholders)
            .unwrap()
            .warnings;
        let off = warnings.iter().find(|w| w.starts_with(TEMP_MIX));
        assert!(
            off.is_some_and(|w| w.contains("the plan changed")),
            "{warnings:?}"
        );
    }

    #[test]
    fn sound_cut_short_or_no_sound_at_all_is_left_out_and_said() {
        let dir = tempfile::tempdir().unwrap();
        example_plan(24.0, dir.path());
        let mix = dir.path().join(TEMP_MIX);
        let whole = std::fs::read(&mix).unwrap();
        let cues = dir.path().join(CUES_JSON);
        let sheet = std::fs::read(&cues).unwrap();
        for (wav, why) in [
            (&whole[..1000], "is cut short (1000 of its"),
            (&[][..], "is not a WAV file"),
            (
                &b"not a wav at all, but long enough"[..],
                "is not a WAV file",
            ),
        ] {
            std::fs::write(&mix, wav).unwrap();
            std::fs::write(&cues, &sheet[..500]).unwrap();
            let finished = finish(dir.path(), MissingFrames::Placeholders).unwrap();
            let said = |name: &str, why: &str| {
                let found = finished.warnings.iter().find(|w| w.starts_with(name));
                assert!(
                    found.is_some_and(|w| w.contains(why)),
                    "{:?}",
                    finished.warnings
                );
            };
            said(TEMP_MIX, why);
            said(CUES_JSON, "is not a cue sheet");
            assert_eq!(finished.manifest.temp_mix, None);
            assert_eq!(finished.manifest.cues_json, None);
            let otio = std::fs::read_to_string(dir.path().join(EDIT_OTIO)).unwrap();
            assert!(
                !otio.contains("temp_mix.wav"),
                "the edit lays no broken sound"
            );
        }
    }

    #[test]
    fn a_manifest_without_sound_still_reads() {
        let old = r#"{"shots": [], "storyboard": "storyboard.png", "animatic": "animatic.mp4",
            "edit_otio": "edit.otio", "edit_edl": null}"#;
        let manifest: Manifest = serde_json::from_str(old).unwrap();
        assert_eq!(manifest.cues_json, None);
        assert_eq!(manifest.temp_mix, None);
        assert!(manifest.stems.is_empty());
    }

    #[test]
    fn too_fast_for_an_edl_warns_and_leaves_none_behind() {
        let dir = tempfile::tempdir().unwrap();
        example_plan(24.0, dir.path());
        finish(dir.path(), MissingFrames::Placeholders).unwrap();
        example_plan(120.0, dir.path());
        let finished = finish(dir.path(), MissingFrames::Placeholders).unwrap();
        assert_eq!(finished.manifest.edit_edl, None);
        assert!(
            finished
                .warnings
                .iter()
                .any(|w| w.starts_with("no edit.edl: "))
        );
        assert!(dir.path().join(EDIT_OTIO).is_file());
        assert!(!dir.path().join(EDIT_EDL).exists());
    }

    #[test]
    fn an_uncuttable_plan_names_the_plan() {
        let dir = tempfile::tempdir().unwrap();
        let mut plan = example_plan(24.0, dir.path());
        plan.fps = -24.0;
        let mut files = FileSet::default();
        write_json(&mut files, &dir.path().join(PLAN), &plan).unwrap();
        files.commit().unwrap();
        let err = finish(dir.path(), MissingFrames::Placeholders).unwrap_err();
        assert!(matches!(err, PostError::Edit { .. }), "{err}");
        assert!(err.to_string().contains("plan.json"), "{err}");
        assert!(!dir.path().join(STORYBOARD).exists());
    }

    #[test]
    fn finishing_without_a_plan_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = finish(dir.path(), MissingFrames::Placeholders).unwrap_err();
        assert!(err.to_string().contains("plan.json"), "{err}");
        std::fs::write(dir.path().join(PLAN), "{\"title\": 3}").unwrap();
        let err = finish(dir.path(), MissingFrames::Placeholders).unwrap_err();
        assert!(matches!(err, PostError::BadPlan { .. }), "{err}");
        assert!(!dir.path().join(MANIFEST).exists());
    }
}
