//! Department requests through a real server: breakdown, plan, finish, retro (on
//! frames sent and on files in place).

#![cfg(unix)]

use std::borrow::Cow;
use std::path::Path;

use oneshot_ipc::{Client, ClientError, Image, Request, ScriptRequest, ScriptSource};
use oneshot_model::{EffectKind, EffectLayer, RetroSettings};
use oneshot_server::Server;

const SCRIPT: &str = "\
Title: Two Doors

INT. KITCHEN - DAY

ANNA waits by the KETTLE.

ANNA
Are you coming?

EXT. GARDEN - NIGHT

BEN runs past the shed.

BEN
Not yet!
";

/// Runs `test` against a fresh server; the server thread ends with the test process.
fn with_server(test: impl FnOnce(&mut Client, &Path)) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("oneshot.sock");
    let server = Server::bind(&path).unwrap();
    let stopper = server.stopper();
    let thread = std::thread::spawn(move || server.run());
    test(&mut Client::connect(&path).unwrap(), dir.path());
    stopper.stop();
    thread.join().unwrap();
}

fn text() -> ScriptSource {
    ScriptSource::Text {
        text: SCRIPT.to_owned(),
        file_name: "two-doors.fountain".to_owned(),
    }
}

fn json(client: &mut Client, request: &Request<'_>) -> serde_json::Value {
    serde_json::from_str(&client.document(request).unwrap()).unwrap()
}

#[test]
fn breakdown_of_text_and_of_a_file() {
    with_server(|client, dir| {
        let breakdown = json(client, &Request::Breakdown(text()));
        assert_eq!(breakdown["title"], "Two Doors");
        assert_eq!(breakdown["scenes"].as_array().unwrap().len(), 2);

        let file = dir.join("two-doors.fountain");
        std::fs::write(&file, SCRIPT).unwrap();
        let from_file = json(
            client,
            &Request::Breakdown(ScriptSource::Path(file.display().to_string())),
        );
        assert_eq!(from_file["scenes"], breakdown["scenes"]);
    });
}

#[test]
fn department_errors_are_error_replies() {
    with_server(|client, dir| {
        let missing = dir.join("missing.fountain").display().to_string();
        for (request, expected) in [
            (
                Request::Breakdown(ScriptSource::Path(missing)),
                "missing.fountain",
            ),
            (
                Request::Breakdown(ScriptSource::Path("relative.fountain".to_owned())),
                "absolute",
            ),
            // Read to its end, it would never end.
            (
                Request::Breakdown(ScriptSource::Path("/dev/zero".to_owned())),
                "/dev/zero is not a file",
            ),
            (
                Request::Finish {
                    out_dir: dir.join("never-planned").display().to_string(),
                },
                "never-planned",
            ),
        ] {
            match client.call(&request) {
                Err(ClientError::Server(message)) => {
                    assert!(message.contains(expected), "{message}")
                }
                other => panic!("expected an error reply, got {other:?}"),
            }
        }
        client.ping().unwrap();
    });
}

#[test]
fn plan_then_finish_an_output_folder() {
    with_server(|client, dir| {
        let out = dir.join("out");
        let plan = json(
            client,
            &Request::Plan(ScriptRequest {
                script: text(),
                production: None,
                out_dir: Some(out.display().to_string()),
            }),
        );
        assert_eq!(plan["title"], "Two Doors");
        let shots = plan["shots"].as_array().unwrap().len();
        assert!(shots >= 2, "{shots} shots");
        assert!(out.join("plan.json").is_file());

        // No frames were rendered: every panel is a placeholder, with a warning.
        let manifest = json(
            client,
            &Request::Finish {
                out_dir: out.display().to_string(),
            },
        );
        assert_eq!(manifest["shots"].as_array().unwrap().len(), shots);
        assert_eq!(manifest["warnings"].as_array().unwrap().len(), shots);
        assert!(out.join(manifest["storyboard"].as_str().unwrap()).is_file());
    });
}

#[test]
fn schedule_writes_the_shoot_documents() {
    with_server(|client, dir| {
        let out = dir.join("schedule");
        let schedule = json(
            client,
            &Request::Schedule(ScriptRequest {
                script: text(),
                production: None,
                out_dir: Some(out.display().to_string()),
            }),
        );
        let days = schedule["days"].as_array().unwrap();
        let strips: usize = days
            .iter()
            .map(|day| day["strips"].as_array().unwrap().len())
            .sum();
        assert_eq!(strips, 2, "{schedule}");
        assert!(std::fs::read_dir(&out).unwrap().count() > 0);

        // A grade that names nothing is refused, as planning refuses it.
        let production = dir.join("bad.toml");
        std::fs::write(&production, "title = 'X'\ncolor_grade = 'nope'\n").unwrap();
        let request = Request::Schedule(ScriptRequest {
            script: text(),
            production: Some(production.display().to_string()),
            out_dir: None,
        });
        let err = client.document(&request).unwrap_err();
        assert!(err.to_string().contains("color_grade"), "{err}");
    });
}

