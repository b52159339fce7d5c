//! The light plot: key, fill and back light for each scene, sun or moon outside,
//! soft sources inside, and a light in every practical the set has.
//!
//! Lights use Blender's convention (they shine down their local -Z), so they are
//! aimed with the same `look_at` as cameras.

use glam::Vec3;
use oneshot_model::production::parse_hex_color;
use oneshot_model::{LightData, LightKind, Transform};

use crate::color;
use crate::framing::look_at;
use crate::set::Stage;

/// Warm daylight, cool moonlight, tungsten.
const SUN: [f32; 3] = [1.0, 0.95, 0.86];
const MOON: [f32; 3] = [0.55, 0.65, 1.0];
const SKY: [f32; 3] = [0.7, 0.8, 1.0];
const TUNGSTEN: [f32; 3] = [1.0, 0.78, 0.55];

/// The scene's lights, pointed at the centre of the action at head height.
pub fn plot(stage: &Stage, night: bool) -> Vec<LightData> {
    let subjects = stage.subjects();
    let center = if subjects.is_empty() {
        Vec3::Z
    } else {
        subjects.iter().map(|s| s.position).sum::<Vec3>() / subjects.len() as f32 + Vec3::Z * 1.4
    };
    let aimed =
        |name: &str, kind: LightKind, from: Vec3, color: [f32; 3], energy: f32, size: f32| {
            let location = center + from;
            LightData {
                name: name.to_owned(),
                kind,
                transform: Transform {
                    location,
                    rotation: look_at(location, center),
                    scale: Vec3::ONE,
                },
                color,
                energy,
                size,
            }
        };
    // Key from camera left and above, fill from camera right, back light behind.
    let key_from = Vec3::new(-4.0, -3.0, 4.0);
    let fill_from = Vec3::new(4.0, -3.5, 1.5);
    let back_from = Vec3::new(1.0, 4.0, 3.0);
    let mut lights = match (stage.interior, night) {
        (false, false) => vec![
            aimed("Key (sun)", LightKind::Sun, key_from * 3.0, SUN, 4.0, 0.01),
            aimed("Fill (sky)", LightKind::Area, fill_from, SKY, 300.0, 4.0),
            aimed("Back", LightKind::Area, back_from, SUN, 250.0, 2.0),
        ],
        (false, true) => vec![
            aimed(
                "Key (moon)",
                LightKind::Sun,
                key_from * 3.0,
                MOON,
                0.4,
                0.02,
            ),
            aimed("Fill", LightKind::Area, fill_from, MOON, 60.0, 4.0),
            aimed("Back", LightKind::Spot, back_from, MOON, 500.0, 0.8),
        ],
        (true, false) => vec![
            aimed(
                "Key (window)",
                LightKind::Area,
                Vec3::new(2.0, 1.5, 1.6),
                SKY,
                500.0,
                2.0,
            ),
            aimed("Fill", LightKind::Area, fill_from, SUN, 150.0, 3.0),
            aimed(
                "Back",
                LightKind::Area,
                back_from.min(Vec3::splat(stage.back_y - 0.3)),
                SUN,
                120.0,
                1.0,
            ),
        ],
        (true, true) => vec![
            aimed(
                "Key (tungsten)",
                LightKind::Area,
                key_from * 0.6,
                TUNGSTEN,
                250.0,
                1.0,
            ),
            aimed("Fill", LightKind::Area, fill_from, MOON, 40.0, 3.0),
            aimed(
                "Back",
                LightKind::Spot,
                back_from.min(Vec3::splat(stage.back_y - 0.3)),
                TUNGSTEN,
                300.0,
                0.9,
            ),
        ],
    };
    for (i, (position, hex)) in stage.practicals.iter().enumerate() {
        lights.push(LightData {
            name: format!("Practical {}", i + 1),
            kind: LightKind::Point,
            transform: Transform::at(*position),
            color: parse_hex_color(hex).map_or([1.0; 3], color::linear),
            energy: 60.0,
            size: 0.1,
        });
    }
    lights
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::set::{Performer, PropSpec, build};

    fn stage(interior: bool, night: bool, props: &[PropSpec]) -> Stage {
        let cast = [Performer {
            name: "A".into(),
            height: 1.8,
            color: "#ff0000".into(),
        }];
        build(interior, night, &cast, &[], props)
    }

    #[test]
    fn every_plot_has_key_fill_and_back_aimed_at_the_action() {
        for (interior, night) in [(false, false), (false, true), (true, false), (true, true)] {
            let lights = plot(&stage(interior, night, &[]), night);
            assert_eq!(lights.len(), 3);
            for (light, role) in lights.iter().zip(["Key", "Fill", "Back"]) {
                assert!(light.name.starts_with(role), "{}", light.name);
                let aim = light.transform.rotation * Vec3::NEG_Z;
                let to_action = (Vec3::Z * 1.4 - light.transform.location).normalize();
                assert!(aim.dot(to_action) > 0.999, "{} misses", light.name);
            }
        }
    }

    #[test]
    fn night_is_darker_and_bluer_than_day() {
        let day = plot(&stage(false, false, &[]), false);
        let night = plot(&stage(false, true, &[]), true);
        assert!(night[0].energy < day[0].energy);
        assert!(night[0].color[2] > night[0].color[0]);
    }

    #[test]
    fn practicals_get_a_light() {
        let lamp = [PropSpec {
            name: "LAMP".into(),
            vehicle: false,
        }];
        let lights = plot(&stage(true, true, &lamp), true);
        assert_eq!(lights.len(), 4);
        assert_eq!(lights[3].kind, LightKind::Point);
    }
}
