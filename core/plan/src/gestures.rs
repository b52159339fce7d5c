//! What the cast does on their marks while they talk: the speaker of each line
//! holds a gesture the way the line goes, so that a still of the shot reads as
//! who is speaking and how. A parenthetical says it when it can (`(shrugs)`,
//! `(pointing)`); otherwise an exclamation raises both fists, a question opens
//! both hands, and anything else raises a hand. Listeners, and voices off screen,
//! stand.
//!
//! A scene with stunts (`a fight`, `he punches`) is a fight: in the master of
//! the stretch of action that has them, shot handheld, whoever it says throws
//! the last blow (else the first of the cast) throws a punch and the rest keep
//! their guard up ([`stage_fight`]).

use oneshot_model::script::{FIST_FIGHTS, name_at, sentence_words, spoken_with};
use oneshot_model::{Category, DialogueLine, Gesture, Pose, Scene, Shot, ShotSetup};

use crate::shots::{self, exclaims, off_screen};

/// The pose for speaking `line`.
pub fn pose(line: &DialogueLine) -> Pose {
    let direction = line
        .parenthetical
        .as_deref()
        .unwrap_or_default()
        .to_lowercase();
    if direction.contains("shrug") {
        Pose::Shrug
    } else if direction.contains("point") {
        Pose::Point
    } else if exclaims(line) {
        Pose::Exclaim
    } else if line.text.trim_end().ends_with('?') {
        Pose::Ask
    } else {
        Pose::Talk
    }
}

/// Gives each speaking shot of the scene its speaker's gesture. The shot
/// planner covers the scene's lines in order, one speaking shot each (one for
/// both lines of a dual dialogue, see [`spoken_with`]), so the speaking shots
/// and the lines are walked together.
pub fn stage_gestures(scene: &Scene, shots: &[Shot], setups: &mut [ShotSetup]) {
    let speaking = shots
        .iter()
        .zip(setups)
        .filter(|(shot, _)| shot.speaker.is_some());
    let mut next = 0;
    for (shot, setup) in speaking {
        let Some(line) = scene.lines.get(next) else {
            break;
        };
        let partner = spoken_with(&scene.lines, next);
        next += 1 + usize::from(partner.is_some());
        if shot.speaker.as_ref() != Some(&line.character) {
            continue;
        }
        let gestures: Vec<Gesture> = std::iter::once(line)
            .chain(partner)
            .filter(|line| shot.subjects.contains(&line.character) && !off_screen(line))
            .map(|line| Gesture {
                character: line.character.clone(),
                pose: pose(line),
            })
            .collect();
        if !gestures.is_empty() {
            setup.gestures = gestures;
        }
    }
}

/// Squares the cast up in each master of a fight (see [`fighting`]): the fighter
/// its action has throw the last blow punches (else its first subject), the
/// others guard. Whoever walks on or off in it walks.
pub fn stage_fight(scene: &Scene, shots: &[Shot], setups: &mut [ShotSetup]) {
    let stunts = scene
        .elements
        .get(&Category::Stunts)
        .map_or(&[][..], Vec::as_slice);
    let masters: Vec<usize> = (0..shots.len())
        .filter(|&i| shots::covers_action(i, &shots[i]))
        .collect();
    let actions: Vec<&str> = masters
        .iter()
        .map(|&i| shots[i].description.as_str())
        .collect();
    for (&i, fight) in masters.iter().zip(fighting(&actions, stunts)) {
        if fight {
            square_up(&shots[i], &mut setups[i]);
        }
    }
}

