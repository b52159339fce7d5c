//! A grade: what a colourist dials in, read from readable TOML, and its compiled form
//! that applies it to 8-bit sRGB frames.
//!
//! All maths is in linear light (sRGB/Rec.709 primaries), in this order:
//!
//! 1. white balance (temperature, tint), 2. exposure, 3. contrast around a pivot,
//! 4. lift/gamma/gain, 5. ASC CDL slope/offset/power: each works on one channel, so
//!    for 8-bit input steps 1-5 collapse into one 256-entry table per channel;
//! 6. CDL saturation and saturation (Rec.709 luma weights, as the CDL specifies),
//! 7. split-toning (shadows and highlights tinted towards two hues),
//! 8. an optional soft highlight roll-off (a film-like shoulder instead of a hard clip),
//!
//! then the result is clamped and encoded back to sRGB. Alpha is never touched.

use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use oneshot_model::files::read_text_at_most;

use crate::error::{GradeError, Result};
use crate::srgb;

/// Rec.709 luma weights (of linear values: luminance).
const LUMA: [f32; 3] = [0.2126, 0.7152, 0.0722];

/// Pixels mixed at once (steps 6-8), one array per channel.
const BLOCK: usize = 64;

/// One grade. Every field is optional in the file and defaults to "no change".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Grade {
    /// One line for listings.
    pub description: String,
    /// White balance, -1 (cooler, blue) ..= 1 (warmer, amber).
    pub temperature: f32,
    /// White balance, -1 (green) ..= 1 (magenta).
    pub tint: f32,
    /// Exposure in stops, -10 ..= 10.
    pub exposure: f32,
    /// Contrast around `pivot`: a slope in log space (1 = unchanged), 0 < c <= 4.
    pub contrast: f32,
    /// The linear value contrast leaves alone (default 0.18, mid grey), 0 < p < 1.
    pub pivot: f32,
    /// Raises (or, negative, crushes) the blacks per channel, leaving white: -1 ..= 1.
    #[serde(deserialize_with = "oneshot_model::exactly::array")]
    pub lift: [f32; 3],
    /// Bends the mid-tones per channel (above 1: brighter), 0 < g <= 10.
    #[serde(deserialize_with = "oneshot_model::exactly::array")]
    pub gamma: [f32; 3],
    /// Scales the whites per channel, 0 ..= 10.
    #[serde(deserialize_with = "oneshot_model::exactly::array")]
    pub gain: [f32; 3],
    /// ASC CDL, applied after lift/gamma/gain.
    pub cdl: Cdl,
    /// Saturation (0: monochrome, 1: unchanged), 0 ..= 4.
    pub saturation: f32,
    /// Shadows and highlights tinted towards two hues.
    pub split_tone: SplitTone,
    /// Linear value where a soft shoulder starts rolling highlights off towards white
    /// (0 < knee < 1); none: values above 1 clip.
    pub highlight_rolloff: Option<f32>,
}

/// ASC Color Decision List values: `out = max(in * slope + offset, 0) ^ power` per
/// channel, then saturation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Cdl {
    /// 0 ..= 10 per channel.
    #[serde(deserialize_with = "oneshot_model::exactly::array")]
    pub slope: [f32; 3],
    /// -1 ..= 1 per channel.
    #[serde(deserialize_with = "oneshot_model::exactly::array")]
    pub offset: [f32; 3],
    /// 0 < p <= 10 per channel.
    #[serde(deserialize_with = "oneshot_model::exactly::array")]
    pub power: [f32; 3],
    /// 0 ..= 4.
    pub saturation: f32,
}

/// Split-toning: shadows pulled towards one hue, highlights towards another, with the
/// luminance of each pixel kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SplitTone {
    /// Hue in degrees (0 red, 120 green, 240 blue; teal is about 190).
    pub shadows_hue: f32,
    /// 0 ..= 1.
    pub shadows_amount: f32,
    /// Hue in degrees (orange is about 30).
    pub highlights_hue: f32,
    /// 0 ..= 1.
    pub highlights_amount: f32,
    /// Moves the crossover towards the shadows (-1) or the highlights (1).
    pub balance: f32,
}

impl Default for Grade {
    fn default() -> Self {
        Grade {
            description: String::new(),
            temperature: 0.0,
            tint: 0.0,
            exposure: 0.0,
            contrast: 1.0,
            pivot: 0.18,
            lift: [0.0; 3],
            gamma: [1.0; 3],
            gain: [1.0; 3],
            cdl: Cdl::default(),
            saturation: 1.0,
            split_tone: SplitTone::default(),
            highlight_rolloff: None,
        }
    }
}

