//! Shot planning: shot list, set layouts, cameras, light plots, storyboards and the
//! production manifest.
//!
//! Two stages of the one-shot pipeline live here; the Blender add-on builds and
//! renders in between:
//!
//! * [`plan`] turns a broken-down [`Script`] (and an optional [`ProductionConfig`])
//!   into a [`ProductionPlan`]: per scene a set with the cast on marks, a light
//!   plot and the effects its frames get ([`effects`]), and per shot a camera
//!   set-up with the cast walking on or off in it ([`blocking`]) and its speaker
//!   gesturing ([`gestures`]). [`write_plan`] saves it with the breakdown, the
//!   shot list and each set's overhead ([`overhead`]).
//! * [`finish`] reads the rendered frames back and writes the storyboard contact
//!   sheet and the manifest.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let script = oneshot_script::load("movie.fountain".as_ref())?;
//! let plan = oneshot_plan::plan(&script, None)?;
//! oneshot_plan::write_plan(&plan, &script, "out".as_ref())?;
//! // ... Blender renders out/frames/<shot id>.png ...
//! let finished = oneshot_plan::finish("out".as_ref(), oneshot_plan::MissingFrames::Refuse)?;
//! # Ok(()) }
//! ```

pub mod blocking;
pub mod color;
pub mod dimmers;
pub mod effects;
pub mod follow;
pub mod framing;
pub mod gestures;
pub mod grip_electric;
pub mod isometric;
pub mod lights;
pub mod overhead;
mod post;
pub mod set;
pub mod setups;
pub mod shotlist;
pub mod shots;
pub mod storyboard;
pub mod transitions;
pub mod vfx;

use std::path::Path;

use oneshot_model::production::Location;
use oneshot_model::production::parse_hex_color;
use oneshot_model::{
    Category, CreditCard, DayNight, Dressing, IntExt, ProductionConfig, ProductionPlan,
    RetroSettings, Scene, ScenePlan, Script, TransitionKind,
};

pub use post::{
    Finished, MAX_PLAN_BYTES, Manifest, ManifestShot, MissingFrames, PostError, finish, read_plan,
    write_plan,
};

use framing::Film;
use set::{Performer, PropKind, PropSpec};

/// Height of a mannequin when the production file gives none.
const DEFAULT_HEIGHT_M: f32 = 1.75;
/// The heights a mannequin is built to: a person's.
const HEIGHTS_M: std::ops::RangeInclusive<f32> = 0.5..=2.6;
/// More props than this in one scene are listed but not built: the set stays readable.
const MAX_PROPS_PER_SCENE: usize = 8;

/// Why nothing could be planned. Anything less is a warning in the plan.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The breakdown has no scenes at all: there is no set to build and nothing to shoot.
    #[error("the script has no scenes to plan")]
    NoScenes,
    /// The production names a grade or a retro preset there is none of (a file,
    /// `.toml` or `.cube`, is read when the frames are graded).
    #[error("production `{field}`: {message}")]
    UnknownLook { field: String, message: String },
}