/// Which of a scene's later stretches of action (`actions`, in order) are a fight
/// (see [`fights`]); in a scene whose stunts are a fight (not a fall or a car
/// going over the edge) written nowhere after its opening, the last. `coverage`
/// shoots them handheld and [`stage_fight`] squares them up, each from the same
/// stretches.
pub fn fighting(actions: &[&str], stunts: &[String]) -> Vec<bool> {
    let fists = stunts
        .iter()
        .any(|stunt| FIST_FIGHTS.contains(&stunt.to_lowercase().as_str()));
    let mut fighting: Vec<bool> = actions.iter().map(|a| fights(a, stunts)).collect();
    if fists && !fighting.contains(&true) {
        if let Some(last) = fighting.last_mut() {
            *last = true;
        }
    }
    fighting
}

/// Whether a stretch of action is a fight: it names one of its scene's `stunts`
/// that is a fist fight (`punches`, `a blur of fists`; a dive or a fall is no
/// fight), or throws a blow in a scene with stunts (`B swings`).
pub fn fights(action: &str, stunts: &[String]) -> bool {
    let text = action.to_lowercase();
    let names = |stunt: &String| {
        let stunt = stunt.to_lowercase();
        // The word itself, or its plural or tense: `fights`, `fighting`, not `fighter`.
        text.match_indices(stunt.as_str()).any(|(at, found)| {
            let rest = &text[at + found.len()..];
            let ending = &rest[..rest
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(rest.len())];
            !text[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
                && ["", "s", "es", "ing", "ed"].contains(&ending)
        })
    };
    let blow = || {
        sentence_words(action)
            .iter()
            .flatten()
            .any(|word| BLOWS.contains(&word.as_str()))
    };
    let fist = |stunt: &&String| FIST_FIGHTS.contains(&stunt.to_lowercase().as_str());
    !stunts.is_empty() && (stunts.iter().filter(fist).any(names) || blow())
}

/// The fight in one master: see [`stage_fight`].
fn square_up(shot: &Shot, setup: &mut ShotSetup) {
    let fighters: Vec<&String> = shot
        .subjects
        .iter()
        .filter(|name| !setup.walks.iter().any(|walk| &walk.character == *name))
        .collect();
    let striker = last_striker(&shot.description, &fighters).or(fighters.first().copied());
    let stances: Vec<Gesture> = fighters
        .iter()
        .map(|&name| Gesture {
            character: name.clone(),
            pose: if Some(name) == striker {
                Pose::Punch
            } else {
                Pose::Guard
            },
        })
        .collect();
    if !stances.is_empty() {
        setup.gestures = stances;
    }
}

/// Words of a blow in action; the fighter named last before one throws it.
const BLOWS: &[&str] = &[
    "punch",
    "punches",
    "punched",
    "hits",
    "hit",
    "swings",
    "kicks",
    "kicked",
    "slugs",
    "slugged",
    "strikes",
    "struck",
    "headbutts",
    "elbows",
    "jabs",
    "lands",
    "decks",
    "decked",
    "sweeps",
    "tackles",
    "tackled",
];
/// What someone falling `hits` or `lands` on: the blow is the floor's.
const SURFACES: &[&str] = &[
    "ground", "floor", "concrete", "wall", "pavement", "gravel", "dirt", "deck", "water", "mat",
    "street", "grass", "table", "sand", "mud",
];
/// The blow words a fall is written with (`hits the concrete`, `lands hard on the
/// pavement`), and how far past one a surface makes it a fall.
const FALLS: &[&str] = &["hits", "hit", "lands"];
const FALL_WORDS: usize = 4;
/// Words just before a blow word that make it one taken, not thrown (`is hit`,
/// `takes a punch`).
const TAKEN: &[&str] = &[
    "is", "was", "are", "were", "be", "been", "gets", "got", "takes", "took", "a", "another",
];

/// Of `fighters`, who throws the scene's last blow as its `action` writes it
/// (`Voss swings. Dex lands one clean punch.`: Dex), read sentence by sentence:
/// the fighter named last before a blow word in the same sentence. A blow taken
/// (`Voss is punched by Ray`) is thrown by whoever follows `by`, else by nobody;
/// a fall onto a surface is no blow. `None` when the action names no blow by a
/// fighter.
fn last_striker<'a>(action: &str, fighters: &[&'a String]) -> Option<&'a String> {
    let mut striker = None;
    for words in sentence_words(action) {
        let named_at = |i: usize| {
            fighters
                .iter()
                .find(|name| name_at(&words[i..], name).first() == Some(&0))
                .copied()
        };
        let mut named = None;
        for (i, word) in words.iter().enumerate() {
            if let Some(name) = named_at(i) {
                named = Some(name);
                continue;
            }
            if !BLOWS.contains(&word.as_str()) {
                continue;
            }
            let after = &words[i + 1..words.len().min(i + 1 + FALL_WORDS)];
            let falls = FALLS.contains(&word.as_str())
                && after.iter().any(|w| SURFACES.contains(&w.as_str()));
            if falls {
                continue;
            }
            let taken = i > 0 && TAKEN.contains(&words[i - 1].as_str());
            let by = words.get(i + 1).is_some_and(|w| w == "by");
            let thrower = if by {
                named_at(i + 2)
            } else if taken {
                None
            } else {
                named
            };
            if thrower.is_some() {
                striker = thrower;
            }
        }
    }
    striker
}

