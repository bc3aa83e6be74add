//! The scheduler: a synchronous, step-driven loop over real connections.
//!
//! One turn = one user tries their current step. Statements run on that
//! user's own connection with busy_timeout 0, so a lock in the way comes back
//! at once as BUSY and is recorded. The strategy decides whether that user
//! waits (the step is retried once another user has made progress) or rolls
//! back and retries its unit of work. When every unfinished user waits and
//! nobody has progressed, the run ends as a deadlock.
//!
//! Everything is a function of (scenario, strategy, schedule, journal): no
//! clocks, no randomness, no threads. That is what makes runs replayable.

use crate::database::Database;
use crate::error::{Error, Result};
use crate::history::*;
use crate::sandbox::{StmtError, STEP_BUDGET_TICKS};
use crate::sqltext;
use crate::strategy::{self, Locals, OnBusy, Op, Program, Strategy, WriteMode};
use std::collections::HashMap;

mod record;

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
    attempt_reads: Vec<u32>,
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
}

enum OpOutcome {
    Done,
    Skipped(String),
    Conflict(String),
    Busy(i32, String),
    Failed(i32, String),
}

/// Executes `programs` on `db` following `schedule` (user indexes); when the
/// schedule runs out, users go round-robin.
pub fn execute(
    db: &mut Database,
    programs: &[Program],
    names: &[String],
    strategy: Strategy,
    schedule: &[usize],
    record: Record,
) -> Result<Execution> {
    let n = programs.len();
    let mut r = Runner {
        db,
        programs,
        names: names.to_vec(),
        strategy,
        record,
        users: (0..n)
            .map(|_| UserState {
                attempt: 1,
                ..Default::default()
            })
            .collect(),
        events: Vec::new(),
        blocked: Vec::new(),
        versions: HashMap::new(),
        epoch: 0,
        state: Vec::new(),
    };
    for (i, u) in r.users.iter_mut().enumerate() {
        u.cost.user = names[i].clone();
        u.finished = programs[i].steps.is_empty();
    }
    if record == Record::Full {
        r.state = r.db.committed_state().unwrap_or_default();
    }
    let limit = 50 + 20 * programs.iter().map(|p| p.steps.len()).sum::<usize>();
    let mut taken = Vec::new();
    let mut cursor = 0usize;
    let mut next_rr = 0usize;
    let mut ending = Ending::Completed;
    loop {
        if r.users.iter().all(|u| u.finished) {
            break;
        }
        let want = if cursor < schedule.len() {
            cursor += 1;
            let u = schedule[cursor - 1];
            if u >= n || r.users[u].finished {
                continue;
            }
            u
        } else {
            next_rr % n
        };
        let pick = (0..n).map(|k| (want + k) % n).find(|&u| r.runnable(u));
        let Some(u) = pick else {
            ending = Ending::Deadlock;
            break;
        };
        r.take_turn(u)?;
        taken.push(u);
        next_rr = u + 1;
        if r.events.len() > limit {
            return Err(Error::Invalid {
                location: None,
                message: format!("the run took more than {limit} turns without finishing"),
            });
        }
    }
    // Whoever still waits at the end (a deadlock) waits to the end of the history.
    for u in 0..n {
        if let Some((_, first, _)) = r.users[u].blocked.take() {
            r.blocked.push(BlockedSpan {
                user: r.names[u].clone(),
                from: first,
                until: None,
            });
        }
    }
    let Runner {
        db,
        users,
        mut events,
        blocked,
        ..
    } = r;
    mark_undone(&mut events);
    db.end_transactions();
    let final_state = db
        .committed_state()
        .ok_or_else(|| Error::io("cannot read the final state"))?;
    Ok(Execution {
        events,
        blocked,
        taken,
        ending,
        costs: users.into_iter().map(|u| u.cost).collect(),
        final_state,
    })
}

