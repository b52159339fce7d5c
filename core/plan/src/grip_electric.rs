//! Grip and electric (G&E): what holds and moves the camera in each shot, and
//! what lights each scene and draws how much power, as the key grip and the
//! gaffer order them for the shoot.
//!
//! * Grip, per shot: a tripod (a hi-hat for a lens near the floor), a dolly on
//!   track as long as the move plus run-out, a jib arm or a crane as high as the
//!   move rises, a Steadicam or a shoulder rig.
//! * Electric, per scene: each light of the plot as a fixture a rental house
//!   stocks. Soft sources go through a diffusion frame (grip gear too), as big
//!   as the source or as the lamp can fill, whichever is smaller. White
//!   light is tungsten or HMI, whichever is nearer its colour temperature in
//!   mireds, with the CTB or CTO gel that takes it the rest of the way. Coloured
//!   light (a hologram's cyan) is an RGB LED. Moonlight is a big HMI up high.
//!   A light's colour on set is its colour in the picture with the camera
//!   balanced as a night is shot, for tungsten, or a day, for daylight: the
//!   plot's warm-white night key is a tungsten lamp a little warmer than the
//!   camera, its moonlight a tungsten lamp with blue gel.
//! * Power: each scene's draw; a generator when it is shot outside, away from a
//!   location's own power, or draws more than a location's house power.
//! * The order: each item, the most of it any one scene needs, and the scenes.
//!
//! A Blender light's watts are taken for a tungsten lamp's, doubled for a soft
//! source, whose diffusion frame takes a stop: the plot's 250 W soft key at night
//! is a 650 W tungsten through a 4x4 frame. An HMI gives about four times the
//! light of a tungsten lamp of the same watts, an LED five times.

use std::collections::BTreeMap;

use glam::Vec3;
use oneshot_model::{CameraMove, LightData, LightKind, ProductionPlan, Shot, ShotSetup, quote};
use serde::Serialize;

use crate::dimmers::LightingCue;

/// A lens lower than this is on a hi-hat, not a tripod.
const HI_HAT_BELOW_M: f32 = 0.6;
/// Straight track comes in 8 ft sections; a move needs this much run-out at each end.
const TRACK_SECTION_M: f32 = 2.44;
const TRACK_RUN_OUT_M: f32 = 0.6;
/// A jib arm takes the lens this high; higher needs a telescopic crane.
const JIB_REACH_M: f32 = 4.5;
/// What a location's house power gives safely: three 20 A circuits at 120 V,
/// loaded to 80%.
const HOUSE_POWER_W: f32 = 3.0 * 20.0 * 120.0 * 0.8;
/// The most one lamp draws from one of those circuits: a 4K HMI needs a circuit
/// of its own that a house does not have.
const HOUSE_CIRCUIT_W: f32 = 20.0 * 120.0;
/// A sun weaker than this (W/m²) is the plot's moonlight.
const MOONLIGHT_BELOW: f32 = 1.0;
/// A day exterior's fill: the sun bounced back into the shadows.
const SUN_BOUNCE: &str = "12x12 bounce";
/// The least HMI that shows as a back light in sunshine.
const SUNLIT_BACK: (f32, &str) = HMI[4];
/// A diffusion frame takes a stop: twice the lamp behind it.
const FRAME_LOSS: f32 = 2.0;
/// Light per watt against tungsten's.
const HMI_EFFICACY: f32 = 4.0;
const LED_EFFICACY: f32 = 5.0;
/// Tungsten and HMI lamps' own colour temperatures, and the camera's balance for
/// each: night scenes are balanced for tungsten, days for daylight.
const TUNGSTEN_K: f32 = 3200.0;
const HMI_K: f32 = 5600.0;
/// What a render shows as white (D65): the plot's colours are relative to it.
const RENDER_WHITE_K: f32 = 6504.0;
/// Further than this (Duv, CIE 1960) from the black-body colours, light is coloured.
const WHITE_DUV: f32 = 0.02;

