//! `oneshot retro` end to end: presets, folders with one palette, sprite sheets,
//! metrics, palette files, and bad input (clear message, non-zero exit, no output).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use oneshot_retro::io::{load_image, save_png};
use oneshot_retro::{Image, Palette};

use crate::util::{corpus, run_err, run_ok, run_warned, tempdir};

/// A smooth colour gradient with a moving bright square (frame `t`).
fn frame(width: u32, height: u32, t: u32) -> Image {
    let mut rgba = Vec::with_capacity((width * height * 4) as usize);
    for y in 0..height {
        for x in 0..width {
            let square = (x / 8 == t % (width / 8)) && y < 16;
            let px = if square {
                [250, 250, 240, 255]
            } else {
                [(x * 255 / width) as u8, (y * 255 / height) as u8, 96, 255]
            };
            rgba.extend_from_slice(&px);
        }
    }
    Image::new(width, height, rgba).unwrap()
}

fn write_frame(path: &Path, width: u32, height: u32, t: u32) {
    save_png(&frame(width, height, t), path).unwrap();
}

/// A folder `walk` in `dir` of `frames` square frames `side` pixels wide, named
/// `0.png`, `1.png`... as an animator numbers a cycle.
fn walk_cycle(dir: &Path, frames: u32, side: u32) -> PathBuf {
    let walk = dir.join("walk");
    std::fs::create_dir(&walk).unwrap();
    for t in 0..frames {
        write_frame(&walk.join(format!("{t}.png")), side, side, t);
    }
    walk
}

fn colours(image: &Image) -> BTreeSet<[u8; 3]> {
    image
        .rgba
        .chunks_exact(4)
        .map(|p| [p[0], p[1], p[2]])
        .collect()
}

/// The colours of the `side x side` block of `image` at `x, y`.
fn block_colours(image: &Image, x: u32, y: u32, side: u32) -> BTreeSet<[u8; 3]> {
    (y..y + side)
        .flat_map(|row| {
            (x..x + side).map(move |column| ((row * image.width + column) * 4) as usize)
        })
        .map(|i| [image.rgba[i], image.rgba[i + 1], image.rgba[i + 2]])
        .collect()
}

/// All the colours of `image`, checking that no `side x side` tile has more than `most`.
fn tile_colours(image: &Image, side: u32, most: usize) -> BTreeSet<[u8; 3]> {
    let mut all = BTreeSet::new();
    for y in (0..image.height).step_by(side as usize) {
        for x in (0..image.width).step_by(side as usize) {
            let tile = block_colours(image, x, y, side);
            assert!(tile.len() <= most, "tile {x},{y}: {tile:?}");
            all.extend(tile);
        }
    }
    all
}

/// The colour type, bit depth and colour table (RGB triples) of a PNG file.
fn png_kind(path: &Path) -> (png::ColorType, png::BitDepth, Vec<u8>) {
    let file = std::io::BufReader::new(std::fs::File::open(path).unwrap());
    let reader = png::Decoder::new(file).read_info().unwrap();
    let info = reader.info();
    let table = info.palette.as_deref().map(<[u8]>::to_vec);
    (info.color_type, info.bit_depth, table.unwrap_or_default())
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A PNG signature and IHDR chunk claiming `width x height` RGBA pixels, and no data.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut chunk = b"IHDR".to_vec();
    chunk.extend_from_slice(&width.to_be_bytes());
    chunk.extend_from_slice(&height.to_be_bytes());
    chunk.extend_from_slice(&[8, 6, 0, 0, 0]);
    let crc = !chunk.iter().fold(!0u32, |mut crc, &byte| {
        crc ^= byte as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
        crc
    });
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&chunk);
    png.extend_from_slice(&crc.to_be_bytes());
    png
}

