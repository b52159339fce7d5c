//! Choosing N colours for an image (or a whole sequence): a weighted colour histogram,
//! a variance-minimising median cut, then k-means and k-medians refinement, all in the
//! perceptual space of [`crate::color::linear_to_perceptual`] (on the test photos and
//! on rendered frames this beats pngquant on mean CIEDE2000, see
//! `tests/bench/retro_vs_peers.sh`).
//!
//! The histogram keeps every exact colour (renders have few, and at 256 colours each
//! one counts); only when there are too many for a fast k-means (photos, long
//! sequences) are they grouped into cells that keep their mean colour. A sequence
//! adds all its frames into one histogram to get one palette for every frame.

use rayon::prelude::*;

use crate::color::{distance2, linear_to_rgb, perceptual_to_rgb, rgb_to_perceptual};
use crate::image::LinearImage;
use crate::nearest::{Method, Nearest};
use crate::palettes::{Depth, Palette};

/// Most histogram entries kept: beyond it, colours are grouped into cells of one bit
/// less per channel (each keeping its mean colour), so k-means stays fast on photos
/// and long sequences while flat renders keep every exact colour.
const MAX_ENTRIES: usize = 1 << 17;
const KMEANS_ROUNDS: usize = 12;
const MEDIAN_ROUNDS: usize = 10;

/// Pixel counts per colour: exact sRGB colours while there are at most
/// [`MAX_ENTRIES`] of them, else cells of fewer bits per channel with their mean colour.
#[derive(Clone)]
pub struct Histogram {
    /// Bits per channel of the cell keys (8: exact colours).
    bits: u32,
    /// Cells sorted by key.
    entries: Vec<Entry>,
}

#[derive(Clone, Copy)]
struct Entry {
    /// Packed `0xRRGGBB` with each channel cut to `bits` bits.
    key: u32,
    count: u64,
    sum: [u64; 3],
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            bits: 8,
            entries: Vec::new(),
        }
    }
}

impl Histogram {
    /// The histogram of some sRGB colours.
    pub fn from_colors(colors: impl IntoIterator<Item = [u8; 3]>) -> Histogram {
        let mut keys: Vec<u32> = colors.into_iter().map(pack).collect();
        keys.par_sort_unstable();
        let mut entries: Vec<Entry> = Vec::new();
        for key in keys {
            match entries.last_mut() {
                Some(last) if last.key == key => last.count += 1,
                _ => entries.push(Entry {
                    key,
                    count: 1,
                    sum: [0; 3],
                }),
            }
        }
        for e in &mut entries {
            e.sum = unpack(e.key).map(|v| v as u64 * e.count);
        }
        Histogram { bits: 8, entries }.limited()
    }

    /// Histogram of the opaque pixels of a linear image.
    pub fn of_linear(image: &LinearImage) -> Histogram {
        let colors: Vec<[u8; 3]> = image
            .pixels
            .par_iter()
            .filter(|p| p[3] >= crate::dither::ALPHA_CUTOFF)
            .map(|p| linear_to_rgb([p[0], p[1], p[2]]))
            .collect();
        Histogram::from_colors(colors)
    }

