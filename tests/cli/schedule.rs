//! `oneshot schedule` end to end.

use crate::util::{fixture, non_empty, repo, run_err, run_ok, tempdir};

fn instance(relative: &str) -> String {
    repo()
        .join("core/schedule/tests/data")
        .join(relative)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn talent_instance_prints_the_proven_optimum_as_json() {
    let out = run_ok(&["schedule", "--talent", &instance("stuckey_format/film-12")]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["cost"], 401);
    assert_eq!(json["optimal"], true);
    assert_eq!(json["lower_bound"], 401);
    assert_eq!(json["order"].as_array().unwrap().len(), 12);
    assert!(json["seconds"].as_f64().unwrap() >= 0.0);
}

#[test]
fn talent_instance_reads_dzn_and_prints_text() {
    let out = run_ok(&[
        "schedule",
        "--talent",
        &instance("minizinc/tiny.dzn"),
        "--format",
        "text",
    ]);
    assert!(out.contains("cost 29 (optimal"), "{out}");
}

#[test]
fn talent_refuses_what_only_a_screenplay_uses() {
    let film = instance("stuckey_format/film-12");
    for extra in [["--production", "movie.toml"], ["-o", "out"]] {
        let err = run_err(&["schedule", "--talent", &film, extra[0], extra[1]]);
        assert!(err.contains("cannot be used with"), "{err}");
    }
    let err = run_err(&["schedule", "script.fountain", "--format", "text"]);
    assert!(err.contains("--talent"), "{err}");
}

#[test]
fn malformed_instances_fail_with_file_and_line() {
    let dir = tempdir();
    let bad = dir.path().join("bad");
    std::fs::write(&bad, "bad\n2\n1\n1 1\n1 1\n").unwrap();
    let err = run_err(&["schedule", "--talent", bad.to_str().unwrap()]);
    assert!(
        err.contains("bad:4: actor 1: expected 2 scene values and a cost"),
        "{err}"
    );
}

const SCRIPT: &str = "Title: Alley Kings

EXT. ALLEY - NIGHT

BILLY waits.

BILLY
Where is she?

INT. DINER - DAY

ROSA
Coffee?

SAL
Black.

EXT. ALLEY - NIGHT

ROSA
Found you.

BILLY
Finally.
";

/// Runs `oneshot schedule` on [`SCRIPT`] with a production file of `production`
/// into `DIR/out`; answers the folder and what the run printed.
fn schedule_the_alley(production: &str) -> (tempfile::TempDir, std::process::Output) {
    let dir = tempdir();
    let script = dir.path().join("alley.fountain");
    std::fs::write(&script, SCRIPT).unwrap();
    let file = dir.path().join("production.toml");
    std::fs::write(&file, production).unwrap();
    let out = crate::util::run(&[
        "schedule",
        script.to_str().unwrap(),
        "--production",
        file.to_str().unwrap(),
        "-o",
        dir.path().join("out").to_str().unwrap(),
    ]);
    (dir, out)
}

#[test]
fn a_day_that_runs_past_the_next_ones_call_says_before_not_minus() {
    let dir = tempdir();
    let production = dir.path().join("one-eighth.toml");
    let one_eighth =
        "title = \"Alley Kings\"\n[schedule]\neighths_per_day = 1\nsearch_seconds = 0.2\n";
    std::fs::write(&production, one_eighth).unwrap();
    let out = crate::util::run(&[
        "schedule",
        crate::util::fixture("examples/alley-kings.fountain")
            .to_str()
            .unwrap(),
        "--production",
        production.to_str().unwrap(),
        "-o",
        dir.path().join("out").to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let rests: Vec<&str> = stderr.lines().filter(|l| l.contains("'s wrap")).collect();
    assert!(rests.iter().all(|l| !l.contains(" -")), "{stderr}");
    assert!(
        rests.iter().any(|l| l.contains(" h before day ")),
        "{stderr}"
    );
}

#[test]
fn a_look_there_is_none_of_is_refused_as_the_plan_refuses_it() {
    let (dir, out) = schedule_the_alley("title = \"Alley Kings\"\ncolor_grade = \"nope\"\n");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("production.toml: production `color_grade`: unknown grade `nope`"),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists(), "nothing written");
}

#[test]
fn what_the_production_file_names_and_the_script_lacks_is_warned_of() {
    let (dir, out) = schedule_the_alley(
        "title = \"Alley Kings\"\n[schedule]\nsearch_seconds = 0.2\n\
         [[characters]]\nname = \"ZORRO\"\n[[characters]]\nname = \"Billy\"\n\
         [[locations]]\nname = \"Moon\"\nsets = [\"MOON BASE\"]\n\
         [[locations]]\nname = \"Yard A\"\nsets = [\"ALLEY\"]\n\
         [[locations]]\nname = \"Yard B\"\nsets = [\"alley\"]\n",
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let warned: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warned.len(), 5, "{stderr}");
    assert!(warned[0].ends_with("names ZORRO, who is not in the script"));
    assert!(warned[1].ends_with("location Moon matches no scene"));
    assert!(warned[2].ends_with(
        "the set ALLEY is claimed by locations Yard A and Yard B: it is shot at Yard A"
    ));
    // And the other way round: a set that has no place yet.
    assert!(warned[3].contains("1 set has no [[locations]] entry"));
    assert!(warned[3].ends_with("(DINER)"));
    // A place the unit goes to without a hospital for its medic.
    assert!(
        warned[4].ends_with("no nearest_hospital for Yard A: their call sheets say \"not given\"")
    );
    let sheets = std::fs::read_dir(dir.path().join("out/callsheets")).unwrap();
    let diner = sheets
        .map(|sheet| std::fs::read_to_string(sheet.unwrap().path()).unwrap())
        .find(|sheet| sheet.contains("<td>DINER</td>"))
        .expect("a day at the diner");
    assert!(
        diner.contains("<td>DINER</td><td><i>To be found</i></td>"),
        "{diner}"
    );
}

#[test]
fn a_screenplay_gets_every_document() {
    let (dir, out) = schedule_the_alley(
        "title = \"Alley Kings\"\n[schedule]\nsearch_seconds = 0.2\nstart_date = \"2026-03-02\"\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out_dir = dir.path().join("out");
    for file in [
        "schedule.json",
        "schedule.html",
        "stripboard.html",
        "stripboard.csv",
        "dood.html",
        "dood.csv",
        "budget.html",
        "budget.csv",
        "locations.html",
        "locations.json",
        "permits.csv",
        "callsheets/day-01.html",
    ] {
        assert!(non_empty(&out_dir.join(file)), "{file} missing");
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("schedule.json")).unwrap())
            .unwrap();
    let scenes: usize = json["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["strips"].as_array().unwrap().len())
        .sum();
    assert_eq!(scenes, 3);
}

#[test]
fn the_examples_call_sheets_dress_the_cast_and_brief_the_departments() {
    let dir = tempdir();
    let out_dir = dir.path().join("out");
    run_ok(&[
        "schedule",
        fixture("examples/alley-kings.fountain").to_str().unwrap(),
        "--production",
        fixture("examples/alley-kings.toml").to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    let sheet = std::fs::read_to_string(out_dir.join("callsheets/day-01.html")).unwrap();
    for expected in [
        "<th>Wardrobe</th>",
        "<h2>Departments</h2>",
        "<td>Props</td>",
        "<th>Notes</th>",
        "power on site",
        "<h2>Advance schedule: day 2 &middot; Tuesday 2026-12-08</h2>",
    ] {
        assert!(sheet.contains(expected), "day 1 lacks {expected}:\n{sheet}");
    }
    // The location packet: every place with its sun, permits and company moves.
    let packet: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("locations.json")).unwrap())
            .unwrap();
    let foundry = packet["locations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "Old foundry")
        .unwrap();
    let permits: Vec<&str> = foundry["permits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["permit"].as_str().unwrap())
        .collect();
    assert!(
        permits.contains(&"Night work") && permits.contains(&"Stunts"),
        "{permits:?}"
    );
    assert!(foundry["days"][0]["sun"]["dusk"].is_string(), "{foundry}");
    assert!(packet["moves"][0]["drive_minutes"].is_u64(), "{packet}");
    let permits_csv = std::fs::read_to_string(out_dir.join("permits.csv")).unwrap();
    assert!(
        permits_csv.starts_with("location,permit,from,scenes,days\r\n"),
        "{permits_csv}"
    );
    assert!(sheet.contains("<b>Company move</b> from "), "{sheet}");

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("schedule.json")).unwrap())
            .unwrap();
    let first = &json["days"][0]["strips"][0];
    assert!(
        first["elements"].is_object(),
        "strips carry their elements: {first}"
    );
}

#[test]
fn with_its_plan_each_call_sheet_orders_the_days_grip_and_electric() {
    let dir = tempdir();
    let planned = dir.path().join("planned");
    let script = fixture("examples/alley-kings.fountain");
    let production = fixture("examples/alley-kings.toml");
    let (script, production) = (script.to_str().unwrap(), production.to_str().unwrap());
    run_ok(&[
        "plan",
        script,
        "--production",
        production,
        "-o",
        planned.to_str().unwrap(),
    ]);
    let plan = planned.join("plan.json");
    let out_dir = dir.path().join("schedule");
    let out = out_dir.to_str().unwrap();
    run_ok(&[
        "schedule",
        script,
        "--production",
        production,
        "--plan",
        plan.to_str().unwrap(),
        "-o",
        out,
    ]);
    let sheets: Vec<String> = std::fs::read_dir(out_dir.join("callsheets"))
        .unwrap()
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .collect();
    for sheet in &sheets {
        assert!(
            sheet.contains("<td>Grip</td>") && sheet.contains("tripod ("),
            "{sheet}"
        );
    }
    // Night exteriors are lit from a condor and run on a generator.
    assert!(
        sheets
            .iter()
            .any(|sheet| sheet.contains("18K HMI on a condor"))
    );
    assert!(sheets.iter().any(|sheet| sheet.contains("generator (")));

    // A file that is not a plan is refused by name, and nothing is written.
    let not_a_plan = dir.path().join("notes.json");
    std::fs::write(&not_a_plan, "{\"title\": 3}").unwrap();
    let elsewhere = dir.path().join("elsewhere");
    let err = run_err(&[
        "schedule",
        script,
        "--plan",
        not_a_plan.to_str().unwrap(),
        "-o",
        elsewhere.to_str().unwrap(),
    ]);
    assert!(err.contains("notes.json is not a production plan"), "{err}");
    assert!(!elsewhere.exists());
}

#[test]
fn an_impossible_schedule_says_who() {
    let (_dir, out) = schedule_the_alley(
        "title = \"Alley Kings\"\n[schedule]\nshoot_days = 2\n[[characters]]\nname = \"ROSA\"\nunavailable_days = [1, 2]\n",
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ROSA (scene 2) is unavailable on every one of the 2 shoot days"),
        "{err}"
    );
}

#[test]
fn big_fish_from_the_corpus_is_scheduled() {
    let Some(fountain) = crate::util::corpus("fountain/big-fish.fountain") else {
        return;
    };
    let dir = tempdir();
    let production = dir.path().join("production.toml");
    std::fs::write(
        &production,
        "title = \"Big Fish\"\n[schedule]\nsearch_seconds = 1\n",
    )
    .unwrap();
    let out = run_ok(&[
        "schedule",
        fountain.to_str().unwrap(),
        "--production",
        production.to_str().unwrap(),
        "-o",
        dir.path().join("out").to_str().unwrap(),
    ]);
    assert!(out.contains("shoot days"), "{out}");
}
