//! The production file: `ProductionConfig`, one TOML file = one movie.
//!
//! Everything in it is optional except the title, so a production file can start
//! as two lines and grow department by department. Defaults for anything missing
//! come from the screenplay's breakdown (see `oneshot-plan`).

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::wardrobe::{Costume, MakeupLook};

/// One production: identity, style, cast, locations and post settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductionConfig {
    pub title: String,
    #[serde(default = "default_version")]
    pub version: String,
    /// Free-form creation date, as written by the user (e.g. `2026-11-24`).
    #[serde(default)]
    pub created: Option<String>,
    /// The screenplay (`.fountain` or `.fdx`), relative to the production file.
    #[serde(default)]
    pub script: Option<PathBuf>,
    #[serde(default)]
    pub style: VisualStyle,
    #[serde(default)]
    pub target_format: TargetFormat,
    #[serde(default)]
    pub aspect_ratio: AspectRatio,
    #[serde(default = "default_fps")]
    pub fps: f32,
    /// Colour grade preset name (see `presets/grades/`), e.g. `neutral`, `teal-orange`, `noir`.
    #[serde(default = "default_grade")]
    pub color_grade: String,
    #[serde(default)]
    pub characters: Vec<Character>,
    #[serde(default)]
    pub locations: Vec<Location>,
    #[serde(default)]
    pub render: RenderSettings,
    #[serde(default)]
    pub schedule: ScheduleSettings,
    #[serde(default)]
    pub retro: Option<RetroSettings>,
}

fn default_version() -> String {
    "1".to_owned()
}
fn default_fps() -> f32 {
    24.0
}
fn default_grade() -> String {
    "neutral".to_owned()
}

impl ProductionConfig {
    /// A production with nothing but a title: every department falls back to defaults.
    pub fn untitled(title: impl Into<String>) -> Self {
        ProductionConfig {
            title: title.into(),
            version: default_version(),
            created: None,
            script: None,
            style: VisualStyle::default(),
            target_format: TargetFormat::default(),
            aspect_ratio: AspectRatio::default(),
            fps: default_fps(),
            color_grade: default_grade(),
            characters: Vec::new(),
            locations: Vec::new(),
            render: RenderSettings::default(),
            schedule: ScheduleSettings::default(),
            retro: None,
        }
    }

