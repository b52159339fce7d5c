//! LUTs in the Adobe/Resolve `.cube` format: read, write, apply.
//!
//! A `.cube` file is text: `#` comments, keywords, then the LUT data, one output
//! `r g b` a line. It holds a 1D LUT (`LUT_1D_SIZE N`: `N` lines, a curve per channel,
//! linearly interpolated), a 3D LUT (`LUT_3D_SIZE N`: `N^3` lines with red changing
//! fastest, tetrahedrally interpolated) or, as Resolve writes them, both: the 1D
//! LUT's lines come first and it is applied first, a "shaper" feeding the 3D LUT.
//!
//! The other keywords: `TITLE "..."`; `DOMAIN_MIN r g b` and `DOMAIN_MAX r g b`
//! (Adobe), the input range per channel of the file's first LUT; Resolve's
//! `LUT_1D_INPUT_RANGE lo hi` and `LUT_3D_INPUT_RANGE lo hi`, each LUT's own. Inputs
//! outside a LUT's range are clamped to it. LUTs map display-encoded (sRGB) values to
//! display-encoded values, as Resolve's do on a Rec.709 timeline.

use std::fmt::Write as _;
use std::path::Path;

use rayon::prelude::*;

use oneshot_model::files::read_at_most;

use crate::error::{GradeError, Result};

/// Largest `LUT_3D_SIZE` the format allows.
pub const MAX_3D_SIZE: usize = 256;
/// The largest `.cube` file read: a 256-point cube written at full precision.
const MAX_CUBE_BYTES: u64 = 1_000_000_000;
/// Largest `LUT_1D_SIZE` the format allows.
pub const MAX_1D_SIZE: usize = 65536;

/// A `.cube` LUT: a 1D LUT, a 3D LUT, or a 1D shaper applied before a 3D LUT.
/// (With neither it is the identity, which no file holds.)
#[derive(Debug, Clone, PartialEq)]
pub struct Cube {
    pub title: String,
    /// Per-channel curves, applied first.
    pub lut_1d: Option<Lut1d>,
    /// The 3D LUT, applied to the curves' output.
    pub lut_3d: Option<Lut3d>,
}

/// A 1D LUT: one curve per channel.
#[derive(Debug, Clone, PartialEq)]
pub struct Lut1d {
    pub domain: Domain,
    /// 2..=[`MAX_1D_SIZE`] output colours, evenly spaced over the domain.
    pub table: Vec<[f32; 3]>,
}

/// A 3D LUT.
#[derive(Debug, Clone, PartialEq)]
pub struct Lut3d {
    /// Samples per axis, 2..=[`MAX_3D_SIZE`].
    pub size: usize,
    pub domain: Domain,
    /// `size^3` output colours, red fastest, then green, then blue.
    pub table: Vec<[f32; 3]>,
}

/// A LUT's input range, per channel: `min` falls on the first sample and `max` on
/// the last; inputs outside are clamped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Domain {
    pub min: [f32; 3],
    pub max: [f32; 3],
}

impl Domain {
    /// `0..=1` on every channel, the default.
    pub const UNIT: Domain = Domain {
        min: [0.0; 3],
        max: [1.0; 3],
    };

    /// `lo..=hi` on every channel.
    fn uniform([lo, hi]: [f32; 2]) -> Domain {
        Domain {
            min: [lo; 3],
            max: [hi; 3],
        }
    }

    /// `v` on channel `c` as a fraction of the range: 0 at `min`, 1 at `max`.
    fn normalise(&self, c: usize, v: f32) -> f32 {
        (v - self.min[c]) / (self.max[c] - self.min[c])
    }

    /// Where `v` (clamped) falls on channel `c` of `size` samples spread over the
    /// range: the lower sample's index and the fraction of the way to the next.
    fn position(&self, c: usize, v: f32, size: usize) -> (usize, f32) {
        let t = self.normalise(c, v).clamp(0.0, 1.0) * (size - 1) as f32;
        let i = (t as usize).min(size - 2);
        (i, t - i as f32)
    }
}

