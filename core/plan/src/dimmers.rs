//! The board operator: practicals the action switches on and off (`She switches
//! off the lamp`, `the candle gutters out`, `the neon sign flickers on`, `the
//! lamp goes dark`), run on dimmers shot by shot, and the lighting cue sheet
//! that calls them.
//!
//! Switches play in the shot of the action they are written in, and every shot
//! has the lights as the action before it left them, to keep the cut in
//! continuity. A practical the action switches on starts dark and comes up in the
//! establishing shot, as whoever enters walks in then; one switched in the
//! opening (the action before the first line) is switched there too; the rest of
//! a practical's switches play in the master of their stretch of action (see
//! [`crate::shots`]), spread through it in the order written. A switch fades over
//! [`FADE_S`].
//!
//! What is switched is named by the practical's set piece (`the lamp`, `the
//! candles`, two of them joined by `and`); `the lights` or `the power` is every lamp on the set (an effect's
//! glowing stand-in aside), and so is `the light` someone switches; `it` is the
//! light named last before it in the paragraph. A negation before the verb
//! switches nothing (`won't come on`, `without turning on`).

use oneshot_model::script::{Beats, sentence_words};
use oneshot_model::{Dimmer, DimmerKey, ProductionPlan, Role, Scene, Shot, ShotSetup, quote};
use serde::Serialize;

use crate::lights::practical_light;
use crate::set::Practical;
use crate::shots;

/// How long a practical takes to come up or go out, seconds.
pub const FADE_S: f32 = 0.2;

/// One switch the action writes: the practicals it names, lit or put out.
#[derive(Debug, Clone, PartialEq)]
pub struct Switch {
    /// Indices into the set's practicals.
    pub practicals: Vec<usize>,
    pub on: bool,
    /// The stretch of action it is in: 0 for the opening, `k` for the k-th later
    /// stretch (see [`Scene::beats`]).
    pub beat: usize,
}

/// Verbs that switch with a particle (`switches off the lamp`, `turns the lamp
/// on`, `blows out the candle`); those in `OUT_ONLY` only put out.
const PHRASAL: [&str; 22] = [
    "switch",
    "switches",
    "switched",
    "switching",
    "turn",
    "turns",
    "turned",
    "turning",
    "flick",
    "flicks",
    "flicked",
    "flicking",
    "click",
    "clicks",
    "clicked",
    "clicking",
    "snap",
    "snaps",
    "snapped",
    "flip",
    "flips",
    "flipped",
];
const OUT_ONLY: [&str; 12] = [
    "blow", "blows", "blew", "blowing", "put", "puts", "putting", "snuff", "snuffs", "snuffed",
    "pinch", "pinches",
];
/// Verbs that put a light out with no particle (`extinguishes the lantern`).
const PUTS_OUT: [&str; 12] = [
    "extinguish",
    "extinguishes",
    "extinguished",
    "douse",
    "douses",
    "doused",
    "unplug",
    "unplugs",
    "unplugged",
    "kill",
    "kills",
    "killed",
];
/// Verbs that light one (`lights the candle`): only before a determiner, so
/// that `the lights` stay a noun.
const LIGHTS: [&str; 6] = ["light", "lights", "lit", "lighting", "relights", "relit"];
const DETERMINERS: [&str; 12] = [
    "a", "an", "the", "his", "her", "their", "my", "your", "our", "its", "another", "some",
];
/// What a light does by itself (`the lamp comes on`, `the candle gutters out`).
const GOES: [&str; 32] = [
    "come",
    "comes",
    "came",
    "go",
    "goes",
    "went",
    "flicker",
    "flickers",
    "flickered",
    "blink",
    "blinks",
    "blinked",
    "snap",
    "snaps",
    "snapped",
    "click",
    "clicks",
    "clicked",
    "cut",
    "cuts",
    "gutter",
    "gutters",
    "guttered",
    "sputter",
    "sputters",
    "sputtered",
    "fizzle",
    "fizzles",
    "fizzled",
    "buzz",
    "buzzes",
    "buzzed",
];
/// What a light does by itself that only ever puts it out: `the candle burns
/// out` (a fire that `burns on` keeps burning).
const BURNS: [&str; 4] = ["burn", "burns", "burned", "burnt"];
/// What a light goes when it goes out: `the lamp goes dark`.
const DARK: [&str; 2] = ["dark", "black"];
const GO: [&str; 3] = ["go", "goes", "went"];
/// What a light goes on doing: a second object of a switch followed by one of
/// these is a subject (`turns off the radio and the lamp glows`).
const STAYS: [&str; 9] = [
    "glow", "glows", "glowed", "shine", "shines", "shone", "stay", "stays", "stayed",
];
/// A light going out with no particle (`the lamp dies`).
const DIES: [&str; 3] = ["die", "dies", "died"];
/// Words that stand for every lamp on the set, effects' stand-ins aside (`the
/// lights go out`). `the light` is one only when someone switches it.
const EVERY_LIGHT: [&str; 3] = ["lights", "power", "electricity"];
const THE_LIGHT: &str = "light";
/// How many words an object runs to.
const OBJECT_WORDS: usize = 4;
/// Where an object ends: `puts out a hand to sign` names no sign.
const OBJECT_ENDS: [&str; 17] = [
    "to", "and", "then", "but", "with", "on", "in", "at", "by", "from", "of", "as", "while",
    "into", "onto", "for", "before",
];
/// After a particle, these make it a preposition: `snaps the lamp off the wall`,
/// `turns the lamp on its side`, `puts the candles out on the table`.
const PREPOSITION_OBJECTS: [&str; 10] = [
    "of", "on", "onto", "in", "into", "from", "at", "by", "under", "over",
];
/// Words that put the noun after them (and its article) out of a subject's place.
const PREPOSITIONS: [&str; 17] = [
    "of", "on", "onto", "in", "into", "from", "at", "by", "under", "over", "with", "near",
    "beside", "behind", "above", "below", "for",
];
/// Words that undo the verb after them: `won't come on`, `without turning on the
/// lamp`, `reaches to switch off the lamp`.
const NEGATIONS: [&str; 5] = ["not", "never", "without", "to", "no"];
/// How far before the verb a negation reaches.
const NEGATION_REACH: usize = 3;
/// What stands for a light named before it: `picks up the lamp, switches it on`.
const PRONOUNS: [&str; 2] = ["it", "them"];
/// Words between a subject and its verb: `the lamp suddenly dies`, `the lights all go out`.
const BETWEEN_SUBJECT_AND_VERB: [&str; 3] = ["all", "both", "just"];

