//! The compiled form of a user's steps, and the user's local values.

use crate::history::Value;
pub use crate::scenario::WriteAction;
use indexmap::IndexMap;

/// One user's compiled steps.
#[derive(Debug, Clone)]
pub struct Program {
    pub steps: Vec<CompiledStep>,
}

#[derive(Debug, Clone)]
pub struct CompiledStep {
    pub label: String,
    pub caption: Option<String>,
    pub ops: Vec<Op>,
    /// The last step of a unit of work: a retry starts again after the
    /// previous such step, and the unit ends when this one completes.
    pub ends_unit: bool,
}

#[derive(Debug, Clone)]
pub enum Op {
    Begin(&'static str),
    Commit,
    Read(ReadOp),
    Write(WriteOp),
    Raw(RawOp),
}

/// A raw `sql` step: run as written, its `:name` parameters numbered
/// (`?1`…) and bound from the user's values of those names.
#[derive(Debug, Clone)]
pub struct RawOp {
    pub sql: String,
    /// The local bound to `?1`, `?2`…
    pub params: Vec<String>,
}

impl RawOp {
    pub fn new(sql: &str) -> RawOp {
        let (sql, params) = crate::sqltext::number_named_params(sql);
        RawOp { sql, params }
    }
}

#[derive(Debug, Clone)]
pub struct ReadOp {
    pub sql: String,
    pub table: String,
    pub where_: Option<String>,
    /// (local name, SQL expression)
    pub fields: Vec<(String, String)>,
    /// Fields are plain columns of identified rows (not aggregates).
    pub plain: bool,
    pub versioned: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteMode {
    Local,
    Atomic,
    Optimistic,
}

#[derive(Debug, Clone)]
pub struct WriteOp {
    pub action: WriteAction,
    pub table: String,
    pub where_: Option<String>,
    pub set: Vec<(String, String)>,
    pub cond: Option<String>,
    pub mode: WriteMode,
}

/// Where a local value came from, so strategies can re-read or version-check it.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub table: String,
    pub where_: Option<String>,
    pub expr: String,
    /// For plain reads: the row and column read, and the row's version.
    pub rowid: Option<i64>,
    pub column: Option<String>,
    pub version: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub value: Value,
    pub source: Option<Source>,
    /// The event that read it (0: none).
    pub read_event: u32,
    /// The event whose write the value came from.
    pub from: Option<u32>,
}

pub type Locals = IndexMap<String, Slot>;
