//! Strategies compile a user's intent steps into SQL.
//!
//! | strategy | reads | writes | transaction |
//! |---|---|---|---|
//! | none | SELECT | UPDATE with the value computed locally | autocommit |
//! | atomic | SELECT | one UPDATE computing the value in SQL; a condition becomes part of its WHERE | autocommit |
//! | pessimistic | SELECT | as none | `BEGIN IMMEDIATE` before the first step, `COMMIT` after the last |
//! | optimistic | SELECT … version | UPDATE … `WHERE version = ?`, bumping it; 0 rows is a conflict | autocommit |
//! | transaction | SELECT | as none | `BEGIN` … `COMMIT`; BUSY after a read rolls back for a retry |
//!
//! Raw `sql` steps are never rewritten; in an intent scenario the strategy
//! only wraps them in its transaction. Values computed "locally" are computed
//! by the user's calculator connection, never against the shared database.

use crate::database::{Schema, VERSION_COLUMN};
use crate::error::{Error, Result};
use crate::history::{Strategy, Value};
use crate::scenario::{Scenario, StepKind, User};
use crate::sqltext;
use indexmap::IndexMap;

/// One user's compiled steps.
#[derive(Debug, Clone)]
pub struct Program {
    pub steps: Vec<CompiledStep>,
}

#[derive(Debug, Clone)]
pub struct CompiledStep {
    pub label: String,
    pub caption: Option<String>,
    pub ops: Vec<Op>,
}

