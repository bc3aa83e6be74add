//! Explorer benchmark: every interleaving of a 6-step-per-user scenario (924
//! schedules) under all five strategies, against a baseline measured in the
//! same run: a raw rusqlite replay of the very same statements, each run on a
//! fresh database file with two fresh connections, on two threads, with no
//! scheduler, no recording and no checking. A second baseline resets one
//! database by the backup API instead (the floor the explorer itself uses).
//!
//! `cargo bench -p interleave-engine --bench explore` (or `make bench`).
//! Figures are medians of interleaved rounds; ratios are what to quote.

use interleave_engine::database::Database;
use interleave_engine::explore::{explore, interleavings, ExploreOptions};
use interleave_engine::scenario::{self, Journal, Scenario};
use interleave_engine::scheduler::{execute, Record};
use interleave_engine::strategy;
use interleave_engine::strategy::Strategy;
use rusqlite::Connection;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const SCENARIO: &str = include_str!("../tests/six-steps.toml");
const ROUNDS: usize = 7;

/// One run's statements: (user, sql) in execution order.
type Replay = Vec<(usize, String)>;

fn statements(s: &Scenario, journal: Journal) -> Vec<(Strategy, Replay)> {
    let names: Vec<String> = s.users.iter().map(|u| u.name.clone()).collect();
    let schedules =
        interleavings(&s.users.iter().map(|u| u.steps.len()).collect::<Vec<_>>()).unwrap();
    let mut out = Vec::new();
    for st in Strategy::ALL {
        let mut db = Database::reusable(s, st, journal).unwrap();
        let programs = strategy::compile(s, st, &db.schema).unwrap();
        for sched in &schedules {
            db.reset().unwrap();
            let sched: Vec<usize> = sched.iter().map(|&u| u as usize).collect();
            let exec = execute(&mut db, &programs, &names, st, &sched, Record::Outcome).unwrap();
            let replay = exec.events.iter().flat_map(|e| {
                let u = names.iter().position(|n| *n == e.user).unwrap();
                e.sql.iter().map(move |q| (u, q.clone()))
            });
            out.push((st, replay.collect()));
        }
    }
    out
}

fn setup_sql(s: &Scenario, st: Strategy) -> String {
    let mut sql = s.setup.clone();
    if st == Strategy::Optimistic {
        sql.push_str("\nALTER TABLE counter ADD COLUMN version INTEGER NOT NULL DEFAULT 0;");
    }
    sql
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

fn parallel(f: impl Fn(&AtomicUsize) + Sync) {
    let next = AtomicUsize::new(0);
    std::thread::scope(|sc| {
        for _ in 0..2 {
            sc.spawn(|| f(&next));
        }
    });
}

/// Fresh file and fresh connections per run.
fn baseline_fresh(s: &Scenario, runs: &[(Strategy, Replay)]) -> Duration {
    let start = Instant::now();
    parallel(|next| loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some((st, replay)) = runs.get(i) else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.sqlite");
        let a = open(&path);
        a.pragma_update(None, "journal_mode", "WAL").unwrap();
        a.execute_batch(&setup_sql(s, *st)).unwrap();
        let b = open(&path);
        replay_on(&[a, b], replay);
    });
    start.elapsed()
}

/// One database per thread and strategy, reset from a template by backup.
fn baseline_reset(s: &Scenario, runs: &[(Strategy, Replay)]) -> Duration {
    let start = Instant::now();
    parallel(|next| {
        let dir = tempfile::tempdir().unwrap();
        let mut current: Option<(Strategy, Connection, Vec<Connection>)> = None;
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some((st, replay)) = runs.get(i) else {
                return;
            };
            if current.as_ref().map(|c| c.0) != Some(*st) {
                let template = Connection::open_in_memory().unwrap();
                template.execute_batch(&setup_sql(s, *st)).unwrap();
                let path = dir.path().join(format!("{}.sqlite", st.name()));
                let a = open(&path);
                a.pragma_update(None, "journal_mode", "WAL").unwrap();
                let b = open(&path);
                current = Some((*st, template, vec![a, b]));
            }
            let (_, template, conns) = current.as_mut().unwrap();
            for c in conns.iter() {
                if !c.is_autocommit() {
                    let _ = c.execute_batch("ROLLBACK");
                }
            }
            rusqlite::backup::Backup::new(template, &mut conns[0])
                .unwrap()
                .run_to_completion(1000, Duration::ZERO, None)
                .unwrap();
            replay_on(conns, replay);
        }
    });
    start.elapsed()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let s = scenario::parse("six-steps.toml", SCENARIO).unwrap();
    let runs = statements(&s, Journal::Wal);
    let never = AtomicBool::new(false);
    let (mut ex, mut fresh, mut reset) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let t = Instant::now();
        let report = explore(&s, &ExploreOptions::default(), &|_| {}, &never).unwrap();
        ex.push(t.elapsed());
        assert_eq!(report.schedules.len() * report.strategies.len(), 924 * 5);
        fresh.push(baseline_fresh(&s, &runs));
        reset.push(baseline_reset(&s, &runs));
    }
    let (ex, fresh, reset) = (median(ex), median(fresh), median(reset));
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "explore 924 schedules x 5 strategies (4620 runs, 2 threads), median of {ROUNDS} rounds:"
    );
    println!("  interleave explorer (scheduler + recording + checker + serial/invariant checks): {:8.1} ms", ms(ex));
    println!("  baseline A: raw rusqlite replay, fresh file + connections per run:              {:8.1} ms", ms(fresh));
    println!("  baseline B: raw rusqlite replay, one database per thread reset by backup:       {:8.1} ms", ms(reset));
    println!("  ratio explorer / baseline A: {:.2}x", ms(ex) / ms(fresh));
    println!("  ratio explorer / baseline B: {:.2}x", ms(ex) / ms(reset));
}
