//! A 64x64 blue-noise threshold mask made with Ulichney's void-and-cluster method
//! (1993), generated once per process and cached.
//!
//! Blue noise has no low-frequency structure, so dithering with it looks like fine
//! grain instead of Bayer's cross-hatch, and, being a fixed screen-anchored mask, it
//! stays still from frame to frame.

use std::sync::OnceLock;

/// Side of the (tileable) mask.
pub const SIDE: usize = 64;
const N: usize = SIDE * SIDE;
const SIGMA: f32 = 1.5;

/// Thresholds in `0..1`, row-major, each of the 4096 ranks used once.
pub fn mask() -> &'static [f32; N] {
    static MASK: OnceLock<Box<[f32; N]>> = OnceLock::new();
    MASK.get_or_init(|| {
        let ranks = void_and_cluster();
        Box::new(std::array::from_fn(|i| (ranks[i] as f32 + 0.5) / N as f32))
    })
}

/// Offsets beyond this contribute less than 0.1% of a point's energy and are skipped.
const REACH: usize = 6;

/// Gaussian energy a point contributes at each offset (dx, dy) within [`REACH`].
fn kernel() -> Vec<(usize, usize, f32)> {
    let span = -(REACH as isize)..=REACH as isize;
    span.clone()
        .flat_map(|dy| span.clone().map(move |dx| (dx, dy)))
        .map(|(dx, dy)| {
            let energy = (-((dx * dx + dy * dy) as f32) / (2.0 * SIGMA * SIGMA)).exp();
            // Offsets as positive steps on the torus.
            (
                dx.rem_euclid(SIDE as isize) as usize,
                dy.rem_euclid(SIDE as isize) as usize,
                energy,
            )
        })
        .collect()
}

struct Field {
    ones: Vec<bool>,
    energy: Vec<f32>,
    kernel: Vec<(usize, usize, f32)>,
}

impl Field {
    fn toggle(&mut self, at: usize, on: bool) {
        self.ones[at] = on;
        let sign = if on { 1.0 } else { -1.0 };
        let (ax, ay) = (at % SIDE, at / SIDE);
        for &(dx, dy, energy) in &self.kernel {
            self.energy[(ay + dy) % SIDE * SIDE + (ax + dx) % SIDE] += sign * energy;
        }
    }

    /// The one with the highest energy (the tightest cluster).
    fn tightest_cluster(&self) -> usize {
        self.extreme(true, |a, b| a > b)
    }

    /// The zero with the lowest energy (the largest void).
    fn largest_void(&self) -> usize {
        self.extreme(false, |a, b| a < b)
    }

    fn extreme(&self, among_ones: bool, better: impl Fn(f32, f32) -> bool) -> usize {
        let mut best: Option<usize> = None;
        for i in 0..N {
            if self.ones[i] == among_ones
                && best.is_none_or(|b| better(self.energy[i], self.energy[b]))
            {
                best = Some(i);
            }
        }
        best.expect("the field has both ones and zeros")
    }
}

fn void_and_cluster() -> Vec<u32> {
    let mut field = Field {
        ones: vec![false; N],
        energy: vec![0.0; N],
        kernel: kernel(),
    };
    // Initial pattern: 10% of the cells from a fixed xorshift sequence (deterministic).
    let mut state = 0x9E37_79B9u32;
    let mut placed = 0;
    while placed < N / 10 {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let at = state as usize % N;
        if !field.ones[at] {
            field.toggle(at, true);
            placed += 1;
        }
    }
    // Spread it out: move the tightest cluster into the largest void until stable.
    loop {
        let cluster = field.tightest_cluster();
        field.toggle(cluster, false);
        let void = field.largest_void();
        if void == cluster {
            field.toggle(cluster, true);
            break;
        }
        field.toggle(void, true);
    }
    let initial = (field.ones.clone(), field.energy.clone());
    let mut ranks = vec![0u32; N];
    // Phase 1: rank the initial ones by removing tightest clusters.
    for rank in (0..placed).rev() {
        let cluster = field.tightest_cluster();
        field.toggle(cluster, false);
        ranks[cluster] = rank as u32;
    }
    // Phases 2 and 3: fill the largest voids, in order.
    (field.ones, field.energy) = initial;
    for rank in placed..N {
        let void = field.largest_void();
        field.toggle(void, true);
        ranks[void] = rank as u32;
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_is_a_permutation_of_ranks() {
        let mask = mask();
        let mut ranks: Vec<u32> = mask.iter().map(|t| (t * N as f32) as u32).collect();
        ranks.sort_unstable();
        assert!(ranks.iter().enumerate().all(|(i, &r)| i as u32 == r));
    }

    #[test]
    fn thresholds_are_spread_out_locally() {
        // In any 8x8 window, the lowest 1/8 of thresholds must not clump: blue noise
        // puts about 8 of them in each window (white noise varies far more).
        let mask = mask();
        for wy in 0..SIDE / 8 {
            for wx in 0..SIDE / 8 {
                let count = (0..64)
                    .filter(|i| mask[(wy * 8 + i / 8) * SIDE + wx * 8 + i % 8] < 0.125)
                    .count();
                assert!((4..=12).contains(&count), "window ({wx},{wy}) has {count}");
            }
        }
    }
}