    /// The sum of two histograms.
    pub fn merged(self, other: Histogram) -> Histogram {
        let bits = self.bits.min(other.bits);
        let (a, b) = (self.coarsened(bits).entries, other.coarsened(bits).entries);
        let mut entries = Vec::with_capacity(a.len() + b.len());
        let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if x.key == y.key => {
                    let (x, y) = (a.next().expect("peeked"), b.next().expect("peeked"));
                    Entry {
                        key: x.key,
                        count: x.count + y.count,
                        sum: [0, 1, 2].map(|c| x.sum[c] + y.sum[c]),
                    }
                }
                (Some(x), Some(y)) if x.key < y.key => a.next().expect("peeked"),
                (Some(_), _) => a.next().expect("peeked"),
                (None, Some(_)) => b.next().expect("peeked"),
                (None, None) => break,
            };
            entries.push(next);
        }
        Histogram { bits, entries }.limited()
    }

    /// Coarsened until it has at most [`MAX_ENTRIES`] entries.
    fn limited(mut self) -> Histogram {
        while self.entries.len() > MAX_ENTRIES {
            let bits = self.bits - 1;
            self = self.coarsened(bits);
        }
        self
    }

    /// The histogram with cells of `bits` bits per channel (no finer than now).
    fn coarsened(mut self, bits: u32) -> Histogram {
        if bits >= self.bits {
            return self;
        }
        let mask = (0xFFu32 << (8 - bits)) & 0xFF;
        let mask = mask << 16 | mask << 8 | mask;
        for e in &mut self.entries {
            e.key &= mask;
        }
        self.entries.sort_unstable_by_key(|e| e.key);
        let mut entries: Vec<Entry> = Vec::with_capacity(self.entries.len());
        for e in self.entries {
            match entries.last_mut() {
                Some(last) if last.key == e.key => {
                    last.count += e.count;
                    for c in 0..3 {
                        last.sum[c] += e.sum[c];
                    }
                }
                _ => entries.push(e),
            }
        }
        Histogram { bits, entries }
    }

    /// Cells as weighted perceptual points at their mean colour.
    fn points(&self) -> Vec<Point> {
        self.entries
            .iter()
            .map(|e| {
                let mean = e.sum.map(|s| (s as f64 / e.count as f64).round() as u8);
                Point {
                    perceptual: rgb_to_perceptual(mean),
                    weight: e.count as f32,
                }
            })
            .collect()
    }
}

fn pack([r, g, b]: [u8; 3]) -> u32 {
    (r as u32) << 16 | (g as u32) << 8 | b as u32
}

fn unpack(key: u32) -> [u8; 3] {
    [(key >> 16) as u8, (key >> 8) as u8, key as u8]
}

#[derive(Clone, Copy)]
struct Point {
    perceptual: [f32; 3],
    weight: f32,
}

/// Chooses up to `colors` colours (2..=256) for the histogram; with a `depth`, every
/// colour is one the machine can show.
pub fn quantize(histogram: &Histogram, colors: usize, depth: Option<Depth>) -> Palette {
    let points = histogram.points();
    let mut centres = median_cut(points.clone(), colors);
    kmeans(&points, &mut centres);
    let mut out: Vec<[u8; 3]> = Vec::with_capacity(centres.len());
    for c in centres {
        let rgb = perceptual_to_rgb(c);
        let rgb = depth.map_or(rgb, |d| d.snap_rgb(rgb));
        if !out.contains(&rgb) {
            out.push(rgb);
        }
    }
    if out.is_empty() {
        out.push([0, 0, 0]);
    }
    // Dark to light, so the palette file reads like a ramp.
    out.sort_by(|&a, &b| rgb_to_perceptual(a)[0].total_cmp(&rgb_to_perceptual(b)[0]));
    Palette::new(format!("adaptive-{}", out.len()), out)
}

/// Colours closer than this (DIN99o, about CIEDE2000) look alike side by side: a
/// palette's subset does not spend two of its colours on them.
const ALIKE_DE: f32 = 2.5;

