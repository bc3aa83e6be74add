//! Partial-order reduction is sound and its counts are exact: on every
//! fixture, under every strategy and both journals, the reduced exploration
//! finds exactly the behaviour classes the full enumeration of real choices
//! finds, with the same count, representative and listed schedules each.

mod common;
use interleave_engine::explore::{
    explore, interleaving_count as interleave_explore_count, ExploreOptions, ExploreReport,
    MAX_SCHEDULES,
};
use interleave_engine::scenario::{Journal, Scenario};
use interleave_engine::strategy::Strategy;
use std::sync::atomic::AtomicBool;

fn both(s: &Scenario, journal: Journal) -> (ExploreReport, ExploreReport) {
    let opts = |reduce| ExploreOptions {
        strategies: Strategy::ALL.to_vec(),
        journal: Some(journal),
        reduce,
        ..Default::default()
    };
    let never = AtomicBool::new(false);
    let full = explore(s, &opts(false), &|_| {}, &never).unwrap();
    let reduced = explore(s, &opts(true), &|_| {}, &never).unwrap();
    (full, reduced)
}

#[test]
fn reduction_finds_the_same_classes_with_the_same_counts_on_every_fixture() {
    let mut runs = (0u64, 0u64);
    for path in common::all_fixtures() {
        let s = interleave_engine::scenario::load(&path).unwrap();
        let counts: Vec<usize> = s.users.iter().map(|u| u.steps.len()).collect();
        if interleave_explore_count(&counts) > MAX_SCHEDULES as f64 {
            continue; // Refused before running; `explore.rs` tests that.
        }
        for journal in [Journal::Wal, Journal::Delete] {
            let t = std::time::Instant::now();
            let (full, reduced) = both(&s, journal);
            eprintln!("{} {journal:?}: {:?}", path.display(), t.elapsed());
            for (f, r) in full.strategies.iter().zip(&reduced.strategies) {
                let at = format!("{} {:?} {journal:?}", path.display(), f.strategy);
                assert_eq!(f.executions, f.runs, "{at}: the full walk runs every path");
                assert_eq!(
                    f.classes.len(),
                    r.classes.len(),
                    "{at}: classes\n{:#?}\n{:#?}",
                    f.classes,
                    r.classes
                );
                for (a, b) in f.classes.iter().zip(&r.classes) {
                    assert_eq!(a, b, "{at}");
                }
                assert_eq!(f.outcomes, r.outcomes, "{at}");
                assert!(r.runs <= f.runs, "{at}");
                runs.0 += f.runs;
                runs.1 += r.runs;
            }
        }
    }
    eprintln!("full: {} runs, reduced: {} runs", runs.0, runs.1);
    assert!(runs.1 < runs.0);
}