#[cfg(test)]
mod tests {
    use super::*;
    use oneshot_model::ShotKind;

    fn line(character: &str, text: &str, parenthetical: Option<&str>) -> DialogueLine {
        DialogueLine {
            character: character.into(),
            text: text.into(),
            parenthetical: parenthetical.map(Into::into),
            duration_s: 2.0,
            ..DialogueLine::default()
        }
    }

    #[test]
    fn the_line_says_how_its_speaker_holds_their_arms() {
        let said = |text, paren| pose(&line("A", text, paren));
        assert_eq!(said("Get out!", None), Pose::Exclaim);
        assert_eq!(said("Who took her?", None), Pose::Ask);
        assert_eq!(said("She's gone.", None), Pose::Talk);
        assert_eq!(said("Who knows?", Some("(shrugs)")), Pose::Shrug);
        assert_eq!(
            said("That one!", Some("(Pointing at the door)")),
            Pose::Point
        );
    }

    #[test]
    fn speakers_gesture_in_their_own_shots_and_voices_off_do_not() {
        let mut off = line("B", "Over here!", None);
        off.extensions = vec!["O.S.".into()];
        let scene = Scene {
            number: 1,
            lines: vec![
                line("A", "Who took her?", None),
                off,
                line("A", "There!", None),
            ],
            ..Scene::default()
        };
        let cast = vec!["A".to_owned(), "C".to_owned()];
        let coverage = shots::coverage(&scene, &cast);
        let stage = crate::set::build(true, false, &[], &[], &[]);
        let film = crate::framing::Film { aspect: 16.0 / 9.0 };
        let (shots, mut setups, _) = shots::set_up(1, coverage, &stage, film, 24.0, false);
        stage_gestures(&scene, &shots, &mut setups);
        let gestures: Vec<(&str, Vec<Pose>)> = shots
            .iter()
            .zip(&setups)
            .map(|(shot, setup)| {
                (
                    shot.id.as_str(),
                    setup.gestures.iter().map(|g| g.pose).collect(),
                )
            })
            .collect();
        assert_eq!(
            gestures,
            [
                ("1-1", vec![]),
                ("1-2", vec![Pose::Ask]),
                ("1-3", vec![]), // B off screen: A and C listen
                ("1-4", vec![Pose::Exclaim]),
            ]
        );
        assert_eq!(setups[1].gestures[0].character, "A");
    }

