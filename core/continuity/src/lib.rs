//! Wardrobe and hair & makeup continuity: who wears and looks like what, scene by
//! scene and story day by story day.
//!
//! [`continuity`] joins the breakdown ([`Script`]) with the production file's
//! costumes and makeup looks ([`ProductionConfig`]) into the continuity bible a
//! costume supervisor and a key makeup artist keep: every scene each character is
//! in, what covers it, where the changes fall (the dresser's change plot) and the
//! [`Warning`]s worth catching before the shoot, and the injuries the action
//! gives each character and the state it puts their costume in, carried scene
//! by scene ([`Injury`], [`CostumeState`]). [`render`] prints
//! it as CSV and HTML; the whole model serializes with serde.
//!
//! ```
//! use oneshot_model::{ProductionConfig, Scene, Script};
//!
//! let script = Script {
//!     scenes: vec![Scene { number: 1, story_day: 1, speaking: vec!["RAY".into()], ..Scene::default() }],
//!     ..Script::default()
//! };
//! let bible = oneshot_continuity::continuity(&script, &ProductionConfig::untitled("Short"));
//! assert_eq!(bible.undressed, ["RAY"]);
//! ```

mod action;
mod check;
mod injuries;
pub mod render;
mod wear;

pub use injuries::Injury;
pub use wear::CostumeState;

use oneshot_model::{
    Category, Character, Condition, Costume, MakeupLook, ProductionConfig, Script,
};
use serde::{Deserialize, Serialize};

/// The continuity bible of one production.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Continuity {
    pub title: String,
    /// Number of scenes in the script.
    pub scene_count: u32,
    /// Every character who appears, production-file characters first (in file order),
    /// then the others in order of first appearance.
    pub characters: Vec<CharacterContinuity>,
    /// Characters who appear but have no costume at all: nobody has dressed them yet,
    /// so they get no wardrobe warnings.
    pub undressed: Vec<String>,
    /// Everything to check before the shoot, character by character.
    pub warnings: Vec<Warning>,
}

/// One character through the script.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CharacterContinuity {
    /// The production file's name, or the script's when the production does not list them.
    pub name: String,
    /// The names the script uses for this character (cues, action, cast lists).
    pub script_names: Vec<String>,
    /// Every scene the character is in, in script order.
    pub appearances: Vec<Appearance>,
    /// The change plot: each costume or look change and the scene where it shows.
    pub changes: Vec<Change>,
}

/// A character in one scene: what they wear and how they look.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Appearance {
    /// [`Scene::number`](oneshot_model::Scene::number).
    pub scene: u32,
    pub heading: String,
    pub story_day: u32,
    /// The costume covering this scene (the first in the production file if several do).
    pub costume: Option<Costume>,
    /// The costume's change number for this character, as the costume plot
    /// numbers them: change 1 is the first costume they wear, and a costume
    /// worn again keeps its number.
    #[serde(default)]
    pub costume_change: Option<u32>,
    /// The makeup look covering this scene; none means the character's everyday look.
    pub makeup: Option<MakeupLook>,
    /// True when the costume or the look differs from the character's previous scene.
    pub change: bool,
    /// Wardrobe elements the breakdown found in the scene, as hints: those the
    /// action writes of this character, or of no one in particular (a note's).
    pub wardrobe_hints: Vec<String>,
    /// Makeup and hair elements the breakdown found in the scene, as hints, as
    /// the wardrobe's.
    pub makeup_hints: Vec<String>,
    /// The blood, bruises and bandages the action has given the character by
    /// this scene, fresh or healing ([`Injury`]).
    #[serde(default)]
    pub injuries: Vec<Injury>,
    /// The state the action has put the character's costume in by this scene
    /// (wet, torn, dirty), the same day in the same costume ([`CostumeState`]).
    #[serde(default)]
    pub costume_states: Vec<CostumeState>,
}

/// The department a change belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Department {
    Wardrobe,
    MakeupHair,
}

/// One costume or look change, shown first in `scene`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub scene: u32,
    pub story_day: u32,
    pub department: Department,
    /// What the character wore or looked like before (`None`: no costume, or the everyday look).
    pub from: Option<String>,
    pub to: Option<String>,
}

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// A scene with no costume for a character who is dressed elsewhere.
    Gap,
    /// Two costumes, or two looks, cover the same scenes.
    Overlap,
    /// A costume or look change between consecutive scenes of one story day, with no
    /// scene in between for it to happen: check it is motivated on screen.
    SameDayChange,
    /// A costume gets cleaner or mended (damaged or dirty back to pristine) within a story day.
    ConditionBack,
    /// The action puts a costume in a state (torn, dirty, bloodstained) its
    /// condition in the production file does not show.
    ScriptCondition,
    /// A costume or look names scenes the script does not have.
    OutOfRange,
    /// A dressed character of the production file never appears in the script
    /// (often a missing alias).
    NotInScript,
}