#[derive(Debug, Clone)]
pub enum Op {
    Begin(&'static str),
    Commit,
    Read(ReadOp),
    Write(WriteOp),
    Raw(String),
}

#[derive(Debug, Clone)]
pub struct ReadOp {
    pub sql: String,
    pub table: String,
    pub where_: Option<String>,
    /// (local name, SQL expression)
    pub fields: Vec<(String, String)>,
    /// Fields are plain columns of identified rows (not aggregates).
    pub plain: bool,
    pub key: String,
    pub versioned: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteMode {
    Local,
    Atomic,
    Optimistic,
}

#[derive(Debug, Clone)]
pub struct WriteOp {
    pub table: String,
    pub where_: Option<String>,
    pub set: Vec<(String, String)>,
    pub cond: Option<String>,
    pub mode: WriteMode,
}

/// Where a local value came from, so strategies can re-read or version-check it.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub table: String,
    pub where_: Option<String>,
    pub expr: String,
    /// For plain reads: the row and column read, and the row's version.
    pub rowid: Option<i64>,
    pub column: Option<String>,
    pub version: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub value: Value,
    pub source: Option<Source>,
    /// The event that read it (0: none).
    pub read_event: u32,
    /// The event whose write the value came from.
    pub from: Option<u32>,
}

pub type Locals = IndexMap<String, Slot>;

/// The strategy a scenario actually runs under.
pub fn effective(scenario: &Scenario, requested: Strategy) -> Strategy {
    if scenario.as_written {
        Strategy::AsWritten
    } else if requested == Strategy::AsWritten {
        Strategy::None
    } else {
        requested
    }
}

/// Compiles every user's steps; checks tables and columns against the schema.
pub fn compile(scenario: &Scenario, strategy: Strategy, schema: &Schema) -> Result<Vec<Program>> {
    scenario
        .users
        .iter()
        .map(|u| compile_user(u, scenario, strategy, schema))
        .collect()
}

fn compile_user(
    user: &User,
    scenario: &Scenario,
    strategy: Strategy,
    schema: &Schema,
) -> Result<Program> {
    let with_sql: Vec<usize> = user
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| !matches!(s.kind, StepKind::Think(_)))
        .map(|(i, _)| i)
        .collect();
    let (first, last) = (with_sql.first().copied(), with_sql.last().copied());
    let begin = match strategy {
        Strategy::Pessimistic => Some("BEGIN IMMEDIATE"),
        Strategy::Transaction => Some("BEGIN"),
        _ => None,
    };
    let mut steps = Vec::new();
    for (i, step) in user.steps.iter().enumerate() {
        let err = |m: String| Error::Invalid {
            location: Some(step.at.clone()),
            message: m,
        };
        let table_info = |t: &str| {
            schema.get(t).ok_or_else(|| {
                err(format!(
                    "no table `{t}` after setup; the tables are {}",
                    schema
                        .keys()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })
        };
        let mut ops = Vec::new();
        if Some(i) == first {
            if let Some(b) = begin {
                ops.push(Op::Begin(b));
            }
        }
        match &step.kind {
            StepKind::Think(_) => {}
            StepKind::Sql(sql) => {
                let sql = sql.trim().trim_end_matches(';').trim().to_string();
                if strategy != Strategy::AsWritten
                    && matches!(
                        sqltext::first_keyword(&sql).as_str(),
                        "BEGIN" | "COMMIT" | "END" | "ROLLBACK" | "SAVEPOINT" | "RELEASE"
                    )
                {
                    return Err(err("transaction statements belong in scenarios written entirely in `sql` steps; here the strategy decides the transactions".into()));
                }
                ops.push(Op::Raw(sql));
            }
            StepKind::Read {
                table,
                where_,
                fields,
                plain: listed,
            } => {
                let info = table_info(table)?;
                let is_col = |e: &str| {
                    info.columns
                        .iter()
                        .any(|c| c.eq_ignore_ascii_case(e.trim()))
                };
                if *listed {
                    for (name, _) in fields {
                        if !is_col(name) {
                            return Err(err(format!(
                                "table `{table}` has no column `{name}`; its columns are {}",
                                info.columns.join(", ")
                            )));
                        }
                    }
                }
                // Plain: every field is a column of the identified rows (renamed or not), not an aggregate.
                let plain = fields.iter().all(|(_, e)| is_col(e));
                let fields: Vec<(String, String)> = fields
                    .iter()
                    .map(|(n, e)| (n.clone(), e.trim().to_string()))
                    .collect();
                let versioned = strategy == Strategy::Optimistic && plain;
                let mut cols: Vec<String> = Vec::new();
                if plain
                    && !fields.iter().any(|(n, e)| {
                        n.eq_ignore_ascii_case(&info.key) && e.eq_ignore_ascii_case(&info.key)
                    })
                {
                    cols.push(info.key.clone());
                }
                cols.extend(fields.iter().map(|(n, e)| {
                    if n == e {
                        n.clone()
                    } else {
                        format!("{e} AS {n}")
                    }
                }));
                if versioned
                    && !fields
                        .iter()
                        .any(|(_, e)| e.eq_ignore_ascii_case(VERSION_COLUMN))
                {
                    cols.push(VERSION_COLUMN.into());
                }
                let sql = format!(
                    "SELECT {} FROM {table}{}",
                    cols.join(", "),
                    where_clause(where_)
                );
                ops.push(Op::Read(ReadOp {
                    sql,
                    table: table.clone(),
                    where_: where_.clone(),
                    fields,
                    plain,
                    key: info.key.clone(),
                    versioned,
                }));
            }
            StepKind::Write {
                table,
                where_,
                set,
                cond,
            } => {
                let info = table_info(table)?;
                for (col, _) in set {
                    if !info.columns.iter().any(|c| c.eq_ignore_ascii_case(col)) {
                        return Err(err(format!(
                            "table `{table}` has no column `{col}`; its columns are {}",
                            info.columns.join(", ")
                        )));
                    }
                }
                let mode = match strategy {
                    Strategy::Atomic => WriteMode::Atomic,
                    Strategy::Optimistic => WriteMode::Optimistic,
                    _ => WriteMode::Local,
                };
                ops.push(Op::Write(WriteOp {
                    table: table.clone(),
                    where_: where_.clone(),
                    set: set.clone(),
                    cond: cond.clone(),
                    mode,
                }));
            }
        }
        if Some(i) == last && begin.is_some() {
            ops.push(Op::Commit);
        }
        steps.push(CompiledStep {
            label: step.label(),
            caption: step.caption.clone(),
            ops,
        });
    }
    let _ = scenario;
    Ok(Program { steps })
}

fn where_clause(w: &Option<String>) -> String {
    match w {
        Some(w) if !w.trim().is_empty() => format!(" WHERE {w}"),
        _ => String::new(),
    }
}

/// A write made concrete from the user's current local values.
#[derive(Debug, Clone)]
pub struct RenderedWrite {
    /// `None` when a locally checked condition was false.
    pub sql: Option<String>,
    /// Why the write was skipped, when it was.
    pub note: Option<String>,
    /// Events whose reads fed the written values.
    pub depends_on: Vec<u32>,
    /// For optimistic writes: the version expected.
    pub expected_version: Option<i64>,
}

/// Renders a write from the locals. `eval` computes an SQL expression with
/// no table access (the user's own arithmetic).
pub fn render_write(
    op: &WriteOp,
    locals: &Locals,
    mut eval: impl FnMut(&str, &[Value]) -> std::result::Result<Value, String>,
) -> std::result::Result<RenderedWrite, String> {
    let mut depends: Vec<u32> = Vec::new();
    let used = |expr: &str, depends: &mut Vec<u32>| {
        for w in sqltext::words(expr) {
            if let Some(s) = locals.get(w) {
                if s.read_event > 0 && !depends.contains(&s.read_event) {
                    depends.push(s.read_event);
                }
            }
        }
    };
    // Locals become parameters, so the calculator's statement text (and its
    // prepared statement) is the same whatever the values.
    let with_params = |expr: &str| -> (String, Vec<Value>) {
        let mut params: Vec<Value> = Vec::new();
        let text = sqltext::replace_words(expr, |w| {
            locals.get(w).map(|s| {
                params.push(s.value.clone());
                format!("?{}", params.len())
            })
        });
        (text, params)
    };
    let mut eval = |expr: &str| {
        let (text, params) = with_params(expr);
        eval(&text, &params)
    };
    match op.mode {
        WriteMode::Local | WriteMode::Optimistic => {
            if let Some(c) = &op.cond {
                used(c, &mut depends);
                let v = eval(c)?;
                if !v.truthy() {
                    let shown = sqltext::words(c)
                        .filter_map(|w| locals.get(w).map(|s| format!("{w} = {}", s.value)))
                        .collect::<Vec<_>>()
                        .join(", ");
                    return Ok(RenderedWrite {
                        sql: None,
                        note: Some(format!("condition `{c}` is false ({shown}), so no write")),
                        depends_on: depends,
                        expected_version: None,
                    });
                }
            }
            let mut sets = Vec::new();
            for (col, expr) in &op.set {
                used(expr, &mut depends);
                sets.push(format!("{col} = {}", eval(expr)?.to_sql_literal()));
            }
            let mut wheres: Vec<String> = op
                .where_
                .iter()
                .filter(|w| !w.trim().is_empty())
                .cloned()
                .collect();
            let mut expected = None;
            if op.mode == WriteMode::Optimistic {
                sets.push(format!("{VERSION_COLUMN} = {VERSION_COLUMN} + 1"));
                // Guard every row whose values fed this write with the version it had when read.
                let mut guarded: Vec<(String, i64)> = Vec::new();
                let referenced: Vec<&str> = op
                    .set
                    .iter()
                    .map(|(_, e)| e.as_str())
                    .chain(op.cond.as_deref())
                    .flat_map(sqltext::words)
                    .collect();
                let mut sources: Vec<&Source> = referenced
                    .iter()
                    .filter_map(|w| locals.get(*w))
                    .filter_map(|s| s.source.as_ref())
                    .collect();
                // The row being written, if it was read, is guarded even when no value came from it.
                sources.extend(
                    locals
                        .values()
                        .filter_map(|s| s.source.as_ref())
                        .filter(|s| s.table == op.table && s.where_ == op.where_),
                );
                for s in sources {
                    let (Some(rowid), Some(v)) = (s.rowid, s.version) else {
                        continue;
                    };
                    let guard = if s.table == op.table && s.where_ == op.where_ {
                        expected = Some(v);
                        format!("{VERSION_COLUMN} = {v}")
                    } else {
                        format!(
                            "(SELECT {VERSION_COLUMN} FROM {} WHERE rowid = {rowid}) = {v}",
                            s.table
                        )
                    };
                    if !guarded.iter().any(|(g, _)| *g == guard) {
                        guarded.push((guard, v));
                    }
                }
                wheres.extend(guarded.into_iter().map(|(g, _)| g));
            }
            let sql = format!(
                "UPDATE {} SET {}{}",
                op.table,
                sets.join(", "),
                where_clause(&join_and(&wheres))
            );
            Ok(RenderedWrite {
                sql: Some(sql),
                note: None,
                depends_on: depends,
                expected_version: expected,
            })
        }
        WriteMode::Atomic => {
            // Each local becomes what it was read from, evaluated inside the statement.
            let in_sql = |expr: &str, depends: &mut Vec<u32>| {
                sqltext::replace_words(expr, |w| {
                    let slot = locals.get(w)?;
                    match &slot.source {
                        Some(s)
                            if s.table == op.table
                                && s.where_ == op.where_
                                && s.column.is_some() =>
                        {
                            s.column.clone()
                        }
                        Some(s) => Some(format!(
                            "(SELECT {} FROM {}{})",
                            s.expr,
                            s.table,
                            where_clause(&s.where_)
                        )),
                        None => {
                            if slot.read_event > 0 && !depends.contains(&slot.read_event) {
                                depends.push(slot.read_event);
                            }
                            Some(slot.value.to_sql_literal())
                        }
                    }
                })
            };
            let sets: Vec<String> = op
                .set
                .iter()
                .map(|(c, e)| format!("{c} = {}", in_sql(e, &mut depends)))
                .collect();
            let mut wheres: Vec<String> = op
                .where_
                .iter()
                .filter(|w| !w.trim().is_empty())
                .cloned()
                .collect();
            if let Some(c) = &op.cond {
                wheres.push(format!("({})", in_sql(c, &mut depends)));
            }
            let sql = format!(
                "UPDATE {} SET {}{}",
                op.table,
                sets.join(", "),
                where_clause(&join_and(&wheres))
            );
            Ok(RenderedWrite {
                sql: Some(sql),
                note: None,
                depends_on: depends,
                expected_version: None,
            })
        }
    }
}

fn join_and(parts: &[String]) -> Option<String> {
    if parts.is_empty() {
        None
    } else if parts.len() == 1 {
        Some(parts[0].clone())
    } else {
        Some(
            parts
                .iter()
                .map(|p| {
                    if p.contains(" OR ") || p.contains(" or ") {
                        format!("({p})")
                    } else {
                        p.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(" AND "),
        )
    }
}
