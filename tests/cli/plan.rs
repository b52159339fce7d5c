//! `oneshot plan` end to end: planning the example production, finishing it with
//! synthetic frames, and bad input.

use std::path::Path;

use serde_json::Value;

use crate::util::{fixture, non_empty, oneshot, run_err, run_ok, tempdir};

const SCRIPT: &str = "examples/alley-kings.fountain";
const PRODUCTION: &str = "examples/alley-kings.toml";

fn json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn plan_example(out: &Path) -> String {
    run_ok(&[
        "plan",
        fixture(SCRIPT).to_str().unwrap(),
        "--production",
        fixture(PRODUCTION).to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ])
}

/// A 16x9 solid red PNG, standing in for a rendered frame.
const FRAME_PNG: [u8; 77] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x09, 0x08, 0x02, 0x00, 0x00, 0x00, 0xb4, 0x48, 0x3b,
    0x65, 0x00, 0x00, 0x00, 0x14, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x38, 0x61, 0xa3, 0x41,
    0x12, 0x62, 0x18, 0xd5, 0x30, 0x28, 0x34, 0x00, 0x00, 0xbd, 0x98, 0xa8, 0xc1, 0x75, 0x75, 0x08,
    0x59, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// Width and height from a PNG's header.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(
        &bytes[..8],
        b"\x89PNG\r\n\x1a\n",
        "{} is not a PNG",
        path.display()
    );
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

/// Writes a small solid frame for every shot of the plan in `out` but the skipped ones.
fn render_synthetic_frames(out: &Path, skip: &[&str]) -> usize {
    let plan = json(&out.join("plan.json"));
    let frames = out.join("frames");
    std::fs::create_dir_all(&frames).unwrap();
    let mut written = 0;
    for shot in plan["shots"].as_array().unwrap() {
        let id = shot["id"].as_str().unwrap();
        if !skip.contains(&id) {
            std::fs::write(frames.join(format!("{id}.png")), FRAME_PNG).unwrap();
            written += 1;
        }
    }
    written
}

#[test]
fn plans_the_example_production() {
    let dir = tempdir();
    let out = dir.path().join("alley-kings");
    let stdout = plan_example(&out);
    assert!(
        stdout.contains("planned \"Alley Kings\": 7 scenes"),
        "{stdout}"
    );
    for name in [
        "breakdown.json",
        "shotlist.json",
        "plan.json",
        "vfx.json",
        "grip_electric.json",
        "grip.csv",
        "electric.csv",
        "overheads.html",
    ] {
        assert!(non_empty(&out.join(name)), "{name} missing");
    }
    // An overhead per scene, each with its cameras labelled by shot.
    let overheads = std::fs::read_to_string(out.join("overheads.html")).unwrap();
    assert_eq!(overheads.matches("<svg ").count(), 7);
    assert!(overheads.contains(">1-1</text>"), "{overheads}");
    let plan = json(&out.join("plan.json"));
    assert_eq!(plan["slug"], "alley-kings");
    assert_eq!(plan["resolution"], serde_json::json!([480, 270]));
    assert_eq!(plan["engine"], "workbench");
    let shots = plan["shots"].as_array().unwrap();
    assert_eq!(shots.len(), plan["setups"].as_array().unwrap().len());
    assert_eq!(shots[0]["kind"], "establishing");
    let scenes = plan["scenes"].as_array().unwrap();
    assert_eq!(scenes.len(), 7);
    for scene in scenes {
        let pieces = scene["pieces"].as_array().unwrap();
        let roles: Vec<&str> = pieces.iter().map(|p| p["role"].as_str().unwrap()).collect();
        assert!(
            roles.contains(&"character") && roles.contains(&"set"),
            "{roles:?}"
        );
        assert!(scene["lights"].as_array().unwrap().len() >= 3);
    }
    // The shot list holds the plan's shots, each with what the printed list adds.
    let shotlist = json(&out.join("shotlist.json"));
    let listed = shotlist["shots"].as_array().unwrap();
    assert_eq!(listed.len(), shots.len());
    for (entry, shot) in listed.iter().zip(shots) {
        for (key, value) in shot.as_object().unwrap() {
            assert_eq!(&entry[key], value, "{key}");
        }
        for key in [
            "setup",
            "support",
            "sound",
            "camera_height_m",
            "focus_m",
            "blocking",
        ] {
            assert!(!entry[key].is_null(), "{key} in {entry}");
        }
    }
    let moving = listed.iter().find(|e| e["movement"] == "dolly").unwrap();
    assert!(moving["end_focus_m"].as_f64().unwrap() < moving["focus_m"].as_f64().unwrap());
    let breakdown = json(&out.join("breakdown.json"));
    assert_eq!(breakdown["scenes"].as_array().unwrap().len(), 7);
    // Grip and electric: a rig per shot, the lamps per scene, the order.
    let gear = json(&out.join("grip_electric.json"));
    assert_eq!(gear["shots"].as_array().unwrap().len(), shots.len());
    assert_eq!(gear["scenes"].as_array().unwrap().len(), 7);
    assert!(
        gear["order"]
            .as_array()
            .unwrap()
            .iter()
            .any(|item| item["item"] == "generator")
    );
}