/// Something to check before the shoot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    pub kind: WarningKind,
    pub character: String,
    /// The scenes concerned (scene numbers as the costume or look names them for
    /// [`WarningKind::OutOfRange`]).
    pub scenes: Vec<u32>,
    /// The warning in words, naming the character and the scenes.
    pub message: String,
}

impl Continuity {
    /// Costume and look changes over all characters.
    pub fn change_count(&self) -> usize {
        self.characters.iter().map(|c| c.changes.len()).sum()
    }

    /// The warnings about one character.
    pub fn warnings_for<'a>(&'a self, character: &'a str) -> impl Iterator<Item = &'a Warning> {
        self.warnings
            .iter()
            .filter(move |w| w.character == character)
    }
}

/// Builds the continuity bible of `script` as dressed by `production`.
pub fn continuity(script: &Script, production: &ProductionConfig) -> Continuity {
    let mut characters = Vec::new();
    let mut undressed = Vec::new();
    let mut warnings = Vec::new();
    let cast = cast_in_order(script, production);
    let undressed_entries: Vec<Character> = (cast.iter())
        .map(|cast| Character::named(cast.name.clone()))
        .collect();
    let dressing = |i: usize| cast[i].entry.unwrap_or(&undressed_entries[i]);
    for (i, cast) in cast.iter().enumerate() {
        let appearances = appearances(script, dressing(i), &cast.script_names, &cast.scenes);
        if dressing(i).costumes.is_empty() {
            undressed.push(cast.name.clone());
        }
        characters.push(CharacterContinuity {
            name: cast.name.clone(),
            script_names: cast.script_names.clone(),
            changes: changes(&appearances),
            appearances,
        });
    }
    injuries::carry(script, &mut characters);
    wear::carry(script, &mut characters);
    for (i, character) in characters.iter().enumerate() {
        let (name, appearances) = (&character.name, &character.appearances);
        check::character(script, dressing(i), name, appearances, &mut warnings);
    }
    for character in &production.characters {
        let dressed = !character.costumes.is_empty() || !character.makeup.is_empty();
        if dressed && !characters.iter().any(|c| c.name == character.name) {
            warnings.push(check::not_in_script(character));
        }
    }
    Continuity {
        title: production.title.clone(),
        scene_count: script.scenes.len() as u32,
        characters,
        undressed,
        warnings,
    }
}

/// A character as the script casts them: the production entry (when there is one),
/// the names the script uses and the scenes (indices into `Script::scenes`) they are in.
struct Cast<'a> {
    entry: Option<&'a Character>,
    name: String,
    script_names: Vec<String>,
    scenes: Vec<usize>,
}

/// Everyone on the set of a scene (its cast, see `Scene::cast`: not a voice only
/// heard, not a crowd) or mentioned in its action, grouped by production character
/// (so aliases join their character), production characters first.
fn cast_in_order<'a>(script: &Script, production: &'a ProductionConfig) -> Vec<Cast<'a>> {
    let mut cast: Vec<Cast> = Vec::new();
    for (index, scene) in script.scenes.iter().enumerate() {
        let mentioned = scene.mentioned.iter().map(String::as_str);
        for name in scene.cast().into_iter().chain(mentioned) {
            let name = name.trim();
            if name.is_empty() {
                continue;
            }
            let entry = production.character(name);
            let found = cast.iter_mut().find(|c| match (c.entry, entry) {
                (Some(a), Some(b)) => std::ptr::eq(a, b),
                (None, None) => c.name.eq_ignore_ascii_case(name),
                _ => false,
            });
            let member = match found {
                Some(member) => member,
                None => {
                    cast.push(Cast {
                        entry,
                        name: entry.map_or(name, |e| e.name.trim()).to_owned(),
                        script_names: Vec::new(),
                        scenes: Vec::new(),
                    });
                    cast.last_mut().expect("just pushed")
                }
            };
            if !member.script_names.iter().any(|n| n == name) {
                member.script_names.push(name.to_owned());
            }
            if member.scenes.last() != Some(&index) {
                member.scenes.push(index);
            }
        }
    }
    let file_order = |c: &Cast| {
        c.entry
            .and_then(|e| {
                production
                    .characters
                    .iter()
                    .position(|p| std::ptr::eq(p, e))
            })
            .unwrap_or(usize::MAX)
    };
    // Stable: the characters the production does not list keep their order of appearance.
    cast.sort_by_key(file_order);
    cast
}

