//! Colours for the plan: `#RRGGBB` formatting and a generator of distinct looks
//! for characters the production file does not dress.

/// A hair colour as people write it (`black`, `blonde`, `auburn`, `silver`, or
/// `#RRGGBB`) as sRGB `#rrggbb`: `Some(None)` for bald, `None` for words it does
/// not know.
pub fn hair(text: &str) -> Option<Option<String>> {
    const SHADES: [(&[&str], [u8; 3]); 8] = [
        (&["black", "jet black", "raven"], [0x1c, 0x1a, 0x19]),
        (&["dark brown", "brunette", "chestnut"], [0x3b, 0x26, 0x1a]),
        (&["brown", "light brown", "mousy"], [0x6a, 0x4e, 0x36]),
        (
            &["blond", "blonde", "fair", "golden", "sandy"],
            [0xd6, 0xb3, 0x6b],
        ),
        (&["red", "ginger", "auburn", "copper"], [0x9c, 0x41, 0x1e]),
        (
            &["grey", "gray", "silver", "salt and pepper"],
            [0xa8, 0xa8, 0xa8],
        ),
        (&["white", "platinum"], [0xe6, 0xe3, 0xdc]),
        (&["bald", "shaved", "none"], [0, 0, 0]),
    ];
    let text = text.trim();
    if let Some(rgb) = oneshot_model::production::parse_hex_color(text) {
        return Some(Some(to_hex(rgb)));
    }
    let word = text.to_ascii_lowercase();
    let (names, rgb) = SHADES
        .iter()
        .find(|(names, _)| names.contains(&word.as_str()))?;
    Some((!names.contains(&"bald")).then(|| to_hex(*rgb)))
}

/// How much wider than average a body type (`slim`, `athletic`, `heavy`, ...)
/// stands; `None` for words it does not know.
pub fn build(body_type: &str) -> Option<f32> {
    const BUILDS: [(&[&str], f32); 4] = [
        (
            &[
                "slim", "slender", "thin", "lean", "wiry", "petite", "skinny",
            ],
            0.85,
        ),
        (&["average", "medium", "regular"], 1.0),
        (&["athletic", "muscular", "broad", "stocky", "fit"], 1.12),
        (
            &["heavy", "heavyset", "large", "big", "burly", "portly"],
            1.3,
        ),
    ];
    let word = body_type.trim().to_ascii_lowercase();
    BUILDS
        .iter()
        .find(|(names, _)| names.contains(&word.as_str()))
        .map(|&(_, build)| build)
}

/// Formats 8-bit sRGB as `#rrggbb`.
pub fn to_hex(rgb: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

/// The `index`-th of a sequence of well separated, saturated colours: hues step by
/// the golden angle so any prefix of the sequence is spread around the wheel.
pub fn distinct(index: usize) -> [u8; 3] {
    const GOLDEN_ANGLE: f32 = 137.507_77;
    let hue = (20.0 + index as f32 * GOLDEN_ANGLE) % 360.0;
    // Alternate brightness so neighbours in hue still differ in value.
    let value = if index % 2 == 0 { 0.88 } else { 0.68 };
    hsv_to_rgb(hue, 0.7, value)
}

fn hsv_to_rgb(hue: f32, saturation: f32, value: f32) -> [u8; 3] {
    let chroma = value * saturation;
    let sector = hue / 60.0;
    let x = chroma * (1.0 - (sector % 2.0 - 1.0).abs());
    let (r, g, b) = match sector as u32 {
        0 => (chroma, x, 0.0),
        1 => (x, chroma, 0.0),
        2 => (0.0, chroma, x),
        3 => (0.0, x, chroma),
        4 => (x, 0.0, chroma),
        _ => (chroma, 0.0, x),
    };
    let m = value - chroma;
    let byte = |c: f32| ((c + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    [byte(r), byte(g), byte(b)]
}

/// sRGB `#RRGGBB` to linear RGB (what lights take), white when unreadable.
pub fn linear(rgb: [u8; 3]) -> [f32; 3] {
    rgb.map(|c| {
        let c = f32::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hair_colours_and_builds_as_people_write_them() {
        assert_eq!(hair(" Blonde "), Some(Some("#d6b36b".to_owned())));
        assert_eq!(hair("#ABCDEF"), Some(Some("#abcdef".to_owned())));
        assert_eq!(hair("bald"), Some(None));
        assert_eq!(hair("plaid"), None);
        assert_eq!(build("Wiry"), Some(0.85));
        assert_eq!(build("gelatinous"), None);
    }

    #[test]
    fn hex_round_trips() {
        let rgb = [0x2f, 0x6f, 0xdf];
        assert_eq!(to_hex(rgb), "#2f6fdf");
        assert_eq!(
            oneshot_model::production::parse_hex_color(&to_hex(rgb)),
            Some(rgb)
        );
    }

    #[test]
    fn distinct_colours_are_far_apart() {
        let colours: Vec<[u8; 3]> = (0..8).map(distinct).collect();
        for (i, a) in colours.iter().enumerate() {
            for b in &colours[i + 1..] {
                let d: i32 = a
                    .iter()
                    .zip(b)
                    .map(|(x, y)| (*x as i32 - *y as i32).abs())
                    .sum();
                assert!(d > 60, "{a:?} and {b:?} are too close");
            }
        }
    }

    #[test]
    fn linear_is_monotonic_with_fixed_ends() {
        assert_eq!(linear([0, 0, 0]), [0.0; 3]);
        assert!((linear([255, 255, 255])[0] - 1.0).abs() < 1e-6);
        assert!(linear([128, 0, 0])[0] < 0.5);
    }
}