/// Picks the `colors` entries of a fixed palette that serve the histogram best: k-means
/// centres snapped to their nearest palette entry (in palette order), no two alike
/// while the palette has unlike ones to give.
pub fn subset(histogram: &Histogram, palette: &Palette, colors: usize) -> Palette {
    let distinct = palette.distinct();
    if colors >= distinct.len() {
        return Palette::new(palette.name.clone(), distinct);
    }
    let points = histogram.points();
    let nearest = Nearest::new(&distinct);
    // Start from the palette entries most used by a plain mapping, then refine.
    let mut usage = vec![0.0f32; distinct.len()];
    for p in &points {
        usage[nearest.index_of(p.perceptual) as usize] += p.weight;
    }
    let mut order: Vec<usize> = (0..distinct.len()).collect();
    order.sort_by(|&a, &b| usage[b].total_cmp(&usage[a]));
    // Two entries that look alike (the NES's greys 7C7C7C and 787878) would spend
    // two of the few colours on one: an entry joins only when unlike those chosen,
    // unless the palette runs out of unlike ones.
    let perceptual: Vec<[f32; 3]> = distinct.iter().map(|&c| rgb_to_perceptual(c)).collect();
    let alike = |a: usize, b: usize| distance2(perceptual[a], perceptual[b]) < ALIKE_DE * ALIKE_DE;
    let mut chosen: Vec<usize> = Vec::with_capacity(colors);
    for &i in &order {
        if chosen.len() < colors && !chosen.iter().any(|&c| alike(c, i)) {
            chosen.push(i);
        }
    }
    let alike_ones: Vec<usize> = (order.iter().copied())
        .filter(|i| !chosen.contains(i))
        .collect();
    chosen.extend(&alike_ones[..colors - chosen.len()]);
    for _ in 0..KMEANS_ROUNDS {
        let labs: Vec<[f32; 3]> = chosen.iter().map(|&i| perceptual[i]).collect();
        let mut centres = labs.clone();
        kmeans_step(&points, &mut centres, false);
        let next: Vec<usize> = centres
            .iter()
            .zip(&chosen)
            .map(|(&c, &old)| {
                let best = nearest.index_of(c) as usize;
                let taken =
                    |other: &usize| *other != old && (*other == best || alike(*other, best));
                if best != old && chosen.iter().any(taken) {
                    old
                } else {
                    best
                }
            })
            .collect();
        if next == chosen {
            break;
        }
        chosen = next;
    }
    chosen.sort_unstable();
    chosen.dedup();
    Palette::new(
        format!("{}-{}", palette.name, chosen.len()),
        chosen.into_iter().map(|i| distinct[i]).collect(),
    )
}

/// Splits the point cloud into `colors` boxes, always splitting the box with the largest
/// weighted squared error, at the cut along its widest axis that minimises the error of
/// the two halves. Returns the weighted box means.
fn median_cut(points: Vec<Point>, colors: usize) -> Vec<[f32; 3]> {
    if points.is_empty() {
        return Vec::new();
    }
    let mut boxes = vec![Box3::new(points)];
    while boxes.len() < colors {
        let (index, _) = boxes
            .iter()
            .enumerate()
            .filter(|(_, b)| b.points.len() > 1)
            .max_by(|a, b| a.1.error.total_cmp(&b.1.error))
            .unwrap_or((usize::MAX, &boxes[0]));
        if index == usize::MAX || boxes[index].error <= 0.0 {
            break;
        }
        let parent = boxes.swap_remove(index);
        let (a, b) = parent.split();
        boxes.push(a);
        boxes.push(b);
    }
    boxes.iter().map(|b| b.mean).collect()
}

struct Box3 {
    points: Vec<Point>,
    mean: [f32; 3],
    error: f32,
}

impl Box3 {
    fn new(points: Vec<Point>) -> Self {
        let (mean, error) = stats(&points);
        Box3 {
            points,
            mean,
            error,
        }
    }

