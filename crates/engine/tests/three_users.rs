//! Three users with four steps each (34,650 interleavings, the benchmark's
//! "three tellers"), explored under every strategy and both journals.
//!
//! Where the full walk of real choices is small enough to run here
//! (pessimistic), the reduced walk must find exactly its classes; `make
//! bench` does the same for none and atomic (34,650 runs each, too slow for
//! a debug test). Optimistic (about a million executions) and transaction
//! (about 3.5e9: every retry is a new branch) are too big to walk in full,
//! so a seeded
//! uniform sample of the unreduced tree stands in for it: every class the
//! sample meets must be one the reduced walk found, with a count at least
//! the number of distinct sampled paths in it. The sample walks the tree
//! without sleep sets, so it shares no pruning with the walk it checks.

use interleave_engine::explore::{explore, ExploreOptions, ExploreReport, Sample};
use interleave_engine::scenario::{self, Journal, Scenario};
use interleave_engine::strategy::Strategy;
use std::path::Path;
use std::sync::atomic::AtomicBool;

fn tellers() -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/three-by-four.toml");
    scenario::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn walk(s: &Scenario, strategies: &[Strategy], journal: Journal, how: How) -> ExploreReport {
    let opts = ExploreOptions {
        strategies: strategies.to_vec(),
        journal: Some(journal),
        reduce: matches!(how, How::Reduced),
        sample: match how {
            How::Sample(runs) => Some(Sample { runs, seed: 7 }),
            _ => None,
        },
        ..Default::default()
    };
    explore(s, &opts, &|_| {}, &AtomicBool::new(false)).unwrap_or_else(|e| panic!("{e}"))
}

#[derive(Clone, Copy)]
enum How {
    Full,
    Reduced,
    Sample(usize),
}

#[test]
fn three_tellers_reduced_equals_full_where_full_is_small() {
    use Strategy::*;
    let s = tellers();
    for journal in [Journal::Wal, Journal::Delete] {
        let small = [Pessimistic];
        let full = walk(&s, &small, journal, How::Full);
        let reduced = walk(&s, &small, journal, How::Reduced);
        for (f, r) in full.strategies.iter().zip(&reduced.strategies) {
            let at = format!("{:?} {journal:?}", f.strategy);
            assert_eq!(f.executions, r.executions, "{at}");
            assert_eq!(f.classes, r.classes, "{at}");
            assert!(r.runs < f.runs, "{at}: {} of {} runs", r.runs, f.runs);
        }
    }
}

#[test]
fn three_tellers_every_sampled_class_is_a_reduced_class() {
    use Strategy::*;
    let s = tellers();
    // In a rollback journal, transaction's waits for readers to let go make
    // its tree pass the explorer's run budget, even reduced: not checked here.
    for (journal, big) in [
        (Journal::Wal, &[Optimistic, Transaction][..]),
        (Journal::Delete, &[Optimistic][..]),
    ] {
        let reduced = walk(&s, big, journal, How::Reduced);
        let sample = walk(&s, big, journal, How::Sample(1500));
        for (r, m) in reduced.strategies.iter().zip(&sample.strategies) {
            let at = format!("{:?} {journal:?}", r.strategy);
            assert!(r.executions > 34_650, "{at}: retries are branches");
            assert!(!m.classes.is_empty(), "{at}");
            for c in &m.classes {
                let found = r.classes.iter().find(|x| x.behaviour == c.behaviour);
                let found = found.unwrap_or_else(|| {
                    panic!("{at}: the sample met a class the reduced walk missed: {c:#?}")
                });
                assert!(
                    found.count >= c.count,
                    "{at}: {} < {}",
                    found.count,
                    c.count
                );
            }
        }
    }
}
