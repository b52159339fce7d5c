//! Palettes: the built-in machine palettes, machine colour depths (SNES 15-bit,
//! Mega Drive 9-bit), and palette files in `.hex`, `.gpl` (GIMP), JASC `.pal` and
//! `.ase` (Adobe Swatch Exchange), read and written.

use std::path::{Path, PathBuf};

use oneshot_model::production::parse_hex_color;

use crate::error::{Result, RetroError};

/// An ordered list of sRGB colours; the order is the hardware index order where there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Palette {
    pub name: String,
    pub colors: Vec<[u8; 3]>,
}

/// Built-in palettes, embedded so an installed binary needs no data files.
const BUILTIN: &[(&str, &str)] = &[
    (
        "nes-2c02",
        include_str!("../../../presets/palettes/nes-2c02.hex"),
    ),
    (
        "gb-dmg",
        include_str!("../../../presets/palettes/gb-dmg.hex"),
    ),
    (
        "gb-bgb",
        include_str!("../../../presets/palettes/gb-bgb.hex"),
    ),
    (
        "c64-pepto",
        include_str!("../../../presets/palettes/c64-pepto.hex"),
    ),
    (
        "c64-colodore-vice",
        include_str!("../../../presets/palettes/c64-colodore-vice.hex"),
    ),
    (
        "cga-16",
        include_str!("../../../presets/palettes/cga-16.hex"),
    ),
    (
        "cga-mode4-pal0-low",
        include_str!("../../../presets/palettes/cga-mode4-pal0-low.hex"),
    ),
    (
        "cga-mode4-pal0-high",
        include_str!("../../../presets/palettes/cga-mode4-pal0-high.hex"),
    ),
    (
        "cga-mode4-pal1-low",
        include_str!("../../../presets/palettes/cga-mode4-pal1-low.hex"),
    ),
    (
        "cga-mode4-pal1-high",
        include_str!("../../../presets/palettes/cga-mode4-pal1-high.hex"),
    ),
    (
        "cga-mode5-low",
        include_str!("../../../presets/palettes/cga-mode5-low.hex"),
    ),
    (
        "cga-mode5-high",
        include_str!("../../../presets/palettes/cga-mode5-high.hex"),
    ),
    (
        "ega-64",
        include_str!("../../../presets/palettes/ega-64.hex"),
    ),
    (
        "ega-default-16",
        include_str!("../../../presets/palettes/ega-default-16.hex"),
    ),
    ("pico8", include_str!("../../../presets/palettes/pico8.hex")),
    (
        "pico8-secret",
        include_str!("../../../presets/palettes/pico8-secret.hex"),
    ),
    (
        "zx-spectrum",
        include_str!("../../../presets/palettes/zx-spectrum.hex"),
    ),
];

/// Short names for the most used built-in palettes.
const ALIASES: &[(&str, &str)] = &[
    ("nes", "nes-2c02"),
    ("gameboy", "gb-dmg"),
    ("gb", "gb-dmg"),
    ("c64", "c64-pepto"),
    ("colodore", "c64-colodore-vice"),
    ("cga", "cga-16"),
    ("ega", "ega-default-16"),
    ("pico-8", "pico8"),
    ("zx", "zx-spectrum"),
    ("spectrum", "zx-spectrum"),
    ("1bit", "mono"),
    ("mac-1bit", "mono"),
];

/// Per-channel levels of a machine colour depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// 5 bits a channel (SNES, Game Boy Color: BGR555), expanded `(v << 3) | (v >> 2)`.
    Rgb555,
    /// 3 bits a channel (Sega Mega Drive / Genesis, 512 colours). The DAC is not linear;
    /// these are the commonly quoted measured levels (an approximation: consoles differ).
    Rgb333,
}

/// The largest palette file read: 256 named colours take a few kilobytes.
const MAX_PALETTE_FILE_BYTES: u64 = 1 << 20;

const MEGA_DRIVE_LEVELS: [u8; 8] = [0, 52, 87, 116, 144, 172, 206, 255];

impl Depth {
    /// The nearest level of this depth to an 8-bit channel value.
    pub fn snap(self, v: u8) -> u8 {
        match self {
            Depth::Rgb555 => {
                let five = ((v as u32 * 31 + 127) / 255) as u8;
                (five << 3) | (five >> 2)
            }
            Depth::Rgb333 => *MEGA_DRIVE_LEVELS
                .iter()
                .min_by_key(|&&level| level.abs_diff(v))
                .expect("levels are not empty"),
        }
    }

