//! The explorer: every distinct execution of a scenario under each strategy,
//! grouped into behaviour classes, each run on a database reset to its
//! post-setup state.
//!
//! An execution is a path of real choices (`tree`): at each turn, one of the
//! users who can act then. A user waiting on a lock is not offered, and
//! waits and retries are turns of the path, so every path is one thing that
//! can really happen, and `run --schedule` with its turns replays it.
//! Partial-order reduction skips paths that only swap turns that commute,
//! and counts the paths each explored run stands for (`count`), so counts
//! stay exact. Work is split across OS threads by strategy and first turn
//! (SQLite calls block and are CPU-bound, so async would add nothing); the
//! caller gets throttled progress and may cancel between runs.

mod behaviour;
mod count;
mod report;
mod sample;
mod tree;

pub use behaviour::{Behaviour, FindingShape, ShapeEdge, StepRef, UnitRef, UserFate};
pub use report::{BehaviourClass, ExploreReport, Method, Progress, StrategySummary};

use crate::check;
use crate::database::Database;
use crate::error::{Error, Result};
use crate::pipeline::evaluate_invariants;
use crate::scenario::{Journal, Scenario};
use crate::scheduler::Footprint;
use crate::strategy::{self, Program, Strategy};
use report::Classes;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tree::{Leaf, Walk};

/// More interleavings than this is not a lesson any more: past it, explore a sample.
pub const MAX_SCHEDULES: u64 = 100_000;

/// Runs on SQLite one exploration may make (waits and retries make the tree
/// bigger than the interleavings of the steps).
pub const MAX_RUNS: u64 = 4 * MAX_SCHEDULES;

/// Schedules listed per class (the count is always exact).
pub const SCHEDULES_PER_CLASS: usize = 20;

/// The explorer's worker threads' name (15 bytes at most: Linux keeps no more).
pub const WORKER_THREAD: &str = "explore-worker";

/// How often progress is reported at most.
const PROGRESS_EVERY: Duration = Duration::from_millis(50);

#[derive(Debug, Clone)]
pub struct ExploreOptions {
    pub strategies: Vec<Strategy>,
    pub journal: Option<Journal>,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Run a seeded sample of executions instead of all of them (for spaces
    /// past [`MAX_SCHEDULES`]).
    pub sample: Option<Sample>,
    /// Skip paths that only swap turns that commute (the counts stay exact).
    pub reduce: bool,
    /// Workers yield the CPU to the rest of the machine (a lower priority),
    /// so a window drawing beside a long exploration keeps answering.
    pub background: bool,
}

/// A seeded sample of executions: the same seed, the same ones.
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
            reduce: true,
            background: false,
        }
    }
}

/// How many interleavings users with these step counts have (the
/// multinomial coefficient), as a float: it can be astronomically large.
/// Without waits and retries, it is the number of executions.
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

/// Every interleaving of users with these step counts, each user's order
/// kept (the input orders; the explorer walks real choices instead).
pub fn interleavings(counts: &[usize]) -> Result<Vec<Vec<u8>>> {
    let n = interleaving_count(counts);
    if n > MAX_SCHEDULES as f64 {
        return Err(too_big(n));
    }
    let total: usize = counts.iter().sum();
    let mut out = Vec::with_capacity(n as usize);
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
    go(&mut counts.to_vec(), &mut Vec::new(), &mut out, total);
    Ok(out)
}

fn too_big(n: f64) -> Error {
    Error::TooBig {
        interleavings: n.min(u64::MAX as f64) as u64,
        limit: MAX_SCHEDULES,
    }
}

/// One piece of work: a strategy, and the first turn (or a range of sample walks).
#[derive(Clone, Copy)]
enum Job {
    Subtree { plan: usize, first: usize },
    Walks { plan: usize, from: u64, to: u64 },
}

