//! SQLite's authorizer: what scenario SQL may not do, and what a statement
//! reads and assigns (its footprint), reported while it is prepared.

use super::Probe;
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use std::sync::{Arc, Mutex};

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

pub(super) fn authorize(probe: &Arc<Mutex<Probe>>, ctx: AuthContext<'_>) -> Authorization {
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
