//! Style presets (`presets/retro/NAME.toml`): readable TOML combining resolution,
//! palette, dithering and stylise passes. The built-in ones are compiled in; users add
//! their own from preset directories (`$XDG_CONFIG_HOME/oneshot/presets` and any
//! directory given explicitly). A user preset with a built-in's name replaces it.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use oneshot_model::files::read_text_at_most;

use crate::error::{Result, RetroError};

/// One look. Every field is optional in the file; see each field for its default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// One line for listings.
    #[serde(default)]
    pub description: String,
    /// Palette name or file (see [`crate::PaletteSource::resolve`]); none = choose colours
    /// from the image when `colors` is set, or keep the colours.
    #[serde(default)]
    pub palette: Option<String>,
    /// Colour count 2..=256: chosen from the image, or the best subset of a fixed palette.
    #[serde(default)]
    pub colors: Option<u32>,
    /// Dither name (see [`crate::Dither::NAMES`]); default `none`.
    #[serde(default = "default_dither")]
    pub dither: String,
    /// Dither strength 0..=1 (default 1).
    #[serde(default = "default_strength")]
    pub strength: f32,
    /// Serpentine scanning for error diffusion (default on).
    #[serde(default = "default_true")]
    pub serpentine: bool,
    /// Native resolution `[width, height]`.
    #[serde(default, deserialize_with = "oneshot_model::exactly::option_array")]
    pub size: Option<[u32; 2]>,
    /// Native height in lines; the width follows the frame's aspect ratio.
    #[serde(default)]
    pub height: Option<u32>,
    /// Pixel size: one native pixel per `pixel x pixel` source pixels.
    #[serde(default)]
    pub pixel: Option<u32>,
    /// Integer nearest-neighbour upscale of the result for display (default 1).
    #[serde(default = "default_scale")]
    pub scale: u32,
    /// Levels per channel (2..=256) to posterize to before palette mapping.
    #[serde(default)]
    pub posterize: Option<u32>,
    /// Dark outlines at edges (from luminance, or from a depth pass when one is given).
    #[serde(default)]
    pub outline: bool,
    /// Darkened scanlines on the upscaled result.
    #[serde(default)]
    pub scanlines: bool,
    /// CRT simulation (curvature, shadow mask, bloom, vignette, scanlines) on the upscaled result.
    #[serde(default)]
    pub crt: bool,
    /// Attribute clash (ZX Spectrum): two colours per cell, from one palette group.
    #[serde(default)]
    pub attributes: Option<crate::Attributes>,
    /// Tile sub-palettes (NES, SNES): each tile uses one of a few small palettes.
    #[serde(default)]
    pub tiles: Option<crate::Tiles>,
}

fn default_dither() -> String {
    "none".into()
}
fn default_strength() -> f32 {
    1.0
}
fn default_true() -> bool {
    true
}
fn default_scale() -> u32 {
    1
}

impl Default for Style {
    fn default() -> Self {
        toml::from_str("").expect("every field has a default")
    }
}

impl Style {
    /// Parses a style preset; `file` names the source in errors.
    pub fn from_toml(text: &str, file: &Path) -> Result<Style> {
        toml::from_str(text).map_err(|err| {
            let (line, column) = err
                .span()
                .map_or((0, 0), |span| line_and_column(text, span.start));
            RetroError::Preset {
                file: file.to_owned(),
                line,
                column,
                message: err.message().trim().to_owned(),
            }
        })
    }

    /// Applies the production's overrides: every field it sets wins over the preset.
    pub fn with_overrides(mut self, settings: &oneshot_model::RetroSettings) -> Style {
        if settings.palette.is_some() {
            self.palette = settings.palette.clone();
            // The attribute groups name entries of the preset's own palette.
            self.attributes = None;
        }
        if settings.colors.is_some() {
            self.colors = settings.colors;
        }
        if let Some(dither) = &settings.dither {
            self.dither = dither.clone();
        }
        if settings.size.is_some() || settings.pixel.is_some() {
            self.size = settings.size;
            self.pixel = settings.pixel;
            self.height = None;
        }
        self.strength = settings.strength.unwrap_or(self.strength);
        self.serpentine = settings.serpentine.unwrap_or(self.serpentine);
        if settings.posterize.is_some() {
            self.posterize = settings.posterize;
        }
        self.scale = settings.scale.unwrap_or(self.scale);
        self.scanlines = settings.scanlines.unwrap_or(self.scanlines);
        self.crt = settings.crt.unwrap_or(self.crt);
        self.outline = settings.outline.unwrap_or(self.outline);
        self
    }
}

fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Built-in presets, embedded in the binary.
const BUILTIN: &[(&str, &str)] = &[
    (
        "arcade-crt",
        include_str!("../../../presets/retro/arcade-crt.toml"),
    ),
    ("c64", include_str!("../../../presets/retro/c64.toml")),
    ("cga", include_str!("../../../presets/retro/cga.toml")),
    ("ega", include_str!("../../../presets/retro/ega.toml")),
    (
        "gameboy",
        include_str!("../../../presets/retro/gameboy.toml"),
    ),
    (
        "gameboy-bgb",
        include_str!("../../../presets/retro/gameboy-bgb.toml"),
    ),
    (
        "mac-1bit",
        include_str!("../../../presets/retro/mac-1bit.toml"),
    ),
    (
        "megadrive",
        include_str!("../../../presets/retro/megadrive.toml"),
    ),
    ("nes", include_str!("../../../presets/retro/nes.toml")),
    ("pico8", include_str!("../../../presets/retro/pico8.toml")),
    ("snes", include_str!("../../../presets/retro/snes.toml")),
    (
        "zx-spectrum",
        include_str!("../../../presets/retro/zx-spectrum.toml"),
    ),
];

