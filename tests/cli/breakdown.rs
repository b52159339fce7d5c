//! `oneshot breakdown` end to end: formats, atomic output, bad input, the corpus.

use std::path::PathBuf;
use std::process::Command;

use crate::util::{corpus, fixture, non_empty, oneshot, run_err, run_ok, tempdir};

const LIGHTHOUSE: &str = "core/script/tests/fixtures/lighthouse.fountain";

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&run_ok(args)).expect("breakdown prints JSON")
}

#[test]
fn json_has_the_documented_schema() {
    let file = fixture(LIGHTHOUSE);
    let v = json(&["breakdown", file.to_str().unwrap()]);
    assert_eq!(v["title"], "The Lighthouse Keeper");
    let scene = &v["scenes"][1];
    for key in [
        "number",
        "heading",
        "int_ext",
        "location",
        "time_of_day",
        "scene_number",
        "eighths",
        "story_day",
        "speaking",
        "mentioned",
        "elements",
        "lines",
        "action",
        "estimated_seconds",
    ] {
        assert!(scene.get(key).is_some(), "scene has `{key}`");
    }
    assert_eq!(scene["int_ext"], "INT");
    assert_eq!(scene["location"], "LIGHTHOUSE - LAMP ROOM");
    assert_eq!(scene["time_of_day"], "NIGHT");
    assert_eq!(scene["scene_number"], "2");
    assert_eq!(scene["speaking"], serde_json::json!(["MARGARET", "TOM"]));
    assert_eq!(v["scenes"][3]["int_ext"], serde_json::Value::Null);
    assert_eq!(v["scenes"][4]["story_day"], 2);
    let margaret = &v["characters"][0];
    assert_eq!(margaret["name"], "MARGARET");
    assert_eq!(margaret["speeches"], 3);
    assert_eq!(margaret["scenes"], serde_json::json!([1, 2, 3]));
    assert!(margaret["words"].as_u64().unwrap() > 10);
}

#[test]
fn final_draft_reads_like_fountain() {
    let file = fixture("core/script/tests/fixtures/lighthouse.fdx");
    let v = json(&["breakdown", file.to_str().unwrap()]);
    assert_eq!(v["title"], "The Lighthouse Keeper");
    assert_eq!(
        v["scenes"][1]["speaking"],
        serde_json::json!(["MARGARET", "TOM"])
    );
    assert_eq!(v["scenes"][1]["lines"][1]["dual"], true);
}

#[test]
fn html_and_csv_are_written_atomically_to_the_output() {
    let dir = tempdir();
    let file = fixture(LIGHTHOUSE);
    for (format, marker) in [
        ("html", "<!DOCTYPE html>"),
        ("csv", "number,scene_number,heading"),
    ] {
        let out = dir.path().join(format!("breakdown.{format}"));
        run_ok(&[
            "breakdown",
            file.to_str().unwrap(),
            "--format",
            format,
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(non_empty(&out));
        assert!(std::fs::read_to_string(&out).unwrap().starts_with(marker));
        // A report to share, not a temporary: the permissions of any new file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |path: &std::path::Path| {
                std::fs::metadata(path).unwrap().permissions().mode() & 0o777
            };
            let elsewhere = tempdir();
            let plain = elsewhere.path().join("plain");
            std::fs::write(&plain, "").unwrap();
            assert_eq!(mode(&out), mode(&plain));
        }
    }
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "no temporary files left behind: {names:?}");
}

