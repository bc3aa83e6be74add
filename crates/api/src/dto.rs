//! Transport types: what crosses from the shell to the UI. Errors cross as
//! `{code, message, location?}` so the UI switches on `code`, never on text.

use interleave_engine::scenario::Journal;
use interleave_engine::strategy::Strategy;
use interleave_engine::{Error, Location};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
            location: e.location().cloned(),
        }
    }
}

/// Where a scenario comes from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Builtin,
    Folder,
}

/// One scenario in the sidebar.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ScenarioEntry {
    /// `builtin:NAME` or `folder:RELATIVE/PATH.toml`.
    pub id: String,
    pub title: String,
    pub summary: String,
    pub origin: Origin,
    pub path: Option<String>,
    /// Set when the file does not parse: the sidebar still lists it.
    pub error: Option<AppError>,
    pub users: Vec<String>,
}

/// The sidebar's whole state.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CatalogState {
    pub folder: Option<String>,
    pub recent: Vec<String>,
    pub entries: Vec<ScenarioEntry>,
}

/// A request to run one scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RunRequest {
    pub id: String,
    pub strategy: Strategy,
    pub journal: Option<Journal>,
    /// Turns by user name; `null` uses the file's schedule or round-robin.
    pub schedule: Option<Vec<String>>,
}

/// Sent when files in the opened folder change on disk.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ScenarioChange {
    /// Scenarios whose file was written.
    pub changed: Vec<String>,
    /// Scenarios whose file is gone.
    pub removed: Vec<String>,
    pub state: CatalogState,
}
