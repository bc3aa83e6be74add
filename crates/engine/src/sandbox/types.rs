//! What a sandboxed statement returns, and why one did not complete.

use super::SizeLimit;
use crate::history::Value;
use std::sync::Arc;

/// A row change as the pre-update hook saw it; columns by position.
#[derive(Debug, Clone)]
pub struct RawChange {
    pub table: String,
    pub rowid: i64,
    pub old: Option<Vec<Value>>,
    pub new: Option<Vec<Value>>,
}

/// Why a statement did not complete.
#[derive(Debug, Clone)]
pub enum StmtError {
    /// BUSY, BUSY_SNAPSHOT or LOCKED: a lock is in the way.
    Busy { code: i32, message: String },
    /// The sandbox refused it.
    Refused(String),
    /// The statement ran past its budget of SQLite instructions (millions).
    Runaway { millions: i64, message: String },
    /// The statement, or the run, went past one of the size limits.
    TooLarge { limit: SizeLimit, message: String },
    /// Any other SQLite error; `offset` is where in the SQL, when SQLite says.
    Sql {
        code: i32,
        message: String,
        offset: Option<usize>,
    },
}

impl StmtError {
    pub fn message(&self) -> String {
        match self {
            StmtError::Busy { message, .. }
            | StmtError::Refused(message)
            | StmtError::Runaway { message, .. }
            | StmtError::TooLarge { message, .. }
            | StmtError::Sql { message, .. } => message.clone(),
        }
    }
}

/// The columns a statement touches, as SQLite's authorizer reports them
/// while preparing it: `table.column` pairs (`table.*` for a whole row).
#[derive(Debug, Default, PartialEq)]
pub struct Footprint {
    pub reads: Vec<String>,
    /// Columns an UPDATE assigns (its SET list, and its triggers').
    pub assigned: Vec<String>,
}

/// What a statement returned and did.
#[derive(Debug, Default)]
pub struct StmtResult {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    pub changes: Vec<RawChange>,
    /// What the statement reads and assigns, from the authorizer.
    pub footprint: Arc<Footprint>,
}

/// How to open a connection.
#[derive(Debug, Clone, Copy)]
pub struct ConnOptions {
    pub shared_cache: bool,
    pub read_uncommitted: bool,
}
