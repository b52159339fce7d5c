//! Real production scheduling: a screenplay's scenes become strips, grouped by set
//! location and DAY/NIGHT, ordered to keep cast waiting and company moves down, and
//! packed into shoot days by page count, day length and cast availability.
//!
//! The order is built in two levels. Within a location group the scenes are ordered by
//! the exact talent scheduling solver (page eighths as durations, daily rates as costs).
//! The groups themselves are ordered by the same solver when it can prove an order
//! quickly, then improved by a time-limited large-neighbourhood search (relocate, swap
//! and reverse moves) on the real cost: crew, equipment and location days, cast days
//! paid (work and holds, dropped and picked up by the production's rule) and company
//! moves. The report carries a lower bound and the gap to it.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use oneshot_model::production::Invalid;
use oneshot_model::script::{self, first_sentence, has_word, place_key};
use oneshot_model::{
    Category, DayNight, IntExt, ProductionConfig, Scene, ScheduleSettings, Script,
};
use serde::{Deserialize, Serialize};

use crate::calendar::{self, Calendar, Day};
use crate::locations::{self, SETUP_MINUTES};
use crate::solver::{Limits, solve_with};
use crate::talent::Instance;

/// Assumed costs when the production file has none, so the optimiser still weighs a
/// shoot day against a held actor.
const DEFAULT_CREW_DAY: f64 = 10_000.0;
const DEFAULT_CAST_DAY: f64 = 500.0;

/// What a work day of crew and equipment costs the optimiser and the budget: the
/// production's rates, the crew's assumed when it has none.
pub(crate) fn crew_day_cost(settings: &ScheduleSettings) -> f64 {
    crew_rate(settings) + settings.equipment_daily_cost.unwrap_or(0.0)
}

/// The crew's rate per work day, assumed when the production file has none.
pub(crate) fn crew_rate(settings: &ScheduleSettings) -> f64 {
    settings.crew_daily_cost.unwrap_or(DEFAULT_CREW_DAY)
}

/// The share of a shoot day a company move takes.
fn move_fraction(settings: &ScheduleSettings) -> f64 {
    // In f64 throughout: money multiplied from an f32 share is off by fractions of a cent.
    (f64::from(settings.company_move_hours) / f64::from(settings.day_hours)).clamp(0.0, 1.0)
}

/// How much heavier than its pages a strip weighs on a day: with
/// `setups_per_day`, a scene of many set-ups takes the share of a day its set-ups
/// take (an eighth of a page a whole day at most); else 1.
pub(crate) fn weight(settings: &ScheduleSettings, strip: &Strip) -> f64 {
    let capacity = settings.eighths_per_day as f64;
    match settings.setups_per_day {
        Some(per_day) if strip.setups > 0 => {
            let setups_share = strip.setups as f64 / per_day as f64;
            (setups_share * capacity / strip.scene_eighths as f64).clamp(1.0, capacity)
        }
        _ => 1.0,
    }
}

/// The pages a company move leaves unshot: its hours at the day's pace (the
/// shooting hours, after the hour to set up, for `eighths_per_day`).
fn move_eighths(settings: &ScheduleSettings) -> f64 {
    let shooting_hours = (settings.day_hours - SETUP_MINUTES as f32 / 60.0).max(1.0);
    let capacity = settings.eighths_per_day as f64;
    (f64::from(settings.company_move_hours) / f64::from(shooting_hours) * capacity)
        .clamp(0.0, capacity)
}

/// What a company move costs: its share of a day of crew and equipment.
pub(crate) fn move_cost(settings: &ScheduleSettings) -> f64 {
    move_fraction(settings) * crew_day_cost(settings)
}
/// A long scene starts on a day only if at least this many eighths are left.
const MIN_PART_EIGHTHS: f64 = 4.0;
/// A scene split over days leaves at least this many eighths for the next.
const MIN_LEFT_EIGHTHS: u32 = 2;

/// How much of a scene with `remaining` eighths to shoot on a day with room for
/// `room`: what fits, or all of it when that would leave the next day less than
/// [`MIN_LEFT_EIGHTHS`] (the day runs over rather than relight a set for a line).
fn today_of(remaining: u32, room: u32) -> u32 {
    match remaining.saturating_sub(room) {
        0 => remaining,
        left if left < MIN_LEFT_EIGHTHS => remaining,
        _ => room,
    }
}
/// Slack for sums of fractional day loads: a scene that exactly fills what is
/// left of a day fits it.
const FITS: f64 = 1e-9;
/// A schedule longer than this is not a schedule.
const MAX_DAYS: u32 = 10_000;
/// How far past the start date a calendar is searched for days to shoot: five years.
const CALENDAR_REACH_DAYS: Day = 5 * 366;

/// One scene on the stripboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Strip {
    /// 1-based scene order in the script.
    pub scene: u32,
    /// The scene number as printed (`12A`), or the order.
    pub label: String,
    pub int_ext: String,
    /// The set as the heading writes it.
    pub set: String,
    /// The one-line description a stripboard gives a scene: the writer's
    /// synopsis, else the first sentence of its action, cut to a line.
    #[serde(default)]
    pub description: String,
    /// The production location the set is shot at.
    pub location: String,
    /// The story's light: the strip's colour on the board.
    pub day_night: DayNight,
    /// Shot on a stage (a studio's set under its roof), where a night is lit on
    /// the set: the unit shoots it in day hours (see [`Strip::shooting_light`]).
    #[serde(default)]
    pub on_a_stage: bool,
    /// A night graded `day-for-night`: shot by day, in the sun, and made night in
    /// the grade (see [`Strip::shooting_light`]).
    #[serde(default)]
    pub day_for_night: bool,
    /// The heading's time of day as written (`DAWN`, `NIGHT - CONTINUOUS`).
    #[serde(default)]
    pub time_of_day: Option<String>,
    /// Eighths shot in this strip (part of the scene when it spans days).
    pub eighths: u32,
    /// The whole scene's length in eighths.
    pub scene_eighths: u32,
    /// The whole scene's camera set-ups, from the shot plan; 0 when the schedule
    /// was made without one.
    #[serde(default)]
    pub setups: u32,
    pub story_day: u32,
    /// Cast ids, ascending.
    pub cast: Vec<u32>,
    /// The scene's breakdown elements other than cast (extras, props, vehicles,
    /// ...): what the departments bring to set for it.
    #[serde(default)]
    pub elements: BTreeMap<Category, Vec<String>>,
}

/// The script's sets as words, to find which are parts of another.
struct Sets<'s> {
    sets: Vec<(&'s str, Vec<String>)>,
}

impl<'s> Sets<'s> {
    fn of(script: &'s Script) -> Sets<'s> {
        let mut sets: Vec<(&str, Vec<String>)> = Vec::new();
        for scene in &script.scenes {
            if !sets.iter().any(|(set, _)| *set == scene.location) {
                sets.push((&scene.location, set_words(&scene.location)));
            }
        }
        Sets { sets }
    }

    /// Where `set` is when the production file names no location for it: in the
    /// shortest other set of the script that it names a part of, its words then a
    /// room (`HOSPITAL` for `HOSPITAL ROOM` and `HOSPITAL HALLWAY`, `BLOOM HOUSE`
    /// for `BLOOM HOUSE KITCHEN`) or a separator (`BLOOM HOUSE / STAIRS`,
    /// `CEMETERY - GRAVESIDE`), as a unit shoots a house's rooms in the house; else
    /// it is a place of its own (`CAR PARK` is no part of `CAR`).
    fn found_at<'a>(&self, set: &'a str) -> &'a str
    where
        's: 'a,
    {
        let words = set_words(set);
        let head = set_words(
            set.split(['/', ',', '-', '–', '—'])
                .next()
                .unwrap_or_default(),
        );
        let a_part_of = |other: &[String]| {
            let room = words
                .get(other.len())
                .is_some_and(|next| ROOMS.contains(&next.as_str()));
            words.starts_with(other) && (head == other || room)
        };
        (self.sets.iter())
            .filter(|(_, other)| !other.is_empty() && other.len() < words.len())
            .filter(|(_, other)| a_part_of(other))
            .min_by_key(|(_, other)| other.len())
            .map_or(set, |(other, _)| other)
    }
}

/// Words that name a part of a place: its rooms and grounds. Not those that also
/// name a place of their own (`CITY HALL`, `TRUCK YARD`, `BUS GARAGE`).
const ROOMS: [&str; 43] = [
    "ROOM",
    "BEDROOM",
    "BATHROOM",
    "KITCHEN",
    "HALLWAY",
    "CORRIDOR",
    "LOBBY",
    "FOYER",
    "ENTRANCE",
    "RECEPTION",
    "OFFICE",
    "STAIRS",
    "STAIRWELL",
    "STAIRCASE",
    "BASEMENT",
    "CELLAR",
    "ATTIC",
    "PORCH",
    "BACKYARD",
    "GARDEN",
    "ROOF",
    "ROOFTOP",
    "LOUNGE",
    "DINING",
    "LIVING",
    "MASTER",
    "GUEST",
    "WARD",
    "BALCONY",
    "CLOSET",
    "STUDY",
    "PARLOR",
    "PARLOUR",
    "DEN",
    "NURSERY",
    "LAUNDRY",
    "PANTRY",
    "DRIVEWAY",
    "UPSTAIRS",
    "DOWNSTAIRS",
    "TERRACE",
    "PATIO",
    "CAFETERIA",
];

