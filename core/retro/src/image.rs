//! Frames: 8-bit sRGB RGBA images (what comes in and goes out) and linear-light
//! working images (what the pipeline averages and diffuses error in).

use crate::error::{Result, RetroError};

/// Largest accepted width or height of a frame, in pixels (16384: 1 GiB of RGBA at most).
pub const MAX_SIDE: u32 = 16_384;

/// An 8-bit sRGB image with straight (not premultiplied) alpha, rows top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub width: u32,
    pub height: u32,
    /// `width * height * 4` bytes, RGBA.
    pub rgba: Vec<u8>,
}

impl Image {
    /// An image from RGBA bytes, checking the size against [`MAX_SIDE`] and the byte count.
    pub fn new(width: u32, height: u32, rgba: Vec<u8>) -> Result<Self> {
        check_frame(width, height, rgba.len())?;
        Ok(Image {
            width,
            height,
            rgba,
        })
    }

    /// Pixel at `(x, y)` as RGBA.
    pub fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        let i = (y as usize * self.width as usize + x as usize) * 4;
        self.rgba[i..i + 4].try_into().expect("4 bytes")
    }

    /// The RGB of every pixel with alpha at least one half.
    pub fn opaque_rgb(&self) -> impl Iterator<Item = [u8; 3]> + '_ {
        self.rgba
            .chunks_exact(4)
            .filter(|p| p[3] >= 128)
            .map(|p| [p[0], p[1], p[2]])
    }
}

/// A borrowed RGBA frame: what callers hand the pipeline without copying.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    pub width: u32,
    pub height: u32,
    pub rgba: &'a [u8],
}

impl Image {
    /// This image as a borrowed frame.
    pub fn as_frame(&self) -> Frame<'_> {
        Frame {
            width: self.width,
            height: self.height,
            rgba: &self.rgba,
        }
    }
}

/// Checks a frame's size and byte count before anything touches its pixels.
pub fn check_frame(width: u32, height: u32, len: usize) -> Result<()> {
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
        return Err(RetroError::Dimensions { width, height });
    }
    let expected = width as usize * height as usize * 4;
    if len != expected {
        return Err(RetroError::FrameLength {
            width,
            height,
            expected,
            actual: len,
        });
    }
    Ok(())
}

/// A linear-light RGB image with straight alpha in `0..=1`.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearImage {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<[f32; 4]>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_checked() {
        assert!(Image::new(2, 2, vec![0; 16]).is_ok());
        assert!(matches!(
            Image::new(0, 2, vec![]),
            Err(RetroError::Dimensions { .. })
        ));
        assert!(matches!(
            Image::new(MAX_SIDE + 1, 1, vec![]),
            Err(RetroError::Dimensions { .. })
        ));
        let err = Image::new(2, 2, vec![0; 15]).unwrap_err();
        assert_eq!(err.to_string(), "frame of 2x2 needs 16 RGBA bytes, got 15");
    }
}
