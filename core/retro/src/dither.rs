//! Mapping a linear-light image to palette indices: no dithering, ordered dithering
//! (Bayer 2/4/8 or blue noise) and error diffusion (Floyd-Steinberg and family).
//!
//! Colours are always *chosen* perceptually (nearest in DIN99o, a CIELAB
//! variant whose distances follow CIEDE2000) while the error that
//! error diffusion spreads is measured in *linear light*, so a dithered area has the
//! same physical brightness as the source. Diffusion runs through the top rows,
//! mirrored, before the first, so that the first rows are as even as the rest.
//!
//! Ordered dithering uses Thomas Knoll's pattern method: for each pixel it builds a
//! short list of palette colours whose mix (in linear light) approximates the pixel,
//! sorted by luminance, and the threshold picks one. This works for any palette (a
//! 4-shade Game Boy as well as 256 adaptive colours), and because the threshold
//! depends only on the screen position, a static area gives the same pattern every frame.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::bluenoise;
use crate::color::{linear_to_rgb, linear_to_srgb, luminance, rgb_to_linear};
use crate::error::RetroError;
use crate::image::LinearImage;
use crate::nearest::{Nearest, RgbLut};

/// How colours the palette lacks are approximated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dither {
    None,
    Bayer2,
    Bayer4,
    Bayer8,
    BlueNoise,
    Diffusion(Kernel),
}

/// Error-diffusion kernels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kernel {
    FloydSteinberg,
    Atkinson,
    JarvisJudiceNinke,
    Stucki,
    Burkes,
    Sierra,
    Sierra2,
    SierraLite,
}

impl Dither {
    /// Every dither name, as the CLI and presets spell them.
    pub const NAMES: [&'static str; 13] = [
        "none",
        "bayer2",
        "bayer4",
        "bayer8",
        "blue-noise",
        "floyd-steinberg",
        "atkinson",
        "jjn",
        "stucki",
        "burkes",
        "sierra",
        "sierra2",
        "sierra-lite",
    ];

    /// Every dither, in the order of [`Dither::NAMES`].
    pub fn all() -> Vec<Dither> {
        Self::NAMES
            .iter()
            .map(|n| n.parse().expect("known names parse"))
            .collect()
    }

    pub fn name(self) -> &'static str {
        let index = Dither::all()
            .iter()
            .position(|&d| d == self)
            .expect("every dither is listed");
        Self::NAMES[index]
    }
}

impl Dither {
    /// The dither that `strength` leaves of this one: none at all at 0, where every
    /// ordered threshold would be its pattern's middle, which is not always the
    /// nearest colour (error diffusion at 0 spreads nothing already).
    pub fn at_strength(self, strength: f32) -> Dither {
        if strength <= 0.0 { Dither::None } else { self }
    }

    /// The screen-anchored threshold matrix (values in `0..1`, row-major) and its side,
    /// for the ordered dithers.
    pub(crate) fn thresholds(self) -> Option<(std::borrow::Cow<'static, [f32]>, usize)> {
        Some(match self {
            Dither::Bayer2 => (bayer(1).into(), 2),
            Dither::Bayer4 => (bayer(2).into(), 4),
            Dither::Bayer8 => (bayer(3).into(), 8),
            Dither::BlueNoise => (bluenoise::mask().into(), bluenoise::SIDE),
            Dither::None | Dither::Diffusion(_) => return None,
        })
    }
}

impl FromStr for Dither {
    type Err = RetroError;
    fn from_str(s: &str) -> Result<Self, RetroError> {
        use Kernel::*;
        Ok(
            match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
                "none" | "off" => Dither::None,
                "bayer2" => Dither::Bayer2,
                "bayer4" | "bayer" | "ordered" => Dither::Bayer4,
                "bayer8" => Dither::Bayer8,
                "blue-noise" | "bluenoise" => Dither::BlueNoise,
                "floyd-steinberg" | "fs" => Dither::Diffusion(FloydSteinberg),
                "atkinson" => Dither::Diffusion(Atkinson),
                "jjn" | "jarvis-judice-ninke" => Dither::Diffusion(JarvisJudiceNinke),
                "stucki" => Dither::Diffusion(Stucki),
                "burkes" => Dither::Diffusion(Burkes),
                "sierra" | "sierra3" => Dither::Diffusion(Sierra),
                "sierra2" => Dither::Diffusion(Sierra2),
                "sierra-lite" => Dither::Diffusion(SierraLite),
                _ => {
                    return Err(RetroError::UnknownDither {
                        name: s.to_owned(),
                        known: Dither::NAMES.join(", "),
                    });
                }
            },
        )
    }
}

