//! What SQLite answered, in the engine's terms: values, row changes from the
//! pre-update hook, and errors told apart by code.

use super::{RawChange, StmtError, OPS_PER_TICK};
use crate::history::Value;
use rusqlite::hooks::PreUpdateCase;

pub(super) fn to_sqlite(v: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match v {
        Value::Null => V::Null,
        Value::Integer(i) => V::Integer(*i),
        Value::Real(f) => V::Real(*f),
        Value::Text(t) => V::Text(t.clone()),
        Value::Blob(b) => V::Blob(b.clone()),
    }
}

pub(super) fn raw_change(table: &str, case: &PreUpdateCase) -> Option<RawChange> {
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

pub(super) fn classify(
    e: rusqlite::Error,
    refused: Option<String>,
    runaway: Option<i64>,
) -> StmtError {
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
