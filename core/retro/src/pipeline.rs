//! The pipeline: a resolved [`Style`] applied to frames.
//!
//! A frame goes through three stages, which callers can also run separately (a
//! sequence shares one palette, and its tile sub-palettes, between the second and
//! third):
//!
//! 1. [`Pipeline::prepare`]: area-average down to the native resolution in linear light;
//! 2. [`Pipeline::palette_for`]: the palette (fixed, a best subset of a fixed one, or
//!    chosen from the frames' combined histogram); then, for styles with tiles,
//!    [`Pipeline::sub_palettes_for`]: the tile sub-palettes from that palette;
//! 3. [`Pipeline::finish`]: posterize, map to the palette with dithering, outline, then
//!    [`Pipeline::display`]: upscale, scanlines and CRT.

use std::borrow::Cow;
use std::sync::Arc;

use oneshot_model::RetroSettings;

use crate::attributes::Clash;
use crate::color::linear_to_rgb;
use crate::dither::{Dither, PaletteMap};
use crate::error::{Result, RetroError};
use crate::image::{Image, LinearImage, check_frame};
use crate::palettes::{Depth, Palette, PaletteSource};
use crate::quantize::{Histogram, quantize, subset};
use crate::style::{Library, Style};
use crate::tiles::{SubPalettes, sample};
use crate::{crt, resize, stylize};

/// Largest display upscale factor.
pub const MAX_SCALE: u32 = 16;

/// A style resolved and validated, ready to process frames.
pub struct Pipeline {
    style: Style,
    dither: Dither,
    colors: Colors,
    /// Attribute clash, when the style asks for it (with a fixed palette).
    clash: Option<Clash>,
}

/// Where the output colours come from.
enum Colors {
    /// Keep the (posterized) colours.
    Keep,
    /// One fixed palette for every frame: its distinct colours, and the palette as
    /// written (a machine's in hardware index order, duplicates kept).
    Fixed(Arc<PaletteMap>, Palette),
    /// The best `count` entries of a fixed palette, per frame or per sequence.
    Subset(Palette, usize),
    /// `count` colours chosen from the frames, optionally at a machine depth.
    Adaptive(usize, Option<Depth>),
}

/// The part of a source frame that is resampled: all of it, or its middle at the
/// shape of a fixed native size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Crop {
    x: u32,
    y: u32,
    width: u32,
    height: u32,
}

impl Crop {
    fn whole(width: u32, height: u32) -> Crop {
        Crop {
            x: 0,
            y: 0,
            width,
            height,
        }
    }

    /// The largest middle part of a `width x height` frame in the shape of `w x h`.
    fn centre(width: u32, height: u32, w: u32, h: u32) -> Crop {
        let (width64, height64, w64, h64) = (width as u64, height as u64, w as u64, h as u64);
        if width64 * h64 > height64 * w64 {
            let cut = ((height64 * w64 + h64 / 2) / h64).clamp(1, width64) as u32;
            Crop {
                x: (width - cut) / 2,
                width: cut,
                ..Crop::whole(width, height)
            }
        } else {
            let cut = ((width64 * h64 + w64 / 2) / w64).clamp(1, height64) as u32;
            Crop {
                y: (height - cut) / 2,
                height: cut,
                ..Crop::whole(width, height)
            }
        }
    }

    /// The crop's values out of rows `width` wide of `per_pixel` values each; the
    /// whole frame is borrowed, not copied.
    fn cut<'a, T: Copy>(&self, values: &'a [T], width: u32, per_pixel: usize) -> Cow<'a, [T]> {
        let row = width as usize * per_pixel;
        if self.width == width && self.height as usize * row == values.len() {
            return Cow::Borrowed(values);
        }
        let (from, len) = (self.x as usize * per_pixel, self.width as usize * per_pixel);
        Cow::Owned(
            values
                .chunks_exact(row)
                .skip(self.y as usize)
                .take(self.height as usize)
                .flat_map(|row| &row[from..from + len])
                .copied()
                .collect(),
        )
    }
}

/// A frame at native resolution, before palette mapping.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub native: LinearImage,
    /// The depth pass at native resolution (nearest depth of each block), when given.
    pub depth: Option<Vec<f32>>,
}

impl Pipeline {
    /// The pipeline for a production's retro settings, with the built-in presets and
    /// palettes plus the user's (see [`Library::from_env`]).
    pub fn new(settings: &RetroSettings) -> Result<Self> {
        Self::with_library(settings, &Library::from_env())
    }

