//! The temp mix: the cue sheet synthesized into a 48 kHz, 16-bit stereo WAV.
//!
//! Nothing here is meant to sound finished; it is there so the cut has a pulse
//! to edit against:
//!
//! * ambience: shaped noise per scene, pink and louder outside, brown and quiet
//!   inside (room tone), low-passed at night; beds crossfade at scene changes;
//!   the scene's weather over it: rain hiss and drops (muffled inside), gusts of
//!   wind, thunder rolling in every several seconds, a fire's crackle and roar,
//!   the mains hum of a hologram, a portal or a laser;
//! * dialogue: a murmur of voiced syllables about five a second, pitched per
//!   character in order of first line, for exactly the line's duration;
//! * effects: a click and a short filtered-noise whoosh; thunder after a
//!   lightning strike rolls for seconds; footfalls, a door, a boom, the blows
//!   of a fight;
//! * music: a soft minor-triad pad under the scene;
//! * score: the temp score's cues ([`crate::score`]), ducked under the lines.
//!
//! Every voice draws its noise from a generator seeded with its cue's position
//! in the sheet, so the same sheet always gives the same bytes. The mix is
//! rendered in blocks, so memory stays small however long the cut.
//!
//! A stem is the mix of one kind of cue ([`write_stem`]): the same voices with the
//! same noise, so the four stems add up to the temp mix.

use std::collections::HashMap;
use std::convert::Infallible;
use std::f32::consts::{FRAC_PI_2, PI, TAU};
use std::io::Write;
use std::ops::Range;
use std::sync::LazyLock;

use crate::cues::{DOOR, EXPLOSION, FOOTSTEPS, LIGHT_SWITCH, PUNCHES, RUNNING_FOOTSTEPS, THUNDER};
use crate::loudness::Meter;
use crate::score::{Mood, ScoreVoice};
use crate::{CueKind, CueSheet, FadeDirection, Setting, SoundError, Weather};

pub const SAMPLE_RATE: u32 = 48_000;
const SR: f32 = SAMPLE_RATE as f32;
const CHANNELS: u16 = 2;
const BYTES_PER_SAMPLE: u32 = 2;
/// The bytes before the samples: the RIFF header, a Broadcast Wave `bext` chunk
/// (its fixed 602 bytes) for the timecode, the `fmt ` chunk and the `data` chunk's.
pub const WAV_HEADER_BYTES: u32 = 12 + (8 + BEXT_BYTES) + (8 + 16) + 8;
/// A `bext` chunk without coding history.
const BEXT_BYTES: u32 = 602;
/// Sample frames rendered at a time.
const BLOCK: usize = 4096;

/// Scene beds overlap this long across a scene change.
const CROSSFADE_S: f32 = 0.5;
/// Fade at the very start and end of the cut, and of a line.
const EDGE_FADE_S: f32 = 0.01;
/// An effect its shot cuts off mid-sound (a blow still ringing) fades out over
/// this long rather than clicking.
const TAIL_FADE_S: f32 = 0.05;
const MUSIC_FADE_S: f32 = 1.0;
/// The score sneaks in and lets go slowly.
const SCORE_FADE_IN_S: f32 = 1.5;
const SCORE_FADE_OUT_S: f32 = 2.0;
/// An effect's whoosh lasts this long at most.
const WHOOSH_S: f32 = 0.6;

/// Fundamentals in order of first line: low and high voices alternate so that
/// neighbours in the cast list are easy to tell apart.
const VOICES_HZ: [f32; 10] = [
    110.0, 210.0, 140.0, 250.0, 98.0, 185.0, 125.0, 230.0, 165.0, 290.0,
];

/// Sample frames in the temp mix of `sheet`: the cut's length at [`SAMPLE_RATE`].
pub fn mix_samples(sheet: &CueSheet) -> u64 {
    sample_at(sheet, sheet.frames)
}

/// Sample frames in a temp mix or stem of `file_bytes` as written here (its header,
/// then 16-bit stereo), or `None` when the file is shorter than the header.
pub fn wav_samples(file_bytes: u64) -> Option<u64> {
    Some(file_bytes.checked_sub(u64::from(WAV_HEADER_BYTES))? / FRAME_BYTES)
}

/// The sample frame where video frame `frame` starts.
fn sample_at(sheet: &CueSheet, frame: u64) -> u64 {
    (frame as f64 * f64::from(SAMPLE_RATE) / sheet.fps).round() as u64
}

/// Bytes of one sample frame: a sample for each channel.
const FRAME_BYTES: u64 = CHANNELS as u64 * BYTES_PER_SAMPLE as u64;

/// The size of the temp mix's sample data, or [`SoundError::TooLong`] when a WAV
/// file cannot hold it: known before anything is written.
pub fn wav_data_bytes(sheet: &CueSheet) -> Result<u32, SoundError> {
    mix_samples(sheet)
        .checked_mul(FRAME_BYTES)
        .and_then(|n| u32::try_from(n).ok())
        .filter(|n| n.checked_add(WAV_HEADER_BYTES - 8).is_some())
        .ok_or(SoundError::TooLong {
            seconds: sheet.duration_s,
        })
}

/// The highest true peak a loudness gain may raise the mix to: -1 dBTP, as
/// streaming and broadcast specifications ask.
const PEAK_CEILING: f32 = 0.891;

/// The gain a temp mix is delivered at, and the loudness that gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Loudness {
    /// What every sample of the mix (and of its stems) is scaled by.
    pub gain: f32,
    /// The integrated loudness (LUFS) the mix is delivered at: the target, or
    /// less when its peaks hold the gain down; `None` for a silent mix.
    pub lufs: Option<f64>,
}

