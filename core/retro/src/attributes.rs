//! Attribute clash, as on the ZX Spectrum: every `cell x cell` block of the native
//! image shows at most two palette colours (the Spectrum's ink and paper), and both come
//! from one group of the palette (its normal and its bright half).
//!
//! Each cell takes the pair that represents its pixels best: with dithering, the pair
//! whose mixes (in linear light) come closest to the pixels, so a mid-grey cell gets
//! black and white rather than two greys; without, the pair of nearest colours. The
//! cell is then dithered with those two colours only; error diffusion still carries the
//! error across cell borders.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::color::{distance2, linear_to_perceptual, rgb_to_linear, rgb_to_perceptual};
use crate::dither::{ALPHA_CUTOFF, Dither, PaletteMap, map_constrained};
use crate::error::{Result, RetroError};
use crate::image::LinearImage;

/// The `[attributes]` table of a style preset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attributes {
    /// Side of a cell in native pixels (default 8, as on the Spectrum).
    #[serde(default = "default_cell")]
    pub cell: u32,
    /// Groups of palette entries (0-based, in the palette file's order); both colours of a
    /// cell come from one group. Empty: the whole palette is one group.
    #[serde(default)]
    pub groups: Vec<Vec<usize>>,
}

fn default_cell() -> u32 {
    8
}

/// Largest cell side.
const MAX_CELL: u32 = 256;

/// [`Attributes`] resolved against the palette in use: the pairs a cell may choose from.
#[derive(Debug, Clone)]
pub struct Clash {
    cell: usize,
    /// Candidate pairs of indices into the mapped palette (a pair may repeat a colour).
    pairs: Vec<[u8; 2]>,
}

impl Clash {
    /// The clash for a palette given as listed (`listed`, which group indices refer to)
    /// and as mapped (`distinct`, without repeats).
    pub fn new(attributes: &Attributes, listed: &[[u8; 3]], distinct: &[[u8; 3]]) -> Result<Clash> {
        if !(2..=MAX_CELL).contains(&attributes.cell) {
            return Err(RetroError::setting(
                "attributes.cell",
                format!("{} is not in 2..={MAX_CELL}", attributes.cell),
            ));
        }
        let all: Vec<usize> = (0..listed.len()).collect();
        let groups = if attributes.groups.is_empty() {
            std::slice::from_ref(&all)
        } else {
            attributes.groups.as_slice()
        };
        let mut pairs = Vec::new();
        for group in groups {
            let mut members = Vec::with_capacity(group.len());
            for &entry in group {
                let color = listed.get(entry).ok_or_else(|| {
                    RetroError::setting(
                        "attributes.groups",
                        format!(
                            "entry {entry} is not in the palette (0..={})",
                            listed.len() - 1
                        ),
                    )
                })?;
                let index = distinct
                    .iter()
                    .position(|c| c == color)
                    .expect("every listed colour is in the distinct list")
                    as u8;
                if !members.contains(&index) {
                    members.push(index);
                }
            }
            for (i, &a) in members.iter().enumerate() {
                for &b in &members[i..] {
                    if !pairs.contains(&[a, b]) && !pairs.contains(&[b, a]) {
                        pairs.push([a, b]);
                    }
                }
            }
        }
        if pairs.is_empty() {
            return Err(RetroError::setting("attributes.groups", "has no entries"));
        }
        Ok(Clash {
            cell: attributes.cell as usize,
            pairs,
        })
    }

