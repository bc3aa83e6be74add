//! The recorded history of a run: what each user did, what SQLite answered,
//! and what everyone could see afterwards. This is the engine's output
//! contract; the CLI prints it as JSON and the desktop app draws it.

use crate::scenario::Journal;
use crate::strategy::Strategy;
use crate::trace::Trace;
use serde::Serialize;

/// A SQLite value. As JSON: null, a number, a string, `{"blob": "<hex>"}`,
/// or `{"real": "inf" | "-inf"}` for the reals JSON has no number for.
/// (SQLite stores NaN as NULL, so no value is ever NaN.)
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let one = |s: S, key: &str, value: &str| {
            let mut m = s.serialize_map(Some(1))?;
            m.serialize_entry(key, value)?;
            m.end()
        };
        match self {
            Value::Null => s.serialize_unit(),
            Value::Integer(i) => s.serialize_i64(*i),
            Value::Real(f) if f.is_finite() => s.serialize_f64(*f),
            Value::Real(f) => one(s, "real", if *f > 0.0 { "inf" } else { "-inf" }),
            Value::Text(t) => s.serialize_str(t),
            Value::Blob(b) => one(s, "blob", &hex(b)),
        }
    }
}

/// Lower-case hex, two digits a byte.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|x| format!("{x:02x}")).collect()
}

impl Value {
    pub fn from_ref(v: rusqlite::types::ValueRef<'_>) -> Value {
        use rusqlite::types::ValueRef as V;
        match v {
            V::Null => Value::Null,
            V::Integer(i) => Value::Integer(i),
            V::Real(f) => Value::Real(f),
            V::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            V::Blob(b) => Value::Blob(b.to_vec()),
        }
    }

    /// The value as an SQL literal, to show a statement to people (values
    /// are bound when it runs).
    pub fn to_sql_literal(&self) -> String {
        match self {
            Value::Null => "NULL".into(),
            Value::Integer(i) => i.to_string(),
            // SQLite reads a number too large for a double as infinity.
            Value::Real(f) if f.is_infinite() => if *f > 0.0 { "9e999" } else { "-9e999" }.into(),
            Value::Real(f) => {
                let s = format!("{f:?}");
                if s.contains('.') || s.contains('e') {
                    s
                } else {
                    format!("{s}.0")
                }
            }
            Value::Text(t) => format!("'{}'", t.replace('\'', "''")),
            Value::Blob(b) => format!("x'{}'", hex(b)),
        }
    }

    /// Roughly how many bytes the value holds, for the size limits.
    pub fn size(&self) -> usize {
        match self {
            Value::Null | Value::Integer(_) | Value::Real(_) => 8,
            Value::Text(t) => t.len(),
            Value::Blob(b) => b.len(),
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
            Value::Blob(_) => false,
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
            Value::Blob(b) => write!(f, "x'{}'", hex(b)),
        }
    }
}

/// What happened when a user tried a step. Codes are SQLite's extended result codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// Every statement succeeded.
    Ok,
    /// SQLITE_BUSY ended the attempt: the transaction was rolled back.
    Busy { code: i32 },
    /// SQLITE_BUSY_SNAPSHOT (WAL): the snapshot was stale; rolled back.
    BusySnapshot { code: i32 },
    /// An optimistic write changed 0 rows: the version had moved on.
    Conflict { expected_version: Option<i64> },
    /// The user's transaction was rolled back (a ROLLBACK step).
    RolledBack,
    /// The step did not write.
    Skipped { reason: SkipReason },
    /// SQLITE_BUSY (or LOCKED in shared cache): the step waits and is tried again later.
    Blocked { code: i32 },
    /// SQLite reported an error (or the sandbox refused the statement); the user stops.
    Error { code: i32 },
}

impl Outcome {
    /// The SQLite result code the outcome carries, if any.
    pub fn code(self) -> Option<i32> {
        match self {
            Outcome::Busy { code }
            | Outcome::BusySnapshot { code }
            | Outcome::Blocked { code }
            | Outcome::Error { code } => Some(code),
            _ => None,
        }
    }
}

/// Why a step did not write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Check-then-act: the user's condition on their local values was false.
    ConditionFalse,
    /// Atomic: the condition inside the UPDATE's WHERE was false, so 0 rows changed.
    ConditionFalseInUpdate,
    /// The transaction had already been rolled back, so the step did nothing.
    TransactionRolledBack,
}

/// A value a user read, with the event whose write it observed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadCell {
    pub column: String,
    pub value: Value,
    /// The event whose write this value came from; `null` means the setup.
    pub from: Option<u32>,
}