/// A set's name as words, spelled as [`place_key`] spells it: `THE SORORITY
/// HOUSE - THE DOORWAY` is `SORORITY`, `HOUSE`, `THE`, `DOORWAY`.
fn set_words(set: &str) -> Vec<String> {
    (place_key(set).split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')))
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Where the schedule puts a scene the script opens with before its first heading.
pub const NO_HEADING: &str = "(before the first scene heading)";

/// Whether a heading names a shot or a beat rather than a place: no `INT.` or
/// `EXT.`, and a word such as `POV`, `INSERT` or `TITLES` (`SNIPER SCOPE POV -
/// DAY`, `OPENING TITLES`), or `BLACK` alone.
fn names_a_shot(scene: &Scene) -> bool {
    scene.int_ext.is_none() && script::names_a_shot(&scene.location)
}

/// Words of a heading's time of day for a scene shot at first light.
pub const DAWN_WORDS: [&str; 4] = ["DAWN", "SUNRISE", "DAYBREAK", "FIRST LIGHT"];
/// For a scene shot as the sun goes down.
pub const SUNSET_WORDS: [&str; 2] = ["SUNSET", "MAGIC HOUR"];
/// For a night scene shot at last light.
pub const DUSK_WORDS: [&str; 3] = ["DUSK", "EVENING", "TWILIGHT"];

impl Strip {
    /// When the unit shoots the strip: in the story's light, but by day for a
    /// night on a stage, which is lit as night on the set, and for a night shot
    /// day-for-night.
    pub fn shooting_light(&self) -> DayNight {
        if self.on_a_stage || self.day_for_night {
            DayNight::Day
        } else {
            self.day_night
        }
    }

    /// Whether the heading's time of day has one of `words` (upper case) as words:
    /// `LATER` does not say `LATE`.
    pub fn says(&self, words: &[&str]) -> bool {
        let time = self.time_of_day.as_deref().unwrap_or_default();
        has_word(&time.to_uppercase(), words)
    }
}

/// A cast member on the schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CastMember {
    pub id: u32,
    pub character: String,
    pub actor: Option<String>,
    pub daily_rate: f64,
    /// True when the rate is the assumed default, not from the production file.
    pub rate_assumed: bool,
}

/// One shoot day: its strips in shooting order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShootDay {
    /// 1-based.
    pub number: u32,
    /// Calendar date `YYYY-MM-DD` when the production has a start date.
    pub date: Option<String>,
    pub day_night: DayNight,
    pub strips: Vec<Strip>,
    pub eighths: u32,
    /// Locations in shooting order; more than one means company moves.
    pub locations: Vec<String>,
    /// Minutes the crew call waits past its usual time (see
    /// [`crate::locations::crew_call`]): for the crew's rest after the day before,
    /// or for the hours the day's first location agrees to.
    #[serde(default)]
    pub call_delay_minutes: u32,
}

/// The shooting schedule and how good it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShootingSchedule {
    pub title: String,
    pub days: Vec<ShootDay>,
    pub cast: Vec<CastMember>,
    /// The optimiser's cost (crew, equipment, locations, cast paid days, moves).
    pub cost: f64,
    /// No schedule costs less than this.
    pub lower_bound: f64,
    /// `(cost - lower_bound) / cost`.
    pub gap: f64,
    pub company_moves: u32,
    pub seconds: f64,
}

/// Why a script cannot be scheduled.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScheduleError {
    /// The script has no scenes.
    #[error("the script has no scenes to schedule")]
    NoScenes,
    /// A cast member is unavailable on every shoot day.
    #[error(
        "{character} (scene {scene}) is unavailable on every one of the {days} shoot days: no schedule can shoot their scenes"
    )]
    CastNeverAvailable {
        character: String,
        scene: u32,
        days: u32,
    },
    /// The scenes do not fit in the shoot days available.
    #[error(
        "the schedule needs {needed} shoot days but the production has {available} (schedule.shoot_days)"
    )]
    TooFewDays { needed: u32, available: u32 },
    /// The work week and the days off leave no date to shoot on.
    #[error(
        "the calendar has no work day from {start} to {until}: schedule.work_days and schedule.days_off leave none"
    )]
    NoWorkDays { start: String, until: String },
    /// A scene's cast and location are never free together on a work day.
    #[error("scene {scene} cannot be shot on any work day from {start} to {until}: {why}")]
    NeverFree {
        scene: String,
        start: String,
        until: String,
        why: String,
    },
    /// A setting is out of range.
    #[error("`{}` {}", .0.field, .0.message)]
    Setting(Invalid),
}

/// Camera set-ups per scene (scene number -> set-ups), from a shot plan.
pub type SceneSetups = BTreeMap<u32, u32>;

/// Schedules `script` for `production` by pages.
pub fn schedule(
    script: &Script,
    production: &ProductionConfig,
) -> Result<ShootingSchedule, ScheduleError> {
    schedule_with_setups(script, production, &SceneSetups::new())
}

