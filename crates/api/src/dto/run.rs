//! One run, end to end: the report the single view and compare draw.

use super::{list, Event, Finding, Graph, Journal, Strategy, Trace, Value};
use interleave_engine::history as engine;
use serde::Serialize;
use ts_rs::TS;

/// A table's committed rows, in rowid order.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TableState {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl From<engine::TableState> for TableState {
    fn from(t: engine::TableState) -> Self {
        let engine::TableState {
            name,
            columns,
            rows,
        } = t;
        TableState {
            name,
            columns,
            rows: rows.into_iter().map(list).collect(),
        }
    }
}

/// A stretch of time during which a user waited on a lock.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BlockedSpan {
    pub user: String,
    /// The event that found the lock taken.
    pub from: u32,
    /// The event that got through, or null if the run ended first.
    pub until: Option<u32>,
}

impl From<engine::BlockedSpan> for BlockedSpan {
    fn from(b: engine::BlockedSpan) -> Self {
        let engine::BlockedSpan { user, from, until } = b;
        BlockedSpan { user, from, until }
    }
}

/// Did an invariant hold on the final state?
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct InvariantResult {
    pub check: String,
    pub holds: bool,
    pub error: Option<String>,
}

impl From<engine::InvariantResult> for InvariantResult {
    fn from(i: engine::InvariantResult) -> Self {
        let engine::InvariantResult {
            check,
            holds,
            error,
        } = i;
        InvariantResult {
            check,
            holds,
            error,
        }
    }
}

/// What the strategy cost one user.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Cost {
    pub user: String,
    pub retries: u32,
    pub conflicts: u32,
    pub blocked_steps: u32,
    pub gave_up: bool,
}

impl From<engine::Cost> for Cost {
    fn from(c: engine::Cost) -> Self {
        let engine::Cost {
            user,
            retries,
            conflicts,
            blocked_steps,
            gave_up,
        } = c;
        Cost {
            user,
            retries,
            conflicts,
            blocked_steps,
            gave_up,
        }
    }
}

/// How the run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Ending {
    /// Every user finished (or stopped on an error).
    Completed,
    /// No user could make progress: each waited on a lock another held.
    Deadlock,
}

impl From<engine::Ending> for Ending {
    fn from(e: engine::Ending) -> Self {
        match e {
            engine::Ending::Completed => Ending::Completed,
            engine::Ending::Deadlock => Ending::Deadlock,
        }
    }
}

/// The run in one word, from which every badge is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
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

impl From<engine::RunOutcome> for RunOutcome {
    fn from(o: engine::RunOutcome) -> Self {
        use engine::RunOutcome as O;
        match o {
            O::Anomaly => RunOutcome::Anomaly,
            O::Deadlock => RunOutcome::Deadlock,
            O::GaveUp => RunOutcome::GaveUp,
            O::Failed => RunOutcome::Failed,
            O::InvariantBroken => RunOutcome::InvariantBroken,
            O::Correct => RunOutcome::Correct,
        }
    }
}

/// A serial order of the users and whether the actual final state equals its result.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SerialOrder {
    pub order: Vec<String>,
    pub matches: bool,
}

impl From<engine::SerialOrder> for SerialOrder {
    fn from(s: engine::SerialOrder) -> Self {
        let engine::SerialOrder { order, matches } = s;
        SerialOrder { order, matches }
    }
}

/// A user and their steps, for drawing lanes before anything has run.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct UserInfo {
    pub name: String,
    pub steps: Vec<StepInfo>,
}

impl From<engine::UserInfo> for UserInfo {
    fn from(u: engine::UserInfo) -> Self {
        let engine::UserInfo { name, steps } = u;
        UserInfo {
            name,
            steps: list(steps),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct StepInfo {
    pub label: String,
    pub caption: Option<String>,
}

impl From<engine::StepInfo> for StepInfo {
    fn from(s: engine::StepInfo) -> Self {
        let engine::StepInfo { label, caption } = s;
        StepInfo { label, caption }
    }
}

/// Everything about one run.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
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
    #[ts(rename = "final")]
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

impl From<engine::RunReport> for RunReport {
    fn from(r: engine::RunReport) -> Self {
        let engine::RunReport {
            scenario,
            summary,
            strategy,
            journal,
            schedule,
            users,
            events,
            blocked,
            findings,
            final_state,
            serializable,
            serial_orders,
            outcome,
            trace,
            graph,
            invariants,
            ending,
            verdict,
            costs,
            sqlite_version,
        } = r;
        RunReport {
            scenario,
            summary,
            strategy: strategy.into(),
            journal: journal.into(),
            schedule,
            users: list(users),
            events: list(events),
            blocked: list(blocked),
            findings: list(findings),
            final_state: list(final_state),
            serializable,
            serial_orders: list(serial_orders),
            outcome: outcome.into(),
            trace: trace.into(),
            graph: graph.into(),
            invariants: list(invariants),
            ending: ending.into(),
            verdict,
            costs: list(costs),
            sqlite_version,
        }
    }
}