/// Where presets and palettes are looked up: the built-ins plus user directories.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// Directories of `NAME.toml` presets, searched in order before the built-ins.
    pub preset_dirs: Vec<PathBuf>,
    /// Directories of `NAME.{hex,gpl,pal,ase}` palettes, searched before the built-ins.
    pub palette_dirs: Vec<PathBuf>,
}

impl Library {
    /// Built-ins only.
    pub fn builtin() -> Self {
        Library::default()
    }

    /// Built-ins plus the user's `$XDG_CONFIG_HOME/oneshot/{presets,palettes}` (or
    /// `~/.config/oneshot/...`), when those directories exist.
    pub fn from_env() -> Self {
        let config = std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")));
        let mut library = Library::default();
        if let Some(root) = config.map(|c| c.join("oneshot")) {
            library.preset_dirs.push(root.join("presets"));
            library.palette_dirs.push(root.join("palettes"));
        }
        library
    }

    /// Adds a user directory searched first, for presets and palettes alike.
    pub fn with_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        let dir = dir.into();
        self.preset_dirs.insert(0, dir.clone());
        self.palette_dirs.insert(0, dir);
        self
    }

    /// The preset called `name` (or a path to a `.toml` preset file).
    pub fn preset(&self, name: &str) -> Result<Style> {
        let as_path = Path::new(name);
        if as_path.extension().is_some_and(|e| e == "toml") {
            return load_preset(as_path);
        }
        for dir in &self.preset_dirs {
            let file = dir.join(format!("{name}.toml"));
            if file.is_file() {
                return load_preset(&file);
            }
        }
        let key = name.trim().to_ascii_lowercase();
        match BUILTIN.iter().find(|(builtin, _)| *builtin == key) {
            Some((id, text)) => {
                Style::from_toml(text, Path::new(&format!("presets/retro/{id}.toml")))
            }
            None => Err(RetroError::UnknownPreset {
                name: name.to_owned(),
                known: self.preset_names().join(", "),
            }),
        }
    }

    /// Every preset name: built-ins and user presets, sorted.
    pub fn preset_names(&self) -> Vec<String> {
        let mut names: Vec<String> = BUILTIN.iter().map(|(id, _)| (*id).to_owned()).collect();
        for dir in &self.preset_dirs {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "toml") {
                    if let Some(stem) = path.file_stem() {
                        names.push(stem.to_string_lossy().into_owned());
                    }
                }
            }
        }
        names.sort();
        names.dedup();
        names
    }
}

/// A preset is a few lines of TOML; beyond this a file is refused unread.
const MAX_PRESET_BYTES: u64 = 1_000_000;

fn load_preset(file: &Path) -> Result<Style> {
    let text = read_text_at_most(file, MAX_PRESET_BYTES).map_err(|e| RetroError::io(file, e))?;
    Style::from_toml(&text, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_preset_parses_and_resolves() {
        let library = Library::builtin();
        for name in library.preset_names() {
            let style = library.preset(&name).unwrap();
            assert!(!style.description.is_empty(), "{name}");
            let settings = oneshot_model::RetroSettings {
                preset: Some(name.clone()),
                ..Default::default()
            };
            crate::Pipeline::with_library(&settings, &library)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[test]
    fn every_pixel_style_has_its_builtin_preset() {
        use oneshot_model::VisualStyle;
        let styles = [VisualStyle::Bit16, VisualStyle::Bit8, VisualStyle::Bit1];
        for style in styles {
            let name = style.retro_preset().unwrap();
            Library::builtin()
                .preset(name)
                .unwrap_or_else(|e| panic!("{style:?}: {e}"));
        }
    }

    #[test]
    fn preset_errors_name_file_and_line() {
        let err = Style::from_toml(
            "palette = \"nes\"\nditherr = \"x\"\n",
            Path::new("mine.toml"),
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("mine.toml:2:"), "{err}");
        let err = Library::builtin().preset("amiga-deluxe").unwrap_err();
        assert!(err.to_string().contains("gameboy"), "{err}");
    }

    #[test]
    fn user_presets_are_found_first() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("nes.toml"), "description = \"mine\"\n").unwrap();
        std::fs::write(dir.path().join("vga.toml"), "colors = 256\n").unwrap();
        let library = Library::builtin().with_dir(dir.path());
        assert_eq!(library.preset("nes").unwrap().description, "mine");
        assert_eq!(library.preset("vga").unwrap().colors, Some(256));
        assert!(library.preset_names().contains(&"vga".to_owned()));
    }

    #[test]
    fn overrides_win() {
        let style = Library::builtin().preset("nes").unwrap();
        let settings = oneshot_model::RetroSettings {
            dither: Some("atkinson".into()),
            pixel: Some(3),
            crt: Some(true),
            ..Default::default()
        };
        let style = style.with_overrides(&settings);
        assert_eq!(
            (style.dither.as_str(), style.pixel, style.height, style.crt),
            ("atkinson", Some(3), None, true)
        );
    }
}
