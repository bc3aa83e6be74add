//! One event of a run: a step a user attempted, what SQLite answered, what it
//! read and changed, and what everyone believed afterwards.

use super::{list, TableState, Value};
use interleave_engine::history as engine;
use serde::Serialize;
use ts_rs::TS;

/// What happened when a user tried a step. Codes are SQLite's extended result codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// Every statement succeeded.
    Ok,
    /// SQLITE_BUSY ended the attempt: the transaction was rolled back.
    Busy { code: i32 },
    /// SQLITE_BUSY_SNAPSHOT (WAL): the snapshot was stale; rolled back.
    BusySnapshot { code: i32 },
    /// An optimistic write changed 0 rows: the version had moved on.
    Conflict {
        #[ts(type = "number | null")]
        expected_version: Option<i64>,
    },
    /// The user's transaction was rolled back (a ROLLBACK step).
    RolledBack,
    /// The step did not write.
    Skipped { reason: SkipReason },
    /// SQLITE_BUSY (or LOCKED in shared cache): the step waits and is tried again later.
    Blocked { code: i32 },
    /// SQLite reported an error (or the sandbox refused the statement); the user stops.
    Error { code: i32 },
}

impl From<engine::Outcome> for Outcome {
    fn from(o: engine::Outcome) -> Self {
        use engine::Outcome as O;
        match o {
            O::Ok => Outcome::Ok,
            O::Busy { code } => Outcome::Busy { code },
            O::BusySnapshot { code } => Outcome::BusySnapshot { code },
            O::Conflict { expected_version } => Outcome::Conflict { expected_version },
            O::RolledBack => Outcome::RolledBack,
            O::Skipped { reason } => Outcome::Skipped {
                reason: reason.into(),
            },
            O::Blocked { code } => Outcome::Blocked { code },
            O::Error { code } => Outcome::Error { code },
        }
    }
}

/// Why a step did not write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Check-then-act: the user's condition on their local values was false.
    ConditionFalse,
    /// Atomic: the condition inside the UPDATE's WHERE was false, so 0 rows changed.
    ConditionFalseInUpdate,
    /// The transaction had already been rolled back, so the step did nothing.
    TransactionRolledBack,
}

impl From<engine::SkipReason> for SkipReason {
    fn from(r: engine::SkipReason) -> Self {
        use engine::SkipReason as R;
        match r {
            R::ConditionFalse => SkipReason::ConditionFalse,
            R::ConditionFalseInUpdate => SkipReason::ConditionFalseInUpdate,
            R::TransactionRolledBack => SkipReason::TransactionRolledBack,
        }
    }
}

/// A value a user read, with the event whose write it observed.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ReadCell {
    pub column: String,
    pub value: Value,
    /// The event whose write this value came from; `null` means the setup.
    pub from: Option<u32>,
}

impl From<engine::ReadCell> for ReadCell {
    fn from(c: engine::ReadCell) -> Self {
        let engine::ReadCell {
            column,
            value,
            from,
        } = c;
        ReadCell {
            column,
            value: value.into(),
            from,
        }
    }
}

/// One row a read returned. `key` is the row's rowid when the row is identified.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ReadRow {
    pub table: Option<String>,
    #[ts(type = "number | null")]
    pub key: Option<i64>,
    pub cells: Vec<ReadCell>,
}

impl From<engine::ReadRow> for ReadRow {
    fn from(r: engine::ReadRow) -> Self {
        let engine::ReadRow { table, key, cells } = r;
        ReadRow {
            table,
            key,
            cells: list(cells),
        }
    }
}

/// One SELECT an event ran, its footprint and its rows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Read {
    pub sql: String,
    /// `table.column` pairs the statement reads, as SQLite's authorizer reports them.
    pub columns: Vec<String>,
    pub rows: Vec<ReadRow>,
}

impl From<engine::Read> for Read {
    fn from(r: engine::Read) -> Self {
        let engine::Read { sql, columns, rows } = r;
        Read {
            sql,
            columns,
            rows: list(rows),
        }
    }
}

