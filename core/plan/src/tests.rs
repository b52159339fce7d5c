//! Planning a whole script: shot list per scene, looks, warnings for bad input.

use std::collections::BTreeMap;
use std::path::Path;

use oneshot_model::{
    CameraMove, Category, DialogueLine, EffectKind, IntExt, Primitive, ProductionConfig, Role,
    Scene, Script, Shot, ShotKind, ShotSize,
};

use super::*;

fn line(character: &str, text: &str) -> DialogueLine {
    DialogueLine {
        character: character.into(),
        text: text.into(),
        duration_s: 1.8,
        ..DialogueLine::default()
    }
}

/// A scene whose lines follow its one paragraph of action.
fn scene(number: u32, heading: &str, mut lines: Vec<DialogueLine>) -> Scene {
    for line in &mut lines {
        line.action_before = 1;
    }
    let (int_ext, rest) = match heading.split_once(". ") {
        Some(("INT", rest)) => (Some(IntExt::Int), rest),
        Some(("EXT", rest)) => (Some(IntExt::Ext), rest),
        _ => (None, heading),
    };
    let (location, time) = match rest.rsplit_once(" - ") {
        Some((l, t)) => (l.to_owned(), Some(t.to_owned())),
        None => (rest.to_owned(), None),
    };
    let mut speaking: Vec<String> = Vec::new();
    for l in &lines {
        if !speaking.contains(&l.character) {
            speaking.push(l.character.clone());
        }
    }
    Scene {
        number,
        heading: heading.into(),
        int_ext,
        location,
        time_of_day: time,
        speaking,
        lines,
        action: vec!["They square up.".into()],
        ..Scene::default()
    }
}

fn script() -> Script {
    let mut garage = scene(
        1,
        "INT. GARAGE - DAY",
        vec![
            line("RAY", "Nobody pays Voss."),
            line("DEX", "Somebody should tell him."),
        ],
    );
    garage.elements = BTreeMap::from([
        (Category::Props, vec!["WRENCH".into(), "LAMP".into()]),
        (Category::Vehicles, vec!["MOTORCYCLE".into()]),
    ]);
    let mut street = scene(
        2,
        "EXT. STREET - NIGHT",
        vec![
            line("VOSS", "Nice shop."),
            line("RAY", "Get out!"),
            line("DEX", "Now."),
        ],
    );
    street.elements = BTreeMap::from([(Category::Extras, vec!["THUGS".into()])]);
    Script {
        title: "Alley Kings".into(),
        scenes: vec![garage, street],
        ..Script::default()
    }
}

#[test]
fn every_scene_gets_a_set_lights_and_an_establishing_shot() {
    let plan = plan(&script(), None).unwrap();
    assert_eq!(plan.title, "Alley Kings");
    assert_eq!(plan.slug, "alley-kings");
    assert_eq!(plan.scenes.len(), 2);
    for scene in &plan.scenes {
        let first = plan.shots.iter().find(|s| s.scene == scene.scene).unwrap();
        assert_eq!(first.kind, ShotKind::Establishing);
        assert!(scene.lights.len() >= 3);
    }
    // Establishing + one per line + a master for the action beyond the first paragraph
    // (none here) + a reaction after the exclamation in the group scene.
    assert_eq!(plan.shots.len(), (1 + 2) + (1 + 3 + 1));
    assert_eq!(plan.shots.len(), plan.setups.len());
    let ids: Vec<&str> = plan.shots.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids[..3], ["1-1", "1-2", "1-3"]);
    assert!(plan.shots.iter().all(|s| s.duration_s > 0.0));
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
}

#[test]
fn cast_props_and_practicals_are_on_the_set() {
    let plan = plan(&script(), None).unwrap();
    let garage = &plan.scenes[0];
    let piece = |name: &str| garage.pieces.iter().find(|p| p.name == name).unwrap();
    assert_eq!(piece("RAY").primitive, Primitive::Mannequin);
    assert_eq!(piece("MOTORCYCLE").role, Role::Prop);
    assert_eq!(piece("LAMP").role, Role::Practical);
    assert!(garage.pieces.iter().any(|p| p.name == "Window"));
    assert!(plan.scenes[1].pieces.iter().any(|p| p.name == "Sky"));
    // Each character keeps one distinct colour across scenes.
    let colour = |scene: usize, name: &str| {
        plan.scenes[scene]
            .pieces
            .iter()
            .find(|p| p.name == name)
            .unwrap()
            .color
            .clone()
    };
    assert_eq!(colour(0, "RAY"), colour(1, "RAY"));
    assert_ne!(colour(0, "RAY"), colour(0, "DEX"));
    assert_ne!(colour(1, "VOSS"), colour(1, "DEX"));
}

#[test]
fn visual_effects_get_a_stand_in_unless_they_are_cast() {
    let mut script = script();
    let street = &mut script.scenes[1];
    street.lines.push(line("GHOST", "Leave this place."));
    street.speaking.push("GHOST".into());
    street.elements.insert(
        Category::VisualEffects,
        vec!["hologram".into(), "ghost".into(), "levitates".into()],
    );
    let plan = plan(&script, None).unwrap();
    let pieces = &plan.scenes[1].pieces;
    let named = |name: &'static str| {
        pieces
            .iter()
            .filter(move |p| p.name.eq_ignore_ascii_case(name))
            .collect::<Vec<_>>()
    };
    let hologram = named("hologram");
    assert_eq!(hologram.len(), 1);
    assert_eq!(hologram[0].role, Role::Effect);
    // The speaking ghost is cast: one mannequin on a mark, no stand-in besides.
    let ghosts = named("ghost");
    assert_eq!(ghosts.len(), 1);
    assert_eq!(ghosts[0].role, Role::Character);
    assert!(named("levitates").is_empty());
    // The hologram lights the street like a practical.
    assert!(
        plan.scenes[1]
            .lights
            .iter()
            .any(|l| l.name.starts_with("Practical"))
    );
}

#[test]
fn a_character_introduced_as_a_creature_plays_it() {
    let mut script = script();
    // VOSS is the street's giant: cast tall, and no giant stand-in besides him.
    let street = &mut script.scenes[1];
    street.action.push("VOSS THE GIANT blocks the sun.".into());
    street
        .elements
        .insert(Category::VisualEffects, vec!["giant".into()]);
    let plan = plan(&script, None).unwrap();
    let pieces = &plan.scenes[1].pieces;
    assert!(pieces.iter().all(|p| p.role != Role::Effect), "{pieces:?}");
    let height = |name: &str| {
        let piece = pieces.iter().find(|p| p.name == name).unwrap();
        piece.transform.scale.z
    };
    assert!(
        height("VOSS") > height("DEX") * 1.4,
        "{} {}",
        height("VOSS"),
        height("DEX")
    );
}

