//! Tile sub-palettes, as on the NES and the SNES: the native image is cut into
//! `size x size` tiles, and each tile uses one of `palettes` sub-palettes of `colors`
//! colours, all taken from the frame's palette.
//!
//! The sub-palettes are chosen like k-means over tiles: tiles are seeded into groups by
//! their mean colour (farthest first), each group's sub-palette is grown greedily from
//! the palette colours its tiles use (each step adds the colour that lowers the group's
//! error most), then every tile moves to the sub-palette that serves it best, and so on
//! for a few rounds. Each tile is then dithered with its sub-palette only; error
//! diffusion still carries the error across tile borders.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::color::{distance2, linear_to_perceptual, rgb_to_linear, rgb_to_perceptual};
use crate::dither::{Dither, PaletteMap, map_constrained};
use crate::error::{Result, RetroError};
use crate::image::LinearImage;

/// The `[tiles]` table of a style preset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tiles {
    /// Side of a tile in native pixels (default 8).
    #[serde(default = "default_size")]
    pub size: u32,
    /// Number of sub-palettes (default 8, as on the SNES).
    #[serde(default = "default_palettes")]
    pub palettes: u32,
    /// Colours in each sub-palette (default 16).
    #[serde(default = "default_colors")]
    pub colors: u32,
}

fn default_size() -> u32 {
    8
}
fn default_palettes() -> u32 {
    8
}
fn default_colors() -> u32 {
    16
}

/// Rounds of moving tiles between sub-palettes and re-growing them.
const ROUNDS: usize = 6;

impl Tiles {
    /// Checks the ranges: tiles of 2..=256 pixels, 1..=64 sub-palettes of 1..=256 colours.
    pub fn validate(&self) -> Result<()> {
        let check = |field, value: u32, range: std::ops::RangeInclusive<u32>| {
            if range.contains(&value) {
                Ok(())
            } else {
                Err(RetroError::setting(
                    field,
                    format!("{value} is not in {}..={}", range.start(), range.end()),
                ))
            }
        };
        check("tiles.size", self.size, 2..=256)?;
        check("tiles.palettes", self.palettes, 1..=64)?;
        check("tiles.colors", self.colors, 1..=256)
    }

    /// Palette index of every pixel (`None` where transparent), each tile within one
    /// sub-palette.
    pub fn map(
        &self,
        palette: &PaletteMap,
        image: &LinearImage,
        dither: Dither,
        strength: f32,
        serpentine: bool,
    ) -> Vec<Option<u8>> {
        let size = self.size as usize;
        let (width, height) = (image.width as usize, image.height as usize);
        let columns = width.div_ceil(size);
        let tile_of = |i: usize| (i / width / size) * columns + (i % width) / size;
        let plain = palette.map(image, Dither::None, 1.0, false);
        let mut counts = vec![Vec::<(u8, u32)>::new(); columns * height.div_ceil(size)];
        for (i, index) in plain.iter().enumerate() {
            if let Some(index) = *index {
                let tile = &mut counts[tile_of(i)];
                match tile.iter_mut().find(|(c, _)| *c == index) {
                    Some(entry) => entry.1 += 1,
                    None => tile.push((index, 1)),
                }
            }
        }
        let perceptual: Vec<[f32; 3]> = palette
            .colors
            .iter()
            .map(|&c| rgb_to_perceptual(c))
            .collect();
        let (subs, choice) = self.choose(&counts, &perceptual);
        let maps: Vec<PaletteMap> = subs
            .iter()
            .map(|sub| PaletteMap::new(sub.iter().map(|&i| palette.colors[i as usize]).collect()))
            .collect();
        let sub_of = |i: usize| choice[tile_of(i)];
        let in_sub = |sub: usize, value: [f32; 3]| {
            subs[sub][maps[sub].nearest().index_of(linear_to_perceptual(value)) as usize]
        };
        let linear: Vec<[f32; 3]> = palette.colors.iter().map(|&c| rgb_to_linear(c)).collect();
        map_constrained(
            image,
            dither,
            strength,
            serpentine,
            &linear,
            |i, value| in_sub(sub_of(i), value),
            |i, value, t| {
                let sub = sub_of(i);
                subs[sub][maps[sub].ordered_index(value, t) as usize]
            },
        )
    }

