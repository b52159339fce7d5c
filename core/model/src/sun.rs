//! Where the sun is: sunrise and sunset (and twilight and the golden hour) at a
//! place on a date, and the sun's direction in the sky at a local time. The call
//! sheets and the location packet print the first; the light plot aims an
//! exterior's sun with the second.
//!
//! NOAA's general solar position equations (a Fourier series for the equation of
//! time and the declination): good to a minute or two and a fraction of a degree,
//! far inside what a light plot or a call sheet needs.

use std::f64::consts::PI;

/// A place on Earth and its clock: the location's GPS and UTC offset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    /// Degrees north (negative south).
    pub lat: f64,
    /// Degrees east (negative west).
    pub lon: f64,
    /// Local time minus UTC, in hours.
    pub utc_offset_hours: f64,
}

/// The sun in the sky: degrees above the horizon (negative below) and the compass
/// bearing it stands at, degrees clockwise from north.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SunPosition {
    pub elevation: f64,
    pub azimuth: f64,
}

/// The year's angle (radians) on `day_of_year` at `utc_hours`.
fn year_angle(day_of_year: u32, utc_hours: f64) -> f64 {
    2.0 * PI / 365.0 * (f64::from(day_of_year) - 1.0 + (utc_hours - 12.0) / 24.0)
}

/// The equation of time (minutes) and the sun's declination (radians).
fn equation_of_time_and_declination(gamma: f64) -> (f64, f64) {
    let eqtime = 229.18
        * (0.000075 + 0.001868 * gamma.cos()
            - 0.032077 * gamma.sin()
            - 0.014615 * (2.0 * gamma).cos()
            - 0.040849 * (2.0 * gamma).sin());
    let declination = 0.006918 - 0.399912 * gamma.cos() + 0.070257 * gamma.sin()
        - 0.006758 * (2.0 * gamma).cos()
        + 0.000907 * (2.0 * gamma).sin()
        - 0.002697 * (3.0 * gamma).cos()
        + 0.00148 * (3.0 * gamma).sin();
    (eqtime, declination)
}