#[test]
fn gameboy_preset_gives_four_greens_at_native_size_times_scale() {
    let dir = tempdir();
    let input = dir.path().join("in.png");
    let output = dir.path().join("out.png");
    write_frame(&input, 320, 288, 0);
    let said = run_ok(&["retro", s(&input), "-o", s(&output), "--preset", "gameboy"]);
    assert_eq!(said, format!("retro: 1 frame -> {}\n", output.display()));
    let out = load_image(&output).unwrap();
    assert_eq!((out.width, out.height), (160 * 5, 144 * 5));
    let greens: BTreeSet<[u8; 3]> = Palette::builtin("gb-dmg")
        .unwrap()
        .colors
        .into_iter()
        .collect();
    assert!(colours(&out).is_subset(&greens));
    assert!(
        colours(&out).len() >= 3,
        "a gradient uses most of the shades"
    );
    // An indexed PNG of two bits a pixel, its four greens in the palette's order.
    let (color, depth, table) = png_kind(&output);
    assert_eq!(
        (color, depth),
        (png::ColorType::Indexed, png::BitDepth::Two)
    );
    let dmg = Palette::builtin("gb-dmg").unwrap().colors;
    assert_eq!(table, dmg.concat());
}

#[test]
fn a_folder_shares_one_palette_and_reports_metrics() {
    let dir = tempdir();
    let frames = dir.path().join("frames");
    std::fs::create_dir(&frames).unwrap();
    for t in 0..3 {
        write_frame(&frames.join(format!("f{t:03}.png")), 96, 64, t);
    }
    let out = dir.path().join("out");
    let palette_file = dir.path().join("used.gpl");
    let stdout = run_ok(&[
        "retro",
        s(&frames),
        "-o",
        s(&out),
        "--colors",
        "8",
        "--dither",
        "floyd-steinberg",
        "--pixel",
        "2",
        "--json",
        "--save-palette",
        s(&palette_file),
    ]);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let reported = report["frames"].as_array().unwrap();
    assert_eq!(reported.len(), 3);
    for f in reported {
        assert_eq!(
            (f["width"].as_u64(), f["height"].as_u64()),
            (Some(48), Some(32))
        );
        let delta_e = f["delta_e"].as_f64().unwrap();
        let blurred = f["delta_e_blurred"].as_f64().unwrap();
        assert!(delta_e > 0.0 && blurred < delta_e, "{f}");
        assert!(f["psnr"].as_f64().unwrap() > 15.0, "{f}");
    }
    let mut all = BTreeSet::new();
    for t in 0..3 {
        all.extend(colours(
            &load_image(&out.join(format!("f{t:03}.png"))).unwrap(),
        ));
    }
    assert!(
        all.len() <= 8,
        "one palette of 8 for the folder, got {}",
        all.len()
    );
    // The saved palette is the one used, and can be fed back in.
    let saved = Palette::load(&palette_file).unwrap();
    assert!(all.iter().all(|c| saved.colors.contains(c)));
    let again = dir.path().join("again.png");
    run_ok(&[
        "retro",
        s(&frames.join("f000.png")),
        "-o",
        s(&again),
        "--palette",
        s(&palette_file),
    ]);
    assert!(
        colours(&load_image(&again).unwrap())
            .iter()
            .all(|c| saved.colors.contains(c))
    );
}

#[test]
fn a_sheet_and_its_atlas_go_in_together_and_keep_time() {
    let dir = tempdir();
    let walk = walk_cycle(dir.path(), 2, 16);
    let sheet = dir.path().join("sheet.png");
    std::fs::write(&sheet, b"the old sheet").unwrap();
    // Where the atlas goes, a folder: it cannot be replaced.
    std::fs::create_dir(sheet.with_extension("json")).unwrap();
    let err = run_err(&["retro", s(&walk), "-o", s(&sheet), "--sheet"]);
    assert!(err.contains("sheet.json"), "{err}");
    assert_eq!(std::fs::read(&sheet).unwrap(), b"the old sheet");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "no temporaries left: {names:?}");
    // At 12 fps the frames' milliseconds add up to the clock's.
    std::fs::remove_dir(sheet.with_extension("json")).unwrap();
    for t in 2..12 {
        write_frame(&walk.join(format!("{t}.png")), 16, 16, t);
    }
    run_ok(&["retro", s(&walk), "-o", s(&sheet), "--sheet", "--fps", "12"]);
    let atlas: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sheet.with_extension("json")).unwrap()).unwrap();
    let durations: Vec<u64> = (atlas["frames"].as_array().unwrap().iter())
        .map(|frame| frame["duration"].as_u64().unwrap())
        .collect();
    assert_eq!(durations.iter().sum::<u64>(), 1000, "{durations:?}");
    assert_eq!(durations[..3], [83, 84, 83]);
}

