//! Compiling intent steps into SQL, per strategy.

use super::{BeginAt, CompiledStep, Op, Program, RawOp, ReadOp, Strategy, WriteOp};
use crate::database::{Schema, VERSION_COLUMN};
use crate::error::{Error, Result};
use crate::scenario::{Scenario, StepKind, User};
use crate::sqltext;

/// Compiles every user's steps; checks tables and columns against the schema.
pub fn compile(scenario: &Scenario, strategy: Strategy, schema: &Schema) -> Result<Vec<Program>> {
    scenario
        .users
        .iter()
        .map(|u| compile_user(u, strategy, schema))
        .collect()
}

fn compile_user(user: &User, strategy: Strategy, schema: &Schema) -> Result<Program> {
    let policy = strategy.policy();
    let begin = policy.begin;
    // Units of work: the steps between `commit` markers. In each, the first
    // step with SQL opens the strategy's transaction; the marker (or, for the
    // last unit, the last step with SQL) commits it.
    let mut opens = Vec::new();
    let mut closes = Vec::new();
    let mut start = 0;
    for (i, s) in user.steps.iter().enumerate() {
        let end_here = matches!(s.kind, StepKind::Commit(_));
        if end_here || i + 1 == user.steps.len() {
            let block = start..if end_here { i } else { i + 1 };
            let with_sql: Vec<usize> = block
                .filter(|&j| {
                    !matches!(user.steps[j].kind, StepKind::Think(_) | StepKind::Commit(_))
                })
                .collect();
            let first_write = with_sql
                .iter()
                .find(|&&j| {
                    matches!(
                        user.steps[j].kind,
                        StepKind::Write { .. } | StepKind::Sql(_)
                    )
                })
                .copied();
            let open = match policy.begin_at {
                BeginAt::FirstStep => with_sql.first().copied(),
                BeginAt::FirstWrite => first_write,
            };
            if let (Some(f), Some(&l)) = (open, with_sql.last()) {
                opens.push(f);
                closes.push(if end_here { i } else { l });
            }
            start = i + 1;
        }
    }
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
        if opens.contains(&i) {
            if let Some(b) = begin {
                ops.push(Op::Begin(b));
            }
        }
        match &step.kind {
            StepKind::Think(_) | StepKind::Commit(_) => {}
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
                ops.push(Op::Raw(RawOp::new(&sql)));
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
                let versioned = policy.versioned && plain;
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
                    versioned,
                }));
            }
            StepKind::Write {
                action,
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
                let mode = policy.write;
                ops.push(Op::Write(WriteOp {
                    action: *action,
                    table: table.clone(),
                    where_: where_.clone(),
                    set: set.clone(),
                    cond: cond.clone(),
                    mode,
                }));
            }
        }
        if closes.contains(&i) && begin.is_some() {
            ops.push(Op::Commit);
        }
        let ends_unit = matches!(step.kind, StepKind::Commit(_)) || i + 1 == user.steps.len();
        steps.push(CompiledStep {
            label: step.label(),
            caption: step.caption.clone(),
            ops,
            ends_unit,
        });
    }
    Ok(Program { steps })
}

pub(super) fn where_clause(w: &Option<String>) -> String {
    match w {
        Some(w) if !w.trim().is_empty() => format!(" WHERE {w}"),
        _ => String::new(),
    }
}
