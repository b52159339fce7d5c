//! The Rust stages on the example production: the plan (sets, light plots, shot
//! list, cameras) alone and with the parse, and the finish (storyboard contact sheet
//! and manifest) over frames of the demo's size.
//!
//! `cargo bench -p oneshot-plan --bench plan`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use oneshot_model::ProductionConfig;

fn example(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
}

fn planning(c: &mut Criterion) {
    let script_path = example("alley-kings.fountain");
    let text = std::fs::read_to_string(&script_path).expect("the example screenplay");
    let production =
        ProductionConfig::load(&example("alley-kings.toml")).expect("the example production");
    let script =
        oneshot_script::breakdown_source(&text, "alley-kings.fountain").expect("it parses");

    c.bench_function("plan alley-kings", |b| {
        b.iter(|| oneshot_plan::plan(black_box(&script), Some(&production)).expect("it plans"))
    });
    c.bench_function("parse + plan alley-kings", |b| {
        b.iter(|| {
            let script = oneshot_script::breakdown_source(black_box(&text), "alley-kings.fountain")
                .expect("it parses");
            oneshot_plan::plan(&script, Some(&production)).expect("it plans")
        })
    });
}

fn finishing(c: &mut Criterion) {
    let text =
        std::fs::read_to_string(example("alley-kings.fountain")).expect("the example screenplay");
    let production =
        ProductionConfig::load(&example("alley-kings.toml")).expect("the example production");
    let script =
        oneshot_script::breakdown_source(&text, "alley-kings.fountain").expect("it parses");
    let plan = oneshot_plan::plan(&script, Some(&production)).expect("it plans");
    let dir = tempfile::tempdir().expect("a temporary folder");
    oneshot_plan::write_plan(&plan, &script, dir.path()).expect("the plan is written");
    std::fs::create_dir(dir.path().join("frames")).expect("a frames folder");
    let [width, height] = plan.resolution;
    for (i, shot) in plan.shots.iter().enumerate() {
        let frame = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x + i as u32) as u8, y as u8, (i * 40) as u8])
        });
        frame
            .save(dir.path().join(format!("frames/{}.png", shot.id)))
            .expect("a frame");
    }
    c.bench_function("finish alley-kings (storyboard + manifest)", |b| {
        b.iter(|| {
            oneshot_plan::finish(
                black_box(dir.path()),
                oneshot_plan::MissingFrames::Placeholders,
            )
            .expect("it finishes")
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = planning, finishing
}
criterion_main!(benches);
