//! Everything that can be known about a scenario without running it, checked
//! against the database its setup made: a file that passes here never fails
//! at run time for a reason that could have been seen here.

use crate::database::{Database, VERSION_COLUMN};
use crate::error::{Error, Location, Result};
use crate::history::Value;
use crate::sandbox::STEP_BUDGET_TICKS;
use crate::scenario::{Scenario, StepKind};
use crate::sqltext;
use crate::strategy::{self, Locals, Op, Program, Slot, Strategy};

/// Checks a scenario under every strategy: setup, compiled statements,
/// expressions over the users' values, and invariants.
pub fn check_scenario(scenario: &Scenario) -> Result<()> {
    let mut seen = Vec::new();
    for strategy in Strategy::ALL {
        let strategy = strategy::effective(scenario, strategy);
        if seen.contains(&strategy) {
            continue;
        }
        seen.push(strategy);
        let mut db = Database::fresh(scenario, strategy, scenario.journal)?;
        let programs = strategy::compile(scenario, strategy, &db.schema)?;
        validate_statements(scenario, &programs, &mut db)?;
    }
    Ok(())
}

/// Prepares every statement the strategy can know in advance, so a syntax
/// error or a refused statement is reported with its step's location before
/// anything runs; and the invariants, at theirs.
pub fn validate_statements(
    scenario: &Scenario,
    programs: &[Program],
    db: &mut Database,
) -> Result<()> {
    for (u, p) in programs.iter().enumerate() {
        let user = &scenario.users[u];
        for (i, step) in p.steps.iter().enumerate() {
            let at = user.steps[i].at.clone();
            let context = format!("step {} of {}", i + 1, user.name);
            let locals = values_before(scenario, u, i);
            for op in &step.ops {
                let sql = match op {
                    Op::Read(r) => r.sql.clone(),
                    Op::Raw(r) => r.sql.clone(),
                    Op::Write(w) => {
                        let exprs = w.set.iter().map(|(_, e)| e).chain(w.cond.as_ref());
                        for expr in exprs {
                            check_expression(db, &locals, expr).map_err(|m| Error::Sql {
                                location: Some(at.clone()),
                                message: format!(
                                    "{context}: cannot compute `{expr}`: {m}; {}",
                                    values_text(&user.name, &locals)
                                ),
                            })?;
                        }
                        // Only the statement's shape is checked: every value is 1.
                        let shape =
                            strategy::render_write(w, &locals, |_, _| Ok(Value::Integer(1)))
                                .map_err(|m| Error::Sql {
                                    location: Some(at.clone()),
                                    message: format!("{context}: {m}"),
                                })?;
                        match shape.sql {
                            Some(sql) => sql,
                            None => continue,
                        }
                    }
                    _ => continue,
                };
                check_statement(db, &sql, &context, &at)?;
            }
        }
    }
    for (inv, at) in &scenario.invariants {
        let sql = format!("SELECT ({inv})");
        if let Err(e) = db.observer.db.prepare(&sql) {
            return Err(Error::Sql {
                location: Some(at.clone()),
                message: format!("invariant `{inv}` cannot be checked: {e}"),
            });
        }
    }
    Ok(())
}

fn check_statement(db: &mut Database, sql: &str, context: &str, at: &Location) -> Result<()> {
    let keyword = sqltext::first_keyword(sql);
    // The schema is the setup's: a step that changed it would make the other
    // steps' statements uncheckable before the run.
    if matches!(keyword.as_str(), "CREATE" | "DROP" | "ALTER") {
        return Err(Error::Invalid {
            location: Some(at.clone()),
            message: format!(
                "{context}: steps may not change the schema ({keyword}); create tables in `setup`"
            ),
        });
    }
    // VACUUM prepares fine; the sandbox refuses it before it runs.
    let failure = if keyword == "VACUUM" {
        Some((true, String::new()))
    } else {
        db.observer.db.prepare(sql).err().map(|e| {
            let refused =
                e.sqlite_error_code() == Some(rusqlite::ErrorCode::AuthorizationForStatementDenied);
            (refused, e.to_string())
        })
    };
    let Some((refused, msg)) = failure else {
        return Ok(());
    };
    let location = Some(at.clone());
    Err(if refused {
        Error::Refused {
            location,
            message: format!("{context}: {}", refusal_text(sql)),
        }
    } else {
        Error::Sql {
            location,
            message: format!("{context}: {msg}"),
        }
    })
}

/// An expression over the user's values, computed as the user would: on the
/// private calculator connection, which has no tables, so a name that is
/// not one of the user's values is an error here rather than mid-run.
fn check_expression(
    db: &mut Database,
    locals: &Locals,
    expr: &str,
) -> std::result::Result<(), String> {
    let mut params = Vec::new();
    let text = sqltext::replace_words(expr, |w| {
        locals.get(w).map(|_| {
            params.push(Value::Null);
            format!("?{}", params.len())
        })
    });
    db.calc
        .exec_with(&format!("SELECT ({text})"), &params, STEP_BUDGET_TICKS)
        .map(|_| ())
        .map_err(|e| e.message())
}

/// The values user `u` holds before step `i`: every field of an earlier
/// `read`, plus the row version a versioned strategy reads.
fn values_before(scenario: &Scenario, u: usize, i: usize) -> Locals {
    let mut locals = Locals::new();
    let slot = || Slot {
        value: Value::Null,
        source: None,
        read_event: 0,
        from: None,
    };
    for step in &scenario.users[u].steps[..i] {
        if let StepKind::Read { fields, .. } = &step.kind {
            for (name, _) in fields {
                locals.insert(name.clone(), slot());
            }
        }
    }
    locals.insert(VERSION_COLUMN.to_string(), slot());
    locals
}

fn values_text(user: &str, locals: &Locals) -> String {
    let names: Vec<&str> = locals
        .keys()
        .map(String::as_str)
        .filter(|n| *n != VERSION_COLUMN)
        .collect();
    if names.is_empty() {
        format!("{user} has read no values before this step (values come from `read` steps)")
    } else {
        format!(
            "{user}'s values here are {} (values come from earlier `read` steps)",
            names.join(", ")
        )
    }
}

fn refusal_text(sql: &str) -> String {
    let k = sqltext::first_keyword(sql);
    match k.as_str() {
        "ATTACH" | "DETACH" => "ATTACH and DETACH are not allowed in scenarios: they reach files outside the run's database".into(),
        "VACUUM" => "VACUUM is not allowed in scenarios (VACUUM INTO writes a file)".into(),
        "PRAGMA" => "this PRAGMA is not allowed in scenarios".into(),
        _ => "the sandbox refused this statement (load_extension, ATTACH or a PRAGMA outside the allowlist)".into(),
    }
}