    /// The sub-palettes (palette indices) and each tile's sub-palette, from each tile's
    /// counts of palette colours.
    fn choose(
        &self,
        counts: &[Vec<(u8, u32)>],
        perceptual: &[[f32; 3]],
    ) -> (Vec<Vec<u8>>, Vec<usize>) {
        let n = perceptual.len();
        let distance: Vec<f32> = (0..n * n)
            .map(|k| distance2(perceptual[k / n], perceptual[k % n]).sqrt())
            .collect();
        let used: Vec<usize> = (0..counts.len())
            .filter(|&t| !counts[t].is_empty())
            .collect();
        let groups = (self.palettes as usize).min(used.len()).max(1);
        let mut choice = self.seed(counts, &used, perceptual, groups);
        let mut subs = Vec::new();
        for _ in 0..ROUNDS {
            subs = (0..groups)
                .into_par_iter()
                .map(|g| {
                    let mut merged: Vec<(u8, u32)> = Vec::new();
                    for &t in used.iter().filter(|&&t| choice[t] == g) {
                        for &(c, count) in &counts[t] {
                            match merged.iter_mut().find(|(m, _)| *m == c) {
                                Some(entry) => entry.1 += count,
                                None => merged.push((c, count)),
                            }
                        }
                    }
                    self.grow(&merged, &distance, n)
                })
                .collect();
            // How far each palette colour is from each sub-palette, then the error of
            // every tile with every sub-palette from its colour counts.
            let reach: Vec<Vec<f32>> = subs
                .iter()
                .map(|sub| {
                    (0..n)
                        .map(|c| {
                            let row = &distance[c * n..(c + 1) * n];
                            sub.iter()
                                .map(|&s| row[s as usize])
                                .fold(f32::INFINITY, f32::min)
                        })
                        .collect()
                })
                .collect();
            let error = |t: usize, g: usize| -> f32 {
                let reach = &reach[g];
                counts[t]
                    .iter()
                    .map(|&(c, count)| count as f32 * reach[c as usize])
                    .sum()
            };
            let next: Vec<usize> = (0..counts.len())
                .into_par_iter()
                .map(|t| {
                    (0..groups)
                        .min_by(|&a, &b| error(t, a).total_cmp(&error(t, b)))
                        .expect("at least one group")
                })
                .collect();
            if next == choice {
                break;
            }
            choice = next;
        }
        (subs, choice)
    }

    /// `groups` initial groups: seeds picked farthest first by mean colour, every tile
    /// in the group of its nearest seed.
    fn seed(
        &self,
        counts: &[Vec<(u8, u32)>],
        used: &[usize],
        perceptual: &[[f32; 3]],
        groups: usize,
    ) -> Vec<usize> {
        let mean = |t: usize| {
            let total: f32 = counts[t].iter().map(|&(_, n)| n as f32).sum();
            let mut m = [0.0f32; 3];
            for &(c, n) in &counts[t] {
                for k in 0..3 {
                    m[k] += perceptual[c as usize][k] * n as f32 / total.max(1.0);
                }
            }
            m
        };
        let means: Vec<[f32; 3]> = (0..counts.len()).map(mean).collect();
        let mut seeds = vec![used.first().copied().unwrap_or(0)];
        while seeds.len() < groups {
            let far = |t: &usize| {
                seeds
                    .iter()
                    .map(|&s| distance2(means[*t], means[s]))
                    .fold(f32::INFINITY, f32::min)
            };
            let next = *used
                .iter()
                .max_by(|a, b| far(a).total_cmp(&far(b)))
                .expect("tiles are used");
            seeds.push(next);
        }
        (0..counts.len())
            .map(|t| {
                (0..groups)
                    .min_by(|&a, &b| {
                        distance2(means[t], means[seeds[a]])
                            .total_cmp(&distance2(means[t], means[seeds[b]]))
                    })
                    .expect("at least one seed")
            })
            .collect()
    }