/// Schedules `script` for `production`, each scene weighing the heavier of its
/// pages and its `setups` against the day (with `schedule.setups_per_day`).
pub fn schedule_with_setups(
    script: &Script,
    production: &ProductionConfig,
    setups: &SceneSetups,
) -> Result<ShootingSchedule, ScheduleError> {
    let started = Instant::now();
    let settings = &production.schedule;
    // A production file was checked when it was read; one built in code is checked here.
    settings.check().map_err(ScheduleError::Setting)?;
    if script.scenes.is_empty() {
        return Err(ScheduleError::NoScenes);
    }
    let (strips, cast) = strips_and_cast(script, production, setups);
    let model = Model::new(&strips, &cast, production)?;
    let groups = model.groups();
    let start_order = model.initial_order(&groups);
    let budget = Duration::from_secs_f32(settings.search_seconds.max(0.0));
    let (order, _) = model.improve(&groups, start_order, started + budget)?;
    let mut days = model
        .pack(&order)
        .map_err(|why| model.unpacked(why, &order))?;
    in_the_light(&mut days, &strips, production);
    let mut shoot_days = shoot_days(&days, &strips);
    // A night's exteriors go in the dark: its interiors go around them.
    locations::settle_calls(&mut shoot_days, production, |i, order| {
        days[i].strips = order.iter().map(|&s| days[i].strips[s]).collect();
    });
    // The light's order keeps each visit to a place whole, and may bring two
    // together: a company move fewer.
    let cost = model.cost(&days);
    let lower_bound = model.lower_bound().min(cost);
    let company_moves = shoot_days
        .iter()
        .map(|d| d.locations.len().saturating_sub(1) as u32)
        .sum();
    Ok(ShootingSchedule {
        title: if script.title.is_empty() {
            production.title.clone()
        } else {
            script.title.clone()
        },
        days: shoot_days,
        cast,
        cost,
        lower_bound,
        gap: if cost > 0.0 {
            (cost - lower_bound) / cost
        } else {
            0.0
        },
        company_moves,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The packed days as shoot days: each strip with the eighths shot that day.
fn shoot_days(days: &[PackedDay], strips: &[Strip]) -> Vec<ShootDay> {
    days.iter()
        .enumerate()
        .map(|(i, day)| {
            let strips: Vec<Strip> = day
                .strips
                .iter()
                .map(|&(s, eighths)| Strip {
                    eighths,
                    ..strips[s].clone()
                })
                .collect();
            ShootDay {
                number: i as u32 + 1,
                date: day.date.map(calendar::date),
                day_night: day.day_night,
                eighths: strips.iter().map(|s| s.eighths).sum(),
                locations: locations::places_in_order(&strips),
                strips,
                call_delay_minutes: 0,
            }
        })
        .collect()
}

/// Puts each day's strips in the order the light calls for, each place's strips
/// kept together as the solver left them (two visits to a place may meet, a
/// company move fewer). On a day shoot: the place with a dawn scene first and one
/// with a sunset scene last, places with exteriors before those with interiors
/// only, and at each place its exteriors before its interiors, while the light
/// lasts. On a night shoot (whose call is in the
/// evening): a dusk scene's place first, and at each place its interiors before
/// its exteriors, which wait for the dark. Only an exterior's time of day calls
/// for the light: an interior's morning is lit on the set.
fn in_the_light(days: &mut [PackedDay], strips: &[Strip], production: &ProductionConfig) {
    let rank = |strip: usize, day_night: DayNight| {
        let says = |words: &[&str]| strips[strip].says(words);
        if !locations::shot_outside(&strips[strip], production) {
            return 2;
        }
        match day_night {
            DayNight::Day if says(&DAWN_WORDS) => 0,
            DayNight::Day if says(&["MORNING"]) => 1,
            DayNight::Day if says(&["AFTERNOON"]) => 3,
            DayNight::Day if says(&SUNSET_WORDS) => 4,
            DayNight::Night if says(&DUSK_WORDS) => 0,
            _ => 2,
        }
    };
    for day in days {
        let day_night = day.day_night;
        // What goes later at a place: the interiors by day, the exteriors by night.
        let later = |strip: usize| {
            locations::shot_outside(&strips[strip], production) == (day_night == DayNight::Night)
        };
        let mut places: Vec<Vec<(usize, u32)>> = Vec::new();
        for &(strip, eighths) in &day.strips {
            match places.last_mut() {
                Some(place) if strips[place[0].0].location == strips[strip].location => {
                    place.push((strip, eighths))
                }
                _ => places.push(vec![(strip, eighths)]),
            }
        }
        for place in &mut places {
            place.sort_by_key(|&(strip, _)| (rank(strip, day_night), later(strip)));
        }
        // By day, a place with an exterior before one with interiors only, which
        // can be shot after dark.
        let interiors_only = |place: &[(usize, u32)]| {
            day_night == DayNight::Day
                && place
                    .iter()
                    .all(|&(strip, _)| !locations::shot_outside(&strips[strip], production))
        };
        places.sort_by_key(|place| {
            let ranks = place.iter().map(|&(strip, _)| rank(strip, day_night));
            (ranks.clone().min(), ranks.max(), interiors_only(place))
        });
        day.strips = places.into_iter().flatten().collect();
    }
}

/// The strips in script order and the cast with ids (from the production file, else by
/// number of scenes).
fn strips_and_cast(
    script: &Script,
    production: &ProductionConfig,
    setups: &SceneSetups,
) -> (Vec<Strip>, Vec<CastMember>) {
    // Canonical name of each character: the production file's, else as scripted.
    let canonical = |name: &str| {
        production
            .character(name)
            .map_or_else(|| name.trim().to_uppercase(), |c| c.name.clone())
    };
    let apart = anonymous_parts_apart(script, production);
    // The part a name in a scene's cast is: its canonical name, or one of the
    // anonymous parts it stands for.
    let part = |scene: &Scene, name: &str| {
        let name = canonical(name);
        apart
            .get(&(scene.number, name.clone()))
            .cloned()
            .unwrap_or(name)
    };
    let mut scenes_of: BTreeMap<String, usize> = BTreeMap::new();
    for scene in &script.scenes {
        for name in scene.cast() {
            *scenes_of.entry(part(scene, name)).or_default() += 1;
        }
    }
    let mut names: Vec<(String, usize)> = scenes_of.into_iter().collect();
    names.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut next_id = production
        .characters
        .iter()
        .filter_map(|c| c.cast_id)
        .max()
        .unwrap_or(0);
    let cast: Vec<CastMember> = names
        .into_iter()
        .map(|(name, _)| {
            let character = production.character(&name);
            let id = character.and_then(|c| c.cast_id).unwrap_or_else(|| {
                next_id += 1;
                next_id
            });
            let rate = character.and_then(|c| c.daily_rate);
            CastMember {
                id,
                character: name,
                actor: character.and_then(|c| c.actor.clone()),
                daily_rate: rate.unwrap_or(DEFAULT_CAST_DAY),
                rate_assumed: rate.is_none(),
            }
        })
        .collect();
    let id_of: BTreeMap<&str, u32> = cast.iter().map(|c| (c.character.as_str(), c.id)).collect();
    let mut previous = DayNight::Day;
    let mut previous_place: Option<String> = None;
    let sets = Sets::of(script);
    let strips = script
        .scenes
        .iter()
        .map(|scene| {
            let day_night = scene.day_night(previous);
            previous = day_night;
            let place = production
                .location(&scene.location)
                .map(|l| l.name.clone())
                .or_else(|| match &previous_place {
                    // A heading that names a shot or a beat, not a place (`SNIPER
                    // SCOPE POV`, `OPENING TITLES`), or no place at all, is shot
                    // where the scene before it is.
                    Some(place) if scene.location.is_empty() || names_a_shot(scene) => {
                        Some(place.clone())
                    }
                    None if scene.location.is_empty() => Some(NO_HEADING.to_owned()),
                    _ => None,
                })
                .unwrap_or_else(|| {
                    let found_at = sets.found_at(&scene.location);
                    (production.location(found_at).map(|l| l.name.clone()))
                        .unwrap_or_else(|| found_at.to_owned())
                });
            previous_place = Some(place.clone());
            let on_a_stage = locations::is_a_stage(production, &place);
            let mut ids: Vec<u32> = scene
                .cast()
                .iter()
                .map(|n| id_of[part(scene, n).as_str()])
                .collect();
            ids.sort_unstable();
            ids.dedup();
            Strip {
                scene: scene.number,
                label: scene
                    .scene_number
                    .clone()
                    .unwrap_or_else(|| scene.number.to_string()),
                int_ext: match scene.int_ext {
                    Some(IntExt::Int) => "INT",
                    Some(IntExt::Ext) => "EXT",
                    Some(IntExt::IntExt) => "INT/EXT",
                    None => "",
                }
                .to_owned(),
                set: scene.location.clone(),
                description: one_line(scene),
                location: place,
                day_night,
                on_a_stage,
                day_for_night: day_night == DayNight::Night
                    && production.shot_day_for_night(scene.number),
                time_of_day: scene.time_of_day.clone(),
                eighths: scene.eighths.max(1),
                scene_eighths: scene.eighths.max(1),
                setups: setups.get(&scene.number).copied().unwrap_or(0),
                story_day: scene.story_day,
                cast: ids,
                elements: scene
                    .elements
                    .iter()
                    .filter(|(category, _)| **category != Category::Cast)
                    .map(|(category, items)| (*category, items.clone()))
                    .collect(),
            }
        })
        .collect();
    (strips, cast)
}

/// Anonymous parts (see [`script::is_anonymous_part`]) that are more than one
/// person: scenes at one place, or on one story day, are one person's; a part
/// written at two places on two days is two people, each with their own cast
/// number, named after their first scene (`MAN (SC. 2)`, `MAN (SC. 26)`). A
/// part the production file lists is one person, as it says. Keys are a scene's
/// number and the part's name in upper case; names that stay one part are left out.
fn anonymous_parts_apart(
    script: &Script,
    production: &ProductionConfig,
) -> BTreeMap<(u32, String), String> {
    let mut appearances: BTreeMap<String, Vec<&Scene>> = BTreeMap::new();
    for scene in &script.scenes {
        for name in scene.cast() {
            if production.character(name).is_none() && script::is_anonymous_part(name) {
                let scenes = appearances.entry(name.trim().to_uppercase()).or_default();
                if scenes.last().is_none_or(|last| last.number != scene.number) {
                    scenes.push(scene);
                }
            }
        }
    }
    let mut apart = BTreeMap::new();
    for (name, scenes) in appearances {
        // Each scene's person: the first scene of theirs, joined through any
        // place or day two scenes share.
        let mut person: Vec<usize> = (0..scenes.len()).collect();
        let first = |person: &[usize], mut i: usize| {
            while person[i] != i {
                i = person[i];
            }
            i
        };
        for j in 1..scenes.len() {
            for i in 0..j {
                let (a, b) = (&scenes[i], &scenes[j]);
                if a.story_day == b.story_day || place_key(&a.location) == place_key(&b.location) {
                    let (i, j) = (first(&person, i), first(&person, j));
                    person[i.max(j)] = i.min(j);
                }
            }
        }
        let people: Vec<usize> = (0..scenes.len()).map(|i| first(&person, i)).collect();
        if people.iter().all(|&p| p == 0) {
            continue;
        }
        for (scene, &p) in scenes.iter().zip(&people) {
            let label =
                (scenes[p].scene_number.clone()).unwrap_or_else(|| scenes[p].number.to_string());
            apart.insert(
                (scene.number, name.clone()),
                format!("{name} (SC. {label})"),
            );
        }
    }
    apart
}

/// Why packing stopped short.
enum Unpacked {
    /// Past the production's `shoot_days` (or [`MAX_DAYS`]).
    OutOfDays,
    /// Past the calendar's reach: the strip's cast or location are never free
    /// again on a work day after the strips before it.
    OutOfCalendar { strip: usize },
}

/// Characters a stripboard's one-line description holds.
const ONE_LINE_CHARS: usize = 72;

/// A scene's one-line description: its synopsis, else the first sentence of its
/// action (else its first line of dialogue), whitespace made single spaces, cut
/// to [`ONE_LINE_CHARS`] at a word (within a word too long for the line) with an
/// ellipsis.
fn one_line(scene: &Scene) -> String {
    let said = |text: &String| !text.trim().is_empty();
    let text = scene
        .synopsis
        .clone()
        .filter(said)
        .or_else(|| {
            let seen = scene.seen_action();
            let action = seen.first()?;
            let first = first_sentence(action);
            // A sentence of a word or two (`Dark.`) says little alone: the next too.
            Some(match first.split_whitespace().count() < 3 {
                true => {
                    let next = first_sentence(action[first.len()..].trim_start());
                    format!("{first} {next}").trim_end().to_owned()
                }
                false => first.to_owned(),
            })
        })
        .filter(said)
        .or_else(|| {
            let line = scene.lines.first()?;
            Some(format!("{}: {}", line.character, line.text))
        })
        .unwrap_or_default();
    let mut line = String::new();
    let mut length = 0;
    for word in text.split_whitespace() {
        let space = usize::from(length > 0);
        let word_length = word.chars().count();
        if length + space + word_length > ONE_LINE_CHARS {
            // Room for the ellipsis; a first word too long is cut inside.
            if length == 0 {
                line.extend(word.chars().take(ONE_LINE_CHARS - 1));
            }
            line.push('…');
            return line;
        }
        if space == 1 {
            line.push(' ');
        }
        line.push_str(word);
        length += space + word_length;
    }
    line
}

/// One packed day: strips (indices) and the eighths of each shot that day.
struct PackedDay {
    day_night: DayNight,
    /// Its date, when the production has a calendar.
    date: Option<Day>,
    strips: Vec<(usize, u32)>,
}

/// The scheduling problem in optimiser terms.
struct Model<'a> {
    strips: &'a [Strip],
    /// Cast index (into `cast`) per strip.
    strip_cast: Vec<Vec<usize>>,
    /// How much of a day each eighth of a strip takes, in eighths: 1, or more
    /// when its set-ups take more of the day than its pages; an eighth takes a
    /// whole day at most.
    weight: Vec<f64>,
    rates: Vec<f64>,
    /// When each cast member cannot work.
    away: Vec<Away>,
    /// Dates each location cannot be had.
    location_unavailable: BTreeMap<&'a str, Vec<[Day; 2]>>,
    calendar: Option<Calendar>,
    crew_day: f64,
    location_day: BTreeMap<&'a str, f64>,
    capacity: f64,
    move_eighths: f64,
    move_cost: f64,
    drop_after: u32,
    shoot_days: Option<u32>,
}

/// A location group: its strips in the talent solver's order.
struct Group {
    strips: Vec<usize>,
}

impl<'a> Model<'a> {
    fn new(
        strips: &'a [Strip],
        cast: &[CastMember],
        production: &'a ProductionConfig,
    ) -> Result<Model<'a>, ScheduleError> {
        let settings = &production.schedule;
        let index_of: BTreeMap<u32, usize> =
            cast.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
        let away: Vec<Away> = cast
            .iter()
            .map(|member| Away::of(member, production))
            .collect();
        let location_unavailable = production
            .locations
            .iter()
            .map(|l| (l.name.as_str(), calendar::day_ranges(&l.unavailable_dates)))
            .filter(|(_, dates)| !dates.is_empty())
            .collect();
        if let Some(days) = settings.shoot_days {
            for (i, member) in cast.iter().enumerate() {
                if (1..=days).all(|d| away[i].days.contains(&d)) {
                    let scene = strips
                        .iter()
                        .find(|s| s.cast.contains(&member.id))
                        .map_or(0, |s| s.scene);
                    return Err(ScheduleError::CastNeverAvailable {
                        character: member.character.clone(),
                        scene,
                        days,
                    });
                }
            }
        }
        let crew_day = crew_day_cost(settings);
        let location_day = production
            .locations
            .iter()
            .map(|l| (l.name.as_str(), l.daily_cost.unwrap_or(0.0)))
            .collect();
        let capacity = settings.eighths_per_day as f64;
        let weight = strips.iter().map(|strip| weight(settings, strip)).collect();
        let model = Model {
            strips,
            weight,
            strip_cast: strips
                .iter()
                .map(|s| s.cast.iter().map(|id| index_of[id]).collect())
                .collect(),
            rates: cast.iter().map(|c| c.daily_rate).collect(),
            away,
            location_unavailable,
            calendar: Calendar::new(settings),
            crew_day,
            location_day,
            capacity,
            move_eighths: move_eighths(settings),
            move_cost: move_cost(settings),
            drop_after: settings.drop_pickup_days,
            shoot_days: settings.shoot_days,
        };
        model.check_calendar(cast)?;
        Ok(model)
    }

    /// Refuses, before any search, a calendar that leaves no work day within
    /// [`CALENDAR_REACH_DAYS`] of the start, or a scene never free on one.
    fn check_calendar(&self, cast: &[CastMember]) -> Result<(), ScheduleError> {
        let Some(calendar) = &self.calendar else {
            return Ok(());
        };
        let (start, until) = (calendar.start(), calendar.start() + CALENDAR_REACH_DAYS);
        let work_days: Vec<Day> = calendar.work_days(start..=until).collect();
        let dates = || (calendar::date(start), calendar::date(until));
        if work_days.is_empty() {
            let (start, until) = dates();
            return Err(ScheduleError::NoWorkDays { start, until });
        }
        for (s, strip) in self.strips.iter().enumerate() {
            if work_days.iter().any(|&day| self.free_on(s, day)) {
                continue;
            }
            let always_away =
                |ranges: &[[Day; 2]]| work_days.iter().all(|&day| calendar::within(ranges, day));
            let why = self.strip_cast[s]
                .iter()
                .find(|&&c| always_away(&self.away[c].dates))
                .map(|&c| format!("{} is unavailable", cast[c].character))
                .or_else(|| {
                    let dates = self.location_unavailable.get(strip.location.as_str())?;
                    always_away(dates).then(|| format!("{} is unavailable", strip.location))
                })
                .unwrap_or_else(|| "its cast and location are never free together".into());
            let (start, until) = dates();
            return Err(ScheduleError::NeverFree {
                scene: strip.label.clone(),
                start,
                until,
                why,
            });
        }
        Ok(())
    }

    /// Location x DAY/NIGHT groups in order of first appearance, each ordered by the
    /// talent solver.
    fn groups(&self) -> Vec<Group> {
        let mut keys: Vec<(&str, DayNight)> = Vec::new();
        let mut members: Vec<Vec<usize>> = Vec::new();
        for (i, strip) in self.strips.iter().enumerate() {
            let key = (strip.location.as_str(), strip.shooting_light());
            match keys.iter().position(|k| *k == key) {
                Some(g) => members[g].push(i),
                None => {
                    keys.push(key);
                    members.push(vec![i]);
                }
            }
        }
        members
            .into_iter()
            .map(|strips| {
                let order = self.talent_order(&strips.iter().map(|&s| vec![s]).collect::<Vec<_>>());
                Group {
                    strips: order.into_iter().map(|i| strips[i]).collect(),
                }
            })
            .collect()
    }

    /// The talent solver's order of `units` (each a run of strips): the eighths of
    /// the day each takes (pages, or set-ups when heavier) as durations,
    /// whole-currency daily rates as costs.
    fn talent_order(&self, units: &[Vec<usize>]) -> Vec<usize> {
        let durations = units
            .iter()
            .map(|u| u.iter().map(|&s| self.load(s).round() as u64).sum())
            .collect();
        let costs = self
            .rates
            .iter()
            // Rates only weigh actors against each other here: clamp them to a range
            // the solver counts exactly.
            .map(|r| r.round().clamp(1.0, 1e6) as u64)
            .collect();
        let cast = units
            .iter()
            .map(|u| {
                let mut c: Vec<usize> =
                    u.iter().flat_map(|&s| self.strip_cast[s].clone()).collect();
                c.sort_unstable();
                c.dedup();
                c
            })
            .collect();
        match Instance::new("groups", durations, costs, cast) {
            // Past the exact solver's reach its fallback local search is slower than the
            // large-neighbourhood search that follows: keep the script order.
            Ok(instance) if units.len() <= 64 => {
                solve_with(
                    &instance,
                    Limits {
                        max_states: 200_000,
                    },
                )
                .order
            }
            _ => (0..units.len()).collect(),
        }
    }

    /// The talent solver's group order, with day groups before night groups (a day
    /// never mixes them, so interleaving wastes days).
    fn initial_order(&self, groups: &[Group]) -> Vec<usize> {
        let units: Vec<Vec<usize>> = groups.iter().map(|g| g.strips.clone()).collect();
        let mut order = self.talent_order(&units);
        order.sort_by_key(|&g| self.strips[groups[g].strips[0]].shooting_light());
        order
    }

    /// Packs the groups in `order` into days; `None` when it needs more days than the
    /// production has.
    fn pack_groups(&self, groups: &[Group], order: &[usize]) -> Result<Vec<PackedDay>, Unpacked> {
        let strips: Vec<usize> = order
            .iter()
            .flat_map(|&g| groups[g].strips.iter().copied())
            .collect();
        self.pack(&strips)
    }

    /// Packs strips in order into shoot days. A strip goes on the current day if the
    /// page limit (company moves count as pages), DAY/NIGHT and the availability of
    /// its cast and location allow; a long strip that does not fit starts there when
    /// at least half a page is left and continues the next day. A day the next strip
    /// cannot be shot takes the first later one that can; a day none can stays dark
    /// (no strips).
    fn pack(&self, strips: &[usize]) -> Result<Vec<PackedDay>, Unpacked> {
        self.pack_within(strips, self.shoot_days)
    }

    /// The error for packing `strips` stopping short for `why`.
    fn unpacked(&self, why: Unpacked, strips: &[usize]) -> ScheduleError {
        match (why, &self.calendar) {
            (Unpacked::OutOfCalendar { strip }, Some(calendar)) => ScheduleError::NeverFree {
                scene: self.strips[strip].label.clone(),
                start: calendar::date(calendar.start()),
                until: calendar::date(calendar.start() + CALENDAR_REACH_DAYS),
                why: "its cast and location are free only on dates the scenes before it have already taken, in every order tried".into(),
            },
            _ => ScheduleError::TooFewDays {
                needed: self.days_needed(strips),
                available: self.shoot_days.unwrap_or(0),
            },
        }
    }

    /// [`Model::pack`] within `shoot_days` days (no limit but [`MAX_DAYS`] when `None`).
    fn pack_within(
        &self,
        strips: &[usize],
        shoot_days: Option<u32>,
    ) -> Result<Vec<PackedDay>, Unpacked> {
        let reach = self
            .calendar
            .as_ref()
            .map(|calendar| calendar.start() + CALENDAR_REACH_DAYS);
        let mut days: Vec<PackedDay> = Vec::new();
        let mut used = 0.0;
        // Strips still to shoot, in order, with the eighths left of each.
        let mut queue: Vec<(usize, u32)> = strips
            .iter()
            .map(|&s| (s, self.strips[s].eighths))
            .collect();
        let mut next = 0;
        'strips: while next < queue.len() {
            let (s, remaining) = queue[next];
            let strip = &self.strips[s];
            let weight = self.weight[s];
            let today = days.len() as u32;
            if let Some(day) = days.last_mut() {
                if let Some(&(last, _)) = day.strips.last() {
                    let moving = self.strips[last].location != strip.location;
                    let free = self.capacity - used - if moving { self.move_eighths } else { 0.0 };
                    let part = if remaining as f64 * weight <= free + FITS {
                        remaining
                    } else if free + FITS >= MIN_PART_EIGHTHS * weight {
                        today_of(remaining, ((free + FITS) / weight) as u32)
                    } else {
                        0
                    };
                    if part > 0
                        && day.day_night == strip.shooting_light()
                        && self.available(s, today, day.date)
                    {
                        day.strips.push((s, part));
                        used = self.capacity - free + part as f64 * weight;
                        queue[next].1 -= part;
                        if queue[next].1 == 0 {
                            next += 1;
                        }
                        continue;
                    }
                }
            }
            let mut number = today + 1;
            let mut date = self.next_date(days.last(), strip.shooting_light());
            while !self.available(s, number, date) {
                if date.zip(reach).is_some_and(|(day, reach)| day > reach) {
                    return Err(Unpacked::OutOfCalendar { strip: s });
                }
                // A strip later in the order that can be shot that day is shot
                // first, as an AD fills a day an actor cannot come.
                let fill_in = (next + 1..queue.len()).find(|&k| {
                    let (later, _) = queue[k];
                    let its_date = self.next_date(days.last(), self.strips[later].shooting_light());
                    self.available(later, number, its_date)
                });
                if let Some(k) = fill_in {
                    let later = queue.remove(k);
                    queue.insert(next, later);
                    continue 'strips;
                }
                // Rather than open with dark days, the shoot starts on the first
                // date it can (the cost counts the days it waited).
                if let (true, Some(calendar), Some(day)) = (days.is_empty(), &self.calendar, date) {
                    if self.available(s, number, None) {
                        date = Some(calendar.work_day_from(day + 1));
                        continue;
                    }
                }
                if shoot_days.is_some_and(|max| number > max) || number > MAX_DAYS {
                    return Err(Unpacked::OutOfDays);
                }
                days.push(PackedDay {
                    day_night: strip.shooting_light(),
                    date,
                    strips: Vec::new(),
                });
                number += 1;
                date = self.next_date(days.last(), strip.shooting_light());
            }
            if shoot_days.is_some_and(|max| number > max) {
                return Err(Unpacked::OutOfDays);
            }
            let part = today_of(remaining, ((self.capacity + FITS) / weight) as u32).max(1);
            days.push(PackedDay {
                day_night: strip.shooting_light(),
                date,
                strips: vec![(s, part)],
            });
            used = part as f64 * weight;
            queue[next].1 -= part;
            if queue[next].1 == 0 {
                next += 1;
            }
        }
        Ok(days)
    }

    /// The date of a `day_night` shoot day after the last of `days`; `None` without
    /// a calendar.
    fn next_date(&self, last: Option<&PackedDay>, day_night: DayNight) -> Option<Day> {
        let previous = last.and_then(|day| Some((day.date?, day.day_night)));
        Some(self.calendar.as_ref()?.next(previous, day_night))
    }

    /// Whether `strip` can be shot on shoot day `number`, dated `date`: its cast are
    /// all free and its location can be had.
    fn available(&self, strip: usize, number: u32, date: Option<Day>) -> bool {
        self.strip_cast[strip]
            .iter()
            .all(|&c| !self.away[c].days.contains(&number))
            && date.is_none_or(|day| self.free_on(strip, day))
    }

    /// Whether the cast and the location of `strip` are free on `day`, and for a
    /// night's strip the morning after too, which the night runs into.
    fn free_on(&self, strip: usize, day: Day) -> bool {
        let night = self.strips[strip].shooting_light() == DayNight::Night;
        let days = [day, day + 1];
        let days = &days[..1 + usize::from(night)];
        let away = |dates: &[[Day; 2]]| days.iter().any(|&day| calendar::within(dates, day));
        self.strip_cast[strip]
            .iter()
            .all(|&c| !away(&self.away[c].dates))
            && self
                .location_unavailable
                .get(self.strips[strip].location.as_str())
                .is_none_or(|dates| !away(dates))
    }

    /// The days `strips` take in this order with no limit on shoot days.
    fn days_needed(&self, strips: &[usize]) -> u32 {
        self.pack_within(strips, None)
            .map_or(MAX_DAYS, |days| days.len() as u32)
    }

    /// The cost of packed days: crew per day (every shoot day, dark ones too, and
    /// with a calendar every work day from the start date to the last shoot day:
    /// the crew is on the payroll whether it shoots or not), locations per day,
    /// company moves, and every cast member paid from first to last work day except
    /// across gaps longer than the drop/pick-up rule.
    fn cost(&self, days: &[PackedDay]) -> f64 {
        let last = days.last().and_then(|day| day.date);
        let crew_days = match (&self.calendar, last) {
            (Some(calendar), Some(last)) => calendar.crew_days(last),
            _ => calendar::undated_crew_days(&days.iter().map(|d| d.day_night).collect::<Vec<_>>()),
        };
        let mut cost = self.crew_day * crew_days as f64;
        let mut work_days: Vec<Vec<usize>> = vec![Vec::new(); self.rates.len()];
        for (d, day) in days.iter().enumerate() {
            let mut last: Option<&str> = None;
            for &(s, _) in &day.strips {
                let location = self.strips[s].location.as_str();
                if last != Some(location) {
                    if last.is_some() {
                        cost += self.move_cost;
                    }
                    cost += self.location_day.get(location).copied().unwrap_or(0.0);
                    last = Some(location);
                }
                for &c in &self.strip_cast[s] {
                    if work_days[c].last() != Some(&d) {
                        work_days[c].push(d);
                    }
                }
            }
        }
        for (c, worked) in work_days.iter().enumerate() {
            let away = |d: usize| self.away[c].on(d as u32 + 1, days[d].date);
            cost += self.rates[c] * paid_days(worked, self.drop_after, away) as f64;
        }
        cost
    }

    /// Minimum days for the pages, each cast member's minimum work days, each
    /// location's minimum days: no schedule can cost less.
    fn lower_bound(&self) -> f64 {
        let mut bound = self.crew_day * self.min_days() as f64;
        let mut cast_load = vec![0.0; self.rates.len()];
        let mut location_load: BTreeMap<&str, f64> = BTreeMap::new();
        for (s, strip) in self.strips.iter().enumerate() {
            for &c in &self.strip_cast[s] {
                cast_load[c] += self.load(s);
            }
            *location_load.entry(strip.location.as_str()).or_default() += self.load(s);
        }
        for (c, load) in cast_load.iter().enumerate() {
            bound += self.rates[c] * self.days_for(*load);
        }
        for (location, load) in location_load {
            let rate = self.location_day.get(location).copied().unwrap_or(0.0);
            bound += rate * self.days_for(load);
        }
        bound
    }

    /// How much of a day strip `s` takes in all, in eighths: its pages, or its
    /// set-ups' share when heavier.
    fn load(&self, s: usize) -> f64 {
        self.strips[s].eighths as f64 * self.weight[s]
    }

    /// The fewest days `load` eighths take.
    fn days_for(&self, load: f64) -> f64 {
        (load / self.capacity - FITS).ceil()
    }

    /// Fewest shoot days any schedule needs. Day and night strips never share a day;
    /// each location is visited at least once, and every visit past one per day is a
    /// company move that costs pages: with `E` eighths at `L` locations, capacity `C`
    /// and a move worth `m` eighths, `days >= (E + m L) / (C + m)`.
    fn min_days(&self) -> u32 {
        [DayNight::Day, DayNight::Night]
            .into_iter()
            .map(|dn| {
                let strips =
                    (0..self.strips.len()).filter(|&s| self.strips[s].shooting_light() == dn);
                let load: f64 = strips.clone().map(|s| self.load(s)).sum();
                let mut locations: Vec<&str> =
                    strips.map(|s| self.strips[s].location.as_str()).collect();
                locations.sort_unstable();
                locations.dedup();
                let by_pages = self.days_for(load);
                let with_moves = ((load + self.move_eighths * locations.len() as f64)
                    / (self.capacity + self.move_eighths)
                    - FITS)
                    .ceil();
                by_pages.max(with_moves) as u32
            })
            .sum()
    }

    /// Large-neighbourhood search over the group order until `deadline`.
    fn improve(
        &self,
        groups: &[Group],
        start: Vec<usize>,
        deadline: Instant,
    ) -> Result<(Vec<usize>, f64), ScheduleError> {
        let evaluate = |order: &[usize]| {
            self.pack_groups(groups, order)
                .ok()
                .map(|days| self.cost(&days))
        };
        let mut best = start;
        let mut best_cost = evaluate(&best).unwrap_or(f64::INFINITY);
        let n = best.len();
        let mut rng = 0x9e37_79b9_7f4a_7c15u64;
        let mut random = move |bound: usize| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            (rng % bound.max(1) as u64) as usize
        };
        let mut stale = 0usize;
        // Small instances stop when no move has helped for a while; large ones run to
        // the deadline.
        while n > 1 && Instant::now() < deadline && stale < 2000 + 50 * n * n {
            let mut candidate = best.clone();
            let (i, j) = (random(n), random(n));
            match random(3) {
                0 => {
                    let g = candidate.remove(i);
                    candidate.insert(j, g);
                }
                1 => candidate.swap(i, j),
                _ => candidate[i.min(j)..=i.max(j)].reverse(),
            }
            match evaluate(&candidate) {
                Some(cost) if cost < best_cost - 1e-9 => {
                    best = candidate;
                    best_cost = cost;
                    stale = 0;
                }
                _ => stale += 1,
            }
        }
        let strips: Vec<usize> = best
            .iter()
            .flat_map(|&g| groups[g].strips.clone())
            .collect();
        if let Err(why) = self.pack(&strips) {
            return Err(self.unpacked(why, &strips));
        }
        Ok((strips, best_cost))
    }
}