/// Lowers this thread's priority (nice 10). Linux gives each thread its
/// own nice value, and lowering it needs no privilege.
#[cfg(target_os = "linux")]
fn lower_priority() {
    // SAFETY: gettid and setpriority take and return plain integers; this
    // changes only the calling thread's scheduling priority.
    unsafe {
        let tid = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, 10);
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

/// Explores every execution (or a sample) under each requested strategy.
pub fn explore(
    scenario: &Scenario,
    opts: &ExploreOptions,
    progress: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<ExploreReport> {
    let journal = opts.journal.unwrap_or(scenario.journal);
    let counts: Vec<usize> = scenario.users.iter().map(|u| u.steps.len()).collect();
    let estimate = interleaving_count(&counts);
    if opts.sample.is_none() && estimate > MAX_SCHEDULES as f64 {
        return Err(too_big(estimate));
    }
    let mut plans: Vec<Strategy> = opts
        .strategies
        .iter()
        .map(|&s| strategy::effective(scenario, s))
        .collect();
    plans.dedup();
    let names: Vec<String> = scenario.users.iter().map(|u| u.name.clone()).collect();
    let firsts: Vec<usize> = (0..counts.len()).filter(|&u| counts[u] > 0).collect();
    let mut jobs = Vec::new();
    for plan in 0..plans.len() {
        match opts.sample {
            // One job per strategy, so that a path drawn twice is counted once.
            Some(s) => jobs.push(Job::Walks {
                plan,
                from: 0,
                to: s.runs as u64,
            }),
            None if firsts.is_empty() => jobs.push(Job::Walks {
                plan,
                from: 0,
                to: 1,
            }),
            None => jobs.extend(firsts.iter().map(|&first| Job::Subtree { plan, first })),
        }
    }
    let per_plan = match opts.sample {
        Some(s) => s.runs as f64,
        None => estimate,
    };
    let total = (per_plan * plans.len() as f64) as u64;
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
    } else {
        opts.threads
    }
    .clamp(1, 16);
    let next = AtomicUsize::new(0);
    let done = AtomicU64::new(0);
    let runs_made = AtomicU64::new(0);
    let started = Instant::now();
    let last_report = Mutex::new(started);
    let results: Mutex<Vec<Option<(Classes, u64)>>> = Mutex::new(vec![None; jobs.len()]);
    let failure: Mutex<Option<Error>> = Mutex::new(None);
    let stop = AtomicBool::new(false);
    // Each job's share walked (f64 bits), each job weighing the same.
    let shares: Vec<AtomicU64> = jobs.iter().map(|_| AtomicU64::new(0)).collect();
    let covered = || {
        let sum: f64 = shares
            .iter()
            .map(|s| f64::from_bits(s.load(Ordering::Relaxed)))
            .sum();
        (sum / jobs.len().max(1) as f64).clamp(0.0, 1.0)
    };
    let tick = |counted: u64| {
        let d = done.fetch_add(counted, Ordering::Relaxed) + counted;
        let mut last = last_report.lock().expect("progress lock");
        if last.elapsed() >= PROGRESS_EVERY {
            *last = Instant::now();
            progress(Progress {
                done: d.min(total),
                total,
                covered: covered(),
            });
        }
    };
    let ctx = Context {
        scenario,
        plans: &plans,
        names: &names,
        journal,
        opts,
        interleavings: estimate,
        stopped: &|| cancel.load(Ordering::Relaxed) || stop.load(Ordering::Relaxed),
    };
    // Each worker returns its databases when it stops: closing them (a WAL
    // checkpoint per connection, then removing the files) took 6-12 ms of
    // the 10-14 ms between a cancel and the answer.
    let spent: Vec<Databases> = std::thread::scope(|scope| {
        let mut workers = Vec::new();
        for _ in 0..threads {
            // Named, so a profiler or the app's e2e test can tell them apart.
            let worker = std::thread::Builder::new().name(WORKER_THREAD.into());
            let spawned = worker.spawn_scoped(scope, || {
                if opts.background {
                    lower_priority();
                }
                let mut dbs: Databases = (0..plans.len()).map(|_| None).collect();
                let mut first_footprints: Vec<Option<Vec<Footprint>>> = vec![None; plans.len()];
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&job) = jobs.get(i) else { return dbs };
                    let share = |f: f64| shares[i].store(f.to_bits(), Ordering::Relaxed);
                    let outcome = ctx.run_job(job, &mut dbs, &mut first_footprints, &share, &|n| {
                        let made = runs_made.fetch_add(1, Ordering::Relaxed) + 1;
                        tick(n);
                        made <= MAX_RUNS
                    });
                    share(1.0);
                    match outcome {
                        Ok(r) => results.lock().expect("results lock")[i] = Some(r),
                        Err(e) => {
                            failure.lock().expect("failure lock").get_or_insert(e);
                            stop.store(true, Ordering::Relaxed);
                            next.store(jobs.len(), Ordering::Relaxed);
                            return dbs;
                        }
                    }
                }
            });
            // As `scope.spawn` would: no thread, no exploration.
            workers.push(spawned.expect("an explorer worker thread"));
        }
        // A worker's panic goes on being a panic, as the scope's own join would make it.
        let join = |w: std::thread::ScopedJoinHandle<'_, Databases>| {
            w.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
        };
        workers.into_iter().map(join).collect()
    });
    if cancel.load(Ordering::Relaxed) {
        // The caller hears at once; the files go in the background (or here,
        // if no thread can be made). Should the process end first, the next
        // one sweeps its run directories.
        let cleanup = std::thread::Builder::new().name("explore-cleanup".into());
        let _ = cleanup.spawn(move || drop(spent));
        return Err(Error::Cancelled);
    }
    drop(spent);
    if let Some(e) = failure.into_inner().expect("failure lock") {
        return Err(e);
    }
    progress(Progress {
        done: total,
        total,
        covered: 1.0,
    });
    let results = results.into_inner().expect("results lock");
    let mut per_plan: Vec<(Classes, u64)> = (0..plans.len()).map(|_| Default::default()).collect();
    for (job, r) in jobs.iter().zip(results) {
        let plan = match *job {
            Job::Subtree { plan, .. } | Job::Walks { plan, .. } => plan,
        };
        let (classes, runs) = r.expect("every job finished");
        per_plan[plan].0.merge(classes);
        per_plan[plan].1 += runs;
    }
    let method = match opts.sample {
        Some(s) => Method::Sample {
            runs: s.runs as u64,
            seed: s.seed,
        },
        None if opts.reduce => Method::Reduced,
        None => Method::Full,
    };
    Ok(ExploreReport::new(
        scenario, journal, names, estimate, method, &plans, per_plan,
    ))
}