#[test]
fn the_production_hazes_every_set_and_a_foggy_scene_thickens_its_own() {
    let mut script = script();
    script.scenes[1]
        .elements
        .insert(Category::SpecialEffects, vec!["fog".into()]);
    let clear = plan(&script, None).unwrap();
    assert_eq!(clear.scenes[0].atmosphere, None);
    let foggy = clear.scenes[1].atmosphere.as_ref().unwrap();
    assert!(foggy.density > 0.02, "{foggy:?}");

    let toml = "title = 'X'\n[effects]\natmosphere = 'haze'\n";
    let production = ProductionConfig::from_toml(toml, Path::new("p.toml")).unwrap();
    let hazed = plan(&script, Some(&production)).unwrap();
    let garage = hazed.scenes[0].atmosphere.as_ref().unwrap();
    assert_eq!((garage.density, garage.anisotropy), (0.02, 0.6));
    assert_eq!(hazed.scenes[1].atmosphere.as_ref(), Some(foggy));
}

#[test]
fn scenes_take_their_own_grade() {
    let toml = "title = 'X'\ncolor_grade = 'warm'\n[[grades]]\nscenes = [2, 2]\ngrade = 'noir'\n";
    let production = ProductionConfig::from_toml(toml, Path::new("p.toml")).unwrap();
    let plan = plan(&script(), Some(&production)).unwrap();
    let grades: Vec<Option<&str>> = plan
        .scenes
        .iter()
        .map(|s| s.color_grade.as_deref())
        .collect();
    assert_eq!(grades, [None, Some("noir")]);
    assert_eq!(plan.color_grade, "warm", "the rest keep the production's");
}

#[test]
fn a_grade_or_preset_there_is_none_of_is_refused_before_any_work() {
    let planned = |toml: &str| {
        let production = ProductionConfig::from_toml(toml, Path::new("p.toml")).unwrap();
        plan(&script(), Some(&production))
    };
    for (toml, field) in [
        ("title = 'X'\ncolor_grade = 'nope'", "color_grade"),
        (
            "title = 'X'\n[[grades]]\nscenes = [1, 1]\ngrade = 'Noir '\n[[grades]]\nscenes = [2, 2]\ngrade = 'nope'",
            "grades[1].grade",
        ),
        ("title = 'X'\n[retro]\npreset = 'nope'", "retro.preset"),
        ("title = 'X'\n[retro]\npalette = 'nope'", "retro"),
        ("title = 'X'\n[retro]\ndither = 'nope'", "retro"),
        ("title = 'X'\n[retro]\npreset = 'nes'\ncolors = 0", "retro"),
        ("title = 'X'\n[retro]\nscale = 1000\npixel = 0", "retro"),
    ] {
        match planned(toml) {
            Err(PlanError::UnknownLook {
                field: refused,
                message,
            }) => {
                assert_eq!(refused, field);
                assert!(
                    message.contains("nope") || message.contains("is not in"),
                    "{message}"
                );
            }
            other => panic!("{toml}: {other:?}"),
        }
    }
    // Files are read when used; a grade for scenes the script has none of warns.
    let toml = "title = 'X'\ncolor_grade = 'looks/film.cube'\n[retro]\npreset = 'mine.toml'\n[[grades]]\nscenes = [9, 12]\ngrade = 'warm'";
    let plan = planned(toml).unwrap();
    assert!(
        plan.warnings
            .iter()
            .any(|w| w == "grades[0] is for scenes 9-12, and the script has none of them"),
        "{:?}",
        plan.warnings
    );
}

#[test]
fn the_style_chooses_the_retro_look() {
    let look = |toml: &str| {
        let production = ProductionConfig::from_toml(toml, Path::new("p.toml")).unwrap();
        plan(&script(), Some(&production)).unwrap().retro
    };
    let preset = |toml: &str| look(toml).and_then(|look| look.preset);
    assert_eq!(
        preset("title = 'X'\nstyle = '8bit'"),
        Some("nes".to_owned())
    );
    assert_eq!(
        preset("title = 'X'\nstyle = '16bit'"),
        Some("snes".to_owned())
    );
    assert_eq!(
        preset("title = 'X'\nstyle = '1bit'"),
        Some("mac-1bit".to_owned())
    );
    assert_eq!(
        look("title = 'X'"),
        None,
        "photorealistic frames keep their look"
    );
    assert_eq!(look("title = 'X'\nstyle = 'stylized'"), None);
    // The `[retro]` section wins where it speaks, the style fills in the rest.
    let section = look("title = 'X'\nstyle = '8bit'\n[retro]\ncolors = 8\n").unwrap();
    assert_eq!(
        (section.preset.as_deref(), section.colors),
        (Some("nes"), Some(8))
    );
    let chosen = "title = 'X'\nstyle = '8bit'\n[retro]\npreset = 'c64'\n";
    assert_eq!(preset(chosen), Some("c64".to_owned()));
    let film = "title = 'X'\n[retro]\npreset = 'gameboy'\n";
    assert_eq!(
        preset(film),
        Some("gameboy".to_owned()),
        "an explicit look applies to any style"
    );
    // Shown at the smallest whole multiple of its pixels that fills the frame:
    // the NES's 224 lines twice over for 270, once for 180; a scale given stays.
    let scale = |toml: &str| look(toml).and_then(|look| look.scale);
    let nes = "title = 'X'\nstyle = '8bit'\n[render]\nheight = ";
    assert_eq!(scale(&format!("{nes}270\n")), Some(2));
    assert_eq!(scale(&format!("{nes}180\n")), Some(1));
    assert_eq!(scale(&format!("{nes}1080\n")), Some(5));
    assert_eq!(scale(&format!("{nes}270\n[retro]\nscale = 3\n")), Some(3));
}

#[test]
fn the_production_file_dresses_the_cast_and_sets_the_format() {
    let toml = r##"
title = "Alley Kings (director's cut)"
aspect_ratio = "2.39:1"
fps = 25
style = "8bit"
[render]
height = 270
[[characters]]
name = "RAY"
color = "#112233"
height_m = 1.9
hair_color = "Auburn"
body_type = "heavy"
[[characters.costumes]]
name = "fight"
scenes = [2, 2]
colors = ["#aa0000", "#222222"]
[[characters]]
name = "MARIAN"
hair_color = "teal-ish"
[retro]
preset = "nes"
"##;
    let production = ProductionConfig::from_toml(toml, Path::new("p.toml")).unwrap();
    let plan = plan(&script(), Some(&production)).unwrap();
    assert_eq!(plan.slug, "alley-kings-director-s-cut");
    assert_eq!(plan.resolution, [646, 270]);
    assert_eq!(plan.fps, 25.0);
    assert!(plan.retro.is_some());
    let ray = |scene: usize| {
        plan.scenes[scene]
            .pieces
            .iter()
            .find(|p| p.name == "RAY")
            .unwrap()
            .clone()
    };
    assert_eq!(ray(0).color, "#112233");
    assert_eq!(ray(1).color, "#aa0000", "the costume for scene 2");
    assert!((ray(0).transform.scale.z - 1.9).abs() < 1e-6);
    let dressing = |scene| ray(scene).dressing.unwrap();
    assert_eq!(dressing(0).hair.as_deref(), Some("#9c411e"));
    assert_eq!(dressing(0).legs, None, "no costume in scene 1: one colour");
    assert_eq!(
        dressing(1).legs.as_deref(),
        Some("#222222"),
        "the costume's second colour"
    );
    assert!(
        (ray(0).transform.scale.x - 0.5 * 1.3).abs() < 1e-6,
        "a heavy build"
    );
    assert!(
        plan.warnings
            .iter()
            .any(|w| w.contains("MARIAN") && w.contains("teal-ish")),
        "{:?}",
        plan.warnings
    );
    assert!(
        plan.warnings
            .iter()
            .any(|w| w.contains("MARIAN") && w.contains("not in the script")),
        "{:?}",
        plan.warnings
    );
    // The rest is still planned.
    assert_eq!(plan.scenes.len(), 2);
}