/// When a cast member cannot work: the production file's `unavailable_days`
/// (shoot days, 1-based) and `unavailable_dates`.
#[derive(Debug, Clone, Default)]
pub struct Away {
    days: Vec<u32>,
    dates: Vec<[Day; 2]>,
}

impl Away {
    pub fn of(member: &CastMember, production: &ProductionConfig) -> Away {
        production
            .character(&member.character)
            .map_or_else(Away::default, |character| Away {
                days: character.unavailable_days.clone(),
                dates: calendar::day_ranges(&character.unavailable_dates),
            })
    }

    /// Whether they are away on shoot day `number`, dated `date`.
    pub fn on(&self, number: u32, date: Option<Day>) -> bool {
        self.days.contains(&number) || date.is_some_and(|day| calendar::within(&self.dates, day))
    }
}

/// Which gaps between a cast member's work days (0-based shoot days, ascending)
/// they are dropped for, gap `k` following `worked[k]`: each gap with a day they
/// are `away` (an actor cannot be held on a day they are not free), and of the
/// gaps of more than `drop_after` days the longest, once: the unions allow a
/// performer one drop and pickup. They are held through the others.
pub fn drops(worked: &[usize], drop_after: u32, away: impl Fn(usize) -> bool) -> Vec<bool> {
    let gaps: Vec<(usize, usize)> = worked.windows(2).map(|pair| (pair[0], pair[1])).collect();
    let mut dropped: Vec<bool> = gaps.iter().map(|&(a, b)| (a + 1..b).any(&away)).collect();
    let longest = (gaps.iter().enumerate())
        .filter(|&(k, &(a, b))| !dropped[k] && (b - a - 1) as u32 > drop_after)
        .max_by_key(|&(_, &(a, b))| b - a);
    if let Some((k, _)) = longest {
        dropped[k] = true;
    }
    dropped
}

