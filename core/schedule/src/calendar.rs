//! The production's calendar, and sun times for call sheets and the location packet.
//!
//! Shoot days fall on the production's work days (Monday to Friday unless it says
//! otherwise), never on its days off, and a day shoot after a night shoot waits a
//! day for the crew's turnaround unless a weekend already gave it. Sunrise and
//! sunset come from [`oneshot_model::sun`].

pub use oneshot_model::production::parse_date;
use oneshot_model::production::{parse_clock, parse_date_range, parse_hours};
use oneshot_model::{DayNight, ScheduleSettings, Weekday, sun};

/// A calendar date as days since 1970-01-01: dates that count and compare.
pub type Day = i64;

/// Days since 1970-01-01 (proleptic Gregorian).
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = year as i64 - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// `YYYY-MM-DD` as a [`Day`]; `None` unless it is a date.
pub fn day(date: &str) -> Option<Day> {
    let (y, m, d) = parse_date(date)?;
    Some(days_from_civil(y, m, d))
}

/// The [`Day`] as `YYYY-MM-DD`.
pub fn date(day: Day) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The day of the week of a [`Day`] (1970-01-01 was a Thursday).
pub fn weekday(day: Day) -> Weekday {
    Weekday::ALL[(day + 3).rem_euclid(7) as usize]
}

/// The day of the week of `YYYY-MM-DD`; `None` unless it is a date.
pub fn weekday_of(date: &str) -> Option<Weekday> {
    day(date).map(weekday)
}

/// `Monday 2027-03-01`, as a call sheet heads its day; `date` as it is unless it
/// is `YYYY-MM-DD`.
pub fn long_date(date: &str) -> String {
    weekday_of(date).map_or_else(|| date.to_owned(), |w| format!("{} {date}", w.name()))
}

/// `Mon 03-01`, as a Day Out of Days heads a column; `date` as it is unless it
/// is `YYYY-MM-DD`.
pub fn short_date(date: &str) -> String {
    match (weekday_of(date), date.get(5..)) {
        (Some(w), Some(month_day)) => format!("{} {month_day}", &w.name()[..3]),
        _ => date.to_owned(),
    }
}

/// The Monday of the calendar week `date` falls in; `None` unless it is a date.
pub fn monday_of(date: &str) -> Option<Day> {
    let day = day(date)?;
    Some(day - weekday(day) as i64)
}

/// Inclusive ranges of days from dates and ranges as the production file writes
/// them (`2027-03-10`, `2027-03-10..2027-03-14`); ones that do not parse (the
/// file's check has already refused them) are left out.
pub fn day_ranges(dates: &[String]) -> Vec<[Day; 2]> {
    dates
        .iter()
        .filter_map(|text| parse_date_range(text))
        .map(|range| range.map(|(y, m, d)| days_from_civil(y, m, d)))
        .collect()
}

/// Whether `day` falls in one of `ranges`.
pub fn within(ranges: &[[Day; 2]], day: Day) -> bool {
    ranges
        .iter()
        .any(|&[first, last]| (first..=last).contains(&day))
}

/// Which dates the unit shoots: the work week, less the days off, from the start.
#[derive(Debug, Clone)]
pub struct Calendar {
    start: Day,
    /// Monday first.
    work_days: [bool; 7],
    days_off: Vec<[Day; 2]>,
}

impl Calendar {
    /// The production's calendar; `None` without a start date (the schedule then
    /// counts shoot days only).
    pub fn new(settings: &ScheduleSettings) -> Option<Calendar> {
        let start = day(settings.start_date.as_deref()?)?;
        let mut work_days = [false; 7];
        for &weekday in &settings.work_days {
            work_days[weekday as usize] = true;
        }
        Some(Calendar {
            start,
            work_days,
            days_off: day_ranges(&settings.days_off),
        })
    }

    /// The earliest the shoot may start: the start date as the production gives it.
    pub fn start(&self) -> Day {
        self.start
    }

