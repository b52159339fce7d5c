//! The shot list and its camera set-ups.
//!
//! Coverage rules, per scene, in cutting order:
//!
//! 1. An establishing wide shot of the set and everyone in it, timed by the opening
//!    action (all of it before the first line): a slow push-in on an interior, a
//!    crane coming down onto an exterior.
//! 2. One shot per speaking turn: over the shoulder of the listener when two people
//!    trade lines, a medium single in a group, a close-up for an exclamation, and
//!    the listeners' reaction when the speaker is off screen (V.O., O.S.). In a
//!    group, an exclamation is followed by the next speaker's reaction.
//! 3. A master on the whole cast for each later stretch of action, where it is
//!    written: between the lines it comes between, or closing the scene (a silent
//!    scene's action after its first paragraph). Handheld when the stretch has
//!    stunts (a fight), a slow truck along the action when it runs long, locked
//!    off otherwise. Walks off, fights and switched lights play in the master of
//!    their stretch.
//!
//! Durations come from the breakdown's per-line timing and from the word count of
//! the action.

use glam::{Quat, Vec3};
use oneshot_model::script::{Beats, spoken_with};
use oneshot_model::{
    CameraData, CameraKey, CameraMove, CameraPath, Category, DialogueLine, EffectKind, EffectLayer,
    IntExt, Scene, Shot, ShotKind, ShotSetup, ShotSize, Transform,
};

use crate::framing::{self, Film, Framing, Placement, Subject, look_at};
use crate::set::Stage;

/// Screen time of action: about one second for every four words of description.
const SECONDS_PER_ACTION_WORD: f32 = 0.25;
/// A line is never cut shorter than this, plus a breath after it.
const MIN_LINE_S: f32 = 1.2;
const BREATH_S: f32 = 0.4;
/// How far off the lens (radians, about 20 degrees) a single takes the eyeline of
/// someone who faces the audience.
const OFF_LENS: f32 = 0.35;
const REACTION_S: f32 = 1.5;
/// Frames rendered for a moving shot in a preview (the storyboard uses the middle one).
pub(crate) const MOVING_SHOT_FRAMES: u32 = 3;
/// How far a push-in travels, as a share of the final distance.
const PUSH_IN: f32 = 0.25;
/// How high a crane starts above its final position, as a share of the final
/// distance, and at least and at most (metres).
const CRANE_RISE: f32 = 0.5;
const CRANE_RISE_M: (f32, f32) = (1.0, 4.0);
/// How far a truck travels, as a share of the final distance, and at most (metres).
const TRUCK: f32 = 0.15;
const TRUCK_M: f32 = 0.8;
/// A master at least this long trucks along the action rather than sit still.
const TRUCK_FROM_S: f32 = 5.0;
/// Handheld: a new wobble every this many frames, this far (metres) at the camera
/// and at the subject.
const HANDHELD_EVERY: i32 = 4;
const HANDHELD_SWAY_M: f32 = 0.025;
const HANDHELD_AIM_M: f32 = 0.04;

/// A shot before it has a camera: what it covers and for how long.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    pub kind: ShotKind,
    pub size: ShotSize,
    pub movement: CameraMove,
    pub subjects: Vec<String>,
    pub speaker: Option<String>,
    pub description: String,
    pub duration_s: f32,
}

/// Who each speaker of the scene on set talks to: the one of the `cast` they
/// trade the most lines with (the first of them on a tie), as `(who, to whom)`.
pub fn partners(scene: &Scene, cast: &[String]) -> Vec<(String, String)> {
    let on_set = |name: &str| cast.iter().any(|c| c == name);
    let mut exchanges: Vec<((&str, &str), u32)> = Vec::new();
    for pair in scene.lines.windows(2) {
        let (one, other) = (pair[0].character.as_str(), pair[1].character.as_str());
        if one == other || !on_set(one) || !on_set(other) {
            continue;
        }
        for key in [(one, other), (other, one)] {
            match exchanges.iter_mut().find(|(k, _)| *k == key) {
                Some((_, count)) => *count += 1,
                None => exchanges.push((key, 1)),
            }
        }
    }
    let mut partners: Vec<(String, String)> = Vec::new();
    for ((who, _), _) in &exchanges {
        if partners.iter().any(|(known, _)| known == who) {
            continue;
        }
        let mine = exchanges.iter().filter(|((w, _), _)| w == who);
        let most = mine.fold(
            None,
            |best: Option<(&str, u32)>, ((_, whom), count)| match best {
                Some((_, top)) if top >= *count => best,
                _ => Some((whom, *count)),
            },
        );
        if let Some((whom, _)) = most {
            partners.push(((*who).to_owned(), whom.to_owned()));
        }
    }
    partners
}

/// Screen time of an action paragraph.
pub fn action_seconds(paragraph: &str) -> f32 {
    paragraph.split_whitespace().count() as f32 * SECONDS_PER_ACTION_WORD
}

pub(crate) fn exclaims(line: &DialogueLine) -> bool {
    line.text.trim_end().ends_with('!')
}