    /// Reads and validates a production file. Errors name the file, the line and the field.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            file: path.to_owned(),
            source,
        })?;
        Self::from_toml(&text, path)
    }

    /// Parses production TOML; `file` is only used to name the source in errors.
    pub fn from_toml(text: &str, file: &Path) -> Result<Self, ConfigError> {
        let config: ProductionConfig = toml::from_str(text).map_err(|err| {
            let (line, column) = err
                .span()
                .map(|span| line_and_column(text, span.start))
                .unwrap_or((0, 0));
            ConfigError::Toml {
                file: file.to_owned(),
                line,
                column,
                message: err.message().trim().to_owned(),
            }
        })?;
        config.validate(file)?;
        Ok(config)
    }

    fn validate(&self, file: &Path) -> Result<(), ConfigError> {
        let invalid = |field: String, message: String| ConfigError::Invalid {
            file: file.to_owned(),
            field,
            message,
        };
        if !(self.fps > 0.0 && self.fps <= 240.0) {
            return Err(invalid(
                "fps".into(),
                format!("{} is not in 0..=240", self.fps),
            ));
        }
        for (i, character) in self.characters.iter().enumerate() {
            if character.name.trim().is_empty() {
                return Err(invalid(format!("characters[{i}].name"), "is empty".into()));
            }
        }
        for (i, location) in self.locations.iter().enumerate() {
            if let Some(gps) = location.gps {
                if !(-90.0..=90.0).contains(&gps.lat) || !(-180.0..=180.0).contains(&gps.lon) {
                    return Err(invalid(
                        format!("locations[{i}].gps"),
                        format!("({}, {}) is not a latitude/longitude", gps.lat, gps.lon),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The character entry for a script name, matched case-insensitively on name or aliases.
    pub fn character(&self, script_name: &str) -> Option<&Character> {
        self.characters.iter().find(|c| c.answers_to(script_name))
    }

    /// The location entry for a scene's location text, matched case-insensitively on
    /// name or any of its `sets`.
    pub fn location(&self, scene_location: &str) -> Option<&Location> {
        self.locations.iter().find(|l| l.answers_to(scene_location))
    }
}

fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Why a production file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{}: {source}", file.display())]
    Io {
        file: PathBuf,
        source: std::io::Error,
    },
    /// The file is not valid TOML or does not match the production schema.
    #[error("{}:{line}:{column}: {message}", file.display())]
    Toml {
        file: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// The TOML is well-formed but a value is out of range.
    #[error("{}: `{field}` {message}", file.display())]
    Invalid {
        file: PathBuf,
        field: String,
        message: String,
    },
}

/// The look of the whole production, from Hollywood to Double Dragon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum VisualStyle {
    #[default]
    #[serde(rename = "photorealistic")]
    Photorealistic,
    #[serde(rename = "stylized")]
    Stylized,
    #[serde(rename = "16bit")]
    Bit16,
    #[serde(rename = "8bit")]
    Bit8,
    #[serde(rename = "1bit")]
    Bit1,
}

impl VisualStyle {
    /// True for the styles that go through the retro pixel pipeline.
    pub fn is_retro(self) -> bool {
        matches!(
            self,
            VisualStyle::Bit16 | VisualStyle::Bit8 | VisualStyle::Bit1
        )
    }
}

/// Where the movie will be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetFormat {
    #[default]
    Cinema,
    Tv,
    Web,
    Game,
}

/// Frame aspect ratio, written `W:H` (e.g. `2.39:1`, `16:9`, `4:3`, `1:1`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AspectRatio {
    pub width: f32,
    pub height: f32,
}

impl AspectRatio {
    pub fn ratio(self) -> f32 {
        self.width / self.height
    }

    /// A render resolution of this aspect whose height is `height` pixels (widths are even).
    pub fn resolution(self, height: u32) -> (u32, u32) {
        let width = (height as f32 * self.ratio() / 2.0).round() as u32 * 2;
        (width.max(2), height)
    }
}

impl Default for AspectRatio {
    fn default() -> Self {
        AspectRatio {
            width: 16.0,
            height: 9.0,
        }
    }
}

impl FromStr for AspectRatio {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("aspect ratio `{s}` is not of the form W:H (e.g. 2.39:1, 16:9)");
        let (w, h) = s.split_once(':').ok_or_else(bad)?;
        let width: f32 = w.trim().parse().map_err(|_| bad())?;
        let height: f32 = h.trim().parse().map_err(|_| bad())?;
        if !(width > 0.0 && height > 0.0 && (width / height).is_finite()) {
            return Err(bad());
        }
        Ok(AspectRatio { width, height })
    }
}

impl TryFrom<String> for AspectRatio {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl From<AspectRatio> for String {
    fn from(a: AspectRatio) -> String {
        a.to_string()
    }
}

impl fmt::Display for AspectRatio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.width, self.height)
    }
}

/// A cast member: who plays the character and how they look.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Character {
    /// The name as the screenplay writes it in character cues (e.g. `BILLY`).
    pub name: String,
    /// Other names the script uses for the same person (e.g. `YOUNG BILLY`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The actor, or a likeness reference.
    #[serde(default)]
    pub actor: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub body_type: Option<String>,
    /// Height in metres; mannequins are built to it.
    #[serde(default)]
    pub height_m: Option<f32>,
    #[serde(default)]
    pub age: Option<u32>,
    #[serde(default)]
    pub hair_color: Option<String>,
    #[serde(default)]
    pub eye_color: Option<String>,
    /// The mannequin's signature colour, `#RRGGBB`; a distinct one is chosen when absent.
    #[serde(default)]
    pub color: Option<String>,
    /// Daily rate in the production's currency, for the budget and the schedule cost.
    #[serde(default)]
    pub daily_rate: Option<f64>,
    /// Cast id on the stripboard and call sheets; assigned by billing order when absent.
    #[serde(default)]
    pub cast_id: Option<u32>,
    /// Days (1-based shoot days) the actor cannot work.
    #[serde(default)]
    pub unavailable_days: Vec<u32>,
    /// Minutes in hair, makeup and wardrobe before this actor is ready to shoot;
    /// the schedule's `cast_prep_minutes` when absent, a makeup look's `minutes`
    /// on the days it is worn.
    #[serde(default)]
    pub prep_minutes: Option<u32>,
    #[serde(default)]
    pub costumes: Vec<Costume>,
    #[serde(default)]
    pub makeup: Vec<MakeupLook>,
}

