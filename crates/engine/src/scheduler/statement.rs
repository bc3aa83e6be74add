//! One statement of one user: run it, then record what it did in the event
//! (for display) and in the trace (for the checker).
//!
//! To know which rows a statement touched, whatever its SELECT list says, the
//! recorder asks SQLite again on the same connection, in the same snapshot:
//! `SELECT rowid, * FROM <its FROM … WHERE …>` (see `sqlshape`). A write
//! asks before it runs (the rows it is about to match), a read after.

use super::observe::Viewer;
use super::{stmt_failure, OpOutcome, Runner};
use crate::history::*;
use crate::sandbox::{Footprint, SizeLimit, StmtError, StmtResult, STEP_BUDGET_TICKS};
use crate::sqlshape::{self, Shape};
use crate::sqltext;
use crate::strategy::{self, Op, WriteMode};
use crate::trace::{Item, Observed, PredicateRead, UnitEnd};
use std::collections::HashMap;

/// The rows one statement looked at, table by table.
struct Looked {
    table: String,
    columns: Vec<String>,
    /// rowid first, then the table's columns.
    rows: Vec<Vec<Value>>,
    /// The table's columns the statement reads (from the authorizer).
    reads: Vec<String>,
    /// The condition and its `FROM … WHERE …` text, with the values bound in it.
    condition: Option<String>,
    from_where: String,
    params: Vec<Value>,
}

/// What a read observed, for the event's display.
#[derive(Default)]
pub(super) struct Seen {
    /// The rowids of the result rows, when they are one for one.
    pub keys: Option<Vec<i64>>,
    observed: HashMap<(String, i64, String), Observed>,
}

impl Seen {
    /// The event whose write a cell came from (`None`: the setup).
    pub fn from(&self, table: &str, row: i64, column: &str) -> Option<u32> {
        self.observed
            .iter()
            .find(|((t, r, c), _)| {
                t.eq_ignore_ascii_case(table) && *r == row && c.eq_ignore_ascii_case(column)
            })
            .and_then(|(_, o)| o.write())
    }
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl Runner<'_> {
    /// Runs one statement for user `u`, recording it in the event and the trace.
    pub(super) fn statement(
        &mut self,
        u: usize,
        sql: &str,
        ev: &mut Event,
    ) -> std::result::Result<StmtResult, StmtError> {
        self.statement_with(u, sql, &[], sql, ev)
    }

    /// As [`Self::statement`], with values bound to `?1`, `?2`…; the event
    /// shows `shown`, the statement with its values written out.
    pub(super) fn statement_with(
        &mut self,
        u: usize,
        sql: &str,
        params: &[Value],
        shown: &str,
        ev: &mut Event,
    ) -> std::result::Result<StmtResult, StmtError> {
        let keyword = sqltext::first_keyword(sql);
        if self.raw_units() {
            self.open_raw_unit(u, &keyword, ev);
        }
        ev.sql.push(shown.to_string());
        let unit = self.users[u].unit;
        let commits_before = self.rec.commits();
        // Checked before, not after: a statement that ran has happened. One
        // statement adds at most the per-statement limits past it.
        let result = if self.rows_recorded >= crate::scenario::limits::ROWS_RECORDED_PER_RUN {
            let limit = SizeLimit::RowsRecordedPerRun;
            Err(StmtError::TooLarge {
                limit,
                message: limit.message(),
            })
        } else {
            self.db.users[u].exec_step(sql, params)
        };
        if let Ok(r) = &result {
            self.rows_recorded += r.rows.len() + r.changes.len();
        }
        let autocommit = self.db.users[u].is_autocommit();
        if !self.db.users[u].holds_snapshot() || self.db.shared_cache {
            self.users[u].snapshot = None;
        } else if self.users[u].snapshot.is_none() {
            self.users[u].snapshot = Some(commits_before);
        }
        match &result {
            Ok(r) => {
                ev.completed += 1;
                if autocommit {
                    // A transaction ended here (or the statement was its own):
                    // whatever lock this connection held is released, so
                    // whoever waits may try again. A statement inside a
                    // transaction only ever takes locks, so it wakes nobody.
                    self.epoch += 1;
                }
                if let Some(unit) = unit {
                    // What a write matched, it read first: before its own versions count.
                    let matched = self.rows_a_write_read(u, sql, params, r);
                    self.record_looked(u, unit, ev.seq, matched);
                    self.record_writes(u, unit, ev, r);
                }
                if autocommit {
                    self.users[u].txn_read = false;
                    if keyword == "ROLLBACK" {
                        self.drop_pending(u);
                    } else {
                        self.commit_pending(u, ev);
                        let writes = std::mem::take(&mut self.users[u].pending_writes);
                        self.rec.commit(&writes, ev.seq);
                    }
                }
                if self.raw_units() && autocommit && self.users[u].unit_is_txn {
                    let end = if keyword == "ROLLBACK" {
                        UnitEnd::RolledBack
                    } else {
                        UnitEnd::Committed
                    };
                    if let Some(id) = self.users[u].unit.take() {
                        self.rec.end_unit(id, end);
                    }
                    self.users[u].unit_is_txn = false;
                }
            }
            Err(_) => {
                if autocommit {
                    self.drop_pending(u);
                    self.users[u].txn_read = false;
                }
            }
        }
        result
    }

