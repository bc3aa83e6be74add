//! The explorer's report: behaviour classes with exact counts per strategy,
//! and its progress.

use super::{
    list, AnomalyClass, AnomalyKind, EdgeKind, EdgeOn, Ending, Journal, RunOutcome, Strategy,
    TableState,
};
use interleave_engine::explore as engine;
use serde::Serialize;
use std::collections::BTreeMap;
use ts_rs::TS;

/// A unit of work's attempt, by user index, unit of work and attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct UnitRef {
    pub user: u8,
    pub ordinal: u32,
    pub attempt: u32,
}

impl From<engine::UnitRef> for UnitRef {
    fn from(u: engine::UnitRef) -> Self {
        let engine::UnitRef {
            user,
            ordinal,
            attempt,
        } = u;
        UnitRef {
            user,
            ordinal,
            attempt,
        }
    }
}

/// A user's step (from 1) in one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct StepRef {
    pub user: u8,
    pub step: u32,
    pub attempt: u32,
}

impl From<engine::StepRef> for StepRef {
    fn from(s: engine::StepRef) -> Self {
        let engine::StepRef {
            user,
            step,
            attempt,
        } = s;
        StepRef {
            user,
            step,
            attempt,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ShapeEdge {
    pub from: UnitRef,
    pub to: UnitRef,
    pub kind: EdgeKind,
    pub on: EdgeOn,
    pub from_step: StepRef,
    pub to_step: StepRef,
}

impl From<engine::ShapeEdge> for ShapeEdge {
    fn from(e: engine::ShapeEdge) -> Self {
        let engine::ShapeEdge {
            from,
            to,
            kind,
            on,
            from_step,
            to_step,
        } = e;
        ShapeEdge {
            from: from.into(),
            to: to.into(),
            kind: kind.into(),
            on: on.into(),
            from_step: from_step.into(),
            to_step: to_step.into(),
        }
    }
}

/// A finding, by its kind and the shape of its cycle.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FindingShape {
    pub kind: AnomalyKind,
    pub class: Option<AnomalyClass>,
    pub cycle: Vec<ShapeEdge>,
}

impl From<engine::FindingShape> for FindingShape {
    fn from(f: engine::FindingShape) -> Self {
        let engine::FindingShape { kind, class, cycle } = f;
        FindingShape {
            kind: kind.into(),
            class: class.map(Into::into),
            cycle: list(cycle),
        }
    }
}

/// What happened to one user in a class of executions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UserFate {
    pub committed: u32,
    pub waited: u32,
    pub retries: u32,
    pub gave_up: bool,
    pub failed: bool,
}

impl From<engine::UserFate> for UserFate {
    fn from(u: engine::UserFate) -> Self {
        let engine::UserFate {
            committed,
            waited,
            retries,
            gave_up,
            failed,
        } = u;
        UserFate {
            committed,
            waited,
            retries,
            gave_up,
            failed,
        }
    }
}

/// Executions that look the same to a learner, with how many there are.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BehaviourClass {
    pub outcome: RunOutcome,
    pub findings: Vec<FindingShape>,
    #[serde(rename = "final")]
    #[ts(rename = "final")]
    pub final_state: Vec<TableState>,
    pub users: Vec<UserFate>,
    pub ending: Ending,
    pub serializable: bool,
    pub invariants_hold: bool,
    #[ts(type = "number")]
    pub count: u64,
    /// User indexes, one per turn: `run --schedule` replays it.
    pub representative: Vec<u8>,
    pub schedules: Vec<Vec<u8>>,
}

impl From<engine::BehaviourClass> for BehaviourClass {
    fn from(c: engine::BehaviourClass) -> Self {
        let engine::BehaviourClass {
            behaviour,
            count,
            representative,
            schedules,
        } = c;
        let engine::Behaviour {
            outcome,
            findings,
            final_state,
            users,
            ending,
            serializable,
            invariants_hold,
        } = behaviour;
        BehaviourClass {
            outcome: outcome.into(),
            findings: list(findings),
            final_state: list(final_state),
            users: list(users),
            ending: ending.into(),
            serializable,
            invariants_hold,
            count,
            representative,
            schedules,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct StrategySummary {
    pub strategy: Strategy,
    /// Executions the classes stand for (the sum of their counts).
    #[ts(type = "number")]
    pub executions: u64,
    /// Runs made on SQLite.
    #[ts(type = "number")]
    pub runs: u64,
    /// Executions by anomaly kind, by run outcome, and `not_serializable`.
    #[ts(type = "Record<string, number>")]
    pub outcomes: BTreeMap<String, u64>,
    pub classes: Vec<BehaviourClass>,
}

impl From<engine::StrategySummary> for StrategySummary {
    fn from(s: engine::StrategySummary) -> Self {
        let engine::StrategySummary {
            strategy,
            executions,
            runs,
            outcomes,
            classes,
        } = s;
        StrategySummary {
            strategy: strategy.into(),
            executions,
            runs,
            outcomes,
            classes: list(classes),
        }
    }
}

/// How the executions were chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Method {
    Full,
    Reduced,
    Sample {
        #[ts(type = "number")]
        runs: u64,
        #[ts(type = "number")]
        seed: u64,
    },
}

impl From<engine::Method> for Method {
    fn from(m: engine::Method) -> Self {
        match m {
            engine::Method::Full => Method::Full,
            engine::Method::Reduced => Method::Reduced,
            engine::Method::Sample { runs, seed } => Method::Sample { runs, seed },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ExploreReport {
    pub scenario: String,
    pub journal: Journal,
    pub users: Vec<String>,
    /// Interleavings of the users' steps (without waits and retries).
    pub interleavings: f64,
    pub method: Method,
    pub strategies: Vec<StrategySummary>,
}

impl From<engine::ExploreReport> for ExploreReport {
    fn from(r: engine::ExploreReport) -> Self {
        let engine::ExploreReport {
            scenario,
            journal,
            users,
            interleavings,
            method,
            strategies,
        } = r;
        ExploreReport {
            scenario,
            journal: journal.into(),
            users,
            interleavings,
            method: method.into(),
            strategies: list(strategies),
        }
    }
}

/// Progress of an exploration (executions accounted for, out of the
/// estimate) or of an export (frames drawn, out of all).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
pub struct Progress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
    /// An exploration's share of the tree of choices walked, 0 to 1: what a
    /// progress bar shows, since waits and retries can take `done` past the
    /// estimate. Absent for an export.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub covered: Option<f64>,
}

impl From<engine::Progress> for Progress {
    fn from(p: engine::Progress) -> Self {
        let engine::Progress {
            done,
            total,
            covered,
        } = p;
        Progress {
            done,
            total,
            covered: Some(covered),
        }
    }
}

/// What exploring a scenario would take, known before starting.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
pub struct ExploreEstimate {
    /// Interleavings of the users' steps.
    pub interleavings: f64,
    /// Strategies that would be explored.
    pub strategies: u32,
    /// Whether that is within what the explorer runs whole.
    pub fits: bool,
    /// The most interleavings explored whole.
    #[ts(type = "number")]
    pub limit: u64,
}

/// A seeded sample to explore instead of every execution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
pub struct SampleRequest {
    pub runs: u32,
    #[ts(type = "number")]
    pub seed: u64,
}
