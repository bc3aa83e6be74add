//! What an exploration reports: per strategy, its behaviour classes with
//! exact counts, a representative and the first schedules of each.

use super::behaviour::Behaviour;
use super::SCHEDULES_PER_CLASS;
use crate::history::{AnomalyKind, RunOutcome};
use crate::scenario::{Journal, Scenario};
use crate::strategy::Strategy;
use serde::Serialize;
use std::collections::BTreeMap;

/// How the executions were chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Method {
    /// Every path of choices was run.
    Full,
    /// One path per class of paths that only swap commuting turns; the
    /// others are counted, not run.
    Reduced,
    /// Seeded random walks down the tree; counts are of the walks' distinct paths.
    Sample { runs: u64, seed: u64 },
}

/// Executions that look the same to a learner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BehaviourClass {
    #[serde(flatten)]
    pub behaviour: Behaviour,
    /// How many executions (distinct paths of choices) behave this way.
    pub count: u64,
    /// The first of its schedules: user indexes, one per turn.
    pub representative: Vec<u8>,
    /// Its first schedules in lexicographic order (at most
    /// `SCHEDULES_PER_CLASS`), the representative first.
    pub schedules: Vec<Vec<u8>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrategySummary {
    pub strategy: Strategy,
    /// The executions the classes stand for: the sum of their counts.
    pub executions: u64,
    /// Runs actually made on SQLite (fewer than `executions` when reduced).
    pub runs: u64,
    /// Executions by anomaly kind (one may have several), by run outcome
    /// (`correct`, `anomaly`, `gave_up`, `failed`, `invariant_broken`,
    /// `deadlock`: one each, as the single view says it), and `not_serializable`.
    pub outcomes: BTreeMap<String, u64>,
    /// Anomalies first, then by count, most first.
    pub classes: Vec<BehaviourClass>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExploreReport {
    pub scenario: String,
    pub journal: Journal,
    pub users: Vec<String>,
    /// Interleavings of the users' steps (the multinomial coefficient):
    /// the executions there would be without waits and retries.
    pub interleavings: f64,
    pub method: Method,
    pub strategies: Vec<StrategySummary>,
}

/// Progress of an exploration: executions accounted for, out of the estimate.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
    /// The share of the tree of choices walked so far, 0 to 1, in the order
    /// the walk goes (each choice at a turn weighs the same). Unlike
    /// `done / total`, it keeps moving when waits and retries make the tree
    /// bigger than the estimate, and is 1 only when the walk is over.
    pub covered: f64,
}

/// Classes being gathered, in the order first found.
#[derive(Debug, Clone, Default)]
pub(super) struct Classes(Vec<BehaviourClass>);

impl Classes {
    pub fn add(&mut self, behaviour: Behaviour, count: u64, schedules: Vec<Vec<u8>>) {
        let class = BehaviourClass {
            representative: Vec::new(),
            behaviour,
            count,
            schedules,
        };
        self.merge(Classes(vec![class]));
    }

    pub fn merge(&mut self, other: Classes) {
        for c in other.0 {
            match self.0.iter_mut().find(|x| x.behaviour == c.behaviour) {
                Some(x) => {
                    x.count = x.count.saturating_add(c.count);
                    x.schedules.extend(c.schedules);
                    x.schedules.sort();
                    x.schedules.dedup();
                    x.schedules.truncate(SCHEDULES_PER_CLASS);
                }
                None => self.0.push(c),
            }
        }
    }

    fn finish(mut self) -> Vec<BehaviourClass> {
        for c in &mut self.0 {
            c.schedules.sort();
            c.schedules.dedup();
            c.schedules.truncate(SCHEDULES_PER_CLASS);
            c.representative = c.schedules.first().cloned().unwrap_or_default();
        }
        let rank = |o: RunOutcome| RunOutcome::ALL.iter().rposition(|&x| x == o);
        self.0.sort_by(|a, b| {
            let key = |c: &BehaviourClass| {
                (
                    c.behaviour.outcome == RunOutcome::Correct,
                    rank(c.behaviour.outcome),
                )
            };
            key(a)
                .cmp(&key(b))
                .then(b.count.cmp(&a.count))
                .then(a.representative.cmp(&b.representative))
        });
        self.0
    }
}

impl ExploreReport {
    pub(super) fn new(
        scenario: &Scenario,
        journal: Journal,
        users: Vec<String>,
        interleavings: f64,
        method: Method,
        plans: &[Strategy],
        per_plan: Vec<(Classes, u64)>,
    ) -> ExploreReport {
        let strategies = plans
            .iter()
            .zip(per_plan)
            .map(|(&strategy, (classes, runs))| {
                let classes = classes.finish();
                StrategySummary {
                    strategy,
                    executions: classes.iter().map(|c| c.count).sum(),
                    runs,
                    outcomes: outcomes(&classes),
                    classes,
                }
            })
            .collect();
        ExploreReport {
            scenario: scenario.title.clone(),
            journal,
            users,
            interleavings,
            method,
            strategies,
        }
    }
}

fn outcomes(classes: &[BehaviourClass]) -> BTreeMap<String, u64> {
    let mut m: BTreeMap<String, u64> = BTreeMap::new();
    for k in AnomalyKind::ALL {
        m.insert(k.name().into(), 0);
    }
    for o in RunOutcome::ALL {
        m.insert(o.name().into(), 0);
    }
    m.insert("not_serializable".into(), 0);
    for c in classes {
        for k in c.behaviour.kinds() {
            *m.entry(k.name().into()).or_default() += c.count;
        }
        *m.entry(c.behaviour.outcome.name().into()).or_default() += c.count;
        if !c.behaviour.serializable {
            *m.entry("not_serializable".into()).or_default() += c.count;
        }
    }
    m
}
