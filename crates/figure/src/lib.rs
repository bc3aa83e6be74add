//! Figures for slides and chats: standalone SVG frames, drawn by the UI (one
//! renderer, one source of truth), rasterised here with resvg and encoded as an
//! animated GIF, an animated PNG (APNG) or a still PNG.
//!
//! Output is the same on every machine: the only font usvg can see is DejaVu
//! Sans, embedded in the binary ([`raster::FONT_FAMILY`]); no system font is
//! ever loaded. Knows nothing of Tauri, the engine or the UI.
//!
//! ```
//! use interleave_figure::{encode, Figure, Format, Frame};
//! use std::sync::atomic::AtomicBool;
//!
//! let svg = |fill: &str| format!(r#"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="4"><rect width="8" height="4" fill="{fill}"/></svg>"#);
//! let figure = Figure {
//!     format: Format::Gif,
//!     width: 8,
//!     height: 4,
//!     frames: vec![Frame { svg: svg("#fff"), hold_ms: 500 }, Frame { svg: svg("#d55e00"), hold_ms: 2000 }],
//! };
//! let bytes = encode(&figure, &|_| (), &AtomicBool::new(false)).unwrap();
//! assert_eq!(&bytes[..6], b"GIF89a");
//! ```

mod delta;
mod encode_gif;
mod encode_png;
pub mod palette;
pub mod raster;

use std::sync::atomic::{AtomicBool, Ordering};

/// One picture of the figure and how long it stays on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// A standalone SVG document: it paints its own background.
    pub svg: String,
    pub hold_ms: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Animated GIF, looping, with an exact palette where the frames allow.
    Gif,
    /// Animated PNG (acTL/fcTL), looping, lossless RGB.
    Apng,
    /// One still PNG: exactly one frame, lossless RGB.
    Png,
}

/// What to make: every frame is scaled to fit `width` × `height`, centred.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub format: Format,
    pub width: u32,
    pub height: u32,
    pub frames: Vec<Frame>,
}

/// How far the encoder has got: frames rasterised out of all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: u32,
    pub total: u32,
}

/// Bounds on what is asked: anything past them is not a figure.
pub const MAX_SIDE: u32 = 8192;
pub const MAX_PIXELS: u64 = 8192 * 4096;
pub const MAX_FRAMES: usize = 2000;
pub const MAX_SVG_BYTES: usize = 8 * 1024 * 1024;
/// GIF delays are counted in hundredths of a second in 16 bits; APNG's too.
pub const MAX_HOLD_MS: u32 = 600_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FigureError {
    #[error("a figure needs at least one frame")]
    NoFrames,
    #[error("a still PNG is one frame, not {0}")]
    StillNeedsOneFrame(usize),
    #[error("{0} frames is more than the {MAX_FRAMES} a figure may have")]
    TooManyFrames(usize),
    #[error("{width}×{height} is not a size a figure can have (1 to {MAX_SIDE} px a side, {MAX_PIXELS} pixels)")]
    BadSize { width: u32, height: u32 },
    #[error("frame {frame}: held {hold_ms} ms, more than {MAX_HOLD_MS}")]
    HoldTooLong { frame: usize, hold_ms: u32 },
    #[error("frame {frame}: the SVG is {bytes} bytes, more than {MAX_SVG_BYTES}")]
    SvgTooLarge { frame: usize, bytes: usize },
    #[error("frame {frame}: not an SVG that can be drawn: {message}")]
    BadSvg { frame: usize, message: String },
    #[error("the figure could not be encoded: {0}")]
    Encode(String),
    #[error("the export was cancelled")]
    Cancelled,
}

impl FigureError {
    /// The AppError code the UI switches on.
    pub fn code(&self) -> &'static str {
        match self {
            FigureError::Cancelled => "cancelled",
            FigureError::Encode(_) => "io",
            _ => "invalid",
        }
    }
}

/// Checks what is asked before any work is done.
fn check(figure: &Figure) -> Result<(), FigureError> {
    let (w, h) = (figure.width, figure.height);
    if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS
    {
        return Err(FigureError::BadSize {
            width: w,
            height: h,
        });
    }
    let n = figure.frames.len();
    if n == 0 {
        return Err(FigureError::NoFrames);
    }
    if n > MAX_FRAMES {
        return Err(FigureError::TooManyFrames(n));
    }
    if figure.format == Format::Png && n != 1 {
        return Err(FigureError::StillNeedsOneFrame(n));
    }
    for (frame, f) in figure.frames.iter().enumerate() {
        if f.svg.len() > MAX_SVG_BYTES {
            return Err(FigureError::SvgTooLarge {
                frame,
                bytes: f.svg.len(),
            });
        }
        if f.hold_ms > MAX_HOLD_MS {
            return Err(FigureError::HoldTooLong {
                frame,
                hold_ms: f.hold_ms,
            });
        }
    }
    Ok(())
}

/// Rasterises every frame and encodes the figure. `progress` is told after
/// each frame is drawn; `cancel` is checked between frames.
pub fn encode(
    figure: &Figure,
    progress: &dyn Fn(Progress),
    cancel: &AtomicBool,
) -> Result<Vec<u8>, FigureError> {
    check(figure)?;
    let rasteriser = raster::Rasteriser::new();
    let total = figure.frames.len() as u32;
    let mut pictures = Vec::with_capacity(figure.frames.len());
    for (i, frame) in figure.frames.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return Err(FigureError::Cancelled);
        }
        let rgb = rasteriser
            .draw(&frame.svg, figure.width, figure.height)
            .map_err(|message| FigureError::BadSvg { frame: i, message })?;
        pictures.push(rgb);
        progress(Progress {
            done: i as u32 + 1,
            total,
        });
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(FigureError::Cancelled);
    }
    let holds: Vec<u32> = figure.frames.iter().map(|f| f.hold_ms).collect();
    let size = (figure.width, figure.height);
    match figure.format {
        Format::Gif => encode_gif::encode(size, &pictures, &holds),
        Format::Apng => encode_png::animated(size, &pictures, &holds),
        Format::Png => encode_png::still(size, &pictures[0]),
    }
}