#[test]
fn bad_input_names_the_file_and_line_and_writes_nothing() {
    let dir = tempdir();
    let junk = dir.path().join("junk.fountain");
    std::fs::write(&junk, [0x89, b'P', b'N', b'G', 0, 1, 2, 3, 0xff, 0xfe]).unwrap();
    let cases = [
        (junk.clone(), "junk.fountain:1: this is not a text file"),
        (
            fixture("core/script/tests/fixtures/unterminated-boneyard.fountain"),
            "unterminated-boneyard.fountain:7: boneyard",
        ),
        (
            fixture("core/script/tests/fixtures/unterminated-note.fountain"),
            "unterminated-note.fountain:4: note",
        ),
        (
            fixture("core/script/tests/fixtures/not-xml.fdx"),
            "not-xml.fdx:1: not a Final Draft file",
        ),
        (dir.path().join("missing.fountain"), "missing.fountain"),
        // A device that never ends is refused past the limit, not read for ever.
        (
            PathBuf::from("/dev/zero"),
            "/dev/zero: more than 268435456 bytes, too large for a screenplay",
        ),
    ];
    for (file, message) in cases {
        let out = dir.path().join("out.json");
        let stderr = run_err(&[
            "breakdown",
            file.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(stderr.contains(message), "{stderr}");
        assert!(!out.exists(), "nothing written for {}", file.display());
    }
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "50 MB takes long in a debug build; `make test` runs it in release"
)]
fn a_fifty_megabyte_script_is_handled() {
    let dir = tempdir();
    let big = dir.path().join("big.fountain");
    let scene = "INT. ROOM - DAY\n\nA long and winding action line that goes on for a while.\n\nBOB\nSomething to say about it all.\n\n";
    let copies = 50 * 1024 * 1024 / scene.len() + 1;
    std::fs::write(&big, scene.repeat(copies)).unwrap();
    let out = dir.path().join("big.csv");
    run_ok(&[
        "breakdown",
        big.to_str().unwrap(),
        "--format",
        "csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    let rows = std::fs::read_to_string(&out).unwrap().lines().count();
    assert_eq!(rows, copies + 1);
}

#[test]
fn every_corpus_script_breaks_down() {
    let Some(dir) = corpus("fountain") else {
        return;
    };
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "fountain") {
            let v = json(&["breakdown", path.to_str().unwrap()]);
            assert!(
                !v["scenes"].as_array().unwrap().is_empty(),
                "{}",
                path.display()
            );
        }
    }
}

#[test]
fn the_breakdown_is_never_written_over_its_screenplay() {
    let dir = tempdir();
    let script = dir.path().join("x.fountain");
    std::fs::copy(fixture("examples/alley-kings.fountain"), &script).unwrap();
    let before = std::fs::read(&script).unwrap();
    let err = run_err(&[
        "breakdown",
        script.to_str().unwrap(),
        "-o",
        script.to_str().unwrap(),
    ]);
    assert!(err.contains("is also the screenplay"), "{err}");
    assert_eq!(std::fs::read(&script).unwrap(), before);
}

#[test]
fn an_output_that_is_a_pipe_or_a_link_is_written_through_not_replaced() {
    let dir = tempdir();
    let script = fixture("examples/alley-kings.fountain");
    let fifo = dir.path().join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = std::thread::spawn({
        let fifo = fifo.clone();
        move || std::fs::read(fifo).unwrap()
    });
    run_ok(&[
        "breakdown",
        script.to_str().unwrap(),
        "-o",
        fifo.to_str().unwrap(),
    ]);
    let through: serde_json::Value = serde_json::from_slice(&reader.join().unwrap()).unwrap();
    assert_eq!(through["title"], "ALLEY KINGS");
    assert!(!fifo.metadata().unwrap().is_file(), "still a pipe");
    let link = dir.path().join("latest.json");
    std::os::unix::fs::symlink("breakdown.json", &link).unwrap();
    run_ok(&[
        "breakdown",
        script.to_str().unwrap(),
        "-o",
        link.to_str().unwrap(),
    ]);
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    assert!(non_empty(&dir.path().join("breakdown.json")));
    // `-o /dev/stdout >> log`: appended to the log, which is not replaced.
    let log = dir.path().join("log.txt");
    std::fs::write(&log, "previous log\n").unwrap();
    let appending = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    let status = oneshot()
        .args(["breakdown", script.to_str().unwrap(), "-o", "/dev/stdout"])
        .stdout(appending)
        .status()
        .unwrap();
    assert!(status.success());
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(logged.starts_with("previous log\n{"), "{logged}");
}

#[test]
fn a_reader_that_goes_away_ends_nothing_badly() {
    // `oneshot retro --list | true`: the pipe is closed before anything is printed.
    let mut child = oneshot()
        .args(["retro", "--list"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A full disk under its output is an error, said plainly.
    let full = std::fs::File::create("/dev/full").unwrap();
    let out = oneshot()
        .args(["fx", "--list"])
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("cannot write to stdout"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
