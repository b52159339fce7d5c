//! The temp score: where music plays over the cut (the spotting) and what it
//! plays (the synthesis).
//!
//! A music editor spots a temp score the same way on every film: music over the
//! opening and under the ending; over action (a fight, a blast), which it drives;
//! over a scene where nobody speaks, which it carries; under a visual effect,
//! which it sells. A dialogue scene plays dry: the words carry it. Neighbouring
//! runs of one mood are one cue, because music does not stop at every cut (the
//! cue sheet numbers them by reel with the source music: see [`crate::cues`]).
//!
//! Each mood is a key, a tempo and a four-chord progression, a bar a chord: a
//! warm major pad with a gentle arpeggio, a minor one over a slow heartbeat for
//! night, a driving minor pulse for action, a lydian lift for wonder. Under a
//! line of dialogue the score ducks 10 dB, as a mixer rides it. The ending's
//! music plays out under the end credits, or, after a fade to black, comes in
//! again with them.

use std::f32::consts::TAU;
use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A cue shorter than this is no cue: music needs time to say anything.
const SHORTEST_CUE_S: f64 = 3.0;
/// The score under dialogue: 10 dB down.
const DUCKED: f32 = 0.316;
/// How fast the score ducks under a line and comes back up.
const DUCK_RAMP_S: f32 = 0.25;

/// What a cue of score plays for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mood {
    /// By day, the opening and the ending: a major key.
    Warm,
    /// By night: minor, over a heartbeat.
    Tension,
    /// A fight or a blast: a driving minor pulse.
    Action,
    /// A visual effect: a lydian lift.
    Wonder,
}

/// What a cue of score plays: its mood, key and tempo (its number is the cue's,
/// see [`crate::Cue::number`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub mood: Mood,
    /// The key, as a composer writes it (`A minor`).
    pub key: String,
    pub bpm: u32,
}

/// A chord: its root (a MIDI note) and whether it is minor.
type Chord = (u8, bool);

impl Mood {
    /// The mood's name as the cue sheet writes it.
    pub fn name(self) -> &'static str {
        match self {
            Mood::Warm => "warm",
            Mood::Tension => "tension",
            Mood::Action => "action",
            Mood::Wonder => "wonder",
        }
    }

    /// The key's name, the tempo and the progression, a bar each chord.
    fn music(self) -> (&'static str, u32, [Chord; 4]) {
        match self {
            // I-V-vi-IV in C.
            Mood::Warm => (
                "C major",
                76,
                [(60, false), (55, false), (57, true), (53, false)],
            ),
            // i-VI-III-VII in A minor.
            Mood::Tension => (
                "A minor",
                60,
                [(57, true), (53, false), (60, false), (55, false)],
            ),
            // i-VI-VII-i in D minor.
            Mood::Action => (
                "D minor",
                132,
                [(62, true), (58, false), (60, false), (62, true)],
            ),
            // I-II-I-vi in E flat, the raised fourth of the lydian mode in the II.
            Mood::Wonder => (
                "E flat lydian",
                66,
                [(63, false), (65, false), (63, false), (60, true)],
            ),
        }
    }

    /// What a cue of this mood plays.
    pub fn score(self) -> Score {
        let (key, bpm, _) = self.music();
        Score {
            mood: self,
            key: key.to_owned(),
            bpm,
        }
    }
}

/// What a run of one scene's shots tells the spotting.
#[derive(Debug, Clone, Copy, Default)]
pub struct Run {
    /// The first or last run of the cut.
    pub opening_or_ending: bool,
    pub night: bool,
    /// Stunts or a blast.
    pub action: bool,
    pub visual_effect: bool,
    /// Nobody speaks in it.
    pub silent: bool,
}

/// The end credits, as the spotting sees them.
#[derive(Debug, Clone)]
pub struct Credits {
    pub frames: Range<u64>,
    /// The picture fades to black before them: the music comes in again with
    /// them, not play on through the fade.
    pub after_black: bool,
}

/// The mood a run is scored in, or `None` when it plays dry.
pub fn spot(run: Run) -> Option<Mood> {
    let mood = if run.action {
        Mood::Action
    } else if run.visual_effect {
        Mood::Wonder
    } else if run.night {
        Mood::Tension
    } else {
        Mood::Warm
    };
    (run.action || run.visual_effect || run.silent || run.opening_or_ending).then_some(mood)
}