#[test]
fn plans_the_sound_on_the_cut() {
    let dir = tempdir();
    let out = dir.path().join("out");
    plan_example(&out);
    render_synthetic_frames(&out, &[]);
    run_ok(&["plan", "--finish", out.to_str().unwrap()]);
    let cues = json(&out.join("sound/cues.json"));
    let frames = cues["frames"].as_u64().unwrap();
    // 24 fps: 2000 stereo 16-bit samples a frame, the last chunk of the file.
    let wav = std::fs::read(out.join("sound/temp_mix.wav")).unwrap();
    let data = wav.windows(4).position(|w| w == b"data").unwrap();
    let size = u32::from_le_bytes(wav[data + 4..data + 8].try_into().unwrap());
    assert_eq!(u64::from(size), frames * 2000 * 4);
    assert_eq!(wav.len(), data + 8 + size as usize);
    // Every line comes in on a cut of the EDL (record in, the seventh field).
    let edl = std::fs::read_to_string(out.join("edit.edl")).unwrap();
    let cuts: Vec<&str> = edl
        .lines()
        .filter_map(|line| line.split_whitespace().nth(6))
        .collect();
    let lines: Vec<&Value> = cues["cues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "dialogue")
        .collect();
    assert!(lines.len() >= 20, "{}", lines.len());
    for line in lines {
        let start = line["start_tc"].as_str().unwrap();
        assert!(cuts.contains(&start), "{start} is not a cut: {edl}");
    }
    let csv = std::fs::read_to_string(out.join("sound/cues.csv")).unwrap();
    assert!(
        csv.starts_with("kind,scene,shot,name,text,start_tc,"),
        "{csv}"
    );
}

#[test]
fn plans_without_a_production_file() {
    let dir = tempdir();
    let stdout = run_ok(&[
        "plan",
        fixture(SCRIPT).to_str().unwrap(),
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert!(stdout.contains("7 scenes"), "{stdout}");
    let plan = json(&dir.path().join("plan.json"));
    // The defaults: 16:9 at 540 lines, and a distinct colour per character.
    assert_eq!(plan["resolution"], serde_json::json!([960, 540]));
    let colours: std::collections::BTreeSet<&str> = plan["scenes"][0]["pieces"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["role"] == "character")
        .map(|p| p["color"].as_str().unwrap())
        .collect();
    assert_eq!(colours.len(), 3, "{colours:?}");
}

#[test]
fn finish_writes_the_storyboard_and_manifest() {
    let dir = tempdir();
    let out = dir.path().join("out");
    plan_example(&out);
    let written = render_synthetic_frames(&out, &["2-3"]);
    // A shot not rendered stops the finish, and nothing is written.
    let stderr = run_err(&["plan", "--finish", out.to_str().unwrap()]);
    assert!(stderr.contains("are not all rendered (2-3)"), "{stderr}");
    assert!(!out.join("manifest.json").exists() && !out.join("storyboard.png").exists());
    // Unless a placeholder will do.
    let output = oneshot()
        .args(["plan", "--finish", out.to_str().unwrap(), "--allow-missing"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("warning: shot 2-3: no frame"), "{stderr}");

    let manifest = json(&out.join("manifest.json"));
    assert_eq!(manifest["storyboard"], "storyboard.png");
    assert_eq!(
        manifest["animatic"],
        serde_json::Value::Null,
        "no Blender, no cut"
    );
    let shots = manifest["shots"].as_array().unwrap();
    assert_eq!(shots.len(), written + 1);
    for shot in shots {
        let id = shot["id"].as_str().unwrap();
        assert_eq!(shot["frame"], format!("frames/{id}.png"));
        assert!(shot["scene"].as_u64().unwrap() >= 1);
        assert!(shot["duration_s"].as_f64().unwrap() > 0.0);
    }
    let (width, height) = png_size(&out.join("storyboard.png"));
    assert!(width >= 1000 && height >= 500, "{width}x{height}");
}

#[test]
fn finish_twice_gives_the_same_files() {
    let dir = tempdir();
    plan_example(dir.path());
    render_synthetic_frames(dir.path(), &[]);
    run_ok(&["plan", "--finish", dir.path().to_str().unwrap()]);
    let first = std::fs::read(dir.path().join("storyboard.png")).unwrap();
    run_ok(&["plan", "--finish", dir.path().to_str().unwrap()]);
    assert_eq!(
        std::fs::read(dir.path().join("storyboard.png")).unwrap(),
        first
    );
}

#[test]
fn bad_input_warns_and_still_plans() {
    let dir = tempdir();
    // No scene headings, an unknown time of day, a production naming someone absent.
    let script = dir.path().join("odd.fountain");
    std::fs::write(
        &script,
        "BOB\nAre we rolling?\n\nINT. KITCHEN - FLASHBACK\n\nALICE\nWe are.\n",
    )
    .unwrap();
    let production = dir.path().join("odd.toml");
    std::fs::write(
        &production,
        "title = \"Odd\"\n[[characters]]\nname = \"MARIAN\"\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let output = oneshot()
        .args([
            "plan",
            script.to_str().unwrap(),
            "--production",
            production.to_str().unwrap(),
        ])
        .args(["-o", out.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("MARIAN, who is not in the script"),
        "{stderr}"
    );
    assert!(
        stderr.contains("unknown time of day `FLASHBACK`"),
        "{stderr}"
    );
    assert!(non_empty(&out.join("plan.json")));
}

#[test]
fn errors_name_the_file() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let missing = dir.path().join("missing.fountain");
    let stderr = run_err(&[
        "plan",
        missing.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(stderr.contains("missing.fountain"), "{stderr}");

    // The production file as `toml`, planned: the error, with nothing written.
    let bad_toml = dir.path().join("bad.toml");
    let planned_with = |toml: &str| {
        std::fs::write(&bad_toml, toml).unwrap();
        let stderr = run_err(&[
            "plan",
            fixture(SCRIPT).to_str().unwrap(),
            "--production",
            bad_toml.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(!out.exists(), "nothing is written when the input is bad");
        stderr
    };
    let stderr = planned_with("title = \"x\"\nfps = \"fast\"\n");
    assert!(stderr.contains("bad.toml:2"), "{stderr}");

    // A grade there is none of: the production file and the field are named.
    let stderr = planned_with("title = \"x\"\ncolor_grade = \"nope\"\n");
    assert!(
        stderr.contains("bad.toml: production `color_grade`: unknown grade `nope`"),
        "{stderr}"
    );

    // A production file that never ends is refused past its limit.
    let stderr = run_err(&[
        "plan",
        fixture(SCRIPT).to_str().unwrap(),
        "--production",
        "/dev/zero",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(
        stderr.contains("/dev/zero") && stderr.contains("too large"),
        "{stderr}"
    );
    assert!(!out.exists());

    let stderr = run_err(&["plan", "--finish", dir.path().to_str().unwrap()]);
    assert!(stderr.contains("plan.json"), "{stderr}");

    let stderr = run_err(&["plan"]);
    assert!(
        stderr.contains("SCRIPT") || stderr.contains("required"),
        "{stderr}"
    );
}

#[test]
fn help_documents_both_modes() {
    let help = run_ok(&["plan", "--help"]);
    for needle in [
        "--production",
        "--finish",
        "storyboard.png",
        "manifest.json",
        "frames/<shot id>.png",
    ] {
        assert!(help.contains(needle), "{needle} missing from help");
    }
}
