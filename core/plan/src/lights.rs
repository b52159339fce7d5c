//! The light plot: key, fill and back light for each scene, sun or moon outside,
//! soft sources inside, and a light in every practical the set has.
//!
//! By day the key outside is the sun where it really stands: at the scene's
//! location (its GPS), on the first shoot day, at the hour the heading names
//! (see [`sun`]). A dawn comes in low and warm from the east, a noon from high
//! overhead, an evening low from the west; a window's light takes the sun's
//! colour. Sets face north: the camera looks along +Y, east is camera right.
//!
//! Lights use Blender's convention (they shine down their local -Z), so they are
//! aimed with the same `look_at` as cameras.
//!
//! The air they shine through is part of the plot too ([`atmosphere`]): clear,
//! or hazed as a DP hazes a stage so the light shows its beams, and thickened by
//! a scene's own fog or smoke.

use glam::{Quat, Vec3};
use oneshot_model::production::{parse_date, parse_hex_color};
use oneshot_model::sun::{self, Place, SunPosition};
use oneshot_model::{
    Atmosphere, AtmospherePreset, CameraData, DayNight, EffectKind, EffectLayer, LightData,
    LightKind, Location, Role, Scene, SceneGraph, SetPiece, ShotSetup, Transform,
};

use crate::color;
use crate::framing::{Subject, look_at};
use crate::set::{Mark, Practical, Stage, WALL_HEIGHT_M};

/// Warm daylight, cool moonlight, tungsten.
const SUN: [f32; 3] = [1.0, 0.95, 0.86];
const MOON: [f32; 3] = [0.55, 0.65, 1.0];
const SKY: [f32; 3] = [0.7, 0.8, 1.0];
const TUNGSTEN: [f32; 3] = [1.0, 0.78, 0.55];
/// The sun at the horizon; it whitens to [`SUN`] as it climbs to [`HIGH_SUN`].
const GOLDEN: [f32; 3] = [1.0, 0.62, 0.36];
const HIGH_SUN: f64 = 30.0;
/// A day scene is lit by day, even if its hour puts the sun at the horizon.
const LOWEST_SUN: f64 = 2.0;

/// Where a location has no GPS: a Hollywood backlot.
const BACKLOT: Place = Place {
    lat: 34.09,
    lon: -118.33,
    utc_offset_hours: -8.0,
};
/// Where the production has no start date: the March equinox, a middling sun.
const EQUINOX: (i32, u32, u32) = (2026, 3, 20);

/// The sun over a day scene whose heading says `time_of_day`, shot at `location`
/// (its GPS, else [`BACKLOT`]) on `date` (`YYYY-MM-DD`, else [`EQUINOX`]): at
/// sunrise for DAWN, mid-morning for MORNING, noon for NOON, mid-afternoon for
/// AFTERNOON, the golden hour for EVENING, SUNSET or MAGIC HOUR, the last minutes
/// for DUSK, and early afternoon for DAY or no hour at all.
pub fn sun(
    time_of_day: Option<&str>,
    location: Option<&Location>,
    date: Option<&str>,
) -> SunPosition {
    let date = date.and_then(parse_date).unwrap_or(EQUINOX);
    let place = location.and_then(|l| l.place_on(date)).unwrap_or(BACKLOT);
    // Under the midnight sun or the polar night the clock alone has to do.
    let (rise, set) = sun::rise_and_set(place, date).unwrap_or((6 * 60, 18 * 60));
    let tod = time_of_day.unwrap_or_default().to_ascii_uppercase();
    let says = |word: &str| tod.split(|c: char| !c.is_alphanumeric()).any(|w| w == word);
    let noon = (rise + set) / 2;
    let minutes = if says("DAWN") || says("SUNRISE") || says("DAYBREAK") {
        rise + 15
    } else if says("MORNING") {
        rise + 150
    } else if says("NOON") {
        noon
    } else if says("AFTERNOON") {
        set.saturating_sub(180)
    } else if says("DUSK") || says("TWILIGHT") {
        set.saturating_sub(5)
    } else if says("EVENING") || says("SUNSET") || tod.contains("MAGIC HOUR") {
        set.saturating_sub(40)
    } else {
        noon + 60
    };
    let position = sun::position(place, date, minutes % 1440);
    SunPosition {
        elevation: position.elevation.max(LOWEST_SUN),
        ..position
    }
}