    /// The nearest colour of this depth.
    pub fn snap_rgb(self, rgb: [u8; 3]) -> [u8; 3] {
        rgb.map(|v| self.snap(v))
    }
}

/// What a palette setting names: a fixed list, or colours chosen from the image.
#[derive(Debug, Clone, PartialEq)]
pub enum PaletteSource {
    /// Map to exactly these colours (optionally a best subset of `colors` of them).
    Fixed(Palette),
    /// Choose the colours from the image, optionally restricted to a machine depth.
    Adaptive { depth: Option<Depth> },
}

/// Colour depths that work as palette names, with their default colour counts.
const DEPTHS: &[(&str, Depth, u32)] = &[
    ("snes", Depth::Rgb555, 256),
    ("rgb555", Depth::Rgb555, 256),
    ("gbc", Depth::Rgb555, 56),
    ("megadrive", Depth::Rgb333, 61),
    ("genesis", Depth::Rgb333, 61),
    ("rgb333", Depth::Rgb333, 61),
];

impl Palette {
    /// A palette from colours.
    pub fn new(name: impl Into<String>, colors: Vec<[u8; 3]>) -> Self {
        Palette {
            name: name.into(),
            colors,
        }
    }

    /// Black and white (the 1-bit look of a classic Macintosh).
    pub fn mono() -> Self {
        Palette::new("mono", vec![[0, 0, 0], [255, 255, 255]])
    }

    /// The built-in palette called `name` (or one of its short aliases).
    pub fn builtin(name: &str) -> Option<Palette> {
        let name = name.trim().to_ascii_lowercase();
        let id = ALIASES
            .iter()
            .find(|(alias, _)| *alias == name)
            .map_or(name.as_str(), |(_, id)| id);
        if id == "mono" {
            return Some(Palette::mono());
        }
        let (id, text) = BUILTIN.iter().find(|(builtin, _)| *builtin == id)?;
        let palette = parse_hex(text, Path::new(id)).expect("built-in palettes are valid");
        Some(Palette::new(*id, palette))
    }