/// One row a read returned. `key` is the row's rowid when the row is identified.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadRow {
    pub table: Option<String>,
    pub key: Option<i64>,
    pub cells: Vec<ReadCell>,
}

/// One SELECT an event ran, its footprint and its rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Read {
    pub sql: String,
    /// `table.column` pairs the statement reads, as SQLite's authorizer reports them.
    pub columns: Vec<String>,
    pub rows: Vec<ReadRow>,
}

/// One changed column of one row. `old` is null for inserts, `new` for deletes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub table: String,
    pub rowid: i64,
    pub column: String,
    pub old: Value,
    pub new: Value,
}

/// A user's local value: what they believe.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Local {
    pub name: String,
    pub value: Value,
    /// Someone has since committed a different value of what this was read from.
    pub stale: bool,
}

/// What one user believes at a point in the history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Belief {
    pub user: String,
    pub locals: Vec<Local>,
}

/// A table's committed rows, in rowid order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableState {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// One turn of one user: a step attempted, and everything it caused.
#[derive(Debug, Clone, PartialEq, Serialize)]
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

/// A stretch of time during which a user waited on a lock.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlockedSpan {
    pub user: String,
    /// The event that found the lock taken.
    pub from: u32,
    /// The event that got through, or null if the run ended first.
    pub until: Option<u32>,
}

/// The anomalies the checker names, by the names teachers use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnomalyKind {
    LostUpdate,
    StaleRead,
    DirtyRead,
    DirtyWrite,
    NonRepeatableRead,
    PhantomRead,
    ReadSkew,
    WriteSkew,
    CircularInformationFlow,
}

impl AnomalyKind {
    pub const ALL: [AnomalyKind; 9] = [
        AnomalyKind::LostUpdate,
        AnomalyKind::StaleRead,
        AnomalyKind::DirtyRead,
        AnomalyKind::DirtyWrite,
        AnomalyKind::NonRepeatableRead,
        AnomalyKind::PhantomRead,
        AnomalyKind::ReadSkew,
        AnomalyKind::WriteSkew,
        AnomalyKind::CircularInformationFlow,
    ];
    /// In words, for sentences and headings.
    pub fn title(self) -> &'static str {
        match self {
            AnomalyKind::LostUpdate => "lost update",
            AnomalyKind::StaleRead => "stale read",
            AnomalyKind::DirtyRead => "dirty read",
            AnomalyKind::DirtyWrite => "dirty write",
            AnomalyKind::NonRepeatableRead => "non-repeatable read",
            AnomalyKind::PhantomRead => "phantom read",
            AnomalyKind::ReadSkew => "read skew",
            AnomalyKind::WriteSkew => "write skew",
            AnomalyKind::CircularInformationFlow => "circular information flow",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            AnomalyKind::LostUpdate => "lost_update",
            AnomalyKind::StaleRead => "stale_read",
            AnomalyKind::DirtyRead => "dirty_read",
            AnomalyKind::DirtyWrite => "dirty_write",
            AnomalyKind::NonRepeatableRead => "non_repeatable_read",
            AnomalyKind::PhantomRead => "phantom_read",
            AnomalyKind::ReadSkew => "read_skew",
            AnomalyKind::WriteSkew => "write_skew",
            AnomalyKind::CircularInformationFlow => "circular_information_flow",
        }
    }
}

/// Adya's classes, as the dependency graph shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum AnomalyClass {
    /// A cycle of write-write edges only.
    G0,
    /// A committed unit read a version whose writer aborted.
    G1a,
    /// A committed unit read a version that was not its writer's final one.
    G1b,
    /// A cycle of write-write and write-read edges.
    G1c,
    /// A cycle with exactly one anti-dependency (rw) edge.
    #[serde(rename = "G-single")]
    GSingle,
    /// A cycle with two or more item anti-dependency edges.
    #[serde(rename = "G2-item")]
    G2Item,
    /// A cycle with two or more anti-dependency edges, one on a predicate.
    G2,
}

impl AnomalyClass {
    pub fn name(self) -> &'static str {
        match self {
            AnomalyClass::G0 => "G0",
            AnomalyClass::G1a => "G1a",
            AnomalyClass::G1b => "G1b",
            AnomalyClass::G1c => "G1c",
            AnomalyClass::GSingle => "G-single",
            AnomalyClass::G2Item => "G2-item",
            AnomalyClass::G2 => "G2",
        }
    }
}

