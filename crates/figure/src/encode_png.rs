//! PNG, still or animated (APNG: acTL and fcTL chunks), lossless 8-bit RGB.
//! An animated one stores the first frame whole and each later frame only
//! where it changed (blended over the last, which stays: dispose none).

use crate::delta;
use crate::raster::Pixels;
use crate::FigureError;
use png::{BitDepth, BlendOp, ColorType, Compression, DisposeOp, Encoder};

fn err(e: png::EncodingError) -> FigureError {
    FigureError::Encode(e.to_string())
}

fn rgb(pixels: &[u32]) -> Vec<u8> {
    pixels
        .iter()
        .flat_map(|&c| [(c >> 16) as u8, (c >> 8) as u8, c as u8])
        .collect()
}

fn encoder(out: &mut Vec<u8>, width: u32, height: u32) -> Encoder<'_, &mut Vec<u8>> {
    let mut enc = Encoder::new(out, width, height);
    enc.set_color(ColorType::Rgb);
    enc.set_depth(BitDepth::Eight);
    enc.set_compression(Compression::High);
    enc
}

pub fn still((width, height): (u32, u32), picture: &Pixels) -> Result<Vec<u8>, FigureError> {
    let mut out = Vec::new();
    let mut writer = encoder(&mut out, width, height)
        .write_header()
        .map_err(err)?;
    writer.write_image_data(&rgb(picture)).map_err(err)?;
    writer.finish().map_err(err)?;
    Ok(out)
}

pub fn animated(
    (width, height): (u32, u32),
    pictures: &[Pixels],
    holds: &[u32],
) -> Result<Vec<u8>, FigureError> {
    let mut out = Vec::new();
    let mut enc = encoder(&mut out, width, height);
    // Loops forever (0 plays = infinite), as the GIF does.
    enc.set_animated(pictures.len() as u32, 0).map_err(err)?;
    enc.set_dispose_op(DisposeOp::None).map_err(err)?;
    enc.set_blend_op(BlendOp::Source).map_err(err)?;
    let mut writer = enc.write_header().map_err(err)?;
    for (i, picture) in pictures.iter().enumerate() {
        // Hundredths of a second, so a long hold still fits the 16-bit numerator.
        let delay = holds[i].div_ceil(10).min(u32::from(u16::MAX)) as u16;
        writer.set_frame_delay(delay, 100).map_err(err)?;
        let (rect, data) = if i == 0 {
            (None, rgb(picture))
        } else {
            let r = delta::changed(&pictures[i - 1], picture, width).unwrap_or(delta::Rect {
                x: 0,
                y: 0,
                width: 1,
                height: 1,
            });
            (Some(r), rgb(&delta::crop(picture, width, r)))
        };
        // Position first back to the corner, so any size fits; then size, then place.
        writer.reset_frame_position().map_err(err)?;
        match rect {
            None => writer.reset_frame_dimension().map_err(err)?,
            Some(r) => {
                writer.set_frame_dimension(r.width, r.height).map_err(err)?;
                writer.set_frame_position(r.x, r.y).map_err(err)?;
            }
        }
        writer.write_image_data(&data).map_err(err)?;
    }
    writer.finish().map_err(err)?;
    Ok(out)
}
