use oneshot_model::{EffectKind, EffectLayer};
use proptest::prelude::*;

use crate::layers::lightning_flash;
use crate::{FxError, composite};

const KINDS: [EffectKind; 8] = [
    EffectKind::Rain,
    EffectKind::Snow,
    EffectKind::Haze,
    EffectKind::Smoke,
    EffectKind::Lightning,
    EffectKind::Fire,
    EffectKind::Sparks,
    EffectKind::Blast,
];

const W: u32 = 160;
const H: u32 = 90;

fn layer(kind: EffectKind, strength: f32, wind: f32) -> EffectLayer {
    EffectLayer {
        kind,
        strength,
        wind,
    }
}

/// A flat frame of one grey level, alpha 200 (kept by every effect).
fn flat(level: u8) -> Vec<u8> {
    [level, level, level, 200].repeat((W * H) as usize)
}

fn composited(level: u8, layers: &[EffectLayer], time: f32, seed: u64) -> Vec<u8> {
    let mut frame = flat(level);
    composite(&mut frame, W, H, layers, time, seed).unwrap();
    frame
}

/// Mean of channel `c` over rows `rows`.
fn mean(frame: &[u8], c: usize, rows: std::ops::Range<u32>) -> f32 {
    let row_bytes = (W * 4) as usize;
    let pixels = &frame[rows.start as usize * row_bytes..rows.end as usize * row_bytes];
    let sum: u64 = pixels.chunks(4).map(|px| u64::from(px[c])).sum();
    sum as f32 / (pixels.len() / 4) as f32
}

fn lit(frame: &[u8], level: u8) -> Vec<bool> {
    frame.chunks(4).map(|px| px[1] > level).collect()
}

/// The seed the first layer of a frame composited with `seed` draws with.
fn first_layer(seed: u64) -> u64 {
    crate::layer_seed(seed, 0)
}

/// A moment of a strike's first flash in the first layer, for the lightning tests.
fn a_strike(seed: u64) -> f32 {
    let flash = |t: &f32| lightning_flash(*t, first_layer(seed));
    (0..1000)
        .map(|i| i as f32 * 0.01)
        .max_by(|a, b| flash(a).total_cmp(&flash(b)))
        .unwrap()
}

#[test]
fn no_layers_or_no_strength_leave_the_frame_as_it_was() {
    let frame = flat(97);
    assert!(composited(97, &[], 3.0, 1) == frame);
    let faint: Vec<EffectLayer> = KINDS.iter().map(|&k| layer(k, 0.0, 0.5)).collect();
    assert!(composited(97, &faint, 3.0, 1) == frame);
}

#[test]
fn every_effect_marks_the_frame_the_same_way_twice_and_keeps_alpha() {
    for kind in KINDS {
        let layers = [layer(kind, 1.0, 0.3)];
        let time = if kind == EffectKind::Lightning {
            a_strike(5)
        } else {
            2.0
        };
        let once = composited(60, &layers, time, 5);
        assert_ne!(once, flat(60), "{kind:?} left no mark");
        assert_eq!(
            once,
            composited(60, &layers, time, 5),
            "{kind:?} is not repeatable"
        );
        assert!(
            once.chunks(4).all(|px| px[3] == 200),
            "{kind:?} touched alpha"
        );
    }
}

#[test]
fn effects_move_from_frame_to_frame_and_shot_to_shot() {
    for kind in KINDS.into_iter().filter(|&k| k != EffectKind::Lightning) {
        let layers = [layer(kind, 1.0, 0.0)];
        let now = composited(60, &layers, 2.0, 5);
        assert_ne!(
            now,
            composited(60, &layers, 2.0 + 1.0 / 24.0, 5),
            "{kind:?} stands still"
        );
        assert_ne!(
            now,
            composited(60, &layers, 2.0, 6),
            "{kind:?} ignores the seed"
        );
    }
}

#[test]
fn heavier_rain_and_snow_have_more_drops() {
    for kind in [EffectKind::Rain, EffectKind::Snow, EffectKind::Sparks] {
        let marks = |strength| {
            let frame = composited(10, &[layer(kind, strength, 0.0)], 1.0, 3);
            lit(&frame, 12).into_iter().filter(|&l| l).count()
        };
        let (light, heavy) = (marks(0.3), marks(1.0));
        assert!(
            light > 0 && heavy > 2 * light,
            "{kind:?}: {light} then {heavy}"
        );
    }
}

#[test]
fn rain_slants_with_the_wind() {
    // Count lit pixels that have a lit pixel three rows down and one to the right
    // or to the left: a slant of about 0.35 puts streaks on the first diagonal.
    let leaning = |wind| {
        let frame = composited(0, &[layer(EffectKind::Rain, 1.0, wind)], 1.0, 8);
        let lit = lit(&frame, 2);
        let at = |x: u32, y: u32| lit[(y * W + x) as usize];
        let (mut right, mut left) = (0, 0);
        for y in 0..H - 3 {
            for x in 1..W - 1 {
                if at(x, y) {
                    right += usize::from(at(x + 1, y + 3));
                    left += usize::from(at(x - 1, y + 3));
                }
            }
        }
        (right, left)
    };
    let (right, left) = leaning(1.0);
    assert!(
        right > 2 * left,
        "wind to the right: {right} right, {left} left"
    );
    let (right, left) = leaning(-1.0);
    assert!(
        left > 2 * right,
        "wind to the left: {right} right, {left} left"
    );
}

