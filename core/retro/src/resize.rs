//! Resolution changes: area-averaged downscale in linear light (so a checkerboard of
//! black and white becomes the right mid grey, not a dark one) and integer
//! nearest-neighbour upscale for display.

use rayon::prelude::*;

use crate::color::srgb_to_linear_table;
use crate::image::{Frame, Image, LinearImage};

/// Source pixels that contribute to one output pixel along an axis, with weights summing to 1.
struct Taps {
    first: usize,
    weights: Vec<f32>,
}

/// The area-average taps for resampling `src` samples to `dst` (each output covers
/// `src / dst` input samples; partial coverage at the edges is weighted).
fn area_taps(src: usize, dst: usize) -> Vec<Taps> {
    let scale = src as f64 / dst as f64;
    (0..dst)
        .map(|i| {
            let (start, end) = (i as f64 * scale, (i + 1) as f64 * scale);
            let first = start.floor() as usize;
            let last = (end.ceil() as usize).min(src).max(first + 1);
            let weights: Vec<f32> = (first..last)
                .map(|j| {
                    let overlap = end.min(j as f64 + 1.0) - start.max(j as f64);
                    (overlap.max(0.0) / scale) as f32
                })
                .collect();
            let sum: f32 = weights.iter().sum();
            Taps {
                first,
                weights: weights.into_iter().map(|w| w / sum).collect(),
            }
        })
        .collect()
}

/// Area-averaged resample of an sRGB image to `width x height` in linear light, alpha-weighted
/// (fully transparent pixels do not bleed their colour into neighbours).
///
/// Each output row first sums its source rows (weighted, premultiplied, linear) into one
/// row, a streaming loop the compiler vectorises, then averages across columns once.
pub fn downscale(src: Frame<'_>, width: u32, height: u32) -> LinearImage {
    let (sw, sh) = (src.width as usize, src.height as usize);
    let (dw, dh) = (width as usize, height as usize);
    let columns = area_taps(sw, dw);
    let rows = area_taps(sh, dh);
    let table = srgb_to_linear_table();
    let mut pixels = vec![[0.0f32; 4]; dw * dh];
    pixels
        .par_chunks_mut(dw)
        .zip(rows.par_iter())
        .for_each_init(
            || vec![[0.0f32; 4]; sw],
            |sum_row, (out_row, row_taps)| {
                sum_row.fill([0.0; 4]);
                for (k, &wy) in row_taps.weights.iter().enumerate() {
                    let y = row_taps.first + k;
                    let src_row = &src.rgba[y * sw * 4..(y + 1) * sw * 4];
                    for (acc, px) in sum_row.iter_mut().zip(src_row.chunks_exact(4)) {
                        let a = px[3] as f32 * (wy / 255.0);
                        acc[0] += table[px[0] as usize] * a;
                        acc[1] += table[px[1] as usize] * a;
                        acc[2] += table[px[2] as usize] * a;
                        acc[3] += a;
                    }
                }
                for (out, col) in out_row.iter_mut().zip(&columns) {
                    let mut acc = [0.0f32; 4];
                    let span = &sum_row[col.first..col.first + col.weights.len()];
                    for (p, &wx) in span.iter().zip(&col.weights) {
                        for c in 0..4 {
                            acc[c] += p[c] * wx;
                        }
                    }
                    let a = acc[3];
                    *out = if a > 1e-6 {
                        [acc[0] / a, acc[1] / a, acc[2] / a, a.min(1.0)]
                    } else {
                        [0.0; 4]
                    };
                }
            },
        );
    LinearImage {
        width,
        height,
        pixels,
    }
}

/// Resamples a depth pass to `dst` by taking the nearest (smallest) depth each output
/// pixel covers, so thin near objects keep their silhouette.
pub fn downscale_depth(depth: &[f32], (sw, sh): (u32, u32), (dw, dh): (u32, u32)) -> Vec<f32> {
    let (sw, sh, dw, dh) = (sw as usize, sh as usize, dw as usize, dh as usize);
    let columns = area_taps(sw, dw);
    let rows = area_taps(sh, dh);
    let mut out = Vec::with_capacity(dw * dh);
    for row in &rows {
        for col in &columns {
            let mut nearest = f32::INFINITY;
            for y in row.first..row.first + row.weights.len() {
                for x in col.first..col.first + col.weights.len() {
                    nearest = nearest.min(depth[y * sw + x]);
                }
            }
            out.push(nearest);
        }
    }
    out
}

/// Nearest-neighbour upscale by an integer factor (every pixel becomes a `factor`² block).
pub fn upscale(src: &Image, factor: u32) -> Image {
    if factor <= 1 {
        return src.clone();
    }
    let f = factor as usize;
    let (w, h) = (src.width as usize, src.height as usize);
    let out_w = w * f;
    let mut rgba = vec![0u8; out_w * h * f * 4];
    rgba.par_chunks_mut(out_w * 4 * f)
        .enumerate()
        .for_each(|(y, block)| {
            let (first, rest) = block.split_at_mut(out_w * 4);
            let src_row = &src.rgba[y * w * 4..(y + 1) * w * 4];
            for (x, px) in src_row.chunks_exact(4).enumerate() {
                for k in 0..f {
                    first[(x * f + k) * 4..(x * f + k + 1) * 4].copy_from_slice(px);
                }
            }
            for row in rest.chunks_exact_mut(out_w * 4) {
                row.copy_from_slice(first);
            }
        });
    Image::new(src.width * factor, src.height * factor, rgba).expect("upscaled size is consistent")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::color::linear_to_srgb;

    #[test]
    fn taps_cover_the_source_exactly() {
        for (src, dst) in [(1920, 320), (1080, 224), (10, 3), (3, 10), (7, 7)] {
            let taps = area_taps(src, dst);
            for t in &taps {
                assert!((t.weights.iter().sum::<f32>() - 1.0).abs() < 1e-5);
                assert!(t.first + t.weights.len() <= src);
            }
        }
    }

    #[test]
    fn checkerboard_averages_in_linear_light() {
        let mut rgba = Vec::new();
        for y in 0..4 {
            for x in 0..4 {
                let v = if (x + y) % 2 == 0 { 255 } else { 0 };
                rgba.extend_from_slice(&[v, v, v, 255]);
            }
        }
        let img = Image::new(4, 4, rgba).unwrap();
        let small = downscale(img.as_frame(), 1, 1);
        let grey = linear_to_srgb(small.pixels[0][0]);
        assert_eq!(grey, 188, "50% linear light is sRGB 188");
        assert_eq!(small.pixels[0][3], 1.0);
    }

    #[test]
    fn transparent_pixels_do_not_bleed() {
        let rgba = vec![255, 0, 0, 0, 0, 0, 255, 255];
        let img = Image::new(2, 1, rgba).unwrap();
        let p = downscale(img.as_frame(), 1, 1).pixels[0];
        assert_eq!([p[0], p[1]], [0.0, 0.0]);
        assert!((p[2] - 1.0).abs() < 1e-6 && (p[3] - 0.5).abs() < 1e-6);
    }

    #[test]
    fn upscale_repeats_pixels() {
        let img = Image::new(2, 1, vec![1, 2, 3, 4, 5, 6, 7, 8]).unwrap();
        let big = upscale(&img, 2);
        assert_eq!((big.width, big.height), (4, 2));
        assert_eq!(
            &big.rgba[..16],
            &[1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 5, 6, 7, 8]
        );
        assert_eq!(&big.rgba[16..], &big.rgba[..16]);
    }
}