/// The three kinds of dependency between units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// The target installed the next version of an item after the source's.
    Ww,
    /// The target read a version the source wrote.
    Wr,
    /// Anti-dependency: the source read a version, the target installed the next one
    /// (or changed which rows the source's predicate matches).
    Rw,
}

/// What an edge is about: one item, or a predicate over a table.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EdgeOn {
    Item {
        table: String,
        row: i64,
        column: String,
    },
    Predicate {
        table: String,
        /// The WHERE condition; null for the whole table.
        condition: Option<String>,
    },
}

/// One edge of the dependency graph: `from` must come before `to`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Edge {
    pub from: u32,
    pub to: u32,
    pub kind: EdgeKind,
    pub on: EdgeOn,
    /// The event on the source's side (its write or read) and on the target's.
    pub from_event: u32,
    pub to_event: u32,
}

/// The dependency-serialization graph of the units that took effect.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Graph {
    /// The units in the graph: committed, or with a committed write.
    pub nodes: Vec<u32>,
    pub edges: Vec<Edge>,
    /// A serial order of the nodes the graph implies, when it is acyclic.
    pub order: Option<Vec<u32>>,
}

/// An anomaly found in the graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub kind: AnomalyKind,
    /// The Adya class; null for a stale read, which is about recency.
    pub class: Option<AnomalyClass>,
    /// The cycle, edge by edge (for G1a, G1b and stale reads, the one edge).
    pub cycle: Vec<Edge>,
    pub users: Vec<String>,
    /// The events involved, in history order.
    pub events: Vec<u32>,
    /// One plain sentence: who, what value, which step, what was lost or wrong.
    pub explanation: String,
    /// One line per edge of the cycle, Elle-style.
    pub steps: Vec<String>,
    /// The strategies whose declared guarantees rule this anomaly out.
    pub prevented_by: Vec<Strategy>,
}

/// Did an invariant hold on the final state?
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InvariantResult {
    pub check: String,
    pub holds: bool,
    pub error: Option<String>,
}

/// What the strategy cost one user.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Cost {
    pub user: String,
    pub retries: u32,
    pub conflicts: u32,
    pub blocked_steps: u32,
    pub gave_up: bool,
}

/// How the run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ending {
    /// Every user finished (or stopped on an error).
    Completed,
    /// No user could make progress: each waited on a lock another held.
    Deadlock,
}

/// The run in one word, from which every badge is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunOutcome {
    /// The checker found an anomaly.
    Anomaly,
    /// Nobody could go on: each waited for a lock another held.
    Deadlock,
    /// A strategy gave up on a user's unit of work: their change was not made.
    GaveUp,
    /// A user stopped on an SQL error.
    Failed,
    /// No anomaly, but an invariant does not hold on the final state.
    InvariantBroken,
    /// Every unit took effect, the graph is acyclic and the invariants hold.
    Correct,
}

impl RunOutcome {
    pub const ALL: [RunOutcome; 6] = [
        RunOutcome::Correct,
        RunOutcome::Anomaly,
        RunOutcome::GaveUp,
        RunOutcome::Failed,
        RunOutcome::InvariantBroken,
        RunOutcome::Deadlock,
    ];

    /// Its JSON name.
    pub fn name(self) -> &'static str {
        match self {
            RunOutcome::Anomaly => "anomaly",
            RunOutcome::Deadlock => "deadlock",
            RunOutcome::GaveUp => "gave_up",
            RunOutcome::Failed => "failed",
            RunOutcome::InvariantBroken => "invariant_broken",
            RunOutcome::Correct => "correct",
        }
    }
}

/// A serial order of the users and whether the actual final state equals its result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SerialOrder {
    pub order: Vec<String>,
    pub matches: bool,
}

/// Everything about one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    pub final_state: Vec<TableState>,
    /// The graph of the units that took effect has no cycle.
    pub serializable: bool,
    /// What each serial order of the users would have given; computed only on
    /// request, for at most four users (empty otherwise).
    pub serial_orders: Vec<SerialOrder>,
    pub outcome: RunOutcome,
    pub trace: Trace,
    pub graph: Graph,
    pub invariants: Vec<InvariantResult>,
    pub ending: Ending,
    /// One or two plain sentences on the outcome: the anomalies, or how SQLite prevented them.
    pub verdict: String,
    pub costs: Vec<Cost>,
    pub sqlite_version: String,
}

/// A user and their steps, for drawing lanes before anything has run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserInfo {
    pub name: String,
    pub steps: Vec<StepInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepInfo {
    pub label: String,
    pub caption: Option<String>,
}
