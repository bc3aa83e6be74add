//! The recorded history of a run: what each user did, what SQLite answered,
//! and what everyone could see afterwards. This is the engine's output
//! contract; the CLI prints it as JSON and the desktop app draws it.

use crate::scenario::Journal;
use crate::strategy::Strategy;
use serde::Serialize;

/// A SQLite value as JSON: null, a number, or a string (blobs as `x'…'` hex).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(untagged)]
pub enum Value {
    Null,
    Integer(#[cfg_attr(feature = "ts", ts(type = "number"))] i64),
    Real(f64),
    Text(String),
}

impl Value {
    pub fn from_ref(v: rusqlite::types::ValueRef<'_>) -> Value {
        use rusqlite::types::ValueRef as V;
        match v {
            V::Null => Value::Null,
            V::Integer(i) => Value::Integer(i),
            V::Real(f) => Value::Real(f),
            V::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            V::Blob(b) => Value::Text(format!(
                "x'{}'",
                b.iter().map(|x| format!("{x:02x}")).collect::<String>()
            )),
        }
    }

    /// The value as an SQL literal, so compiled statements show real numbers.
    pub fn to_sql_literal(&self) -> String {
        match self {
            Value::Null => "NULL".into(),
            Value::Integer(i) => i.to_string(),
            Value::Real(f) => {
                let s = format!("{f:?}");
                if s.contains('.') || s.contains('e') {
                    s
                } else {
                    format!("{s}.0")
                }
            }
            Value::Text(t) if t.starts_with("x'") => t.clone(),
            Value::Text(t) => format!("'{}'", t.replace('\'', "''")),
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Integer(i) => Some(*i as f64),
            Value::Real(f) => Some(*f),
            _ => None,
        }
    }

    pub fn truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Integer(i) => *i != 0,
            Value::Real(f) => *f != 0.0,
            Value::Text(t) => t.trim().parse::<f64>().map(|f| f != 0.0).unwrap_or(false),
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Null => write!(f, "NULL"),
            Value::Integer(i) => write!(f, "{i}"),
            Value::Real(x) => write!(f, "{x}"),
            Value::Text(t) => write!(f, "{t}"),
        }
    }
}

/// What happened when a user tried a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every statement succeeded.
    Ok,
    /// SQLITE_BUSY ended the attempt: the transaction was rolled back for a retry.
    Busy,
    /// SQLITE_BUSY_SNAPSHOT (WAL): the snapshot was stale; rolled back for a retry.
    BusySnapshot,
    /// An optimistic write changed 0 rows: someone else changed the version first.
    Conflict,
    /// The user's transaction was rolled back (a ROLLBACK step, or a doomed transaction).
    RolledBack,
    /// The step did not write: its condition was false, or its transaction had failed.
    Skipped,
    /// SQLITE_BUSY (or LOCKED in shared cache): the step waits and is retried later.
    Blocked,
    /// SQLite reported an error; the user stops.
    Error,
}

/// A value a user read, with the event whose write it observed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReadCell {
    pub column: String,
    pub value: Value,
    /// The event whose write this value came from; `null` means the setup.
    pub from: Option<u32>,
}

/// One row a read returned. `key` is the row's rowid when the row is identified.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReadRow {
    pub table: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub key: Option<i64>,
    pub cells: Vec<ReadCell>,
}

/// One SELECT an event ran, its footprint and its rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Read {
    pub sql: String,
    /// `table.column` pairs the statement reads, as SQLite's authorizer reports them.
    pub columns: Vec<String>,
    pub rows: Vec<ReadRow>,
}

/// One changed column of one row. `old` is null for inserts, `new` for deletes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Change {
    pub table: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub rowid: i64,
    pub column: String,
    pub old: Value,
    pub new: Value,
}

/// A user's local value: what they believe.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Local {
    pub name: String,
    pub value: Value,
    /// Someone has since committed a different value of what this was read from.
    pub stale: bool,
}

/// What one user believes at a point in the history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Belief {
    pub user: String,
    pub locals: Vec<Local>,
}