/// Tungsten fixtures by watts, and what the trade calls them.
const TUNGSTEN: [(f32, &str); 7] = [
    (150.0, "150 W tungsten"),
    (300.0, "300 W tungsten"),
    (650.0, "650 W tungsten"),
    (1000.0, "1K tungsten"),
    (2000.0, "2K tungsten"),
    (5000.0, "5K tungsten"),
    (10000.0, "10K tungsten"),
];
const HMI: [(f32, &str); 8] = [
    (200.0, "200 W HMI"),
    (575.0, "575 W HMI"),
    (1200.0, "1.2K HMI"),
    (2500.0, "2.5K HMI"),
    (4000.0, "4K HMI"),
    (6000.0, "6K HMI"),
    (12000.0, "12K HMI"),
    (18000.0, "18K HMI"),
];
/// Diffusion frames by side (m), name, and the least light (tungsten watts) that
/// fills one: a small lamp behind a big frame lights only its middle.
const FRAMES: [(f32, &str, f32); 4] = [
    (1.2, "4x4", 0.0),
    (1.8, "6x6", 1000.0),
    (2.4, "8x8", 2000.0),
    (3.6, "12x12", 5000.0),
];
/// Lamps of one kind differ by this much (mireds): no gel for less.
const NEGLIGIBLE_MIREDS: f32 = 15.0;
/// Colour correction gels by mired shift (negative: bluer).
const GELS: [(f32, &str); 8] = [
    (-131.0, "full CTB"),
    (-68.0, "1/2 CTB"),
    (-30.0, "1/4 CTB"),
    (-12.0, "1/8 CTB"),
    (20.0, "1/8 CTO"),
    (42.0, "1/4 CTO"),
    (81.0, "1/2 CTO"),
    (159.0, "full CTO"),
];

/// The production's grip and electric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GripElectric {
    pub title: String,
    pub shots: Vec<ShotRig>,
    pub scenes: Vec<ScenePower>,
    pub order: Vec<OrderItem>,
    /// The practicals the action switches, as the board operator calls them.
    pub lighting_cues: Vec<LightingCue>,
}

/// What holds and moves the camera in one shot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShotRig {
    pub shot: String,
    pub scene: u32,
    /// The shot list's camera move (`dolly`, `crane`...).
    pub movement: CameraMove,
    /// `tripod`, `hi-hat`, `dolly on track`, `jib arm`, `telescopic crane`,
    /// `Steadicam` or `shoulder rig`.
    pub support: &'static str,
    /// The lens's height at the start of the shot.
    pub lens_height_m: f32,
    /// Track to lay for a dolly move, in whole sections; 0 without.
    pub track_m: f32,
    /// How far a crane move rises or falls; 0 without.
    pub rise_m: f32,
}

/// What lights one scene and what it draws.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenePower {
    pub scene: u32,
    pub heading: String,
    /// The camera's white balance: 3200 K for a night, 5600 K for a day.
    pub camera_balance_k: u32,
    pub lamps: Vec<Lamp>,
    /// The lamps' watts together.
    pub draw_w: f32,
    pub generator: bool,
    /// The practicals the action switches, and the lamps that ride them (by night
    /// in a room, the key and back), each on a dimmer channel of the board.
    pub dimmed: Vec<String>,
}

/// One light of the plot as the gaffer rigs it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lamp {
    /// The light's name in the plot (`Key (tungsten)`).
    pub light: String,
    /// What to rent: `2K`, `18K HMI on a condor`, `practical bulb`...
    pub fixture: String,
    /// The diffusion frame a soft source shines through (`6x6`).
    pub frame: Option<&'static str>,
    /// Its colour temperature on set, for white light (the camera balanced as
    /// the scene's `camera_balance_k`).
    pub color_temperature_k: Option<u32>,
    /// The colour correction to get there (`1/2 CTB`), or the colour of a
    /// coloured light (`cyan`).
    pub gel: Option<String>,
    pub draw_w: f32,
}

/// One line of the order: an item, the most of it any scene needs at once, and
/// the scenes that need it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrderItem {
    /// `grip` or `electric`.
    pub department: &'static str,
    pub item: String,
    pub most: u32,
    pub scenes: Vec<u32>,
}

/// What runs a practical the action switches: a channel of the dimmer board.
pub const DIMMER_CHANNEL: &str = "dimmer channel";

/// What the camera department brings for a scene whose set-ups roll in pairs
/// (see [`crate::setups`]).
pub const B_CAMERA: &str = "B camera and operator";

/// What each scene of `plan` needs from grip and electric, and from the camera
/// department beyond the A camera, as the call sheets list it: scene ->
/// `(department, item)`.
pub fn scene_gear(plan: &ProductionPlan) -> BTreeMap<u32, Vec<(String, String)>> {
    let mut gear: BTreeMap<u32, Vec<(String, String)>> = BTreeMap::new();
    for item in grip_electric(plan).order {
        for scene in item.scenes {
            let need = (item.department.to_owned(), item.item.clone());
            gear.entry(scene).or_default().push(need);
        }
    }
    let mut cross_covered: Vec<u32> = crate::setups::setups(plan)
        .iter()
        .filter(|setup| setup.b_camera.is_some())
        .map(|setup| setup.scene)
        .collect();
    cross_covered.dedup();
    for scene in cross_covered {
        let need = ("camera".to_owned(), B_CAMERA.to_owned());
        gear.entry(scene).or_default().push(need);
    }
    gear
}