/// Plans the production: sets, cast marks, light plots, the shot list and a camera
/// set-up per shot. Without a production file, looks and sets come from the breakdown.
pub fn plan(
    script: &Script,
    production: Option<&ProductionConfig>,
) -> Result<ProductionPlan, PlanError> {
    if script.scenes.is_empty() {
        return Err(PlanError::NoScenes);
    }
    let fallback;
    let production = match production {
        Some(p) => p,
        None => {
            fallback = ProductionConfig::untitled(default_title(script));
            &fallback
        }
    };
    check_looks(production)?;
    let mut warnings = Vec::new();
    for (i, grade) in production.grades.iter().enumerate() {
        let [first, last] = grade.scenes;
        if !script
            .scenes
            .iter()
            .any(|s| (first..=last).contains(&s.number))
        {
            warnings.push(format!(
                "grades[{i}] is for scenes {first}-{last}, and the script has none of them"
            ));
        }
    }
    let roster = Roster::new(script, production, &mut warnings);
    let (width, height) = production.aspect_ratio.resolution(production.render.height);
    let film = Film {
        aspect: width as f32 / height as f32,
    };

    let mut scenes = Vec::with_capacity(script.scenes.len());
    let mut shots = Vec::new();
    let mut setups = Vec::new();
    let mut light = DayNight::Day;
    let transitions = transitions::scene_transitions(&script.scenes);
    for (scene, (transition_in, transition_out)) in script.scenes.iter().zip(transitions) {
        light = day_or_night(scene, light, &mut warnings);
        // A night shot day-for-night is lit by an afternoon's sun, as it is shot;
        // the grade makes it night.
        let day_for_night = light == DayNight::Night && production.shot_day_for_night(scene.number);
        let night = light == DayNight::Night && !day_for_night;
        let interior = interior(scene, production, &mut warnings);
        let cast: Vec<Performer> = scene_cast(scene)
            .into_iter()
            .map(|name| roster.performer(name, scene.number))
            .collect();
        let names: Vec<String> = cast.iter().map(|p| p.name.clone()).collect();
        let extras = scene
            .elements
            .get(&Category::Extras)
            .cloned()
            .unwrap_or_default();
        let props = scene_props(scene, &roster);
        let mut stage = set::build(interior, night, &cast, &extras, &props);
        stage.face_partners(&shots::partners(scene, &names));
        let daylight = lights::sun(
            match day_for_night {
                true => Some("AFTERNOON"),
                false => scene.time_of_day.as_deref(),
            },
            production.location(&scene.location),
            production.schedule.start_date.as_deref(),
        );
        let mut coverage = shots::coverage(scene, &names);
        // A scene that fades out holds its last line's shot through the fade: the
        // line is heard to its end before the picture goes.
        if transition_out.kind == TransitionKind::Fade {
            if let Some(last) = coverage.last_mut().filter(|c| c.speaker.is_some()) {
                last.duration_s += transition_out.seconds;
            }
        }
        let (mut scene_shots, mut scene_setups, framing_warnings) = shots::set_up(
            scene.number,
            coverage,
            &stage,
            film,
            production.fps,
            production.render.full_motion,
        );
        warnings.extend(framing_warnings);
        if let Some(isometric) = production.isometric.filter(|i| i.enabled) {
            isometric::apply(&mut scene_shots, &mut scene_setups, &isometric);
            isometric::cut_away(&mut stage.pieces);
        }
        gestures::stage_gestures(scene, &scene_shots, &mut scene_setups);
        blocking::stage_walks(
            &blocking::moves(scene, &names),
            &stage,
            &scene_shots,
            &mut scene_setups,
            production.fps,
            production.render.full_motion,
        );
        gestures::stage_fight(scene, &scene_shots, &mut scene_setups);
        // Supers go up over the scene's opening, as its establishing shot sets it, or
        // over its last shot when the action writes them later.
        let (opening_supers, later_supers) = scene.supers_by_place();
        if let Some(establishing) = scene_setups.first_mut() {
            establishing.supers = opening_supers;
        }
        if let Some(last) = scene_setups.last_mut() {
            last.supers.extend(later_supers);
        }
        // Each set-up lit from its camera; in isometric every camera looks one way,
        // and the plot is lit for the view as it is.
        let isometric = production.isometric.is_some_and(|i| i.enabled);
        if !isometric {
            lights::relight_each_setup(&stage, night, daylight, &mut scene_setups);
            setups::light_pairs_once(&scene_shots, &mut scene_setups);
        }
        dimmers::stage_dimmers(
            &dimmers::switches(scene, &stage.practicals),
            &stage.practicals,
            &lights::motivated_by_the_lamp(&stage, night),
            &scene_shots,
            &mut scene_setups,
            production.fps,
            production.render.full_motion,
        );
        let scene_effects = effects::scene_effects(scene, interior, &production.effects);
        effects::stage_blast(
            scene,
            interior,
            &production.effects,
            &scene_shots,
            &mut scene_setups,
        );
        shots::hold_for_effects(
            &scene_shots,
            &mut scene_setups,
            &scene_effects,
            production.fps,
            production.render.full_motion,
        );
        let atmosphere = lights::atmosphere(
            production.effects.atmosphere,
            &scene_effects,
            &stage.pieces,
            &scene_setups,
        );
        shots.extend(scene_shots);
        setups.extend(scene_setups);
        scenes.push(ScenePlan {
            scene: scene.number,
            scene_number: scene.scene_number.clone(),
            heading: scene.heading.clone(),
            lights: lights::plot(&stage, night, daylight),
            world_color: world_color(interior, night, daylight.elevation, twilight(scene)),
            interior,
            night,
            power_on_site: production
                .location(&scene.location)
                .is_some_and(Location::has_power),
            pieces: stage.pieces,
            color_grade: production.grade_of(scene.number).map(str::to_owned),
            transition_in,
            transition_out,
            atmosphere,
            effects: scene_effects,
        });
    }

    let titles = titles(&production.title, script);
    let end_credits = end_credits(script, production, &titles);
    Ok(ProductionPlan {
        title: production.title.clone(),
        slug: slug(&production.title),
        fps: production.fps,
        drop_frame: production.drop_frame,
        resolution: [width, height],
        engine: production.render.engine,
        samples: production.render.samples,
        full_motion: production.render.full_motion,
        stems: production.sound.stems,
        score: production.sound.score,
        target_format: production.target_format,
        style: production.style,
        color_grade: production.color_grade.clone(),
        retro: (production.style.retro_look(production.retro.as_ref()))
            .map(|look| shown_to_fill(look, [width, height])),
        end_credits,
        titles,
        scenes,
        shots,
        setups,
        warnings,
    })
}

