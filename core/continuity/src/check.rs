//! The continuity checks: what a costume supervisor and a key makeup artist want
//! caught before the shoot rather than in the edit.

use std::collections::HashMap;

use oneshot_model::{Character, Condition, Script};

use crate::{Appearance, Warning, WarningKind, condition_label, costume_label};

/// Every warning about one character, in the order: ranges, overlaps, gaps,
/// changes, conditions.
pub(crate) fn character(
    script: &Script,
    character: &Character,
    name: &str,
    appearances: &[Appearance],
    warnings: &mut Vec<Warning>,
) {
    let mut warn = |kind, scenes: Vec<u32>, message: String| {
        warnings.push(Warning {
            kind,
            character: name.to_owned(),
            scenes,
            message,
        })
    };
    let costumes: Vec<_> = character
        .costumes
        .iter()
        .map(|c| (c.name.as_str(), c.scenes))
        .collect();
    let looks: Vec<_> = character
        .makeup
        .iter()
        .map(|m| (m.name.as_str(), m.scenes))
        .collect();
    for (noun, items) in [("costume", &costumes), ("look", &looks)] {
        ranges(script, name, noun, items, &mut warn);
    }
    if !character.costumes.is_empty() {
        for gap in appearances.iter().filter(|a| a.costume.is_none()) {
            warn(
                WarningKind::Gap,
                vec![gap.scene],
                format!(
                    "{name} has no costume in scene {} (story day {}) but is dressed in other scenes",
                    gap.scene, gap.story_day
                ),
            );
        }
    }
    let scene = |number: u32| script.scenes.iter().find(|s| s.number == number);
    for pair in appearances.windows(2) {
        let (before, now) = (&pair[0], &pair[1]);
        if before.story_day != now.story_day || before.scene.checked_add(1) != Some(now.scene) {
            continue;
        }
        // Off to another place, not straight on: there is time to change on the way.
        let (Some(from_scene), Some(to_scene)) = (scene(before.scene), scene(now.scene)) else {
            continue;
        };
        if !to_scene.runs_on() && from_scene.location != to_scene.location {
            continue;
        }
        // A missing costume is already a gap; only a real costume swap needs a check.
        let costumes = (
            costume_label(before.costume.as_ref()),
            costume_label(now.costume.as_ref()),
        );
        if let (Some(from), Some(to)) = &costumes {
            if from != to {
                warn(
                    WarningKind::SameDayChange,
                    vec![before.scene, now.scene],
                    same_day_change(name, "costume", from, to, before, now),
                );
            }
        }
        // No look is the character's everyday face: a bruise that appears from one
        // scene to the next is exactly what to check.
        let look = |a: &Appearance| {
            a.makeup
                .as_ref()
                .map_or_else(|| "everyday look".to_owned(), |m| m.name.clone())
        };
        let (from, to) = (look(before), look(now));
        // A look that a fresh injury of one of the two scenes explains (the fight
        // in the scene before the bruise) is the story's.
        let hurt_here = (now.injuries.iter()).any(|injury| {
            !injury.healing && [before.scene, now.scene].contains(&injury.from_scene)
        });
        if from != to && !hurt_here {
            warn(
                WarningKind::SameDayChange,
                vec![before.scene, now.scene],
                same_day_change(name, "look", &from, &to, before, now),
            );
        }
    }
    condition_back(name, appearances, &mut warn);
    conditions_the_script_writes(name, appearances, &mut warn);
}

/// A costume the action puts in a state (torn, muddy, bloodstained) cleaner in
/// the production file than the state shows: once for each costume and state,
/// at the scene the action gives it.
fn conditions_the_script_writes(
    name: &str,
    appearances: &[Appearance],
    warn: &mut impl FnMut(WarningKind, Vec<u32>, String),
) {
    for appearance in appearances {
        let Some(costume) = &appearance.costume else {
            continue;
        };
        let written_here =
            (appearance.costume_states.iter()).filter(|state| state.from_scene == appearance.scene);
        for state in written_here {
            let Some(needed) = crate::wear::condition_for(&state.state) else {
                continue;
            };
            if wear(costume.condition) < wear(needed) {
                warn(
                    WarningKind::ScriptCondition,
                    vec![appearance.scene],
                    format!(
                        "{name} is {} in scene {} by the action, but the costume `{}` there is {}: it needs a {} version",
                        state.state,
                        appearance.scene,
                        costume.name,
                        condition_label(costume.condition),
                        condition_label(needed)
                    ),
                );
            }
        }
    }
}

