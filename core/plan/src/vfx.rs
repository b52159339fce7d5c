//! The VFX breakdown: every shot that needs effects work, with the effects its
//! scene's breakdown names and the technique each calls for, as the VFX producer
//! bids from.
//!
//! Special effects (rain, smoke, an explosion) are practical on a live-action set;
//! in a production made in Blender they are simulations like any other effect, so
//! both categories are listed, each marked with where it came from.

use oneshot_model::{Category, EffectLayer, ProductionPlan, Role, Script, Shot, quote};
use serde::Serialize;

use crate::set::StandIn;

/// The effects work of a production, shot by shot in cutting order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VfxBreakdown {
    pub title: String,
    pub shots: Vec<VfxShot>,
}

/// One shot that needs effects work.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VfxShot {
    pub shot: String,
    pub scene: u32,
    pub heading: String,
    pub duration_s: f32,
    /// The camera moves: the effect must track it frame by frame.
    pub moving_camera: bool,
    pub effects: Vec<Effect>,
}

/// One effect in a shot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effect {
    /// As the breakdown names it (`rain`, `hologram`).
    pub element: String,
    /// `special effects` or `visual effects`, the breakdown category.
    pub category: &'static str,
    pub technique: &'static str,
    /// The rendered frames carry a temp version of it, composited (see
    /// [`crate::effects`]): the effects team replaces it, the cut plays with it.
    pub temp_composite: bool,
    /// The set has a stand-in for it (see [`crate::set`]): a maquette or a lit
    /// shape where the CG goes, seen from every angle, for the team to replace.
    pub stand_in: bool,
}

/// How an effect is made: special effects (weather, fire, smoke, explosions) are
/// simulations, but for lightning (a lighting effect) and the practical tricks a
/// compositor fakes; visual effects are what their stand-in stands in for (see
/// [`crate::set::stand_in`]): a CG creature or a CG asset; a laser is a light
/// effect, and the rest (`vanishes`, `superimposed`) compositing.
fn technique(category: Category, element: &str) -> &'static str {
    let element = element.to_ascii_lowercase();
    let names = |words: &[&str]| element.split_whitespace().any(|part| words.contains(&part));
    if names(&["lightning", "laser", "lasers"]) {
        "lighting effect"
    } else if category == Category::SpecialEffects {
        if names(&["breakaway", "bullet-hole"]) {
            "compositing"
        } else {
            "FX simulation (particles, fluids)"
        }
    } else {
        match crate::set::stand_in(&element) {
            Some(StandIn::Creature) => "CG creature",
            Some(StandIn::Asset) => "CG asset",
            None => "compositing",
        }
    }
}

/// The shots of `plan` whose scenes (in `breakdown`) have special or visual
/// effects; `moving` says which shots have a camera path. An effect is a temp
/// composite in a shot whose frames get its layers: its scene's, or the shot's
/// own (an explosion, from its blast on).
pub fn breakdown(plan: &ProductionPlan, script: &Script) -> VfxBreakdown {
    let setup = |shot: &Shot| plan.setups.iter().find(|setup| setup.shot_id == shot.id);
    let moving = |shot: &Shot| setup(shot).is_some_and(|setup| setup.path.is_some());
    let shots = plan
        .shots
        .iter()
        .filter_map(|shot| {
            let scene = script.scenes.iter().find(|s| s.number == shot.scene)?;
            let scene_plan = plan.scenes.iter().find(|s| s.scene == shot.scene);
            let scene_layers = scene_plan.map_or(&[][..], |s| s.effects.as_slice());
            let stand_in = |element: &str| {
                scene_plan.is_some_and(|s| {
                    s.pieces
                        .iter()
                        .any(|p| p.role == Role::Effect && p.name == element)
                })
            };
            let own = setup(shot).map_or(&[][..], |setup| setup.effects.as_slice());
            let layers: Vec<&EffectLayer> = scene_layers.iter().chain(own).collect();
            let layers = &layers;
            let effects: Vec<Effect> = [
                (Category::SpecialEffects, "special effects"),
                (Category::VisualEffects, "visual effects"),
            ]
            .into_iter()
            .flat_map(|(category, label)| {
                scene
                    .elements
                    .get(&category)
                    .into_iter()
                    .flatten()
                    .map(move |element| Effect {
                        element: element.clone(),
                        category: label,
                        technique: technique(category, element),
                        temp_composite: category == Category::SpecialEffects
                            && oneshot_model::EffectKind::named_in(element)
                                .iter()
                                .any(|kind| layers.iter().any(|layer| layer.kind == *kind)),
                        stand_in: stand_in(element),
                    })
            })
            .collect();
            (!effects.is_empty()).then(|| VfxShot {
                shot: shot.id.clone(),
                scene: shot.scene,
                heading: scene.heading.clone(),
                duration_s: shot.duration_s,
                moving_camera: moving(shot),
                effects,
            })
        })
        .collect();
    VfxBreakdown {
        title: plan.title.clone(),
        shots,
    }
}