impl Character {
    /// A character known by name only, as a screenplay introduces one.
    pub fn named(name: impl Into<String>) -> Character {
        Character {
            name: name.into(),
            ..Character::default()
        }
    }

    pub fn answers_to(&self, script_name: &str) -> bool {
        let wanted = script_name.trim();
        self.name.trim().eq_ignore_ascii_case(wanted)
            || self
                .aliases
                .iter()
                .any(|a| a.trim().eq_ignore_ascii_case(wanted))
    }
}

/// What kind of place a location is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LocationKind {
    #[default]
    Practical,
    Studio,
    VfxExtension,
}

/// A latitude/longitude in degrees (WGS84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gps {
    pub lat: f64,
    pub lon: f64,
}

/// A real or built place where scenes are shot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub name: String,
    /// Scene-heading location texts shot here (e.g. `ALLEY`, `ALLEY - BEHIND THE BAR`).
    #[serde(default)]
    pub sets: Vec<String>,
    #[serde(default)]
    pub kind: LocationKind,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub gps: Option<Gps>,
    /// Offset of local time from UTC in hours, for sun times (e.g. `-8`).
    #[serde(default)]
    pub utc_offset_hours: Option<f32>,
    /// Overrides what the scene headings say.
    #[serde(default)]
    pub interior: Option<bool>,
    #[serde(default)]
    pub features: Vec<String>,
    #[serde(default)]
    pub restrictions: Vec<String>,
    /// Cost per shoot day at this location.
    #[serde(default)]
    pub daily_cost: Option<f64>,
}

impl Location {
    pub fn answers_to(&self, scene_location: &str) -> bool {
        let wanted = scene_location.trim();
        self.name.trim().eq_ignore_ascii_case(wanted)
            || self
                .sets
                .iter()
                .any(|s| s.trim().eq_ignore_ascii_case(wanted))
    }
}

/// Blender render engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RenderEngine {
    #[default]
    Workbench,
    Cycles,
    Eevee,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenderSettings {
    #[serde(default)]
    pub engine: RenderEngine,
    /// Frame height in pixels; the width follows the aspect ratio.
    #[serde(default = "default_height")]
    pub height: u32,
    /// Cycles samples.
    #[serde(default = "default_samples")]
    pub samples: u32,
    /// Render every frame of each camera move, so the cut is the finished film rather
    /// than a preview (slower: a move of N frames renders N frames instead of a few).
    /// Locked-off shots are one still either way: nothing in them moves.
    #[serde(default)]
    pub full_motion: bool,
}

fn default_height() -> u32 {
    540
}
fn default_samples() -> u32 {
    16
}

impl Default for RenderSettings {
    fn default() -> Self {
        RenderSettings {
            engine: RenderEngine::default(),
            height: default_height(),
            samples: default_samples(),
            full_motion: false,
        }
    }
}

