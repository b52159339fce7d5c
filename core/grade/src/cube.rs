//! 3D LUTs in the Adobe/Resolve `.cube` format: read, write, apply.
//!
//! A `.cube` file is text: `#` comments, keywords (`TITLE "..."`, `LUT_3D_SIZE N`,
//! `DOMAIN_MIN r g b`, `DOMAIN_MAX r g b`, and Resolve's `LUT_3D_INPUT_RANGE lo hi`),
//! then `N^3` lines of output `r g b` with red changing fastest. LUTs map
//! display-encoded (sRGB) values to display-encoded values, as Resolve's do on a
//! Rec.709 timeline, and are applied with tetrahedral interpolation.

use std::fmt::Write as _;
use std::path::Path;

use rayon::prelude::*;

use crate::error::{GradeError, Result};

/// Largest `LUT_3D_SIZE` the format allows.
pub const MAX_SIZE: usize = 256;

/// A 3D LUT.
#[derive(Debug, Clone, PartialEq)]
pub struct Cube {
    pub title: String,
    /// Samples per axis, 2..=[`MAX_SIZE`].
    pub size: usize,
    pub domain_min: [f32; 3],
    pub domain_max: [f32; 3],
    /// `size^3` output colours, red fastest, then green, then blue.
    pub table: Vec<[f32; 3]>,
}

impl Cube {
    /// A LUT of `size` samples per axis over `0..=1`, each the output of `f`.
    pub fn from_fn(
        title: &str,
        size: usize,
        f: impl Fn([f32; 3]) -> [f32; 3] + Sync,
    ) -> Result<Cube> {
        if !(2..=MAX_SIZE).contains(&size) {
            return Err(GradeError::CubeSize(size));
        }
        let step = 1.0 / (size - 1) as f32;
        let table = (0..size * size * size)
            .into_par_iter()
            .map(|i| {
                let (r, g, b) = (i % size, i / size % size, i / (size * size));
                f([r as f32 * step, g as f32 * step, b as f32 * step])
            })
            .collect();
        Ok(Cube {
            title: title.to_owned(),
            size,
            domain_min: [0.0; 3],
            domain_max: [1.0; 3],
            table,
        })
    }

    /// Reads a `.cube` file.
    pub fn load(file: &Path) -> Result<Cube> {
        let bytes = std::fs::read(file).map_err(|e| GradeError::io(file, e))?;
        let text = std::str::from_utf8(&bytes).map_err(|e| GradeError::Cube {
            file: file.to_owned(),
            line: bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1,
            message: "not UTF-8 text".into(),
        })?;
        Cube::parse(text, file)
    }

