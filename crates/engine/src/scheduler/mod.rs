//! The scheduler: a synchronous, step-driven loop over real connections.
//!
//! One turn = one user tries their current step. Statements run on that
//! user's own connection with busy_timeout 0, so a lock in the way comes back
//! at once as BUSY and is recorded. The strategy decides whether that user
//! waits (the step is offered again once another user's transaction has
//! ended, releasing its locks) or rolls back and retries its unit of work.
//! When every unfinished user waits and no lock has been released since, the
//! run ends as a deadlock.
//!
//! Everything is a function of (scenario, strategy, schedule, journal): no
//! clocks, no randomness, no threads. That is what makes runs replayable.

use crate::database::Database;
use crate::error::{Error, Result};
use crate::history::*;
use crate::sandbox::StmtError;
use crate::sqltext;
use crate::strategy::{Locals, OnBusy, Op, Program, Strategy};
use crate::trace::{Trace, UnitEnd};
use std::collections::HashMap;

mod observe;
mod record;
mod run;
mod statement;

use observe::Recorder;
pub use run::{Access, Footprint, Run};

/// A unit of work is tried at most this many times (one try plus retries).
pub const MAX_ATTEMPTS: u32 = 4;

/// How much to record per event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// Committed state and every user's beliefs after each event (for display).
    Full,
    /// Only what the checker needs (for the explorer).
    Outcome,
}

/// The raw result of executing a schedule.
pub struct Execution {
    pub events: Vec<Event>,
    pub blocked: Vec<BlockedSpan>,
    pub taken: Vec<usize>,
    pub ending: Ending,
    pub costs: Vec<Cost>,
    pub final_state: Vec<TableState>,
    pub trace: Trace,
}

#[derive(Default)]
struct UserState {
    pc: usize,
    op: usize,
    attempt: u32,
    finished: bool,
    /// (epoch when blocked, first blocked event, latest blocked event)
    blocked: Option<(u64, u32, u32)>,
    txn_read: bool,
    doomed: bool,
    locals: Locals,
    pending: Vec<(u32, Vec<Change>)>,
    /// Trace writes not yet committed.
    pending_writes: Vec<u32>,
    attempt_reads: Vec<u32>,
    /// The unit (trace) this user is in, if any.
    unit: Option<u32>,
    /// Raw SQL: the current unit is an explicit transaction.
    unit_is_txn: bool,
    /// Which unit of work the user is on, from 1.
    ordinal: u32,
    /// Where the current unit of work began: a retry starts there again.
    unit_start: usize,
    /// The commit count at which the connection's read transaction began.
    snapshot: Option<u32>,
    retry_link: Option<u32>,
    cost: Cost,
}

#[derive(Debug, Clone)]
struct Version {
    value: Value,
    event: u32,
    user: usize,
    /// The event at which it became visible.
    commit: u32,
}

type ItemKey = (String, i64, String);

struct Runner<'a> {
    db: &'a mut Database,
    programs: &'a [Program],
    names: Vec<String>,
    strategy: Strategy,
    record: Record,
    users: Vec<UserState>,
    events: Vec<Event>,
    blocked: Vec<BlockedSpan>,
    versions: HashMap<ItemKey, Vec<Version>>,
    epoch: u64,
    state: Vec<TableState>,
    rec: Recorder,
    /// Rows read and changed so far, against `limits::ROWS_RECORDED_PER_RUN`.
    rows_recorded: usize,
}

enum OpOutcome {
    Done,
    Skipped(SkipReason, String),
    Conflict(Option<i64>, String),
    Busy(i32, String),
    Failed(i32, String),
}

/// Executes `programs` on `db` following `schedule` (user indexes); when the
/// schedule runs out, users go round-robin. A turn given to a user who cannot
/// act (blocked, or finished) goes to the next one who can.
pub fn execute(
    db: &mut Database,
    programs: &[Program],
    names: &[String],
    strategy: Strategy,
    schedule: &[usize],
    record: Record,
) -> Result<Execution> {
    let mut run = Run::start(db, programs, names, strategy, record);
    let n = programs.len();
    let mut cursor = 0usize;
    let mut next_rr = 0usize;
    while !run.is_over() {
        let want = if cursor < schedule.len() {
            cursor += 1;
            let u = schedule[cursor - 1];
            if u >= n || run.is_finished(u) {
                continue;
            }
            u
        } else {
            next_rr % n
        };
        let pick = (0..n).map(|k| (want + k) % n).find(|&u| run.can_act(u));
        let Some(u) = pick else {
            break;
        };
        run.turn(u)?;
        next_rr = u + 1;
    }
    run.finish()
}