/// The gain that brings the temp mix of `sheet` to `target_lufs` integrated
/// loudness (see [`crate::loudness`]), held down so that its true peak stays
/// under -1 dBTP; 1 for a silent mix. One synthesis pass over the mix, nothing written.
pub fn loudness_gain(sheet: &CueSheet, target_lufs: f64) -> Loudness {
    let mut meter = Meter::default();
    let Ok(()) = render(sheet, None, |block| {
        meter.add(block);
        Ok::<(), Infallible>(())
    });
    let Some(measured) = meter.integrated() else {
        return Loudness {
            gain: 1.0,
            lufs: None,
        };
    };
    let gain = 10f64.powf((target_lufs - measured) / 20.0) as f32;
    let gain = gain.min(PEAK_CEILING / meter.true_peak().max(f32::MIN_POSITIVE));
    Loudness {
        gain,
        lufs: Some(measured + 20.0 * f64::from(gain).log10()),
    }
}

/// Writes the temp mix of `sheet`, scaled by `gain` (see [`loudness_gain`]), as a
/// WAV file to `out`.
pub fn write_temp_mix(sheet: &CueSheet, gain: f32, out: &mut impl Write) -> Result<(), SoundError> {
    write_mix(sheet, None, gain, out)
}

/// Writes the stem of one `kind` of cue (the temp mix of those cues alone), scaled
/// by the mix's `gain`, as a WAV file to `out`; it is as long as the temp mix.
pub fn write_stem(
    sheet: &CueSheet,
    kind: CueKind,
    gain: f32,
    out: &mut impl Write,
) -> Result<(), SoundError> {
    write_mix(sheet, Some(kind), gain, out)
}

/// The mix of the cues of kind `only`, or of every cue, as a WAV file.
fn write_mix(
    sheet: &CueSheet,
    only: Option<CueKind>,
    gain: f32,
    out: &mut impl Write,
) -> Result<(), SoundError> {
    out.write_all(&wav_header(sheet, only, wav_data_bytes(sheet)?))?;
    let mut bytes = Vec::with_capacity(BLOCK * FRAME_BYTES as usize);
    render(sheet, only, |block| {
        bytes.clear();
        for &[left, right] in block {
            bytes.extend_from_slice(&pcm(left * gain).to_le_bytes());
            bytes.extend_from_slice(&pcm(right * gain).to_le_bytes());
        }
        out.write_all(&bytes)
    })?;
    Ok(())
}

/// Synthesizes the mix of the cues of kind `only` (or all) block by block, handing
/// each block of sample frames to `each`.
fn render<E>(
    sheet: &CueSheet,
    only: Option<CueKind>,
    mut each: impl FnMut(&[[f32; 2]]) -> Result<(), E>,
) -> Result<(), E> {
    let total = mix_samples(sheet);
    let fades: Vec<(Range<u64>, FadeDirection)> = sheet
        .fades
        .iter()
        .map(|f| {
            (
                sample_at(sheet, f.start_frame)..sample_at(sheet, f.end_frame),
                f.direction,
            )
        })
        .filter(|(samples, _)| !samples.is_empty())
        .collect();
    let mut voices = voices(sheet, total, only);
    voices.sort_by_key(|v| v.start);
    let mut pending = voices.into_iter().peekable();
    let mut playing: Vec<Voice> = Vec::new();
    let mut mix = vec![[0.0f32; 2]; BLOCK];
    let mut at = 0u64;
    while at < total {
        let len = (total - at).min(BLOCK as u64);
        let end = at + len;
        while let Some(voice) = pending.next_if(|v| v.start < end) {
            playing.push(voice);
        }
        playing.retain(|v| v.end > at);
        let mix = &mut mix[..len as usize];
        mix.fill([0.0; 2]);
        for voice in &mut playing {
            voice.render(at, mix);
        }
        for (samples, direction) in &fades {
            fade(mix, at, samples, *direction);
        }
        each(mix)?;
        at = end;
    }
    Ok(())
}

/// Scales the part of `mix` (a block starting at sample frame `block_start`) that
/// falls in `samples`, linearly up from silence or down to it.
fn fade(mix: &mut [[f32; 2]], block_start: u64, samples: &Range<u64>, direction: FadeDirection) {
    let block_end = block_start + mix.len() as u64;
    let length = (samples.end - samples.start) as f32;
    for at in samples.start.max(block_start)..samples.end.min(block_end) {
        let done = (at - samples.start) as f32 / length;
        let gain = match direction {
            FadeDirection::In => done,
            FadeDirection::Out => 1.0 - done,
        };
        let frame = &mut mix[(at - block_start) as usize];
        *frame = frame.map(|sample| sample * gain);
    }
}