impl Default for Cdl {
    fn default() -> Self {
        Cdl {
            slope: [1.0; 3],
            offset: [0.0; 3],
            power: [1.0; 3],
            saturation: 1.0,
        }
    }
}

impl Default for SplitTone {
    fn default() -> Self {
        SplitTone {
            shadows_hue: 0.0,
            shadows_amount: 0.0,
            highlights_hue: 0.0,
            highlights_amount: 0.0,
            balance: 0.0,
        }
    }
}

impl Grade {
    /// Parses and checks a grade; `file` names the source in errors.
    pub fn from_toml(text: &str, file: &Path) -> Result<Grade> {
        let grade: Grade = toml::from_str(text).map_err(|err| {
            let (line, column) = err
                .span()
                .map_or((0, 0), |span| line_and_column(text, span.start));
            GradeError::Toml {
                file: file.to_owned(),
                line,
                column,
                message: err.message().trim().to_owned(),
            }
        })?;
        grade.check(file)?;
        Ok(grade)
    }

    /// Reads a grade file.
    pub fn load(file: &Path) -> Result<Grade> {
        /// A grade is a few lines of TOML; beyond this a file is refused unread.
        const MAX_GRADE_BYTES: u64 = 1_000_000;
        let text = read_text_at_most(file, MAX_GRADE_BYTES).map_err(|e| GradeError::io(file, e))?;
        Grade::from_toml(&text, file)
    }

    /// Checks every value against its range (NaN is never in range).
    pub fn check(&self, file: &Path) -> Result<()> {
        let in_range = |field: &'static str, value: f32, ok: bool, range: &'static str| {
            if ok && value.is_finite() {
                Ok(())
            } else {
                Err(GradeError::Setting {
                    file: file.to_owned(),
                    field,
                    value,
                    range,
                })
            }
        };
        let within = |field, value: f32, lo: f32, hi: f32, range| {
            in_range(field, value, (lo..=hi).contains(&value), range)
        };
        let positive = |field, value: f32, hi: f32, range| {
            in_range(field, value, value > 0.0 && value <= hi, range)
        };
        within("temperature", self.temperature, -1.0, 1.0, "-1 ..= 1")?;
        within("tint", self.tint, -1.0, 1.0, "-1 ..= 1")?;
        within("exposure", self.exposure, -10.0, 10.0, "-10 ..= 10")?;
        positive("contrast", self.contrast, 4.0, "0 < contrast <= 4")?;
        in_range(
            "pivot",
            self.pivot,
            self.pivot > 0.0 && self.pivot < 1.0,
            "0 < pivot < 1",
        )?;
        within("saturation", self.saturation, 0.0, 4.0, "0 ..= 4")?;
        let cdl = &self.cdl;
        within("cdl.saturation", cdl.saturation, 0.0, 4.0, "0 ..= 4")?;
        for c in 0..3 {
            within("lift", self.lift[c], -1.0, 1.0, "-1 ..= 1")?;
            positive("gamma", self.gamma[c], 10.0, "0 < gamma <= 10")?;
            within("gain", self.gain[c], 0.0, 10.0, "0 ..= 10")?;
            within("cdl.slope", cdl.slope[c], 0.0, 10.0, "0 ..= 10")?;
            within("cdl.offset", cdl.offset[c], -1.0, 1.0, "-1 ..= 1")?;
            positive("cdl.power", cdl.power[c], 10.0, "0 < power <= 10")?;
        }
        let split = &self.split_tone;
        within(
            "split_tone.shadows_hue",
            split.shadows_hue,
            -360.0,
            720.0,
            "-360 ..= 720",
        )?;
        within(
            "split_tone.highlights_hue",
            split.highlights_hue,
            -360.0,
            720.0,
            "-360 ..= 720",
        )?;
        within(
            "split_tone.shadows_amount",
            split.shadows_amount,
            0.0,
            1.0,
            "0 ..= 1",
        )?;
        within(
            "split_tone.highlights_amount",
            split.highlights_amount,
            0.0,
            1.0,
            "0 ..= 1",
        )?;
        within("split_tone.balance", split.balance, -1.0, 1.0, "-1 ..= 1")?;
        if let Some(knee) = self.highlight_rolloff {
            in_range(
                "highlight_rolloff",
                knee,
                knee > 0.0 && knee < 1.0,
                "0 < knee < 1",
            )?;
        }
        Ok(())
    }

