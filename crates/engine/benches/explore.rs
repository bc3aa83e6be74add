//! Explorer benchmark (`make bench`). Figures are medians of interleaved
//! rounds, and ratios against a floor measured in the same run are what to
//! quote: these machines are noisy.
//!
//! 1. `six-sql.toml`: two users, three read-then-write pairs each (real SQL
//!    in every step), every path of choices under all five strategies. The
//!    floor is a raw rusqlite replay of the very statements each of those
//!    executions sent, on two connections kept open per thread, the database
//!    reset from a template by the backup API, on the same two threads: no
//!    scheduler, no recording, no checking.
//! 2. The same exploration reduced (commuting turns counted, not run), and
//!    on the think-heavy `six-steps.toml`: time and runs needed.
//! 3. `three-by-four.toml`: three users, four steps each (34,650
//!    interleavings) under none and atomic, reduced and full: the same classes.
//! 4. Cancel: `busy-counter.toml` (seconds long) cancelled 300 ms in, from
//!    setting the flag to `explore` answering, with the workers at full and
//!    at the app's low priority; against the exploration's mean time per
//!    execution counted (the workers look at the flag before every run).

use interleave_engine::database::Database;
use interleave_engine::explore::{explore, ExploreOptions, ExploreReport};
use interleave_engine::scenario::{self, Journal, Scenario};
use interleave_engine::scheduler::{Record, Run};
use interleave_engine::strategy;
use interleave_engine::strategy::Strategy;
use rusqlite::Connection;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const SIX_SQL: &str = include_str!("six-sql.toml");
const SIX_STEPS: &str = include_str!("../tests/six-steps.toml");
const THREE_BY_FOUR: &str = include_str!("three-by-four.toml");
const BUSY_COUNTER: &str = include_str!("../../../fixtures/busy-counter.toml");
const ROUNDS: usize = 5;

/// One execution's statements: (user, sql) in the order they were sent.
type Replay = Vec<(usize, String)>;

/// Every path of choices (walked as the explorer walks them, with no
/// reduction), with the statements each sent.
fn every_execution(s: &Scenario, st: Strategy, journal: Journal) -> Vec<Replay> {
    let names: Vec<String> = s.users.iter().map(|u| u.name.clone()).collect();
    let mut db = Database::reusable(s, st, journal).unwrap();
    let programs = strategy::compile(s, st, &db.schema).unwrap();
    let mut out = Vec::new();
    let mut stack: Vec<(Vec<usize>, usize)> = Vec::new(); // (choices there, chosen index)
    loop {
        db.reset().unwrap();
        let mut run = Run::start(&mut db, &programs, &names, st, Record::Outcome);
        for (choices, k) in &stack {
            run.turn(choices[*k]).unwrap();
        }
        while !run.is_over() {
            let choices: Vec<usize> = (0..run.users()).filter(|&u| run.can_act(u)).collect();
            run.turn(choices[0]).unwrap();
            stack.push((choices, 0));
        }
        let exec = run.finish().unwrap();
        out.push(
            exec.events
                .iter()
                .flat_map(|e| {
                    let u = names.iter().position(|n| *n == e.user).unwrap();
                    e.sql.iter().map(move |q| (u, q.clone()))
                })
                .collect(),
        );
        loop {
            let Some((choices, k)) = stack.last_mut() else {
                return out;
            };
            if *k + 1 < choices.len() {
                *k += 1;
                break;
            }
            stack.pop();
        }
    }
}

fn open(path: &std::path::Path) -> Connection {
    let c = Connection::open(path).unwrap();
    c.busy_timeout(Duration::ZERO).unwrap();
    c.pragma_update(None, "synchronous", "OFF").unwrap();
    c
}

fn replay_on(conns: &[Connection], replay: &Replay) {
    for (u, sql) in replay {
        if let Ok(mut stmt) = conns[*u].prepare_cached(sql) {
            if let Ok(mut rows) = stmt.query([]) {
                while let Ok(Some(_)) = rows.next() {}
            }
        }
    }
}