    fn drop_pending(&mut self, u: usize) {
        self.users[u].pending.clear();
        let writes = std::mem::take(&mut self.users[u].pending_writes);
        self.rec.roll_back(&writes);
    }

    /// Raw SQL: each explicit transaction is a unit, and so is each run of
    /// autocommit statements between them (the application's read-then-write).
    fn open_raw_unit(&mut self, u: usize, keyword: &str, ev: &mut Event) {
        let autocommit = self.db.users[u].is_autocommit();
        let begins = matches!(keyword, "BEGIN" | "SAVEPOINT") && autocommit;
        if begins {
            if let Some(id) = self.users[u].unit.take() {
                self.rec.end_unit(id, UnitEnd::Committed);
            }
        }
        if self.users[u].unit.is_none() {
            let ordinal = self
                .rec
                .trace
                .units
                .iter()
                .filter(|x| x.user == self.names[u])
                .count();
            let id = self.rec.open_unit(&self.names[u], ordinal as u32 + 1, 1);
            self.users[u].unit = Some(id);
            self.users[u].unit_is_txn = begins || !autocommit;
            self.users[u].attempt_reads.clear();
        }
        ev.unit = self.users[u].unit;
    }

    /// `SELECT rowid, * FROM <from>` on the user's connection.
    fn shadow(&mut self, u: usize, from: &str) -> Option<Vec<Vec<Value>>> {
        let sql = format!("SELECT rowid, * FROM {from}");
        self.db.users[u]
            .exec(&sql, STEP_BUDGET_TICKS)
            .ok()
            .map(|r| r.rows)
    }

    fn look(
        &mut self,
        u: usize,
        shape: Shape,
        footprint: &Footprint,
        result_rows: bool,
    ) -> Vec<Looked> {
        let reads_of = |table: &str| -> Vec<String> {
            footprint
                .reads
                .iter()
                .filter_map(|r| r.split_once('.'))
                .filter(|(t, c)| t.eq_ignore_ascii_case(table) && *c != "*")
                .map(|(_, c)| c.to_string())
                .collect()
        };
        if let Shape::Single {
            table,
            from_where,
            cond,
            one_to_one,
            from_rest,
        } = &shape
        {
            let from = if result_rows && *one_to_one {
                from_rest
            } else {
                from_where
            };
            if let Some(rows) = self.shadow(u, from) {
                let columns = self.db.users[u].table_columns(table).as_ref().clone();
                return vec![Looked {
                    table: table.clone(),
                    columns,
                    rows,
                    reads: reads_of(table),
                    condition: cond.clone(),
                    from_where: from_where.clone(),
                    params: Vec::new(),
                }];
            }
        }
        if shape == Shape::Nothing {
            return Vec::new();
        }
        // Wide (or a view): every row of every table it reads.
        let mut tables: Vec<&str> = footprint
            .reads
            .iter()
            .filter_map(|r| r.split_once('.').map(|(t, _)| t))
            .filter(|t| !t.starts_with("sqlite_"))
            .collect();
        tables.dedup();
        let mut out = Vec::new();
        for t in tables {
            let from = quote(t);
            if let Some(rows) = self.shadow(u, &from) {
                let columns = self.db.users[u].table_columns(t).as_ref().clone();
                out.push(Looked {
                    table: t.to_string(),
                    columns,
                    rows,
                    reads: reads_of(t),
                    condition: None,
                    from_where: from,
                    params: Vec::new(),
                });
            }
        }
        out
    }