#[test]
fn bad_input_is_warned_about_and_still_planned() {
    let mut script = script();
    // No heading at all (a script that starts without a scene heading).
    script.scenes[0].heading.clear();
    script.scenes[0].int_ext = None;
    script.scenes[0].time_of_day = None;
    // An unknown time of day.
    script.scenes[1].time_of_day = Some("TEATIME".into());
    // A character on set who never speaks.
    script.scenes[1].mentioned = vec!["BRICK".into()];
    let plan = plan(&script, None).unwrap();
    let warned = |needle: &str| plan.warnings.iter().any(|w| w.contains(needle));
    assert!(
        warned("scene 1 has no scene heading"),
        "{:?}",
        plan.warnings
    );
    assert!(warned("scene 1: no time of day"), "{:?}", plan.warnings);
    assert!(
        warned("unknown time of day `TEATIME`"),
        "{:?}",
        plan.warnings
    );
    assert!(warned("BRICK has no lines"), "{:?}", plan.warnings);
    assert!(plan.scenes[1].pieces.iter().any(|p| p.name == "BRICK"));
    assert_eq!(plan.scenes.len(), 2);
}

#[test]
fn continuity_times_of_day_take_the_previous_light_quietly() {
    let mut script = script();
    script.scenes[1].time_of_day = Some("CONTINUOUS".into());
    let plan = plan(&script, None).unwrap();
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    // Scene 1 is day, so the continuous scene 2 is lit by the sun.
    assert!(plan.scenes[1].lights[0].name.contains("sun"));
}

#[test]
fn nothing_to_plan_is_an_error() {
    let err = plan(&Script::default(), None).unwrap_err();
    assert!(matches!(err, PlanError::NoScenes));
    assert_eq!(err.to_string(), "the script has no scenes to plan");
}

#[test]
fn untitled_scripts_get_a_slug() {
    let mut script = script();
    script.title = "  ".into();
    assert_eq!(plan(&script, None).unwrap().slug, "untitled");
    assert_eq!(slug("Ça va? 2"), "a-va-2");
}

#[test]
fn the_plan_round_trips_through_json() {
    let plan = plan(&script(), None).unwrap();
    let json = serde_json::to_string(&plan).unwrap();
    let back: oneshot_model::ProductionPlan = serde_json::from_str(&json).unwrap();
    assert_eq!(back, plan);
}

#[test]
fn write_plan_then_finish_with_synthetic_frames() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let script = script();
    let plan = plan(&script, None).unwrap();
    write_plan(&plan, &script, &out).unwrap();
    for name in [
        "breakdown.json",
        "shotlist.json",
        "shotlist.html",
        "shotlist.csv",
        "plan.json",
    ] {
        assert!(out.join(name).is_file(), "{name}");
    }
    // Render every frame but the second: asked to, it gets a placeholder and a warning.
    std::fs::create_dir_all(out.join("frames")).unwrap();
    let [w, h] = plan.resolution;
    for (i, shot) in plan.shots.iter().enumerate().filter(|(i, _)| *i != 1) {
        let shade = (i * 30 % 255) as u8;
        let frame = image::RgbImage::from_pixel(w, h, image::Rgb([shade, 90, 200]));
        frame
            .save(out.join(format!("frames/{}.png", shot.id)))
            .unwrap();
    }
    std::fs::write(out.join("frames/1-3.png"), b"not a png").unwrap();
    let finished = finish(&out, MissingFrames::Placeholders).unwrap();
    assert_eq!(finished.warnings.len(), 2, "{:?}", finished.warnings);
    assert!(finished.warnings[0].contains("1-2") && finished.warnings[0].contains("no frame"));
    assert!(finished.warnings[1].contains("unreadable"));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["storyboard"], "storyboard.png");
    // Blender cuts the animatic; without it there is none to name.
    assert_eq!(manifest["animatic"], serde_json::Value::Null);
    assert_eq!(manifest["shotlist_html"], "shotlist.html");
    assert_eq!(manifest["shotlist_csv"], "shotlist.csv");
    assert_eq!(manifest["grip_electric_json"], "grip_electric.json");
    assert_eq!(manifest["grip_csv"], "grip.csv");
    assert_eq!(manifest["electric_csv"], "electric.csv");
    assert_eq!(manifest["lighting_cues_csv"], "lighting_cues.csv");
    assert_eq!(manifest["overheads"], "overheads.html");
    let shots = manifest["shots"].as_array().unwrap();
    assert_eq!(shots.len(), plan.shots.len());
    assert_eq!(shots[0]["id"], "1-1");
    assert_eq!(shots[0]["scene"], 1);
    assert_eq!(shots[0]["frame"], "frames/1-1.png");
    assert!(shots[0]["duration_s"].as_f64().unwrap() > 0.0);
    let mut keys: Vec<&str> = shots[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let documented = [
        "duration_s",
        "frame",
        "frames",
        "id",
        "record_in",
        "record_out",
        "rendered",
        "scene",
        "sequence",
    ];
    assert_eq!(keys, documented);
    let sheet = image::open(out.join("storyboard.png")).unwrap();
    assert!(sheet.width() > 1000);
    // No temporaries left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".partial-"))
        .collect();
    assert!(leftovers.is_empty());
}

/// The example screenplay and its plan under the example production.
fn example() -> (Script, oneshot_model::ProductionPlan) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let script = oneshot_script::load(&root.join("alley-kings.fountain")).unwrap();
    let production = ProductionConfig::load(&root.join("alley-kings.toml")).unwrap();
    let plan = plan(&script, Some(&production)).unwrap();
    (script, plan)
}

#[test]
fn a_night_graded_day_for_night_is_lit_by_the_sun() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let script = oneshot_script::load(&root.join("alley-kings.fountain")).unwrap();
    let mut production = ProductionConfig::load(&root.join("alley-kings.toml")).unwrap();
    let plan_of = |production: &ProductionConfig| plan(&script, Some(production)).unwrap();
    let number = (plan_of(&production).scenes.iter())
        .find(|s| s.night && !s.interior)
        .expect("the example has a night exterior")
        .scene;
    production.grades = vec![oneshot_model::production::SceneGrade {
        scenes: [number, number],
        grade: oneshot_model::production::DAY_FOR_NIGHT.into(),
    }];
    let planned = plan_of(&production);
    let scene = planned.scenes.iter().find(|s| s.scene == number).unwrap();
    assert!(!scene.night, "shot by day");
    assert_eq!(scene.lights[0].name, "Key (sun)");
    assert_eq!(scene.color_grade.as_deref(), Some("day-for-night"));
}

