//! The state the action puts a costume in: `soaked to the skin, his shirt torn,
//! his trousers caked in mud`. The wardrobe department reads it to plan
//! multiples, a wet-down and the breakdown (ageing) of a costume, and checks it
//! against the condition the production file gives the costume.
//!
//! A state is given to the character nearest its word (see [`given_to`]), shows in
//! that scene and stays through the character's later scenes of the same story
//! day, as long as they wear the same costume: a change of clothes, or the next
//! day, leaves it behind.

use oneshot_model::Condition;
use oneshot_model::Script;
use serde::{Deserialize, Serialize};

use crate::CharacterContinuity;
use crate::action::{given_to, phrase_at};

/// A state the action gives a character's costume in one scene.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostumeState {
    /// `wet`, `torn`, `dirty`, `bloodstained` or `burnt`.
    pub state: String,
    /// The scene whose action gives it.
    pub from_scene: u32,
}

/// Each state, the words that write it, and the least worn condition a costume
/// showing it is in (`None`: any costume can be wet).
const STATES: [(&str, &[&str], Option<Condition>); 5] = [
    (
        "wet",
        &[
            "wet", "soaked", "soaking", "drenched", "dripping", "sodden", "sopping",
        ],
        None,
    ),
    (
        "torn",
        &["torn", "ripped", "tattered", "shredded", "in rags"],
        Some(Condition::Damaged),
    ),
    (
        "dirty",
        &[
            "muddy",
            "mud caked",
            "caked in mud",
            "covered in mud",
            "filthy",
            "grimy",
            "grubby",
            "sooty",
            "covered in soot",
            "covered in dust",
            "dust covered",
        ],
        Some(Condition::Dirty),
    ),
    (
        "bloodstained",
        &[
            "bloodstained",
            "blood stained",
            "blood soaked",
            "bloodsoaked",
            "blood spattered",
        ],
        Some(Condition::Dirty),
    ),
    (
        "burnt",
        &["singed", "scorched", "charred"],
        Some(Condition::Damaged),
    ),
];

/// The least worn condition a costume showing `state` is in, when there is one.
pub(crate) fn condition_for(state: &str) -> Option<Condition> {
    STATES
        .iter()
        .find(|(name, ..)| *name == state)
        .and_then(|(.., condition)| *condition)
}

/// Gives each character's appearances the states the action puts their costume in.
pub(crate) fn carry(script: &Script, characters: &mut [CharacterContinuity]) {
    for character in characters {
        let mut worn: Vec<CostumeState> = Vec::new();
        let mut previous: Option<(u32, Option<String>)> = None;
        for appearance in &mut character.appearances {
            let Some(scene) = script.scenes.iter().find(|s| s.number == appearance.scene) else {
                continue;
            };
            let costume = appearance.costume.as_ref().map(|c| c.name.clone());
            let same_clothes = (appearance.story_day, costume.clone());
            if previous.as_ref() != Some(&same_clothes) {
                worn.clear();
            }
            previous = Some(same_clothes);
            let names = &character.script_names;
            for state in given_to(&scene.action, names, &scene.cast(), state_words) {
                if !worn.iter().any(|known| known.state == state) {
                    worn.push(CostumeState {
                        state,
                        from_scene: scene.number,
                    });
                }
            }
            appearance.costume_states = worn.clone();
        }
    }
}

/// Where each state of `words` is written, and the state. A phrase inside a
/// longer one is the longer one's (`blood soaked` is bloodstained, not wet), and
/// `torn between` two things is a mind, not a shirt.
fn state_words(words: &[String]) -> Vec<(usize, String)> {
    let found: Vec<(usize, usize, &str)> = STATES
        .iter()
        .flat_map(|(state, phrases, _)| {
            phrases.iter().flat_map(move |phrase| {
                let length = phrase.split(' ').count();
                (phrase_at(words, phrase).into_iter()).map(move |at| (at, length, *state))
            })
        })
        .filter(|&(at, length, _)| {
            let next = words.get(at + length).map(String::as_str);
            !(words[at] == "torn" && next == Some("between"))
        })
        .collect();
    let inside_another = |&(at, length, _): &(usize, usize, &str)| {
        found.iter().any(|&(other_at, other_length, _)| {
            other_length > length && other_at <= at && at + length <= other_at + other_length
        })
    };
    let mut states: Vec<(usize, String)> = (found.iter())
        .filter(|found| !inside_another(found))
        .map(|&(at, _, state)| (at, state.to_owned()))
        .collect();
    states.sort();
    states
}