/// The grip and electric of `plan`.
pub fn grip_electric(plan: &ProductionPlan) -> GripElectric {
    let shots: Vec<ShotRig> = plan
        .shots
        .iter()
        .filter_map(|shot| {
            let setup = plan.setups.iter().find(|s| s.shot_id == shot.id)?;
            Some(rig(shot, setup))
        })
        .collect();
    let scenes: Vec<ScenePower> = plan
        .scenes
        .iter()
        .map(|scene| {
            let balance = if scene.night { TUNGSTEN_K } else { HMI_K };
            let sun = (scene.lights.iter()).find(|l| !scene.interior && is_the_sun(l));
            let sun_k = sun.and_then(|sun| lamp(sun, balance).color_temperature_k);
            let lamps: Vec<Lamp> = (scene.lights.iter())
                .map(|l| match sun {
                    Some(_) => against_the_sun(lamp(l, balance), sun_k),
                    None => lamp(l, balance),
                })
                .collect();
            let draw_w = lamps.iter().map(|l| l.draw_w).sum();
            let mut dimmed: Vec<String> = plan
                .shots
                .iter()
                .zip(&plan.setups)
                .filter(|(shot, _)| shot.scene == scene.scene)
                .flat_map(|(_, setup)| &setup.dimmers)
                .flat_map(|d| std::iter::once(&d.light).chain(&d.rides).cloned())
                .collect();
            dimmed.sort();
            dimmed.dedup();
            ScenePower {
                scene: scene.scene,
                heading: scene.heading.clone(),
                camera_balance_k: balance as u32,
                generator: draw_w > HOUSE_POWER_W
                    || lamps.iter().any(|l| l.draw_w > HOUSE_CIRCUIT_W)
                    || draw_w > 0.0 && !scene.interior && !scene.power_on_site,
                lamps,
                draw_w,
                dimmed,
            }
        })
        .collect();
    let order = order(&shots, &scenes);
    GripElectric {
        title: plan.title.clone(),
        shots,
        scenes,
        order,
        lighting_cues: crate::dimmers::cue_sheet(plan),
    }
}

/// What holds and moves the camera for `shot`, set up as `setup`.
pub(crate) fn rig(shot: &Shot, setup: &ShotSetup) -> ShotRig {
    let movement = shot.movement;
    let keys: Vec<Vec3> = setup.path.as_ref().map_or_else(Vec::new, |path| {
        path.keys.iter().map(|k| k.transform.location).collect()
    });
    let lens_height_m = keys
        .first()
        .map_or(setup.camera.transform.location.z, |at| at.z);
    let travel: f32 = keys
        .windows(2)
        .map(|pair| pair[0].truncate().distance(pair[1].truncate()))
        .sum();
    let (low, high) = keys
        .iter()
        .fold((lens_height_m, lens_height_m), |(low, high), at| {
            (low.min(at.z), high.max(at.z))
        });
    let mut rig = ShotRig {
        shot: shot.id.clone(),
        scene: shot.scene,
        movement,
        support: if lens_height_m < HI_HAT_BELOW_M {
            "hi-hat"
        } else {
            "tripod"
        },
        lens_height_m,
        track_m: 0.0,
        rise_m: 0.0,
    };
    match movement {
        CameraMove::Dolly | CameraMove::Truck => {
            let sections = ((travel + 2.0 * TRACK_RUN_OUT_M) / TRACK_SECTION_M).ceil();
            rig.support = "dolly on track";
            rig.track_m = sections.max(1.0) * TRACK_SECTION_M;
        }
        CameraMove::Crane => {
            rig.support = if high <= JIB_REACH_M {
                "jib arm"
            } else {
                "telescopic crane"
            };
            rig.rise_m = high - low;
        }
        CameraMove::Steadicam => rig.support = "Steadicam",
        CameraMove::Handheld => rig.support = "shoulder rig",
        CameraMove::Static | CameraMove::Pan | CameraMove::Tilt | CameraMove::Zoom => {}
    }
    rig
}