    /// The pipeline for retro settings, looking presets and palettes up in `library`.
    /// A preset given as a file finds its palette files beside it, as one in a
    /// preset folder does.
    pub fn with_library(settings: &RetroSettings, library: &Library) -> Result<Self> {
        let Some(name) = &settings.preset else {
            return Self::from_style(Style::default().with_overrides(settings), library);
        };
        let style = library.preset(name)?.with_overrides(settings);
        let file = std::path::Path::new(name);
        match file
            .parent()
            .filter(|_| file.extension().is_some_and(|e| e == "toml"))
        {
            Some(folder) => {
                let mut library = library.clone();
                library.palette_dirs.insert(0, folder.to_owned());
                Self::from_style(style, &library)
            }
            None => Self::from_style(style, library),
        }
    }

    /// The pipeline for a complete style.
    pub fn from_style(style: Style, library: &Library) -> Result<Self> {
        let dither: Dither = style.dither.parse()?;
        if !(0.0..=1.0).contains(&style.strength) {
            return Err(RetroError::setting(
                "strength",
                format!("{} is not in 0..=1", style.strength),
            ));
        }
        if !(1..=MAX_SCALE).contains(&style.scale) {
            return Err(RetroError::setting(
                "scale",
                format!("{} is not in 1..={MAX_SCALE}", style.scale),
            ));
        }
        let in_range = |field, value: Option<u32>, range: std::ops::RangeInclusive<u32>| match value
        {
            Some(v) if !range.contains(&v) => Err(RetroError::setting(
                field,
                format!("{v} is not in {}..={}", range.start(), range.end()),
            )),
            _ => Ok(()),
        };
        in_range("colors", style.colors, 2..=256)?;
        in_range("posterize", style.posterize, 2..=256)?;
        in_range("pixel", style.pixel, 1..=crate::MAX_SIDE)?;
        in_range("height", style.height, 1..=crate::MAX_SIDE)?;
        if let Some([w, h]) = style.size {
            in_range("size", Some(w.min(h)), 1..=crate::MAX_SIDE)?;
            in_range("size", Some(w.max(h)), 1..=crate::MAX_SIDE)?;
            check_display_size(w, h, style.scale)?;
        }
        if let Some(lines) = style.height {
            check_display_size(1, lines, style.scale)?;
        }
        let mut clash = None;
        let colors = match &style.palette {
            Some(spec) => {
                let (source, default_count) = PaletteSource::resolve(spec, &library.palette_dirs)?;
                let count = style.colors.or(default_count);
                match source {
                    PaletteSource::Fixed(palette) => {
                        let distinct = palette.distinct();
                        if let Some(attributes) = &style.attributes {
                            clash = Some(Clash::new(attributes, &palette.colors, &distinct)?);
                        }
                        match count {
                            Some(n) if (n as usize) < distinct.len() => {
                                Colors::Subset(palette, n as usize)
                            }
                            _ => Colors::Fixed(Arc::new(PaletteMap::new(distinct)), palette),
                        }
                    }
                    PaletteSource::Adaptive { depth } => {
                        Colors::Adaptive(count.unwrap_or(256) as usize, depth)
                    }
                }
            }
            None => match style.colors {
                Some(n) => Colors::Adaptive(n as usize, None),
                None => Colors::Keep,
            },
        };
        if let Some(tiles) = &style.tiles {
            tiles.validate()?;
            if style.attributes.is_some() {
                return Err(RetroError::setting(
                    "tiles",
                    "and attributes exclude each other: choose one",
                ));
            }
            if matches!(colors, Colors::Keep) {
                return Err(RetroError::setting(
                    "tiles",
                    "need a palette (`palette` or `colors`) to take sub-palettes from",
                ));
            }
        }
        if style.attributes.is_some() && !matches!(colors, Colors::Fixed(..)) {
            return Err(RetroError::setting(
                "attributes",
                "need a whole fixed palette (a machine palette or file, without `colors`)",
            ));
        }
        Ok(Pipeline {
            style,
            dither,
            colors,
            clash,
        })
    }

    /// The resolved style.
    pub fn style(&self) -> &Style {
        &self.style
    }

    /// The dither in use.
    pub fn dither(&self) -> Dither {
        self.dither
    }