#[test]
fn retro_processes_a_frame() {
    with_server(|client, _| {
        let (width, height) = (64u32, 48u32);
        let pixels: Vec<u8> = (0..width * height)
            .flat_map(|i| [(i % 256) as u8, (i / 13 % 256) as u8, 128, 255])
            .collect();
        let settings = RetroSettings {
            preset: Some("gameboy".to_owned()),
            ..RetroSettings::default()
        };
        let image = Image {
            width,
            height,
            pixels: Cow::Borrowed(&pixels),
        };
        let out = client.retro(settings, image).unwrap();
        assert!(out.is_consistent());
        let colors: std::collections::HashSet<&[u8]> = out.pixels.chunks(4).collect();
        assert!(colors.len() <= 4, "{} colours", colors.len());

        let bad = RetroSettings {
            preset: Some("no-such-machine".to_owned()),
            ..RetroSettings::default()
        };
        let image = Image {
            width,
            height,
            pixels: Cow::Borrowed(&pixels),
        };
        let err = client.retro(bad, image).unwrap_err();
        assert!(err.to_string().contains("no-such-machine"), "{err}");

        let relative = RetroSettings {
            palette: Some("palettes/mine.hex".to_owned()),
            ..RetroSettings::default()
        };
        let image = Image {
            width,
            height,
            pixels: Cow::Borrowed(&pixels),
        };
        let err = client.retro(relative, image).unwrap_err();
        assert!(err.to_string().contains("relative path"), "{err}");
    });
}

#[test]
fn composite_lays_effects_over_a_frame_and_refuses_bad_layers() {
    with_server(|client, _| {
        let (width, height) = (64u32, 36u32);
        let pixels: Vec<u8> = [30, 30, 40, 255].repeat((width * height) as usize);
        let frame = || Image {
            width,
            height,
            pixels: Cow::Borrowed(&pixels),
        };
        let rain = EffectLayer {
            kind: EffectKind::Rain,
            strength: 1.0,
            wind: 0.5,
        };
        let once = client
            .composite(vec![rain], 1.0, 42, frame())
            .unwrap()
            .pixels
            .into_owned();
        assert!(once.len() == pixels.len() && once != pixels);
        let again = client.composite(vec![rain], 1.0, 42, frame()).unwrap();
        assert!(
            again.pixels == once,
            "the same time and seed give the same rain"
        );

        let gale = EffectLayer { wind: 3.0, ..rain };
        let err = client.composite(vec![gale], 1.0, 42, frame()).unwrap_err();
        assert!(
            err.to_string().contains("wind must be from -1 to 1"),
            "{err}"
        );
        let short = Image {
            width: width + 1,
            ..frame()
        };
        let err = client.composite(vec![rain], 1.0, 42, short).unwrap_err();
        assert!(err.to_string().contains("65x36"), "{err}");
    });
}

#[test]
fn an_answer_over_the_frame_limit_is_an_error_and_the_connection_goes_on() {
    with_server(|client, _| {
        // 512x512 shown at scale 16 is 8192x8192 RGBA: 256 MiB of pixels alone.
        let settings = RetroSettings {
            size: Some([512, 512]),
            scale: Some(16),
            ..RetroSettings::default()
        };
        let pixel = [200u8, 100, 50, 255];
        let image = Image {
            width: 1,
            height: 1,
            pixels: Cow::Borrowed(&pixel),
        };
        let err = client.retro(settings, image).unwrap_err();
        assert!(matches!(err, ClientError::Server(_)), "{err:?}");
        assert!(err.to_string().contains("over the limit"), "{err}");
        client.ping().unwrap();
    });
}

#[test]
fn retro_files_give_a_sequence_one_look_in_place() {
    use oneshot_retro::io::{load_image, save_png};
    with_server(|client, dir| {
        // A gradient whose red and blue swap every other frame.
        let frames: Vec<String> = (0..3)
            .map(|t| {
                let rgba = (0..256 * 224)
                    .flat_map(|i| {
                        let (x, y) = ((i % 256) as u8, (i / 256) as u8);
                        if t % 2 == 0 {
                            [x, y, 96, 255]
                        } else {
                            [96, y, x, 255]
                        }
                    })
                    .collect();
                let path = dir.join(format!("f{t}.png"));
                save_png(&oneshot_retro::Image::new(256, 224, rgba).unwrap(), &path).unwrap();
                path.to_str().unwrap().to_owned()
            })
            .collect();
        let nes = RetroSettings {
            preset: Some("nes".to_owned()),
            scale: Some(1),
            ..RetroSettings::default()
        };
        let request = |paths: &[String]| Request::RetroFiles {
            settings: nes.clone(),
            paths: paths.to_vec(),
        };
        let report = json(client, &request(&frames));
        assert_eq!(report["frames"], 3);
        assert!(
            report["palette"].as_array().unwrap().len() <= 25,
            "{report}"
        );
        let mut colours = std::collections::BTreeSet::new();
        for path in &frames {
            let image = load_image(Path::new(path)).unwrap();
            assert_eq!((image.width, image.height), (256, 224));
            colours.extend(image.rgba.chunks(4).map(<[u8]>::to_vec));
        }
        // The NES's 4 sub-palettes of 4 colours, the same for every frame.
        assert!(colours.len() <= 16, "{} colours", colours.len());

        let broken = dir.join("broken.png");
        std::fs::write(&broken, b"\x89PNG\r\n\x1a\nnot really").unwrap();
        let with_broken = [frames[0].clone(), broken.to_str().unwrap().to_owned()];
        let err = client.document(&request(&with_broken)).unwrap_err();
        assert!(err.to_string().contains("broken.png"), "{err}");
        assert_eq!(
            std::fs::read(&broken).unwrap(),
            b"\x89PNG\r\n\x1a\nnot really"
        );

        let err = client
            .document(&request(&["f0.png".to_owned()]))
            .unwrap_err();
        assert!(err.to_string().contains("absolute"), "{err}");
    });
}
