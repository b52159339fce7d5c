//! The screenplay's transitions as the cut plays them.
//!
//! A scene's `transition_out` as written decides how the cut leaves it: `DISSOLVE
//! TO:` dissolves into the next scene, `FADE OUT.` and `FADE TO BLACK.` fade to
//! black and the next scene fades up, and the cuts (`CUT TO:`, `SMASH CUT TO:`,
//! `MATCH CUT TO:`) and anything unknown cut. `FADE IN:` before a heading fades the
//! scene up. Wipes and morphs play as dissolves, irises as fades. `SLOW` doubles a
//! transition's length and `QUICK` or `FAST` halves it.

use oneshot_model::{Scene, Transition, TransitionKind};

/// A dissolve's length, and a fade's.
pub const TRANSITION_S: f32 = 1.0;

/// Each scene's `(transition_in, transition_out)`, in script order.
pub fn scene_transitions(scenes: &[Scene]) -> Vec<(Transition, Transition)> {
    let written_out: Vec<Transition> = scenes
        .iter()
        .map(|s| {
            s.transition_out
                .as_deref()
                .map_or_else(Transition::default, played)
        })
        .collect();
    (0..scenes.len())
        .map(|i| {
            let previous = i.checked_sub(1).map(|p| written_out[p]);
            let fade_in = scenes[i].transition_in.as_deref().map(played);
            let transition_in = match (previous, fade_in) {
                (Some(out), _) if out.kind == TransitionKind::Dissolve => out,
                (_, Some(fade)) => fade,
                (Some(out), None) if out.kind == TransitionKind::Fade => out,
                _ => Transition::default(),
            };
            let out = written_out[i];
            let last = i + 1 == scenes.len();
            let transition_out = match out.kind {
                TransitionKind::Fade => out,
                // Nothing to dissolve into: the film fades out.
                TransitionKind::Dissolve if last => Transition {
                    kind: TransitionKind::Fade,
                    ..out
                },
                _ => Transition::default(),
            };
            (transition_in, transition_out)
        })
        .collect()
}

/// How the cut plays a transition written as `words` (in upper case).
fn played(words: &str) -> Transition {
    let has = |word: &str| words.contains(word);
    let kind = if ["DISSOLVE", "WIPE", "MORPH"].into_iter().any(has) {
        TransitionKind::Dissolve
    } else if ["FADE", "IRIS"].into_iter().any(has) {
        TransitionKind::Fade
    } else {
        return Transition::default();
    };
    let pace = if has("SLOW") {
        2.0
    } else if has("QUICK") || has("FAST") {
        0.5
    } else {
        1.0
    };
    Transition {
        kind,
        seconds: TRANSITION_S * pace,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scene(transition_in: Option<&str>, transition_out: Option<&str>) -> Scene {
        Scene {
            transition_in: transition_in.map(Into::into),
            transition_out: transition_out.map(Into::into),
            ..Scene::default()
        }
    }

    fn kinds(scenes: &[Scene]) -> Vec<(TransitionKind, f32, TransitionKind, f32)> {
        scene_transitions(scenes)
            .into_iter()
            .map(|(i, o)| (i.kind, i.seconds, o.kind, o.seconds))
            .collect()
    }

    use TransitionKind::{Cut, Dissolve, Fade};

    #[test]
    fn written_transitions_play_at_the_boundaries_they_name() {
        let scenes = [
            scene(Some("FADE IN:"), Some("DISSOLVE TO:")),
            scene(None, Some("SMASH CUT TO:")),
            scene(None, Some("FADE TO BLACK.")),
            scene(None, Some("SLOW DISSOLVE TO:")),
            scene(None, None),
            scene(None, Some("FADE OUT.")),
        ];
        assert_eq!(
            kinds(&scenes),
            [
                (Fade, 1.0, Cut, 0.0),
                (Dissolve, 1.0, Cut, 0.0),
                (Cut, 0.0, Fade, 1.0),
                (Fade, 1.0, Cut, 0.0),
                (Dissolve, 2.0, Cut, 0.0),
                (Cut, 0.0, Fade, 1.0),
            ]
        );
    }

    #[test]
    fn a_last_dissolve_fades_out_and_unknown_words_cut() {
        let scenes = [
            scene(None, Some("BACK TO:")),
            scene(Some("IRIS IN:"), Some("QUICK WIPE TO:")),
            scene(None, Some("DISSOLVE TO:")),
        ];
        assert_eq!(
            kinds(&scenes),
            [
                (Cut, 0.0, Cut, 0.0),
                (Fade, 1.0, Cut, 0.0),
                (Dissolve, 0.5, Fade, 1.0),
            ]
        );
    }
}
