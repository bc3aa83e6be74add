//! The file as written: the TOML keys, and the JSON Schema made from them.

use super::Journal;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

/// The file as written. Field names here are the TOML keys.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Interleave scenario",
    description = "Two or more users taking steps against one SQLite database."
)]
pub struct ScenarioFile {
    /// Shown as the scenario's name.
    pub title: String,
    /// One or two sentences on what happens.
    #[serde(default)]
    pub summary: String,
    /// SQL run once, before the users start: the schema and the seed rows.
    #[schemars(with = "String")]
    pub setup: Spanned<String>,
    /// The users, in the order of the default round-robin schedule.
    #[serde(rename = "user")]
    #[schemars(rename = "user")]
    pub users: Vec<UserDef>,
    /// Optional order of turns, by user name (e.g. ["alice", "bob", "alice", "bob"]).
    /// Without it, users take turns round-robin. When it runs out, round-robin goes on.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub schedule: Option<Spanned<Vec<Spanned<String>>>>,
    /// SQL boolean expressions that must hold on the final state.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub invariants: Vec<Spanned<String>>,
    #[serde(default)]
    pub options: OptionsDef,
}

#[derive(Debug, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct OptionsDef {
    /// "wal" (the default) or "delete" (the rollback journal).
    #[serde(default)]
    pub journal: Option<Journal>,
    /// Users whose connection reads uncommitted data. Turns on SQLite's shared cache
    /// for all users, the only way SQLite can show a dirty read.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub read_uncommitted: Vec<Spanned<String>>,
    /// Open every user's connection in SQLite's shared-cache mode (table-level
    /// locks, SQLITE_LOCKED_SHAREDCACHE). `read_uncommitted` implies it.
    #[serde(default)]
    pub shared_cache: bool,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserDef {
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// The user's steps, in order.
    #[serde(alias = "step")]
    #[schemars(with = "Vec<StepDef>")]
    pub steps: Vec<Spanned<StepDef>>,
}

/// One step: exactly one of `read`, `write`, `insert`, `delete`, `think`,
/// `sql` or `commit`.
#[derive(Debug, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct StepDef {
    /// Read fields of a table's row(s) into the user's local values.
    pub read: Option<String>,
    /// Write fields of a table's row(s), computed from the user's local values.
    pub write: Option<String>,
    /// Insert one row into a table, its columns computed from the user's
    /// local values (`values`); with `if`, only when the condition holds.
    pub insert: Option<String>,
    /// Delete a table's row(s) matching `where`; with `if`, only when the
    /// condition over the local values holds.
    pub delete: Option<String>,
    /// Think or wait: no SQL, but it takes a turn.
    pub think: Option<String>,
    /// Raw SQL, run exactly as written (BEGIN, COMMIT… included). In an intent
    /// scenario it may use the user's local values as bound parameters,
    /// written `:name` (e.g. "UPDATE account SET balance = :balance + 5 WHERE id = 1").
    pub sql: Option<String>,
    /// Ends the user's current unit of work here (its text is a caption).
    /// Under a transactional strategy it runs that unit's COMMIT; otherwise it
    /// takes a turn with no SQL. The steps after it form a new unit, wrapped,
    /// retried and checked on its own. Intent scenarios only.
    pub commit: Option<String>,
    /// For `read`, `write` and `delete`: which rows, as an SQL condition (e.g. "id = 1").
    #[serde(rename = "where")]
    pub where_: Option<String>,
    /// For `read`: column names, or a map of local name to SQL expression
    /// (e.g. { on_call_count = "count(*)" }).
    pub fields: Option<Fields>,
    /// For `write`: column to SQL expression over the user's local values
    /// (e.g. { balance = "balance + 50" }).
    pub set: Option<IndexMap<String, String>>,
    /// For `insert`: column to SQL expression over the user's local values
    /// (e.g. { room = "1", who = "'alice'" }).
    pub values: Option<IndexMap<String, String>>,
    /// For `write`, `insert` and `delete`: check-then-act. The change happens
    /// only if this condition over the local values holds (e.g. "on_call_count >= 2").
    #[serde(rename = "if")]
    pub if_: Option<String>,
    /// Narration shown with the step.
    pub caption: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema, Clone)]
#[serde(untagged)]
pub enum Fields {
    Columns(Vec<String>),
    Named(IndexMap<String, String>),
}
