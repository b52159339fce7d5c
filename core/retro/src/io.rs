//! Reading and writing images and files: decode errors name the file, sizes are
//! checked before decoding, and every output goes through a temporary file in the
//! target directory and a rename, so a failed run never leaves a half-written file.

use std::io::Write;
use std::path::Path;

use crate::error::{Result, RetroError};
use crate::image::{Image, MAX_SIDE};

/// Image file extensions read from folders.
pub const IMAGE_EXTENSIONS: [&str; 3] = ["png", "jpg", "jpeg"];

/// Decodes a PNG or JPEG file to RGBA, refusing images larger than [`MAX_SIDE`].
pub fn load_image(path: &Path) -> Result<Image> {
    let decode_error = |message: String| RetroError::Decode {
        file: path.to_owned(),
        message,
    };
    let mut reader = image::ImageReader::open(path)
        .map_err(|e| RetroError::io(path, e))?
        .with_guessed_format()
        .map_err(|e| RetroError::io(path, e))?;
    if reader.format().is_none() {
        return Err(decode_error("not a PNG or JPEG image".into()));
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => {
            decode_error(format!("image is larger than {MAX_SIDE} pixels on a side"))
        }
        other => decode_error(format!("cannot decode: {other}")),
    })?;
    let rgba = decoded.into_rgba8();
    let (width, height) = rgba.dimensions();
    Image::new(width, height, rgba.into_raw()).map_err(|e| decode_error(e.to_string()))
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
}
