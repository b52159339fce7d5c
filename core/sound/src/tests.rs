//! Cue timing against the edit, and the temp mix's length, header and determinism.

use oneshot_edit::Edit;
use oneshot_model::{Category, DialogueLine, IntExt, ProductionPlan, Scene, Script, Shot};

use crate::{
    CueKind, CueSheet, Fade, FadeDirection, SAMPLE_RATE, SoundError, cue_sheet, loudness_gain,
    mix_samples, write_stem, write_temp_mix,
};

/// The bytes before a WAV's samples.
const HEADER: usize = crate::WAV_HEADER_BYTES as usize;

fn shot(id: &str, scene: u32, speaker: Option<&str>, description: &str, duration_s: f32) -> Shot {
    let mut shot: Shot = serde_json::from_value(serde_json::json!({
        "id": id, "scene": scene, "kind": "single", "size": "MCU", "movement": "static",
        "subjects": [], "speaker": speaker, "description": description,
        "duration_s": 1.0, "lens_mm": 50.0
    }))
    .unwrap();
    shot.duration_s = duration_s;
    shot
}

fn plan(fps: f32, shots: Vec<Shot>) -> ProductionPlan {
    let mut plan: ProductionPlan = serde_json::from_value(serde_json::json!({
        "title": "Alley Kings", "slug": "alley-kings", "fps": 24.0, "resolution": [320, 180],
        "engine": "workbench", "samples": 1, "style": "stylized", "color_grade": "neutral",
        "retro": null, "scenes": [], "shots": [], "setups": [], "warnings": []
    }))
    .unwrap();
    plan.fps = fps;
    plan.shots = shots;
    plan
}

fn line(character: &str, text: &str, duration_s: f32) -> DialogueLine {
    DialogueLine {
        character: character.into(),
        text: text.into(),
        duration_s,
        ..DialogueLine::default()
    }
}

fn scene(number: u32, int_ext: IntExt, time_of_day: &str, lines: Vec<DialogueLine>) -> Scene {
    Scene {
        number,
        heading: format!("{int_ext:?}. YARD - {time_of_day}"),
        int_ext: Some(int_ext),
        location: "YARD".into(),
        time_of_day: Some(time_of_day.into()),
        lines,
        ..Scene::default()
    }
}

/// Two scenes: a garage by day with two lines, a street by night with a gunshot,
/// a song and one line; the first shot lasts 10.5 frames at 24 fps (a tie).
fn production(fps: f32) -> (ProductionPlan, Script) {
    let shots = vec![
        shot("1-1", 1, None, "A garage.", 0.4375),
        shot("1-2", 1, Some("NINA"), "Voss was here.", 2.0),
        shot("1-3", 1, Some("RAY"), "Nobody pays Voss.", 1.9),
        shot("2-1", 2, None, "A street. A GUNSHOT rings out.", 3.0),
        shot("2-2", 2, Some("NINA"), "Down!", 1.6),
    ];
    let mut night = scene(2, IntExt::Ext, "NIGHT", vec![line("NINA", "Down!", 1.2)]);
    night.elements.insert(
        Category::SoundEffectsMusic,
        vec!["song".into(), "gunshot".into(), "siren".into()],
    );
    let breakdown = Script {
        scenes: vec![
            scene(
                1,
                IntExt::Int,
                "DAY",
                vec![
                    line("NINA", "Voss was here.", 1.6),
                    line("RAY", "Nobody pays Voss.", 1.5),
                ],
            ),
            night,
        ],
        ..Script::default()
    };
    (plan(fps, shots), breakdown)
}

fn wav(sheet: &CueSheet) -> Vec<u8> {
    let mut bytes = Vec::new();
    write_temp_mix(sheet, 1.0, &mut bytes).unwrap();
    bytes
}

/// The samples of a WAV from [`wav`] or a stem.
fn samples(wav: &[u8]) -> Vec<i32> {
    wav[HEADER..]
        .chunks_exact(2)
        .map(|pair| i32::from(i16::from_le_bytes([pair[0], pair[1]])))
        .collect()
}

#[test]
fn the_stems_add_up_to_the_mix() {
    let (plan, breakdown) = production(24.0);
    stems_add_up(&cue_sheet(&plan, &breakdown).unwrap());
}

fn stems_add_up(sheet: &CueSheet) {
    let mix = wav(sheet);
    let mut sum = vec![0; samples(&mix).len()];
    for kind in CueKind::STEMS {
        let mut stem = Vec::new();
        write_stem(sheet, kind, 1.0, &mut stem).unwrap();
        // The mix's header and length; only the description says which it is.
        let described = 20..20 + 256;
        assert_eq!(stem[..described.start], mix[..described.start], "{kind:?}");
        assert_eq!(
            stem[described.end..HEADER],
            mix[described.end..HEADER],
            "{kind:?}"
        );
        let stem = samples(&stem);
        assert!(stem.iter().any(|&s| s != 0), "{kind:?} is silent");
        sum.iter_mut().zip(stem).for_each(|(total, s)| *total += s);
    }
    // Each stem rounds to the nearest step on its own: four half-steps at most.
    let off = samples(&mix)
        .iter()
        .zip(&sum)
        .map(|(m, s)| (m - s).abs())
        .max();
    assert!(off <= Some(2), "{off:?}");
}

#[test]
fn the_mix_fades_with_the_picture() {
    let (mut plan, breakdown) = production(24.0);
    // The garage fades up and the street fades out, a second each.
    plan.scenes = serde_json::from_value(serde_json::json!([
        {"scene": 1, "heading": "INT. YARD - DAY", "pieces": [], "lights": [],
         "world_color": "#000000", "transition_in": {"kind": "fade", "seconds": 1.0}},
        {"scene": 2, "heading": "EXT. YARD - NIGHT", "pieces": [], "lights": [],
         "world_color": "#000000", "transition_out": {"kind": "fade", "seconds": 1.0}}
    ]))
    .unwrap();
    let sheet = cue_sheet(&plan, &breakdown).unwrap();
    let frames = sheet.frames;
    // Up over the whole of the 10-frame first shot; down over the last second.
    let fade = |direction, start_frame, end_frame| Fade {
        direction,
        start_frame,
        end_frame,
    };
    assert_eq!(
        sheet.fades,
        [
            fade(FadeDirection::In, 0, 10),
            fade(FadeDirection::Out, frames - 24, frames)
        ]
    );
    let faded = samples(&wav(&sheet));
    let level = |from: usize, to: usize| faded[from * 2..to * 2].iter().map(|s| s.abs()).max();
    assert!(faded[..2].iter().all(|&s| s == 0), "up from silence");
    let ms = SAMPLE_RATE as usize / 1000;
    let total = faded.len() / 2;
    // The mix's loudest sample in the fade's first tenth against its last.
    assert!(level(0, 20 * ms) < level(180 * ms, 200 * ms));
    assert!(level(total - 20 * ms, total) < level(total - 1000 * ms, total - 980 * ms));
    assert!(
        faded[faded.len() - 2..].iter().all(|&s| s.abs() <= 1),
        "down to silence"
    );
    stems_add_up(&sheet);
}