    /// Every name [`Palette::builtin`] and [`PaletteSource::resolve`] accept.
    pub fn builtin_names() -> Vec<&'static str> {
        let mut names: Vec<&str> = BUILTIN.iter().map(|(id, _)| *id).collect();
        names.extend(ALIASES.iter().map(|(alias, _)| *alias));
        names.extend(DEPTHS.iter().map(|(name, _, _)| *name));
        names.push("mono");
        names.sort_unstable();
        names
    }

    /// The colours without repeats, first occurrence kept (several NES entries are black).
    pub fn distinct(&self) -> Vec<[u8; 3]> {
        let mut seen = Vec::with_capacity(self.colors.len());
        for &c in &self.colors {
            if !seen.contains(&c) {
                seen.push(c);
            }
        }
        seen
    }

    /// Reads a palette file; the format comes from the extension (`.hex`, `.gpl`, `.pal`,
    /// `.ase`), or from the content for anything else.
    pub fn load(path: &Path) -> Result<Palette> {
        use std::io::Read;

        // Read no further than a palette could reach: `/dev/zero` never ends.
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|file| {
                file.take(MAX_PALETTE_FILE_BYTES + 1)
                    .read_to_end(&mut bytes)
            })
            .map_err(|e| RetroError::io(path, e))?;
        if bytes.len() as u64 > MAX_PALETTE_FILE_BYTES {
            return Err(RetroError::PaletteFile {
                file: path.to_owned(),
                message: format!(
                    "is larger than {MAX_PALETTE_FILE_BYTES} bytes: not a palette of at most 256 colours"
                ),
            });
        }
        let name = path.file_stem().map_or_else(
            || "palette".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        );
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let colors = if ext == "ase" || bytes.starts_with(b"ASEF") {
            crate::ase::read(&bytes, path)?
        } else {
            let text = std::str::from_utf8(&bytes).map_err(|_| RetroError::PaletteFile {
                file: path.to_owned(),
                message: "is neither text nor an .ase swatch file".into(),
            })?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            let first = text.lines().next().unwrap_or("").trim();
            if first.starts_with("GIMP Palette") {
                parse_gpl(text, path)?
            } else if first == "JASC-PAL" {
                parse_jasc(text, path)?
            } else if ext == "gpl" || ext == "pal" {
                return Err(RetroError::PaletteLine {
                    file: path.to_owned(),
                    line: 1,
                    message: format!(
                        "expected `{}` as the first line",
                        if ext == "gpl" {
                            "GIMP Palette"
                        } else {
                            "JASC-PAL"
                        }
                    ),
                });
            } else {
                parse_hex(text, path)?
            }
        };
        if colors.is_empty() {
            return Err(RetroError::PaletteFile {
                file: path.to_owned(),
                message: "has no colours".into(),
            });
        }
        if colors.len() > 256 {
            return Err(RetroError::PaletteFile {
                file: path.to_owned(),
                message: format!("has {} colours; at most 256 are supported", colors.len()),
            });
        }
        Ok(Palette::new(name, colors))
    }

    /// Writes the palette in the format named by the file's extension (see
    /// [`Palette::check_save_path`]), through a temporary file and a rename.
    pub fn save(&self, path: &Path) -> Result<()> {
        crate::io::write_atomically(path, &self.encode(path)?)
    }

    /// The palette as a file at `path` holds it, in the format its extension names
    /// (see [`Palette::check_save_path`]).
    pub fn encode(&self, path: &Path) -> Result<Vec<u8>> {
        Ok(match Self::check_save_path(path)? {
            "gpl" => self.to_gpl().into_bytes(),
            "pal" => self.to_jasc().into_bytes(),
            "ase" => crate::ase::write(self),
            _ => self.to_hex().into_bytes(),
        })
    }

    /// The format a palette saved at `path` gets: `gpl`, `pal`, `ase`, or `hex` (also
    /// for a file without an extension); another extension is an error, found before
    /// any work is done.
    pub fn check_save_path(path: &Path) -> Result<&'static str> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("gpl") => Ok("gpl"),
            Some("pal") => Ok("pal"),
            Some("ase") => Ok("ase"),
            Some("hex") | None => Ok("hex"),
            Some(other) => Err(RetroError::PaletteFile {
                file: path.to_owned(),
                message: format!("`.{other}` is not a palette format (.gpl, .hex, .pal or .ase)"),
            }),
        }
    }

    /// Lospec `.hex`: one lowercase `rrggbb` a line.
    pub fn to_hex(&self) -> String {
        self.colors
            .iter()
            .map(|[r, g, b]| format!("{r:02x}{g:02x}{b:02x}\n"))
            .collect()
    }

    /// GIMP `.gpl`.
    pub fn to_gpl(&self) -> String {
        let mut out = format!("GIMP Palette\nName: {}\nColumns: 8\n#\n", self.name);
        for [r, g, b] in &self.colors {
            out += &format!("{r:3} {g:3} {b:3}\t#{r:02X}{g:02X}{b:02X}\n");
        }
        out
    }

    /// JASC-PAL (Paint Shop Pro), with CRLF line ends as the format's writers use.
    pub fn to_jasc(&self) -> String {
        let mut out = format!("JASC-PAL\r\n0100\r\n{}\r\n", self.colors.len());
        for [r, g, b] in &self.colors {
            out += &format!("{r} {g} {b}\r\n");
        }
        out
    }
}

impl PaletteSource {
    /// Whether a palette setting is written as a file (a palette extension or a
    /// path separator) rather than a name.
    pub fn names_a_file(spec: &str) -> bool {
        Path::new(spec).extension().is_some_and(|e| {
            ["hex", "gpl", "pal", "ase", "txt"]
                .contains(&e.to_string_lossy().to_ascii_lowercase().as_str())
        }) || spec.contains('/')
            || spec.contains('\\')
    }