#[test]
fn sheet_packs_frames_with_an_aseprite_atlas() {
    let dir = tempdir();
    let walk = walk_cycle(dir.path(), 4, 32);
    let sheet = dir.path().join("walk_sheet.png");
    run_ok(&[
        "retro",
        s(&walk),
        "-o",
        s(&sheet),
        "--sheet",
        "--palette",
        "pico8",
        "--fps",
        "10",
    ]);
    let image = load_image(&sheet).unwrap();
    assert_eq!((image.width, image.height), (64, 64));
    let atlas: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sheet.with_extension("json")).unwrap()).unwrap();
    assert_eq!(atlas["frames"].as_array().unwrap().len(), 4);
    assert_eq!(atlas["frames"][1]["frame"]["x"], 32);
    assert_eq!(atlas["frames"][1]["duration"], 100);
    assert_eq!(atlas["meta"]["format"], "I8", "an indexed sheet's pixels");
    assert_eq!(atlas["meta"]["image"], "walk_sheet.png");
    assert_eq!(atlas["meta"]["frameTags"][0]["name"], "walk");
    assert_eq!(atlas["meta"]["frameTags"][0]["to"], 3);

    // A preset's display scale is not the sheet's: its frames are native, 160x144.
    let gameboy = dir.path().join("sheets/gameboy.png");
    write_frame(&walk.join("4.png"), 320, 288, 4);
    std::fs::remove_file(walk.join("0.png")).unwrap();
    let said = run_ok(&[
        "retro",
        s(&walk),
        "-o",
        s(&gameboy),
        "--sheet",
        "--preset",
        "gameboy",
    ]);
    assert!(said.starts_with("retro sheet: 4 frames"), "{said}");
    let atlas: serde_json::Value =
        serde_json::from_slice(&std::fs::read(gameboy.with_extension("json")).unwrap()).unwrap();
    assert_eq!(atlas["frames"][3]["frame"]["w"], 160);
    assert_eq!(atlas["frames"][3]["frame"]["h"], 144);

    // Nor its screen: an arcade preset's CRT would blur 64 colours into thousands.
    let arcade = dir.path().join("sheets/arcade.png");
    run_ok(&[
        "retro",
        s(&walk),
        "-o",
        s(&arcade),
        "--sheet",
        "--preset",
        "arcade-crt",
    ]);
    assert!(colours(&load_image(&arcade).unwrap()).len() <= 64 + 1);
    // Pixel art stays indexed; a screen's glow is written in full colour.
    assert_eq!(png_kind(&gameboy).0, png::ColorType::Indexed);
    assert_eq!(png_kind(&sheet).0, png::ColorType::Indexed);
    let crt = dir.path().join("crt");
    run_ok(&["retro", s(&walk), "-o", s(&crt), "--preset", "arcade-crt"]);
    assert!(
        crt.read_dir()
            .unwrap()
            .all(|f| png_kind(&f.unwrap().path()).0 == png::ColorType::Rgb)
    );

    // A frame that cannot be read leaves no sheet of the others behind.
    std::fs::write(walk.join("5.png"), b"not a png").unwrap();
    let broken = dir.path().join("broken.png");
    let err = run_err(&["retro", s(&walk), "-o", s(&broken), "--sheet"]);
    assert!(
        err.contains("1 of 5 inputs failed: nothing written"),
        "{err}"
    );
    assert!(!broken.exists() && !broken.with_extension("json").exists());
}