    /// Palette index of every pixel (`None` where transparent), two colours per cell.
    pub fn map(
        &self,
        palette: &PaletteMap,
        image: &LinearImage,
        dither: Dither,
        strength: f32,
        serpentine: bool,
    ) -> Vec<Option<u8>> {
        let dither = dither.at_strength(strength);
        let linear: Vec<[f32; 3]> = palette.colors.iter().map(|&c| rgb_to_linear(c)).collect();
        let perceptual: Vec<[f32; 3]> = palette
            .colors
            .iter()
            .map(|&c| rgb_to_perceptual(c))
            .collect();
        let pairs = self.choose_pairs(image, &linear, &perceptual, dither != Dither::None);
        let width = image.width as usize;
        let columns = width.div_ceil(self.cell);
        let pair_of = |i: usize| pairs[(i / width / self.cell) * columns + (i % width) / self.cell];
        let nearer = |[a, b]: [u8; 2], value: [f32; 3]| {
            let p = linear_to_perceptual(value);
            if distance2(p, perceptual[b as usize]) < distance2(p, perceptual[a as usize]) {
                b
            } else {
                a
            }
        };
        map_constrained(
            image,
            dither,
            strength,
            serpentine,
            &linear,
            |i, value| nearer(pair_of(i), value),
            |i, value, t| {
                let [a, b] = pair_of(i);
                if mix(linear[a as usize], linear[b as usize], value) > t {
                    b
                } else {
                    a
                }
            },
        )
    }

    /// The best pair of every cell, row by row.
    fn choose_pairs(
        &self,
        image: &LinearImage,
        linear: &[[f32; 3]],
        perceptual: &[[f32; 3]],
        dithered: bool,
    ) -> Vec<[u8; 2]> {
        let (width, height) = (image.width as usize, image.height as usize);
        let columns = width.div_ceil(self.cell);
        let rows = height.div_ceil(self.cell);
        (0..columns * rows)
            .into_par_iter()
            .map(|c| {
                let (x0, y0) = ((c % columns) * self.cell, (c / columns) * self.cell);
                let pixels: Vec<([f32; 3], [f32; 3])> = (y0..(y0 + self.cell).min(height))
                    .flat_map(|y| (x0..(x0 + self.cell).min(width)).map(move |x| y * width + x))
                    .map(|i| image.pixels[i])
                    .filter(|p| p[3] >= ALPHA_CUTOFF)
                    .map(|p| {
                        let value = [p[0], p[1], p[2]];
                        (value, linear_to_perceptual(value))
                    })
                    .collect();
                let cost = |&[a, b]: &[u8; 2]| -> f32 {
                    let (pa, pb) = (perceptual[a as usize], perceptual[b as usize]);
                    pixels
                        .iter()
                        .map(|&(value, p)| {
                            let nearest = distance2(p, pa).min(distance2(p, pb));
                            let mixed = if dithered && a != b {
                                let (la, lb) = (linear[a as usize], linear[b as usize]);
                                let t = mix(la, lb, value);
                                let blend = std::array::from_fn(|k| la[k] + t * (lb[k] - la[k]));
                                distance2(p, linear_to_perceptual(blend))
                            } else {
                                nearest
                            };
                            mixed.min(nearest).sqrt()
                        })
                        .sum()
                };
                *self
                    .pairs
                    .iter()
                    .min_by(|x, y| cost(x).total_cmp(&cost(y)))
                    .expect("at least one pair")
            })
            .collect()
    }
}