/// Refuses a grade or a retro preset the production names and there is none of,
/// before any work rather than at the grading of the first frame. A grade or
/// preset given as a file is left to be read then, from where it is found.
pub fn check_looks(production: &ProductionConfig) -> Result<(), PlanError> {
    let by_name = |spec: &str| {
        let extension = Path::new(spec).extension().map(|e| e.to_ascii_lowercase());
        !spec.trim().is_empty() && !extension.is_some_and(|e| e == "toml" || e == "cube")
    };
    let unknown = |field: String, err: &dyn std::fmt::Display| PlanError::UnknownLook {
        field,
        message: err.to_string(),
    };
    let grades = production.grades.iter().enumerate();
    let named = std::iter::once(("color_grade".to_owned(), &production.color_grade))
        .chain(grades.map(|(i, g)| (format!("grades[{i}].grade"), &g.grade)));
    for (field, grade) in named.filter(|(_, grade)| by_name(grade)) {
        oneshot_grade::builtin(grade).map_err(|err| unknown(field, &err))?;
    }
    let retro = production.retro.as_ref().and_then(|r| r.preset.as_deref());
    if let Some(preset) = retro.filter(|preset| by_name(preset)) {
        oneshot_retro::Library::from_env()
            .preset(preset)
            .map_err(|err| unknown("retro.preset".to_owned(), &err))?;
    }
    // Every `[retro]` value in range, its dither and a palette by name known: the
    // look is built as the server will build it for the first frame (a preset or
    // a palette given as a file is read then).
    if let Some(retro) = production.retro.as_ref() {
        if retro.preset.as_deref().is_none_or(by_name) {
            let mut named = retro.clone();
            named.palette = (named.palette)
                .filter(|palette| !oneshot_retro::PaletteSource::names_a_file(palette));
            oneshot_retro::Pipeline::new(&named)
                .map_err(|err| unknown("retro".to_owned(), &err))?;
        }
    }
    Ok(())
}

/// The main title's lines: the production's `title`, then the credit and the
/// author its script's title page gives (`Credit: Written by`, `Author: ...`).
/// None for a script whose title page names no title: a film does not open on
/// the name of its file.
fn titles(title: &str, script: &Script) -> Vec<String> {
    if title_page(script, "title").is_none() || title.trim().is_empty() {
        return Vec::new();
    }
    std::iter::once(title.trim().to_owned())
        .chain(title_page(script, "credit"))
        .chain(title_page(script, "author").or_else(|| title_page(script, "authors")))
        .collect()
}

/// Seconds each card of the end credits holds.
pub const CREDIT_CARD_S: f32 = 4.0;
/// Names on a card of the end credits, under the card's heading.
const NAMES_PER_CARD: usize = 8;
/// Between a character and the actor who plays them, on a card of the end credits.
const ACTOR_LEADER: &str = "....";
/// The end credits' last line.
const MADE_WITH: &str = "Made with oneshot and Blender";