/// The unit vector from the set towards the sun (+Y north, +X east, +Z up).
fn toward(sun: SunPosition) -> Vec3 {
    let (elevation, azimuth) = (sun.elevation.to_radians(), sun.azimuth.to_radians());
    Vec3::new(
        (azimuth.sin() * elevation.cos()) as f32,
        (azimuth.cos() * elevation.cos()) as f32,
        elevation.sin() as f32,
    )
}

/// How far the sun has climbed out of its golden light, 0 at the horizon to 1 at
/// [`HIGH_SUN`] degrees.
fn climbed(sun: SunPosition) -> f32 {
    let t = ((sun.elevation - LOWEST_SUN) / (HIGH_SUN - LOWEST_SUN)).clamp(0.0, 1.0) as f32;
    t * t * (3.0 - 2.0 * t)
}

fn sunlight(sun: SunPosition) -> [f32; 3] {
    let t = climbed(sun);
    std::array::from_fn(|i| GOLDEN[i] + (SUN[i] - GOLDEN[i]) * t)
}

/// The key of a room by night: a tungsten lamp on the side of the set's first
/// practical, as if it were that lamp.
const LAMPLIGHT_KEY: &str = "Key (tungsten)";
/// Keys that stand where their source is, whichever way the camera looks.
const SUN_KEY: &str = "Key (sun)";
const MOON_KEY: &str = "Key (moon)";
const WINDOW_KEY: &str = "Key (window)";
const BACK: &str = "Back";

/// The lamps of the plot that the set's first practical motivates, and that ride
/// its dimmer: by night in a room, the key (from the lamp's side) and the back
/// light (in its colour). None otherwise: the sun, the moon and a window do not
/// go out with a lamp.
pub fn motivated_by_the_lamp(stage: &Stage, night: bool) -> Vec<String> {
    let lamp = stage.practicals.first();
    match stage.interior && night && lamp.is_some_and(|p| p.role == Role::Practical) {
        true => vec![LAMPLIGHT_KEY.to_owned(), BACK.to_owned()],
        false => Vec::new(),
    }
}

/// The scene's lights, pointed at the centre of the action at head height; by
/// day the sun (see [`sun`]) keys an exterior and colours an interior's window.
/// Each practical is a point light of its colour.
pub fn plot(stage: &Stage, night: bool, sun: SunPosition) -> Vec<LightData> {
    let mut lights = key_fill_back(stage, night, sun, Quat::IDENTITY, true);
    lights.extend(practical_lights(stage));
    lights
}

/// Lights each set-up from its camera, as a gaffer re-sets the lamps for each
/// camera position: the plot is set for the master, looking north; for a set-up
/// looking another way (a single across the action, the reverse coverage) the
/// key, fill and back light turn round the action with the camera, so the key and
/// fill come from the camera's side and the back light from behind the cast. A
/// sun, moon or window key stays where it is. Each such set-up's `relit` holds
/// the lamps it moves, where they stand for it.
pub fn relight_each_setup(stage: &Stage, night: bool, sun: SunPosition, setups: &mut [ShotSetup]) {
    let plot = key_fill_back(stage, night, sun, Quat::IDENTITY, true);
    for setup in setups {
        let turn = turned_to(&setup.camera);
        setup.relit = key_fill_back(stage, night, sun, turn, true)
            .into_iter()
            .zip(&plot)
            .filter(|(turned, light)| {
                turned.transform.location.distance(light.transform.location) > MOVED_M
                    || turned.energy != light.energy
            })
            .map(|(turned, _)| turned)
            .collect();
    }
}

/// How much brighter the fill is where the sun or a window backlights the cast.
const BACKLIT_FILL: f32 = 3.0;

/// A lamp moved less than this for a set-up stays where the plot has it, metres.
const MOVED_M: f32 = 0.05;

/// The turn about the vertical from north (the plot's camera) to where `camera`
/// looks; none for a camera looking (nearly) straight down, which looks no way.
fn turned_to(camera: &CameraData) -> Quat {
    let view = (camera.transform.rotation * Vec3::NEG_Z).truncate();
    match view.length() < LOOKS_DOWN {
        true => Quat::IDENTITY,
        false => Quat::from_rotation_z(-view.x.atan2(view.y)),
    }
}