/// The loudness (LUFS) and true peak of a 16-bit stereo WAV.
fn measure(wav: &[u8]) -> (f64, f32) {
    let frames: Vec<[f32; 2]> = samples(wav)
        .chunks_exact(2)
        .map(|pair| [pair[0], pair[1]].map(|s| s as f32 / f32::from(i16::MAX)))
        .collect();
    let mut meter = crate::loudness::Meter::default();
    meter.add(&frames);
    (meter.integrated().unwrap(), meter.true_peak())
}

#[test]
fn the_mix_is_delivered_at_its_loudness_and_never_clips() {
    let (plan, breakdown) = production(24.0);
    let sheet = cue_sheet(&plan, &breakdown).unwrap();
    let (as_synthesized, _) = measure(&wav(&sheet));
    let target = as_synthesized - 6.0;
    let mut quieter = Vec::new();
    let loudness = loudness_gain(&sheet, target);
    write_temp_mix(&sheet, loudness.gain, &mut quieter).unwrap();
    let (delivered, _) = measure(&quieter);
    assert!(
        (delivered - target).abs() < 0.2,
        "{delivered} LUFS for {target}"
    );
    assert!((loudness.lufs.unwrap() - target).abs() < 1e-6);
    // Far too loud a target: the gain stops with the true peak at -1 dBTP (the
    // samples a few tenths under it), and says how loud that is.
    let mut held = Vec::new();
    let loudness = loudness_gain(&sheet, 0.0);
    write_temp_mix(&sheet, loudness.gain, &mut held).unwrap();
    let (delivered, peak) = measure(&held);
    assert!((0.87..=0.892).contains(&peak), "true peak {peak}");
    assert!((loudness.lufs.unwrap() - delivered).abs() < 0.2);
}

fn cues(sheet: &CueSheet, kind: CueKind) -> Vec<&crate::Cue> {
    sheet.cues.iter().filter(|c| c.kind == kind).collect()
}

/// The effect cues called `name` (`thunder`, `footsteps`).
fn effects_named<'a>(sheet: &'a CueSheet, name: &str) -> Vec<&'a crate::Cue> {
    cues(sheet, CueKind::Effect)
        .into_iter()
        .filter(|cue| cue.name == name)
        .collect()
}

#[test]
fn the_end_credits_are_quiet_without_a_score() {
    let (mut plan, breakdown) = production(24.0);
    plan.end_credits = vec![oneshot_model::CreditCard {
        lines: vec!["CAST".into()],
        seconds: 4.0,
    }];
    let sheet = cue_sheet(&plan, &breakdown).unwrap();
    let edit = Edit::from_plan(&plan, |_| String::new()).unwrap();
    let pictures_end = edit.credits[0].record_in;
    assert_eq!(sheet.frames, pictures_end + 96);
    assert!(sheet.cues.iter().all(|cue| cue.end_frame <= pictures_end));
    // Not a breath of room tone: the last bed ends with the picture.
    let credits_s = pictures_end as f64 / 24.0;
    assert_eq!(rms(&wav(&sheet), credits_s, credits_s + 4.0), 0.0);
}

#[test]
fn the_score_plays_out_under_the_end_credits() {
    let (mut plan, breakdown) = production(24.0);
    plan.score = true;
    plan.end_credits = vec![oneshot_model::CreditCard {
        lines: vec!["CAST".into()],
        seconds: 6.0,
    }];
    let score = |plan: &ProductionPlan| {
        let sheet = cue_sheet(plan, &breakdown).unwrap();
        let cues: Vec<(String, u64, u64, String)> = cues(&sheet, CueKind::Score)
            .iter()
            .map(|c| (c.name.clone(), c.start_frame, c.end_frame, c.shot.clone()))
            .collect();
        (sheet, cues)
    };
    let (sheet, cues) = score(&plan);
    let pictures_end = sheet.frames - 144;
    // The street's night music, which ends the cut, plays on to the last frame.
    let [_, (name, start, end, shot)] = &cues[..] else {
        panic!("{cues:?}")
    };
    // (1M2 is the street's song, source music.)
    assert_eq!((name.as_str(), *end), ("1M3", sheet.frames));
    assert!(*start < pictures_end && shot == "2-1");
    let credits_s = pictures_end as f64 / 24.0;
    assert!(rms(&wav(&sheet), credits_s + 1.0, credits_s + 3.0) > 0.0);

    // After a fade to black the music comes in again with the credits.
    plan.scenes = serde_json::from_value(serde_json::json!([
        {"scene": 2, "heading": "EXT. YARD - NIGHT", "pieces": [], "lights": [],
         "world_color": "#000000", "transition_out": {"kind": "fade", "seconds": 1.0}}
    ]))
    .unwrap();
    let (sheet, cues) = score(&plan);
    let [_, (street, _, street_end, _), (credits, start, end, shot)] = &cues[..] else {
        panic!("{cues:?}")
    };
    assert_eq!((street.as_str(), *street_end), ("1M3", pictures_end));
    assert_eq!(
        (credits.as_str(), *start, *end, shot.as_str()),
        ("1M4", pictures_end, sheet.frames, "2-2")
    );
}