pub(crate) fn off_screen(line: &DialogueLine) -> bool {
    line.extensions.iter().any(|e| {
        let e = e.to_ascii_uppercase();
        e.contains("V.O") || e.contains("O.S") || e.contains("O.C")
    })
}

/// The shot list of one scene for the `cast` on set (speaking order first).
pub fn coverage(scene: &Scene, cast: &[String]) -> Vec<Coverage> {
    let everyone = cast.to_vec();
    // The action the camera sees: its opening opens the scene, each later stretch
    // plays where it is written.
    let Beats { opening, later } = scene.beats();
    let opening = opening.join(" ");
    let stunts = scene
        .elements
        .get(&Category::Stunts)
        .map_or(&[][..], Vec::as_slice);
    let actions: Vec<String> = later.iter().map(|(_, stretch)| stretch.join(" ")).collect();
    let texts: Vec<&str> = actions.iter().map(String::as_str).collect();
    let fights = crate::gestures::fighting(&texts, stunts);
    let mut later = (later.iter().map(|(before_line, _)| *before_line))
        .zip(&actions)
        .zip(fights)
        .peekable();
    let mut shots = vec![Coverage {
        kind: ShotKind::Establishing,
        size: ShotSize::Ws,
        movement: if scene.int_ext == Some(IntExt::Ext) {
            CameraMove::Crane
        } else {
            CameraMove::Dolly
        },
        subjects: everyone.clone(),
        speaker: None,
        duration_s: action_seconds(&opening).clamp(3.0, 6.0),
        description: if opening.is_empty() {
            scene.heading.clone()
        } else {
            opening
        },
    }];

    let mut previous: Option<&str> = None;
    let mut lines = scene.lines.iter().enumerate();
    while let Some((i, line)) = lines.next() {
        if let Some(((_, action), fight)) = later.next_if(|((before_line, _), _)| *before_line == i)
        {
            shots.push(action_master(action, fight, &everyone));
        }
        let speaker = line.character.as_str();
        // Two speaking at once (dual dialogue) are one two-shot, as long as the
        // longer line.
        if let Some(partner) = spoken_with(&scene.lines, i) {
            lines.next();
            shots.push(Coverage {
                kind: ShotKind::TwoShot,
                size: ShotSize::Ms,
                movement: CameraMove::Static,
                subjects: vec![speaker.to_owned(), partner.character.clone()],
                speaker: Some(speaker.to_owned()),
                description: line.text.clone(),
                duration_s: line.duration_s.max(partner.duration_s).max(MIN_LINE_S) + BREATH_S,
            });
            previous = Some(&partner.character);
            continue;
        }
        let listeners: Vec<String> = cast.iter().filter(|c| *c != speaker).cloned().collect();
        let on_set = cast.iter().any(|c| c == speaker);
        let (kind, size, subjects) = if off_screen(line) || !on_set {
            if listeners.is_empty() {
                (ShotKind::Master, ShotSize::Ws, everyone.clone())
            } else {
                (ShotKind::Reaction, ShotSize::Ms, listeners.clone())
            }
        } else if listeners.is_empty() {
            let size = if exclaims(line) {
                ShotSize::Cu
            } else {
                ShotSize::Mcu
            };
            (ShotKind::Single, size, vec![speaker.to_owned()])
        } else if exclaims(line) {
            (ShotKind::Single, ShotSize::Cu, vec![speaker.to_owned()])
        } else if cast.len() == 2 && previous != Some(speaker) {
            let mut subjects = vec![speaker.to_owned()];
            subjects.extend(listeners.iter().cloned());
            (ShotKind::OverTheShoulder, ShotSize::Mcu, subjects)
        } else if cast.len() == 2 {
            (ShotKind::Single, ShotSize::Mcu, vec![speaker.to_owned()])
        } else {
            (ShotKind::Single, ShotSize::Ms, vec![speaker.to_owned()])
        };
        shots.push(Coverage {
            kind,
            size,
            movement: CameraMove::Static,
            subjects,
            speaker: Some(speaker.to_owned()),
            description: line.text.clone(),
            duration_s: line.duration_s.max(MIN_LINE_S) + BREATH_S,
        });
        let next = scene.lines.get(i + 1).map(|l| l.character.as_str());
        if cast.len() >= 3 && exclaims(line) && on_set {
            let reactor = next
                .filter(|n| *n != speaker && cast.iter().any(|c| c == n))
                .or_else(|| listeners.first().map(String::as_str));
            if let Some(reactor) = reactor {
                shots.push(Coverage {
                    kind: ShotKind::Reaction,
                    size: ShotSize::Mcu,
                    movement: CameraMove::Static,
                    subjects: vec![reactor.to_owned()],
                    speaker: None,
                    description: format!("{reactor} reacts"),
                    duration_s: REACTION_S,
                });
            }
        }
        previous = Some(speaker);
    }

    for ((_, action), fight) in later {
        shots.push(action_master(action, fight, &everyone));
    }
    shots
}

