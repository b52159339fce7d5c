//! The location department's packet: each place the schedule shoots at, where it
//! is and what it is, the days the unit is there with the sun on each, the
//! permits and notices its scenes need, and the company moves between places.
//!
//! Permits follow what a film office's application asks: exteriors, night work,
//! picture vehicles on the street, rain towers, pyrotechnics, weapons, animals
//! and stunts. The breakdown's elements say which scenes declare what; a stage
//! needs only what is dangerous anywhere. A set the production file gives no
//! location is listed too, as a place still to be found.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use oneshot_model::production::parse_clock;
use oneshot_model::production::{Gps, Location, LocationKind};
use oneshot_model::script::eighths_label;
use oneshot_model::{Category, DayNight, ProductionConfig, quote, sun};
use serde::Serialize;

use crate::calendar;
use crate::documents::{Needs, need, page};
use crate::production::{self, DAWN_WORDS, ShootDay, ShootingSchedule, Strip};

/// Everything the location department hands the production.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationPlan {
    /// In the order the unit first shoots at each.
    pub locations: Vec<LocationSheet>,
    pub moves: Vec<CompanyMove>,
}

/// One place on the schedule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationSheet {
    pub name: String,
    /// `practical`, `studio` or `vfx_extension`; `None` when the production file
    /// has no such location: it is still to be found.
    pub kind: Option<LocationKind>,
    pub address: Option<String>,
    pub gps: Option<Gps>,
    /// The GPS position on OpenStreetMap.
    pub map: Option<String>,
    /// The nearest hospital with an emergency room, as the production file gives it.
    pub nearest_hospital: Option<String>,
    /// The scene headings' sets shot here.
    pub sets: Vec<String>,
    pub days: Vec<LocationDay>,
    pub permits: Vec<Permit>,
    pub features: Vec<String>,
    pub restrictions: Vec<String>,
    /// The hours the location agreement allows the unit on site, `HH:MM-HH:MM`.
    pub hours: Option<String>,
    /// Dates and ranges of dates the place cannot be had, as the production file
    /// gives them: the schedule keeps off them.
    pub unavailable_dates: Vec<String>,
}

/// A shoot day at one place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationDay {
    pub day: u32,
    pub date: Option<String>,
    /// Night when any of its scenes here that day is.
    pub day_night: DayNight,
    /// Scene labels, in shooting order.
    pub scenes: Vec<String>,
    pub eighths: u32,
    /// The sun that day, with GPS and a date.
    pub sun: Option<SunDay>,
    /// The unit's estimated time here, `HH:MM-HH:MM`: from the crew call or the
    /// arrival of a company move to leaving for the next place or the wrap.
    pub unit_hours: String,
    /// The location's agreed hours when the unit's time here does not fit them:
    /// a conversation with the owner before the day.
    pub outside_hours: Option<String>,
    /// When a day exterior here is shot before first light or after last light,
    /// by the unit's estimated hours: first light to last light, `HH:MM-HH:MM`, for
    /// the first assistant director to move the scene or bring the call forward.
    pub outside_daylight: Option<String>,
    /// When a night exterior here is shot between first and last light, by the
    /// unit's estimated hours: first light to last light, `HH:MM-HH:MM`.
    pub in_daylight: Option<String>,
}

/// The sun's day at a place, local `HH:MM`; each `None` when the sun does not
/// cross that height that day (polar summer or winter).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SunDay {
    /// First light: civil dawn, the sun 6 degrees below the horizon.
    pub dawn: Option<String>,
    pub sunrise: Option<String>,
    /// The evening golden hour starts: the sun 6 degrees up.
    pub golden_hour: Option<String>,
    pub sunset: Option<String>,
    /// Last light: civil dusk. A night exterior looks like night from here.
    pub dusk: Option<String>,
    /// Without a dawn and a dusk: whether the sun stays above civil twilight all
    /// day and night (a white night) rather than below it (a polar night).
    #[serde(skip)]
    pub never_dark: bool,
}

impl SunDay {
    /// First light to last light, in minutes after midnight (last light past
    /// midnight, as in a northern summer, counts on from 1440); `None` when the
    /// sun does not cross civil twilight that day.
    fn daylight(&self) -> Option<(u32, u32)> {
        let minutes = |time: &Option<String>| parse_clock(time.as_deref()?);
        let (first, last) = (minutes(&self.dawn)?, minutes(&self.dusk)?);
        Some((first, if last < first { last + 1440 } else { last }))
    }

    /// When it is light, for the checks on exteriors.
    fn light(&self) -> Light {
        match self.daylight() {
            Some((first, last)) => Light::Between(first, last),
            None if self.never_dark => Light::Always,
            None => Light::Never,
        }
    }
}

/// When it is light at a place on a day: from first to last light (minutes after
/// midnight, as [`SunDay::daylight`]), all day and night (a white night), or not
/// at all (a polar night).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Light {
    Between(u32, u32),
    Always,
    Never,
}

impl Light {
    /// Whether the unit's `hours` are all in the light (for a day exterior).
    fn covers(self, (from, to): (u32, u32)) -> bool {
        match self {
            Light::Between(first, last) => first <= from && to <= last,
            Light::Always => true,
            Light::Never => false,
        }
    }

    /// Whether any of the unit's `hours` is in the light, that day or the next
    /// morning (for a night exterior).
    fn touches(self, hours: (u32, u32)) -> bool {
        self == Light::Always || self.minutes_in(hours) > 0
    }

    /// How many minutes of the unit's `hours` are in the light, that day or the
    /// next morning.
    fn minutes_in(self, (from, to): (u32, u32)) -> u32 {
        match self {
            Light::Between(first, last) => [0, 1440]
                .iter()
                .map(|shift| (to.min(last + shift)).saturating_sub(from.max(first + shift)))
                .sum(),
            Light::Always => to - from,
            Light::Never => 0,
        }
    }

    /// As the packet and the warnings print it: `07:45-16:30`.
    fn label(self) -> String {
        match self {
            Light::Between(first, last) => calendar::span((first, last)),
            Light::Always => "all day and night".to_owned(),
            Light::Never => "none".to_owned(),
        }
    }
}

/// A permit or notice a place needs for its scenes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Permit {
    pub permit: String,
    /// Who grants it or must be told, and who must be on set for it.
    pub from: String,
    /// Labels of the scenes that need it.
    pub scenes: Vec<String>,
}

/// The unit moving from one place to the next within a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompanyMove {
    pub day: u32,
    pub from: String,
    pub to: String,
    /// Straight-line distance, when both places have GPS.
    pub distance_km: Option<f64>,
    /// The convoy's drive, estimated from the distance.
    pub drive_minutes: Option<u32>,
}

/// Roads are longer than the straight line: city road networks run 1.2 to 1.4
/// times the crow's distance.
const ROAD_DETOUR: f64 = 1.3;
/// A unit's trucks average about 30 km/h through a town.
const CONVOY_KMH: f64 = 30.0;
/// Mean Earth radius (IUGG), for great-circle distances.
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Firing or blade weapons, as props or as the sound of their use.
const WEAPONS: &[&str] = &[
    "gun", "pistol", "revolver", "rifle", "shotgun", "gunshot", "gunfire", "knife", "knives",
    "sword", "dagger", "axe",
];
/// Words before `gun` that make it a tool or a toy: `nail gun`, `water gun`.
const NOT_A_WEAPON: &[&str] = &["nail", "glue", "staple", "spray", "heat", "water", "squirt"];
/// Special effects with fire: a fire safety officer stands by.
const FIRE: &[&str] = &[
    "explosion",
    "explodes",
    "flames",
    "fireball",
    "blaze",
    "sparks",
    "fire",
];
/// Atmospherics that set off smoke detectors indoors.
const SMOKE: &[&str] = &["smoke", "fog", "mist", "steam", "haze"];
/// Rain made with towers and a hydrant's water.
const WATER: &[&str] = &["rain", "storm"];

/// What one scene declares to a film office.
struct Declared<'a> {
    strip: &'a Strip,
    /// At a practical location (or one still to be found), not on a stage.
    on_location: bool,
    exterior: bool,
}

impl Declared<'_> {
    fn night(&self) -> bool {
        self.strip.day_night == DayNight::Night
    }

    fn has(&self, category: Category) -> bool {
        self.strip
            .elements
            .get(&category)
            .is_some_and(|items| !items.is_empty())
    }

    /// Whether an element of `category` is (or its words include) one of `words`,
    /// singular or plural; not a `nail gun` or a `water gun`, nor a knife laid
    /// with a fork.
    fn names(&self, category: Category, words: &[&str]) -> bool {
        let listed = |word: &str| {
            let singular = word.strip_suffix('s').unwrap_or(word);
            words.contains(&word) || words.contains(&singular)
        };
        self.strip.elements.get(&category).is_some_and(|items| {
            items.iter().any(|item| {
                let item = item.to_lowercase();
                let item: Vec<&str> = item.split(|c: char| !c.is_alphanumeric()).collect();
                let cutlery = item.iter().any(|word| matches!(*word, "fork" | "forks"));
                item.iter().enumerate().any(|(i, word)| {
                    let tool = i > 0 && NOT_A_WEAPON.contains(&item[i - 1]);
                    listed(word) && !tool && !cutlery
                })
            })
        })
    }
}

