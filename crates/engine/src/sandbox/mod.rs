//! Connections that scenario SQL can use, and nothing else can.
//!
//! Scenario files are shared between classmates, so their SQL is untrusted.
//! Every connection the engine opens goes through [`Conn::open`], which:
//! - refuses ATTACH, DETACH, `load_extension` and pragmas outside a short
//!   allowlist in SQLite's authorizer, and caps attached databases at zero;
//! - refuses VACUUM (whose `INTO` form writes a file) before it is prepared;
//! - turns on defensive mode, so the schema cannot be corrupted on purpose;
//! - stops any statement that runs past a budget of virtual-machine
//!   instructions (a recursive CTE without end), deterministically.
//!
//! It also observes, for the history: which columns a statement reads (from
//! the authorizer) and which rows it changes (from the pre-update hook).

use crate::error::{Error, Result};
use crate::history::Value;
use crate::scenario::Journal;
use crate::sqltext;
use rusqlite::hooks::{AuthContext, PreUpdateCase};
use rusqlite::{Connection, OpenFlags};
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

mod answers;
mod authorize;
mod bounds;
mod determinism;
mod split;
mod types;
use answers::{classify, raw_change, to_sqlite};
use authorize::authorize;
use bounds::Bounds;
pub use bounds::SizeLimit;
/// The one seeded generator of the engine (also the explorer's sampler).
pub use determinism::next as splitmix64;
use split::statement_end;
pub use types::*;

/// Virtual-machine instructions between checks of the budget.
const OPS_PER_TICK: i32 = 1000;
/// Budget of one step's statement: about 5 million instructions, a few
/// milliseconds of honest work, and far past any teaching scenario's needs.
pub const STEP_BUDGET_TICKS: i64 = 5_000;
/// Setup may insert more rows (10 000 rows take about 1 million), so it gets twice as much.
pub const SETUP_BUDGET_TICKS: i64 = 10_000;
/// The budgets in instructions, for the docs.
pub const STEP_BUDGET_INSTRUCTIONS: i64 = STEP_BUDGET_TICKS * OPS_PER_TICK as i64;
pub const SETUP_BUDGET_INSTRUCTIONS: i64 = SETUP_BUDGET_TICKS * OPS_PER_TICK as i64;

#[derive(Default)]
pub(super) struct Probe {
    /// Set only while the engine itself runs a statement of its own.
    pub(super) trusted: bool,
    pub(super) collecting: bool,
    pub(super) reads: Vec<String>,
    pub(super) assigned: Vec<String>,
    pub(super) refused: Option<String>,
    changes: Vec<RawChange>,
    /// The statement changed more rows than it may; it is being stopped.
    too_many_changes: bool,
    bounds: Option<Bounds>,
}

/// A sandboxed connection.
pub struct Conn {
    pub db: Connection,
    probe: Arc<Mutex<Probe>>,
    ticks_left: Arc<AtomicI64>,
    footprints: HashMap<String, Arc<Footprint>>,
    columns: HashMap<String, Arc<Vec<String>>>,
    seed: determinism::Seed,
}

impl Conn {
    /// Opens `path` (creating it) with the sandbox in place.
    pub fn open(path: &Path, opts: ConnOptions) -> Result<Conn> {
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if opts.shared_cache {
            flags |= OpenFlags::SQLITE_OPEN_SHARED_CACHE;
        } else {
            flags |= OpenFlags::SQLITE_OPEN_PRIVATE_CACHE;
        }
        determinism::register_fixed_clock();
        let db = Connection::open_with_flags_and_vfs(path, flags, determinism::FIXED_CLOCK_VFS)
            .map_err(|e| Error::io(format!("cannot open the run's database: {e}")))?;
        Conn::wrap(db, opts)
    }

    /// An in-memory sandboxed connection (for templates and validation).
    pub fn open_in_memory() -> Result<Conn> {
        determinism::register_fixed_clock();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let db = Connection::open_in_memory_with_flags_and_vfs(flags, determinism::FIXED_CLOCK_VFS)
            .map_err(|e| Error::io(format!("cannot open an in-memory database: {e}")))?;
        Conn::wrap(
            db,
            ConnOptions {
                shared_cache: false,
                read_uncommitted: false,
            },
        )
    }