#[test]
fn each_shot_has_its_own_effects_seed_the_same_every_run() {
    let (_, first) = example();
    let (_, again) = example();
    let seeds: std::collections::HashSet<u32> =
        first.setups.iter().map(|s| s.effects_seed).collect();
    assert_eq!(seeds.len(), first.setups.len());
    assert!(
        first
            .setups
            .iter()
            .zip(&again.setups)
            .all(|(a, b)| a.effects_seed == b.effects_seed)
    );
}

#[test]
fn the_example_rooftop_is_wet_and_windy_and_the_rest_dry() {
    let (_, plan) = example();
    let rooftop = plan.scenes.iter().find(|s| s.scene == 6).unwrap();
    assert_eq!(
        rooftop.effects,
        [oneshot_model::EffectLayer {
            kind: oneshot_model::EffectKind::Rain,
            strength: 0.6,
            wind: 0.4,
        }]
    );
    let dry = plan.scenes.iter().filter(|s| s.scene != 6);
    assert!(dry.clone().all(|s| s.effects.is_empty()));
}

#[test]
fn in_full_motion_locked_off_shots_under_rain_get_every_frame_and_dry_ones_stay_stills() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let script = oneshot_script::load(&root.join("alley-kings.fountain")).unwrap();
    let mut production = ProductionConfig::load(&root.join("alley-kings.toml")).unwrap();
    production.render.full_motion = true;
    let film = plan(&script, Some(&production)).unwrap();
    let mut held = 0;
    for (shot, setup) in film.shots.iter().zip(&film.setups) {
        if setup.path.is_some() {
            continue;
        }
        if shot.scene == 6 {
            let frames = (shot.duration_s * film.fps).round() as u32;
            assert_eq!(setup.frames, frames, "{}: the rain moves", shot.id);
            held += 1;
        } else {
            assert_eq!(setup.frames, 1, "{}: nothing moves", shot.id);
        }
    }
    assert!(held > 0);
    production.effects.enabled = false;
    let clean = plan(&script, Some(&production)).unwrap();
    let still = |setup: &oneshot_model::ShotSetup| setup.path.is_none();
    assert!(
        clean
            .setups
            .iter()
            .filter(|s| still(s))
            .all(|s| s.frames == 1)
    );
}

#[test]
fn the_example_production_plans_cleanly_at_demo_size() {
    let (script, plan) = example();
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    assert!(plan.scenes.len() >= 6);
    // Small enough for a quick demo render, big enough to cover every turn.
    assert!(
        (25..=40).contains(&plan.shots.len()),
        "{} shots",
        plan.shots.len()
    );
    let lines: usize = script.scenes.iter().map(|s| s.lines.len()).sum();
    assert!(plan.shots.len() >= script.scenes.len() + lines);
    assert_eq!(plan.resolution, [480, 270]);
}

#[test]
fn the_shot_list_prints_each_shot_with_its_camera_and_transitions() {
    let (script, plan) = example();
    let edit = oneshot_edit::Edit::from_plan(&plan, |shot| shot.id.clone()).unwrap();

    let csv = crate::shotlist::csv(&plan, &edit);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), plan.shots.len() + 1);
    assert!(rows[0].starts_with("shot,scene,heading,size,kind,movement,support,sound,lens_mm"));
    // The opening fades up, the dawn epilogue dissolves in and fades out.
    assert!(rows[1].starts_with(
        "1-1,1,INT. KANE BROTHERS GARAGE - DAY,WS,establishing,dolly,dolly on track,MOS,"
    ));
    // The set-up and its B camera close each row: the opening is scene 1's first.
    let before_setup = |row: &str| row.rsplitn(3, ',').nth(2).unwrap_or_default().to_owned();
    assert!(rows[0].ends_with(",blocking,setup,b_camera"));
    assert!(
        rows[1].ends_with(",FADE IN,NINA walks on; Super: The Eastside,1,"),
        "{}",
        rows[1]
    );
    // The opening pushes in on level track, at one height: its focus runs from
    // its first key to its last, the marks a focus puller pulls between.
    let keys = &plan.setups[0].path.as_ref().unwrap().keys;
    let (first, last) = (&keys[0], keys.last().unwrap());
    assert_eq!(first.transform.location.z, last.transform.location.z);
    // In the CSV the end is a column of its own (empty where nothing moves).
    let marks = format!(
        ",{:.1},{:.1},,{:.1},",
        first.transform.location.z, first.focus_distance, last.focus_distance
    );
    assert!(rows[1].contains(&marks), "{marks} in {}", rows[1]);
    let html = crate::shotlist::html(&plan, &edit);
    let pulled = format!("{:.1} → {:.1}", first.focus_distance, last.focus_distance);
    assert!(html.contains(&pulled), "{pulled}");
    assert_eq!(
        plan.setups[0].camera.focus_distance,
        Some(first.focus_distance)
    );
    // Durations to the hundredth, so a quarter second adds up.
    let opening = format!(",{:.2},FADE IN,", plan.shots[0].duration_s);
    assert!(rows[1].contains(&opening), "{opening} in {}", rows[1]);
    let last_scene = plan.shots.last().unwrap().scene;
    let into_last = rows
        .iter()
        .find(|r| r.starts_with(&format!("{last_scene}-1,")))
        .unwrap();
    assert!(
        before_setup(into_last).ends_with(",DISSOLVE,"),
        "{into_last}"
    );
    assert!(before_setup(rows.last().unwrap()).ends_with(",FADE OUT,"));
    // The last line is heard to its end before the picture fades.
    let last = plan.shots.last().unwrap();
    let fade = plan.scenes.last().unwrap().transition_out.seconds;
    let line = script.scenes.last().unwrap().lines.last().unwrap();
    let clip = edit.clips.last().unwrap();
    assert!(
        fade > 0.0 && last.duration_s - fade >= line.duration_s,
        "{last:?}"
    );
    assert_eq!(
        clip.fade_out,
        (f64::from(fade) * 24.0).round() as u64,
        "the fade takes only the held frames"
    );
    // A spoken line: on sticks, boomed, with a lens, height and focus.
    let line = rows[2].split(',').collect::<Vec<_>>();
    assert_eq!(line[6..8], ["tripod", "boom from camera left"]);
    assert_eq!(line[8..11].len(), 3);
    assert!(
        line[8..11].iter().all(|cell| cell.parse::<f32>().is_ok()),
        "{line:?}"
    );

    let html = crate::shotlist::html(&plan, &edit);
    assert_eq!(html.matches("<section>").count(), plan.scenes.len());
    assert_eq!(html.matches("<tr><td>").count(), plan.shots.len());
    assert!(html.contains("<h2>Scene 1: INT. KANE BROTHERS GARAGE - DAY</h2>"));
    assert!(html.contains("<td class=\"t\">DISSOLVE</td>"));
    // Nina comes in from the street in the opening shot, under the film's first
    // super; the garage's lamp comes up as its night scene opens.
    assert_eq!(html.matches("<i class=\"b\">").count(), 2);
    assert!(html.contains("<br><i class=\"b\">NINA walks on; Super: The Eastside</i>"));
    assert!(html.contains("<br><i class=\"b\">lamp comes up</i>"));
    // The rooftop, and only it, is composited wet and windy.
    assert_eq!(html.matches("<p class=\"fx\">").count(), 1);
    assert!(html.contains(
        "FACTORY ROOFTOP - NIGHT</h2>\n<p class=\"fx\">Effects composited: rain; wind</p>"
    ));
}