#[test]
fn cues_start_on_the_edits_frames() {
    for fps in [24.0, 23.976, 25.0, 12.5] {
        let (plan, breakdown) = production(fps);
        let sheet = cue_sheet(&plan, &breakdown).unwrap();
        let edit = Edit::from_plan(&plan, |_| String::new()).unwrap();
        assert_eq!(sheet.frames, edit.frames());
        let spoken: Vec<u64> = cues(&sheet, CueKind::Dialogue)
            .iter()
            .map(|c| c.start_frame)
            .collect();
        let cut: Vec<u64> = edit
            .clips
            .iter()
            .filter(|c| c.shot.speaker.is_some())
            .map(|c| c.record_in)
            .collect();
        assert_eq!(spoken, cut, "{fps} fps");
    }
    // 10.5 frames round to even: the first line comes in on frame 10, not 11.
    let sheet = cue_sheet(&production(24.0).0, &production(24.0).1).unwrap();
    let first = cues(&sheet, CueKind::Dialogue)[0];
    assert_eq!((first.start_frame, first.end_frame), (10, 10 + 38)); // 1.6 s = 38.4 frames
    assert_eq!(first.start_tc, "01:00:00:10");
    assert_eq!(
        (first.name.as_str(), first.text.as_str()),
        ("NINA", "Voss was here.")
    );
    assert!((first.start_s - 10.0 / 24.0).abs() < 1e-12);
}

#[test]
fn beds_cover_their_scene_and_effects_land_where_named() {
    let (plan, breakdown) = production(24.0);
    let sheet = cue_sheet(&plan, &breakdown).unwrap();
    let beds = cues(&sheet, CueKind::Ambience);
    assert_eq!(beds.len(), 2);
    assert_eq!(
        (beds[0].start_frame, beds[0].end_frame),
        (0, beds[1].start_frame)
    );
    assert_eq!(beds[1].end_frame, sheet.frames);
    let street = beds[1].setting.as_ref().unwrap();
    assert!(street.exterior() && street.night);
    assert!(!beds[0].setting.as_ref().unwrap().exterior());

    let music = cues(&sheet, CueKind::Music);
    assert_eq!(music.len(), 1);
    assert_eq!(
        (music[0].start_frame, music[0].end_frame),
        (beds[1].start_frame, sheet.frames)
    );
    let effects = cues(&sheet, CueKind::Effect);
    let names: Vec<(&str, &str)> = effects
        .iter()
        .map(|c| (c.name.as_str(), c.shot.as_str()))
        .collect();
    // The gunshot is named in 2-1; the siren nowhere, so it plays from the scene's start.
    assert_eq!(names, [("gunshot", "2-1"), ("siren", "2-1")]);
    assert_eq!(effects[0].end_frame - effects[0].start_frame, 24);
    assert!(
        sheet
            .cues
            .windows(2)
            .all(|w| w[0].start_frame <= w[1].start_frame)
    );
}

#[test]
fn a_line_the_breakdown_does_not_have_takes_the_shot() {
    let (mut plan, breakdown) = production(24.0);
    plan.shots[2].speaker = Some("DEX".into());
    let sheet = cue_sheet(&plan, &breakdown).unwrap();
    let dex = cues(&sheet, CueKind::Dialogue)[1];
    assert_eq!(
        (dex.name.as_str(), dex.text.as_str()),
        ("DEX", "Nobody pays Voss.")
    );
    let edit = Edit::from_plan(&plan, |_| String::new()).unwrap();
    assert_eq!(
        dex.end_frame,
        edit.clips[2].record_in + edit.clips[2].frames
    );
}

#[test]
fn timecode_counts_from_one_hour_in_the_nominal_base() {
    // 61 timecode seconds and 23 frames, counted 24 to the second.
    let frames = 24.0 * 61.0 + 23.0;
    let long = plan(
        23.976,
        vec![shot("1-1", 1, Some("NINA"), "Hi.", frames / 23.976)],
    );
    let sheet = cue_sheet(&long, &Script::default()).unwrap();
    assert_eq!(sheet.timecode_base, 24);
    assert_eq!(sheet.start_timecode, "01:00:00:00");
    assert_eq!(sheet.cues.last().unwrap().end_tc, "01:01:01:23");
}

#[test]
fn drop_frame_timecode_keeps_the_clocks_time() {
    let mut long = plan(29.97, vec![shot("1-1", 1, Some("NINA"), "Hi.", 61.0)]);
    long.drop_frame = true;
    let sheet = cue_sheet(&long, &Script::default()).unwrap();
    assert_eq!(sheet.start_timecode, "01:00:00;00");
    // 1828 frames: 61 s of the clock, the numbers ;00 and ;01 of minute 1 skipped.
    assert_eq!(sheet.cues.last().unwrap().end_tc, "01:01:01;00");
    // 01:00:00;00 is frame 107892 at 30000/1001 fps: 3599.9964 s after midnight.
    let bytes = wav(&sheet);
    let reference = u64::from_le_bytes(bytes[358..366].try_into().unwrap());
    assert_eq!(reference, 172_799_827);
}

#[test]
fn the_mix_lasts_exactly_the_cut() {
    for fps in [24.0, 23.976, 25.0, 29.97, 12.5] {
        let (plan, breakdown) = production(fps);
        let sheet = cue_sheet(&plan, &breakdown).unwrap();
        let samples = (sheet.frames as f64 * 48_000.0 / f64::from(fps)).round() as u64;
        assert_eq!(mix_samples(&sheet), samples);
        assert_eq!(
            wav(&sheet).len() as u64,
            HEADER as u64 + samples * 4,
            "{fps} fps"
        );
    }
}

