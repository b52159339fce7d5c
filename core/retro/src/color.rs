//! Colour spaces: sRGB bytes, linear light (for averaging and error diffusion),
//! DIN99o (for choosing and matching colours perceptually), Oklab (lightness for
//! outlines), plus CIEDE2000 for measuring.
//!
//! The hot conversions use lookup tables: every 8-bit sRGB value maps to linear
//! light through a 256-entry table, and linear light back to sRGB through a
//! 4096-step table, which is exact to within one 8-bit step.

use std::sync::OnceLock;

use palette::color_difference::Ciede2000;
use palette::{IntoColor, Lab, LinSrgb};

/// Linear-light value of each 8-bit sRGB channel value.
pub fn srgb_to_linear_table() -> &'static [f32; 256] {
    static TABLE: OnceLock<[f32; 256]> = OnceLock::new();
    TABLE.get_or_init(|| std::array::from_fn(|i| srgb_to_linear_exact(i as f32 / 255.0)))
}

/// Linear light of one 8-bit sRGB channel.
#[inline]
pub fn srgb_to_linear(v: u8) -> f32 {
    srgb_to_linear_table()[v as usize]
}

fn srgb_to_linear_exact(c: f32) -> f32 {
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

fn linear_to_srgb_exact(c: f32) -> f32 {
    if c <= 0.003_130_8 {
        c * 12.92
    } else {
        1.055 * c.powf(1.0 / 2.4) - 0.055
    }
}

const ENCODE_STEPS: usize = 4096;

/// 8-bit sRGB value of a linear-light channel in `0..=1` (clamped).
#[inline]
pub fn linear_to_srgb(v: f32) -> u8 {
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        // Sample each step's midpoint in sRGB terms so that rounding matches the exact curve.
        (0..=ENCODE_STEPS)
            .map(|i| {
                let linear = i as f32 / ENCODE_STEPS as f32;
                (linear_to_srgb_exact(linear) * 255.0).round() as u8
            })
            .collect()
    });
    let i = (v.clamp(0.0, 1.0) * ENCODE_STEPS as f32 + 0.5) as usize;
    table[i]
}

/// Exact linear-to-sRGB for code that needs better than the table (palette snapping).
pub fn linear_to_srgb_f32(v: f32) -> f32 {
    linear_to_srgb_exact(v.clamp(0.0, 1.0)) * 255.0
}

/// Linear RGB of an sRGB colour.
#[inline]
pub fn rgb_to_linear(rgb: [u8; 3]) -> [f32; 3] {
    rgb.map(srgb_to_linear)
}

/// sRGB bytes of a linear RGB colour.
#[inline]
pub fn linear_to_rgb(linear: [f32; 3]) -> [u8; 3] {
    linear.map(linear_to_srgb)
}

/// Oklab (L, a, b) of a linear RGB colour (Björn Ottosson, 2020).
#[inline]
pub fn linear_to_oklab([r, g, b]: [f32; 3]) -> [f32; 3] {
    let l = 0.412_221_46 * r + 0.536_332_55 * g + 0.051_445_995 * b;
    let m = 0.211_903_5 * r + 0.680_699_5 * g + 0.107_396_96 * b;
    let s = 0.088_302_46 * r + 0.281_718_85 * g + 0.629_978_7 * b;
    let (l, m, s) = (l.max(0.0).cbrt(), m.max(0.0).cbrt(), s.max(0.0).cbrt());
    [
        0.210_454_26 * l + 0.793_617_8 * m - 0.004_072_047 * s,
        1.977_998_5 * l - 2.428_592_2 * m + 0.450_593_7 * s,
        0.025_904_037 * l + 0.782_771_77 * m - 0.808_675_77 * s,
    ]
}

/// Linear RGB of an Oklab colour (may fall outside `0..=1` for out-of-gamut input).
#[inline]
pub fn oklab_to_linear([l, a, b]: [f32; 3]) -> [f32; 3] {
    let l_ = l + 0.396_337_78 * a + 0.215_803_76 * b;
    let m_ = l - 0.105_561_346 * a - 0.063_854_17 * b;
    let s_ = l - 0.089_484_18 * a - 1.291_485_5 * b;
    let (l, m, s) = (l_ * l_ * l_, m_ * m_ * m_, s_ * s_ * s_);
    [
        4.076_741_7 * l - 3.307_711_6 * m + 0.230_969_94 * s,
        -1.268_438 * l + 2.609_757_4 * m - 0.341_319_38 * s,
        -0.004_196_086_3 * l - 0.703_418_6 * m + 1.707_614_7 * s,
    ]
}

