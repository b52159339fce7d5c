//! Blocking: the cast walking on and off the set as the action says (`SANDRA
//! enters`, `Edward and Will walk in`, `He storms out` is not: a pronoun names
//! nobody). Everyone else stands on their mark.
//!
//! The coverage of the lines has everyone on their marks, so that is where the
//! walks go to keep the cut in continuity: whoever the action brings on walks
//! in during the establishing shot, before the first line, from the door of an
//! interior (or from the side of an exterior) to their mark; whoever the action
//! after the opening takes off walks out in the master of that stretch of
//! action (see [`crate::shots`]), through the door or out of frame. (Later
//! shots still have them on their mark.) The
//! door swings for them: shut behind whoever comes in, open for whoever goes.
//! Walkers pace at [`WALK_M_S`] or, when they run, rush or storm, at
//! [`RUN_M_S`], step around anyone standing in their way ([`CLEARANCE_M`]), and
//! turn to face their partners on arrival.

use std::f32::consts::{FRAC_PI_2, FRAC_PI_4, PI, TAU};

use glam::{Quat, Vec3};
use oneshot_model::script::Beats;
use oneshot_model::{PieceKey, Role, Scene, Shot, ShotSetup, Swing, Transform, Walk};

use crate::set::{self, Mark, Stage, facing_rotation};
use crate::shots;

/// Walking pace, metres a second.
pub const WALK_M_S: f32 = 1.3;
/// Running pace, metres a second.
pub const RUN_M_S: f32 = 3.5;
/// Seconds a half turn takes on the spot.
pub const TURN_S: f32 = 0.5;
/// Seconds between two people coming through the same door.
pub const STAGGER_S: f32 = 0.7;
/// How far from its mark an exterior entrance starts, or an exit ends, to the
/// side: out of all but the widest frames.
pub const OFFSTAGE_M: f32 = 7.0;

/// Whether a character comes onto the set or goes off it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Enters,
    Exits,
}

/// A character the action moves on or off, and how fast.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    pub character: String,
    pub direction: Direction,
    pub runs: bool,
    /// The stretch of action it is written in: 0 for the opening, `k` for the
    /// k-th later stretch (see `Scene::beats`), whose master plays it.
    pub stretch: usize,
}

/// Verbs that bring someone on or take them off by themselves.
const ENTERING: [&str; 4] = ["ENTERS", "ENTER", "ARRIVES", "ARRIVE"];
const EXITING: [&str; 5] = ["EXITS", "EXIT", "LEAVES", "LEAVE", "DEPARTS"];
/// Verbs of going that a particle turns into an entrance (`walks in`) or an
/// exit (`walks out`), and whether they run.
const GOING: [(&str, bool); 32] = [
    ("WALKS", false),
    ("WALK", false),
    ("GETS", false),
    ("GET", false),
    ("CLIMBS", false),
    ("HOPS", false),
    ("STEPS", false),
    ("STEP", false),
    ("STRIDES", false),
    ("WANDERS", false),
    ("SNEAKS", false),
    ("LIMPS", false),
    ("STAGGERS", false),
    ("STUMBLES", false),
    ("SLIPS", false),
    ("HEADS", false),
    ("GOES", false),
    ("GO", false),
    ("MARCHES", false),
    ("CREEPS", false),
    ("SHUFFLES", false),
    ("RUNS", true),
    ("RUN", true),
    ("RUSHES", true),
    ("BURSTS", true),
    ("STORMS", true),
    ("RACES", true),
    ("DASHES", true),
    ("SPRINTS", true),
    ("HURRIES", true),
    ("HURRY", true),
    ("CHARGES", true),
];
const IN: [&str; 2] = ["IN", "INSIDE"];
const OUT: [&str; 3] = ["OUT", "OFF", "AWAY"];
/// `comes in` and `comes out` (of a house, onto the street) both bring someone on.
const COMING: [&str; 2] = ["COMES", "COME"];

/// Who of the `cast` on set the scene's action brings on, and who its action
/// after the opening takes off (see the module's docs).
pub fn moves(scene: &Scene, cast: &[String]) -> Vec<Move> {
    let mut moves = Vec::new();
    let mut add = |paragraph: &str, direction: Direction, stretch: usize| {
        for (character, runs) in moving(paragraph, cast, direction) {
            if !moves
                .iter()
                .any(|m: &Move| m.character == character && m.direction == direction)
            {
                moves.push(Move {
                    character,
                    direction,
                    runs,
                    stretch,
                });
            }
        }
    };
    let Beats { opening, later } = scene.beats();
    let stretches = std::iter::once(&opening).chain(later.iter().map(|(_, stretch)| stretch));
    for (stretch, paragraphs) in stretches.enumerate() {
        for paragraph in paragraphs {
            add(paragraph, Direction::Enters, stretch);
        }
    }
    for (stretch, (_, paragraphs)) in (1..).zip(&later) {
        for paragraph in paragraphs {
            add(paragraph, Direction::Exits, stretch);
        }
    }
    moves
}

