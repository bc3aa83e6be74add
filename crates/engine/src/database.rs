//! The run's database: one real file, one connection per user, an observer
//! connection that reads the committed state, and a calculator connection
//! (in memory) on which users compute their local values.
//!
//! [`Database::fresh`] makes a new file for every run: the reference
//! behaviour. [`Database::reusable`] keeps the file and connections open and
//! restores the post-setup state from an in-memory template through SQLite's
//! backup API; the explorer uses it because creating files, not running SQL,
//! dominates the cost of a run. A test proves both give identical histories.

use crate::error::{Error, Result};
use crate::history::{TableState, Value};
use crate::sandbox::{Conn, ConnOptions, StmtError, STEP_BUDGET_TICKS};
use crate::scenario::{limits, Journal, Scenario, StepKind};
use crate::strategy::Strategy;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A table's columns and the column that names its rows.
#[derive(Debug, Clone)]
pub struct TableInfo {
    pub columns: Vec<String>,
    /// The INTEGER PRIMARY KEY column, or `rowid`.
    pub key: String,
}

/// The schema after setup, by table name.
pub type Schema = BTreeMap<String, TableInfo>;

/// The column optimistic locking adds where a written table lacks one.
pub const VERSION_COLUMN: &str = "version";

pub struct Database {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
    pub users: Vec<Conn>,
    pub observer: Conn,
    pub calc: Conn,
    /// Shared cache with read_uncommitted, by user: they see pending writes.
    pub dirty: Vec<bool>,
    /// The users' connections share one cache: table locks, not snapshots,
    /// keep a transaction's reads consistent, so every read sees the latest
    /// committed state (and, with read_uncommitted, the pending one).
    pub shared_cache: bool,
    /// An in-memory connection with empty copies of the tables, on which a
    /// predicate is judged against one row image at a time.
    judge: Conn,
    judged_tables: std::collections::HashSet<String>,
    /// Judgements already made: the explorer asks the same ones run after run.
    judged: std::collections::HashMap<JudgedKey, Option<bool>>,
    pub schema: Schema,
    template: Option<Conn>,
    /// The schema cookie the last reset left (see `reset`).
    cookie: Option<i64>,
}

/// A judgement asked before: the row image and the condition with its values.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct JudgedKey {
    table: String,
    from_where: String,
    /// The condition's values, then the row image's.
    values: Vec<ValueKey>,
    params: usize,
}

/// A value as a map key (reals by their bits: SQLite never stores NaN).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum ValueKey {
    Null,
    Integer(i64),
    Real(u64),
    Text(String),
    Blob(Vec<u8>),
}

impl ValueKey {
    fn of(v: &Value) -> ValueKey {
        match v {
            Value::Null => ValueKey::Null,
            Value::Integer(i) => ValueKey::Integer(*i),
            Value::Real(f) => ValueKey::Real(f.to_bits()),
            Value::Text(t) => ValueKey::Text(t.clone()),
            Value::Blob(b) => ValueKey::Blob(b.clone()),
        }
    }
}

/// How every run directory's name starts: `interleave-<pid>-<random>`.
pub const RUN_DIR_PREFIX: &str = "interleave-";

/// A run's directory, in the OS's temporary directory (`TMPDIR`). It is
/// removed when the run ends, cancelled or not; a process killed mid-run
/// leaves its directories behind, and the next process to run anything
/// removes them (their pid is no longer alive).
fn temp_dir() -> Result<tempfile::TempDir> {
    static SWEPT: std::sync::Once = std::sync::Once::new();
    let root = std::env::temp_dir();
    SWEPT.call_once(|| sweep_stale(&root));
    tempfile::Builder::new()
        .prefix(&format!("{RUN_DIR_PREFIX}{}-", std::process::id()))
        .tempdir_in(&root)
        .map_err(|e| Error::io(format!("cannot create a directory for the run: {e}")))
}

/// Removes run directories whose process is gone.
pub fn sweep_stale(root: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(RUN_DIR_PREFIX))
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(target_os = "linux")]
fn process_alive(pid: u32) -> bool {
    std::path::Path::new(&format!("/proc/{pid}")).exists()
}

/// Without /proc there is no cheap, portable answer: keep the directory.
#[cfg(not(target_os = "linux"))]
fn process_alive(_pid: u32) -> bool {
    true
}

