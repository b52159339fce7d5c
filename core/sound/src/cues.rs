//! The cue sheet: what is heard where on the cut's timeline.
//!
//! Times come from the edit ([`oneshot_edit::Edit`]), so a cue starts on the very
//! frame its shot is cut in. Per run of shots of one scene:
//!
//! * one ambience bed (room tone inside, the outdoors outside) over the whole run,
//!   with the weather of the scene's special effects and the hum of its glowing
//!   visual effects ([`Weather`]);
//! * one music cue over the run for each music element of the scene's breakdown
//!   (source music, heard in the scene);
//! * with the plan's `score`, the temp score's cues, spotted over the runs and
//!   the end credits ([`crate::score`]);
//! * one dialogue cue per speaking shot, from the cut in for the line's own
//!   duration (the shot adds a breath after it);
//! * one effect cue per other sound element, at the first shot whose description
//!   names it, else at the scene's start;
//! * a `thunder` effect cue after each lightning strike composited into a shot,
//!   as late as the strike is far;
//! * a `footsteps` (or `running footsteps`) effect cue while someone walks on
//!   or off the set, named after them, and a `door` as the door they come in or
//!   go out by swings;
//! * an `explosion` effect cue as a shot's blast goes off in the picture;
//! * a `punches` effect cue over a fight's shot, named after who throws them.
//!
//! A scene cut in several runs (intercutting) gets its music and effects in the
//! first run only. Where the picture fades up from black or out to it, the whole
//! mix fades with it ([`CueSheet::fades`]); where it dissolves, the beds cross
//! over through the dissolve's frames ([`CueSheet::dissolves`]), and at a cut
//! about it.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use oneshot_edit::{Clip, Edit, Rate};
use oneshot_model::plan::{STORM_WORDS, WIND_WORDS};
use oneshot_model::script::{MUSIC_WORDS, has_word, spoken_with};
use oneshot_model::{
    Category, DayNight, DialogueLine, EffectKind, EffectLayer, IntExt, Pose, Primitive,
    ProductionPlan, Role, Scene, Script, ShotSetup, Surface, quote,
};
use serde::{Deserialize, Serialize};

use crate::SoundError;
use crate::score::{self, Score};

/// An effect cue lasts this long, or to the end of its scene when that is sooner.
const EFFECT_S: f64 = 1.0;
/// The effect cue of the thunder after a lightning strike; the mix rolls it.
pub const THUNDER: &str = "thunder";
/// Thunder is heard at most this long after its flash (a strike 2.5 km away).
const THUNDER_DELAY_S: f64 = 2.5;
/// The effect cue of an explosion's boom, as its blast goes off in the picture.
pub const EXPLOSION: &str = "explosion";
/// The effect cues of someone walking on or off the set, and running; the mix
/// steps them. Indoors, they come in and go out through a door, which swings.
pub const FOOTSTEPS: &str = "footsteps";
pub const RUNNING_FOOTSTEPS: &str = "running footsteps";
pub const DOOR: &str = "door";
/// The effect cue of a lamp switched on or off, named after the lamp, as its
/// light starts to change; a flame (`FLAMES`) is lit or put out without a sound
/// worth mixing.
pub const LIGHT_SWITCH: &str = "light switch";
const FLAMES: [&str; 5] = ["candle", "torch", "lantern", "fire", "match"];
/// The effect cue of a fight, named after who throws the punches, over the shot
/// the cast squares up in (a `Punch` pose); the mix lands the blows.
pub const PUNCHES: &str = "punches";
/// Every cue of the cut, in timeline order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CueSheet {
    pub title: String,
    /// The plan's frame rate, as the cut counts frames.
    pub fps: f64,
    /// Frames per timecode second (24 for 23.976).
    pub timecode_base: u32,
    /// The timecode is drop-frame (`01:00:00;00`, at 29.97 or 59.94 fps).
    #[serde(default)]
    pub drop_frame: bool,
    /// Timecode of the cut's first frame.
    pub start_timecode: String,
    /// Length of the cut in frames and seconds.
    pub frames: u64,
    pub duration_s: f64,
    pub cues: Vec<Cue>,
    /// Where the whole mix fades with the picture, in timeline order.
    #[serde(default)]
    pub fades: Vec<Fade>,
    /// Where the picture dissolves from one shot into the next, in timeline order:
    /// a bed handing over there crosses over through the same frames.
    #[serde(default)]
    pub dissolves: Vec<Dissolve>,
}