    /// The native resolution for a source frame of `width x height`.
    pub fn native_size(&self, width: u32, height: u32) -> (u32, u32) {
        let s = &self.style;
        if let Some([w, h]) = s.size {
            (w, h)
        } else if let Some(lines) = s.height {
            let w = (width as f64 * lines as f64 / height as f64).round() as u32;
            (w.clamp(1, crate::MAX_SIDE), lines)
        } else if let Some(pixel) = s.pixel {
            ((width / pixel).max(1), (height / pixel).max(1))
        } else {
            (width, height)
        }
    }

    /// Processes one RGBA frame: the result has the native size times the display scale.
    pub fn process(&self, width: u32, height: u32, rgba: &[u8]) -> Result<Image> {
        let prepared = self.prepare(width, height, rgba)?;
        let palette = self.palette_for(std::slice::from_ref(&prepared));
        Ok(self.display(self.finish(&prepared, palette.as_deref(), None)))
    }

    /// Processes a sequence with one palette (and one set of tile sub-palettes) for all
    /// its frames, so colours do not change from frame to frame (with an ordered
    /// dither, a static area then stays still).
    pub fn process_sequence(&self, frames: &[Image]) -> Result<Vec<Image>> {
        use rayon::prelude::*;
        let prepared = frames
            .par_iter()
            .map(|f| self.prepare(f.width, f.height, &f.rgba))
            .collect::<Result<Vec<_>>>()?;
        let palette = self.palette_for(&prepared);
        let subs = palette
            .as_deref()
            .and_then(|palette| self.sub_palettes_for(sample(&prepared), palette));
        Ok(prepared
            .par_iter()
            .map(|p| self.display(self.finish(p, palette.as_deref(), subs.as_ref())))
            .collect())
    }

    /// Stage 1: checks the frame and resamples it to the native resolution.
    pub fn prepare(&self, width: u32, height: u32, rgba: &[u8]) -> Result<Prepared> {
        self.prepare_with_depth(width, height, rgba, None)
    }

    /// Stage 1 with a depth pass (one value per pixel, larger = farther), which outlines
    /// then follow instead of luminance.
    pub fn prepare_with_depth(
        &self,
        width: u32,
        height: u32,
        rgba: &[u8],
        depth: Option<&[f32]>,
    ) -> Result<Prepared> {
        check_frame(width, height, rgba.len())?;
        let pixels = width as usize * height as usize;
        if let Some(depth) = depth {
            if depth.len() != pixels || depth.iter().any(|d| !d.is_finite()) {
                return Err(RetroError::setting(
                    "depth",
                    format!(
                        "needs {pixels} finite values for {width}x{height}, got {}",
                        depth.len()
                    ),
                ));
            }
        }
        let (w, h) = self.native_size(width, height);
        check_display_size(w, h, self.style.scale)?;
        // A fixed size of another shape takes the middle of the frame, as television
        // cut films: the picture is cropped, never squashed. So does a line count
        // whose width would pass `MAX_SIDE` (a panorama thousands of times as wide).
        let unclamped_width = f64::from(width) * f64::from(h) / f64::from(height);
        let clamped = unclamped_width.round() > f64::from(crate::MAX_SIDE);
        let crop = if self.style.size.is_some() || clamped {
            Crop::centre(width, height, w, h)
        } else {
            Crop::whole(width, height)
        };
        let cropped_rgba = crop.cut(rgba, width, 4);
        let frame = crate::image::Frame {
            width: crop.width,
            height: crop.height,
            rgba: &cropped_rgba,
        };
        let source = (crop.width, crop.height);
        Ok(Prepared {
            native: resize::downscale(frame, w, h),
            depth: depth.map(|d| resize::downscale_depth(&crop.cut(d, width, 1), source, (w, h))),
        })
    }

    /// Processes one frame with its depth pass (see [`Pipeline::prepare_with_depth`]).
    pub fn process_with_depth(
        &self,
        width: u32,
        height: u32,
        rgba: &[u8],
        depth: &[f32],
    ) -> Result<Image> {
        let prepared = self.prepare_with_depth(width, height, rgba, Some(depth))?;
        let palette = self.palette_for(std::slice::from_ref(&prepared));
        Ok(self.display(self.finish(&prepared, palette.as_deref(), None)))
    }