    /// Resolves a palette setting: a built-in name or alias, a colour depth (`snes`,
    /// `megadrive`), or a palette file (user palette directories are searched for
    /// `NAME.{hex,gpl,pal,ase}` first). Returns the source and its default colour count.
    pub fn resolve(spec: &str, palette_dirs: &[PathBuf]) -> Result<(PaletteSource, Option<u32>)> {
        let key = spec.trim().to_ascii_lowercase();
        if let Some(&(_, depth, colors)) = DEPTHS.iter().find(|(name, _, _)| *name == key) {
            return Ok((PaletteSource::Adaptive { depth: Some(depth) }, Some(colors)));
        }
        if key == "adaptive" || key == "auto" {
            return Ok((PaletteSource::Adaptive { depth: None }, None));
        }
        let path = Path::new(spec);
        if Self::names_a_file(spec) || path.is_file() {
            return Ok((PaletteSource::Fixed(Palette::load(path)?), None));
        }
        for dir in palette_dirs {
            for ext in ["hex", "gpl", "pal", "ase"] {
                let candidate = dir.join(format!("{spec}.{ext}"));
                if candidate.is_file() {
                    return Ok((PaletteSource::Fixed(Palette::load(&candidate)?), None));
                }
            }
        }
        if let Some(palette) = Palette::builtin(&key) {
            return Ok((PaletteSource::Fixed(palette), None));
        }
        Err(RetroError::UnknownPalette {
            name: spec.to_owned(),
            known: Palette::builtin_names().join(", "),
        })
    }
}

fn line_error(file: &Path, line: usize, message: impl Into<String>) -> RetroError {
    RetroError::PaletteLine {
        file: file.to_owned(),
        line,
        message: message.into(),
    }
}

/// `.hex`: one `RRGGBB` a line (a leading `#` is allowed); blank lines and `;`/`//`
/// comments are skipped.
pub fn parse_hex(text: &str, file: &Path) -> Result<Vec<[u8; 3]>> {
    let mut colors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with(';') || line.starts_with("//") {
            continue;
        }
        colors.push(parse_hex_color(line).ok_or_else(|| {
            line_error(
                file,
                i + 1,
                format!("`{line}` is not a colour (expected 6 hex digits, RRGGBB)"),
            )
        })?);
    }
    Ok(colors)
}

/// Three decimal channel values at the start of `line` (the rest, e.g. a name, is ignored).
fn parse_rgb_line(line: &str, file: &Path, number: usize) -> Result<[u8; 3]> {
    let mut fields = line.split_whitespace();
    let mut channel = || -> Result<u8> {
        let field = fields.next().ok_or_else(|| {
            line_error(file, number, format!("`{line}` needs three values R G B"))
        })?;
        field.parse::<u8>().map_err(|_| {
            line_error(
                file,
                number,
                format!("`{field}` is not a channel value 0-255"),
            )
        })
    };
    Ok([channel()?, channel()?, channel()?])
}

/// GIMP `.gpl`: `GIMP Palette`, optional `Name:`/`Columns:` and `#` comments, then `R G B [name]`.
pub fn parse_gpl(text: &str, file: &Path) -> Result<Vec<[u8; 3]>> {
    let mut colors = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let line = line.trim();
        if line.is_empty()
            || line.starts_with('#')
            || line.starts_with("Name:")
            || line.starts_with("Columns:")
        {
            continue;
        }
        colors.push(parse_rgb_line(line, file, i + 1)?);
    }
    Ok(colors)
}

