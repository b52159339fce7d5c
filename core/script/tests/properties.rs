//! Property tests: no input makes the parser or the breakdown panic, and what they
//! produce is consistent (spans inside the text, scenes numbered in order).

use proptest::prelude::*;

/// Fountain-flavoured fragments, so random scripts hit the interesting paths.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("INT. HOUSE - DAY".to_owned()),
        Just("EXT. FIELD - NIGHT #12A#".to_owned()),
        Just(".FORCED".to_owned()),
        Just("BOB (V.O.)".to_owned()),
        Just("@mcCoy ^".to_owned()),
        Just("(beat)".to_owned()),
        Just("CUT TO:".to_owned()),
        Just("> CENTRED <".to_owned()),
        Just("===".to_owned()),
        Just("# Act".to_owned()),
        Just("= synopsis".to_owned()),
        Just("~lyric".to_owned()),
        Just("/*".to_owned()),
        Just("*/".to_owned()),
        Just("[[".to_owned()),
        Just("]]".to_owned()),
        Just("[[prop: chain]]".to_owned()),
        Just("Title: X".to_owned()),
        Just("\t  ".to_owned()),
        Just("**bold** _under_ \\*".to_owned()),
        Just("\r\n".to_owned()),
        Just("\n".to_owned()),
        Just("\r".to_owned()),
        "\\PC{0,12}",
    ]
}

fn script() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|parts| parts.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn fountain_never_panics_and_spans_stay_inside(text in script()) {
        let doc = oneshot_script::fountain::parse(&text);
        for element in &doc.elements {
            prop_assert!(element.span.start <= element.span.end);
            prop_assert!(element.span.end <= text.len());
            prop_assert!(text.is_char_boundary(element.span.start));
        }
        if let Ok(script) = oneshot_script::breakdown_source(&text, "random.fountain") {
            for (i, scene) in script.scenes.iter().enumerate() {
                prop_assert_eq!(scene.number as usize, i + 1);
                prop_assert!(scene.story_day >= 1);
                prop_assert!(scene.estimated_seconds.is_finite());
            }
        }
    }

    #[test]
    fn any_string_is_safe(text in "\\PC*") {
        let _ = oneshot_script::breakdown_source(&text, "any.fountain");
        let _ = oneshot_script::breakdown_source(&text, "any.fdx");
    }

    #[test]
    fn any_xml_ish_text_is_safe(parts in prop::collection::vec(prop_oneof![
        Just("<FinalDraft>"), Just("</FinalDraft>"), Just("<Content>"), Just("</Content>"),
        Just("<Paragraph Type=\"Character\">"), Just("<Paragraph Type=\"Scene Heading\">"),
        Just("</Paragraph>"), Just("<Text>"), Just("</Text>"), Just("BOB"), Just("&amp;"),
        Just("&#0;"), Just("<DualDialogue>"), Just("</DualDialogue>"), Just("<Tab/>"),
    ], 0..30)) {
        let text = format!("<?xml version=\"1.0\"?>{}", parts.concat());
        let _ = oneshot_script::breakdown_source(&text, "x.fdx");
    }
}