/// How the line producer wants the shoot scheduled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleSettings {
    /// First shoot day, `YYYY-MM-DD`.
    #[serde(default)]
    pub start_date: Option<String>,
    /// Page limit per shoot day, in eighths (default 5 pages = 40 eighths).
    #[serde(default = "default_eighths_per_day")]
    pub eighths_per_day: u32,
    /// Length of a shoot day in hours.
    #[serde(default = "default_day_hours")]
    pub day_hours: f32,
    /// Minimum rest between wrap and next call, in hours.
    #[serde(default = "default_turnaround")]
    pub turnaround_hours: f32,
    /// Hours lost to a company move between locations on the same day.
    #[serde(default = "default_move_hours")]
    pub company_move_hours: f32,
    /// Idle days after which a cast member is dropped and picked up rather than held.
    #[serde(default = "default_drop_days")]
    pub drop_pickup_days: u32,
    /// Crew cost per shoot day, for the budget.
    #[serde(default)]
    pub crew_daily_cost: Option<f64>,
    /// Equipment cost per shoot day, for the budget.
    #[serde(default)]
    pub equipment_daily_cost: Option<f64>,
    #[serde(default)]
    pub currency: Option<String>,
    /// Shoot days available; a schedule that needs more is impossible. Unlimited when absent.
    #[serde(default)]
    pub shoot_days: Option<u32>,
    /// Crew call of a day shoot, `HH:MM` (night shoots call 10 hours later).
    #[serde(default = "default_crew_call")]
    pub crew_call: String,
    /// Minutes an actor spends in hair, makeup and wardrobe before their first
    /// scene of the day, unless the character or a makeup look says otherwise.
    #[serde(default = "default_cast_prep_minutes")]
    pub cast_prep_minutes: u32,
    /// Seconds the scheduler may search for a better order on large scripts.
    #[serde(default = "default_search_seconds")]
    pub search_seconds: f32,
    /// Stripboard colours by INT/EXT x DAY/NIGHT (CSS colours).
    #[serde(default)]
    pub strip_colors: StripColors,
    /// Printed at the bottom of every call sheet.
    #[serde(default)]
    pub call_sheet_notes: Vec<String>,
}

/// Stripboard colours; the defaults are the industry's (white, yellow, blue, green).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StripColors {
    #[serde(default = "default_int_day")]
    pub int_day: String,
    #[serde(default = "default_ext_day")]
    pub ext_day: String,
    #[serde(default = "default_int_night")]
    pub int_night: String,
    #[serde(default = "default_ext_night")]
    pub ext_night: String,
}

fn default_int_day() -> String {
    "#ffffff".into()
}
fn default_ext_day() -> String {
    "#fff176".into()
}
fn default_int_night() -> String {
    "#90caf9".into()
}
fn default_ext_night() -> String {
    "#a5d6a7".into()
}

impl Default for StripColors {
    fn default() -> Self {
        StripColors {
            int_day: default_int_day(),
            ext_day: default_ext_day(),
            int_night: default_int_night(),
            ext_night: default_ext_night(),
        }
    }
}

fn default_eighths_per_day() -> u32 {
    40
}
fn default_day_hours() -> f32 {
    12.0
}
fn default_turnaround() -> f32 {
    12.0
}
fn default_move_hours() -> f32 {
    2.0
}
fn default_drop_days() -> u32 {
    10
}
fn default_crew_call() -> String {
    "07:00".into()
}
fn default_cast_prep_minutes() -> u32 {
    60
}
fn default_search_seconds() -> f32 {
    10.0
}

impl Default for ScheduleSettings {
    fn default() -> Self {
        ScheduleSettings {
            start_date: None,
            eighths_per_day: default_eighths_per_day(),
            day_hours: default_day_hours(),
            turnaround_hours: default_turnaround(),
            company_move_hours: default_move_hours(),
            drop_pickup_days: default_drop_days(),
            crew_daily_cost: None,
            equipment_daily_cost: None,
            currency: None,
            shoot_days: None,
            crew_call: default_crew_call(),
            cast_prep_minutes: default_cast_prep_minutes(),
            search_seconds: default_search_seconds(),
            strip_colors: StripColors::default(),
            call_sheet_notes: Vec::new(),
        }
    }
}