/// A master on the whole cast for a stretch of action, in its place in the cut:
/// handheld for a fight, a slow truck along the action when it runs long, locked
/// off otherwise.
fn action_master(action: &str, fight: bool, everyone: &[String]) -> Coverage {
    let duration_s = action_seconds(action).clamp(2.0, 8.0);
    Coverage {
        kind: ShotKind::Master,
        size: if everyone.len() > 3 {
            ShotSize::Ws
        } else {
            ShotSize::Fs
        },
        movement: if fight {
            CameraMove::Handheld
        } else if duration_s >= TRUCK_FROM_S {
            CameraMove::Truck
        } else {
            CameraMove::Static
        },
        subjects: everyone.to_vec(),
        speaker: None,
        description: action.to_owned(),
        duration_s,
    }
}

/// Whether a stretch of action is the cover of `shot`: a master with no speaker
/// after the establishing shot (see [`coverage`]).
pub fn covers_action(index: usize, shot: &Shot) -> bool {
    index > 0 && shot.kind == ShotKind::Master && shot.speaker.is_none()
}

/// The stretch of action each of a scene's shots plays, as [`coverage`] covers
/// them: the establishing shot the opening (0), the k-th master of a later
/// stretch the k-th (see `Scene::beats`); `None` for the rest.
pub fn stretches_shot(shots: &[Shot]) -> Vec<Option<usize>> {
    let mut later = 0;
    (shots.iter().enumerate())
        .map(|(i, shot)| match i {
            0 => Some(0),
            _ if covers_action(i, shot) => {
                later += 1;
                Some(later)
            }
            _ => None,
        })
        .collect()
}

/// Every frame of a camera path, first key to last.
fn path_frames(path: &CameraPath) -> u32 {
    let frames = path.keys.iter().map(|key| key.frame);
    match (frames.clone().min(), frames.max()) {
        (Some(first), Some(last)) => (last - first) as u32 + 1,
        _ => 1,
    }
}

/// The last frame of a shot `duration_s` long, counted from frame 1: a camera
/// path's last key, a walk's last key.
pub fn last_frame(duration_s: f32, fps: f32) -> i32 {
    ((duration_s * fps).round() as i32).max(2)
}

/// Gives each locked-off shot every frame of its length where its effects move:
/// in a `full_motion` film under any effects (its scene's `scene_effects` or its
/// own: rain, smoke), and in a preview too where lightning strikes or a blast
/// goes off, flashes a still cannot show (and the temp mix has their thunder and
/// boom). The add-on renders such a shot once and composites the effects over
/// that plate frame by frame. A shot with walks has its frames already (see
/// [`crate::blocking`]).
pub fn hold_for_effects(
    shots: &[Shot],
    setups: &mut [ShotSetup],
    scene_effects: &[EffectLayer],
    fps: f32,
    full_motion: bool,
) {
    let flashes = |layers: &[EffectLayer]| {
        let flash = |l: &EffectLayer| matches!(l.kind, EffectKind::Blast | EffectKind::Lightning);
        layers.iter().any(flash)
    };
    for (shot, setup) in shots.iter().zip(setups) {
        let effects = !scene_effects.is_empty() || !setup.effects.is_empty();
        let flash = flashes(scene_effects) || flashes(&setup.effects);
        let moving = flash || full_motion && effects;
        if moving && setup.path.is_none() && setup.walks.is_empty() {
            setup.frames = ((shot.duration_s * fps).round() as u32).max(1);
        }
    }
}

/// Turns one scene's coverage into shots and camera set-ups on `stage`; shot ids are
/// `<scene>-<n>`. A move renders a few frames for a preview, or every frame of its
/// path when `full_motion`. Returns warnings for subjects a set-up could not hold in
/// frame.
pub fn set_up(
    scene: u32,
    coverage: Vec<Coverage>,
    stage: &Stage,
    film: Film,
    fps: f32,
    full_motion: bool,
) -> (Vec<Shot>, Vec<ShotSetup>, Vec<String>) {
    let mut shots = Vec::with_capacity(coverage.len());
    let mut setups = Vec::with_capacity(coverage.len());
    let mut warnings = Vec::new();
    for (n, planned) in coverage.into_iter().enumerate() {
        let id = format!("{scene}-{}", n + 1);
        let subjects: Vec<Subject> = planned
            .subjects
            .iter()
            .filter_map(|name| stage.mark(name).map(|m| m.subject))
            .collect();
        let placement = place_camera(&planned, stage, film);
        let camera = placement.camera(format!("CAM {id}"));
        // Over the shoulder, the listener is only a shoulder in the foreground.
        let framed = if planned.kind == ShotKind::OverTheShoulder {
            1
        } else {
            subjects.len()
        };
        for (name, subject) in planned.subjects.iter().zip(&subjects).take(framed) {
            if !framing::in_frame(&camera, film, subject.eyes()) {
                warnings.push(format!("shot {id}: {name} is out of frame"));
            }
        }
        let last_frame = last_frame(planned.duration_s, fps);
        let keys = match planned.movement {
            CameraMove::Dolly => push_in(&placement, stage, last_frame),
            CameraMove::Crane => crane_down(&placement, last_frame),
            CameraMove::Truck => truck(&placement, stage, last_frame),
            CameraMove::Handheld => handheld(&id, &placement, last_frame),
            _ => Vec::new(),
        };
        let path = (!keys.is_empty()).then(|| CameraPath {
            shot_id: id.clone(),
            keys,
        });
        // A move's set-up is where it starts: its first key's place, lens and focus.
        let camera = match &path {
            Some(path) => CameraData {
                transform: path.keys[0].transform,
                lens_mm: path.keys[0].lens_mm,
                focus_distance: Some(path.keys[0].focus_distance),
                ..camera
            },
            None => camera,
        };
        setups.push(ShotSetup {
            frames: match &path {
                Some(path) if full_motion => path_frames(path),
                Some(_) => MOVING_SHOT_FRAMES,
                None => 1,
            },
            effects_seed: effects_seed(&id),
            path,
            ..ShotSetup::locked_off(id.clone(), camera)
        });
        shots.push(Shot {
            id,
            scene,
            kind: planned.kind,
            size: planned.size,
            movement: planned.movement,
            subjects: planned.subjects,
            speaker: planned.speaker,
            description: planned.description,
            duration_s: planned.duration_s,
            lens_mm: placement.lens_mm,
        });
    }
    (shots, setups, warnings)
}

