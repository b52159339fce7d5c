//! Compositing each effect over a 960x540 frame (the default render size), and a
//! storm (haze, lightning and rain) over a 1920x1080 one.

use criterion::{Criterion, criterion_group, criterion_main};
use oneshot_model::{EffectKind, EffectLayer};

fn frame(width: u32, height: u32) -> Vec<u8> {
    (0..width * height * 4).map(|i| (i % 251) as u8).collect()
}

fn bench(c: &mut Criterion) {
    let layer = |kind| EffectLayer {
        kind,
        strength: 1.0,
        wind: 0.4,
    };
    let kinds = [
        ("rain", EffectKind::Rain),
        ("snow", EffectKind::Snow),
        ("haze", EffectKind::Haze),
        ("smoke", EffectKind::Smoke),
        ("lightning", EffectKind::Lightning),
        ("fire", EffectKind::Fire),
        ("sparks", EffectKind::Sparks),
        ("blast", EffectKind::Blast),
    ];
    let mut pixels = frame(960, 540);
    for (name, kind) in kinds {
        c.bench_function(&format!("fx_{name}_960x540"), |b| {
            b.iter(|| oneshot_fx::composite(&mut pixels, 960, 540, &[layer(kind)], 1.0, 7).unwrap())
        });
    }
    let storm = [
        layer(EffectKind::Haze),
        layer(EffectKind::Lightning),
        layer(EffectKind::Rain),
    ];
    let mut pixels = frame(1920, 1080);
    c.bench_function("fx_storm_1920x1080", |b| {
        b.iter(|| oneshot_fx::composite(&mut pixels, 1920, 1080, &storm, 0.5, 7).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
