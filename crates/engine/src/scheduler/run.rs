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
/// Two things are shared between users: the database, and the count of
/// transactions ended, on which a waiting user's turn depends (they can act
/// again once it has grown since they were turned away).
///
/// - The database. SQLite's write lock is database-wide in both journal
///   modes, so a turn that writes, commits, rolls back a write or holds the
///   write lock is ordered against every other statement; reads commute with
///   reads. A statement SQLite turned away (BUSY, BUSY_SNAPSHOT) from a
///   connection that holds no write lock before or after is a read: its
///   answer depends only on who holds the write lock or committed since its
///   snapshot, which only writes change, and what it leaves behind (a read
///   lock, a snapshot, a rollback of a read-only transaction) changes no
///   other turn but a write's. Under shared cache, table locks make a
///   turned-away statement depend on others' reads too: it is a write there.
/// - The count. A turn that ends a transaction adds to it; a turn of a user
///   who waited, or that ends waiting, reads it. Additions commute.
///
/// A turn that ran no SQL (a `think`, a local check) touches neither and
/// commutes with anything. An error is ordered against every statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Footprint {
    pub access: Access,
    /// The user waited before this turn, or waits after it.
    pub waits: bool,
    /// A transaction ended in this turn.
    pub ends: bool,
}

/// What a turn did to the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    None,
    Read,
    Write,
}

/// What the turn knew of itself, beyond its event.
pub(super) struct TurnFacts {
    pub held_write_lock: bool,
    pub holds_write_lock: bool,
    pub waited: bool,
    pub waits: bool,
    pub ends: bool,
    pub shared_cache: bool,
}

impl Footprint {
    pub const LOCAL: Footprint = Footprint::new(Access::None, false, false);
    pub const READ: Footprint = Footprint::new(Access::Read, false, false);
    pub const WRITE: Footprint = Footprint::new(Access::Write, false, true);
    /// An error, or a turn not yet known: ordered against every statement.
    pub const GLOBAL: Footprint = Footprint::new(Access::Write, true, true);

    pub const fn new(access: Access, waits: bool, ends: bool) -> Footprint {
        Footprint {
            access,
            waits,
            ends,
        }
    }

    /// Whether two turns of different users can be swapped without changing
    /// what either does, who can act, or what the run ends with.
    pub fn commutes_with(self, other: Footprint) -> bool {
        use Access::*;
        let database = matches!(
            (self.access, other.access),
            (None, _) | (_, None) | (Read, Read)
        );
        let count = !(self.waits && other.ends || self.ends && other.waits);
        database && count
    }

    fn of(ev: &Event, t: &TurnFacts) -> Footprint {
        if ev.sql.is_empty() {
            return Footprint::LOCAL;
        }
        if matches!(ev.outcome, Outcome::Error { .. }) {
            return Footprint::GLOBAL;
        }
        let turned_away = matches!(
            ev.outcome,
            Outcome::Blocked { .. } | Outcome::Busy { .. } | Outcome::BusySnapshot { .. }
        );
        let changed = !ev.changes.is_empty() || !ev.commits.is_empty();
        let reads = if turned_away {
            !t.held_write_lock && !t.holds_write_lock && !changed && !t.shared_cache
        } else {
            !changed && ev.sql.iter().all(|q| is_plain_read(q))
        };
        Footprint {
            access: if reads { Access::Read } else { Access::Write },
            waits: t.waited || t.waits,
            ends: t.ends,
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
        let waited = self.r.users[u].blocked.is_some();
        let epoch = self.r.epoch;
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
        let facts = TurnFacts {
            held_write_lock,
            holds_write_lock: self.r.db.users[u].holds_write_lock(),
            waited,
            waits: self.r.users[u].blocked.is_some(),
            ends: self.r.epoch > epoch,
            shared_cache: self.r.db.shared_cache,
        };
        Ok(Footprint::of(
            self.r.events.last().expect("a turn records one event"),
            &facts,
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