/// The header of 16-bit PCM at [`SAMPLE_RATE`], [`CHANNELS`] channels, as a
/// Broadcast Wave file: its `bext` chunk names the film and what the file is of
/// it (`Alley Kings: temp mix`, `Alley Kings: dialogue stem`, the stem of the
/// cues of kind `only`) and holds the time of the first sample (the cut's
/// `01:00:00:00`, in samples since midnight), so that an editor or a mixer who
/// imports it spots it at its timecode.
fn wav_header(sheet: &CueSheet, only: Option<CueKind>, data_bytes: u32) -> Vec<u8> {
    let block_align = CHANNELS * BYTES_PER_SAMPLE as u16;
    // At an NTSC rate, the exact 24000/1001 that timecode tools count in.
    let start_s = match oneshot_edit::Rate::new(sheet.fps as f32, sheet.drop_frame) {
        Ok(rate) => rate.record_start() as f64 / rate.timeline_fps,
        Err(_) => 3600.0 * f64::from(sheet.timecode_base) / sheet.fps,
    };
    let time_reference = (start_s * f64::from(SAMPLE_RATE)).round() as u64;
    let mut bext = vec![0u8; BEXT_BYTES as usize];
    let text = |field: &mut [u8], text: &str| {
        let ascii: Vec<u8> = text
            .bytes()
            .filter(u8::is_ascii)
            .take(field.len())
            .collect();
        field[..ascii.len()].copy_from_slice(&ascii);
    };
    // Description (256), originator (32), its reference (32), date (10), time (8).
    let description = match only {
        None => format!("{}: temp mix", sheet.title),
        Some(kind) => format!("{}: {} stem", sheet.title, kind.stem()),
    };
    text(&mut bext[..256], &description);
    text(&mut bext[256..288], "oneshot");
    bext[338..346].copy_from_slice(&time_reference.to_le_bytes());
    let mut header = Vec::with_capacity(WAV_HEADER_BYTES as usize);
    let fields: [&[u8]; 16] = [
        b"RIFF",
        &(data_bytes + WAV_HEADER_BYTES - 8).to_le_bytes(),
        b"WAVE",
        b"bext",
        &BEXT_BYTES.to_le_bytes(),
        &bext,
        b"fmt ",
        &16u32.to_le_bytes(),
        &1u16.to_le_bytes(), // PCM
        &CHANNELS.to_le_bytes(),
        &SAMPLE_RATE.to_le_bytes(),
        &(SAMPLE_RATE * u32::from(block_align)).to_le_bytes(),
        &block_align.to_le_bytes(),
        &(BYTES_PER_SAMPLE as u16 * 8).to_le_bytes(),
        b"data",
        &data_bytes.to_le_bytes(),
    ];
    for field in fields {
        header.extend_from_slice(field);
    }
    header
}

#[inline]
fn pcm(sample: f32) -> i16 {
    // Shifted positive so that truncation rounds to nearest (`round` is a slow call).
    (((sample.clamp(-1.0, 1.0) * f32::from(i16::MAX)) + 32768.5) as i32 - 32768) as i16
}

/// One cue as sound: where it plays (in sample frames of the mix), how it fades,
/// and what it is.
struct Voice {
    start: u64,
    end: u64,
    fade_in: u64,
    fade_out: u64,
    gain: f32,
    sound: Sound,
}

enum Sound {
    Bed(Bed),
    Murmur(Murmur),
    Whoosh(Whoosh),
    Rumble(Rumble),
    Footsteps(Footsteps),
    Door(Door),
    Click(Click),
    Punches(Punches),
    Pad(Pad),
    Score(ScoreVoice),
}

