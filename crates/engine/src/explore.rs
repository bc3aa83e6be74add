//! The explorer: every interleaving of the users' steps, under each strategy,
//! each on a database reset to its post-setup state.
//!
//! An interleaving keeps each user's own order; blocking is respected because
//! each one runs through the real scheduler. Work is split across OS threads
//! (SQLite calls block and are CPU-bound, so an async runtime would add
//! nothing here); the caller gets progress callbacks and may cancel.

use crate::check;
use crate::database::Database;
use crate::error::{Error, Result};
use crate::history::*;
use crate::pipeline::evaluate_invariants;
use crate::scenario::{Journal, Scenario};
use crate::scheduler::{execute, Record};
use crate::strategy::Strategy;
use crate::strategy::{self, Program};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

/// More interleavings than this is not a lesson any more.
pub const MAX_SCHEDULES: u64 = 100_000;

#[derive(Debug, Clone)]
pub struct ExploreOptions {
    pub strategies: Vec<Strategy>,
    pub journal: Option<Journal>,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Run a seeded sample of the interleavings instead of all of them (for
    /// spaces past [`MAX_SCHEDULES`]).
    pub sample: Option<Sample>,
}

/// A seeded, uniform sample of interleavings: the same seed, the same ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    pub runs: usize,
    pub seed: u64,
}

impl Default for ExploreOptions {
    fn default() -> Self {
        ExploreOptions {
            strategies: Strategy::ALL.to_vec(),
            journal: None,
            threads: 0,
            sample: None,
        }
    }
}

/// The outcome of one interleaving under one strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Cell {
    /// The run in one word, as the single view says it.
    pub outcome: Option<RunOutcome>,
    pub kinds: Vec<AnomalyKind>,
    pub error: bool,
    pub deadlock: bool,
    pub serializable: bool,
    pub invariants_hold: bool,
}

