//! From the file as written to a validated [`Scenario`]: every refusal
//! located at its `file:line:col`.

use super::file::{Fields, ScenarioFile, StepDef};
use super::{limits, Scenario, Step, StepKind, User, WriteAction};
use crate::error::{Error, Result, SourceMap};
use crate::sqltext;
use std::ops::Range;
use toml::Spanned;

fn invalid(map: &SourceMap, span: Range<usize>, message: impl Into<String>) -> Error {
    Error::Invalid {
        location: Some(map.locate(span.start)),
        message: message.into(),
    }
}

pub(super) fn validate(raw: ScenarioFile, map: SourceMap) -> Result<Scenario> {
    if raw.users.len() < 2 {
        return Err(Error::Invalid {
            location: Some(map.locate(0)),
            message: "a scenario needs at least two users ([[user]] tables)".into(),
        });
    }
    if raw.users.len() > limits::USERS {
        return Err(invalid(
            &map,
            raw.users[limits::USERS].name.span(),
            format!("at most {} users are allowed", limits::USERS),
        ));
    }
    let mut users: Vec<User> = Vec::new();
    for u in &raw.users {
        let name = u.name.get_ref().trim().to_string();
        if name.is_empty() || name.chars().count() > limits::NAME_CHARS {
            return Err(invalid(
                &map,
                u.name.span(),
                format!(
                    "a user's name must be 1 to {} characters",
                    limits::NAME_CHARS
                ),
            ));
        }
        if users.iter().any(|x| x.name.eq_ignore_ascii_case(&name)) {
            return Err(invalid(
                &map,
                u.name.span(),
                format!("two users are named `{name}`"),
            ));
        }
        if u.steps.is_empty() {
            return Err(invalid(
                &map,
                u.name.span(),
                format!("user `{name}` has no steps"),
            ));
        }
        if u.steps.len() > limits::STEPS_PER_USER {
            return Err(invalid(
                &map,
                u.steps[limits::STEPS_PER_USER].span(),
                format!("at most {} steps per user", limits::STEPS_PER_USER),
            ));
        }
        let mut steps = Vec::new();
        for s in &u.steps {
            steps.push(validate_step(s, &map)?);
        }
        check_named_params(&name, &steps)?;
        users.push(User { name, steps });
    }
    let find_user = |s: &Spanned<String>| -> Result<usize> {
        users
            .iter()
            .position(|u| u.name.eq_ignore_ascii_case(s.get_ref().trim()))
            .ok_or_else(|| {
                invalid(
                    &map,
                    s.span(),
                    format!(
                        "unknown user `{}`; the users are {}",
                        s.get_ref(),
                        users
                            .iter()
                            .map(|u| format!("`{}`", u.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })
    };
    let schedule = match &raw.schedule {
        None => None,
        Some(list) => {
            if list.get_ref().len() > limits::SCHEDULE_TURNS {
                return Err(invalid(
                    &map,
                    list.span(),
                    format!(
                        "a schedule may have at most {} turns",
                        limits::SCHEDULE_TURNS
                    ),
                ));
            }
            Some(
                list.get_ref()
                    .iter()
                    .map(&find_user)
                    .collect::<Result<Vec<_>>>()?,
            )
        }
    };
    let mut read_uncommitted = vec![false; users.len()];
    for r in &raw.options.read_uncommitted {
        read_uncommitted[find_user(r)?] = true;
    }
    if raw.invariants.len() > limits::INVARIANTS {
        return Err(invalid(
            &map,
            raw.invariants[limits::INVARIANTS].span(),
            format!("at most {} invariants", limits::INVARIANTS),
        ));
    }
    let as_written = users.iter().all(|u| {
        u.steps
            .iter()
            .all(|s| matches!(s.kind, StepKind::Sql(_) | StepKind::Think(_)))
    });
    Ok(Scenario {
        title: raw.title,
        summary: raw.summary,
        setup_offset: string_body_start(map.text(), raw.setup.span()),
        setup: raw.setup.into_inner(),
        users,
        schedule,
        invariants: raw
            .invariants
            .iter()
            .map(|i| (i.get_ref().clone(), map.locate(i.span().start)))
            .collect(),
        journal: raw.options.journal.unwrap_or_default(),
        read_uncommitted,
        shared_cache: raw.options.shared_cache,
        as_written,
        source: map,
    })
}

/// A raw step's `:name` must be a value the user read in an earlier step:
/// it is bound from there, so a name nobody read could only fail at run time.
fn check_named_params(user: &str, steps: &[Step]) -> Result<()> {
    let mut read: Vec<&str> = Vec::new();
    for step in steps {
        match &step.kind {
            StepKind::Read { fields, .. } => read.extend(fields.iter().map(|(n, _)| n.as_str())),
            StepKind::Sql(sql) => {
                for (_, name) in sqltext::named_params(sql) {
                    if !read.iter().any(|r| r.eq_ignore_ascii_case(name)) {
                        let known = if read.is_empty() {
                            format!("{user} has read no values before this step")
                        } else {
                            format!("{user}'s values here are {}", read.join(", "))
                        };
                        return Err(Error::Invalid {
                            location: Some(step.at.clone()),
                            message: format!(
                                "`:{name}` is not a value {user} has read; {known} (values come from earlier `read` steps)"
                            ),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Where the characters of a TOML string value begin: past its quotes, and past
/// the newline a multi-line string trims. SQLite's error offsets count from there.
fn string_body_start(text: &str, span: Range<usize>) -> usize {
    let value = &text[span.clone()];
    let quotes = if value.starts_with("\"\"\"") || value.starts_with("'''") {
        3
    } else {
        1
    };
    let mut start = span.start + quotes;
    if quotes == 3 {
        if text[start..].starts_with("\r\n") {
            start += 2;
        } else if text[start..].starts_with('\n') {
            start += 1;
        }
    }
    start
}

fn validate_step(s: &Spanned<StepDef>, map: &SourceMap) -> Result<Step> {
    let d = s.get_ref();
    let at = map.locate(s.span().start);
    let err = |m: String| Error::Invalid {
        location: Some(at.clone()),
        message: m,
    };
    let kinds = [
        d.read.is_some(),
        d.write.is_some(),
        d.insert.is_some(),
        d.delete.is_some(),
        d.think.is_some(),
        d.sql.is_some(),
        d.commit.is_some(),
    ];
    if kinds.iter().filter(|&&k| k).count() != 1 {
        return Err(err(
            "a step needs exactly one of `read`, `write`, `insert`, `delete`, `think`, `sql` or `commit`".into(),
        ));
    }
    let check_ident = |what: &str, name: &str| -> Result<()> {
        if sqltext::is_identifier(name) {
            Ok(())
        } else {
            Err(err(format!(
                "{what} `{name}` is not a plain SQL name (letters, digits and _)"
            )))
        }
    };
    let kind = if let Some(table) = &d.read {
        check_ident("table", table)?;
        if d.set.is_some() || d.values.is_some() || d.if_.is_some() {
            return Err(err(
                "`set`, `values` and `if` belong to change steps, not `read`".into(),
            ));
        }
        let (fields, plain) = match &d.fields {
            None => {
                return Err(err(
                    "a `read` step needs `fields`, e.g. fields = [\"balance\"]".into(),
                ))
            }
            Some(Fields::Columns(c)) => (
                c.iter().map(|c| (c.clone(), c.clone())).collect::<Vec<_>>(),
                true,
            ),
            Some(Fields::Named(m)) => (
                m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                false,
            ),
        };
        if fields.is_empty() {
            return Err(err("`fields` is empty".into()));
        }
        for (name, _) in &fields {
            check_ident("field", name)?;
        }
        StepKind::Read {
            table: table.clone(),
            where_: d.where_.clone(),
            fields,
            plain,
        }
    } else if let Some((action, table)) = d
        .write
        .as_ref()
        .map(|t| (WriteAction::Update, t))
        .or(d.insert.as_ref().map(|t| (WriteAction::Insert, t)))
        .or(d.delete.as_ref().map(|t| (WriteAction::Delete, t)))
    {
        check_ident("table", table)?;
        let key = action.key();
        if d.fields.is_some() {
            return Err(err(format!(
                "`fields` belongs to `read` steps, not `{key}`"
            )));
        }
        let (wanted, other) = match action {
            WriteAction::Update => (&d.set, &d.values),
            WriteAction::Insert => (&d.values, &d.set),
            WriteAction::Delete => (&None, &d.set),
        };
        if other.is_some() || (action == WriteAction::Delete && d.values.is_some()) {
            return Err(err(match action {
                WriteAction::Update => "a `write` step uses `set`, not `values`".into(),
                WriteAction::Insert => "an `insert` step uses `values`, not `set`".into(),
                WriteAction::Delete => "a `delete` step takes `where` and `if` only".into(),
            }));
        }
        if action == WriteAction::Insert && d.where_.is_some() {
            return Err(err(
                "an `insert` step has no `where`; use `if` for check-then-insert".into(),
            ));
        }
        let set: Vec<(String, String)> = wanted
            .as_ref()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        if set.is_empty() && action != WriteAction::Delete {
            return Err(err(match action {
                WriteAction::Insert => {
                    "an `insert` step needs `values`, e.g. values = { room = \"1\" }".into()
                }
                _ => "a `write` step needs `set`, e.g. set = { balance = \"balance + 50\" }".into(),
            }));
        }
        for (col, _) in &set {
            check_ident("column", col)?;
        }
        StepKind::Write {
            action,
            table: table.clone(),
            where_: d.where_.clone(),
            set,
            cond: d.if_.clone(),
        }
    } else if let Some(what) = &d.think {
        StepKind::Think(what.clone())
    } else if let Some(what) = &d.commit {
        StepKind::Commit(what.clone())
    } else {
        let sql = d.sql.clone().unwrap_or_default();
        if sql.trim().is_empty() {
            return Err(err("`sql` is empty".into()));
        }
        StepKind::Sql(sql)
    };
    if matches!(
        kind,
        StepKind::Think(_) | StepKind::Sql(_) | StepKind::Commit(_)
    ) && (d.where_.is_some()
        || d.fields.is_some()
        || d.set.is_some()
        || d.values.is_some()
        || d.if_.is_some())
    {
        return Err(err(
            "`where`, `fields`, `set`, `values` and `if` belong to `read`, `write`, `insert` and `delete` steps".into(),
        ));
    }
    Ok(Step {
        kind,
        caption: d.caption.clone(),
        at,
    })
}