    #[test]
    fn two_speaking_at_once_both_gesture_and_the_next_speaker_too() {
        let mut left = line("A", "Left!", None);
        let mut right = line("B", "Right?", None);
        (left.dual, right.dual) = (true, true);
        let scene = Scene {
            number: 1,
            lines: vec![left, right, line("C", "Enough.", None)],
            ..Scene::default()
        };
        let cast = vec!["A".to_owned(), "B".to_owned(), "C".to_owned()];
        let coverage = shots::coverage(&scene, &cast);
        let stage = crate::set::build(true, false, &[], &[], &[]);
        let film = crate::framing::Film { aspect: 16.0 / 9.0 };
        let (shots, mut setups, _) = shots::set_up(1, coverage, &stage, film, 24.0, false);
        stage_gestures(&scene, &shots, &mut setups);
        let gestures: Vec<Vec<(&str, Pose)>> = (setups.iter())
            .map(|setup| {
                setup
                    .gestures
                    .iter()
                    .map(|g| (g.character.as_str(), g.pose))
                    .collect()
            })
            .collect();
        assert_eq!(
            gestures,
            [
                vec![],
                vec![("A", Pose::Exclaim), ("B", Pose::Ask)],
                vec![("C", Pose::Talk)],
            ]
        );
    }

    #[test]
    fn the_last_blow_is_thrown_by_the_fighter_named_before_it() {
        let (ray, dex, voss, young) = (
            "RAY".to_owned(),
            "DEX".to_owned(),
            "VOSS".to_owned(),
            "YOUNG EDWARD".to_owned(),
        );
        let fighters = [&ray, &dex, &voss, &young];
        let striker = |action: &str| last_striker(action, &fighters).cloned();
        let alley = "Voss swings. Ray catches the pipe. Dex lands one clean punch. Voss folds.";
        assert_eq!(striker(alley).as_deref(), Some("DEX"));
        // Falling onto the concrete is no blow; a name's possessive is the name.
        let fall = "Ray's fist hits Voss. Voss hits the concrete hard.";
        assert_eq!(striker(fall).as_deref(), Some("RAY"));
        assert_eq!(
            striker("Young Edward kicks the bully.").as_deref(),
            Some("YOUNG EDWARD")
        );
        assert_eq!(striker("A blur of fists. Someone punches."), None);
        // Landing on the pavement is a fall; a passive blow is by whoever follows `by`.
        let landing = "Ray punches Voss. Voss lands hard on the pavement.";
        assert_eq!(striker(landing).as_deref(), Some("RAY"));
        assert_eq!(striker("Voss is punched by Ray.").as_deref(), Some("RAY"));
        assert_eq!(striker("Ray's car is hit by a truck."), None);
        // A blow that takes someone to the ground is still a blow; one taken is not thrown.
        for thrown in [
            "Ray tackles Dex to the ground.",
            "Ray punches Dex in the street.",
            "Ray kicks Dex across the floor.",
        ] {
            assert_eq!(striker(thrown).as_deref(), Some("RAY"), "{thrown}");
        }
        assert_eq!(striker("Ray is hit."), None);
        assert_eq!(striker("Ray takes a hit."), None);
        assert_eq!(
            striker("Dex punches Ray. Ray is struck again.").as_deref(),
            Some("DEX")
        );
    }

    #[test]
    fn a_car_over_the_edge_is_no_fist_fight() {
        let over = ["over the edge".to_owned()];
        assert_eq!(fighting(&["Dex sits."], &over), [false]);
        assert_eq!(fighting(&["Dex sits."], &["fight".to_owned()]), [true]);
    }

    #[test]
    fn a_stunt_is_named_by_its_word_not_one_it_starts() {
        let stunts = ["fight".to_owned()];
        assert!(fights("They fight.", &stunts) && fights("Fighting breaks out.", &stunts));
        assert!(!fights("A fighter jet roars over.", &stunts));
    }

