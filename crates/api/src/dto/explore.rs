//! The explorer's grid: every interleaving under every strategy, and its progress.

use super::{list, AnomalyKind, Journal, RunOutcome, Strategy};
use interleave_engine::explore as engine;
use serde::Serialize;
use std::collections::BTreeMap;
use ts_rs::TS;

/// The outcome of one interleaving under one strategy.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Cell {
    /// The run in one word, as the single view says it.
    pub outcome: Option<RunOutcome>,
    pub kinds: Vec<AnomalyKind>,
    pub error: bool,
    pub deadlock: bool,
    pub serializable: bool,
    pub invariants_hold: bool,
}

impl From<engine::Cell> for Cell {
    fn from(c: engine::Cell) -> Self {
        let engine::Cell {
            outcome,
            kinds,
            error,
            deadlock,
            serializable,
            invariants_hold,
        } = c;
        Cell {
            outcome: outcome.map(RunOutcome::from),
            kinds: list(kinds),
            error,
            deadlock,
            serializable,
            invariants_hold,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct StrategySummary {
    pub strategy: Strategy,
    #[ts(type = "number")]
    pub runs: u64,
    /// Counts by anomaly kind, plus `correct`, `error`, `deadlock` and `not_serializable`.
    #[ts(type = "Record<string, number>")]
    pub outcomes: BTreeMap<String, u64>,
    /// One cell per schedule, in the order of `ExploreReport::schedules`.
    pub cells: Vec<Cell>,
}

impl From<engine::StrategySummary> for StrategySummary {
    fn from(s: engine::StrategySummary) -> Self {
        let engine::StrategySummary {
            strategy,
            runs,
            outcomes,
            cells,
        } = s;
        StrategySummary {
            strategy: strategy.into(),
            runs,
            outcomes,
            cells: list(cells),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ExploreReport {
    pub scenario: String,
    pub journal: Journal,
    pub users: Vec<String>,
    /// Each schedule as user indexes, one per turn.
    #[ts(type = "Array<Array<number>>")]
    pub schedules: Vec<Vec<u8>>,
    pub strategies: Vec<StrategySummary>,
}

impl From<engine::ExploreReport> for ExploreReport {
    fn from(r: engine::ExploreReport) -> Self {
        let engine::ExploreReport {
            scenario,
            journal,
            users,
            schedules,
            strategies,
        } = r;
        ExploreReport {
            scenario,
            journal: journal.into(),
            users,
            schedules,
            strategies: list(strategies),
        }
    }
}

/// Progress of an exploration: runs done out of runs in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Progress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

impl From<engine::Progress> for Progress {
    fn from(p: engine::Progress) -> Self {
        let engine::Progress { done, total } = p;
        Progress { done, total }
    }
}