/// The production's retro look; any field left out comes from the named preset.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetroSettings {
    /// Style preset name (`presets/retro/NAME.toml`), e.g. `nes`, `gameboy`, `c64`.
    #[serde(default)]
    pub preset: Option<String>,
    /// Palette name or palette file.
    #[serde(default)]
    pub palette: Option<String>,
    #[serde(default)]
    pub colors: Option<u32>,
    /// Dither name, e.g. `bayer4`, `floyd-steinberg`.
    #[serde(default)]
    pub dither: Option<String>,
    /// Native resolution `[width, height]`.
    #[serde(default)]
    pub size: Option<[u32; 2]>,
    /// Pixel size in source pixels (alternative to `size`).
    #[serde(default)]
    pub pixel: Option<u32>,
    #[serde(default)]
    pub scanlines: Option<bool>,
    #[serde(default)]
    pub crt: Option<bool>,
    #[serde(default)]
    pub outline: Option<bool>,
    /// Dither strength `0..=1`.
    #[serde(default)]
    pub strength: Option<f32>,
    /// Error diffusion alternates row direction (default on).
    #[serde(default)]
    pub serpentine: Option<bool>,
    /// Levels per channel to posterize to before palette mapping (2..=256).
    #[serde(default)]
    pub posterize: Option<u32>,
    /// Integer nearest-neighbour upscale of the result for display.
    #[serde(default)]
    pub scale: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "title = \"Alley Kings\"\n";

    #[test]
    fn minimal_file_gets_defaults() {
        let p = ProductionConfig::from_toml(MINIMAL, Path::new("p.toml")).unwrap();
        assert_eq!(p.title, "Alley Kings");
        assert_eq!(p.fps, 24.0);
        assert_eq!(p.aspect_ratio.to_string(), "16:9");
        assert_eq!(p.style, VisualStyle::Photorealistic);
        assert!(!p.render.full_motion, "a preview unless asked for the film");
    }

    #[test]
    fn full_motion_is_a_render_setting() {
        let text = "title = 'X'\n[render]\nfull_motion = true\n";
        let p = ProductionConfig::from_toml(text, Path::new("p.toml")).unwrap();
        assert!(p.render.full_motion);
        assert_eq!(p.render.height, RenderSettings::default().height);
    }

    #[test]
    fn full_file_round_trips() {
        let text = r##"
title = "Alley Kings"
style = "8bit"
aspect_ratio = "2.39:1"
color_grade = "teal-orange"

[[characters]]
name = "BILLY"
aliases = ["YOUNG BILLY"]
color = "#3366ff"
daily_rate = 900.0

[[characters.costumes]]
name = "street jacket"
scenes = [1, 4]
pieces = ["denim jacket", "white tee"]
condition = "worn"

[[locations]]
name = "Downtown alley"
sets = ["ALLEY"]
gps = { lat = 40.7128, lon = -74.006 }
utc_offset_hours = -5

[retro]
preset = "nes"
"##;
        let p = ProductionConfig::from_toml(text, Path::new("p.toml")).unwrap();
        assert_eq!(p.style, VisualStyle::Bit8);
        assert!((p.aspect_ratio.ratio() - 2.39).abs() < 1e-6);
        assert!(p.character("young billy").is_some());
        assert!(p.location("alley").is_some());
        assert_eq!(p.characters[0].costumes[0].scenes, [1, 4]);
        let again = toml::to_string(&p).unwrap();
        assert_eq!(
            ProductionConfig::from_toml(&again, Path::new("x")).unwrap(),
            p
        );
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let text = "title = \"X\"\n\n[[characters]]\nname = \"A\"\nheight = 2\n";
        let err = ProductionConfig::from_toml(text, Path::new("movie.toml")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("movie.toml:5:"), "{msg}");
        assert!(msg.contains("height"), "{msg}");
    }

    #[test]
    fn bad_values_are_rejected() {
        let err = ProductionConfig::from_toml("title='x'\naspect_ratio='wide'", Path::new("p"))
            .unwrap_err();
        assert!(err.to_string().contains("W:H"), "{err}");
        let text = "title='x'\n[[locations]]\nname='a'\ngps={lat=95.0, lon=0.0}";
        let err = ProductionConfig::from_toml(text, Path::new("p")).unwrap_err();
        assert!(err.to_string().contains("locations[0].gps"), "{err}");
    }

    #[test]
    fn resolution_keeps_aspect() {
        let a: AspectRatio = "2.39:1".parse().unwrap();
        assert_eq!(a.resolution(540), (1290, 540));
    }
}
