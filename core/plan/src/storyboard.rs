//! The storyboard contact sheet: one panel per shot in cutting order, each with its
//! frame and a caption (scene and shot number, shot size and kind, the line being
//! spoken or the action). Text is drawn with the public-domain 8x8 bitmap font, so
//! the sheet looks the same on every machine and needs no system fonts.

use font8x8::{BASIC_FONTS, LATIN_FONTS, UnicodeFonts};
use image::imageops;
use image::{Rgb, RgbImage};

const BACKGROUND: Rgb<u8> = Rgb([24, 24, 28]);
const PANEL: Rgb<u8> = Rgb([44, 44, 50]);
const INK: Rgb<u8> = Rgb([235, 235, 235]);
const DIM_INK: Rgb<u8> = Rgb([160, 160, 170]);
const GLYPH: u32 = 8;
const LINE_HEIGHT: u32 = 11;
const MARGIN: u32 = 12;
/// Caption lines under each frame: the slate, then the words.
const CAPTION_LINES: u32 = 3;
const TITLE_HEIGHT: u32 = 36;

/// One panel: the frame (or `None` for a placeholder) and its caption.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub frame: Option<RgbImage>,
    /// `SC 2  2-3  MCU OTS`.
    pub slate: String,
    /// The line being spoken or the action described.
    pub words: String,
}

/// Lays `panels` out in a grid under `title`; frames are fitted into `aspect`-shaped
/// slots (letterboxed when their shape differs).
pub fn contact_sheet(title: &str, panels: &[Panel], aspect: f32) -> RgbImage {
    // Small productions get big panels; long ones smaller panels in more columns,
    // so the sheet stays within a sensible size.
    let (panel_width, min_columns) = if panels.len() <= 48 {
        (320, 4)
    } else {
        (192, 6)
    };
    let columns = (panels.len() as f32 / 1.5)
        .sqrt()
        .ceil()
        .max(min_columns as f32) as u32;
    let columns = columns.min(panels.len().max(1) as u32);
    let rows = (panels.len() as u32).div_ceil(columns).max(1);
    let image_height =
        ((panel_width as f32 / aspect.max(0.1)).round() as u32).clamp(16, panel_width * 2);
    let panel_height = image_height + 6 + CAPTION_LINES * LINE_HEIGHT + 4;
    let width = MARGIN + columns * (panel_width + MARGIN);
    let height = TITLE_HEIGHT + MARGIN + rows * (panel_height + MARGIN);
    let mut sheet = RgbImage::from_pixel(width, height, BACKGROUND);
    draw_text(
        &mut sheet,
        MARGIN,
        10,
        &fit(title, (width - 2 * MARGIN) / (2 * GLYPH)),
        2,
        INK,
    );

    let chars_per_line = panel_width / GLYPH;
    for (i, panel) in panels.iter().enumerate() {
        let (column, row) = (i as u32 % columns, i as u32 / columns);
        let x = MARGIN + column * (panel_width + MARGIN);
        let y = TITLE_HEIGHT + MARGIN + row * (panel_height + MARGIN);
        fill(&mut sheet, x, y, panel_width, panel_height, PANEL);
        match &panel.frame {
            Some(frame) => paste_fitted(&mut sheet, frame, x, y, panel_width, image_height),
            None => placeholder(&mut sheet, x, y, panel_width, image_height),
        }
        let mut text_y = y + image_height + 6;
        draw_text(
            &mut sheet,
            x + 2,
            text_y,
            &fit(&panel.slate, chars_per_line),
            1,
            INK,
        );
        for line in wrap(&panel.words, chars_per_line, CAPTION_LINES as usize - 1) {
            text_y += LINE_HEIGHT;
            draw_text(&mut sheet, x + 2, text_y, &line, 1, DIM_INK);
        }
    }
    sheet
}

fn fill(image: &mut RgbImage, x: u32, y: u32, w: u32, h: u32, color: Rgb<u8>) {
    for py in y..(y + h).min(image.height()) {
        for px in x..(x + w).min(image.width()) {
            image.put_pixel(px, py, color);
        }
    }
}

fn paste_fitted(sheet: &mut RgbImage, frame: &RgbImage, x: u32, y: u32, w: u32, h: u32) {
    let scale = (w as f32 / frame.width() as f32).min(h as f32 / frame.height() as f32);
    let fw = ((frame.width() as f32 * scale).round() as u32).clamp(1, w);
    let fh = ((frame.height() as f32 * scale).round() as u32).clamp(1, h);
    let resized = imageops::thumbnail(frame, fw, fh);
    fill(sheet, x, y, w, h, Rgb([0, 0, 0]));
    imageops::replace(
        sheet,
        &resized,
        i64::from(x + (w - fw) / 2),
        i64::from(y + (h - fh) / 2),
    );
}

/// A crossed-out grey slot saying the frame is missing.
fn placeholder(sheet: &mut RgbImage, x: u32, y: u32, w: u32, h: u32) {
    fill(sheet, x, y, w, h, Rgb([70, 70, 78]));
    let steps = w.max(h);
    for i in 0..steps {
        let px = x + i * (w - 1) / steps;
        let py = i * (h - 1) / steps;
        sheet.put_pixel(px, y + py, DIM_INK);
        sheet.put_pixel(px, y + h - 1 - py, DIM_INK);
    }
    let label = "NO FRAME";
    let label_width = label.len() as u32 * GLYPH * 2;
    if label_width < w {
        let (lx, ly) = (x + (w - label_width) / 2, y + h / 2 - GLYPH);
        fill(
            sheet,
            lx - 4,
            ly - 4,
            label_width + 8,
            2 * GLYPH + 8,
            Rgb([70, 70, 78]),
        );
        draw_text(sheet, lx, ly, label, 2, INK);
    }
}