#[test]
fn stylise_options_and_user_presets() {
    let dir = tempdir();
    let input = dir.path().join("in.png");
    write_frame(&input, 64, 48, 1);
    let presets = dir.path().join("presets");
    std::fs::create_dir(&presets).unwrap();
    std::fs::write(
        presets.join("amber.toml"),
        "description = \"amber monitor\"\npalette = \"amber\"\ndither = \"bayer8\"\npixel = 2\nscale = 3\nscanlines = true\n",
    )
    .unwrap();
    std::fs::write(
        presets.join("amber.hex"),
        "000000\n553300\naa6600\nffb000\n",
    )
    .unwrap();
    let out = dir.path().join("amber.png");
    run_ok(&[
        "retro",
        s(&input),
        "-o",
        s(&out),
        "--presets",
        s(&presets),
        "--preset",
        "amber",
    ]);
    let image = load_image(&out).unwrap();
    assert_eq!((image.width, image.height), (96, 72));
    // The preset given as its file finds the palette beside it.
    let amber_file = presets.join("amber.toml");
    run_ok(&[
        "retro",
        s(&input),
        "-o",
        s(&out),
        "--preset",
        s(&amber_file),
    ]);
    assert_eq!(load_image(&out).unwrap().rgba, image.rgba);

    let crt = dir.path().join("crt.png");
    run_ok(&[
        "retro",
        s(&input),
        "-o",
        s(&crt),
        "--preset",
        "arcade-crt",
        "--outline",
    ]);
    assert!(load_image(&crt).is_ok());
    for dither in oneshot_retro::Dither::NAMES {
        let out = dir.path().join(format!("{dither}.png"));
        run_ok(&[
            "retro",
            s(&input),
            "-o",
            s(&out),
            "--palette",
            "c64",
            "--dither",
            dither,
        ]);
    }
}

#[test]
fn bad_inputs_fail_clearly_and_write_nothing_for_them() {
    let dir = tempdir();
    let good = dir.path().join("good.png");
    write_frame(&good, 16, 16, 0);
    let truncated = dir.path().join("truncated.png");
    let bytes = std::fs::read(&good).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let text = dir.path().join("notes.png");
    std::fs::write(&text, "just some text").unwrap();
    let huge = dir.path().join("huge.png");
    std::fs::write(&huge, png_header(20_000, 20_000)).unwrap();

    let out = dir.path().join("out");
    let stderr = run_err(&[
        "retro",
        s(&good),
        s(&truncated),
        s(&text),
        s(&huge),
        "-o",
        s(&out),
        "--palette",
        "nes",
    ]);
    for name in ["truncated.png", "notes.png", "huge.png"] {
        assert!(stderr.contains(name), "{name} not named in: {stderr}");
    }
    assert!(stderr.contains("larger than 16384"), "{stderr}");
    let written: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        written.is_empty(),
        "a sequence is written whole or not at all: {written:?}"
    );

    let single = dir.path().join("single.png");
    let stderr = run_err(&["retro", s(&truncated), "-o", s(&single)]);
    assert!(stderr.contains("truncated.png"), "{stderr}");
    assert!(!single.exists());

    let stderr = run_err(&["retro", s(&good), "-o", s(&single), "--preset", "amiga-500"]);
    assert!(
        stderr.contains("amiga-500") && stderr.contains("gameboy"),
        "{stderr}"
    );
    let stderr = run_err(&["retro", s(&good), "-o", s(&single), "--palette", "vectrex"]);
    assert!(stderr.contains("vectrex"), "{stderr}");
    let stderr = run_err(&["retro", s(&good), "-o", s(&single), "--dither", "plaid"]);
    assert!(stderr.contains("plaid"), "{stderr}");
    let stderr = run_err(&["retro", s(&good), "-o", s(&single), "--colors", "1000"]);
    assert!(stderr.contains("colors"), "{stderr}");

    let palette = dir.path().join("bad.gpl");
    std::fs::write(&palette, "GIMP Palette\n0 0 0\n12 banana 3\n").unwrap();
    let stderr = run_err(&[
        "retro",
        s(&good),
        "-o",
        s(&single),
        "--palette",
        s(&palette),
    ]);
    assert!(stderr.contains("bad.gpl:3:"), "{stderr}");
    let missing = dir.path().join("missing.png");
    let stderr = run_err(&["retro", s(&missing), "-o", s(&single)]);
    assert!(stderr.contains("missing.png"), "{stderr}");
    assert!(!single.exists());
}