impl Cube {
    /// A 3D LUT of `size` samples per axis over `0..=1`, each the output of `f`.
    pub fn from_fn(
        title: &str,
        size: usize,
        f: impl Fn([f32; 3]) -> [f32; 3] + Sync,
    ) -> Result<Cube> {
        if !(2..=MAX_3D_SIZE).contains(&size) {
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
            lut_1d: None,
            lut_3d: Some(Lut3d {
                size,
                domain: Domain::UNIT,
                table,
            }),
        })
    }

    /// Reads a `.cube` file.
    pub fn load(file: &Path) -> Result<Cube> {
        let bytes = read_at_most(file, MAX_CUBE_BYTES).map_err(|e| GradeError::io(file, e))?;
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
        // The sizes and Resolve's ranges with the line each was given on.
        let mut size_1d: Option<(usize, usize)> = None;
        let mut size_3d: Option<(usize, usize)> = None;
        let mut range_1d: Option<(usize, [f32; 2])> = None;
        let mut range_3d: Option<(usize, [f32; 2])> = None;
        let mut domain_min = None;
        let mut domain_max = None;
        // The 1D LUT's entries, then the 3D LUT's.
        let mut entries: Vec<[f32; 3]> = Vec::new();
        // A byte-order mark (from a Windows editor) is not the first keyword.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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
                let expected = entry_count(size_1d, size_3d);
                if expected == 0 {
                    return Err(error(
                        line,
                        "LUT data before LUT_1D_SIZE or LUT_3D_SIZE".into(),
                    ));
                }
                if entries.len() == expected {
                    return Err(error(
                        line,
                        format!(
                            "more than the {expected} LUT entries {} needs",
                            sizes(size_1d, size_3d)
                        ),
                    ));
                }
                entries.push(numbers(content).map_err(|m| error(line, m))?);
                continue;
            }
            if !entries.is_empty() {
                // Among the entries, a line that is not one (`nan 0 0`, `a b c`).
                return Err(error(
                    line,
                    format!(
                        "`{}` is not an entry of three numbers",
                        content.escape_debug()
                    ),
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
                "LUT_1D_SIZE" | "LUT_3D_SIZE" => {
                    let (size, max) = if keyword == "LUT_1D_SIZE" {
                        (&mut size_1d, MAX_1D_SIZE)
                    } else {
                        (&mut size_3d, MAX_3D_SIZE)
                    };
                    if size.is_some() {
                        return Err(error(line, format!("{keyword} given twice")));
                    }
                    let n = rest
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (2..=max).contains(n))
                        .ok_or_else(|| {
                            error(line, format!("{keyword} `{rest}` is not in 2..={max}"))
                        })?;
                    *size = Some((line, n));
                }
                "DOMAIN_MIN" => domain_min = Some(numbers(rest).map_err(|m| error(line, m))?),
                "DOMAIN_MAX" => domain_max = Some(numbers(rest).map_err(|m| error(line, m))?),
                "LUT_1D_INPUT_RANGE" | "LUT_3D_INPUT_RANGE" => {
                    let [lo, hi] = numbers(rest).map_err(|m| error(line, m))?;
                    if lo >= hi {
                        return Err(error(line, format!("{keyword} {lo} is not below {hi}")));
                    }
                    let range = if keyword == "LUT_1D_INPUT_RANGE" {
                        &mut range_1d
                    } else {
                        &mut range_3d
                    };
                    *range = Some((line, [lo, hi]));
                }
                other => return Err(error(line, format!("unknown keyword `{other}`"))),
            }
        }
        let expected = entry_count(size_1d, size_3d);
        if expected == 0 {
            return Err(error(
                0,
                "no LUT_1D_SIZE or LUT_3D_SIZE: not a .cube LUT".into(),
            ));
        }
        if entries.len() != expected {
            // Point at the (last) size that asked for the entries.
            let line = size_1d.into_iter().chain(size_3d).map(|(line, _)| line);
            return Err(error(
                line.max().unwrap_or(0),
                format!(
                    "{} needs {expected} entries, found {}",
                    sizes(size_1d, size_3d),
                    entries.len()
                ),
            ));
        }
        for (range, size, keyword) in [
            (range_1d, size_1d, "LUT_1D_INPUT_RANGE without LUT_1D_SIZE"),
            (range_3d, size_3d, "LUT_3D_INPUT_RANGE without LUT_3D_SIZE"),
        ] {
            if let (Some((line, _)), None) = (range, size) {
                return Err(error(line, keyword.into()));
            }
        }
        // DOMAIN_MIN/MAX are the file's input range, so the first LUT's.
        let input = Domain {
            min: domain_min.unwrap_or(Domain::UNIT.min),
            max: domain_max.unwrap_or(Domain::UNIT.max),
        };
        if (0..3).any(|c| input.min[c] >= input.max[c]) {
            return Err(error(
                0,
                format!(
                    "DOMAIN_MIN {:?} is not below DOMAIN_MAX {:?}",
                    input.min, input.max
                ),
            ));
        }
        let domain_3d = match range_3d {
            Some((_, range)) => Domain::uniform(range),
            None if size_1d.is_some() => Domain::UNIT,
            None => input,
        };
        let table_3d = entries.split_off(size_1d.map_or(0, |(_, n)| n));
        Ok(Cube {
            title,
            lut_1d: size_1d.map(|_| Lut1d {
                domain: range_1d.map_or(input, |(_, range)| Domain::uniform(range)),
                table: entries,
            }),
            lut_3d: size_3d.map(|(_, size)| Lut3d {
                size,
                domain: domain_3d,
                table: table_3d,
            }),
        })
    }

    /// The LUT as `.cube` text. A 1D or a 3D LUT is an Adobe file that Resolve,
    /// Premiere, Nuke and OCIO read.
    ///
    /// `DOMAIN_MIN`/`DOMAIN_MAX` carry the first LUT's range. A shaper's outputs are
    /// written as fractions of the 3D LUT's range, which then needs no keyword: the
    /// map is affine per channel, so linear interpolation carries it exactly.
    pub fn to_text(&self) -> String {
        let rows = self.lut_1d.as_ref().map_or(0, |lut| lut.table.len())
            + self.lut_3d.as_ref().map_or(0, |lut| lut.table.len());
        let mut text = String::with_capacity(rows * 28 + 200);
        let title = self.title.replace(['"', '\n', '\r'], "'");
        // Writing to a String cannot fail.
        // Nothing in the format says what its values are: a comment does, for
        // whoever loads it into a linear working space.
        let _ = writeln!(
            text,
            "# Created by oneshot\n# Input and output: sRGB display values (not linear)\nTITLE \"{title}\""
        );
        if let Some(lut) = &self.lut_1d {
            let _ = writeln!(text, "LUT_1D_SIZE {}", lut.table.len());
        }
        if let Some(lut) = &self.lut_3d {
            let _ = writeln!(text, "LUT_3D_SIZE {}", lut.size);
        }
        let first = (self.lut_1d.as_ref().map(|lut| lut.domain))
            .or(self.lut_3d.as_ref().map(|lut| lut.domain))
            .unwrap_or(Domain::UNIT);
        let ([a, b, c], [d, e, f]) = (first.min, first.max);
        let _ = write!(text, "DOMAIN_MIN {a} {b} {c}\nDOMAIN_MAX {d} {e} {f}\n");
        let into_3d = self.lut_3d.as_ref().map_or(Domain::UNIT, |lut| lut.domain);
        let shaper = self.lut_1d.iter().flat_map(|lut| &lut.table);
        let shaper = shaper.map(|rgb| std::array::from_fn(|c| into_3d.normalise(c, rgb[c])));
        let cube = self.lut_3d.iter().flat_map(|lut| lut.table.iter().copied());
        for [r, g, b] in shaper.chain(cube) {
            let _ = writeln!(text, "{r:.6} {g:.6} {b:.6}");
        }
        text
    }

    /// Looks up one colour: through the curves, then the 3D LUT.
    pub fn sample(&self, rgb: [f32; 3]) -> [f32; 3] {
        let shaped = self.lut_1d.as_ref().map_or(rgb, |lut| lut.sample(rgb));
        self.lut_3d
            .as_ref()
            .map_or(shaped, |lut| lut.sample(shaped))
    }

    /// Grades straight-alpha RGBA8 pixels in place, one row per task.
    pub fn apply_rgba(&self, width: u32, rgba: &mut [u8]) {
        // Every 8-bit code through the curves, per channel.
        let shaped: [[f32; 256]; 3] = std::array::from_fn(|c| {
            std::array::from_fn(|v| {
                let v = v as f32 / 255.0;
                self.lut_1d.as_ref().map_or(v, |lut| lut.channel(c, v))
            })
        });
        let row = (width as usize * 4).max(4);
        let Some(lut) = &self.lut_3d else {
            let codes = shaped.map(|channel| channel.map(code));
            rgba.par_chunks_mut(row).for_each(|row| {
                for px in row.chunks_exact_mut(4) {
                    for c in 0..3 {
                        px[c] = codes[c][px[c] as usize];
                    }
                }
            });
            return;
        };
        // Every 8-bit code's cell and fraction in the 3D LUT, per channel.
        let positions: [[(usize, f32); 256]; 3] =
            std::array::from_fn(|c| shaped[c].map(|v| lut.domain.position(c, v, lut.size)));
        rgba.par_chunks_mut(row).for_each(|row| {
            for px in row.chunks_exact_mut(4) {
                let out = lut.interpolate(std::array::from_fn(|c| positions[c][px[c] as usize]));
                for c in 0..3 {
                    px[c] = code(out[c]);
                }
            }
        });
    }
}