    /// The first work day on or after `day`. The settings' check keeps at least one
    /// day of the week, so this ends: a day off is passed in one step.
    pub fn work_day_from(&self, mut day: Day) -> Day {
        loop {
            if let Some(&[_, last]) = self.days_off.iter().find(|r| (r[0]..=r[1]).contains(&day)) {
                day = last + 1;
            } else if !self.work_days[weekday(day) as usize] {
                day += 1;
            } else {
                return day;
            }
        }
    }

    /// The work days in `days`, in order.
    pub fn work_days(&self, days: std::ops::RangeInclusive<Day>) -> impl Iterator<Item = Day> {
        let last = *days.end();
        std::iter::successors(Some(self.work_day_from(*days.start())), |&day| {
            Some(self.work_day_from(day + 1))
        })
        .take_while(move |&day| day <= last)
    }

    /// The work days the crew is paid for when the last shoot day is `last`:
    /// every one from the start date on, shot or not (dark days, a day lost to
    /// the turnaround, a start that had to wait).
    pub fn crew_days(&self, last: Day) -> usize {
        self.work_days(self.start..=last).count()
    }

    /// The date of a `day_night` shoot day that follows `previous` (its date and
    /// whether it shot day or night), or opens the schedule. A day shoot straight
    /// after a night shoot loses a work day to the turnaround; a day off between
    /// them already gave the crew its rest.
    pub fn next(&self, previous: Option<(Day, DayNight)>, day_night: DayNight) -> Day {
        let Some((last, last_day_night)) = previous else {
            return self.work_day_from(self.start);
        };
        let next = self.work_day_from(last + 1);
        if rests_between(last_day_night, day_night) && next == last + 1 {
            self.work_day_from(next + 1)
        } else {
            next
        }
    }
}

/// Whether the crew rests a day between a `before` shoot and an `after` one for
/// its turnaround: a day shoot straight after a night shoot. With dates the
/// calendar skips that day; without them the days still count it.
pub fn rests_between(before: DayNight, after: DayNight) -> bool {
    before == DayNight::Night && after == DayNight::Day
}

/// The crew's paid days for undated shoot days of `lights`, one after another:
/// each, and a rest day at each return from nights to days ([`rests_between`]).
pub fn undated_crew_days(lights: &[DayNight]) -> usize {
    let rests = lights
        .windows(2)
        .filter(|pair| rests_between(pair[0], pair[1]));
    lights.len() + rests.count()
}

/// Local sunrise and sunset (`HH:MM`) at `place` on `date`; `None` when the sun
/// does not rise or set that day (polar day or night) or the date is not
/// `YYYY-MM-DD`.
pub fn sun_times(place: sun::Place, date: &str) -> Option<(String, String)> {
    sun_crossings(place, date, sun::SUNRISE)
}

/// When the sun climbs through `elevation` degrees and sinks through it again
/// (`HH:MM`, local) at `place` on `date`; `None` when it does not that day or the
/// date is not `YYYY-MM-DD`.
pub fn sun_crossings(place: sun::Place, date: &str, elevation: f64) -> Option<(String, String)> {
    let (rise, set) = sun::crossings(place, parse_date(date)?, elevation)?;
    let clock = |minutes: u32| format!("{:02}:{:02}", minutes / 60, minutes % 60);
    Some((clock(rise), clock(set)))
}

/// How much later a night shoot calls than a day shoot.
const NIGHT_CALL_DELAY_MINUTES: u32 = 600;

/// The production's crew call for a day or a night shoot, in minutes after the
/// shoot day's midnight: `crew_call`, ten hours later for a night shoot (past
/// 1440 when that is after midnight: the clock runs on, so that the night's hours
/// stay in order). `None` if the crew call is not `HH:MM`.
pub fn crew_call(settings: &ScheduleSettings, day_night: DayNight) -> Option<u32> {
    let delay = match day_night {
        DayNight::Day => 0,
        DayNight::Night => NIGHT_CALL_DELAY_MINUTES,
    };
    Some(parse_clock(&settings.crew_call)? + delay)
}

/// Minutes after midnight as `HH:MM`, wrapping past midnight.
pub fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60)
}