/// The frames a dissolve in the picture takes, from the cut on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dissolve {
    pub start_frame: u64,
    pub end_frame: u64,
}

/// The mix fading up from silence or down to it, with the picture's fade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fade {
    pub direction: FadeDirection,
    pub start_frame: u64,
    pub end_frame: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FadeDirection {
    /// Up from silence.
    In,
    /// Down to silence.
    Out,
}

/// What kind of sound a cue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CueKind {
    Ambience,
    Music,
    Dialogue,
    Effect,
    /// The temp score (music is source music, heard in the scene).
    Score,
}

impl CueKind {
    /// Every kind, in the order stems are listed: dialogue, effects, music, ambience.
    pub const STEMS: [CueKind; 4] = [
        CueKind::Dialogue,
        CueKind::Effect,
        CueKind::Music,
        CueKind::Ambience,
    ];

    /// The name of this kind's stem (`dialogue`, `effects`, `music`, `ambience`):
    /// the score is music.
    pub fn stem(self) -> &'static str {
        match self {
            CueKind::Ambience => "ambience",
            CueKind::Music | CueKind::Score => "music",
            CueKind::Dialogue => "dialogue",
            CueKind::Effect => "effects",
        }
    }

    /// Score or source music: what a music cue sheet lists.
    pub fn is_music(self) -> bool {
        matches!(self, CueKind::Music | CueKind::Score)
    }

    fn label(self) -> &'static str {
        match self {
            CueKind::Ambience => "ambience",
            CueKind::Music => "music",
            CueKind::Dialogue => "dialogue",
            CueKind::Effect => "effect",
            CueKind::Score => "score",
        }
    }
}

/// Reels are twenty minutes long: cue `2M1` is the first in the second reel.
const REEL_S: f64 = 20.0 * 60.0;

/// Numbers the music cues, score and source music alike, by reel in the order
/// they start, as a music cue sheet numbers them: `1M1`, `1M2`, then `2M1` in the
/// second reel. A cue of score is called by its number.
fn number_music(cues: &mut [Cue], fps: f64) {
    let mut in_reel = (0, 0);
    for cue in cues.iter_mut().filter(|cue| cue.kind.is_music()) {
        let reel = (cue.start_frame as f64 / fps / REEL_S) as u32 + 1;
        in_reel = (reel, if in_reel.0 == reel { in_reel.1 + 1 } else { 1 });
        let number = format!("{reel}M{}", in_reel.1);
        if cue.kind == CueKind::Score {
            cue.name.clone_from(&number);
        }
        cue.number = Some(number);
    }
}

/// One cue. Frames count from 0 at the start of the cut; the end is exclusive (the
/// first frame after the cue), as an EDL's record out is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cue {
    pub kind: CueKind,
    pub scene: u32,
    /// The shot the cue starts in.
    pub shot: String,
    /// The character (dialogue), the element (effect, music), the set (ambience)
    /// or the cue number (score: `1M1`).
    pub name: String,
    /// The line (dialogue), the scene heading (ambience) or the mood, key and
    /// tempo (score); empty otherwise.
    pub text: String,
    pub start_frame: u64,
    pub end_frame: u64,
    pub start_s: f64,
    pub end_s: f64,
    pub start_tc: String,
    pub end_tc: String,
    /// Where an ambience bed is; `None` for other cues.
    pub setting: Option<Setting>,
    /// What a cue of score plays; `None` for other cues.
    #[serde(default)]
    pub score: Option<Score>,
    /// The music cue number, by reel (`1M2`), of score and source music alike;
    /// `None` for other cues.
    #[serde(default)]
    pub number: Option<String>,
}