    fn split(mut self) -> (Box3, Box3) {
        let axis = (0..3)
            .max_by(|&a, &b| self.variance(a).total_cmp(&self.variance(b)))
            .expect("three axes");
        self.points
            .sort_by(|p, q| p.perceptual[axis].total_cmp(&q.perceptual[axis]));
        // Prefix sums along the axis to find the cut with the least total error on it.
        let n = self.points.len();
        let (mut w, mut s, mut s2) = (0.0f64, 0.0f64, 0.0f64);
        let total_w: f64 = self.points.iter().map(|p| p.weight as f64).sum();
        let total_s: f64 = self
            .points
            .iter()
            .map(|p| (p.weight * p.perceptual[axis]) as f64)
            .sum();
        let total_s2: f64 = self
            .points
            .iter()
            .map(|p| (p.weight * p.perceptual[axis] * p.perceptual[axis]) as f64)
            .sum();
        let mut best = (f64::INFINITY, n / 2);
        for (i, p) in self.points[..n - 1].iter().enumerate() {
            let v = p.perceptual[axis] as f64;
            w += p.weight as f64;
            s += p.weight as f64 * v;
            s2 += p.weight as f64 * v * v;
            let (rw, rs, rs2) = (total_w - w, total_s - s, total_s2 - s2);
            let err = (s2 - s * s / w) + (rs2 - rs * rs / rw.max(1e-9));
            if err < best.0 {
                best = (err, i + 1);
            }
        }
        let right = self.points.split_off(best.1);
        (Box3::new(self.points), Box3::new(right))
    }

    fn variance(&self, axis: usize) -> f32 {
        let w: f32 = self.points.iter().map(|p| p.weight).sum();
        self.points
            .iter()
            .map(|p| p.weight * (p.perceptual[axis] - self.mean[axis]).powi(2))
            .sum::<f32>()
            / w
    }
}

fn stats(points: &[Point]) -> ([f32; 3], f32) {
    let mut w = 0.0f64;
    let mut sum = [0.0f64; 3];
    for p in points {
        w += p.weight as f64;
        for (s, v) in sum.iter_mut().zip(p.perceptual) {
            *s += (p.weight * v) as f64;
        }
    }
    let mean = sum.map(|s| (s / w) as f32);
    let error = points
        .iter()
        .map(|p| p.weight * distance2(p.perceptual, mean))
        .sum();
    (mean, error)
}

/// Lloyd's k-means from the given centres until they stop moving, then rounds that
/// weigh each point by the inverse of its distance to its centre (Weiszfeld's
/// iteration), which move the centres towards the medians of their clusters: the
/// quality measure is a mean distance, not a mean squared one.
fn kmeans(points: &[Point], centres: &mut [[f32; 3]]) {
    for _ in 0..KMEANS_ROUNDS {
        if kmeans_step(points, centres, false) < 1e-7 {
            break;
        }
    }
    for _ in 0..MEDIAN_ROUNDS {
        if kmeans_step(points, centres, true) < 1e-7 {
            break;
        }
    }
}

