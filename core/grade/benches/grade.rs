//! Throughput of grading a 1920x1080 RGBA frame: each built-in grade applied directly,
//! and a 33-point `.cube` LUT (tetrahedral), in pixels per second.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use oneshot_grade::Look;

const WIDTH: u32 = 1920;
const HEIGHT: u32 = 1080;

/// A deterministic 'photo': smooth gradients with some high-frequency texture.
fn synthetic() -> Vec<u8> {
    let mut rgba = Vec::with_capacity((WIDTH * HEIGHT * 4) as usize);
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let h = (x.wrapping_mul(73_856_093) ^ y.wrapping_mul(19_349_663)) % 32;
            rgba.extend_from_slice(&[
                (x * 255 / WIDTH + h).min(255) as u8,
                (y * 255 / HEIGHT + h / 2).min(255) as u8,
                ((x + y) * 128 / (WIDTH + HEIGHT) + h) as u8,
                255,
            ]);
        }
    }
    rgba
}

fn frame_1080p(c: &mut Criterion) {
    let source = synthetic();
    let mut frame = source.clone();
    let mut group = c.benchmark_group("grade_1080p");
    group.throughput(Throughput::Elements(u64::from(WIDTH * HEIGHT)));
    let teal = Look::resolve("teal-orange").unwrap();
    let looks = [
        ("teal-orange", teal.clone()),
        ("noir", Look::resolve("noir").unwrap()),
        ("lut33", Look::Lut(teal.to_cube("teal-orange", 33).unwrap())),
    ];
    for (name, look) in &looks {
        group.bench_function(*name, |b| {
            b.iter(|| {
                frame.copy_from_slice(&source);
                look.apply(WIDTH, HEIGHT, black_box(&mut frame)).unwrap();
            })
        });
    }
    group.finish();
}

criterion_group!(benches, frame_1080p);
criterion_main!(benches);