/// Where a scene is set, as the ambience hears it (by default: inside, by day).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setting {
    pub int_ext: Option<IntExt>,
    /// The time of day as the heading writes it.
    pub time_of_day: Option<String>,
    /// Night by the stripboard's rule (`CONTINUOUS` takes the previous scene's).
    pub night: bool,
    /// What the scene's special effects add to the bed.
    #[serde(default)]
    pub weather: Weather,
}

/// What a scene's effects add to its ambience bed, as the picture gets them:
/// rain on the ground (on the roof, muffled, inside), gusts of wind, thunder
/// rolling after the lightning, a fire's crackle and roar, the hum of a glowing
/// visual effect.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Weather {
    pub rain: bool,
    pub wind: bool,
    /// Thunder rolls in the bed every several seconds: when the picture has no
    /// lightning for it to follow (`[effects]` off). With lightning composited,
    /// each strike's thunder is an effect cue of its own.
    pub thunder: bool,
    pub fire: bool,
    /// The electric hum of a hologram, a portal or a laser: the scene's set has
    /// a stand-in for it that glows (a glowing figure, a ghost, is silent).
    #[serde(default)]
    pub hum: bool,
}

impl Weather {
    /// The weather a scene's special-effects `elements` (`rain`, `storm`) call for.
    /// An explosion is not weather: its boom is a cue of its own, when its blast
    /// goes off, and the bed has no fire burning before it.
    pub fn of(elements: &[String]) -> Weather {
        let kinds: Vec<EffectKind> = elements
            .iter()
            .map(|e| EffectKind::named_in(e))
            .filter(|kinds| !kinds.contains(&EffectKind::Blast))
            .flatten()
            .collect();
        let blows = elements
            .iter()
            .flat_map(|e| e.split_whitespace())
            .map(str::to_lowercase)
            .any(|w| WIND_WORDS.contains(&w.as_str()) || STORM_WORDS.contains(&w.as_str()));
        Weather {
            rain: kinds.contains(&EffectKind::Rain),
            wind: blows,
            thunder: kinds.contains(&EffectKind::Lightning),
            fire: kinds.contains(&EffectKind::Fire),
            hum: false,
        }
    }
}

impl Setting {
    /// Outdoors, as the set builder reads the heading (`INT/EXT` is built outside).
    pub fn exterior(&self) -> bool {
        matches!(self.int_ext, Some(IntExt::Ext | IntExt::IntExt))
    }
}

