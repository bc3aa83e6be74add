//! The one error the UI sees, and where in a scenario file it points.

use interleave_engine::Error;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A place in a scenario file, 1-based, as editors count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub col: u32,
}

impl From<interleave_engine::Location> for Location {
    fn from(l: interleave_engine::Location) -> Self {
        let interleave_engine::Location { file, line, col } = l;
        Location { file, line, col }
    }
}

/// The one error type the UI sees.
#[derive(Debug, Clone, PartialEq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    /// parse, invalid, sql, refused, io, cancelled, not_found, deleted
    pub code: String,
    pub message: String,
    pub location: Option<Location>,
}

impl AppError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        AppError {
            code: code.into(),
            message: message.into(),
            location: None,
        }
    }
}

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        AppError {
            code: e.code().into(),
            message: e.message(),
            location: e.location().cloned().map(Location::from),
        }
    }
}
