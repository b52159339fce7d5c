//! Reading and writing images and files: decode errors name the file, sizes are
//! checked before decoding, and every output goes through a temporary file in the
//! target directory and a rename, so a failed run never leaves a half-written file.

use std::io::Write;
use std::path::Path;

use crate::error::{Result, RetroError};
use crate::image::{Image, MAX_SIDE};

/// Image file extensions read from folders.
pub const IMAGE_EXTENSIONS: [&str; 3] = ["png", "jpg", "jpeg"];

/// Decodes a PNG or JPEG file to RGBA, refusing images larger than [`MAX_SIDE`]
/// and JPEGs cut short.
pub fn load_image(path: &Path) -> Result<Image> {
    eight_bits(path, decode(path)?)
}

fn eight_bits(path: &Path, decoded: image::DynamicImage) -> Result<Image> {
    let rgba = decoded.into_rgba8();
    let (width, height) = rgba.dimensions();
    Image::new(width, height, rgba.into_raw()).map_err(|e| RetroError::Decode {
        file: path.to_owned(),
        message: e.to_string(),
    })
}

/// An image of 16 bits a channel (RGBA), as a 16-bit PNG holds it.
pub struct Image16 {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u16>,
}

/// An image as deep as its file: 8 bits a channel, or 16 for a file of more.
pub enum DeepImage {
    Eight(Image),
    Sixteen(Image16),
}

/// Decodes as [`load_image`] does, but an image of more than 8 bits a channel (a
/// 16-bit PNG) keeps 16: a grade of a deep render does not band.
pub fn load_deep_image(path: &Path) -> Result<DeepImage> {
    let decoded = decode(path)?;
    if decoded.color().bytes_per_pixel() / decoded.color().channel_count() == 1 {
        return eight_bits(path, decoded).map(DeepImage::Eight);
    }
    let rgba = decoded.into_rgba16();
    let (width, height) = rgba.dimensions();
    Ok(DeepImage::Sixteen(Image16 {
        width,
        height,
        rgba: rgba.into_raw(),
    }))
}

fn decode(path: &Path) -> Result<image::DynamicImage> {
    let decode_error = |message: String| RetroError::Decode {
        file: path.to_owned(),
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| RetroError::io(path, e))?;
    let mut reader = image::ImageReader::new(std::io::Cursor::new(&bytes))
        .with_guessed_format()
        .map_err(|e| RetroError::io(path, e))?;
    match reader.format() {
        None => return Err(decode_error("not a PNG or JPEG image".into())),
        Some(image::ImageFormat::Jpeg) if !jpeg_is_complete(&bytes) => {
            return Err(decode_error(
                "the JPEG is cut short (no end-of-image marker after its last scan)".into(),
            ));
        }
        Some(_) => {}
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    // Room for the largest image the sides allow, as 16-bit RGBA: the decoder's
    // own default (512 MiB) would refuse some of them in the sides' name.
    limits.max_alloc = Some(u64::from(MAX_SIDE) * u64::from(MAX_SIDE) * 8);
    reader.limits(limits);
    reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => {
            decode_error(format!("image is larger than {MAX_SIDE} pixels on a side"))
        }
        other => decode_error(format!("cannot decode: {other}")),
    })
}

/// Whether a JPEG's last scan ends with the end-of-image marker. The decoder fills
/// a file cut short with grey instead of failing; a scan's data never holds the
/// marker (its 0xFF bytes are escaped), and a thumbnail's scans come before the
/// picture's.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    const START_OF_SCAN: [u8; 2] = [0xFF, 0xDA];
    const END_OF_IMAGE: [u8; 2] = [0xFF, 0xD9];
    let last_scan = bytes
        .windows(2)
        .rposition(|pair| pair == START_OF_SCAN)
        .unwrap_or(0);
    bytes[last_scan..]
        .windows(2)
        .any(|pair| pair == END_OF_IMAGE)
}

/// Encodes `image` as PNG into `path`, atomically.
pub fn save_png(image: &Image, path: &Path) -> Result<()> {
    let mut bytes = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new_with_quality(
        &mut bytes,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::Adaptive,
    );
    image::ImageEncoder::write_image(
        encoder,
        &image.rgba,
        image.width,
        image.height,
        image::ExtendedColorType::Rgba8,
    )
    .map_err(|e| RetroError::Encode {
        file: path.to_owned(),
        message: e.to_string(),
    })?;
    write_atomically(path, &bytes)
}

/// Encodes a 16-bit `image` as a 16-bit PNG into `path`, atomically.
pub fn save_png16(image: &Image16, path: &Path) -> Result<()> {
    let encode_error = |message: String| RetroError::Encode {
        file: path.to_owned(),
        message,
    };
    let buffer = image::ImageBuffer::<image::Rgba<u16>, _>::from_raw(
        image.width,
        image.height,
        image.rgba.as_slice(),
    )
    .ok_or_else(|| encode_error("the pixels do not fill the image".into()))?;
    let mut bytes = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new_with_quality(
        &mut bytes,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::Adaptive,
    );
    buffer
        .write_with_encoder(encoder)
        .map_err(|e| encode_error(e.to_string()))?;
    write_atomically(path, &bytes)
}

/// Writes `bytes` to `path` whole or not at all (see
/// [`oneshot_model::files::write_atomically`]).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    oneshot_model::files::write_atomically(path, |out| out.write_all(bytes))
        .map_err(|e| RetroError::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_round_trips_and_bad_files_name_themselves() {
        let dir = tempfile::tempdir().unwrap();
        let image = Image::new(3, 2, (0..24).collect()).unwrap();
        let path = dir.path().join("a.png");
        save_png(&image, &path).unwrap();
        assert_eq!(load_image(&path).unwrap(), image);

        let bad = dir.path().join("bad.png");
        std::fs::write(&bad, b"not an image at all").unwrap();
        let err = load_image(&bad).unwrap_err().to_string();
        assert!(err.contains("bad.png"), "{err}");

        let bytes = std::fs::read(&path).unwrap();
        let cut = dir.path().join("cut.png");
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        let err = load_image(&cut).unwrap_err().to_string();
        assert!(err.contains("cut.png"), "{err}");
        // Only the files written above: no temporary leftovers.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    }

    #[test]
    fn a_jpeg_cut_short_is_an_error_not_a_grey_picture() {
        let dir = tempfile::tempdir().unwrap();
        let rgb: Vec<u8> = (0..64 * 48 * 3).map(|i| (i * 7 % 256) as u8).collect();
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut jpeg)
            .encode(&rgb, 64, 48, image::ExtendedColorType::Rgb8)
            .unwrap();
        let whole = dir.path().join("whole.jpg");
        std::fs::write(&whole, &jpeg).unwrap();
        assert_eq!(load_image(&whole).unwrap().width, 64);
        let cut = dir.path().join("cut.jpg");
        std::fs::write(&cut, &jpeg[..jpeg.len() * 2 / 3]).unwrap();
        let err = load_image(&cut).unwrap_err().to_string();
        assert!(
            err.contains("cut.jpg") && err.contains("cut short"),
            "{err}"
        );
    }
}