/// The cue sheet of `plan`'s cut, with the lines, settings and sound elements of
/// `breakdown`. Fails only when the plan cannot be cut (see [`Edit::from_plan`]).
pub fn cue_sheet(plan: &ProductionPlan, breakdown: &Script) -> Result<CueSheet, SoundError> {
    let edit = Edit::from_plan(plan, |_| String::new())?;
    let rate = edit.rate;
    let scenes: HashMap<u32, &Scene> = breakdown.scenes.iter().map(|s| (s.number, s)).collect();
    let settings = settings(breakdown);
    let time = Timing { rate };
    let setups: HashMap<&str, &ShotSetup> = plan
        .setups
        .iter()
        .map(|setup| (setup.shot_id.as_str(), setup))
        .collect();
    let mut cues = Vec::new();
    let mut scored = HashSet::new();
    let mut spoken = HashMap::new();
    let runs: Vec<&[Clip]> = edit
        .clips
        .chunk_by(|a, b| a.shot.scene == b.shot.scene)
        .collect();
    // Each run's frames and the mood its score plays in, for the spotting.
    let mut spotted = Vec::with_capacity(runs.len());
    for (index, run) in runs.iter().enumerate() {
        let number = run[0].shot.scene;
        let scene = scenes.get(&number).copied();
        let start = run[0].record_in;
        let end = run[run.len() - 1].record_in + run[run.len() - 1].frames;
        let cue = |kind, shot: &Clip, name: &str, text: &str, start, end| {
            time.cue(kind, shot, name.to_owned(), text.to_owned(), start, end)
        };
        let mut bed = cue(CueKind::Ambience, &run[0], "", "", start, end);
        if let Some(scene) = scene {
            bed.name = scene.location.clone();
            bed.text = scene.heading.clone();
        }
        let mut setting = settings.get(&number).cloned().unwrap_or_default();
        let scene_plan = plan.scenes.iter().find(|s| s.scene == number);
        let layers = scene_plan.map_or(&[][..], |s| s.effects.as_slice());
        // Machines hum; a ghost is silent.
        setting.weather.hum = scene_plan.is_some_and(|s| {
            s.pieces.iter().any(|p| {
                p.role == Role::Effect
                    && p.surface != Surface::Matte
                    && p.primitive != Primitive::Mannequin
            })
        });
        spotted.push((
            start..end,
            score::spot(score::Run {
                opening_or_ending: index == 0 || index + 1 == runs.len(),
                night: setting.night,
                action: scene.is_some_and(has_action),
                visual_effect: scene
                    .is_some_and(|s| s.elements.contains_key(&Category::VisualEffects)),
                silent: scene.is_none_or(|s| s.lines.is_empty()),
            }),
        ));
        let thunder = thunderclaps(run, layers, &setups, &time, end);
        // Lightning in the picture: its thunder follows each flash, not the bed's own.
        setting.weather.thunder &= !layers.iter().any(|l| l.kind == EffectKind::Lightning);
        bed.setting = Some(setting);
        cues.push(bed);
        cues.extend(thunder);
        cues.extend(goings_on(run, &setups, &time, end));
        cues.extend(dialogue(
            run,
            scene,
            spoken.entry(number).or_default(),
            &time,
        ));
        let Some(scene) = scene.filter(|_| scored.insert(number)) else {
            continue;
        };
        for element in scene
            .elements
            .get(&Category::SoundEffectsMusic)
            .into_iter()
            .flatten()
        {
            if is_music(element) {
                cues.push(cue(CueKind::Music, &run[0], element, "", start, end));
                continue;
            }
            let needle = element.to_lowercase();
            let at = run
                .iter()
                .find(|c| c.shot.description.to_lowercase().contains(&needle))
                .unwrap_or(&run[0]);
            let until = (at.record_in + time.frames(EFFECT_S)).min(end);
            cues.push(cue(CueKind::Effect, at, element, "", at.record_in, until));
        }
    }
    if plan.score {
        let credits = edit.credits.first().map(|card| score::Credits {
            frames: card.record_in..edit.frames(),
            after_black: edit.clips.last().is_some_and(|clip| clip.fade_out > 0),
        });
        for (index, frames, mood) in score::cues(&spotted, credits, rate.fps) {
            // Named below by its number, with the source music.
            let score = mood.score();
            let text = format!("{}, {}, {} bpm", mood.name(), score.key, score.bpm);
            // A cue that starts with the end credits is the last shot's.
            let first = runs
                .get(index)
                .map_or(&edit.clips[edit.clips.len() - 1], |run| &run[0]);
            let mut cue = time.cue(
                CueKind::Score,
                first,
                String::new(),
                text,
                frames.start,
                frames.end,
            );
            cue.score = Some(score);
            cues.push(cue);
        }
    }
    cues.sort_by_key(|c| (c.start_frame, c.kind));
    number_music(&mut cues, rate.fps);
    let fades = edit
        .clips
        .iter()
        .flat_map(|clip| {
            let end = clip.record_in + clip.frames;
            let fade = |direction, start_frame, end_frame| Fade {
                direction,
                start_frame,
                end_frame,
            };
            let up = (clip.fade_in > 0).then(|| {
                fade(
                    FadeDirection::In,
                    clip.record_in,
                    clip.record_in + clip.fade_in,
                )
            });
            let down =
                (clip.fade_out > 0).then(|| fade(FadeDirection::Out, end - clip.fade_out, end));
            up.into_iter().chain(down)
        })
        .collect();
    let dissolves = (edit.clips.iter())
        .filter(|clip| clip.dissolve_in > 0)
        .map(|clip| Dissolve {
            start_frame: clip.record_in,
            end_frame: clip.record_in + clip.dissolve_in,
        })
        .collect();
    let frames = edit.frames();
    Ok(CueSheet {
        title: edit.title,
        fps: rate.fps,
        timecode_base: rate.timecode_base,
        drop_frame: rate.drop_frame,
        start_timecode: time.timecode(0),
        frames,
        duration_s: frames as f64 / rate.fps,
        cues,
        fades,
        dissolves,
    })
}