#[test]
fn production_sound_booms_close_shots_and_wires_wide_and_roaming_ones() {
    let (_, plan) = example();
    let shot = |kind: ShotKind, size: ShotSize, movement: CameraMove, speaks: bool| Shot {
        kind,
        size,
        movement,
        speaker: speaks.then(|| "RAY".to_owned()),
        ..plan.shots[0].clone()
    };
    let recording = |kind, size, movement, speaks| {
        crate::shotlist::recording(&shot(kind, size, movement, speaks), None, None)
    };
    use CameraMove::{Crane, Dolly, Handheld, Static};
    assert_eq!(
        recording(ShotKind::Establishing, ShotSize::Ws, Crane, false),
        "MOS"
    );
    assert_eq!(
        recording(ShotKind::Single, ShotSize::Mcu, Static, true),
        "boom"
    );
    assert_eq!(
        recording(ShotKind::Single, ShotSize::Ms, Dolly, true),
        "boom"
    );
    assert_eq!(
        recording(ShotKind::Master, ShotSize::Fs, Static, true),
        "lavs"
    );
    assert_eq!(
        recording(ShotKind::Master, ShotSize::Ms, Handheld, false),
        "lavs"
    );
    // The boom comes in from the side away from the key, as the camera sees it:
    // the garage by day is keyed from its window, camera right.
    let single = plan
        .shots
        .iter()
        .position(|s| s.kind == ShotKind::Single)
        .unwrap();
    let key = plan.scenes[0].lights.first();
    let boomed = crate::shotlist::recording(&plan.shots[single], Some(&plan.setups[single]), key);
    assert_eq!(boomed, "boom from camera left");
}

#[test]
fn an_isometric_production_shoots_every_shot_from_one_angle_orthographically() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let script = oneshot_script::load(&root.join("alley-kings.fountain")).unwrap();
    let mut production = ProductionConfig::load(&root.join("alley-kings.toml")).unwrap();
    production.isometric = Some(oneshot_model::IsometricSettings::default());
    let iso = plan(&script, Some(&production)).unwrap();
    let forward =
        |setup: &oneshot_model::ShotSetup| setup.camera.transform.rotation * glam::Vec3::NEG_Z;
    let first = forward(&iso.setups[0]);
    for setup in &iso.setups {
        assert_eq!(
            setup.camera.ortho_scale,
            Some(12.0 * std::f32::consts::SQRT_2)
        );
        // Locked off: one frame, or a few when someone walks on or a lamp comes up.
        let switched = setup.dimmers.iter().any(|d| d.keys.len() > 1);
        let frames = if setup.walks.is_empty() && !switched {
            1
        } else {
            3
        };
        assert!(
            setup.path.is_none() && setup.frames == frames,
            "{}",
            setup.shot_id
        );
        assert!(forward(setup).abs_diff_eq(first, 1e-5), "{}", setup.shot_id);
    }
    assert!(iso.shots.iter().all(|s| s.movement == CameraMove::Static));
    // Switched off, the table leaves the perspective cameras and their moves.
    production.isometric.as_mut().unwrap().enabled = false;
    let perspective = plan(&script, Some(&production)).unwrap();
    assert!(
        perspective
            .setups
            .iter()
            .all(|s| s.camera.ortho_scale.is_none())
    );
    assert!(perspective.setups.iter().any(|s| s.path.is_some()));
}

#[test]
fn an_explosion_goes_off_in_its_shot_and_burns_from_then_on() {
    let text = "EXT. QUARRY - DAY\n\nA quiet quarry. MAX waits by the truck.\n\nMAX\nAny second now.\n\n\
                The truck EXPLODES in a ball of flame. Max dives for cover.\n";
    let script = oneshot_script::breakdown_source(text, "boom.fountain").unwrap();
    let planned = plan(&script, None).unwrap();
    assert!(
        planned.scenes[0].effects.is_empty(),
        "no fire before the blast"
    );
    let own: Vec<Vec<EffectKind>> = planned
        .setups
        .iter()
        .map(|s| s.effects.iter().map(|l| l.kind).collect())
        .collect();
    let last = planned.shots.last().unwrap();
    assert!(last.description.contains("EXPLODES"));
    assert_eq!(
        own,
        [
            vec![],
            vec![],
            vec![EffectKind::Smoke, EffectKind::Fire, EffectKind::Blast]
        ]
    );
    let edit = oneshot_edit::Edit::from_plan(&planned, |shot| shot.id.clone()).unwrap();
    let html = crate::shotlist::html(&planned, &edit);
    assert!(html.contains("Effects composited: blast in 1-3, then smoke, fire</p>"));
    // The VFX breakdown bids the explosion in every shot, composited from the blast on.
    let vfx = crate::vfx::breakdown(&planned, &script);
    let composited: Vec<bool> = vfx
        .shots
        .iter()
        .map(|shot| shot.effects.iter().any(|e| e.temp_composite))
        .collect();
    assert_eq!(composited, [false, false, true]);
    // Even in a preview, the blast plays: every frame of its locked-off shot.
    // (So does lightning: see the storm below.)
    let blast = planned.setups.last().unwrap();
    assert!(blast.path.is_none());
    assert_eq!(blast.frames, (last.duration_s * planned.fps).round() as u32);
    assert!(
        planned.setups[..2]
            .iter()
            .all(|s| s.path.is_some() || s.frames == 1)
    );
}

#[test]
fn in_a_preview_lightning_flashes_frame_by_frame_and_rain_alone_stays_still() {
    let text = "EXT. PIER - NIGHT\n\nA STORM lashes the pier. ADA waits.\n\nADA\nHe's late.\n\n\
                EXT. DOCK - NIGHT\n\nRain on the dock. BO waits.\n\nBO\nShe's late.\n";
    let script = oneshot_script::breakdown_source(text, "storm.fountain").unwrap();
    let planned = plan(&script, None).unwrap();
    let held = |scene: u32| -> Vec<u32> {
        let shots = planned.shots.iter().zip(&planned.setups);
        shots
            .filter(|(shot, setup)| shot.scene == scene && setup.path.is_none())
            .map(|(_, setup)| setup.frames)
            .collect()
    };
    assert!(!held(1).is_empty() && held(1).iter().all(|&frames| frames > 1));
    assert_eq!(planned.scenes[1].effects[0].kind, EffectKind::Rain);
    assert!(held(2).iter().all(|&frames| frames == 1));
}