/// A light of the plot as a fixture, the camera balanced for `balance` kelvin:
/// see the module's notes.
fn lamp(light: &LightData, balance: f32) -> Lamp {
    let soft = light.kind == LightKind::Area;
    let tungsten_w = light.energy.max(0.0) * if soft { FRAME_LOSS } else { 1.0 };
    // The camera's balance moves every colour by the same mireds.
    let on_set = |rendered: f32| 1e6 / (1e6 / rendered + 1e6 / balance - 1e6 / RENDER_WHITE_K);
    let white = color_temperature(light.color).map(on_set);
    let mut lamp = Lamp {
        light: light.name.clone(),
        fixture: String::new(),
        frame: None,
        color_temperature_k: white.map(|k| k.round() as u32),
        gel: None,
        draw_w: 0.0,
    };
    if light.kind == LightKind::Sun {
        if light.energy >= MOONLIGHT_BELOW {
            lamp.fixture = "the sun".into();
            return lamp;
        }
        let (watts, name) = HMI[HMI.len() - 1];
        lamp.fixture = format!("{name} on a condor");
        lamp.draw_w = watts;
        lamp.gel = white.and_then(|k| gel(HMI_K, k));
        return lamp;
    }
    if soft {
        // The lamp gives at least the light asked of it: a fixture's worth.
        lamp.frame = Some(frame(light.size, smallest(&TUNGSTEN, tungsten_w).0));
    }
    let Some(kelvin) = white else {
        lamp.fixture = if light.kind == LightKind::Point {
            "practical RGB LED bulb".into()
        } else {
            "RGB LED".into()
        };
        lamp.draw_w = tungsten_w / LED_EFFICACY;
        lamp.gel = Some(hue_name(light.color).into());
        return lamp;
    };
    if light.kind == LightKind::Point {
        // The plot's point lights are the bulbs in the set's practicals.
        lamp.fixture = "practical bulb".into();
        lamp.draw_w = tungsten_w;
        return lamp;
    }
    let mireds = |k: f32| 1e6 / k;
    let (native, watts, name) =
        if (mireds(kelvin) - mireds(HMI_K)).abs() < (mireds(kelvin) - mireds(TUNGSTEN_K)).abs() {
            let (watts, name) = smallest(&HMI, tungsten_w / HMI_EFFICACY);
            (HMI_K, watts, name)
        } else {
            let (watts, name) = smallest(&TUNGSTEN, tungsten_w);
            (TUNGSTEN_K, watts, name)
        };
    lamp.fixture = name.into();
    lamp.draw_w = watts;
    lamp.gel = gel(native, kelvin);
    lamp
}

/// Whether a light of the plot is the sun itself (moonlight is a lamp).
fn is_the_sun(light: &LightData) -> bool {
    light.kind == LightKind::Sun && light.energy >= MOONLIGHT_BELOW
}

/// A lamp of a day exterior, as the sun leaves it work to do: the fill is the
/// sun's own light off a 12x12 bounce (its colour, `sun_k`), and a back light
/// needs an HMI that can tell against the sun (a 4K's light at least).
fn against_the_sun(mut lamp: Lamp, sun_k: Option<u32>) -> Lamp {
    let hmi = lamp.fixture.contains("HMI");
    let light = lamp.draw_w * if hmi { HMI_EFFICACY } else { 1.0 };
    if lamp.light.starts_with("Fill") {
        lamp.fixture = SUN_BOUNCE.into();
        lamp.frame = None;
        lamp.gel = None;
        lamp.draw_w = 0.0;
        lamp.color_temperature_k = sun_k;
    } else if lamp.light.starts_with("Back") && light < SUNLIT_BACK.0 * HMI_EFFICACY {
        lamp.fixture = SUNLIT_BACK.1.into();
        lamp.frame = None;
        lamp.draw_w = SUNLIT_BACK.0;
        lamp.gel = lamp.color_temperature_k.and_then(|k| gel(HMI_K, k as f32));
    }
    lamp
}

/// The diffusion frame for a soft source `size` across (m) of `tungsten_w`: the
/// smallest as big as the source, or the largest the lamp can fill if that is smaller.
fn frame(size: f32, tungsten_w: f32) -> &'static str {
    let big_enough = FRAMES
        .iter()
        .position(|(side, _, _)| *side >= size)
        .unwrap_or(FRAMES.len() - 1);
    let filled = FRAMES[..=big_enough]
        .iter()
        .rposition(|(_, _, fills)| *fills <= tungsten_w)
        .unwrap_or(0);
    FRAMES[filled].1
}

/// The smallest of `sizes` (ascending) that is at least `needed`, else the largest.
fn smallest<T: Copy>(sizes: &[(f32, T)], needed: f32) -> (f32, T) {
    sizes
        .iter()
        .copied()
        .find(|(size, _)| *size >= needed)
        .unwrap_or(sizes[sizes.len() - 1])
}

/// The gel that takes a lamp of `native` kelvin nearest to `target`; none when
/// the lamp is already as near as one lamp is to the next.
fn gel(native: f32, target: f32) -> Option<String> {
    let shift = 1e6 / target - 1e6 / native;
    if shift.abs() < NEGLIGIBLE_MIREDS {
        return None;
    }
    GELS.iter()
        .min_by(|a, b| (a.0 - shift).abs().total_cmp(&(b.0 - shift).abs()))
        .map(|(_, name)| (*name).to_owned())
}

