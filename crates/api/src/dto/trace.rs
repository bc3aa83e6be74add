//! The transaction trace the checker read: units, row versions, the version
//! each read observed, and predicate reads. Mirrors `interleave_engine::trace`.

use super::{list, Value};
use interleave_engine::trace as engine;
use serde::Serialize;
use ts_rs::TS;

/// How a unit ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
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

impl From<engine::UnitEnd> for UnitEnd {
    fn from(e: engine::UnitEnd) -> Self {
        use engine::UnitEnd as E;
        match e {
            E::Committed => UnitEnd::Committed,
            E::RolledBack => UnitEnd::RolledBack,
            E::Abandoned => UnitEnd::Abandoned,
            E::GaveUp => UnitEnd::GaveUp,
            E::Unfinished => UnitEnd::Unfinished,
        }
    }
}

/// One logical transaction of one user.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
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

impl From<engine::Unit> for Unit {
    fn from(u: engine::Unit) -> Self {
        let engine::Unit {
            id,
            user,
            ordinal,
            attempt,
            label,
            events,
            end,
        } = u;
        Unit {
            id,
            user,
            ordinal,
            attempt,
            label,
            events,
            end: end.into(),
        }
    }
}

/// One column of one row, by the row's real identity (its rowid).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, TS)]
pub struct Item {
    pub table: String,
    #[ts(type = "number")]
    pub row: i64,
    pub column: String,
}

impl From<engine::Item> for Item {
    fn from(i: engine::Item) -> Self {
        let engine::Item { table, row, column } = i;
        Item { table, row, column }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Insert,
    Update,
    Delete,
}

impl From<engine::ChangeKind> for ChangeKind {
    fn from(k: engine::ChangeKind) -> Self {
        match k {
            engine::ChangeKind::Insert => ChangeKind::Insert,
            engine::ChangeKind::Update => ChangeKind::Update,
            engine::ChangeKind::Delete => ChangeKind::Delete,
        }
    }
}

/// One row change: a new version of each column it assigns.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Write {
    pub id: u32,
    pub unit: u32,
    pub event: u32,
    pub table: String,
    #[ts(type = "number")]
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

impl From<engine::Write> for Write {
    fn from(w: engine::Write) -> Self {
        let engine::Write {
            id,
            unit,
            event,
            table,
            row,
            kind,
            columns,
            committed_at,
            computed_from,
        } = w;
        Write {
            id,
            unit,
            event,
            table,
            row,
            kind: kind.into(),
            columns: columns.into_iter().map(|(c, v)| (c, v.into())).collect(),
            committed_at,
            computed_from,
        }
    }
}

/// Which version a read observed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
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

impl From<engine::Observed> for Observed {
    fn from(o: engine::Observed) -> Self {
        use engine::Observed as O;
        match o {
            O::Setup => Observed::Setup,
            O::Committed { write } => Observed::Committed { write },
            O::OwnPending { write } => Observed::OwnPending { write },
            O::Uncommitted { write } => Observed::Uncommitted { write },
        }
    }
}

/// One item a statement read, and the version it saw.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ItemRead {
    pub unit: u32,
    pub event: u32,
    pub item: Item,
    pub value: Value,
    pub observed: Observed,
}

impl From<engine::ItemRead> for ItemRead {
    fn from(r: engine::ItemRead) -> Self {
        let engine::ItemRead {
            unit,
            event,
            item,
            value,
            observed,
        } = r;
        ItemRead {
            unit,
            event,
            item: item.into(),
            value: value.into(),
            observed: observed.into(),
        }
    }
}

/// A write that changes which rows a predicate matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Flip {
    pub write: u32,
    /// The reader's snapshot included it.
    pub visible: bool,
}

impl From<engine::Flip> for Flip {
    fn from(f: engine::Flip) -> Self {
        let engine::Flip { write, visible } = f;
        Flip { write, visible }
    }
}

/// A read whose result depends on a set of rows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PredicateRead {
    pub unit: u32,
    pub event: u32,
    pub table: String,
    /// The WHERE condition; `None`: the whole table.
    pub condition: Option<String>,
    /// The rows that matched, by rowid.
    #[ts(type = "Array<number>")]
    pub rows: Vec<i64>,
    pub flips: Vec<Flip>,
}

impl From<engine::PredicateRead> for PredicateRead {
    fn from(p: engine::PredicateRead) -> Self {
        let engine::PredicateRead {
            unit,
            event,
            table,
            condition,
            rows,
            flips,
        } = p;
        PredicateRead {
            unit,
            event,
            table,
            condition,
            rows,
            flips: list(flips),
        }
    }
}

/// Everything the checker needs, in execution order.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Trace {
    pub units: Vec<Unit>,
    pub writes: Vec<Write>,
    pub reads: Vec<ItemRead>,
    pub predicates: Vec<PredicateRead>,
}

impl From<engine::Trace> for Trace {
    fn from(t: engine::Trace) -> Self {
        let engine::Trace {
            units,
            writes,
            reads,
            predicates,
        } = t;
        Trace {
            units: list(units),
            writes: list(writes),
            reads: list(reads),
            predicates: list(predicates),
        }
    }
}
