//! The effects each scene's frames get composited over them: the breakdown's
//! special effects (`rain`, `fog`, `flames`, `storm`) as weather, atmosphere and
//! fire layers (see [`EffectLayer`]).
//!
//! Rain and snow fall only outside: in an interior they are heard on the roof, and
//! a storm's lightning comes through the window at half strength. An explosion
//! leaves fire and smoke over the whole scene, and its blast goes off once, as the
//! shot it is written in starts ([`stage_blast`]). What cannot be faked over a
//! finished frame (a breakaway, a bullet hole, a hologram) stays in the VFX
//! breakdown for the effects team.

use oneshot_model::plan::{STORM_WORDS, WIND_WORDS};
use oneshot_model::production::EffectsSettings;
use oneshot_model::{Category, EffectKind, EffectLayer, Scene, Shot, ShotSetup};

use EffectKind::{Blast, Fire, Haze, Lightning, Rain, Smoke, Snow, Sparks};

/// Back to front, the order layers are composited in: the veil of the air first,
/// fire and what falls last, a blast's flash over everything.
const ORDER: [EffectKind; 8] = [Haze, Smoke, Fire, Lightning, Sparks, Rain, Snow, Blast];

/// Words of action that set off a blast, in any case (and `blows up`).
const BLAST_WORDS: [&str; 9] = [
    "explosion",
    "explodes",
    "explode",
    "exploding",
    "fireball",
    "blast",
    "detonates",
    "boom",
    "kaboom",
];

/// The layers a scene's special effects call for over all its shots, back to
/// front, scaled by the production's `[effects]`; none when they are off. What
/// an explosion brings is not among them: see [`stage_blast`].
pub fn scene_effects(
    scene: &Scene,
    interior: bool,
    settings: &EffectsSettings,
) -> Vec<EffectLayer> {
    let (before, _) = special_effects(scene);
    layers(&before, interior, settings)
}

/// Sets off a scene's explosion in the first of its shots whose line or action
/// says so (`The car EXPLODES`), else in its first: the blast goes off as that
/// shot starts, and from then on the fire and smoke it leaves are composited
/// over that shot and the ones after it (as `ShotSetup::effects`), not over the
/// shots before it.
pub fn stage_blast(
    scene: &Scene,
    interior: bool,
    settings: &EffectsSettings,
    shots: &[Shot],
    setups: &mut [ShotSetup],
) {
    let (before, all) = special_effects(scene);
    let throughout: Vec<EffectKind> = layers(&before, interior, settings)
        .iter()
        .map(|layer| layer.kind)
        .collect();
    let after: Vec<EffectLayer> = layers(&all, interior, settings)
        .into_iter()
        .filter(|layer| !throughout.contains(&layer.kind))
        .collect();
    if !after.iter().any(|layer| layer.kind == Blast) {
        return;
    }
    let sets_off = |shot: &Shot| {
        let text = shot.description.to_lowercase();
        let words: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .collect();
        words.iter().any(|word| BLAST_WORDS.contains(word))
            || words.windows(2).any(|pair| pair == ["blows", "up"])
    };
    let at = shots.iter().position(sets_off).unwrap_or(0);
    for (n, setup) in setups.iter_mut().enumerate().skip(at) {
        let aftermath = after.iter().filter(|layer| n == at || layer.kind != Blast);
        setup.effects.extend(aftermath);
    }
}

/// A scene's special effects: those that do not set off a blast, and all.
fn special_effects(scene: &Scene) -> (Vec<String>, Vec<String>) {
    let all = scene
        .elements
        .get(&Category::SpecialEffects)
        .cloned()
        .unwrap_or_default();
    let before = all
        .iter()
        .filter(|element| !EffectKind::named_in(element).contains(&Blast))
        .cloned()
        .collect();
    (before, all)
}