#[test]
fn scenes_whose_set_ups_roll_in_pairs_call_for_a_b_camera() {
    let (_, plan) = example();
    let setups = crate::setups::setups(&plan);
    let gear = crate::grip_electric::scene_gear(&plan);
    let with_b = |scene: &u32| {
        gear.get(scene).is_some_and(|needs| {
            needs.contains(&("camera".into(), crate::grip_electric::B_CAMERA.into()))
        })
    };
    let paired: Vec<u32> = plan
        .scenes
        .iter()
        .map(|s| s.scene)
        .filter(|scene| {
            setups
                .iter()
                .any(|s| s.scene == *scene && s.b_camera.is_some())
        })
        .collect();
    assert!(
        !paired.is_empty(),
        "the example cross-covers a conversation"
    );
    for scene in plan.scenes.iter().map(|s| s.scene) {
        assert_eq!(with_b(&scene), paired.contains(&scene), "scene {scene}");
    }
    // Every shot is in exactly one set-up, named after its scene.
    for shot in &plan.shots {
        let holding: Vec<&crate::setups::Setup> = setups
            .iter()
            .filter(|s| s.shots.contains(&shot.id))
            .collect();
        assert_eq!(holding.len(), 1, "{}", shot.id);
        assert!(holding[0].name.starts_with(&shot.scene.to_string()));
        assert_eq!(holding[0].scene, shot.scene);
    }
}

#[test]
fn the_lamp_the_action_switches_is_dimmed_shot_by_shot_and_cued() {
    let mut script = script();
    script.scenes[0].action = vec![
        "Ray switches on the lamp.".into(),
        "Dex kills the lights and walks out.".into(),
    ];
    script.scenes[0]
        .elements
        .get_mut(&Category::Props)
        .unwrap()
        .push("CANDLES".into());
    let plan = plan(&script, None).unwrap();
    let lamp = plan.scenes[0]
        .lights
        .iter()
        .find(|l| l.name == "Practical 1")
        .unwrap();
    assert_eq!(lamp.kind, oneshot_model::LightKind::Point);
    let garage: Vec<&oneshot_model::ShotSetup> = plan
        .setups
        .iter()
        .filter(|s| s.shot_id.starts_with("1-"))
        .collect();
    let dimmed = |s: &&oneshot_model::ShotSetup| {
        let pieces: Vec<&str> = s.dimmers.iter().map(|d| d.piece.as_str()).collect();
        pieces == ["LAMP", "CANDLES"]
    };
    assert!(garage.iter().all(dimmed));
    assert!(
        garage
            .iter()
            .flat_map(|s| &s.dimmers)
            .all(|d| d.rides.is_empty()),
        "by day the window keys the room, lamp or no lamp"
    );
    assert!(
        plan.setups
            .iter()
            .filter(|s| s.shot_id.starts_with("2-"))
            .all(|s| s.dimmers.is_empty())
    );
    let cues = dimmers::cue_sheet(&plan);
    let called: Vec<(&str, &[String], &str)> = cues
        .iter()
        .map(|c| (c.cue.as_str(), &c.pieces[..], c.goes))
        .collect();
    let (lamp, both) = (
        ["LAMP".to_owned()],
        ["LAMP".to_owned(), "CANDLES".to_owned()],
    );
    assert_eq!(
        called,
        [("LX 1", &lamp[..], "up"), ("LX 2", &both[..], "out")]
    );
    assert_eq!(cues[1].lights, ["Practical 1", "Practical 2"]);
    // The gaffer orders a dimmer channel for each, and the call sheet lists them.
    let gear = grip_electric::grip_electric(&plan);
    assert_eq!(gear.scenes[0].dimmed, ["Practical 1", "Practical 2"]);
    assert!(gear.scenes[1].dimmed.is_empty());
    let channels = gear
        .order
        .iter()
        .find(|item| item.item == grip_electric::DIMMER_CHANNEL)
        .unwrap();
    assert_eq!((channels.department, channels.most), ("electric", 2));
    assert_eq!(channels.scenes, [1]);
    let needs = &grip_electric::scene_gear(&plan)[&1];
    assert!(needs.contains(&("electric".into(), grip_electric::DIMMER_CHANNEL.into())));
    assert_eq!(cues[0].shot, "1-1");
    assert_eq!(
        cues[1].shot,
        plan.shots.iter().rfind(|s| s.scene == 1).unwrap().id
    );
    assert!((cues[0].fade_s - dimmers::FADE_S).abs() < 0.03);
    let csv = dimmers::cue_sheet_csv(&cues);
    assert!(csv.starts_with("cue,scene,shot,frame,seconds,lights,pieces,goes,fade_s\r\n"));
    assert_eq!(csv.lines().count(), 3);
    // The dimmers travel with the plan.
    let json = serde_json::to_string(&plan).unwrap();
    let back: oneshot_model::ProductionPlan = serde_json::from_str(&json).unwrap();
    assert_eq!(back.setups, plan.setups);
}

#[test]
fn by_night_the_key_and_back_light_ride_the_lamp_that_motivates_them() {
    let mut script = script();
    script.scenes[0].heading = "INT. GARAGE - NIGHT".into();
    script.scenes[0].time_of_day = Some("NIGHT".into());
    script.scenes[0].action = vec!["Dark. Ray switches on the lamp.".into()];
    let plan = plan(&script, None).unwrap();
    let garage = plan.setups.iter().filter(|s| s.shot_id.starts_with("1-"));
    for setup in garage {
        assert_eq!(setup.dimmers.len(), 1, "{setup:?}");
        assert_eq!(setup.dimmers[0].rides, ["Key (tungsten)", "Back"]);
    }
    let plot: Vec<&str> = plan.scenes[0]
        .lights
        .iter()
        .map(|l| l.name.as_str())
        .collect();
    assert!(
        plot.contains(&"Key (tungsten)") && plot.contains(&"Back"),
        "{plot:?}"
    );
    // The board brings them up with the lamp, on channels of their own.
    let cues = dimmers::cue_sheet(&plan);
    assert_eq!(cues.len(), 1);
    assert_eq!(cues[0].lights, ["Practical 1", "Key (tungsten)", "Back"]);
    assert_eq!(cues[0].pieces, ["LAMP"]);
    let gear = grip_electric::grip_electric(&plan);
    assert_eq!(
        gear.scenes[0].dimmed,
        ["Back", "Key (tungsten)", "Practical 1"]
    );
}

