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
//! of the week after, as long as the story stays in its era: a scene in
//! another (`(1977)`, `(PRESENT)` in the heading) does not show it. Written
//! again, it is fresh again.

use oneshot_model::Script;
use oneshot_model::script::{heading_era, name_at, sentence_words};
use serde::{Deserialize, Serialize};

use crate::CharacterContinuity;

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
/// The words that stand for a character already named.
const PRONOUNS: &[&str] = &[
    "he", "him", "his", "himself", "she", "her", "hers", "herself",
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
    for character in characters {
        // Each injury given: what, the scene, its story day and era.
        let mut given: Vec<(String, u32, u32, &str)> = Vec::new();
        for appearance in &mut character.appearances {
            let Some(scene) = script.scenes.iter().find(|s| s.number == appearance.scene) else {
                continue;
            };
            let era = era_of(scene.number);
            for what in injuries_of(&scene.action, &character.script_names, &scene.cast()) {
                given.retain(|(known, _, _, given_in)| *known != what || *given_in != era);
                given.push((what, scene.number, scene.story_day, era));
            }
            appearance.injuries = given
                .iter()
                .filter(|(_, _, day, given_in)| {
                    let since = appearance.story_day.checked_sub(*day);
                    *given_in == era && since.is_some_and(|days| days <= HEALS_AFTER_DAYS)
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

/// The injuries `action` gives the character called `names` (among the scene's
/// `cast`): each injury word goes to the cast name nearest it in its sentence
/// (to every name of a list it is in, see [`listed_with`]),
/// or in a sentence naming nobody and opening with a pronoun, to the one
/// character the paragraph's sentence before stood for.
fn injuries_of(action: &[String], names: &[String], cast: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for paragraph in action {
        // Who an opening `he` or `her` is: the one character the sentence before
        // named, or stood for with its own opening pronoun.
        let mut antecedent: Option<&str> = None;
        for words in sentence_words(paragraph) {
            let named = names_in(&words, cast);
            let opens_with_pronoun = words
                .first()
                .is_some_and(|w| PRONOUNS.contains(&w.as_str()));
            let standing_for = antecedent.filter(|_| opens_with_pronoun && named.is_empty());
            for (at, what) in injury_words(&words) {
                // The nearest name, and every name listed with it (`Ray, Dex and Nina`).
                let nearest =
                    (0..named.len()).min_by_key(|&i| (named[i].at.abs_diff(at), named[i].at > at));
                let injured: Vec<&str> = match nearest {
                    Some(i) => listed_with(&named, i, &words),
                    None => standing_for.into_iter().collect(),
                };
                let mine = injured
                    .iter()
                    .any(|name| names.iter().any(|n| n.eq_ignore_ascii_case(name)));
                if mine && !found.contains(&what) {
                    found.push(what);
                }
            }
            let mut people: Vec<String> = named
                .iter()
                .map(|named| named.name.to_uppercase())
                .collect();
            people.sort_unstable();
            people.dedup();
            antecedent = match (people.len(), named.first()) {
                (0, _) => standing_for,
                (1, Some(named)) => Some(named.name),
                _ => None,
            };
        }
    }
    found
}

/// A cast name found in a sentence's words.
struct Named<'c> {
    /// The word it starts at, and how many words it is.
    at: usize,
    length: usize,
    name: &'c str,
}

/// Words that join the last two names of a list: `Ray, Dex and Nina` (commas are
/// not words).
const LIST_JOINS: [&str; 2] = ["and", "or"];

/// The name `named[index]` and the names listed with it: names next to each other
/// (a comma between them) ending in two joined by `and` (`Ray, Dex and Nina`). An
/// injury said of a list is everyone's in it; names only side by side
/// (`shoves Dex, Nina falls`) are no list.
fn listed_with<'c>(named: &[Named<'c>], index: usize, words: &[String]) -> Vec<&'c str> {
    let mut order: Vec<usize> = (0..named.len()).collect();
    order.sort_by_key(|&i| named[i].at);
    // The words between two names of `order`: none, or a joining word.
    let between = |a: usize, b: usize| {
        let (a, b) = (&named[order[a]], &named[order[b]]);
        words.get(a.at + a.length..b.at).unwrap_or_default()
    };
    let joined = |a: usize, b: usize| {
        let between = between(a, b);
        between.len() <= 1 && between.iter().all(|w| LIST_JOINS.contains(&w.as_str()))
    };
    let place = order.iter().position(|&i| i == index).unwrap_or_default();
    let mut first = place;
    while first > 0 && joined(first - 1, first) {
        first -= 1;
    }
    let mut last = place;
    while last + 1 < order.len() && joined(last, last + 1) {
        last += 1;
    }
    if first == last || between(last - 1, last).is_empty() {
        return vec![named[index].name];
    }
    order[first..=last].iter().map(|&i| named[i].name).collect()
}

/// The cast names in `words` with where each starts; a name inside a longer one
/// (`EDWARD` in `YOUNG EDWARD`) is the longer one's.
fn names_in<'c>(words: &[String], cast: &[&'c str]) -> Vec<Named<'c>> {
    let found: Vec<(usize, usize, &str)> = cast
        .iter()
        .flat_map(|name| {
            let length: usize = sentence_words(name).iter().map(Vec::len).sum();
            name_at(words, name)
                .into_iter()
                .map(move |at| (at, length, *name))
        })
        .collect();
    found
        .iter()
        .filter(|(at, length, _)| {
            !found.iter().any(|(other_at, other_length, _)| {
                other_length > length && other_at <= at && at + length <= other_at + other_length
            })
        })
        .map(|&(at, length, name)| Named { at, length, name })
        .collect()
}

/// Where each injury of `words` is, and the injury.
fn injury_words(words: &[String]) -> Vec<(usize, String)> {
    (0..words.len())
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
