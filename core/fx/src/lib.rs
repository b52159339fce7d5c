//! Effects composited over rendered frames: rain, snow, haze, smoke, lightning,
//! fire and sparks, the VFX department's temp elements.
//!
//! A compositor lays stock elements over a plate; here each element is made on
//! the spot from the frame's time and a seed, in screen space and in linear light.
//! The same layers, time and seed give the same pixels, so a camera move's frames
//! animate the rain while a re-render repeats it exactly. Rain streaks are as long
//! as a drop falls while a 180° shutter is open; haze and smoke take their colour
//! from the frame's own light, so fog at night is not a white sheet.
//!
//! ```
//! use oneshot_model::{EffectKind, EffectLayer};
//!
//! let mut frame = vec![40u8; 96 * 54 * 4];
//! let rain = EffectLayer { kind: EffectKind::Rain, strength: 0.8, wind: 0.3 };
//! oneshot_fx::composite(&mut frame, 96, 54, &[rain], 1.5, 7)?;
//! assert!(frame.chunks(4).any(|px| px[0] > 40));
//! # Ok::<(), oneshot_fx::FxError>(())
//! ```

mod canvas;
mod layers;
mod noise;

use oneshot_model::{EffectKind, EffectLayer};

use canvas::Canvas;

/// The exposure time of one frame at a 180° shutter, the film standard at 24 fps:
/// how long a drop or spark is smeared across the frame.
pub const SHUTTER_SECONDS: f32 = 1.0 / 48.0;

/// Why a frame could not be composited.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FxError {
    /// The pixel buffer does not hold `width * height` RGBA pixels.
    #[error("a {width}x{height} RGBA frame has {expected} bytes, not {len}")]
    FrameSize {
        width: u32,
        height: u32,
        len: usize,
        expected: usize,
    },
    /// A layer's strength or wind, or the frame's time, is out of its range.
    #[error("{what} must be {range}, not {value}")]
    OutOfRange {
        what: &'static str,
        range: &'static str,
        value: f32,
    },
}

/// Composites `layers`, in order, over an 8-bit sRGB RGBA frame in place, as they
/// look `time_s` seconds into the shot. `seed` picks where every drop and flake
/// is: give each shot its own. Alpha is kept.
pub fn composite(
    rgba: &mut [u8],
    width: u32,
    height: u32,
    layers: &[EffectLayer],
    time_s: f32,
    seed: u64,
) -> Result<(), FxError> {
    let expected = width as usize * height as usize * 4;
    if rgba.len() != expected {
        return Err(FxError::FrameSize {
            width,
            height,
            len: rgba.len(),
            expected,
        });
    }
    check(
        time_s,
        "the frame's time",
        "0 or more seconds",
        time_s >= 0.0,
    )?;
    for layer in layers {
        let strength = layer.strength;
        check(
            strength,
            "an effect's strength",
            "from 0 to 1",
            (0.0..=1.0).contains(&strength),
        )?;
        check(
            layer.wind,
            "an effect's wind",
            "from -1 to 1",
            (-1.0..=1.0).contains(&layer.wind),
        )?;
    }
    if layers.is_empty() || width == 0 || height == 0 {
        return Ok(());
    }
    let mut canvas = Canvas::from_rgba(rgba, width as usize, height as usize);
    for (index, layer) in layers.iter().enumerate() {
        layers::draw(&mut canvas, layer, time_s, layer_seed(seed, index));
    }
    canvas.write_rgba(rgba);
    Ok(())
}

/// When the lightning of `layers` strikes in a shot composited with `seed`, in
/// seconds from its first frame, before `until_s`: where its thunder belongs.
/// None without a lightning layer, or with one of strength 0.
pub fn lightning_strikes(layers: &[EffectLayer], seed: u64, until_s: f32) -> Vec<f32> {
    let mut strikes: Vec<f32> = layers
        .iter()
        .enumerate()
        .filter(|(_, layer)| layer.kind == EffectKind::Lightning && layer.strength > 0.0)
        .flat_map(|(index, _)| layers::strikes(layer_seed(seed, index), until_s))
        .collect();
    strikes.sort_by(f32::total_cmp);
    strikes
}

/// The seed the `index`th layer of a frame composited with `seed` draws with.
fn layer_seed(seed: u64, index: usize) -> u64 {
    noise::mix(seed, index as u64 + 1)
}

fn check(value: f32, what: &'static str, range: &'static str, ok: bool) -> Result<(), FxError> {
    if value.is_finite() && ok {
        Ok(())
    } else {
        Err(FxError::OutOfRange { what, range, value })
    }
}

#[cfg(test)]
mod tests;
