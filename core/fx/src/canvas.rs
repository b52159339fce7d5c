//! The frame being composited: linear-light RGB floats, with the ways effects
//! put paint on it (a point, a motion-blurred streak, a soft disc, every pixel).

use oneshot_grade::srgb;
use rayon::prelude::*;

pub type Rgb = [f32; 3];

/// How a mark changes what is under it.
#[derive(Debug, Clone, Copy)]
pub enum Paint {
    /// Light added (sparks, embers): `amount` times the colour.
    Light(Rgb),
    /// Mixed toward a colour (rain, snow): `amount` is the opacity.
    Toward(Rgb),
}

impl Paint {
    fn apply(self, pixel: &mut Rgb, amount: f32) {
        match self {
            Paint::Light(color) => {
                for (p, c) in pixel.iter_mut().zip(color) {
                    *p += amount * c;
                }
            }
            Paint::Toward(color) => {
                let amount = amount.min(1.0);
                for (p, c) in pixel.iter_mut().zip(color) {
                    *p += amount * (c - *p);
                }
            }
        }
    }
}

pub struct Canvas {
    pub width: usize,
    pub height: usize,
    pixels: Vec<Rgb>,
    /// The frame's average colour before any effect: the light effects take on.
    pub mean: Rgb,
}

impl Canvas {
    pub fn from_rgba(rgba: &[u8], width: usize, height: usize) -> Canvas {
        let decode = srgb::decode_table();
        let pixels: Vec<Rgb> = rgba
            .chunks_exact(4)
            .map(|px| [0, 1, 2].map(|c| decode[usize::from(px[c])]))
            .collect();
        let mut sum = [0.0f64; 3];
        for pixel in &pixels {
            for (s, p) in sum.iter_mut().zip(pixel) {
                *s += f64::from(*p);
            }
        }
        let count = pixels.len().max(1) as f64;
        Canvas {
            width,
            height,
            mean: sum.map(|s| (s / count) as f32),
            pixels,
        }
    }

    /// Writes the colours back as 8-bit sRGB, leaving each pixel's alpha.
    pub fn write_rgba(&self, rgba: &mut [u8]) {
        let encode = srgb::encode_table();
        for (px, pixel) in rgba.chunks_exact_mut(4).zip(&self.pixels) {
            for c in 0..3 {
                px[c] = srgb::encode_with(encode, pixel[c]);
            }
        }
    }

    /// Pixel sizes scale with the frame: 1 at 540 lines.
    pub fn scale(&self) -> f32 {
        self.height as f32 / 540.0
    }

    /// The frame's average brightness (linear luminance).
    pub fn mean_luminance(&self) -> f32 {
        let [r, g, b] = self.mean;
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }

    /// Changes every pixel: `shade(x, y, pixel)`, rows in parallel.
    pub fn shade(&mut self, shade: impl Fn(usize, usize, &mut Rgb) + Sync) {
        self.pixels
            .par_chunks_mut(self.width)
            .enumerate()
            .for_each(|(y, row)| {
                for (x, pixel) in row.iter_mut().enumerate() {
                    shade(x, y, pixel);
                }
            });
    }

    /// A point at `(x, y)` (pixel centres at .5), shared among the four pixels
    /// around it.
    pub fn splat(&mut self, x: f32, y: f32, amount: f32, paint: Paint) {
        let (fx, fy) = (x - 0.5, y - 0.5);
        let (x0, y0) = (fx.floor(), fy.floor());
        let (tx, ty) = (fx - x0, fy - y0);
        for (dx, dy, weight) in [
            (0, 0, (1.0 - tx) * (1.0 - ty)),
            (1, 0, tx * (1.0 - ty)),
            (0, 1, (1.0 - tx) * ty),
            (1, 1, tx * ty),
        ] {
            let (px, py) = (x0 as i64 + dx, y0 as i64 + dy);
            if px >= 0 && py >= 0 && (px as usize) < self.width && (py as usize) < self.height {
                let index = py as usize * self.width + px as usize;
                paint.apply(&mut self.pixels[index], amount * weight);
            }
        }
    }

    /// A line from `from` to `to`, `amount` per pixel along it: what a small
    /// bright thing draws while the shutter is open.
    pub fn streak(&mut self, from: [f32; 2], to: [f32; 2], amount: f32, paint: Paint) {
        const SPACING: f32 = 0.5;
        let length = (to[0] - from[0]).hypot(to[1] - from[1]);
        let steps = (length / SPACING).ceil().max(1.0) as usize;
        // `steps + 1` points, both ends included, share the streak's paint.
        let step_amount = amount * length.max(SPACING) / (steps + 1) as f32;
        for i in 0..=steps {
            let t = i as f32 / steps as f32;
            let x = from[0] + (to[0] - from[0]) * t;
            let y = from[1] + (to[1] - from[1]) * t;
            self.splat(x, y, step_amount, paint);
        }
    }

    /// A soft round mark of `radius` pixels: full `amount` in the middle, fading
    /// to nothing at the edge.
    pub fn disc(&mut self, center: [f32; 2], radius: f32, amount: f32, paint: Paint) {
        let reach = radius + 1.0;
        let (x_min, x_max) = (center[0] - reach, center[0] + reach);
        let (y_min, y_max) = (center[1] - reach, center[1] + reach);
        if x_max < 0.0 || y_max < 0.0 || x_min > self.width as f32 || y_min > self.height as f32 {
            return;
        }
        let columns = x_min.max(0.0) as usize..(x_max.ceil() as usize).min(self.width);
        for y in y_min.max(0.0) as usize..(y_max.ceil() as usize).min(self.height) {
            for x in columns.clone() {
                let distance = (x as f32 + 0.5 - center[0]).hypot(y as f32 + 0.5 - center[1]);
                let cover = (radius + 0.5 - distance).clamp(0.0, 1.0) * (1.0 - distance / reach);
                if cover > 0.0 {
                    paint.apply(&mut self.pixels[y * self.width + x], amount * cover);
                }
            }
        }
    }
}
