//! Making a write concrete from a user's local values at run time.

use super::compile::where_clause;
use super::{Locals, Source, WriteAction, WriteMode, WriteOp};
use crate::database::VERSION_COLUMN;
use crate::history::Value;
use crate::sqltext;

/// A write made concrete from the user's current local values. Values are
/// bound parameters (`?1`, `?2`…), never spliced into the statement: `shown`
/// is the same statement with the values written out, for people only.
#[derive(Debug, Clone)]
pub struct RenderedWrite {
    /// `None` when a locally checked condition was false.
    pub sql: Option<String>,
    pub params: Vec<Value>,
    pub shown: String,
    /// Why the write was skipped, when it was.
    pub note: Option<String>,
    /// Events whose reads fed the written values.
    pub depends_on: Vec<u32>,
    /// For optimistic writes: the version expected of the row changed.
    pub expected_version: Option<i64>,
    /// For optimistic writes: some row's version is checked, so 0 rows
    /// changed is a conflict rather than nothing to change.
    pub guarded: bool,
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
    let row_write = op.action != WriteAction::Insert;
    let same_row = |s: &Source| row_write && s.table == op.table && s.where_ == op.where_;
    let mut wheres: Vec<String> = op
        .where_
        .iter()
        .filter(|w| !w.trim().is_empty())
        .cloned()
        .collect();
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
                        params: Vec::new(),
                        shown: String::new(),
                        note: Some(format!("condition `{c}` is false ({shown}), so no change")),
                        depends_on: depends,
                        expected_version: None,
                        guarded: false,
                    });
                }
            }
            let mut b = Binder::default();
            let mut values = Vec::new();
            for (col, expr) in &op.set {
                used(expr, &mut depends);
                values.push((col.clone(), b.bind(eval(expr)?)));
            }
            let mut expected = None;
            let mut guarded = false;
            if op.mode == WriteMode::Optimistic {
                if op.action == WriteAction::Update {
                    values.push((VERSION_COLUMN.into(), format!("{VERSION_COLUMN} + 1")));
                }
                // Guard every row whose values fed this change with the version it had when read.
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
                // The row being changed, if it was read, is guarded even when no value came from it.
                sources.extend(
                    locals
                        .values()
                        .filter_map(|s| s.source.as_ref())
                        .filter(|s| same_row(s)),
                );
                let mut done: Vec<(i64, bool)> = Vec::new();
                for s in sources {
                    let (Some(rowid), Some(v)) = (s.rowid, s.version) else {
                        continue;
                    };
                    let on_row = same_row(s);
                    if done.contains(&(rowid, on_row)) {
                        continue;
                    }
                    done.push((rowid, on_row));
                    guarded = true;
                    let guard = if on_row {
                        expected = Some(v);
                        format!("{VERSION_COLUMN} = {}", b.bind(Value::Integer(v)))
                    } else {
                        format!(
                            "(SELECT {VERSION_COLUMN} FROM {} WHERE rowid = {}) = {}",
                            s.table,
                            b.bind(Value::Integer(rowid)),
                            b.bind(Value::Integer(v))
                        )
                    };
                    wheres.push(guard);
                }
            }
            let sql = statement(op, &values, &wheres);
            Ok(b.finish(sql, depends, expected, guarded))
        }
        WriteMode::Atomic => {
            let b = std::cell::RefCell::new(Binder::default());
            // Each local becomes what it was read from, evaluated inside the statement.
            let in_sql = |expr: &str, depends: &mut Vec<u32>| {
                sqltext::replace_words(expr, |w| {
                    let slot = locals.get(w)?;
                    match &slot.source {
                        Some(s) if same_row(s) && s.column.is_some() => s.column.clone(),
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
                            Some(b.borrow_mut().bind(slot.value.clone()))
                        }
                    }
                })
            };
            let values: Vec<(String, String)> = op
                .set
                .iter()
                .map(|(c, e)| (c.clone(), in_sql(e, &mut depends)))
                .collect();
            if let Some(c) = &op.cond {
                wheres.push(format!("({})", in_sql(c, &mut depends)));
            }
            let sql = statement(op, &values, &wheres);
            Ok(b.into_inner().finish(sql, depends, None, false))
        }
    }
}

/// The statement for a change: `values` are (column, SQL text) pairs and
/// `wheres` the conditions, all ANDed. An insert with conditions becomes
/// `INSERT … SELECT … WHERE`, so the check and the insert are one statement.
fn statement(op: &WriteOp, values: &[(String, String)], wheres: &[String]) -> String {
    let table = &op.table;
    let filter = where_clause(&join_and(wheres));
    match op.action {
        WriteAction::Update => {
            let sets = values
                .iter()
                .map(|(c, v)| format!("{c} = {v}"))
                .collect::<Vec<_>>()
                .join(", ");
            format!("UPDATE {table} SET {sets}{filter}")
        }
        WriteAction::Delete => format!("DELETE FROM {table}{filter}"),
        WriteAction::Insert => {
            let cols = values.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>();
            let vals = values.iter().map(|(_, v)| v.as_str()).collect::<Vec<_>>();
            if wheres.is_empty() {
                format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    cols.join(", "),
                    vals.join(", ")
                )
            } else {
                format!(
                    "INSERT INTO {table} ({}) SELECT {}{filter}",
                    cols.join(", "),
                    vals.join(", ")
                )
            }
        }
    }
}

/// Values become numbered parameters; `shown` gets them written out.
#[derive(Default)]
struct Binder {
    params: Vec<Value>,
}

impl Binder {
    fn bind(&mut self, v: Value) -> String {
        self.params.push(v);
        format!("?{}", self.params.len())
    }

    fn finish(
        self,
        sql: String,
        depends_on: Vec<u32>,
        expected: Option<i64>,
        guarded: bool,
    ) -> RenderedWrite {
        let shown =
            sqltext::replace_params(&sql, |i| self.params.get(i - 1).map(Value::to_sql_literal));
        RenderedWrite {
            sql: Some(sql),
            params: self.params,
            shown,
            note: None,
            depends_on,
            expected_version: expected,
            guarded,
        }
    }
}

fn join_and(parts: &[String]) -> Option<String> {
    match parts {
        [] => None,
        [one] => Some(one.clone()),
        // Each part in parentheses, so an OR inside one stays inside it.
        many => Some(
            many.iter()
                .map(|p| format!("({p})"))
                .collect::<Vec<_>>()
                .join(" AND "),
        ),
    }
}
