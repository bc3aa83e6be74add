//! Every strategy keeps its promise in every execution: the explorer runs
//! every intent fixture under every strategy in both journals, and no
//! anomaly a strategy declares it prevents may appear in any schedule, and
//! the invariants hold unless a user visibly gave up.

mod common;
use common::*;
use interleave_engine::explore::{explore, ExploreOptions};
use interleave_engine::history::{Ending, RunOutcome};
use interleave_engine::scenario::Journal;
use interleave_engine::strategy::Strategy;
use std::sync::atomic::AtomicBool;

#[test]
fn no_strategy_breaks_its_promise_in_any_schedule() {
    let mut broken = Vec::new();
    for path in all_fixtures() {
        let s = interleave_engine::scenario::load(&path).unwrap();
        if s.as_written {
            continue;
        }
        for journal in [Journal::Wal, Journal::Delete] {
            let opts = ExploreOptions {
                journal: Some(journal),
                ..Default::default()
            };
            let Ok(report) = explore(&s, &opts, &|_| {}, &AtomicBool::new(false)) else {
                continue;
            };
            for summary in &report.strategies {
                let st = summary.strategy;
                for class in &summary.classes {
                    let b = &class.behaviour;
                    let kinds = b.kinds();
                    let promised: Vec<_> = kinds
                        .iter()
                        .filter(|k| st.prevents(s.has_raw_steps()).contains(k))
                        .collect();
                    let gave_up = b.outcome == RunOutcome::GaveUp;
                    // A broken invariant must be explained: by a user who gave up, or by
                    // an anomaly the strategy does not claim to prevent. Otherwise the
                    // strategy broke it, or the checker missed what did.
                    let explained = gave_up
                        || kinds
                            .iter()
                            .any(|k| !st.prevents(s.has_raw_steps()).contains(k));
                    let wrong_state = !b.invariants_hold && !explained;
                    // Strategies resolve their own deadlocks; raw SQL is not here.
                    let deadlock = b.ending == Ending::Deadlock && st != Strategy::None;
                    // No fixture has a step that fails on its own: a failure is the strategy's.
                    let failed = b.users.iter().any(|u| u.failed);
                    if promised.is_empty() && !wrong_state && !deadlock && !failed {
                        continue;
                    }
                    let turns: Vec<&str> = class
                        .representative
                        .iter()
                        .map(|&u| report.users[u as usize].as_str())
                        .collect();
                    broken.push(format!(
                        "{} --strategy {} --journal {} --schedule {} ({} like it): {:?} {promised:?}{}",
                        path.display(),
                        st.name(),
                        journal.name(),
                        turns.join(","),
                        class.count,
                        b.outcome,
                        if wrong_state { " invariant broken" } else { "" }
                    ));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken promises:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

/// Two users each read and write back three counters (+1 and +2): every
/// increment lands exactly once, or a user visibly gave up, in every schedule.
#[test]
fn three_counters_every_increment_exactly_once() {
    let s = fixture("three-counters.toml");
    for journal in [Journal::Wal, Journal::Delete] {
        for st in [
            Strategy::Optimistic,
            Strategy::Pessimistic,
            Strategy::Transaction,
        ] {
            let opts = ExploreOptions {
                journal: Some(journal),
                strategies: vec![st],
                ..Default::default()
            };
            let report = explore(&s, &opts, &|_| {}, &AtomicBool::new(false)).unwrap();
            for class in &report.strategies[0].classes {
                let b = &class.behaviour;
                assert!(
                    b.invariants_hold || b.outcome == RunOutcome::GaveUp,
                    "{st:?} {journal:?} schedule {:?}: {b:?}",
                    class.representative
                );
            }
        }
    }
}