impl Database {
    /// A new database file with the scenario's setup applied.
    pub fn fresh(scenario: &Scenario, strategy: Strategy, journal: Journal) -> Result<Database> {
        let dir = temp_dir()?;
        let path = dir.path().join("run.sqlite");
        let mut observer = Conn::open(
            &path,
            ConnOptions {
                shared_cache: false,
                read_uncommitted: false,
            },
        )?;
        observer.set_journal(journal)?;
        apply_setup(&mut observer, scenario, strategy)?;
        Database::finish(dir, path, observer, scenario, None)
    }

    /// A database that [`Database::reset`] can return to its post-setup state.
    pub fn reusable(scenario: &Scenario, strategy: Strategy, journal: Journal) -> Result<Database> {
        let mut template = Conn::open_in_memory()?;
        apply_setup(&mut template, scenario, strategy)?;
        let dir = temp_dir()?;
        let path = dir.path().join("run.sqlite");
        let mut observer = Conn::open(
            &path,
            ConnOptions {
                shared_cache: false,
                read_uncommitted: false,
            },
        )?;
        observer.set_journal(journal)?;
        restore(&template, &mut observer)?;
        Database::finish(dir, path, observer, scenario, Some(template))
    }

    fn finish(
        dir: tempfile::TempDir,
        path: PathBuf,
        mut observer: Conn,
        scenario: &Scenario,
        template: Option<Conn>,
    ) -> Result<Database> {
        let schema = read_schema(&mut observer)?;
        let mut users = Vec::new();
        for (i, _) in scenario.users.iter().enumerate() {
            let opts = ConnOptions {
                shared_cache: scenario.shared_cache(),
                read_uncommitted: scenario.read_uncommitted[i],
            };
            users.push(Conn::open(&path, opts)?);
        }
        let calc = Conn::open_in_memory()?;
        let dirty = scenario
            .users
            .iter()
            .enumerate()
            .map(|(i, _)| scenario.shared_cache() && scenario.read_uncommitted[i])
            .collect();
        let judge = Conn::open_in_memory()?;
        Ok(Database {
            _dir: dir,
            path,
            users,
            observer,
            calc,
            dirty,
            shared_cache: scenario.shared_cache(),
            judge,
            judged_tables: Default::default(),
            judged: Default::default(),
            schema,
            template,
            cookie: None,
        })
    }

    /// Ends every open transaction and restores the post-setup state.
    pub fn reset(&mut self) -> Result<()> {
        self.end_transactions();
        // Nothing a run did to a connection may reach the next one. Steps
        // cannot create TEMP objects (check refuses CREATE), so finding one
        // means a way round that was found: fail loudly, never carry it.
        for c in self.users.iter().chain([&self.observer, &self.calc]) {
            c.restart();
            let temp = c.temp_objects();
            if !temp.is_empty() {
                return Err(Error::io(format!(
                    "a run left TEMP objects behind ({}); the next run cannot start from the same state",
                    temp.join(", ")
                )));
            }
        }
        let template = self
            .template
            .as_ref()
            .ok_or_else(|| Error::io("this database was not made reusable"))?;
        let before = self.observer.schema_cookie()?;
        restore(template, &mut self.observer)?;
        // The backup bumps the schema cookie, so every connection would
        // re-read the schema and re-prepare every statement. When the run
        // left the cookie where the last reset put it, the schema the
        // connections read is the template's, the one just restored: put the
        // cookie back. (Steps cannot change the schema; if one did, the
        // cookie moved and SQLite re-reads, as it should.)
        match self.cookie {
            // Shared cache: one schema for all, nothing to spare.
            Some(c) if c == before && !self.shared_cache => self.observer.restore_schema_cookie(c),
            _ => {
                self.cookie = Some(self.observer.schema_cookie()?);
                Ok(())
            }
        }
    }

    /// Rolls back whatever a user left open (a deadlocked run, a stopped user).
    pub fn end_transactions(&mut self) {
        for c in &mut self.users {
            if !c.is_autocommit() {
                let _ = c.db.execute_batch("ROLLBACK");
            }
        }
    }

    /// The committed state, as the observer sees it. `None` when a lock hides it
    /// (a writer holds PENDING in rollback-journal mode); nothing can have
    /// committed meanwhile, so callers keep the previous state.
    pub fn committed_state(&mut self) -> Option<Vec<TableState>> {
        let names: Vec<String> = self.schema.keys().cloned().collect();
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            let r = self.observer.exec(
                &format!("SELECT * FROM \"{name}\" ORDER BY rowid"),
                STEP_BUDGET_TICKS,
            );
            let r = match r {
                Ok(r) => r,
                Err(StmtError::Busy { .. }) => return None,
                Err(_) => match self
                    .observer
                    .exec(&format!("SELECT * FROM \"{name}\""), STEP_BUDGET_TICKS)
                {
                    Ok(r) => r,
                    Err(_) => return None,
                },
            };
            out.push(TableState {
                name,
                columns: r.columns,
                rows: r.rows,
            });
        }
        Some(out)
    }

    /// Evaluates an SQL expression on the committed state.
    pub fn evaluate(&mut self, expr: &str) -> std::result::Result<Value, String> {
        let r = self
            .observer
            .exec(&format!("SELECT ({expr})"), STEP_BUDGET_TICKS)
            .map_err(|e| e.message())?;
        Ok(r.rows
            .first()
            .and_then(|r| r.first())
            .cloned()
            .unwrap_or(Value::Null))
    }
}

