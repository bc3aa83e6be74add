//! A run taken one turn at a time, so that the explorer can choose who acts
//! at each turn (a choice point) and `execute` can follow a schedule.
//!
//! A run is a path of choices: at each turn, the users who can act are the
//! unfinished ones who are not waiting on a lock nobody has released since.
//! The turns taken replay the run exactly through `execute`.

use super::*;

/// What a turn touched, for deciding which turns commute (the explorer's
/// partial-order reduction). Derived from what the turn actually did.
///
/// SQLite's write lock is database-wide in both journal modes, so anything
/// that writes, commits or rolls back a write is ordered against every other
/// statement; only reads commute with each other. A turn that ran no SQL (a
/// `think`, a local check) commutes with anything: it touches neither the
/// database nor who can act. A wait on a lock, the turn that resumes after
/// one, and an error are ordered against every statement: they change who
/// can act next.
///
/// A retry's abort (BUSY or BUSY_SNAPSHOT, then ROLLBACK) by a transaction
/// that had not taken the write lock is a read: its outcome depends only on
/// what others wrote or locked, and rolling it back releases only a read
/// lock or a WAL snapshot, which no reader depends on. Another user's
/// waiting lock is released only by their own turn, so the only thing the
/// abort changes for others is that waiters may try again, which commutes
/// (the count of transactions ended is the same in either order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Footprint {
    /// No statement ran.
    Local,
    /// Only SELECTs (and a deferred BEGIN, which takes no lock) ran, or a
    /// transaction that held no write lock was aborted by BUSY.
    Read,
    /// Something else ran: a write, a commit, a rollback, a locking BEGIN.
    Write,
    /// The turn waited, resumed after waiting, or failed.
    Global,
}

impl Footprint {
    /// Whether two turns of different users can be swapped without changing
    /// what either does or what the run ends with.
    pub fn commutes_with(self, other: Footprint) -> bool {
        use Footprint::*;
        matches!((self, other), (Local, _) | (_, Local) | (Read, Read))
    }

    /// `held_write_lock`: the user's connection held the write lock before the turn.
    fn of(ev: &Event, held_write_lock: bool) -> Footprint {
        if ev.sql.is_empty() {
            return Footprint::Local;
        }
        let aborted = matches!(
            ev.outcome,
            Outcome::Busy { .. } | Outcome::BusySnapshot { .. }
        );
        if aborted && !held_write_lock && ev.resumes.is_none() && ev.changes.is_empty() {
            return Footprint::Read;
        }
        let waits =
            aborted || matches!(ev.outcome, Outcome::Blocked { .. } | Outcome::Error { .. });
        if waits || ev.resumes.is_some() || ev.gave_up {
            return Footprint::Global;
        }
        let reads_only = ev.changes.is_empty()
            && ev.commits.is_empty()
            && ev.sql.iter().all(|q| is_plain_read(q));
        if reads_only {
            Footprint::Read
        } else {
            Footprint::Write
        }
    }
}

/// A SELECT (or VALUES), or a BEGIN that takes no lock until its first statement.
fn is_plain_read(sql: &str) -> bool {
    match sqltext::first_keyword(sql).as_str() {
        "SELECT" | "VALUES" => true,
        "BEGIN" => {
            // Anywhere in the text, so a comment cannot hide it.
            let upper = sql.to_ascii_uppercase();
            !(upper.contains("IMMEDIATE") || upper.contains("EXCLUSIVE"))
        }
        _ => false,
    }
}

/// A run in progress.
pub struct Run<'a> {
    r: Runner<'a>,
    taken: Vec<usize>,
    limit: usize,
    ending: Ending,
}

impl<'a> Run<'a> {
    pub fn start(
        db: &'a mut Database,
        programs: &'a [Program],
        names: &[String],
        strategy: Strategy,
        record: Record,
    ) -> Run<'a> {
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
                    ordinal: 1,
                    ..Default::default()
                })
                .collect(),
            events: Vec::new(),
            blocked: Vec::new(),
            versions: HashMap::new(),
            epoch: 0,
            rows_recorded: 0,
            state: Vec::new(),
            rec: Recorder::default(),
        };
        for (i, u) in r.users.iter_mut().enumerate() {
            u.cost.user = names[i].clone();
            u.finished = programs[i].steps.is_empty();
        }
        if record == Record::Full {
            r.state = r.db.committed_state().unwrap_or_default();
        }
        let limit = 50 + 20 * programs.iter().map(|p| p.steps.len()).sum::<usize>();
        Run {
            r,
            taken: Vec::new(),
            limit,
            ending: Ending::Completed,
        }
    }

    pub fn users(&self) -> usize {
        self.r.users.len()
    }

    /// Whether user `u` can act now: unfinished, and not waiting on a lock
    /// that nobody has released since.
    pub fn can_act(&self, u: usize) -> bool {
        self.r.runnable(u)
    }

    pub fn is_finished(&self, u: usize) -> bool {
        self.r.users[u].finished
    }

    /// Every user has finished, or nobody can act (a deadlock).
    pub fn is_over(&self) -> bool {
        (0..self.users()).all(|u| !self.can_act(u))
    }

    /// The turns taken so far.
    pub fn taken(&self) -> &[usize] {
        &self.taken
    }

    /// User `u` (who must be able to act) tries their current step.
    pub fn turn(&mut self, u: usize) -> Result<Footprint> {
        debug_assert!(self.can_act(u), "a turn for a user who cannot act");
        let held_write_lock = self.r.db.users[u].holds_write_lock();
        self.r.take_turn(u)?;
        self.taken.push(u);
        if self.r.events.len() > self.limit {
            return Err(Error::Invalid {
                location: None,
                message: format!(
                    "the run took more than {} turns without finishing",
                    self.limit
                ),
            });
        }
        Ok(Footprint::of(
            self.r.events.last().expect("a turn records one event"),
            held_write_lock,
        ))
    }

    /// Ends the run: whoever still waits waits to the end of the history.
    pub fn finish(mut self) -> Result<Execution> {
        let n = self.users();
        if !(0..n).all(|u| self.is_finished(u)) {
            self.ending = Ending::Deadlock;
        }
        let r = &mut self.r;
        for u in 0..n {
            if let Some(id) = r.users[u].unit.take() {
                // Autocommit statements already took effect; an open transaction did not.
                let end = if r.users[u].unit_is_txn || !r.users[u].finished {
                    UnitEnd::Unfinished
                } else {
                    UnitEnd::Committed
                };
                if r.rec.trace.unit(id).end == UnitEnd::Unfinished {
                    r.rec.end_unit(id, end);
                }
                let pending = std::mem::take(&mut r.users[u].pending_writes);
                r.rec.roll_back(&pending);
            }
            if let Some((_, first, _)) = r.users[u].blocked.take() {
                r.blocked.push(BlockedSpan {
                    user: r.names[u].clone(),
                    from: first,
                    until: None,
                });
            }
        }
        r.rec.finish_labels();
        let Run {
            r:
                Runner {
                    db,
                    users,
                    mut events,
                    blocked,
                    rec,
                    ..
                },
            taken,
            ending,
            ..
        } = self;
        let trace = rec.trace;
        mark_undone(&mut events, &trace);
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
            trace,
        })
    }
}
