//! Parse plus breakdown of Big Fish (the feature-length sample of the shared
//! corpus, about 190 scenes): `cargo bench -p oneshot-script --bench breakdown`.
//! Falls back to the project's own fixture when the corpus is absent.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};

fn script() -> (String, String) {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = std::env::var_os("ONESHOT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../../shared/corpus"));
    let big_fish = corpus.join("fountain/big-fish.fountain");
    let path = if big_fish.exists() {
        big_fish
    } else {
        eprintln!(
            "corpus absent ({}): benchmarking the lighthouse fixture",
            big_fish.display()
        );
        manifest.join("tests/fixtures/lighthouse.fountain")
    };
    let text = std::fs::read_to_string(&path).expect("the benchmark script is readable");
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    (text, name)
}

fn bench(c: &mut Criterion) {
    let (text, name) = script();
    c.bench_function(&format!("parse+breakdown {name}"), |b| {
        b.iter(|| oneshot_script::breakdown_source(black_box(&text), &name).unwrap())
    });
    c.bench_function(&format!("parse {name}"), |b| {
        b.iter(|| oneshot_script::fountain::parse(black_box(&text)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