/// Days paid for a cast member who works on `worked` (0-based, ascending): every day
/// from the first to the last, except where they are dropped (see [`drops`]).
pub fn paid_days(worked: &[usize], drop_after: u32, away: impl Fn(usize) -> bool) -> usize {
    let drops = drops(worked, drop_after, away);
    let gaps = worked.windows(2).zip(drops);
    worked.len().min(1)
        + gaps
            .map(|(pair, dropped)| if dropped { 1 } else { pair[1] - pair[0] })
            .sum::<usize>()
}

#[cfg(test)]
mod tests {
    use oneshot_model::{Character, Location, LocationKind, Scene};

    use super::*;

    fn scene(number: u32, heading: (&str, &str, &str), eighths: u32, cast: &[&str]) -> Scene {
        Scene {
            number,
            heading: format!("{} {} - {}", heading.0, heading.1, heading.2),
            int_ext: Some(if heading.0 == "EXT" {
                IntExt::Ext
            } else {
                IntExt::Int
            }),
            location: heading.1.into(),
            time_of_day: Some(heading.2.into()),
            eighths,
            story_day: 1,
            speaking: cast.iter().map(|c| c.to_string()).collect(),
            ..Scene::default()
        }
    }

    fn script() -> Script {
        Script {
            title: "Alley Kings".into(),
            scenes: vec![
                scene(1, ("EXT", "ALLEY", "NIGHT"), 12, &["BILLY", "ROSA"]),
                scene(2, ("INT", "DINER", "DAY"), 20, &["ROSA", "SAL"]),
                scene(3, ("EXT", "ALLEY", "NIGHT"), 8, &["BILLY"]),
                scene(4, ("INT", "DINER", "DAY"), 16, &["SAL"]),
                scene(5, ("INT", "BILLY'S FLAT", "DAY"), 30, &["BILLY", "ROSA"]),
                scene(6, ("INT", "DINER", "DAY"), 6, &["BILLY", "SAL"]),
            ],
            ..Script::default()
        }
    }