    /// The grade ready to apply (tables built once).
    pub fn compile(&self) -> Transform {
        let primaries = Primaries::new(self);
        let decode = srgb::decode_table();
        let tables = Box::new(std::array::from_fn(|c| {
            std::array::from_fn(|code| primaries.apply(c, decode[code]))
        }));
        Transform {
            primaries,
            tables,
            mix: Mix::new(self),
        }
    }
}

fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Steps 1-5: everything that works on one channel at a time.
#[derive(Debug, Clone)]
struct Primaries {
    /// White balance and exposure together.
    scale: [f32; 3],
    contrast: f32,
    pivot: f32,
    lift: [f32; 3],
    inverse_gamma: [f32; 3],
    gain: [f32; 3],
    slope: [f32; 3],
    offset: [f32; 3],
    power: [f32; 3],
}

impl Primaries {
    fn new(grade: &Grade) -> Self {
        // Warm raises red and lowers blue, tint trades green for magenta; the gains are
        // normalised to keep the luminance of white, so white balance is not exposure.
        let balance = [
            1.0 + 0.25 * grade.temperature,
            1.0 - 0.2 * grade.tint,
            1.0 - 0.25 * grade.temperature,
        ];
        let white: f32 = (0..3).map(|c| balance[c] * LUMA[c]).sum();
        let exposure = grade.exposure.exp2();
        Primaries {
            scale: balance.map(|b| b / white * exposure),
            contrast: grade.contrast,
            pivot: grade.pivot,
            lift: grade.lift,
            inverse_gamma: grade.gamma.map(|g| 1.0 / g),
            gain: grade.gain,
            slope: grade.cdl.slope,
            offset: grade.cdl.offset,
            power: grade.cdl.power,
        }
    }

    fn apply(&self, c: usize, linear: f32) -> f32 {
        let v = linear * self.scale[c];
        let v = self.pivot * (v / self.pivot).powf(self.contrast);
        let v = (self.gain[c] * (v + self.lift[c] * (1.0 - v))).max(0.0);
        let v = v.powf(self.inverse_gamma[c]);
        (v * self.slope[c] + self.offset[c])
            .max(0.0)
            .powf(self.power[c])
    }
}

/// Steps 6-8: what mixes channels, then the clamp to `0..=1`.
#[derive(Debug, Clone)]
struct Mix {
    saturation: f32,
    /// Multiplicative tints (luminance 1) towards the shadows' and highlights' hues,
    /// already scaled by their amounts: `tint - 1`.
    shadows: [f32; 3],
    highlights: [f32; 3],
    /// Centre of the shadows/highlights crossover, in `sqrt(luminance)`.
    crossover: f32,
    knee: Option<f32>,
}

impl Mix {
    fn new(grade: &Grade) -> Self {
        let split = &grade.split_tone;
        let tint = |hue: f32, amount: f32| hue_tint(hue).map(|t| (t - 1.0) * amount);
        Mix {
            saturation: grade.saturation * grade.cdl.saturation,
            shadows: tint(split.shadows_hue, split.shadows_amount),
            highlights: tint(split.highlights_hue, split.highlights_amount),
            crossover: 0.5 + 0.35 * split.balance,
            knee: grade.highlight_rolloff,
        }
    }

    /// One linear pixel.
    fn apply(&self, rgb: [f32; 3]) -> [f32; 3] {
        match self.knee {
            Some(knee) => self.pixel::<true>(rgb, knee),
            None => self.pixel::<false>(rgb, 1.0),
        }
    }

    /// A block of linear pixels, one array per channel, in place. The loop has no
    /// branches, so the compiler runs it on several pixels at once.
    fn apply_block(&self, block: &mut [[f32; BLOCK]; 3]) {
        fn run<const ROLLOFF: bool>(mix: &Mix, block: &mut [[f32; BLOCK]; 3], knee: f32) {
            let [r, g, b] = block;
            for i in 0..BLOCK {
                [r[i], g[i], b[i]] = mix.pixel::<ROLLOFF>([r[i], g[i], b[i]], knee);
            }
        }
        match self.knee {
            Some(knee) => run::<true>(self, block, knee),
            None => run::<false>(self, block, 1.0),
        }
    }

