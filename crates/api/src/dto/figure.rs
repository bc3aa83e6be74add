//! An exported figure: the frames the UI drew, and what to make of them
//! (crates/figure rasterises and encodes them). Progress is [`Progress`]:
//! frames drawn out of all of them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the frames become.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FigureFormat {
    /// Animated GIF (.gif).
    Gif,
    /// Animated PNG (.apng or .png).
    Apng,
    /// One still PNG (.png): exactly one frame.
    Png,
}

/// One standalone SVG picture and how long it is held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FigureFrame {
    pub svg: String,
    pub hold_ms: u32,
}

/// The frames, each scaled to fit `width` × `height` pixels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FigureRequest {
    pub format: FigureFormat,
    pub width: u32,
    pub height: u32,
    pub frames: Vec<FigureFrame>,
}

/// Where the figure went and how big the file is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FigureWritten {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
}
