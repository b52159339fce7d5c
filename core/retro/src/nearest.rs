//! Nearest palette colour in the perceptual space (see [`crate::color::linear_to_perceptual`]), by the fastest method for the palette size.
//!
//! Three methods, measured in `benches/nearest.rs`:
//! * brute force over the palette stored as three `f32` columns, which the compiler
//!   vectorises; best for small palettes;
//! * a `kiddo` k-d tree, best for large palettes;
//! * a lookup table from 6-bit-per-channel sRGB to palette index, filled once with the
//!   exact method at each cell's centre; by far the fastest per pixel, but only exact to
//!   within a cell (4 sRGB steps), so it serves the ordered dithers, whose threshold
//!   noise is much larger than a cell.

use kiddo::{ImmutableKdTree, SquaredEuclidean};

use crate::color::{linear_to_perceptual, rgb_to_perceptual};

/// Palette size from which the k-d tree beats brute force. Measured with
/// `cargo bench -p oneshot-retro --bench retro -- nearest` (4096 probes): the two tie
/// at 64 colours (358 us each); at 128 the tree takes 411 us against 721 us.
pub const KD_TREE_FROM: usize = 65;

/// Exact nearest-colour search over a palette's perceptual coordinates.
pub struct Nearest {
    l: Vec<f32>,
    a: Vec<f32>,
    b: Vec<f32>,
    tree: Option<ImmutableKdTree<f32, 3>>,
}

/// Which search [`Nearest`] uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    BruteForce,
    KdTree,
}

impl Nearest {
    /// A search over `colors`, with the method chosen by palette size.
    pub fn new(colors: &[[u8; 3]]) -> Self {
        let method = if colors.len() >= KD_TREE_FROM {
            Method::KdTree
        } else {
            Method::BruteForce
        };
        Self::with_method(colors, method)
    }

    /// A search over `colors` with a given method (for benchmarks and tests).
    pub fn with_method(colors: &[[u8; 3]], method: Method) -> Self {
        let points: Vec<[f32; 3]> = colors.iter().map(|&c| rgb_to_perceptual(c)).collect();
        Self::from_points(&points, method)
    }

    /// A search over perceptual points.
    pub fn from_points(points: &[[f32; 3]], method: Method) -> Self {
        assert!(
            !points.is_empty() && points.len() <= 256,
            "palettes hold 1..=256 colours"
        );
        let tree = (method == Method::KdTree).then(|| {
            ImmutableKdTree::new_from_slice(points).expect("a non-empty finite point set")
        });
        Nearest {
            l: points.iter().map(|p| p[0]).collect(),
            a: points.iter().map(|p| p[1]).collect(),
            b: points.iter().map(|p| p[2]).collect(),
            tree,
        }
    }

    pub fn len(&self) -> usize {
        self.l.len()
    }

    pub fn is_empty(&self) -> bool {
        self.l.is_empty()
    }

    /// Index of the palette colour nearest to a perceptual point.
    #[inline]
    pub fn index_of(&self, lab: [f32; 3]) -> u8 {
        match &self.tree {
            Some(tree) => {
                tree.query(&lab)
                    .nearest_one::<SquaredEuclidean<f32>>()
                    .execute()
                    .item as u8
            }
            None => self.brute_force(lab),
        }
    }

    /// Index of the palette colour nearest to a linear RGB colour.
    #[inline]
    pub fn index_of_linear(&self, linear: [f32; 3]) -> u8 {
        self.index_of(linear_to_perceptual(linear))
    }

    #[inline]
    fn brute_force(&self, [l, a, b]: [f32; 3]) -> u8 {
        let mut best = (f32::INFINITY, 0usize);
        for (i, ((pl, pa), pb)) in self.l.iter().zip(&self.a).zip(&self.b).enumerate() {
            let (dl, da, db) = (pl - l, pa - a, pb - b);
            let d = dl * dl + da * da + db * db;
            if d < best.0 {
                best = (d, i);
            }
        }
        best.1 as u8
    }
}

const LUT_BITS: u32 = 6;
const LUT_SIDE: usize = 1 << LUT_BITS;

/// sRGB (quantised to 6 bits a channel) to nearest palette index.
pub struct RgbLut {
    table: Box<[u8]>,
}

impl RgbLut {
    /// Fills the table with the exact nearest colour at each cell's centre.
    pub fn new(nearest: &Nearest) -> Self {
        use rayon::prelude::*;
        let table = (0..Self::CELLS)
            .into_par_iter()
            .map(|key| nearest.index_of(rgb_to_perceptual(Self::centre(key))))
            .collect();
        RgbLut { table }
    }

    /// Number of cells.
    const CELLS: usize = LUT_SIDE * LUT_SIDE * LUT_SIDE;

    /// The sRGB colour at the centre of a cell.
    fn centre(key: usize) -> [u8; 3] {
        let step = 256 / LUT_SIDE;
        let channel = |v: usize| ((v % LUT_SIDE) * step + step / 2) as u8;
        [
            channel(key >> (2 * LUT_BITS)),
            channel(key >> LUT_BITS),
            channel(key),
        ]
    }

    /// The palette index for an sRGB colour.
    #[inline]
    pub fn index_of(&self, [r, g, b]: [u8; 3]) -> u8 {
        let shift = 8 - LUT_BITS;
        let key = ((r as usize >> shift) << (2 * LUT_BITS))
            | ((g as usize >> shift) << LUT_BITS)
            | (b as usize >> shift);
        self.table[key]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_colors(n: usize) -> Vec<[u8; 3]> {
        (0..n as u32)
            .map(|i| {
                let h = i.wrapping_mul(2_654_435_761);
                [(h >> 24) as u8, (h >> 16) as u8, (h >> 8) as u8]
            })
            .collect()
    }

    #[test]
    fn brute_force_and_kd_tree_agree() {
        for n in [1, 2, 16, 64, 256] {
            let palette = sample_colors(n);
            let brute = Nearest::with_method(&palette, Method::BruteForce);
            let tree = Nearest::with_method(&palette, Method::KdTree);
            for probe in sample_colors(500)
                .iter()
                .map(|&c| rgb_to_perceptual([c[2], c[0], c[1]]))
            {
                let (i, j) = (
                    brute.index_of(probe) as usize,
                    tree.index_of(probe) as usize,
                );
                let d = |k: usize| crate::color::distance2(probe, rgb_to_perceptual(palette[k]));
                assert!((d(i) - d(j)).abs() < 1e-6, "n={n}: {i} vs {j}");
            }
        }
    }

    #[test]
    fn palette_colours_map_to_themselves() {
        let palette = crate::Palette::builtin("pico8").unwrap().colors;
        let nearest = Nearest::new(&palette);
        let lut = RgbLut::new(&nearest);
        for (i, &c) in palette.iter().enumerate() {
            assert_eq!(nearest.index_of(rgb_to_perceptual(c)) as usize, i);
        }
        assert_eq!(lut.index_of([0, 0, 0]), 0);
        assert_eq!(lut.index_of([255, 255, 255]), 7);
    }
}