/// Where the camera goes for one planned shot.
fn place_camera(planned: &Coverage, stage: &Stage, film: Film) -> Placement {
    let marks: Vec<_> = planned
        .subjects
        .iter()
        .filter_map(|name| stage.mark(name))
        .collect();
    let subjects: Vec<Subject> = if marks.is_empty() {
        stage.subjects()
    } else {
        marks.iter().map(|m| m.subject).collect()
    };
    let center = if subjects.is_empty() {
        Vec3::ZERO
    } else {
        subjects.iter().map(|s| s.position).sum::<Vec3>() / subjects.len() as f32
    };
    // Cameras stay on the audience's side of the action (the 180-degree line runs
    // along X through the cast), slightly off-axis for depth.
    let three_quarter = Vec3::new(-0.35, -1.0, 0.0).normalize();
    let framing_from = |from: Vec3, elevation: f32| Framing {
        size: planned.size,
        from,
        max_distance: stage.reach(center + Vec3::Z, from),
        min_distance: 0.0,
        elevation,
    };
    match planned.kind {
        ShotKind::Establishing => {
            let elevation = if stage.interior { 0.2 } else { 0.35 };
            framing::place(&subjects, framing_from(three_quarter, elevation), film)
        }
        ShotKind::Master | ShotKind::TwoShot => {
            framing::place(&subjects, framing_from(Vec3::NEG_Y, 0.1), film)
        }
        ShotKind::OverTheShoulder if marks.len() >= 2 => {
            let (speaker, listener) = (marks[0], marks[1]);
            let along = listener.subject.position - speaker.subject.position;
            let from = along.normalize_or(Vec3::NEG_Y);
            let framing = Framing {
                // Stand a metre behind the listener's shoulder.
                min_distance: along.length() + 1.0,
                max_distance: stage.reach(speaker.subject.position + Vec3::Z, from),
                ..framing_from(from, 0.0)
            };
            let placement = framing::place(&[speaker.subject], framing, film);
            // Slide towards the audience's side so the listener's shoulder is in the foreground.
            let right = placement.transform.rotation * Vec3::X;
            let side = if right.y < 0.0 { 1.0 } else { -1.0 };
            framing::offset_sideways(placement, 0.35 * side, 0.15 * side)
        }
        _ => {
            // A single from in front of the subject, swung towards the audience;
            // one facing the audience is taken from off its eyeline, which would
            // look into the lens.
            let facing = marks.first().map_or(Vec3::NEG_Y, |m| m.facing);
            let from = (facing + Vec3::NEG_Y * 0.6).normalize_or(Vec3::NEG_Y);
            let from = if facing.dot(from) > OFF_LENS.cos() {
                // Off to the side away from where they look, so that on the screen
                // too they look that way (to whom they talk to).
                let away = if facing.x > 0.0 { -OFF_LENS } else { OFF_LENS };
                Quat::from_rotation_z(away) * facing
            } else {
                from
            };
            framing::place(&subjects, framing_from(from, 0.0), film)
        }
    }
}

/// A key of a path that looks at `placement`'s subject from `transform`.
fn key(placement: &Placement, frame: i32, transform: Transform) -> CameraKey {
    CameraKey {
        frame,
        transform,
        lens_mm: placement.lens_mm,
        focus_distance: transform.location.distance(placement.target),
    }
}

/// A move from `start` that ends on `placement` at `last_frame`.
fn glide(placement: &Placement, start: Transform, last_frame: i32) -> Vec<CameraKey> {
    vec![
        key(placement, 1, start),
        key(placement, last_frame, placement.transform),
    ]
}

/// A slow push-in ending on `placement`: the camera starts further back along
/// the floor (as far as the set allows), at the same height, and dollies in
/// over the shot.
fn push_in(placement: &Placement, stage: &Stage, last_frame: i32) -> Vec<CameraKey> {
    let end = placement.transform;
    let back = (end.location - placement.target).normalize_or(Vec3::NEG_Y);
    let horizontal = Vec3::new(back.x, back.y, 0.0).normalize_or(Vec3::NEG_Y);
    let room = stage.reach(placement.target, horizontal) - placement.focus_distance;
    let travel = (placement.focus_distance * PUSH_IN).min(room.max(0.0));
    // The dolly runs on level track: the lens keeps its height, tilting to hold
    // the subject as it comes in.
    let location = end.location + horizontal * travel;
    let start = Transform {
        location,
        rotation: look_at(location, placement.target),
        ..end
    };
    glide(placement, start, last_frame)
}