#[test]
fn a_super_goes_up_over_its_scenes_establishing_shot_and_the_shot_list_says_so() {
    let mut script = script();
    script.scenes[1].action = vec![
        "SUPER: \"Tokyo, 1999\"".into(),
        "Rain. Ray switches on the neon sign.".into(),
        "TITLE: The Night the Lights Went Out".into(),
    ];
    script.scenes[1]
        .elements
        .insert(Category::Props, vec!["NEON SIGN".into()]);
    let plan = plan(&script, None).unwrap();
    let street: Vec<&oneshot_model::ShotSetup> = plan
        .setups
        .iter()
        .filter(|s| s.shot_id.starts_with("2-"))
        .collect();
    assert_eq!(street[0].supers, ["Tokyo, 1999"]);
    // A super after the opening goes up over the scene's last shot, and its words
    // switch no light.
    let (last, between) = street[1..].split_last().unwrap();
    assert_eq!(last.supers, ["The Night the Lights Went Out"]);
    assert!(between.iter().all(|s| s.supers.is_empty()));
    assert!(
        last.dimmers
            .iter()
            .all(|d| d.keys.len() == 1 && d.keys[0].level == 1.0)
    );
    assert!(
        plan.setups
            .iter()
            .filter(|s| s.shot_id.starts_with("1-"))
            .all(|s| s.supers.is_empty())
    );
    let edit = oneshot_edit::Edit::from_plan(&plan, |shot| shot.id.clone()).unwrap();
    let csv = crate::shotlist::csv(&plan, &edit);
    let row = csv.lines().find(|line| line.starts_with("2-1,")).unwrap();
    assert!(
        row.contains("NEON SIGN comes up; Super: Tokyo, 1999"),
        "{row}"
    );
    assert!(crate::shotlist::html(&plan, &edit).contains("Super: Tokyo, 1999"));
}

#[test]
fn the_film_opens_on_its_title_and_the_title_pages_credit() {
    let mut script = script();
    let page = [
        ("Title", "ALLEY KINGS"),
        ("Credit", "Written  by"),
        ("Author", "Ray Kane"),
        ("Draft date", "2026-11-24"),
    ];
    script.title_page = page
        .iter()
        .map(|(key, value)| oneshot_model::script::TitleEntry {
            key: (*key).into(),
            value: (*value).into(),
        })
        .collect();
    let plan = plan(&script, None).unwrap();
    assert_eq!(plan.titles, ["Alley Kings", "Written by", "Ray Kane"]);
    // The end credits: the cast in order of appearance, eight names a card, then
    // the copyright.
    let cards: Vec<&[String]> = plan.end_credits.iter().map(|c| &c.lines[..]).collect();
    let [cast, made] = cards[..] else {
        panic!("{cards:?}")
    };
    assert_eq!(cast[0], "CAST");
    assert_eq!(&cast[1..], ["RAY", "DEX", "VOSS"]);
    assert_eq!(made, ["Made with oneshot and Blender"]);
    assert!(
        plan.end_credits
            .iter()
            .all(|c| c.seconds == super::CREDIT_CARD_S)
    );
    // The cut and the shot list's running time take them in.
    let edit = oneshot_edit::Edit::from_plan(&plan, |shot| shot.id.clone()).unwrap();
    let pictures_s: f32 = plan.shots.iter().map(|shot| shot.duration_s).sum();
    let running_s = (pictures_s + 2.0 * super::CREDIT_CARD_S).round() as u32;
    assert_eq!(
        ((edit.frames() as f32) / plan.fps).round() as u32,
        running_s
    );
    let running = format!("running {}:{:02}", running_s / 60, running_s % 60);
    assert!(
        crate::shotlist::html(&plan, &edit).contains(&running),
        "{running}"
    );
    script.title_page.push(oneshot_model::script::TitleEntry {
        key: "Copyright".into(),
        value: "(c) 2026 Ray Kane".into(),
    });
    let plan = super::plan(&script, None).unwrap();
    let last = &plan.end_credits.last().unwrap().lines;
    assert_eq!(
        last,
        &["(c) 2026 Ray Kane", "Made with oneshot and Blender"]
    );
    // The production's title is the one shown (here the script's, as no production
    // file says otherwise); a title page without a title opens on no title and
    // rolls no credits.
    script.title_page.remove(0);
    let untitled = super::plan(&script, None).unwrap();
    assert!(untitled.titles.is_empty() && untitled.end_credits.is_empty());
}

#[test]
fn end_credits_put_eight_names_on_a_card_under_one_heading() {
    let titles = ["LAMP".to_owned()];
    let cards = |cast: usize| -> Vec<Vec<String>> {
        let names: Vec<String> = (1..=cast).map(|n| format!("EXTRA #{n}")).collect();
        let lines = names.iter().map(|name| line(name, "Hi.")).collect();
        let script = Script {
            scenes: vec![scene(1, "INT. BAR - NIGHT", lines)],
            ..Script::default()
        };
        let production = ProductionConfig::from_toml(
            "title = 'Lamp'\n[[characters]]\nname = 'EXTRA #2'\nactor = ' Jo Doe '",
            Path::new("p.toml"),
        )
        .unwrap();
        let credits = super::end_credits(&script, &production, &titles);
        credits.into_iter().map(|card| card.lines).collect()
    };
    let made = vec!["Made with oneshot and Blender".to_owned()];
    assert_eq!(cards(0), [["Made with oneshot and Blender"]]);
    let nine = cards(9);
    assert_eq!(nine.len(), 3);
    assert_eq!(
        (nine[0].len(), &nine[0][..2]),
        (9, &["CAST".to_owned(), "EXTRA #1".to_owned()][..])
    );
    assert_eq!(nine[1], ["EXTRA #9"]);
    // The production's actor is billed beside the character.
    assert_eq!(nine[0][2], "EXTRA #2 .... Jo Doe");
    let seventeen = cards(17);
    let sizes: Vec<usize> = seventeen.iter().map(Vec::len).collect();
    assert_eq!(sizes, [9, 8, 1, 1]);
    assert_eq!(seventeen[3], made);
    let untitled = ProductionConfig::untitled("Lamp");
    assert!(super::end_credits(&Script::default(), &untitled, &[]).is_empty());
}

#[test]
fn a_dawn_sky_glows_warm_and_a_day_sky_is_blue() {
    assert_eq!(super::world_color(false, false, 45.0, false), "#8fb8e8");
    assert_eq!(super::world_color(false, false, 0.0, false), "#e8a88c");
    assert_eq!(
        super::world_color(true, false, 0.0, false),
        "#9fb0c0",
        "indoors"
    );
    // After sunset a dusk's sky is still blue, a night's dark.
    assert_eq!(
        super::world_color(false, true, 2.0, true),
        super::TWILIGHT_SKY
    );
    assert_eq!(super::world_color(false, true, 2.0, false), "#0b1026");
    let dusk = Scene {
        time_of_day: Some("Dusk".into()),
        ..Scene::default()
    };
    assert!(super::twilight(&dusk) && !super::twilight(&Scene::default()));
    let (_, plan) = example();
    let sky = |scene: u32| {
        let plan = plan.scenes.iter().find(|s| s.scene == scene).unwrap();
        u8::from_str_radix(&plan.world_color[1..3], 16).unwrap()
    };
    // The riverside at dawn is redder than the forecourt by day.
    assert!(sky(7) > sky(2) + 40, "{} {}", sky(7), sky(2));
}