/// The 8x8 bitmap of a character: Basic Latin, then Latin-1; `?` for anything else.
fn glyph(c: char) -> [u8; 8] {
    BASIC_FONTS
        .get(c)
        .or_else(|| LATIN_FONTS.get(c))
        .or_else(|| BASIC_FONTS.get('?'))
        .unwrap_or([0; 8])
}

/// Draws `text` with its top-left corner at (`x`, `y`), each font pixel `scale`
/// pixels wide; whatever falls outside the image is clipped.
pub fn draw_text(image: &mut RgbImage, x: u32, y: u32, text: &str, scale: u32, color: Rgb<u8>) {
    let advance = GLYPH * scale;
    for (i, c) in text.chars().enumerate() {
        let left = x + i as u32 * advance;
        if left >= image.width() {
            break;
        }
        for (row, bits) in glyph(c).iter().enumerate() {
            for column in 0..GLYPH {
                // Bit 0 is the leftmost pixel of the row.
                if bits & (1 << column) == 0 {
                    continue;
                }
                for dy in 0..scale {
                    for dx in 0..scale {
                        let px = left + column * scale + dx;
                        let py = y + row as u32 * scale + dy;
                        if px < image.width() && py < image.height() {
                            image.put_pixel(px, py, color);
                        }
                    }
                }
            }
        }
    }
}

/// `text` cut to `width` characters, with `...` when it was longer.
fn fit(text: &str, width: u32) -> String {
    let width = width as usize;
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let kept: String = text.chars().take(width.saturating_sub(3)).collect();
    format!("{}...", kept.trim_end())
}

/// Word-wraps `text` into at most `max_lines` lines of `width` characters; the last
/// line ends in `...` when text is left over. Words longer than a line are cut.
pub fn wrap(text: &str, width: u32, max_lines: usize) -> Vec<String> {
    let width = width.max(4) as usize;
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let word: String = word.chars().take(width).collect();
        let needed =
            current.chars().count() + usize::from(!current.is_empty()) + word.chars().count();
        if needed > width && !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            *last = fit(&format!("{last} ..."), width as u32);
            if !last.ends_with("...") {
                last.push_str("...");
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panel(frame: Option<RgbImage>) -> Panel {
        Panel {
            frame,
            slate: "SC 1  1-1  WS EST".into(),
            words: "Oil stains, a radio, a half-built MOTORCYCLE on a stand.".into(),
        }
    }

    #[test]
    fn wrapping_keeps_words_and_marks_cuts() {
        assert_eq!(wrap("one two three", 8, 3), ["one two", "three"]);
        let cut = wrap("one two three four five six", 8, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with("..."), "{cut:?}");
        assert!(cut.iter().all(|l| l.chars().count() <= 8), "{cut:?}");
        assert_eq!(wrap("", 10, 2), Vec::<String>::new());
        assert_eq!(wrap("abcdefghijkl", 5, 2), ["abcde"]);
    }

    #[test]
    fn text_is_drawn_and_clipped() {
        let mut image = RgbImage::from_pixel(20, 6, BACKGROUND);
        draw_text(&mut image, 0, 0, "HI", 1, INK);
        assert!(image.pixels().any(|p| *p == INK));
        // Far outside: nothing drawn, nothing panics.
        draw_text(&mut image, 1000, 1000, "HI", 3, INK);
        draw_text(&mut image, 15, 0, "Ünïcödé ✓", 2, INK);
    }

    #[test]
    fn sheet_has_a_panel_per_shot_with_frames_and_placeholders() {
        let red = RgbImage::from_pixel(64, 36, Rgb([255, 0, 0]));
        let panels = vec![
            panel(Some(red)),
            panel(None),
            panel(Some(RgbImage::new(10, 40))),
        ];
        let sheet = contact_sheet("Alley Kings", &panels, 16.0 / 9.0);
        // Three panels fit in one row of 320 px panels.
        assert_eq!(sheet.width(), MARGIN + 3 * (320 + MARGIN));
        let image_height = 180;
        // The first slot shows the red frame, the second the grey placeholder.
        let first = sheet.get_pixel(MARGIN + 160, TITLE_HEIGHT + MARGIN + image_height / 2);
        assert_eq!(*first, Rgb([255, 0, 0]));
        let second = sheet.get_pixel(MARGIN + 332 + 5, TITLE_HEIGHT + MARGIN + 5);
        assert_eq!(*second, Rgb([70, 70, 78]));
        // The caption has ink under every panel.
        for column in 0..3 {
            let x0 = MARGIN + column * 332;
            let y0 = TITLE_HEIGHT + MARGIN + image_height + 6;
            let inked = (x0..x0 + 320).any(|x| (y0..y0 + 8).any(|y| *sheet.get_pixel(x, y) == INK));
            assert!(inked, "panel {column} has no slate");
        }
    }

    #[test]
    fn long_productions_use_more_columns() {
        let panels = vec![panel(None); 200];
        let sheet = contact_sheet("Big", &panels, 2.39);
        assert!(
            sheet.width() > sheet.height() / 3,
            "{}x{}",
            sheet.width(),
            sheet.height()
        );
        assert!(u64::from(sheet.width()) * u64::from(sheet.height()) < 40_000_000);
    }

    #[test]
    fn an_empty_production_gives_a_title_card() {
        let sheet = contact_sheet("Nothing", &[], 1.0);
        assert!(sheet.width() > 0 && sheet.height() > TITLE_HEIGHT);
    }
}