/// A thunderclap's cue after each lightning strike composited into the shots of
/// `run` (see [`oneshot_fx::lightning_strikes`]), as late as the strike is far:
/// up to [`THUNDER_DELAY_S`], sound being slower than light. None past `end`.
fn thunderclaps(
    run: &[Clip],
    layers: &[EffectLayer],
    setups: &HashMap<&str, &ShotSetup>,
    time: &Timing,
    end: u64,
) -> Vec<Cue> {
    let mut claps = Vec::new();
    for clip in run {
        let seed = setups
            .get(clip.shot.id.as_str())
            .map_or(0, |setup| setup.effects_seed);
        let shown_s = clip.frames as f64 / time.rate.fps;
        for strike in oneshot_fx::lightning_strikes(layers, seed.into(), shown_s as f32) {
            // How far the strike is: a fraction drawn from its own time.
            let distance = (f64::from(strike) * 7.31).fract();
            let heard = f64::from(strike) + THUNDER_DELAY_S * (0.2 + 0.8 * distance);
            let at = clip.record_in + time.frames(heard);
            if at < end {
                let until = (at + time.frames(f64::from(crate::mix::THUNDER_S))).min(end);
                claps.push(time.cue(
                    CueKind::Effect,
                    clip,
                    THUNDER.to_owned(),
                    String::new(),
                    at,
                    until,
                ));
            }
        }
    }
    claps
}

/// The cues of what goes on in the shots of `run`: a footsteps cue for each walk,
/// from its first step to its last (turns on the spot are silent), named after
/// the walker; a door cue as a door swings; a switch's click as a lamp is
/// switched (see [`LIGHT_SWITCH`]); punches over a fight's shot, named
/// after who throws them; an explosion as a blast goes off, with its shot. None
/// past `end`.
fn goings_on(
    run: &[Clip],
    setups: &HashMap<&str, &ShotSetup>,
    time: &Timing,
    end: u64,
) -> Vec<Cue> {
    let mut steps = Vec::new();
    for clip in run {
        let Some(setup) = setups.get(clip.shot.id.as_str()) else {
            continue;
        };
        let clip_end = (clip.record_in + clip.frames).min(end);
        // A shot's frame 1 is the clip's first.
        let at = |frame: i32| clip.record_in + u64::try_from(frame - 1).unwrap_or(0);
        let mut cue = |name: &str, text: &str, start, until: u64| {
            let until = until.min(clip_end);
            if start < until {
                let (name, text) = (name.to_owned(), text.to_owned());
                steps.push(time.cue(CueKind::Effect, clip, name, text, start, until));
            }
        };
        for walk in &setup.walks {
            if let Some((first, last)) = walk.stepping() {
                let runs = walk.runs(time.rate.fps as f32);
                let name = if runs { RUNNING_FOOTSTEPS } else { FOOTSTEPS };
                cue(name, &walk.character, at(first), at(last));
            }
        }
        for door in &setup.doors {
            if let Some((swings, _)) = door.moving() {
                let shut = at(swings) + time.frames(f64::from(crate::mix::DOOR_S));
                cue(DOOR, "", at(swings), shut);
            }
        }
        for dimmer in &setup.dimmers {
            let piece = dimmer.piece.to_lowercase();
            if FLAMES.iter().any(|flame| piece.contains(flame)) {
                continue;
            }
            let changes = dimmer.keys.windows(2).filter(|k| k[0].level != k[1].level);
            for from in changes.map(|k| k[0].frame) {
                let click = at(from) + time.frames(f64::from(crate::mix::LIGHT_SWITCH_S));
                cue(LIGHT_SWITCH, &dimmer.piece, at(from), click);
            }
        }
        for fighter in setup.gestures.iter().filter(|g| g.pose == Pose::Punch) {
            cue(PUNCHES, &fighter.character, clip.record_in, clip_end);
        }
        if setup.effects.iter().any(|l| l.kind == EffectKind::Blast) {
            let boom = clip.record_in + time.frames(f64::from(crate::mix::BOOM_S));
            cue(EXPLOSION, "", clip.record_in, boom);
        }
    }
    steps
}