    /// Parses `.cube` text; `file` names the source in errors.
    pub fn parse(text: &str, file: &Path) -> Result<Cube> {
        let error = |line: usize, message: String| GradeError::Cube {
            file: file.to_owned(),
            line,
            message,
        };
        let mut title = String::new();
        let mut size = None;
        let mut domain_min = [0.0; 3];
        let mut domain_max = [1.0; 3];
        let mut table: Vec<[f32; 3]> = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let content = raw.trim();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let (keyword, rest) = content
                .split_once(char::is_whitespace)
                .map_or((content, ""), |(k, r)| (k, r.trim()));
            let is_data = keyword.starts_with(|c: char| c.is_ascii_digit() || "+-.".contains(c));
            if is_data {
                let Some(size) = size else {
                    return Err(error(line, "LUT data before LUT_3D_SIZE".into()));
                };
                if table.len() == size * size * size {
                    return Err(error(line, format!("more than {size}^3 LUT entries")));
                }
                table.push(numbers(content).map_err(|m| error(line, m))?);
                continue;
            }
            if !table.is_empty() {
                return Err(error(
                    line,
                    format!("keyword `{keyword}` after the LUT data"),
                ));
            }
            match keyword {
                "TITLE" => {
                    let quoted = rest.len() >= 2 && rest.starts_with('"') && rest.ends_with('"');
                    if !quoted {
                        return Err(error(line, "TITLE needs a \"quoted\" text".into()));
                    }
                    title = rest[1..rest.len() - 1].to_owned();
                }
                "LUT_3D_SIZE" => {
                    if size.is_some() {
                        return Err(error(line, "LUT_3D_SIZE given twice".into()));
                    }
                    let n = rest
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (2..=MAX_SIZE).contains(n))
                        .ok_or_else(|| {
                            error(line, format!("LUT_3D_SIZE `{rest}` is not in 2..=256"))
                        })?;
                    size = Some(n);
                }
                "LUT_1D_SIZE" => {
                    return Err(error(
                        line,
                        "1D LUTs are not supported; give a 3D LUT (LUT_3D_SIZE)".into(),
                    ));
                }
                "DOMAIN_MIN" => domain_min = numbers(rest).map_err(|m| error(line, m))?,
                "DOMAIN_MAX" => domain_max = numbers(rest).map_err(|m| error(line, m))?,
                "LUT_3D_INPUT_RANGE" => {
                    let [lo, hi] = numbers(rest).map_err(|m| error(line, m))?;
                    domain_min = [lo; 3];
                    domain_max = [hi; 3];
                }
                other => return Err(error(line, format!("unknown keyword `{other}`"))),
            }
        }
        let Some(size) = size else {
            return Err(error(0, "no LUT_3D_SIZE: not a 3D .cube LUT".into()));
        };
        if table.len() != size * size * size {
            return Err(error(
                0,
                format!(
                    "LUT_3D_SIZE {size} needs {} entries, found {}",
                    size * size * size,
                    table.len()
                ),
            ));
        }
        if (0..3).any(|c| domain_min[c] >= domain_max[c]) {
            return Err(error(
                0,
                format!("DOMAIN_MIN {domain_min:?} is not below DOMAIN_MAX {domain_max:?}"),
            ));
        }
        Ok(Cube {
            title,
            size,
            domain_min,
            domain_max,
            table,
        })
    }

    /// The LUT as `.cube` text, readable by Resolve, Premiere, Nuke and OCIO.
    pub fn to_text(&self) -> String {
        let mut text = String::with_capacity(self.table.len() * 28 + 200);
        let title = self.title.replace(['"', '\n', '\r'], "'");
        let [a, b, c] = self.domain_min;
        let [d, e, f] = self.domain_max;
        // Writing to a String cannot fail.
        let _ = write!(
            text,
            "# Created by oneshot\nTITLE \"{title}\"\nLUT_3D_SIZE {}\n\
             DOMAIN_MIN {a} {b} {c}\nDOMAIN_MAX {d} {e} {f}\n",
            self.size
        );
        for [r, g, b] in &self.table {
            let _ = writeln!(text, "{r:.6} {g:.6} {b:.6}");
        }
        text
    }

    /// Looks up one colour with tetrahedral interpolation (inputs clamped to the domain).
    pub fn sample(&self, rgb: [f32; 3]) -> [f32; 3] {
        let at: [(usize, f32); 3] = std::array::from_fn(|c| self.position(c, rgb[c]));
        self.interpolate(at)
    }

    /// Grades straight-alpha RGBA8 pixels in place, one row per task.
    pub fn apply_rgba(&self, width: u32, rgba: &mut [u8]) {
        // Every 8-bit code's cell and fraction, per channel.
        let positions: [[(usize, f32); 256]; 3] =
            std::array::from_fn(|c| std::array::from_fn(|v| self.position(c, v as f32 / 255.0)));
        let row = (width as usize * 4).max(4);
        rgba.par_chunks_mut(row).for_each(|row| {
            for px in row.chunks_exact_mut(4) {
                let at = std::array::from_fn(|c| positions[c][px[c] as usize]);
                let out = self.interpolate(at);
                for c in 0..3 {
                    px[c] = (out[c].clamp(0.0, 1.0) * 255.0 + 0.5) as u8;
                }
            }
        });
    }

    /// Lower grid index and fraction of `v` on axis `c`.
    fn position(&self, c: usize, v: f32) -> (usize, f32) {
        let (lo, hi) = (self.domain_min[c], self.domain_max[c]);
        let t = ((v - lo) / (hi - lo)).clamp(0.0, 1.0) * (self.size - 1) as f32;
        let i = (t as usize).min(self.size - 2);
        (i, t - i as f32)
    }

    /// Tetrahedral interpolation in the cell at `(r, g, b)` lower indices.
    fn interpolate(&self, [(r, fr), (g, fg), (b, fb)]: [(usize, f32); 3]) -> [f32; 3] {
        // The cell splits into six tetrahedra along its main diagonal: the one holding
        // the point walks from the lower corner to the upper one along the axes in
        // order of decreasing fraction. The order comes from a table indexed by three
        // comparisons rather than from branches, which random pixels would mispredict.
        const ORDER: [[usize; 3]; 8] = [
            [2, 1, 0],
            [2, 0, 1],
            [1, 2, 0],
            [0, 1, 2], // impossible: r > g > b but not r > b
            [2, 1, 0], // impossible: b >= g >= r but r > b
            [0, 2, 1],
            [1, 0, 2],
            [0, 1, 2],
        ];
        let n = self.size;
        let stride = [1, n, n * n];
        let fraction = [fr, fg, fb];
        let key = usize::from(fr > fg) | usize::from(fg > fb) << 1 | usize::from(fr > fb) << 2;
        let [first, second, third] = ORDER[key];
        let corner0 = r + n * (g + n * b);
        let corner1 = corner0 + stride[first];
        let corner2 = corner1 + stride[second];
        let corner3 = corner2 + stride[third];
        let [c0, c1, c2, c3] = [corner0, corner1, corner2, corner3].map(|i| self.table[i]);
        let w = [fraction[first], fraction[second], fraction[third]];
        std::array::from_fn(|c| {
            (1.0 - w[0]) * c0[c] + (w[0] - w[1]) * c1[c] + (w[1] - w[2]) * c2[c] + w[2] * c3[c]
        })
    }
}