/// The end credits: the cast (every character who speaks or whom the breakdown
/// casts, scene by scene in the order [`Scene::cast`] gives: speakers first),
/// each with the production's `actor` when it names one, on cards of
/// [`NAMES_PER_CARD`]; then a card with the title page's copyright. A film rolls
/// them only when it opens on a main title (`titles`).
fn end_credits(
    script: &Script,
    production: &ProductionConfig,
    titles: &[String],
) -> Vec<CreditCard> {
    if titles.is_empty() {
        return Vec::new();
    }
    let mut cast: Vec<&str> = Vec::new();
    for scene in &script.scenes {
        for name in scene.cast() {
            if !cast.contains(&name) {
                cast.push(name);
            }
        }
    }
    let card = |lines: Vec<String>| CreditCard {
        lines,
        seconds: CREDIT_CARD_S,
    };
    let mut cards: Vec<CreditCard> = cast
        .chunks(NAMES_PER_CARD)
        .enumerate()
        .map(|(i, names)| {
            let heading = (i == 0).then(|| "CAST".to_owned());
            let billed = names.iter().map(|name| {
                let actor = production.character(name).and_then(|c| c.actor.as_deref());
                match actor.map(str::trim).filter(|actor| !actor.is_empty()) {
                    Some(actor) => format!("{name} {ACTOR_LEADER} {actor}"),
                    None => (*name).to_owned(),
                }
            });
            card(heading.into_iter().chain(billed).collect())
        })
        .collect();
    let copyright = title_page(script, "copyright");
    cards.push(card(
        copyright
            .into_iter()
            .chain([MADE_WITH.to_owned()])
            .collect(),
    ));
    cards
}

/// The value of the title page's `key` (any case), on one line; `None` when empty.
fn title_page(script: &Script, key: &str) -> Option<String> {
    let entry = script
        .title_page
        .iter()
        .find(|e| e.key.eq_ignore_ascii_case(key))?;
    let value = entry.value.split_whitespace().collect::<Vec<_>>().join(" ");
    (!value.is_empty()).then_some(value)
}

fn default_title(script: &Script) -> String {
    if script.title.trim().is_empty() {
        "Untitled".to_owned()
    } else {
        script.title.trim().to_owned()
    }
}

/// A file-system-safe name: lower-case ASCII letters and digits joined by `-`.
pub fn slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "untitled".to_owned()
    } else {
        slug.to_owned()
    }
}

/// Everyone on set in a scene: speakers in order, then the cast the breakdown and
/// the action name.
fn scene_cast(scene: &Scene) -> Vec<&str> {
    let mut cast = scene.cast();
    for name in &scene.mentioned {
        if !cast.contains(&name.as_str()) {
            cast.push(name);
        }
    }
    cast
}

/// What the set builds besides the cast, up to [`MAX_PROPS_PER_SCENE`]: vehicles,
/// visual effects with a stand-in (not one who is cast: a ghost who speaks has a
/// mark), props, then set dressing.
fn scene_props(scene: &Scene, roster: &Roster) -> Vec<PropSpec> {
    let named = |category: Category, kind: PropKind| {
        scene
            .elements
            .get(&category)
            .into_iter()
            .flatten()
            .map(move |name| PropSpec {
                name: name.clone(),
                kind,
            })
    };
    let cast = scene_cast(scene);
    let stand_ins = named(Category::VisualEffects, PropKind::Effect).filter(|effect| {
        set::stand_in(&effect.name).is_some()
            && !cast.iter().any(|name| {
                name.eq_ignore_ascii_case(&effect.name)
                    || roster
                        .creature(name)
                        .is_some_and(|(creature, _)| set::same_stand_in(creature, &effect.name))
            })
    });
    named(Category::Vehicles, PropKind::Vehicle)
        .chain(stand_ins)
        .chain(named(Category::Props, PropKind::Prop))
        .chain(named(Category::SetDressing, PropKind::Prop))
        .take(MAX_PROPS_PER_SCENE)
        .collect()
}

/// The scene's light: the heading's time of day, or the previous scene's when the
/// heading says `CONTINUOUS`, `LATER` and the like, or nothing we know.
fn day_or_night(scene: &Scene, previous: DayNight, warnings: &mut Vec<String>) -> DayNight {
    let light = scene.day_night(previous);
    let label = |d: DayNight| if d == DayNight::Day { "day" } else { "night" };
    match scene.time_of_day.as_deref() {
        None => warnings.push(format!(
            "scene {}: no time of day in the heading; lit for {}",
            scene.number,
            label(light)
        )),
        Some(tod) => {
            const CONTINUITY: [&str; 5] = ["CONTINUOUS", "LATER", "SAME", "MOMENTS", "CONT"];
            let known = scene.day_night(DayNight::Day) == scene.day_night(DayNight::Night);
            if !known && !CONTINUITY.iter().any(|w| tod.contains(w)) {
                warnings.push(format!(
                    "scene {}: unknown time of day `{tod}`; lit for {}",
                    scene.number,
                    label(light)
                ));
            }
        }
    }
    light
}