    /// The shots and set-ups of `scene` for `cast`, with their walks and fights.
    fn staged(scene: &Scene, cast: &[String]) -> (Vec<Shot>, Vec<ShotSetup>) {
        let stage = crate::set::build(true, false, &crate::set::test_cast(cast), &[], &[]);
        let film = crate::framing::Film { aspect: 16.0 / 9.0 };
        let coverage = shots::coverage(scene, cast);
        let (shots, mut setups, _) = shots::set_up(1, coverage, &stage, film, 24.0, false);
        let moves = crate::blocking::moves(scene, cast);
        crate::blocking::stage_walks(&moves, &stage, &shots, &mut setups, 24.0, false);
        stage_fight(scene, &shots, &mut setups);
        (shots, setups)
    }

    #[test]
    fn who_leaves_between_lines_walks_in_that_master_and_a_fight_named_early_plays_last() {
        let cast: Vec<String> = ["A", "B"].map(String::from).to_vec();
        let mut scene = Scene {
            number: 1,
            lines: vec![line("A", "Go.", None), line("B", "Fine.", None)],
            action: vec![
                "A and B fight.".into(),
                "B leaves.".into(),
                "A sits.".into(),
            ],
            ..Scene::default()
        };
        scene.lines[0].action_before = 1;
        scene.lines[1].action_before = 1;
        scene.lines.push(DialogueLine {
            action_before: 2,
            ..line("A", "Good.", None)
        });
        scene
            .elements
            .insert(Category::Stunts, vec!["fight".into()]);
        let (shots, setups) = staged(&scene, &cast);
        let kinds: Vec<ShotKind> = shots.iter().map(|s| s.kind).collect();
        assert_eq!((kinds[3], kinds[5]), (ShotKind::Master, ShotKind::Master));
        // B walks out between the lines, where the script has it.
        let walkers: Vec<Vec<&str>> = setups
            .iter()
            .map(|s| s.walks.iter().map(|w| w.character.as_str()).collect())
            .collect();
        assert_eq!(walkers[3], ["B"], "{walkers:?}");
        assert!(walkers[5].is_empty());
        // The fight is named in the opening only: the closing master stages it.
        assert_eq!(shots[5].movement, oneshot_model::CameraMove::Handheld);
        assert_eq!(shots[3].movement, oneshot_model::CameraMove::Static);
        assert!(!setups[5].gestures.is_empty());
    }

    #[test]
    fn a_fight_ends_in_a_punch_and_a_guard_and_whoever_leaves_walks() {
        let mut scene = Scene {
            number: 1,
            lines: vec![line("A", "You again.", None), line("B", "Me again.", None)],
            action: vec![
                "A and B face off. C watches.".into(),
                "A punches B. C leaves.".into(),
            ],
            ..Scene::default()
        };
        let cast: Vec<String> = ["A", "B", "C"].map(String::from).to_vec();
        let staged = |scene: &Scene| staged(scene, &cast);
        let (shots, setups) = staged(&scene);
        let master = setups.last().unwrap();
        assert!(master.gestures.is_empty(), "no stunts, no fight");
        assert_eq!(shots.last().unwrap().kind, ShotKind::Master);

        scene
            .elements
            .insert(Category::Stunts, vec!["punches".into()]);
        let (_, setups) = staged(&scene);
        let master = setups.last().unwrap();
        let poses: Vec<(&str, Pose)> = master
            .gestures
            .iter()
            .map(|g| (g.character.as_str(), g.pose))
            .collect();
        assert_eq!(poses, [("A", Pose::Punch), ("B", Pose::Guard)]);
        assert_eq!(master.walks[0].character, "C");

        // The action says who lands the last blow.
        scene.action[1] = "B swings. A ducks; B's elbow lands. C leaves.".into();
        let (_, setups) = staged(&scene);
        let punching: Vec<&str> = setups
            .last()
            .unwrap()
            .gestures
            .iter()
            .filter(|g| g.pose == Pose::Punch)
            .map(|g| g.character.as_str())
            .collect();
        assert_eq!(punching, ["B"]);
        assert!(setups[..setups.len() - 1].iter().all(|s| {
            s.gestures
                .iter()
                .all(|g| !matches!(g.pose, Pose::Punch | Pose::Guard))
        }));
    }
}