    /// A sub-palette of up to `colors` colours for colour counts, grown greedily: each
    /// step adds the colour that lowers the error most (`distance` is the `n x n` table
    /// of distances between palette colours).
    fn grow(&self, merged: &[(u8, u32)], distance: &[f32], n: usize) -> Vec<u8> {
        // The distance of each counted colour to the sub-palette so far.
        let mut nearest = vec![f32::INFINITY; merged.len()];
        let mut sub: Vec<u8> = Vec::new();
        while sub.len() < self.colors as usize && sub.len() < merged.len() {
            let error_with = |candidate: u8| -> f32 {
                merged
                    .iter()
                    .zip(&nearest)
                    .map(|(&(c, count), &d)| {
                        count as f32 * d.min(distance[c as usize * n + candidate as usize])
                    })
                    .sum()
            };
            let best = merged
                .iter()
                .map(|&(c, _)| c)
                .filter(|c| !sub.contains(c))
                .min_by(|&a, &b| error_with(a).total_cmp(&error_with(b)))
                .expect("a colour not yet chosen");
            for ((c, _), d) in merged.iter().zip(nearest.iter_mut()) {
                *d = d.min(distance[*c as usize * n + best as usize]);
            }
            sub.push(best);
        }
        if sub.is_empty() {
            sub.push(0);
        }
        sub
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Four quadrants of different hues with gradients inside, `side x side`.
    fn quadrants(side: u32) -> LinearImage {
        let pixels = (0..side * side)
            .map(|i| {
                let (x, y) = (i % side, i / side);
                let t = (x % 16 + y % 16) as f32 / 32.0;
                match (x < side / 2, y < side / 2) {
                    (true, true) => [0.1 + t, 0.05, 0.05, 1.0],
                    (false, true) => [0.05, 0.1 + t, 0.05, 1.0],
                    (true, false) => [0.05, 0.05, 0.1 + t, 1.0],
                    (false, false) => [0.3 + t, 0.3 + t, 0.1, 1.0],
                }
            })
            .collect();
        LinearImage {
            width: side,
            height: side,
            pixels,
        }
    }

    #[test]
    fn every_tile_uses_one_of_k_sub_palettes_of_m_colours() {
        let palette = PaletteMap::new(crate::Palette::builtin("nes").unwrap().distinct());
        let tiles = Tiles {
            size: 8,
            palettes: 3,
            colors: 4,
        };
        let image = quadrants(44);
        for dither in Dither::all() {
            let indices = tiles.map(&palette, &image, dither, 1.0, true);
            let mut sets: Vec<std::collections::BTreeSet<u8>> = Vec::new();
            for ty in (0..44).step_by(8) {
                for tx in (0..44).step_by(8) {
                    let set: std::collections::BTreeSet<u8> = (ty..(ty + 8).min(44))
                        .flat_map(|y| (tx..(tx + 8).min(44)).map(move |x| y * 44 + x))
                        .map(|i| indices[i].unwrap())
                        .collect();
                    assert!(set.len() <= 4, "{dither:?} tile {tx},{ty}: {set:?}");
                    sets.push(set);
                }
            }
            // All the tiles together use at most the 3 sub-palettes' 12 colours.
            let all: std::collections::BTreeSet<u8> = sets.iter().flatten().copied().collect();
            assert!(all.len() <= 12, "{dither:?}: {} colours", all.len());
        }
    }

    #[test]
    fn bad_tiles_are_errors() {
        for tiles in [
            Tiles {
                size: 1,
                palettes: 4,
                colors: 4,
            },
            Tiles {
                size: 8,
                palettes: 0,
                colors: 4,
            },
            Tiles {
                size: 8,
                palettes: 4,
                colors: 0,
            },
        ] {
            assert!(tiles.validate().is_err(), "{tiles:?}");
        }
    }
}
