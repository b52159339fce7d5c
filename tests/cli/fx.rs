//! `oneshot fx` end to end: a folder of frames as one shot, the breakdown's words,
//! and bad input (a clear message, non-zero exit, nothing written for it).

use oneshot_retro::Image;
use oneshot_retro::io::{load_image, save_png};

use crate::util::{corpus, run_err, run_ok, tempdir};

/// A dark blue frame, alpha 180.
fn frame() -> Image {
    Image::new(96, 54, [20, 24, 40, 180].repeat(96 * 54)).unwrap()
}

fn s(path: &std::path::Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn a_folder_is_one_shot_whose_rain_falls_from_frame_to_frame() {
    let dir = tempdir();
    let frames = dir.path().join("frames");
    std::fs::create_dir(&frames).unwrap();
    for name in ["0001.png", "0002.png", "0003.png"] {
        save_png(&frame(), &frames.join(name)).unwrap();
    }
    let wet = dir.path().join("wet");
    let said = run_ok(&[
        "fx",
        s(&frames),
        "-o",
        s(&wet),
        "--effects",
        "rain, wind",
        "--seed",
        "5",
    ]);
    assert_eq!(
        said,
        format!("fx rain, wind: 3 frames -> {}\n", wet.display())
    );
    let outputs: Vec<Image> = ["0001.png", "0002.png", "0003.png"]
        .iter()
        .map(|name| load_image(&wet.join(name)).unwrap())
        .collect();
    assert!(outputs.iter().all(|out| out.rgba != frame().rgba));
    assert!(outputs[0].rgba != outputs[1].rgba && outputs[1].rgba != outputs[2].rgba);
    assert!(
        outputs
            .iter()
            .all(|out| out.rgba.chunks(4).all(|px| px[3] == 180))
    );

    // The same run again gives the same frames; another seed other drops.
    let again = dir.path().join("again");
    run_ok(&[
        "fx",
        s(&frames),
        "-o",
        s(&again),
        "--effects",
        "rain, wind",
        "--seed",
        "5",
    ]);
    assert_eq!(load_image(&again.join("0002.png")).unwrap(), outputs[1]);
    let other = dir.path().join("other.png");
    let input = frames.join("0001.png");
    run_ok(&[
        "fx",
        s(&input),
        "-o",
        s(&other),
        "--effects",
        "rain, wind",
        "--seed",
        "6",
    ]);
    assert!(load_image(&other).unwrap().rgba != outputs[0].rgba);
}

#[test]
fn the_words_are_the_breakdowns_and_bad_ones_are_refused() {
    let listed = run_ok(&["fx", "--list"]);
    for word in ["rain", "storm", "fog", "flames", "explosion", "wind"] {
        assert!(listed.lines().any(|line| line == word), "{listed}");
    }
    let dir = tempdir();
    let input = dir.path().join("in.png");
    save_png(&frame(), &input).unwrap();
    let output = dir.path().join("out.png");
    let refused = |extra: &[&str]| {
        let mut args = vec!["fx", s(&input), "-o", s(&output), "--effects"];
        args.extend(extra);
        run_err(&args)
    };
    let err = refused(&["rain, tornado"]);
    assert!(err.contains("no effect in `tornado`"), "{err}");
    let err = refused(&[" , "]);
    assert!(err.contains("--effects names no effect"), "{err}");
    let err = refused(&["snow", "--interior"]);
    assert!(
        err.contains("nothing to composite: rain and snow do not fall in an --interior"),
        "{err}"
    );
    let err = refused(&["storm, fog", "--strength", "0"]);
    assert!(
        err.contains("nothing to composite: --strength 0 composites none"),
        "{err}"
    );
    let err = refused(&["wind"]);
    assert!(
        err.contains("wind blows only what falls or drifts"),
        "{err}"
    );
    let err = refused(&["fog", "--fps", "0"]);
    assert!(err.contains("--fps"), "{err}");
    assert!(!output.exists());

    // Inside, a storm's lightning still comes through the window.
    run_ok(&[
        "fx",
        s(&input),
        "-o",
        s(&output),
        "--effects",
        "storm",
        "--interior",
    ]);
    assert!(output.exists());
}

#[test]
fn a_corrupt_frame_is_named_and_nothing_is_written() {
    let dir = tempdir();
    let frames = dir.path().join("frames");
    std::fs::create_dir(&frames).unwrap();
    save_png(&frame(), &frames.join("a.png")).unwrap();
    std::fs::write(frames.join("b.png"), b"\x89PNG\r\n\x1a\nnot really").unwrap();
    let out = dir.path().join("out");
    let err = run_err(&["fx", s(&frames), "-o", s(&out), "--effects", "smoke"]);
    assert!(
        err.contains("b.png") && err.contains("1 of 2 inputs failed"),
        "{err}"
    );
    // The folder is all of one run or none of it.
    assert!(!out.join("a.png").exists() && !out.join("b.png").exists());
}

#[test]
fn the_corpus_photos_take_every_effect_at_their_own_size() {
    let Some(images) = corpus("images") else {
        return;
    };
    let photo = images.join("macaws.png");
    let original = load_image(&photo).unwrap();
    let dir = tempdir();
    let out = dir.path().join("out.png");
    for effects in ["storm, fog", "snow, wind", "smoke, flames", "sparks"] {
        run_ok(&["fx", s(&photo), "-o", s(&out), "--effects", effects]);
        let composited = load_image(&out).unwrap();
        assert_eq!(
            (composited.width, composited.height),
            (original.width, original.height)
        );
        assert!(composited.rgba != original.rgba, "{effects}");
    }
}