/// The voices of the cues of `sheet` (of kind `only`, or all), in a mix `total`
/// sample frames long. A cue's noise is seeded by its place in the whole sheet, so
/// it sounds the same in a stem as in the mix.
fn voices(sheet: &CueSheet, total: u64, only: Option<CueKind>) -> Vec<Voice> {
    let seconds = |s: f32| (s * SR) as u64;
    let mut pitches: HashMap<&str, f32> = HashMap::new();
    let mut voices = Vec::with_capacity(sheet.cues.len());
    // The lines the score ducks under: in the mix and in the music stem alike.
    let dialogue: Vec<Range<u64>> = sheet
        .cues
        .iter()
        .filter(|cue| cue.kind == CueKind::Dialogue)
        .map(|cue| sample_at(sheet, cue.start_frame)..sample_at(sheet, cue.end_frame))
        .collect();
    // Where one bed hands over to the next: the two crossfade there, and only there
    // (not into the silence before a fade in or after the last scene).
    let beds: Vec<(u64, u64)> = (sheet.cues.iter())
        .filter(|cue| cue.kind == CueKind::Ambience)
        .map(|cue| (cue.start_frame, cue.end_frame))
        .collect();
    for (index, cue) in sheet.cues.iter().enumerate() {
        if only.is_some_and(|kind| kind.stem() != cue.kind.stem()) {
            continue;
        }
        let start = sample_at(sheet, cue.start_frame).min(total);
        let end = sample_at(sheet, cue.end_frame).min(total);
        if end <= start {
            continue;
        }
        let noise = Noise::new(index as u64);
        let voice = match cue.kind {
            CueKind::Ambience => {
                let after_a_bed = beds.iter().any(|&(_, end)| end == cue.start_frame);
                let before_a_bed = beds.iter().any(|&(start, _)| start == cue.end_frame);
                // Where the picture dissolves, the beds cross over through its
                // frames (the new one from the cut, the old one on to the end);
                // at a cut, over `CROSSFADE_S` about it.
                let dissolve = |frame: u64| {
                    (sheet.dissolves.iter())
                        .find(|dissolve| dissolve.start_frame == frame)
                        .map(|dissolve| sample_at(sheet, dissolve.end_frame).min(total))
                };
                let half = seconds(CROSSFADE_S) / 2;
                let (start, fade_in) = match (after_a_bed, dissolve(cue.start_frame)) {
                    (true, Some(until)) => (start, until.saturating_sub(start)),
                    (true, None) => (start.saturating_sub(half), seconds(CROSSFADE_S)),
                    (false, _) => (start, seconds(EDGE_FADE_S)),
                };
                let (end, fade_out) = match (before_a_bed, dissolve(cue.end_frame)) {
                    (true, Some(until)) => (until, until.saturating_sub(end)),
                    (true, None) => ((end + half).min(total), seconds(CROSSFADE_S)),
                    (false, _) => (end, seconds(EDGE_FADE_S)),
                };
                let setting = cue.setting.clone().unwrap_or_default();
                let (bed, gain) = Bed::new(&setting, noise);
                Voice {
                    start,
                    end,
                    fade_in,
                    fade_out,
                    gain,
                    sound: Sound::Bed(bed),
                }
            }
            CueKind::Dialogue => {
                let count = pitches.len();
                let pitch = *pitches.entry(&cue.name).or_insert_with(|| {
                    // Past ten voices, go round again a quarter-tone higher.
                    let round = (count / VOICES_HZ.len()) as f32;
                    VOICES_HZ[count % VOICES_HZ.len()] * 2f32.powf(round / 24.0)
                });
                Voice {
                    start,
                    end,
                    fade_in: seconds(EDGE_FADE_S),
                    fade_out: seconds(EDGE_FADE_S),
                    gain: 0.45,
                    sound: Sound::Murmur(Murmur::new(pitch, noise)),
                }
            }
            CueKind::Effect if cue.name == THUNDER || cue.name == EXPLOSION => Voice {
                start,
                end,
                fade_in: 0,
                fade_out: seconds(EDGE_FADE_S),
                gain: 0.3,
                sound: Sound::Rumble(if cue.name == THUNDER {
                    Rumble::thunder(noise)
                } else {
                    Rumble::boom(noise)
                }),
            },
            CueKind::Effect if cue.name == DOOR => Voice {
                start,
                end,
                fade_in: 0,
                fade_out: seconds(TAIL_FADE_S),
                gain: 0.3,
                sound: Sound::Door(Door::new(noise)),
            },
            CueKind::Effect if cue.name == LIGHT_SWITCH => Voice {
                start,
                end,
                fade_in: 0,
                fade_out: seconds(TAIL_FADE_S),
                gain: 0.3,
                sound: Sound::Click(Click { t: 0.0 }),
            },
            CueKind::Effect if cue.name == PUNCHES => Voice {
                start,
                end,
                fade_in: 0,
                fade_out: seconds(TAIL_FADE_S),
                gain: 0.3,
                sound: Sound::Punches(Punches::new(noise)),
            },
            CueKind::Effect if cue.name == FOOTSTEPS || cue.name == RUNNING_FOOTSTEPS => Voice {
                start,
                end,
                fade_in: 0,
                fade_out: seconds(TAIL_FADE_S),
                gain: 0.3,
                sound: Sound::Footsteps(Footsteps::new(noise, cue.name == RUNNING_FOOTSTEPS)),
            },
            CueKind::Effect => Voice {
                start,
                end: end.min(start + seconds(WHOOSH_S)),
                fade_in: 0,
                fade_out: seconds(TAIL_FADE_S),
                gain: 0.3,
                sound: Sound::Whoosh(Whoosh::new(noise)),
            },
            CueKind::Music => Voice {
                start,
                end,
                fade_in: seconds(MUSIC_FADE_S),
                fade_out: seconds(MUSIC_FADE_S),
                gain: 0.05,
                sound: Sound::Pad(Pad::default()),
            },
            CueKind::Score => {
                let mood = cue.score.as_ref().map_or(Mood::Warm, |score| score.mood);
                Voice {
                    start,
                    end,
                    fade_in: seconds(SCORE_FADE_IN_S),
                    fade_out: seconds(SCORE_FADE_OUT_S),
                    // About 6 dB under the dialogue, another 10 under a line.
                    gain: 0.2,
                    sound: Sound::Score(ScoreVoice::new(mood, SR, dialogue.clone())),
                }
            }
        };
        voices.push(voice);
    }
    voices
}

impl Voice {
    /// Adds this voice to `mix`, the block starting at sample frame `block_start`.
    fn render(&mut self, block_start: u64, mix: &mut [[f32; 2]]) {
        let from = self.start.max(block_start);
        let to = self.end.min(block_start + mix.len() as u64);
        let len = self.end - self.start;
        let fade_in = self.fade_in.min(len / 2).max(1);
        let fade_out = self.fade_out.min(len / 2).max(1);
        let length = len as f32 / SR;
        for at in from..to {
            let position = at - self.start;
            let left_to_play = len - position;
            let gain = if position < fade_in || left_to_play < fade_out {
                let ramp = (position as f32 / fade_in as f32)
                    .min(left_to_play as f32 / fade_out as f32)
                    .min(1.0);
                // Equal power, so crossfading beds keep their loudness.
                self.gain * (ramp * FRAC_PI_2).sin()
            } else {
                self.gain
            };
            let [left, right] = match &mut self.sound {
                Sound::Bed(bed) => bed.next(),
                Sound::Murmur(murmur) => murmur.next(position as f32 / len as f32),
                Sound::Whoosh(whoosh) => whoosh.next(position as f32 / SR, length),
                Sound::Rumble(rumble) => rumble.next(),
                Sound::Footsteps(steps) => steps.next(),
                Sound::Door(door) => door.next(),
                Sound::Click(click) => click.next(),
                Sound::Punches(punches) => punches.next(),
                Sound::Pad(pad) => pad.next(),
                Sound::Score(score) => score.next(at, SR),
            };
            let out = &mut mix[(at - block_start) as usize];
            out[0] += left * gain;
            out[1] += right * gain;
        }
    }
}

/// A phase past 1 brought back into `[0, 1)` (steps are far below 1; `fract` is a slow call).
fn wrap(phase: f32) -> f32 {
    if phase >= 1.0 { phase - 1.0 } else { phase }
}

/// A small, fast, seeded generator of white noise (SplitMix64).
struct Noise(u64);