fn restore(template: &Conn, target: &mut Conn) -> Result<()> {
    let backup = rusqlite::backup::Backup::new(&template.db, &mut target.db)
        .map_err(|e| Error::io(format!("cannot reset the run's database: {e}")))?;
    backup
        .run_to_completion(1_000, std::time::Duration::ZERO, None)
        .map_err(|e| Error::io(format!("cannot reset the run's database: {e}")))
}

/// Runs the scenario's setup, adds version columns for optimistic locking,
/// and enforces the row limits.
fn apply_setup(conn: &mut Conn, scenario: &Scenario, strategy: Strategy) -> Result<()> {
    if let Err((e, offset)) = conn.exec_batch(&scenario.setup) {
        let location = Some(scenario.source.locate(scenario.setup_offset + offset));
        let message = format!("in setup: {}", e.message());
        return Err(match e {
            StmtError::Refused(_) => Error::Refused { location, message },
            _ => Error::Sql { location, message },
        });
    }
    // A transaction left open by setup would hold its locks (or its
    // snapshot) into every run: the users could never see a committed state.
    if !conn.is_autocommit() {
        let _ = conn.exec("ROLLBACK", STEP_BUDGET_TICKS);
        return Err(Error::Invalid {
            location: Some(scenario.source.locate(scenario.setup_offset)),
            message: "setup leaves a transaction open (BEGIN or SAVEPOINT without COMMIT); setup runs on its own, outside the users' transactions".into(),
        });
    }
    // TEMP objects live on the connection that made them: the users, on
    // their own connections, would never see them, and the invariants would.
    let temp = conn.temp_objects();
    if !temp.is_empty() {
        return Err(Error::Invalid {
            location: Some(scenario.source.locate(scenario.setup_offset)),
            message: format!(
                "setup creates TEMP objects ({}); they belong to one connection, so the users could not see them: create them without TEMP",
                temp.join(", ")
            ),
        });
    }
    let schema = read_schema(conn)?;
    if schema.is_empty() {
        return Err(Error::Invalid {
            location: Some(scenario.source.locate(scenario.setup_offset)),
            message: "setup creates no tables".into(),
        });
    }
    // SQLite's pre-update hook does not report changes to WITHOUT ROWID
    // tables, so the trace could not see them: refuse rather than miss them.
    let no_rowid = conn
        .exec(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%WITHOUT%ROWID%'",
            STEP_BUDGET_TICKS,
        )
        .map_err(|e| Error::io(e.message()))?;
    if let Some(name) = no_rowid.rows.first().and_then(|r| r.first()) {
        return Err(Error::Invalid {
            location: Some(scenario.source.locate(scenario.setup_offset)),
            message: format!(
                "table `{name}` is WITHOUT ROWID; Interleave needs rowid tables to see every change"
            ),
        });
    }
    for name in schema.keys() {
        let r = conn
            .exec(
                &format!("SELECT count(*) FROM \"{name}\""),
                STEP_BUDGET_TICKS,
            )
            .map_err(|e| Error::io(e.message()))?;
        if let Some(Value::Integer(n)) = r.rows.first().and_then(|r| r.first()) {
            if *n > limits::ROWS_PER_TABLE {
                return Err(Error::Invalid {
                    location: Some(scenario.source.locate(scenario.setup_offset)),
                    message: format!(
                        "setup puts {n} rows in `{name}`; at most {} are allowed",
                        limits::ROWS_PER_TABLE
                    ),
                });
            }
        }
    }
    if strategy.policy().versioned {
        let mut written: Vec<&str> = scenario
            .users
            .iter()
            .flat_map(|u| u.steps.iter())
            .filter_map(|s| match &s.kind {
                StepKind::Write { table, .. } | StepKind::Read { table, .. } => {
                    Some(table.as_str())
                }
                _ => None,
            })
            .collect();
        written.sort();
        written.dedup();
        for table in written {
            if let Some(info) = schema.get(table) {
                if !info
                    .columns
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(VERSION_COLUMN))
                {
                    conn.exec(&format!("ALTER TABLE \"{table}\" ADD COLUMN {VERSION_COLUMN} INTEGER NOT NULL DEFAULT 0"), STEP_BUDGET_TICKS)
                        .map_err(|e| Error::Sql { location: None, message: format!("cannot add a version column to `{table}`: {}", e.message()) })?;
                }
            }
        }
    }
    Ok(())
}