/// A worker's database and compiled programs per strategy, made on first use.
type Databases = Vec<Option<(Database, Vec<Program>)>>;

struct Context<'a> {
    scenario: &'a Scenario,
    plans: &'a [Strategy],
    names: &'a [String],
    journal: Journal,
    opts: &'a ExploreOptions,
    /// The interleavings of the steps, for a too-big message.
    interleavings: f64,
    /// Cancelled by the caller, or another worker failed.
    stopped: &'a (dyn Fn() -> bool + Sync),
}

impl Context<'_> {
    /// Runs one job; `ran(executions)` is told of each run and says whether
    /// the budget allows more; `share` is told how much of the job is done.
    fn run_job(
        &self,
        job: Job,
        dbs: &mut Databases,
        first_footprints: &mut [Option<Vec<Footprint>>],
        share: &dyn Fn(f64),
        ran: &dyn Fn(u64) -> bool,
    ) -> Result<(Classes, u64)> {
        let plan = match job {
            Job::Subtree { plan, .. } | Job::Walks { plan, .. } => plan,
        };
        let strategy = self.plans[plan];
        if dbs[plan].is_none() {
            let mut db = Database::reusable(self.scenario, strategy, self.journal)?;
            let programs = strategy::compile(self.scenario, strategy, &db.schema)?;
            // What `run` and `check` refuse, explore refuses too, before
            // anything runs (a CREATE TEMP would outlive its run).
            crate::validate::validate_statements(self.scenario, &programs, &mut db)?;
            dbs[plan] = Some((db, programs));
        }
        let (db, programs) = dbs[plan].as_mut().expect("made above");
        let mut classes = Classes::default();
        let mut runs = 0u64;
        let raw = self.scenario.has_raw_steps();
        let reduce = self.opts.reduce && self.opts.sample.is_none();
        let users = self.names.len();
        let mut keep = |leaf: Leaf, db: &mut Database| -> Result<()> {
            runs += 1;
            let analysis = check::analyze(&leaf.exec.trace, raw);
            let invariants = evaluate_invariants(self.scenario, db);
            let outcome = crate::verdict::outcome(&leaf.exec, &analysis.findings, &invariants);
            let holds = invariants.iter().all(|i| i.holds);
            let b = Behaviour::of(&leaf.exec, &analysis, outcome, holds, self.names);
            let (n, schedules) = if reduce {
                let order = count::Order::new(users, &leaf.exec.taken, &leaf.footprints);
                (order.count(), order.first(SCHEDULES_PER_CLASS))
            } else {
                let path = leaf.exec.taken.iter().map(|&u| u as u8).collect();
                (1, vec![path])
            };
            classes.add(b, n, schedules);
            if !ran(n) {
                return Err(Error::TooManyRuns {
                    interleavings: self.interleavings.min(u64::MAX as f64) as u64,
                    runs: MAX_RUNS,
                });
            }
            Ok(())
        };
        let stopped = self.stopped;
        match job {
            Job::Walks { from, to, .. } => {
                let seed = self.opts.sample.map(|s| s.seed).unwrap_or(0);
                let mut seen = std::collections::HashSet::new();
                for i in from..to {
                    if stopped() {
                        return Err(Error::Cancelled);
                    }
                    let leaf = sample::walk(db, programs, self.names, strategy, seed, i)?;
                    if seen.insert(leaf.exec.taken.clone()) {
                        keep(leaf, db)?;
                    }
                    share((i + 1 - from) as f64 / (to - from).max(1) as f64);
                }
            }
            Job::Subtree { first, .. } => {
                if stopped() {
                    return Err(Error::Cancelled);
                }
                let firsts: Vec<usize> = (0..users)
                    .filter(|&u| !programs[u].steps.is_empty())
                    .collect();
                let mut before = Vec::new();
                if reduce {
                    // The first turns explored before this one, for its sleep set.
                    if first_footprints[plan].is_none() {
                        let mut w = self.walk(db, programs, strategy, reduce);
                        let fps = firsts
                            .iter()
                            .map(|&u| w.first_footprint(u))
                            .collect::<Result<Vec<_>>>()?;
                        first_footprints[plan] = Some(fps);
                    }
                    let fps = first_footprints[plan].as_ref().expect("made above");
                    for (k, &u) in firsts.iter().enumerate() {
                        if u == first {
                            break;
                        }
                        before.push((u, fps[k]));
                    }
                }
                let mut w = self.walk(db, programs, strategy, reduce);
                w.subtree(first, before, &mut keep, &mut |f| share(f))?;
            }
        }
        Ok((classes, runs))
    }

    fn walk<'w>(
        &'w self,
        db: &'w mut Database,
        programs: &'w [Program],
        strategy: Strategy,
        reduce: bool,
    ) -> Walk<'w> {
        Walk {
            db,
            programs,
            names: self.names,
            strategy,
            reduce,
            stopped: self.stopped,
        }
    }
}