    #[inline(always)]
    fn pixel<const ROLLOFF: bool>(&self, rgb: [f32; 3], knee: f32) -> [f32; 3] {
        let y = rgb[0] * LUMA[0] + rgb[1] * LUMA[1] + rgb[2] * LUMA[2];
        // sqrt(luminance) is close to perceived lightness and cheap.
        let lightness = y.max(0.0).sqrt();
        let t = ((lightness - self.crossover) / 0.8 + 0.5).clamp(0.0, 1.0);
        let high = t * t * (3.0 - 2.0 * t);
        std::array::from_fn(|c| {
            let saturated = y + self.saturation * (rgb[c] - y);
            let v = saturated * (1.0 + (1.0 - high) * self.shadows[c] + high * self.highlights[c]);
            let v = if ROLLOFF {
                // Above the knee, `over` is squeezed into the room left below 1.
                let room = 1.0 - knee;
                let over = (v - knee).max(0.0);
                v.min(knee) + room * over / (over + room)
            } else {
                v
            };
            v.clamp(0.0, 1.0)
        })
    }
}

/// The fully saturated colour of `hue` (degrees), scaled to luminance 1.
fn hue_tint(hue: f32) -> [f32; 3] {
    let h = hue.rem_euclid(360.0) / 60.0;
    let x = 1.0 - (h % 2.0 - 1.0).abs();
    let rgb = match h as u32 {
        0 => [1.0, x, 0.0],
        1 => [x, 1.0, 0.0],
        2 => [0.0, 1.0, x],
        3 => [0.0, x, 1.0],
        4 => [x, 0.0, 1.0],
        _ => [1.0, 0.0, x],
    };
    let y: f32 = (0..3).map(|c| rgb[c] * LUMA[c]).sum();
    rgb.map(|v| v / y)
}

/// A compiled grade.
#[derive(Debug, Clone)]
pub struct Transform {
    primaries: Primaries,
    /// Steps 1-5 for every 8-bit code, per channel.
    tables: Box<[[f32; 256]; 3]>,
    mix: Mix,
}

impl Transform {
    /// Grades sRGB-encoded `0..=1` RGB exactly (no tables): what LUTs are baked from.
    pub fn eval(&self, rgb: [f32; 3]) -> [f32; 3] {
        let linear = std::array::from_fn(|c| self.primaries.apply(c, srgb::decode(rgb[c])));
        self.mix.apply(linear).map(srgb::encode)
    }