impl Database {
    /// Whether a row image of `table` matches `from_where`, with the columns
    /// as user `u`'s connection names them. When SQLite cannot judge, any row
    /// counts as matching: an insert or delete then changes the result, an
    /// update does not.
    pub fn matches(
        &mut self,
        u: usize,
        table: &str,
        from_where: &str,
        params: &[Value],
        image: &[Value],
    ) -> bool {
        let cols = self.users[u].table_columns(table);
        self.judge(table, &cols, from_where, params, image)
            .unwrap_or(true)
    }

    /// Whether a row (`image`: rowid, then the columns in order) of `table`
    /// matches `from_where` (`test WHERE value % 3 = 0`). When SQLite cannot
    /// judge it (a subquery on a table the copy lacks), the answer is `None`.
    fn judge(
        &mut self,
        table: &str,
        columns: &[String],
        from_where: &str,
        params: &[Value],
        image: &[Value],
    ) -> Option<bool> {
        let key = JudgedKey {
            table: table.to_string(),
            from_where: from_where.to_string(),
            values: params.iter().chain(image).map(ValueKey::of).collect(),
            params: params.len(),
        };
        if let Some(&known) = self.judged.get(&key) {
            return known;
        }
        let answer = self.judge_once(table, columns, from_where, params, image);
        self.judged.insert(key, answer);
        answer
    }

    fn judge_once(
        &mut self,
        table: &str,
        columns: &[String],
        from_where: &str,
        params: &[Value],
        image: &[Value],
    ) -> Option<bool> {
        let q = |n: &str| format!("\"{}\"", n.replace('"', "\"\""));
        if !self.judged_tables.contains(table) {
            let cols: Vec<String> = columns.iter().map(|c| q(c)).collect();
            let ddl = format!("CREATE TABLE {}({})", q(table), cols.join(", "));
            self.judge.exec(&ddl, STEP_BUDGET_TICKS).ok()?;
            self.judged_tables.insert(table.to_string());
        }
        let cols: Vec<String> = columns.iter().map(|c| q(c)).collect();
        let marks: Vec<String> = (1..=image.len()).map(|i| format!("?{i}")).collect();
        let insert = format!(
            "INSERT INTO {}(rowid, {}) VALUES ({})",
            q(table),
            cols.join(", "),
            marks.join(", ")
        );
        self.judge
            .exec_with(&insert, image, STEP_BUDGET_TICKS)
            .ok()?;
        let r = self.judge.exec_with(
            &format!("SELECT EXISTS (SELECT 1 FROM {from_where})"),
            params,
            STEP_BUDGET_TICKS,
        );
        let _ = self
            .judge
            .exec(&format!("DELETE FROM {}", q(table)), STEP_BUDGET_TICKS);
        match r.ok()?.rows.first().and_then(|r| r.first()) {
            Some(Value::Integer(n)) => Some(*n != 0),
            _ => None,
        }
    }
}

/// Lists the user tables with their columns and row-naming column.
pub fn read_schema(conn: &mut Conn) -> Result<Schema> {
    let tables = conn
        .exec("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", STEP_BUDGET_TICKS)
        .map_err(|e| Error::io(format!("cannot read the schema: {}", e.message())))?;
    let mut schema = Schema::new();
    for row in tables.rows {
        let Value::Text(name) = &row[0] else { continue };
        let info = conn
            .exec(
                &format!(
                    "SELECT name, type, pk FROM pragma_table_info('{}')",
                    name.replace('\'', "''")
                ),
                STEP_BUDGET_TICKS,
            )
            .map_err(|e| Error::io(format!("cannot read the schema: {}", e.message())))?;
        let columns: Vec<String> = info.rows.iter().map(|r| r[0].to_string()).collect();
        let pks: Vec<&Vec<Value>> = info
            .rows
            .iter()
            .filter(|r| r[2] != Value::Integer(0))
            .collect();
        let key = match pks.as_slice() {
            [only] if only[1].to_string().eq_ignore_ascii_case("INTEGER") => only[0].to_string(),
            _ => "rowid".to_string(),
        };
        schema.insert(name.clone(), TableInfo { columns, key });
    }
    Ok(schema)
}
