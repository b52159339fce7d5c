//! The production file: `ProductionConfig`, one TOML file = one movie.
//!
//! Everything in it is optional except the title, so a production file can start
//! as two lines and grow department by department. Defaults for anything missing
//! come from the screenplay's breakdown (see `oneshot-plan`).

use std::collections::HashMap;
use std::fmt;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::files::read_text_at_most;
use crate::wardrobe::{Costume, MakeupLook};

/// The grade of a night shot by day: the plan lights it by the sun and the
/// schedule shoots it in day hours.
pub const DAY_FOR_NIGHT: &str = "day-for-night";

/// A production file is a page or two of TOML; beyond this it is refused unread.
pub const MAX_PRODUCTION_BYTES: u64 = 16_000_000;

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
    /// The edit, the cue sheets and the manifest count drop-frame timecode
    /// (`01:00:00;00`), as broadcast delivery at 29.97 or 59.94 fps asks.
    #[serde(default)]
    pub drop_frame: bool,
    /// Colour grade preset name (see `presets/grades/`), e.g. `neutral`, `teal-orange`, `noir`.
    #[serde(default = "default_grade")]
    pub color_grade: String,
    /// Scenes graded otherwise than the production: a flashback in `bleach-bypass`,
    /// a night exterior shot `day-for-night`.
    #[serde(default)]
    pub grades: Vec<SceneGrade>,
    #[serde(default)]
    pub characters: Vec<Character>,
    #[serde(default)]
    pub locations: Vec<Location>,
    #[serde(default)]
    pub render: RenderSettings,
    #[serde(default)]
    pub schedule: ScheduleSettings,
    #[serde(default)]
    pub sound: SoundSettings,
    #[serde(default)]
    pub retro: Option<RetroSettings>,
    /// The isometric view of the pixel-art games (`[isometric]`): every shot seen
    /// from one fixed angle, orthographically.
    #[serde(default)]
    pub isometric: Option<IsometricSettings>,
    /// The effects composited over the frames (`[effects]`): rain, fog, fire...
    #[serde(default)]
    pub effects: EffectsSettings,
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
            drop_frame: false,
            color_grade: default_grade(),
            grades: Vec::new(),
            characters: Vec::new(),
            locations: Vec::new(),
            render: RenderSettings::default(),
            schedule: ScheduleSettings::default(),
            sound: SoundSettings::default(),
            retro: None,
            isometric: None,
            effects: EffectsSettings::default(),
        }
    }

    /// Reads and validates a production file. Errors name the file, the line and the field.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text =
            read_text_at_most(path, MAX_PRODUCTION_BYTES).map_err(|source| ConfigError::Io {
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
        self.check()
            .map_err(|Invalid { field, message }| ConfigError::Invalid {
                file: file.to_owned(),
                field,
                message,
            })
    }

    /// Checks what the schema cannot: numbers in their ranges, colours, names and
    /// cast ids given once.
    fn check(&self) -> Result<(), Invalid> {
        // Below a frame a second no cut plays: a film's rates run 12 to 120.
        number("fps", self.fps, 1.0..=240.0, Bound::From)?;
        let ntsc = |nominal: f32| (self.fps - nominal * 1000.0 / 1001.0).abs() < 0.005;
        if self.drop_frame && !(ntsc(30.0) || ntsc(60.0)) {
            let message = format!("counts 29.97 or 59.94 fps only, not {}", self.fps);
            return Err(Invalid::new("drop_frame", message));
        }
        whole("render.height", self.render.height, 16..=8640)?;
        whole("render.samples", self.render.samples, 1..=65536)?;
        self.schedule.check()?;
        number(
            "effects.strength",
            self.effects.strength,
            0.0..=2.0,
            Bound::From,
        )?;
        if let Some(isometric) = &self.isometric {
            number("isometric.angle", isometric.angle, 10.0..=80.0, Bound::From)?;
            number(
                "isometric.tiles_across",
                isometric.tiles_across,
                1.0..=500.0,
                Bound::From,
            )?;
        }
        let mut names: HashMap<String, usize> = HashMap::new();
        let mut cast_ids: HashMap<u32, usize> = HashMap::new();
        for (i, character) in self.characters.iter().enumerate() {
            let field = |name: &str| format!("characters[{i}].{name}");
            if character.name.trim().is_empty() {
                return Err(Invalid::new(field("name"), "is empty"));
            }
            let names_given = std::iter::once(("name", &character.name))
                .chain(character.aliases.iter().map(|alias| ("aliases", alias)));
            for (given_as, name) in names_given {
                let first = *names.entry(name.trim().to_uppercase()).or_insert(i);
                if first != i {
                    return Err(Invalid::new(
                        field(given_as),
                        format!("`{name}` is already a name of characters[{first}]"),
                    ));
                }
            }
            if let Some(id) = character.cast_id {
                whole(&field("cast_id"), id, 1..=9999)?;
                let first = *cast_ids.entry(id).or_insert(i);
                if first != i {
                    return Err(Invalid::new(
                        field("cast_id"),
                        format!("{id} is already the cast id of characters[{first}]"),
                    ));
                }
            }
            if let Some(height) = character.height_m {
                number(&field("height_m"), height, 0.5..=2.6, Bound::From)?;
            }
            if let Some(rate) = character.daily_rate {
                number(&field("daily_rate"), rate, 0.0..=1e9, Bound::From)?;
            }
            if let Some(minutes) = character.prep_minutes {
                whole(&field("prep_minutes"), minutes, 0..=MAX_PREP_MINUTES)?;
            }
            if let Some(color) = &character.color {
                hex_color(&field("color"), color)?;
            }
            if character.unavailable_days.contains(&0) {
                return Err(Invalid::new(
                    field("unavailable_days"),
                    "counts shoot days from 1",
                ));
            }
            dates(
                &field("unavailable_dates"),
                &character.unavailable_dates,
                self.schedule.start_date.is_some(),
            )?;
            for (k, costume) in character.costumes.iter().enumerate() {
                let field = |name: &str| field(&format!("costumes[{k}].{name}"));
                scene_range(&field("scenes"), costume.scenes)?;
                for color in &costume.colors {
                    hex_color(&field("colors"), color)?;
                }
            }
            for (k, look) in character.makeup.iter().enumerate() {
                let field = |name: &str| field(&format!("makeup[{k}].{name}"));
                scene_range(&field("scenes"), look.scenes)?;
                if let Some(minutes) = look.minutes {
                    whole(&field("minutes"), minutes, 0..=MAX_PREP_MINUTES)?;
                }
            }
        }
        for (i, grade) in self.grades.iter().enumerate() {
            let field = |name: &str| format!("grades[{i}].{name}");
            scene_range(&field("scenes"), grade.scenes)?;
            if grade.grade.trim().is_empty() {
                return Err(Invalid::new(field("grade"), "is empty"));
            }
            let [first, last] = grade.scenes;
            if let Some(k) = self.grades[..i]
                .iter()
                .position(|g| g.scenes[0] <= last && first <= g.scenes[1])
            {
                return Err(Invalid::new(
                    field("scenes"),
                    format!("{first}-{last} overlap grades[{k}]: a scene has one grade"),
                ));
            }
        }
        // A place named twice: which entry its scenes are shot at is not said.
        let mut places: HashMap<String, usize> = HashMap::new();
        for (i, location) in self.locations.iter().enumerate() {
            let field = |name: &str| format!("locations[{i}].{name}");
            let first = *places
                .entry(location.name.trim().to_uppercase())
                .or_insert(i);
            if first != i {
                return Err(Invalid::new(
                    field("name"),
                    format!(
                        "`{}` is already the name of locations[{first}]",
                        location.name
                    ),
                ));
            }
            if let Some(gps) = location.gps {
                if !(-90.0..=90.0).contains(&gps.lat) || !(-180.0..=180.0).contains(&gps.lon) {
                    return Err(Invalid::new(
                        field("gps"),
                        format!("({}, {}) is not a latitude/longitude", gps.lat, gps.lon),
                    ));
                }
            }
            if let Some(zone) = &location.time_zone {
                if location.utc_offset_hours.is_some() {
                    return Err(Invalid::new(
                        field("time_zone"),
                        "give `time_zone` or `utc_offset_hours`, not both",
                    ));
                }
                if jiff::tz::TimeZone::get(zone).is_err() {
                    return Err(Invalid::new(
                        field("time_zone"),
                        format!(
                            "`{zone}` is not a time zone of the IANA database (e.g. `America/Chicago`, `Europe/Paris`)"
                        ),
                    ));
                }
            }
            if let Some(offset) = location.utc_offset_hours {
                number(
                    &field("utc_offset_hours"),
                    offset,
                    -12.0..=14.0,
                    Bound::From,
                )?;
            }
            if let Some(cost) = location.daily_cost {
                number(&field("daily_cost"), cost, 0.0..=1e9, Bound::From)?;
            }
            dates(
                &field("unavailable_dates"),
                &location.unavailable_dates,
                self.schedule.start_date.is_some(),
            )?;
            if let Some(hours) = &location.hours {
                if parse_hours(hours).is_none() {
                    return Err(Invalid::new(
                        field("hours"),
                        format!("`{hours}` is not a span of time HH:MM-HH:MM"),
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

    /// The grade `[[grades]]` gives scene `number`, if any (else the production's
    /// `color_grade` is its grade).
    pub fn grade_of(&self, number: u32) -> Option<&str> {
        (self.grades.iter())
            .find(|g| (g.scenes[0]..=g.scenes[1]).contains(&number))
            .map(|g| g.grade.as_str())
    }

    /// Whether scene `number`, if a night, is shot day-for-night (graded
    /// [`DAY_FOR_NIGHT`], by `[[grades]]` or the production's `color_grade`): shot
    /// by day, in the sun, and made night in the grade.
    pub fn shot_day_for_night(&self, number: u32) -> bool {
        self.grade_of(number).unwrap_or(&self.color_grade) == DAY_FOR_NIGHT
    }

    /// The location entry for a scene's location text, matched case-insensitively on
    /// name or any of its `sets`.
    pub fn location(&self, scene_location: &str) -> Option<&Location> {
        self.locations.iter().find(|l| l.answers_to(scene_location))
    }

    /// What the file says that the script does not bear out, as warnings: a
    /// character nobody in the script answers to (a misspelt name goes unpaid and
    /// uncostumed), a location no scene is set in, and a scene's set two
    /// locations claim (the first takes it).
    pub fn mismatches(&self, script: &crate::Script) -> Vec<String> {
        let mut warnings = Vec::new();
        let in_script = |character: &Character| {
            script.scenes.iter().any(|scene| {
                let names = scene.speaking.iter().chain(&scene.mentioned);
                let cast = scene.cast().into_iter();
                names
                    .map(String::as_str)
                    .chain(cast)
                    .any(|name| character.answers_to(name))
            })
        };
        for character in self.characters.iter().filter(|c| !in_script(c)) {
            warnings.push(format!(
                "the production file names {}, who is not in the script",
                character.name
            ));
        }
        for location in &self.locations {
            if !script
                .scenes
                .iter()
                .any(|s| location.answers_to(&s.location))
            {
                warnings.push(format!(
                    "the production file's location {} matches no scene",
                    location.name
                ));
            }
        }
        let mut sets: Vec<&str> = script.scenes.iter().map(|s| s.location.as_str()).collect();
        sets.sort_unstable();
        sets.dedup();
        for set in sets {
            let mut claimants = self.locations.iter().filter(|l| l.answers_to(set));
            if let (Some(first), Some(second)) = (claimants.next(), claimants.next()) {
                warnings.push(format!(
                    "the set {set} is claimed by locations {} and {}: it is shot at {}",
                    first.name, second.name, first.name
                ));
            }
        }
        warnings
    }
}

fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The most minutes an actor can be called before the first scene of a day.
const MAX_PREP_MINUTES: u32 = 12 * 60;

/// A value the production file may not have: the field's path in the file (e.g.
/// `schedule.day_hours`) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: String,
    pub message: String,
}

impl Invalid {
    fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Whether a range's lower end is allowed (`From`) or must be exceeded (`Above`: a
/// frame rate of 0 is no frame rate).
#[derive(Clone, Copy)]
enum Bound {
    From,
    Above,
}

/// `value` must be a finite number in `range`.
fn number<T: Into<f64> + fmt::Display + Copy>(
    field: &str,
    value: T,
    range: RangeInclusive<f64>,
    bound: Bound,
) -> Result<(), Invalid> {
    let (min, max, v) = (*range.start(), *range.end(), value.into());
    let low_ok = match bound {
        Bound::From => v >= min,
        Bound::Above => v > min,
    };
    if v.is_finite() && low_ok && v <= max {
        return Ok(());
    }
    let allowed = match bound {
        Bound::From => format!("from {min} to {max}"),
        Bound::Above => format!("more than {min} and at most {max}"),
    };
    Err(Invalid::new(
        field,
        format!("must be {allowed}, not {value}"),
    ))
}

/// `value` must be a whole number in `range`.
fn whole(field: &str, value: u32, range: RangeInclusive<u32>) -> Result<(), Invalid> {
    if range.contains(&value) {
        return Ok(());
    }
    Err(Invalid::new(
        field,
        format!(
            "must be from {} to {}, not {value}",
            range.start(),
            range.end()
        ),
    ))
}

fn hex_color(field: &str, text: &str) -> Result<(), Invalid> {
    match parse_hex_color(text) {
        Some(_) => Ok(()),
        None => Err(Invalid::new(
            field,
            format!("`{text}` is not a colour #RRGGBB"),
        )),
    }
}

/// A costume's or look's `[first, last]` scene numbers.
fn scene_range(field: &str, [first, last]: [u32; 2]) -> Result<(), Invalid> {
    if first >= 1 && first <= last {
        return Ok(());
    }
    Err(Invalid::new(
        field,
        format!("[{first}, {last}] is not a range of scene numbers (first >= 1, first <= last)"),
    ))
}

/// Parses a colour as production files write it, `#RRGGBB` (the `#` optional, any
/// case), into 8-bit sRGB.
pub fn parse_hex_color(text: &str) -> Option<[u8; 3]> {
    let hex = text.trim();
    let hex = hex.strip_prefix('#').unwrap_or(hex);
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

/// Parses a date `YYYY-MM-DD` into year, month and day.
pub fn parse_date(text: &str) -> Option<(i32, u32, u32)> {
    let mut parts = text.trim().splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
    valid.then_some((year, month, day))
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses a date or an inclusive range of dates, `YYYY-MM-DD` or
/// `YYYY-MM-DD..YYYY-MM-DD`, into its first and last day; `None` unless both are
/// dates and the range runs forward.
pub fn parse_date_range(text: &str) -> Option<[(i32, u32, u32); 2]> {
    let (first, last) = match text.split_once("..") {
        Some((first, last)) => (parse_date(first)?, parse_date(last)?),
        None => (parse_date(text)?, parse_date(text)?),
    };
    // (year, month, day) tuples order as the calendar does.
    (first <= last).then_some([first, last])
}

/// Checks a list of dates and date ranges; dates mean nothing without a calendar,
/// so any at all needs the schedule's start date.
fn dates(field: &str, dates: &[String], calendar: bool) -> Result<(), Invalid> {
    if let Some(bad) = dates.iter().find(|d| parse_date_range(d).is_none()) {
        return Err(Invalid::new(
            field,
            format!(
                "`{bad}` is not a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD running forward"
            ),
        ));
    }
    if !dates.is_empty() && !calendar {
        return Err(Invalid::new(
            field,
            "needs `schedule.start_date`: without it shoot days have no dates",
        ));
    }
    Ok(())
}

/// Parses a span of the day `HH:MM-HH:MM` into its start and end in minutes after
/// midnight, the end past 1440 when the span runs over midnight (`18:00-06:00`)
/// and 1440 after the start when both are the same: round the clock. `None`
/// unless both are times.
pub fn parse_hours(text: &str) -> Option<(u32, u32)> {
    let (from, to) = text.split_once('-')?;
    let (from, to) = (parse_clock(from)?, parse_clock(to)?);
    Some((from, if to > from { to } else { to + 1440 }))
}

/// Parses a clock time `HH:MM` (24-hour) into minutes after midnight.
pub fn parse_clock(text: &str) -> Option<u32> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let all_digits =
        |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(hours) || minutes.len() != 2 || !all_digits(minutes) {
        return None;
    }
    let (hours, minutes): (u32, u32) = (hours.parse().ok()?, minutes.parse().ok()?);
    (hours < 24 && minutes < 60).then_some(hours * 60 + minutes)
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
    /// The retro preset (`presets/retro/`) a pixel style is rendered through when
    /// the production's `[retro]` section names none: `8bit` is the NES, `16bit`
    /// the SNES, `1bit` the black-and-white Macintosh. `None` for the film styles.
    pub fn retro_preset(self) -> Option<&'static str> {
        match self {
            VisualStyle::Bit16 => Some("snes"),
            VisualStyle::Bit8 => Some("nes"),
            VisualStyle::Bit1 => Some("mac-1bit"),
            VisualStyle::Photorealistic | VisualStyle::Stylized => None,
        }
    }

    /// The production's retro look: its `[retro]` section, whose preset defaults
    /// to the style's machine; for a pixel style without a `[retro]` section, that
    /// machine's preset as it is. `None`: the frames keep their rendered look.
    pub fn retro_look(self, section: Option<&RetroSettings>) -> Option<RetroSettings> {
        let mut look = section.cloned();
        if let Some(preset) = self.retro_preset() {
            let look = look.get_or_insert_with(RetroSettings::default);
            look.preset.get_or_insert_with(|| preset.to_owned());
        }
        look
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

impl TargetFormat {
    /// As the production file writes it: `cinema`, `tv`, `web`, `game`.
    pub fn name(self) -> &'static str {
        match self {
            TargetFormat::Cinema => "cinema",
            TargetFormat::Tv => "tv",
            TargetFormat::Web => "web",
            TargetFormat::Game => "game",
        }
    }

    /// The integrated loudness (LUFS, ITU-R BS.1770) the mix is delivered at:
    /// cinema -27 (the streaming services' figure for theatrical mixes), TV -23
    /// (EBU R128), web -16 (AES TD1004 for streaming), games -24 (ASWG-R001).
    pub fn loudness_lufs(self) -> f64 {
        match self {
            TargetFormat::Cinema => -27.0,
            TargetFormat::Tv => -23.0,
            TargetFormat::Web => -16.0,
            TargetFormat::Game => -24.0,
        }
    }
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
        // From a phone's 9:16 and narrower still to the widest film formats and beyond.
        if !(0.25..=4.0).contains(&(width / height)) {
            return Err(format!(
                "aspect ratio `{s}` is outside 1:4 to 4:1: no screen is that wide or that tall"
            ));
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
    /// Calendar dates the actor cannot work (another job, a holiday booked):
    /// `YYYY-MM-DD` or a range `YYYY-MM-DD..YYYY-MM-DD`. Needs `schedule.start_date`.
    #[serde(default)]
    pub unavailable_dates: Vec<String>,
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
    /// The nearest hospital with an emergency room (name, address, telephone), for
    /// the call sheet.
    #[serde(default)]
    pub nearest_hospital: Option<String>,
    /// The place's time zone, as the IANA database names it (`America/Chicago`,
    /// `Europe/Paris`): its clock on each date, summer time included, for sun
    /// times. Give this or `utc_offset_hours`.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// Offset of local time from UTC in hours, the same all year (e.g. `-8`), for
    /// sun times where there is no summer time; else give `time_zone`.
    #[serde(default)]
    pub utc_offset_hours: Option<f32>,
    /// Overrides what the scene headings say.
    #[serde(default)]
    pub interior: Option<bool>,
    #[serde(default)]
    pub features: Vec<String>,
    #[serde(default)]
    pub restrictions: Vec<String>,
    /// The hours the location agreement allows the unit on site, `HH:MM-HH:MM`
    /// (`07:00-22:00`; `18:00-06:00` runs past midnight; `00:00-00:00` is round
    /// the clock). Days the unit's time there falls outside them are flagged on
    /// the call sheet and in the location packet.
    #[serde(default)]
    pub hours: Option<String>,
    /// Calendar dates the place cannot be had (the owner's own use, another
    /// booking): `YYYY-MM-DD` or a range `YYYY-MM-DD..YYYY-MM-DD`. Needs
    /// `schedule.start_date`.
    #[serde(default)]
    pub unavailable_dates: Vec<String>,
    /// Cost per shoot day at this location.
    #[serde(default)]
    pub daily_cost: Option<f64>,
}

/// The offset from UTC, in hours, of the clocks of time `zone` (an IANA name) at
/// noon on `date`; `None` for a zone the database does not have or a date that
/// is no date.
pub fn utc_offset(zone: &str, (year, month, day): (i32, u32, u32)) -> Option<f64> {
    let zone = jiff::tz::TimeZone::get(zone).ok()?;
    let (month, day) = (i8::try_from(month).ok()?, i8::try_from(day).ok()?);
    let noon =
        jiff::civil::DateTime::new(i16::try_from(year).ok()?, month, day, 12, 0, 0, 0).ok()?;
    let local = noon.to_zoned_datetime(zone).ok()?;
    Some(f64::from(local.offset().seconds()) / 3600.0)
}

impl Location {
    /// Whether the place offers power to tie into: a feature that says so
    /// (`power on site`, `house power`, `tie-in`), not one that says there is
    /// none (`no house power`) nor power lines overhead.
    pub fn has_power(&self) -> bool {
        const OFFERED: [&str; 7] = [
            "power on site",
            "house power",
            "mains power",
            "shore power",
            "power available",
            "tie-in",
            "tie in",
        ];
        self.features.iter().any(|feature| {
            let feature = feature.to_lowercase();
            let denied = ["no ", "not ", "without", "n't"]
                .iter()
                .any(|no| feature.contains(no));
            OFFERED.iter().any(|offered| feature.contains(offered)) && !denied
        })
    }

    /// A location with only a name; everything else at its default.
    pub fn named(name: impl Into<String>) -> Location {
        Location {
            name: name.into(),
            ..Location::default()
        }
    }

    /// Where the location is on Earth and its clock on `date`, for the sun: `None`
    /// without GPS. The clock is its `time_zone`'s that day (summer time
    /// included), else its `utc_offset_hours`, else the longitude's solar time
    /// (see [`Location::keeps_solar_time`]).
    pub fn place_on(&self, date: (i32, u32, u32)) -> Option<crate::sun::Place> {
        let gps = self.gps?;
        let zone_offset = self
            .time_zone
            .as_deref()
            .and_then(|zone| utc_offset(zone, date));
        let utc_offset_hours = zone_offset
            .or(self.utc_offset_hours.map(f64::from))
            .unwrap_or(gps.lon / 15.0);
        Some(crate::sun::Place {
            lat: gps.lat,
            lon: gps.lon,
            utc_offset_hours,
        })
    }

    /// Whether the place has GPS but no clock: its sun times are then local solar
    /// time, which can be an hour or more from the clock on the wall.
    pub fn keeps_solar_time(&self) -> bool {
        self.gps.is_some() && self.time_zone.is_none() && self.utc_offset_hours.is_none()
    }

    /// Whether a scene's location is this place: its name or one of its sets,
    /// however the place is spelt (see [`crate::script::place_key`]).
    pub fn answers_to(&self, scene_location: &str) -> bool {
        let wanted = crate::script::place_key(scene_location);
        std::iter::once(&self.name)
            .chain(&self.sets)
            .any(|set| crate::script::place_key(set) == wanted)
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

/// A grade for a range of scenes, in place of the production's `color_grade`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SceneGrade {
    /// First and last scene number (1-based, inclusive).
    #[serde(deserialize_with = "crate::exactly::array")]
    pub scenes: [u32; 2],
    /// A grade preset name, or a `.toml` grade or `.cube` LUT file.
    pub grade: String,
}

/// The isometric view: cameras looking down from the south-west at `angle`
/// degrees, orthographically, at a scale set in floor tiles of one metre.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IsometricSettings {
    /// Off keeps the table but shoots in perspective.
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// The camera's elevation in degrees (10 to 80). At 30 a floor tile is drawn
    /// twice as wide as it is high, the 2:1 tiles of pixel-art isometry; the true
    /// isometric angle is 35.26.
    #[serde(default = "default_isometric_angle")]
    pub angle: f32,
    /// How many one-metre floor tiles, corner to corner, span the frame's width:
    /// the view's scale, the same in every shot.
    #[serde(default = "default_tiles_across")]
    pub tiles_across: f32,
}

impl Default for IsometricSettings {
    fn default() -> Self {
        IsometricSettings {
            enabled: true,
            angle: default_isometric_angle(),
            tiles_across: default_tiles_across(),
        }
    }
}

fn default_true() -> bool {
    true
}
fn default_isometric_angle() -> f32 {
    30.0
}
fn default_tiles_across() -> f32 {
    12.0
}

/// The effects the breakdown's special effects (`rain`, `fog`, `flames`) put in
/// the rendered frames.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EffectsSettings {
    /// Off renders the frames clean, for effects to be done elsewhere; the VFX
    /// breakdown lists them either way.
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// Scales every effect's strength: 0.5 halves the rain, 2 doubles it (a layer
    /// never goes past full).
    #[serde(default = "default_effects_strength")]
    pub strength: f32,
    /// The air of every set, as a DP hazes a stage so light shows its beams:
    /// rendered as a volume in Cycles (and EEVEE). A scene's own fog or smoke
    /// thickens it.
    #[serde(default)]
    pub atmosphere: AtmospherePreset,
}

impl Default for EffectsSettings {
    fn default() -> Self {
        EffectsSettings {
            enabled: true,
            strength: default_effects_strength(),
            atmosphere: AtmospherePreset::default(),
        }
    }
}

/// The air of a set: clear, or hazed, fogged or smoked to show the light.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AtmospherePreset {
    #[default]
    Clear,
    /// A thin haze that scatters light forward: beams show, the set stays clear.
    Haze,
    /// White fog that swallows the distance.
    Fog,
    /// Grey smoke.
    Smoke,
}

fn default_effects_strength() -> f32 {
    1.0
}

/// What the sound department delivers besides the temp mix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SoundSettings {
    /// Also write the temp mix as stems, one WAV per kind of sound (dialogue,
    /// effects, music, ambience), for a mixer to rebalance: four more files the
    /// size of the mix.
    #[serde(default)]
    pub stems: bool,
    /// Spot a temp score and play it in the temp mix (on unless turned off).
    #[serde(default = "default_score")]
    pub score: bool,
}

impl Default for SoundSettings {
    fn default() -> SoundSettings {
        SoundSettings {
            stems: false,
            score: default_score(),
        }
    }
}

fn default_score() -> bool {
    true
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
    /// Locked-off shots are one still either way, unless their scene has effects
    /// that move (rain, smoke): then the still is the plate they move over.
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
    /// First shoot day, `YYYY-MM-DD`: the shoot starts on the first work day from
    /// it on which its first scenes' cast and location are free.
    #[serde(default)]
    pub start_date: Option<String>,
    /// Days of the week the unit shoots: a five-day week, Monday to Friday, unless
    /// given (`["mon", "tue", "wed", "thu", "fri", "sat"]` for a six-day week).
    #[serde(default = "default_work_days")]
    pub work_days: Vec<Weekday>,
    /// Dates nobody shoots (public holidays, a hiatus): `YYYY-MM-DD` or a range
    /// `YYYY-MM-DD..YYYY-MM-DD`.
    #[serde(default)]
    pub days_off: Vec<String>,
    /// Page limit per shoot day, in eighths (default 5 pages = 40 eighths).
    #[serde(default = "default_eighths_per_day")]
    pub eighths_per_day: u32,
    /// Camera set-ups a shoot day can light and roll (a feature shoots 25 to 35),
    /// when the schedule knows each scene's from the shot plan: a scene weighs
    /// what the heavier of its pages and its set-ups take of a day. No limit but
    /// pages when absent.
    #[serde(default)]
    pub setups_per_day: Option<u32>,
    /// Length of a shoot day in hours.
    #[serde(default = "default_day_hours")]
    pub day_hours: f32,
    /// Minimum rest between wrap and next call, in hours.
    #[serde(default = "default_turnaround")]
    pub turnaround_hours: f32,
    /// Hours lost to a company move between locations on the same day.
    #[serde(default = "default_move_hours")]
    pub company_move_hours: f32,
    /// The crew's meal break, in minutes (0 for none: a day on "French hours",
    /// fed as it works). It falls on the day's clock after the scene that ends
    /// nearest before six hours from the crew call, and the day wraps that much
    /// later than its `day_hours`.
    #[serde(default = "default_meal_minutes")]
    pub meal_minutes: u32,
    /// Idle days after which a cast member is dropped and picked up rather than held.
    #[serde(default = "default_drop_days")]
    pub drop_pickup_days: u32,
    /// Crew cost per work day (shot or not, from the start date), for the budget.
    #[serde(default)]
    pub crew_daily_cost: Option<f64>,
    /// Equipment cost per work day, as the crew's, for the budget.
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

impl ScheduleSettings {
    /// Checks the settings' ranges; fields are named as in the file (`schedule.day_hours`).
    pub fn check(&self) -> Result<(), Invalid> {
        let field = |name: &str| format!("schedule.{name}");
        if let Some(date) = &self.start_date {
            if parse_date(date).is_none() {
                return Err(Invalid::new(
                    field("start_date"),
                    format!("`{date}` is not a date YYYY-MM-DD"),
                ));
            }
        }
        if self.work_days.is_empty() {
            return Err(Invalid::new(
                field("work_days"),
                "names no day of the week: nothing could be shot",
            ));
        }
        dates(
            &field("days_off"),
            &self.days_off,
            self.start_date.is_some(),
        )?;
        whole(&field("eighths_per_day"), self.eighths_per_day, 1..=8 * 40)?;
        if let Some(setups) = self.setups_per_day {
            whole(&field("setups_per_day"), setups, 1..=500)?;
        }
        number(
            &field("day_hours"),
            self.day_hours,
            0.0..=24.0,
            Bound::Above,
        )?;
        number(
            &field("turnaround_hours"),
            self.turnaround_hours,
            0.0..=48.0,
            Bound::From,
        )?;
        number(
            &field("company_move_hours"),
            self.company_move_hours,
            0.0..=24.0,
            Bound::From,
        )?;
        whole(&field("meal_minutes"), self.meal_minutes, 0..=180)?;
        whole(&field("drop_pickup_days"), self.drop_pickup_days, 0..=365)?;
        for (name, cost) in [
            ("crew_daily_cost", self.crew_daily_cost),
            ("equipment_daily_cost", self.equipment_daily_cost),
        ] {
            if let Some(cost) = cost {
                number(&field(name), cost, 0.0..=1e9, Bound::From)?;
            }
        }
        if let Some(days) = self.shoot_days {
            whole(&field("shoot_days"), days, 1..=1000)?;
        }
        if parse_clock(&self.crew_call).is_none() {
            return Err(Invalid::new(
                field("crew_call"),
                format!("`{}` is not a time HH:MM", self.crew_call),
            ));
        }
        whole(
            &field("cast_prep_minutes"),
            self.cast_prep_minutes,
            0..=MAX_PREP_MINUTES,
        )?;
        number(
            &field("search_seconds"),
            self.search_seconds,
            0.0..=3600.0,
            Bound::From,
        )
    }
}

/// A day of the week, as the production file writes it (`mon` to `sun`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    /// Monday first, as ISO 8601 counts.
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// The day's name as call sheets print it (`Monday`).
    pub fn name(self) -> &'static str {
        match self {
            Weekday::Mon => "Monday",
            Weekday::Tue => "Tuesday",
            Weekday::Wed => "Wednesday",
            Weekday::Thu => "Thursday",
            Weekday::Fri => "Friday",
            Weekday::Sat => "Saturday",
            Weekday::Sun => "Sunday",
        }
    }
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
fn default_meal_minutes() -> u32 {
    60
}
fn default_drop_days() -> u32 {
    10
}
fn default_work_days() -> Vec<Weekday> {
    use Weekday::*;
    vec![Mon, Tue, Wed, Thu, Fri]
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
            work_days: default_work_days(),
            days_off: Vec::new(),
            eighths_per_day: default_eighths_per_day(),
            setups_per_day: None,
            day_hours: default_day_hours(),
            turnaround_hours: default_turnaround(),
            company_move_hours: default_move_hours(),
            meal_minutes: default_meal_minutes(),
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
    #[serde(default, deserialize_with = "crate::exactly::option_array")]
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

    #[test]
    fn power_on_site_is_what_a_feature_offers() {
        let with = |feature: &str| Location {
            features: vec![feature.into()],
            ..Location::named("X")
        };
        for offered in [
            "power on site",
            "House power (3 x 20 A)",
            "tie-in at the panel",
        ] {
            assert!(with(offered).has_power(), "{offered}");
        }
        for none in [
            "no house power",
            "overhead power lines",
            "power: none",
            "forecourt",
        ] {
            assert!(!with(none).has_power(), "{none}");
        }
    }

    const MINIMAL: &str = "title = \"Alley Kings\"\n";

    #[test]
    fn a_time_zone_keeps_summer_time() {
        let chicago = Location {
            gps: Some(Gps {
                lat: 41.88,
                lon: -87.63,
            }),
            time_zone: Some("America/Chicago".into()),
            ..Location::default()
        };
        let offset = |date| chicago.place_on(date).unwrap().utc_offset_hours;
        assert_eq!(offset((2026, 6, 15)), -5.0);
        assert_eq!(offset((2026, 12, 15)), -6.0);
        assert!(!chicago.keeps_solar_time());
        // Without a clock: the longitude's solar time, which the CLI warns of.
        let solar = Location {
            time_zone: None,
            ..chicago
        };
        assert!((solar.place_on((2026, 6, 15)).unwrap().utc_offset_hours + 5.842).abs() < 0.01);
        assert!(solar.keeps_solar_time());
    }

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
        let err = ProductionConfig::from_toml("title='x'\naspect_ratio='100000:1'", Path::new("p"))
            .unwrap_err();
        assert!(err.to_string().contains("outside 1:4 to 4:1"), "{err}");
        let text = "title='x'\n[[locations]]\nname='a'\ngps={lat=95.0, lon=0.0}";
        let err = ProductionConfig::from_toml(text, Path::new("p")).unwrap_err();
        assert!(err.to_string().contains("locations[0].gps"), "{err}");
    }

    #[test]
    fn values_out_of_their_range_name_the_file_and_field() {
        let character = "[[characters]]\nname='RAY'\n";
        for (text, field) in [
            ("fps = 0", "`fps` must be from 1 to 240, not 0"),
            ("fps = 0.001", "`fps` must be from 1 to 240, not 0.001"),
            (
                "fps = 24\ndrop_frame = true",
                "`drop_frame` counts 29.97 or 59.94 fps only, not 24",
            ),
            ("[render]\nheight = 0", "`render.height`"),
            (
                "[[grades]]\nscenes = [5, 2]\ngrade = 'noir'",
                "`grades[0].scenes`",
            ),
            (
                "[[grades]]\nscenes = [1, 2]\ngrade = ' '",
                "`grades[0].grade`",
            ),
            (
                "[[grades]]\nscenes = [1, 4]\ngrade = 'noir'\n[[grades]]\nscenes = [4, 6]\ngrade = 'warm'",
                "`grades[1].scenes` 4-6 overlap grades[0]",
            ),
            ("[render]\nsamples = 0", "`render.samples`"),
            (
                "[schedule]\nsearch_seconds = 1e30",
                "`schedule.search_seconds`",
            ),
            (
                "[schedule]\nsearch_seconds = nan",
                "`schedule.search_seconds`",
            ),
            ("[schedule]\nday_hours = 0", "`schedule.day_hours`"),
            (
                "[schedule]\neighths_per_day = 0",
                "`schedule.eighths_per_day`",
            ),
            ("[schedule]\nshoot_days = 0", "`schedule.shoot_days`"),
            (
                "[schedule]\nsetups_per_day = 0",
                "`schedule.setups_per_day`",
            ),
            (
                "[schedule]\nwork_days = []",
                "`schedule.work_days` names no day",
            ),
            (
                "[schedule]\nstart_date = '2027-01-04'\ndays_off = ['2027-01-10..2027-01-08']",
                "`schedule.days_off` `2027-01-10..2027-01-08` is not a date",
            ),
            (
                "[[characters]]\nname = 'RAY'\nunavailable_dates = ['2027-01-08']",
                "`characters[0].unavailable_dates` needs `schedule.start_date`",
            ),
            (
                "[[locations]]\nname = 'Pier'\n[[locations]]\nname = 'pier '",
                "`locations[1].name` `pier ` is already the name of locations[0]",
            ),
            (
                "[schedule]\nstart_date = '2027-01-04'\n[[locations]]\nname = 'Pier'\nunavailable_dates = ['2027-02-30']",
                "`locations[0].unavailable_dates` `2027-02-30`",
            ),
            (
                "[isometric]\nangle = 95",
                "`isometric.angle` must be from 10 to 80",
            ),
            ("[isometric]\ntiles_across = 0", "`isometric.tiles_across`"),
            (
                "[effects]\nstrength = 3",
                "`effects.strength` must be from 0 to 2",
            ),
            (
                "[schedule]\ncrew_call = '25:99'",
                "`schedule.crew_call` `25:99` is not a time",
            ),
            ("[schedule]\ncrew_call = 'morning'", "`schedule.crew_call`"),
            (
                "[schedule]\ncast_prep_minutes = 100000",
                "`schedule.cast_prep_minutes`",
            ),
            (
                "[schedule]\ncrew_daily_cost = -5.0",
                "`schedule.crew_daily_cost`",
            ),
            (
                "[schedule]\nstart_date = '2026-02-30'",
                "`schedule.start_date`",
            ),
            (
                "[[characters]]\nname='RAY'\ndaily_rate = nan",
                "`characters[0].daily_rate`",
            ),
            (
                "[[characters]]\nname='RAY'\ndaily_rate = inf",
                "`characters[0].daily_rate`",
            ),
            (
                "[[characters]]\nname='RAY'\nheight_m = 7.0",
                "`characters[0].height_m`",
            ),
            (
                "[[characters]]\nname='RAY'\ncolor = 'blue'",
                "`characters[0].color` `blue`",
            ),
            (
                "[[characters]]\nname='RAY'\nunavailable_days = [0]",
                "`characters[0].unavailable_days`",
            ),
            (
                "[[characters]]\nname='RAY'\n[[characters.costumes]]\nname='c'\nscenes=[5, 2]",
                "`characters[0].costumes[0].scenes` [5, 2]",
            ),
            (
                "[[characters]]\nname='RAY'\n[[characters.costumes]]\nname='c'\nscenes=[1, 2]\ncolors=['#12']",
                "`characters[0].costumes[0].colors`",
            ),
            (
                &format!("{character}{character}"),
                "`characters[1].name` `RAY` is already a name of characters[0]",
            ),
            (
                &format!("{character}[[characters]]\nname='DEX'\naliases=['ray']"),
                "`characters[1].aliases` `ray` is already a name of characters[0]",
            ),
            (
                &format!("{character}cast_id=1\n[[characters]]\nname='DEX'\ncast_id=1"),
                "`characters[1].cast_id` 1 is already the cast id of characters[0]",
            ),
            (
                "[[locations]]\nname='a'\nutc_offset_hours = 100",
                "`locations[0].utc_offset_hours`",
            ),
            (
                "[[locations]]\nname='a'\ntime_zone = 'Mars/Olympus'",
                "`locations[0].time_zone` `Mars/Olympus` is not a time zone",
            ),
            (
                "[[locations]]\nname='a'\ntime_zone = 'Europe/Paris'\nutc_offset_hours = 1",
                "`locations[0].time_zone` give `time_zone` or `utc_offset_hours`, not both",
            ),
            (
                "[[locations]]\nname='a'\ndaily_cost = -1",
                "`locations[0].daily_cost`",
            ),
            (
                "[[locations]]\nname='a'\nhours = '7am-10pm'",
                "`locations[0].hours` `7am-10pm` is not a span of time HH:MM-HH:MM",
            ),
        ] {
            let text = format!("title = 'x'\n{text}\n");
            let err = ProductionConfig::from_toml(&text, Path::new("movie.toml")).unwrap_err();
            let message = err.to_string();
            assert!(message.starts_with("movie.toml: "), "{message}");
            assert!(message.contains(field), "{text}: {message}");
        }
    }

    #[test]
    fn clock_times_and_dates_parse_strictly() {
        assert_eq!(parse_clock("07:30"), Some(450));
        assert_eq!(parse_clock(" 7:05 "), Some(425));
        for bad in [
            "24:00", "07:60", "7", "07:5", "07:300", "-1:00", "+7:00", "7am",
        ] {
            assert_eq!(parse_clock(bad), None, "{bad}");
        }
        assert_eq!(parse_date("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(parse_date("2026-02-29"), None);
    }

    #[test]
    fn hex_colours_parse_with_or_without_the_hash() {
        assert_eq!(parse_hex_color("#2F6fdf"), Some([0x2f, 0x6f, 0xdf]));
        assert_eq!(parse_hex_color("2f6fdf"), Some([0x2f, 0x6f, 0xdf]));
        for junk in ["", "#12345", "#gggggg", "#1234567", "#ééé", "+12345"] {
            assert_eq!(parse_hex_color(junk), None, "{junk}");
        }
    }

    #[test]
    fn resolution_keeps_aspect() {
        let a: AspectRatio = "2.39:1".parse().unwrap();
        assert_eq!(a.resolution(540), (1290, 540));
    }
}