impl VfxBreakdown {
    /// One row per effect per shot (RFC 4180 quoting), for the bid spreadsheet.
    pub fn csv(&self) -> String {
        let mut out = String::from(
            "shot,scene,heading,duration_s,moving_camera,element,category,technique,temp_composite,stand_in\r\n",
        );
        for shot in &self.shots {
            for effect in &shot.effects {
                let cells = [
                    quote::csv(&shot.shot),
                    shot.scene.to_string(),
                    quote::csv(&shot.heading),
                    format!("{:.2}", shot.duration_s),
                    shot.moving_camera.to_string(),
                    quote::csv(&effect.element),
                    effect.category.to_owned(),
                    quote::csv(effect.technique),
                    effect.temp_composite.to_string(),
                    effect.stand_in.to_string(),
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

    #[test]
    fn techniques_follow_the_category_and_the_words() {
        let special = |element| technique(Category::SpecialEffects, element);
        let visual = |element| technique(Category::VisualEffects, element);
        assert_eq!(special("rain"), "FX simulation (particles, fluids)");
        assert_eq!(special("Heavy Smoke"), "FX simulation (particles, fluids)");
        assert_eq!(special("lightning"), "lighting effect");
        assert_eq!(special("breakaway"), "compositing");
        assert_eq!(visual("dragon"), "CG creature");
        assert_eq!(visual("Ghosts"), "CG creature");
        assert_eq!(visual("hologram"), "CG asset");
        assert_eq!(visual("laser"), "lighting effect");
        assert_eq!(visual("vanishes"), "compositing");
    }

    #[test]
    fn only_shots_with_effects_are_listed_with_their_scenes_effects() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let mut script = oneshot_script::load(&root.join("alley-kings.fountain")).unwrap();
        let rooftop = script.scenes.iter_mut().find(|s| s.number == 6).unwrap();
        rooftop
            .elements
            .insert(Category::SpecialEffects, vec!["rain".into()]);
        rooftop.elements.insert(
            Category::VisualEffects,
            vec!["hologram".into(), "vanishes".into()],
        );
        let plan = crate::plan(&script, None).unwrap();
        let vfx = breakdown(&plan, &script);
        let rooftop_shots = plan.shots.iter().filter(|s| s.scene == 6).count();
        assert!(vfx.shots.iter().filter(|s| s.scene == 6).count() == rooftop_shots);
        let establishing = vfx.shots.iter().find(|s| s.shot == "6-1").unwrap();
        assert!(establishing.moving_camera, "a crane: the effect tracks it");
        let effects: Vec<(&str, &str, bool, bool)> = establishing
            .effects
            .iter()
            .map(|e| {
                let element = e.element.as_str();
                (element, e.technique, e.temp_composite, e.stand_in)
            })
            .collect();
        // The rooftop's rain (and wind) are composited into its frames; the
        // hologram has a stand-in on the set; a vanishing is left to the team.
        assert_eq!(
            effects,
            [
                ("rain", "FX simulation (particles, fluids)", true, false),
                ("hologram", "CG asset", false, true),
                ("vanishes", "compositing", false, false),
            ]
        );
        let csv = vfx.csv();
        let row = "6-1,6,EXT. FACTORY ROOFTOP - NIGHT,";
        assert!(csv.lines().any(|line| line.starts_with(row)), "{csv}");
        assert!(
            csv.lines()
                .next()
                .unwrap()
                .ends_with(",technique,temp_composite,stand_in")
        );
        assert!(
            csv.lines()
                .any(|line| line.starts_with(row) && line.ends_with(",true,false"))
        );
    }
}
