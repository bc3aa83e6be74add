//! The transaction trace: what the scheduler saw happen, recorded by
//! construction as it drove each statement, never inferred afterwards.
//!
//! - A [`Unit`] is one logical transaction of one user (see `checker.md`).
//! - A [`Write`] is one row change; every column it assigns is a new
//!   *version* of that item, even when the value stays the same.
//! - An [`ItemRead`] names the exact version it observed ([`Observed`]).
//! - A [`PredicateRead`] keeps its condition and, for every write by another
//!   unit to its table that changes which rows match, whether that write was
//!   visible to it ([`Flip`]). That covers rows that were absent.
//!
//! The checker reads this and nothing else.

use crate::history::Value;
use serde::Serialize;

/// How a unit ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitEnd {
    /// Its last statement committed (or, in autocommit, its last step ran).
    Committed,
    /// A ROLLBACK, or SQLite rolled it back.
    RolledBack,
    /// The strategy gave up on this attempt and started the unit again.
    Abandoned,
    /// The strategy gave up for good: the user's change was not made.
    GaveUp,
    /// Still open when the run ended (a deadlock, or a user who stopped).
    Unfinished,
}

/// One logical transaction of one user.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unit {
    pub id: u32,
    pub user: String,
    /// Which of the user's units of work, from 1 (an attempt's retries share it).
    pub ordinal: u32,
    /// The attempt of that unit of work, from 1.
    pub attempt: u32,
    /// For people: the user's name, with the unit and attempt when they have several.
    pub label: String,
    pub events: Vec<u32>,
    pub end: UnitEnd,
}

/// One column of one row, by the row's real identity (its rowid).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Item {
    pub table: String,
    pub row: i64,
    pub column: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Insert,
    Update,
    Delete,
}

/// One row change: a new version of each column it assigns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Write {
    pub id: u32,
    pub unit: u32,
    pub event: u32,
    pub table: String,
    pub row: i64,
    pub kind: ChangeKind,
    /// The columns assigned and their new values (every column for an insert
    /// or a delete; a delete's values are null).
    pub columns: Vec<(String, Value)>,
    /// The event at which it became visible to others; `None`: never.
    pub committed_at: Option<u32>,
    /// The reads (events) its values were computed from.
    pub computed_from: Vec<u32>,
}

impl Write {
    pub fn value_of(&self, column: &str) -> Option<&Value> {
        self.columns
            .iter()
            .find(|(c, _)| c == column)
            .map(|(_, v)| v)
    }
}

/// Which version a read observed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Observed {
    /// The value the setup left.
    Setup,
    /// A committed write.
    Committed { write: u32 },
    /// The reader's own write, not yet committed.
    OwnPending { write: u32 },
    /// Another unit's write, not committed when read (shared cache with read_uncommitted).
    Uncommitted { write: u32 },
}

impl Observed {
    pub fn write(self) -> Option<u32> {
        match self {
            Observed::Setup => None,
            Observed::Committed { write }
            | Observed::OwnPending { write }
            | Observed::Uncommitted { write } => Some(write),
        }
    }
}

/// One item a statement read, and the version it saw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemRead {
    pub unit: u32,
    pub event: u32,
    pub item: Item,
    pub value: Value,
    pub observed: Observed,
}

/// A write that changes which rows a predicate matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Flip {
    pub write: u32,
    /// The reader's snapshot included it.
    pub visible: bool,
}

/// A read whose result depends on a set of rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PredicateRead {
    pub unit: u32,
    pub event: u32,
    pub table: String,
    /// The WHERE condition; `None`: the whole table.
    pub condition: Option<String>,
    /// The rows that matched, by rowid.
    pub rows: Vec<i64>,
    pub flips: Vec<Flip>,
}

/// Everything the checker needs, in execution order.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Trace {
    pub units: Vec<Unit>,
    pub writes: Vec<Write>,
    pub reads: Vec<ItemRead>,
    pub predicates: Vec<PredicateRead>,
}

impl Trace {
    pub fn unit(&self, id: u32) -> &Unit {
        &self.units[id as usize - 1]
    }
    pub fn write(&self, id: u32) -> &Write {
        &self.writes[id as usize - 1]
    }
}