impl Kernel {
    /// `(dx, dy, weight)` taps and the divisor (Atkinson spreads only 6/8 of the error).
    fn taps(self) -> (&'static [(i32, i32, f32)], f32) {
        use Kernel::*;
        match self {
            FloydSteinberg => (&[(1, 0, 7.0), (-1, 1, 3.0), (0, 1, 5.0), (1, 1, 1.0)], 16.0),
            Atkinson => (
                &[
                    (1, 0, 1.0),
                    (2, 0, 1.0),
                    (-1, 1, 1.0),
                    (0, 1, 1.0),
                    (1, 1, 1.0),
                    (0, 2, 1.0),
                ],
                8.0,
            ),
            JarvisJudiceNinke => (
                &[
                    (1, 0, 7.0),
                    (2, 0, 5.0),
                    (-2, 1, 3.0),
                    (-1, 1, 5.0),
                    (0, 1, 7.0),
                    (1, 1, 5.0),
                    (2, 1, 3.0),
                    (-2, 2, 1.0),
                    (-1, 2, 3.0),
                    (0, 2, 5.0),
                    (1, 2, 3.0),
                    (2, 2, 1.0),
                ],
                48.0,
            ),
            Stucki => (
                &[
                    (1, 0, 8.0),
                    (2, 0, 4.0),
                    (-2, 1, 2.0),
                    (-1, 1, 4.0),
                    (0, 1, 8.0),
                    (1, 1, 4.0),
                    (2, 1, 2.0),
                    (-2, 2, 1.0),
                    (-1, 2, 2.0),
                    (0, 2, 4.0),
                    (1, 2, 2.0),
                    (2, 2, 1.0),
                ],
                42.0,
            ),
            Burkes => (
                &[
                    (1, 0, 8.0),
                    (2, 0, 4.0),
                    (-2, 1, 2.0),
                    (-1, 1, 4.0),
                    (0, 1, 8.0),
                    (1, 1, 4.0),
                    (2, 1, 2.0),
                ],
                32.0,
            ),
            Sierra => (
                &[
                    (1, 0, 5.0),
                    (2, 0, 3.0),
                    (-2, 1, 2.0),
                    (-1, 1, 4.0),
                    (0, 1, 5.0),
                    (1, 1, 4.0),
                    (2, 1, 2.0),
                    (-1, 2, 2.0),
                    (0, 2, 3.0),
                    (1, 2, 2.0),
                ],
                32.0,
            ),
            Sierra2 => (
                &[
                    (1, 0, 4.0),
                    (2, 0, 3.0),
                    (-2, 1, 1.0),
                    (-1, 1, 2.0),
                    (0, 1, 3.0),
                    (1, 1, 2.0),
                    (2, 1, 1.0),
                ],
                16.0,
            ),
            SierraLite => (&[(1, 0, 2.0), (-1, 1, 1.0), (0, 1, 1.0)], 4.0),
        }
    }
}

/// A palette ready for mapping: colours, their linear values and the nearest-colour search.
pub struct PaletteMap {
    pub colors: Vec<[u8; 3]>,
    linear: Vec<[f32; 3]>,
    nearest: Nearest,
    lut: OnceLock<RgbLut>,
    patterns: OnceLock<Box<[[u8; PATTERN]]>>,
    /// The index of each colour as it is: a pixel already in the palette keeps it.
    exact: HashMap<[u8; 3], u8>,
}