/// The dialogue cues of one run of shots: the k-th speaking shot of a scene speaks
/// the scene's k-th line, as the shot planner covers them (`spoken` counts the
/// scene's lines so far). A plan edited so that the two disagree falls back on the
/// shot: its speaker, its description, its length.
fn dialogue(run: &[Clip], scene: Option<&Scene>, spoken: &mut usize, time: &Timing) -> Vec<Cue> {
    let lines = scene.map_or(&[][..], |s| &s.lines[..]);
    let mut cues = Vec::new();
    for clip in run {
        let Some(speaker) = clip.shot.speaker.as_deref() else {
            continue;
        };
        let end = clip.record_in + clip.frames;
        let said_until = |line: &DialogueLine| {
            let spoken_for = time.frames(f64::from(line.duration_s));
            (clip.record_in.saturating_add(spoken_for)).clamp(clip.record_in + 1, end)
        };
        let (text, end) = match lines.get(*spoken) {
            Some(line) if line.character == speaker => (line.text.clone(), said_until(line)),
            _ => (clip.shot.description.clone(), end),
        };
        cues.push(time.cue(
            CueKind::Dialogue,
            clip,
            speaker.to_owned(),
            text,
            clip.record_in,
            end,
        ));
        // The other side of a dual dialogue is spoken at the same time, in the same shot.
        let at_once = lines.get(*spoken).filter(|line| line.character == speaker);
        if let Some(partner) = at_once.and_then(|_| spoken_with(lines, *spoken)) {
            *spoken += 1;
            cues.push(time.cue(
                CueKind::Dialogue,
                clip,
                partner.character.clone(),
                partner.text.clone(),
                clip.record_in,
                said_until(partner),
            ));
        }
        *spoken += 1;
    }
    cues
}

/// Each scene's setting, with night carried over `CONTINUOUS` in script order as
/// the planner lights it.
fn settings(breakdown: &Script) -> HashMap<u32, Setting> {
    let mut light = DayNight::Day;
    let mut settings = HashMap::new();
    for scene in &breakdown.scenes {
        light = scene.day_night(light);
        settings.insert(
            scene.number,
            Setting {
                int_ext: scene.int_ext,
                time_of_day: scene.time_of_day.clone(),
                night: light == DayNight::Night,
                weather: Weather::of(
                    scene
                        .elements
                        .get(&Category::SpecialEffects)
                        .map_or(&[][..], Vec::as_slice),
                ),
            },
        );
    }
    settings
}

/// A fight or a blast: stunts, or an explosion among the special effects.
fn has_action(scene: &Scene) -> bool {
    let blast = |element: &String| EffectKind::named_in(element).contains(&EffectKind::Blast);
    scene.elements.contains_key(&Category::Stunts)
        || scene
            .elements
            .get(&Category::SpecialEffects)
            .is_some_and(|effects| effects.iter().any(blast))
}

