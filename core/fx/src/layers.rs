//! Each kind of effect, drawn on the canvas at a moment of the shot.
//!
//! Sizes and speeds are in frame heights, so a layer looks the same at any
//! resolution; particle counts follow the frame's area. Particles loop: each
//! falls (or rises) through the frame and comes round again, its start spread by
//! the seed, so any moment can be drawn without simulating the ones before it.

use std::f32::consts::TAU;

use oneshot_model::{EffectKind, EffectLayer};

use crate::SHUTTER_SECONDS;
use crate::canvas::{Canvas, Paint, Rgb};
use crate::noise::{Grid, fractal, unit};

/// The frame area particle counts are given for (960 x 540).
const REFERENCE_AREA: f32 = 960.0 * 540.0;

pub fn draw(canvas: &mut Canvas, layer: &EffectLayer, time: f32, seed: u64) {
    if layer.strength <= 0.0 {
        return;
    }
    match layer.kind {
        EffectKind::Rain => rain(canvas, layer, time, seed),
        EffectKind::Snow => snow(canvas, layer, time, seed),
        EffectKind::Haze => haze(canvas, layer, time, seed),
        EffectKind::Smoke => smoke(canvas, layer, time, seed),
        EffectKind::Lightning => lightning(canvas, layer, time, seed),
        EffectKind::Fire => fire(canvas, layer, time, seed),
        EffectKind::Sparks => sparks(canvas, layer, time, seed),
        EffectKind::Blast => blast(canvas, layer, time, seed),
    }
}

/// How many particles a layer of `per_reference_frame` gets on this canvas.
fn count(canvas: &Canvas, per_reference_frame: f32, strength: f32) -> u64 {
    let area = (canvas.width * canvas.height) as f32 / REFERENCE_AREA;
    (per_reference_frame * strength * area).round() as u64
}

/// Where a looping particle is along a loop of `cycle`, moving at `speed`, `time`
/// seconds in, starting at `start` (a fraction of the loop). In f64: a long shot's
/// distances lose sub-pixel precision in f32.
fn along(start: f32, cycle: f32, speed: f32, time: f32) -> f32 {
    let position = f64::from(start) * f64::from(cycle) + f64::from(speed) * f64::from(time);
    position.rem_euclid(f64::from(cycle)) as f32
}

fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    [0, 1, 2].map(|c| a[c] + (b[c] - a[c]) * t)
}