/// The correlated colour temperature of a linear sRGB light colour (McCamy's
/// formula), or `None` when it is too far from any black body's to be white.
pub fn color_temperature(linear: [f32; 3]) -> Option<f32> {
    let [r, g, b] = linear.map(f64::from);
    let x_ = 0.4124 * r + 0.3576 * g + 0.1805 * b;
    let y_ = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z_ = 0.0193 * r + 0.1192 * g + 0.9505 * b;
    let sum = x_ + y_ + z_;
    if sum <= 0.0 {
        return None;
    }
    let (x, y) = (x_ / sum, y_ / sum);
    let n = (x - 0.3320) / (0.1858 - y);
    let kelvin =
        (449.0 * n.powi(3) + 3525.0 * n.powi(2) + 6823.3 * n + 5520.33).clamp(1667.0, 25000.0);
    let (u, v) = uv(x, y);
    let (lu, lv) = {
        let (lx, ly) = black_body(kelvin);
        uv(lx, ly)
    };
    let duv = ((u - lu).powi(2) + (v - lv).powi(2)).sqrt();
    (duv <= f64::from(WHITE_DUV)).then_some(kelvin as f32)
}

/// CIE 1960 UCS coordinates of a chromaticity.
fn uv(x: f64, y: f64) -> (f64, f64) {
    let d = -2.0 * x + 12.0 * y + 3.0;
    (4.0 * x / d, 6.0 * y / d)
}

/// The chromaticity of a black body at `kelvin` (1667 to 25000 K), by Kim et
/// al.'s cubic fit of the Planckian locus.
fn black_body(kelvin: f64) -> (f64, f64) {
    let t = kelvin;
    let x = if t <= 4000.0 {
        -0.266_123_9e9 / t.powi(3) - 0.234_358_9e6 / t.powi(2) + 0.877_695_6e3 / t + 0.179_910
    } else {
        -3.025_846_9e9 / t.powi(3) + 2.107_037_9e6 / t.powi(2) + 0.222_634_7e3 / t + 0.240_390
    };
    let y = if t <= 2222.0 {
        -1.106_381_4 * x.powi(3) - 1.348_110_20 * x.powi(2) + 2.185_558_32 * x - 0.202_196_83
    } else if t <= 4000.0 {
        -0.954_947_6 * x.powi(3) - 1.374_185_93 * x.powi(2) + 2.091_370_15 * x - 0.167_488_67
    } else {
        3.081_758_0 * x.powi(3) - 5.873_386_70 * x.powi(2) + 3.751_129_97 * x - 0.370_014_83
    };
    (x, y)
}

/// The everyday name of a coloured light's hue.
fn hue_name(linear: [f32; 3]) -> &'static str {
    // Hue on gamma-encoded values, nearer to how the colour looks.
    let [r, g, b] = linear.map(|c| c.max(0.0).powf(1.0 / 2.2));
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    if max - min <= f32::EPSILON {
        return "white";
    }
    let sector = if max == r {
        ((g - b) / (max - min)).rem_euclid(6.0)
    } else if max == g {
        (b - r) / (max - min) + 2.0
    } else {
        (r - g) / (max - min) + 4.0
    };
    let degrees = 60.0 * sector;
    const HUES: [(f32, &str); 8] = [
        (15.0, "red"),
        (40.0, "orange"),
        (70.0, "yellow"),
        (160.0, "green"),
        (200.0, "cyan"),
        (255.0, "blue"),
        (290.0, "purple"),
        (345.0, "magenta"),
    ];
    HUES.iter()
        .find(|(up_to, _)| degrees < *up_to)
        .map_or("red", |(_, name)| name)
}