/// The switches of `scene`'s action (its supers' words aside), in the order
/// written, for the set's `practicals` (see [`Practical`]); none when it has none.
pub fn switches(scene: &Scene, practicals: &[Practical]) -> Vec<Switch> {
    if practicals.is_empty() {
        return Vec::new();
    }
    let heads: Vec<String> = practicals
        .iter()
        .map(|p| {
            let name = p.piece.to_lowercase();
            singular(name.split_whitespace().last().unwrap_or_default()).to_owned()
        })
        .collect();
    let named = |found: &Found| -> Vec<usize> {
        let by_name: Vec<usize> = (0..practicals.len())
            .filter(|&i| found.words.iter().any(|w| singular(w) == heads[i]))
            .collect();
        let every = |w: &String| {
            EVERY_LIGHT.contains(&w.as_str()) || found.switched_by_someone && w == THE_LIGHT
        };
        if !by_name.is_empty() || !found.words.iter().any(every) {
            return by_name;
        }
        (0..practicals.len())
            .filter(|&i| practicals[i].role == Role::Practical)
            .collect()
    };
    // The practicals the last of `words` to name one names.
    let last_named = |words: &[String]| -> Vec<usize> {
        let last = words.iter().rev().find_map(|w| {
            let named: Vec<usize> = (0..practicals.len())
                .filter(|&i| singular(w) == heads[i])
                .collect();
            (!named.is_empty()).then_some(named)
        });
        last.unwrap_or_default()
    };
    let mut switches = Vec::new();
    let Beats { opening, later } = scene.beats();
    let stretches = std::iter::once(opening).chain(later.into_iter().map(|(_, stretch)| stretch));
    let paragraphs = stretches
        .enumerate()
        .flat_map(|(beat, stretch)| stretch.into_iter().map(move |text| (beat, text)));
    for (beat, text) in paragraphs {
        // The light a pronoun stands for when its own clause names none.
        let mut antecedent: Vec<usize> = Vec::new();
        for clause in text.split([',', ':', '(', ')', '—']) {
            for words in sentence_words(clause) {
                for found in switched(&words) {
                    let practicals = if found.pronoun {
                        Some(last_named(found.words))
                            .filter(|named| !named.is_empty())
                            .unwrap_or_else(|| antecedent.clone())
                    } else {
                        named(&found)
                    };
                    if !practicals.is_empty() {
                        switches.push(Switch {
                            practicals,
                            on: found.on,
                            beat,
                        });
                    }
                }
                let named_here = last_named(&words);
                if !named_here.is_empty() {
                    antecedent = named_here;
                }
            }
        }
    }
    switches
}