#[test]
fn lists_presets_palettes_and_dithers() {
    let stdout = run_ok(&["retro", "--list"]);
    for name in [
        "nes",
        "gameboy",
        "c64",
        "cga",
        "pico8",
        "snes",
        "mac-1bit",
        "megadrive",
        "zx-spectrum",
        "floyd-steinberg",
    ] {
        assert!(stdout.contains(name), "{name} missing from {stdout}");
    }
    // A file given for the folder of presets says so.
    let not_a_folder = crate::util::fixture("examples/alley-kings.toml");
    let err = run_err(&[
        "retro",
        "--list",
        "--presets",
        not_a_folder.to_str().unwrap(),
    ]);
    assert!(err.contains("alley-kings.toml: not a folder"), "{err}");
}

#[test]
fn corpus_photos_through_machine_presets() {
    let Some(images) = corpus("images") else {
        return;
    };
    let photo = images.join("shopping_bags.png");
    let dir = tempdir();
    for preset in ["gameboy", "snes", "megadrive"] {
        let out = dir.path().join(format!("{preset}.png"));
        run_ok(&["retro", s(&photo), "-o", s(&out), "--preset", preset]);
        assert!(load_image(&out).is_ok(), "{preset}");
    }
}

#[test]
fn megadrive_preset_gives_each_8x8_tile_one_line_of_15_colours() {
    let dir = tempdir();
    let input = dir.path().join("in.png");
    let output = dir.path().join("out.png");
    write_frame(&input, 320, 224, 7);
    run_ok(&[
        "retro",
        s(&input),
        "-o",
        s(&output),
        "--preset",
        "megadrive",
        "--scale",
        "1",
    ]);
    let out = load_image(&output).unwrap();
    assert_eq!((out.width, out.height), (320, 224));
    let all = tile_colours(&out, 8, 15);
    assert!(all.len() <= 60, "4 lines of 15: {} colours", all.len());
}

#[test]
fn zx_spectrum_preset_clashes_two_colours_per_cell_from_one_half() {
    let dir = tempdir();
    let input = dir.path().join("in.png");
    let output = dir.path().join("out.png");
    write_frame(&input, 256, 192, 3);
    for dither in ["bayer8", "floyd-steinberg"] {
        run_ok(&[
            "retro",
            s(&input),
            "-o",
            s(&output),
            "--preset",
            "zx-spectrum",
            "--scale",
            "1",
            "--dither",
            dither,
        ]);
        let out = load_image(&output).unwrap();
        assert_eq!((out.width, out.height), (256, 192));
        let zx = Palette::builtin("zx-spectrum").unwrap().colors;
        let (normal, bright) = (&zx[..8], &zx[8..]);
        for cell_y in (0..192).step_by(8) {
            for cell_x in (0..256).step_by(8) {
                let cell = block_colours(&out, cell_x, cell_y, 8);
                assert!(
                    cell.len() <= 2,
                    "{dither}: cell {cell_x},{cell_y}: {cell:?}"
                );
                let black_or =
                    |half: &[[u8; 3]]| cell.iter().all(|c| *c == [0, 0, 0] || half.contains(c));
                assert!(
                    black_or(normal) || black_or(bright),
                    "{dither}: cell {cell_x},{cell_y} mixes normal and bright: {cell:?}"
                );
            }
        }
    }
}

#[test]
fn nes_preset_gives_each_16x16_tile_at_most_4_colours_across_a_sequence() {
    let dir = tempdir();
    let (frames, out) = (dir.path().join("frames"), dir.path().join("out"));
    std::fs::create_dir(&frames).unwrap();
    // The square moves and every other frame turns red into blue: chosen frame by
    // frame, the sub-palettes would change with the picture.
    for t in 0..4 {
        let mut image = frame(256, 224, t);
        if t % 2 == 1 {
            image.rgba.chunks_exact_mut(4).for_each(|p| p.swap(0, 2));
        }
        save_png(&image, &frames.join(format!("f{t}.png"))).unwrap();
    }
    run_ok(&[
        "retro",
        s(&frames),
        "-o",
        s(&out),
        "--preset",
        "nes",
        "--scale",
        "1",
    ]);
    let mut all = BTreeSet::new();
    for t in 0..4 {
        let image = load_image(&out.join(format!("f{t}.png"))).unwrap();
        assert_eq!((image.width, image.height), (256, 224));
        all.extend(tile_colours(&image, 16, 4));
    }
    // One set of 4 sub-palettes of 4 for the whole sequence.
    assert!(all.len() <= 16, "{} colours", all.len());
}