impl Lut1d {
    /// Looks up one colour, each channel on its own curve.
    pub fn sample(&self, rgb: [f32; 3]) -> [f32; 3] {
        std::array::from_fn(|c| self.channel(c, rgb[c]))
    }

    /// Channel `c`'s curve at `v`, linearly interpolated.
    fn channel(&self, c: usize, v: f32) -> f32 {
        let (i, t) = self.domain.position(c, v, self.table.len());
        let (a, b) = (self.table[i][c], self.table[i + 1][c]);
        a + (b - a) * t
    }
}

impl Lut3d {
    /// Looks up one colour with tetrahedral interpolation.
    pub fn sample(&self, rgb: [f32; 3]) -> [f32; 3] {
        self.interpolate(std::array::from_fn(|c| {
            self.domain.position(c, rgb[c], self.size)
        }))
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

/// How many entries the sizes call for: `n` for a 1D LUT and `n^3` for a 3D one.
fn entry_count(size_1d: Option<(usize, usize)>, size_3d: Option<(usize, usize)>) -> usize {
    size_1d.map_or(0, |(_, n)| n) + size_3d.map_or(0, |(_, n)| n * n * n)
}

/// The sizes as the file gave them, for messages: `LUT_1D_SIZE 6 + LUT_3D_SIZE 3`.
fn sizes(size_1d: Option<(usize, usize)>, size_3d: Option<(usize, usize)>) -> String {
    let one = size_1d.map(|(_, n)| format!("LUT_1D_SIZE {n}"));
    let three = size_3d.map(|(_, n)| format!("LUT_3D_SIZE {n}"));
    one.into_iter().chain(three).collect::<Vec<_>>().join(" + ")
}

/// A display value as an 8-bit code.
fn code(v: f32) -> u8 {
    (v.clamp(0.0, 1.0) * 255.0 + 0.5) as u8
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

    fn parse(text: &str) -> Cube {
        Cube::parse(text, Path::new("test.cube")).unwrap()
    }

    /// A 1D LUT of `size` entries, entry `i` being `f(i / (size - 1))`.
    fn curves(size: usize, f: impl Fn(f32) -> [f32; 3]) -> String {
        let mut text = format!("LUT_1D_SIZE {size}\n");
        for i in 0..size {
            let [r, g, b] = f(i as f32 / (size - 1) as f32);
            text += &format!("{r} {g} {b}\n");
        }
        text
    }

    fn close(got: [f32; 3], want: [f32; 3]) -> bool {
        (0..3).all(|c| (got[c] - want[c]).abs() < 1e-5)
    }

    /// Every 8-bit code on each channel, in varied combinations.
    fn chart() -> Vec<u8> {
        (0..=255u8).flat_map(|v| [v, 255 - v, v / 3, 9]).collect()
    }

    #[test]
    fn an_identity_lut_changes_nothing() {
        let lut = identity(17);
        let mut rgba = chart();
        lut.apply_rgba(16, &mut rgba);
        assert_eq!(rgba, chart());
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
            assert!(close(got, want), "{rgb:?}: {got:?} {want:?}");
        }
    }

    #[test]
    fn text_round_trips_with_resolve_extras() {
        let lut = Cube::from_fn("warm \"look\"", 3, |[r, g, b]| [r, g * 0.9, b * 0.8]).unwrap();
        let back = parse(&lut.to_text());
        assert_eq!(back.title, "warm 'look'");
        let (back_3d, lut_3d) = (back.lut_3d.unwrap(), lut.lut_3d.unwrap());
        assert_eq!((back_3d.size, back_3d.domain), (3, Domain::UNIT));
        for (a, b) in back_3d.table.iter().zip(&lut_3d.table) {
            assert!((0..3).all(|c| (a[c] - b[c]).abs() < 1e-6));
        }
        let resolve = "# Resolve\n\nTITLE \"x\"\nLUT_3D_SIZE 2\nLUT_3D_INPUT_RANGE 0.0 2.0\n\
                       0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\n1 1 1\n";
        let lut = parse(resolve);
        assert_eq!(lut.lut_3d.as_ref().unwrap().domain.max, [2.0; 3]);
        assert_eq!(lut.sample([1.0, 0.5, 0.0]), [0.5, 0.25, 0.0]);
    }

    #[test]
    fn an_identity_1d_lut_changes_nothing() {
        for size in [2, 17, 1024, MAX_1D_SIZE] {
            let lut = parse(&curves(size, |v| [v; 3]));
            assert!(lut.lut_3d.is_none());
            let mut rgba = chart();
            lut.apply_rgba(16, &mut rgba);
            assert_eq!(rgba, chart(), "LUT_1D_SIZE {size}");
        }
    }

    #[test]
    fn a_1d_lut_maps_each_channel_on_its_own_curve() {
        // Red squared, green inverted, blue halved, sampled at 0, 1/4, 1/2, 3/4, 1.
        let lut = parse(&curves(5, |v| [v * v, 1.0 - v, v / 2.0]));
        assert_eq!(lut.sample([0.5, 0.5, 0.5]), [0.25, 0.5, 0.25]);
        assert_eq!(lut.sample([0.75, 0.0, 1.0]), [0.5625, 1.0, 0.5]);
        // Between entries the curve is a straight line: red halfway from 1/16 to 1/4.
        assert!(close(
            lut.sample([0.375, 0.125, 0.9]),
            [0.15625, 0.875, 0.45]
        ));
        let mut px = [128, 0, 255, 7];
        lut.apply_rgba(1, &mut px);
        // 128/255 is a little past 1/2: red a little past 1/4 on the 1/4..9/16 line.
        let red = 0.25 + (128.0 / 255.0 - 0.5) * 4.0 * (0.5625 - 0.25);
        assert_eq!(px, [(red * 255.0 + 0.5) as u8, 255, 128, 7]);
    }

    #[test]
    fn inputs_are_clamped_to_the_domain() {
        let ramp = "LUT_1D_SIZE 3\nLUT_1D_INPUT_RANGE -1 3\n0 0 0\n0.5 0.5 0.5\n1 1 1\n";
        let lut = parse(ramp);
        assert_eq!(
            lut.lut_1d.as_ref().unwrap().domain,
            Domain::uniform([-1.0, 3.0])
        );
        assert_eq!(lut.sample([1.0, 2.0, 0.0]), [0.5, 0.75, 0.25]);
        assert_eq!(lut.sample([-5.0, 3.0, 9.0]), [0.0, 1.0, 1.0]);
        // Adobe's per-channel domain: red over 0..=0.5, green and blue over 0..=2.
        let adobe = "DOMAIN_MIN 0 0 0\nDOMAIN_MAX 0.5 2 2\nLUT_1D_SIZE 2\n0 0 0\n1 1 1\n";
        let lut = parse(adobe);
        assert_eq!(lut.sample([0.25, 1.0, 4.0]), [0.5, 0.5, 1.0]);
        assert_eq!(lut.sample([0.75, -1.0, 0.5]), [1.0, 0.0, 0.25]);
    }

    /// Resolve's own example: a shaper that inverts, then a 3D LUT that inverts back.
    const RESOLVE_SHAPED: &str = "LUT_1D_SIZE 6\nLUT_1D_INPUT_RANGE 0.0 1.0\n\
        LUT_3D_SIZE 3\nLUT_3D_INPUT_RANGE 0.0 1.0\n\
        1.0 1.0 1.0\n0.8 0.8 0.8\n0.6 0.6 0.6\n0.4 0.4 0.4\n0.2 0.2 0.2\n0.0 0.0 0.0\n\
        1.0 1.0 1.0\n0.5 1.0 1.0\n0.0 1.0 1.0\n1.0 0.5 1.0\n0.5 0.5 1.0\n0.0 0.5 1.0\n\
        1.0 0.0 1.0\n0.5 0.0 1.0\n0.0 0.0 1.0\n1.0 1.0 0.5\n0.5 1.0 0.5\n0.0 1.0 0.5\n\
        1.0 0.5 0.5\n0.5 0.5 0.5\n0.0 0.5 0.5\n1.0 0.0 0.5\n0.5 0.0 0.5\n0.0 0.0 0.5\n\
        1.0 1.0 0.0\n0.5 1.0 0.0\n0.0 1.0 0.0\n1.0 0.5 0.0\n0.5 0.5 0.0\n0.0 0.5 0.0\n\
        1.0 0.0 0.0\n0.5 0.0 0.0\n0.0 0.0 0.0\n";

    #[test]
    fn a_shaper_is_applied_before_the_3d_lut() {
        let lut = parse(RESOLVE_SHAPED);
        assert_eq!(lut.lut_1d.as_ref().unwrap().table.len(), 6);
        assert_eq!(lut.lut_3d.as_ref().unwrap().table.len(), 27);
        assert!(close(lut.sample([0.1, 0.5, 0.9]), [0.1, 0.5, 0.9]));
        let mut rgba = chart();
        lut.apply_rgba(16, &mut rgba);
        assert_eq!(rgba, chart());
        // Without the shaper the 3D LUT alone inverts.
        let cube = Cube {
            lut_1d: None,
            ..lut
        };
        assert!(close(cube.sample([0.1, 0.5, 0.9]), [0.9, 0.5, 0.1]));
    }

    #[test]
    fn curves_and_shaped_luts_round_trip_through_text() {
        let mut shaped = parse(RESOLVE_SHAPED);
        // A 3D range other than 0..=1 is written into the shaper's outputs.
        shaped.lut_3d.as_mut().unwrap().domain = Domain::uniform([-0.5, 1.5]);
        let curve = "TITLE \"log\"\nDOMAIN_MIN 0 0 -1\nDOMAIN_MAX 1 2 1\n\
                     LUT_1D_SIZE 3\n0 0.1 0.2\n0.3 0.4 0.5\n0.9 0.95 1\n";
        for lut in [shaped, parse(curve)] {
            let back = parse(&lut.to_text());
            assert_eq!(back.title, lut.title);
            for rgb in [[0.1, 0.5, 0.9], [0.0, 1.0, 0.3], [0.7, 0.2, -0.4]] {
                assert!(close(back.sample(rgb), lut.sample(rgb)), "{rgb:?}");
            }
        }
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
            (
                "0 0 0\n",
                "bad.cube:1: LUT data before LUT_1D_SIZE or LUT_3D_SIZE",
            ),
            (
                "LUT_3D_SIZE 300\n",
                "bad.cube:1: LUT_3D_SIZE `300` is not in 2..=256",
            ),
            (
                "# x\nLUT_3D_SIZE 2\n0 0 0\n",
                "bad.cube:2: LUT_3D_SIZE 2 needs 8 entries, found 1",
            ),
            ("TITLE x\n", "bad.cube:1: TITLE needs"),
            (
                "LUT_3D_SIZE 2\nFOO 1\n",
                "bad.cube:2: unknown keyword `FOO`",
            ),
            ("", "bad.cube: no LUT_1D_SIZE or LUT_3D_SIZE"),
            (
                "LUT_1D_SIZE 1\n",
                "bad.cube:1: LUT_1D_SIZE `1` is not in 2..=65536",
            ),
            (
                "LUT_1D_SIZE 65537\n",
                "bad.cube:1: LUT_1D_SIZE `65537` is not in 2..=65536",
            ),
            (
                "\nLUT_1D_SIZE many\n",
                "bad.cube:2: LUT_1D_SIZE `many` is not in 2..=65536",
            ),
            (
                "LUT_1D_SIZE 2\nLUT_1D_SIZE 3\n",
                "bad.cube:2: LUT_1D_SIZE given twice",
            ),
            (
                "LUT_1D_SIZE 3\n0 0 0\n0.5 0.5\n1 1 1\n",
                "bad.cube:3: expected 3 numbers, got `0.5 0.5`",
            ),
            (
                "LUT_1D_SIZE 3\n0 0 0\n0.5 x 0.5\n1 1 1\n",
                "bad.cube:3: `x` is not a finite number",
            ),
            (
                "LUT_1D_SIZE 2\n0 0 0\n1 1 1\n1 1 1\n",
                "bad.cube:4: more than the 2 LUT entries LUT_1D_SIZE 2 needs",
            ),
            (
                "LUT_1D_SIZE 4\n0 0 0\n1 1 1\n",
                "bad.cube:1: LUT_1D_SIZE 4 needs 4 entries, found 2",
            ),
            (
                "LUT_1D_SIZE 2\nLUT_3D_SIZE 2\n0 0 0\n1 1 1\n0 0 0\n",
                "bad.cube:2: LUT_1D_SIZE 2 + LUT_3D_SIZE 2 needs 10 entries, found 3",
            ),
            (
                "LUT_1D_SIZE 2\nLUT_1D_INPUT_RANGE 1 0\n",
                "bad.cube:2: LUT_1D_INPUT_RANGE 1 is not below 0",
            ),
            (
                "LUT_1D_SIZE 2\nLUT_3D_INPUT_RANGE 0 1\n0 0 0\n1 1 1\n",
                "bad.cube:2: LUT_3D_INPUT_RANGE without LUT_3D_SIZE",
            ),
            (
                "LUT_1D_SIZE 2\nDOMAIN_MAX 1 0 1\n0 0 0\n1 1 1\n",
                "bad.cube: DOMAIN_MIN [0.0, 0.0, 0.0] is not below DOMAIN_MAX",
            ),
            (
                "LUT_1D_SIZE 2\n0 0 0\nnan 1 1\n",
                "bad.cube:3: `nan 1 1` is not an entry of three numbers",
            ),
            (
                "\u{feff}LUT_1D_SIZE 2\n0 0 0\n",
                "bad.cube:1: LUT_1D_SIZE 2 needs 2 entries, found 1",
            ),
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
            which in 0usize..3,
            cut in 0usize..800,
            junk in "[ 0-9a-zA-Z_.#\"\n-]{0,20}",
        ) {
            let mut text = match which {
                0 => identity(3).to_text(),
                1 => curves(4, |v| [v, v * v, 1.0 - v]),
                _ => RESOLVE_SHAPED.to_owned(),
            };
            let cut = cut.min(text.len());
            text.insert_str(cut, &junk);
            if let Ok(lut) = Cube::parse(&text, Path::new("fuzz.cube")) {
                let mut px = [1, 2, 3, 4];
                lut.apply_rgba(1, &mut px);
                lut.sample([0.5, -1.0, 2.0]);
            }
        }
    }
}
