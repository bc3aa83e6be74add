//! Animated GIF: one global palette from all frames' pixels (see
//! [`crate::palette`]), the first frame whole, and each later frame only
//! where it changed, with unchanged pixels inside that rectangle transparent
//! so they compress to nothing. Every frame is kept, even one that changes
//! nothing (a hold), so frames match the figure's one for one.

use crate::delta;
use crate::palette::Palette;
use crate::raster::Pixels;
use crate::FigureError;
use gif::{DisposalMethod, Encoder, Frame, Repeat};
use std::borrow::Cow;

/// Entries for colours; the one after them is "unchanged" (transparent).
const COLOURS: usize = 255;

/// Hundredths of a second; viewers treat 0 and 1 as "as fast as you like" (about 0.1 s).
fn delay(hold_ms: u32) -> u16 {
    (hold_ms.div_ceil(10)).clamp(2, u32::from(u16::MAX)) as u16
}

pub fn encode(
    (width, height): (u32, u32),
    pictures: &[Pixels],
    holds: &[u32],
) -> Result<Vec<u8>, FigureError> {
    let err = |e: gif::EncodingError| FigureError::Encode(e.to_string());
    let palette = Palette::build(pictures, COLOURS);
    let unchanged = palette.colours.len() as u8;
    let mut table = palette.rgb_bytes();
    table.extend([0, 0, 0]);
    let indexed: Vec<Vec<u8>> = pictures
        .iter()
        .map(|p| p.iter().map(|&c| palette.index_of(c)).collect())
        .collect();
    let mut out = Vec::new();
    {
        let mut enc = Encoder::new(&mut out, width as u16, height as u16, &table).map_err(err)?;
        enc.set_repeat(Repeat::Infinite).map_err(err)?;
        for (i, frame) in indexed.iter().enumerate() {
            let mut f = Frame {
                delay: delay(holds[i]),
                dispose: DisposalMethod::Keep,
                ..Frame::default()
            };
            if i == 0 {
                f.width = width as u16;
                f.height = height as u16;
                f.buffer = Cow::Borrowed(frame);
            } else {
                let before = &indexed[i - 1];
                f.transparent = Some(unchanged);
                match delta::changed(before, frame, width) {
                    Some(r) => {
                        let old = delta::crop(before, width, r);
                        let mut new = delta::crop(frame, width, r);
                        for (n, o) in new.iter_mut().zip(old) {
                            if *n == o {
                                *n = unchanged;
                            }
                        }
                        f.left = r.x as u16;
                        f.top = r.y as u16;
                        f.width = r.width as u16;
                        f.height = r.height as u16;
                        f.buffer = Cow::Owned(new);
                    }
                    None => {
                        f.width = 1;
                        f.height = 1;
                        f.buffer = Cow::Owned(vec![unchanged]);
                    }
                }
            }
            enc.write_frame(&f).map_err(err)?;
        }
    }
    Ok(out)
}
