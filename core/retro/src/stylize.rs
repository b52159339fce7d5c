//! Stylise passes: posterize (before palette mapping), edge outlines (found on the
//! native image, from luminance or a depth pass) and scanlines (on the upscaled result).

use crate::color::{linear_to_oklab, linear_to_srgb, srgb_to_linear};
use crate::image::{Image, LinearImage};

/// Snaps each channel to `levels` evenly spaced sRGB values (2..=256).
pub fn posterize(image: &mut LinearImage, levels: u32) {
    let steps = (levels.clamp(2, 256) - 1) as f32;
    let table: Vec<f32> = (0..=255u8)
        .map(|v| {
            let snapped = ((v as f32 / 255.0 * steps).round() / steps * 255.0).round() as u8;
            srgb_to_linear(snapped)
        })
        .collect();
    for p in &mut image.pixels {
        for c in 0..3 {
            p[c] = table[linear_to_srgb(p[c]) as usize];
        }
    }
}

/// Lightness difference (Oklab L, 0..1) across which an edge is drawn.
const LUMINANCE_EDGE: f32 = 0.12;
/// Relative depth difference across which an edge is drawn.
const DEPTH_EDGE: f32 = 0.05;

/// Pixels on the far or darker side of an edge: the outline, one pixel thick.
///
/// With a `depth` pass (one value per native pixel, larger = farther), edges are depth
/// discontinuities, which outlines silhouettes and not texture; otherwise they are
/// lightness steps.
pub fn outline_mask(image: &LinearImage, depth: Option<&[f32]>) -> Vec<bool> {
    let (w, h) = (image.width as usize, image.height as usize);
    let key: Vec<f32> = match depth {
        Some(depth) => depth.to_vec(),
        None => image
            .pixels
            .iter()
            .map(|p| linear_to_oklab([p[0], p[1], p[2]])[0])
            .collect(),
    };
    let is_edge = |a: f32, b: f32| match depth {
        // The nearer pixel (smaller depth) of a discontinuity is the outline.
        Some(_) => b - a > DEPTH_EDGE * a.abs().max(b.abs()).max(1e-6),
        // The darker pixel of a lightness step is the outline.
        None => b - a > LUMINANCE_EDGE,
    };
    let mut mask = vec![false; w * h];
    for y in 0..h {
        for x in 0..w {
            let i = y * w + x;
            if image.pixels[i][3] < crate::dither::ALPHA_CUTOFF {
                continue;
            }
            let neighbours = [
                (x > 0).then(|| i - 1),
                (x + 1 < w).then(|| i + 1),
                (y > 0).then(|| i - w),
                (y + 1 < h).then(|| i + w),
            ];
            mask[i] = neighbours.into_iter().flatten().any(|n| {
                // A transparent neighbour is infinitely far and bright: sprites get a rim.
                image.pixels[n][3] < crate::dither::ALPHA_CUTOFF || is_edge(key[i], key[n])
            });
        }
    }
    mask
}

/// Darkens the lower part of each `scale`-row band (every other row when `scale` is 1),
/// like the gaps between a CRT's scan lines.
pub fn scanlines(image: &mut Image, scale: u32) {
    let band = scale.max(2) as usize;
    let dark_from = band.div_ceil(2);
    let row_bytes = image.width as usize * 4;
    for (y, row) in image.rgba.chunks_exact_mut(row_bytes).enumerate() {
        if y % band >= dark_from {
            for px in row.chunks_exact_mut(4) {
                for c in &mut px[..3] {
                    *c = (*c as u16 * 5 / 8) as u8;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posterize_leaves_only_the_levels() {
        let mut image = LinearImage {
            width: 256,
            height: 1,
            pixels: (0..=255u8)
                .map(|v| [srgb_to_linear(v), 0.0, 1.0, 1.0])
                .collect(),
        };
        posterize(&mut image, 4);
        let levels: std::collections::BTreeSet<u8> =
            image.pixels.iter().map(|p| linear_to_srgb(p[0])).collect();
        assert_eq!(levels.into_iter().collect::<Vec<_>>(), [0, 85, 170, 255]);
    }

    #[test]
    fn outline_follows_the_dark_side_of_an_edge() {
        // Left half dark, right half bright: only the dark column next to the edge.
        let pixels = (0..16)
            .map(|i| {
                if i % 4 < 2 {
                    [0.02, 0.02, 0.02, 1.0]
                } else {
                    [0.9, 0.9, 0.9, 1.0]
                }
            })
            .collect();
        let image = LinearImage {
            width: 4,
            height: 4,
            pixels,
        };
        let mask = outline_mask(&image, None);
        for y in 0..4 {
            assert_eq!(&mask[y * 4..y * 4 + 4], &[false, true, false, false]);
        }
        // A depth pass: the near object (depth 1) in the middle gets the outline.
        let depth: Vec<f32> = (0..16)
            .map(|i| {
                if (i % 4 == 1 || i % 4 == 2) && (4..12).contains(&i) {
                    1.0
                } else {
                    10.0
                }
            })
            .collect();
        let mask = outline_mask(&image, Some(&depth));
        assert_eq!(mask.iter().filter(|&&m| m).count(), 4);
    }

    #[test]
    fn scanlines_darken_alternate_bands() {
        let mut image = Image::new(1, 4, vec![200; 16]).unwrap();
        scanlines(&mut image, 2);
        let column: Vec<u8> = image.rgba.chunks_exact(4).map(|p| p[0]).collect();
        assert_eq!(column, [200, 125, 200, 125]);
    }
}
