//! What the cast does on their marks while they talk: the speaker of each line
//! holds a gesture the way the line goes, so that a still of the shot reads as
//! who is speaking and how. A parenthetical says it when it can (`(shrugs)`,
//! `(pointing)`); otherwise an exclamation raises both fists, a question opens
//! both hands, and anything else raises a hand. Listeners, and voices off screen,
//! stand.

use oneshot_model::{DialogueLine, Gesture, Pose, Scene, Shot, ShotSetup};

use crate::shots::{exclaims, off_screen};

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
/// planner covers the scene's lines in order, one speaking shot each, so the
/// k-th shot with a speaker speaks the k-th line.
pub fn stage_gestures(scene: &Scene, shots: &[Shot], setups: &mut [ShotSetup]) {
    let speaking = shots
        .iter()
        .zip(setups)
        .filter(|(shot, _)| shot.speaker.is_some());
    for ((shot, setup), line) in speaking.zip(&scene.lines) {
        let seen = shot.subjects.contains(&line.character);
        if seen && shot.speaker.as_ref() == Some(&line.character) && !off_screen(line) {
            setup.gestures = vec![Gesture {
                character: line.character.clone(),
                pose: pose(line),
            }];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shots;

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
}