#[test]
fn the_header_is_pcm_in_a_broadcast_wave_at_the_cuts_timecode() {
    for (fps, samples_since_midnight) in [(24.0, 3600 * 48_000), (23.976, 172_972_800u64)] {
        let (plan, breakdown) = production(fps);
        let sheet = cue_sheet(&plan, &breakdown).unwrap();
        let bytes = wav(&sheet);
        let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
        let u16_at = |at: usize| u16::from_le_bytes(bytes[at..at + 2].try_into().unwrap());
        assert_eq!(&bytes[0..4], b"RIFF");
        assert_eq!(u32_at(4) as usize, bytes.len() - 8);
        assert_eq!(&bytes[8..16], b"WAVEbext");
        assert_eq!(u32_at(16), 602);
        let bext = &bytes[20..622];
        let described = b"Alley Kings: temp mix";
        assert!(bext.starts_with(described) && bext[described.len()] == 0);
        assert_eq!(&bext[256..264], b"oneshot\0");
        // 01:00:00:00 of the cut: an hour of timecode frames, at the cut's real rate.
        let reference = u64::from_le_bytes(bext[338..346].try_into().unwrap());
        assert_eq!(reference, samples_since_midnight, "{fps} fps");
        assert_eq!(&bytes[622..626], b"fmt ");
        assert_eq!((u32_at(626), u16_at(630), u16_at(632)), (16, 1, 2));
        assert_eq!((u32_at(634), u32_at(638)), (SAMPLE_RATE, SAMPLE_RATE * 4));
        assert_eq!((u16_at(642), u16_at(644)), (4, 16));
        assert_eq!(&bytes[646..650], b"data");
        assert_eq!(HEADER, 654);
        assert_eq!(u32_at(650) as usize, bytes.len() - HEADER);
        // A stem says which it is.
        let mut stem = Vec::new();
        write_stem(&sheet, CueKind::Dialogue, 1.0, &mut stem).unwrap();
        assert!(stem[20..].starts_with(b"Alley Kings: dialogue stem\0"));
    }
}

/// Root mean square of the samples between two times.
fn rms(bytes: &[u8], from_s: f64, to_s: f64) -> f64 {
    let at = |s: f64| HEADER + (s * 48_000.0) as usize * 4;
    let samples: Vec<f64> = bytes[at(from_s)..at(to_s)]
        .chunks_exact(2)
        .map(|b| f64::from(i16::from_le_bytes([b[0], b[1]])))
        .collect();
    (samples.iter().map(|s| s * s).sum::<f64>() / samples.len() as f64).sqrt()
}

#[test]
fn the_mix_is_deterministic_and_sounds_where_the_cues_are() {
    let (plan, breakdown) = production(24.0);
    let sheet = cue_sheet(&plan, &breakdown).unwrap();
    let bytes = wav(&sheet);
    assert_eq!(bytes, wav(&cue_sheet(&plan, &breakdown).unwrap()));
    // The garage's room tone alone, then under a line; the street outside is louder.
    let room = rms(&bytes, 0.05, 0.4);
    let line = rms(&bytes, 0.5, 1.9);
    let street = rms(&bytes, 5.0, 5.5);
    assert!(room > 50.0, "{room}");
    assert!(line > 2.0 * room, "{line} vs {room}");
    assert!(street > 1.5 * room, "{street} vs {room}");
}

#[test]
fn an_empty_plan_has_no_cues_and_an_empty_mix() {
    let sheet = cue_sheet(&plan(24.0, vec![]), &Script::default()).unwrap();
    assert!(sheet.cues.is_empty());
    assert_eq!((sheet.frames, sheet.duration_s), (0, 0.0));
    assert_eq!(sheet.csv().lines().count(), 1);
    let bytes = wav(&sheet);
    assert_eq!(bytes.len(), HEADER);
    assert_eq!(&bytes[HEADER - 8..], b"data\0\0\0\0");
}

#[test]
fn an_uncuttable_plan_is_an_error() {
    let err = cue_sheet(&plan(f32::NAN, vec![]), &Script::default()).unwrap_err();
    assert!(matches!(err, SoundError::Edit(_)), "{err}");
    let bad = plan(24.0, vec![shot("1-1", 1, None, "", -1.0)]);
    assert!(cue_sheet(&bad, &Script::default()).is_err());
}

#[test]
fn a_cut_too_long_for_a_wav_is_an_error() {
    let shots = (0..8)
        .map(|n| shot(&format!("1-{n}"), 1, None, "", 86_400.0))
        .collect();
    let sheet = cue_sheet(&plan(24.0, shots), &Script::default()).unwrap();
    let err = write_temp_mix(&sheet, 1.0, &mut std::io::sink()).unwrap_err();
    assert!(matches!(err, SoundError::TooLong { .. }), "{err}");
}

#[test]
fn csv_quotes_what_needs_quoting() {
    let (mut plan, mut breakdown) = production(24.0);
    breakdown.scenes[0].lines[0].text = "Voss, he said \"no\".".into();
    plan.shots[1].description = breakdown.scenes[0].lines[0].text.clone();
    let csv = cue_sheet(&plan, &breakdown).unwrap().csv();
    let mut rows = csv.lines();
    assert_eq!(
        rows.next(),
        Some("kind,scene,shot,name,text,start_tc,end_tc,start_s,end_s,start_frame,end_frame")
    );
    assert!(
        csv.contains("dialogue,1,1-2,NINA,\"Voss, he said \"\"no\"\".\",01:00:00:10,01:00:02:00,0.417,2.000,10,48\n"),
        "{csv}"
    );
}

/// The ambience stem of `sheet` between two times: its RMS, and how bright it is
/// (the RMS of the sample-to-sample change over the RMS: hiss is bright, rumble dark).
fn ambience(sheet: &CueSheet, from_s: f64, to_s: f64) -> (f64, f64) {
    let mut stem = Vec::new();
    write_stem(sheet, CueKind::Ambience, 1.0, &mut stem).unwrap();
    let left: Vec<f64> = samples(&stem)
        .into_iter()
        .step_by(2)
        .skip((from_s * 48_000.0) as usize)
        .take(((to_s - from_s) * 48_000.0) as usize)
        .map(f64::from)
        .collect();
    let rms = |values: &mut dyn Iterator<Item = f64>| {
        let (sum, n) = values.fold((0.0, 0), |(sum, n), v| (sum + v * v, n + 1));
        (sum / n as f64).sqrt()
    };
    let level = rms(&mut left.iter().copied());
    let change = rms(&mut left.windows(2).map(|pair| pair[1] - pair[0]));
    (level, change / level)
}

/// The cue sheet of [`production`], and of it with rain and wind in every scene.
fn dry_and_wet() -> (CueSheet, CueSheet) {
    let (plan, mut breakdown) = production(24.0);
    let dry = cue_sheet(&plan, &breakdown).unwrap();
    for scene in &mut breakdown.scenes {
        scene
            .elements
            .insert(Category::SpecialEffects, vec!["rain".into(), "wind".into()]);
    }
    (dry, cue_sheet(&plan, &breakdown).unwrap())
}

