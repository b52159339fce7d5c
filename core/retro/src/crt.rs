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

/// Radius of the glow's blur, in native pixels: two lines of the picture.
const GLOW_RADIUS: usize = 2;

/// The CRT look of a native frame shown `scale` times its size (`scale` is the
/// height of one source line on the screen). The beams and the mask are drawn at
/// the screen's size; the picture under them is read from the native frame, as a
/// nearest-neighbour upscale shows it, and the soft glow is blurred at the native
/// size and read back smoothly. Nothing of screen size but the result is held in
/// memory: a 4K frame at scale 3 needs its 300 MB result, not gigabytes of
/// floating-point copies.
pub fn crt(native: &Image, scale: u32) -> Image {
    let (nw, nh) = (native.width as usize, native.height as usize);
    let f = scale.max(1) as usize;
    let (w, h) = (nw * f, nh * f);
    let linear: Vec<[f32; 3]> = native
        .rgba
        .chunks_exact(4)
        .map(|p| {
            [
                srgb_to_linear(p[0]),
                srgb_to_linear(p[1]),
                srgb_to_linear(p[2]),
            ]
        })
        .collect();
    let glow = blur(&linear, nw, nh, GLOW_RADIUS);
    // The glow between native pixel centres, at native coordinates `(x, y)`.
    let glow_at = |x: f32, y: f32| -> [f32; 3] {
        let x = (x - 0.5).clamp(0.0, (nw - 1) as f32);
        let y = (y - 0.5).clamp(0.0, (nh - 1) as f32);
        let (x0, y0) = (x as usize, y as usize);
        let (x1, y1) = ((x0 + 1).min(nw - 1), (y0 + 1).min(nh - 1));
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let at = |x: usize, y: usize| glow[y * nw + x];
        let (a, b, c, d) = (at(x0, y0), at(x1, y0), at(x0, y1), at(x1, y1));
        std::array::from_fn(|k| {
            let top = a[k] + (b[k] - a[k]) * fx;
            let bottom = c[k] + (d[k] - c[k]) * fx;
            top + (bottom - top) * fy
        })
    };
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
            let sxf = (su + 1.0) / 2.0 * w as f32;
            let syf = (sv + 1.0) / 2.0 * h as f32;
            let sx = (sxf as usize).min(w - 1);
            let sy = (syf as usize).min(h - 1);
            let i = (sy / f) * nw + sx / f;
            let phase = (syf / line).fract();
            let beam =
                SCANLINE_FLOOR + (1.0 - SCANLINE_FLOOR) * (std::f32::consts::PI * phase).sin();
            let vignette = 1.0 - VIGNETTE * (r2 / 2.0).powi(2);
            let glow = glow_at(sxf / f as f32, syf / f as f32);
            for c in 0..3 {
                let mask = if x % 3 == c { 1.0 } else { MASK_DARK };
                let value = (linear[i][c] * beam * mask * gain + glow[c] * BLOOM) * vignette;
                out[c] = linear_to_srgb(value);
            }
            out[3] = native.rgba[i * 4 + 3];
        }
    });
    Image {
        width: w as u32,
        height: h as u32,
        rgba,
    }
}

/// Two passes of a separable box blur (close to a Gaussian) of the given radius.
fn blur(src: &[[f32; 3]], w: usize, h: usize, radius: usize) -> Vec<[f32; 3]> {
    let mut a = src.to_vec();
    for _ in 0..2 {
        a = box_pass(&a, w, h, radius, true);
        a = box_pass(&a, w, h, radius, false);
    }
    a
}

fn box_pass(
    src: &[[f32; 3]],
    w: usize,
    h: usize,
    radius: usize,
    horizontal: bool,
) -> Vec<[f32; 3]> {
    let (lines, len) = if horizontal { (h, w) } else { (w, h) };
    let at = |line: usize, k: usize| {
        if horizontal {
            line * w + k
        } else {
            k * w + line
        }
    };
    let mut out = vec![[0.0f32; 3]; src.len()];
    for line in 0..lines {
        let mut sum = [0.0f32; 3];
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

fn add(sum: &mut [f32; 3], p: &[f32; 3], sign: f32) {
    for c in 0..3 {
        sum[c] += sign * p[c];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_frame_scaled_with_dark_corners_and_mid_greys_kept_bright() {
        let image = Image::new(15, 10, vec![180; 15 * 10 * 4]).unwrap();
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
    fn shows_each_native_pixel_where_the_upscale_puts_it() {
        // Red on the left half, blue on the right: the screen keeps the halves.
        let rgba = (0..8 * 6)
            .flat_map(|i| {
                if i % 8 < 4 {
                    [200, 0, 0, 255]
                } else {
                    [0, 0, 200, 255]
                }
            })
            .collect();
        let out = crt(&Image::new(8, 6, rgba).unwrap(), 3);
        assert_eq!((out.width, out.height), (24, 18));
        let (left, right) = (out.pixel(6, 9), out.pixel(17, 9));
        assert!(
            left[0] > left[2] && right[2] > right[0],
            "{left:?} {right:?}"
        );
        assert_eq!(left[3], 255);
    }

    #[test]
    fn blur_preserves_flat_areas() {
        let flat = vec![[0.5f32; 3]; 100];
        assert!(
            blur(&flat, 10, 10, 3)
                .iter()
                .all(|p| (p[0] - 0.5).abs() < 1e-5)
        );
    }
}
