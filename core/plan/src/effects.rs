//! The effects each scene's frames get composited over them: the breakdown's
//! special effects (`rain`, `fog`, `flames`, `storm`) as weather, atmosphere and
//! fire layers (see [`EffectLayer`]).
//!
//! Rain and snow fall only outside: in an interior they are heard on the roof, and
//! a storm's lightning comes through the window at half strength. What cannot be
//! faked over a finished frame (a breakaway, a bullet hole, a hologram) stays in
//! the VFX breakdown for the effects team.

use oneshot_model::plan::{STORM_WORDS, WIND_WORDS};
use oneshot_model::production::EffectsSettings;
use oneshot_model::{Category, EffectKind, EffectLayer, Scene};

use EffectKind::{Fire, Haze, Lightning, Rain, Smoke, Snow, Sparks};

/// Back to front, the order layers are composited in: the veil of the air first,
/// fire and what falls last.
const ORDER: [EffectKind; 7] = [Haze, Smoke, Fire, Lightning, Sparks, Rain, Snow];

/// The layers a scene's special effects call for, back to front, scaled by the
/// production's `[effects]`; none when they are off.
pub fn scene_effects(
    scene: &Scene,
    interior: bool,
    settings: &EffectsSettings,
) -> Vec<EffectLayer> {
    let elements = scene.elements.get(&Category::SpecialEffects);
    layers(elements.map_or(&[][..], Vec::as_slice), interior, settings)
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
                Lightning => 1.0,
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
        let layers = scene_effects(&scene(&["explosion"]), false, &EffectsSettings::default());
        assert_eq!(kinds(&layers), [EffectKind::Smoke, EffectKind::Fire]);
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