/// Length of a Knoll pattern: the number of tone steps between two palette colours,
/// as many as the largest Bayer matrix (8x8) has thresholds.
const PATTERN: usize = 64;

/// Bits per channel of the colour cells that patterns are computed for: 32 levels
/// (the SNES's 15-bit colour) is finer than any pattern's tone steps.
const PATTERN_BITS: u32 = 5;

/// The pattern cell of an sRGB colour.
#[inline]
fn pattern_key([r, g, b]: [u8; 3]) -> usize {
    let shift = 8 - PATTERN_BITS;
    ((r as usize >> shift) << (2 * PATTERN_BITS))
        | ((g as usize >> shift) << PATTERN_BITS)
        | (b as usize >> shift)
}

/// The sRGB colour at the centre of a pattern cell.
fn pattern_centre(key: usize) -> [u8; 3] {
    let side = 1usize << PATTERN_BITS;
    let step = 256 / side;
    let channel = |v: usize| ((v % side) * step + step / 2) as u8;
    [
        channel(key >> (2 * PATTERN_BITS)),
        channel(key >> PATTERN_BITS),
        channel(key),
    ]
}

/// Alpha below which a pixel is transparent (retro hardware has 1-bit transparency).
pub const ALPHA_CUTOFF: f32 = 0.5;

/// Index written for transparent pixels in [`PaletteMap::map`]'s output.
pub const TRANSPARENT: Option<u8> = None;

impl PaletteMap {
    pub fn new(colors: Vec<[u8; 3]>) -> Self {
        let nearest = Nearest::new(&colors);
        let mut exact = HashMap::new();
        for (index, &color) in colors.iter().enumerate() {
            exact.entry(color).or_insert(index as u8);
        }
        PaletteMap {
            exact,
            linear: colors.iter().map(|&c| rgb_to_linear(c)).collect(),
            colors,
            nearest,
            lut: OnceLock::new(),
            patterns: OnceLock::new(),
        }
    }

    /// The exact nearest-colour search.
    pub fn nearest(&self) -> &Nearest {
        &self.nearest
    }

    /// Index of the darkest colour (for outlines).
    pub fn darkest(&self) -> u8 {
        self.darkest_of(0..self.linear.len() as u8)
            .expect("palettes are not empty")
    }

    /// The darkest of the colours at `indices`.
    pub fn darkest_of(&self, indices: impl IntoIterator<Item = u8>) -> Option<u8> {
        indices.into_iter().min_by(|&a, &b| {
            luminance(self.linear[a as usize]).total_cmp(&luminance(self.linear[b as usize]))
        })
    }

    fn lut(&self) -> &RgbLut {
        self.lut.get_or_init(|| RgbLut::new(&self.nearest))
    }

    /// Palette index of every pixel (`None` where transparent).
    pub fn map(
        &self,
        image: &LinearImage,
        dither: Dither,
        strength: f32,
        serpentine: bool,
    ) -> Vec<Option<u8>> {
        match dither.at_strength(strength) {
            Dither::None => self.map_plain(image),
            Dither::Diffusion(kernel) => diffuse(
                image,
                kernel,
                strength,
                serpentine,
                &self.linear,
                |_, value| self.nearest.index_of_linear(value),
            ),
            ordered => {
                let (thresholds, side) = ordered.thresholds().expect("an ordered dither");
                self.map_ordered(image, &thresholds, side, strength)
            }
        }
    }

    fn map_plain(&self, image: &LinearImage) -> Vec<Option<u8>> {
        image
            .pixels
            .par_iter()
            .map(|p| {
                (p[3] >= ALPHA_CUTOFF).then(|| self.nearest.index_of_linear([p[0], p[1], p[2]]))
            })
            .collect()
    }