/// A camera whose view has less than this across the floor looks straight down.
const LOOKS_DOWN: f32 = 0.1;

/// The air of a set: the production's preset, or as thick as the scene's fog
/// or smoke (scaled by the layer's strength) where that is thicker (then it
/// stands for that composited layer), filling a box round the set's `pieces` and
/// the `setups`' perspective cameras. `None` for clear air.
pub fn atmosphere(
    preset: AtmospherePreset,
    effects: &[EffectLayer],
    pieces: &[SetPiece],
    setups: &[ShotSetup],
) -> Option<Atmosphere> {
    let scene_air = effects.iter().filter_map(|layer| {
        let preset = match layer.kind {
            EffectKind::Haze => AtmospherePreset::Fog,
            EffectKind::Smoke => AtmospherePreset::Smoke,
            _ => return None,
        };
        Some((preset, layer.strength, Some(layer.kind)))
    });
    let (preset, density, replaces) = std::iter::once((preset, 1.0, None))
        .chain(scene_air)
        .map(|(preset, strength, kind)| {
            let density = air(preset).map_or(0.0, |a| a.0 * strength);
            (preset, density, kind)
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    let (_, anisotropy, color) = air(preset)?;
    // An orthographic (isometric) camera stands far off and sees no depth: the
    // air need not reach it.
    let perspective = setups.iter().filter(|s| s.camera.ortho_scale.is_none());
    let cameras = perspective.flat_map(|setup| {
        let keys = setup.path.iter().flat_map(|path| &path.keys);
        std::iter::once(setup.camera.transform.location).chain(keys.map(|k| k.transform.location))
    });
    let (low, high) = pieces
        .iter()
        .filter(|piece| !crate::set::is_world(piece))
        .flat_map(crate::set::corners)
        .chain(cameras)
        .fold(
            (Vec3::splat(f32::MAX), Vec3::splat(f32::MIN)),
            |(low, high), point| (low.min(point), high.max(point)),
        );
    // A metre round it all, from the floor up; a bare set gets a room's worth.
    let (low, high) = if low.x > high.x {
        (Vec3::new(-5.0, -5.0, 0.0), Vec3::new(5.0, 5.0, 4.0))
    } else {
        ((low - AIR_MARGIN_M).with_z(0.0), high + AIR_MARGIN_M)
    };
    Some(Atmosphere {
        center: (low + high) / 2.0,
        size: high - low,
        density,
        anisotropy,
        color: color.to_owned(),
        replaces: replaces.into_iter().collect(),
    })
}

/// The air's box reaches this far past the set and its cameras.
const AIR_MARGIN_M: Vec3 = Vec3::splat(1.0);

/// A preset's density (per metre), forward scattering and colour.
fn air(preset: AtmospherePreset) -> Option<(f32, f32, &'static str)> {
    match preset {
        AtmospherePreset::Clear => None,
        AtmospherePreset::Haze => Some((0.02, 0.6, "#ffffff")),
        AtmospherePreset::Fog => Some((0.08, 0.3, "#eef2f5")),
        AtmospherePreset::Smoke => Some((0.05, 0.4, "#b9b4ad")),
    }
}

/// The key, fill and back light for a camera looking north, turned by `turn`
/// about the action for a camera looking another way. With `sources_stand` (a
/// planned set, whose sun, moon and window are where they are) a sun, moon or
/// window key stays put whatever the camera does; without (a user's scene, whose
/// window the plot cannot see) the whole plot turns.
fn key_fill_back(
    stage: &Stage,
    night: bool,
    sun: SunPosition,
    turn: Quat,
    sources_stand: bool,
) -> Vec<LightData> {
    let center = stage_center(stage);
    // How far the first practical stands across the camera's view (to its right +).
    let lamp_across =
        (stage.practicals.first()).map(|p| (turn.inverse() * (p.light_at - center)).x);
    // In a room the plan built, lamps hang below the ceiling and inside the walls.
    let rigged = |at: Vec3| match stage.interior && stage.half_width < OPEN_SET_M {
        true => {
            let side = stage.half_width - LAMP_CLEARANCE_M;
            Vec3::new(
                at.x.clamp(-side, side),
                at.y.min(stage.back_y - LAMP_CLEARANCE_M),
                at.z.min(WALL_HEIGHT_M - LAMP_CLEARANCE_M),
            )
        }
        false => at,
    };
    let aimed =
        |name: &str, kind: LightKind, from: Vec3, color: [f32; 3], energy: f32, size: f32| {
            let stands = sources_stand && [SUN_KEY, MOON_KEY, WINDOW_KEY].contains(&name);
            let location = rigged(center + if stands { from } else { turn * from });
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
    // Key from camera left and above, back light behind; by night in a room with
    // a lamp, the key comes from the lamp's side, as if it were the lamp. By day
    // the key is the sun outside and the window in a room, wherever they are. The
    // fill comes from the camera's other side than the key, to fill its shadows.
    let side = match (stage.interior && night, lamp_across) {
        (true, Some(dx)) if dx > 0.0 => -1.0,
        _ => 1.0,
    };
    let key_from = Vec3::new(-4.0 * side, -3.0, 4.0);
    let fill_across = |key: Vec3| Vec3::new(if key.x > 0.0 { -4.0 } else { 4.0 }, -3.5, 1.5);
    // A sun or window where it stands, as the camera sees it: across from it the
    // fill; beyond the cast, it backlights them, and the fill is brought up to
    // light their faces.
    let seen = |from: Vec3| match sources_stand {
        true => turn.inverse() * from,
        false => from,
    };
    let fill_up = |from: Vec3| {
        if seen(from).y > 0.0 {
            BACKLIT_FILL
        } else {
            1.0
        }
    };
    let fill_from = fill_across(key_from);
    let moon_from = key_from * 3.0;
    let back_from = Vec3::new(1.0, 4.0, 3.0);
    let sun_from = toward(sun) * 15.0;
    let window_from = Vec3::new(2.0, 1.5, 1.6);
    match (stage.interior, night) {
        (false, false) => vec![
            aimed(
                SUN_KEY,
                LightKind::Sun,
                sun_from,
                sunlight(sun),
                4.0 * (0.4 + 0.6 * climbed(sun)),
                0.01,
            ),
            aimed(
                "Fill (sky)",
                LightKind::Area,
                fill_across(seen(sun_from)),
                SKY,
                300.0 * fill_up(sun_from),
                4.0,
            ),
            // The sun's own colour from behind: warm at dawn as the key is.
            aimed(
                "Back",
                LightKind::Area,
                back_from,
                sunlight(sun),
                250.0,
                2.0,
            ),
        ],
        (false, true) => vec![
            aimed(MOON_KEY, LightKind::Sun, moon_from, MOON, 0.4, 0.02),
            aimed(
                "Fill",
                LightKind::Area,
                fill_across(seen(moon_from)),
                MOON,
                60.0 * fill_up(moon_from),
                4.0,
            ),
            aimed("Back", LightKind::Spot, back_from, MOON, 500.0, 0.8),
        ],
        (true, false) => vec![
            aimed(
                WINDOW_KEY,
                LightKind::Area,
                window_from,
                std::array::from_fn(|i| (SKY[i] + sunlight(sun)[i]) / 2.0),
                500.0,
                2.0,
            ),
            aimed(
                "Fill",
                LightKind::Area,
                fill_across(seen(window_from)),
                SUN,
                150.0 * fill_up(window_from),
                3.0,
            ),
            aimed("Back", LightKind::Area, back_from, SUN, 120.0, 1.0),
        ],
        (true, true) => vec![
            aimed(
                LAMPLIGHT_KEY,
                LightKind::Area,
                key_from * 0.6,
                TUNGSTEN,
                250.0,
                1.0,
            ),
            aimed("Fill", LightKind::Area, fill_from, MOON, 40.0, 3.0),
            aimed(BACK, LightKind::Spot, back_from, TUNGSTEN, 300.0, 0.9),
        ],
    }
}

/// The name of the light in the set's `index`th practical.
pub fn practical_light(index: usize) -> String {
    format!("Practical {}", index + 1)
}

fn practical_lights(stage: &Stage) -> impl Iterator<Item = LightData> + '_ {
    stage
        .practicals
        .iter()
        .enumerate()
        .map(|(i, practical)| LightData {
            name: practical_light(i),
            kind: LightKind::Point,
            transform: Transform::at(practical.light_at),
            color: parse_hex_color(&practical.color).map_or([1.0; 3], color::linear),
            energy: 60.0,
            size: 0.1,
        })
}

/// How far a lamp in a room keeps from its walls and ceiling, metres.
const LAMP_CLEARANCE_M: f32 = 0.3;

/// Walls this far off stand in for a user's scene, whose walls the plot cannot see.
const OPEN_SET_M: f32 = 1000.0;
/// The colour of a `practical` in a user's scene: a warm bulb.
const PRACTICAL_COLOR: &str = "#ffc987";

/// A light plot for the user's own Blender scene: key, fill and back light on its
/// `character`s as [`plot`] lights a planned set (`time_of_day` as a heading writes
/// it, `interior` or not), a point light at each `practical`, and the plot turned
/// to the scene's active camera, so that the key comes from the camera's left
/// wherever the camera stands (by night, from the side of the first practical); a
/// sun, moon or window key stands where it is. Its walls are not known: no lamp is kept under a ceiling. Without
/// characters it lights the origin.
pub fn scene_plot(graph: &SceneGraph, time_of_day: &str, interior: bool) -> Vec<LightData> {
    let marks = graph
        .with_role(Role::Character)
        .map(|o| Mark {
            name: o.name.clone(),
            subject: Subject {
                position: o.bounds.center().truncate().extend(o.bounds.min.z),
                height: (o.bounds.max.z - o.bounds.min.z).max(0.1),
            },
            facing: Vec3::NEG_Y,
        })
        .collect();
    let practicals = graph
        .with_role(Role::Practical)
        .map(|o| Practical {
            piece: o.name.clone(),
            role: Role::Practical,
            light_at: o.bounds.center(),
            color: PRACTICAL_COLOR.to_owned(),
        })
        .collect();
    let stage = Stage {
        interior,
        pieces: Vec::new(),
        marks,
        practicals,
        half_width: OPEN_SET_M,
        back_y: OPEN_SET_M,
        front_y: -OPEN_SET_M,
    };
    let heading = Scene {
        time_of_day: Some(time_of_day.to_uppercase()),
        ..Scene::default()
    };
    let night = heading.day_night(DayNight::Day) == DayNight::Night;
    // The plot is drawn for a camera looking north; turn it to the scene's camera.
    let camera = graph
        .active_camera
        .as_ref()
        .and_then(|name| graph.cameras.iter().find(|c| &c.name == name))
        .or(graph.cameras.first());
    let turn = camera.map_or(Quat::IDENTITY, turned_to);
    let time = sun(Some(time_of_day), None, None);
    let mut lights = key_fill_back(&stage, night, time, turn, false);
    lights.extend(practical_lights(&stage));
    lights
}

/// The point the plot aims at: the middle of the marks at head height.
fn stage_center(stage: &Stage) -> Vec3 {
    let subjects = stage.subjects();
    if subjects.is_empty() {
        return Vec3::Z;
    }
    subjects.iter().map(|s| s.position).sum::<Vec3>() / subjects.len() as f32 + Vec3::Z * 1.4
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::set::{Performer, PropKind, PropSpec, build};
    use oneshot_model::{Aabb, CameraData, SceneObject};

    #[test]
    fn the_air_is_the_presets_or_the_scenes_fog_where_thicker() {
        let layer = |kind, strength| EffectLayer {
            kind,
            strength,
            wind: 0.0,
        };
        let air = |preset, effects: &[EffectLayer]| atmosphere(preset, effects, &[], &[]);
        assert_eq!(air(AtmospherePreset::Clear, &[]), None);
        let rain = [layer(EffectKind::Rain, 1.0)];
        assert_eq!(air(AtmospherePreset::Clear, &rain), None);
        let hazed = air(AtmospherePreset::Haze, &rain).unwrap();
        assert_eq!((hazed.density, hazed.anisotropy), (0.02, 0.6));
        // Half a fog is thicker than a haze; a wisp of smoke is not.
        let fog = air(AtmospherePreset::Haze, &[layer(EffectKind::Haze, 0.5)]).unwrap();
        assert_eq!((fog.density, fog.color.as_str()), (0.04, "#eef2f5"));
        assert_eq!(fog.replaces, [EffectKind::Haze]);
        assert!(hazed.replaces.is_empty());
        let wisp = air(AtmospherePreset::Haze, &[layer(EffectKind::Smoke, 0.2)]);
        assert_eq!(wisp, Some(hazed));

        // The box holds the set (not the world round it) and the cameras, from the floor up.
        let stage = build(true, false, &[], &[], &[]);
        let mut camera = CameraData {
            name: "1-1".into(),
            transform: Transform::at(Vec3::new(0.0, -9.0, 1.6)),
            lens_mm: 35.0,
            sensor_width_mm: 36.0,
            focus_distance: None,
            ortho_scale: None,
        };
        camera.transform.location.z = 1.6;
        let setup: ShotSetup = serde_json::from_value(serde_json::json!({
            "shot_id": "1-1", "camera": camera, "path": null, "frames": 1
        }))
        .unwrap();
        let mut isometric = setup.clone();
        isometric.camera.transform.location = Vec3::new(-40.0, -40.0, 30.0);
        isometric.camera.ortho_scale = Some(12.0);
        let boxed = atmosphere(
            AtmospherePreset::Haze,
            &[],
            &stage.pieces,
            &[setup, isometric],
        )
        .unwrap();
        let low = boxed.center - boxed.size / 2.0;
        let high = boxed.center + boxed.size / 2.0;
        assert_eq!(low.z, 0.0);
        assert!(
            low.y <= -10.0 + 1e-4 && high.z >= crate::set::WALL_HEIGHT_M,
            "{low} {high}"
        );
        assert!(boxed.size.x < 30.0, "{}", boxed.size);
    }

    fn user_object(name: &str, role: Role, min: Vec3, max: Vec3) -> SceneObject {
        SceneObject {
            name: name.into(),
            role: Some(role),
            transform: Transform::at((min + max) / 2.0),
            bounds: Aabb { min, max },
            samples: Vec::new(),
        }
    }

    #[test]
    fn a_user_scene_is_lit_from_its_cameras_left() {
        let eye = Vec3::new(-6.0, 0.0, 1.6);
        let graph = SceneGraph {
            name: "Scene".into(),
            frame_start: 1,
            frame_end: 1,
            fps: 24.0,
            objects: vec![
                user_object(
                    "ANA",
                    Role::Character,
                    Vec3::new(-0.25, -0.15, 0.0),
                    Vec3::new(0.25, 0.15, 1.8),
                ),
                user_object(
                    "lamp",
                    Role::Practical,
                    Vec3::new(2.0, 2.0, 0.0),
                    Vec3::new(2.2, 2.2, 1.5),
                ),
            ],
            // Looking east at her.
            cameras: vec![CameraData {
                name: "Camera".into(),
                transform: Transform {
                    location: eye,
                    rotation: look_at(eye, Vec3::new(0.0, 0.0, 1.4)),
                    ..Transform::default()
                },
                lens_mm: 35.0,
                sensor_width_mm: 36.0,
                focus_distance: None,
                ortho_scale: None,
            }],
            lights: Vec::new(),
            active_camera: Some("Camera".into()),
        };
        let lights = scene_plot(&graph, "night", true);
        let names: Vec<&str> = lights.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["Key (tungsten)", "Fill", "Back", "Practical 1"]);
        let center = Vec3::new(0.0, 0.0, 1.4);
        let key = lights[0].transform.location;
        // The camera's left, looking east, is north; the key stands on the camera's side.
        assert!(key.y > 1.0 && key.x < 0.0, "{key}");
        let back = lights[2].transform.location;
        assert!(back.x > 0.0, "the back light is behind her: {back}");
        for light in &lights[..3] {
            let forward = light.transform.rotation * Vec3::NEG_Z;
            let to_center = (center - light.transform.location).normalize();
            assert!(forward.dot(to_center) > 0.999, "{} aims at her", light.name);
        }
        assert!(
            lights[3]
                .transform
                .location
                .abs_diff_eq(Vec3::new(2.1, 2.1, 0.75), 1e-5)
        );
        // By day outside, the sun keys her instead.
        assert_eq!(scene_plot(&graph, "DAY", false)[0].name, "Key (sun)");
    }

    fn stage(interior: bool, night: bool, props: &[PropSpec]) -> Stage {
        let cast = [Performer {
            name: "A".into(),
            height: 1.8,
            build: 1.0,
            color: "#ff0000".into(),
            dressing: None,
        }];
        build(interior, night, &cast, &[], props)
    }

    #[test]
    fn every_plot_has_key_fill_and_back_aimed_at_the_action() {
        for (interior, night) in [(false, false), (false, true), (true, false), (true, true)] {
            let lights = plot(&stage(interior, night, &[]), night, sun(None, None, None));
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
    fn the_fill_comes_from_the_other_side_than_the_key() {
        let morning = |azimuth| SunPosition {
            azimuth,
            ..sun(Some("MORNING"), None, None)
        };
        for (interior, night) in [(false, false), (false, true), (true, false), (true, true)] {
            for light in [morning(90.0), morning(270.0)] {
                let lights = plot(&stage(interior, night, &[]), night, light);
                let x = |role: &str| {
                    let found = lights.iter().find(|l| l.name.starts_with(role)).unwrap();
                    found.transform.location.x
                };
                assert!(
                    x("Key") * x("Fill") < 0.0,
                    "{interior} {night} {}",
                    light.azimuth
                );
            }
        }
    }

    /// A set-up whose camera stands 3 m from the action looking `toward`.
    fn looking(toward: Vec3) -> ShotSetup {
        let target = Vec3::Z * 1.4;
        let eye = target - toward.normalize() * 3.0;
        ShotSetup::locked_off(
            "1-2".into(),
            CameraData {
                name: "1-2".into(),
                transform: Transform {
                    location: eye,
                    rotation: look_at(eye, target),
                    ..Transform::default()
                },
                lens_mm: 50.0,
                sensor_width_mm: 36.0,
                focus_distance: Some(3.0),
                ortho_scale: None,
            },
        )
    }

    #[test]
    fn each_setup_is_lit_from_its_camera_and_the_window_stays() {
        let room = stage(true, false, &[]);
        let day = sun(None, None, None);
        let mut setups = [Vec3::Y, Vec3::NEG_Y, Vec3::X].map(looking);
        relight_each_setup(&room, false, day, &mut setups);
        let [north, south, east] = &setups;
        assert!(
            north.relit.is_empty(),
            "the plot is the master's, looking north"
        );
        let plot = plot(&room, false, day);
        let lamp =
            |lights: &[LightData], name: &str| lights.iter().find(|l| l.name == name).cloned();
        for (setup, toward) in [(south, Vec3::NEG_Y), (east, Vec3::X)] {
            assert_eq!(lamp(&setup.relit, WINDOW_KEY), None, "the window stays");
            let back = lamp(&setup.relit, "Back").unwrap().transform.location;
            assert!(
                (back - Vec3::Z * 1.4).dot(toward) > 0.0,
                "behind her: {back}"
            );
        }
        // Into the window, the window backlights her and the fill comes up; with
        // the window behind the camera, the fill is as it is.
        let fill = |lights: &[LightData]| lamp(lights, "Fill").unwrap().energy;
        assert_eq!(fill(&plot), 150.0 * BACKLIT_FILL);
        assert_eq!(fill(&south.relit), 150.0);

        // Outside by night the moon stands too: looking south, it is behind her
        // (it keys the master from the south-west), and the fill comes up across
        // from it, on the camera's side.
        let street = stage(false, true, &[]);
        let mut reverse = [looking(Vec3::NEG_Y)];
        relight_each_setup(&street, true, day, &mut reverse);
        let plot = super::plot(&street, true, day);
        assert_eq!(lamp(&reverse[0].relit, MOON_KEY), None);
        let moonlit = lamp(&reverse[0].relit, "Fill").unwrap();
        assert_eq!(moonlit.energy, 60.0 * BACKLIT_FILL);
        assert!(
            moonlit.transform.location.y > 0.0,
            "on the camera's side, north of her"
        );
        assert_eq!(lamp(&plot, "Fill").unwrap().energy, 60.0);
    }

    #[test]
    fn a_rooms_lamps_hang_inside_its_walls_and_under_its_ceiling() {
        for night in [false, true] {
            let stage = stage(true, night, &[]);
            for light in plot(&stage, night, sun(None, None, None)) {
                let at = light.transform.location;
                assert!(at.z <= WALL_HEIGHT_M - LAMP_CLEARANCE_M + 1e-5, "{light:?}");
                assert!(at.y <= stage.back_y - LAMP_CLEARANCE_M + 1e-5, "{light:?}");
                assert!(at.x.abs() <= stage.half_width, "{light:?}");
            }
        }
    }

    #[test]
    fn the_sun_keys_an_exterior_from_where_it_stands_at_the_scenes_hour() {
        let key = |time_of_day: &str| {
            let sun = sun(Some(time_of_day), None, Some("2026-06-21"));
            let lights = plot(&stage(false, false, &[]), false, sun);
            let from = lights[0].transform.location - Vec3::Z * 1.4;
            (from.normalize(), lights[0].color, lights[0].energy)
        };
        let (dawn, dawn_color, dawn_energy) = key("DAWN");
        let (day, day_color, day_energy) = key("DAY");
        let (evening, _, _) = key("EVENING");
        assert!(
            dawn.z < 0.2 && dawn.x > 0.5,
            "dawn is low in the east: {dawn}"
        );
        assert!(
            evening.z < 0.3 && evening.x < -0.5,
            "evening is low in the west: {evening}"
        );
        assert!(day.z > 0.8, "a summer afternoon sun is high: {day}");
        assert!(dawn_color[2] < day_color[2] - 0.3, "dawn is golden");
        assert!(dawn_energy < day_energy);
    }

    #[test]
    fn the_sun_follows_the_locations_gps_and_the_shoot_date() {
        let sydney = Location {
            gps: Some(oneshot_model::production::Gps {
                lat: -33.87,
                lon: 151.21,
            }),
            utc_offset_hours: Some(10.0),
            ..Location::named("Harbour")
        };
        let noon = sun(Some("NOON"), Some(&sydney), Some("2026-06-21"));
        assert!(
            noon.azimuth < 5.0 || noon.azimuth > 355.0,
            "north: {noon:?}"
        );
        assert!((noon.elevation - 32.7).abs() < 1.0, "{noon:?}");
        let hollywood_winter = sun(Some("NOON"), None, Some("2026-12-21"));
        let hollywood_summer = sun(Some("NOON"), None, Some("2026-06-21"));
        assert!(hollywood_summer.elevation > hollywood_winter.elevation + 40.0);
        // Under the midnight sun a day scene still gets the sun it asks for.
        let north = Location {
            gps: Some(oneshot_model::production::Gps {
                lat: 80.0,
                lon: 0.0,
            }),
            ..Location::named("Svalbard")
        };
        assert!(sun(Some("DAWN"), Some(&north), Some("2026-06-21")).elevation >= LOWEST_SUN);
    }

    #[test]
    fn night_is_darker_and_bluer_than_day() {
        let day = plot(&stage(false, false, &[]), false, sun(None, None, None));
        let night = plot(&stage(false, true, &[]), true, sun(None, None, None));
        assert!(night[0].energy < day[0].energy);
        assert!(night[0].color[2] > night[0].color[0]);
    }

    #[test]
    fn practicals_get_a_light() {
        let lamp = [PropSpec {
            name: "LAMP".into(),
            kind: PropKind::Prop,
        }];
        let mut stage = stage(true, true, &lamp);
        let lights = plot(&stage, true, sun(None, None, None));
        assert_eq!(lights.len(), 4);
        assert_eq!(lights[3].kind, LightKind::Point);
        // The night's key comes from the lamp's side of the cast, the fill the other.
        for lamp_x in [-2.0, 2.0] {
            stage.practicals[0].light_at.x = lamp_x;
            let lights = plot(&stage, true, sun(None, None, None));
            let (key_x, fill_x) = (
                lights[0].transform.location.x,
                lights[1].transform.location.x,
            );
            assert!(
                key_x * lamp_x > 0.0 && fill_x * lamp_x < 0.0,
                "{key_x} {fill_x} {lamp_x}"
            );
        }
    }
}