/// Each item of gear: the most any scene needs at once and the scenes.
fn order(shots: &[ShotRig], scenes: &[ScenePower]) -> Vec<OrderItem> {
    // (department, item) -> scene -> count
    let mut needs: BTreeMap<(&'static str, String), BTreeMap<u32, u32>> = BTreeMap::new();
    let mut need = |department: &'static str, item: String, scene: u32, count: u32| {
        let per_scene = needs.entry((department, item)).or_default();
        let held = per_scene.entry(scene).or_default();
        *held = (*held).max(count);
    };
    let longest_track = shots.iter().map(|s| s.track_m).fold(0.0, f32::max);
    for shot in shots {
        let item = if shot.track_m > 0.0 {
            format!("dolly and {longest_track:.1} m of track")
        } else {
            shot.support.to_owned()
        };
        need("grip", item, shot.scene, 1);
    }
    for scene in scenes {
        let mut counts: BTreeMap<(&'static str, String), u32> = BTreeMap::new();
        for lamp in &scene.lamps {
            if lamp.fixture != "the sun" {
                // A bounce is the grips' to rig.
                let department = if lamp.fixture == SUN_BOUNCE {
                    "grip"
                } else {
                    "electric"
                };
                *counts
                    .entry((department, lamp.fixture.clone()))
                    .or_default() += 1;
            }
            if let Some(frame) = lamp.frame {
                *counts
                    .entry(("grip", format!("{frame} frame")))
                    .or_default() += 1;
            }
            if let Some(gel) = lamp
                .gel
                .as_ref()
                .filter(|_| lamp.color_temperature_k.is_some())
            {
                *counts
                    .entry(("electric", format!("{gel} gel")))
                    .or_default() += 1;
            }
        }
        if scene.generator {
            counts.insert(("electric", "generator".into()), 1);
        }
        if !scene.dimmed.is_empty() {
            let channels = scene.dimmed.len() as u32;
            counts.insert(("electric", DIMMER_CHANNEL.into()), channels);
        }
        for ((department, item), count) in counts {
            need(department, item, scene.scene, count);
        }
    }
    needs
        .into_iter()
        .map(|((department, item), per_scene)| OrderItem {
            department,
            item,
            most: per_scene.values().copied().max().unwrap_or(0),
            scenes: per_scene.into_keys().collect(),
        })
        .collect()
}

impl GripElectric {
    /// One row per shot: its camera support, for the key grip.
    pub fn grip_csv(&self) -> String {
        let mut out = String::from("shot,scene,movement,support,lens_height_m,track_m,rise_m\r\n");
        for rig in &self.shots {
            let cells = [
                quote::csv(&rig.shot),
                rig.scene.to_string(),
                crate::post::serde_name(rig.movement),
                rig.support.to_owned(),
                format!("{:.2}", rig.lens_height_m),
                format!("{:.2}", rig.track_m),
                format!("{:.2}", rig.rise_m),
            ];
            quote::csv_record(&mut out, &cells);
        }
        out
    }

    /// One row per lamp per scene: fixture, frame, colour, draw, for the gaffer.
    pub fn electric_csv(&self) -> String {
        let mut out = String::from(
            "scene,heading,light,fixture,frame,color_temperature_k,gel,draw_w,scene_draw_w,generator\r\n",
        );
        for scene in &self.scenes {
            for lamp in &scene.lamps {
                let cells = [
                    scene.scene.to_string(),
                    quote::csv(&scene.heading),
                    quote::csv(&lamp.light),
                    quote::csv(&lamp.fixture),
                    lamp.frame.unwrap_or_default().to_owned(),
                    lamp.color_temperature_k
                        .map_or_else(String::new, |k| k.to_string()),
                    quote::csv(lamp.gel.as_deref().unwrap_or_default()),
                    format!("{:.0}", lamp.draw_w),
                    format!("{:.0}", scene.draw_w),
                    scene.generator.to_string(),
                ];
                quote::csv_record(&mut out, &cells);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn light(name: &str, kind: LightKind, color: [f32; 3], energy: f32, size: f32) -> LightData {
        LightData {
            name: name.into(),
            kind,
            transform: oneshot_model::Transform::default(),
            color,
            energy,
            size,
        }
    }

    #[test]
    fn white_light_has_a_colour_temperature_and_coloured_light_none() {
        let kelvin = |rgb| color_temperature(rgb).map(|k| k.round());
        assert!(
            (6400.0..6600.0).contains(&kelvin([1.0, 1.0, 1.0]).unwrap()),
            "D65"
        );
        assert!(kelvin([1.0, 0.62, 0.36]).unwrap() < 4500.0);
        assert!(kelvin([0.55, 0.65, 1.0]).unwrap() > 9000.0, "moonlight");
        assert_eq!(kelvin(crate::color::linear([0x5f, 0xd7, 0xff])), None);
        assert_eq!(hue_name(crate::color::linear([0x5f, 0xd7, 0xff])), "cyan");
        assert_eq!(hue_name(crate::color::linear([0xff, 0x2a, 0x2a])), "red");
        assert_eq!(hue_name(crate::color::linear([0xa0, 0x70, 0xff])), "purple");
    }

    #[test]
    fn lamps_are_fixtures_with_the_gel_that_gets_their_colour() {
        // At night (the camera balanced for tungsten) the plot's warm-white key
        // is a tungsten lamp, twice its watts through a frame, a little warmer
        // than the camera; its moonlight fill is tungsten with blue gel.
        let night = TUNGSTEN_K;
        let warm = [1.0, 0.78, 0.55];
        let key = lamp(&light("Key", LightKind::Area, warm, 250.0, 1.0), night);
        assert_eq!(
            (key.fixture.as_str(), key.frame),
            ("650 W tungsten", Some("4x4"))
        );
        assert_eq!(key.gel.as_deref(), Some("1/4 CTO"));
        let moon = [0.55, 0.65, 1.0];
        let fill = lamp(&light("Fill", LightKind::Area, moon, 40.0, 3.0), night);
        // A 12x12's worth of soft light, but a lamp that fills only a 4x4.
        assert_eq!(
            (fill.fixture.as_str(), fill.frame),
            ("150 W tungsten", Some("4x4"))
        );
        let big = lamp(&light("Fill", LightKind::Area, moon, 2500.0, 3.0), night);
        assert_eq!(
            (big.fixture.as_str(), big.frame),
            ("5K tungsten", Some("12x12"))
        );
        let mid = lamp(&light("Fill", LightKind::Area, moon, 600.0, 3.0), night);
        assert_eq!(
            (mid.fixture.as_str(), mid.frame),
            ("2K tungsten", Some("8x8"))
        );
        // 900 W of light asked is a 1K lamp, which fills a 6x6.
        let asked = lamp(&light("Fill", LightKind::Area, moon, 450.0, 3.0), night);
        assert_eq!(
            (asked.fixture.as_str(), asked.frame),
            ("1K tungsten", Some("6x6"))
        );
        assert_eq!(fill.gel.as_deref(), Some("1/2 CTB"));
        // By day (balanced for daylight) white light is an ungelled HMI, and the
        // sky's blue an HMI with CTB.
        let day = HMI_K;
        let sunlit = [1.0, 0.95, 0.86];
        let back = lamp(&light("Back", LightKind::Spot, sunlit, 800.0, 0.8), day);
        assert_eq!((back.fixture.as_str(), back.gel), ("200 W HMI", None));
        let sky = lamp(
            &light("Sky", LightKind::Area, [0.7, 0.8, 1.0], 300.0, 4.0),
            day,
        );
        assert!(sky.fixture.ends_with("HMI"), "{sky:?}");
        assert_eq!(sky.gel.as_deref(), Some("1/4 CTB"));
        // Moonlight is a big HMI up high; the sun needs no power.
        let moonlight = lamp(&light("Key (moon)", LightKind::Sun, moon, 0.4, 0.02), night);
        assert_eq!(moonlight.fixture, "18K HMI on a condor");
        let sun = lamp(&light("Key (sun)", LightKind::Sun, sunlit, 3.0, 0.01), day);
        assert_eq!((sun.fixture.as_str(), sun.draw_w), ("the sun", 0.0));
        // A hologram's light is an RGB LED, named by its colour.
        let cyan = crate::color::linear([0x5f, 0xd7, 0xff]);
        let hologram = lamp(
            &light("Practical 1", LightKind::Point, cyan, 60.0, 0.1),
            night,
        );
        assert_eq!(hologram.fixture, "practical RGB LED bulb");
        assert_eq!(hologram.gel.as_deref(), Some("cyan"));
        assert_eq!(hologram.color_temperature_k, None);
    }

    #[test]
    fn gels_go_the_nearest_way_or_not_at_all() {
        assert_eq!(gel(HMI_K, 5600.0), None);
        assert_eq!(
            gel(HMI_K, 5400.0),
            None,
            "as near as lamps are to each other"
        );
        assert_eq!(gel(HMI_K, 6500.0).as_deref(), Some("1/4 CTB"));
        assert_eq!(gel(TUNGSTEN_K, 5600.0).as_deref(), Some("full CTB"));
        assert_eq!(gel(HMI_K, 3200.0).as_deref(), Some("full CTO"));
        assert_eq!(gel(HMI_K, 4300.0).as_deref(), Some("1/4 CTO"));
    }

    #[test]
    fn in_the_sun_the_fill_is_a_bounce_and_the_back_light_a_big_hmi() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let script = oneshot_script::load(&root.join("alley-kings.fountain")).unwrap();
        let ge = grip_electric(&crate::plan(&script, None).unwrap());
        let forecourt = ge
            .scenes
            .iter()
            .find(|s| s.heading.contains("FORECOURT"))
            .unwrap();
        let lamp = |role: &str| {
            forecourt
                .lamps
                .iter()
                .find(|l| l.light.starts_with(role))
                .unwrap()
        };
        assert_eq!(
            (lamp("Fill").fixture.as_str(), lamp("Fill").draw_w),
            (SUN_BOUNCE, 0.0)
        );
        assert!(lamp("Back").draw_w >= 4000.0, "{:?}", lamp("Back"));
        // A bounce gives back the sun's own colour.
        assert_eq!(
            lamp("Fill").color_temperature_k,
            lamp("Key").color_temperature_k
        );
        assert!(lamp("Fill").color_temperature_k.is_some());
        let bounce = ge
            .order
            .iter()
            .find(|item| item.item == SUN_BOUNCE)
            .unwrap();
        assert_eq!(bounce.department, "grip");
        // At night the fill is a lamp.
        let rooftop = ge
            .scenes
            .iter()
            .find(|s| s.heading.contains("ROOFTOP"))
            .unwrap();
        assert!(rooftop.lamps.iter().all(|l| l.fixture != SUN_BOUNCE));
    }

    #[test]
    fn an_exterior_with_power_on_site_ties_in_unless_a_lamp_needs_a_circuit_of_its_own() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let script = oneshot_script::load(&root.join("alley-kings.fountain")).unwrap();
        let production =
            oneshot_model::ProductionConfig::load(&root.join("alley-kings.toml")).unwrap();
        let plan = crate::plan(&script, Some(&production)).unwrap();
        let generator = |plan: &ProductionPlan, heading: &str| {
            let ge = grip_electric(plan);
            let scene = ge.scenes.iter().find(|s| s.heading.contains(heading));
            scene.map(|s| (s.generator, s.draw_w > 0.0))
        };
        // The garage's forecourt has power on site, but its back light in the sun
        // is a 4K HMI, which no house circuit runs; the rooftop has no power.
        assert_eq!(generator(&plan, "GARAGE FORECOURT"), Some((true, true)));
        assert_eq!(generator(&plan, "FACTORY ROOFTOP"), Some((true, true)));
        let ge = grip_electric(&plan);
        let forecourt = ge
            .scenes
            .iter()
            .find(|s| s.heading.contains("FORECOURT"))
            .unwrap();
        assert!(
            forecourt.draw_w < HOUSE_POWER_W,
            "it is the one lamp, not the draw"
        );
    }

    #[test]
    fn the_example_is_rigged_lit_and_ordered() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let script = oneshot_script::load(&root.join("alley-kings.fountain")).unwrap();
        let plan = crate::plan(&script, None).unwrap();
        let ge = grip_electric(&plan);
        assert_eq!(ge.shots.len(), plan.shots.len());
        for (rig, shot) in ge.shots.iter().zip(&plan.shots) {
            let setup = plan.setups.iter().find(|s| s.shot_id == shot.id).unwrap();
            match shot.movement {
                CameraMove::Dolly | CameraMove::Truck => {
                    assert_eq!(rig.support, "dolly on track");
                    let keys = &setup.path.as_ref().unwrap().keys;
                    let travel = keys[0]
                        .transform
                        .location
                        .truncate()
                        .distance(keys[keys.len() - 1].transform.location.truncate());
                    assert!(rig.track_m >= travel + 2.0 * TRACK_RUN_OUT_M - 1e-3);
                    let sections = rig.track_m / TRACK_SECTION_M;
                    assert!((sections - sections.round()).abs() < 1e-4, "whole sections");
                }
                CameraMove::Crane => assert!(rig.rise_m > 0.5, "{rig:?}"),
                CameraMove::Static => assert!(matches!(rig.support, "tripod" | "hi-hat")),
                _ => {}
            }
        }
        // Every exterior with a lamp runs on a generator (no location has power
        // here: no production file); every scene has a key; nights are balanced
        // for tungsten.
        for scene in &ge.scenes {
            let number = scene.scene;
            let outside =
                script.scenes[number as usize - 1].int_ext == Some(oneshot_model::IntExt::Ext);
            let own_circuit = scene.lamps.iter().any(|l| l.draw_w > HOUSE_CIRCUIT_W);
            assert_eq!(
                scene.generator,
                outside && scene.draw_w > 0.0 || scene.draw_w > HOUSE_POWER_W || own_circuit
            );
            assert!(scene.lamps.iter().any(|l| l.light.starts_with("Key")));
            let night = scene.heading.ends_with("NIGHT");
            assert_eq!(scene.camera_balance_k == 3200, night, "{}", scene.heading);
        }
        // The order lists each item once, with the scenes needing it.
        let items: Vec<&str> = ge.order.iter().map(|i| i.item.as_str()).collect();
        let mut unique = items.clone();
        unique.dedup();
        assert_eq!(items, unique);
        assert!(ge.order.iter().all(|i| i.most >= 1 && !i.scenes.is_empty()));
        assert!(items.iter().any(|i| i.starts_with("dolly and ")));
        let grip = ge.grip_csv();
        assert_eq!(grip.lines().count(), plan.shots.len() + 1);
        let electric = ge.electric_csv();
        let lamps: usize = ge.scenes.iter().map(|s| s.lamps.len()).sum();
        assert_eq!(electric.lines().count(), lamps + 1);
    }
}