    /// Grades straight-alpha RGBA8 pixels in place, one row per task.
    pub fn apply_rgba(&self, width: u32, rgba: &mut [u8]) {
        let encode = srgb::encode_table();
        let row = (width as usize * 4).max(4);
        rgba.par_chunks_mut(row).for_each(|row| {
            for pixels in row.chunks_mut(BLOCK * 4) {
                let mut block = [[0.0; BLOCK]; 3];
                for (i, px) in pixels.chunks_exact(4).enumerate() {
                    for (c, channel) in block.iter_mut().enumerate() {
                        channel[i] = self.tables[c][px[c] as usize];
                    }
                }
                self.mix.apply_block(&mut block);
                for (i, px) in pixels.chunks_exact_mut(4).enumerate() {
                    for (c, channel) in block.iter().enumerate() {
                        px[c] = srgb::encode_with(encode, channel[i]);
                    }
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 8-bit sRGB code of a linear value.
    fn code(linear: f32) -> u8 {
        srgb::encode_with(srgb::encode_table(), linear)
    }

    fn graded(grade: &Grade, rgb: [u8; 3]) -> [u8; 3] {
        let mut px = [rgb[0], rgb[1], rgb[2], 77];
        grade.compile().apply_rgba(1, &mut px);
        assert_eq!(px[3], 77, "alpha untouched");
        [px[0], px[1], px[2]]
    }

    #[test]
    fn the_default_grade_is_the_identity() {
        let grade = Grade::default();
        for v in 0..=255u8 {
            for rgb in [[v, v, v], [v, 255 - v, v / 2]] {
                assert_eq!(graded(&grade, rgb), rgb);
            }
        }
        let t = grade.compile();
        let out = t.eval([0.2, 0.5, 0.9]);
        for (a, b) in out.iter().zip([0.2, 0.5, 0.9]) {
            assert!((a - b).abs() < 1e-5, "{out:?}");
        }
    }

    #[test]
    fn exposure_is_in_stops_of_linear_light() {
        let grade = Grade {
            exposure: 1.0,
            ..Grade::default()
        };
        // Linear 0.2 (code 124) doubled is linear 0.4 (code 170).
        let input = code(0.2);
        assert_eq!(graded(&grade, [input; 3]), [code(0.4); 3]);
    }

    #[test]
    fn contrast_keeps_the_pivot_and_spreads_around_it() {
        let grade = Grade {
            contrast: 1.5,
            ..Grade::default()
        };
        let pivot = code(0.18);
        assert_eq!(graded(&grade, [pivot; 3]), [pivot; 3]);
        assert!(graded(&grade, [60; 3])[0] < 60);
        assert!(graded(&grade, [200; 3])[0] > 200);
    }

    #[test]
    fn saturation_zero_is_monochrome_and_keeps_luminance() {
        let grade = Grade {
            saturation: 0.0,
            ..Grade::default()
        };
        let [r, g, b] = graded(&grade, [200, 40, 90]);
        assert!(r == g && g == b);
        let linear = [200u8, 40, 90].map(|v| srgb::decode_table()[v as usize]);
        let y: f32 = (0..3).map(|c| linear[c] * LUMA[c]).sum();
        assert_eq!(r, code(y));
    }

    #[test]
    fn white_balance_warms_without_changing_grey_luminance() {
        let grade = Grade {
            temperature: 0.6,
            ..Grade::default()
        };
        let [r, g, b] = graded(&grade, [128; 3]);
        assert!(r > g && g > b, "{r} {g} {b}");
    }

    #[test]
    fn cdl_follows_the_asc_formula() {
        let grade = Grade {
            cdl: Cdl {
                slope: [1.2, 1.0, 0.8],
                offset: [0.01, 0.0, -0.01],
                power: [1.1, 1.0, 0.9],
                saturation: 1.0,
            },
            ..Grade::default()
        };
        let out = grade.compile().eval([0.5, 0.5, 0.5]);
        let x = srgb::decode(0.5);
        let expect = [
            (x * 1.2 + 0.01f32).powf(1.1),
            x,
            (x * 0.8 - 0.01f32).powf(0.9),
        ]
        .map(srgb::encode);
        for c in 0..3 {
            assert!((out[c] - expect[c]).abs() < 1e-5, "{out:?} {expect:?}");
        }
    }

    #[test]
    fn lift_moves_black_and_not_white_gain_moves_white() {
        let lift = Grade {
            lift: [0.05; 3],
            ..Grade::default()
        };
        assert!(graded(&lift, [0; 3])[0] > 0);
        assert_eq!(graded(&lift, [255; 3]), [255; 3]);
        let gain = Grade {
            gain: [0.5; 3],
            ..Grade::default()
        };
        assert_eq!(graded(&gain, [0; 3]), [0; 3]);
        assert_eq!(graded(&gain, [255; 3]), [code(0.5); 3]);
    }

    #[test]
    fn split_toning_tints_shadows_and_highlights_apart() {
        let grade = Grade {
            split_tone: SplitTone {
                shadows_hue: 190.0,
                shadows_amount: 0.5,
                highlights_hue: 30.0,
                highlights_amount: 0.5,
                balance: 0.0,
            },
            ..Grade::default()
        };
        let [r, _, b] = graded(&grade, [40; 3]);
        assert!(b > r, "teal shadows: {r} {b}");
        let [r, _, b] = graded(&grade, [220; 3]);
        assert!(r > b, "orange highlights: {r} {b}");
        assert_eq!(graded(&grade, [0; 3]), [0; 3], "black stays black");
    }

    #[test]
    fn rolloff_is_monotonic_and_keeps_values_below_the_knee() {
        let grade = Grade {
            exposure: 1.0,
            highlight_rolloff: Some(0.6),
            ..Grade::default()
        };
        let t = grade.compile();
        let mut last = 0.0;
        for i in 0..=100 {
            let v = t.eval([i as f32 / 100.0; 3])[0];
            assert!(v >= last && v <= 1.0, "{i}: {v}");
            last = v;
        }
        // Below the knee only exposure acts: linear 0.1 doubled.
        let v = t.eval([srgb::encode(0.1); 3])[0];
        assert!((srgb::decode(v) - 0.2).abs() < 1e-4);
    }

    #[test]
    fn bad_values_name_file_and_field() {
        let file = Path::new("mine.toml");
        let err = Grade::from_toml("contrast = 0\n", file).unwrap_err();
        assert_eq!(
            err.to_string(),
            "mine.toml: `contrast` = 0 is out of range (0 < contrast <= 4)"
        );
        let err = Grade::from_toml("exposure = nan\n", file).unwrap_err();
        assert!(err.to_string().contains("exposure"), "{err}");
        let err =
            Grade::from_toml("saturation = 1\n\n[cdl]\nslop = [1, 1, 1]\n", file).unwrap_err();
        assert!(err.to_string().starts_with("mine.toml:4:"), "{err}");
        let err = Grade::from_toml("lift = [0, 0]\n", file).unwrap_err();
        assert!(err.to_string().starts_with("mine.toml:1:"), "{err}");
    }
}