impl Cell {
    pub fn correct(&self) -> bool {
        self.outcome == Some(RunOutcome::Correct)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrategySummary {
    pub strategy: Strategy,
    pub runs: u64,
    /// Counts by anomaly kind (a cell may have several), by run outcome
    /// (`correct`, `anomaly`, `gave_up`, `failed`, `invariant_broken`,
    /// `deadlock`: one per cell, as the single view says it), and `not_serializable`.
    pub outcomes: BTreeMap<String, u64>,
    /// One cell per schedule, in the order of `ExploreReport::schedules`.
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExploreReport {
    pub scenario: String,
    pub journal: Journal,
    pub users: Vec<String>,
    /// Each schedule as user indexes, one per turn.
    pub schedules: Vec<Vec<u8>>,
    pub strategies: Vec<StrategySummary>,
}

/// Progress of an exploration: runs done out of runs in all.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// How many interleavings users with these step counts have (the
/// multinomial coefficient), as a float: it can be astronomically large.
pub fn interleaving_count(counts: &[usize]) -> f64 {
    let mut n: f64 = 1.0;
    let mut k = 0usize;
    for &c in counts {
        for i in 1..=c {
            k += 1;
            n = n * k as f64 / i as f64;
        }
    }
    n
}

/// A seeded sample of interleavings, each drawn uniformly (the next turn
/// goes to a user with probability proportional to the steps they have
/// left), duplicates dropped, in the order drawn.
pub fn sample_interleavings(counts: &[usize], sample: Sample) -> Vec<Vec<u8>> {
    let total: usize = counts.iter().sum();
    let mut state = sample.seed;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    // Bounded tries: a small space runs out of new interleavings.
    for _ in 0..sample.runs.saturating_mul(4) {
        if out.len() >= sample.runs {
            break;
        }
        let mut left = counts.to_vec();
        let mut turns = Vec::with_capacity(total);
        for remaining in (1..=total).rev() {
            let mut pick = (crate::sandbox::splitmix64(&mut state) % remaining as u64) as usize;
            let u = left
                .iter()
                .position(|&l| {
                    if pick < l {
                        return true;
                    }
                    pick -= l;
                    false
                })
                .expect("a user with steps left");
            left[u] -= 1;
            turns.push(u as u8);
        }
        if seen.insert(turns.clone()) {
            out.push(turns);
        }
    }
    out
}

/// Every interleaving of users with these step counts, each user's order kept.
pub fn interleavings(counts: &[usize]) -> Result<Vec<Vec<u8>>> {
    let total: usize = counts.iter().sum();
    let n = interleaving_count(counts);
    if n > MAX_SCHEDULES as f64 {
        return Err(Error::TooBig {
            interleavings: n.min(u64::MAX as f64) as u64,
            limit: MAX_SCHEDULES,
        });
    }
    let mut out = Vec::with_capacity(n as usize);
    let mut left = counts.to_vec();
    let mut acc = Vec::with_capacity(total);
    fn go(left: &mut [usize], acc: &mut Vec<u8>, out: &mut Vec<Vec<u8>>, total: usize) {
        if acc.len() == total {
            out.push(acc.clone());
            return;
        }
        for u in 0..left.len() {
            if left[u] > 0 {
                left[u] -= 1;
                acc.push(u as u8);
                go(left, acc, out, total);
                acc.pop();
                left[u] += 1;
            }
        }
    }
    go(&mut left, &mut acc, &mut out, total);
    Ok(out)
}

struct Plan {
    strategy: Strategy,
}

/// Runs every interleaving under each requested strategy.
pub fn explore(
    scenario: &Scenario,
    opts: &ExploreOptions,
    progress: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<ExploreReport> {
    let journal = opts.journal.unwrap_or(scenario.journal);
    let counts: Vec<usize> = scenario.users.iter().map(|u| u.steps.len()).collect();
    let schedules = match opts.sample {
        Some(sample) => sample_interleavings(&counts, sample),
        None => interleavings(&counts)?,
    };
    let mut strategies: Vec<Strategy> = opts
        .strategies
        .iter()
        .map(|&s| strategy::effective(scenario, s))
        .collect();
    strategies.dedup();
    let mut plans = Vec::new();
    for &s in &strategies {
        plans.push(Plan { strategy: s });
    }
    let names: Vec<String> = scenario.users.iter().map(|u| u.name.clone()).collect();
    let jobs = plans.len() * schedules.len();
    let total = jobs as u64;
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
    } else {
        opts.threads
    }
    .clamp(1, 16);
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let cells: Mutex<Vec<Option<Cell>>> = Mutex::new(vec![None; jobs]);
    let failure: Mutex<Option<Error>> = Mutex::new(None);
    const CHUNK: usize = 16;
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut dbs: Vec<Option<(Database, Vec<Program>)>> =
                    (0..plans.len()).map(|_| None).collect();
                loop {
                    if cancel.load(Ordering::Relaxed) {
                        return;
                    }
                    let start = next.fetch_add(CHUNK, Ordering::Relaxed);
                    if start >= jobs {
                        return;
                    }
                    let end = (start + CHUNK).min(jobs);
                    let mut local = Vec::with_capacity(end - start);
                    for job in start..end {
                        let (p, s) = (job / schedules.len(), job % schedules.len());
                        let plan = &plans[p];
                        if dbs[p].is_none() {
                            let made = Database::reusable(scenario, plan.strategy, journal)
                                .and_then(|mut db| {
                                    let programs =
                                        strategy::compile(scenario, plan.strategy, &db.schema)?;
                                    // What `run` and `check` refuse, explore refuses too,
                                    // before anything runs (a CREATE TEMP would outlive its run).
                                    crate::validate::validate_statements(
                                        scenario, &programs, &mut db,
                                    )?;
                                    Ok((db, programs))
                                });
                            match made {
                                Ok(x) => dbs[p] = Some(x),
                                Err(e) => {
                                    failure.lock().expect("failure lock").get_or_insert(e);
                                    cancel_all(&next, jobs);
                                    return;
                                }
                            }
                        }
                        let (db, programs) = dbs[p].as_mut().expect("database made above");
                        let schedule: Vec<usize> =
                            schedules[s].iter().map(|&u| u as usize).collect();
                        local.push((
                            job,
                            run_cell(scenario, db, programs, &names, plan, &schedule),
                        ));
                    }
                    {
                        let mut c = cells.lock().expect("cells lock");
                        for (job, cell) in local {
                            c[job] = Some(cell);
                        }
                    }
                    let d = done.fetch_add(end - start, Ordering::Relaxed) + end - start;
                    progress(Progress {
                        done: d as u64,
                        total,
                    });
                }
            });
        }
    });
    if let Some(e) = failure.into_inner().expect("failure lock") {
        return Err(e);
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(Error::Cancelled);
    }
    let cells = cells.into_inner().expect("cells lock");
    let mut summaries = Vec::new();
    for (p, plan) in plans.iter().enumerate() {
        let mine: Vec<Cell> = cells[p * schedules.len()..(p + 1) * schedules.len()]
            .iter()
            .map(|c| c.clone().unwrap_or_default())
            .collect();
        let mut outcomes: BTreeMap<String, u64> = BTreeMap::new();
        for k in AnomalyKind::ALL {
            outcomes.insert(k.name().into(), 0);
        }
        for o in RunOutcome::ALL {
            outcomes.insert(o.name().into(), 0);
        }
        outcomes.insert("not_serializable".into(), 0);
        for c in &mine {
            for k in &c.kinds {
                *outcomes.entry(k.name().into()).or_default() += 1;
            }
            // The same one word the single view shows; a run that could not
            // be executed at all counts as failed.
            let o = c.outcome.unwrap_or(RunOutcome::Failed);
            *outcomes.entry(o.name().into()).or_default() += 1;
            if !c.serializable {
                *outcomes.entry("not_serializable".into()).or_default() += 1;
            }
        }
        summaries.push(StrategySummary {
            strategy: plan.strategy,
            runs: mine.len() as u64,
            outcomes,
            cells: mine,
        });
    }
    Ok(ExploreReport {
        scenario: scenario.title.clone(),
        journal,
        users: names,
        schedules,
        strategies: summaries,
    })
}

fn cancel_all(next: &AtomicUsize, jobs: usize) {
    next.store(jobs, Ordering::Relaxed);
}

fn run_cell(
    scenario: &Scenario,
    db: &mut Database,
    programs: &[Program],
    names: &[String],
    plan: &Plan,
    schedule: &[usize],
) -> Cell {
    if db.reset().is_err() {
        return Cell {
            error: true,
            ..Default::default()
        };
    }
    match execute(
        db,
        programs,
        names,
        plan.strategy,
        schedule,
        Record::Outcome,
    ) {
        Err(_) => Cell {
            error: true,
            ..Default::default()
        },
        Ok(exec) => {
            let analysis = check::analyze(&exec.trace, scenario.has_raw_steps());
            let mut kinds: Vec<AnomalyKind> = analysis.findings.iter().map(|f| f.kind).collect();
            kinds.sort();
            kinds.dedup();
            let invariants = evaluate_invariants(scenario, db);
            let outcome = crate::verdict::outcome(&exec, &analysis.findings, &invariants);
            Cell {
                outcome: Some(outcome),
                kinds,
                error: exec
                    .events
                    .iter()
                    .any(|e| matches!(e.outcome, Outcome::Error { .. })),
                deadlock: exec.ending == Ending::Deadlock,
                serializable: analysis.serializable(),
                invariants_hold: invariants.iter().all(|i| i.holds),
            }
        }
    }
}