fn smoothstep(low: f32, high: f32, x: f32) -> f32 {
    let t = ((x - low) / (high - low)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

/// Streaks of falling water, slanted by the wind, over a slightly darker sky.
fn rain(canvas: &mut Canvas, layer: &EffectLayer, time: f32, seed: u64) {
    let (width, height) = (canvas.width as f32, canvas.height as f32);
    let strength = layer.strength;
    let dim = 1.0 - 0.12 * strength;
    canvas.shade(|_, _, pixel| pixel.iter_mut().for_each(|c| *c *= dim));
    let light = 0.25 + 0.5 * canvas.mean_luminance().min(1.0);
    let color = [0.9 * light, 0.95 * light, light];
    // A drop at x0 on the top edge is at x0 + slant * y further down; drops start
    // as far out as the slant needs for the whole frame to be covered.
    let slant = layer.wind * 0.35;
    let (left, right) = (
        -slant.max(0.0) * height - 2.0,
        width + (-slant).max(0.0) * height + 2.0,
    );
    let drops = count(canvas, 900.0 * (right - left) / width, strength);
    for drop in 0..drops {
        let near = 0.25 + 0.75 * unit(seed, drop, 0);
        let speed = height * (1.2 + 2.4 * near);
        let length = speed * SHUTTER_SECONDS;
        let slant = slant + (unit(seed, drop, 1) - 0.5) * 0.06;
        let head = along(unit(seed, drop, 2), height + length, speed, time);
        let x0 = left + unit(seed, drop, 3) * (right - left);
        let point = |y: f32| [x0 + slant * y, y];
        canvas.streak(
            point(head - length),
            point(head),
            strength * (0.12 + 0.3 * near),
            Paint::Toward(color),
        );
    }
}

/// Soft flakes drifting down, swaying, blown by the wind.
fn snow(canvas: &mut Canvas, layer: &EffectLayer, time: f32, seed: u64) {
    let (width, height, scale) = (canvas.width as f32, canvas.height as f32, canvas.scale());
    let strength = layer.strength;
    let light = 0.35 + 0.6 * canvas.mean_luminance().min(1.0).sqrt();
    let color = [0.95 * light, 0.97 * light, light];
    for flake in 0..count(canvas, 450.0, strength) {
        let near = 0.2 + 0.8 * unit(seed, flake, 0);
        let radius = (0.8 + 2.2 * near) * scale;
        let speed = height * (0.04 + 0.1 * near);
        let y = along(unit(seed, flake, 1), height + 2.0 * radius, speed, time) - radius;
        let sway = (4.0 + 8.0 * near)
            * scale
            * (TAU * (0.2 + 0.4 * unit(seed, flake, 2)) * time + TAU * unit(seed, flake, 3)).sin();
        let drift = layer.wind * speed * 1.5;
        let x = along(unit(seed, flake, 4), width + 2.0 * radius, drift, time) - radius + sway;
        canvas.disc(
            [x, y],
            radius,
            strength * (0.45 + 0.45 * near),
            Paint::Toward(color),
        );
    }
}

/// The colour of the air: the frame's own light, lifted and greyed.
fn veil(canvas: &Canvas, lift: f32, base: f32) -> Rgb {
    let level = (canvas.mean_luminance() * lift + base).min(0.9);
    let grey = [0.97 * level, level, 1.03 * level];
    mix(grey, canvas.mean.map(|c| (c * lift + base).min(0.9)), 0.3)
}

/// Fog, mist or steam: a pale, slowly drifting veil, thicker low in the frame.
fn haze(canvas: &mut Canvas, layer: &EffectLayer, time: f32, seed: u64) {
    let (width, height) = (canvas.width as f32, canvas.height as f32);
    let strength = layer.strength;
    let color = veil(canvas, 1.25, 0.04);
    let cell = height / 3.0;
    let drift = (0.015 + 0.05 * layer.wind) * width * time;
    let patches = Grid::new(canvas.width, canvas.height, |x, y| {
        fractal(seed, (x - drift) / cell, y / cell, time * 0.05, 3)
    });
    canvas.shade(|x, y, pixel| {
        let low = y as f32 / height;
        let patch = patches.at(x, y);
        let density = (strength * (0.15 + 0.35 * low) * (0.7 + 0.6 * patch)).min(0.85);
        *pixel = mix(*pixel, color, density);
    });
}

/// Dark smoke billowing up and drifting with the wind.
fn smoke(canvas: &mut Canvas, layer: &EffectLayer, time: f32, seed: u64) {
    let (width, height) = (canvas.width as f32, canvas.height as f32);
    let strength = layer.strength;
    let level = 0.03 + 0.25 * canvas.mean_luminance().min(1.0);
    let color = [level, 0.98 * level, 0.96 * level];
    let cell = height / 4.0;
    let (drift, rise) = (0.08 * layer.wind * width * time, 0.05 * height * time);
    let billows = Grid::new(canvas.width, canvas.height, |x, y| {
        fractal(seed, (x - drift) / cell, (y + rise) / cell, time * 0.15, 4)
    });
    canvas.shade(|x, y, pixel| {
        let low = y as f32 / height;
        let billow = billows.at(x, y);
        let density = strength * 0.85 * smoothstep(0.45, 0.75, billow) * (0.35 + 0.65 * low);
        *pixel = mix(*pixel, color, density);
    });
}

/// Seconds between lightning strikes, on average, and how late after its slot a
/// strike may fall.
const STRIKE_PERIOD: f32 = 4.5;
const STRIKE_JITTER: f32 = 2.5;
/// The first strike can come this early in a shot.
const FIRST_STRIKE: f32 = 0.4;

/// When the `k`th strike of a lightning layer drawn with `seed` comes, in seconds
/// into the shot: one in each slot of [`STRIKE_PERIOD`], late by up to
/// [`STRIKE_JITTER`].
fn strike_time(seed: u64, k: u64) -> f32 {
    FIRST_STRIKE + k as f32 * STRIKE_PERIOD + unit(seed, k, 0) * STRIKE_JITTER
}

/// The strikes of a lightning layer drawn with `seed` before `until` seconds.
pub fn strikes(seed: u64, until: f32) -> Vec<f32> {
    (0..)
        .map(|k| strike_time(seed, k))
        .take_while(|&time| time < until)
        .collect()
}

/// How bright the lightning is at `time`: 0 between strikes, about 1 at a strike's
/// first flash. Each strike flashes twice, the second return stroke dimmer.
pub fn lightning_flash(time: f32, seed: u64) -> f32 {
    let stroke = |since: f32| {
        let first = (-since / 0.05).exp();
        let second = if since >= 0.15 {
            0.7 * (-(since - 0.15) / 0.07).exp()
        } else {
            0.0
        };
        first + second
    };
    let slot = ((time - FIRST_STRIKE) / STRIKE_PERIOD).floor().max(0.0) as u64;
    (slot.saturating_sub(1)..=slot)
        .map(|k| strike_time(seed, k))
        .filter(|&strike| time >= strike)
        .map(|strike| stroke(time - strike))
        .sum()
}

/// Cold light flooding the frame at each strike.
fn lightning(canvas: &mut Canvas, layer: &EffectLayer, time: f32, seed: u64) {
    let flash = layer.strength * 0.9 * lightning_flash(time, seed);
    if flash < 1e-4 {
        return;
    }
    const TINT: Rgb = [0.75, 0.85, 1.0];
    canvas.shade(|_, _, pixel| {
        for (c, tint) in pixel.iter_mut().zip(TINT) {
            *c += flash * tint * (0.25 + *c);
        }
    });
}

/// Firelight's unsteady brightness, about 0.6 to 1.
fn flicker(time: f32, seed: u64) -> f32 {
    let phase = |i| TAU * unit(seed, i, 9);
    let wave = (TAU * 5.3 * time + phase(0)).sin()
        + 0.6 * (TAU * 8.7 * time + phase(1)).sin()
        + 0.4 * (TAU * 13.1 * time + phase(2)).sin();
    0.8 + 0.1 * wave
}

/// Warm, flickering light from below the frame, and embers rising on the heat.
fn fire(canvas: &mut Canvas, layer: &EffectLayer, time: f32, seed: u64) {
    let (width, height, scale) = (canvas.width as f32, canvas.height as f32, canvas.scale());
    let strength = layer.strength;
    let glow = flicker(time, seed);
    const WARM: Rgb = [1.0, 0.55, 0.25];
    const FLAME: Rgb = [1.0, 0.4, 0.1];
    canvas.shade(|_, y, pixel| {
        let low = y as f32 / height;
        let light = strength * 0.35 * glow * low.powf(1.5);
        let bloom = strength * 0.06 * glow * low * low;
        for c in 0..3 {
            pixel[c] = pixel[c] * (1.0 + light * WARM[c]) + bloom * FLAME[c];
        }
    });
    const EMBER: Rgb = [2.0, 0.9, 0.2];
    for ember in 0..count(canvas, 90.0, strength) {
        let life = 2.5 + 2.0 * unit(seed, ember, 0);
        let age = along(unit(seed, ember, 1), life, 1.0, time);
        let progress = age / life;
        let y = height * (1.02 - progress * (0.5 + 0.5 * unit(seed, ember, 2)));
        let wander = 6.0
            * scale
            * (TAU * (0.5 + unit(seed, ember, 3)) * age + TAU * unit(seed, ember, 4)).sin();
        let x = unit(seed, ember, 5) * width + layer.wind * 0.1 * width * age + wander;
        let radius = (0.6 + 0.9 * unit(seed, ember, 6)) * scale;
        let brightness = strength * (1.0 - progress) * (0.5 + 0.5 * glow) * 0.8;
        canvas.disc([x, y], radius, brightness, Paint::Light(EMBER));
    }
}

/// Showers of sparks from a few points high in the frame, falling in arcs.
fn sparks(canvas: &mut Canvas, layer: &EffectLayer, time: f32, seed: u64) {
    const SOURCES: u64 = 3;
    const SPARK: Rgb = [1.0, 0.8, 0.45];
    let (width, height) = (canvas.width as f32, canvas.height as f32);
    let strength = layer.strength;
    let gravity = 1.8 * height;
    let sources: Vec<[f32; 2]> = (0..SOURCES)
        .map(|source| {
            let pick = |field| unit(seed, u64::MAX - source, field);
            [
                width * (0.2 + 0.6 * pick(0)),
                height * (0.1 + 0.3 * pick(1)),
            ]
        })
        .collect();
    for spark in 0..count(canvas, 150.0, strength) {
        let origin = sources[(spark % SOURCES) as usize];
        let life = 0.5 + 0.6 * unit(seed, spark, 0);
        let age = along(unit(seed, spark, 1), life, 1.0, time);
        let velocity = [
            (unit(seed, spark, 2) - 0.5) * 0.6 * height + layer.wind * 0.2 * height,
            -(0.05 + 0.35 * unit(seed, spark, 3)) * height,
        ];
        let at = |t: f32| {
            [
                origin[0] + velocity[0] * t,
                origin[1] + velocity[1] * t + 0.5 * gravity * t * t,
            ]
        };
        let fade = (1.0 - age / life).powf(1.5);
        canvas.streak(
            at((age - SHUTTER_SECONDS).max(0.0)),
            at(age),
            strength * 1.2 * fade,
            Paint::Light(SPARK),
        );
    }
}

/// Seconds an explosion's flash takes to die to a third, and its fireball's
/// glow; the glow is gone by [`BLAST_GONE_S`].
const BLAST_FLASH_S: f32 = 0.3;
const BLAST_GLOW_S: f32 = 0.6;
const BLAST_GONE_S: f32 = 2.5;

/// How bright an explosion's flash is `time` seconds after it: 1 as it goes off.
pub fn blast_flash(time: f32) -> f32 {
    if time < 0.0 {
        0.0
    } else {
        (-time / BLAST_FLASH_S).exp()
    }
}

/// An explosion going off at time 0: the whole frame burnt hot, and a fireball's
/// glow low in the frame swelling as it fades.
fn blast(canvas: &mut Canvas, layer: &EffectLayer, time: f32, seed: u64) {
    if time < 0.0 {
        return;
    }
    let flash = layer.strength * 1.5 * blast_flash(time);
    let glow = layer.strength
        * 2.0
        * (-time / BLAST_GLOW_S).exp()
        * (1.0 - smoothstep(0.5 * BLAST_GONE_S, BLAST_GONE_S, time));
    if flash < 1e-4 && glow < 1e-3 {
        return;
    }
    let (width, height) = (canvas.width as f32, canvas.height as f32);
    let center = [width * (0.35 + 0.3 * unit(seed, 0, 0)), height * 0.72];
    let radius = height * (0.3 + 0.4 * (1.0 - (-time / 0.4).exp()));
    const HOT: Rgb = [1.0, 0.85, 0.6];
    const FIREBALL: Rgb = [1.0, 0.5, 0.15];
    canvas.shade(|x, y, pixel| {
        let dx = (x as f32 - center[0]) / radius;
        let dy = (y as f32 - center[1]) / radius;
        let ball = glow * (-(dx * dx + dy * dy)).exp();
        for c in 0..3 {
            pixel[c] += flash * HOT[c] * (0.4 + pixel[c]) + ball * FIREBALL[c];
        }
    });
}