#[test]
fn results_are_never_written_over_their_sources() {
    let dir = tempdir();
    let input = dir.path().join("in.png");
    write_frame(&input, 16, 16, 1);
    let before = std::fs::read(&input).unwrap();
    // A sheet may be named without an extension, as a palette may (then .hex).
    let sheet = dir.path().join("sheet");
    for (args, says) in [
        (vec!["-o", s(&input)], "is also an input"),
        (vec!["-o", s(dir.path())], "is also an input"),
        (
            vec![
                "-o",
                s(&sheet),
                "--sheet",
                "--save-palette",
                s(&sheet),
                "--palette",
                "pico8",
            ],
            "is also a result's file",
        ),
        (
            vec![
                "-o",
                s(&sheet),
                "--save-palette",
                s(&input),
                "--palette",
                "pico8",
            ],
            "not a palette format",
        ),
    ] {
        let err = run_err(&[&["retro", s(&input)], args.as_slice()].concat());
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(std::fs::read(&input).unwrap(), before, "{args:?}");
        assert!(!sheet.exists(), "{args:?}");
    }
}

/// `a.png` and `b.png` in `dir`, two different 16x16 frames.
fn two_frames(dir: &Path) -> (PathBuf, PathBuf) {
    let (a, b) = (dir.join("a.png"), dir.join("b.png"));
    write_frame(&a, 16, 16, 1);
    write_frame(&b, 16, 16, 2);
    (a, b)
}

#[test]
fn outputs_that_cannot_be_what_they_say_are_refused() {
    let dir = tempdir();
    let (a, b) = two_frames(dir.path());
    let jpeg = dir.path().join("out.jpg");
    let err = run_err(&["retro", s(&a), "-o", s(&jpeg)]);
    assert!(err.contains("written as PNG"), "{err}");
    let two = dir.path().join("two.png");
    let err = run_err(&["retro", s(&a), s(&b), "-o", s(&two)]);
    assert!(err.contains("need an output folder"), "{err}");
    let out = dir.path().join("out.png");
    let err = run_err(&[
        "retro",
        s(&a),
        "-o",
        s(&out),
        "--save-palette",
        s(&dir.path().join("p.xyz")),
        "--colors",
        "4",
    ]);
    assert!(err.contains("not a palette format"), "{err}");
    let err = run_err(&[
        "retro",
        s(&a),
        "-o",
        s(&out),
        "--save-palette",
        s(&dir.path().join("p.gpl")),
    ]);
    assert!(err.contains("has no palette"), "{err}");
    assert!(!jpeg.exists() && !two.exists() && !out.exists());
}

#[test]
fn a_picture_all_under_half_opaque_is_warned_of() {
    let dir = tempdir();
    let ghost = dir.path().join("ghost.png");
    save_png(
        &Image::new(8, 8, [200, 30, 30, 100].repeat(64)).unwrap(),
        &ghost,
    )
    .unwrap();
    let out = dir.path().join("out.png");
    let stderr = run_warned(&["retro", s(&ghost), "-o", s(&out), "--palette", "pico8"]);
    assert!(
        stderr.contains("ghost.png: every pixel is under half opaque"),
        "{stderr}"
    );
    assert!(
        load_image(&out)
            .unwrap()
            .rgba
            .chunks(4)
            .all(|px| px[3] == 0)
    );
}

#[test]
fn options_the_picture_would_not_show_are_warned_of() {
    let dir = tempdir();
    let (input, out) = (dir.path().join("a.png"), dir.path().join("warned.png"));
    write_frame(&input, 16, 16, 1);
    let warned = |more: &[&str]| {
        let given = ["retro", s(&input), "-o", s(&out), "--strength", "0.5"];
        run_warned(&[&given[..], more].concat())
    };
    let ordered = warned(&["--no-serpentine", "--dither", "bayer4"]);
    assert!(
        !ordered.contains("--strength")
            && ordered.contains("--no-serpentine: only error diffusion"),
        "{ordered}"
    );
    let plain = warned(&["--scanlines", "--scale", "1"]);
    assert!(
        plain.contains("--strength: there is no dither") && plain.contains("scanlines at scale 1"),
        "{plain}"
    );
}