#[test]
fn those_who_talk_face_each_other_and_their_singles_look_off_the_lens() {
    let (_, plan) = example();
    // How a single sees its speaker: the angle between the eyeline and the lens
    // (degrees), and which way the eyeline goes on the screen (+1 right, -1 left).
    let eyeline = |id: &str| {
        let shot = plan.shots.iter().find(|s| s.id == id).unwrap();
        let setup = plan.setups.iter().find(|s| s.shot_id == id).unwrap();
        let scene = plan.scenes.iter().find(|s| s.scene == shot.scene).unwrap();
        let speaker = shot.speaker.as_deref().unwrap();
        let figure = scene.pieces.iter().find(|p| p.name == speaker).unwrap();
        let gaze = figure.transform.rotation * glam::Vec3::NEG_Y;
        let camera = &setup.camera.transform;
        let to_lens = (camera.location - figure.transform.location).with_z(0.0);
        let off = gaze.angle_between(to_lens.normalize()).to_degrees();
        // The cameras stay on the audience's side, where the key light is.
        assert!(to_lens.y < 0.0, "{id} shoots its speaker from upstage");
        (off, (gaze.dot(camera.rotation * glam::Vec3::X)).signum())
    };
    // Voss and Nina trade lines on the forecourt: he looks one way, she the other.
    let (voss, nina) = (eyeline("2-2"), eyeline("2-3"));
    assert!(voss.0 > 15.0 && nina.0 > 15.0, "{voss:?} {nina:?}");
    assert_eq!(voss.1, -nina.1, "{voss:?} {nina:?}");
    // No speaking single has its speaker look into the lens.
    for shot in plan.shots.iter().filter(|s| s.kind == ShotKind::Single) {
        if let Some(scene) = plan.scenes.iter().find(|s| s.scene == shot.scene) {
            let speaks_on_set = shot
                .speaker
                .as_ref()
                .is_some_and(|name| scene.pieces.iter().any(|p| &p.name == name));
            if speaks_on_set {
                assert!(
                    eyeline(&shot.id).0 > 15.0,
                    "{} {:?}",
                    shot.id,
                    eyeline(&shot.id)
                );
            }
        }
    }
}

#[test]
fn a_mix_its_peaks_keep_under_the_target_loudness_is_warned_of() {
    let (script, mut plan) = example();
    let dir = tempfile::tempdir().unwrap();
    // The example reaches cinema's -27 LUFS; its blasts keep it under the web's -16.
    assert_eq!(
        write_plan(&plan, &script, dir.path()).unwrap(),
        Vec::<String>::new()
    );
    plan.target_format = oneshot_model::TargetFormat::Web;
    let warnings = write_plan(&plan, &script, dir.path()).unwrap();
    let [warning] = &warnings[..] else {
        panic!("{warnings:?}")
    };
    assert!(
        warning.contains("under the web target of -16 LUFS"),
        "{warning}"
    );
    let written = std::fs::read_to_string(dir.path().join("plan.json")).unwrap();
    let written: oneshot_model::ProductionPlan = serde_json::from_str(&written).unwrap();
    assert_eq!(written.warnings.last(), Some(warning));
}

#[test]
fn an_over_the_shoulder_eyeline_plays_past_the_lens_to_the_shoulder() {
    use glam::Vec3;

    let (_, plan) = example();
    let mut checked = 0;
    for shot in plan
        .shots
        .iter()
        .filter(|s| s.kind == ShotKind::OverTheShoulder)
    {
        let scene = plan.scenes.iter().find(|s| s.scene == shot.scene).unwrap();
        let setup = plan.setups.iter().find(|s| s.shot_id == shot.id).unwrap();
        let piece = |name: &str| scene.pieces.iter().find(|p| p.name == *name).unwrap();
        let (Some(speaker), Some(listener)) = (
            &shot.speaker,
            shot.subjects
                .iter()
                .find(|s| Some(*s) != shot.speaker.as_ref()),
        ) else {
            continue;
        };
        let (speaker, listener) = (piece(speaker), piece(listener));
        let camera = setup.camera.transform;
        let right = camera.rotation * Vec3::X;
        let gaze = speaker.transform.rotation * Vec3::NEG_Y;
        let shoulder = listener.transform.location - speaker.transform.location;
        // On the screen the speaker looks towards the side the listener is on.
        assert!(gaze.dot(right) * shoulder.dot(right) > 0.0, "{}", shot.id);
        checked += 1;
    }
    assert!(checked >= 2, "the example has over-the-shoulder shots");
}

#[test]
fn every_setup_is_lit_from_its_cameras_side() {
    let (_, plan) = example();
    // Two cameras rolled on one take see one set of lamps: the plot.
    let paired: Vec<String> = (crate::setups::setups(&plan).into_iter())
        .filter(|setup| setup.b_camera.is_some())
        .flat_map(|setup| setup.shots)
        .collect();
    assert!(!paired.is_empty(), "the example has cross-coverage");
    for (shot, setup) in plan.shots.iter().zip(&plan.setups) {
        if paired.contains(&shot.id) {
            assert!(setup.relit.is_empty(), "{}", shot.id);
            continue;
        }
        let scene = plan.scenes.iter().find(|s| s.scene == shot.scene).unwrap();
        let camera = setup.camera.transform.location;
        let view = setup.camera.transform.rotation * glam::Vec3::NEG_Z;
        let subject = camera + view * setup.camera.focus_distance.unwrap();
        let to_camera = (camera - subject).truncate();
        // The angle at the subject between the lamp and the camera, degrees.
        let off_the_lens = |name: &str| {
            let relit = setup.relit.iter().find(|l| l.name == name);
            let light = relit.or_else(|| scene.lights.iter().find(|l| l.name == name))?;
            let from = (light.transform.location - subject).truncate();
            Some(from.angle_to(to_camera).to_degrees().abs())
        };
        let id = &shot.id;
        assert!(
            off_the_lens("Fill").or(off_the_lens("Fill (sky)")).unwrap() < 90.0,
            "{id}"
        );
        assert!(off_the_lens("Back").unwrap() > 120.0, "{id}");
        if let Some(lamplight) = off_the_lens("Key (tungsten)") {
            assert!(lamplight < 90.0, "{id}");
        }
        // The sun, the moon and a window stand where they are.
        assert!(
            setup
                .relit
                .iter()
                .all(|l| !l.name.starts_with("Key (") || l.name == "Key (tungsten)"),
            "{id}"
        );
    }
    // The coverage looks several ways: set-ups are relit.
    let relit = plan.setups.iter().filter(|s| !s.relit.is_empty()).count();
    assert!(
        relit > plan.setups.len() / 4,
        "{relit} of {}",
        plan.setups.len()
    );
}