/// Interior or exterior: the production file's location overrides the heading; a
/// scene without a heading is built as an interior.
fn interior(scene: &Scene, production: &ProductionConfig, warnings: &mut Vec<String>) -> bool {
    if let Some(inside) = production
        .location(&scene.location)
        .and_then(|l| l.interior)
    {
        return inside;
    }
    match scene.int_ext {
        Some(IntExt::Int) => true,
        Some(IntExt::Ext | IntExt::IntExt) => false,
        None => {
            let what = if scene.heading.trim().is_empty() {
                "has no scene heading"
            } else {
                "has no INT/EXT in its heading"
            };
            warnings.push(format!(
                "scene {} {what}; built as an interior",
                scene.number
            ));
            true
        }
    }
}

/// The world behind a scene's set: an exterior's sky, an interior's room tone.
fn world_color(interior: bool, night: bool, sun_elevation: f64, twilight: bool) -> String {
    match (interior, night) {
        (false, true) if twilight => TWILIGHT_SKY.to_owned(),
        (false, false) => {
            // The sky glows warm from the horizon as the sun gets low: a dawn, a dusk.
            let glow = (1.0 - sun_elevation / LOW_SUN_DEG).clamp(0.0, 1.0) as f32;
            let mix = |day: u8, low: u8| {
                (f32::from(day) + glow * (f32::from(low) - f32::from(day))).round() as u8
            };
            color::to_hex([0, 1, 2].map(|i| mix(DAY_SKY[i], LOW_SUN_SKY[i])))
        }
        (false, true) => "#0b1026".to_owned(),
        (true, false) => "#9fb0c0".to_owned(),
        (true, true) => "#15161c".to_owned(),
    }
}

/// Whether a scene's heading names the light after sunset: `DUSK`, `EVENING`,
/// `TWILIGHT` (a night scene whose sky still glows).
fn twilight(scene: &Scene) -> bool {
    let time = scene
        .time_of_day
        .as_deref()
        .unwrap_or_default()
        .to_uppercase();
    time.split(|c: char| !c.is_alphanumeric())
        .any(|word| ["DUSK", "EVENING", "TWILIGHT"].contains(&word))
}

/// The deep blue of the sky after sunset.
const TWILIGHT_SKY: &str = "#34386a";
/// A clear day's sky, and the glow of one whose sun is on the horizon.
const DAY_SKY: [u8; 3] = [0x8f, 0xb8, 0xe8];
const LOW_SUN_SKY: [u8; 3] = [0xe8, 0xa8, 0x8c];
/// Below this elevation (degrees) the sky warms towards the glow.
const LOW_SUN_DEG: f64 = 12.0;

/// The cast's looks: the production file's where it has one, a generated distinct
/// colour otherwise.
struct Roster<'a> {
    production: &'a ProductionConfig,
    generated: Vec<(String, String)>,
    /// Characters the action introduces as a creature (`KARL THE GIANT`): the
    /// creature and its height.
    creatures: Vec<(String, (String, f32))>,
}