impl Runner<'_> {
    fn runnable(&self, u: usize) -> bool {
        let s = &self.users[u];
        !s.finished && s.blocked.map(|(at, _, _)| at < self.epoch).unwrap_or(true)
    }

    fn take_turn(&mut self, u: usize) -> Result<()> {
        let seq = self.events.len() as u32 + 1;
        let (pc, attempt) = (self.users[u].pc, self.users[u].attempt);
        // A copy of the shared reference, so the step can be read while `self` changes.
        let programs = self.programs;
        let step = &programs[u].steps[pc];
        let mut ev = Event {
            seq,
            user: self.names[u].clone(),
            step: pc as u32 + 1,
            attempt,
            label: step.label.clone(),
            caption: step.caption.clone(),
            sql: Vec::new(),
            outcome: Outcome::Ok,
            code: None,
            message: None,
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
            ev.outcome = Outcome::Skipped;
            ev.message = Some("skipped: this transaction was already rolled back".into());
            if let [Op::Raw(sql)] = step.ops.as_slice() {
                if matches!(
                    sqltext::first_keyword(sql).as_str(),
                    "COMMIT" | "END" | "ROLLBACK"
                ) {
                    self.users[u].doomed = false;
                }
            }
            self.unblock(u, seq);
            self.advance(u);
            return self.push(u, ev);
        }
        let ops = &step.ops;
        let mut skipped_note = None;
        while self.users[u].op < ops.len() {
            let op = &ops[self.users[u].op];
            match self.exec_op(u, op, &mut ev) {
                OpOutcome::Done => self.users[u].op += 1,
                OpOutcome::Skipped(note) => {
                    skipped_note = Some(note);
                    self.users[u].op += 1;
                }
                OpOutcome::Conflict(msg) => {
                    ev.outcome = Outcome::Conflict;
                    ev.message = Some(msg);
                    self.users[u].cost.conflicts += 1;
                    self.unblock(u, seq);
                    self.rewind(u, seq, &mut ev);
                    return self.push(u, ev);
                }
                OpOutcome::Busy(code, msg) => {
                    ev.code = Some(code);
                    ev.message = Some(msg);
                    return self.on_busy(u, op, code, ev);
                }
                OpOutcome::Failed(code, msg) => {
                    ev.outcome = Outcome::Error;
                    ev.code = Some(code);
                    ev.message = Some(msg);
                    if !self.db.users[u].is_autocommit() {
                        self.roll_back(u, &mut ev);
                    }
                    self.unblock(u, seq);
                    self.users[u].finished = true;
                    return self.push(u, ev);
                }
            }
        }
        if let Some(note) = skipped_note {
            ev.outcome = Outcome::Skipped;
            ev.message = Some(note);
        }
        if let [Op::Raw(sql)] = ops.as_slice() {
            if sqltext::first_keyword(sql) == "ROLLBACK" {
                ev.outcome = Outcome::RolledBack;
            }
        }
        self.unblock(u, seq);
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
            || matches!(op, Op::Raw(s) if matches!(sqltext::first_keyword(s).as_str(), "COMMIT" | "END"));
        let on_busy = self.strategy.policy().on_busy;
        let abort = match on_busy {
            OnBusy::RetryUnit => !is_commit && conn_in_txn && (snapshot || self.users[u].txn_read),
            OnBusy::AbandonOnSnapshot => snapshot && conn_in_txn,
            OnBusy::Wait => false,
        };
        if abort {
            ev.outcome = if snapshot {
                Outcome::BusySnapshot
            } else {
                Outcome::Busy
            };
            self.roll_back(u, &mut ev);
            self.unblock(u, seq);
            if on_busy == OnBusy::AbandonOnSnapshot {
                // Retrying can never succeed on a stale snapshot: the rest of the transaction is void.
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
        ev.outcome = Outcome::Blocked;
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

    /// Starts the user's unit of work again (optimistic conflict, transaction retry).
    fn rewind(&mut self, u: usize, seq: u32, ev: &mut Event) {
        let st = &mut self.users[u];
        st.pending.clear();
        st.txn_read = false;
        st.attempt_reads.clear();
        if st.attempt >= MAX_ATTEMPTS {
            st.finished = true;
            st.cost.gave_up = true;
            let m = ev.message.take().unwrap_or_default();
            ev.message = Some(format!("{m}; gave up after {} retries", MAX_ATTEMPTS - 1));
            return;
        }
        st.attempt += 1;
        st.cost.retries += 1;
        st.pc = 0;
        st.op = 0;
        st.retry_link = Some(seq);
    }

    fn push(&mut self, u: usize, mut ev: Event) -> Result<()> {
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

    /// Runs one statement for user `u`, recording it in the event and tracking commits.
    fn statement(
        &mut self,
        u: usize,
        sql: &str,
        ev: &mut Event,
    ) -> std::result::Result<crate::sandbox::StmtResult, StmtError> {
        ev.sql.push(sql.to_string());
        let result = self.db.users[u].exec(sql, STEP_BUDGET_TICKS);
        let autocommit = self.db.users[u].is_autocommit();
        match &result {
            Ok(r) => {
                ev.completed += 1;
                self.epoch += 1;
                let changes = self.convert_changes(u, &r.changes);
                if !changes.is_empty() {
                    ev.changes.extend(changes.iter().cloned());
                    self.users[u].pending.push((ev.seq, changes));
                }
                if autocommit {
                    self.users[u].txn_read = false;
                    if sqltext::first_keyword(sql) == "ROLLBACK" {
                        self.users[u].pending.clear();
                    } else {
                        self.commit_pending(u, ev);
                    }
                }
            }
            Err(_) => {
                if autocommit {
                    self.users[u].pending.clear();
                    self.users[u].txn_read = false;
                }
            }
        }
        result
    }

    fn exec_op(&mut self, u: usize, op: &Op, ev: &mut Event) -> OpOutcome {
        match op {
            Op::Begin(sql) => self.simple(u, sql, ev),
            Op::Commit => self.simple(u, "COMMIT", ev),
            Op::Raw(sql) => self.raw(u, sql, ev),
            Op::Read(r) => match self.statement(u, &r.sql, ev) {
                Err(e) => stmt_failure(e),
                Ok(res) => {
                    self.record_read(u, ev, &res, Some(r));
                    OpOutcome::Done
                }
            },
            Op::Write(w) => {
                let calc = &mut self.db.calc;
                let rendered = strategy::render_write(w, &self.users[u].locals, |expr, params| {
                    calc.exec_with(&format!("SELECT ({expr})"), params, STEP_BUDGET_TICKS)
                        .map(|r| {
                            r.rows
                                .first()
                                .and_then(|r| r.first())
                                .cloned()
                                .unwrap_or(Value::Null)
                        })
                        .map_err(|e| e.message())
                });
                let rendered = match rendered {
                    Ok(r) => r,
                    Err(m) => {
                        return OpOutcome::Failed(
                            1,
                            format!("cannot compute the value to write: {m}"),
                        )
                    }
                };
                for d in &rendered.depends_on {
                    if !ev.depends_on.contains(d) {
                        ev.depends_on.push(*d);
                    }
                }
                let Some(sql) = rendered.sql else {
                    return OpOutcome::Skipped(rendered.note.unwrap_or_default());
                };
                match self.statement(u, &sql, ev) {
                    Err(e) => stmt_failure(e),
                    Ok(res) => {
                        let changes = ev.changes.clone();
                        self.apply_known(u, ev.seq, &changes);
                        if res.changes.is_empty() {
                            match w.mode {
                                WriteMode::Optimistic if rendered.expected_version.is_some() => OpOutcome::Conflict(format!(
                                    "0 rows changed: the row is no longer at version {}; someone else saved first",
                                    rendered.expected_version.unwrap_or_default()
                                )),
                                WriteMode::Optimistic => OpOutcome::Conflict("0 rows changed: a row read earlier has a new version; someone else saved first".into()),
                                WriteMode::Atomic if w.cond.is_some() => OpOutcome::Skipped(format!("condition `{}` was false when the UPDATE ran, so 0 rows changed", w.cond.as_deref().unwrap_or(""))),
                                _ => OpOutcome::Done,
                            }
                        } else {
                            OpOutcome::Done
                        }
                    }
                }
            }
        }
    }

    fn simple(&mut self, u: usize, sql: &str, ev: &mut Event) -> OpOutcome {
        match self.statement(u, sql, ev) {
            Ok(_) => OpOutcome::Done,
            Err(e) => stmt_failure(e),
        }
    }

    fn raw(&mut self, u: usize, sql: &str, ev: &mut Event) -> OpOutcome {
        match self.statement(u, sql, ev) {
            Err(e) => stmt_failure(e),
            Ok(res) => {
                if !res.columns.is_empty() {
                    self.record_read(u, ev, &res, None);
                }
                if !res.changes.is_empty() {
                    let reads = self.users[u].attempt_reads.clone();
                    for d in reads {
                        if d != ev.seq && !ev.depends_on.contains(&d) {
                            ev.depends_on.push(d);
                        }
                    }
                    let changes = ev.changes.clone();
                    self.apply_known(u, ev.seq, &changes);
                }
                OpOutcome::Done
            }
        }
    }
}

fn stmt_failure(e: StmtError) -> OpOutcome {
    match e {
        StmtError::Busy { code, message } => OpOutcome::Busy(code, message),
        StmtError::Refused(m) => {
            OpOutcome::Failed(rusqlite::ffi::SQLITE_AUTH, format!("refused: {m}"))
        }
        StmtError::Sql { code, message, .. } => OpOutcome::Failed(code, message),
    }
}

/// Marks what never took effect: changes no commit made visible, and every
/// event of an attempt that was abandoned (a later attempt of the same user
/// exists, or the user gave up on it).
fn mark_undone(events: &mut [Event]) {
    let committed: std::collections::HashSet<u32> = events
        .iter()
        .flat_map(|e| e.commits.iter().copied())
        .collect();
    let mut last_attempt: HashMap<String, u32> = HashMap::new();
    for e in events.iter() {
        let a = last_attempt.entry(e.user.clone()).or_insert(0);
        *a = (*a).max(e.attempt);
    }
    let gave_up: std::collections::HashSet<(String, u32)> = events
        .iter()
        .filter(|e| {
            e.message
                .as_deref()
                .is_some_and(|m| m.contains("gave up after"))
        })
        .map(|e| (e.user.clone(), e.attempt))
        .collect();
    for e in events.iter_mut() {
        e.discarded = !e.changes.is_empty() && !committed.contains(&e.seq);
        e.aborted =
            e.attempt < last_attempt[&e.user] || gave_up.contains(&(e.user.clone(), e.attempt));
    }
}