    fn production() -> ProductionConfig {
        let mut production = ProductionConfig::untitled("Alley Kings");
        production.schedule.search_seconds = 0.2;
        production.schedule.start_date = Some("2026-03-02".into());
        production
    }

    #[test]
    fn undated_nights_are_kept_together_and_a_turnaround_costs_a_day() {
        let mut production = production();
        production.schedule.start_date = None;
        production.schedule.eighths_per_day = 8;
        // Each actor has a day and a night, a page each: going back and forth
        // would save their hold days, and owe the crew a rest day at every return
        // to days.
        let scenes = [
            ("BILLY", "ALLEY", "DOCKS"),
            ("ROSA", "DINER", "PIER"),
            ("SAL", "FLAT", "ROOF"),
        ]
        .iter()
        .zip(0..)
        .flat_map(|(&(actor, by_day, by_night), i)| {
            [
                scene(2 * i + 1, ("EXT", by_day, "DAY"), 8, &[actor]),
                scene(2 * i + 2, ("EXT", by_night, "NIGHT"), 8, &[actor]),
            ]
        })
        .collect();
        let script = Script { scenes, ..script() };
        let schedule = schedule(&script, &production).unwrap();
        let lights: Vec<DayNight> = schedule.days.iter().map(|d| d.day_night).collect();
        let returns = lights
            .windows(2)
            .filter(|pair| calendar::rests_between(pair[0], pair[1]))
            .count();
        assert!(returns <= 1, "{lights:?}");
        let crew_day = crew_day_cost(&production.schedule);
        assert!(schedule.cost >= crew_day * (schedule.days.len() + returns) as f64);
    }

    #[test]
    fn a_scene_split_over_days_leaves_the_next_more_than_a_line() {
        assert_eq!(today_of(12, 40), 12);
        assert_eq!(today_of(41, 40), 41, "one eighth over: finished today");
        assert_eq!(today_of(42, 40), 40);
        let mut production = production();
        production.schedule.eighths_per_day = 40;
        let script = Script {
            scenes: vec![scene(1, ("INT", "DINER", "DAY"), 41, &["BILLY"])],
            ..script()
        };
        let schedule = schedule(&script, &production).unwrap();
        assert_eq!(schedule.days.len(), 1);
        assert_eq!(schedule.days[0].eighths, 41);
    }

    #[test]
    fn a_night_on_a_stage_is_shot_by_day() {
        let script = Script {
            scenes: vec![
                scene(1, ("INT", "KITCHEN", "DAY"), 8, &["BILLY"]),
                scene(2, ("INT", "BEDROOM", "NIGHT"), 8, &["BILLY"]),
                scene(3, ("EXT", "BACKLOT STREET", "NIGHT"), 8, &["BILLY"]),
            ],
            ..script()
        };
        let mut production = production();
        let stage = |name: &str, sets: &[&str], interior| Location {
            name: name.into(),
            sets: sets.iter().map(|s| s.to_string()).collect(),
            kind: LocationKind::Studio,
            interior,
            ..Location::default()
        };
        production.locations = vec![
            stage("Stage 1", &["KITCHEN", "BEDROOM"], None),
            stage("Backlot", &["BACKLOT STREET"], Some(false)),
        ];
        let schedule = schedule(&script, &production).unwrap();
        let light_of = |scene: u32| {
            let day = (schedule.days.iter())
                .find(|d| d.strips.iter().any(|s| s.scene == scene))
                .unwrap();
            day.day_night
        };
        // The bedroom's night is lit on the stage, in day hours, and its strip
        // keeps the night's colour; the backlot's night waits for the dark.
        assert_eq!(light_of(2), DayNight::Day);
        assert_eq!(light_of(3), DayNight::Night);
        let bedroom = (schedule.days.iter())
            .flat_map(|d| &d.strips)
            .find(|s| s.scene == 2)
            .unwrap();
        assert_eq!(bedroom.day_night, DayNight::Night);
    }

    #[test]
    fn a_night_shot_day_for_night_is_shot_by_day() {
        let script = Script {
            scenes: vec![
                scene(1, ("EXT", "DESERT ROAD", "NIGHT"), 8, &["BILLY"]),
                scene(2, ("EXT", "DESERT ROAD", "NIGHT"), 8, &["BILLY"]),
            ],
            ..script()
        };
        let mut production = production();
        production.grades = vec![oneshot_model::production::SceneGrade {
            scenes: [2, 2],
            grade: oneshot_model::production::DAY_FOR_NIGHT.into(),
        }];
        let schedule = schedule(&script, &production).unwrap();
        let strip = |scene: u32| {
            (schedule.days.iter().flat_map(|d| &d.strips))
                .find(|s| s.scene == scene)
                .unwrap()
        };
        assert_eq!(strip(1).shooting_light(), DayNight::Night);
        assert_eq!(strip(2).shooting_light(), DayNight::Day);
        // Its strip keeps the story's night on the board.
        assert_eq!(strip(2).day_night, DayNight::Night);
    }

    #[test]
    fn the_rooms_of_a_place_are_shot_at_the_place() {
        let script = Script {
            scenes: vec![
                scene(1, ("INT", "HOSPITAL", "DAY"), 8, &["BILLY"]),
                scene(2, ("INT", "HOSPITAL ROOM", "DAY"), 8, &["BILLY"]),
                scene(3, ("INT", "THE HOSPITAL / HALLWAY", "DAY"), 8, &["ROSA"]),
                scene(4, ("INT", "BLOOM HOUSE KITCHEN", "DAY"), 8, &["ROSA"]),
                scene(5, ("INT", "HOSPITALITY SUITE", "DAY"), 8, &["ROSA"]),
                scene(6, ("EXT", "CAR", "DAY"), 8, &["ROSA"]),
                scene(7, ("EXT", "CAR PARK", "DAY"), 8, &["ROSA"]),
                scene(8, ("INT", "TOWN", "DAY"), 8, &["ROSA"]),
                scene(9, ("INT", "TOWN HALL", "DAY"), 8, &["ROSA"]),
                scene(10, ("INT", "HOSPITAL, KITCHEN", "DAY"), 8, &["ROSA"]),
                scene(11, ("INT", "HOSPITAL -- LOBBY", "DAY"), 8, &["ROSA"]),
            ],
            ..script()
        };
        let places = |production: &ProductionConfig| {
            let schedule = schedule(&script, production).unwrap();
            let mut strips: Vec<(u32, String)> = (schedule.days.iter())
                .flat_map(|d| d.strips.iter().map(|s| (s.scene, s.location.clone())))
                .collect();
            strips.sort();
            strips
                .into_iter()
                .map(|(_, place)| place)
                .collect::<Vec<_>>()
        };
        let hospital = "HOSPITAL".to_owned();
        assert_eq!(
            places(&production()),
            [
                &hospital,
                &hospital,
                &hospital,
                "BLOOM HOUSE KITCHEN",
                "HOSPITALITY SUITE",
                "CAR",
                "CAR PARK",
                "TOWN",
                "TOWN HALL",
                &hospital,
                &hospital
            ]
        );
        // The place the production file names for the hospital is its rooms' too.
        let mut production = production();
        production.locations.push(oneshot_model::Location {
            sets: vec!["HOSPITAL".into()],
            ..oneshot_model::Location::named("St Mary's")
        });
        assert_eq!(places(&production)[..3], ["St Mary's"; 3]);
    }

