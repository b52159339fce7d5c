//! The cue sheet and the temp mix of a cut the size of the Alley Kings example
//! (seven scenes, forty-two shots, about three minutes), synthesized into memory.

use criterion::{Criterion, criterion_group, criterion_main};
use oneshot_model::{Category, DialogueLine, IntExt, ProductionPlan, Scene, Script, Shot};

/// Seven scenes alternating inside and out, day and night; each opens on a wide
/// shot with a thunderclap and cuts four lines between two characters.
fn production() -> (ProductionPlan, Script) {
    let mut plan: ProductionPlan = serde_json::from_value(serde_json::json!({
        "title": "Bench", "slug": "bench", "fps": 24.0, "resolution": [320, 180],
        "engine": "workbench", "samples": 1, "style": "stylized", "color_grade": "neutral",
        "retro": null, "scenes": [], "shots": [], "setups": [], "warnings": []
    }))
    .unwrap();
    let mut breakdown = Script::default();
    for number in 1..=7u32 {
        let speakers = ["NINA", "RAY", "DEX", "VOSS"];
        let lines: Vec<DialogueLine> = (0..4)
            .map(|i| DialogueLine {
                character: speakers[(number as usize + i) % 4].into(),
                text: "Somebody should tell him that in person.".into(),
                duration_s: 3.3,
                ..DialogueLine::default()
            })
            .collect();
        let shot = |n: usize, speaker: Option<&str>, description: &str, duration_s| {
            let mut shot: Shot = serde_json::from_value(serde_json::json!({
                "id": format!("{number}-{n}"), "scene": number, "kind": "single", "size": "MCU",
                "movement": "static", "subjects": [], "speaker": speaker,
                "description": description, "duration_s": duration_s, "lens_mm": 50.0
            }))
            .unwrap();
            shot.duration_s = duration_s;
            shot
        };
        plan.shots
            .push(shot(1, None, "Thunder rolls over the yard.", 6.0));
        for (n, line) in lines.iter().enumerate() {
            plan.shots
                .push(shot(n + 2, Some(&line.character), &line.text, 3.7));
        }
        plan.shots.push(shot(6, None, "They walk off.", 5.7));
        breakdown.scenes.push(Scene {
            number,
            int_ext: Some(if number % 2 == 0 {
                IntExt::Ext
            } else {
                IntExt::Int
            }),
            time_of_day: Some(if number > 3 { "NIGHT" } else { "DAY" }.into()),
            location: "YARD".into(),
            elements: [(Category::SoundEffectsMusic, vec!["thunder".into()])].into(),
            lines,
            ..Scene::default()
        });
    }
    (plan, breakdown)
}

fn temp_mix(c: &mut Criterion) {
    let (plan, breakdown) = production();
    let sheet = oneshot_sound::cue_sheet(&plan, &breakdown).unwrap();
    let mut wav = Vec::with_capacity(44 + oneshot_sound::mix_samples(&sheet) as usize * 4);
    c.bench_function("cue sheet, 42 shots", |b| {
        b.iter(|| oneshot_sound::cue_sheet(&plan, &breakdown).unwrap())
    });
    c.bench_function("temp mix, 185 s of cut", |b| {
        b.iter(|| {
            wav.clear();
            oneshot_sound::write_temp_mix(&sheet, 1.0, &mut wav).unwrap();
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = temp_mix
}
criterion_main!(benches);