/// The cues of a cut whose runs (as frame ranges, in order) are scored in
/// `moods`: runs of one mood next to each other are one cue, the `credits` are
/// scored in the last run's mood, and cues shorter than [`SHORTEST_CUE_S`] are
/// dropped. Returns the index of each cue's first run (`runs.len()` for a cue
/// that starts with the credits), its frames and its mood.
pub fn cues(
    runs: &[(Range<u64>, Option<Mood>)],
    credits: Option<Credits>,
    fps: f64,
) -> Vec<(usize, Range<u64>, Mood)> {
    let mut merged: Vec<(usize, Range<u64>, Mood)> = Vec::new();
    let mut add =
        |index: usize, frames: &Range<u64>, mood: Mood, joined: bool| match merged.last_mut() {
            Some((_, last, same)) if joined && *same == mood && last.end == frames.start => {
                last.end = frames.end;
            }
            _ => merged.push((index, frames.clone(), mood)),
        };
    for (index, (frames, mood)) in runs.iter().enumerate() {
        if let Some(mood) = *mood {
            add(index, frames, mood, true);
        }
    }
    let ending = runs.last().and_then(|(_, mood)| *mood);
    if let (Some(credits), Some(ending)) = (credits, ending) {
        add(runs.len(), &credits.frames, ending, !credits.after_black);
    }
    merged.retain(|(_, frames, _)| (frames.end - frames.start) as f64 / fps >= SHORTEST_CUE_S);
    merged
}

/// A cue of score as sound: the mood's progression as a pad, with its arpeggio,
/// heartbeat or pulse, ducked under `dialogue` (sample ranges of the mix).
pub struct ScoreVoice {
    chords: [Chord; 4],
    /// Samples per beat.
    beat: f32,
    mood: Mood,
    /// Where the score is down: each line from a ramp before it, merged and in order.
    ducked: Vec<Range<u64>>,
    /// The first of `ducked` that has not ended yet.
    next_duck: usize,
    /// The ducking gain now, ramping towards its target.
    duck: f32,
    phases: [f32; 5],
    at: u64,
}

/// A MIDI note's frequency.
fn hz(note: u8) -> f32 {
    440.0 * 2f32.powf((f32::from(note) - 69.0) / 12.0)
}

impl ScoreVoice {
    pub fn new(mood: Mood, sample_rate: f32, mut dialogue: Vec<Range<u64>>) -> ScoreVoice {
        let (_, bpm, chords) = mood.music();
        // Down by the time the line starts, as a mixer rides the fader ahead of it.
        let ramp = (DUCK_RAMP_S * sample_rate) as u64;
        dialogue.sort_by_key(|line| line.start);
        let mut ducked: Vec<Range<u64>> = Vec::with_capacity(dialogue.len());
        for line in dialogue.into_iter().filter(|line| !line.is_empty()) {
            let early = line.start.saturating_sub(ramp)..line.end;
            match ducked.last_mut() {
                Some(last) if early.start <= last.end => last.end = last.end.max(early.end),
                _ => ducked.push(early),
            }
        }
        ScoreVoice {
            chords,
            beat: sample_rate * 60.0 / bpm as f32,
            mood,
            ducked,
            next_duck: 0,
            duck: 1.0,
            phases: [0.0; 5],
            at: 0,
        }
    }