fn is_music(element: &str) -> bool {
    let element = element.to_lowercase();
    element
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| MUSIC_WORDS.contains(&word))
}

/// Frames, seconds and timecode at the cut's rate.
struct Timing {
    rate: Rate,
}

impl Timing {
    /// `seconds` rounded to whole frames (ties to even, as the cut rounds).
    fn frames(&self, seconds: f64) -> u64 {
        (seconds * self.rate.fps).round_ties_even().max(0.0) as u64
    }

    /// Record timecode of `frame`, from `01:00:00:00` (drop-frame `01:00:00;00`
    /// when the edit counts so); hours wrap at 24.
    fn timecode(&self, frame: u64) -> String {
        self.rate.timecode(self.rate.record_start() + frame)
    }

    fn cue(
        &self,
        kind: CueKind,
        shot: &Clip,
        name: String,
        text: String,
        start: u64,
        end: u64,
    ) -> Cue {
        Cue {
            kind,
            scene: shot.shot.scene,
            shot: shot.shot.id.clone(),
            name,
            text,
            start_frame: start,
            end_frame: end,
            start_s: start as f64 / self.rate.fps,
            end_s: end as f64 / self.rate.fps,
            start_tc: self.timecode(start),
            end_tc: self.timecode(end),
            setting: None,
            score: None,
            number: None,
        }
    }
}

impl CueSheet {
    /// The cue sheet as CSV (RFC 4180), one cue a row under a header row.
    pub fn csv(&self) -> String {
        let mut out = String::from(
            "kind,scene,shot,name,text,start_tc,end_tc,start_s,end_s,start_frame,end_frame\n",
        );
        for cue in &self.cues {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{:.3},{:.3},{},{}",
                cue.kind.label(),
                cue.scene,
                quote::csv(&cue.shot),
                quote::csv(&cue.name),
                quote::csv(&cue.text),
                cue.start_tc,
                cue.end_tc,
                cue.start_s,
                cue.end_s,
                cue.start_frame,
                cue.end_frame
            );
        }
        out
    }

    /// The music cue sheet as CSV (RFC 4180): each cue of score and source music
    /// in order, with its number, title, use (`BI` background instrumental for the
    /// score, `SV` source vocal for a song, `SI` source instrumental), timings and
    /// duration (`m:ss`), then the total music time.
    pub fn music_csv(&self) -> String {
        let mut out = String::from("cue,title,usage,start_tc,end_tc,duration,scene,shot\n");
        let mut total_s = 0.0;
        for cue in self.cues.iter().filter(|cue| cue.kind.is_music()) {
            let (title, usage) = match cue.kind {
                CueKind::Score => (format!("Temp score: {}", cue.text), "BI"),
                _ if is_song(&cue.name) => (cue.name.clone(), "SV"),
                _ => (cue.name.clone(), "SI"),
            };
            let seconds = cue.end_s - cue.start_s;
            total_s += seconds;
            let _ = writeln!(
                out,
                "{},{},{usage},{},{},{},{},{}",
                quote::csv(cue.number.as_deref().unwrap_or_default()),
                quote::csv(&title),
                cue.start_tc,
                cue.end_tc,
                minutes_seconds(seconds),
                cue.scene,
                quote::csv(&cue.shot),
            );
        }
        let _ = writeln!(out, "total music,,,,,{},,", minutes_seconds(total_s));
        out
    }
}

/// `m:ss`, to the nearest second.
fn minutes_seconds(seconds: f64) -> String {
    let seconds = seconds.round() as u64;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// Whether source music is sung: a song (sung lyrics are one), singing, a choir.
fn is_song(element: &str) -> bool {
    const SUNG: [&str; 6] = ["song", "songs", "singing", "sings", "choir", "anthem"];
    has_word(&element.to_lowercase(), &SUNG)
}