impl<'a> Roster<'a> {
    fn new(script: &Script, production: &'a ProductionConfig, warnings: &mut Vec<String>) -> Self {
        let mut everyone: Vec<&str> = Vec::new();
        for scene in &script.scenes {
            for name in scene_cast(scene) {
                if !everyone.contains(&name) {
                    everyone.push(name);
                }
            }
        }
        warnings.extend(production.mismatches(script));
        for character in &production.characters {
            if let Some(hair) = character.hair_color.as_deref() {
                if color::hair(hair).is_none() {
                    warnings.push(format!(
                        "{}: hair_color `{hair}` is not a colour the mannequin knows (black, brown, blond, red, grey, white, bald or #RRGGBB); no hair drawn",
                        character.name
                    ));
                }
            }
            if let Some(body) = character.body_type.as_deref() {
                if color::build(body).is_none() {
                    warnings.push(format!(
                        "{}: body_type `{body}` is not one the mannequin knows (slim, average, athletic, heavy); built average",
                        character.name
                    ));
                }
            }
        }
        let speakers: Vec<&str> = script
            .scenes
            .iter()
            .flat_map(|s| s.lines.iter().map(|l| l.character.as_str()))
            .collect();
        for name in &everyone {
            if !speakers.contains(name) {
                warnings.push(format!(
                    "{name} has no lines: on set, but given no coverage"
                ));
            }
        }
        let generated = everyone
            .iter()
            .filter(|name| {
                production
                    .character(name)
                    .is_none_or(|c| c.color.is_none() && c.costumes.is_empty())
            })
            .enumerate()
            .map(|(i, name)| (name.to_string(), set::generated_color(i)))
            .collect();
        let creatures = everyone
            .iter()
            .filter_map(|name| {
                let mut action = script.scenes.iter().flat_map(|s| &s.action);
                let played = action.find_map(|text| set::creature_played(name, text))?;
                Some((name.to_string(), played))
            })
            .collect();
        Roster {
            production,
            generated,
            creatures,
        }
    }

    /// The creature `name` plays, and its height, if the action introduces them as one.
    fn creature(&self, name: &str) -> Option<(&str, f32)> {
        self.creatures
            .iter()
            .find(|(known, _)| known == name)
            .map(|(_, (creature, height))| (creature.as_str(), *height))
    }

    /// `name` dressed for scene `scene`: the costume's first colour, the character's
    /// colour, or the generated one; the costume's second colour on the legs, the
    /// hair colour, and the body type's build.
    fn performer(&self, name: &str, scene: u32) -> Performer {
        let character = self.production.character(name);
        let costume = character.and_then(|c| c.costumes.iter().find(|k| k.covers(scene)));
        let dressing = Dressing {
            legs: costume
                .and_then(|k| k.colors.get(1))
                .and_then(|hex| parse_hex_color(hex))
                .map(color::to_hex),
            hair: character
                .and_then(|c| c.hair_color.as_deref())
                .and_then(color::hair)
                .flatten(),
        };
        let dressed = character.and_then(|c| {
            let costume = c.costumes.iter().find(|k| k.covers(scene));
            costume
                .and_then(|k| k.colors.first())
                .or(c.color.as_ref())
                .filter(|hex| parse_hex_color(hex).is_some())
        });
        let color = dressed.cloned().or_else(|| {
            self.generated
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, c)| c.clone())
        });
        Performer {
            name: name.to_owned(),
            height: character
                .and_then(|c| c.height_m)
                .filter(|h| HEIGHTS_M.contains(h))
                .or_else(|| {
                    // A giant is cast, not grown: the tallest actor there is.
                    let (_, tall) = self.creature(name)?;
                    Some(tall.clamp(*HEIGHTS_M.start(), *HEIGHTS_M.end()))
                })
                .unwrap_or(DEFAULT_HEIGHT_M),
            build: character
                .and_then(|c| c.body_type.as_deref())
                .and_then(color::build)
                .unwrap_or(1.0),
            color: color.unwrap_or_else(|| set::generated_color(0)),
            dressing: (dressing != Dressing::default()).then_some(dressing),
        }
    }
}

/// A production's retro look without a `scale` of its own is shown at the
/// smallest whole multiple of its pixels that fills the production's frame (the
/// NES's 224 lines twice over for a frame 270 high, once for 180): every pixel
/// stays square and sharp, and the cut is about the size the production asks
/// for, not the preset's screen (four times over for the NES: 1592x896 from a
/// frame of 480x270). A look the retro pipeline cannot make keeps the preset's.
fn shown_to_fill(mut look: RetroSettings, [width, height]: [u32; 2]) -> RetroSettings {
    if look.scale.is_some() || width == 0 || height == 0 {
        return look;
    }
    if let Ok(pipeline) = oneshot_retro::Pipeline::new(&look) {
        let (native_width, native_height) = pipeline.native_size(width, height);
        let times = width
            .div_ceil(native_width)
            .max(height.div_ceil(native_height));
        look.scale = Some(times.clamp(1, oneshot_retro::MAX_SCALE));
    }
    look
}

#[cfg(test)]
mod tests;