/// A permit: its name, who grants it (or is told, or stands by), and when a
/// scene needs it.
struct Rule {
    permit: &'static str,
    from: &'static str,
    needed: fn(&Declared) -> bool,
}

const RULES: [Rule; 10] = [
    Rule {
        permit: "Location agreement",
        from: "the owner",
        needed: |s| s.on_location,
    },
    Rule {
        permit: "Filming permit",
        from: "the film office",
        needed: |s| s.on_location && s.exterior,
    },
    Rule {
        permit: "Night work",
        from: "the film office, with a letter to the neighbours",
        needed: |s| s.on_location && s.exterior && s.night(),
    },
    Rule {
        permit: "Picture vehicles on the street",
        from: "the police (traffic control)",
        needed: |s| s.on_location && s.exterior && s.has(Category::Vehicles),
    },
    Rule {
        permit: "Rain towers",
        from: "the water authority (hydrant)",
        needed: |s| s.on_location && s.exterior && s.names(Category::SpecialEffects, WATER),
    },
    Rule {
        permit: "Pyrotechnics and open flame",
        from: "the fire department; a fire safety officer on set",
        needed: |s| s.names(Category::SpecialEffects, FIRE),
    },
    Rule {
        permit: "Atmospheric smoke",
        from: "the fire department (detectors isolated)",
        needed: |s| !s.exterior && s.names(Category::SpecialEffects, SMOKE),
    },
    Rule {
        permit: "Weapons",
        from: "the police, notified; an armourer on set",
        needed: |s| {
            s.names(Category::Props, WEAPONS) || s.names(Category::SoundEffectsMusic, WEAPONS)
        },
    },
    Rule {
        permit: "Animals",
        from: "an animal welfare representative and the handler",
        needed: |s| s.has(Category::Animals),
    },
    Rule {
        permit: "Stunts",
        from: "a stunt coordinator and a medic on set",
        needed: |s| s.has(Category::Stunts),
    },
];

/// The location packet for `schedule`.
pub fn location_plan(schedule: &ShootingSchedule, production: &ProductionConfig) -> LocationPlan {
    let mut sheets: Vec<LocationSheet> = Vec::new();
    // Each sheet's permits by name, with the scenes that need them.
    let mut needs: Vec<Needs> = Vec::new();
    for day in &schedule.days {
        for strip in &day.strips {
            let known = known_location(production, &strip.location);
            let at = match sheets.iter().position(|s| s.name == strip.location) {
                Some(at) => at,
                None => {
                    sheets.push(new_sheet(&strip.location, known));
                    needs.push(Needs::new());
                    sheets.len() - 1
                }
            };
            let sheet = &mut sheets[at];
            if !sheet.sets.contains(&strip.set) {
                sheet.sets.push(strip.set.clone());
            }
            if sheet.days.last().is_none_or(|d| d.day != day.number) {
                let unit = site_hours(production, day, &strip.location);
                let agreed = known.and_then(|l| l.hours.as_deref());
                let sun = sun_day(known, day.date.as_deref());
                let daylight = sun.as_ref().map(SunDay::light);
                let hours = strip_hours(production, day).unwrap_or_default();
                let exteriors_here = |day_night| {
                    day.strips.iter().zip(&hours).filter(move |(s, _)| {
                        s.location == strip.location
                            && s.day_night == day_night
                            && exterior(s, known)
                    })
                };
                // A day exterior here shot before first light or after last light.
                let in_the_dark = |light: &Light| {
                    exteriors_here(DayNight::Day).any(|(_, &hours)| !light.covers(hours))
                };
                // A night exterior here shot while it is light, that day or the next.
                let in_the_light = |light: &Light| {
                    exteriors_here(DayNight::Night).any(|(_, &hours)| light.touches(hours))
                };
                sheet.days.push(LocationDay {
                    day: day.number,
                    date: day.date.clone(),
                    day_night: strip.day_night,
                    scenes: Vec::new(),
                    eighths: 0,
                    sun,
                    unit_hours: unit.map(calendar::span).unwrap_or_default(),
                    outside_hours: unit
                        .and_then(|unit| calendar::outside_hours(agreed, unit))
                        .map(calendar::span),
                    outside_daylight: daylight.filter(in_the_dark).map(Light::label),
                    in_daylight: daylight.filter(in_the_light).map(Light::label),
                });
            }
            if let Some(today) = sheet.days.last_mut() {
                today.scenes.push(strip.label.clone());
                today.eighths += strip.eighths;
                if strip.shooting_light() == DayNight::Night {
                    today.day_night = DayNight::Night;
                }
            }
            for (permit, _) in permits(strip, known) {
                need(&mut needs[at], permit, &strip.label);
            }
        }
    }
    for (sheet, needs) in sheets.iter_mut().zip(needs) {
        sheet.permits = needs
            .into_iter()
            .map(|(permit, scenes)| Permit {
                from: RULES
                    .iter()
                    .find(|rule| rule.permit == permit)
                    .map_or_else(String::new, |rule| rule.from.to_owned()),
                permit,
                scenes,
            })
            .collect();
    }
    LocationPlan {
        locations: sheets,
        moves: company_moves(schedule, production),
    }
}

/// The unit's estimated time at `location` on shoot `day`, in minutes after
/// midnight (see [`strip_hours`]): from the crew call at the day's first place or
/// the arrival of a company move, to leaving for the next place or the wrap at
/// the last. `None` when the unit is not there that day.
pub(crate) fn site_hours(
    production: &ProductionConfig,
    day: &ShootDay,
    location: &str,
) -> Option<(u32, u32)> {
    let hours = strip_hours(production, day)?;
    let here: Vec<(u32, u32)> = day
        .strips
        .iter()
        .zip(hours)
        .filter(|(strip, _)| strip.location == location)
        .map(|(_, hours)| hours)
        .collect();
    let arrival = match day.strips.first() {
        Some(first) if first.location == location => here.first()?.0 - SETUP_MINUTES,
        _ => here.first()?.0,
    };
    Some((arrival, here.last()?.1))
}

/// Minutes from the crew call to the first shot, the shooting call: the unit
/// sets up while the cast is in makeup.
pub const SETUP_MINUTES: u32 = 60;

/// The day's crew call, in minutes after midnight: the production's
/// (`crew_call`, ten hours later for a night shoot), unless the light of the
/// day's first scene calls for another. A dawn exterior is shot at first light,
/// so the crew is called [`SETUP_MINUTES`] before it; a night exterior waits for
/// last light. `None` when the crew call is not a time.
pub fn crew_call(production: &ProductionConfig, day: &ShootDay) -> Option<u32> {
    let call = calendar::crew_call(&production.schedule, day.day_night)?;
    Some(called_by_the_light(production, day, call).unwrap_or(call) + day.call_delay_minutes)
}

/// The crew call the light of `day`'s first scene sets, when it sets one: a dawn
/// exterior's at first light, a night exterior's at last light (never before the
/// production's night `call`).
fn called_by_the_light(production: &ProductionConfig, day: &ShootDay, call: u32) -> Option<u32> {
    let first = day.strips.first()?;
    let known = known_location(production, &first.location);
    if !exterior(first, known) {
        return None;
    }
    let (first_light, last_light) = sun_day(known, day.date.as_deref())?.daylight()?;
    // On the quarter hour, so that shooting starts in the light it is called for.
    let before = |minutes: u32| minutes.saturating_sub(SETUP_MINUTES).div_ceil(15) * 15;
    match day.day_night {
        DayNight::Day if first.says(&DAWN_WORDS) => Some(before(first_light)),
        DayNight::Night => Some(before(last_light).max(call)),
        DayNight::Day => None,
    }
}

/// The order of a night shoot `day`'s strips (indices into its strips) that
/// keeps its exteriors in the dark. The orders weighed: the day's own (each
/// place's interiors before its exteriors); each place's exteriors first, at
/// last light; and the exteriors together, the interiors cut in two around them,
/// those before the cut shot first, while it is still light. The order that
/// leaves the fewest minutes of exteriors in the light wins; then the one with
/// the fewest company moves (a place left and come back to is one more); then
/// the first weighed (the day's own, and of the cuts the one with the most
/// interiors first). `None` for a day shoot, a night without both exteriors and
/// interiors, or a place without GPS or date for the sun.
pub fn night_order(production: &ProductionConfig, day: &ShootDay) -> Option<Vec<usize>> {
    if day.day_night != DayNight::Night {
        return None;
    }
    let outside = |i: &usize| shot_outside(&day.strips[*i], production);
    let (exteriors, interiors): (Vec<usize>, Vec<usize>) = (0..day.strips.len()).partition(outside);
    let first_exterior = *exteriors.first()?;
    let known = known_location(production, &day.strips[first_exterior].location);
    let light = sun_day(known, day.date.as_deref())?.light();
    if interiors.is_empty() || !matches!(light, Light::Between(..)) {
        return None;
    }
    let own: Vec<usize> = (0..day.strips.len()).collect();
    let mut places: Vec<Vec<usize>> = Vec::new();
    for i in 0..day.strips.len() {
        match places.last_mut() {
            Some(place) if day.strips[place[0]].location == day.strips[i].location => place.push(i),
            _ => places.push(vec![i]),
        }
    }
    let exteriors_first_at_each_place: Vec<usize> = (places.iter())
        .flat_map(|place| {
            let (outdoors, indoors): (Vec<usize>, Vec<usize>) =
                place.iter().partition(|&&i| outside(&i));
            outdoors.into_iter().chain(indoors)
        })
        .collect();
    let cuts = (0..=interiors.len()).rev().map(|before| {
        let (early, late) = interiors.split_at(before);
        (early.iter().chain(&exteriors).chain(late))
            .copied()
            .collect()
    });
    let candidates = [own, exteriors_first_at_each_place].into_iter().chain(cuts);
    let scored = candidates
        .enumerate()
        .map(|(rank, order): (usize, Vec<usize>)| {
            let strips: Vec<Strip> = order.iter().map(|&i| day.strips[i].clone()).collect();
            let moves = strips
                .windows(2)
                .filter(|pair| pair[0].location != pair[1].location)
                .count();
            let hours = strip_hours(
                production,
                &ShootDay {
                    strips,
                    ..day.clone()
                },
            )?;
            let in_the_light: u32 = (order.iter().zip(hours))
                .filter(|(i, _)| outside(i))
                .map(|(_, hours)| light.minutes_in(hours))
                .sum();
            Some((in_the_light, moves, rank, order))
        });
    let best = scored.collect::<Option<Vec<_>>>()?.into_iter().min()?;
    Some(best.3)
}