    #[test]
    fn every_scene_is_scheduled_once_within_the_page_limit() {
        let schedule = schedule(&script(), &production()).unwrap();
        let mut scenes: Vec<u32> = schedule
            .days
            .iter()
            .flat_map(|d| d.strips.iter().map(|s| s.scene))
            .collect();
        scenes.sort_unstable();
        scenes.dedup();
        assert_eq!(scenes, [1, 2, 3, 4, 5, 6]);
        for day in &schedule.days {
            assert!(
                day.eighths <= 40 || day.strips.len() == 1,
                "day {} over",
                day.number
            );
            assert!(
                day.strips
                    .iter()
                    .all(|s| s.shooting_light() == day.day_night)
            );
        }
        assert!(schedule.lower_bound <= schedule.cost);
        assert!((0.0..=1.0).contains(&schedule.gap));
        // The budget adds up to what the optimiser weighed: crew assumed alike,
        // company moves priced.
        let budget = crate::documents::budget(&schedule, &production());
        assert!((budget.total - schedule.cost).abs() < 0.01, "{budget:?}");
        assert!(
            budget
                .lines
                .iter()
                .any(|l| l.item.starts_with("Company moves"))
        );
        assert_eq!(schedule.days[0].date.as_deref(), Some("2026-03-02"));
        // Cast ids by number of scenes: BILLY (4), then ROSA and SAL (3 each, by name).
        assert_eq!(schedule.cast[0].character, "BILLY");
        assert_eq!(schedule.cast[0].id, 1);
    }

    #[test]
    fn an_anonymous_part_at_two_places_on_two_days_is_two_people() {
        let on_day = |mut scene: Scene, day| {
            scene.story_day = day;
            scene
        };
        let script = Script {
            scenes: vec![
                on_day(
                    scene(1, ("INT", "KITCHEN", "NIGHT"), 8, &["MINNA", "MAN"]),
                    1,
                ),
                // The same night in the hall: the same man.
                on_day(scene(2, ("INT", "HALL", "NIGHT"), 8, &["MAN"]), 1),
                on_day(scene(3, ("EXT", "YARD", "DAY"), 8, &["MAN", "MINNA"]), 3),
                // Back in the kitchen: the kitchen's man again.
                on_day(scene(4, ("INT", "KITCHEN", "DAY"), 8, &["MAN"]), 4),
                on_day(scene(5, ("INT", "KITCHEN", "DAY"), 8, &["MINNA"]), 5),
            ],
            ..Script::default()
        };
        let (strips, cast) = strips_and_cast(&script, &production(), &SceneSetups::new());
        let name = |id: &u32| {
            cast.iter()
                .find(|c| c.id == *id)
                .unwrap()
                .character
                .as_str()
        };
        let parts: Vec<Vec<&str>> = strips
            .iter()
            .map(|strip| strip.cast.iter().map(name).collect())
            .collect();
        assert_eq!(
            parts,
            [
                vec!["MAN (SC. 1)", "MINNA"],
                vec!["MAN (SC. 1)"],
                vec!["MINNA", "MAN (SC. 3)"],
                vec!["MAN (SC. 1)"],
                vec!["MINNA"],
            ]
        );
        // Listed in the production file, he is one man, as it says.
        let mut production = production();
        production.characters.push(Character::named("MAN"));
        let (strips, _) = strips_and_cast(&script, &production, &SceneSetups::new());
        assert_eq!(strips[0].cast[1], strips[2].cast[1]);
    }

    #[test]
    fn a_heading_that_names_a_shot_is_shot_where_the_scene_before_is() {
        let unplaced = |number, location: &str| Scene {
            number,
            heading: location.into(),
            location: location.into(),
            eighths: 2,
            ..Scene::default()
        };
        let forced = |number, location: &str| Scene {
            time_of_day: Some("DAY".into()),
            ..unplaced(number, location)
        };
        let script = Script {
            scenes: vec![
                unplaced(1, ""),
                scene(2, ("EXT", "POOL", "DAY"), 8, &["DEX"]),
                unplaced(3, "SNIPER SCOPE POV"),
                scene(4, ("INT", "DINER", "DAY"), 8, &["DEX"]),
                // Forced headings of places are places (`.BEACH - DAY`, `.MOUNTAIN TOP`).
                forced(5, "BEACH"),
                unplaced(6, "MOUNTAIN TOP"),
                forced(7, "CLOSEUP ON DEX"),
                unplaced(8, "BLACK ROCK DESERT"),
            ],
            ..Script::default()
        };
        let (strips, _) = strips_and_cast(&script, &production(), &SceneSetups::new());
        let places: Vec<&str> = strips.iter().map(|s| s.location.as_str()).collect();
        assert_eq!(
            places,
            [
                NO_HEADING,
                "POOL",
                "POOL",
                "DINER",
                "BEACH",
                "MOUNTAIN TOP",
                "MOUNTAIN TOP",
                "BLACK ROCK DESERT"
            ]
        );
        assert_eq!(
            strips[2].set, "SNIPER SCOPE POV",
            "the stripboard keeps the heading"
        );
    }

    #[test]
    fn a_day_follows_the_light() {
        let script = Script {
            scenes: vec![
                scene(1, ("INT", "DINER", "DAY"), 8, &["SAL"]),
                scene(2, ("EXT", "DINER", "DAY"), 8, &["SAL"]),
                scene(3, ("EXT", "RIVER", "SUNSET"), 8, &["SAL"]),
                scene(4, ("EXT", "RIVER", "DAWN"), 8, &["SAL"]),
                scene(5, ("EXT", "PARK", "NIGHT"), 8, &["SAL"]),
                scene(6, ("EXT", "PARK GATE", "DUSK"), 8, &["SAL"]),
                scene(7, ("INT", "PARK", "NIGHT"), 8, &["SAL"]),
                scene(8, ("INT", "DINER", "MORNING"), 8, &["SAL"]),
            ],
            ..Script::default()
        };
        let (strips, _) = strips_and_cast(&script, &production(), &SceneSetups::new());
        let day = |day_night, order: &[usize]| PackedDay {
            day_night,
            date: None,
            strips: order.iter().map(|&s| (s, 8)).collect(),
        };
        let mut days = vec![
            // The river at dawn first, then the diner's exterior while the light
            // lasts and its interior after.
            day(DayNight::Day, &[0, 1, 3]),
            // The sunset last.
            day(DayNight::Day, &[2, 0]),
            // Two visits to the diner meet once the dawn goes first, its exterior first.
            day(DayNight::Day, &[0, 3, 1]),
            // At night the dusk first, and the park's interior before its exterior.
            day(DayNight::Night, &[4, 6, 5]),
            // An interior's morning is lit: the exterior goes first, in daylight.
            day(DayNight::Day, &[7, 1]),
            // The park's interior can wait for the dark; the diner's exterior cannot.
            day(DayNight::Day, &[6, 1]),
        ];
        in_the_light(&mut days, &strips, &production());
        let labels: Vec<Vec<&str>> = days
            .iter()
            .map(|day| {
                day.strips
                    .iter()
                    .map(|&(s, _)| strips[s].label.as_str())
                    .collect()
            })
            .collect();
        assert_eq!(
            labels,
            [
                vec!["4", "2", "1"],
                vec!["1", "3"],
                vec!["4", "2", "1"],
                vec!["6", "7", "5"],
                vec!["2", "8"],
                vec!["2", "7"]
            ]
        );
    }

    fn cast_id(schedule: &ShootingSchedule, character: &str) -> u32 {
        let member = schedule.cast.iter().find(|c| c.character == character);
        member.unwrap().id
    }

    #[test]
    fn unavailable_cast_moves_their_scenes() {
        let mut production = production();
        production.characters.push(Character {
            unavailable_days: vec![1, 2],
            ..Character::named("SAL")
        });
        let schedule = schedule(&script(), &production).unwrap();
        let sal = cast_id(&schedule, "SAL");
        for day in &schedule.days[..2] {
            assert!(
                day.strips.iter().all(|s| !s.cast.contains(&sal)),
                "day {}",
                day.number
            );
        }
    }

    /// Every strip of `schedule` with its date.
    fn dated_strips(schedule: &ShootingSchedule) -> Vec<(&str, &Strip)> {
        schedule
            .days
            .iter()
            .flat_map(|d| d.strips.iter().map(|s| (d.date.as_deref().unwrap(), s)))
            .collect()
    }

    #[test]
    fn shoot_days_fall_on_work_days() {
        let mut production = production();
        // A page a day from Monday 2026-03-02 runs into the next week; the Friday
        // is a holiday.
        production.schedule.eighths_per_day = 8;
        production.schedule.days_off = vec!["2026-03-06".into()];
        let schedule = schedule(&script(), &production).unwrap();
        let dates: Vec<&str> = schedule
            .days
            .iter()
            .map(|d| d.date.as_deref().unwrap())
            .collect();
        assert_eq!(
            dates[..4],
            ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"]
        );
        assert_eq!(dates[4], "2026-03-09", "{dates:?}");
        for (day, next) in schedule.days.iter().zip(&schedule.days[1..]) {
            let (date, next_date) = (day.date.as_deref().unwrap(), next.date.as_deref().unwrap());
            assert!(date < next_date);
            assert!(calendar::weekday_of(next_date).unwrap() < oneshot_model::Weekday::Sat);
            // Back to days after a night: a day between, for the turnaround.
            if day.day_night == DayNight::Night && next.day_night == DayNight::Day {
                let gap = calendar::day(next_date).unwrap() - calendar::day(date).unwrap();
                assert!(gap >= 2, "{date} to {next_date}");
            }
        }
    }