#[test]
fn a_dash_is_stdout_for_one_picture_and_refused_for_more() {
    let dir = tempdir();
    let (a, b) = two_frames(dir.path());
    let output = crate::util::oneshot()
        .current_dir(dir.path())
        .args(["retro", s(&a), "-o", "-", "--palette", "gb-dmg"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(output.stdout.starts_with(b"\x89PNG"));
    assert!(String::from_utf8_lossy(&output.stderr).contains("retro: 1 frame"));
    let err = run_err(&["retro", s(&a), s(&b), "-o", "-", "--palette", "gb-dmg"]);
    assert!(
        err.contains("several inputs need an output folder"),
        "{err}"
    );
    let err = run_err(&["retro", s(&a), s(&b), "--sheet", "-o", "-"]);
    assert!(err.contains("a sheet is two files"), "{err}");
    // Nor is a sheet named as its atlas, or as another format.
    for name in ["sheet.json", "sheet.gif"] {
        let err = run_err(&[
            "retro",
            s(&a),
            s(&b),
            "--sheet",
            "-o",
            s(&dir.path().join(name)),
        ]);
        assert!(err.contains("name the sheet's .png"), "{err}");
    }
    // The metrics' JSON is stdout's when asked for; a file named by its
    // format's extension cannot be `-`.
    let err = run_err(&["retro", s(&a), "-o", "-", "--json"]);
    assert!(err.contains("--json prints the metrics on stdout"), "{err}");
    let err = run_err(&[
        "retro",
        s(&a),
        "-o",
        "/dev/null",
        "--palette",
        "gb-dmg",
        "--save-palette",
        "-",
    ]);
    assert!(err.contains("name the file, not `-`"), "{err}");
    // A command that writes a folder of files cannot write it to stdout.
    let script = crate::util::fixture("examples/alley-kings.fountain");
    let output = crate::util::oneshot()
        .current_dir(dir.path())
        .args(["continuity", s(&script), "-o", "-"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("`-` (stdout) cannot hold it"), "{err}");
    assert!(!dir.path().join("-").exists());
}

#[test]
fn more_colours_than_the_palette_has_is_said() {
    let dir = tempdir();
    let a = dir.path().join("a.png");
    write_frame(&a, 16, 16, 1);
    let output = crate::util::oneshot()
        .args(["retro", s(&a), "-o", s(&dir.path().join("out.png"))])
        .args(["--palette", "gb-dmg", "--colors", "200"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("the palette has only 4 colours"), "{err}");
}

#[test]
fn a_machine_palette_is_saved_in_its_hardware_order_into_a_new_folder() {
    let dir = tempdir();
    let input = dir.path().join("in.png");
    write_frame(&input, 16, 16, 1);
    let saved = dir.path().join("palettes/nes.hex");
    run_ok(&[
        "retro",
        s(&input),
        "-o",
        s(&dir.path().join("out.png")),
        "--palette",
        "nes-2c02",
        "--save-palette",
        s(&saved),
    ]);
    // All 64 entries, the repeated blacks included, so index $0E is still $0E.
    let shipped =
        std::fs::read_to_string(crate::util::repo().join("presets/palettes/nes-2c02.hex"));
    assert_eq!(
        std::fs::read_to_string(&saved).unwrap(),
        shipped.unwrap().to_lowercase()
    );
    // So is the picture's colour table: index $0E of the file is the NES's $0E.
    let (color, _, table) = png_kind(&dir.path().join("out.png"));
    assert_eq!(color, png::ColorType::Indexed);
    assert_eq!(table, Palette::builtin("nes-2c02").unwrap().colors.concat());
}

#[test]
fn a_picture_too_wide_to_show_at_the_preset_scale_is_an_error() {
    let dir = tempdir();
    let banner = dir.path().join("banner.png");
    write_frame(&banner, 4000, 200, 0);
    let out = dir.path().join("out.png");
    let err = run_err(&["retro", s(&banner), "-o", s(&out), "--preset", "nes"]);
    assert!(err.contains("over 16384 pixels on a side"), "{err}");
    assert!(!out.exists());
}