/// A switch in a clause: on or off, the words that name what is switched, and
/// whether someone switches it (`she switches off the light`) or it goes by
/// itself (`the light dies`). For a pronoun (`turns it off`), `words` are those
/// before it: it is the last light they name.
struct Found<'w> {
    on: bool,
    words: &'w [String],
    switched_by_someone: bool,
    pronoun: bool,
}

/// The switches in one clause's lower-case `words`.
fn switched(words: &[String]) -> Vec<Found<'_>> {
    let is = |at: usize, list: &[&str]| words.get(at).is_some_and(|w| list.contains(&w.as_str()));
    // On or off (`up` only for a light by itself: `the sign lights up`).
    let particle = |at: usize, up: bool| match words.get(at).map(String::as_str) {
        Some("on") => Some(true),
        Some("up") if up => Some(true),
        Some("off" | "out") => Some(false),
        _ => None,
    };
    // An object's words: up to an end or `OBJECT_WORDS` of them.
    let object_end = |from: usize| {
        (from..words.len())
            .take(OBJECT_WORDS)
            .find(|&at| is(at, &OBJECT_ENDS))
            .unwrap_or((from + OBJECT_WORDS).min(words.len()))
    };
    // The object from `from`, with a second one after `and` (`switches off the TV
    // and the lamp`) unless that is the subject of a verb of its own (`and the
    // lights come on`).
    let object = |from: usize| {
        let from = from.min(words.len());
        let mut end = object_end(from);
        if is(end, &["and"]) && is(end + 1, &DETERMINERS) {
            let second = object_end(end + 1);
            // `lights` is a verb only with its particle (`the sign lights up`):
            // `and the lights` are a second object.
            let verb = (end + 1..(second + 1).min(words.len())).any(|at| {
                [&PHRASAL[..], &GOES, &DIES, &BURNS, &STAYS]
                    .iter()
                    .any(|list| is(at, list))
                    || is(at, &LIGHTS) && particle(at + 1, true).is_some()
            });
            if !verb {
                end = second;
            }
        }
        &words[from..end]
    };
    // The one word before the verb, past an adverb: the head of its subject, unless
    // it is the object of a preposition or an `-ing` (`the man by the lamp dies`).
    let subject = |verb: usize| {
        let mut head = verb;
        while head > 0 {
            head -= 1;
            let word = &words[head];
            if !(word.ends_with("ly") || BETWEEN_SUBJECT_AND_VERB.contains(&word.as_str())) {
                break;
            }
        }
        let before = head
            .checked_sub(1)
            .filter(|&at| !is(at, &DETERMINERS))
            .or(head.checked_sub(2));
        let governed = before.is_some_and(|at| is(at, &PREPOSITIONS) || words[at].ends_with("ing"));
        if head == verb || governed {
            &words[..0]
        } else {
            &words[head..=head]
        }
    };
    let negated = |verb: usize| {
        let reach = &words[verb.saturating_sub(NEGATION_REACH)..verb];
        reach
            .iter()
            .any(|w| NEGATIONS.contains(&w.as_str()) || w.ends_with("n't"))
    };
    let by_someone = |on, words| Found {
        on,
        words,
        switched_by_someone: true,
        pronoun: false,
    };
    let by_itself = |on, words| Found {
        on,
        words,
        switched_by_someone: false,
        pronoun: false,
    };
    let by_someone_to_it = |on, pronoun: usize| Found {
        on,
        words: &words[..pronoun],
        switched_by_someone: true,
        pronoun: true,
    };
    let mut found = Vec::new();
    for verb in (0..words.len()).filter(|&verb| !negated(verb)) {
        if is(verb, &PHRASAL) || is(verb, &OUT_ONLY) {
            let keeps = |on: &bool| !(*on && is(verb, &OUT_ONLY));
            // `It turns out the lamp was...` switches nothing.
            let idiom = verb > 0 && words[verb - 1] == "it";
            if let Some(on) = particle(verb + 1, false).filter(keeps) {
                match object(verb + 2) {
                    // `the lamp clicks off`
                    [] => found.push(by_itself(on, subject(verb))),
                    // `switches off the lamp`
                    object if !idiom => found.push(by_someone(on, object)),
                    _ => {}
                }
            } else if is(verb + 1, &PRONOUNS) {
                // `switches it off`, but not `turns it off the table`
                let preposition = is(verb + 3, &DETERMINERS) || is(verb + 3, &PREPOSITION_OBJECTS);
                if let Some(on) = particle(verb + 2, false)
                    .filter(keeps)
                    .filter(|_| !preposition)
                {
                    found.push(by_someone_to_it(on, verb + 1));
                }
            } else if is(verb + 1, &DETERMINERS) {
                // `turns the lamp off`, but not `snaps the lamp off the wall`
                let last = (verb + 2 + OBJECT_WORDS).min(words.len());
                let split = (verb + 2..last).find_map(|at| Some((at, particle(at, false)?)));
                if let Some((at, on)) = split.filter(|(_, on)| keeps(on)) {
                    let preposition = is(at + 1, &DETERMINERS) || is(at + 1, &PREPOSITION_OBJECTS);
                    if !preposition {
                        found.push(by_someone(on, &words[verb + 1..at]));
                    }
                }
            }
        } else if is(verb, &PUTS_OUT) && is(verb + 1, &PRONOUNS) {
            found.push(by_someone_to_it(false, verb + 1));
        } else if is(verb, &PUTS_OUT) {
            found.push(by_someone(false, object(verb + 1)));
        } else if is(verb, &LIGHTS) && !(verb > 0 && is(verb - 1, &DETERMINERS)) {
            // `lights the candle`; `picks up a candle and lights it`
            if is(verb + 1, &PRONOUNS) {
                found.push(by_someone_to_it(true, verb + 1));
            } else if is(verb + 1, &DETERMINERS) {
                found.push(by_someone(true, object(verb + 1)));
            } else if let Some(true) = particle(verb + 1, true) {
                found.push(by_itself(true, subject(verb)));
            }
        } else if is(verb, &GOES) || is(verb, &LIGHTS) || is(verb, &BURNS) {
            // `the lamp comes on`, `the sign lights up`, `the candle burns out`;
            // candles that `come out` are brought.
            let comes = is(verb, &["come", "comes", "came"]);
            let burns = is(verb, &BURNS);
            let goes = |on: &bool| (*on || !comes) && (!*on || !burns);
            if let Some(on) = particle(verb + 1, true).filter(goes) {
                found.push(by_itself(on, subject(verb)));
            } else if is(verb, &GO) && is(verb + 1, &DARK) {
                found.push(by_itself(false, subject(verb)));
            }
        } else if is(verb, &DIES) {
            found.push(by_itself(false, subject(verb)));
        }
    }
    found
}