/// The character's scenes with what covers each, the change flags and numbers,
/// and the wardrobe and makeup hints the action gives them (`names`, the names
/// the script calls them by).
fn appearances(
    script: &Script,
    character: &Character,
    names: &[String],
    scenes: &[usize],
) -> Vec<Appearance> {
    let mut rows: Vec<Appearance> = Vec::with_capacity(scenes.len());
    let mut plot: Vec<String> = Vec::new();
    for &index in scenes {
        let scene = &script.scenes[index];
        let costume = character
            .costumes
            .iter()
            .find(|c| c.covers(scene.number))
            .cloned();
        let makeup = character
            .makeup
            .iter()
            .find(|m| m.covers(scene.number))
            .cloned();
        let change = rows.last().is_some_and(|previous| {
            costume_label(previous.costume.as_ref()) != costume_label(costume.as_ref())
                || look_label(previous.makeup.as_ref()) != look_label(makeup.as_ref())
        });
        let costume_change = costume.as_ref().map(|costume| {
            let key = costume.name.trim().to_lowercase();
            let number = plot
                .iter()
                .position(|known| *known == key)
                .unwrap_or_else(|| {
                    plot.push(key);
                    plot.len() - 1
                });
            number as u32 + 1
        });
        let hints = |category| {
            let found = scene.elements.get(&category).into_iter().flatten();
            found
                .filter(|hint| is_given_to(scene, names, hint))
                .cloned()
                .collect()
        };
        rows.push(Appearance {
            scene: scene.number,
            heading: scene.heading.clone(),
            story_day: scene.story_day,
            costume,
            costume_change,
            makeup,
            change,
            wardrobe_hints: hints(Category::Wardrobe),
            makeup_hints: hints(Category::MakeupHair),
            injuries: Vec::new(),
            costume_states: Vec::new(),
        });
    }
    rows
}

/// Whether a breakdown element of `scene` is the character's called `names`: the
/// action writes it of them (see [`action::given_to`]), or of no one, or not at
/// all (a note's `[[wardrobe: red scarf]]`), when it may be anyone's.
fn is_given_to(scene: &oneshot_model::Scene, names: &[String], hint: &str) -> bool {
    let find = |words: &[String]| -> Vec<(usize, String)> {
        let at = action::phrase_at(words, hint);
        at.into_iter().map(|at| (at, hint.to_owned())).collect()
    };
    let cast = scene.cast();
    if !action::given_to(&scene.action, names, &cast, find).is_empty() {
        return true;
    }
    // Given to someone else: not theirs.
    let others: Vec<String> = (cast.iter())
        .filter(|name| !names.iter().any(|n| n.eq_ignore_ascii_case(name)))
        .map(|name| name.to_string())
        .collect();
    others.is_empty() || action::given_to(&scene.action, &others, &cast, find).is_empty()
}

/// The change plot of one character: every scene whose costume or look is new.
fn changes(appearances: &[Appearance]) -> Vec<Change> {
    let mut changes = Vec::new();
    for pair in appearances.windows(2) {
        let (before, now) = (&pair[0], &pair[1]);
        let mut push = |department, from: Option<String>, to: Option<String>| {
            if from != to {
                changes.push(Change {
                    scene: now.scene,
                    story_day: now.story_day,
                    department,
                    from,
                    to,
                });
            }
        };
        push(
            Department::Wardrobe,
            costume_label(before.costume.as_ref()),
            costume_label(now.costume.as_ref()),
        );
        push(
            Department::MakeupHair,
            look_label(before.makeup.as_ref()),
            look_label(now.makeup.as_ref()),
        );
    }
    changes
}

/// A costume as the change plot names it: its name and condition, because the same
/// costume in a new condition (torn, bloodied) is a change the dresser prepares.
pub fn costume_label(costume: Option<&Costume>) -> Option<String> {
    costume.map(|c| format!("{} ({})", c.name, condition_label(c.condition)))
}

fn look_label(look: Option<&MakeupLook>) -> Option<String> {
    look.map(|m| m.name.clone())
}

/// The condition as the production file writes it.
pub fn condition_label(condition: Condition) -> &'static str {
    match condition {
        Condition::Pristine => "pristine",
        Condition::Worn => "worn",
        Condition::Dirty => "dirty",
        Condition::Damaged => "damaged",
    }
}

#[cfg(test)]
mod tests;
