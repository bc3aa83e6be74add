//! The sidebar's catalog, the run request, and the folder watcher's news.

use super::{AppError, Journal, Strategy};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
