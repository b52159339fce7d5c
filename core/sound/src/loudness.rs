//! Programme loudness as broadcasters measure it (ITU-R BS.1770-4, the meter
//! behind EBU R128 and ATSC A/85): K-weighted mean square over 400 ms blocks that
//! overlap by 75%, gated at -70 LUFS and then 10 LU below the ungated loudness.
//!
//! The meter is fed stereo sample frames at [`SAMPLE_RATE`] as they are rendered,
//! so a mix of any length is measured in one pass and little memory (one number
//! per 100 ms). It reads the true peak too (BS.1770-4 Annex 2): the signal
//! between the samples, as a converter or an encoder rebuilds it, four times
//! oversampled; it can pass the highest sample by a few tenths of a dB.

use crate::mix::SAMPLE_RATE;

/// 100 ms of sample frames: a block is four of these.
const SUB_BLOCK: usize = SAMPLE_RATE as usize / 10;
const ABSOLUTE_GATE_LUFS: f64 = -70.0;
const RELATIVE_GATE_LU: f64 = 10.0;

/// A second-order section (direct form I).
#[derive(Clone, Copy)]
struct Biquad {
    b: [f64; 3],
    a: [f64; 2],
    x: [f64; 2],
    y: [f64; 2],
}

impl Biquad {
    const fn new(b: [f64; 3], a: [f64; 2]) -> Biquad {
        Biquad {
            b,
            a,
            x: [0.0; 2],
            y: [0.0; 2],
        }
    }

    fn next(&mut self, x: f64) -> f64 {
        let y = self.b[0] * x + self.b[1] * self.x[0] + self.b[2] * self.x[1]
            - self.a[0] * self.y[0]
            - self.a[1] * self.y[1];
        self.x = [x, self.x[0]];
        self.y = [y, self.y[0]];
        y
    }
}

/// The K-weighting filter at 48 kHz, as BS.1770 tabulates it: a high shelf for the
/// head's acoustics, then a high-pass (the revised low-frequency B-curve).
fn k_weighting() -> [Biquad; 2] {
    [
        Biquad::new(
            [
                1.535_124_859_586_97,
                -2.691_696_189_406_38,
                1.198_392_810_852_85,
            ],
            [-1.690_659_293_182_41, 0.732_480_774_215_85],
        ),
        Biquad::new(
            [1.0, -2.0, 1.0],
            [-1.990_047_454_833_98, 0.990_072_250_366_21],
        ),
    ]
}

/// Oversampling of the true-peak meter.
const OVERSAMPLING: usize = 4;
/// Taps of each phase of the oversampling filter: 48 in all, as BS.1770-4's.
const PHASE_TAPS: usize = 12;

/// The 4x interpolation filter, phase by phase: a 48-tap sinc under a Blackman
/// window, cut off at the original Nyquist frequency. `[p][k]` weighs the `k`th
/// newest sample for the point `p` quarters of a sample after the filter's centre.
fn oversampling_phases() -> [[f32; PHASE_TAPS]; OVERSAMPLING] {
    let taps = OVERSAMPLING * PHASE_TAPS;
    let centre = (taps - 1) as f64 / 2.0;
    let tap = |n: usize| {
        let t = (n as f64 - centre) / OVERSAMPLING as f64;
        let sinc = if t == 0.0 {
            1.0
        } else {
            (std::f64::consts::PI * t).sin() / (std::f64::consts::PI * t)
        };
        let phase = 2.0 * std::f64::consts::PI * n as f64 / (taps - 1) as f64;
        sinc * (0.42 - 0.5 * phase.cos() + 0.08 * (2.0 * phase).cos())
    };
    std::array::from_fn(|p| std::array::from_fn(|k| tap(k * OVERSAMPLING + p) as f32))
}

/// A loudness meter for stereo at [`SAMPLE_RATE`].
pub struct Meter {
    filters: [[Biquad; 2]; 2],
    /// K-weighted energy (both channels' squares added) of each finished 100 ms.
    sub_blocks: Vec<f64>,
    energy: f64,
    frames: usize,
    peak: f32,
    phases: [[f32; PHASE_TAPS]; OVERSAMPLING],
    /// The most any phase can make of samples no louder than 1: a window whose
    /// loudest sample times this is under the true peak so far cannot raise it.
    phase_gain: f32,
    /// Each channel's newest samples twice over, so that the window of the
    /// newest [`PHASE_TAPS`], newest first, starts at `newest` without moving any.
    recent: [[f32; 2 * PHASE_TAPS]; 2],
    newest: usize,
    true_peak: f32,
}

impl Default for Meter {
    fn default() -> Meter {
        Meter {
            filters: [k_weighting(), k_weighting()],
            sub_blocks: Vec::new(),
            energy: 0.0,
            frames: 0,
            peak: 0.0,
            phases: oversampling_phases(),
            phase_gain: (oversampling_phases().iter())
                .map(|phase| phase.iter().map(|h| h.abs()).sum::<f32>())
                .fold(0.0, f32::max),
            recent: [[0.0; 2 * PHASE_TAPS]; 2],
            newest: 0,
            true_peak: 0.0,
        }
    }
}