/// A crane coming down onto `placement` (an exterior: the sky is the limit),
/// looking at the subject all the way.
fn crane_down(placement: &Placement, last_frame: i32) -> Vec<CameraKey> {
    let (lowest, highest) = CRANE_RISE_M;
    let rise = (placement.focus_distance * CRANE_RISE).clamp(lowest, highest);
    let location = placement.transform.location + Vec3::Z * rise;
    let start = Transform {
        location,
        rotation: look_at(location, placement.target),
        ..placement.transform
    };
    glide(placement, start, last_frame)
}

/// A slow truck along the action ending on `placement`: the camera slides
/// sideways from as far to its left as the set allows, panning to keep the cast
/// in frame.
fn truck(placement: &Placement, stage: &Stage, last_frame: i32) -> Vec<CameraKey> {
    let end = placement.transform;
    let right = end.rotation * Vec3::X;
    let left = Vec3::new(-right.x, -right.y, 0.0).normalize_or(Vec3::NEG_X);
    let room = stage.reach(end.location, left);
    let travel = (placement.focus_distance * TRUCK).min(TRUCK_M).min(room);
    let location = end.location + left * travel;
    let start = Transform {
        location,
        rotation: look_at(location, placement.target),
        ..end
    };
    glide(placement, start, last_frame)
}

/// A handheld camera on `placement`: it sways a few centimetres and its aim
/// wanders about the subject, a new wobble every few frames, the same every time
/// the shot is planned (the wobble is seeded by the shot id).
fn handheld(id: &str, placement: &Placement, last_frame: i32) -> Vec<CameraKey> {
    let mut wobble = Wobble::seeded(id);
    (1..last_frame)
        .step_by(HANDHELD_EVERY as usize)
        .chain([last_frame])
        .map(|frame| {
            let location = placement.transform.location + wobble.next() * HANDHELD_SWAY_M;
            let aim = placement.target + wobble.next() * HANDHELD_AIM_M;
            let transform = Transform {
                location,
                rotation: look_at(location, aim),
                ..placement.transform
            };
            key(placement, frame, transform)
        })
        .collect()
}

/// FNV-1a of a shot id: what is random about a shot (a handheld sway, where the
/// rain falls) is the same every run.
fn id_hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The seed of a shot's effects: 32 bits, so that a JSON reader without 64-bit
/// integers reads it exactly.
fn effects_seed(id: &str) -> u32 {
    let hash = id_hash(id);
    (hash >> 32) as u32 ^ hash as u32
}

/// Deterministic noise for a handheld camera: offsets in the unit cube.
struct Wobble(u64);

impl Wobble {
    fn seeded(id: &str) -> Wobble {
        Wobble(id_hash(id) | 1)
    }

