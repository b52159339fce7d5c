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
//!
//! A sequence chooses its sub-palettes once, from frames spread over it
//! ([`Tiles::sub_palettes`]), as a game keeps its sub-palettes for a scene: each
//! frame's tiles then pick among the same ones, and colours do not flicker from
//! frame to frame as the picture moves.

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
    /// Colours in each sub-palette (default 16), the shared ones included.
    #[serde(default = "default_colors")]
    pub colors: u32,
    /// Colours every sub-palette shares (default 0): 1 for the backdrop colour
    /// all of a NES's or a SNES's background sub-palettes show as their first.
    #[serde(default)]
    pub shared: u32,
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
        check("tiles.colors", self.colors, 1..=256)?;
        check("tiles.shared", self.shared, 0..=self.colors - 1)
    }

    /// Sub-palettes for a sequence: every tile of every frame given has a say (give
    /// a few frames spread over a long sequence, see [`sample`]).
    pub fn sub_palettes<'a>(
        &self,
        palette: &PaletteMap,
        frames: impl IntoIterator<Item = &'a LinearImage>,
    ) -> SubPalettes {
        let counts: Vec<TileCounts> = frames
            .into_iter()
            .flat_map(|frame| self.counts(palette, frame))
            .collect();
        let (subs, _) = self.choose(&counts, &Distances::of(palette));
        SubPalettes(subs)
    }

    /// Palette index of every pixel (`None` where transparent), each tile within one
    /// sub-palette: one of `subs` (a sequence's), or of sub-palettes chosen for this
    /// image alone.
    pub fn map(
        &self,
        palette: &PaletteMap,
        subs: Option<&SubPalettes>,
        image: &LinearImage,
        dither: Dither,
        strength: f32,
        serpentine: bool,
    ) -> Vec<Option<u8>> {
        let size = self.size as usize;
        let width = image.width as usize;
        let columns = width.div_ceil(size);
        let tile_of = |i: usize| (i / width / size) * columns + (i % width) / size;
        let counts = self.counts(palette, image);
        let distances = Distances::of(palette);
        let (subs, choice) = match subs {
            Some(SubPalettes(subs)) => (subs.clone(), assign(&counts, subs, &distances)),
            None => self.choose(&counts, &distances),
        };
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

    /// How many pixels of each palette colour every tile of `image` has, in row order
    /// of tiles (each pixel mapped to its nearest colour, undithered).
    fn counts(&self, palette: &PaletteMap, image: &LinearImage) -> Vec<TileCounts> {
        let size = self.size as usize;
        let (width, height) = (image.width as usize, image.height as usize);
        let columns = width.div_ceil(size);
        let tile_of = |i: usize| (i / width / size) * columns + (i % width) / size;
        let plain = palette.map(image, Dither::None, 1.0, false);
        let mut counts = vec![TileCounts::new(); columns * height.div_ceil(size)];
        for (i, index) in plain.iter().enumerate() {
            if let Some(index) = *index {
                let tile = &mut counts[tile_of(i)];
                match tile.iter_mut().find(|(c, _)| *c == index) {
                    Some(entry) => entry.1 += 1,
                    None => tile.push((index, 1)),
                }
            }
        }
        counts
    }

    /// The sub-palettes (palette indices) and each tile's sub-palette, from each tile's
    /// counts of palette colours.
    fn choose(&self, counts: &[TileCounts], distances: &Distances) -> (Vec<Vec<u8>>, Vec<usize>) {
        let Distances {
            perceptual,
            distance,
        } = distances;
        let n = perceptual.len();
        let used: Vec<usize> = (0..counts.len())
            .filter(|&t| !counts[t].is_empty())
            .collect();
        let groups = (self.palettes as usize).min(used.len()).max(1);
        let shared = self.shared_colours(counts);
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
                    self.grow(&merged, &shared, distance, n)
                })
                .collect();
            let next = assign(counts, &subs, distances);
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
        counts: &[TileCounts],
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

    /// The colours every sub-palette starts with: the [`Tiles::shared`] colours
    /// most pixels of all the tiles show (the backdrop: a sky, a night).
    fn shared_colours(&self, counts: &[TileCounts]) -> Vec<u8> {
        let mut totals: Vec<(u8, u32)> = Vec::new();
        for &(c, count) in counts.iter().flatten() {
            match totals.iter_mut().find(|(t, _)| *t == c) {
                Some(entry) => entry.1 += count,
                None => totals.push((c, count)),
            }
        }
        totals.sort_by_key(|&(c, count)| (std::cmp::Reverse(count), c));
        totals
            .iter()
            .take(self.shared as usize)
            .map(|&(c, _)| c)
            .collect()
    }

    /// A sub-palette of up to `colors` colours for colour counts: the `shared`
    /// ones, then grown greedily: each step adds the colour that lowers the error
    /// most (`distance` is the `n x n` table of distances between palette colours).
    fn grow(&self, merged: &[(u8, u32)], shared: &[u8], distance: &[f32], n: usize) -> Vec<u8> {
        // The distance of each counted colour to the sub-palette so far.
        let mut nearest: Vec<f32> = merged
            .iter()
            .map(|&(c, _)| {
                let to = |s: &u8| distance[c as usize * n + *s as usize];
                shared.iter().map(to).fold(f32::INFINITY, f32::min)
            })
            .collect();
        let mut sub: Vec<u8> = shared.to_vec();
        let own = merged.iter().filter(|(c, _)| !shared.contains(c)).count();
        while sub.len() < self.colors as usize && sub.len() < shared.len() + own {
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

/// How many frames of a sequence choose its sub-palettes, spread evenly over it:
/// enough to see every set a scene has, few enough to keep memory and time small.
pub const SEQUENCE_SAMPLE: usize = 16;

/// Up to [`SEQUENCE_SAMPLE`] items spread evenly over `items`, first included.
pub fn sample<T>(items: &[T]) -> impl Iterator<Item = &T> {
    let count = items.len().min(SEQUENCE_SAMPLE);
    (0..count).map(move |k| &items[k * items.len() / count])
}

/// Sub-palettes chosen for a sequence (each a list of palette indices), which all
/// its frames share.
#[derive(Debug, Clone, PartialEq)]
pub struct SubPalettes(Vec<Vec<u8>>);

impl SubPalettes {
    /// The sub-palettes as palette indices.
    pub fn indices(&self) -> &[Vec<u8>] {
        &self.0
    }
}

/// A tile's pixel count of each palette colour it uses, as (palette index, count).
type TileCounts = Vec<(u8, u32)>;

/// A palette's colours in the perceptual space and the `n x n` table of distances
/// between them.
struct Distances {
    perceptual: Vec<[f32; 3]>,
    distance: Vec<f32>,
}

impl Distances {
    fn of(palette: &PaletteMap) -> Distances {
        let perceptual: Vec<[f32; 3]> = palette
            .colors
            .iter()
            .map(|&c| rgb_to_perceptual(c))
            .collect();
        let n = perceptual.len();
        let distance = (0..n * n)
            .map(|k| distance2(perceptual[k / n], perceptual[k % n]).sqrt())
            .collect();
        Distances {
            perceptual,
            distance,
        }
    }
}

/// Each tile's sub-palette: the one that serves its colour counts with the least
/// error.
fn assign(counts: &[TileCounts], subs: &[Vec<u8>], distances: &Distances) -> Vec<usize> {
    let n = distances.perceptual.len();
    // How far each palette colour is from each sub-palette, then the error of
    // every tile with every sub-palette from its colour counts.
    let reach: Vec<Vec<f32>> = subs
        .iter()
        .map(|sub| {
            (0..n)
                .map(|c| {
                    let row = &distances.distance[c * n..(c + 1) * n];
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
    (0..counts.len())
        .into_par_iter()
        .map(|t| {
            (0..subs.len())
                .min_by(|&a, &b| error(t, a).total_cmp(&error(t, b)))
                .expect("at least one sub-palette")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

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

    /// The NES palette, and tiles of 8x8 with 3 sub-palettes of 4 colours.
    fn nes_palette_and_tiles() -> (PaletteMap, Tiles) {
        let palette = PaletteMap::new(crate::Palette::builtin("nes").unwrap().distinct());
        let tiles = Tiles {
            size: 8,
            palettes: 3,
            colors: 4,
            shared: 0,
        };
        (palette, tiles)
    }

    #[test]
    fn every_tile_uses_one_of_k_sub_palettes_of_m_colours() {
        let (palette, tiles) = nes_palette_and_tiles();
        let image = quadrants(44);
        for dither in Dither::all() {
            let indices = tiles.map(&palette, None, &image, dither, 1.0, true);
            let sets = tile_sets(&indices, 44, 8);
            for set in &sets {
                assert!(set.len() <= 4, "{dither:?}: {set:?}");
            }
            // All the tiles together use at most the 3 sub-palettes' 12 colours.
            let all: BTreeSet<u8> = sets.iter().flatten().copied().collect();
            assert!(all.len() <= 12, "{dither:?}: {} colours", all.len());
        }
    }

    /// Every tile's colours, as sets, in row order of tiles.
    fn tile_sets(indices: &[Option<u8>], side: usize, size: usize) -> Vec<BTreeSet<u8>> {
        let mut sets = Vec::new();
        for ty in (0..side).step_by(size) {
            for tx in (0..side).step_by(size) {
                sets.push(
                    (ty..(ty + size).min(side))
                        .flat_map(|y| (tx..(tx + size).min(side)).map(move |x| y * side + x))
                        .map(|i| indices[i].unwrap())
                        .collect(),
                );
            }
        }
        sets
    }

    #[test]
    fn a_sequence_shares_its_sub_palettes() {
        let (palette, tiles) = nes_palette_and_tiles();
        // The picture pans: each frame is the first moved 5 pixels further.
        let first = quadrants(48);
        let frames: Vec<LinearImage> = (0..4)
            .map(|k| LinearImage {
                pixels: (0..48 * 48)
                    .map(|i| first.pixels[(i + k * 5) % (48 * 48)])
                    .collect(),
                ..first.clone()
            })
            .collect();
        let subs = tiles.sub_palettes(&palette, &frames);
        assert!(subs.indices().len() <= 3);
        let shared: Vec<BTreeSet<u8>> = subs
            .indices()
            .iter()
            .map(|sub| sub.iter().copied().collect())
            .collect();
        for dither in Dither::all() {
            for frame in &frames {
                let indices = tiles.map(&palette, Some(&subs), frame, dither, 1.0, true);
                for set in tile_sets(&indices, 48, 8) {
                    assert!(
                        shared.iter().any(|sub| set.is_subset(sub)),
                        "{dither:?}: {set:?} is in none of {shared:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn sub_palettes_share_the_backdrop_as_on_a_nes() {
        let (palette, mut tiles) = nes_palette_and_tiles();
        tiles.shared = 1;
        let image = quadrants(44);
        let subs = tiles.sub_palettes(&palette, [&image]);
        let backdrop = subs.indices()[0][0];
        assert!(
            subs.indices()
                .iter()
                .all(|sub| sub[0] == backdrop && sub.len() <= 4)
        );
        let own: BTreeSet<u8> = subs.indices().iter().flatten().copied().collect();
        assert!(own.len() <= 1 + 3 * 3, "{own:?}");
        // Every tile keeps to a sub-palette with the backdrop in it.
        for dither in Dither::all() {
            let indices = tiles.map(&palette, Some(&subs), &image, dither, 1.0, true);
            for set in tile_sets(&indices, 44, 8) {
                assert!(
                    subs.indices()
                        .iter()
                        .any(|sub| set.iter().all(|c| sub.contains(c))),
                    "{dither:?}: {set:?}"
                );
            }
        }
    }

    #[test]
    fn one_frame_alone_chooses_as_a_sequence_of_one() {
        let (palette, tiles) = nes_palette_and_tiles();
        let image = quadrants(44);
        let subs = tiles.sub_palettes(&palette, [&image]);
        for dither in Dither::all() {
            assert_eq!(
                tiles.map(&palette, None, &image, dither, 1.0, true),
                tiles.map(&palette, Some(&subs), &image, dither, 1.0, true),
                "{dither:?}"
            );
        }
    }

    #[test]
    fn a_sample_spreads_over_the_sequence() {
        let frames: Vec<usize> = (0..100).collect();
        let picked: Vec<usize> = sample(&frames).copied().collect();
        assert_eq!(picked.len(), SEQUENCE_SAMPLE);
        assert_eq!(picked[0], 0);
        assert!(picked.windows(2).all(|w| w[1] - w[0] >= 6), "{picked:?}");
        assert_eq!(sample(&frames[..3]).count(), 3);
        assert_eq!(sample::<usize>(&[]).count(), 0);
    }

    #[test]
    fn bad_tiles_are_errors() {
        let tiles = |size, palettes, colors, shared| Tiles {
            size,
            palettes,
            colors,
            shared,
        };
        for tiles in [
            tiles(1, 4, 4, 0),
            tiles(8, 0, 4, 0),
            tiles(8, 4, 0, 0),
            // Sharing every colour leaves a sub-palette none of its own.
            tiles(8, 4, 4, 4),
        ] {
            assert!(tiles.validate().is_err(), "{tiles:?}");
        }
    }
}