    /// How many colours a frame can have at most: a fixed palette's distinct
    /// colours, or the count chosen from one; `None` when the colours are kept.
    pub fn colour_count(&self) -> Option<usize> {
        match &self.colors {
            Colors::Keep => None,
            Colors::Fixed(map, _) => Some(map.colors.len()),
            Colors::Subset(_, n) | Colors::Adaptive(n, _) => Some(*n),
        }
    }

    /// Whether the palette depends on the frames (then give [`Pipeline::palette_for`] all of
    /// a sequence's frames, or the histogram to [`Pipeline::palette_from_histogram`]).
    pub fn palette_is_adaptive(&self) -> bool {
        matches!(self.colors, Colors::Subset(..) | Colors::Adaptive(..))
    }

    /// Stage 2: the palette for these frames; `None` when the style keeps the colours.
    pub fn palette_for(&self, frames: &[Prepared]) -> Option<Arc<PaletteMap>> {
        if !self.palette_is_adaptive() {
            return self.fixed_palette();
        }
        let histogram = frames
            .iter()
            .map(|f| Histogram::of_linear(&f.native))
            .reduce(Histogram::merged)
            .unwrap_or_default();
        self.palette_from_histogram(&histogram)
    }

    /// The palette to save after mapping with `used`: a fixed palette used whole as
    /// written (its order is a machine's colour indices), else the colours chosen.
    pub fn palette_to_save(&self, used: &PaletteMap) -> Palette {
        match &self.colors {
            Colors::Fixed(_, palette) => palette.clone(),
            _ => Palette::new("oneshot", used.colors.clone()),
        }
    }

    /// The colour table for files of frames mapped with `used` (see
    /// [`crate::io::save_png_indexed`]): the palette to save, when the display
    /// stage adds no colours to it (no CRT, no scanlines).
    pub fn file_palette(&self, used: &PaletteMap) -> Option<Vec<[u8; 3]>> {
        let adds_colours = self.style.crt || self.style.scanlines;
        (!adds_colours).then(|| self.palette_to_save(used).colors)
    }

    /// The palette when it does not depend on the frames.
    fn fixed_palette(&self) -> Option<Arc<PaletteMap>> {
        match &self.colors {
            Colors::Fixed(map, _) => Some(map.clone()),
            _ => None,
        }
    }

    /// Stage 2 from a histogram collected by the caller (e.g. while streaming a folder).
    pub fn palette_from_histogram(&self, histogram: &Histogram) -> Option<Arc<PaletteMap>> {
        match &self.colors {
            Colors::Keep | Colors::Fixed(..) => self.fixed_palette(),
            Colors::Subset(palette, n) => Some(Arc::new(PaletteMap::new(
                subset(histogram, palette, *n).colors,
            ))),
            Colors::Adaptive(n, depth) => Some(Arc::new(PaletteMap::new(
                quantize(histogram, *n, *depth).colors,
            ))),
        }
    }

    /// Whether the style has tile sub-palettes (see [`Pipeline::sub_palettes_for`]).
    pub fn has_tiles(&self) -> bool {
        self.style.tiles.is_some() && self.clash.is_none()
    }