/// JASC-PAL: `JASC-PAL`, `0100`, the colour count, then `R G B` a line.
pub fn parse_jasc(text: &str, file: &Path) -> Result<Vec<[u8; 3]>> {
    let mut lines = text.lines().map(str::trim).enumerate();
    lines.next();
    match lines.next() {
        Some((_, "0100")) => {}
        Some((i, other)) => {
            return Err(line_error(
                file,
                i + 1,
                format!("expected version `0100`, got `{other}`"),
            ));
        }
        None => return Err(line_error(file, 2, "missing version line `0100`")),
    }
    let count: usize = match lines.next() {
        Some((i, count)) => count
            .parse()
            .map_err(|_| line_error(file, i + 1, format!("`{count}` is not a colour count")))?,
        None => return Err(line_error(file, 3, "missing colour count")),
    };
    let mut colors = Vec::with_capacity(count.min(256));
    for (i, line) in lines {
        if line.is_empty() {
            continue;
        }
        colors.push(parse_rgb_line(line, file, i + 1)?);
    }
    if colors.len() != count {
        return Err(RetroError::PaletteFile {
            file: file.to_owned(),
            message: format!("header says {count} colours, the file has {}", colors.len()),
        });
    }
    Ok(colors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_have_their_documented_sizes_and_values() {
        let nes = Palette::builtin("nes").unwrap();
        assert_eq!(nes.colors.len(), 64);
        assert_eq!(nes.colors[0], [0x7C, 0x7C, 0x7C]);
        assert_eq!(nes.distinct().len(), 55);
        assert_eq!(
            Palette::builtin("gameboy").unwrap().colors,
            [
                [0x0F, 0x38, 0x0F],
                [0x30, 0x62, 0x30],
                [0x8B, 0xAC, 0x0F],
                [0x9B, 0xBC, 0x0F]
            ]
        );
        assert_eq!(Palette::builtin("c64").unwrap().colors.len(), 16);
        assert_eq!(Palette::builtin("ega-64").unwrap().distinct().len(), 64);
        assert_eq!(
            Palette::builtin("cga").unwrap().colors[6],
            [0xAA, 0x55, 0x00]
        );
        assert_eq!(
            Palette::builtin("ega").unwrap(),
            Palette {
                name: "ega-default-16".into(),
                ..Palette::builtin("cga").unwrap()
            }
        );
        assert_eq!(Palette::builtin("zx").unwrap().distinct().len(), 15);
        for name in Palette::builtin_names() {
            assert!(PaletteSource::resolve(name, &[]).is_ok(), "{name}");
        }
    }

    #[test]
    fn depths_snap_to_machine_levels() {
        assert_eq!(Depth::Rgb555.snap(255), 255);
        assert_eq!(Depth::Rgb555.snap(0), 0);
        assert_eq!(Depth::Rgb555.snap(128), (16 << 3) | (16 >> 2));
        let levels: std::collections::BTreeSet<u8> =
            (0..=255).map(|v| Depth::Rgb555.snap(v)).collect();
        assert_eq!(levels.len(), 32);
        let levels: std::collections::BTreeSet<u8> =
            (0..=255).map(|v| Depth::Rgb333.snap(v)).collect();
        assert_eq!(levels.len(), 8);
    }

    #[test]
    fn text_formats_round_trip() {
        let p = Palette::new("test", vec![[1, 2, 3], [255, 128, 0], [0, 0, 0]]);
        let f = Path::new("t");
        assert_eq!(parse_hex(&p.to_hex(), f).unwrap(), p.colors);
        assert_eq!(parse_gpl(&p.to_gpl(), f).unwrap(), p.colors);
        assert_eq!(parse_jasc(&p.to_jasc(), f).unwrap(), p.colors);
    }

    #[test]
    fn readers_accept_real_world_variants() {
        let f = Path::new("t");
        let gpl = "GIMP Palette\nName: x\nColumns: 4\n# comment\n  0\t 10\t255\tBlue-ish\n1 2 3\n";
        assert_eq!(parse_gpl(gpl, f).unwrap(), [[0, 10, 255], [1, 2, 3]]);
        let jasc = "JASC-PAL\r\n0100\r\n2\r\n0 0 0\r\n255 255 255\r\n";
        assert_eq!(parse_jasc(jasc, f).unwrap(), [[0, 0, 0], [255, 255, 255]]);
        assert_eq!(
            parse_hex("#FFaa00\n\n0f380f\n", f).unwrap(),
            [[255, 170, 0], [15, 56, 15]]
        );
    }

    #[test]
    fn bad_lines_are_named_with_file_and_line() {
        let f = Path::new("my.gpl");
        let err = parse_gpl("GIMP Palette\n1 2 3\n1 2 300\n", f).unwrap_err();
        assert_eq!(
            err.to_string(),
            "my.gpl:3: `300` is not a channel value 0-255"
        );
        let err = parse_hex("ffffff\nnope\n", Path::new("p.hex")).unwrap_err();
        assert!(err.to_string().starts_with("p.hex:2: `nope`"), "{err}");
        let err = parse_jasc("JASC-PAL\n0100\n3\n0 0 0\n", Path::new("p.pal")).unwrap_err();
        assert!(err.to_string().contains("header says 3"), "{err}");
    }

    #[test]
    #[cfg(unix)]
    fn a_palette_file_is_read_no_further_than_a_palette_could_reach() {
        let err = Palette::load(Path::new("/dev/zero")).unwrap_err();
        assert!(err.to_string().contains("larger than"), "{err}");
    }

    #[test]
    fn unknown_names_list_the_known_ones() {
        let err = PaletteSource::resolve("vectrex-deluxe", &[]).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("vectrex-deluxe") && msg.contains("pico8"),
            "{msg}"
        );
    }
}
