//! Quality measures between a reference and a processed image of the same size: PSNR,
//! mean CIEDE2000, and mean CIEDE2000 after a low-pass blur of both (which is what the
//! eye sees of a dithered image from a normal distance; plain PSNR punishes good dithering).

use serde::Serialize;

use crate::color::{ciede2000, linear_to_srgb, srgb_to_linear};
use crate::image::Image;

/// Quality of one frame against its reference.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quality {
    /// Peak signal-to-noise ratio over RGB, in dB (infinite when identical).
    pub psnr: f64,
    /// Mean CIEDE2000 difference per pixel.
    pub delta_e: f64,
    /// Mean CIEDE2000 after a 5x5 binomial blur (in linear light) of both images.
    pub delta_e_blurred: f64,
}

/// Compares `output` with `reference` (same size; alpha is ignored).
pub fn quality(reference: &Image, output: &Image) -> Quality {
    assert_eq!(
        (reference.width, reference.height),
        (output.width, output.height),
        "metrics compare images of one size"
    );
    let rgb = |img: &Image| -> Vec<[u8; 3]> {
        img.rgba
            .chunks_exact(4)
            .map(|p| [p[0], p[1], p[2]])
            .collect()
    };
    let (a, b) = (rgb(reference), rgb(output));
    let mse: f64 = a
        .iter()
        .zip(&b)
        .map(|(p, q)| {
            (0..3)
                .map(|c| (p[c] as f64 - q[c] as f64).powi(2))
                .sum::<f64>()
        })
        .sum::<f64>()
        / (a.len() * 3) as f64;
    let psnr = if mse == 0.0 {
        f64::INFINITY
    } else {
        10.0 * (255.0f64 * 255.0 / mse).log10()
    };
    let (w, h) = (reference.width as usize, reference.height as usize);
    Quality {
        psnr,
        delta_e: mean_delta_e(&a, &b),
        delta_e_blurred: mean_delta_e(&blur(&a, w, h), &blur(&b, w, h)),
    }
}

fn mean_delta_e(a: &[[u8; 3]], b: &[[u8; 3]]) -> f64 {
    use rayon::prelude::*;
    let sum: f64 = a
        .par_iter()
        .zip(b)
        .map(|(&p, &q)| ciede2000(p, q) as f64)
        .sum();
    sum / a.len() as f64
}

/// 5x5 binomial (1 4 6 4 1) blur in linear light, edges clamped.
fn blur(rgb: &[[u8; 3]], w: usize, h: usize) -> Vec<[u8; 3]> {
    const K: [f32; 5] = [1.0, 4.0, 6.0, 4.0, 1.0];
    let lin: Vec<[f32; 3]> = rgb.iter().map(|p| p.map(srgb_to_linear)).collect();
    let pass = |src: &[[f32; 3]], dx: isize, dy: isize| -> Vec<[f32; 3]> {
        (0..w * h)
            .map(|i| {
                let (x, y) = ((i % w) as isize, (i / w) as isize);
                let mut sum = [0.0f32; 3];
                for (k, weight) in K.iter().enumerate() {
                    let o = k as isize - 2;
                    let sx = (x + o * dx).clamp(0, w as isize - 1) as usize;
                    let sy = (y + o * dy).clamp(0, h as isize - 1) as usize;
                    for c in 0..3 {
                        sum[c] += src[sy * w + sx][c] * weight / 16.0;
                    }
                }
                sum
            })
            .collect()
    };
    let blurred = pass(&pass(&lin, 1, 0), 0, 1);
    blurred.iter().map(|p| p.map(linear_to_srgb)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_images_are_perfect_and_checkerboards_blur_to_grey() {
        let grey = Image::new(8, 8, [188, 188, 188, 255].repeat(64)).unwrap();
        let q = quality(&grey, &grey);
        assert!(q.psnr.is_infinite() && q.delta_e == 0.0);
        let checker: Vec<u8> = (0..64)
            .flat_map(|i| {
                if (i % 8 + i / 8) % 2 == 0 {
                    [255, 255, 255, 255]
                } else {
                    [0, 0, 0, 255]
                }
            })
            .collect();
        let q = quality(&grey, &Image::new(8, 8, checker).unwrap());
        assert!(q.delta_e > 40.0, "{q:?}");
        assert!(q.delta_e_blurred < 3.0, "{q:?}");
    }
}
