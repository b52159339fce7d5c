//! The exact solver on every benchmark instance with a known optimum, one by one and
//! the whole set in a row.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use oneshot_schedule::{Instance, read_instance, solve};

fn instances() -> Vec<(String, Instance)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let table = std::fs::read_to_string(dir.join("known_optima.tsv")).expect("known_optima.tsv");
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let mut fields = line.split('\t');
            let name = fields.next().expect("name").to_owned();
            let file = fields.next().expect("file");
            (
                name,
                read_instance(&dir.join(file)).expect("a valid instance"),
            )
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let instances = instances();
    let mut group = c.benchmark_group("talent");
    group.sample_size(10);
    for (name, instance) in &instances {
        group.bench_function(name.as_str(), |b| b.iter(|| solve(black_box(instance))));
    }
    group.bench_function("all", |b| {
        b.iter(|| {
            for (_, instance) in &instances {
                black_box(solve(instance));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
