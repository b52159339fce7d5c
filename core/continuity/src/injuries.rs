//! Injuries: the blood, bruises and bandages the action gives a character,
//! carried from scene to scene as a key makeup artist carries them.
//!
//! An injury is given in the scene whose action writes it next to the
//! character's name (`Ray's lip is bloody`, `a bruised DEX`): the name nearest
//! the word in its sentence. A sentence that names nobody but opens with `he` or
//! `her` (`Dex falls. His lip is bloody.`) gives it to the one character the
//! sentence before it in the paragraph named, or stood for with its own opening
//! pronoun; after a sentence naming two, or naming nobody, `he` could be anyone,
//! and nobody is given it. It shows fresh in that scene and in the
//! character's later scenes of the same story day, and healing in their scenes
//! of the week after (a jump a heading or a title card says, `TWO MONTHS LATER`,
//! counts its days), as long as the story stays in its era: a scene in
//! another (`(1977)`, `(PRESENT)` in the heading) does not show it. Written
//! again, it is fresh again.

use oneshot_model::Script;
use oneshot_model::script::{days_passed, heading_era};
use serde::{Deserialize, Serialize};

use crate::CharacterContinuity;
use crate::action::given_to;

/// An injury on a character in one scene.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Injury {
    /// As the action writes it: `bloody`, `bruise`, `black eye`.
    pub what: String,
    /// The scene whose action gives it.
    pub from_scene: u32,
    /// Given on an earlier story day: healing, no longer fresh.
    pub healing: bool,
}

/// The words of injuries, one or two words each.
const INJURIES: &[&str] = &[
    "blood",
    "bloody",
    "bloodied",
    "bleeding",
    "bleeds",
    "bruise",
    "bruises",
    "bruised",
    "wound",
    "wounded",
    "bandage",
    "bandaged",
    "gash",
    "black eye",
    "split lip",
    "broken nose",
];
/// Story days an injury shows after the day it is given: a bruise's week.
const HEALS_AFTER_DAYS: u32 = 7;

/// Gives each character's appearances the injuries the action gives them.
pub(crate) fn carry(script: &Script, characters: &mut [CharacterContinuity]) {
    // Each scene's era: the last one a heading named, the present until one is
    // (a year named later is taken for a flashback).
    let mut era = "PRESENT".to_owned();
    let eras: Vec<(u32, String)> = script
        .scenes
        .iter()
        .map(|scene| {
            if let Some(named) = heading_era(&scene.heading) {
                era = named.to_uppercase();
            }
            (scene.number, era.clone())
        })
        .collect();
    let era_of = |number: u32| {
        let found = eras.iter().find(|(n, _)| *n == number);
        found.map_or("PRESENT", |(_, era)| era.as_str())
    };
    // The days passed by each scene: a story day each, or as many as a jump in its
    // heading or its title card says (`TWO MONTHS LATER` is sixty, not one).
    let mut passed = 0;
    let mut previous_day = None;
    let days_by: Vec<(u32, u32)> = (script.scenes.iter())
        .map(|scene| {
            let by_day = previous_day.map_or(0, |day| scene.story_day.saturating_sub(day));
            let first_line = scene.action.first().and_then(|a| a.lines().next());
            let said = days_passed(&scene.heading).or_else(|| first_line.and_then(days_passed));
            passed += said.map_or(by_day, |days| days.max(by_day));
            previous_day = Some(scene.story_day);
            (scene.number, passed)
        })
        .collect();
    let days_by_scene = |number: u32| {
        let found = days_by.iter().find(|(n, _)| *n == number);
        found.map_or(0, |(_, days)| *days)
    };
    for character in characters {
        // Each injury given: what, the scene, its story day and era.
        let mut given: Vec<(String, u32, u32, &str)> = Vec::new();
        for appearance in &mut character.appearances {
            let Some(scene) = script.scenes.iter().find(|s| s.number == appearance.scene) else {
                continue;
            };
            let era = era_of(scene.number);
            let names = &character.script_names;
            for what in given_to(&scene.action, names, &scene.cast(), injury_words) {
                given.retain(|(known, _, _, given_in)| *known != what || *given_in != era);
                given.push((what, scene.number, scene.story_day, era));
            }
            let now = days_by_scene(appearance.scene);
            appearance.injuries = given
                .iter()
                .filter(|(_, from_scene, day, given_in)| {
                    let since = now.checked_sub(days_by_scene(*from_scene));
                    *given_in == era
                        && appearance.story_day >= *day
                        && since.is_some_and(|days| days <= HEALS_AFTER_DAYS)
                })
                .map(|(what, from_scene, day, _)| Injury {
                    what: what.clone(),
                    from_scene: *from_scene,
                    healing: appearance.story_day > *day,
                })
                .collect();
        }
    }
}

/// Where each injury of `words` is, and the injury.
fn injury_words(words: &[String]) -> Vec<(usize, String)> {
    (0..words.len())
        .filter(|&i| !blood_as_a_figure_of_speech(words, i))
        .filter_map(|i| {
            INJURIES.iter().find_map(|injury| {
                let parts: Vec<&str> = injury.split(' ').collect();
                let here = words[i..].len() >= parts.len()
                    && parts
                        .iter()
                        .zip(&words[i..])
                        .all(|(part, word)| part == word);
                here.then(|| (i, (*injury).to_owned()))
            })
        })
        .collect()
}

/// Whether the word at `at` is blood that no one sheds: `her face drains of
/// blood`, `in cold blood`, `bad blood`, `his blood runs cold`, `a blood test`.
fn blood_as_a_figure_of_speech(words: &[String], at: usize) -> bool {
    const BEFORE: [&str; 6] = ["cold", "bad", "first", "royal", "blue", "young"];
    const DRAINED: [&str; 4] = ["drains", "drained", "drain", "draining"];
    const RUNS: [&str; 3] = ["runs", "ran", "run"];
    const AFTER: [&str; 14] = [
        "boils",
        "boiled",
        "brother",
        "brothers",
        "relative",
        "relatives",
        "type",
        "pressure",
        "test",
        "tests",
        "bank",
        "sample",
        "money",
        "feud",
    ];
    let word = |i: Option<usize>| i.and_then(|i| words.get(i)).map_or("", String::as_str);
    let (one_before, two_before) = (word(at.checked_sub(1)), word(at.checked_sub(2)));
    let (one_after, two_after) = (word(Some(at + 1)), word(Some(at + 2)));
    words[at] == "blood"
        && (BEFORE.contains(&one_before)
            || one_before == "of" && DRAINED.contains(&two_before)
            || one_before == "and" && two_before == "flesh"
            || DRAINED.contains(&one_after)
            // `his blood runs cold`; `blood runs from his nose` is bleeding.
            || RUNS.contains(&one_after) && two_after == "cold"
            || AFTER.contains(&one_after))
}
