//! A CRT look for the upscaled image, after the public-domain crt-lottes shader's ideas:
//! barrel curvature, scanline beams, an aperture-grille shadow mask, bloom and vignette,
//! all computed in linear light.

use rayon::prelude::*;

use crate::color::{linear_to_srgb, srgb_to_linear};
use crate::image::Image;

/// Barrel distortion strength (0 = flat glass).
const CURVATURE: f32 = 0.06;
/// Brightness between scanline beams, relative to their centres.
const SCANLINE_FLOOR: f32 = 0.55;
/// Each phosphor stripe passes its own colour fully and the other two at this level.
const MASK_DARK: f32 = 0.65;
/// How much of the blurred glow is added back.
const BLOOM: f32 = 0.18;
/// Darkening at the corners.
const VIGNETTE: f32 = 0.35;

/// The CRT pass; `scale` is the upscale factor, i.e. the height of one source line.
pub fn crt(image: &Image, scale: u32) -> Image {
    let (w, h) = (image.width as usize, image.height as usize);
    let linear: Vec<[f32; 4]> = image
        .rgba
        .chunks_exact(4)
        .map(|p| {
            [
                srgb_to_linear(p[0]),
                srgb_to_linear(p[1]),
                srgb_to_linear(p[2]),
                p[3] as f32 / 255.0,
            ]
        })
        .collect();
    let glow = blur(&linear, w, h, (scale as usize * 2).max(2));
    let line = scale.max(2) as f32;
    // The mask and the beams darken on average; this gain brings mid greys back.
    let gain = 1.0 / ((1.0 + 2.0 * MASK_DARK) / 3.0 * (SCANLINE_FLOOR + 1.0) / 2.0);
    let mut rgba = vec![0u8; w * h * 4];
    rgba.par_chunks_mut(w * 4).enumerate().for_each(|(y, row)| {
        for x in 0..w {
            let (u, v) = (
                2.0 * (x as f32 + 0.5) / w as f32 - 1.0,
                2.0 * (y as f32 + 0.5) / h as f32 - 1.0,
            );
            let r2 = u * u + v * v;
            let bend = 1.0 + CURVATURE * r2;
            let (su, sv) = (u * bend, v * bend);
            let out = &mut row[x * 4..x * 4 + 4];
            if su.abs() > 1.0 || sv.abs() > 1.0 {
                out.copy_from_slice(&[0, 0, 0, 255]);
                continue;
            }
            let sx = (((su + 1.0) / 2.0 * w as f32) as usize).min(w - 1);
            let syf = (sv + 1.0) / 2.0 * h as f32;
            let sy = (syf as usize).min(h - 1);
            let i = sy * w + sx;
            let phase = (syf / line).fract();
            let beam =
                SCANLINE_FLOOR + (1.0 - SCANLINE_FLOOR) * (std::f32::consts::PI * phase).sin();
            let vignette = 1.0 - VIGNETTE * (r2 / 2.0).powi(2);
            for c in 0..3 {
                let mask = if x % 3 == c { 1.0 } else { MASK_DARK };
                let value = (linear[i][c] * beam * mask * gain + glow[i][c] * BLOOM) * vignette;
                out[c] = linear_to_srgb(value);
            }
            out[3] = (linear[i][3] * 255.0).round() as u8;
        }
    });
    Image {
        width: image.width,
        height: image.height,
        rgba,
    }
}

/// Two passes of a separable box blur (close to a Gaussian) of the given radius.
fn blur(src: &[[f32; 4]], w: usize, h: usize, radius: usize) -> Vec<[f32; 4]> {
    let mut a = src.to_vec();
    for _ in 0..2 {
        a = box_pass(&a, w, h, radius, true);
        a = box_pass(&a, w, h, radius, false);
    }
    a
}

fn box_pass(
    src: &[[f32; 4]],
    w: usize,
    h: usize,
    radius: usize,
    horizontal: bool,
) -> Vec<[f32; 4]> {
    let (lines, len) = if horizontal { (h, w) } else { (w, h) };
    let at = |line: usize, k: usize| {
        if horizontal {
            line * w + k
        } else {
            k * w + line
        }
    };
    let mut out = vec![[0.0f32; 4]; src.len()];
    for line in 0..lines {
        let mut sum = [0.0f32; 4];
        let mut count = 0.0f32;
        for k in 0..radius.min(len) {
            add(&mut sum, &src[at(line, k)], 1.0);
            count += 1.0;
        }
        for k in 0..len {
            if k + radius < len {
                add(&mut sum, &src[at(line, k + radius)], 1.0);
                count += 1.0;
            }
            if k > radius {
                add(&mut sum, &src[at(line, k - radius - 1)], -1.0);
                count -= 1.0;
            }
            out[at(line, k)] = sum.map(|s| s / count);
        }
    }
    out
}

fn add(sum: &mut [f32; 4], p: &[f32; 4], sign: f32) {
    for c in 0..4 {
        sum[c] += sign * p[c];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_size_darkens_corners_and_keeps_mid_greys_bright() {
        let image = Image::new(60, 40, vec![180; 60 * 40 * 4]).unwrap();
        let out = crt(&image, 4);
        assert_eq!((out.width, out.height), (60, 40));
        let luma = |x: u32, y: u32| out.pixel(x, y)[..3].iter().map(|&c| c as u32).sum::<u32>();
        let centre: u32 = (28..31).map(|x| luma(x, 20)).sum::<u32>() / 3;
        assert!(
            luma(0, 0) < centre,
            "corner {} vs centre {centre}",
            luma(0, 0)
        );
        assert!(centre > 3 * 120, "centre {centre}");
    }

    #[test]
    fn blur_preserves_flat_areas() {
        let flat = vec![[0.5f32; 4]; 100];
        assert!(
            blur(&flat, 10, 10, 3)
                .iter()
                .all(|p| (p[0] - 0.5).abs() < 1e-5)
        );
    }
}