impl Noise {
    fn new(seed: u64) -> Noise {
        Noise(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x0123_4567_89AB_CDEF)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f32 {
        unit(self.next_u64() >> 40)
    }

    /// Uniform in `[-1, 1)`.
    fn white(&mut self) -> f32 {
        self.unit() * 2.0 - 1.0
    }

    /// Two independent samples uniform in `[-1, 1)`, from one draw.
    fn white_pair(&mut self) -> [f32; 2] {
        let bits = self.next_u64();
        [unit(bits >> 40) * 2.0 - 1.0, unit(bits >> 8) * 2.0 - 1.0]
    }
}

/// The low 24 bits of `bits` as a fraction in `[0, 1)`.
fn unit(bits: u64) -> f32 {
    (bits & 0xFF_FFFF) as f32 / (1u64 << 24) as f32
}

/// One-pole low-pass filter.
#[derive(Default, Clone, Copy)]
struct LowPass {
    y: f32,
}

impl LowPass {
    fn coefficient(cutoff_hz: f32) -> f32 {
        1.0 - (-TAU * cutoff_hz / SR).exp()
    }

    fn next(&mut self, x: f32, coefficient: f32) -> f32 {
        self.y += coefficient * (x - self.y);
        self.y
    }
}

/// An ambience bed: pink noise outside, brown inside, low-passed at night; left
/// and right are independent so the bed sounds wide. Everything under
/// [`BED_HIGH_PASS_HZ`] is taken out: rumble no one hears that eats the mix's headroom.
struct Bed {
    noise: Noise,
    exterior: bool,
    /// Per channel: pink-noise filter state, or the brown-noise integrator.
    pink: [[f32; 3]; 2],
    brown: [f32; 2],
    night: Option<(f32, [LowPass; 2])>,
    weather: Option<WeatherSound>,
    /// Per channel, the two low-passes whose remainders make a 12 dB/octave high-pass.
    high_pass: [[LowPass; 2]; 2],
}

/// Where a bed's high-pass turns: below the lowest note of a double bass.
const BED_HIGH_PASS_HZ: f32 = 30.0;

impl Bed {
    /// The bed for `setting` and its level.
    fn new(setting: &Setting, noise: Noise) -> (Bed, f32) {
        let exterior = setting.exterior();
        // Beds sit some 15 LU under the lines (dialogue's gain is 0.45): pink
        // noise is louder than brown for its level.
        let gain = match (exterior, setting.night) {
            (true, false) => 0.045,
            (true, true) => 0.035,
            (false, false) => 0.08,
            (false, true) => 0.06,
        };
        let night = setting.night.then(|| {
            (
                LowPass::coefficient(if exterior { 900.0 } else { 400.0 }),
                [LowPass::default(); 2],
            )
        });
        let weather = (setting.weather != Weather::default()).then(|| {
            WeatherSound::new(
                setting.weather,
                exterior,
                Noise::new(noise.0 ^ WEATHER_SEED),
            )
        });
        let bed = Bed {
            noise,
            exterior,
            pink: [[0.0; 3]; 2],
            brown: [0.0; 2],
            night,
            weather,
            high_pass: [[LowPass::default(); 2]; 2],
        };
        (bed, gain)
    }

    fn next(&mut self) -> [f32; 2] {
        let mut out = self.noise.white_pair();
        for (channel, sample) in out.iter_mut().enumerate() {
            let white = *sample;
            *sample = if self.exterior {
                // Paul Kellet's economy pink filter, scaled to about unit peak.
                let b = &mut self.pink[channel];
                b[0] = 0.99765 * b[0] + white * 0.099_046;
                b[1] = 0.963 * b[1] + white * 0.296_516_4;
                b[2] = 0.57 * b[2] + white * 1.052_691_3;
                (b[0] + b[1] + b[2] + white * 0.1848) * 0.25
            } else {
                // Leaky integration: brown noise without drifting off.
                let y = &mut self.brown[channel];
                *y = (*y + 0.02 * white) * (1.0 / 1.02);
                *y * 3.5
            };
            if let Some((coefficient, filters)) = &mut self.night {
                // The low-pass takes level away with the highs; give some back.
                *sample = filters[channel].next(*sample, *coefficient) * 1.5;
            }
        }
        if let Some(weather) = &mut self.weather {
            let [left, right] = weather.next();
            out[0] += left;
            out[1] += right;
        }
        let coefficient = LowPass::coefficient(BED_HIGH_PASS_HZ);
        for (sample, stages) in out.iter_mut().zip(&mut self.high_pass) {
            for stage in stages {
                *sample -= stage.next(*sample, coefficient);
            }
        }
        out
    }
}

/// Mixed into a bed's seed for its weather, so the weather has noise of its own.
const WEATHER_SEED: u64 = 0x5745_4154_4845_5221;
/// Raindrops heard a second, per channel, and how fast each one's tick dies away.
const DROPS_PER_S: f32 = 70.0;
const DROP_DECAY: f32 = 0.992;
/// Fire crackles a second, per channel; each dies away faster than a drop.
const CRACKLES_PER_S: f32 = 18.0;
const CRACKLE_DECAY: f32 = 0.985;
/// Wind gusts come and go about every seven seconds.
const GUST_HZ: f32 = 0.14;
/// A glowing effect hums at mains frequency, its loudness wavering about every
/// three seconds; the level is the bed's, before its gain.
const HUM_HZ: f32 = 60.0;
const HUM_WAVER_HZ: f32 = 0.3;
const HUM_LEVEL: f32 = 0.5;
/// Thunder: a rumble swells in 0.4 s and dies away over some seconds; in a bed,
/// the next comes 6 to 11 seconds later.
const THUNDER_SWELL_S: f32 = 0.4;
const THUNDER_DECAY_S: f32 = 2.2;
const THUNDER_GAP_S: [f32; 2] = [6.0, 11.0];
/// A thunderclap's cue lasts this long: by then it has died away.
pub const THUNDER_S: f32 = THUNDER_SWELL_S + 3.0 * THUNDER_DECAY_S;

/// The sound of a scene's weather (see [`Weather`]), each part its own shaped
/// noise; inside, the rain is on the roof: low-passed.
struct WeatherSound {
    weather: Weather,
    exterior: bool,
    noise: Noise,
    /// Per channel: what the rain's high-pass takes away (its hiss is what is
    /// left), the roof's low-pass.
    rain_low: [LowPass; 2],
    roof: [LowPass; 2],
    drop: [f32; 2],
    wind_low: [LowPass; 2],
    gust_phase: f32,
    crackle: [f32; 2],
    roar_low: [LowPass; 2],
    thunder: Rumble,
    /// Seconds until the next roll of thunder starts (0: rolling).
    thunder_wait_s: f32,
    /// Where the hum and its slow waver are in their cycles (0 to 1).
    hum_phase: f32,
    waver_phase: f32,
}

impl WeatherSound {
    fn new(weather: Weather, exterior: bool, mut noise: Noise) -> WeatherSound {
        let thunder_wait_s = 1.0 + 3.0 * noise.unit();
        let thunder = Rumble::thunder(Noise::new(noise.next_u64()));
        WeatherSound {
            weather,
            exterior,
            noise,
            rain_low: [LowPass::default(); 2],
            roof: [LowPass::default(); 2],
            drop: [0.0; 2],
            wind_low: [LowPass::default(); 2],
            gust_phase: 0.0,
            crackle: [0.0; 2],
            roar_low: [LowPass::default(); 2],
            thunder,
            thunder_wait_s,
            hum_phase: 0.0,
            waver_phase: 0.0,
        }
    }