/// The most a crew call waits past its usual time on a day with exteriors (see
/// [`settle_calls`]): longer would lose the day's light. A longer shortfall is
/// the production's to take up, and warned of ([`short_rests`]).
pub const MAX_CALL_DELAY_MINUTES: u32 = 180;
/// The most a day all inside rolls its call: past it, a day call turns into a
/// night's, and the week is the production's to reset (a weekend, a shorter
/// day), warned of as a short rest.
pub const MAX_INSIDE_CALL_DELAY_MINUTES: u32 = 360;

/// Calls each shoot day later, on the quarter hour, when the crew would come back
/// before its `turnaround_hours` of rest since the day before wrapped, or before
/// the hours the day's first location agrees to open, where the day then still
/// ends within them. A day with exteriors waits by up to [`MAX_CALL_DELAY_MINUTES`];
/// a day all inside, lit on the set, by up to [`MAX_INSIDE_CALL_DELAY_MINUTES`]:
/// the calls roll later through the week, as a production's do. A call the light sets (a dawn or
/// night exterior's) is not moved: that is the production's to take up. Days are
/// settled in order: a later wrap may move the next day's call too. A night's
/// strips are put in the order that keeps its exteriors in the dark at the call
/// it then has (see [`night_order`]); `reordered` hears of each such day (its
/// index and the new order of its strips).
pub fn settle_calls(
    days: &mut [ShootDay],
    production: &ProductionConfig,
    mut reordered: impl FnMut(usize, &[usize]),
) {
    for i in 0..days.len() {
        let (before, rest) = days.split_at_mut(i);
        let day = &mut rest[0];
        settle_call(before.last(), day, production);
        let Some(order) = night_order(production, day).filter(|order| !is_sorted(order)) else {
            continue;
        };
        day.strips = order.iter().map(|&i| day.strips[i].clone()).collect();
        day.locations = places_in_order(&day.strips);
        // The first scene may set another call: settled again.
        day.call_delay_minutes = 0;
        settle_call(before.last(), day, production);
        reordered(i, &order);
    }
}

fn is_sorted(order: &[usize]) -> bool {
    order.windows(2).all(|pair| pair[0] < pair[1])
}

/// The places a day's `strips` are shot at, in the order the unit gets there.
pub(crate) fn places_in_order(strips: &[Strip]) -> Vec<String> {
    let mut locations: Vec<String> = Vec::new();
    for strip in strips {
        if locations.last() != Some(&strip.location) {
            locations.push(strip.location.clone());
        }
    }
    locations
}

/// Settles one day's call after the day `before` (see [`settle_calls`]).
fn settle_call(before: Option<&ShootDay>, day: &mut ShootDay, production: &ProductionConfig) {
    let turnaround = (production.schedule.turnaround_hours * 60.0).ceil() as i64;
    let Some(call) = crew_call(production, day) else {
        return;
    };
    let usual = calendar::crew_call(&production.schedule, day.day_night).unwrap_or(call);
    if called_by_the_light(production, day, usual).is_some() {
        return;
    }
    let rested = before.and_then(|previous| {
        let wrap = strip_hours(production, previous)?.last()?.1;
        let between = days_between(previous, day)?;
        Some(i64::from(wrap) + turnaround - between * 1440)
    });
    let short = rested.map_or(0, |rested| rested - i64::from(call)).max(0) as u32;
    let short = short.div_ceil(15) * 15;
    let in_daylight = (day.strips.iter()).any(|strip| shot_outside(strip, production));
    let most = match in_daylight {
        true => MAX_CALL_DELAY_MINUTES,
        false => MAX_INSIDE_CALL_DELAY_MINUTES,
    };
    if short > most {
        return;
    }
    let opens = first_location_opens(production, day, short).unwrap_or(0);
    day.call_delay_minutes = short.max(opens);
}

/// The delay, on the quarter hour, that brings the crew (called `delay` late) to
/// the day's first location when its agreed hours open, when the whole of the
/// unit's time there then fits inside them and the delay is within
/// [`MAX_CALL_DELAY_MINUTES`]. `None` when the unit is inside them already.
fn first_location_opens(production: &ProductionConfig, day: &ShootDay, delay: u32) -> Option<u32> {
    let first = &day.strips.first()?.location;
    let agreed = known_location(production, first)?.hours.as_deref()?;
    let (arrive, leave) = site_hours(production, day, first)?;
    let (arrive, leave) = (arrive + delay, leave + delay);
    calendar::outside_hours(Some(agreed), (arrive, leave))?;
    let (open, _) = oneshot_model::production::parse_hours(agreed)?;
    let wait = open.checked_sub(arrive % 1440).filter(|&wait| wait > 0)?;
    let delay = (delay + wait).div_ceil(15) * 15;
    let fits = calendar::outside_hours(Some(agreed), (arrive + wait, leave + wait)).is_none();
    (fits && delay <= MAX_CALL_DELAY_MINUTES).then_some(delay)
}

/// Days from `before`'s date to `day`'s: by the calendar when dated, else one, or
/// two with a rest day between nights and days ([`calendar::rests_between`]).
fn days_between(before: &ShootDay, day: &ShootDay) -> Option<i64> {
    Some(match (&before.date, &day.date) {
        (Some(a), Some(b)) => calendar::day(b)? - calendar::day(a)?,
        _ if calendar::rests_between(before.day_night, day.day_night) => 2,
        _ => 1,
    })
}

/// A crew called back too soon: less than `turnaround_hours` between the wrap
/// of shoot day `after` and the crew call of shoot day `day`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShortRest {
    pub day: u32,
    pub after: u32,
    /// Hours from that wrap to this call.
    pub hours: f32,
}

/// Each shoot day called less than `turnaround_hours` after the wrap of the shoot
/// day before it, by the day's clock ([`strip_hours`]); without dates, shoot days
/// are taken to follow each other day by day, with a rest day between nights and
/// days ([`calendar::rests_between`]).
pub fn short_rests(schedule: &ShootingSchedule, production: &ProductionConfig) -> Vec<ShortRest> {
    (schedule.days.windows(2))
        .filter_map(|pair| short_rest(production, &pair[0], &pair[1]))
        .collect()
}

/// The crew's rest between shoot days `before` and `day`, when it is short
/// (see [`short_rests`]).
pub(crate) fn short_rest(
    production: &ProductionConfig,
    before: &ShootDay,
    day: &ShootDay,
) -> Option<ShortRest> {
    let wrap = strip_hours(production, before)?.last()?.1;
    let call = crew_call(production, day)?;
    let rest = short_of_turnaround(production, before, day, wrap, i64::from(call))?;
    Some(ShortRest {
        day: day.number,
        after: before.number,
        hours: rest / 60.0,
    })
}

/// The minutes from `released` (minutes after `before`'s midnight) to `called`
/// (after `day`'s), when they are fewer than the production's
/// `turnaround_hours`: a rest too short, for the crew or for a performer.
pub(crate) fn short_of_turnaround(
    production: &ProductionConfig,
    before: &ShootDay,
    day: &ShootDay,
    released: u32,
    called: i64,
) -> Option<f32> {
    let rest = (days_between(before, day)? * 1440 + called - i64::from(released)) as f32;
    (rest < production.schedule.turnaround_hours * 60.0).then_some(rest)
}

/// The shoot day's one clock, which the call sheet's cast calls and wrap, the
/// location packet's hours and the daylight checks all read: when the unit shoots
/// each of `day`'s strips, in minutes after midnight (past 1440 after midnight).
/// Shooting starts at the shooting call ([`SETUP_MINUTES`] after the day's
/// [`crew_call`]) and goes at the schedule's pace, `day_hours` less that hour
/// for `eighths_per_day` (a strip weighed by its set-ups as the optimiser
/// weighs it), with a company move between two places (see [`move_minutes`]) and the crew's meal
/// (see [`meal_break`]); the day wraps after its last strip, `day_hours` and the
/// meal after the call when the schedule filled it (the schedule counts a move's
/// hours at the same pace). `None` when the crew call is not a time.
pub fn strip_hours(production: &ProductionConfig, day: &ShootDay) -> Option<Vec<(u32, u32)>> {
    day_clock(production, day).map(|clock| clock.strips)
}