/// One k-means round (a median round with `median`); returns the largest squared
/// move of a centre.
fn kmeans_step(points: &[Point], centres: &mut [[f32; 3]], median: bool) -> f32 {
    if centres.is_empty() {
        return 0.0;
    }
    let method = if centres.len() >= crate::nearest::KD_TREE_FROM {
        Method::KdTree
    } else {
        Method::BruteForce
    };
    let nearest = Nearest::from_points(centres, method);
    let k = centres.len();
    let sums = points
        .par_chunks(4096)
        .fold(
            || vec![[0.0f64; 4]; k],
            |mut acc, chunk| {
                for p in chunk {
                    let i = nearest.index_of(p.perceptual) as usize;
                    let w = if median {
                        // Floored so a point on its centre does not take it over.
                        p.weight as f64 / distance2(p.perceptual, centres[i]).sqrt().max(0.3) as f64
                    } else {
                        p.weight as f64
                    };
                    for (a, v) in acc[i].iter_mut().zip(p.perceptual) {
                        *a += w * v as f64;
                    }
                    acc[i][3] += w;
                }
                acc
            },
        )
        .reduce(
            || vec![[0.0f64; 4]; k],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    for c in 0..4 {
                        x[c] += y[c];
                    }
                }
                a
            },
        );
    let mut moved = 0.0f32;
    for (centre, sum) in centres.iter_mut().zip(sums) {
        if sum[3] > 0.0 {
            let next = [0, 1, 2].map(|c| (sum[c] / sum[3]) as f32);
            moved = moved.max(distance2(*centre, next));
            *centre = next;
        }
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::*;

    fn histogram_of(colors: &[([u8; 3], usize)]) -> Histogram {
        Histogram::from_colors(colors.iter().flat_map(|&(c, n)| std::iter::repeat_n(c, n)))
    }

    #[test]
    fn finds_the_exact_colours_when_there_are_few() {
        let colors = [
            ([255, 0, 0], 10),
            ([0, 0, 255], 5),
            ([20, 200, 20], 7),
            ([250, 250, 250], 1),
        ];
        let palette = quantize(&histogram_of(&colors), 4, None);
        let mut got = palette.colors.clone();
        got.sort_unstable();
        let mut want: Vec<[u8; 3]> = colors.iter().map(|c| c.0).collect();
        want.sort_unstable();
        assert_eq!(got, want);
    }

    #[test]
    fn never_returns_more_colours_than_asked() {
        let h = Histogram::from_colors((0..5000u32).map(|i| {
            let v = i.wrapping_mul(2_654_435_761);
            [(v >> 8) as u8, (v >> 16) as u8, (v >> 24) as u8]
        }));
        for n in [2, 16, 256] {
            let p = quantize(&h, n, None);
            assert!(
                p.colors.len() <= n && p.colors.len() >= n / 2,
                "{n}: {}",
                p.colors.len()
            );
        }
        let snes = quantize(&h, 16, Some(Depth::Rgb555));
        assert!(snes.colors.iter().all(|&c| Depth::Rgb555.snap_rgb(c) == c));
    }

    #[test]
    fn many_colours_are_grouped_and_merging_adds_up() {
        // 97 is odd, so these are 100 000 distinct colours each, 200 000 in all.
        let colors = |from: u32| (from..from + 100_000).map(|i| unpack(i * 97 % (1 << 24)));
        let (a, b) = (
            Histogram::from_colors(colors(0)),
            Histogram::from_colors(colors(100_000)),
        );
        assert_eq!((a.bits, a.entries.len()), (8, 100_000));
        let merged = a.merged(b);
        assert!(merged.bits < 8 && merged.entries.len() <= MAX_ENTRIES);
        assert!(merged.entries.windows(2).all(|w| w[0].key < w[1].key));
        assert_eq!(merged.entries.iter().map(|e| e.count).sum::<u64>(), 200_000);
    }

    #[test]
    fn subset_picks_the_used_entries() {
        let h = histogram_of(&[([250, 250, 250], 10), ([5, 5, 5], 10)]);
        let pico8 = Palette::builtin("pico8").unwrap();
        let two = subset(&h, &pico8, 2);
        assert_eq!(two.colors, [[0, 0, 0], [0xFF, 0xF1, 0xE8]]);
    }

    #[test]
    fn a_subset_spends_no_two_colours_on_entries_that_look_alike() {
        // Greys between the NES's 7C7C7C and 787878, and its two near whites.
        let greys = [
            ([0x7A, 0x7A, 0x7A], 30),
            ([0xFA, 0xFA, 0xFA], 30),
            ([0x20, 0x40, 0xC0], 5),
        ];
        let nes = Palette::builtin("nes").unwrap();
        let chosen = subset(&histogram_of(&greys), &nes, 4).colors;
        let alike =
            |a: [u8; 3], b: [u8; 3]| a[0].abs_diff(b[0]) <= 4 && a[0] == a[1] && b[0] == b[1];
        for (i, &a) in chosen.iter().enumerate() {
            assert!(
                !chosen[i + 1..].iter().any(|&b| alike(a, b)),
                "{chosen:02X?}"
            );
        }
        // A palette of only look-alikes still gives as many as asked for.
        let pale = Palette::new("pale", vec![[0x7C; 3], [0x78; 3], [0x76; 3]]);
        assert_eq!(subset(&histogram_of(&greys), &pale, 2).colors.len(), 2);
    }
}
