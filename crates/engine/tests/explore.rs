//! The explorer walks every real execution and counts behaviour classes per strategy.

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
fn explores_every_execution_under_five_strategies() {
    let s = interleave_engine::scenario::parse("six-steps.toml", SIX_STEPS).unwrap();
    let seen = AtomicU64::new(0);
    let report = explore(
        &s,
        &ExploreOptions::default(),
        &|p| seen.store(p.done, Ordering::Relaxed),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(report.interleavings, 924.0);
    assert_eq!(seen.load(Ordering::Relaxed), 924 * 5);
    let summary = |st: Strategy| report.strategies.iter().find(|x| x.strategy == st).unwrap();
    let get = |st: Strategy, k: &str| summary(st).outcomes[k];
    for st in Strategy::ALL {
        let sum = summary(st);
        // Counts add up: the classes' counts are the executions.
        assert_eq!(
            sum.classes.iter().map(|c| c.count).sum::<u64>(),
            sum.executions
        );
        let by_outcome: u64 = interleave_engine::history::RunOutcome::ALL
            .iter()
            .map(|o| sum.outcomes[o.name()])
            .sum();
        assert_eq!(by_outcome, sum.executions, "{st:?}");
        // Think steps commute with everything: far fewer runs than executions.
        assert!(sum.runs * 4 < sum.executions, "{st:?}: {} runs", sum.runs);
    }
    // Nobody waits under none and atomic: one execution per interleaving.
    assert_eq!(summary(Strategy::None).executions, 924);
    assert_eq!(summary(Strategy::Atomic).executions, 924);
    // Interleavings that overlap the two read-modify-writes lose an update; serial ones do not.
    assert!(get(Strategy::None, "lost_update") > 0 && get(Strategy::None, "correct") > 0);
    for st in [
        Strategy::Pessimistic,
        Strategy::Optimistic,
        Strategy::Transaction,
    ] {
        assert_eq!(get(st, "lost_update"), 0, "{st:?}");
        assert_eq!(get(st, "correct"), summary(st).executions, "{st:?}");
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

/// A waiting user is not offered a turn: under pessimistic, the second user
/// to begin waits until the first commits, and the turns of every listed
/// schedule replay exactly (no turn is handed to someone else).
#[test]
fn a_blocked_user_is_not_a_choice() {
    let s = common::fixture("lost-update.toml");
    let opts = ExploreOptions {
        strategies: vec![Strategy::Pessimistic],
        reduce: false,
        ..Default::default()
    };
    let report = explore(&s, &opts, &|_| {}, &AtomicBool::new(false)).unwrap();
    let sum = &report.strategies[0];
    // Whoever begins first holds the lock to the end. The other either comes
    // after, or tries in between, is refused (one BUSY) and is not offered
    // again until the commit: 2 executions each way, not the 6 input orders.
    assert_eq!(sum.executions, 4, "{:#?}", sum.classes);
    let waited: u32 = sum
        .classes
        .iter()
        .map(|c| c.count as u32 * c.behaviour.users.iter().map(|u| u.waited).sum::<u32>())
        .sum();
    assert_eq!(waited, 2, "one wait in each of two executions");
    for c in &sum.classes {
        for listed in &c.schedules {
            let schedule: Vec<usize> = listed.iter().map(|&u| u as usize).collect();
            let r = common::run_schedule(&s, Strategy::Pessimistic, &schedule);
            let names: Vec<&str> = listed
                .iter()
                .map(|&u| report.users[u as usize].as_str())
                .collect();
            assert_eq!(r.schedule, names);
        }
    }
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
/// never "not valid"; the same scenario explores as a seeded sample.
#[test]
fn a_space_too_big_names_its_size_and_samples_the_same_twice() {
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
    let step = r#"{ read = "t", where = "id = 1", fields = ["v"] }, { write = "t", where = "id = 1", set = { v = "v + 1" } }"#;
    let steps = [step; 10].join(", ");
    let text = format!(
        "title = \"t\"\nsetup = \"CREATE TABLE t (id INTEGER PRIMARY KEY, v INT); INSERT INTO t VALUES (1, 0);\"\n[[user]]\nname = \"a\"\nsteps = [{steps}]\n[[user]]\nname = \"b\"\nsteps = [{steps}]\n"
    );
    let s = interleave_engine::scenario::parse("twenty.toml", &text).unwrap();
    let all = explore(
        &s,
        &ExploreOptions::default(),
        &|_| {},
        &AtomicBool::new(false),
    );
    match all {
        Err(e @ interleave_engine::Error::TooBig { .. }) => {
            assert_eq!(e.code(), "too_big");
            let m = e.to_string();
            assert!(m.contains("137846528820") && m.contains("--sample"), "{m}");
        }
        other => panic!("{other:?}"),
    }
    use interleave_engine::explore::{Method, Sample};
    let opts = ExploreOptions {
        strategies: vec![Strategy::None, Strategy::Optimistic],
        sample: Some(Sample { runs: 30, seed: 3 }),
        ..Default::default()
    };
    let first = explore(&s, &opts, &|_| {}, &AtomicBool::new(false)).unwrap();
    let again = explore(&s, &opts, &|_| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(first, again);
    assert_eq!(first.method, Method::Sample { runs: 30, seed: 3 });
    for sum in &first.strategies {
        assert!(sum.executions > 0 && sum.executions <= 30);
        assert!(!sum.classes.is_empty());
    }
    let other = ExploreOptions {
        sample: Some(Sample { runs: 30, seed: 4 }),
        ..opts
    };
    assert_ne!(
        explore(&s, &other, &|_| {}, &AtomicBool::new(false)).unwrap(),
        first
    );
}

/// The share of the tree walked only grows, moves past the estimate (which
/// waits and retries outgrow), and is 1 only at the end.
#[test]
fn progress_walks_the_tree_to_its_end() {
    let six = include_str!("../benches/six-sql.toml");
    let s = interleave_engine::scenario::parse("six-sql.toml", six).unwrap();
    let seen = std::sync::Mutex::new(Vec::new());
    let opts = ExploreOptions {
        strategies: vec![Strategy::None, Strategy::Transaction],
        threads: 1,
        reduce: false,
        ..Default::default()
    };
    explore(
        &s,
        &opts,
        &|p| seen.lock().unwrap().push(p),
        &AtomicBool::new(false),
    )
    .unwrap();
    let seen = seen.into_inner().unwrap();
    let (last, before) = seen.split_last().unwrap();
    assert_eq!(last.covered, 1.0);
    assert!(!before.is_empty(), "progress came while it ran");
    for w in seen.windows(2) {
        assert!(w[0].covered <= w[1].covered, "{:?} then {:?}", w[0], w[1]);
    }
    assert!(before.iter().all(|p| p.covered < 1.0), "1 only at the end");
    assert!(
        before.iter().any(|p| p.covered > 0.5),
        "it moved: {before:?}"
    );
}