    /// The rows an UPDATE or DELETE matched are the rows it changed, as they
    /// were before it (from the pre-update hook). Asking SQLite again before
    /// the write would take a read lock the write itself may not get to keep.
    fn rows_a_write_read(
        &mut self,
        u: usize,
        sql: &str,
        params: &[Value],
        r: &StmtResult,
    ) -> Vec<Looked> {
        let keyword = sqltext::first_keyword(sql);
        if !matches!(keyword.as_str(), "UPDATE" | "DELETE") {
            return Vec::new();
        }
        let (table, condition, from_where) = match sqlshape::write(sql) {
            Shape::Single {
                table,
                cond,
                from_where,
                ..
            } => (table, cond, from_where),
            _ => match r.changes.first() {
                Some(c) => (c.table.clone(), None, quote(&c.table)),
                None => return Vec::new(),
            },
        };
        let columns = self.db.users[u].table_columns(&table).as_ref().clone();
        let rows = r
            .changes
            .iter()
            .filter(|c| c.table.eq_ignore_ascii_case(&table))
            .filter_map(|c| {
                c.old.as_ref().map(|old| {
                    let mut row = vec![Value::Integer(c.rowid)];
                    row.extend(old.iter().cloned());
                    row
                })
            })
            .collect();
        let reads = r
            .footprint
            .reads
            .iter()
            .filter_map(|x| x.split_once('.'))
            .filter(|(t, c)| t.eq_ignore_ascii_case(&table) && *c != "*")
            .map(|(_, c)| c.to_string())
            .collect();
        vec![Looked {
            table,
            columns,
            rows,
            reads,
            condition,
            from_where,
            params: params.to_vec(),
        }]
    }

    /// Records the items and predicates a statement looked at.
    fn record_looked(&mut self, u: usize, unit: u32, seq: u32, looked: Vec<Looked>) -> Seen {
        let mut seen = Seen::default();
        let Runner { db, users, rec, .. } = self;
        let viewer = Viewer {
            unit,
            snapshot: users[u].snapshot,
            dirty: db.dirty[u],
            pending: &users[u].pending_writes,
        };
        let mut judge = |t: &str, w: &str, p: &[Value], i: &[Value]| db.matches(u, t, w, p, i);
        for l in looked {
            let mut rowids = Vec::with_capacity(l.rows.len());
            for row in &l.rows {
                let Some(Value::Integer(rowid)) = row.first() else {
                    continue;
                };
                rowids.push(*rowid);
                for c in &l.reads {
                    let Some(i) = l.columns.iter().position(|x| x.eq_ignore_ascii_case(c)) else {
                        continue;
                    };
                    let item = Item {
                        table: l.table.clone(),
                        row: *rowid,
                        column: l.columns[i].clone(),
                    };
                    let value = row.get(i + 1).cloned().unwrap_or(Value::Null);
                    let o = rec.record_read(&viewer, seq, item, value);
                    seen.observed
                        .insert((l.table.clone(), *rowid, l.columns[i].clone()), o);
                }
            }
            let read = PredicateRead {
                unit,
                event: seq,
                table: l.table.clone(),
                condition: l.condition.clone(),
                rows: rowids.clone(),
                flips: Vec::new(),
            };
            rec.record_predicate(&viewer, read, (l.from_where, l.params), &mut judge);
            if seen.keys.is_none() {
                seen.keys = Some(rowids);
            }
        }
        // `from` for display is the write's event, not its id.
        for o in seen.observed.values_mut() {
            *o = match *o {
                Observed::Committed { write } => Observed::Committed {
                    write: rec.trace.write(write).event,
                },
                Observed::OwnPending { write } => Observed::OwnPending {
                    write: rec.trace.write(write).event,
                },
                Observed::Uncommitted { write } => Observed::Uncommitted {
                    write: rec.trace.write(write).event,
                },
                Observed::Setup => Observed::Setup,
            };
        }
        seen
    }

    /// Records a statement's row changes: in the trace as pending versions,
    /// and in the event for display.
    fn record_writes(&mut self, u: usize, unit: u32, ev: &mut Event, r: &StmtResult) {
        if r.changes.is_empty() {
            return;
        }
        let Runner { db, rec, .. } = self;
        let conn = &mut db.users[u];
        let mut columns_of = |t: &str| conn.table_columns(t).as_ref().clone();
        let ids = rec.record_changes(
            unit,
            ev.seq,
            &r.changes,
            &mut columns_of,
            &r.footprint.assigned,
        );
        let mut judge = |t: &str, w: &str, p: &[Value], i: &[Value]| db.matches(u, t, w, p, i);
        rec.judge_new_writes(&ids, &mut judge);
        let mut changes = Vec::new();
        for (&id, raw) in ids.iter().zip(&r.changes) {
            let w = rec.trace.write(id);
            let cols = db.users[u].table_columns(&w.table);
            for (col, new) in &w.columns {
                let old = cols
                    .iter()
                    .position(|c| c == col)
                    .and_then(|i| raw.old.as_ref().map(|o| o[i].clone()))
                    .unwrap_or(Value::Null);
                changes.push(Change {
                    table: w.table.clone(),
                    rowid: w.row,
                    column: col.clone(),
                    old,
                    new: new.clone(),
                });
            }
        }
        self.users[u].pending_writes.extend(ids);
        ev.changes.extend(changes.iter().cloned());
        self.users[u].pending.push((ev.seq, changes));
    }

