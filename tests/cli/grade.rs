//! `oneshot grade` end to end: presets, folders, grade files, LUT export and import,
//! and bad input (clear message naming the file, non-zero exit, no output).

use std::path::Path;

use oneshot_retro::Image;
use oneshot_retro::io::{load_image, save_png};

use crate::util::{run_err, run_ok, tempdir};

/// A colour gradient over every lightness, half transparent on the right half.
fn frame(width: u32, height: u32) -> Image {
    let mut rgba = Vec::with_capacity((width * height * 4) as usize);
    for y in 0..height {
        for x in 0..width {
            let alpha = if x < width / 2 { 255 } else { 100 };
            rgba.extend_from_slice(&[
                (x * 255 / width) as u8,
                (y * 255 / height) as u8,
                128,
                alpha,
            ]);
        }
    }
    Image::new(width, height, rgba).unwrap()
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn noir_turns_a_frame_monochrome_and_keeps_alpha() {
    let dir = tempdir();
    let input = dir.path().join("in.png");
    let source = frame(64, 48);
    save_png(&source, &input).unwrap();
    // The output's folder is made when missing, as `plan` makes its own.
    let output = dir.path().join("graded/noir/out.png");
    let said = run_ok(&["grade", s(&input), "-o", s(&output), "--grade", "noir"]);
    assert_eq!(
        said,
        format!("grade noir: 1 frame -> {}\n", output.display())
    );
    let out = load_image(&output).unwrap();
    assert_eq!((out.width, out.height), (64, 48));
    for (graded, original) in out.rgba.chunks_exact(4).zip(source.rgba.chunks_exact(4)) {
        assert!(graded[0] == graded[1] && graded[1] == graded[2]);
        assert_eq!(graded[3], original[3]);
    }
}

#[test]
fn a_folder_graded_with_neutral_is_unchanged_and_a_baked_lut_matches() {
    let dir = tempdir();
    let frames = dir.path().join("frames");
    std::fs::create_dir(&frames).unwrap();
    for name in ["a.png", "b.png"] {
        save_png(&frame(32, 32), &frames.join(name)).unwrap();
    }
    let neutral = dir.path().join("neutral");
    run_ok(&["grade", s(&frames), "-o", s(&neutral), "--grade", "neutral"]);
    for name in ["a.png", "b.png"] {
        assert_eq!(load_image(&neutral.join(name)).unwrap(), frame(32, 32));
    }

    let cube = dir.path().join("teal.cube");
    let direct = dir.path().join("direct");
    run_ok(&[
        "grade",
        s(&frames),
        "-o",
        s(&direct),
        "--grade",
        "teal-orange",
        "--export-cube",
        s(&cube),
    ]);
    let text = std::fs::read_to_string(&cube).unwrap();
    assert!(text.contains("TITLE \"teal-orange\"") && text.contains("LUT_3D_SIZE 33"));
    // The format says nothing of what its values are: the header does.
    assert!(text.contains("# Input and output: sRGB display values (not linear)\n"));
    let via_lut = dir.path().join("lut");
    run_ok(&["grade", s(&frames), "-o", s(&via_lut), "--grade", s(&cube)]);
    let (a, b) = (
        load_image(&direct.join("a.png")).unwrap(),
        load_image(&via_lut.join("a.png")).unwrap(),
    );
    assert_ne!(a, frame(32, 32));
    let differences: Vec<u8> = a
        .rgba
        .iter()
        .zip(&b.rgba)
        .map(|(x, y)| x.abs_diff(*y))
        .collect();
    let mean = differences.iter().map(|&d| d as f64).sum::<f64>() / differences.len() as f64;
    let worst = differences.iter().max().copied();
    assert!(
        mean < 1.0 && worst <= Some(8),
        "LUT differs by {mean} on average, {worst:?} at worst"
    );
}

#[test]
fn a_1d_lut_grades_each_channel_on_its_own_curve() {
    let dir = tempdir();
    let (input, output) = (dir.path().join("in.png"), dir.path().join("out.png"));
    let source = frame(32, 16);
    save_png(&source, &input).unwrap();
    // Red inverted, green untouched, blue halved.
    let lut = dir.path().join("curves.cube");
    std::fs::write(&lut, "TITLE \"curves\"\nLUT_1D_SIZE 2\n1 0 0\n0 1 0.5\n").unwrap();
    run_ok(&["grade", s(&input), "-o", s(&output), "--grade", s(&lut)]);
    let out = load_image(&output).unwrap();
    assert_eq!((out.width, out.height), (32, 16));
    for (graded, original) in out.rgba.chunks_exact(4).zip(source.rgba.chunks_exact(4)) {
        assert_eq!(graded[0], 255 - original[0]);
        assert_eq!(graded[1], original[1]);
        assert!(graded[2].abs_diff(original[2] / 2) <= 1, "{graded:?}");
        assert_eq!(graded[3], original[3]);
    }

    std::fs::write(&lut, "LUT_1D_SIZE 3\n0 0 0\n1 1 1\n").unwrap();
    let err = run_err(&["grade", s(&input), "-o", s(&output), "--grade", s(&lut)]);
    assert!(
        err.contains("curves.cube:1: LUT_1D_SIZE 3 needs 3 entries, found 2"),
        "{err}"
    );
}

#[test]
fn a_grade_file_and_export_without_inputs() {
    let dir = tempdir();
    let grade = dir.path().join("dark.toml");
    std::fs::write(&grade, "description = \"one stop under\"\nexposure = -1\n").unwrap();
    let cube = dir.path().join("dark.cube");
    run_ok(&[
        "grade",
        "--grade",
        s(&grade),
        "--export-cube",
        s(&cube),
        "--cube-size",
        "17",
    ]);
    let text = std::fs::read_to_string(&cube).unwrap();
    assert!(text.contains("TITLE \"dark\"") && text.contains("LUT_3D_SIZE 17"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    let listing = run_ok(&["grade", "--list"]);
    for name in [
        "neutral",
        "teal-orange",
        "noir",
        "bleach-bypass",
        "day-for-night",
    ] {
        assert!(listing.contains(name), "{listing}");
    }
}

#[test]
fn bad_input_names_itself_and_writes_nothing() {
    let dir = tempdir();
    let frames = dir.path().join("frames");
    std::fs::create_dir(&frames).unwrap();
    save_png(&frame(8, 8), &frames.join("good.png")).unwrap();
    let out = dir.path().join("out");
    run_ok(&["grade", s(&frames), "-o", s(&out), "--grade", "cool"]);
    let graded = std::fs::read(out.join("good.png")).unwrap();
    std::fs::write(frames.join("bad.png"), b"\x89PNG\r\n\x1a\ntruncated").unwrap();
    let err = run_err(&["grade", s(&frames), "-o", s(&out), "--grade", "warm"]);
    assert!(
        err.contains("bad.png") && err.contains("1 of 2 inputs failed: nothing written"),
        "{err}"
    );
    // The folder keeps its earlier grade whole: none of it is graded anew.
    let written: Vec<_> = std::fs::read_dir(&out).unwrap().flatten().collect();
    assert_eq!(written.len(), 1, "good.png as it was, no temporary files");
    assert_eq!(std::fs::read(out.join("good.png")).unwrap(), graded);
    // Nor is the LUT of the run that failed written.
    let cube = dir.path().join("warm.cube");
    let err = run_err(&[
        "grade",
        s(&frames),
        "-o",
        s(&out),
        "--grade",
        "warm",
        "--export-cube",
        s(&cube),
    ]);
    assert!(err.contains("nothing written") && !cube.exists(), "{err}");

    let err = run_err(&["grade", s(&frames), "-o", s(&out), "--grade", "sepia-dream"]);
    assert!(
        err.contains("unknown grade `sepia-dream`") && err.contains("noir"),
        "{err}"
    );

    let grade = dir.path().join("broken.toml");
    std::fs::write(&grade, "contrast = 1.2\nsaturaton = 0\n").unwrap();
    let err = run_err(&["grade", s(&frames), "-o", s(&out), "--grade", s(&grade)]);
    assert!(err.contains("broken.toml:2:"), "{err}");

    let lut = dir.path().join("broken.cube");
    std::fs::write(&lut, "LUT_3D_SIZE 2\n0 0 0\n1 0 zero\n").unwrap();
    let err = run_err(&["grade", s(&frames), "-o", s(&out), "--grade", s(&lut)]);
    assert!(err.contains("broken.cube:3:"), "{err}");

    let cube = dir.path().join("big.cube");
    let err = run_err(&[
        "grade",
        "--grade",
        "noir",
        "--export-cube",
        s(&cube),
        "--cube-size",
        "1",
    ]);
    assert!(err.contains("LUT size 1"), "{err}");
    assert!(!cube.exists());
}

#[test]
fn a_baked_lut_is_never_written_over_a_frame() {
    let dir = tempdir();
    let input = dir.path().join("a.png");
    save_png(&frame(8, 8), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let out = dir.path().join("graded.png");
    for cube in [&input, &out] {
        let err = run_err(&[
            "grade",
            s(&input),
            "-o",
            s(&out),
            "--grade",
            "noir",
            "--export-cube",
            s(cube),
        ]);
        assert!(err.contains("is also"), "{err}");
    }
    // A file of another kind is not written over with a PNG.
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, b"keep").unwrap();
    run_err(&["grade", s(&input), "-o", s(&notes), "--grade", "noir"]);
    assert_eq!(std::fs::read(&notes).unwrap(), b"keep");
    // Also by a way round through a folder not made yet.
    let round = dir.path().join("new/../a.png");
    for output in [&input, &round] {
        let err = run_err(&["grade", s(&input), "-o", s(output), "--grade", "noir"]);
        assert!(err.contains("is also an input"), "{err}");
    }
    assert_eq!(std::fs::read(&input).unwrap(), before);
    assert!(!out.exists());
    let missing = dir.path().join("missing.png");
    let err = run_err(&["grade", s(&missing), "-o", s(&out), "--grade", "noir"]);
    assert_eq!(err.matches("No such file").count(), 1, "said once: {err}");
}

#[test]
fn ctrl_c_leaves_no_unfinished_file() {
    let dir = tempdir();
    let cube = dir.path().join("big.cube");
    let mut child = crate::util::oneshot()
        .args([
            "grade",
            "--grade",
            "noir",
            "--cube-size",
            "256",
            "--export-cube",
            s(&cube),
        ])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
    // 130 is the handler's exit (128 + SIGINT): it ran, and removed what was unfinished.
    assert_eq!(status.code(), Some(130), "{status}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_baked_lut_is_never_written_over_its_source_nor_as_another_kind_of_file() {
    let dir = tempdir();
    let cube = dir.path().join("look.cube");
    run_ok(&["grade", "--grade", "noir", "--export-cube", s(&cube)]);
    let before = std::fs::read(&cube).unwrap();
    let err = run_err(&["grade", "--grade", s(&cube), "--export-cube", s(&cube)]);
    assert!(err.contains("is also the grade it bakes"), "{err}");
    assert_eq!(std::fs::read(&cube).unwrap(), before);
    let toml = dir.path().join("look.toml");
    let err = run_err(&["grade", "--grade", "noir", "--export-cube", s(&toml)]);
    assert!(err.contains("ends in .cube"), "{err}");
    assert!(!toml.exists());
}

#[test]
fn a_numbered_sequence_keeps_its_frame_numbers_and_one_frame_goes_to_stdout() {
    let dir = tempdir();
    let frames = dir.path().join("plates");
    std::fs::create_dir(&frames).unwrap();
    for name in ["plate.0001.png", "plate.0002.png", "shot_v1.2.png"] {
        save_png(&frame(8, 8), &frames.join(name)).unwrap();
    }
    let out = dir.path().join("graded");
    run_ok(&["grade", s(&frames), "-o", s(&out), "--grade", "noir"]);
    for name in ["plate.0001.png", "plate.0002.png", "shot_v1.2.png"] {
        assert!(out.join(name).is_file(), "{name}");
    }
    // The picture alone on stdout; what was done on stderr.
    let single = frames.join("plate.0001.png");
    let output = crate::util::oneshot()
        .args(["grade", s(&single), "-o", "/dev/stdout", "--grade", "noir"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let piped = dir.path().join("piped.png");
    std::fs::write(&piped, &output.stdout).unwrap();
    let png = load_image(&piped).unwrap();
    assert_eq!((png.width, png.height), (8, 8));
    assert!(String::from_utf8_lossy(&output.stderr).contains("grade noir: 1 frame"));
}

#[test]
fn a_16_bit_frame_is_graded_in_16_bits() {
    use oneshot_retro::io::{DeepImage, Image16, load_deep_image, save_png16};

    let dir = tempdir();
    let input = dir.path().join("deep.png");
    // A ramp of 1024 levels: more than 8 bits can hold.
    let rgba: Vec<u16> = (0..1024u32)
        .flat_map(|i| {
            let v = (i * 64) as u16;
            [v, v, v, u16::MAX]
        })
        .collect();
    let ramp = Image16 {
        width: 1024,
        height: 1,
        rgba,
    };
    save_png16(&ramp, &input).unwrap();
    let levels = |path: &Path| match load_deep_image(path).unwrap() {
        DeepImage::Sixteen(image) => {
            let mut values: Vec<u16> = image.rgba.chunks_exact(4).map(|px| px[0]).collect();
            values.dedup();
            (values.len(), image.rgba)
        }
        DeepImage::Eight(_) => panic!("{}: written in 8 bits", path.display()),
    };
    let neutral = dir.path().join("neutral.png");
    run_ok(&["grade", s(&input), "-o", s(&neutral), "--grade", "neutral"]);
    assert_eq!(
        levels(&neutral).1,
        ramp.rgba,
        "neutral passes the frame through"
    );
    let noir = dir.path().join("noir.png");
    run_ok(&["grade", s(&input), "-o", s(&noir), "--grade", "noir"]);
    let (count, _) = levels(&noir);
    assert!(count > 500, "{count} levels left of 1024");
}
