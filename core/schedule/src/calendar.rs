//! Dates of shoot days and sun times for call sheets and the location packet.
//!
//! Shoot days run on consecutive calendar days, with one rest day whenever a night
//! shoot is followed by a day shoot (the crew's turnaround). Sunrise and sunset come
//! from [`oneshot_model::sun`].

use oneshot_model::production::parse_clock;
pub use oneshot_model::production::parse_date;
use oneshot_model::{DayNight, sun};

/// Days since 1970-01-01 (proleptic Gregorian).
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
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

/// The calendar date of each shoot day, or `None` for all when there is no start date.
pub fn shoot_dates(start: Option<(i32, u32, u32)>, day_nights: &[DayNight]) -> Vec<Option<String>> {
    let Some((y, m, d)) = start else {
        return vec![None; day_nights.len()];
    };
    let mut day = days_from_civil(y, m, d);
    let mut previous = DayNight::Day;
    day_nights
        .iter()
        .enumerate()
        .map(|(i, &dn)| {
            if i > 0 {
                day += if previous == DayNight::Night && dn == DayNight::Day {
                    2
                } else {
                    1
                };
            }
            previous = dn;
            let (y, m, d) = civil_from_days(day);
            Some(format!("{y:04}-{m:02}-{d:02}"))
        })
        .collect()
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

/// `HH:MM` plus `minutes` (wrapping at midnight); `None` if `time` is not `HH:MM`.
pub fn add_minutes(time: &str, minutes: i64) -> Option<String> {
    let total = (i64::from(parse_clock(time)?) + minutes).rem_euclid(1440);
    Some(format!("{:02}:{:02}", total / 60, total % 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_skip_a_day_after_nights() {
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
        assert_eq!(parse_date("2026-02-30"), None);
        let dates = shoot_dates(
            parse_date("2026-12-30"),
            &[DayNight::Day, DayNight::Night, DayNight::Day],
        );
        assert_eq!(
            dates,
            [
                Some("2026-12-30".into()),
                Some("2026-12-31".into()),
                Some("2027-01-02".into())
            ]
        );
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
    fn calls_add_minutes() {
        assert_eq!(add_minutes("07:00", -90).as_deref(), Some("05:30"));
        assert_eq!(add_minutes("23:30", 60).as_deref(), Some("00:30"));
        assert_eq!(add_minutes("7am", 0), None);
    }
}