    /// Knoll pattern dithering with a screen-anchored `side x side` threshold map. A lower
    /// `strength` narrows the thresholds around the middle of each pattern.
    fn map_ordered(
        &self,
        image: &LinearImage,
        thresholds: &[f32],
        side: usize,
        strength: f32,
    ) -> Vec<Option<u8>> {
        let patterns = self.patterns();
        let width = image.width as usize;
        let mut out = vec![None; image.pixels.len()];
        out.par_chunks_mut(width).enumerate().for_each(|(y, row)| {
            let pixels = &image.pixels[y * width..(y + 1) * width];
            let threshold_row = &thresholds[(y % side) * side..(y % side + 1) * side];
            for (x, (slot, p)) in row.iter_mut().zip(pixels).enumerate() {
                if p[3] < ALPHA_CUTOFF {
                    continue;
                }
                let t = 0.5 + (threshold_row[x % side] - 0.5) * strength;
                *slot = Some(self.pick(patterns, [p[0], p[1], p[2]], t));
            }
        });
        out
    }

    /// The ordered-dither index of one linear colour at threshold `t` (in `0..1`).
    pub(crate) fn ordered_index(&self, value: [f32; 3], t: f32) -> u8 {
        self.pick(self.patterns(), value, t)
    }

    /// The Knoll pattern of every cell of the colour cube, computed once per palette.
    fn patterns(&self) -> &[[u8; PATTERN]] {
        self.patterns.get_or_init(|| {
            let lut = self.lut();
            (0..1 << (3 * PATTERN_BITS))
                .into_par_iter()
                .map(|key| self.pattern(rgb_to_linear(pattern_centre(key)), lut))
                .collect()
        })
    }

    /// The entry of a colour's Knoll pattern that threshold `t` selects; a colour
    /// of the palette is itself (its cell's pattern is for the cell's centre).
    #[inline]
    fn pick(&self, patterns: &[[u8; PATTERN]], value: [f32; 3], t: f32) -> u8 {
        let rgb = linear_to_rgb(value);
        match self.exact.get(&rgb) {
            Some(&index) => index,
            None => patterns[pattern_key(rgb)][((t * PATTERN as f32) as usize).min(PATTERN - 1)],
        }
    }

    /// Knoll's candidate list for a colour: each step picks the palette colour nearest to
    /// the goal plus the error accumulated so far, so the list's mix approximates the goal
    /// in linear light; sorted by luminance so that thresholds sweep dark to light.
    fn pattern(&self, goal: [f32; 3], lut: &RgbLut) -> [u8; PATTERN] {
        let mut pattern = [0u8; PATTERN];
        let mut error = [0.0f32; 3];
        for slot in pattern.iter_mut() {
            let attempt = std::array::from_fn(|c| linear_to_srgb(goal[c] + error[c]));
            let index = lut.index_of(attempt);
            *slot = index;
            let chosen = self.linear[index as usize];
            for c in 0..3 {
                error[c] += goal[c] - chosen[c];
            }
        }
        pattern.sort_unstable_by(|&a, &b| {
            luminance(self.linear[a as usize]).total_cmp(&luminance(self.linear[b as usize]))
        });
        pattern
    }
}

/// How far past black and white error diffusion lets a pixel's value run with the
/// error it is owed.
const CARRIED_ERROR: f32 = 0.5;

/// Rows of the picture's top, mirrored, that error diffusion runs through before
/// its first row and throws away: a colour is chosen perceptually and its error
/// carried in linear light, so with nothing owed from above the first rows settle
/// on one colour each (a grey comes out a white row, a black row, a white row)
/// until the error reaching them from above is what it is further down.
const WARM_UP_ROWS: i32 = 8;