/// The floor: each execution's statements replayed on one database per
/// thread and strategy, reset from a template by backup, on two threads.
fn floor(s: &Scenario, runs: &[(Strategy, Replay)], keep_cookie: bool) -> Duration {
    let start = Instant::now();
    let next = AtomicUsize::new(0);
    std::thread::scope(|sc| {
        for _ in 0..2 {
            sc.spawn(|| {
                let dir = tempfile::tempdir().unwrap();
                let mut current: Option<(Strategy, Connection, Vec<Connection>)> = None;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((st, replay)) = runs.get(i) else {
                        return;
                    };
                    if current.as_ref().map(|c| c.0) != Some(*st) {
                        // The post-setup state, with optimistic's version column.
                        let template = Connection::open_in_memory().unwrap();
                        let mut setup = s.setup.clone();
                        if *st == Strategy::Optimistic {
                            setup.push_str(
                                "\nALTER TABLE account ADD COLUMN version INTEGER NOT NULL DEFAULT 0;",
                            );
                        }
                        template.execute_batch(&setup).unwrap();
                        let path = dir.path().join(format!("{}.sqlite", st.name()));
                        let a = open(&path);
                        a.pragma_update(None, "journal_mode", "WAL").unwrap();
                        let conns: Vec<Connection> =
                            std::iter::once(a).chain((1..s.users.len()).map(|_| open(&path))).collect();
                        current = Some((*st, template, conns));
                    }
                    let (_, template, conns) = current.as_mut().unwrap();
                    for c in conns.iter() {
                        if !c.is_autocommit() {
                            let _ = c.execute_batch("ROLLBACK");
                        }
                    }
                    let cookie: i64 = conns[0]
                        .query_row("PRAGMA schema_version", [], |r| r.get(0))
                        .unwrap();
                    rusqlite::backup::Backup::new(template, &mut conns[0])
                        .unwrap()
                        .run_to_completion(1000, Duration::ZERO, None)
                        .unwrap();
                    // As the explorer does: the schema is the same, so the
                    // connections' prepared statements stay valid.
                    if keep_cookie && cookie > 0 {
                        conns[0].pragma_update(None, "schema_version", cookie).unwrap();
                    }
                    replay_on(conns, replay);
                }
            });
        }
    });
    start.elapsed()
}