#[test]
fn haze_is_thicker_low_in_the_frame_and_smoke_darkens() {
    let hazy = composited(20, &[layer(EffectKind::Haze, 1.0, 0.0)], 0.0, 2);
    let (top, bottom) = (mean(&hazy, 1, 0..10), mean(&hazy, 1, H - 10..H));
    assert!(
        top > 20.0 && bottom > top + 3.0,
        "top {top}, bottom {bottom}"
    );
    let smoky = composited(230, &[layer(EffectKind::Smoke, 1.0, 0.0)], 0.0, 2);
    assert!(mean(&smoky, 1, 0..H) < 225.0);
    assert!(mean(&smoky, 1, H - 20..H) < mean(&smoky, 1, 0..20));
}

#[test]
fn lightning_strikes_every_few_seconds_and_lights_the_frame() {
    let seed = 11;
    let flash_at = |t: f32| lightning_flash(t, first_layer(seed));
    let flashes: Vec<f32> = (0..2000).map(|i| flash_at(i as f32 * 0.01)).collect();
    // A strike is a flash after a dark spell; its second stroke follows within 0.3 s.
    let strikes = (30..flashes.len())
        .filter(|&i| flashes[i] >= 0.5 && flashes[i - 30..i].iter().all(|&f| f < 0.5))
        .count();
    assert!((3..=6).contains(&strikes), "{strikes} strikes in 20 s");
    assert!(flashes.iter().all(|f| (0.0..2.0).contains(f)));
    let dark_time = (0..2000)
        .map(|i| i as f32 * 0.01)
        .find(|&t| flash_at(t) < 1e-5)
        .unwrap();
    let storm = [layer(EffectKind::Lightning, 1.0, 0.0)];
    assert!(composited(50, &storm, dark_time, seed) == flat(50));
    let flash = composited(50, &storm, a_strike(seed), seed);
    assert!(mean(&flash, 2, 0..H) > 80.0 && mean(&flash, 2, 0..H) > mean(&flash, 0, 0..H));
}

#[test]
fn the_strikes_are_where_the_frame_flashes() {
    let seed = 21;
    let storm = [
        layer(EffectKind::Rain, 1.0, 0.0),
        layer(EffectKind::Lightning, 1.0, 0.0),
    ];
    let strikes = crate::lightning_strikes(&storm, seed, 12.0);
    assert!((2..=3).contains(&strikes.len()), "{strikes:?}");
    let lightning_seed = crate::layer_seed(seed, 1);
    for strike in &strikes {
        assert!(lightning_flash(strike - 0.01, lightning_seed) < 1e-3);
        assert!(lightning_flash(strike + 0.001, lightning_seed) > 0.9);
    }
    assert!(crate::lightning_strikes(&storm[..1], seed, 12.0).is_empty());
}

#[test]
fn fire_warms_the_frame_from_below() {
    let fire = composited(100, &[layer(EffectKind::Fire, 1.0, 0.0)], 1.0, 4);
    let (red, blue) = (mean(&fire, 0, H - 10..H), mean(&fire, 2, H - 10..H));
    assert!(red > blue + 10.0, "red {red}, blue {blue}");
    assert!(mean(&fire, 0, H - 10..H) > mean(&fire, 0, 0..10) + 10.0);
}

#[test]
fn a_blast_burns_the_frame_as_it_goes_off_then_fades() {
    let blast = [layer(EffectKind::Blast, 1.0, 0.0)];
    let brightness = |time| mean(&composited(60, &blast, time, 4), 1, 0..H);
    let (bang, after, later) = (brightness(0.0), brightness(0.5), brightness(3.0));
    assert!(bang > 160.0, "{bang}");
    assert!(
        bang > after + 40.0 && after > later,
        "{bang} {after} {later}"
    );
    assert!(later < 62.0, "{later}");
    // The fireball glows warm, low in the frame.
    let fireball = composited(60, &blast, 0.6, 4);
    assert!(mean(&fireball, 0, H / 2..H) > mean(&fireball, 2, H / 2..H) + 10.0);
    assert!(mean(&fireball, 0, H / 2..H) > mean(&fireball, 0, 0..H / 4) + 10.0);
}

#[test]
fn bad_frames_and_values_are_refused() {
    let mut short = vec![0u8; 10];
    let rain = [layer(EffectKind::Rain, 0.5, 0.0)];
    assert!(matches!(
        composite(&mut short, 4, 4, &rain, 0.0, 0),
        Err(FxError::FrameSize {
            expected: 64,
            len: 10,
            ..
        })
    ));
    let mut frame = flat(0);
    for (layers, time) in [
        (vec![layer(EffectKind::Rain, 1.5, 0.0)], 0.0),
        (vec![layer(EffectKind::Rain, f32::NAN, 0.0)], 0.0),
        (vec![layer(EffectKind::Snow, 0.5, -2.0)], 0.0),
        (rain.to_vec(), -1.0),
        (rain.to_vec(), f32::INFINITY),
    ] {
        let err = composite(&mut frame, W, H, &layers, time, 0).unwrap_err();
        assert!(err.to_string().contains("must be"), "{err}");
    }
    assert!(frame == flat(0), "a refused frame is left alone");
}

fn any_layer() -> impl Strategy<Value = EffectLayer> {
    (0..KINDS.len(), 0.0f32..=1.0, -1.0f32..=1.0)
        .prop_map(|(kind, strength, wind)| layer(KINDS[kind], strength, wind))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_frame_any_layers_any_time_composites(
        width in 1u32..48,
        height in 1u32..48,
        layers in prop::collection::vec(any_layer(), 0..4),
        time in 0.0f32..100_000.0,
        seed: u64,
        fill: u8,
    ) {
        let mut frame = vec![fill; (width * height * 4) as usize];
        composite(&mut frame, width, height, &layers, time, seed).unwrap();
        prop_assert!(frame.chunks(4).all(|px| px[3] == fill));
    }
}