fn same_day_change(
    name: &str,
    noun: &str,
    from: &str,
    to: &str,
    before: &Appearance,
    now: &Appearance,
) -> String {
    format!(
        "check: {name} changes {noun} from {from} to {to} between scenes {} and {}, both on story day {}, with no scene between for the change",
        before.scene, now.scene, now.story_day
    )
}

/// Ranges that name scenes the script does not have, and pairs of items covering the
/// same scenes (the first one in the production file is the one used).
fn ranges(
    script: &Script,
    name: &str,
    noun: &str,
    items: &[(&str, [u32; 2])],
    warn: &mut impl FnMut(WarningKind, Vec<u32>, String),
) {
    let exists = |number: u32| script.scenes.iter().any(|s| s.number == number);
    let script_range = match (script.scenes.first(), script.scenes.last()) {
        (Some(first), Some(last)) => format!("it has scenes {}-{}", first.number, last.number),
        _ => "it has no scenes".to_owned(),
    };
    for &(item, [first, last]) in items {
        if first > last {
            warn(
                WarningKind::OutOfRange,
                vec![first, last],
                format!(
                    "{name}'s {noun} `{item}` covers scenes {first}-{last}, which run backwards"
                ),
            );
            continue;
        }
        let mut missing: Vec<u32> = [first, last].into_iter().filter(|&n| !exists(n)).collect();
        missing.dedup();
        if !missing.is_empty() {
            warn(
                WarningKind::OutOfRange,
                missing.clone(),
                format!(
                    "{name}'s {noun} `{item}` names {} {} that the script does not have ({script_range})",
                    if missing.len() == 1 {
                        "scene"
                    } else {
                        "scenes"
                    },
                    scene_list(&missing)
                ),
            );
        }
    }
    for (i, &(a, [a_first, a_last])) in items.iter().enumerate() {
        for &(b, [b_first, b_last]) in &items[i + 1..] {
            let (low, high) = (a_first.max(b_first), a_last.min(b_last));
            let shared: Vec<u32> = script
                .scenes
                .iter()
                .map(|s| s.number)
                .filter(|n| (low..=high).contains(n))
                .collect();
            if !shared.is_empty() {
                warn(
                    WarningKind::Overlap,
                    shared.clone(),
                    format!(
                        "{name}'s {noun}s `{a}` and `{b}` both cover scene {} (`{a}` is used)",
                        scene_list(&shared)
                    ),
                );
            }
        }
    }
}

/// A costume that gets cleaner or mended later in the same story day: the last state
/// of each costume (by name) within the day is remembered and compared.
fn condition_back(
    name: &str,
    appearances: &[Appearance],
    warn: &mut impl FnMut(WarningKind, Vec<u32>, String),
) {
    let mut last_seen: HashMap<String, (Condition, u32)> = HashMap::new();
    let mut day = None;
    for appearance in appearances {
        if day != Some(appearance.story_day) {
            day = Some(appearance.story_day);
            last_seen.clear();
        }
        let Some(costume) = &appearance.costume else {
            continue;
        };
        let key = costume.name.trim().to_lowercase();
        let now = (costume.condition, appearance.scene);
        let Some((before, scene)) = last_seen.insert(key, now) else {
            continue;
        };
        if wear(costume.condition) < wear(before) {
            warn(
                WarningKind::ConditionBack,
                vec![scene, appearance.scene],
                format!(
                    "{name}'s `{}` goes back from {} (scene {scene}) to {} (scene {}) within story day {}",
                    costume.name,
                    condition_label(before),
                    condition_label(costume.condition),
                    appearance.scene,
                    appearance.story_day
                ),
            );
        }
    }
}

/// How far a costume has gone from new: within a story day it only goes up.
fn wear(condition: Condition) -> u8 {
    match condition {
        Condition::Pristine => 0,
        Condition::Worn => 1,
        Condition::Dirty => 2,
        Condition::Damaged => 3,
    }
}

/// A production character with costumes or looks whom no scene names.
pub(crate) fn not_in_script(character: &Character) -> Warning {
    Warning {
        kind: WarningKind::NotInScript,
        character: character.name.clone(),
        scenes: Vec::new(),
        message: format!(
            "{} has costumes or looks but never appears in the script (check the name and aliases)",
            character.name
        ),
    }
}

/// `[3, 4, 5, 9]` -> `3-5, 9`.
pub(crate) fn scene_list(scenes: &[u32]) -> String {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &n in scenes {
        match runs.last_mut() {
            Some((_, end)) if end.checked_add(1) == Some(n) => *end = n,
            _ => runs.push((n, n)),
        }
    }
    let run = |&(start, end): &(u32, u32)| {
        if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        }
    };
    runs.iter().map(run).collect::<Vec<_>>().join(", ")
}