/// When the crew breaks for its meals on shoot `day`, by the day's clock (see
/// [`strip_hours`]): between the scenes that end nearest before [`MEAL_DUE_MINUTES`]
/// after the crew call, before a company move rather than after it; in the
/// middle of a scene that runs through the hours it is due in; and another
/// [`MEAL_DUE_MINUTES`] after one ends, when the day's work runs on more than
/// [`SECOND_MEAL_AFTER_MINUTES`] past that (a day a little over wraps instead, in
/// meal penalty: see [`meal_penalty`]). None for a day that wraps
/// before one is due, a production that gives no meal (`meal_minutes = 0`), or a
/// crew call that is not a time.
pub fn meal_breaks(production: &ProductionConfig, day: &ShootDay) -> Vec<(u32, u32)> {
    day_clock(production, day).map_or_else(Vec::new, |clock| clock.meals)
}

/// A crew is fed no later than this long after its call.
pub const MEAL_DUE_MINUTES: u32 = 6 * 60;
/// How far past a meal's due time a day's work may run before the crew is fed
/// again: a day a little over wraps, and pays the penalty, rather than stop an
/// hour to eat for the last half hour's work.
pub const SECOND_MEAL_AFTER_MINUTES: u32 = 60;
/// The most meals a day's clock gives: a day of more is not a shoot day.
const MOST_MEALS: usize = 3;
/// A break between scenes earlier than this before it is due is too early to feed
/// the crew: the meal then falls inside the scene shooting at the time it is due.
const MEAL_WINDOW_MINUTES: u32 = 2 * 60;

/// When shoot `day` wraps past a meal it is due and not given (see
/// [`meal_breaks`]): the time the meal was due and the wrap, the crew's meal
/// penalty for the AD to plan for (a walking meal, or the last shot cut).
pub fn meal_penalty(production: &ProductionConfig, day: &ShootDay) -> Option<(u32, u32)> {
    day_clock(production, day)?.unfed
}

/// The day's clock: each strip's hours, the meal breaks' and, for a day that
/// wraps unfed past a meal due, when it was due and the wrap.
struct DayClock {
    strips: Vec<(u32, u32)>,
    meals: Vec<(u32, u32)>,
    unfed: Option<(u32, u32)>,
}

fn day_clock(production: &ProductionConfig, day: &ShootDay) -> Option<DayClock> {
    let settings = &production.schedule;
    let call = crew_call(production, day)?;
    let shooting_minutes = (settings.day_hours * 60.0 - SETUP_MINUTES as f32).max(60.0);
    let per_eighth = f64::from(shooting_minutes) / f64::from(settings.eighths_per_day.max(1));
    let meal_minutes = f64::from(settings.meal_minutes);
    let window = f64::from(MEAL_WINDOW_MINUTES);
    // The day's clock with at most `most` meals: each strip's hours, the meals,
    // when the next would be due, and the wrap.
    let run = |most: usize| {
        let mut due = f64::from(call + MEAL_DUE_MINUTES);
        let mut meals: Vec<f64> = Vec::new();
        let mut at = f64::from(call + SETUP_MINUTES);
        let mut previous: Option<&str> = None;
        let strips: Vec<(u32, u32)> = (day.strips.iter())
            .map(|strip| {
                let moving = previous.filter(|place| *place != strip.location);
                previous = Some(&strip.location);
                let mut start =
                    at + moving.map_or(0.0, |from| move_minutes(production, from, &strip.location));
                let length =
                    f64::from(strip.eighths) * production::weight(settings, strip) * per_eighth;
                let mut end = start + length;
                // Where a break between scenes could go: before this one.
                let mut between = Some(at);
                while meal_minutes > 0.0 && meals.len() < most && end > due {
                    // Between scenes when one ends late enough; else when it is due,
                    // or on arrival when the move itself runs past that.
                    let break_at = match between.take() {
                        Some(at) if at >= due - window => at,
                        _ => due.max(start),
                    };
                    meals.push(break_at);
                    if break_at <= start {
                        start += meal_minutes;
                    }
                    end += meal_minutes;
                    due = break_at + meal_minutes + f64::from(MEAL_DUE_MINUTES);
                }
                at = end;
                (start.round() as u32, end.round() as u32)
            })
            .collect();
        (strips, meals, due, at)
    };
    // Another meal only for a day whose work runs on well past when it is due: a
    // day a little over wraps instead of being fed again.
    let mut most = 1;
    let (strips, meals, due, wrap) = loop {
        let (strips, meals, due, wrap) = run(most);
        let a_little_over = wrap <= due + f64::from(SECOND_MEAL_AFTER_MINUTES);
        if meals.len() < most || a_little_over || most >= MOST_MEALS {
            break (strips, meals, due, wrap);
        }
        most += 1;
    };
    let (due, wrap) = (due.round() as u32, wrap.round() as u32);
    let unfed = (meal_minutes > 0.0 && wrap > due).then_some((due, wrap));
    Some(DayClock {
        strips,
        unfed,
        meals: (meals.into_iter())
            .map(|at| (at.round() as u32, (at + meal_minutes).round() as u32))
            .collect(),
    })
}

/// What packing up at one place and setting up at the next take a company move,
/// besides the drive.
const PACK_AND_SET_UP_MINUTES: f64 = 60.0;

/// The minutes a company move from `from` to `to` takes off the day's clock: the
/// production's `company_move_hours`, or more when both places have GPS and the
/// convoy's drive and [`PACK_AND_SET_UP_MINUTES`] take longer.
fn move_minutes(production: &ProductionConfig, from: &str, to: &str) -> f64 {
    let allowed = f64::from(production.schedule.company_move_hours) * 60.0;
    let gps = |name: &str| known_location(production, name).and_then(|l| l.gps);
    let drive = gps(from)
        .zip(gps(to))
        .map(|(a, b)| f64::from(drive_minutes(distance_km(a, b))));
    drive.map_or(allowed, |drive| {
        allowed.max(PACK_AND_SET_UP_MINUTES + drive)
    })
}

/// Whether a scene is shot outdoors, as [`exterior`] says at its production location.
pub(crate) fn shot_outside(strip: &Strip, production: &ProductionConfig) -> bool {
    exterior(strip, known_location(production, &strip.location))
}

/// Whether the production location named `location` is a stage: a studio's
/// sets under its roof, not its backlot (`interior = false`).
pub(crate) fn is_a_stage(production: &ProductionConfig, location: &str) -> bool {
    known_location(production, location)
        .is_some_and(|l| l.kind == LocationKind::Studio && l.interior != Some(false))
}

/// Whether a scene is shot outdoors: as its location says, else as its heading
/// does. A studio is under a roof: its exteriors are sets on a stage, lit as the
/// scene asks, unless the location says it is outside (`interior = false`, a backlot).
fn exterior(strip: &Strip, location: Option<&Location>) -> bool {
    let under_a_roof = location.is_some_and(|l| l.kind == LocationKind::Studio);
    location
        .and_then(|l| l.interior)
        .map_or(!under_a_roof && strip.int_ext.contains("EXT"), |interior| {
            !interior
        })
}

/// The permits and notices one scene needs at its location, as `(permit, from)`.
pub fn permits(strip: &Strip, location: Option<&Location>) -> Vec<(&'static str, &'static str)> {
    let declared = Declared {
        strip,
        on_location: location.is_none_or(|l| l.kind != LocationKind::Studio),
        exterior: exterior(strip, location),
    };
    RULES
        .iter()
        .filter(|rule| (rule.needed)(&declared))
        .map(|rule| (rule.permit, rule.from))
        .collect()
}

/// Each company move of the schedule: a day's places in shooting order, pairwise.
pub fn company_moves(
    schedule: &ShootingSchedule,
    production: &ProductionConfig,
) -> Vec<CompanyMove> {
    let gps = |name: &str| known_location(production, name).and_then(|l| l.gps);
    schedule
        .days
        .iter()
        .flat_map(|day| {
            day.locations.windows(2).map(move |pair| {
                let distance_km = gps(&pair[0])
                    .zip(gps(&pair[1]))
                    .map(|(a, b)| distance_km(a, b));
                CompanyMove {
                    day: day.number,
                    from: pair[0].clone(),
                    to: pair[1].clone(),
                    distance_km,
                    drive_minutes: distance_km.map(drive_minutes),
                }
            })
        })
        .collect()
}

/// The great-circle distance between two GPS positions (haversine).
pub fn distance_km(a: Gps, b: Gps) -> f64 {
    let (lat_a, lat_b) = (a.lat.to_radians(), b.lat.to_radians());
    let half_dlat = (lat_b - lat_a) / 2.0;
    let half_dlon = (b.lon - a.lon).to_radians() / 2.0;
    let h = half_dlat.sin().powi(2) + lat_a.cos() * lat_b.cos() * half_dlon.sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().clamp(0.0, 1.0).asin()
}