impl Runner<'_> {
    fn runnable(&self, u: usize) -> bool {
        let s = &self.users[u];
        !s.finished && s.blocked.map(|(at, _, _)| at < self.epoch).unwrap_or(true)
    }

    /// Raw SQL is run as written: its units follow its own transactions.
    fn raw_units(&self) -> bool {
        self.strategy == Strategy::AsWritten
    }

    fn take_turn(&mut self, u: usize) -> Result<()> {
        let seq = self.events.len() as u32 + 1;
        let pc = self.users[u].pc;
        // A copy of the shared reference, so the step can be read while `self` changes.
        let programs = self.programs;
        let step = &programs[u].steps[pc];
        if !self.raw_units() && self.users[u].unit.is_none() {
            let st = &self.users[u];
            let id = self.rec.open_unit(&self.names[u], st.ordinal, st.attempt);
            self.users[u].unit = Some(id);
        }
        let mut ev = Event {
            seq,
            user: self.names[u].clone(),
            step: pc as u32 + 1,
            attempt: self.users[u].attempt,
            label: step.label.clone(),
            caption: step.caption.clone(),
            sql: Vec::new(),
            outcome: Outcome::Ok,
            gave_up: false,
            message: None,
            unit: self.users[u].unit,
            reads: Vec::new(),
            changes: Vec::new(),
            commits: Vec::new(),
            depends_on: Vec::new(),
            retry_of: None,
            resumes: None,
            completed: 0,
            discarded: false,
            aborted: false,
            locals: Vec::new(),
            beliefs: Vec::new(),
            db: Vec::new(),
        };
        let st = &mut self.users[u];
        if let Some((_, first, last)) = st.blocked.take() {
            // Provisionally resumed; put back below if still blocked.
            ev.resumes = Some(last);
            st.blocked = Some((u64::MAX, first, last));
        } else if let Some(link) = st.retry_link.take() {
            ev.retry_of = Some(link);
        }
        if self.users[u].doomed {
            ev.outcome = Outcome::Skipped {
                reason: SkipReason::TransactionRolledBack,
            };
            if let [Op::Raw(raw)] = step.ops.as_slice() {
                if matches!(
                    sqltext::first_keyword(&raw.sql).as_str(),
                    "COMMIT" | "END" | "ROLLBACK"
                ) {
                    self.users[u].doomed = false;
                    self.users[u].unit = None;
                    self.users[u].unit_is_txn = false;
                }
            }
            self.unblock(u, seq);
            self.advance(u);
            return self.push(u, ev);
        }
        let ops = &step.ops;
        let mut skipped = None;
        while self.users[u].op < ops.len() {
            let op = &ops[self.users[u].op];
            match self.exec_op(u, op, &mut ev) {
                OpOutcome::Done => self.users[u].op += 1,
                OpOutcome::Skipped(reason, note) => {
                    skipped = Some((reason, note));
                    self.users[u].op += 1;
                }
                OpOutcome::Conflict(expected_version, msg) => {
                    ev.outcome = Outcome::Conflict { expected_version };
                    ev.message = Some(msg);
                    self.users[u].cost.conflicts += 1;
                    // The unit's earlier writes in this attempt are undone with it.
                    if !self.db.users[u].is_autocommit() {
                        self.roll_back(u, &mut ev);
                    }
                    self.unblock(u, seq);
                    self.rewind(u, seq, &mut ev);
                    return self.push(u, ev);
                }
                OpOutcome::Busy(code, msg) => {
                    ev.message = Some(msg);
                    return self.on_busy(u, op, code, ev);
                }
                OpOutcome::Failed(code, msg) => {
                    ev.outcome = Outcome::Error { code };
                    ev.message = Some(msg);
                    let in_txn = !self.db.users[u].is_autocommit();
                    if in_txn {
                        self.roll_back(u, &mut ev);
                    }
                    if let Some(id) = self.users[u].unit.take() {
                        let end = if in_txn {
                            UnitEnd::RolledBack
                        } else {
                            UnitEnd::Unfinished
                        };
                        self.rec.end_unit(id, end);
                    }
                    self.unblock(u, seq);
                    self.users[u].finished = true;
                    return self.push(u, ev);
                }
            }
        }
        if let Some((reason, note)) = skipped {
            ev.outcome = Outcome::Skipped { reason };
            ev.message = Some(note);
        }
        if let [Op::Raw(raw)] = ops.as_slice() {
            if sqltext::first_keyword(&raw.sql) == "ROLLBACK" {
                ev.outcome = Outcome::RolledBack;
            }
        }
        self.unblock(u, seq);
        if !self.raw_units() && step.ends_unit {
            if let Some(id) = self.users[u].unit.take() {
                self.rec.end_unit(id, UnitEnd::Committed);
            }
            let st = &mut self.users[u];
            st.ordinal += 1;
            st.attempt = 1;
            st.unit_start = pc + 1;
            st.attempt_reads.clear();
        }
        self.advance(u);
        self.push(u, ev)
    }

    /// Ends a wait: records the blocked span if there was one.
    fn unblock(&mut self, u: usize, seq: u32) {
        if let Some((_, first, _)) = self.users[u].blocked.take() {
            self.blocked.push(BlockedSpan {
                user: self.names[u].clone(),
                from: first,
                until: Some(seq),
            });
        }
    }

    fn advance(&mut self, u: usize) {
        let st = &mut self.users[u];
        st.op = 0;
        st.pc += 1;
        if st.pc >= self.programs[u].steps.len() {
            st.finished = true;
        }
    }

    fn on_busy(&mut self, u: usize, op: &Op, code: i32, mut ev: Event) -> Result<()> {
        let seq = ev.seq;
        let snapshot = code == rusqlite::ffi::SQLITE_BUSY_SNAPSHOT;
        let conn_in_txn = !self.db.users[u].is_autocommit();
        let is_commit = matches!(op, Op::Commit)
            || matches!(op, Op::Raw(r) if matches!(sqltext::first_keyword(&r.sql).as_str(), "COMMIT" | "END"));
        let on_busy = self.strategy.policy().on_busy;
        let abort = match on_busy {
            OnBusy::RetryUnit => !is_commit && conn_in_txn && (snapshot || self.users[u].txn_read),
            OnBusy::AbandonOnSnapshot => snapshot && conn_in_txn,
            OnBusy::Wait => false,
        };
        if abort {
            ev.outcome = if snapshot {
                Outcome::BusySnapshot { code }
            } else {
                Outcome::Busy { code }
            };
            self.roll_back(u, &mut ev);
            self.unblock(u, seq);
            if on_busy == OnBusy::AbandonOnSnapshot {
                // Retrying can never succeed on a stale snapshot: the rest of the transaction is void.
                if let Some(id) = self.users[u].unit {
                    self.rec.end_unit(id, UnitEnd::RolledBack);
                }
                self.users[u].doomed = true;
                self.advance(u);
                if self.users[u].finished {
                    self.users[u].doomed = false;
                }
            } else {
                self.rewind(u, seq, &mut ev);
            }
            return self.push(u, ev);
        }
        ev.outcome = Outcome::Blocked { code };
        let st = &mut self.users[u];
        st.cost.blocked_steps += 1;
        st.blocked = Some(match st.blocked {
            Some((_, first, _)) => (self.epoch, first, seq),
            None => (self.epoch, seq, seq),
        });
        self.push(u, ev)
    }

    /// Ends a failed transaction. The ROLLBACK is shown in the event's SQL but
    /// not counted in `completed`, which keeps pointing at the statement that failed.
    fn roll_back(&mut self, u: usize, ev: &mut Event) {
        let done = ev.completed;
        let _ = self.statement(u, "ROLLBACK", ev);
        ev.completed = done;
    }

    /// Starts the user's unit of work again (optimistic conflict, transaction
    /// retry), or gives up on it when it has had its attempts.
    fn rewind(&mut self, u: usize, seq: u32, ev: &mut Event) {
        let unit = self.users[u].unit.take();
        let st = &mut self.users[u];
        st.pending.clear();
        st.txn_read = false;
        st.attempt_reads.clear();
        if st.attempt >= MAX_ATTEMPTS {
            st.finished = true;
            st.cost.gave_up = true;
            ev.gave_up = true;
            if let Some(id) = unit {
                self.rec.end_unit(id, UnitEnd::GaveUp);
            }
            return;
        }
        st.attempt += 1;
        st.cost.retries += 1;
        st.pc = st.unit_start;
        st.op = 0;
        st.retry_link = Some(seq);
        if let Some(id) = unit {
            self.rec.end_unit(id, UnitEnd::Abandoned);
        }
    }

    fn push(&mut self, u: usize, mut ev: Event) -> Result<()> {
        if let Some(id) = ev.unit {
            self.rec.attach(id, ev.seq);
        }
        self.rec.computed_from(ev.seq, &ev.depends_on);
        if self.record == Record::Full {
            ev.locals = self.locals_view(u);
            if !ev.commits.is_empty() || self.state.is_empty() {
                if let Some(s) = self.db.committed_state() {
                    self.state = s;
                }
            }
            ev.db = self.state.clone();
            ev.beliefs = (0..self.users.len())
                .map(|i| Belief {
                    user: self.names[i].clone(),
                    locals: self.locals_view(i),
                })
                .collect();
        }
        self.events.push(ev);
        Ok(())
    }
}

