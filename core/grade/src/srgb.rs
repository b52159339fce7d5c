//! The sRGB transfer function, exact in floats and as tables for 8-bit frames.

use std::sync::OnceLock;

/// Entries of the encoding table: linear values are quantised to 16 bits before
/// encoding, fine enough that every 8-bit code survives a decode/encode round trip.
const ENCODE_STEPS: usize = 1 << 16;

/// sRGB-encoded `0..=1` to linear light.
pub fn decode(v: f32) -> f32 {
    if v <= 0.040_45 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

/// Linear light to sRGB-encoded (not clamped; negative values stay linear).
pub fn encode(v: f32) -> f32 {
    if v <= 0.003_130_8 {
        v * 12.92
    } else {
        1.055 * v.powf(1.0 / 2.4) - 0.055
    }
}

/// Linear value of every 8-bit code.
pub fn decode_table() -> &'static [f32; 256] {
    static TABLE: OnceLock<[f32; 256]> = OnceLock::new();
    TABLE.get_or_init(|| std::array::from_fn(|code| decode(code as f32 / 255.0)))
}

/// The encoding table, to fetch once outside a pixel loop.
pub fn encode_table() -> &'static [u8; ENCODE_STEPS] {
    static TABLE: OnceLock<Box<[u8; ENCODE_STEPS]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        Box::new(std::array::from_fn(|i| {
            let v = encode(i as f32 / (ENCODE_STEPS - 1) as f32);
            (v * 255.0).round() as u8
        }))
    })
}

/// Linear `0..=1` (clamped) to the nearest 8-bit sRGB code, by the table.
#[inline(always)]
pub fn encode_with(table: &[u8; ENCODE_STEPS], linear: f32) -> u8 {
    // The cast saturates (NaN to 0), and every u16 indexes the table.
    table[(linear.clamp(0.0, 1.0) * (ENCODE_STEPS - 1) as f32 + 0.5) as u16 as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode_u8(linear: f32) -> u8 {
        encode_with(encode_table(), linear)
    }

    #[test]
    fn every_code_round_trips() {
        for code in 0..=255u8 {
            assert_eq!(encode_u8(decode_table()[code as usize]), code);
            let back = encode(decode(code as f32 / 255.0)) * 255.0;
            assert!((back - code as f32).abs() < 1e-3, "{code}: {back}");
        }
        assert_eq!(encode_u8(f32::NAN), 0);
        assert_eq!(encode_u8(7.0), 255);
    }
}
