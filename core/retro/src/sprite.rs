//! Sprite sheets: frames packed into one PNG-ready image on a grid, with an
//! Aseprite-compatible JSON atlas (the `json-array` export format: frames with their
//! rectangles and durations, and frame tags in `meta.frameTags`).

use serde_json::{Value, json};

use crate::error::{Result, RetroError};
use crate::image::{Image, MAX_SIDE};

/// A named range of frames (an animation), inclusive, like Aseprite's tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub from: usize,
    pub to: usize,
}

/// One frame to pack.
pub struct SheetFrame<'a> {
    pub name: String,
    pub image: &'a Image,
    pub duration_ms: u32,
}

/// Packs frames left to right, top to bottom, on a grid of cells as large as the
/// largest frame, about square overall. Returns the sheet and its atlas; `image_name`
/// is the sheet's file name as the atlas refers to it, `scale` how many sheet
/// pixels a frame's pixel art pixel is. Fails when the frames do not fit in a sheet
/// of [`MAX_SIDE`] pixels on a side.
pub fn pack(
    frames: &[SheetFrame<'_>],
    tags: &[Tag],
    image_name: &str,
    scale: u32,
) -> Result<(Image, Value)> {
    let cell_w = frames.iter().map(|f| f.image.width).max().unwrap_or(1);
    let cell_h = frames.iter().map(|f| f.image.height).max().unwrap_or(1);
    let count = frames.len().max(1) as u32;
    // Columns so that the sheet is roughly square in pixels.
    let columns =
        ((count as f64 * cell_h as f64 / cell_w as f64).sqrt().ceil() as u32).clamp(1, count);
    let rows = count.div_ceil(columns);
    let (width, height) = (
        u64::from(columns) * u64::from(cell_w),
        u64::from(rows) * u64::from(cell_h),
    );
    if width > u64::from(MAX_SIDE) || height > u64::from(MAX_SIDE) {
        return Err(RetroError::setting(
            "sheet",
            format!(
                "{count} frames of up to {cell_w}x{cell_h} make a {width}x{height} sheet, \
                 over {MAX_SIDE} pixels on a side: use fewer or smaller frames"
            ),
        ));
    }
    let (width, height) = (width as u32, height as u32);
    let mut rgba = vec![0u8; width as usize * height as usize * 4];
    let mut entries = Vec::with_capacity(frames.len());
    for (i, frame) in frames.iter().enumerate() {
        let (x, y) = ((i as u32 % columns) * cell_w, (i as u32 / columns) * cell_h);
        let (w, h) = (frame.image.width, frame.image.height);
        for row in 0..h as usize {
            let src = &frame.image.rgba[row * w as usize * 4..(row + 1) * w as usize * 4];
            let at = ((y as usize + row) * width as usize + x as usize) * 4;
            rgba[at..at + src.len()].copy_from_slice(src);
        }
        entries.push(json!({
            "filename": frame.name,
            "frame": { "x": x, "y": y, "w": w, "h": h },
            "rotated": false,
            "trimmed": false,
            "spriteSourceSize": { "x": 0, "y": 0, "w": w, "h": h },
            "sourceSize": { "w": w, "h": h },
            "duration": frame.duration_ms,
        }));
    }
    let frame_tags: Vec<Value> = tags
        .iter()
        .map(|t| json!({ "name": t.name, "from": t.from, "to": t.to, "direction": "forward", "color": "#000000ff" }))
        .collect();
    let atlas = json!({
        "frames": entries,
        "meta": {
            "app": "oneshot retro",
            "version": env!("CARGO_PKG_VERSION"),
            "image": image_name,
            "format": "RGBA8888",
            "size": { "w": width, "h": height },
            "scale": scale.to_string(),
            "frameTags": frame_tags,
            "layers": [],
            "slices": [],
        }
    });
    let sheet = Image::new(width, height, rgba)?;
    Ok((sheet, atlas))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_frames_on_a_grid_with_an_atlas() {
        let images: Vec<Image> = (0..5u8)
            .map(|i| Image::new(4, 2, vec![i; 32]).unwrap())
            .collect();
        let frames: Vec<SheetFrame> = images
            .iter()
            .enumerate()
            .map(|(i, image)| SheetFrame {
                name: format!("walk {i}.png"),
                image,
                duration_ms: 100,
            })
            .collect();
        let tags = [Tag {
            name: "walk".into(),
            from: 0,
            to: 4,
        }];
        let (sheet, atlas) = pack(&frames, &tags, "walk.png", 2).unwrap();
        assert_eq!((sheet.width, sheet.height), (8, 6));
        let f3 = &atlas["frames"][3];
        assert_eq!(
            (f3["frame"]["x"].as_u64(), f3["frame"]["y"].as_u64()),
            (Some(4), Some(2))
        );
        assert_eq!(sheet.pixel(4, 2), [3, 3, 3, 3]);
        assert_eq!(
            sheet.pixel(7, 5),
            [0, 0, 0, 0],
            "empty cells are transparent"
        );
        assert_eq!(atlas["meta"]["frameTags"][0]["to"], 4);
        assert_eq!(atlas["meta"]["size"]["w"], 8);
        assert_eq!(atlas["frames"][0]["duration"], 100);
        assert_eq!(atlas["meta"]["scale"], "2");
    }

    #[test]
    fn a_sheet_too_large_is_an_error() {
        let side = MAX_SIDE as usize;
        let wide = Image::new(MAX_SIDE, 1, vec![0; side * 4]).unwrap();
        let tall = Image::new(1, MAX_SIDE, vec![0; side * 4]).unwrap();
        let frames: Vec<SheetFrame> = [&wide, &tall]
            .into_iter()
            .map(|image| SheetFrame {
                name: "f.png".into(),
                image,
                duration_ms: 100,
            })
            .collect();
        let err = pack(&frames, &[], "s.png", 1).unwrap_err();
        assert!(err.to_string().contains("32768x16384"), "{err}");
    }
}