/// Day of the year, 1 for 1 January.
fn day_of_year(year: i32, month: u32, day: u32) -> u32 {
    const BEFORE: [u32; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month = month.clamp(1, 12);
    BEFORE[month as usize - 1] + day + u32::from(leap && month > 2)
}

/// The sun's centre at sunrise and sunset, in degrees: 0.833 below the horizon
/// (refraction and its radius).
pub const SUNRISE: f64 = -0.833;
/// Civil twilight: with the sun 6 degrees below the horizon, first light in the
/// morning and last light in the evening.
pub const CIVIL_TWILIGHT: f64 = -6.0;
/// The golden hour: the sun under 6 degrees above the horizon.
pub const GOLDEN_HOUR: f64 = 6.0;

/// Local sunrise and sunset on `date` (`(year, month, day)`), in minutes after
/// local midnight; `None` on a day the sun never rises or never sets.
pub fn rise_and_set(place: Place, date: (i32, u32, u32)) -> Option<(u32, u32)> {
    crossings(place, date, SUNRISE)
}

/// When the sun's centre climbs through `elevation` degrees on `date` and when it
/// sinks through it again, in minutes after local midnight; `None` on a day it
/// stays above or below it (polar day or night, or no twilight that deep).
pub fn crossings(place: Place, date: (i32, u32, u32), elevation: f64) -> Option<(u32, u32)> {
    let (year, month, day) = date;
    let gamma = year_angle(day_of_year(year, month, day), 12.0);
    let (eqtime, declination) = equation_of_time_and_declination(gamma);
    let lat = place.lat.to_radians();
    let cos_hour_angle = (90.0 - elevation).to_radians().cos() / (lat.cos() * declination.cos())
        - lat.tan() * declination.tan();
    if !(-1.0..=1.0).contains(&cos_hour_angle) {
        return None;
    }
    let hour_angle = cos_hour_angle.acos().to_degrees();
    let local = |utc_minutes: f64| {
        ((utc_minutes + place.utc_offset_hours * 60.0)
            .rem_euclid(1440.0)
            .round() as u32)
            % 1440
    };
    Some((
        local(720.0 - 4.0 * (place.lon + hour_angle) - eqtime),
        local(720.0 - 4.0 * (place.lon - hour_angle) - eqtime),
    ))
}

/// The sun's position at `minutes` after local midnight on `date`.
pub fn position(place: Place, date: (i32, u32, u32), minutes: u32) -> SunPosition {
    let (year, month, day) = date;
    let utc_hours = f64::from(minutes) / 60.0 - place.utc_offset_hours;
    let gamma = year_angle(day_of_year(year, month, day), utc_hours);
    let (eqtime, declination) = equation_of_time_and_declination(gamma);
    // True solar time: local clock corrected for longitude within the time zone.
    let solar_minutes =
        f64::from(minutes) + eqtime + 4.0 * place.lon - 60.0 * place.utc_offset_hours;
    let hour_angle = (solar_minutes / 4.0 - 180.0).to_radians();
    let lat = place.lat.to_radians();
    let cos_zenith = (lat.sin() * declination.sin()
        + lat.cos() * declination.cos() * hour_angle.cos())
    .clamp(-1.0, 1.0);
    let elevation = 90.0 - cos_zenith.acos().to_degrees();
    let azimuth = (hour_angle
        .sin()
        .atan2(hour_angle.cos() * lat.sin() - declination.tan() * lat.cos())
        .to_degrees()
        + 180.0)
        .rem_euclid(360.0);
    SunPosition { elevation, azimuth }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEW_YORK: Place = Place {
        lat: 40.7128,
        lon: -74.006,
        utc_offset_hours: -4.0,
    };

    fn clock(minutes: u32) -> String {
        format!("{:02}:{:02}", minutes / 60, minutes % 60)
    }

    #[test]
    fn new_york_at_midsummer() {
        // Published: sunrise 05:25, sunset 20:31 (EDT); the equations are good to a
        // minute or two.
        let (rise, set) = rise_and_set(NEW_YORK, (2026, 6, 21)).unwrap();
        assert!(rise.abs_diff(5 * 60 + 25) <= 2, "{}", clock(rise));
        assert!(set.abs_diff(20 * 60 + 31) <= 2, "{}", clock(set));
        // Solar noon, about 12:57 daylight time: due south, 90 - 40.7 + 23.4 up.
        let noon = position(NEW_YORK, (2026, 6, 21), 12 * 60 + 57);
        assert!((noon.elevation - 72.7).abs() < 0.3, "{noon:?}");
        assert!((noon.azimuth - 180.0).abs() < 1.5, "{noon:?}");
        let morning = position(NEW_YORK, (2026, 6, 21), 7 * 60);
        assert!(
            morning.azimuth > 45.0 && morning.azimuth < 90.0,
            "{morning:?}"
        );
        let at_sunset = position(NEW_YORK, (2026, 6, 21), set);
        assert!(at_sunset.elevation.abs() < 1.0, "{at_sunset:?}");
    }

    #[test]
    fn twilight_and_golden_hour_match_published_tables() {
        // Published for New York, 2026-06-21 (EDT): civil twilight 04:52 to 21:04.
        let (dawn, dusk) = crossings(NEW_YORK, (2026, 6, 21), CIVIL_TWILIGHT).unwrap();
        assert!(dawn.abs_diff(4 * 60 + 52) <= 2, "{}", clock(dawn));
        assert!(dusk.abs_diff(21 * 60 + 4) <= 2, "{}", clock(dusk));
        // The golden hour ends at sunset and starts with the sun 6 degrees up.
        let (_, golden) = crossings(NEW_YORK, (2026, 6, 21), GOLDEN_HOUR).unwrap();
        let (_, set) = rise_and_set(NEW_YORK, (2026, 6, 21)).unwrap();
        let start = position(NEW_YORK, (2026, 6, 21), golden);
        assert!((start.elevation - GOLDEN_HOUR).abs() < 0.3, "{start:?}");
        assert!((40..=75).contains(&(set - golden)), "{}", clock(golden));
        // At 80 degrees north at midsummer the sun never sinks 6 degrees.
        let svalbard = Place {
            lat: 80.0,
            lon: 0.0,
            utc_offset_hours: 0.0,
        };
        assert_eq!(crossings(svalbard, (2026, 6, 21), CIVIL_TWILIGHT), None);
    }

    #[test]
    fn south_of_the_equator_the_noon_sun_is_north() {
        let sydney = Place {
            lat: -33.87,
            lon: 151.21,
            utc_offset_hours: 10.0,
        };
        let noon = position(sydney, (2026, 6, 21), 11 * 60 + 57);
        assert!((noon.elevation - 32.7).abs() < 0.5, "{noon:?}");
        assert!(noon.azimuth < 2.0 || noon.azimuth > 358.0, "{noon:?}");
    }

    #[test]
    fn the_midnight_sun_neither_rises_nor_sets() {
        let svalbard = Place {
            lat: 80.0,
            lon: 0.0,
            utc_offset_hours: 0.0,
        };
        assert_eq!(rise_and_set(svalbard, (2026, 6, 21)), None);
        assert!(position(svalbard, (2026, 6, 21), 0).elevation > 0.0);
    }

    #[test]
    fn days_of_the_year_count_leap_days() {
        assert_eq!(day_of_year(2026, 1, 1), 1);
        assert_eq!(day_of_year(2026, 12, 31), 365);
        assert_eq!(day_of_year(2024, 3, 1), 61);
        assert_eq!(day_of_year(2100, 3, 1), 60);
    }
}