/// Exactly `N` finite numbers separated by white space.
fn numbers<const N: usize>(text: &str) -> Result<[f32; N], String> {
    let mut out = [0.0; N];
    let mut fields = text.split_whitespace();
    for slot in &mut out {
        let field = fields
            .next()
            .ok_or_else(|| format!("expected {N} numbers, got `{text}`"))?;
        *slot = field
            .parse::<f32>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| format!("`{field}` is not a finite number"))?;
    }
    if fields.next().is_some() {
        return Err(format!("expected {N} numbers, got `{text}`"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn identity(size: usize) -> Cube {
        Cube::from_fn("identity", size, |rgb| rgb).unwrap()
    }

    #[test]
    fn an_identity_lut_changes_nothing() {
        let lut = identity(17);
        let mut rgba: Vec<u8> = (0..=255u8).flat_map(|v| [v, 255 - v, v / 3, 9]).collect();
        let before = rgba.clone();
        lut.apply_rgba(16, &mut rgba);
        assert_eq!(rgba, before);
    }

    #[test]
    fn tetrahedral_interpolation_is_exact_for_linear_maps() {
        let map = |[r, g, b]: [f32; 3]| [0.5 * r + 0.2 * g, 1.0 - b, 0.3 * r + 0.3 * g + 0.4 * b];
        let lut = Cube::from_fn("linear", 5, map).unwrap();
        for rgb in [
            [0.1, 0.7, 0.33],
            [0.9, 0.2, 0.5],
            [0.5, 0.5, 0.5],
            [1.0, 0.0, 0.77],
        ] {
            let (got, want) = (lut.sample(rgb), map(rgb));
            for c in 0..3 {
                assert!((got[c] - want[c]).abs() < 1e-5, "{rgb:?}: {got:?} {want:?}");
            }
        }
    }

    #[test]
    fn text_round_trips_with_resolve_extras() {
        let lut = Cube::from_fn("warm \"look\"", 3, |[r, g, b]| [r, g * 0.9, b * 0.8]).unwrap();
        let back = Cube::parse(&lut.to_text(), Path::new("a.cube")).unwrap();
        assert_eq!(back.title, "warm 'look'");
        assert_eq!((back.size, back.domain_max), (3, [1.0; 3]));
        for (a, b) in back.table.iter().zip(&lut.table) {
            assert!((0..3).all(|c| (a[c] - b[c]).abs() < 1e-6));
        }
        let resolve = "# Resolve\n\nTITLE \"x\"\nLUT_3D_SIZE 2\nLUT_3D_INPUT_RANGE 0.0 2.0\n\
                       0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\n1 1 1\n";
        let lut = Cube::parse(resolve, Path::new("r.cube")).unwrap();
        assert_eq!(lut.domain_max, [2.0; 3]);
        assert_eq!(lut.sample([1.0, 0.5, 0.0]), [0.5, 0.25, 0.0]);
    }

    #[test]
    fn errors_name_file_and_line() {
        let cases = [
            (
                "LUT_3D_SIZE 2\n0 0 0\n1 0\n",
                "bad.cube:3: expected 3 numbers",
            ),
            (
                "LUT_3D_SIZE 2\n0 0 nan\n",
                "bad.cube:2: `nan` is not a finite number",
            ),
            ("0 0 0\n", "bad.cube:1: LUT data before LUT_3D_SIZE"),
            (
                "LUT_3D_SIZE 300\n",
                "bad.cube:1: LUT_3D_SIZE `300` is not in 2..=256",
            ),
            (
                "LUT_1D_SIZE 1024\n",
                "bad.cube:1: 1D LUTs are not supported",
            ),
            (
                "# x\nLUT_3D_SIZE 2\n0 0 0\n",
                "bad.cube:0: LUT_3D_SIZE 2 needs 8 entries, found 1",
            ),
            ("TITLE x\n", "bad.cube:1: TITLE needs"),
            (
                "LUT_3D_SIZE 2\nFOO 1\n",
                "bad.cube:2: unknown keyword `FOO`",
            ),
            ("", "bad.cube:0: no LUT_3D_SIZE"),
        ];
        for (text, want) in cases {
            let err = Cube::parse(text, Path::new("bad.cube"))
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(want), "{text:?}: {err}");
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("latin1.cube");
        std::fs::write(&file, b"# caf\xe9\nLUT_3D_SIZE 2\n").unwrap();
        let err = Cube::load(&file).unwrap_err().to_string();
        assert!(err.ends_with("latin1.cube:1: not UTF-8 text"), "{err}");
    }

    proptest! {
        #[test]
        fn parsing_arbitrary_text_never_panics(text in "(?s).{0,400}") {
            let _ = Cube::parse(&text, Path::new("fuzz.cube"));
        }

        #[test]
        fn parsing_mangled_luts_never_panics(
            cut in 0usize..400,
            junk in "[ 0-9a-zA-Z_.#\"\n-]{0,20}",
        ) {
            let mut text = identity(3).to_text();
            let cut = cut.min(text.len());
            text.insert_str(cut, &junk);
            if let Ok(lut) = Cube::parse(&text, Path::new("fuzz.cube")) {
                let mut px = [1, 2, 3, 4];
                lut.apply_rgba(1, &mut px);
            }
        }
    }
}
