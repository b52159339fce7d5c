//! Reading and writing images and files: decode errors name the file, sizes are
//! checked before decoding, and every output goes through a temporary file in the
//! target directory and a rename, so a failed run never leaves a half-written file.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::io::Write;
use std::path::Path;

use oneshot_model::files::read_at_most;

use crate::error::{Result, RetroError};
use crate::image::{Image, MAX_SIDE, check_frame};

/// Image file extensions read from folders.
/// The largest image file read: a 16384-pixel-square PNG stored without
/// compression is about 1 GB.
const MAX_IMAGE_FILE_BYTES: u64 = 1_100_000_000;

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
    let bytes = read_at_most(path, MAX_IMAGE_FILE_BYTES).map_err(|e| RetroError::io(path, e))?;
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
    let decoded = reader.into_decoder().and_then(|mut decoder| {
        // A phone's photo is stored as the sensor saw it and says how to turn it.
        let orientation = image::ImageDecoder::orientation(&mut decoder)?;
        let mut image = image::DynamicImage::from_decoder(decoder)?;
        image.apply_orientation(orientation);
        Ok(image)
    });
    decoded.map_err(|e| match e {
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

/// Encodes `image` as PNG into `path`, atomically: RGB when every pixel is
/// opaque, else RGBA.
pub fn save_png(image: &Image, path: &Path) -> Result<()> {
    write_atomically(path, &encode_png(image, path)?)
}

/// `image` as the bytes of the PNG [`save_png`] writes; `path` names it in errors.
pub fn encode_png(image: &Image, path: &Path) -> Result<Vec<u8>> {
    // `Image`'s fields are public: one built by hand may not hold its pixels.
    check_frame(image.width, image.height, image.rgba.len())?;
    let mut bytes = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new_with_quality(
        &mut bytes,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::Adaptive,
    );
    let rgb = opaque_rgb(&image.rgba, u8::MAX);
    let (pixels, color) = match &rgb {
        Some(rgb) => (rgb, image::ExtendedColorType::Rgb8),
        None => (&image.rgba, image::ExtendedColorType::Rgba8),
    };
    image::ImageEncoder::write_image(encoder, pixels, image.width, image.height, color).map_err(
        |e| RetroError::Encode {
            file: path.to_owned(),
            message: e.to_string(),
        },
    )?;
    Ok(bytes)
}

/// Encodes `image` into `path`, atomically, as an indexed PNG whose colour table is
/// `palette` in its order, followed by any other colours the image holds (a
/// transparent background): a machine's palette keeps its hardware order, so
/// index 13 of a NES picture is the NES's colour 13. Pixel-art editors open it as
/// indexed, and it is a fraction of the size. Four colours or fewer take two bits
/// a pixel, sixteen four. An image of more than 256 colours in all is written as
/// true colour by [`save_png`]. The pixels read back the same either way.
pub fn save_png_indexed(image: &Image, palette: &[[u8; 3]], path: &Path) -> Result<()> {
    write_atomically(path, &encode_png_indexed(image, palette, path)?)
}

/// `image` as the bytes of the PNG [`save_png_indexed`] writes; `path` names it
/// in errors.
pub fn encode_png_indexed(image: &Image, palette: &[[u8; 3]], path: &Path) -> Result<Vec<u8>> {
    check_frame(image.width, image.height, image.rgba.len())?;
    let Some(indexed) = Indexed::new(image, palette) else {
        return encode_png(image, path);
    };
    let mut bytes = Vec::new();
    indexed
        .encode(image.width, image.height, &mut bytes)
        .map_err(|e| RetroError::Encode {
            file: path.to_owned(),
            message: e.to_string(),
        })?;
    Ok(bytes)
}

/// Whether the PNG in `bytes` is indexed: its header's colour type (the byte
/// after the width, height and bit depth) is 3.
pub fn png_is_indexed(bytes: &[u8]) -> bool {
    const COLOUR_TYPE: usize = 8 + 8 + 4 + 4 + 1;
    const INDEXED: u8 = 3;
    bytes.starts_with(b"\x89PNG") && bytes.get(COLOUR_TYPE) == Some(&INDEXED)
}

/// Hashes a pixel (four bytes as a `u32`) with one multiplication: the colour table
/// is looked up for every pixel that differs from the one before, where SipHash
/// took a quarter of the write.
#[derive(Default)]
struct PixelHasher(u64);

impl std::hash::Hasher for PixelHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u32(u32::from(b));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0 ^ u64::from(n)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// An image as indices into a colour table of at most 256 RGBA entries.
struct Indexed {
    entries: Vec<[u8; 4]>,
    indices: Vec<u8>,
}

impl Indexed {
    /// `None` when the palette and the image's other colours are more than 256.
    fn new(image: &Image, palette: &[[u8; 3]]) -> Option<Indexed> {
        const MOST: usize = 256;
        if palette.len() > MOST {
            return None;
        }
        let mut entries: Vec<[u8; 4]> = palette.iter().map(|&[r, g, b]| [r, g, b, 255]).collect();
        // A colour a palette repeats is its first index, or the last of the first
        // run of it: the NES's blacks start with $0D, $0E, $0F, and black is
        // written $0F, as $0D ("blacker than black") must never be.
        let mut index: HashMap<u32, u8, BuildHasherDefault<PixelHasher>> =
            HashMap::with_capacity_and_hasher(MOST, BuildHasherDefault::default());
        for (i, entry) in entries.iter().enumerate() {
            let key = u32::from_ne_bytes(*entry);
            let runs_on = |&known: &u8| usize::from(known) + 1 == i && entries[i - 1] == *entry;
            if index.get(&key).is_none_or(runs_on) {
                index.insert(key, i as u8);
            }
        }
        let mut indices = Vec::with_capacity(image.rgba.len() / 4);
        // Pixel art comes in runs of one colour: most pixels are the previous one's.
        let mut previous: Option<([u8; 4], u8)> = None;
        for pixel in image.rgba.chunks_exact(4) {
            let pixel = [pixel[0], pixel[1], pixel[2], pixel[3]];
            let i = match previous {
                Some((colour, i)) if colour == pixel => i,
                _ => match index.get(&u32::from_ne_bytes(pixel)) {
                    Some(&i) => i,
                    None if entries.len() == MOST => return None,
                    None => {
                        let i = entries.len() as u8;
                        entries.push(pixel);
                        index.insert(u32::from_ne_bytes(pixel), i);
                        i
                    }
                },
            };
            previous = Some((pixel, i));
            indices.push(i);
        }
        Some(Indexed { entries, indices })
    }

    /// Bits per pixel: the fewest of 1, 2, 4 and 8 that index every entry.
    fn depth(&self) -> (png::BitDepth, usize) {
        match self.entries.len() {
            0..=2 => (png::BitDepth::One, 1),
            3..=4 => (png::BitDepth::Two, 2),
            5..=16 => (png::BitDepth::Four, 4),
            _ => (png::BitDepth::Eight, 8),
        }
    }

    fn encode(
        &self,
        width: u32,
        height: u32,
        out: &mut Vec<u8>,
    ) -> std::result::Result<(), png::EncodingError> {
        let (depth, bits) = self.depth();
        let mut encoder = png::Encoder::new(out, width, height);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(depth);
        // `Fast` deflate with the filters, which find an upscale's repeated rows:
        // measured on the presets, a third to a tenth of the RGBA file's size, and
        // quicker to write than RGBA (`Balanced` is a third smaller again, and a
        // quarter slower on a dithered 4K frame).
        encoder.set_compression(png::Compression::Fast);
        encoder.set_filter(png::Filter::Adaptive);
        let rgb: Vec<u8> = self
            .entries
            .iter()
            .flat_map(|e| [e[0], e[1], e[2]])
            .collect();
        encoder.set_palette(rgb);
        // Alpha only up to the last entry that is not opaque; the rest default to opaque.
        if let Some(last) = self.entries.iter().rposition(|e| e[3] < 255) {
            let alpha: Vec<u8> = self.entries[..=last].iter().map(|e| e[3]).collect();
            encoder.set_trns(alpha);
        }
        let per_byte = 8 / bits;
        let row_bytes = (width as usize * bits).div_ceil(8);
        let mut data = vec![0u8; row_bytes * height as usize];
        let rows = self.indices.chunks_exact(width.max(1) as usize);
        for (row, packed) in rows.zip(data.chunks_exact_mut(row_bytes)) {
            for (x, &i) in row.iter().enumerate() {
                // Leftmost pixel in the high bits, as PNG packs them.
                packed[x / per_byte] |= i << (8 - bits * (x % per_byte + 1));
            }
        }
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&data)?;
        writer.finish()
    }
}

/// Encodes a 16-bit `image` as a 16-bit PNG into `path`, atomically (see
/// [`encode_png16`]).
pub fn save_png16(image: &Image16, path: &Path) -> Result<()> {
    write_atomically(path, &encode_png16(image, path)?)
}

/// Encodes a 16-bit `image` as a 16-bit PNG (`path` names it in errors): RGB when
/// every pixel is opaque, else RGBA.
pub fn encode_png16(image: &Image16, path: &Path) -> Result<Vec<u8>> {
    let encode_error = |message: String| RetroError::Encode {
        file: path.to_owned(),
        message,
    };
    let unfilled = || encode_error("the pixels do not fill the image".into());
    let mut bytes = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new_with_quality(
        &mut bytes,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::Adaptive,
    );
    let (width, height) = (image.width, image.height);
    let written = match opaque_rgb(&image.rgba, u16::MAX) {
        Some(rgb) => image::ImageBuffer::<image::Rgb<u16>, _>::from_raw(width, height, rgb)
            .ok_or_else(unfilled)?
            .write_with_encoder(encoder),
        None => image::ImageBuffer::<image::Rgba<u16>, _>::from_raw(width, height, &image.rgba[..])
            .ok_or_else(unfilled)?
            .write_with_encoder(encoder),
    };
    written.map_err(|e| encode_error(e.to_string()))?;
    Ok(bytes)
}

/// The pixels without their alpha when every one is opaque (`opaque` the channel's
/// full value): an opaque picture is written as RGB, as a render or a photo comes,
/// and a quarter smaller.
fn opaque_rgb<T: Copy + PartialEq>(rgba: &[T], opaque: T) -> Option<Vec<T>> {
    let pixels = rgba.chunks_exact(4);
    pixels.clone().all(|pixel| pixel[3] == opaque).then(|| {
        pixels
            .flat_map(|pixel| [pixel[0], pixel[1], pixel[2]])
            .collect()
    })
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
    fn a_photo_is_turned_as_its_exif_says() {
        // 3 wide, 2 high as stored; EXIF orientation 6: turned a quarter clockwise.
        let mut exif = b"II*\0".to_vec();
        exif.extend(8u32.to_le_bytes());
        exif.extend(1u16.to_le_bytes());
        exif.extend([0x12, 0x01, 3, 0]);
        exif.extend(1u32.to_le_bytes());
        exif.extend([6, 0, 0, 0]);
        exif.extend(0u32.to_le_bytes());
        let stored = image::RgbImage::from_fn(3, 2, |x, _| image::Rgb([x as u8 * 100, 0, 0]));
        let mut jpeg = Vec::new();
        let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 100);
        image::ImageEncoder::set_exif_metadata(&mut encoder, exif).unwrap();
        encoder.encode_image(&stored).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("phone.jpg");
        std::fs::write(&path, jpeg).unwrap();
        let image = load_image(&path).unwrap();
        assert_eq!((image.width, image.height), (2, 3));
    }

    #[test]
    fn an_opaque_picture_is_written_without_alpha() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.png");
        let opaque = Image::new(2, 1, vec![10, 20, 30, 255, 40, 50, 60, 255]).unwrap();
        save_png(&opaque, &path).unwrap();
        assert_eq!(png_header(&path).0, png::ColorType::Rgb);
        assert_eq!(load_image(&path).unwrap(), opaque);
        let deep = Image16 {
            width: 1,
            height: 1,
            rgba: vec![1000, 2000, 3000, u16::MAX],
        };
        save_png16(&deep, &path).unwrap();
        assert_eq!(png_header(&path).0, png::ColorType::Rgb);
        let DeepImage::Sixteen(back) = load_deep_image(&path).unwrap() else {
            panic!("read back in 8 bits")
        };
        assert_eq!(back.rgba, deep.rgba);
        // One see-through pixel keeps the alpha channel.
        let clear = Image16 {
            rgba: vec![1000, 2000, 3000, 7],
            ..deep
        };
        save_png16(&clear, &path).unwrap();
        assert_eq!(png_header(&path).0, png::ColorType::Rgba);
    }

    /// The colour type, bit depth, colour table and alpha table of a PNG file.
    fn png_header(path: &Path) -> (png::ColorType, png::BitDepth, Vec<u8>, Option<Vec<u8>>) {
        let decoder =
            png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        let palette = info
            .palette
            .as_deref()
            .map(<[u8]>::to_vec)
            .unwrap_or_default();
        let alpha = info.trns.as_deref().map(<[u8]>::to_vec);
        (info.color_type, info.bit_depth, palette, alpha)
    }

    #[test]
    fn an_indexed_png_keeps_the_pixels_and_the_palettes_order() {
        let dir = tempfile::tempdir().unwrap();
        // Five wide: two bits a pixel leave the last byte of each row part-filled.
        let palette = [[0, 0, 0], [255, 0, 0], [0, 0, 0], [0, 255, 0]];
        let pixel = |i: usize| match i % 3 {
            0 => [255, 0, 0, 255],
            1 => [0, 255, 0, 255],
            _ => [0, 0, 0, 255],
        };
        let image = Image::new(5, 3, (0..15).flat_map(pixel).collect()).unwrap();
        let path = dir.path().join("four.png");
        save_png_indexed(&image, &palette, &path).unwrap();
        assert_eq!(load_image(&path).unwrap(), image);
        let (color, depth, table, alpha) = png_header(&path);
        assert_eq!(
            (color, depth),
            (png::ColorType::Indexed, png::BitDepth::Two)
        );
        // The palette as given, its repeated black too: the indices are the palette's.
        assert_eq!(table, palette.concat());
        assert_eq!(alpha, None);
    }

    #[test]
    fn the_nes_black_is_written_0f_never_0d() {
        let nes = crate::Palette::builtin("nes-2c02").unwrap().colors;
        assert_eq!(nes[0x0D..=0x0F], [[0, 0, 0]; 3]);
        let image = Image::new(2, 1, [[0, 0, 0, 255], [0x7C, 0x7C, 0x7C, 255]].concat()).unwrap();
        assert_eq!(Indexed::new(&image, &nes).unwrap().indices, [0x0F, 0x00]);
    }

    #[test]
    fn other_colours_join_the_table_and_too_many_are_written_as_true_colour() {
        let dir = tempfile::tempdir().unwrap();
        // A transparent background beside the palette's two colours.
        let rgba = [
            [0, 0, 0, 0],
            [255, 255, 255, 255],
            [0, 0, 0, 255],
            [0, 0, 0, 0],
        ];
        let image = Image::new(2, 2, rgba.concat()).unwrap();
        let path = dir.path().join("sprite.png");
        save_png_indexed(&image, &[[0, 0, 0], [255, 255, 255]], &path).unwrap();
        assert_eq!(load_image(&path).unwrap(), image);
        let (color, depth, table, alpha) = png_header(&path);
        assert_eq!(
            (color, depth),
            (png::ColorType::Indexed, png::BitDepth::Two)
        );
        assert_eq!(table, [0, 0, 0, 255, 255, 255, 0, 0, 0]);
        assert_eq!(alpha, Some(vec![255, 255, 0]));

        let ramp: Vec<u8> = (0..300u32)
            .flat_map(|i| [(i % 256) as u8, (i / 256) as u8, 0, 255])
            .collect();
        let image = Image::new(300, 1, ramp).unwrap();
        let path = dir.path().join("ramp.png");
        save_png_indexed(&image, &[[0, 0, 0]], &path).unwrap();
        assert_eq!(load_image(&path).unwrap(), image);
        assert_eq!(png_header(&path).0, png::ColorType::Rgb, "opaque");

        // An image built by hand that does not hold its pixels is refused.
        let short = Image {
            width: 4,
            height: 4,
            rgba: vec![0; 12],
        };
        for save in [save_png, |image: &Image, path: &Path| {
            save_png_indexed(image, &[[0, 0, 0]], path)
        }] {
            assert!(save(&short, &dir.path().join("short.png")).is_err());
        }
        assert!(!dir.path().join("short.png").exists());
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