    #[test]
    fn cast_and_locations_unavailable_on_dates_are_shot_around() {
        let mut production = production();
        // SAL cannot come on the first day, nor the alley be had on the third: the
        // shoot still starts on the Monday, without him, and shoots every day.
        production.characters.push(Character {
            unavailable_dates: vec!["2026-03-02".into()],
            ..Character::named("SAL")
        });
        production.locations.push(oneshot_model::Location {
            sets: vec!["ALLEY".into()],
            unavailable_dates: vec!["2026-03-04".into()],
            ..oneshot_model::Location::named("Back Alley")
        });
        let days = schedule(&script(), &production).unwrap();
        let sal = cast_id(&days, "SAL");
        assert_eq!(days.days[0].date.as_deref(), Some("2026-03-02"));
        assert!(days.days.iter().all(|d| !d.strips.is_empty()), "{days:#?}");
        let strips = dated_strips(&days);
        assert!(strips.len() >= 6);
        for (date, strip) in strips {
            assert!(
                !(strip.cast.contains(&sal) && date == "2026-03-02"),
                "SAL on {date}"
            );
            assert!(!(strip.location == "Back Alley" && date == "2026-03-04"));
        }
        // A night runs into the morning after: BILLY, away on the Tuesday, does not
        // shoot the Monday night either.
        production.characters.push(Character {
            unavailable_dates: vec!["2026-03-03".into()],
            ..Character::named("BILLY")
        });
        let nights = schedule(&script(), &production).unwrap();
        let billy = cast_id(&nights, "BILLY");
        for (date, strip) in dated_strips(&nights) {
            let into_tuesday =
                date == "2026-03-03" || strip.day_night == DayNight::Night && date == "2026-03-02";
            assert!(
                !(strip.cast.contains(&billy) && into_tuesday),
                "BILLY on {date}"
            );
        }
    }

    #[test]
    fn impossible_schedules_say_who_and_where() {
        let mut production = production();
        production.schedule.shoot_days = Some(3);
        production.characters.push(Character {
            unavailable_days: vec![1, 2, 3],
            ..Character::named("ROSA")
        });
        let err = schedule(&script(), &production).unwrap_err();
        assert_eq!(
            err.to_string(),
            "ROSA (scene 1) is unavailable on every one of the 3 shoot days: no schedule can shoot their scenes"
        );
        let mut production = self::production();
        production.schedule.shoot_days = Some(1);
        let err = schedule(&script(), &production).unwrap_err();
        assert!(
            matches!(err, ScheduleError::TooFewDays { needed, available: 1 } if needed > 1),
            "{err}"
        );
        let mut production = self::production();
        production.schedule.start_date = Some("March".into());
        assert!(
            schedule(&script(), &production)
                .unwrap_err()
                .to_string()
                .contains("start_date")
        );
        assert_eq!(
            schedule(&Script::default(), &self::production()),
            Err(ScheduleError::NoScenes)
        );
        let mut production = self::production();
        production.schedule.days_off = vec!["2026-01-01..2099-12-31".into()];
        assert_eq!(
            schedule(&script(), &production).unwrap_err().to_string(),
            "the calendar has no work day from 2026-03-02 to 2031-03-06: schedule.work_days and schedule.days_off leave none"
        );
        // Unavailable from a date to the end of the century.
        let refusal = |name: &str, from: &str| {
            let mut production = self::production();
            production.characters.push(Character {
                unavailable_dates: vec![format!("{from}..2099-12-31")],
                ..Character::named(name)
            });
            schedule(&script(), &production).unwrap_err().to_string()
        };
        assert_eq!(
            refusal("SAL", "2026-03-01"),
            "scene 2 cannot be shot on any work day from 2026-03-02 to 2031-03-06: SAL is unavailable"
        );
        // BILLY is free on the Monday alone: his night scenes, which run into the
        // Tuesday, cannot be shot at all.
        let err = refusal("BILLY", "2026-03-03");
        assert!(
            err.starts_with("scene 1 cannot be shot")
                && err.ends_with("its cast and location are never free together"),
            "{err}"
        );
        // Free on the Monday and the Tuesday: his day scenes and his night ones
        // cannot all be shot by then.
        let err = refusal("BILLY", "2026-03-04");
        assert!(
            err.ends_with("its cast and location are free only on dates the scenes before it have already taken, in every order tried"),
            "{err}"
        );
    }

    #[test]
    fn scenes_heavy_with_set_ups_take_more_of_the_day() {
        let by_pages = schedule(&script(), &production()).unwrap();
        let mut production = production();
        production.schedule.setups_per_day = Some(10);
        let setups: SceneSetups = (1..=6).map(|scene| (scene, 8)).collect();
        let planned = schedule_with_setups(&script(), &production, &setups).unwrap();
        assert!(planned.days.len() >= 5, "{} days", planned.days.len());
        assert!(planned.days.len() > by_pages.days.len());
        for day in &planned.days {
            let load: f64 = day
                .strips
                .iter()
                .map(|s| s.setups as f64 * s.eighths as f64 / s.scene_eighths as f64)
                .sum();
            assert!(
                load <= 10.0 + 1e-9,
                "day {} rolls {load} set-ups",
                day.number
            );
        }
        // Scene 5's ten set-ups fill a day exactly: one day, not split by rounding.
        let exact: SceneSetups = [(5, 10)].into();
        let planned = schedule_with_setups(&script(), &production, &exact).unwrap();
        let five: Vec<&Strip> = planned
            .days
            .iter()
            .flat_map(|d| &d.strips)
            .filter(|s| s.scene == 5)
            .collect();
        assert_eq!(five.len(), 1);
        assert_eq!(five[0].eighths, 30);
        // Without a limit the set-ups only ride along.
        let unlimited = schedule_with_setups(&script(), &self::production(), &setups).unwrap();
        assert_eq!(unlimited.days.len(), by_pages.days.len());
        assert!(unlimited.days[0].strips.iter().all(|s| s.setups == 8));
    }

    #[test]
    fn a_day_the_next_strip_cannot_be_shot_takes_a_later_one() {
        let mut production = production();
        production.characters.push(Character {
            unavailable_dates: vec!["2026-03-02..2026-03-03".into()],
            ..Character::named("SAL")
        });
        let (strips, cast) = strips_and_cast(&script(), &production, &SceneSetups::new());
        let model = Model::new(&strips, &cast, &production).unwrap();
        // SAL's diner scenes first in the order: the first two days shoot the
        // others instead of standing dark.
        let order = [1, 3, 5, 4, 0, 2];
        let days = model.pack(&order).ok().unwrap();
        assert!(days.iter().all(|day| !day.strips.is_empty()));
        let sal = cast.iter().position(|c| c.character == "SAL").unwrap();
        for day in &days[..2] {
            assert!(
                day.strips
                    .iter()
                    .all(|&(s, _)| !model.strip_cast[s].contains(&sal))
            );
        }
        let mut shot: Vec<usize> = days
            .iter()
            .flat_map(|d| d.strips.iter().map(|&(s, _)| s))
            .collect();
        shot.sort_unstable();
        shot.dedup();
        assert_eq!(shot, [0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn strips_describe_their_scene_in_a_line() {
        let mut scene = scene(1, ("INT", "DINER", "DAY"), 8, &["SAL"]);
        scene.action = vec!["Mr. Sal wipes the counter. Rain outside.".into()];
        assert_eq!(one_line(&scene), "Mr. Sal wipes the counter.");
        // A super is words on the screen, not the scene's action.
        scene.action = vec!["SUPER: Queens, 1985\nSal locks up.".into()];
        assert_eq!(one_line(&scene), "Sal locks up.");
        // A word or two says little alone.
        scene.action = vec!["Dark. Dex switches on the lamp. He waits.".into()];
        assert_eq!(one_line(&scene), "Dark. Dex switches on the lamp.");
        scene.action = vec!["Silence.".into()];
        assert_eq!(one_line(&scene), "Silence.");
        scene.action = vec!["word ".repeat(30)];
        let long = one_line(&scene);
        assert!(long.ends_with("word…") && long.chars().count() <= ONE_LINE_CHARS + 1);
        scene.synopsis = Some("Sal   closes\nup.".into());
        assert_eq!(one_line(&scene), "Sal closes up.");
        // A blank synopsis is none; a sentence without spaces is cut inside.
        scene.synopsis = Some("  ".into());
        scene.action = vec!["雨".repeat(100)];
        let cut = one_line(&scene);
        assert_eq!(cut.chars().count(), ONE_LINE_CHARS);
        assert!(cut.starts_with("雨雨") && cut.ends_with('…'));
    }

    #[test]
    fn paid_days_follow_the_drop_rule() {
        let free = |_| false;
        assert_eq!(paid_days(&[0, 1, 5], 10, free), 6);
        assert_eq!(paid_days(&[0, 1, 5], 2, free), 3);
        assert_eq!(paid_days(&[], 2, free), 0);
        // Away on day 3: not held through it.
        assert_eq!(paid_days(&[0, 1, 5], 10, |d| d == 3), 3);
        // One drop and pickup a performer: over the longest gap, held over the rest.
        assert_eq!(paid_days(&[0, 4, 7, 20], 2, free), 1 + 4 + 3 + 1);
        assert_eq!(drops(&[0, 4, 7, 20], 2, free), [false, false, true]);
        // A day they are away is no choice of the production's: it takes no drop.
        assert_eq!(drops(&[0, 4, 7, 20], 2, |d| d == 2), [true, false, true]);
    }
}
