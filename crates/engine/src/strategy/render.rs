//! Making a write concrete from a user's local values at run time.

use super::compile::where_clause;
use super::{Locals, Source, WriteMode, WriteOp};
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
                        params: Vec::new(),
                        shown: String::new(),
                        note: Some(format!("condition `{c}` is false ({shown}), so no write")),
                        depends_on: depends,
                        expected_version: None,
                    });
                }
            }
            let mut b = Binder::default();
            let mut sets = Vec::new();
            for (col, expr) in &op.set {
                used(expr, &mut depends);
                sets.push(format!("{col} = {}", b.bind(eval(expr)?)));
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
                let mut guarded: Vec<(i64, bool, i64)> = Vec::new();
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
                    let same_row = s.table == op.table && s.where_ == op.where_;
                    if guarded.iter().any(|&(r, t, _)| r == rowid && t == same_row) {
                        continue;
                    }
                    guarded.push((rowid, same_row, v));
                    let guard = if same_row {
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
            let sql = format!(
                "UPDATE {} SET {}{}",
                op.table,
                sets.join(", "),
                where_clause(&join_and(&wheres))
            );
            Ok(b.finish(sql, depends, expected))
        }
        WriteMode::Atomic => {
            let b = std::cell::RefCell::new(Binder::default());
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
                            Some(b.borrow_mut().bind(slot.value.clone()))
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
            Ok(b.into_inner().finish(sql, depends, None))
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

    fn finish(self, sql: String, depends_on: Vec<u32>, expected: Option<i64>) -> RenderedWrite {
        let shown =
            sqltext::replace_params(&sql, |i| self.params.get(i - 1).map(Value::to_sql_literal));
        RenderedWrite {
            sql: Some(sql),
            params: self.params,
            shown,
            note: None,
            depends_on,
            expected_version: expected,
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