/// Oklab of an sRGB colour.
#[inline]
pub fn rgb_to_oklab(rgb: [u8; 3]) -> [f32; 3] {
    linear_to_oklab(rgb_to_linear(rgb))
}

/// The space colours are chosen and matched in: DIN99o (DIN 6176), a transform of
/// CIELAB (D65) that compresses lightness and chroma so that Euclidean distance follows
/// CIEDE2000, the measure of quality (closer to the source than plain CIELAB on the
/// test photos and on rendered frames, see `tests/bench/retro_vs_peers.sh`).
#[inline]
pub fn linear_to_perceptual(linear: [f32; 3]) -> [f32; 3] {
    lab_to_din99o(linear_to_lab(linear))
}

/// Linear RGB of a [`linear_to_perceptual`] colour (may fall outside `0..=1`).
pub fn perceptual_to_linear(p: [f32; 3]) -> [f32; 3] {
    lab_to_linear(din99o_to_lab(p))
}

/// CIELAB (D65) of linear RGB.
#[inline]
fn linear_to_lab([r, g, b]: [f32; 3]) -> [f32; 3] {
    // sRGB primaries to XYZ, divided by the D65 white point.
    let x = (0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b) / 0.950_47;
    let y = 0.212_672_9 * r + 0.715_152_2 * g + 0.072_175 * b;
    let z = (0.019_333_9 * r + 0.119_192 * g + 0.950_304_1 * b) / 1.088_83;
    let f = |t: f32| {
        if t > 0.008_856 {
            t.cbrt()
        } else {
            7.787 * t + 16.0 / 116.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

fn lab_to_linear([l, a, b]: [f32; 3]) -> [f32; 3] {
    let fy = (l + 16.0) / 116.0;
    let (fx, fz) = (fy + a / 500.0, fy - b / 200.0);
    let f_inv = |t: f32| {
        if t > 0.206_893 {
            t * t * t
        } else {
            (t - 16.0 / 116.0) / 7.787
        }
    };
    let (x, y, z) = (f_inv(fx) * 0.950_47, f_inv(fy), f_inv(fz) * 1.088_83);
    [
        3.240_454_2 * x - 1.537_138_5 * y - 0.498_531_4 * z,
        -0.969_266 * x + 1.876_010_8 * y + 0.041_556 * z,
        0.055_643_4 * x - 0.204_025_9 * y + 1.057_225_2 * z,
    ]
}

/// cos and sin of 26 degrees, DIN99o's rotation of the a-b plane.
const DIN_COS: f32 = 0.898_794_05;
const DIN_SIN: f32 = 0.438_371_15;

/// DIN99o of a CIELAB colour. The hue angle is rotated by 26 degrees and rotated
/// back after the chroma compression, which needs no trigonometry per pixel.
#[inline]
fn lab_to_din99o([l, a, b]: [f32; 3]) -> [f32; 3] {
    let l99 = 303.67 * (1.0 + 0.0039 * l).ln();
    let e = a * DIN_COS + b * DIN_SIN;
    let f = 0.83 * (b * DIN_COS - a * DIN_SIN);
    let g = (e * e + f * f).sqrt();
    if g < 1e-6 {
        return [l99, 0.0, 0.0];
    }
    let k = (1.0 + 0.075 * g).ln() / 0.0435 / g;
    [
        l99,
        k * (e * DIN_COS - f * DIN_SIN),
        k * (e * DIN_SIN + f * DIN_COS),
    ]
}

fn din99o_to_lab([l99, a99, b99]: [f32; 3]) -> [f32; 3] {
    let l = ((l99 / 303.67).exp() - 1.0) / 0.0039;
    let c = (a99 * a99 + b99 * b99).sqrt();
    if c < 1e-6 {
        return [l, 0.0, 0.0];
    }
    let k = ((0.0435 * c).exp() - 1.0) / 0.075 / c;
    let e = k * (a99 * DIN_COS + b99 * DIN_SIN);
    let f = k * (b99 * DIN_COS - a99 * DIN_SIN) / 0.83;
    [l, e * DIN_COS - f * DIN_SIN, e * DIN_SIN + f * DIN_COS]
}

/// [`linear_to_perceptual`] of an sRGB colour.
#[inline]
pub fn rgb_to_perceptual(rgb: [u8; 3]) -> [f32; 3] {
    linear_to_perceptual(rgb_to_linear(rgb))
}

/// sRGB bytes of a [`linear_to_perceptual`] colour, clamped into the gamut.
pub fn perceptual_to_rgb(p: [f32; 3]) -> [u8; 3] {
    linear_to_rgb(perceptual_to_linear(p))
}

/// sRGB bytes of an Oklab colour, clamped into the gamut.
pub fn oklab_to_rgb(lab: [f32; 3]) -> [u8; 3] {
    linear_to_rgb(oklab_to_linear(lab))
}

/// sRGB RGBA bytes of a linear image.
pub fn linear_image_to_rgba(image: &crate::image::LinearImage) -> crate::image::Image {
    let rgba = image
        .pixels
        .iter()
        .flat_map(|p| {
            let [r, g, b] = linear_to_rgb([p[0], p[1], p[2]]);
            [r, g, b, (p[3].clamp(0.0, 1.0) * 255.0).round() as u8]
        })
        .collect();
    crate::image::Image {
        width: image.width,
        height: image.height,
        rgba,
    }
}

/// Squared Euclidean distance.
#[inline]
pub fn distance2(a: [f32; 3], b: [f32; 3]) -> f32 {
    let (d0, d1, d2) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    d0 * d0 + d1 * d1 + d2 * d2
}

/// CIELAB (D65) of an sRGB colour, for CIEDE2000.
pub fn rgb_to_lab(rgb: [u8; 3]) -> Lab {
    let [r, g, b] = rgb_to_linear(rgb);
    LinSrgb::new(r, g, b).into_color()
}

/// CIEDE2000 colour difference between two sRGB colours.
pub fn ciede2000(a: [u8; 3], b: [u8; 3]) -> f32 {
    rgb_to_lab(a).difference(rgb_to_lab(b))
}

/// Rec. 709 luma of linear RGB (relative luminance).
#[inline]
pub fn luminance([r, g, b]: [f32; 3]) -> f32 {
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn srgb_round_trips_through_linear() {
        for v in 0..=255u8 {
            assert_eq!(linear_to_srgb(srgb_to_linear(v)), v, "value {v}");
        }
    }

    #[test]
    fn oklab_round_trips_and_has_white_at_one() {
        let white = rgb_to_oklab([255, 255, 255]);
        assert!(
            (white[0] - 1.0).abs() < 1e-3 && white[1].abs() < 1e-3,
            "{white:?}"
        );
        for rgb in [[0, 0, 0], [255, 0, 0], [12, 200, 99], [128, 128, 128]] {
            assert_eq!(oklab_to_rgb(rgb_to_oklab(rgb)), rgb);
        }
    }

    #[test]
    fn perceptual_space_round_trips_and_has_white_at_100() {
        for rgb in [
            [0, 0, 0],
            [255, 0, 0],
            [12, 200, 99],
            [128, 128, 128],
            [255, 255, 255],
        ] {
            assert_eq!(perceptual_to_rgb(rgb_to_perceptual(rgb)), rgb);
        }
        let white = rgb_to_perceptual([255, 255, 255]);
        assert!(
            (white[0] - 100.0).abs() < 0.05 && white[1].abs() < 0.01,
            "{white:?}"
        );
        let ours = linear_to_lab(rgb_to_linear([12, 200, 99]));
        let theirs = rgb_to_lab([12, 200, 99]);
        assert!((ours[0] - theirs.l).abs() < 0.05 && (ours[1] - theirs.a).abs() < 0.1);
    }

    #[test]
    fn perceptual_distance_follows_ciede2000_closer_than_cielab() {
        // Pairs of nearby colours all over the gamut: how far each distance is from
        // CIEDE2000, relatively.
        let (mut ours, mut lab) = (0.0, 0.0);
        let mut state = 0x9E37_79B9u32;
        for _ in 0..2000 {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let a = [state as u8, (state >> 8) as u8, (state >> 16) as u8];
            let b = a.map(|v| v.saturating_add((state >> 24) as u8 % 9));
            let reference = ciede2000(a, b);
            if reference < 0.5 {
                continue;
            }
            let distance = |f: fn([u8; 3]) -> [f32; 3]| distance2(f(a), f(b)).sqrt();
            ours += (distance(rgb_to_perceptual) / reference - 1.0).abs();
            lab += (distance(|c| linear_to_lab(rgb_to_linear(c))) / reference - 1.0).abs();
        }
        assert!(ours < lab * 0.7, "DIN99o {ours}, CIELAB {lab}");
    }

    #[test]
    fn ciede2000_is_zero_for_equal_and_large_for_black_white() {
        assert_eq!(ciede2000([10, 20, 30], [10, 20, 30]), 0.0);
        assert!(ciede2000([0, 0, 0], [255, 255, 255]) > 90.0);
    }
}