/// A word without its plural `s` (`candles`: `candle`).
fn singular(word: &str) -> &str {
    match word.strip_suffix("es") {
        Some(stem)
            if stem.ends_with(['s', 'x', 'z']) || stem.ends_with("ch") || stem.ends_with("sh") =>
        {
            stem
        }
        _ => match word.strip_suffix('s') {
            Some(stem) if stem.len() > 2 && !stem.ends_with('s') => stem,
            _ => word,
        },
    }
}

/// Gives every shot of a scene a dimmer for each practical its `switches` switch
/// (see the module's docs), `shots` and `setups` being the scene's; the lamps of
/// the plot the first practical `motivates` ride its dimmer. A locked-off shot a
/// light changes in renders a few frames for a preview, or every frame of it in
/// full motion.
pub fn stage_dimmers(
    switches: &[Switch],
    practicals: &[Practical],
    motivates: &[String],
    shots: &[Shot],
    setups: &mut [ShotSetup],
    fps: f32,
    full_motion: bool,
) {
    let beats = shots::stretches_shot(shots);
    for (index, practical) in practicals.iter().enumerate() {
        // This practical's switches, each once: switching a lit lamp on changes nothing.
        let mut mine: Vec<&Switch> = Vec::new();
        for switch in switches.iter().filter(|s| s.practicals.contains(&index)) {
            if mine.last().is_none_or(|last| last.on != switch.on) {
                mine.push(switch);
            }
        }
        let Some(first) = mine.first() else {
            continue;
        };
        // A first switch that lights it comes up in the establishing shot.
        let plays_in = |n: usize, switch: &Switch| match n {
            0 if switch.on => 0,
            _ => switch.beat,
        };
        let mut now = level(!first.on);
        for (i, (shot, setup)) in shots.iter().zip(setups.iter_mut()).enumerate() {
            let cues: Vec<&Switch> = (mine.iter().enumerate())
                .filter(|&(n, switch)| beats[i] == Some(plays_in(n, switch)))
                .map(|(_, switch)| *switch)
                .collect();
            let from = now;
            now = cues.last().map_or(now, |switch| level(switch.on));
            let keys = dimmer_keys(from, &cues, shots::last_frame(shot.duration_s, fps), fps);
            if keys.len() > 1 && setup.path.is_none() && setup.walks.is_empty() {
                setup.frames = if full_motion {
                    shots::last_frame(shot.duration_s, fps) as u32
                } else {
                    shots::MOVING_SHOT_FRAMES
                };
            }
            setup.dimmers.push(Dimmer {
                light: practical_light(index),
                piece: practical.piece.clone(),
                keys,
                rides: match index {
                    0 => motivates.to_vec(),
                    _ => Vec::new(),
                },
            });
        }
    }
}