#[test]
fn the_weather_of_the_special_effects_is_in_the_beds() {
    let (dry, wet) = dry_and_wet();
    let weather = |sheet: &CueSheet| -> Vec<crate::Weather> {
        cues(sheet, CueKind::Ambience)
            .iter()
            .map(|cue| cue.setting.as_ref().unwrap().weather)
            .collect()
    };
    assert!(
        weather(&dry)
            .iter()
            .all(|w| *w == crate::Weather::default())
    );
    let rain_and_wind = crate::Weather {
        rain: true,
        wind: true,
        ..crate::Weather::default()
    };
    assert_eq!(weather(&wet), [rain_and_wind; 2]);
    // A fire burns in the bed; an explosion's is not weather (it booms as it goes off).
    let burning = |elements: &[&str]| {
        let elements: Vec<String> = elements.iter().map(|e| e.to_string()).collect();
        crate::Weather::of(&elements).fire
    };
    assert!(burning(&["flames"]) && burning(&["explosion", "fire"]));
    assert!(!burning(&["explosion"]));

    // Outside (the street, from 4.4 s), rain is a bright hiss over the bed; inside
    // (the garage) it drums on the roof: louder than the room tone, but dark.
    let (street_dry, street_dry_bright) = ambience(&dry, 5.0, 6.0);
    let (street_wet, street_wet_bright) = ambience(&wet, 5.0, 6.0);
    assert!(
        street_wet > 1.3 * street_dry,
        "{street_wet} vs {street_dry}"
    );
    assert!(street_wet_bright > 2.0 * street_dry_bright);
    let (room_dry, _) = ambience(&dry, 0.5, 3.5);
    let (room_wet, room_wet_bright) = ambience(&wet, 0.5, 3.5);
    assert!(room_wet > 1.5 * room_dry, "{room_wet} vs {room_dry}");
    assert!(room_wet_bright < 0.5 * street_wet_bright);
    stems_add_up(&wet);
}

#[test]
fn a_glowing_stand_in_hums_in_its_scenes_bed() {
    let (mut plan, breakdown) = production(24.0);
    let quiet = cue_sheet(&plan, &breakdown).unwrap();
    let stand_in = |primitive: &str, surface: &str| {
        serde_json::from_value(serde_json::json!({
            "scene": 1, "heading": "INT. YARD - DAY", "lights": [], "world_color": "#000000",
            "pieces": [{
                "name": "it", "role": "effect", "primitive": primitive,
                "transform": {"location": [0, 2, 1], "rotation": [0, 0, 0, 1], "scale": [1, 1, 1]},
                "color": "#5fd7ff", "surface": surface
            }]
        }))
        .unwrap()
    };
    plan.scenes = vec![stand_in("cylinder", "matte")];
    let unlit = cue_sheet(&plan, &breakdown).unwrap();
    plan.scenes = vec![stand_in("mannequin", "spectral")];
    let ghost = cue_sheet(&plan, &breakdown).unwrap();
    plan.scenes = vec![stand_in("cylinder", "spectral")];
    let humming = cue_sheet(&plan, &breakdown).unwrap();
    let hums = |sheet: &CueSheet| -> Vec<bool> {
        cues(sheet, CueKind::Ambience)
            .iter()
            .map(|cue| cue.setting.as_ref().unwrap().weather.hum)
            .collect()
    };
    assert_eq!(hums(&quiet), [false, false]);
    assert_eq!(hums(&unlit), [false, false], "a matte stand-in is silent");
    assert_eq!(hums(&ghost), [false, false], "so is a ghost");
    assert_eq!(
        hums(&humming),
        [true, false],
        "only the hologram's scene hums"
    );
    // The hum is low and steady: louder than the room tone, no brighter.
    let (room, room_bright) = ambience(&quiet, 0.5, 2.0);
    let (hum, hum_bright) = ambience(&humming, 0.5, 2.0);
    assert!(hum > 1.5 * room, "{hum} vs {room}");
    assert!(hum_bright < 1.5 * room_bright);
    stems_add_up(&humming);
}

#[test]
fn a_storm_thunders_every_several_seconds() {
    let (mut plan, mut breakdown) = production(24.0);
    plan.shots.truncate(1);
    plan.shots[0].duration_s = 30.0;
    breakdown.scenes[0]
        .elements
        .insert(Category::SpecialEffects, vec!["lightning".into()]);
    let sheet = cue_sheet(&plan, &breakdown).unwrap();
    // Half-second windows: the room tone's level, and the rumbles well above it.
    let levels: Vec<f64> = (0..60)
        .map(|i| ambience(&sheet, i as f64 * 0.5, i as f64 * 0.5 + 0.5).0)
        .collect();
    let quiet = levels.iter().copied().fold(f64::MAX, f64::min);
    let rumbles = levels
        .windows(2)
        .filter(|pair| pair[0] < 2.0 * quiet && pair[1] >= 2.0 * quiet)
        .count();
    assert!(
        (2..=5).contains(&rumbles),
        "{rumbles} rumbles in 30 s: {levels:?}"
    );
}

#[test]
fn thunder_follows_each_lightning_strike_in_the_picture() {
    let (mut plan, mut breakdown) = production(24.0);
    plan.shots.truncate(1);
    plan.shots[0].duration_s = 20.0;
    breakdown.scenes[0]
        .elements
        .insert(Category::SpecialEffects, vec!["storm".into()]);
    let lightning = oneshot_model::EffectLayer {
        kind: oneshot_model::EffectKind::Lightning,
        strength: 1.0,
        wind: 0.6,
    };
    plan.scenes = serde_json::from_value(serde_json::json!([{
        "scene": 1, "heading": "INT. YARD - DAY", "pieces": [], "lights": [],
        "world_color": "#000000", "effects": [lightning]
    }]))
    .unwrap();
    let sheet = cue_sheet(&plan, &breakdown).unwrap();
    let strikes = oneshot_fx::lightning_strikes(&plan.scenes[0].effects, 0, 20.0);
    let claps: Vec<&crate::Cue> = effects_named(&sheet, crate::cues::THUNDER);
    assert!(
        strikes.len() >= 3 && claps.len() == strikes.len(),
        "{strikes:?}"
    );
    for (strike, clap) in strikes.iter().zip(&claps) {
        let late = clap.start_s - f64::from(*strike);
        assert!(
            (0.4..=2.6).contains(&late),
            "heard {late} s after its flash"
        );
    }
    // The storm's thunder is the picture's: the bed rolls none of its own.
    let bed = &cues(&sheet, CueKind::Ambience)[0];
    let weather = bed.setting.as_ref().unwrap().weather;
    assert!(weather.rain && weather.wind && !weather.thunder);
    // And it rolls: the effects stem rumbles after the first clap, not before it.
    let mut stem = Vec::new();
    write_stem(&sheet, CueKind::Effect, 1.0, &mut stem).unwrap();
    let clap = claps[0].start_s;
    assert!(rms(&stem, clap + 0.3, clap + 1.3) > 20.0 * rms(&stem, 0.0, clap).max(1.0));
}