fn explore_with(s: &Scenario, reduce: bool) -> (Duration, ExploreReport) {
    let opts = ExploreOptions {
        journal: Some(Journal::Wal),
        threads: 2,
        reduce,
        ..Default::default()
    };
    let t = Instant::now();
    let r = explore(s, &opts, &|_| {}, &AtomicBool::new(false)).unwrap();
    (t.elapsed(), r)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn runs_of(r: &ExploreReport) -> (u64, u64) {
    r.strategies
        .iter()
        .fold((0, 0), |(a, b), s| (a + s.runs, b + s.executions))
}

fn main() {
    let six = scenario::parse("six-sql.toml", SIX_SQL).unwrap();
    let runs: Vec<(Strategy, Replay)> = Strategy::ALL
        .iter()
        .flat_map(|&st| {
            every_execution(&six, st, Journal::Wal)
                .into_iter()
                .map(move |r| (st, r))
        })
        .collect();
    let (mut full, mut reduced, mut base, mut kept) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut report = None;
    for _ in 0..ROUNDS {
        let (t, r) = explore_with(&six, false);
        assert_eq!(
            runs_of(&r).0 as usize,
            runs.len(),
            "the floor replays every execution"
        );
        full.push(t);
        let (t, rr) = explore_with(&six, true);
        reduced.push(t);
        base.push(floor(&six, &runs, false));
        kept.push(floor(&six, &runs, true));
        report = Some((r, rr));
    }
    let (r_full, r_reduced) = report.unwrap();
    let (full, reduced, base, kept) = (median(full), median(reduced), median(base), median(kept));
    let (full_runs, executions) = runs_of(&r_full);
    let (reduced_runs, _) = runs_of(&r_reduced);
    println!("six-sql.toml: 6+6 real SQL steps, 924 interleavings x 5 strategies = {executions} executions (2 threads, median of {ROUNDS} rounds)");
    println!(
        "  floor: raw rusqlite replay of each execution's statements, backup reset: {:8.1} ms",
        ms(base)
    );
    println!(
        "  floor kept warm: the same, the schema cookie put back after each reset:  {:8.1} ms",
        ms(kept)
    );
    println!("  explorer, full ({full_runs} runs):                                        {:8.1} ms  ratio {:.2}x (to the warm floor {:.2}x)", ms(full), ms(full) / ms(base), ms(full) / ms(kept));
    println!("  explorer, reduced ({reduced_runs} runs):                                     {:8.1} ms  ratio {:.2}x (to the warm floor {:.2}x)", ms(reduced), ms(reduced) / ms(base), ms(reduced) / ms(kept));
    assert_eq!(classes(&r_full), classes(&r_reduced));

    let steps = scenario::parse("six-steps.toml", SIX_STEPS).unwrap();
    let (tf, rf) = explore_with(&steps, false);
    let (tr, rr) = explore_with(&steps, true);
    assert_eq!(classes(&rf), classes(&rr));
    println!(
        "six-steps.toml: think-heavy 6+6, {} executions",
        runs_of(&rf).1
    );
    println!(
        "  explorer, full ({} runs): {:8.1} ms",
        runs_of(&rf).0,
        ms(tf)
    );
    println!(
        "  explorer, reduced ({} runs): {:8.1} ms  ({:.1}x faster)",
        runs_of(&rr).0,
        ms(tr),
        ms(tf) / ms(tr)
    );

    // The full walk of all five strategies is past reach here (transaction
    // alone stands for about 3.5e9 executions: every retry is a branch), so
    // the reduced walk runs all five and the full one only none and atomic;
    // `tests/three_users.rs` checks the rest against a sample.
    let three = scenario::parse("three-by-four.toml", THREE_BY_FOUR).unwrap();
    let two = |reduce| ExploreOptions {
        strategies: vec![Strategy::None, Strategy::Atomic],
        journal: Some(Journal::Wal),
        threads: 2,
        reduce,
        ..Default::default()
    };
    let timed = |reduce| {
        let t = Instant::now();
        let r = explore(&three, &two(reduce), &|_| {}, &AtomicBool::new(false)).unwrap();
        (t.elapsed(), r)
    };
    let (tr, rr) = timed(true);
    let (tf, rf) = timed(false);
    let same = classes(&rf) == classes(&rr);
    println!("three-by-four.toml: 3 users x 4 steps, 34,650 interleavings, none and atomic: {} executions", runs_of(&rf).1);
    println!(
        "  explorer, reduced ({} runs, {} classes): {:8.1} ms",
        runs_of(&rr).0,
        rr.strategies.iter().map(|s| s.classes.len()).sum::<usize>(),
        ms(tr)
    );
    println!(
        "  explorer, full ({} runs): {:8.1} ms; same classes and counts: {same}",
        runs_of(&rf).0,
        ms(tf)
    );
    assert!(same);

    let all = ExploreOptions {
        strategies: Strategy::ALL.to_vec(),
        journal: Some(Journal::Wal),
        threads: 2,
        reduce: true,
        ..Default::default()
    };
    let t = Instant::now();
    let ra = explore(&three, &all, &|_| {}, &AtomicBool::new(false)).unwrap();
    let ta = t.elapsed();
    println!(
        "three-by-four.toml, --strategy all, reduced: {} runs for {} executions, {:8.1} ms",
        runs_of(&ra).0,
        runs_of(&ra).1,
        ms(ta)
    );
    for st in &ra.strategies {
        println!(
            "  {:<12} {:>7} runs {:>13} executions {:>4} classes",
            st.strategy.name(),
            st.runs,
            st.executions,
            st.classes.len()
        );
    }

    let busy = scenario::parse("busy-counter.toml", BUSY_COUNTER).unwrap();
    println!("busy-counter.toml, cancelled 300 ms in ({ROUNDS} rounds, 2 threads):");
    for (background, name) in [(false, "full priority"), (true, "nice 10, as the app")] {
        let got: Vec<(Duration, Duration)> = (0..ROUNDS)
            .map(|_| cancel_after_300ms(&busy, background))
            .collect();
        let answer = median(got.iter().map(|g| g.0).collect());
        let worst = got.iter().map(|g| g.0).max().unwrap();
        let each = median(got.iter().map(|g| g.1).collect());
        println!(
            "  {name:<20} cancel to answer {:6.2} ms median, {:6.2} ms max; per execution {:5.2} ms, ratio {:.2}x",
            ms(answer),
            ms(worst),
            ms(each),
            ms(answer) / ms(each)
        );
    }
}

/// Cancels an exploration of `s` 300 ms in: (flag to answer, mean time per execution counted).
fn cancel_after_300ms(s: &Scenario, background: bool) -> (Duration, Duration) {
    let cancel = AtomicBool::new(false);
    let executions = AtomicUsize::new(0);
    let opts = ExploreOptions {
        background,
        ..Default::default()
    };
    std::thread::scope(|scope| {
        let started = Instant::now();
        let flagged = scope.spawn(|| {
            std::thread::sleep(Duration::from_millis(300));
            cancel.store(true, Ordering::Relaxed);
            Instant::now()
        });
        let on_progress = |p: interleave_engine::explore::Progress| {
            executions.store(p.done as usize, Ordering::Relaxed)
        };
        let got = explore(s, &opts, &on_progress, &cancel);
        let answered = Instant::now();
        assert!(
            got.is_err(),
            "busy-counter took under 300 ms: nothing to cancel"
        );
        let flagged = flagged.join().unwrap();
        let each = (flagged - started) / executions.load(Ordering::Relaxed).max(1) as u32;
        (answered - flagged, each)
    })
}

/// Classes with their counts, per strategy.
fn classes(r: &ExploreReport) -> Vec<Vec<(String, u64)>> {
    r.strategies
        .iter()
        .map(|s| {
            s.classes
                .iter()
                .map(|c| (serde_json::to_string(&c.behaviour).unwrap(), c.count))
                .collect()
        })
        .collect()
}
