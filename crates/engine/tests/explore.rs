//! The explorer covers every interleaving and counts outcomes per strategy.

mod common;
use interleave_engine::explore::{explore, interleavings, ExploreOptions};
use interleave_engine::strategy::Strategy;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

pub const SIX_STEPS: &str = include_str!("six-steps.toml");

#[test]
fn counts_interleavings_keeping_each_users_order() {
    let all = interleavings(&[2, 2]).unwrap();
    assert_eq!(all.len(), 6);
    assert!(all.contains(&vec![0, 1, 0, 1]) && all.contains(&vec![1, 1, 0, 0]));
    assert_eq!(interleavings(&[6, 6]).unwrap().len(), 924);
    assert!(interleavings(&[30, 30]).is_err());
}

#[test]
fn explores_924_schedules_under_five_strategies() {
    let s = interleave_engine::scenario::parse("six-steps.toml", SIX_STEPS).unwrap();
    let seen = AtomicU64::new(0);
    let report = explore(
        &s,
        &ExploreOptions::default(),
        &|p| seen.store(p.done, Ordering::Relaxed),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(report.schedules.len(), 924);
    assert_eq!(seen.load(Ordering::Relaxed), 924 * 5);
    let get = |st: Strategy, k: &str| {
        report
            .strategies
            .iter()
            .find(|x| x.strategy == st)
            .unwrap()
            .outcomes[k]
    };
    for st in Strategy::ALL {
        assert_eq!(
            report
                .strategies
                .iter()
                .find(|x| x.strategy == st)
                .unwrap()
                .runs,
            924
        );
    }
    // Interleavings that overlap the two read-modify-writes lose an update; serial ones do not.
    assert!(get(Strategy::None, "lost_update") > 0 && get(Strategy::None, "correct") > 0);
    for st in [
        Strategy::Pessimistic,
        Strategy::Optimistic,
        Strategy::Transaction,
    ] {
        assert_eq!(get(st, "lost_update"), 0, "{st:?}");
        assert_eq!(get(st, "correct"), 924, "{st:?}");
    }
    // Atomic never loses an update. Where a user's form was read before the
    // other's save, that user saw two versions: a non-repeatable read, which
    // atomic does not claim to prevent.
    assert_eq!(get(Strategy::Atomic, "lost_update"), 0);
    assert_eq!(
        get(Strategy::Atomic, "correct") + get(Strategy::Atomic, "non_repeatable_read"),
        924
    );
}

#[test]
fn cancellation_stops_the_explorer() {
    let s = interleave_engine::scenario::parse("six-steps.toml", SIX_STEPS).unwrap();
    let cancel = AtomicBool::new(true);
    assert!(matches!(
        explore(&s, &ExploreOptions::default(), &|_| {}, &cancel),
        Err(interleave_engine::Error::Cancelled)
    ));
}

/// Too many interleavings is a fact about the size, named with its count,
/// never "not valid".
#[test]
fn a_space_too_big_names_its_size() {
    match interleave_engine::explore::interleavings(&[20, 20]) {
        Err(interleave_engine::Error::TooBig {
            interleavings,
            limit,
        }) => {
            assert_eq!(interleavings, 137_846_528_820); // C(40, 20)
            assert_eq!(limit, interleave_engine::explore::MAX_SCHEDULES);
        }
        other => panic!("{other:?}"),
    }
}

/// A seeded sample: the same seed draws the same interleavings and gives the
/// same report; every drawn schedule keeps each user's step count; a sample
/// larger than a small space holds each interleaving at most once.
#[test]
fn a_seeded_sample_is_the_same_twice() {
    use interleave_engine::explore::{sample_interleavings, Sample};
    let counts = [20, 20, 3];
    let a = sample_interleavings(&counts, Sample { runs: 50, seed: 9 });
    assert_eq!(
        a,
        sample_interleavings(&counts, Sample { runs: 50, seed: 9 })
    );
    assert_ne!(
        a,
        sample_interleavings(&counts, Sample { runs: 50, seed: 10 })
    );
    assert_eq!(a.len(), 50);
    for s in &a {
        for (u, &n) in counts.iter().enumerate() {
            assert_eq!(s.iter().filter(|&&x| x as usize == u).count(), n);
        }
    }
    let small = sample_interleavings(&[2, 2], Sample { runs: 100, seed: 1 });
    let mut unique = small.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), small.len());
    assert!(small.len() <= 6);

    let s = common::fixture("three-counters.toml");
    let opts = ExploreOptions {
        sample: Some(Sample { runs: 40, seed: 3 }),
        ..Default::default()
    };
    let first = explore(&s, &opts, &|_| {}, &AtomicBool::new(false)).unwrap();
    let again = explore(&s, &opts, &|_| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(first.schedules.len(), 40);
    assert_eq!(first, again);
}