/// Set-up 1-1 with a door swinging through keys `closed`, `still`, `open`.
fn swinging_door(
    closed: serde_json::Value,
    still: serde_json::Value,
    open: serde_json::Value,
) -> oneshot_model::ShotSetup {
    let mut setup = setup("1-1");
    setup.doors = serde_json::from_value(serde_json::json!([{
        "piece": "Door", "keys": [closed, still, open]
    }]))
    .unwrap();
    setup
}

/// The one effect cue called `name`: what it names, its first and last frame.
fn only_effect<'a>(sheet: &'a CueSheet, name: &str) -> (&'a str, u64, u64) {
    let found = effects_named(sheet, name);
    assert_eq!(found.len(), 1, "{:?}", sheet.cues);
    (
        found[0].text.as_str(),
        found[0].start_frame,
        found[0].end_frame,
    )
}

/// How many sounds start in the effects stem's first `seconds`: 50 ms windows
/// louder than a murmur after a quieter one (or at the very start).
fn effect_onsets(sheet: &CueSheet, seconds: f64) -> usize {
    let mut stem = Vec::new();
    write_stem(sheet, CueKind::Effect, 1.0, &mut stem).unwrap();
    let windows = (seconds / 0.05).round() as usize;
    let loud: Vec<bool> = (0..windows)
        .map(|i| rms(&stem, i as f64 * 0.05, i as f64 * 0.05 + 0.05) > 300.0)
        .collect();
    loud.windows(2).filter(|w| !w[0] && w[1]).count() + usize::from(loud[0])
}

/// A locked-off set-up for shot `id`, one frame, nobody moving.
fn setup(id: &str) -> oneshot_model::ShotSetup {
    serde_json::from_value(serde_json::json!({
        "shot_id": id,
        "camera": {"name": "CAM", "transform": {"location": [0.0, -5.0, 1.6],
            "rotation": [0.0, 0.0, 0.0, 1.0], "scale": [1.0, 1.0, 1.0]},
            "lens_mm": 35.0, "sensor_width_mm": 36.0, "focus_distance": null},
        "path": null, "frames": 1
    }))
    .unwrap()
}

#[test]
fn footsteps_are_heard_while_someone_walks_on() {
    let (mut plan, breakdown) = production(24.0);
    plan.shots.truncate(1);
    plan.shots[0].duration_s = 4.0;
    // Three metres in 47 frames (a walk), a turn on the spot, then standing.
    let key = |frame: i32, x: f32| {
        serde_json::json!({"frame": frame, "transform": {
            "location": [x, 0.0, 0.0], "rotation": [0.0, 0.0, 0.0, 1.0], "scale": [0.5, 0.3, 1.8]
        }})
    };
    let mut walking = setup("1-1");
    walking.walks = serde_json::from_value(serde_json::json!([{"character": "NINA",
        "entrance": true, "keys": [key(1, -3.0), key(48, 0.0), key(60, 0.0), key(96, 0.0)]}]))
    .unwrap();
    plan.setups = vec![walking];
    let sheet = cue_sheet(&plan, &breakdown).unwrap();
    assert_eq!(only_effect(&sheet, crate::cues::FOOTSTEPS), ("NINA", 0, 47));
    // No door swings here: none is heard.
    assert!(effects_named(&sheet, crate::cues::DOOR).is_empty());
    // A footfall about twice a second while she walks, silence once she stands.
    let footfalls = effect_onsets(&sheet, 1.95);
    assert!((3..=5).contains(&footfalls), "{footfalls} footfalls");
    let mut stem = Vec::new();
    write_stem(&sheet, CueKind::Effect, 1.0, &mut stem).unwrap();
    assert_eq!(rms(&stem, 2.2, 3.9), 0.0);

    // A door swinging from frame 30 is heard then: its latch, then its thud.
    let mut swung = swinging_door(key(1, 0.0), key(30, 0.0), key(40, 0.5));
    swung.walks = plan.setups[0].walks.clone();
    plan.setups = vec![swung];
    let sheet = cue_sheet(&plan, &breakdown).unwrap();
    let door = effects_named(&sheet, crate::cues::DOOR);
    assert_eq!((door.len(), door[0].start_frame), (1, 29));

    // Running, the steps come faster, and the cue says so.
    let walk = &mut plan.setups[0].walks[0];
    walk.keys[1].frame = 20;
    let sheet = cue_sheet(&plan, &breakdown).unwrap();
    assert!(
        sheet
            .cues
            .iter()
            .any(|cue| cue.name == crate::cues::RUNNING_FOOTSTEPS && cue.end_frame == 19)
    );
}

#[test]
fn a_lamp_switched_clicks_and_a_candle_is_put_out_quietly() {
    let (mut plan, breakdown) = production(24.0);
    plan.shots.truncate(1);
    plan.shots[0].duration_s = 4.0;
    let mut switched = setup("1-1");
    switched.dimmers = serde_json::from_value(serde_json::json!([
        {"light": "Practical 1", "piece": "lamp", "keys": [
            {"frame": 1, "level": 1.0}, {"frame": 40, "level": 1.0},
            {"frame": 45, "level": 0.0}, {"frame": 96, "level": 0.0}]},
        {"light": "Practical 2", "piece": "CANDLES", "keys": [
            {"frame": 1, "level": 1.0}, {"frame": 60, "level": 1.0},
            {"frame": 65, "level": 0.0}, {"frame": 96, "level": 0.0}]},
        {"light": "Practical 3", "piece": "neon sign", "keys": [{"frame": 1, "level": 1.0}]}
    ]))
    .unwrap();
    plan.setups = vec![switched];
    let sheet = cue_sheet(&plan, &breakdown).unwrap();
    let clicks = effects_named(&sheet, crate::cues::LIGHT_SWITCH);
    assert_eq!(clicks.len(), 1, "{clicks:?}");
    assert_eq!(
        (clicks[0].text.as_str(), clicks[0].start_frame),
        ("lamp", 39)
    );
    let mut stem = Vec::new();
    write_stem(&sheet, CueKind::Effect, 1.0, &mut stem).unwrap();
    let (before, click) = (rms(&stem, 1.4, 1.6), rms(&stem, 1.625, 1.66));
    assert!(before == 0.0 && click > 300.0, "{before} then {click}");
}