/// The convoy's drive for a straight-line distance, in whole five minutes.
fn drive_minutes(distance_km: f64) -> u32 {
    let minutes = distance_km * ROAD_DETOUR / CONVOY_KMH * 60.0;
    ((minutes / 5.0).ceil() as u32).max(1) * 5
}

fn known_location<'p>(production: &'p ProductionConfig, name: &str) -> Option<&'p Location> {
    production.locations.iter().find(|l| l.name == name)
}

fn new_sheet(name: &str, known: Option<&Location>) -> LocationSheet {
    let gps = known.and_then(|l| l.gps);
    LocationSheet {
        name: name.to_owned(),
        kind: known.map(|l| l.kind),
        address: known.and_then(|l| l.address.clone()),
        gps,
        map: gps.map(|g| {
            format!(
                "https://www.openstreetmap.org/?mlat={:.5}&mlon={:.5}#map=17/{:.5}/{:.5}",
                g.lat, g.lon, g.lat, g.lon
            )
        }),
        nearest_hospital: known.and_then(|l| l.nearest_hospital.clone()),
        sets: Vec::new(),
        days: Vec::new(),
        permits: Vec::new(),
        features: known.map(|l| l.features.clone()).unwrap_or_default(),
        restrictions: known.map(|l| l.restrictions.clone()).unwrap_or_default(),
        hours: known.and_then(|l| l.hours.clone()),
        unavailable_dates: known
            .map(|l| l.unavailable_dates.clone())
            .unwrap_or_default(),
    }
}

fn sun_day(location: Option<&Location>, date: Option<&str>) -> Option<SunDay> {
    let date = date?;
    let place = location?.place_on(calendar::parse_date(date)?)?;
    let crossing = |elevation: f64| calendar::sun_crossings(place, date, elevation);
    let (dawn, dusk) = crossing(sun::CIVIL_TWILIGHT).unzip();
    let (sunrise, sunset) = crossing(sun::SUNRISE).unzip();
    let (_, golden_hour) = crossing(sun::GOLDEN_HOUR).unzip();
    let noon = sun::position(place, calendar::parse_date(date)?, 720);
    Some(SunDay {
        dawn,
        sunrise,
        golden_hour,
        sunset,
        dusk,
        never_dark: noon.elevation > sun::CIVIL_TWILIGHT,
    })
}

/// The permits each place needs on each day, for the call sheets: day -> place ->
/// permit names.
pub fn permits_by_day(plan: &LocationPlan) -> BTreeMap<(u32, &str), Vec<&str>> {
    let mut found: BTreeMap<(u32, &str), Vec<&str>> = BTreeMap::new();
    for sheet in &plan.locations {
        for day in &sheet.days {
            let names = sheet
                .permits
                .iter()
                .filter(|p| p.scenes.iter().any(|s| day.scenes.contains(s)))
                .map(|p| p.permit.as_str())
                .collect();
            found.insert((day.day, sheet.name.as_str()), names);
        }
    }
    found
}

/// `permits.csv`: one row per place and permit (RFC 4180 quoting), for the
/// location manager's applications.
pub fn permits_csv(plan: &LocationPlan) -> String {
    let mut out = String::from("location,permit,from,scenes,days\r\n");
    for sheet in &plan.locations {
        for permit in &sheet.permits {
            let days: Vec<String> = sheet
                .days
                .iter()
                .filter(|d| d.scenes.iter().any(|s| permit.scenes.contains(s)))
                .map(|d| d.day.to_string())
                .collect();
            quote::csv_record(
                &mut out,
                &[
                    quote::csv(&sheet.name),
                    quote::csv(&permit.permit),
                    quote::csv(&permit.from),
                    quote::csv(&permit.scenes.join(" ")),
                    days.join(" "),
                ],
            );
        }
    }
    out
}

/// `locations.html`: a summary page, a page per place and one for the company moves.
pub fn locations_html(title: &str, plan: &LocationPlan) -> String {
    let to_find = plan.locations.iter().filter(|s| s.kind.is_none()).count();
    let mut body = format!(
        "<div class=\"page\"><h1>{} &mdash; locations</h1>\n<p>{} locations, {} still to be found; {} company moves.</p>\n<table><tr><th>Location</th><th>Kind</th><th>Days</th><th>Scenes</th><th>Permits and notices</th></tr>\n",
        quote::html(title),
        plan.locations.len(),
        to_find,
        plan.moves.len()
    );
    for sheet in &plan.locations {
        let permits: Vec<&str> = sheet.permits.iter().map(|p| p.permit.as_str()).collect();
        let _ = writeln!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            quote::html(&sheet.name),
            kind_label(sheet.kind),
            sheet
                .days
                .iter()
                .map(|d| d.day.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            sheet.days.iter().map(|d| d.scenes.len()).sum::<usize>(),
            quote::html(&permits.join(", "))
        );
    }
    body.push_str("</table></div>\n");
    for sheet in &plan.locations {
        location_page(&mut body, sheet);
    }
    if !plan.moves.is_empty() {
        body.push_str("<div class=\"page\"><h2>Company moves</h2>\n<table><tr><th>Day</th><th>From</th><th>To</th><th>Distance</th><th>Drive</th></tr>\n");
        for step in &plan.moves {
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                step.day,
                quote::html(&step.from),
                quote::html(&step.to),
                step.distance_km
                    .map_or_else(String::new, |km| format!("{km:.1} km")),
                step.drive_minutes
                    .map_or_else(String::new, |m| format!("about {m} min")),
            );
        }
        body.push_str("</table></div>\n");
    }
    page(&format!("{title} locations"), &body)
}

/// The kind of a place as the packet prints it.
fn kind_label(kind: Option<LocationKind>) -> &'static str {
    match kind {
        Some(LocationKind::Practical) => "practical",
        Some(LocationKind::Studio) => "studio",
        Some(LocationKind::VfxExtension) => "VFX extension",
        None => "to be found",
    }
}

fn location_page(body: &mut String, sheet: &LocationSheet) {
    let _ = writeln!(
        body,
        "<div class=\"page\"><h2>{}</h2>\n<p><b>{}</b>{}{}</p>",
        quote::html(&sheet.name),
        kind_label(sheet.kind),
        sheet
            .address
            .as_deref()
            .map_or_else(String::new, |a| format!(" &middot; {}", quote::html(a))),
        sheet
            .gps
            .zip(sheet.map.as_deref())
            .map_or_else(String::new, |(gps, map)| format!(
                " &middot; <a href=\"{}\">{:.5}, {:.5}</a>",
                quote::html(map),
                gps.lat,
                gps.lon
            )),
    );
    if sheet.kind.is_none() {
        body.push_str("<p>No location in the production file answers to these sets: scout one (or add it under <code>[[locations]]</code>).</p>\n");
    }
    let _ = writeln!(body, "<p>Sets: {}</p>", quote::html(&sheet.sets.join("; ")));
    if let Some(hospital) = &sheet.nearest_hospital {
        let _ = writeln!(body, "<p>Nearest hospital: {}</p>", quote::html(hospital));
    }
    if let Some(hours) = &sheet.hours {
        let _ = writeln!(body, "<p>Agreed hours on site: {}</p>", quote::html(hours));
    }
    body.push_str("<h3>Shoot days</h3>\n<table><tr><th>Day</th><th>Date</th><th>D/N</th><th>Scenes</th><th>Pages</th><th>Unit</th><th>First light</th><th>Sunrise</th><th>Golden hour</th><th>Sunset</th><th>Last light</th></tr>\n");
    for day in &sheet.days {
        let sun = |time: fn(&SunDay) -> &Option<String>| {
            day.sun
                .as_ref()
                .and_then(|s| time(s).clone())
                .unwrap_or_default()
        };
        let _ = writeln!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            day.day,
            quote::html(day.date.as_deref().unwrap_or("")),
            if day.day_night == DayNight::Day {
                "D"
            } else {
                "N"
            },
            quote::html(&day.scenes.join(", ")),
            eighths_label(day.eighths),
            [
                Some(day.unit_hours.clone()),
                day.outside_hours
                    .as_ref()
                    .map(|agreed| format!("<b>outside the agreed {}</b>", quote::html(agreed))),
                day.outside_daylight
                    .as_ref()
                    .map(|light| format!("<b>a day exterior outside daylight {light}</b>")),
                day.in_daylight
                    .as_ref()
                    .map(|light| format!("<b>a night exterior in daylight {light}</b>")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" "),
            sun(|s| &s.dawn),
            sun(|s| &s.sunrise),
            sun(|s| &s.golden_hour),
            sun(|s| &s.sunset),
            sun(|s| &s.dusk),
        );
    }
    body.push_str("</table>\n");
    if !sheet.permits.is_empty() {
        body.push_str("<h3>Permits and notices</h3>\n<table><tr><th>Permit</th><th>From</th><th>Scenes</th></tr>\n");
        for permit in &sheet.permits {
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                quote::html(&permit.permit),
                quote::html(&permit.from),
                quote::html(&permit.scenes.join(", "))
            );
        }
        body.push_str("</table>\n");
    }
    for (heading, notes) in [
        ("Features", &sheet.features),
        ("Restrictions", &sheet.restrictions),
        ("Not available", &sheet.unavailable_dates),
    ] {
        if !notes.is_empty() {
            let items: String = notes
                .iter()
                .map(|n| format!("<li>{}</li>", quote::html(n)))
                .collect();
            let _ = writeln!(body, "<h3>{heading}</h3>\n<ul>{items}</ul>");
        }
    }
    body.push_str("</div>\n");
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::production::ShootDay;

    const PRODUCTION: &str = r#"
