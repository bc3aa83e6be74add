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
use rusqlite::hooks::{AuthAction, AuthContext, Authorization, PreUpdateCase};
use rusqlite::{Connection, OpenFlags};
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

mod determinism;
mod split;
use split::statement_end;

/// Pragmas a scenario may run: they only read.
const PRAGMA_ALLOWLIST: &[&str] = &[
    "table_info",
    "table_xinfo",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "data_version",
    "user_version",
    "schema_version",
];

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
struct Probe {
    /// Set only while the engine itself runs a statement of its own.
    trusted: bool,
    collecting: bool,
    reads: Vec<String>,
    assigned: Vec<String>,
    refused: Option<String>,
    changes: Vec<RawChange>,
    /// The statement changed more rows than it may; it is being stopped.
    too_many_changes: bool,
    bounds: Option<Bounds>,
}

/// A row change as the pre-update hook saw it; columns by position.
#[derive(Debug, Clone)]
pub struct RawChange {
    pub table: String,
    pub rowid: i64,
    pub old: Option<Vec<Value>>,
    pub new: Option<Vec<Value>>,
}

/// Why a statement did not complete.
#[derive(Debug, Clone)]
pub enum StmtError {
    /// BUSY, BUSY_SNAPSHOT or LOCKED: a lock is in the way.
    Busy { code: i32, message: String },
    /// The sandbox refused it.
    Refused(String),
    /// The statement ran past its budget of SQLite instructions (millions).
    Runaway { millions: i64, message: String },
    /// The statement, or the run, went past one of the size limits.
    TooLarge { limit: SizeLimit, message: String },
    /// Any other SQLite error; `offset` is where in the SQL, when SQLite says.
    Sql {
        code: i32,
        message: String,
        offset: Option<usize>,
    },
}

impl StmtError {
    pub fn message(&self) -> String {
        match self {
            StmtError::Busy { message, .. }
            | StmtError::Refused(message)
            | StmtError::Runaway { message, .. }
            | StmtError::TooLarge { message, .. }
            | StmtError::Sql { message, .. } => message.clone(),
        }
    }
}

/// Which size limit a statement went past (the numbers are in `scenario::limits`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeLimit {
    SetupChanges,
    StepChanges,
    StepResultRows,
    ResultBytes,
    RowsRecordedPerRun,
    DatabaseBytes,
}

impl SizeLimit {
    pub fn message(self) -> String {
        use crate::scenario::limits as l;
        match self {
            SizeLimit::SetupChanges => format!(
                "this statement of setup changes more than {} rows, the most one may",
                l::SETUP_CHANGES_PER_STATEMENT
            ),
            SizeLimit::StepChanges => format!(
                "the statement changes more than {} rows, the most a step may change",
                l::STEP_CHANGES
            ),
            SizeLimit::StepResultRows => format!(
                "the statement returns more than {} rows, the most a step may return",
                l::STEP_RESULT_ROWS
            ),
            SizeLimit::ResultBytes => format!(
                "the statement returns more than {} MiB of values, the most one statement may return",
                l::RESULT_BYTES_PER_STATEMENT / (1024 * 1024)
            ),
            SizeLimit::RowsRecordedPerRun => format!(
                "the run has read and changed more than {} rows in all, the most one run may record",
                l::ROWS_RECORDED_PER_RUN
            ),
            SizeLimit::DatabaseBytes => format!(
                "the database would grow past {} MiB, the most a run's database may hold",
                l::DATABASE_BYTES / (1024 * 1024)
            ),
        }
    }
}

/// What one statement may do, besides its instruction budget.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    changes: usize,
    changes_limit: SizeLimit,
    /// `None`: the engine's own queries, bounded by the tables themselves.
    rows: Option<usize>,
}

impl Bounds {
    const ENGINE: Bounds = Bounds {
        changes: crate::scenario::limits::SETUP_CHANGES_PER_STATEMENT,
        changes_limit: SizeLimit::SetupChanges,
        rows: None,
    };
    const STEP: Bounds = Bounds {
        changes: crate::scenario::limits::STEP_CHANGES,
        changes_limit: SizeLimit::StepChanges,
        rows: Some(crate::scenario::limits::STEP_RESULT_ROWS),
    };
}

/// The columns a statement touches, as SQLite's authorizer reports them
/// while preparing it: `table.column` pairs (`table.*` for a whole row).
#[derive(Debug, Default, PartialEq)]
pub struct Footprint {
    pub reads: Vec<String>,
    /// Columns an UPDATE assigns (its SET list, and its triggers').
    pub assigned: Vec<String>,
}

/// What a statement returned and did.
#[derive(Debug, Default)]
pub struct StmtResult {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    pub changes: Vec<RawChange>,
    /// What the statement reads and assigns, from the authorizer.
    pub footprint: Rc<Footprint>,
}

/// How to open a connection.
#[derive(Debug, Clone, Copy)]
pub struct ConnOptions {
    pub shared_cache: bool,
    pub read_uncommitted: bool,
}