/// The cue sheet of one four-second shot of Ray punching and Dex on guard.
fn a_fight() -> CueSheet {
    let (mut plan, breakdown) = production(24.0);
    plan.shots.truncate(1);
    plan.shots[0].duration_s = 4.0;
    let mut fight = setup("1-1");
    fight.gestures = serde_json::from_value(serde_json::json!([
        {"character": "RAY", "pose": "punch"}, {"character": "DEX", "pose": "guard"}
    ]))
    .unwrap();
    plan.setups = vec![fight];
    cue_sheet(&plan, &breakdown).unwrap()
}

#[test]
fn a_fight_lands_blows_through_its_shot() {
    let sheet = a_fight();
    assert_eq!(only_effect(&sheet, crate::cues::PUNCHES), ("RAY", 0, 96));
    // A blow every half second or so: loud onsets, quiet between them.
    let landed = effect_onsets(&sheet, 4.0);
    assert!((5..=12).contains(&landed), "{landed} blows in 4 s");
}

#[test]
fn an_explosion_booms_as_its_blast_goes_off() {
    let (mut plan, breakdown) = production(24.0);
    plan.shots.truncate(2);
    let mut blast = setup("1-2");
    blast.effects = vec![oneshot_model::EffectLayer {
        kind: oneshot_model::EffectKind::Blast,
        strength: 1.0,
        wind: 0.0,
    }];
    plan.setups = vec![setup("1-1"), blast];
    let sheet = cue_sheet(&plan, &breakdown).unwrap();
    let booms: Vec<&crate::Cue> = effects_named(&sheet, crate::cues::EXPLOSION);
    assert_eq!(booms.len(), 1, "{:?}", sheet.cues);
    let dialogue = cues(&sheet, CueKind::Dialogue);
    // On the frame the blast shot is cut in, the same as its line's.
    assert_eq!(
        (booms[0].shot.as_str(), booms[0].start_frame),
        ("1-2", dialogue[0].start_frame)
    );
    let mut stem = Vec::new();
    write_stem(&sheet, CueKind::Effect, 1.0, &mut stem).unwrap();
    let bang = booms[0].start_s;
    assert!(rms(&stem, bang, bang + 0.3) > 10.0 * rms(&stem, bang + 1.8, bang + 2.0).max(1.0));
    assert_eq!(rms(&stem, 0.0, bang), 0.0);
}

#[test]
fn the_temp_score_opens_and_closes_the_cut_and_ducks_under_the_lines() {
    let (mut plan, mut breakdown) = production(24.0);
    assert!(
        cues(&cue_sheet(&plan, &breakdown).unwrap(), CueKind::Score).is_empty(),
        "no score unless the plan asks for one"
    );
    plan.score = true;
    let sheet = cue_sheet(&plan, &breakdown).unwrap();
    let score: Vec<(&str, &str, u64)> = cues(&sheet, CueKind::Score)
        .iter()
        .map(|c| (c.name.as_str(), c.text.as_str(), c.start_frame))
        .collect();
    let street = cues(&sheet, CueKind::Ambience)[1].start_frame;
    // The garage by day opens the cut; the street by night ends it. Source music
    // and score are numbered together: the street's song is 1M2.
    assert_eq!(
        score,
        [
            ("1M1", "warm, C major, 76 bpm", 0),
            ("1M3", "tension, A minor, 60 bpm", street)
        ]
    );
    let song = &cues(&sheet, CueKind::Music)[0];
    assert_eq!(
        (song.name.as_str(), song.number.as_deref()),
        ("song", Some("1M2"))
    );
    // The music cue sheet: every cue of music, its use, its length, and the total.
    let music = sheet.music_csv();
    let rows: Vec<Vec<&str>> = music.lines().map(|row| row.split(',').collect()).collect();
    assert_eq!(
        rows[0],
        [
            "cue", "title", "usage", "start_tc", "end_tc", "duration", "scene", "shot"
        ]
    );
    let uses: Vec<(&str, &str)> = rows[1..4]
        .iter()
        .map(|row| (row[0], row[row.len() - 6]))
        .collect();
    assert_eq!(uses, [("1M1", "BI"), ("1M2", "SV"), ("1M3", "BI")]);
    assert!(
        music.contains("1M1,\"Temp score: warm, C major, 76 bpm\",BI,01:00:00:00,"),
        "{music}"
    );
    assert!(rows[4][0] == "total music" && rows.len() == 5, "{music}");
    assert!(
        sheet.csv().contains("\nscore,1,1-1,1M1,"),
        "{}",
        sheet.csv()
    );
    // The score is music: it is in the music stem, and the stems still add up.
    stems_add_up(&sheet);

    // Under a line the score is 10 dB down: against the same score with no lines.
    let music = |sheet: &CueSheet| {
        let mut stem = Vec::new();
        write_stem(sheet, CueKind::Music, 1.0, &mut stem).unwrap();
        samples(&stem)
    };
    let mut dry = sheet.clone();
    dry.cues.retain(|cue| cue.kind != CueKind::Dialogue);
    let (ducked, dry) = (music(&sheet), music(&dry));
    let line = cues(&sheet, CueKind::Dialogue)[0];
    // From a quarter second into the line (the ramp) to its end.
    let rate = f64::from(SAMPLE_RATE);
    let within = ((line.start_s + 0.25) * rate) as usize * 2..(line.end_s * rate) as usize * 2;
    let energy = |samples: &[i32]| samples.iter().map(|&s| f64::from(s).powi(2)).sum::<f64>();
    let ratio = (energy(&ducked[within.clone()]) / energy(&dry[within])).sqrt();
    assert!((ratio - 0.316).abs() < 0.02, "{ratio}");

    // A fight scores its scene as action, though the garage talks.
    breakdown.scenes[0]
        .elements
        .insert(Category::Stunts, vec!["fight".into()]);
    let fight = cue_sheet(&plan, &breakdown).unwrap();
    assert_eq!(
        cues(&fight, CueKind::Score)[0].score.as_ref().unwrap().mood,
        crate::score::Mood::Action
    );
}

