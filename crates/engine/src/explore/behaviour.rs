//! What a learner can see of one execution, and nothing else: the findings
//! with the shapes of their cycles, the final state, and what happened to
//! each user. Executions that look the same are one behaviour class.
//!
//! Nothing here names an event by its position in the history or a unit by
//! its number, since those change when two turns that commute are swapped;
//! units are named by (user, unit of work, attempt), events by (user, step,
//! attempt).

use crate::check::Analysis;
use crate::history::*;
use crate::scheduler::Execution;
use crate::trace::{Trace, UnitEnd};
use serde::Serialize;

/// A unit of work's attempt, by who and which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct UnitRef {
    pub user: u8,
    pub ordinal: u32,
    pub attempt: u32,
}

/// A user's step in one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct StepRef {
    pub user: u8,
    /// From 1.
    pub step: u32,
    pub attempt: u32,
}

/// One edge of a finding's cycle.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ShapeEdge {
    pub from: UnitRef,
    pub to: UnitRef,
    pub kind: EdgeKind,
    pub on: EdgeOn,
    pub from_step: StepRef,
    pub to_step: StepRef,
}

/// A finding, by its kind and its cycle.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FindingShape {
    pub kind: AnomalyKind,
    pub class: Option<AnomalyClass>,
    pub cycle: Vec<ShapeEdge>,
}

/// What happened to one user.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Default)]
pub struct UserFate {
    /// Units of work that committed.
    pub committed: u32,
    /// Turns spent waiting on a lock.
    pub waited: u32,
    pub retries: u32,
    pub gave_up: bool,
    /// Stopped on an SQL error.
    pub failed: bool,
}

/// An execution as a learner sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Behaviour {
    pub outcome: RunOutcome,
    pub findings: Vec<FindingShape>,
    #[serde(rename = "final")]
    pub final_state: Vec<TableState>,
    /// One per user, in the scenario's order.
    pub users: Vec<UserFate>,
    pub ending: Ending,
    pub serializable: bool,
    pub invariants_hold: bool,
}

impl Behaviour {
    pub fn of(
        exec: &Execution,
        analysis: &Analysis,
        outcome: RunOutcome,
        invariants_hold: bool,
        names: &[String],
    ) -> Behaviour {
        let user_of = |name: &str| names.iter().position(|n| n == name).unwrap_or(0) as u8;
        let unit = |trace: &Trace, id: u32| {
            let u = trace.unit(id);
            UnitRef {
                user: user_of(&u.user),
                ordinal: u.ordinal,
                attempt: u.attempt,
            }
        };
        let step = |seq: u32| {
            let e = &exec.events[seq as usize - 1];
            StepRef {
                user: user_of(&e.user),
                step: e.step,
                attempt: e.attempt,
            }
        };
        let mut findings: Vec<FindingShape> = analysis
            .findings
            .iter()
            .map(|f| {
                let mut cycle: Vec<ShapeEdge> = f
                    .cycle
                    .iter()
                    .map(|e| ShapeEdge {
                        from: unit(&exec.trace, e.from),
                        to: unit(&exec.trace, e.to),
                        kind: e.kind,
                        on: e.on.clone(),
                        from_step: step(e.from_event),
                        to_step: step(e.to_event),
                    })
                    .collect();
                // A cycle has no first edge: start it at its least one.
                if let Some(min) = (0..cycle.len()).min_by(|&a, &b| cycle[a].cmp(&cycle[b])) {
                    cycle.rotate_left(min);
                }
                FindingShape {
                    kind: f.kind,
                    class: f.class,
                    cycle,
                }
            })
            .collect();
        findings.sort();
        let mut users: Vec<UserFate> = vec![UserFate::default(); names.len()];
        for u in &exec.trace.units {
            if u.end == UnitEnd::Committed {
                users[user_of(&u.user) as usize].committed += 1;
            }
        }
        for (i, c) in exec.costs.iter().enumerate() {
            users[i].waited = c.blocked_steps;
            users[i].retries = c.retries;
            users[i].gave_up = c.gave_up;
        }
        for e in &exec.events {
            if matches!(e.outcome, Outcome::Error { .. }) {
                users[user_of(&e.user) as usize].failed = true;
            }
        }
        Behaviour {
            outcome,
            findings,
            final_state: exec.final_state.clone(),
            users,
            ending: exec.ending,
            serializable: analysis.serializable(),
            invariants_hold,
        }
    }

    /// The anomaly kinds among the findings, each once.
    pub fn kinds(&self) -> Vec<AnomalyKind> {
        let mut k: Vec<AnomalyKind> = self.findings.iter().map(|f| f.kind).collect();
        k.sort();
        k.dedup();
        k
    }
}