    fn wrap(mut db: Connection, opts: ConnOptions) -> Result<Conn> {
        use rusqlite::config::DbConfig;
        use rusqlite::limits::Limit;
        let setup = || -> rusqlite::Result<determinism::Seed> {
            // Timeout 0: a lock in the way is an event the scheduler records, never a wait.
            db.busy_timeout(std::time::Duration::ZERO)?;
            db.pragma_update(None, "synchronous", "OFF")?;
            db.pragma_update(None, "temp_store", "MEMORY")?;
            if opts.read_uncommitted {
                db.pragma_update(None, "read_uncommitted", true)?;
            }
            db.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
            db.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
            db.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, true)?;
            db.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)?;
            db.set_limit(Limit::SQLITE_LIMIT_LENGTH, 1_000_000)?;
            db.set_limit(Limit::SQLITE_LIMIT_SQL_LENGTH, 100_000)?;
            db.set_limit(Limit::SQLITE_LIMIT_EXPR_DEPTH, 200)?;
            // Bounds the file (SQLITE_FULL past it): page_count × page_size.
            let page: i64 = db.pragma_query_value(None, "page_size", |r| r.get(0))?;
            let pages = crate::scenario::limits::DATABASE_BYTES / page.max(512);
            db.pragma_update(None, "max_page_count", pages)?;
            determinism::seed_random(&db)
        };
        let seed =
            setup().map_err(|e| Error::io(format!("cannot configure the run's database: {e}")))?;
        db.set_prepared_statement_cache_capacity(512);
        let probe = Arc::new(Mutex::new(Probe::default()));
        let p = probe.clone();
        db.authorizer(Some(move |ctx: AuthContext<'_>| authorize(&p, ctx)))
            .map_err(|e| Error::io(e.to_string()))?;
        let p = probe.clone();
        let ticks_left = Arc::new(AtomicI64::new(STEP_BUDGET_TICKS));
        let t = ticks_left.clone();
        db.preupdate_hook(Some(
            move |_action, dbname: &str, table: &str, case: &PreUpdateCase| {
                if dbname != "main" {
                    return;
                }
                let mut p = p.lock().expect("probe lock");
                if p.changes.len() >= p.bounds.unwrap_or(Bounds::ENGINE).changes {
                    // The hook cannot stop the statement; the progress handler can.
                    p.too_many_changes = true;
                    t.store(0, Ordering::Relaxed);
                    return;
                }
                if let Some(c) = raw_change(table, case) {
                    p.changes.push(c);
                }
            },
        ))
        .map_err(|e| Error::io(e.to_string()))?;
        let t = ticks_left.clone();
        db.progress_handler(
            OPS_PER_TICK,
            Some(move || t.fetch_sub(1, Ordering::Relaxed) <= 0),
        )
        .map_err(|e| Error::io(e.to_string()))?;
        Ok(Conn {
            db,
            probe,
            ticks_left,
            footprints: HashMap::new(),
            columns: HashMap::new(),
            seed,
        })
    }

    /// Runs one statement, returning its rows, the columns it read and the rows it changed.
    pub fn exec(
        &mut self,
        sql: &str,
        budget_ticks: i64,
    ) -> std::result::Result<StmtResult, StmtError> {
        self.exec_with(sql, &[], budget_ticks)
    }

    /// As [`Conn::exec`], with positional parameters (`?1`, `?2`…).
    pub fn exec_with(
        &mut self,
        sql: &str,
        params: &[Value],
        budget_ticks: i64,
    ) -> std::result::Result<StmtResult, StmtError> {
        let keyword = sqltext::first_keyword(sql);
        if keyword == "VACUUM" {
            return Err(StmtError::Refused(
                "VACUUM is not allowed in scenarios (VACUUM INTO writes a file outside the run)"
                    .into(),
            ));
        }
        if matches!(keyword.as_str(), "CREATE" | "ALTER" | "DROP") {
            self.columns.clear();
        }
        self.ticks_left.store(budget_ticks, Ordering::Relaxed);
        let footprint = self.footprint(sql)?;
        {
            let mut p = self.probe.lock().expect("probe lock");
            p.refused = None;
            p.changes.clear();
            p.too_many_changes = false;
        }
        let bounds = self
            .probe
            .lock()
            .expect("probe lock")
            .bounds
            .unwrap_or(Bounds::ENGINE);
        self.ticks_left.store(budget_ticks, Ordering::Relaxed);
        let mut out = StmtResult {
            footprint,
            ..Default::default()
        };
        let mut too_large = None;
        let result = (|| -> rusqlite::Result<()> {
            use crate::scenario::limits as l;
            let mut stmt = self.db.prepare_cached(sql)?;
            out.columns = stmt.column_names().map(|s| s.to_string()).collect();
            let n = out.columns.len();
            let bound: Vec<rusqlite::types::Value> = params.iter().map(to_sqlite).collect();
            let mut rows = stmt.query(rusqlite::params_from_iter(bound.iter()))?;
            let mut bytes = 0usize;
            while let Some(row) = rows.next()? {
                if bounds.rows.is_some_and(|max| out.rows.len() >= max) {
                    too_large = Some(SizeLimit::StepResultRows);
                    return Ok(());
                }
                let mut values = Vec::with_capacity(n);
                for i in 0..n {
                    let v = Value::from_ref(row.get_ref(i)?);
                    bytes += v.size();
                    values.push(v);
                }
                if bytes > l::RESULT_BYTES_PER_STATEMENT {
                    too_large = Some(SizeLimit::ResultBytes);
                    return Ok(());
                }
                out.rows.push(values);
            }
            Ok(())
        })();
        let runaway = (self.ticks_left.load(Ordering::Relaxed) <= 0).then_some(budget_ticks);
        let mut p = self.probe.lock().expect("probe lock");
        out.changes = std::mem::take(&mut p.changes);
        if p.too_many_changes {
            too_large = Some(bounds.changes_limit);
        }
        if let Err(rusqlite::Error::SqliteFailure(e, _)) = &result {
            if e.code == rusqlite::ErrorCode::DiskFull {
                too_large = Some(SizeLimit::DatabaseBytes);
            }
        }
        if let Some(limit) = too_large {
            // A write stopped half way is rolled back by SQLite; a SELECT
            // stopped early just returns nothing.
            out.changes.clear();
            return Err(StmtError::TooLarge {
                limit,
                message: limit.message(),
            });
        }
        match result {
            Ok(()) => Ok(out),
            Err(e) => Err(classify(e, p.refused.take(), runaway)),
        }
    }

    /// As [`Conn::exec_with`], for a user's step: it may change and return
    /// at most `limits::STEP_CHANGES` and `STEP_RESULT_ROWS` rows.
    pub fn exec_step(
        &mut self,
        sql: &str,
        params: &[Value],
    ) -> std::result::Result<StmtResult, StmtError> {
        self.probe.lock().expect("probe lock").bounds = Some(Bounds::STEP);
        let r = self.exec_with(sql, params, STEP_BUDGET_TICKS);
        self.probe.lock().expect("probe lock").bounds = None;
        r
    }

    /// Prepares a statement (cached) and returns what it reads and assigns,
    /// without running it. The authorizer reports a statement's footprint
    /// only while it is prepared, and a cached statement is prepared once, so
    /// the footprint is remembered by text as soon as preparing succeeds.
    pub fn footprint(&mut self, sql: &str) -> std::result::Result<Arc<Footprint>, StmtError> {
        if let Some(f) = self.footprints.get(sql) {
            return Ok(f.clone());
        }
        {
            let mut p = self.probe.lock().expect("probe lock");
            p.collecting = true;
            p.reads.clear();
            p.assigned.clear();
            p.refused = None;
        }
        let prepared = self.db.prepare_cached(sql).map(|_| ());
        let mut p = self.probe.lock().expect("probe lock");
        p.collecting = false;
        match prepared {
            Ok(()) => {
                let mut reads = std::mem::take(&mut p.reads);
                reads.sort();
                reads.dedup();
                let mut assigned = std::mem::take(&mut p.assigned);
                assigned.sort();
                assigned.dedup();
                let f = Arc::new(Footprint { reads, assigned });
                self.footprints.insert(sql.to_string(), f.clone());
                Ok(f)
            }
            Err(e) => Err(classify(e, p.refused.take(), None)),
        }
    }

    /// Whether the connection holds a read or write transaction (a snapshot).
    pub fn holds_snapshot(&self) -> bool {
        !matches!(
            self.db.transaction_state(Some(rusqlite::MAIN_DB)),
            Ok(rusqlite::TransactionState::None)
        )
    }

    /// Runs a batch of trusted-shape SQL (setup) statement by statement, under the
    /// sandbox. On error, returns the byte offset into `sql` where it happened.
    pub fn exec_batch(&mut self, sql: &str) -> std::result::Result<(), (StmtError, usize)> {
        let mut rest = sql;
        let mut consumed = 0usize;
        loop {
            let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ';');
            consumed += rest.len() - trimmed.len();
            rest = trimmed;
            if rest.is_empty() || rest.starts_with("--") && !rest.contains('\n') {
                return Ok(());
            }
            let end = statement_end(rest);
            let stmt = &rest[..end];
            if stmt.trim_start().starts_with("--") && sqltext::words(stmt).next().is_none() {
                consumed += end;
                rest = &rest[end..];
                continue;
            }
            match self.exec(stmt, SETUP_BUDGET_TICKS) {
                Ok(_) => {}
                Err(e) => {
                    let off = match &e {
                        StmtError::Sql {
                            offset: Some(o), ..
                        } => *o,
                        _ => 0,
                    };
                    return Err((e, consumed + off));
                }
            }
            consumed += end;
            rest = &rest[end..];
        }
    }

    /// The column names of a table, in order.
    pub fn table_columns(&mut self, table: &str) -> Arc<Vec<String>> {
        if let Some(c) = self.columns.get(table) {
            return c.clone();
        }
        let cols: Vec<String> = (|| -> rusqlite::Result<Vec<String>> {
            let mut stmt = self
                .db
                .prepare_cached("SELECT name FROM pragma_table_info(?1)")?;
            let names = stmt
                .query_map([table], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(names)
        })()
        .unwrap_or_default();
        let cols = Arc::new(cols);
        self.columns.insert(table.to_string(), cols.clone());
        cols
    }

    /// Makes a reused connection behave as a new one for the next run:
    /// `random()` starts over. The caller checks the TEMP schema.
    pub fn restart(&self) {
        self.seed.restart();
    }

    /// Objects in this connection's TEMP schema (which outlive a run).
    pub fn temp_objects(&self) -> Vec<String> {
        self.db
            // Cached: the explorer asks every connection before every run.
            .prepare_cached("SELECT name FROM temp.sqlite_master")
            .and_then(|mut st| {
                st.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .unwrap_or_default()
    }

    /// Whether the connection is outside any explicit transaction.
    /// Whether this connection's transaction has taken the write lock
    /// (RESERVED or more in a rollback journal, the WAL write lock).
    pub fn holds_write_lock(&self) -> bool {
        matches!(
            self.db.transaction_state(Some(rusqlite::MAIN_DB)),
            Ok(rusqlite::TransactionState::Write)
        )
    }

    pub fn is_autocommit(&self) -> bool {
        self.db.is_autocommit()
    }

    /// The schema cookie (`PRAGMA schema_version`).
    pub fn schema_cookie(&self) -> Result<i64> {
        self.db
            .query_row("PRAGMA schema_version", [], |r| r.get(0))
            .map_err(|e| Error::io(format!("cannot read the schema cookie: {e}")))
    }

    /// Puts the schema cookie back after a reset by backup, which bumps it so
    /// that every other connection re-reads the schema and re-prepares each
    /// statement (40% of an explored run). The engine calls it only when the
    /// schema restored is the very one those connections read: the template
    /// the database was made from. Defensive mode forbids writing the cookie,
    /// so it is lifted for this one trusted statement.
    pub fn restore_schema_cookie(&self, cookie: i64) -> Result<()> {
        self.probe.lock().expect("probe lock").trusted = true;
        let done = self
            .db
            .set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DEFENSIVE, false)
            .and_then(|_| self.db.pragma_update(None, "schema_version", cookie))
            .and(
                self.db
                    .set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)
                    .map(|_| ()),
            );
        self.probe.lock().expect("probe lock").trusted = false;
        done.map_err(|e| Error::io(format!("cannot restore the schema cookie: {e}")))
    }

    /// Sets the journal mode (done once, by the engine, before any scenario SQL).
    pub fn set_journal(&self, journal: Journal) -> Result<()> {
        self.probe.lock().expect("probe lock").trusted = true;
        let mode: rusqlite::Result<String> = self.db.query_row(
            &format!("PRAGMA journal_mode = {}", journal.name()),
            [],
            |r| r.get(0),
        );
        self.probe.lock().expect("probe lock").trusted = false;
        let mode = mode.map_err(|e| Error::io(format!("cannot set journal mode: {e}")))?;
        if !mode.eq_ignore_ascii_case(journal.name()) {
            return Err(Error::io(format!(
                "SQLite refused journal mode {}; it kept {mode}",
                journal.name()
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