/// One changed column of one row. `old` is null for inserts, `new` for deletes.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Change {
    pub table: String,
    #[ts(type = "number")]
    pub rowid: i64,
    pub column: String,
    pub old: Value,
    pub new: Value,
}

impl From<engine::Change> for Change {
    fn from(c: engine::Change) -> Self {
        let engine::Change {
            table,
            rowid,
            column,
            old,
            new,
        } = c;
        Change {
            table,
            rowid,
            column,
            old: old.into(),
            new: new.into(),
        }
    }
}

/// A user's local value: what they believe.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Local {
    pub name: String,
    pub value: Value,
    /// Someone has since committed a different value of what this was read from.
    pub stale: bool,
}

impl From<engine::Local> for Local {
    fn from(l: engine::Local) -> Self {
        let engine::Local { name, value, stale } = l;
        Local {
            name,
            value: value.into(),
            stale,
        }
    }
}

/// What one user believes at a point in the history.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Belief {
    pub user: String,
    pub locals: Vec<Local>,
}

impl From<engine::Belief> for Belief {
    fn from(b: engine::Belief) -> Self {
        let engine::Belief { user, locals } = b;
        Belief {
            user,
            locals: list(locals),
        }
    }
}

/// One turn of one user: a step attempted, and everything it caused.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Event {
    /// Position in the history, from 1.
    pub seq: u32,
    pub user: String,
    /// The user's step, from 1.
    pub step: u32,
    /// Which attempt of the user's unit of work this is, from 1 (retries add one).
    pub attempt: u32,
    pub label: String,
    pub caption: Option<String>,
    /// The statements actually executed, in order.
    pub sql: Vec<String>,
    pub outcome: Outcome,
    /// The strategy gave up on the unit of work at this event: its change is not made.
    pub gave_up: bool,
    /// SQLite's own message when a statement failed, for people.
    pub message: Option<String>,
    /// The unit (see `trace`) this event belongs to; `None` for a turn with no SQL
    /// outside any unit.
    pub unit: Option<u32>,
    pub reads: Vec<Read>,
    pub changes: Vec<Change>,
    /// Events whose changes became visible to others at this event (a COMMIT, or autocommit).
    pub commits: Vec<u32>,
    /// Earlier events whose reads this event's writes were computed from.
    pub depends_on: Vec<u32>,
    /// The failed event (conflict, BUSY, rollback) that made this new attempt start over.
    pub retry_of: Option<u32>,
    /// The blocked event this one tries again after waiting for a lock.
    pub resumes: Option<u32>,
    /// How many statements of `sql` completed before one failed or had to wait:
    /// that one is `sql[completed]`. A ROLLBACK the engine adds after a failure is not counted.
    pub completed: u32,
    /// This event's changes never became visible: its transaction was rolled back.
    pub discarded: bool,
    /// This event belongs to an attempt that was abandoned (rolled back and retried, or given up).
    pub aborted: bool,
    /// This user's local values afterwards.
    pub locals: Vec<Local>,
    /// Every user's local values afterwards, with stale ones marked.
    pub beliefs: Vec<Belief>,
    /// The committed database afterwards (empty when the run did not record states).
    pub db: Vec<TableState>,
}

impl From<engine::Event> for Event {
    fn from(e: engine::Event) -> Self {
        let engine::Event {
            seq,
            user,
            step,
            attempt,
            label,
            caption,
            sql,
            outcome,
            gave_up,
            message,
            unit,
            reads,
            changes,
            commits,
            depends_on,
            retry_of,
            resumes,
            completed,
            discarded,
            aborted,
            locals,
            beliefs,
            db,
        } = e;
        Event {
            seq,
            user,
            step,
            attempt,
            label,
            caption,
            sql,
            outcome: outcome.into(),
            gave_up,
            message,
            unit,
            reads: list(reads),
            changes: list(changes),
            commits,
            depends_on,
            retry_of,
            resumes,
            completed,
            discarded,
            aborted,
            locals: list(locals),
            beliefs: list(beliefs),
            db: list(db),
        }
    }
}
