//! Deterministic randomness: a hash for per-particle values and value noise for
//! smoke and haze. Nothing here keeps state, so any pixel or particle can be
//! computed alone, on any thread, in any order.

/// Mixes two numbers into one well-scrambled 64-bit value (SplitMix64's finaliser).
pub fn mix(a: u64, b: u64) -> u64 {
    let mut z = a ^ b.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A particle's `field`th random number in `0..1`.
pub fn unit(seed: u64, particle: u64, field: u64) -> f32 {
    let bits = mix(mix(seed, particle), field) >> 40;
    bits as f32 / (1u64 << 24) as f32
}

/// Value noise in `0..1`: random values on the integer lattice, smoothly
/// interpolated, in three dimensions (the third is time, so the pattern changes
/// as it drifts).
fn value_noise(seed: u64, x: f32, y: f32, z: f32) -> f32 {
    let (xi, yi, zi) = (x.floor(), y.floor(), z.floor());
    let smooth = |t: f32| t * t * (3.0 - 2.0 * t);
    let (fx, fy, fz) = (smooth(x - xi), smooth(y - yi), smooth(z - zi));
    let (xi, yi, zi) = (xi as i64, yi as i64, zi as i64);
    let corner = |dx: i64, dy: i64, dz: i64| {
        let cell = ((xi + dx) as u64)
            .wrapping_mul(0x8CB9_2BA7_2F3D_8DD7)
            .wrapping_add(((yi + dy) as u64).wrapping_mul(0x6A09_E667_F3BC_C909))
            .wrapping_add(((zi + dz) as u64).wrapping_mul(0x3C6E_F372_FE94_F82B));
        (mix(seed, cell) >> 40) as f32 / (1u64 << 24) as f32
    };
    let lerp = |a: f32, b: f32, t: f32| a + (b - a) * t;
    let plane = |dz| {
        let near = lerp(corner(0, 0, dz), corner(1, 0, dz), fx);
        let far = lerp(corner(0, 1, dz), corner(1, 1, dz), fx);
        lerp(near, far, fy)
    };
    lerp(plane(0), plane(1), fz)
}

/// Fractal value noise in `0..1`: `octaves` layers, each twice as fine and half
/// as strong as the one before, the look of cloud, fog and smoke.
pub fn fractal(seed: u64, x: f32, y: f32, z: f32, octaves: u32) -> f32 {
    let (mut sum, mut weight, mut total, mut scale) = (0.0, 1.0, 0.0, 1.0);
    for octave in 0..octaves {
        sum += weight * value_noise(mix(seed, octave.into()), x * scale, y * scale, z * scale);
        total += weight;
        weight *= 0.5;
        scale *= 2.0;
    }
    sum / total
}

/// A smooth function of the pixel position worked out every [`Grid::STEP`]
/// pixels and interpolated in between: fog and smoke whose finest detail spans
/// dozens of pixels need not be computed at every one.
pub struct Grid {
    columns: usize,
    values: Vec<f32>,
}

impl Grid {
    pub const STEP: usize = 4;

    /// `value(x, y)` (pixel coordinates) over a `width` x `height` frame.
    pub fn new(width: usize, height: usize, value: impl Fn(f32, f32) -> f32 + Sync) -> Grid {
        use rayon::prelude::*;
        // One node past the frame's edge, so every pixel has nodes on all sides.
        let columns = width / Self::STEP + 2;
        let rows = height / Self::STEP + 2;
        let values = (0..rows)
            .into_par_iter()
            .flat_map_iter(|row| {
                let value = &value;
                (0..columns).map(move |column| {
                    value((column * Self::STEP) as f32, (row * Self::STEP) as f32)
                })
            })
            .collect();
        Grid { columns, values }
    }

    /// The value at pixel `(x, y)`, bilinear between the nodes around it.
    pub fn at(&self, x: usize, y: usize) -> f32 {
        let (column, row) = (x / Self::STEP, y / Self::STEP);
        let step = Self::STEP as f32;
        let (tx, ty) = (
            (x % Self::STEP) as f32 / step,
            (y % Self::STEP) as f32 / step,
        );
        let node = |c: usize, r: usize| self.values[r * self.columns + c];
        let top = node(column, row) + (node(column + 1, row) - node(column, row)) * tx;
        let bottom =
            node(column, row + 1) + (node(column + 1, row + 1) - node(column, row + 1)) * tx;
        top + (bottom - top) * ty
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_in_range_and_spread() {
        let values: Vec<f32> = (0..1000).map(|i| unit(3, i, 0)).collect();
        assert!(values.iter().all(|v| (0.0..1.0).contains(v)));
        let mean = values.iter().sum::<f32>() / 1000.0;
        assert!((mean - 0.5).abs() < 0.05, "{mean}");
        assert_ne!(unit(3, 1, 0), unit(4, 1, 0));
    }

    #[test]
    fn noise_is_smooth_and_in_range() {
        for i in 0..500 {
            let x = i as f32 * 0.037;
            let here = fractal(9, x, 1.3, 0.2, 3);
            let next = fractal(9, x + 0.001, 1.3, 0.2, 3);
            assert!((0.0..=1.0).contains(&here));
            assert!((here - next).abs() < 0.02, "jump at {x}");
        }
    }

    #[test]
    fn grids_are_exact_on_nodes_and_linear_between() {
        let grid = Grid::new(10, 7, |x, y| x + 10.0 * y);
        for (x, y) in [(0, 0), (4, 4), (8, 4), (9, 6), (3, 5)] {
            assert_eq!(grid.at(x, y), x as f32 + 10.0 * y as f32, "({x}, {y})");
        }
    }
}
