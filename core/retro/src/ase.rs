//! Adobe Swatch Exchange (`.ase`) palettes, read and written.
//!
//! The format has no public specification; this follows the widely used
//! reverse-engineered description: big-endian, `ASEF`, version 1.0, a block count,
//! then blocks (`0xC001` group start, `0xC002` group end, `0x0001` colour). A colour
//! block holds a UTF-16BE name (length in code units including the NUL), a colour
//! model (`RGB `, `CMYK`, `LAB ` or `Gray`) with big-endian `f32` values, and a type.

use std::path::Path;

use palette::{IntoColor, Lab, LinSrgb};

use crate::color::linear_to_srgb_f32;
use crate::error::{Result, RetroError};
use crate::palettes::Palette;

const COLOR_BLOCK: u16 = 0x0001;

/// Reads the colours of an `.ase` file, in file order (groups are flattened).
pub fn read(bytes: &[u8], file: &Path) -> Result<Vec<[u8; 3]>> {
    let bad = |message: String| RetroError::PaletteFile {
        file: file.to_owned(),
        message,
    };
    let mut r = Reader { bytes, at: 0 };
    if r.take(4) != Some(b"ASEF".as_slice()) {
        return Err(bad(
            "not an Adobe Swatch Exchange file (no `ASEF` header)".into()
        ));
    }
    let truncated = |at: usize| bad(format!("truncated at byte {at}"));
    let (_major, _minor) = (
        r.u16().ok_or_else(|| truncated(r.at))?,
        r.u16().ok_or_else(|| truncated(r.at))?,
    );
    let blocks = r.u32().ok_or_else(|| truncated(r.at))?;
    let mut colors = Vec::new();
    for index in 0..blocks {
        let kind = r.u16().ok_or_else(|| truncated(r.at))?;
        let length = r.u32().ok_or_else(|| truncated(r.at))? as usize;
        let body = r.take(length).ok_or_else(|| truncated(r.at))?;
        if kind != COLOR_BLOCK {
            continue;
        }
        let color =
            read_color(body).ok_or_else(|| bad(format!("colour block {index} is malformed")))?;
        colors.push(
            color.map_err(|model| {
                bad(format!("colour block {index} has unknown model `{model}`"))
            })?,
        );
    }
    Ok(colors)
}

/// One colour block body: `Ok(color)`, `Err(model)` for an unknown model, `None` when malformed.
fn read_color(body: &[u8]) -> Option<Result<[u8; 3], String>> {
    let mut r = Reader { bytes: body, at: 0 };
    let name_units = r.u16()? as usize;
    r.take(name_units * 2)?;
    let model = r.take(4)?;
    let mut values = |n: usize| -> Option<Vec<f32>> { (0..n).map(|_| r.f32()).collect() };
    let to_byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    Some(Ok(match model {
        b"RGB " => {
            let v = values(3)?;
            [to_byte(v[0]), to_byte(v[1]), to_byte(v[2])]
        }
        b"Gray" => {
            let v = values(1)?;
            [to_byte(v[0]); 3]
        }
        b"CMYK" => {
            let v = values(4)?;
            let k = 1.0 - v[3];
            [
                to_byte((1.0 - v[0]) * k),
                to_byte((1.0 - v[1]) * k),
                to_byte((1.0 - v[2]) * k),
            ]
        }
        b"LAB " => {
            let v = values(3)?;
            let lab = Lab::new(v[0] * 100.0, v[1], v[2]);
            let rgb: LinSrgb = lab.into_color();
            [rgb.red, rgb.green, rgb.blue].map(|c| linear_to_srgb_f32(c).round() as u8)
        }
        other => return Some(Err(String::from_utf8_lossy(other).into_owned())),
    }))
}

/// An `.ase` file with one RGB colour block per palette entry, named `#RRGGBB`.
pub fn write(palette: &Palette) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(b"ASEF");
    out.extend_from_slice(&1u16.to_be_bytes());
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&(palette.colors.len() as u32).to_be_bytes());
    for &[r, g, b] in &palette.colors {
        let name: Vec<u16> = format!("#{r:02X}{g:02X}{b:02X}")
            .encode_utf16()
            .chain([0])
            .collect();
        let mut body = Vec::new();
        body.extend_from_slice(&(name.len() as u16).to_be_bytes());
        for unit in name {
            body.extend_from_slice(&unit.to_be_bytes());
        }
        body.extend_from_slice(b"RGB ");
        for c in [r, g, b] {
            body.extend_from_slice(&(c as f32 / 255.0).to_be_bytes());
        }
        body.extend_from_slice(&2u16.to_be_bytes()); // "normal" (not global, not spot)
        out.extend_from_slice(&COLOR_BLOCK.to_be_bytes());
        out.extend_from_slice(&(body.len() as u32).to_be_bytes());
        out.extend_from_slice(&body);
    }
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(slice)
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_be_bytes(self.take(2)?.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_be_bytes(self.take(4)?.try_into().ok()?))
    }
    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_be_bytes(self.take(4)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let p = Palette::new("p", vec![[0, 0, 0], [255, 255, 255], [18, 52, 86]]);
        assert_eq!(read(&write(&p), Path::new("p.ase")).unwrap(), p.colors);
    }

    #[test]
    fn truncated_and_foreign_files_are_errors() {
        let p = Palette::new("p", vec![[1, 2, 3]]);
        let bytes = write(&p);
        let err = read(&bytes[..bytes.len() - 3], Path::new("cut.ase")).unwrap_err();
        assert!(err.to_string().starts_with("cut.ase: truncated"), "{err}");
        assert!(read(b"GIMP", Path::new("x.ase")).is_err());
    }
}