fn level(on: bool) -> f32 {
    if on { 1.0 } else { 0.0 }
}

/// A shot's dimmer keys: `from` at frame 1, then each of `cues` fading in turn,
/// spread evenly through the shot and done by its `last_frame` (a fade shortened
/// to fit in a short shot). One key when nothing changes.
fn dimmer_keys(from: f32, cues: &[&Switch], last_frame: i32, fps: f32) -> Vec<DimmerKey> {
    let mut keys = vec![DimmerKey {
        frame: 1,
        level: from,
    }];
    if cues.is_empty() {
        return keys;
    }
    let slot = (last_frame - 1) / (cues.len() as i32 + 1);
    let fade = ((FADE_S * fps).round() as i32).clamp(1, slot.max(1));
    let mut now = from;
    for (n, cue) in (1..).zip(cues) {
        let at = 1 + slot * n;
        keys.push(DimmerKey {
            frame: at,
            level: now,
        });
        now = level(cue.on);
        keys.push(DimmerKey {
            frame: at + fade,
            level: now,
        });
    }
    keys.push(DimmerKey {
        frame: last_frame.max(keys[keys.len() - 1].frame),
        level: now,
    });
    // A shot too short to space them keeps the last level a frame holds.
    keys.dedup_by(|later, earlier| {
        later.frame <= earlier.frame && {
            earlier.level = later.level;
            true
        }
    });
    keys
}

/// One call of the lighting cue sheet: practicals coming up or going out together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LightingCue {
    /// `LX 1`, `LX 2`... through the production, in cutting order.
    pub cue: String,
    pub scene: u32,
    pub shot: String,
    /// The shot's frame the fade starts on, and the seconds into the shot.
    pub frame: i32,
    pub seconds: f32,
    /// The lights (`Practical 1`) and the set pieces they are in (`lamp`).
    pub lights: Vec<String>,
    pub pieces: Vec<String>,
    /// `up` or `out`.
    pub goes: &'static str,
    pub fade_s: f32,
}

/// The board operator's cue sheet: every change of the dimmers in `plan`, shot by
/// shot in cutting order; lights that change together are one cue.
pub fn cue_sheet(plan: &ProductionPlan) -> Vec<LightingCue> {
    let mut cues: Vec<LightingCue> = Vec::new();
    for shot in &plan.shots {
        let Some(setup) = plan.setups.iter().find(|s| s.shot_id == shot.id) else {
            continue;
        };
        let mut changes: Vec<(DimmerKey, DimmerKey, &Dimmer)> = setup
            .dimmers
            .iter()
            .flat_map(|dimmer| {
                let fades = dimmer.keys.windows(2).filter(|k| k[0].level != k[1].level);
                fades.map(move |k| (k[0], k[1], dimmer))
            })
            .collect();
        changes.sort_by_key(|(from, ..)| from.frame);
        let first_of_shot = cues.len();
        for (from, to, dimmer) in changes {
            let goes = if to.level > from.level { "up" } else { "out" };
            let fade_s = (to.frame - from.frame) as f32 / plan.fps;
            let joins = |cue: &LightingCue| {
                cue.frame == from.frame && cue.goes == goes && cue.fade_s == fade_s
            };
            let lights = std::iter::once(&dimmer.light).chain(&dimmer.rides).cloned();
            if let Some(cue) = cues[first_of_shot..].iter_mut().find(|cue| joins(cue)) {
                cue.lights.extend(lights);
                cue.pieces.push(dimmer.piece.clone());
                continue;
            }
            cues.push(LightingCue {
                cue: format!("LX {}", cues.len() + 1),
                scene: shot.scene,
                shot: shot.id.clone(),
                frame: from.frame,
                seconds: (from.frame - 1) as f32 / plan.fps,
                lights: lights.collect(),
                pieces: vec![dimmer.piece.clone()],
                goes,
                fade_s,
            });
        }
    }
    cues
}