/// The `cast` members a paragraph moves in `direction`, and whether each runs.
fn moving(paragraph: &str, cast: &[String], direction: Direction) -> Vec<(String, bool)> {
    let names: Vec<(&String, Vec<String>)> = cast
        .iter()
        .map(|name| (name, words(name)))
        .filter(|(_, words)| !words.is_empty())
        .collect();
    let mut found = Vec::new();
    for sentence in without_asides(paragraph).split(['.', '!', '?', ';', ':']) {
        let tokens = words(sentence);
        for at in 0..tokens.len() {
            let Some((moved, runs)) = motion(&tokens[at..]) else {
                continue;
            };
            if moved != direction {
                continue;
            }
            for name in subjects(&tokens[..at], &names) {
                if !found.iter().any(|(n, _)| n == name) {
                    found.push((name.clone(), runs));
                }
            }
        }
    }
    found
}

/// `text` without what it says in parentheses: the age and description that
/// introduce a character (`NINA (30s, grease on her sleeves) comes in`).
fn without_asides(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .filter(|&c| {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => return depth == 0,
            }
            false
        })
        .collect()
}

/// The motion `tokens` start with, if any: its direction and whether it runs.
fn motion(tokens: &[String]) -> Option<(Direction, bool)> {
    let verb = tokens.first()?.as_str();
    let particle = tokens.get(1).map(String::as_str);
    if ENTERING.contains(&verb) {
        return Some((Direction::Enters, false));
    }
    if EXITING.contains(&verb) {
        return Some((Direction::Exits, false));
    }
    let particle = particle?;
    if COMING.contains(&verb) && (IN.contains(&particle) || particle == "OUT") {
        return Some((Direction::Enters, false));
    }
    let &(_, runs) = GOING.iter().find(|(going, _)| *going == verb)?;
    if IN.contains(&particle) || out_of_a_vehicle(tokens) {
        Some((Direction::Enters, runs))
    } else if OUT.contains(&particle) {
        Some((Direction::Exits, runs))
    } else {
        None
    }
}

/// Vehicles (and the like) that getting out of brings someone onto the set.
const VEHICLES: [&str; 14] = [
    "CAR",
    "CAB",
    "TAXI",
    "TRUCK",
    "VAN",
    "JEEP",
    "LIMO",
    "BUS",
    "TRAIN",
    "ELEVATOR",
    "LIFT",
    "CHOPPER",
    "HELICOPTER",
    "SHOWER",
];

/// Whether `tokens` (a verb of going first) get out of a vehicle: `steps out of
/// the cab`, `climbs out of his truck`.
fn out_of_a_vehicle(tokens: &[String]) -> bool {
    tokens.get(1).is_some_and(|w| w == "OUT")
        && tokens.get(2).is_some_and(|w| w == "OF")
        && tokens
            .iter()
            .skip(3)
            .take(3)
            .any(|w| VEHICLES.contains(&w.as_str()))
}

/// Words an adverb may put between a subject and its verb (`Sandra quietly enters`).
const MAX_GAP: usize = 2;

/// The names that are the subject of a verb coming after `before`: the nearest
/// name at most [`MAX_GAP`] words back, and the names joined to it by `and`, in
/// the order written.
fn subjects<'n>(before: &[String], names: &[(&'n String, Vec<String>)]) -> Vec<&'n String> {
    let ending_at = |end: usize| {
        names
            .iter()
            .filter(|(_, words)| words.len() <= end && before[end - words.len()..end] == words[..])
            .max_by_key(|(_, words)| words.len())
            .map(|(name, words)| (*name, end - words.len()))
    };
    let mut end = before.len();
    let lowest = end.saturating_sub(MAX_GAP);
    let first = loop {
        if let Some(found) = ending_at(end) {
            break Some(found);
        }
        if end == 0 || end == lowest {
            break None;
        }
        end -= 1;
    };
    let Some((name, mut start)) = first else {
        return Vec::new();
    };
    let mut subjects = vec![name];
    while start > 1 && before[start - 1] == "AND" {
        match ending_at(start - 1) {
            Some((name, earlier)) => {
                subjects.push(name);
                start = earlier;
            }
            None => break,
        }
    }
    subjects.reverse();
    subjects
}

/// Upper-case words: letters and digits, with the apostrophes and hyphens inside
/// names (`O'BRIEN`, `C-3PO`). A possessive stays on its word: `Sandra's sister`
/// is not Sandra.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '#')))
        .map(|word| word.trim_matches(['\'', '’', '-']))
        .filter(|word| !word.is_empty())
        .map(str::to_uppercase)
        .collect()
}