    /// The next stereo sample; `mix_at` is where it falls in the mix, for the ducking.
    pub fn next(&mut self, mix_at: u64, sample_rate: f32) -> [f32; 2] {
        let beats = self.at as f32 / self.beat;
        self.at += 1;
        let (root, minor) = self.chords[(beats / 4.0) as usize % 4];
        let third = if minor { 3 } else { 4 };
        let mut tones = [root, root + third, root + 7, root - 12, root];
        // The moving voice: an arpeggio of the chord in eighths for warmth and
        // wonder, the root an octave down on the beat for tension and action.
        let eighth = (beats * 2.0) as usize;
        tones[4] = match self.mood {
            Mood::Warm | Mood::Wonder => [root, root + third, root + 7, root + 12][eighth % 4],
            Mood::Tension | Mood::Action => root - 24,
        };
        let mut pad = 0.0;
        let mut moving = 0.0;
        for (i, (phase, note)) in self.phases.iter_mut().zip(tones).enumerate() {
            *phase += hz(note) / sample_rate;
            *phase -= phase.floor();
            let tone = (TAU * *phase).sin();
            if i < 4 {
                pad += tone;
            } else {
                moving = tone;
            }
        }
        let envelope = match self.mood {
            // A plucked eighth: quick attack, dying away.
            Mood::Warm | Mood::Wonder => 0.5 * (-6.0 * (beats * 2.0).fract()).exp(),
            // A heartbeat: lub-dub at the start of each beat.
            Mood::Tension => {
                let t = beats.fract();
                (-30.0 * t).exp() + 0.6 * (-30.0 * (t - 0.25).max(0.0)).exp() * f32::from(t >= 0.25)
            }
            // Driving eighths.
            Mood::Action => 0.9 * (-10.0 * (beats * 2.0).fract()).exp(),
        };
        // Samples come in order: the lines already over are passed for good.
        while self
            .ducked
            .get(self.next_duck)
            .is_some_and(|line| line.end <= mix_at)
        {
            self.next_duck += 1;
        }
        let speaking = self
            .ducked
            .get(self.next_duck)
            .is_some_and(|line| line.contains(&mix_at));
        let target = if speaking { DUCKED } else { 1.0 };
        let step = 1.0 / (DUCK_RAMP_S * sample_rate);
        self.duck += (target - self.duck).clamp(-step, step);
        let sample = (pad / 4.0 * 0.6 + moving * envelope) * self.duck;
        // The moving voice a little to the right, so the two sides are not one.
        [
            sample,
            (pad / 4.0 * 0.6 + moving * envelope * 0.7) * self.duck,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_and_silence_are_scored_and_dialogue_plays_dry() {
        let run = |f: fn(&mut Run)| {
            let mut run = Run::default();
            f(&mut run);
            spot(run)
        };
        assert_eq!(run(|_| {}), None, "a dialogue scene plays dry");
        assert_eq!(run(|r| r.action = true), Some(Mood::Action));
        assert_eq!(run(|r| r.silent = true), Some(Mood::Warm));
        assert_eq!(
            run(|r| {
                r.silent = true;
                r.night = true
            }),
            Some(Mood::Tension)
        );
        assert_eq!(
            run(|r| {
                r.visual_effect = true;
                r.night = true
            }),
            Some(Mood::Wonder)
        );
        assert_eq!(run(|r| r.opening_or_ending = true), Some(Mood::Warm));
    }

    #[test]
    fn cues_merge_by_mood_and_drop_the_short() {
        let fps = 24.0;
        let second = |s: u64| s * 24;
        let runs = vec![
            (0..second(10), Some(Mood::Warm)),
            (second(10)..second(20), Some(Mood::Warm)),
            (second(20)..second(30), None),
            (second(30)..second(32), Some(Mood::Action)), // two seconds: too short
            (second(32)..second(40), Some(Mood::Tension)),
            (second(1300)..second(1310), Some(Mood::Tension)), // not adjoining
        ];
        assert_eq!(
            cues(&runs, None, fps),
            [
                (0, 0..second(20), Mood::Warm),
                (4, second(32)..second(40), Mood::Tension),
                (5, second(1300)..second(1310), Mood::Tension),
            ]
        );
        let score = Mood::Action.score();
        assert_eq!((score.key.as_str(), score.bpm), ("D minor", 132));
    }

    #[test]
    fn the_score_ducks_under_dialogue() {
        let rate = 48_000.0;
        let level = |voice: &mut ScoreVoice, from: u64| {
            (from..from + 24_000)
                .map(|at| voice.next(at, rate)[0].abs())
                .fold(0.0f32, f32::max)
        };
        // A line, one overlapping it (dual dialogue) and one long after: in any order.
        let lines = vec![
            200_000..260_000,
            48_000..96_000,
            60_000..70_000,
            150_000..150_000,
        ];
        let mut ducked = ScoreVoice::new(Mood::Warm, rate, lines);
        let mut dry = ScoreVoice::new(Mood::Warm, rate, vec![]);
        let mut ratio_from = |at: u64| level(&mut ducked, at) / level(&mut dry, at);
        assert!((ratio_from(0) - 1.0).abs() < 1e-6, "no line, no ducking");
        let _ramping = ratio_from(24_000);
        // The ramp runs ahead of the line: from its first sample the score is 10 dB down.
        assert!((ratio_from(48_000) - DUCKED).abs() < 0.02);
        assert!((ratio_from(72_000) - DUCKED).abs() < 0.02);
        let _ramping_up = ratio_from(96_000);
        assert!(
            (ratio_from(120_000) - 1.0).abs() < 1e-3,
            "back up between lines"
        );
        // An empty line ducks nothing; the last line, long after, is found.
        assert!((ratio_from(144_000) - 1.0).abs() < 1e-3, "an empty line");
        let _ramping = ratio_from(190_000);
        assert!((ratio_from(214_000) - DUCKED).abs() < 0.02);
    }

    #[test]
    fn chords_follow_the_progression_a_bar_each() {
        // Middle C is 261.6 Hz; A above it 440.
        assert!((hz(60) - 261.63).abs() < 0.01 && (hz(69) - 440.0).abs() < 1e-3);
        let (_, bpm, chords) = Mood::Tension.music();
        assert_eq!((bpm, chords[0]), (60, (57, true)), "A minor first");
    }
}