    fn next(&mut self) -> [f32; 2] {
        static FILTERS: LazyLock<[f32; 4]> =
            LazyLock::new(|| [1500.0, 700.0, 400.0, 250.0].map(LowPass::coefficient));
        let [rain_hz, roof_hz, wind_hz, roar_hz] = *FILTERS;
        let Weather {
            rain,
            wind,
            thunder,
            fire,
            hum,
        } = self.weather;
        let gust = 0.55 + 0.45 * (TAU * self.gust_phase).sin();
        self.gust_phase = wrap(self.gust_phase + GUST_HZ / SR);
        let mut out = if thunder { self.roll() } else { [0.0; 2] };
        if hum {
            let buzz = self.buzz();
            out.iter_mut().for_each(|sample| *sample += buzz);
        }
        for (channel, sample) in out.iter_mut().enumerate() {
            let white = self.noise.white();
            if rain {
                if self.noise.unit() < DROPS_PER_S / SR {
                    self.drop[channel] = 0.4 + 0.6 * self.noise.unit();
                }
                self.drop[channel] *= DROP_DECAY;
                let drop = self.drop[channel] * self.noise.white();
                // Under the lines, as all of a bed is: the hiss and its drops
                // outside, the drumming on the roof inside.
                *sample += if self.exterior {
                    0.7 * ((white - self.rain_low[channel].next(white, rain_hz)) + drop)
                } else {
                    1.5 * self.roof[channel].next(0.8 * white + drop, roof_hz)
                };
            }
            if wind {
                *sample += gust * self.wind_low[channel].next(white, wind_hz);
            }
            if fire {
                if self.noise.unit() < CRACKLES_PER_S / SR {
                    self.crackle[channel] = 0.5 + 0.5 * self.noise.unit();
                }
                self.crackle[channel] *= CRACKLE_DECAY;
                *sample += self.crackle[channel] * self.noise.white()
                    + 1.5 * self.roar_low[channel].next(white, roar_hz);
            }
        }
        out
    }

    /// A glowing effect's hum: mains hum (the fundamental and two harmonics), its
    /// loudness wavering slowly, the same in both ears.
    fn buzz(&mut self) -> f32 {
        let phase = TAU * self.hum_phase;
        self.hum_phase = wrap(self.hum_phase + HUM_HZ / SR);
        self.waver_phase = wrap(self.waver_phase + HUM_WAVER_HZ / SR);
        let waver = 0.8 + 0.2 * (TAU * self.waver_phase).sin();
        HUM_LEVEL * waver * (phase.sin() + 0.5 * (2.0 * phase).sin() + 0.25 * (3.0 * phase).sin())
    }

    /// The bed's thunder: a roll, then a wait, then another.
    fn roll(&mut self) -> [f32; 2] {
        if self.thunder_wait_s > 0.0 {
            self.thunder_wait_s -= 1.0 / SR;
            return [0.0; 2];
        }
        let out = self.thunder.next();
        if self.thunder.seconds > THUNDER_S {
            let [shortest, longest] = THUNDER_GAP_S;
            self.thunder_wait_s = shortest + (longest - shortest) * self.noise.unit();
            self.thunder.seconds = 0.0;
        }
        out
    }
}

/// An explosion's boom: it hits at once and dies away in about a second.
const BOOM_DECAY_S: f32 = 0.7;
/// A boom's cue lasts this long: by then it has died away.
pub const BOOM_S: f32 = 3.0 * BOOM_DECAY_S + 0.5;

/// A rumble of low-passed noise that swells, then dies away: thunder rolling,
/// swelling in [`THUNDER_SWELL_S`], or an explosion's boom, hitting at once.
struct Rumble {
    noise: Noise,
    low: [LowPass; 2],
    /// Seconds since it started.
    seconds: f32,
    swell_s: f32,
    decay_s: f32,
    level: f32,
}

impl Rumble {
    fn thunder(noise: Noise) -> Rumble {
        Rumble {
            noise,
            low: [LowPass::default(); 2],
            seconds: 0.0,
            swell_s: THUNDER_SWELL_S,
            decay_s: THUNDER_DECAY_S,
            level: 8.0,
        }
    }