/// Gives the scene's shots their walks: entrances in the establishing shot (the
/// first), exits in the master of the stretch of action that writes them. A locked-off shot with walks
/// renders a few frames for a preview, or every frame of it in full motion.
pub fn stage_walks(
    moves: &[Move],
    stage: &Stage,
    shots: &[Shot],
    setups: &mut [ShotSetup],
    fps: f32,
    full_motion: bool,
) {
    let stretches = shots::stretches_shot(shots);
    for (i, (shot, setup)) in shots.iter().zip(setups.iter_mut()).enumerate() {
        let direction = match stretches[i] {
            Some(0) => Direction::Enters,
            Some(_) => Direction::Exits,
            None => continue,
        };
        let last_frame = shots::last_frame(shot.duration_s, fps);
        let walkers = moves
            .iter()
            .filter(|m| m.direction == direction)
            .filter(|m| direction == Direction::Enters || Some(m.stretch) == stretches[i]);
        setup.walks = walkers
            .enumerate()
            .filter_map(|(order, walker)| {
                let mark = stage.mark(&walker.character)?;
                let piece = stage
                    .pieces
                    .iter()
                    .find(|p| p.role == Role::Character && p.name == walker.character)?;
                let pace = if walker.runs { RUN_M_S } else { WALK_M_S };
                let offstage = offstage(stage, mark, order);
                let others: Vec<Vec3> = stage
                    .marks
                    .iter()
                    .filter(|other| other.name != mark.name)
                    .map(|other| other.subject.position)
                    .collect();
                let keys = match direction {
                    Direction::Enters => {
                        entrance(mark, offstage, &others, pace, order, fps, last_frame)
                    }
                    Direction::Exits => exit(mark, offstage, &others, pace, fps, last_frame),
                }?;
                let scale = piece.transform.scale;
                Some(Walk {
                    character: walker.character.clone(),
                    entrance: direction == Direction::Enters,
                    keys: keys
                        .into_iter()
                        .map(|(frame, location, rotation)| PieceKey {
                            frame,
                            transform: Transform {
                                location,
                                rotation,
                                scale,
                            },
                        })
                        .collect(),
                })
            })
            .collect();
        if stage.interior {
            setup.doors = swing_door(stage, &setup.walks, fps, last_frame)
                .into_iter()
                .collect();
        }
        if !setup.walks.is_empty() && setup.path.is_none() {
            setup.frames = if full_motion {
                last_frame as u32
            } else {
                shots::MOVING_SHOT_FRAMES
            };
        }
    }
}

/// Where someone comes on from or goes off to: just inside an interior's door
/// (the `order`th in line a step further back), or off to the side of an exterior
/// mark.
fn offstage(stage: &Stage, mark: &Mark, order: usize) -> Vec3 {
    if stage.interior {
        let door = stage.door();
        door + Vec3::new(0.6, -0.6 * order as f32, 0.0)
    } else {
        let side = if mark.subject.position.x > 0.01 {
            1.0
        } else {
            -1.0
        };
        mark.subject.position + Vec3::new(side * OFFSTAGE_M, 1.5 + order as f32, 0.0)
    }
}

/// Seconds a door takes to swing open or shut, and how far into the room
/// someone coming in has walked when it shuts behind them.
pub const SWING_S: f32 = 0.6;
const SHUT_BEHIND_M: f32 = 1.5;

/// The door swinging for `walks` through it, within a shot ending at
/// `last_frame`: open as the first comes in, shut behind the last; opening
/// as the first going out sets off, left open behind them.
fn swing_door(stage: &Stage, walks: &[Walk], fps: f32, last_frame: i32) -> Option<Swing> {
    let door = stage.pieces.iter().find(|p| p.name == set::DOOR)?;
    let swing = ((SWING_S * fps).round() as i32).max(1);
    let steps = |walk: &Walk| walk.stepping();
    let (closed, open) = (0.0, FRAC_PI_2);
    let (from, to, start) = if walks.iter().any(|w| w.entrance) {
        let shut = walks
            .iter()
            .filter(|w| w.entrance)
            .filter_map(|w| Some(steps(w)?.0 + walking_frames(SHUT_BEHIND_M, WALK_M_S, fps)))
            .max()?;
        (open, closed, shut.min(last_frame - swing))
    } else {
        let set_off = walks
            .iter()
            .filter_map(steps)
            .map(|(first, _)| first)
            .min()?;
        (closed, open, set_off.min(last_frame - swing))
    };
    // The door turns on its hinge, at its edge nearer the back wall.
    let half = door.transform.scale.y / 2.0;
    let hinge = door.transform.location + Vec3::Y * half;
    let at = |angle: f32, frame: i32| PieceKey {
        frame,
        transform: Transform {
            location: hinge + Quat::from_rotation_z(angle) * Vec3::new(0.0, -half, 0.0),
            rotation: Quat::from_rotation_z(angle) * door.transform.rotation,
            ..door.transform
        },
    };
    let mut keys = vec![at(from, 1)];
    // An arc in three straight steps: close enough for a door.
    for step in 0..=3 {
        let frame = start + swing * step / 3;
        if frame > keys.last()?.frame {
            keys.push(at(from + (to - from) * step as f32 / 3.0, frame));
        }
    }
    if last_frame > keys.last()?.frame {
        keys.push(at(to, last_frame));
    }
    Some(Swing {
        piece: door.name.clone(),
        keys,
    })
}