title = "T"
[schedule]
start_date = "2026-06-21"
[[locations]]
name = "Diner"
address = "1 Main St"
gps = { lat = 40.7128, lon = -74.006 }
utc_offset_hours = -4
features = ["power on site"]
hours = "06:00-22:00"
unavailable_dates = ["2026-07-04"]
[[locations]]
name = "Stage 2"
kind = "studio"
gps = { lat = 40.7580, lon = -73.9855 }
[[locations]]
name = "Backroom"
interior = true
"#;

    fn production() -> ProductionConfig {
        ProductionConfig::from_toml(PRODUCTION, Path::new("p.toml")).unwrap()
    }

    fn strip(scene: u32, int_ext: &str, location: &str, elements: &[(Category, &str)]) -> Strip {
        let mut listed: BTreeMap<Category, Vec<String>> = BTreeMap::new();
        for (category, item) in elements {
            listed
                .entry(*category)
                .or_default()
                .push((*item).to_owned());
        }
        Strip {
            scene,
            label: scene.to_string(),
            int_ext: int_ext.into(),
            set: location.to_uppercase(),
            description: String::new(),
            location: location.into(),
            day_night: DayNight::Day,
            on_a_stage: false,
            day_for_night: false,
            time_of_day: Some("DAY".into()),
            eighths: 8,
            scene_eighths: 8,
            setups: 0,
            story_day: 1,
            cast: vec![],
            elements: listed,
        }
    }

    /// A schedule of `days` and nothing else.
    fn schedule_of(days: Vec<ShootDay>) -> ShootingSchedule {
        ShootingSchedule {
            title: "T".into(),
            company_moves: days
                .iter()
                .map(|d| d.locations.len().saturating_sub(1) as u32)
                .sum(),
            days,
            cast: vec![],
            cost: 0.0,
            lower_bound: 0.0,
            gap: 0.0,
            seconds: 0.0,
        }
    }

    fn names(strip: &Strip, production: &ProductionConfig) -> Vec<&'static str> {
        permits(strip, known_location(production, &strip.location))
            .into_iter()
            .map(|(permit, _)| permit)
            .collect()
    }

    #[test]
    fn each_scene_declares_what_its_elements_and_place_need() {
        let production = production();
        let mut chase = strip(
            1,
            "EXT",
            "Diner",
            &[
                (Category::Vehicles, "cab"),
                (Category::SpecialEffects, "explosion"),
                (Category::Props, "old revolvers"),
                (Category::SpecialEffects, "rain"),
            ],
        );
        chase.day_night = DayNight::Night;
        assert_eq!(
            names(&chase, &production),
            [
                "Location agreement",
                "Filming permit",
                "Night work",
                "Picture vehicles on the street",
                "Rain towers",
                "Pyrotechnics and open flame",
                "Weapons",
            ]
        );
        // On a stage: only what is dangerous anywhere.
        let stage = strip(
            2,
            "EXT",
            "Stage 2",
            &[
                (Category::SpecialEffects, "smoke"),
                (Category::SoundEffectsMusic, "gunshots"),
                (Category::Stunts, "fight"),
                (Category::Vehicles, "cab"),
            ],
        );
        // Its exteriors are under a roof too: smoke sets off the detectors.
        assert_eq!(
            names(&stage, &production),
            ["Atmospheric smoke", "Weapons", "Stunts"]
        );
        let mut backlot = production.clone();
        backlot.locations[1].interior = Some(false);
        assert_eq!(names(&stage, &backlot), ["Weapons", "Stunts"]);
        // The production file says the backroom is inside, whatever the heading.
        let backroom = strip(3, "EXT", "Backroom", &[(Category::Animals, "dog")]);
        assert_eq!(
            names(&backroom, &production),
            ["Location agreement", "Animals"]
        );
        // A place still to be found is taken for a practical one; a gunsmith is no
        // gun, nor is a nail gun; knives are.
        let street = strip(4, "EXT", "STREET", &[(Category::Props, "gunsmith")]);
        assert_eq!(
            names(&street, &production),
            ["Location agreement", "Filming permit"]
        );
        let tools = strip(5, "INT", "Stage 2", &[(Category::Props, "nail gun")]);
        assert!(names(&tools, &production).is_empty());
        let knives = strip(6, "INT", "Stage 2", &[(Category::Props, "kitchen knives")]);
        assert_eq!(names(&knives, &production), ["Weapons"]);
        let dinner = strip(7, "INT", "Stage 2", &[(Category::Props, "knife or fork")]);
        assert!(names(&dinner, &production).is_empty());
    }

    #[test]
    fn distances_are_great_circles() {
        let paris = Gps {
            lat: 48.8566,
            lon: 2.3522,
        };
        let london = Gps {
            lat: 51.5074,
            lon: -0.1278,
        };
        assert!((distance_km(paris, london) - 343.5).abs() < 1.0);
        assert_eq!(distance_km(paris, paris), 0.0);
        // 5.2 km straight is 6.8 km of road: 13.5 minutes at 30 km/h.
        assert_eq!(drive_minutes(5.2), 15);
        assert_eq!(drive_minutes(0.0), 5);
    }

    /// A day of one scene at the diner (New York), and what the packet says of it.
    fn one_scene_at_the_diner(
        production: &ProductionConfig,
        date: &str,
        day_night: DayNight,
        time: &str,
        eighths: u32,
    ) -> (ShootDay, LocationDay) {
        let strip = Strip {
            day_night,
            time_of_day: Some(time.into()),
            eighths,
            ..strip(1, "EXT", "Diner", &[])
        };
        let day = ShootDay {
            call_delay_minutes: 0,
            number: 1,
            date: Some(date.into()),
            day_night,
            eighths,
            locations: vec!["Diner".into()],
            strips: vec![strip],
        };
        let schedule = schedule_of(vec![day.clone()]);
        let here = location_plan(&schedule, production).locations[0].days[0].clone();
        (day, here)
    }

    #[test]
    fn the_first_scenes_light_sets_the_call() {
        let production = production();
        let clock = |minutes| calendar::clock(minutes);
        // New York at midsummer: first light 04:51, last light 21:04 (summer time).
        let (dawn, here) =
            one_scene_at_the_diner(&production, "2026-06-21", DayNight::Day, "DAWN", 4);
        assert_eq!(here.sun.as_ref().unwrap().dawn.as_deref(), Some("04:51"));
        assert_eq!(clock(crew_call(&production, &dawn).unwrap()), "04:00");
        assert_eq!(here.unit_hours, "04:00-06:06", "shot from first light");
        assert_eq!(here.outside_daylight, None);
        // A night exterior waits for last light: 21:04 at midsummer, 18:02 at
        // midwinter (on the fixture's summer-time clock).
        let (night, here) =
            one_scene_at_the_diner(&production, "2026-06-21", DayNight::Night, "NIGHT", 8);
        assert_eq!(clock(crew_call(&production, &night).unwrap()), "20:15");
        assert_eq!(here.in_daylight, None);
        let (winter, _) =
            one_scene_at_the_diner(&production, "2026-12-21", DayNight::Night, "NIGHT", 8);
        assert_eq!(clock(crew_call(&production, &winter).unwrap()), "17:15");
        // A plain day keeps the production's call.
        let (day, _) = one_scene_at_the_diner(&production, "2026-06-21", DayNight::Day, "DAY", 8);
        assert_eq!(clock(crew_call(&production, &day).unwrap()), "07:00");
        // A long night runs into the next morning's light.
        let (_, dawned) =
            one_scene_at_the_diner(&production, "2026-06-21", DayNight::Night, "NIGHT", 40);
        assert_eq!(dawned.in_daylight.as_deref(), Some("04:51-21:04"));
    }

    #[test]
    fn a_night_called_after_midnight_and_the_polar_light() {
        // Called at 15:00, a night shoot is called at 01:00, after the shoot
        // day's midnight, whatever last light (21:04) would ask.
        let mut production = production();
        production.schedule.crew_call = "15:00".into();
        let (night, here) =
            one_scene_at_the_diner(&production, "2026-06-21", DayNight::Night, "NIGHT", 8);
        assert_eq!(crew_call(&production, &night), Some(25 * 60));
        assert_eq!(here.unit_hours, "01:00-04:12");
        // In Svalbard at midsummer it is never dark: a night exterior is in
        // daylight. At midwinter it is never light (not even civil twilight): a
        // day exterior is in the dark, and a night exterior is fine.
        production.schedule.crew_call = "07:00".into();
        let diner = &mut production.locations[0];
        diner.gps = Some(oneshot_model::production::Gps {
            lat: 78.22,
            lon: 15.65,
        });
        diner.utc_offset_hours = Some(1.0);
        let at =
            |date, day_night, time| one_scene_at_the_diner(&production, date, day_night, time, 8).1;
        let white = at("2026-06-21", DayNight::Night, "NIGHT");
        assert_eq!(white.in_daylight.as_deref(), Some("all day and night"));
        let polar = at("2026-12-21", DayNight::Day, "DAY");
        assert_eq!(polar.outside_daylight.as_deref(), Some("none"));
        assert_eq!(at("2026-12-21", DayNight::Night, "NIGHT").in_daylight, None);
    }

    #[test]
    fn a_long_drive_takes_longer_than_the_moves_allowance() {
        let mut production = production();
        production.schedule.meal_minutes = 0;
        let day = ShootDay {
            call_delay_minutes: 0,
            number: 1,
            date: Some("2026-06-22".into()),
            day_night: DayNight::Day,
            eighths: 16,
            locations: vec!["Diner".into(), "Stage 2".into()],
            strips: vec![
                strip(1, "INT", "Diner", &[]),
                strip(2, "INT", "Stage 2", &[]),
            ],
        };
        let gap = |production: &ProductionConfig| {
            let hours = strip_hours(production, &day).unwrap();
            hours[1].0 - hours[0].1
        };
        // Across Manhattan (5 km): the production's two hours.
        assert_eq!(gap(&production), 120);
        // To a stage in Philadelphia (130 km): an hour to pack and set up, and the
        // convoy's drive of 5 h 40.
        production.locations[1].gps = Some(Gps {
            lat: 39.9526,
            lon: -75.1652,
        });
        assert_eq!(gap(&production), 60 + 340);
    }

    #[test]
    fn the_crew_is_fed_within_six_hours_of_its_call() {
        let mut production = production();
        // Called at 07:00, shooting from 08:00 at 16.5 minutes an eighth.
        let day = |pages: &[u32]| {
            let strips: Vec<Strip> = (pages.iter().enumerate())
                .map(|(i, &pages)| Strip {
                    eighths: 8 * pages,
                    ..strip(i as u32 + 1, "INT", "Diner", &[])
                })
                .collect();
            ShootDay {
                call_delay_minutes: 0,
                number: 1,
                date: Some("2026-03-02".into()),
                day_night: DayNight::Day,
                eighths: strips.iter().map(|s| s.eighths).sum(),
                locations: vec!["Diner".into()],
                strips,
            }
        };
        let clock = |(start, end): (u32, u32)| (calendar::clock(start), calendar::clock(end));
        let meal = |day: &ShootDay, production: &ProductionConfig| {
            meal_breaks(production, day).first().copied().map(clock)
        };
        // Between the scenes that end nearest before 13:00, and later scenes after it.
        let two_pages = day(&[1, 1, 1, 1]);
        assert_eq!(
            meal(&two_pages, &production),
            Some(("12:24".into(), "13:24".into()))
        );
        let hours = strip_hours(&production, &two_pages).unwrap();
        assert_eq!(clock(hours[2]), ("13:24".into(), "15:36".into()));
        // A scene that runs from 10:12 to past 13:00 breaks when the meal is due.
        let long = day(&[1, 3]);
        assert_eq!(
            meal(&long, &production),
            Some(("13:00".into(), "14:00".into()))
        );
        assert_eq!(
            clock(strip_hours(&production, &long).unwrap()[1]),
            ("10:12".into(), "17:48".into())
        );
        // A day that runs on six hours past the meal has a second.
        let marathon = day(&[1, 1, 1, 1, 1, 1]);
        let meals: Vec<_> = (meal_breaks(&production, &marathon).into_iter())
            .map(clock)
            .collect();
        // Due by 19:24; the day runs to 22:12 unfed, past its window: between the
        // scenes that end at 17:48.
        assert_eq!(
            meals,
            [
                ("12:24".into(), "13:24".into()),
                ("17:48".into(), "18:48".into())
            ]
        );
        // A day that ends at 20:00, less than an hour past 19:24, wraps unfed:
        // in meal penalty, which the call sheet says.
        let over = day(&[1, 1, 1, 1, 1]);
        assert_eq!(meal_breaks(&production, &over).len(), 1);
        let (due, wrap) = meal_penalty(&production, &over).unwrap();
        assert_eq!(clock((due, wrap)), ("19:24".into(), "20:00".into()));
        assert_eq!(meal_penalty(&production, &marathon), None);
        // A short day wraps unfed; a production may feed its crew as it works.
        assert_eq!(meal(&day(&[1, 1]), &production), None);
        production.schedule.meal_minutes = 0;
        assert_eq!(meal(&two_pages, &production), None);
        assert_eq!(
            clock(strip_hours(&production, &two_pages).unwrap()[3]),
            ("14:36".into(), "16:48".into())
        );
    }

    #[test]
    fn a_nights_exteriors_are_shot_in_the_dark() {
        let production = production();
        let night = |strips: Vec<Strip>, date: &str| ShootDay {
            call_delay_minutes: 0,
            number: 1,
            date: Some(date.into()),
            day_night: DayNight::Night,
            eighths: strips.iter().map(|s| s.eighths).sum(),
            locations: vec![],
            strips,
        };
        let at = |scene: u32, int_ext: &str, location: &str, eighths: u32| Strip {
            day_night: DayNight::Night,
            time_of_day: Some("NIGHT".into()),
            eighths,
            ..strip(scene, int_ext, location, &[])
        };
        // A short interior first uses the summer evening's light (last light
        // 21:04), and the exterior is still shot in the dark: the day keeps its
        // order, and so does one that starts on the exterior at last light.
        let short = night(
            vec![at(1, "INT", "Backroom", 16), at(2, "EXT", "Diner", 8)],
            "2026-06-21",
        );
        assert_eq!(night_order(&production, &short), Some(vec![0, 1]));
        let dark_first = ShootDay {
            strips: vec![short.strips[1].clone(), short.strips[0].clone()],
            ..short.clone()
        };
        assert_eq!(night_order(&production, &dark_first), Some(vec![0, 1]));
        // A whole night of interiors first would leave the exterior to the
        // morning: it goes first, at last light.
        let long = night(
            vec![at(1, "INT", "Backroom", 40), at(2, "EXT", "Diner", 8)],
            "2026-06-21",
        );
        assert_eq!(night_order(&production, &long), Some(vec![1, 0]));
        let hours = |day: &ShootDay, order: &[usize]| {
            let strips = order.iter().map(|&i| day.strips[i].clone()).collect();
            strip_hours(
                &production,
                &ShootDay {
                    strips,
                    ..day.clone()
                },
            )
            .unwrap()
        };
        let exterior = hours(&long, &[1, 0])[0];
        assert!(
            exterior.0 >= 21 * 60 + 4 && exterior.1 < 24 * 60,
            "{exterior:?}"
        );
        // Nights without both, and days, keep their order.
        let inside = night(vec![at(1, "INT", "Backroom", 8)], "2026-06-21");
        assert_eq!(night_order(&production, &inside), None);
        let day = ShootDay {
            day_night: DayNight::Day,
            ..short.clone()
        };
        assert_eq!(night_order(&production, &day), None);
    }

    #[test]
    fn a_crew_called_back_too_soon_is_found() {
        let mut production = production();
        production.schedule.day_hours = 14.0;
        production.schedule.meal_minutes = 30;
        let (long, _) = one_scene_at_the_diner(&production, "2026-03-02", DayNight::Day, "DAY", 40);
        let next = |date: &str| ShootDay {
            call_delay_minutes: 0,
            number: 2,
            date: Some(date.into()),
            ..long.clone()
        };
        // Five pages at 19.5 minutes an eighth from the 08:00 shooting call and two
        // half-hour meals: the wrap is at 22:00, and the next morning's 07:00 call
        // nine hours later.
        let rests = short_rests(
            &schedule_of(vec![long.clone(), next("2026-03-03")]),
            &production,
        );
        assert_eq!(
            rests,
            [ShortRest {
                day: 2,
                after: 1,
                hours: 9.0
            }]
        );
        let rested = schedule_of(vec![long.clone(), next("2026-03-04")]);
        assert!(short_rests(&rested, &production).is_empty());
        // Undated, a day shoot after a night shoot has its rest day between.
        let (night, _) =
            one_scene_at_the_diner(&production, "2026-03-02", DayNight::Night, "NIGHT", 40);
        let undated = |day: &ShootDay, number| ShootDay {
            call_delay_minutes: 0,
            number,
            date: None,
            ..day.clone()
        };
        let back_to_days = schedule_of(vec![undated(&night, 1), undated(&long, 2)]);
        assert!(short_rests(&back_to_days, &production).is_empty());
    }

    #[test]
    fn a_call_waits_for_the_crews_rest_and_the_locations_hours() {
        let mut production = production();
        production.schedule.day_hours = 14.0;
        production.schedule.meal_minutes = 30;
        let (long, _) = one_scene_at_the_diner(&production, "2026-03-02", DayNight::Day, "DAY", 40);
        let next = ShootDay {
            number: 2,
            date: Some("2026-03-03".into()),
            ..long.clone()
        };
        // The wrap is at 22:00: twelve hours' rest waits until 10:00, three hours
        // past the 07:00 call; ten hours' until 08:00.
        let mut calls = |turnaround: f32| {
            production.schedule.turnaround_hours = turnaround;
            let mut days = vec![long.clone(), next.clone()];
            settle_calls(&mut days, &production, |_, _| {});
            let calls: Vec<u32> = days
                .iter()
                .map(|d| crew_call(&production, d).unwrap())
                .collect();
            let rests = short_rests(&schedule_of(days), &production).len();
            (calls, rests)
        };
        assert_eq!(calls(12.0), (vec![7 * 60, 10 * 60], 0));
        assert_eq!(calls(10.0), (vec![7 * 60, 8 * 60], 0));
        // Four hours late would lose the day: the call stands, and the short rest
        // is the production's to take up.
        assert_eq!(calls(13.0), (vec![7 * 60, 7 * 60], 1));
        // Inside, lit on the set, the call rolls as late as the rest takes.
        let inside = |day: &ShootDay| {
            let mut day = day.clone();
            day.strips[0].int_ext = "INT".into();
            day
        };
        production.schedule.turnaround_hours = 13.0;
        let mut days = vec![inside(&long), inside(&next)];
        settle_calls(&mut days, &production, |_, _| {});
        assert_eq!(crew_call(&production, &days[1]), Some(11 * 60));
        assert!(short_rests(&schedule_of(days), &production).is_empty());

        // A location that opens at 09:00 is not woken at 07:00, when the day still
        // ends inside its hours.
        production.schedule.turnaround_hours = 12.0;
        let (short, _) = one_scene_at_the_diner(&production, "2026-03-02", DayNight::Day, "DAY", 8);
        let mut opening = |hours: &str| {
            production.locations[0].hours = Some(hours.into());
            let mut days = vec![short.clone()];
            settle_calls(&mut days, &production, |_, _| {});
            crew_call(&production, &days[0]).unwrap()
        };
        assert_eq!(opening("09:00-20:00"), 9 * 60);
        assert_eq!(opening("09:00-10:00"), 7 * 60);

        // A wait for the location too long to take leaves the crew's rest its hour.
        production.schedule.turnaround_hours = 10.0;
        production.locations[0].hours = Some("10:30-23:00".into());
        let mut days = vec![long.clone(), next.clone()];
        settle_calls(&mut days, &production, |_, _| {});
        assert_eq!(crew_call(&production, &days[1]), Some(8 * 60));
        // The light sets a dawn exterior's call: it is not moved, and the short
        // rest is warned of.
        production.locations[0].hours = None;
        let (dawn, _) = one_scene_at_the_diner(&production, "2026-03-03", DayNight::Day, "DAWN", 8);
        let dawn = ShootDay { number: 2, ..dawn };
        let first_light = crew_call(&production, &dawn).unwrap();
        let mut days = vec![long.clone(), dawn];
        settle_calls(&mut days, &production, |_, _| {});
        assert_eq!(crew_call(&production, &days[1]), Some(first_light));
        assert_eq!(short_rests(&schedule_of(days), &production).len(), 1);
    }

    #[test]
    fn a_day_exterior_after_last_light_is_flagged() {
        let mut production = production();
        production.schedule.crew_call = "12:00".into();
        let shoot = |date: &str, int_ext: &str| {
            let strips = vec![
                strip(1, "INT", "Stage 2", &[]),
                strip(2, int_ext, "Diner", &[]),
            ];
            let schedule = schedule_of(vec![ShootDay {
                call_delay_minutes: 0,
                number: 1,
                date: Some(date.into()),
                day_night: DayNight::Day,
                eighths: 16,
                locations: vec!["Stage 2".into(), "Diner".into()],
                strips,
            }]);
            let plan = location_plan(&schedule, &production);
            plan.locations[1].days[0].clone()
        };
        // New York at midwinter (the fixture's clocks on summer time): last light
        // at 18:02. Called at noon, the unit shoots a page at the stage from 13:00
        // (16.5 minutes an eighth), moves for two hours and is at the diner from
        // 17:12 to the wrap at 20:24, with an hour's meal from 18:00, six hours
        // after the call, in the middle of the scene.
        let winter = shoot("2026-12-21", "EXT");
        assert_eq!(winter.unit_hours, "17:12-20:24");
        assert_eq!(winter.outside_daylight.as_deref(), Some("07:45-18:02"));
        // Last light after midnight is the same night's.
        let north = SunDay {
            dawn: Some("02:10".into()),
            sunrise: None,
            golden_hour: None,
            sunset: None,
            dusk: Some("00:20".into()),
            never_dark: false,
        };
        assert_eq!(north.daylight(), Some((130, 1460)));
        // At midsummer last light is past 21:00; indoors daylight does not matter.
        assert_eq!(shoot("2026-06-21", "EXT").outside_daylight, None);
        assert_eq!(shoot("2026-12-21", "INT").outside_daylight, None);
    }

    #[test]
    fn the_packet_follows_the_unit_from_place_to_place() {
        let production = production();
        let mut night = strip(3, "EXT", "STREET", &[]);
        night.day_night = DayNight::Night;
        let day = |number: u32, date: &str, strips: Vec<Strip>| {
            let mut locations: Vec<String> = Vec::new();
            for strip in &strips {
                if locations.last() != Some(&strip.location) {
                    locations.push(strip.location.clone());
                }
            }
            ShootDay {
                call_delay_minutes: 0,
                number,
                date: Some(date.into()),
                day_night: strips[0].day_night,
                eighths: 8 * strips.len() as u32,
                locations,
                strips,
            }
        };
        let schedule = schedule_of(vec![
            day(
                1,
                "2026-06-21",
                vec![
                    strip(1, "INT", "Diner", &[]),
                    strip(2, "INT", "Stage 2", &[]),
                ],
            ),
            day(2, "2026-06-22", vec![night, strip(4, "INT", "Diner", &[])]),
        ]);
        let plan = location_plan(&schedule, &production);
        let order: Vec<(&str, Option<LocationKind>)> = plan
            .locations
            .iter()
            .map(|s| (s.name.as_str(), s.kind))
            .collect();
        assert_eq!(
            order,
            [
                ("Diner", Some(LocationKind::Practical)),
                ("Stage 2", Some(LocationKind::Studio)),
                ("STREET", None),
            ]
        );
        let diner = &plan.locations[0];
        assert_eq!(diner.days.iter().map(|d| d.day).collect::<Vec<_>>(), [1, 2]);
        // The unit is at the diner from the crew call until its page is shot (an
        // hour to set up, 16.5 minutes an eighth); the second day is a night shoot
        // there after the street's page and the move, past its hours, with the
        // meal due at 23:00 in the middle of the scene.
        assert_eq!(diner.days[0].unit_hours, "07:00-10:12");
        assert_eq!(diner.days[0].outside_hours, None);
        assert_eq!(diner.days[0].outside_daylight, None, "an interior");
        assert_eq!(diner.days[1].unit_hours, "22:12-01:24");
        assert_eq!(diner.days[1].outside_hours.as_deref(), Some("06:00-22:00"));
        assert!(diner.map.as_deref().unwrap().contains("mlat=40.71280"));
        // New York at midsummer: last light about 21:04, the golden hour from about 19:35.
        let sun = diner.days[0].sun.as_ref().unwrap();
        assert_eq!(sun.sunset.as_deref().map(|t| &t[..2]), Some("20"));
        assert_eq!(sun.dusk.as_deref().map(|t| &t[..2]), Some("21"));
        assert!(sun.golden_hour < sun.sunset && sun.dawn < sun.sunrise);
        // No GPS, no sun; a place to be found still needs its permits.
        let street = &plan.locations[2];
        assert_eq!(street.days[0].sun, None);
        assert_eq!(street.days[0].day_night, DayNight::Night);
        assert_eq!(
            street
                .permits
                .iter()
                .map(|p| p.permit.as_str())
                .collect::<Vec<_>>(),
            ["Location agreement", "Filming permit", "Night work"]
        );
        assert_eq!(
            street.permits[2].from,
            "the film office, with a letter to the neighbours"
        );
        // Diner to Stage 2 is about 5.2 km across Manhattan; the street has no GPS.
        let moves: Vec<(u32, &str, &str, Option<u32>)> = plan
            .moves
            .iter()
            .map(|m| (m.day, m.from.as_str(), m.to.as_str(), m.drive_minutes))
            .collect();
        assert_eq!(
            moves,
            [
                (1, "Diner", "Stage 2", Some(15)),
                (2, "STREET", "Diner", None)
            ]
        );
        let by_day = permits_by_day(&plan);
        assert_eq!(by_day[&(1, "Diner")], ["Location agreement"]);
        assert!(by_day[&(1, "Stage 2")].is_empty());

        let html = locations_html("T", &plan);
        assert!(
            html.contains("3 locations, 1 still to be found; 2 company moves."),
            "{html}"
        );
        assert!(html.contains("<td>about 15 min</td>"), "{html}");
        assert!(html.contains("scout one"), "{html}");
        assert!(html.contains("<li>power on site</li>"), "{html}");
        assert!(
            html.contains("<h3>Not available</h3>\n<ul><li>2026-07-04</li>"),
            "{html}"
        );
        let csv = permits_csv(&plan);
        assert!(
            csv.contains(
                "STREET,Night work,\"the film office, with a letter to the neighbours\",3,2\r\n"
            ),
            "{csv}"
        );
    }
}