/// A sandboxed connection.
pub struct Conn {
    pub db: Connection,
    probe: Arc<Mutex<Probe>>,
    ticks_left: Arc<AtomicI64>,
    footprints: HashMap<String, Rc<Footprint>>,
    columns: HashMap<String, Rc<Vec<String>>>,
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
    pub fn footprint(&mut self, sql: &str) -> std::result::Result<Rc<Footprint>, StmtError> {
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
                let f = Rc::new(Footprint { reads, assigned });
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
    pub fn table_columns(&mut self, table: &str) -> Rc<Vec<String>> {
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
        let cols = Rc::new(cols);
        self.columns.insert(table.to_string(), cols.clone());
        cols
    }

    /// Whether the connection is outside any explicit transaction.
    /// Makes a reused connection behave as a new one for the next run:
    /// `random()` starts over. The caller checks the TEMP schema.
    pub fn restart(&self) {
        self.seed.restart();
    }

    /// Objects in this connection's TEMP schema (which outlive a run).
    pub fn temp_objects(&self) -> Vec<String> {
        self.db
            .prepare("SELECT name FROM temp.sqlite_master")
            .and_then(|mut st| {
                st.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .unwrap_or_default()
    }

    pub fn is_autocommit(&self) -> bool {
        self.db.is_autocommit()
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

fn authorize(probe: &Arc<Mutex<Probe>>, ctx: AuthContext<'_>) -> Authorization {
    let mut p = probe.lock().expect("probe lock");
    if p.trusted {
        return Authorization::Allow;
    }
    let refuse = |p: &mut Probe, why: String| {
        p.refused = Some(why);
        Authorization::Deny
    };
    match ctx.action {
        AuthAction::Attach { filename } => refuse(&mut p, format!("ATTACH is not allowed in scenarios (it would open `{filename}`, outside the run's database)")),
        AuthAction::Detach { .. } => refuse(&mut p, "DETACH is not allowed in scenarios".into()),
        // Their rows live in shadow tables the module writes behind the
        // statement's back, so the history could not say who changed what.
        AuthAction::CreateVtable { module_name, .. } => refuse(&mut p, format!("virtual tables ({module_name}) are not supported in scenarios: their rows live in shadow tables that the history cannot follow; use ordinary tables")),
        AuthAction::Function { function_name } if function_name.eq_ignore_ascii_case("load_extension") => {
            refuse(&mut p, "load_extension is not allowed in scenarios".into())
        }
        // It counts every change the connection ever made, and explored runs
        // reuse connections: the same run would answer differently.
        AuthAction::Function { function_name } if function_name.eq_ignore_ascii_case("total_changes") => {
            refuse(&mut p, "total_changes() is not allowed in scenarios: it depends on earlier runs (changes() counts one statement)".into())
        }
        AuthAction::Pragma { pragma_name, pragma_value } => {
            let name = pragma_name.to_ascii_lowercase();
            let read_only = pragma_value.is_none() || !matches!(name.as_str(), "user_version" | "schema_version");
            if PRAGMA_ALLOWLIST.contains(&name.as_str()) && read_only {
                Authorization::Allow
            } else {
                refuse(&mut p, format!("PRAGMA {pragma_name} is not allowed in scenarios (allowed: {})", PRAGMA_ALLOWLIST.join(", ")))
            }
        }
        AuthAction::Update { table_name, column_name } => {
            if p.collecting && ctx.database_name == Some("main") {
                p.assigned.push(format!("{table_name}.{column_name}"));
            }
            Authorization::Allow
        }
        AuthAction::Read { table_name, column_name } => {
            if p.collecting && ctx.database_name == Some("main") && !table_name.starts_with("sqlite_") {
                let col = if column_name.is_empty() { "*" } else { column_name };
                p.reads.push(format!("{table_name}.{col}"));
            }
            Authorization::Allow
        }
        _ => Authorization::Allow,
    }
}

fn to_sqlite(v: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match v {
        Value::Null => V::Null,
        Value::Integer(i) => V::Integer(*i),
        Value::Real(f) => V::Real(*f),
        Value::Text(t) => V::Text(t.clone()),
        Value::Blob(b) => V::Blob(b.clone()),
    }
}

fn raw_change(table: &str, case: &PreUpdateCase) -> Option<RawChange> {
    let old_of = |a: &rusqlite::hooks::PreUpdateOldValueAccessor| {
        (0..a.get_column_count())
            .map(|i| {
                a.get_old_column_value(i)
                    .map(Value::from_ref)
                    .unwrap_or(Value::Null)
            })
            .collect::<Vec<_>>()
    };
    let new_of = |a: &rusqlite::hooks::PreUpdateNewValueAccessor| {
        (0..a.get_column_count())
            .map(|i| {
                a.get_new_column_value(i)
                    .map(Value::from_ref)
                    .unwrap_or(Value::Null)
            })
            .collect::<Vec<_>>()
    };
    match case {
        PreUpdateCase::Insert(n) => Some(RawChange {
            table: table.into(),
            rowid: n.get_new_row_id(),
            old: None,
            new: Some(new_of(n)),
        }),
        PreUpdateCase::Delete(o) => Some(RawChange {
            table: table.into(),
            rowid: o.get_old_row_id(),
            old: Some(old_of(o)),
            new: None,
        }),
        PreUpdateCase::Update {
            old_value_accessor: o,
            new_value_accessor: n,
        } => Some(RawChange {
            table: table.into(),
            rowid: n.get_new_row_id(),
            old: Some(old_of(o)),
            new: Some(new_of(n)),
        }),
        PreUpdateCase::Unknown => None,
    }
}

fn classify(e: rusqlite::Error, refused: Option<String>, runaway: Option<i64>) -> StmtError {
    use rusqlite::ffi;
    if let Some(why) = refused {
        return StmtError::Refused(why);
    }
    match e {
        rusqlite::Error::SqliteFailure(err, msg) => {
            let code = err.extended_code;
            let primary = code & 0xff;
            let message = msg.unwrap_or_else(|| err.to_string());
            if primary == ffi::SQLITE_BUSY || primary == ffi::SQLITE_LOCKED {
                let message = match code {
                    ffi::SQLITE_BUSY_SNAPSHOT => "SQLITE_BUSY_SNAPSHOT: another connection committed after this transaction's snapshot was taken, so it may not write".to_string(),
                    ffi::SQLITE_BUSY => format!("SQLITE_BUSY: {message} (another connection holds a conflicting lock)"),
                    ffi::SQLITE_LOCKED_SHAREDCACHE => format!("SQLITE_LOCKED_SHAREDCACHE: {message} (another connection of the shared cache holds the table)"),
                    _ => message,
                };
                StmtError::Busy { code, message }
            } else if let (ffi::SQLITE_INTERRUPT, Some(budget)) = (primary, runaway) {
                let millions = budget * OPS_PER_TICK as i64 / 1_000_000;
                StmtError::Runaway {
                    millions,
                    message: format!(
                        "statement stopped after {millions} million SQLite instructions: it looks like a query without end (a recursive CTE needs a LIMIT or a stopping WHERE)"
                    ),
                }
            } else if primary == ffi::SQLITE_AUTH {
                StmtError::Refused(message)
            } else {
                StmtError::Sql {
                    code,
                    message,
                    offset: None,
                }
            }
        }
        rusqlite::Error::SqlInputError {
            error, msg, offset, ..
        } => StmtError::Sql {
            code: error.extended_code,
            message: msg,
            offset: usize::try_from(offset).ok(),
        },
        rusqlite::Error::MultipleStatement => StmtError::Sql {
            code: 1,
            message: "a step runs one statement; split this SQL into several steps".into(),
            offset: None,
        },
        other => StmtError::Sql {
            code: 1,
            message: other.to_string(),
            offset: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_attach_and_creates_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("stolen.db");
        let mut c = Conn::open_in_memory().unwrap();
        let err = c
            .exec(
                &format!("ATTACH '{}' AS x", target.display()),
                STEP_BUDGET_TICKS,
            )
            .unwrap_err();
        assert!(matches!(err, StmtError::Refused(_)), "{err:?}");
        assert!(!target.exists());
        let err = c
            .exec(
                &format!("VACUUM INTO '{}'", target.display()),
                STEP_BUDGET_TICKS,
            )
            .unwrap_err();
        assert!(matches!(err, StmtError::Refused(_)));
        assert!(!target.exists());
        let err = c
            .exec("SELECT load_extension('x')", STEP_BUDGET_TICKS)
            .unwrap_err();
        assert!(matches!(err, StmtError::Refused(_)), "{err:?}");
        let err = c
            .exec("PRAGMA journal_mode = DELETE", STEP_BUDGET_TICKS)
            .unwrap_err();
        assert!(matches!(err, StmtError::Refused(_)), "{err:?}");
        c.exec("PRAGMA table_info('sqlite_schema')", STEP_BUDGET_TICKS)
            .unwrap();
    }

    #[test]
    fn stops_a_runaway_query_quickly() {
        let mut c = Conn::open_in_memory().unwrap();
        let err = c.exec("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r", STEP_BUDGET_TICKS).unwrap_err();
        assert!(
            matches!(err, StmtError::Runaway { millions: 5, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn records_footprint_and_changes() {
        let mut c = Conn::open_in_memory().unwrap();
        c.exec_batch(
            "CREATE TABLE t(id INTEGER PRIMARY KEY, v INT); INSERT INTO t VALUES (1, 10);",
        )
        .unwrap();
        let r = c
            .exec("SELECT v FROM t WHERE id = 1", STEP_BUDGET_TICKS)
            .unwrap();
        assert_eq!(r.rows, vec![vec![Value::Integer(10)]]);
        assert!(
            r.footprint.reads.contains(&"t.v".to_string())
                && r.footprint.reads.contains(&"t.id".to_string()),
            "{:?}",
            r.footprint
        );
        let r = c
            .exec("UPDATE t SET v = v + 1 WHERE id = 1", STEP_BUDGET_TICKS)
            .unwrap();
        assert_eq!(r.changes.len(), 1);
        assert_eq!(r.changes[0].new.as_ref().unwrap()[1], Value::Integer(11));
    }
}