impl Meter {
    /// Measures the next sample frames.
    pub fn add(&mut self, frames: &[[f32; 2]]) {
        for frame in frames {
            self.newest = (self.newest + PHASE_TAPS - 1) % PHASE_TAPS;
            for (channel, &sample) in frame.iter().enumerate() {
                self.peak = self.peak.max(sample.abs());
                let recent = &mut self.recent[channel];
                recent[self.newest] = sample;
                recent[self.newest + PHASE_TAPS] = sample;
                let window = &recent[self.newest..self.newest + PHASE_TAPS];
                // Most of a mix is well under its peak: nothing to oversample.
                let loudest = window.iter().fold(0.0f32, |most, x| most.max(x.abs()));
                if loudest * self.phase_gain > self.true_peak {
                    for phase in &self.phases {
                        let between: f32 = phase.iter().zip(window).map(|(h, x)| h * x).sum();
                        self.true_peak = self.true_peak.max(between.abs());
                    }
                }
                let [shelf, high_pass] = &mut self.filters[channel];
                let weighted = high_pass.next(shelf.next(f64::from(sample)));
                self.energy += weighted * weighted;
            }
            self.frames += 1;
            if self.frames == SUB_BLOCK {
                self.sub_blocks.push(self.energy);
                self.energy = 0.0;
                self.frames = 0;
            }
        }
    }

    /// The largest sample magnitude so far.
    pub fn peak(&self) -> f32 {
        self.peak
    }

    /// The true peak so far: the largest magnitude of the signal between the
    /// samples too, four times oversampled, never under the sample peak.
    pub fn true_peak(&self) -> f32 {
        self.true_peak.max(self.peak)
    }

    /// Integrated loudness in LUFS; `None` for silence, or less than one 400 ms
    /// block that passes the gates.
    pub fn integrated(&self) -> Option<f64> {
        let blocks: Vec<f64> = self
            .sub_blocks
            .windows(4)
            .map(|four| four.iter().sum::<f64>() / (4 * SUB_BLOCK) as f64)
            .collect();
        let loudness = |mean_square: f64| -0.691 + 10.0 * mean_square.log10();
        let gated_mean = |gate: f64| {
            let passing: Vec<f64> = blocks
                .iter()
                .copied()
                .filter(|&ms| ms > 0.0 && loudness(ms) > gate)
                .collect();
            (!passing.is_empty()).then(|| passing.iter().sum::<f64>() / passing.len() as f64)
        };
        let ungated = loudness(gated_mean(ABSOLUTE_GATE_LUFS)?);
        gated_mean(ungated - RELATIVE_GATE_LU).map(loudness)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(amplitude: f32, hz: f32, seconds: f32) -> Vec<[f32; 2]> {
        let rate = SAMPLE_RATE as f32;
        (0..(seconds * rate) as usize)
            .map(|i| {
                let s = amplitude * (std::f32::consts::TAU * hz * i as f32 / rate).sin();
                [s, s]
            })
            .collect()
    }

    #[test]
    fn ebu_tech_3341_case_1_reads_minus_23() {
        // A stereo 1 kHz sine at -23 dBFS reads -23.0 LUFS (±0.1).
        let mut meter = Meter::default();
        meter.add(&sine(10f32.powf(-23.0 / 20.0), 1000.0, 20.0));
        let lufs = meter.integrated().unwrap();
        assert!((lufs + 23.0).abs() < 0.1, "{lufs}");
    }

    #[test]
    fn quiet_passages_are_gated_out() {
        // Ten seconds at -20 and ten at -50: the quiet half is 30 LU down, below the
        // relative gate, so the programme reads as its loud half.
        let mut meter = Meter::default();
        meter.add(&sine(10f32.powf(-20.0 / 20.0), 1000.0, 10.0));
        meter.add(&sine(10f32.powf(-50.0 / 20.0), 1000.0, 10.0));
        let lufs = meter.integrated().unwrap();
        assert!((lufs + 20.0).abs() < 0.2, "{lufs}");
    }

    #[test]
    fn the_true_peak_is_read_between_the_samples() {
        // A quarter of the sample rate, 45 degrees off: every sample is at 0.707
        // of the wave's crest, which falls between them (EBU Tech 3341's kind of
        // true-peak signal). The meter may read -0.4 to +0.2 dB off it.
        let crest = 0.5f32;
        let frames: Vec<[f32; 2]> = (0..SAMPLE_RATE as usize)
            .map(|i| {
                let quarter = (i % 4) as f32;
                let angle = std::f32::consts::FRAC_PI_2 * quarter + std::f32::consts::FRAC_PI_4;
                [crest * angle.sin(); 2]
            })
            .collect();
        let mut meter = Meter::default();
        meter.add(&frames);
        assert!((meter.peak() - crest * std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-3);
        let off_db = 20.0 * (meter.true_peak() / crest).log10();
        assert!((-0.4..=0.2).contains(&off_db), "{off_db} dB");
        // A slow sine's true peak is its sample peak.
        let mut slow = Meter::default();
        slow.add(&sine(0.5, 100.0, 1.0));
        assert!((slow.true_peak() / slow.peak() - 1.0).abs() < 0.01);
    }

    #[test]
    fn silence_has_no_loudness() {
        let mut meter = Meter::default();
        meter.add(&vec![[0.0; 2]; SAMPLE_RATE as usize]);
        assert_eq!(meter.integrated(), None);
        assert_eq!(Meter::default().integrated(), None);
    }
}