#[test]
fn an_effect_cut_off_by_its_shot_fades_out_without_a_click() {
    let sheet = a_fight();
    let mut stem = Vec::new();
    write_stem(&sheet, CueKind::Effect, 1.0, &mut stem).unwrap();
    // The blows sound to the end of the shot, and their last millisecond is near silence.
    let (tail, last_ms) = (rms(&stem, 3.9, 3.95), rms(&stem, 3.999, 4.0));
    assert!(tail > 10.0 && last_ms < 2.0, "{tail} then {last_ms}");
}

/// The loudness (LUFS) of `kind`'s stem of `sheet` between two times.
fn stem_loudness(sheet: &CueSheet, kind: CueKind, from_s: f64, to_s: f64) -> f64 {
    let mut stem = Vec::new();
    write_stem(sheet, kind, 1.0, &mut stem).unwrap();
    let frames: Vec<[f32; 2]> = samples(&stem)
        .chunks_exact(2)
        .skip((from_s * 48_000.0) as usize)
        .take(((to_s - from_s) * 48_000.0) as usize)
        .map(|pair| [pair[0], pair[1]].map(|s| s as f32 / f32::from(i16::MAX)))
        .collect();
    let mut meter = crate::loudness::Meter::default();
    meter.add(&frames);
    meter.integrated().unwrap_or(f64::NEG_INFINITY)
}

#[test]
fn backgrounds_sit_well_under_the_lines() {
    let (dry, wet) = dry_and_wet();
    // The garage's lines (0.4 to 3.9 s) and the street's (6.9 to 8.5 s): room tone
    // and street some 15 LU under them, a downpour with its wind still 8 under.
    for (sheet, under) in [(&dry, 12.0), (&wet, 8.0)] {
        for (from, to) in [(0.5, 3.8), (7.0, 8.4)] {
            let lines = stem_loudness(sheet, CueKind::Dialogue, from, to);
            let background = stem_loudness(sheet, CueKind::Ambience, from, to);
            assert!(
                lines - background >= under,
                "from {from} s: lines {lines:.1} LUFS, background {background:.1} LUFS"
            );
        }
    }
}

#[test]
fn backgrounds_carry_no_rumble_below_hearing() {
    let (plan, mut breakdown) = production(24.0);
    for scene in &mut breakdown.scenes {
        scene
            .elements
            .insert(Category::SpecialEffects, vec!["wind".into()]);
    }
    let sheet = cue_sheet(&plan, &breakdown).unwrap();
    let mut stem = Vec::new();
    write_stem(&sheet, CueKind::Ambience, 1.0, &mut stem).unwrap();
    let left: Vec<f64> = samples(&stem)
        .into_iter()
        .step_by(2)
        .map(f64::from)
        .collect();
    // What two one-pole low-passes at 20 Hz let through, against the whole.
    let coefficient = 1.0 - (-std::f64::consts::TAU * 20.0 / 48_000.0).exp();
    let (mut first, mut second) = (0.0, 0.0);
    let (mut low, mut all) = (0.0, 0.0);
    for sample in left {
        first += coefficient * (sample - first);
        second += coefficient * (first - second);
        low += second * second;
        all += sample * sample;
    }
    assert!(
        low / all < 0.01,
        "{:.1}% of the energy under 20 Hz",
        100.0 * low / all
    );
}

#[test]
fn the_beds_cross_over_with_the_pictures_dissolve() {
    let (mut plan, mut breakdown) = production(24.0);
    // By day, the street's hiss is bright against the room's dark tone.
    breakdown.scenes[1].time_of_day = Some("DAY".into());
    // The garage dissolves into the street over a second.
    plan.scenes = serde_json::from_value(serde_json::json!([
        {"scene": 1, "heading": "INT. YARD - DAY", "pieces": [], "lights": [],
         "world_color": "#000000"},
        {"scene": 2, "heading": "EXT. YARD - DAY", "pieces": [], "lights": [],
         "world_color": "#000000", "transition_in": {"kind": "dissolve", "seconds": 1.0}}
    ]))
    .unwrap();
    let sheet = cue_sheet(&plan, &breakdown).unwrap();
    let cut = cues(&sheet, CueKind::Ambience)[1].start_frame;
    assert_eq!(
        sheet.dissolves,
        [crate::Dissolve {
            start_frame: cut,
            end_frame: cut + 24
        }]
    );
    // Just after the cut the room's dark tone still leads; the street's hiss has
    // taken over by the dissolve's end.
    let at = cut as f64 / 24.0;
    let (_, room) = ambience(&sheet, at - 0.5, at);
    let (_, crossing) = ambience(&sheet, at + 0.05, at + 0.2);
    let (_, street) = ambience(&sheet, at + 1.1, at + 1.6);
    assert!(room < street, "{room} {street}");
    assert!(
        crossing < (room + street) / 2.0,
        "{room} {crossing} {street}"
    );
    stems_add_up(&sheet);
}

#[test]
fn two_speaking_at_once_are_heard_at_once() {
    let (mut plan, mut breakdown) = production(24.0);
    plan.shots[2] = shot("1-3", 1, Some("NINA"), "Left!", 2.5);
    let mut nina = line("NINA", "Left!", 1.0);
    let mut ray = line("RAY", "Right!", 2.0);
    (nina.dual, ray.dual) = (true, true);
    breakdown.scenes[0].lines = vec![line("NINA", "Voss was here.", 1.6), nina, ray];
    let sheet = cue_sheet(&plan, &breakdown).unwrap();
    let spoken: Vec<(&str, u64, u64)> = cues(&sheet, CueKind::Dialogue)
        .iter()
        .filter(|cue| cue.scene == 1)
        .map(|cue| (cue.name.as_str(), cue.start_frame, cue.end_frame))
        .collect();
    // Shot 1-3 is cut in at frame 58 (10 + 48): both lines start there.
    assert_eq!(
        spoken,
        [("NINA", 10, 48), ("NINA", 58, 82), ("RAY", 58, 106)]
    );
}