fn stmt_failure(e: StmtError) -> OpOutcome {
    match e {
        StmtError::Busy { code, message } => OpOutcome::Busy(code, message),
        StmtError::Refused(m) => {
            OpOutcome::Failed(rusqlite::ffi::SQLITE_AUTH, format!("refused: {m}"))
        }
        StmtError::Sql { code, message, .. } => OpOutcome::Failed(code, message),
        StmtError::Runaway { message, .. } => {
            OpOutcome::Failed(rusqlite::ffi::SQLITE_INTERRUPT, message)
        }
        StmtError::TooLarge { message, .. } => {
            OpOutcome::Failed(rusqlite::ffi::SQLITE_TOOBIG, message)
        }
    }
}

/// Marks what never took effect: changes no commit made visible, and every
/// event of a unit that was abandoned or given up.
fn mark_undone(events: &mut [Event], trace: &Trace) {
    let committed: std::collections::HashSet<u32> = events
        .iter()
        .flat_map(|e| e.commits.iter().copied())
        .collect();
    for e in events.iter_mut() {
        e.discarded = !e.changes.is_empty() && !committed.contains(&e.seq);
        e.aborted = e
            .unit
            .is_some_and(|id| matches!(trace.unit(id).end, UnitEnd::Abandoned | UnitEnd::GaveUp));
    }
}