/// The share of `b` (0..=1) in the mix of `a` and `b` nearest to `value`, in linear light.
fn mix(a: [f32; 3], b: [f32; 3], value: [f32; 3]) -> f32 {
    let d: [f32; 3] = std::array::from_fn(|k| b[k] - a[k]);
    let length2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
    if length2 <= f32::EPSILON {
        return 0.0;
    }
    let along = (0..3).map(|k| (value[k] - a[k]) * d[k]).sum::<f32>();
    (along / length2).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Palette;

    /// A colourful gradient with a dark band, `width x height`.
    fn scene(width: u32, height: u32) -> LinearImage {
        let pixels = (0..width * height)
            .map(|i| {
                let (x, y) = (i % width, i / width);
                let dark = if (10..14).contains(&y) { 0.1 } else { 1.0 };
                [
                    x as f32 / width as f32 * dark,
                    y as f32 / height as f32 * dark,
                    ((x + y) % 7) as f32 / 7.0,
                    1.0,
                ]
            })
            .collect();
        LinearImage {
            width,
            height,
            pixels,
        }
    }

    fn spectrum() -> (Palette, Attributes) {
        let palette = Palette::builtin("zx-spectrum").unwrap();
        let attributes = Attributes {
            cell: 8,
            groups: vec![(0..8).collect(), [0].into_iter().chain(8..15).collect()],
        };
        (palette, attributes)
    }

    #[test]
    fn every_cell_has_two_colours_from_one_brightness_half() {
        let (palette, attributes) = spectrum();
        let map = PaletteMap::new(palette.distinct());
        let clash = Clash::new(&attributes, &palette.colors, &palette.distinct()).unwrap();
        let image = scene(37, 29);
        let normal: Vec<[u8; 3]> = palette.colors[..8].to_vec();
        let bright: Vec<[u8; 3]> = [palette.colors[0]]
            .into_iter()
            .chain(palette.colors[8..].iter().copied())
            .collect();
        for dither in Dither::all() {
            let indices = clash.map(&map, &image, dither, 1.0, true);
            for cy in (0..29).step_by(8) {
                for cx in (0..37).step_by(8) {
                    let mut colors: Vec<[u8; 3]> = Vec::new();
                    for y in cy..(cy + 8).min(29) {
                        for x in cx..(cx + 8).min(37) {
                            let c = map.colors[indices[y * 37 + x].unwrap() as usize];
                            if !colors.contains(&c) {
                                colors.push(c);
                            }
                        }
                    }
                    assert!(colors.len() <= 2, "{dither:?} cell {cx},{cy}: {colors:?}");
                    assert!(
                        colors.iter().all(|c| normal.contains(c))
                            || colors.iter().all(|c| bright.contains(c)),
                        "{dither:?} cell {cx},{cy} mixes halves: {colors:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_two_colour_cell_keeps_its_colours() {
        let (palette, attributes) = spectrum();
        let map = PaletteMap::new(palette.distinct());
        let clash = Clash::new(&attributes, &palette.colors, &palette.distinct()).unwrap();
        // Bright red on the left half, bright yellow on the right.
        let (red, yellow) = (rgb_to_linear([255, 0, 0]), rgb_to_linear([255, 255, 0]));
        let pixels = (0..64)
            .map(|i| {
                let c = if i % 8 < 4 { red } else { yellow };
                [c[0], c[1], c[2], 1.0]
            })
            .collect();
        let image = LinearImage {
            width: 8,
            height: 8,
            pixels,
        };
        for dither in [Dither::None, Dither::Bayer4, "fs".parse().unwrap()] {
            let indices = clash.map(&map, &image, dither, 1.0, true);
            for (i, index) in indices.iter().enumerate() {
                let want = if i % 8 < 4 {
                    [255, 0, 0]
                } else {
                    [255, 255, 0]
                };
                assert_eq!(map.colors[index.unwrap() as usize], want, "{dither:?} {i}");
            }
        }
    }

    #[test]
    fn at_no_strength_a_cell_takes_its_nearest_colours() {
        let (palette, attributes) = spectrum();
        let map = PaletteMap::new(palette.distinct());
        let clash = Clash::new(&attributes, &palette.colors, &palette.distinct()).unwrap();
        let image = scene(37, 29);
        let plain = clash.map(&map, &image, Dither::None, 1.0, true);
        for dither in [Dither::Bayer4, Dither::BlueNoise] {
            assert_eq!(
                clash.map(&map, &image, dither, 0.0, true),
                plain,
                "{dither:?}"
            );
        }
    }

    #[test]
    fn bad_attributes_are_errors() {
        let (palette, mut attributes) = spectrum();
        attributes.groups[1].push(15);
        let err = Clash::new(&attributes, &palette.colors, &palette.distinct()).unwrap_err();
        assert!(err.to_string().contains("entry 15"), "{err}");
        attributes.groups.clear();
        attributes.cell = 1;
        assert!(Clash::new(&attributes, &palette.colors, &palette.distinct()).is_err());
    }
}