/// The cue sheet as CSV, a row per cue (its lights and pieces joined by `; `).
pub fn cue_sheet_csv(cues: &[LightingCue]) -> String {
    let mut out = String::from("cue,scene,shot,frame,seconds,lights,pieces,goes,fade_s\r\n");
    for cue in cues {
        let cells = [
            cue.cue.clone(),
            cue.scene.to_string(),
            quote::csv(&cue.shot),
            cue.frame.to_string(),
            format!("{:.2}", cue.seconds),
            quote::csv(&cue.lights.join("; ")),
            quote::csv(&cue.pieces.join("; ")),
            cue.goes.to_owned(),
            format!("{:.2}", cue.fade_s),
        ];
        quote::csv_record(&mut out, &cells);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocking::tests::three_shots;
    use glam::Vec3;

    fn practicals(pieces: &[&str]) -> Vec<Practical> {
        pieces
            .iter()
            .map(|piece| Practical {
                piece: (*piece).into(),
                role: Role::Practical,
                light_at: Vec3::ZERO,
                color: "#ffd27a".into(),
            })
            .collect()
    }

    fn scene(action: &[&str]) -> Scene {
        Scene {
            action: action.iter().map(|p| (*p).into()).collect(),
            ..Scene::default()
        }
    }

    /// `(practicals, on)` of each switch an action writes.
    type Found = Vec<(Vec<usize>, bool)>;

    /// The switches `action` writes, for a set with `pieces`.
    fn found(pieces: &[&str], action: &[&str]) -> Found {
        switches(&scene(action), &practicals(pieces))
            .into_iter()
            .map(|s| (s.practicals, s.on))
            .collect()
    }

    #[test]
    fn the_action_switches_practicals_by_name() {
        let set = ["LAMP", "CANDLES", "NEON SIGN"];
        let cases: [(&str, Found); 29] = [
            ("She switches off the lamp.", vec![(vec![0], false)]),
            ("He turns the lamp on and sits.", vec![(vec![0], true)]),
            ("He turns the lamp off and leaves.", vec![(vec![0], false)]),
            ("Edward lights the candles.", vec![(vec![1], true)]),
            (
                "She blows out a candle, then another.",
                vec![(vec![1], false)],
            ),
            ("The neon sign flickers on.", vec![(vec![2], true)]),
            ("The candle gutters out.", vec![(vec![1], false)]),
            ("The lamp suddenly dies.", vec![(vec![0], false)]),
            ("The lamp clicks off.", vec![(vec![0], false)]),
            ("Suddenly the lights go out.", vec![(vec![0, 1, 2], false)]),
            ("The power cuts out.", vec![(vec![0, 1, 2], false)]),
            ("He switches off the light.", vec![(vec![0, 1, 2], false)]),
            (
                "Jenny extinguishes the candles, switches on the lamp.",
                vec![(vec![1], false), (vec![0], true)],
            ),
            ("The sign lights up.", vec![(vec![2], true)]),
            ("HE flicks the neon sign off.", vec![(vec![2], false)]),
            ("He turns out the light.", vec![(vec![0, 1, 2], false)]),
            (
                "Ray snuffs out the candles with his fingers.",
                vec![(vec![1], false)],
            ),
            (
                "She picks up the lamp, switches it on.",
                vec![(vec![0], true)],
            ),
            ("He finds a candle and lights it.", vec![(vec![1], true)]),
            (
                "The neon sign buzzes. He turns it off.",
                vec![(vec![2], false)],
            ),
            ("He blows them out, the candles.", vec![]),
            ("The candle burns out.", vec![(vec![1], false)]),
            ("The lamp goes dark.", vec![(vec![0], false)]),
            ("The lights all went black.", vec![(vec![0, 1, 2], false)]),
            (
                "She switches off the radio and the lamp.",
                vec![(vec![0], false)],
            ),
            (
                "He kills the lamp and the neon sign.",
                vec![(vec![0, 2], false)],
            ),
            (
                "She switches off the radio and the lights.",
                vec![(vec![0, 1, 2], false)],
            ),
            (
                "He turns off the radio and the sign lights up.",
                vec![(vec![2], true)],
            ),
            (
                "She switches off the lamp and the neon sign comes on.",
                vec![(vec![0], false), (vec![2], true)],
            ),
        ];
        for (action, expected) in cases {
            assert_eq!(found(&set, &[action]), expected, "{action}");
        }
    }

    #[test]
    fn what_is_not_a_switch_switches_nothing() {
        let set = ["LAMP", "CANDLE", "NEON SIGN"];
        for action in [
            "The lamp is on.",
            "She turns to the lamp on the table.",
            "He puts on the lamp shade.",
            "The lights of the city glitter.",
            "She sets the lamp down and goes out.",
            "The lamp won't come on.",
            "He sits in the dark without turning on the lamp.",
            "She reaches to switch off the lamp but stops.",
            "He does not blow out the candle.",
            "The man by the lamp dies.",
            "The girl holding the candle goes out.",
            "The light goes out of her eyes.",
            "A light comes on across the street.",
            "It turns out the lamp was never plugged in.",
            "Then the candles come out.",
            "He puts the candle out on the table.",
            "He snaps the lamp off the wall.",
            "She turns the lamp on its side.",
            "She puts out a hand to sign the papers.",
            "He turns it on.",
            "She lifts the lamp and turns it over.",
            "He picks up the candle and turns it off the table.",
            "The candle burns on.",
            "The room goes dark.",
            "She turns off the radio and the lamp glows.",
        ] {
            assert_eq!(found(&set, &[action]), [], "{action}");
        }
        // No practical on the set: nothing to switch.
        assert_eq!(found(&[], &["She switches off the lamp."]), []);
    }

    #[test]
    fn the_lights_are_the_lamps_not_an_effects_glow() {
        let mut set = practicals(&["LAMP", "HOLOGRAM"]);
        set[1].role = Role::Effect;
        let out = |action: &str| switches(&scene(&[action]), &set)[0].practicals.clone();
        assert_eq!(out("The lights go out."), [0]);
        assert_eq!(out("The hologram flickers off."), [1]);
    }

    /// Dimmers staged for an establishing shot, a line and a closing master.
    fn staged(action: &[&str], pieces: &[&str], full_motion: bool) -> Vec<ShotSetup> {
        let (shots, mut setups) = three_shots();
        let set = practicals(pieces);
        let found = switches(&scene(action), &set);
        stage_dimmers(&found, &set, &[], &shots, &mut setups, 24.0, full_motion);
        setups
    }

    fn levels(setup: &ShotSetup) -> (f32, f32) {
        let dimmer = &setup.dimmers[0];
        (
            dimmer.level(1),
            dimmer.level(dimmer.keys.last().unwrap().frame),
        )
    }

    #[test]
    fn switched_on_comes_up_in_the_establishing_shot_and_off_goes_out_in_the_master() {
        let action = [
            "Dark. Sandra enters.",
            "She switches on the lamp.",
            "Later she turns the lamp off.",
        ];
        let setups = staged(&action, &["LAMP"], false);
        assert_eq!(levels(&setups[0]), (0.0, 1.0));
        assert_eq!(levels(&setups[1]), (1.0, 1.0));
        assert_eq!(levels(&setups[2]), (1.0, 0.0));
        // The line's shot holds its one level; the others change, over a few frames.
        assert_eq!(setups[1].dimmers[0].keys.len(), 1);
        assert_eq!(setups[1].frames, 1);
        assert_eq!(setups[0].frames, shots::MOVING_SHOT_FRAMES);
        let dimmer = &setups[0].dimmers[0];
        assert_eq!(
            (dimmer.light.as_str(), dimmer.piece.as_str()),
            ("Practical 1", "LAMP")
        );
        let fade = dimmer
            .keys
            .windows(2)
            .find(|k| k[0].level != k[1].level)
            .unwrap();
        assert_eq!(
            fade[1].frame - fade[0].frame,
            (FADE_S * 24.0).round() as i32
        );
        assert_eq!(dimmer.level((fade[0].frame + fade[1].frame) / 2), 0.4);
        // In full motion a changing shot renders every frame.
        assert_eq!(staged(&action, &["LAMP"], true)[2].frames, 6 * 24);
    }

    #[test]
    fn a_light_switched_between_lines_goes_out_there_and_stays_out_after() {
        let line = |action_before| oneshot_model::DialogueLine {
            character: "SANDRA".into(),
            text: "Hm.".into(),
            action_before,
            ..Default::default()
        };
        let mut scene = scene(&[
            "Dark. Sandra enters. She switches on the lamp.",
            "She turns the lamp off.",
        ]);
        scene.lines = vec![line(1), line(2)];
        // Establishing, the first line, the master of the switch, the second line.
        let (mut shots, mut setups) = three_shots();
        shots.push(shots[1].clone());
        setups.push(setups[1].clone());
        let set = practicals(&["LAMP"]);
        stage_dimmers(
            &switches(&scene, &set),
            &set,
            &[],
            &shots,
            &mut setups,
            24.0,
            false,
        );
        let levels: Vec<(f32, f32)> = setups.iter().map(levels).collect();
        assert_eq!(levels, [(0.0, 1.0), (1.0, 1.0), (1.0, 0.0), (0.0, 0.0)]);
    }

    #[test]
    fn a_super_before_the_opening_does_not_make_it_later() {
        let action = [
            "SUPER: The Night the Lights Went Out",
            "He turns the lamp off.",
        ];
        let setups = staged(&action, &["LAMP"], false);
        assert_eq!(levels(&setups[0]), (1.0, 0.0));
        assert_eq!(levels(&setups[2]), (0.0, 0.0));
    }

    #[test]
    fn a_light_put_out_in_the_opening_goes_out_there_and_stays_out() {
        let setups = staged(
            &["He blows out the candle.", "They talk in the dark."],
            &["CANDLE", "LAMP"],
            false,
        );
        assert_eq!(levels(&setups[0]), (1.0, 0.0));
        assert_eq!(levels(&setups[1]), (0.0, 0.0));
        assert_eq!(levels(&setups[2]), (0.0, 0.0));
        // Only the switched practical is on a dimmer.
        assert!(setups.iter().all(|s| s.dimmers.len() == 1));
        assert!(
            staged(&["A quiet room."], &["LAMP"], false)
                .iter()
                .all(|s| s.dimmers.is_empty())
        );
    }

    #[test]
    fn every_fade_is_done_by_the_end_of_its_shot() {
        let toggles: Vec<Switch> = (0..9)
            .map(|n| Switch {
                practicals: vec![0],
                on: n % 2 == 1,
                beat: 1,
            })
            .collect();
        let cues: Vec<&Switch> = toggles.iter().collect();
        for last_frame in [2, 5, 24, 48, 240] {
            for count in [1, 2, 9] {
                let keys = dimmer_keys(1.0, &cues[..count], last_frame, 24.0);
                assert!(keys.windows(2).all(|k| k[0].frame < k[1].frame), "{keys:?}");
                assert!(
                    keys.iter().all(|k| (1..=last_frame).contains(&k.frame)),
                    "{keys:?}"
                );
                assert_eq!(keys[0].level, 1.0);
                let last = if count % 2 == 1 { 0.0 } else { 1.0 };
                assert_eq!(keys.last().unwrap().level, last, "{keys:?}");
            }
        }
        // Room to spare: each fade takes its fifth of a second, and they take turns.
        let keys = dimmer_keys(1.0, &cues[..2], 48, 24.0);
        let frames: Vec<i32> = keys.iter().map(|k| k.frame).collect();
        assert_eq!(frames, [1, 16, 21, 31, 36, 48]);
    }

    #[test]
    fn a_practical_switched_again_and_again_plays_the_rest_in_the_master() {
        let action = [
            "He blows out the candle.",
            "She lights the candle.",
            "He blows the candle out again.",
        ];
        let setups = staged(&action, &["CANDLE"], false);
        assert_eq!(levels(&setups[0]), (1.0, 0.0));
        assert_eq!(levels(&setups[1]), (0.0, 0.0));
        let master = &setups[2].dimmers[0];
        let up_and_out: Vec<f32> = master.keys.iter().map(|k| k.level).collect();
        assert_eq!(up_and_out, [0.0, 0.0, 1.0, 1.0, 0.0, 0.0]);
    }
}