/// Minutes after the shoot date's midnight as a call sheet prints them: `HH:MM`,
/// and `HH:MM (after midnight)` past the next midnight, for a sheet is dated the
/// evening its night began.
pub fn clock_of_the_date(minutes: u32) -> String {
    match minutes / 1440 {
        0 => clock(minutes),
        _ => format!("{} (after midnight)", clock(minutes)),
    }
}

/// `HH:MM-HH:MM` for a span of minutes after midnight, as the unit's hours or
/// [`parse_hours`] give them (round the clock: `07:00-07:00`).
pub fn span((from, to): (u32, u32)) -> String {
    format!("{}-{}", clock(from), clock(to))
}

/// The location's agreed hours, `HH:MM-HH:MM`, when the unit's time on site
/// `unit` (minutes after the shoot day's midnight) does not fit inside them;
/// `None` when it does or there are none.
pub fn outside_hours(agreed: Option<&str>, unit: (u32, u32)) -> Option<(u32, u32)> {
    let (open, close) = parse_hours(agreed?)?;
    if close - open >= 1440 {
        return None;
    }
    // A unit called after midnight is in that day's window, or the evening's before.
    let unit = match unit.0 / 1440 {
        0 => unit,
        days => (unit.0 - days * 1440, unit.1 - days * 1440),
    };
    // The unit's day may also sit in the window opened the evening before.
    let fits = |shift: u32| open <= unit.0 + shift && unit.1 + shift <= close;
    (!fits(0) && !fits(1440)).then_some((open, close))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dates a calendar gives shoot days of `day_nights`, one after another.
    fn dates(settings: &ScheduleSettings, day_nights: &[DayNight]) -> Vec<String> {
        let calendar = Calendar::new(settings).unwrap();
        let mut previous = None;
        day_nights
            .iter()
            .map(|&dn| {
                let day = calendar.next(previous, dn);
                previous = Some((day, dn));
                date(day)
            })
            .collect()
    }

    fn settings(start: &str) -> ScheduleSettings {
        ScheduleSettings {
            start_date: Some(start.into()),
            ..ScheduleSettings::default()
        }
    }

    #[test]
    fn dates_round_trip_and_know_their_weekday() {
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(weekday_of("2026-12-07"), Some(Weekday::Mon));
        assert_eq!(weekday_of("1970-01-01"), Some(Weekday::Thu));
        assert_eq!(weekday_of("1969-12-28"), Some(Weekday::Sun));
        assert_eq!(date(day("2000-02-29").unwrap() + 1), "2000-03-01");
        assert_eq!(long_date("2026-12-07"), "Monday 2026-12-07");
        assert_eq!(short_date("2026-12-13"), "Sun 12-13");
        assert_eq!(long_date("soon"), "soon");
        assert_eq!(monday_of("2026-12-13"), day("2026-12-07"));
        assert_eq!(monday_of("2026-12-14"), day("2026-12-14"));
        assert_eq!(monday_of("Monday"), None);
    }

    #[test]
    fn a_five_day_week_skips_weekends_and_days_off() {
        use DayNight::Day as D;
        // Friday 2027-01-01 is a holiday; the week starts on Monday the 4th.
        let mut new_year = settings("2026-12-31");
        new_year.days_off = vec!["2027-01-01".into(), "2027-01-06..2027-01-07".into()];
        assert_eq!(
            dates(&new_year, &[D; 5]),
            [
                "2026-12-31",
                "2027-01-04",
                "2027-01-05",
                "2027-01-08",
                "2027-01-11"
            ]
        );
        // A start on a Saturday waits for Monday; a six-day week shoots Saturdays.
        assert_eq!(dates(&settings("2027-01-02"), &[D]), ["2027-01-04"]);
        let mut six_days = settings("2027-01-02");
        six_days.work_days.push(Weekday::Sat);
        assert_eq!(dates(&six_days, &[D, D]), ["2027-01-02", "2027-01-04"]);
    }

    #[test]
    fn a_day_shoot_after_nights_waits_for_the_turnaround_unless_a_weekend_gave_it() {
        use DayNight::{Day as D, Night as N};
        let mut every_day = settings("2026-12-30");
        every_day.work_days = Weekday::ALL.to_vec();
        assert_eq!(
            dates(&every_day, &[D, N, D]),
            ["2026-12-30", "2026-12-31", "2027-01-02"]
        );
        // Thursday and Friday nights, then Monday: the weekend is the rest.
        assert_eq!(
            dates(&settings("2027-01-07"), &[N, N, D, D]),
            ["2027-01-07", "2027-01-08", "2027-01-11", "2027-01-12"]
        );
        // Monday night, then a day shoot: Wednesday.
        assert_eq!(
            dates(&settings("2027-01-11"), &[N, D]),
            ["2027-01-11", "2027-01-13"]
        );
    }

    #[test]
    fn date_ranges_are_inclusive() {
        let ranges = day_ranges(&["2027-03-10..2027-03-12".into(), "2027-04-01".into()]);
        let at = |d: &str| within(&ranges, day(d).unwrap());
        assert!(at("2027-03-10") && at("2027-03-12") && at("2027-04-01"));
        assert!(!at("2027-03-09") && !at("2027-03-13") && !at("2027-04-02"));
    }

    #[test]
    fn sun_times_match_published_tables() {
        // New York, 2026-06-21: sunrise 05:25, sunset 20:31 (EDT, UTC-4).
        let new_york = sun::Place {
            lat: 40.7128,
            lon: -74.006,
            utc_offset_hours: -4.0,
        };
        let (rise, set) = sun_times(new_york, "2026-06-21").unwrap();
        assert!(
            rise.as_str() >= "05:22" && rise.as_str() <= "05:28",
            "{rise}"
        );
        assert!(set.as_str() >= "20:28" && set.as_str() <= "20:34", "{set}");
        let svalbard = sun::Place {
            lat: 80.0,
            lon: 0.0,
            utc_offset_hours: 0.0,
        };
        assert_eq!(sun_times(svalbard, "2026-06-21"), None);
    }

    #[test]
    fn the_unit_day_must_fit_the_agreed_hours() {
        let settings = ScheduleSettings::default();
        let unit = |day_night| {
            let call = crew_call(&settings, day_night).unwrap();
            (call, call + 720)
        };
        let (day, night) = (unit(DayNight::Day), unit(DayNight::Night));
        assert_eq!(
            (span(day), span(night)),
            ("07:00-19:00".into(), "17:00-05:00".into())
        );
        assert_eq!(outside_hours(Some("06:00-22:00"), day), None);
        assert_eq!(
            outside_hours(Some("06:00-22:00"), night)
                .map(span)
                .as_deref(),
            Some("06:00-22:00")
        );
        assert_eq!(outside_hours(Some("16:00-06:00"), night), None);
        assert_eq!(outside_hours(Some("08:00-20:00"), day), Some((480, 1200)));
        assert_eq!(outside_hours(None, night), None);
        // Equal ends are round the clock: everything fits.
        assert_eq!(outside_hours(Some("06:00-06:00"), night), None);
        assert_eq!(outside_hours(Some("00:00-00:00"), (420, 1860)), None);
        // A night-only place takes a unit called after midnight too.
        assert_eq!(outside_hours(Some("18:00-08:00"), (60, 420)), None);
    }

    #[test]
    fn a_night_called_after_midnight_keeps_its_clock_running() {
        let settings = ScheduleSettings {
            crew_call: "15:00".into(),
            ..ScheduleSettings::default()
        };
        assert_eq!(crew_call(&settings, DayNight::Day), Some(900));
        assert_eq!(crew_call(&settings, DayNight::Night), Some(1500));
        assert_eq!(clock(1500), "01:00");
        // 01:00 to 06:00 fits a place open from 18:00 to 06:00.
        assert_eq!(outside_hours(Some("18:00-06:00"), (1500, 1800)), None);
        assert_eq!(outside_hours(Some("00:00-06:00"), (1500, 1800)), None);
    }
}