    /// Stage 2 for styles with tiles: sub-palettes of `palette` for a sequence,
    /// chosen from `frames` (a few spread over it, see [`sample`]); `None` for other
    /// styles.
    pub fn sub_palettes_for<'a>(
        &self,
        frames: impl IntoIterator<Item = &'a Prepared>,
        palette: &PaletteMap,
    ) -> Option<SubPalettes> {
        let tiles = self.style.tiles.as_ref().filter(|_| self.has_tiles())?;
        let natives: Vec<LinearImage> = frames.into_iter().map(|f| self.styled(f)).collect();
        Some(tiles.sub_palettes(palette, &natives))
    }

    /// The frame at native resolution as the palette sees it: posterized when the style asks.
    fn styled(&self, prepared: &Prepared) -> LinearImage {
        let mut native = prepared.native.clone();
        if let Some(levels) = self.style.posterize {
            stylize::posterize(&mut native, levels);
        }
        native
    }

    /// Stage 3: the native-resolution result (posterized, mapped, dithered, outlined).
    /// `subs` are a sequence's tile sub-palettes; without them, a style with tiles
    /// chooses sub-palettes for this frame alone.
    pub fn finish(
        &self,
        prepared: &Prepared,
        palette: Option<&PaletteMap>,
        subs: Option<&SubPalettes>,
    ) -> Image {
        let native = self.styled(prepared);
        let outline = self
            .style
            .outline
            .then(|| stylize::outline_mask(&native, prepared.depth.as_deref()));
        let mut rgba = Vec::with_capacity(native.pixels.len() * 4);
        match palette {
            Some(map) => {
                let (strength, serpentine) = (self.style.strength, self.style.serpentine);
                let dither = self.dither.at_strength(strength);
                // A frame alone chooses its sub-palettes as a sequence of one would.
                let own_subs;
                let (mut indices, cell) = match (&self.clash, &self.style.tiles) {
                    (Some(clash), _) => {
                        let cell = self.style.attributes.as_ref().map(|a| a.cell);
                        let indices = clash.map(map, &native, dither, strength, serpentine);
                        (indices, cell.map(|side| Cell { side, subs: None }))
                    }
                    (None, Some(tiles)) => {
                        let subs = match subs {
                            Some(subs) => subs,
                            None => {
                                own_subs = tiles.sub_palettes(map, [&native]);
                                &own_subs
                            }
                        };
                        let indices =
                            tiles.map(map, Some(subs), &native, dither, strength, serpentine);
                        let cell = Cell {
                            side: tiles.size,
                            subs: Some(subs),
                        };
                        (indices, Some(cell))
                    }
                    (None, None) => (map.map(&native, dither, strength, serpentine), None),
                };
                if let Some(mask) = &outline {
                    draw_outline(&mut indices, mask, native.width, cell, map);
                }
                for index in indices {
                    match index {
                        Some(index) => {
                            rgba.extend_from_slice(&map.colors[index as usize]);
                            rgba.push(255);
                        }
                        None => rgba.extend_from_slice(&[0, 0, 0, 0]),
                    }
                }
            }
            None => {
                for (i, p) in native.pixels.iter().enumerate() {
                    if p[3] < crate::dither::ALPHA_CUTOFF {
                        rgba.extend_from_slice(&[0, 0, 0, 0]);
                    } else if outline.as_ref().is_some_and(|m| m[i]) {
                        rgba.extend_from_slice(&[0, 0, 0, 255]);
                    } else {
                        rgba.extend_from_slice(&linear_to_rgb([p[0], p[1], p[2]]));
                        rgba.push(255);
                    }
                }
            }
        }
        Image {
            width: native.width,
            height: native.height,
            rgba,
        }
    }

    /// Stage 4: integer upscale for display, then scanlines and CRT when the style asks.
    /// [`Pipeline::prepare`] has checked that the scaled size is within [`crate::MAX_SIDE`].
    pub fn display(&self, native: Image) -> Image {
        if self.style.crt {
            return crt::crt(&native, self.style.scale);
        }
        let mut image = resize::upscale(&native, self.style.scale);
        if self.style.scanlines {
            stylize::scanlines(&mut image, self.style.scale);
        }
        image
    }
}

/// A square of the frame whose colours the machine limits: a tile, whose colours
/// come from one of `subs`, or an attribute cell (`subs` is `None`), which shows
/// two.
struct Cell<'a> {
    side: u32,
    subs: Option<&'a SubPalettes>,
}

/// Darkens the outline's pixels (`mask`) of a mapped frame `width` wide: to the
/// palette's darkest colour, or, where the machine limits the colours of each
/// `cell`, to the darkest of its tile's sub-palette (the colours the tile shows
/// are all in it) or the darker colour an attribute cell shows, so the outline
/// keeps the machine's limits.
fn draw_outline(
    indices: &mut [Option<u8>],
    mask: &[bool],
    width: u32,
    cell: Option<Cell>,
    map: &PaletteMap,
) {
    let width = width as usize;
    let Some(Cell { side, subs }) = cell else {
        let darkest = map.darkest();
        for (index, _) in indices.iter_mut().zip(mask).filter(|(_, edge)| **edge) {
            if index.is_some() {
                *index = Some(darkest);
            }
        }
        return;
    };
    let (cell, height) = (side as usize, indices.len() / width.max(1));
    for top in (0..height).step_by(cell) {
        for left in (0..width).step_by(cell) {
            let pixels = || {
                (top..(top + cell).min(height))
                    .flat_map(move |y| (left..(left + cell).min(width)).map(move |x| y * width + x))
            };
            let shown = || pixels().filter_map(|i| indices[i]);
            let holds_all = |sub: &&Vec<u8>| shown().all(|c| sub.contains(&c));
            let sub = subs.and_then(|subs| subs.indices().iter().find(holds_all));
            let darkest = match sub {
                Some(sub) => map.darkest_of(sub.iter().copied()),
                None => map.darkest_of(shown()),
            };
            let Some(darkest) = darkest else {
                continue;
            };
            for i in pixels().filter(|&i| mask[i]) {
                if indices[i].is_some() {
                    indices[i] = Some(darkest);
                }
            }
        }
    }
}

