//! Looks by name: the built-in grade presets (`presets/grades/NAME.toml`, compiled
//! in), a user's `.toml` grade file or a `.cube` LUT, all applied the same way.

use rayon::prelude::*;
use std::path::Path;

use crate::cube::Cube;
use crate::error::{GradeError, Result};
use crate::grade::{Grade, Transform};

/// Built-in grades, embedded in the binary.
const BUILTIN: &[(&str, &str)] = &[
    (
        "bleach-bypass",
        include_str!("../../../presets/grades/bleach-bypass.toml"),
    ),
    ("cool", include_str!("../../../presets/grades/cool.toml")),
    (
        "day-for-night",
        include_str!("../../../presets/grades/day-for-night.toml"),
    ),
    (
        "neutral",
        include_str!("../../../presets/grades/neutral.toml"),
    ),
    ("noir", include_str!("../../../presets/grades/noir.toml")),
    (
        "teal-orange",
        include_str!("../../../presets/grades/teal-orange.toml"),
    ),
    ("warm", include_str!("../../../presets/grades/warm.toml")),
];

/// Names of the built-in grades, sorted.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTIN.iter().map(|(name, _)| *name).collect()
}

/// The built-in grade called `name` (case-insensitive).
pub fn builtin(name: &str) -> Result<Grade> {
    let key = name.trim().to_ascii_lowercase();
    match BUILTIN.iter().find(|(builtin, _)| *builtin == key) {
        Some((id, text)) => Grade::from_toml(text, Path::new(&format!("presets/grades/{id}.toml"))),
        None => Err(GradeError::UnknownGrade {
            name: name.to_owned(),
            known: builtin_names().join(", "),
        }),
    }
}

/// A grade or a LUT, ready to apply to frames.
#[derive(Debug, Clone)]
pub enum Look {
    Grade(Transform),
    Lut(Cube),
}

impl Look {
    /// A built-in grade name, a `.toml` grade file or a `.cube` LUT file.
    pub fn resolve(spec: &str) -> Result<Look> {
        let path = Path::new(spec);
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match extension.as_deref() {
            Some("cube") => Ok(Look::Lut(Cube::load(path)?)),
            Some("toml") => Ok(Look::Grade(Grade::load(path)?.compile())),
            _ => Ok(Look::Grade(builtin(spec)?.compile())),
        }
    }

    /// Grades an RGBA8 frame (straight alpha, `width * height * 4` bytes) in place.
    pub fn apply(&self, width: u32, height: u32, rgba: &mut [u8]) -> Result<()> {
        check_frame(width, height, rgba.len())?;
        match self {
            Look::Grade(transform) => transform.apply_rgba(width, rgba),
            Look::Lut(cube) => cube.apply_rgba(width, rgba),
        }
        Ok(())
    }

    /// Grades an RGBA frame of 16 bits a channel (straight alpha, `width * height *
    /// 4` samples) in place, each pixel exactly (no 8-bit tables).
    pub fn apply16(&self, width: u32, height: u32, rgba: &mut [u16]) -> Result<()> {
        check_frame(width, height, rgba.len())?;
        let row = width as usize * 4;
        rgba.par_chunks_mut(row).for_each(|row| {
            for px in row.chunks_exact_mut(4) {
                let rgb = std::array::from_fn(|c| f32::from(px[c]) / 65535.0);
                let graded = match self {
                    Look::Grade(transform) => transform.eval(rgb),
                    Look::Lut(cube) => cube.sample(rgb),
                };
                for c in 0..3 {
                    px[c] = (graded[c].clamp(0.0, 1.0) * 65535.0).round() as u16;
                }
            }
        });
        Ok(())
    }

    /// The look as a `.cube` 3D LUT of `size` samples per axis (a LUT, 1D or 3D, is
    /// resampled).
    pub fn to_cube(&self, title: &str, size: usize) -> Result<Cube> {
        match self {
            Look::Grade(transform) => Cube::from_fn(title, size, |rgb| transform.eval(rgb)),
            Look::Lut(cube) => Cube::from_fn(title, size, |rgb| cube.sample(rgb)),
        }
    }
}