/// A table's committed rows, in rowid order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TableState {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// One turn of one user: a step attempted, and everything it caused.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// SQLite's extended result code when a statement failed (5, 517, 262…).
    pub code: Option<i32>,
    pub message: Option<String>,
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

/// A stretch of time during which a user waited on a lock.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BlockedSpan {
    pub user: String,
    /// The event that found the lock taken.
    pub from: u32,
    /// The event that got through, or null if the run ended first.
    pub until: Option<u32>,
}

/// The kinds of anomaly the checker knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AnomalyKind {
    LostUpdate,
    StaleRead,
    DirtyRead,
    NonRepeatableRead,
    PhantomRead,
    ReadSkew,
    WriteSkew,
}

impl AnomalyKind {
    pub const ALL: [AnomalyKind; 7] = [
        AnomalyKind::LostUpdate,
        AnomalyKind::StaleRead,
        AnomalyKind::DirtyRead,
        AnomalyKind::NonRepeatableRead,
        AnomalyKind::PhantomRead,
        AnomalyKind::ReadSkew,
        AnomalyKind::WriteSkew,
    ];
    /// In words, for sentences and headings.
    pub fn title(self) -> &'static str {
        match self {
            AnomalyKind::LostUpdate => "lost update",
            AnomalyKind::StaleRead => "stale read",
            AnomalyKind::DirtyRead => "dirty read",
            AnomalyKind::NonRepeatableRead => "non-repeatable read",
            AnomalyKind::PhantomRead => "phantom read",
            AnomalyKind::ReadSkew => "read skew",
            AnomalyKind::WriteSkew => "write skew",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            AnomalyKind::LostUpdate => "lost_update",
            AnomalyKind::StaleRead => "stale_read",
            AnomalyKind::DirtyRead => "dirty_read",
            AnomalyKind::NonRepeatableRead => "non_repeatable_read",
            AnomalyKind::PhantomRead => "phantom_read",
            AnomalyKind::ReadSkew => "read_skew",
            AnomalyKind::WriteSkew => "write_skew",
        }
    }
}

/// An anomaly found in the history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Finding {
    pub kind: AnomalyKind,
    /// The Hermitage / Adya class, where one fits (P4, G-single, G2-item, G1a…).
    pub class: Option<String>,
    pub users: Vec<String>,
    /// The events involved, in history order.
    pub events: Vec<u32>,
    /// One plain sentence: who, what value, which step, what was lost or wrong.
    pub explanation: String,
    /// Which strategies prevent it, and why.
    pub prevention: String,
}

/// Did an invariant hold on the final state?
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InvariantResult {
    pub check: String,
    pub holds: bool,
    pub error: Option<String>,
}

/// What the strategy cost one user.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Cost {
    pub user: String,
    pub retries: u32,
    pub conflicts: u32,
    pub blocked_steps: u32,
    pub gave_up: bool,
}

/// How the run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Ending {
    /// Every user finished (or stopped on an error).
    Completed,
    /// No user could make progress: each waited on a lock another held.
    Deadlock,
}

/// A serial order of the users and whether the actual final state equals its result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SerialOrder {
    pub order: Vec<String>,
    pub matches: bool,
}

/// Everything about one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RunReport {
    pub scenario: String,
    pub summary: String,
    pub strategy: Strategy,
    pub journal: Journal,
    /// The turns actually taken, by user name.
    pub schedule: Vec<String>,
    pub users: Vec<UserInfo>,
    pub events: Vec<Event>,
    pub blocked: Vec<BlockedSpan>,
    pub findings: Vec<Finding>,
    #[serde(rename = "final")]
    #[cfg_attr(feature = "ts", ts(rename = "final"))]
    pub final_state: Vec<TableState>,
    pub serializable: bool,
    pub serial_orders: Vec<SerialOrder>,
    pub invariants: Vec<InvariantResult>,
    pub ending: Ending,
    /// One or two plain sentences on the outcome: the anomalies, or how SQLite prevented them.
    pub verdict: String,
    pub costs: Vec<Cost>,
    pub sqlite_version: String,
}

/// A user and their steps, for drawing lanes before anything has run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UserInfo {
    pub name: String,
    pub steps: Vec<StepInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepInfo {
    pub label: String,
    pub caption: Option<String>,
}