    /// A point in `[-1, 1]` on each axis (xorshift64*).
    fn next(&mut self) -> Vec3 {
        let mut unit = || {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            let bits = self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 40;
            bits as f32 / (1u64 << 23) as f32 - 1.0
        };
        Vec3::new(unit(), unit(), unit())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::set::build;

    fn line(character: &str, text: &str) -> DialogueLine {
        DialogueLine {
            character: character.into(),
            text: text.into(),
            duration_s: 2.0,
            ..DialogueLine::default()
        }
    }

    /// A scene whose lines follow its first paragraph of action; the rest of it
    /// closes the scene.
    fn scene(mut lines: Vec<DialogueLine>, action: &[&str]) -> Scene {
        for line in &mut lines {
            line.action_before = u32::from(!action.is_empty());
        }
        Scene {
            number: 3,
            heading: "INT. GARAGE - DAY".into(),
            lines,
            action: action.iter().map(|a| a.to_string()).collect(),
            ..Scene::default()
        }
    }

    fn names(cast: &[&str]) -> Vec<String> {
        cast.iter().map(|c| c.to_string()).collect()
    }

    fn stage(cast: &[&str], interior: bool) -> Stage {
        build(interior, false, &crate::set::test_cast(cast), &[], &[])
    }

    #[test]
    fn establishing_then_one_shot_per_turn_then_master() {
        let s = scene(
            vec![line("RAY", "Hi."), line("DEX", "Hey."), line("RAY", "Bye.")],
            &["Ray waits.", "Dex leaves."],
        );
        let shots = coverage(&s, &names(&["RAY", "DEX"]));
        let kinds: Vec<ShotKind> = shots.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                ShotKind::Establishing,
                ShotKind::OverTheShoulder,
                ShotKind::OverTheShoulder,
                ShotKind::OverTheShoulder,
                ShotKind::Master
            ]
        );
        assert_eq!(shots[0].size, ShotSize::Ws);
        assert_eq!(shots[0].movement, CameraMove::Dolly);
        assert_eq!(
            shots[1].subjects,
            ["RAY", "DEX"],
            "speaker first, then the shoulder"
        );
        assert_eq!(shots[2].speaker.as_deref(), Some("DEX"));
        assert_eq!(shots[4].description, "Dex leaves.");
    }

    #[test]
    fn two_speaking_at_once_are_one_two_shot() {
        let mut lines = vec![
            line("RAY", "Hi."),
            line("HERO 1", "Charge!"),
            line("HERO 2", "Retreat!"),
            line("RAY", "Well?"),
        ];
        lines[1].dual = true;
        lines[2].dual = true;
        lines[2].duration_s = 3.0;
        let shots = coverage(
            &scene(lines, &["They argue."]),
            &names(&["RAY", "HERO 1", "HERO 2"]),
        );
        let together: Vec<&Coverage> = shots
            .iter()
            .filter(|s| s.kind == ShotKind::TwoShot)
            .collect();
        assert_eq!(together.len(), 1, "{shots:?}");
        assert_eq!(together[0].subjects, ["HERO 1", "HERO 2"]);
        assert_eq!(together[0].speaker.as_deref(), Some("HERO 1"));
        assert_eq!(
            together[0].duration_s,
            3.0 + BREATH_S,
            "as long as the longer line"
        );
        let speakers: Vec<Option<&str>> = shots.iter().map(|s| s.speaker.as_deref()).collect();
        assert_eq!(speakers[1..4], [Some("RAY"), Some("HERO 1"), Some("RAY")]);
    }

    #[test]
    fn action_between_lines_is_cut_where_it_is_written() {
        let mut s = scene(
            vec![
                line("RAY", "Hi."),
                line("BRICK", "Move."),
                line("RAY", "No."),
            ],
            &[
                "Rain.",
                "Nina comes in.",
                "Brick swings; Ray ducks.",
                "A blur of fists.",
                "The van tears away.",
            ],
        );
        for (line, action_before) in s.lines.iter_mut().zip([2, 2, 4]) {
            line.action_before = action_before;
        }
        s.elements
            .insert(Category::Stunts, vec!["blur of fists".into()]);
        let shots = coverage(&s, &names(&["RAY", "BRICK", "NINA"]));
        let cut: Vec<(ShotKind, &str)> = shots
            .iter()
            .map(|shot| (shot.kind, shot.description.as_str()))
            .collect();
        assert_eq!(
            cut,
            [
                (ShotKind::Establishing, "Rain. Nina comes in."),
                (ShotKind::Single, "Hi."),
                (ShotKind::Single, "Move."),
                (
                    ShotKind::Master,
                    "Brick swings; Ray ducks. A blur of fists."
                ),
                (ShotKind::Single, "No."),
                (ShotKind::Master, "The van tears away."),
            ]
        );
        assert_eq!(shots[3].movement, CameraMove::Handheld, "the fight");
        assert_eq!(shots[5].movement, CameraMove::Static);
    }

    #[test]
    fn each_speaker_talks_to_whom_they_trade_most_lines_with() {
        let s = scene(
            vec![
                line("VOSS", "Nice shop."),
                line("NINA", "Get off."),
                line("VOSS", "Then."),
                line("RAY", "Hey."),
                line("NINA", "Ray."),
                line("NARRATOR", "Once."),
            ],
            &[],
        );
        let partners = partners(&s, &names(&["VOSS", "NINA", "RAY"]));
        let pairs: Vec<(&str, &str)> = partners
            .iter()
            .map(|(who, whom)| (who.as_str(), whom.as_str()))
            .collect();
        assert_eq!(pairs, [("VOSS", "NINA"), ("NINA", "VOSS"), ("RAY", "VOSS")]);
    }

    #[test]
    fn exclamations_go_close_and_groups_get_singles_and_reactions() {
        let s = scene(
            vec![
                line("A", "Look out!"),
                line("B", "Where?"),
                line("C", "There."),
            ],
            &[],
        );
        let shots = coverage(&s, &names(&["A", "B", "C"]));
        assert_eq!(
            (shots[1].kind, shots[1].size),
            (ShotKind::Single, ShotSize::Cu)
        );
        assert_eq!(shots[2].kind, ShotKind::Reaction);
        assert_eq!(shots[2].subjects, ["B"], "the next speaker reacts");
        assert_eq!(
            (shots[3].kind, shots[3].size),
            (ShotKind::Single, ShotSize::Ms)
        );
        assert_eq!(shots.len(), 5, "no master without further action");
    }

    #[test]
    fn voice_over_covers_the_listeners() {
        let mut vo = line("NARRATOR", "Long ago...");
        vo.extensions = vec!["V.O.".into()];
        let shots = coverage(&scene(vec![vo], &[]), &names(&["A", "B"]));
        assert_eq!(shots[1].kind, ShotKind::Reaction);
        assert_eq!(shots[1].subjects, ["A", "B"]);
    }

    #[test]
    fn durations_follow_lines_and_action() {
        let mut long = line("A", "words");
        long.duration_s = 7.0;
        let short = line("A", "ok");
        let s = scene(
            vec![
                long,
                DialogueLine {
                    duration_s: 0.1,
                    ..short
                },
            ],
            &["one two three"],
        );
        let shots = coverage(&s, &names(&["A"]));
        assert_eq!(
            shots[0].duration_s, 3.0,
            "establishing shots last at least 3 s"
        );
        assert!((shots[1].duration_s - (7.0 + BREATH_S)).abs() < 1e-6);
        assert!((shots[2].duration_s - (MIN_LINE_S + BREATH_S)).abs() < 1e-6);
    }

    #[test]
    fn an_empty_scene_still_gets_its_establishing_shot() {
        let shots = coverage(&scene(vec![], &[]), &[]);
        assert_eq!(shots.len(), 1);
        assert_eq!(shots[0].description, "INT. GARAGE - DAY");
    }

    #[test]
    fn a_super_is_no_action_to_cover() {
        let shots = coverage(
            &scene(vec![], &["SUPER: Tokyo, 1999", "Rain.", "They run."]),
            &[],
        );
        let described: Vec<&str> = shots.iter().map(|s| s.description.as_str()).collect();
        assert_eq!(described, ["Rain.", "They run."]);
        let only_a_super = coverage(&scene(vec![], &["SUPER: Tokyo, 1999"]), &[]);
        assert_eq!(only_a_super.len(), 1);
        assert_eq!(only_a_super[0].description, "INT. GARAGE - DAY");
    }

    #[test]
    fn every_setup_frames_its_subjects() {
        let film = Film { aspect: 16.0 / 9.0 };
        for interior in [true, false] {
            // Up to a crowd of twelve in one room, where perspective widens the near end.
            let crowd = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"];
            for cast in [&crowd[..1], &crowd[..2], &crowd[..4], &crowd] {
                let lines = cast.iter().chain(cast).map(|c| line(c, "Well.")).collect();
                let s = scene(lines, &["They meet.", "They part."]);
                let stage = stage(cast, interior);
                let planned = coverage(&s, &names(cast));
                let count = planned.len();
                let (shots, setups, warnings) = set_up(3, planned, &stage, film, 24.0, false);
                assert!(warnings.is_empty(), "{warnings:?}");
                assert_eq!((shots.len(), setups.len()), (count, count));
                for (shot, setup) in shots.iter().zip(&setups) {
                    assert_eq!(shot.id, setup.shot_id);
                    assert!(shot.lens_mm >= framing::WIDEST_LENS_MM);
                    let framed = if shot.kind == ShotKind::OverTheShoulder {
                        1
                    } else {
                        shot.subjects.len()
                    };
                    for name in &shot.subjects[..framed] {
                        let eyes = stage.mark(name).unwrap().subject.eyes();
                        assert!(
                            framing::in_frame(&setup.camera, film, eyes),
                            "{} loses {name}",
                            shot.id
                        );
                    }
                    let camera = setup.camera.transform.location;
                    if interior {
                        assert!(
                            camera.x.abs() < stage.half_width && camera.y < stage.back_y,
                            "{} in a wall",
                            shot.id
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_establishing_shot_pushes_in() {
        let stage = stage(&["A", "B"], false);
        let planned = coverage(&scene(vec![], &["Dawn."]), &names(&["A", "B"]));
        let (shots, setups, _) = set_up(1, planned, &stage, Film { aspect: 2.39 }, 24.0, false);
        assert_eq!(shots[0].id, "1-1");
        let path = setups[0].path.as_ref().expect("a moving shot has a path");
        assert_eq!(setups[0].frames, MOVING_SHOT_FRAMES);
        let (first, last) = (path.keys[0], path.keys[1]);
        assert_eq!(first.frame, 1);
        assert_eq!(last.frame, 72, "3 s at 24 fps");
        assert!(
            last.focus_distance < first.focus_distance,
            "the camera moves in"
        );
        assert_eq!(setups[0].camera.transform, first.transform);
    }

    fn with_elements(mut scene: Scene, int_ext: IntExt, stunts: &[&str]) -> Scene {
        scene.int_ext = Some(int_ext);
        if !stunts.is_empty() {
            let stunts = stunts.iter().map(|s| s.to_string()).collect();
            scene.elements.insert(Category::Stunts, stunts);
        }
        scene
    }

    #[test]
    fn the_camera_moves_the_way_the_scene_asks() {
        let cast = names(&["A", "B"]);
        let moves = |scene: Scene| -> Vec<CameraMove> {
            let shots = coverage(&scene, &cast);
            [shots.first(), shots.last()]
                .map(|shot| shot.unwrap().movement)
                .to_vec()
        };
        let long = "They circle each other across the yard, slowly, neither willing to blink first, \
            while the rain runs off the roofs and the crowd holds its breath.";
        let interior = with_elements(scene(vec![], &["In.", long]), IntExt::Int, &[]);
        assert_eq!(moves(interior), [CameraMove::Dolly, CameraMove::Truck]);
        let exterior = with_elements(scene(vec![], &["Out.", "Short."]), IntExt::Ext, &[]);
        assert_eq!(moves(exterior), [CameraMove::Crane, CameraMove::Static]);
        let fight = with_elements(scene(vec![], &["Out.", "Short."]), IntExt::Ext, &["fight"]);
        assert_eq!(moves(fight), [CameraMove::Crane, CameraMove::Handheld]);
    }

    #[test]
    fn every_move_keeps_its_subjects_in_frame_and_ends_on_its_framing() {
        let film = Film { aspect: 16.0 / 9.0 };
        let long = "They circle each other across the yard, slowly, neither willing to blink first, \
            while the rain runs off the roofs and the crowd holds its breath.";
        let cast = ["A", "B", "C"];
        for (int_ext, stunts) in [(IntExt::Int, &[][..]), (IntExt::Ext, &["fight"][..])] {
            let s = with_elements(scene(vec![], &["Open.", long]), int_ext, stunts);
            let stage = stage(&cast, int_ext == IntExt::Int);
            let planned = coverage(&s, &names(&cast));
            let finals: Vec<Placement> = planned
                .iter()
                .map(|p| place_camera(p, &stage, film))
                .collect();
            let (shots, setups, _) = set_up(1, planned, &stage, film, 24.0, false);
            for ((shot, setup), placement) in shots.iter().zip(&setups).zip(&finals) {
                let Some(path) = &setup.path else { continue };
                assert!(path.keys.len() >= 2, "{}", shot.id);
                for key in &path.keys {
                    let camera = CameraData {
                        transform: key.transform,
                        lens_mm: key.lens_mm,
                        ..setup.camera.clone()
                    };
                    for name in &shot.subjects {
                        let eyes = stage.mark(name).unwrap().subject.eyes();
                        assert!(
                            framing::in_frame(&camera, film, eyes),
                            "{} {:?} frame {} loses {name}",
                            shot.id,
                            shot.movement,
                            key.frame
                        );
                    }
                    let distance = key.transform.location.distance(placement.target);
                    assert!(
                        (key.focus_distance - distance).abs() < 1e-4,
                        "focus on the subject"
                    );
                }
                let last = path.keys.last().unwrap();
                let settled = match shot.movement {
                    // A handheld camera never settles: it stays within its sway.
                    CameraMove::Handheld => HANDHELD_SWAY_M * 3f32.sqrt(),
                    _ => 1e-5,
                };
                let off = last
                    .transform
                    .location
                    .distance(placement.transform.location);
                assert!(off <= settled, "{} ends {off} m off its framing", shot.id);
                if int_ext == IntExt::Int {
                    for key in &path.keys {
                        let x = key.transform.location.x;
                        assert!(x.abs() <= stage.half_width, "{} leaves the set", shot.id);
                    }
                }
            }
        }
    }

    #[test]
    fn a_crane_comes_down_and_a_handheld_camera_sways_the_same_every_time() {
        let stage = stage(&["A"], false);
        let film = Film { aspect: 2.39 };
        let planned = vec![
            Coverage {
                movement: CameraMove::Crane,
                ..coverage(&scene(vec![], &["Open."]), &names(&["A"]))[0].clone()
            },
            Coverage {
                kind: ShotKind::Master,
                movement: CameraMove::Handheld,
                duration_s: 2.0,
                ..coverage(&scene(vec![], &["Open."]), &names(&["A"]))[0].clone()
            },
        ];
        let (_, setups, _) = set_up(1, planned.clone(), &stage, film, 24.0, false);
        let crane = &setups[0].path.as_ref().unwrap().keys;
        let height = |key: &CameraKey| key.transform.location.z;
        assert!(height(&crane[0]) >= height(&crane[1]) + CRANE_RISE_M.0);
        let handheld = &setups[1].path.as_ref().unwrap().keys;
        let frames: Vec<i32> = handheld.iter().map(|key| key.frame).collect();
        assert_eq!(frames, [1, 5, 9, 13, 17, 21, 25, 29, 33, 37, 41, 45, 48]);
        assert!(
            handheld
                .windows(2)
                .all(|pair| pair[0].transform != pair[1].transform)
        );
        let (_, again, _) = set_up(1, planned, &stage, film, 24.0, false);
        assert_eq!(
            again[1].path, setups[1].path,
            "planned twice, the same sway"
        );
    }

    #[test]
    fn a_full_motion_move_renders_every_frame_of_its_path() {
        let stage = stage(&["A", "B"], false);
        let planned = coverage(&scene(vec![], &["Dawn."]), &names(&["A", "B"]));
        let film = Film { aspect: 2.39 };
        let (_, preview, _) = set_up(1, planned.clone(), &stage, film, 25.0, false);
        let (_, film_cut, _) = set_up(1, planned, &stage, film, 25.0, true);
        let path = film_cut[0].path.as_ref().expect("a moving shot has a path");
        assert_eq!(path_frames(path), 75, "3 s at 25 fps: frames 1 to 75");
        assert_eq!(film_cut[0].frames, 75);
        assert_eq!(preview[0].frames, MOVING_SHOT_FRAMES);
        assert_eq!(
            preview[0].path, film_cut[0].path,
            "the same move either way"
        );
        for (still, also_still) in preview
            .iter()
            .zip(&film_cut)
            .filter(|(s, _)| s.path.is_none())
        {
            assert_eq!(
                (still.frames, also_still.frames),
                (1, 1),
                "a locked-off shot is one still"
            );
        }
    }
}