    /// Records what a SELECT read: its rows, and the user's new local values.
    fn record_select(
        &mut self,
        u: usize,
        sql: &str,
        ev: &mut Event,
        res: &StmtResult,
        op: Option<&strategy::ReadOp>,
    ) {
        let seen = match self.users[u].unit {
            Some(unit) => {
                let looked = self.look(u, sqlshape::select(sql), &res.footprint, true);
                self.record_looked(u, unit, ev.seq, looked)
            }
            None => Seen::default(),
        };
        self.record_read(u, ev, res, op, &seen);
    }

    pub(super) fn exec_op(&mut self, u: usize, op: &Op, ev: &mut Event) -> OpOutcome {
        match op {
            Op::Begin(sql) => self.simple(u, sql, ev),
            Op::Commit => self.simple(u, "COMMIT", ev),
            Op::Raw(raw) => self.raw(u, raw, ev),
            Op::Read(r) => match self.statement(u, &r.sql, ev) {
                Err(e) => stmt_failure(e),
                Ok(res) => {
                    self.record_select(u, &r.sql, ev, &res, Some(r));
                    OpOutcome::Done
                }
            },
            Op::Write(w) => self.write(u, w, ev),
        }
    }

    fn write(&mut self, u: usize, w: &strategy::WriteOp, ev: &mut Event) -> OpOutcome {
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
                return OpOutcome::Failed(1, format!("cannot compute the value to write: {m}"))
            }
        };
        for d in &rendered.depends_on {
            if !ev.depends_on.contains(d) {
                ev.depends_on.push(*d);
            }
        }
        let Some(sql) = rendered.sql else {
            return OpOutcome::Skipped(
                SkipReason::ConditionFalse,
                rendered.note.unwrap_or_default(),
            );
        };
        match self.statement_with(u, &sql, &rendered.params, &rendered.shown, ev) {
            Err(e) => stmt_failure(e),
            Ok(res) => {
                let changes = ev.changes.clone();
                self.apply_known(u, ev.seq, &changes);
                if !res.changes.is_empty() {
                    return OpOutcome::Done;
                }
                match w.mode {
                    WriteMode::Optimistic if rendered.guarded => OpOutcome::Conflict(
                        rendered.expected_version,
                        match rendered.expected_version {
                            Some(v) => {
                                format!("0 rows changed: the row is no longer at version {v}")
                            }
                            None => "0 rows changed: a row read earlier has a new version".into(),
                        },
                    ),
                    WriteMode::Atomic if w.cond.is_some() => OpOutcome::Skipped(
                        SkipReason::ConditionFalseInUpdate,
                        format!(
                            "`{}` was false when the {} ran",
                            w.cond.as_deref().unwrap_or(""),
                            sqltext::first_keyword(&sql)
                        ),
                    ),
                    _ => OpOutcome::Done,
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

    fn raw(&mut self, u: usize, raw: &strategy::RawOp, ev: &mut Event) -> OpOutcome {
        let sql = raw.sql.as_str();
        // `:name` parameters are bound from the user's values, never spliced.
        let mut params = Vec::with_capacity(raw.params.len());
        for name in &raw.params {
            let Some(slot) = self.users[u].locals.get(name) else {
                return OpOutcome::Failed(1, format!("no value `{name}` has been read"));
            };
            params.push(slot.value.clone());
            if slot.read_event > 0 && !ev.depends_on.contains(&slot.read_event) {
                ev.depends_on.push(slot.read_event);
            }
        }
        let shown = sqltext::replace_params(sql, |i| params.get(i - 1).map(Value::to_sql_literal));
        match self.statement_with(u, sql, &params, &shown, ev) {
            Err(e) => stmt_failure(e),
            Ok(res) => {
                if !res.columns.is_empty() {
                    self.record_select(u, sql, ev, &res, None);
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