type Key = (i32, Vec3, Quat);

/// Whole frames a walk of `metres` at `pace` takes. A walk cut to fit a number
/// of frames takes that number, whatever the rounding in between.
fn walking_frames(metres: f32, pace: f32, fps: f32) -> i32 {
    (metres / pace * fps - 1e-3).ceil().max(0.0) as i32
}

fn turning_frames(fps: f32) -> i32 {
    ((TURN_S * fps).round() as i32).max(1)
}

/// From `from` to the mark (around `others` standing in the way), setting off
/// `order` staggers after the shot starts, then turning to face the mark's way.
/// Starts nearer the mark when the shot is too short for the whole walk; `None`
/// when it is too short to turn on arrival.
fn entrance(
    mark: &Mark,
    from: Vec3,
    others: &[Vec3],
    pace: f32,
    order: usize,
    fps: f32,
    last_frame: i32,
) -> Option<Vec<Key>> {
    let to = mark.subject.position;
    let set_off = 1 + (order as f32 * STAGGER_S * fps).round() as i32;
    let turn = turning_frames(fps);
    let room = last_frame - set_off - turn;
    if room < 1 {
        return None;
    }
    let way = route(from, to, others);
    let metres = length(&way).min(pace * room as f32 / fps);
    let walk = walk_along(&last_metres(&way, metres), pace, fps, set_off);
    let &(arrive, _, heading) = walk.last()?;
    let mut keys = Vec::new();
    if set_off > 1 {
        keys.push((1, walk[0].1, walk[0].2));
    }
    keys.extend(walk);
    let standing = facing_rotation(mark.facing);
    keys.extend(turn_keys(to, heading, standing, arrive, turn));
    if arrive + turn < last_frame {
        keys.push((last_frame, to, standing));
    }
    Some(keys)
}

/// From the mark towards `to` (around `others` standing in the way), setting off
/// so as to be there at the shot's end; as far as the shot allows when it is too
/// short. `None` when it is too short to turn and take a step.
fn exit(
    mark: &Mark,
    to: Vec3,
    others: &[Vec3],
    pace: f32,
    fps: f32,
    last_frame: i32,
) -> Option<Vec<Key>> {
    let from = mark.subject.position;
    let turn = turning_frames(fps);
    let room = last_frame - 1 - turn;
    if room < 1 {
        return None;
    }
    let way = route(from, to, others);
    let metres = length(&way).min(pace * room as f32 / fps);
    let way = first_metres(&way, metres);
    let walking = walking_frames(metres, pace, fps);
    let set_off = last_frame - walking - turn;
    let walk = walk_along(&way, pace, fps, set_off + turn);
    let standing = facing_rotation(mark.facing);
    let mut keys = vec![(1, from, standing)];
    if set_off > 1 {
        keys.push((set_off, from, standing));
    }
    keys.extend(turn_keys(from, standing, walk.first()?.2, set_off, turn));
    keys.extend(walk.into_iter().skip(1));
    Some(keys)
}

/// How far a walker keeps from anyone standing in the way, metres.
pub const CLEARANCE_M: f32 = 0.6;

/// The way from `from` to `to`: straight, or with a step aside around the first
/// of `others` (people on their marks) the straight way would brush past.
fn route(from: Vec3, to: Vec3, others: &[Vec3]) -> Vec<Vec3> {
    let line = to - from;
    let length = line.length();
    if length < 1e-4 {
        return vec![from, to];
    }
    let along = line / length;
    let in_the_way = others
        .iter()
        .filter_map(|&other| {
            let t = (other - from).dot(along);
            let passing = from + along * t;
            let aside = Vec3::new(passing.x - other.x, passing.y - other.y, 0.0);
            (t > 0.0 && t < length && aside.length() < CLEARANCE_M).then_some((t, other, aside))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0));
    match in_the_way {
        None => vec![from, to],
        Some((_, other, aside)) => {
            let away = aside
                .try_normalize()
                .unwrap_or(Vec3::new(-along.y, along.x, 0.0));
            // A little further than the clearance: the way bends at this corner.
            vec![from, other + away * (1.25 * CLEARANCE_M), to]
        }
    }
}

fn length(way: &[Vec3]) -> f32 {
    way.windows(2).map(|leg| leg[0].distance(leg[1])).sum()
}

