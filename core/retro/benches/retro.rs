//! Throughput of the retro pipeline's hot paths.
//!
//! * `ordered_1080p`: a 1920x1080 frame to 320x180 with a fixed 16-colour palette and
//!   Bayer 4x4 dithering, in source pixels per second (the headline figure);
//! * `nearest`: one nearest-colour query by brute force, k-d tree and lookup table, for
//!   palettes of 4 to 256 colours (this picks [`oneshot_retro::nearest::KD_TREE_FROM`]);
//! * `diffusion` and `quantize`: Floyd-Steinberg at native size and a 256-colour palette
//!   chosen for a 768x512 frame.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use oneshot_model::RetroSettings;
use oneshot_retro::nearest::{Method, Nearest, RgbLut};
use oneshot_retro::quantize::{Histogram, quantize};
use oneshot_retro::{Dither, Image, Kernel, Library, PaletteMap, Pipeline};

/// A deterministic 'photo': smooth gradients with some high-frequency texture.
fn synthetic(width: u32, height: u32) -> Image {
    let mut rgba = Vec::with_capacity((width * height * 4) as usize);
    for y in 0..height {
        for x in 0..width {
            let h = (x.wrapping_mul(73_856_093) ^ y.wrapping_mul(19_349_663)) % 32;
            rgba.extend_from_slice(&[
                (x * 255 / width + h).min(255) as u8,
                (y * 255 / height + h / 2).min(255) as u8,
                ((x + y) * 128 / (width + height) + h) as u8,
                255,
            ]);
        }
    }
    Image::new(width, height, rgba).unwrap()
}

fn pipeline(settings: RetroSettings) -> Pipeline {
    Pipeline::with_library(&settings, &Library::builtin()).unwrap()
}

fn ordered_1080p(c: &mut Criterion) {
    let frame = synthetic(1920, 1080);
    let mut group = c.benchmark_group("ordered_1080p");
    group.throughput(Throughput::Elements(1920 * 1080));
    for dither in ["bayer4", "blue-noise"] {
        let p = pipeline(RetroSettings {
            palette: Some("pico8".into()),
            dither: Some(dither.into()),
            size: Some([320, 180]),
            ..Default::default()
        });
        p.process(1920, 1080, &frame.rgba).unwrap(); // builds the lookup table once
        group.bench_function(BenchmarkId::new("to_320x180", dither), |b| {
            b.iter(|| p.process(1920, 1080, black_box(&frame.rgba)).unwrap())
        });
    }
    let p = pipeline(RetroSettings {
        palette: Some("pico8".into()),
        dither: Some("bayer4".into()),
        size: Some([480, 270]),
        ..Default::default()
    });
    group.bench_function("downscale_only_to_480x270", |b| {
        b.iter(|| p.prepare(1920, 1080, black_box(&frame.rgba)).unwrap())
    });
    group.finish();
}

fn nearest(c: &mut Criterion) {
    let probes: Vec<[u8; 3]> = synthetic(64, 64)
        .rgba
        .chunks_exact(4)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    let labs: Vec<[f32; 3]> = probes
        .iter()
        .map(|&p| oneshot_retro::color::rgb_to_perceptual(p))
        .collect();
    let mut group = c.benchmark_group("nearest");
    group.throughput(Throughput::Elements(probes.len() as u64));
    for size in [4usize, 16, 32, 64, 128, 256] {
        let palette: Vec<[u8; 3]> = probes
            .iter()
            .step_by(probes.len() / size)
            .take(size)
            .copied()
            .collect();
        for (name, method) in [
            ("brute_force", Method::BruteForce),
            ("kd_tree", Method::KdTree),
        ] {
            let n = Nearest::with_method(&palette, method);
            group.bench_with_input(BenchmarkId::new(name, size), &labs, |b, labs| {
                b.iter(|| labs.iter().map(|&l| n.index_of(l) as u32).sum::<u32>())
            });
        }
        let lut = RgbLut::new(&Nearest::new(&palette));
        group.bench_with_input(
            BenchmarkId::new("lookup_table", size),
            &probes,
            |b, probes| b.iter(|| probes.iter().map(|&p| lut.index_of(p) as u32).sum::<u32>()),
        );
    }
    group.finish();
}

fn diffusion_and_quantize(c: &mut Criterion) {
    let frame = synthetic(768, 512);
    let prepared = pipeline(RetroSettings::default())
        .prepare(768, 512, &frame.rgba)
        .unwrap();
    let map = PaletteMap::new(oneshot_retro::Palette::builtin("pico8").unwrap().colors);
    let mut group = c.benchmark_group("diffusion");
    group.throughput(Throughput::Elements(768 * 512));
    group.bench_function("floyd_steinberg_768x512", |b| {
        b.iter(|| {
            map.map(
                &prepared.native,
                Dither::Diffusion(Kernel::FloydSteinberg),
                1.0,
                true,
            )
        })
    });
    group.finish();
    let histogram = Histogram::of_linear(&prepared.native);
    c.bench_function("quantize_256_768x512", |b| {
        b.iter(|| quantize(black_box(&histogram), 256, None))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = ordered_1080p, nearest, diffusion_and_quantize
}
criterion_main!(benches);
