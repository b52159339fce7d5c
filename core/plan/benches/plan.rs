//! The planning stage on the example production: breakdown already done, time the
//! plan (sets, light plots, shot list, cameras) and the parse + plan together.
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

criterion_group!(benches, planning);
criterion_main!(benches);