    fn boom(noise: Noise) -> Rumble {
        Rumble {
            swell_s: 0.005,
            decay_s: BOOM_DECAY_S,
            level: 14.0,
            ..Rumble::thunder(noise)
        }
    }

    fn next(&mut self) -> [f32; 2] {
        static RUMBLE: LazyLock<f32> = LazyLock::new(|| LowPass::coefficient(120.0));
        let t = self.seconds;
        self.seconds += 1.0 / SR;
        let level = self.level
            * (t / self.swell_s).min(1.0)
            * (-(t - self.swell_s).max(0.0) / self.decay_s).exp();
        let [left, right] = self.noise.white_pair();
        [
            level * self.low[0].next(left, *RUMBLE),
            level * self.low[1].next(right, *RUMBLE),
        ]
    }
}

/// A murmur the length of a line: voiced syllables, each with its own length,
/// loudness and pitch around the character's, falling slightly towards the end as
/// sentences do.
struct Murmur {
    noise: Noise,
    pitch: f32,
    phase: f32,
    /// The current syllable: its frequency, loudness, voiced and total length in
    /// sample frames, and how far into it we are.
    hz: f32,
    loudness: f32,
    voiced: u32,
    length: u32,
    at: u32,
}

impl Murmur {
    fn new(pitch: f32, noise: Noise) -> Murmur {
        Murmur {
            noise,
            pitch,
            phase: 0.0,
            hz: pitch,
            loudness: 0.0,
            voiced: 0,
            length: 0,
            at: 0,
        }
    }

    /// The next sample, `progress` (0 to 1) through the line.
    fn next(&mut self, progress: f32) -> [f32; 2] {
        if self.at >= self.length {
            let seconds = 0.12 + 0.14 * self.noise.unit();
            self.length = (seconds * SR) as u32;
            self.voiced = (self.length as f32 * (0.7 + 0.2 * self.noise.unit())) as u32;
            let semitones = 3.0 * self.noise.white() - 2.0 * progress;
            self.hz = self.pitch * 2f32.powf(semitones / 12.0);
            self.loudness = 0.6 + 0.4 * self.noise.unit();
            self.at = 0;
        }
        let sample = if self.at < self.voiced {
            let envelope = (PI * self.at as f32 / self.voiced as f32).sin();
            self.phase = wrap(self.phase + self.hz / SR);
            voiced(self.phase) * envelope * self.loudness
        } else {
            0.0
        };
        self.at += 1;
        [sample; 2]
    }
}

/// A buzzy, vowel-like wave at `phase` (0 to 1): the first six harmonics, the
/// second and third strong (an `ah`), read from a table built once.
fn voiced(phase: f32) -> f32 {
    const SIZE: usize = 2048;
    const HARMONICS: [f32; 6] = [1.0, 0.8, 0.6, 0.25, 0.2, 0.15];
    static TABLE: LazyLock<Vec<f32>> = LazyLock::new(|| {
        (0..=SIZE)
            .map(|i| {
                let phase = i as f32 / SIZE as f32;
                let harmonics = HARMONICS.iter().enumerate();
                harmonics
                    .map(|(n, a)| a * (TAU * (n + 1) as f32 * phase).sin())
                    .sum::<f32>()
                    * 0.35
            })
            .collect()
    });
    let at = phase * SIZE as f32;
    let index = (at as usize).min(SIZE - 1);
    let frac = at - index as f32;
    TABLE[index] + (TABLE[index + 1] - TABLE[index]) * frac
}

/// A click, then filtered noise swelling and fading, its brightness following
/// its loudness.
struct Whoosh {
    noise: Noise,
    filter: LowPass,
}

impl Whoosh {
    fn new(noise: Noise) -> Whoosh {
        Whoosh {
            noise,
            filter: LowPass::default(),
        }
    }

    /// The sample `t` seconds into a whoosh `length` seconds long.
    fn next(&mut self, t: f32, length: f32) -> [f32; 2] {
        let swell = (PI * t / length).sin();
        let cutoff = 200.0 + 3000.0 * swell;
        // The one-pole coefficient, linearised: the cutoff stays far below Nyquist.
        let air = self.filter.next(self.noise.white(), TAU * cutoff / SR) * swell * swell;
        let click = (TAU * 1500.0 * t).sin() * (-t / 0.003).exp();
        [air * 2.0 + click * 0.5; 2]
    }
}

/// Steps a second, walking and running.
const WALKING_STEPS_PER_S: f32 = 1.9;
const RUNNING_STEPS_PER_S: f32 = 3.0;
/// A footfall: a heel's knock dying away in a few milliseconds over the thud of
/// the foot, low-passed noise dying away in some tens.
const HEEL_HZ: f32 = 190.0;
const HEEL_DECAY_S: f32 = 0.012;
const THUD_DECAY_S: f32 = 0.04;

/// A knock at `hz`, `t` seconds after it, dying away over `decay_s`: a heel, a latch.
fn knock(t: f32, hz: f32, decay_s: f32) -> f32 {
    (TAU * hz * t).sin() * (-t / decay_s).exp()
}

/// Low-passed noise: the body of a footfall, or of a door swinging to.
struct Thud {
    noise: Noise,
    low: LowPass,
}

impl Thud {
    fn new(noise: Noise) -> Thud {
        Thud {
            noise,
            low: LowPass::default(),
        }
    }