/// Error diffusion in linear light; serpentine scanning alternates row direction.
/// `choose(pixel index, linear colour)` picks a palette index, `palette` holds the
/// linear value of each index.
pub(crate) fn diffuse(
    image: &LinearImage,
    kernel: Kernel,
    strength: f32,
    serpentine: bool,
    palette: &[[f32; 3]],
    choose: impl Fn(usize, [f32; 3]) -> u8,
) -> Vec<Option<u8>> {
    let (taps, divisor) = kernel.taps();
    let (w, h) = (image.width as i32, image.height as i32);
    // Work rows: the warm-up's (the top rows, mirrored), then the picture's.
    let warm = WARM_UP_ROWS.min(h);
    let source_row = |y: i32| if y < warm { warm - 1 - y } else { y - warm };
    let mut work: Vec<[f32; 3]> = (0..warm + h)
        .flat_map(|y| {
            let row = (source_row(y) * w) as usize..((source_row(y) + 1) * w) as usize;
            image.pixels[row].iter().map(|p| [p[0], p[1], p[2]])
        })
        .collect();
    let mut out = vec![None; image.pixels.len()];
    for y in 0..warm + h {
        let reverse = serpentine && y % 2 == 1;
        for step in 0..w {
            let x = if reverse { w - 1 - step } else { step };
            let i = (y * w + x) as usize;
            let source = (source_row(y) * w + x) as usize;
            if image.pixels[source][3] < ALPHA_CUTOFF {
                continue;
            }
            let index = choose(source, work[i].map(|v| v.clamp(0.0, 1.0)));
            if y >= warm {
                out[source] = Some(index);
            }
            let chosen = palette[index as usize];
            // The error carried is the whole of it, darker than black too: clamped to
            // the picture's range first, a dark area would lose what it owes its
            // neighbours and come out light. Its bound keeps a colour the palette
            // cannot reach from running on across the picture.
            let carried = work[i].map(|v| v.clamp(-CARRIED_ERROR, 1.0 + CARRIED_ERROR));
            let error: [f32; 3] =
                std::array::from_fn(|c| (carried[c] - chosen[c]) * strength / divisor);
            for &(dx, dy, weight) in taps {
                let (nx, ny) = (if reverse { x - dx } else { x + dx }, y + dy);
                if nx < 0 || nx >= w || ny >= warm + h {
                    continue;
                }
                let n = (ny * w + nx) as usize;
                if image.pixels[(source_row(ny) * w + nx) as usize][3] < ALPHA_CUTOFF {
                    continue;
                }
                for c in 0..3 {
                    work[n][c] += error[c] * weight;
                }
            }
        }
    }
    out
}

/// Maps every pixel under a machine constraint (a colour pair per cell, a
/// sub-palette per tile), with any dither: `nearest(pixel index, linear colour)`
/// picks among the colours the pixel may use, `ordered(pixel index, linear colour,
/// threshold)` picks with an ordered threshold in `0..1`. `palette` holds the
/// linear value of each index, for error diffusion.
pub(crate) fn map_constrained(
    image: &LinearImage,
    dither: Dither,
    strength: f32,
    serpentine: bool,
    palette: &[[f32; 3]],
    nearest: impl Fn(usize, [f32; 3]) -> u8 + Sync,
    ordered: impl Fn(usize, [f32; 3], f32) -> u8 + Sync,
) -> Vec<Option<u8>> {
    let dither = dither.at_strength(strength);
    if let Dither::Diffusion(kernel) = dither {
        return diffuse(image, kernel, strength, serpentine, palette, nearest);
    }
    let thresholds = dither.thresholds();
    let width = image.width as usize;
    (0..image.pixels.len())
        .into_par_iter()
        .map(|i| {
            let p = image.pixels[i];
            if p[3] < ALPHA_CUTOFF {
                return None;
            }
            let value = [p[0], p[1], p[2]];
            Some(match &thresholds {
                None => nearest(i, value),
                Some((matrix, side)) => {
                    let (x, y) = (i % width, i / width);
                    let t = 0.5 + (matrix[(y % side) * side + x % side] - 0.5) * strength;
                    ordered(i, value, t)
                }
            })
        })
        .collect()
}