/// The layers special-effects `elements` (`rain`, `heavy smoke`) call for, back to
/// front, scaled by `settings`; words it does not know are passed over.
pub fn layers(elements: &[String], interior: bool, settings: &EffectsSettings) -> Vec<EffectLayer> {
    if !settings.enabled || settings.strength <= 0.0 {
        return Vec::new();
    }
    let kinds: Vec<EffectKind> = elements
        .iter()
        .flat_map(|e| EffectKind::named_in(e))
        .collect();
    let words = || {
        elements
            .iter()
            .flat_map(|e| e.split_whitespace())
            .map(str::to_lowercase)
    };
    let storm = words().any(|w| STORM_WORDS.contains(&w.as_str()));
    let wind = if storm {
        0.6
    } else if words().any(|w| WIND_WORDS.contains(&w.as_str())) {
        0.4
    } else {
        0.0
    };
    ORDER
        .into_iter()
        .filter(|kind| kinds.contains(kind))
        // Rain and snow fall outside; inside they are heard on the roof.
        .filter(|kind| !(interior && matches!(kind, Rain | Snow)))
        .map(|kind| {
            let strength = match kind {
                Rain if storm => 1.0,
                Lightning if interior => 0.5, // through the window
                Lightning | Blast => 1.0,
                Fire => 0.8,
                Smoke | Sparks => 0.7,
                Rain | Snow | Haze => 0.6,
            };
            EffectLayer {
                kind,
                strength: (strength * settings.strength).min(1.0),
                wind,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scene(effects: &[&str]) -> Scene {
        let mut scene = Scene::default();
        scene.elements.insert(
            Category::SpecialEffects,
            effects.iter().map(|e| e.to_string()).collect(),
        );
        scene
    }

    fn kinds(layers: &[EffectLayer]) -> Vec<EffectKind> {
        layers.iter().map(|layer| layer.kind).collect()
    }

    #[test]
    fn words_become_layers_back_to_front() {
        let layers = scene_effects(
            &scene(&["rain", "Fog", "flames"]),
            false,
            &EffectsSettings::default(),
        );
        assert_eq!(
            kinds(&layers),
            [EffectKind::Haze, EffectKind::Fire, EffectKind::Rain]
        );
        assert!(layers.iter().all(|layer| layer.wind == 0.0));
    }

    #[test]
    fn a_storm_is_full_rain_lightning_and_wind() {
        let layers = scene_effects(&scene(&["storm"]), false, &EffectsSettings::default());
        assert_eq!(kinds(&layers), [EffectKind::Lightning, EffectKind::Rain]);
        assert!(
            layers
                .iter()
                .all(|layer| layer.strength == 1.0 && layer.wind > 0.0)
        );
    }

    #[test]
    fn an_explosion_leaves_fire_and_smoke() {
        // One shot of frames composited anywhere (`oneshot fx`): the blast goes
        // off as it starts.
        let elements = ["explosion".to_owned()];
        let shot = layers(&elements, false, &EffectsSettings::default());
        assert_eq!(
            kinds(&shot),
            [EffectKind::Smoke, EffectKind::Fire, EffectKind::Blast]
        );
        // In a scene, all of it waits for the shot it goes off in.
        let layers = scene_effects(&scene(&["explosion"]), false, &EffectsSettings::default());
        assert!(layers.is_empty());
    }

    #[test]
    fn the_blast_goes_off_in_the_shot_that_sets_it_off() {
        let shot = |n: u32, description: &str| -> (Shot, ShotSetup) {
            let shot: Shot = serde_json::from_value(serde_json::json!({
                "id": format!("1-{n}"), "scene": 1, "kind": "single", "size": "MS",
                "movement": "static", "subjects": [], "speaker": null,
                "description": description, "duration_s": 2.0, "lens_mm": 35.0
            }))
            .unwrap();
            let setup: ShotSetup = serde_json::from_value(serde_json::json!({
                "shot_id": format!("1-{n}"),
                "camera": {"name": "CAM", "transform": {"location": [0.0, 0.0, 0.0],
                    "rotation": [0.0, 0.0, 0.0, 1.0], "scale": [1.0, 1.0, 1.0]},
                    "lens_mm": 35.0, "sensor_width_mm": 36.0, "focus_distance": null},
                "path": null, "frames": 1
            }))
            .unwrap();
            (shot, setup)
        };
        let (shots, mut setups): (Vec<_>, Vec<_>) = [
            shot(1, "A quiet street."),
            shot(2, "Get down! Lose the boombox!"),
            shot(3, "The truck EXPLODES in a ball of flame."),
        ]
        .into_iter()
        .unzip();
        let settings = EffectsSettings::default();
        // Rain throughout; the explosion's fire and smoke from its blast on.
        let boom = scene(&["explosion", "rain"]);
        assert_eq!(
            kinds(&scene_effects(&boom, false, &settings)),
            [EffectKind::Rain]
        );
        stage_blast(&boom, false, &settings, &shots, &mut setups);
        let own: Vec<Vec<EffectKind>> = setups.iter().map(|s| kinds(&s.effects)).collect();
        let aftermath = [EffectKind::Smoke, EffectKind::Fire];
        assert_eq!(own[..2], [vec![], vec![]]);
        assert_eq!(own[2], [&aftermath[..], &[EffectKind::Blast]].concat());
        // Written nowhere in the shots' words: the first shot, the fire after it.
        let mut quiet = setups.clone();
        quiet.iter_mut().for_each(|s| s.effects.clear());
        stage_blast(&boom, false, &settings, &shots[..2], &mut quiet[..2]);
        assert_eq!(quiet[0].effects.len(), 3);
        assert_eq!(kinds(&quiet[1].effects), aftermath);
        quiet.iter_mut().for_each(|s| s.effects.clear());
        // No explosion, or effects off: no blast.
        stage_blast(&scene(&["rain"]), false, &settings, &shots, &mut quiet[1..]);
        let off = EffectsSettings {
            enabled: false,
            ..settings
        };
        stage_blast(&boom, false, &off, &shots, &mut quiet[1..]);
        assert!(quiet[1..].iter().all(|s| s.effects.is_empty()));
    }

    #[test]
    fn rain_and_snow_stay_outside_and_lightning_comes_in_dimmed() {
        let layers = scene_effects(
            &scene(&["storm", "snow", "smoke"]),
            true,
            &EffectsSettings::default(),
        );
        assert_eq!(kinds(&layers), [EffectKind::Smoke, EffectKind::Lightning]);
        assert_eq!(layers[1].strength, 0.5);
    }

    #[test]
    fn the_production_scales_or_turns_effects_off() {
        let rain = scene(&["rain", "wind"]);
        let double = EffectsSettings {
            strength: 2.0,
            ..EffectsSettings::default()
        };
        let layers = scene_effects(&rain, false, &double);
        assert_eq!((layers[0].strength, layers[0].wind), (1.0, 0.4));
        let off = EffectsSettings {
            enabled: false,
            ..EffectsSettings::default()
        };
        assert!(scene_effects(&rain, false, &off).is_empty());
        assert!(scene_effects(&scene(&["breakaway", "bullet-hole"]), false, &double).is_empty());
    }
}