/// The first `metres` of `way`.
fn first_metres(way: &[Vec3], metres: f32) -> Vec<Vec3> {
    let mut kept = vec![way[0]];
    let mut left = metres;
    for leg in way.windows(2) {
        let long = leg[0].distance(leg[1]);
        if long >= left {
            kept.push(leg[0].lerp(leg[1], if long > 0.0 { left / long } else { 1.0 }));
            return kept;
        }
        kept.push(leg[1]);
        left -= long;
    }
    kept
}

/// The last `metres` of `way`.
fn last_metres(way: &[Vec3], metres: f32) -> Vec<Vec3> {
    let reversed: Vec<Vec3> = way.iter().rev().copied().collect();
    let mut kept = first_metres(&reversed, metres);
    kept.reverse();
    kept
}

/// Keys walking `way` at `pace` from frame `start`: one at each corner, facing
/// along the way, so a walker turns into each new leg as it walks the last.
fn walk_along(way: &[Vec3], pace: f32, fps: f32, start: i32) -> Vec<Key> {
    let mut keys: Vec<Key> = Vec::with_capacity(way.len());
    let mut walked = 0.0;
    for (i, &at) in way.iter().enumerate() {
        if i > 0 {
            walked += way[i - 1].distance(at);
        }
        let leg = if i + 1 < way.len() {
            way[i + 1] - at
        } else {
            at - way[i.saturating_sub(1)]
        };
        let heading = match keys.last() {
            Some(&(_, _, previous)) if leg.length() < 1e-4 => previous,
            _ => facing_rotation(leg),
        };
        let frame = start + walking_frames(walked, pace, fps);
        match keys.last_mut() {
            // Corners closer than a frame apart: the later one stands for both.
            Some(last) if last.0 >= frame => *last = (last.0, at, heading),
            _ => keys.push((frame, at, heading)),
        }
    }
    keys
}