/// Refuses a native size that `scale` would make wider or taller than
/// [`crate::MAX_SIDE`] on display (a wide banner at a preset's scale, say).
fn check_display_size(width: u32, height: u32, scale: u32) -> Result<()> {
    let (shown_width, shown_height) = (
        u64::from(width) * u64::from(scale),
        u64::from(height) * u64::from(scale),
    );
    let max = u64::from(crate::MAX_SIDE);
    if shown_width > max || shown_height > max {
        return Err(RetroError::setting(
            "scale",
            format!(
                "{width}x{height} pixels at scale {scale} would be {shown_width}x{shown_height}, \
                 over {max} pixels on a side: lower the scale or the size"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gradient(width: u32, height: u32) -> Image {
        let mut rgba = Vec::new();
        for y in 0..height {
            for x in 0..width {
                rgba.extend_from_slice(&[
                    (x * 255 / width) as u8,
                    (y * 255 / height) as u8,
                    128,
                    255,
                ]);
            }
        }
        Image::new(width, height, rgba).unwrap()
    }

    fn pipeline(settings: RetroSettings) -> Pipeline {
        Pipeline::with_library(&settings, &Library::builtin()).unwrap()
    }

    #[test]
    fn a_fixed_size_of_another_shape_crops_the_middle() {
        assert_eq!(
            Crop::centre(1920, 1080, 128, 128),
            Crop {
                x: 420,
                y: 0,
                width: 1080,
                height: 1080
            }
        );
        assert_eq!(
            Crop::centre(100, 300, 50, 50),
            Crop {
                x: 0,
                y: 100,
                width: 100,
                height: 100
            }
        );
        assert_eq!(Crop::centre(256, 224, 512, 448), Crop::whole(256, 224));
        // Red at the sides, blue in the middle square: the square is all there is.
        let mut rgba = Vec::new();
        for _ in 0..64 {
            for x in 0..128 {
                let middle = (32..96).contains(&x);
                rgba.extend_from_slice(if middle {
                    &[0, 0, 255, 255]
                } else {
                    &[255, 0, 0, 255]
                });
            }
        }
        let p = pipeline(RetroSettings {
            size: Some([16, 16]),
            ..Default::default()
        });
        let out = p.process(128, 64, &rgba).unwrap();
        assert_eq!((out.width, out.height), (16, 16));
        assert!(
            out.rgba.chunks(4).all(|px| px == [0, 0, 255, 255]),
            "squashed"
        );
        // The depth pass is cut the same way.
        let depth: Vec<f32> = (0..128 * 64)
            .map(|i| {
                if (32..96).contains(&(i % 128)) {
                    1.0
                } else {
                    9.0
                }
            })
            .collect();
        let prepared = p.prepare_with_depth(128, 64, &rgba, Some(&depth)).unwrap();
        assert!(prepared.depth.unwrap().iter().all(|&d| d == 1.0));
    }

    #[test]
    fn a_panorama_too_wide_for_its_lines_is_cropped_not_squashed() {
        let p = pipeline(RetroSettings {
            preset: Some("gameboy".into()),
            scale: Some(1),
            ..Default::default()
        });
        // 4000x2 at 144 lines would be 288000 wide: the middle 16384x144 of it.
        let wide = gradient(4000, 2);
        let native = p.prepare(4000, 2, &wide.rgba).unwrap().native;
        assert_eq!((native.width, native.height), (crate::MAX_SIDE, 144));
        // Red runs 0 to 255 along the panorama: the middle holds only its middle.
        let red = |x: u32| native.pixels[x as usize][0];
        let (left, right) = (red(0), red(crate::MAX_SIDE - 1));
        assert!(
            left > 0.15 && right < 0.35 && left < right,
            "{left} {right}"
        );
    }

    #[test]
    fn nes_preset_gives_native_size_times_scale_in_palette_colours() {
        let p = pipeline(RetroSettings {
            preset: Some("gameboy".into()),
            ..Default::default()
        });
        let src = gradient(320, 288);
        let out = p.process(src.width, src.height, &src.rgba).unwrap();
        assert_eq!((out.width, out.height), (160 * 5, 144 * 5));
        let greens = Palette::builtin("gb-dmg").unwrap().colors;
        assert!(
            out.rgba
                .chunks_exact(4)
                .all(|px| greens.contains(&[px[0], px[1], px[2]]) && px[3] == 255)
        );
    }

    #[test]
    fn adaptive_colours_are_limited() {
        let p = pipeline(RetroSettings {
            colors: Some(8),
            pixel: Some(2),
            ..Default::default()
        });
        let src = gradient(64, 64);
        let out = p.process(64, 64, &src.rgba).unwrap();
        assert_eq!((out.width, out.height), (32, 32));
        let distinct: std::collections::HashSet<&[u8]> = out.rgba.chunks_exact(4).collect();
        assert!(
            distinct.len() <= 8 && distinct.len() >= 4,
            "{}",
            distinct.len()
        );
    }

    #[test]
    fn a_sequence_shares_one_palette() {
        let p = pipeline(RetroSettings {
            colors: Some(4),
            ..Default::default()
        });
        let a = gradient(16, 16);
        let mut b = a.clone();
        b.rgba.iter_mut().step_by(4).for_each(|r| *r = 255 - *r);
        let out = p.process_sequence(&[a, b]).unwrap();
        let colours = |img: &Image| -> std::collections::BTreeSet<Vec<u8>> {
            img.rgba.chunks_exact(4).map(|c| c.to_vec()).collect()
        };
        let all: std::collections::BTreeSet<Vec<u8>> =
            colours(&out[0]).union(&colours(&out[1])).cloned().collect();
        assert!(all.len() <= 4, "{}", all.len());
    }

    /// A pan over a gradient whose hues turn: `count` frames of `width x height`.
    fn panning(count: u32, width: u32, height: u32) -> Vec<Image> {
        let first = gradient(width * 2, height);
        (0..count)
            .map(|k| {
                let rgba = (0..height)
                    .flat_map(|y| {
                        let row = (y * width * 2 + k * width / count) as usize * 4;
                        first.rgba[row..row + width as usize * 4].to_vec()
                    })
                    .collect();
                Image::new(width, height, rgba).unwrap()
            })
            .collect()
    }

    fn distinct_colours(frames: &[Image]) -> std::collections::BTreeSet<[u8; 4]> {
        frames
            .iter()
            .flat_map(|f| f.rgba.chunks_exact(4))
            .map(|c| [c[0], c[1], c[2], c[3]])
            .collect()
    }

    #[test]
    fn a_sequence_with_tiles_keeps_its_sub_palettes() {
        // The NES preset: 4 sub-palettes of 4 colours. Chosen frame by frame, a pan
        // over changing hues would use more than 16 colours in all; shared, it cannot.
        let p = pipeline(RetroSettings {
            preset: Some("nes".into()),
            ..Default::default()
        });
        let frames = panning(6, 128, 112);
        let out = p.process_sequence(&frames).unwrap();
        let colours = distinct_colours(&out);
        assert!(colours.len() <= 16, "{} colours", colours.len());
    }

    /// The most colours any `side` x `side` cell of `image` (native size) shows.
    fn most_colours_in_a_cell(image: &Image, side: u32) -> usize {
        let mut most = 0;
        for top in (0..image.height).step_by(side as usize) {
            for left in (0..image.width).step_by(side as usize) {
                let mut cell = std::collections::BTreeSet::new();
                for y in top..(top + side).min(image.height) {
                    for x in left..(left + side).min(image.width) {
                        let i = (y * image.width + x) as usize * 4;
                        cell.insert(&image.rgba[i..i + 4]);
                    }
                }
                most = most.max(cell.len());
            }
        }
        most
    }

    #[test]
    fn outlines_keep_the_machines_limits() {
        // Blocks of light and mid colours: edges everywhere, and no black in sight.
        const HUES: [[u8; 3]; 6] = [
            [250, 230, 80],
            [80, 120, 220],
            [240, 140, 200],
            [120, 220, 120],
            [200, 90, 60],
            [150, 230, 240],
        ];
        let (width, height) = (128, 112);
        let mut rgba = Vec::new();
        for y in 0..height {
            for x in 0..width {
                rgba.extend_from_slice(&HUES[((x / 5) * 7 + (y / 5) * 3) as usize % 6]);
                rgba.push(255);
            }
        }
        for (preset, side, limit) in [("nes", 16, 4), ("zx-spectrum", 8, 2)] {
            let p = pipeline(RetroSettings {
                preset: Some(preset.into()),
                outline: Some(true),
                scale: Some(1),
                ..Default::default()
            });
            let out = p.process(width, height, &rgba).unwrap();
            let most = most_colours_in_a_cell(&out, side);
            assert!(most <= limit, "{preset}: {most} colours in a cell");
        }
    }

    #[test]
    fn bad_frames_and_settings_are_errors() {
        let p = pipeline(RetroSettings::default());
        assert!(matches!(
            p.process(0, 10, &[]),
            Err(RetroError::Dimensions { .. })
        ));
        assert!(matches!(
            p.process(2, 2, &[0; 3]),
            Err(RetroError::FrameLength { .. })
        ));
        for settings in [
            RetroSettings {
                colors: Some(1),
                ..Default::default()
            },
            RetroSettings {
                dither: Some("plaid".into()),
                ..Default::default()
            },
            RetroSettings {
                palette: Some("no-such-palette".into()),
                ..Default::default()
            },
            RetroSettings {
                preset: Some("no-such-preset".into()),
                ..Default::default()
            },
            RetroSettings {
                size: Some([0, 10]),
                ..Default::default()
            },
            // 5000 pixels wide at scale 4 would be shown 20000 pixels wide.
            RetroSettings {
                size: Some([5000, 100]),
                scale: Some(4),
                ..Default::default()
            },
            // Attribute clash needs the whole palette its groups refer to.
            RetroSettings {
                preset: Some("zx-spectrum".into()),
                colors: Some(8),
                ..Default::default()
            },
        ] {
            assert!(
                Pipeline::with_library(&settings, &Library::builtin()).is_err(),
                "{settings:?}"
            );
        }
    }

    #[test]
    fn a_frame_too_wide_to_show_at_the_scale_is_an_error() {
        // The NES preset keeps 224 lines: a 20:1 banner would be 4480 pixels wide,
        // 17920 at the preset's scale of 4.
        let p = pipeline(RetroSettings {
            preset: Some("nes".into()),
            ..Default::default()
        });
        let err = p.process(4000, 200, &[128; 4000 * 200 * 4]).unwrap_err();
        assert!(err.to_string().contains("17920x896"), "{err}");
    }

    #[test]
    fn transparent_areas_stay_transparent() {
        let p = pipeline(RetroSettings {
            palette: Some("pico8".into()),
            dither: Some("floyd-steinberg".into()),
            ..Default::default()
        });
        let mut src = gradient(8, 8);
        for px in src.rgba.chunks_exact_mut(4).take(8) {
            px[3] = 0;
        }
        let out = p.process(8, 8, &src.rgba).unwrap();
        assert!(
            out.rgba
                .chunks_exact(4)
                .take(8)
                .all(|px| px == [0, 0, 0, 0])
        );
        assert!(out.rgba.chunks_exact(4).skip(8).all(|px| px[3] == 255));
    }

    #[test]
    fn outlines_follow_the_depth_pass() {
        let p = pipeline(RetroSettings {
            palette: Some("pico8".into()),
            outline: Some(true),
            ..Default::default()
        });
        // A flat grey frame: no luminance edges, but a near square in the depth pass.
        let rgba = [150, 150, 150, 255].repeat(16 * 16);
        let depth: Vec<f32> = (0..256)
            .map(|i| {
                if (4..12).contains(&(i % 16)) && (4..12).contains(&(i / 16)) {
                    1.0
                } else {
                    9.0
                }
            })
            .collect();
        let flat = p.process(16, 16, &rgba).unwrap();
        let outlined = p.process_with_depth(16, 16, &rgba, &depth).unwrap();
        let black = |img: &Image| {
            img.rgba
                .chunks_exact(4)
                .filter(|px| px[..3] == [0, 0, 0])
                .count()
        };
        assert_eq!(black(&flat), 0);
        assert_eq!(black(&outlined), 28, "the ring just inside the square");
        assert!(p.process_with_depth(16, 16, &rgba, &depth[1..]).is_err());
    }
}