/// The `2^order`-sided Bayer threshold matrix, values in `0..1`, row-major.
pub fn bayer(order: u32) -> Vec<f32> {
    let side = 1usize << order;
    let n = (side * side) as f32;
    (0..side * side)
        .map(|i| {
            let (x, y) = (i % side, i / side);
            // M(2n) = [[4M, 4M+2], [4M+3, 4M+1]]: the lowest coordinate bits pick the
            // highest bits of the value.
            let mut value = 0usize;
            for bit in 0..order {
                let (xb, yb) = ((x >> bit) & 1, (y >> bit) & 1);
                value = (value << 2) | ((xb ^ yb) << 1) | yb;
            }
            (value as f32 + 0.5) / n
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grey(width: u32, height: u32, level: f32) -> LinearImage {
        LinearImage {
            width,
            height,
            pixels: vec![[level, level, level, 1.0]; (width * height) as usize],
        }
    }

    #[test]
    fn names_round_trip() {
        for (name, dither) in Dither::NAMES.iter().zip(Dither::all()) {
            assert_eq!(dither.name(), *name);
        }
        let err = "plaid".parse::<Dither>().unwrap_err();
        assert!(err.to_string().contains("floyd-steinberg"), "{err}");
    }

    #[test]
    fn bayer_matrices_are_the_classic_ones() {
        let b2: Vec<u32> = bayer(1).iter().map(|t| (t * 4.0) as u32).collect();
        assert_eq!(b2, [0, 2, 3, 1]);
        let b4: Vec<u32> = bayer(2).iter().map(|t| (t * 16.0) as u32).collect();
        assert_eq!(b4, [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5]);
        let mut b8: Vec<u32> = bayer(3).iter().map(|t| (t * 64.0) as u32).collect();
        b8.sort_unstable();
        assert_eq!(b8, (0..64).collect::<Vec<_>>());
    }

    /// Every dither must keep mid grey's brightness on black and white: about half the
    /// pixels white when the linear level is one half. Atkinson is the exception by
    /// design: it spreads only 6/8 of the error, trading tone for contrast.
    #[test]
    fn every_dither_preserves_linear_brightness() {
        let map = PaletteMap::new(vec![[0, 0, 0], [255, 255, 255]]);
        let image = grey(64, 64, 0.5);
        let atkinson = Dither::Diffusion(Kernel::Atkinson);
        for dither in Dither::all()
            .into_iter()
            .filter(|&d| d != Dither::None && d != atkinson)
        {
            let indices = map.map(&image, dither, 1.0, true);
            let white =
                indices.iter().filter(|&&i| i == Some(1)).count() as f32 / indices.len() as f32;
            assert!((white - 0.5).abs() < 0.07, "{dither:?}: {white}");
        }
        let plain = map.map(&image, Dither::None, 1.0, false);
        assert!(plain.iter().all(|&i| i == plain[0]));
    }

    #[test]
    fn zero_strength_means_no_dithering() {
        let map = PaletteMap::new(vec![[0, 0, 0], [255, 255, 255]]);
        let image = grey(16, 16, 0.3);
        let plain = map.map(&image, Dither::None, 1.0, false);
        assert_eq!(
            map.map(
                &image,
                Dither::Diffusion(Kernel::FloydSteinberg),
                0.0,
                false
            ),
            plain
        );
        for dither in [Dither::Bayer4, Dither::BlueNoise] {
            assert_eq!(map.map(&image, dither, 0.0, false), plain, "{dither:?}");
        }
    }

    /// The share of white pixels `dither` gives a flat grey of linear `level`.
    fn white_share(dither: Dither, level: f32) -> f32 {
        let map = PaletteMap::new(vec![[0, 0, 0], [255, 255, 255]]);
        let indices = map.map(&grey(64, 64, level), dither, 1.0, true);
        indices.iter().filter(|&&i| i == Some(1)).count() as f32 / indices.len() as f32
    }

    #[test]
    fn bayer8_has_sixty_four_tone_steps() {
        // Linear 0.1: Bayer 4's steps are sixteenths (0.0625 or 0.125).
        let (four, eight) = (
            white_share(Dither::Bayer4, 0.1),
            white_share(Dither::Bayer8, 0.1),
        );
        assert!((eight - 0.1).abs() <= 1.0 / 64.0 + 1e-6, "bayer8: {eight}");
        assert!(four != eight, "bayer4 {four} and bayer8 {eight}");
    }

    #[test]
    fn error_diffusion_keeps_the_shadows_dark() {
        for kernel in [
            Kernel::FloydSteinberg,
            Kernel::SierraLite,
            Kernel::JarvisJudiceNinke,
        ] {
            for level in [0.014, 0.051] {
                let white = white_share(Dither::Diffusion(kernel), level);
                assert!(
                    (white - level).abs() < 0.01,
                    "{kernel:?} at {level}: {white}"
                );
            }
        }
    }

    #[test]
    fn error_diffusion_is_even_from_the_first_row() {
        // A light grey in black and white: no white row, black row, white row on top.
        let map = PaletteMap::new(vec![[0, 0, 0], [255, 255, 255]]);
        let (width, level) = (64, 0.527);
        for kernel in [Kernel::FloydSteinberg, Kernel::Sierra] {
            let indices = map.map(
                &grey(width, 32, level),
                Dither::Diffusion(kernel),
                1.0,
                true,
            );
            for (y, row) in indices.chunks(width as usize).enumerate() {
                let white = row.iter().filter(|&&i| i == Some(1)).count() as f32 / width as f32;
                assert!((white - level).abs() < 0.15, "{kernel:?} row {y}: {white}");
            }
        }
    }

    #[test]
    fn pixels_already_in_the_palette_keep_their_colour() {
        let colors = crate::Palette::builtin("pico8").unwrap().colors;
        let map = PaletteMap::new(colors.clone());
        let pixels = (0..32 * 16)
            .map(|i| {
                let [r, g, b] = rgb_to_linear(colors[(i * 7 + i / 5) % colors.len()]);
                [r, g, b, 1.0]
            })
            .collect();
        let image = LinearImage {
            width: 32,
            height: 16,
            pixels,
        };
        let plain = map.map(&image, Dither::None, 1.0, false);
        for dither in [
            Dither::Bayer2,
            Dither::Bayer4,
            Dither::Bayer8,
            Dither::BlueNoise,
        ] {
            assert_eq!(map.map(&image, dither, 1.0, false), plain, "{dither:?}");
        }
    }

    #[test]
    fn transparent_pixels_stay_transparent() {
        let map = PaletteMap::new(vec![[0, 0, 0], [255, 255, 255]]);
        let mut image = grey(4, 4, 0.5);
        image.pixels[5][3] = 0.0;
        for dither in Dither::all() {
            let indices = map.map(&image, dither, 1.0, true);
            assert_eq!(indices[5], TRANSPARENT, "{dither:?}");
            assert!(
                indices
                    .iter()
                    .enumerate()
                    .all(|(i, v)| i == 5 || v.is_some())
            );
        }
    }

    /// A static gradient with slight per-frame noise (about one 8-bit step): fraction of
    /// pixels whose index changes from one frame to the next.
    fn flicker(dither: Dither) -> f32 {
        let map = PaletteMap::new(crate::Palette::builtin("pico8").unwrap().colors);
        let frame = |seed: u32| {
            let mut state = seed.wrapping_mul(0x9E37_79B9) | 1;
            let pixels = (0..64 * 64)
                .map(|i| {
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    let noise = (state % 1000) as f32 / 1000.0 * 0.004 - 0.002;
                    let (x, y) = ((i % 64) as f32 / 64.0, (i / 64) as f32 / 64.0);
                    [x + noise, y + noise, 0.3 + noise, 1.0]
                })
                .collect();
            LinearImage {
                width: 64,
                height: 64,
                pixels,
            }
        };
        let a = map.map(&frame(1), dither, 1.0, true);
        let b = map.map(&frame(2), dither, 1.0, true);
        a.iter().zip(&b).filter(|(p, q)| p != q).count() as f32 / a.len() as f32
    }

    #[test]
    fn screen_anchored_dithers_do_not_shimmer() {
        let diffused = flicker(Dither::Diffusion(Kernel::FloydSteinberg));
        for dither in [Dither::Bayer4, Dither::Bayer8, Dither::BlueNoise] {
            let f = flicker(dither);
            assert!(
                f < 0.1 && f * 3.0 < diffused,
                "{dither:?}: {f} vs floyd-steinberg {diffused}"
            );
        }
    }
}