    fn next(&mut self, coefficient: f32) -> f32 {
        self.low.next(self.noise.white(), coefficient)
    }
}

/// Footsteps: a footfall every step, left foot a little to the left, each one a
/// little louder or softer than the last.
struct Footsteps {
    thud: Thud,
    steps_per_s: f32,
    /// Seconds into the current step, which foot it is and how hard it falls.
    t: f32,
    left: bool,
    weight: f32,
}

impl Footsteps {
    fn new(noise: Noise, running: bool) -> Footsteps {
        Footsteps {
            thud: Thud::new(noise),
            steps_per_s: if running {
                RUNNING_STEPS_PER_S
            } else {
                WALKING_STEPS_PER_S
            },
            t: 0.0,
            left: true,
            weight: 1.0,
        }
    }

    fn next(&mut self) -> [f32; 2] {
        static FOOT: LazyLock<f32> = LazyLock::new(|| LowPass::coefficient(300.0));
        if self.t >= 1.0 / self.steps_per_s {
            self.t = 0.0;
            self.left = !self.left;
            self.weight = 0.75 + 0.25 * self.thud.noise.unit();
        }
        let t = self.t;
        self.t += 1.0 / SR;
        let thud = 6.0 * self.thud.next(*FOOT) * (-t / THUD_DECAY_S).exp();
        let step = self.weight * (knock(t, HEEL_HZ, HEEL_DECAY_S) + thud);
        if self.left {
            [step, 0.7 * step]
        } else {
            [0.7 * step, step]
        }
    }
}

/// A door's cue lasts this long: its latch, then its thud as it swings to.
pub const DOOR_S: f32 = 0.6;
const LATCH_HZ: f32 = 1800.0;
const DOOR_THUD_AT_S: f32 = 0.25;

/// A door: the click of its latch, then the low thud of it swinging to.
struct Door {
    thud: Thud,
    t: f32,
}

impl Door {
    fn new(noise: Noise) -> Door {
        Door {
            thud: Thud::new(noise),
            t: 0.0,
        }
    }

    fn next(&mut self) -> [f32; 2] {
        static FRAME: LazyLock<f32> = LazyLock::new(|| LowPass::coefficient(150.0));
        let t = self.t;
        self.t += 1.0 / SR;
        let since = t - DOOR_THUD_AT_S;
        let thud = if since >= 0.0 {
            10.0 * self.thud.next(*FRAME) * (-since / 0.08).exp()
        } else {
            0.0
        };
        [0.6 * knock(t, LATCH_HZ, 0.004) + thud; 2]
    }
}

/// A light switch's cue lasts this long: the snap of its toggle.
pub const LIGHT_SWITCH_S: f32 = 0.1;
const SWITCH_HZ: f32 = 2600.0;
const SWITCH_DECAY_S: f32 = 0.003;

/// A light switch: one sharp click.
struct Click {
    t: f32,
}

impl Click {
    fn next(&mut self) -> [f32; 2] {
        let t = self.t;
        self.t += 1.0 / SR;
        [0.8 * knock(t, SWITCH_HZ, SWITCH_DECAY_S); 2]
    }
}

/// Blows land at uneven beats, this far apart (seconds), each the slap of a fist
/// dying away in milliseconds over the thud of a body.
const BLOW_GAP_S: [f32; 2] = [0.35, 0.8];
const SLAP_DECAY_S: f32 = 0.008;
const BODY_DECAY_S: f32 = 0.07;

/// A fight: a blow at once, then one every half second or so, each a little
/// harder or softer than the last.
struct Punches {
    thud: Thud,
    /// Seconds into the current blow, when the next one lands, how hard this one is.
    t: f32,
    next_s: f32,
    weight: f32,
}

impl Punches {
    fn new(noise: Noise) -> Punches {
        Punches {
            thud: Thud::new(noise),
            t: 0.0,
            next_s: 0.0,
            weight: 1.0,
        }
    }

    fn next(&mut self) -> [f32; 2] {
        static BODY: LazyLock<f32> = LazyLock::new(|| LowPass::coefficient(150.0));
        if self.t >= self.next_s {
            let [shortest, longest] = BLOW_GAP_S;
            self.t = 0.0;
            self.next_s = shortest + (longest - shortest) * self.thud.noise.unit();
            self.weight = 0.7 + 0.3 * self.thud.noise.unit();
        }
        let t = self.t;
        self.t += 1.0 / SR;
        let slap = self.thud.noise.white() * (-t / SLAP_DECAY_S).exp();
        let body = 12.0 * self.thud.next(*BODY) * (-t / BODY_DECAY_S).exp();
        [self.weight * (0.5 * slap + body); 2]
    }
}

/// A minor triad (A, C, E) with a slow swell, the two sides slightly apart.
#[derive(Default)]
struct Pad {
    phases: [f32; 3],
    at: u64,
}

impl Pad {
    const HZ: [f32; 3] = [220.0, 261.63, 329.63];

    fn next(&mut self) -> [f32; 2] {
        let t = self.at as f32 / SR;
        self.at += 1;
        let swell = 0.8 + 0.2 * (TAU * 0.2 * t).sin();
        let mut sides = [0.0; 2];
        for (phase, hz) in self.phases.iter_mut().zip(Self::HZ) {
            *phase = wrap(*phase + hz / SR);
            sides[0] += (TAU * *phase).sin();
            sides[1] += (TAU * (*phase + 0.25)).sin();
        }
        sides.map(|s| s * swell / 3.0)
    }
}
