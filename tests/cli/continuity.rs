//! `oneshot continuity` end to end, on the example production.

use crate::util::{fixture, non_empty, run_err, run_ok, tempdir};

const FILES: [&str; 3] = ["continuity.json", "continuity.csv", "continuity.html"];

fn example(name: &str) -> String {
    fixture(&format!("examples/{name}"))
        .to_string_lossy()
        .into_owned()
}

#[test]
fn the_example_production_gets_its_continuity_bible() {
    let dir = tempdir();
    let out = dir.path().join("continuity");
    let summary = run_ok(&[
        "continuity",
        &example("alley-kings.fountain"),
        "--production",
        &example("alley-kings.toml"),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(summary.contains("5 characters"), "{summary}");
    assert!(summary.contains("7 scenes"), "{summary}");
    for name in FILES {
        assert!(non_empty(&out.join(name)), "{name} missing");
    }

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("continuity.json")).unwrap())
            .unwrap();
    let ray = &json["characters"][0];
    assert_eq!(ray["name"], "RAY");
    assert_eq!(ray["appearances"][0]["costume"]["name"], "work overalls");
    assert_eq!(ray["changes"][0]["scene"], 4);
    assert_eq!(ray["changes"][0]["to"], "fight night (damaged)");
    assert_eq!(json["undressed"], serde_json::json!(["BRICK"]));
    // Ray changes from overalls (scene 3, the garage) into the fight costume
    // (scene 4, the underpass) on the way there: no surprise, no warning.
    let warnings = json["warnings"].as_array().unwrap();
    assert!(
        !warnings.iter().any(|w| w["kind"] == "same_day_change"),
        "{warnings:?}"
    );
    let numbers: Vec<u64> = (ray["appearances"].as_array().unwrap().iter())
        .map(|a| a["costume_change"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 1, 1, 2, 2, 2, 2]);

    let csv = std::fs::read_to_string(out.join("continuity.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "character,scene,heading,story_day,change_number,costume,condition,costume_states,pieces,makeup,hair,injuries,change,warnings"
        )
    );
    let rows: Vec<&str> = lines.collect();
    assert!(
        rows.iter()
            .any(|r| r
                .starts_with("NINA,1,INT. KANE BROTHERS GARAGE - DAY,1,1,garage jumpsuit,dirty")),
        "{csv}"
    );

    let html = std::fs::read_to_string(out.join("continuity.html")).unwrap();
    assert!(html.contains("fight night"));
    assert!(html.contains("<tr class=\"change\">"));
}

#[test]
fn without_a_production_everyone_is_undressed() {
    let dir = tempdir();
    let out = dir.path().join("bible");
    let summary = run_ok(&[
        "continuity",
        &example("alley-kings.fountain"),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(summary.contains("5 characters (5 undressed)"), "{summary}");
    assert!(summary.contains("0 warnings"), "{summary}");
    for name in FILES {
        assert!(non_empty(&out.join(name)), "{name} missing");
    }
}

#[test]
fn a_bad_production_file_names_its_line_and_writes_nothing() {
    let dir = tempdir();
    let production = dir.path().join("broken.toml");
    std::fs::write(
        &production,
        "title = \"X\"\n\n[[characters]]\nname = \"RAY\"\ncostume = \"typo\"\n",
    )
    .unwrap();
    let out = dir.path().join("continuity");
    let err = run_err(&[
        "continuity",
        &example("alley-kings.fountain"),
        "--production",
        production.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(err.contains("broken.toml:5:"), "{err}");
    assert!(
        !out.exists(),
        "nothing is written for a bad production file"
    );
}

#[test]
fn a_missing_script_is_a_clear_error() {
    let dir = tempdir();
    let missing = dir.path().join("nowhere.fountain");
    let out = dir.path().join("continuity");
    let err = run_err(&[
        "continuity",
        missing.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(err.contains("nowhere.fountain"), "{err}");
    assert!(!out.exists());
}