/// A frame of `width` by `height` holds four samples a pixel, and at least one pixel.
fn check_frame(width: u32, height: u32, samples: usize) -> Result<()> {
    let expected = width as usize * height as usize * 4;
    if expected == 0 || samples != expected {
        return Err(GradeError::Frame {
            width,
            height,
            expected,
            actual: samples,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A gradient of every grey and a sweep of hues at several lightnesses.
    fn chart() -> Vec<u8> {
        let mut rgba = Vec::new();
        for v in 0..=255u8 {
            rgba.extend_from_slice(&[v, v, v, 255]);
            rgba.extend_from_slice(&[v, 255 - v, (v as u32 * 7 % 256) as u8, 255]);
        }
        rgba
    }

    #[test]
    fn every_builtin_parses_and_has_a_description() {
        assert!(builtin_names().len() >= 7);
        for name in builtin_names() {
            let grade = builtin(name).unwrap();
            assert!(!grade.description.is_empty(), "{name}");
        }
        assert_eq!(
            builtin("neutral").unwrap(),
            Grade {
                description: builtin("neutral").unwrap().description,
                ..Grade::default()
            }
        );
    }

    #[test]
    fn presets_do_what_their_names_say() {
        let graded = |name: &str, rgb: [u8; 3]| {
            let mut px = [rgb[0], rgb[1], rgb[2], 255];
            Look::resolve(name).unwrap().apply(1, 1, &mut px).unwrap();
            [px[0], px[1], px[2]]
        };
        let [r, g, b] = graded("noir", [200, 60, 90]);
        assert!(r == g && g == b, "noir is monochrome");
        assert!(graded("noir", [40; 3])[0] < 40 && graded("noir", [210; 3])[0] > 210);
        let [r, _, b] = graded("warm", [128; 3]);
        assert!(r > b);
        let [r, _, b] = graded("cool", [128; 3]);
        assert!(b > r);
        let [r, g, b] = graded("day-for-night", [200, 200, 200]);
        assert!(b > r && b < 200 && g < 200, "dark and blue: {r} {g} {b}");
        let [r, _, b] = graded("teal-orange", [50; 3]);
        assert!(b > r, "teal shadows");
        let [r, _, b] = graded("teal-orange", [215; 3]);
        assert!(r > b, "orange highlights");
        let spread = |[r, g, b]: [u8; 3]| r.max(g).max(b) - r.min(g).min(b);
        assert!(spread(graded("bleach-bypass", [200, 60, 90])) < spread([200, 60, 90]));
    }

    #[test]
    fn unknown_names_list_the_known_ones() {
        let err = Look::resolve("technicolor").unwrap_err().to_string();
        assert!(err.contains("teal-orange") && err.contains("noir"), "{err}");
        let err = Look::resolve("missing.cube").unwrap_err().to_string();
        assert!(err.starts_with("missing.cube:"), "{err}");
    }

    #[test]
    fn a_baked_lut_matches_the_grade() {
        for name in builtin_names() {
            let look = Look::resolve(name).unwrap();
            let lut = Look::Lut(look.to_cube(name, 33).unwrap());
            let (mut direct, mut baked) = (chart(), chart());
            look.apply(512, 1, &mut direct).unwrap();
            lut.apply(512, 1, &mut baked).unwrap();
            let worst = direct
                .iter()
                .zip(&baked)
                .map(|(a, b)| a.abs_diff(*b))
                .max()
                .unwrap();
            assert!(worst <= 6, "{name}: {worst}");
        }
    }

    #[test]
    fn user_files_and_bad_frames() {
        let dir = tempfile::tempdir().unwrap();
        let toml = dir.path().join("mine.toml");
        std::fs::write(&toml, "exposure = -1\n").unwrap();
        let look = Look::resolve(toml.to_str().unwrap()).unwrap();
        let mut px = [255, 255, 255, 255];
        look.apply(1, 1, &mut px).unwrap();
        assert!(px[0] < 255);
        let cube = dir.path().join("mine.cube");
        std::fs::write(&cube, look.to_cube("mine", 9).unwrap().to_text()).unwrap();
        assert!(matches!(
            Look::resolve(cube.to_str().unwrap()).unwrap(),
            Look::Lut(_)
        ));
        let curve = dir.path().join("lift.cube");
        std::fs::write(&curve, "LUT_1D_SIZE 2\n0.2 0 0\n1 1 1\n").unwrap();
        let lifted = Look::resolve(curve.to_str().unwrap()).unwrap();
        let mut black = [0, 0, 0, 255];
        lifted.apply(1, 1, &mut black).unwrap();
        assert_eq!(black, [51, 0, 0, 255]);
        let baked = lifted.to_cube("lift", 2).unwrap();
        assert_eq!(baked.sample([0.0, 0.5, 1.0]), [0.2, 0.5, 1.0]);
        let err = look.apply(2, 2, &mut px).unwrap_err().to_string();
        assert_eq!(err, "frame of 2x2 needs 16 RGBA samples, got 4");
        assert!(look.apply(0, 0, &mut []).is_err());
    }
}