/// A turn on the spot from `from` to `to` (about Z) over `frames` after
/// `start`, in steps of at most an eighth of a turn so that interpolating
/// between keys turns the short way; the key at `start` is the caller's.
fn turn_keys(at: Vec3, from: Quat, to: Quat, start: i32, frames: i32) -> Vec<Key> {
    let yaw = |q: Quat| q.to_euler(glam::EulerRot::ZYX).0;
    let (from_yaw, mut delta) = (yaw(from), yaw(to) - yaw(from));
    delta = (delta + PI).rem_euclid(TAU) - PI;
    let steps = ((delta.abs() / FRAC_PI_4).ceil() as i32).clamp(1, frames);
    (1..=steps)
        .map(|step| {
            let share = step as f32 / steps as f32;
            let frame = start + (frames as f32 * share).round() as i32;
            (frame, at, Quat::from_rotation_z(from_yaw + delta * share))
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::framing::Subject;
    use crate::set;
    use oneshot_model::{CameraMove, ShotKind, ShotSize};

    fn scene(action: &[&str]) -> Scene {
        Scene {
            action: action.iter().map(|a| a.to_string()).collect(),
            ..Scene::default()
        }
    }

    fn names(cast: &[&str]) -> Vec<String> {
        cast.iter().map(|c| c.to_string()).collect()
    }

    /// `character` walking off in the `stretch`-th stretch of action after the opening.
    fn exits(character: &str, stretch: usize) -> Move {
        Move {
            direction: Direction::Exits,
            stretch,
            ..enters(character, false)
        }
    }

    /// `character` coming on in the opening.
    fn enters(character: &str, runs: bool) -> Move {
        Move {
            character: character.into(),
            direction: Direction::Enters,
            runs,
            stretch: 0,
        }
    }

    #[test]
    fn the_action_blocks_entrances_and_exits() {
        let cast = names(&["SANDRA", "EDWARD", "YOUNG WILL"]);
        let scene = scene(&[
            "The door opens. SANDRA (30s, soaked) quietly enters, and Young Will bursts in.",
            "They talk.",
            "Edward storms out. The leaves fall.",
        ]);
        assert_eq!(
            moves(&scene, &cast),
            [
                enters("SANDRA", false),
                enters("YOUNG WILL", true),
                Move {
                    character: "EDWARD".into(),
                    direction: Direction::Exits,
                    runs: true,
                    stretch: 1,
                },
            ]
        );
        // A super is no paragraph of action: Edward leaving in the opening leaves
        // in it, and a super's words move nobody.
        let titled = Scene {
            action: vec!["SUPER: Sandra leaves".into(), "Edward storms out.".into()],
            ..Scene::default()
        };
        assert!(moves(&titled, &cast).is_empty());
    }

    #[test]
    fn only_named_subjects_move() {
        let cast = names(&["SANDRA", "EDWARD"]);
        let said = |paragraph: &str| moves(&scene(&[paragraph]), &cast);
        assert!(said("Sandra's sister walks in.").is_empty());
        assert_eq!(
            said("Edward and Sandra walk in."),
            [enters("EDWARD", false), enters("SANDRA", false)]
        );
        // A pronoun, an exit in the opening (the scene would start empty), a name
        // too far back.
        assert!(said("He enters.").is_empty());
        assert!(said("Edward walks out.").is_empty());
        assert!(said("Edward watches the rain as it slowly comes in.").is_empty());
        // Coming out of a house, or getting out of a car, brings someone on.
        assert_eq!(said("Sandra comes out."), [enters("SANDRA", false)]);
        assert_eq!(
            said("Edward steps out of the yellow cab."),
            [enters("EDWARD", false)]
        );
        let closing = |paragraph: &str| moves(&scene(&["A street.", paragraph]), &cast);
        assert_eq!(closing("Edward gets out."), [exits("EDWARD", 1)]);
        let in_the_street = Move {
            stretch: 1,
            ..enters("EDWARD", false)
        };
        assert_eq!(closing("Edward gets out of the taxi."), [in_the_street]);
    }

    fn stage(interior: bool) -> Stage {
        stage_for(&names(&["SANDRA", "EDWARD"]), interior)
    }

    /// A set for `cast`, all of one height and build.
    fn stage_for(cast: &[String], interior: bool) -> Stage {
        set::build(interior, false, &set::test_cast(cast), &[], &[])
    }

    fn shot(n: usize, kind: ShotKind, duration_s: f32) -> (Shot, ShotSetup) {
        let id = format!("1-{n}");
        let shot = Shot {
            id: id.clone(),
            scene: 1,
            kind,
            size: ShotSize::Ws,
            movement: CameraMove::Static,
            subjects: Vec::new(),
            speaker: None,
            description: String::new(),
            duration_s,
            lens_mm: 35.0,
        };
        let setup = ShotSetup::locked_off(
            id,
            oneshot_model::CameraData {
                name: "CAM".into(),
                transform: Transform::default(),
                lens_mm: 35.0,
                sensor_width_mm: 36.0,
                focus_distance: None,
                ortho_scale: None,
            },
        );
        (shot, setup)
    }

    /// A scene's establishing shot (5 s), a line's single (2 s) and its closing master (6 s).
    pub(crate) fn three_shots() -> (Vec<Shot>, Vec<ShotSetup>) {
        [
            shot(1, ShotKind::Establishing, 5.0),
            shot(2, ShotKind::Single, 2.0),
            shot(3, ShotKind::Master, 6.0),
        ]
        .into_iter()
        .unzip()
    }

    fn staged(moves: &[Move], interior: bool, full_motion: bool) -> (Stage, Vec<ShotSetup>) {
        let stage = stage(interior);
        let (shots, mut setups) = three_shots();
        stage_walks(moves, &stage, &shots, &mut setups, 24.0, full_motion);
        (stage, setups)
    }

    fn at(walk: &Walk, key: usize) -> Vec3 {
        walk.keys[key].transform.location
    }

    #[test]
    fn entrances_come_through_the_door_and_end_on_the_mark_facing_its_way() {
        let moves = [enters("SANDRA", false), enters("EDWARD", true)];
        let (stage, setups) = staged(&moves, true, false);
        let walks = &setups[0].walks;
        assert_eq!(walks.len(), 2);
        assert!(setups[1].walks.is_empty() && setups[2].walks.is_empty());
        assert_eq!(setups[0].frames, shots::MOVING_SHOT_FRAMES);
        for walk in walks {
            assert!(walk.entrance);
            let mark = stage.mark(&walk.character).unwrap();
            let first = walk.keys.first().unwrap();
            let last = walk.keys.last().unwrap();
            assert_eq!((first.frame, last.frame), (1, 120), "{walk:?}");
            assert!(walk.keys.windows(2).all(|k| k[0].frame < k[1].frame));
            // In through the door (on the left wall), not through the audience.
            assert!(at(walk, 0).x < -stage.half_width + 1.0, "{walk:?}");
            assert!(last.transform.location.distance(mark.subject.position) < 1e-4);
            let facing = last.transform.rotation * Vec3::NEG_Y;
            assert!(
                facing.distance(mark.facing) < 1e-3,
                "{facing} {:?}",
                mark.facing
            );
            let piece = stage.pieces.iter().find(|p| p.name == walk.character);
            assert_eq!(last.transform.scale, piece.unwrap().transform.scale);
        }
        // The second sets off after the first, at a run: arrives sooner after setting off.
        let set_off = |walk: &Walk| walk.keys[1].frame;
        assert!(set_off(&walks[1]) > 1);
        // Every step of the walk is no faster than its pace.
        for walk in walks {
            for pair in walk.keys.windows(2) {
                let metres = pair[0]
                    .transform
                    .location
                    .distance(pair[1].transform.location);
                let seconds = (pair[1].frame - pair[0].frame) as f32 / 24.0;
                assert!(metres / seconds <= RUN_M_S + 0.05, "{pair:?}");
            }
        }
    }

    #[test]
    fn the_door_swings_for_whoever_walks_through_it() {
        let door_of = |stage: &Stage| {
            let door = stage.pieces.iter().find(|p| p.name == set::DOOR).unwrap();
            door.transform
        };
        let near = |a: Transform, b: Transform| {
            a.location.distance(b.location) < 1e-4 && a.rotation.angle_between(b.rotation) < 1e-3
        };
        // Coming in: open at first, shut behind them.
        let (stage, setups) = staged(&[enters("SANDRA", false)], true, false);
        let closed = door_of(&stage);
        let swing = &setups[0].doors[0];
        assert_eq!(swing.piece, set::DOOR);
        let (first, last) = (swing.keys[0], *swing.keys.last().unwrap());
        assert_eq!((first.frame, last.frame), (1, 120));
        assert!(!near(first.transform, closed) && near(last.transform, closed));
        // Open, it stands square to the wall, into the room, out of the walker's way.
        let open = first.transform;
        assert!(open.location.x > closed.location.x + 0.4);
        let walk = &setups[0].walks[0];
        let keys: Vec<PieceKey> = walk.keys.clone();
        assert!(closest_approach(&keys, open.location) > 0.4);
        // The hinge stays put: every key is as far from it.
        let hinge = closed.location + Vec3::Y * closed.scale.y / 2.0;
        for key in &swing.keys {
            let radius = key.transform.location.distance(hinge);
            assert!((radius - closed.scale.y / 2.0).abs() < 1e-4, "{key:?}");
        }
        assert!(setups[1].doors.is_empty() && setups[2].doors.is_empty());

        // Going out: shut at first, open once they set off.
        let exits = [exits("EDWARD", 1)];
        let (_, setups) = staged(&exits, true, false);
        let swing = &setups[2].doors[0];
        assert!(near(swing.keys[0].transform, closed));
        assert!(near(swing.keys.last().unwrap().transform, open));
        let set_off = setups[2].walks[0].stepping().unwrap().0;
        assert_eq!(swing.moving().unwrap().0, set_off);
        // Outside there is no door.
        let (_, setups) = staged(&exits, false, false);
        assert!(setups.iter().all(|s| s.doors.is_empty()));
    }

    #[test]
    fn exits_leave_the_mark_and_finish_as_the_shot_ends() {
        let moves = [exits("EDWARD", 1)];
        let (stage, setups) = staged(&moves, false, true);
        assert!(setups[0].walks.is_empty());
        let walk = &setups[2].walks[0];
        assert!(!walk.entrance);
        assert_eq!(setups[2].frames, 144, "full motion renders every frame");
        let mark = stage.mark("EDWARD").unwrap();
        assert!(at(walk, 0).distance(mark.subject.position) < 1e-4);
        let last = walk.keys.last().unwrap();
        assert_eq!(last.frame, 144);
        let gone = last.transform.location.distance(mark.subject.position);
        // Six seconds at a walk, less the turn: as far as the shot allows.
        assert!(gone > 5.0 && gone <= OFFSTAGE_M + 0.1, "{gone}");
        let facing = last.transform.rotation * Vec3::NEG_Y;
        let away = (last.transform.location - mark.subject.position).normalize();
        assert!(facing.distance(away) < 1e-3);
    }

    /// The closest `point` comes to the path `keys` walks.
    fn closest_approach(keys: &[PieceKey], point: Vec3) -> f32 {
        keys.windows(2)
            .map(|leg| {
                let (a, b) = (leg[0].transform.location, leg[1].transform.location);
                let t =
                    ((point - a).dot(b - a) / (b - a).length_squared().max(1e-9)).clamp(0.0, 1.0);
                point.distance(a.lerp(b, t))
            })
            .fold(f32::MAX, f32::min)
    }

    #[test]
    fn walkers_step_around_whoever_stands_in_the_way() {
        let mark = Mark {
            name: "CY".into(),
            subject: Subject {
                position: Vec3::ZERO,
                height: 1.7,
            },
            facing: Vec3::NEG_Y,
        };
        let door = Vec3::new(-4.0, 0.0, 0.0);
        let in_the_way = Vec3::new(-2.0, 0.1, 0.0);
        let keys = |keys: Vec<Key>| -> Vec<PieceKey> {
            keys.into_iter()
                .map(|(frame, location, rotation)| PieceKey {
                    frame,
                    transform: Transform {
                        location,
                        rotation,
                        scale: Vec3::ONE,
                    },
                })
                .collect()
        };
        let coming = keys(entrance(&mark, door, &[in_the_way], WALK_M_S, 0, 24.0, 144).unwrap());
        let going = keys(exit(&mark, door, &[in_the_way], WALK_M_S, 24.0, 144).unwrap());
        for walk in [&coming, &going] {
            let gap = closest_approach(walk, in_the_way);
            assert!(gap > 0.9 * CLEARANCE_M, "brushed at {gap} m: {walk:?}");
            assert!(walk.windows(2).all(|k| k[0].frame < k[1].frame), "{walk:?}");
        }
        assert!(
            coming
                .last()
                .unwrap()
                .transform
                .location
                .distance(Vec3::ZERO)
                < 1e-4
        );
        assert!(coming[0].transform.location.distance(door) < 1e-4);
        assert!(going.last().unwrap().transform.location.distance(door) < 1e-4);
        // Stepping aside, the way is longer but the pace the same: it takes longer.
        let straight = entrance(&mark, door, &[], WALK_M_S, 0, 24.0, 144).unwrap();
        let arrival = |keys: &[PieceKey]| {
            let on_mark = |k: &&PieceKey| k.transform.location.distance(Vec3::ZERO) < 1e-4;
            keys.iter().find(on_mark).map(|k| k.frame)
        };
        assert!(arrival(&coming) > arrival(&keys(straight)));
        // Nobody in the way: straight there.
        assert_eq!(
            route(Vec3::ZERO, Vec3::X, &[Vec3::new(0.5, 2.0, 0.0)]).len(),
            2
        );
    }

    #[test]
    fn turns_go_the_short_way_in_small_steps() {
        let keys = turn_keys(
            Vec3::ZERO,
            Quat::from_rotation_z(3.0),
            Quat::from_rotation_z(-3.0),
            10,
            12,
        );
        // 0.28 rad the short way round: one step, not a spin.
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].0, 22);
        let half_turn = turn_keys(Vec3::ZERO, Quat::IDENTITY, Quat::from_rotation_z(PI), 0, 12);
        assert_eq!(half_turn.len(), 4);
        let subject = Subject {
            position: Vec3::ZERO,
            height: 1.7,
        };
        let mark = Mark {
            name: "A".into(),
            subject,
            facing: Vec3::NEG_Y,
        };
        // Too short to turn on arrival, or to turn and step off.
        assert!(entrance(&mark, Vec3::X, &[], WALK_M_S, 0, 24.0, 12).is_none());
        assert!(exit(&mark, Vec3::X, &[], WALK_M_S, 24.0, 13).is_none());
        let quick = entrance(&mark, 4.0 * Vec3::X, &[], WALK_M_S, 0, 24.0, 20).unwrap();
        // Seven frames of walking cover 0.38 m: it starts that near the mark.
        assert!(
            (quick[0].1.x - WALK_M_S * 7.0 / 24.0).abs() < 1e-4,
            "{quick:?}"
        );
    }

    proptest::proptest! {
        /// Any action, any cast, any shot length: no panic, and every walk runs
        /// from the shot's first frame to its last with its keys in order.
        #[test]
        fn any_action_blocks_in_order(
            cast in proptest::collection::vec("[A-Z]{1,5}( [A-Z]{1,4})?", 1..4),
            said in proptest::collection::vec((0usize..4, 0usize..6, ".{0,12}"), 0..6),
            seconds in 0.05f32..8.0,
            interior: bool,
            full_motion: bool,
        ) {
            const VERBS: [&str; 6] = ["enters", "walks in", "runs out", "leaves", "comes out", "heads off"];
            let action: Vec<String> = said
                .iter()
                .map(|(who, verb, rest)| {
                    let name = cast.get(*who).map_or("He", String::as_str);
                    format!("{name} {} {rest}", VERBS[*verb])
                })
                .collect();
            let scene = Scene { action, ..Scene::default() };
            let stage = stage_for(&cast, interior);
            let (shots, mut setups): (Vec<_>, Vec<_>) = [
                shot(1, ShotKind::Establishing, seconds),
                shot(2, ShotKind::Master, seconds),
            ]
            .into_iter()
            .unzip();
            stage_walks(&moves(&scene, &cast), &stage, &shots, &mut setups, 24.0, full_motion);
            for setup in &setups {
                let walks = setup.walks.iter().map(|walk| &walk.keys);
                for keys in walks.chain(setup.doors.iter().map(|door| &door.keys)) {
                    let frames: Vec<i32> = keys.iter().map(|k| k.frame).collect();
                    proptest::prop_assert_eq!(frames[0], 1);
                    proptest::prop_assert_eq!(
                        *frames.last().unwrap(),
                        shots::last_frame(seconds, 24.0)
                    );
                    proptest::prop_assert!(frames.windows(2).all(|f| f[0] < f[1]), "{:?}", frames);
                    proptest::prop_assert!(keys.iter().all(|k| k.transform.location.is_finite()));
                }
            }
        }
    }
}
