//! Scenario files: the TOML format, its JSON Schema, and validation into a
//! [`Scenario`] whose every part remembers where in the file it came from.
//!
//! The format is documented with a complete example in `fixtures/README.md`.

use crate::error::{Error, Location, Result, SourceMap};
use crate::sqltext;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;

/// Size limits: shared files are untrusted, so nothing in one may be unbounded.
pub mod limits {
    pub const FILE_BYTES: usize = 256 * 1024;
    pub const USERS: usize = 8;
    pub const STEPS_PER_USER: usize = 64;
    pub const SCHEDULE_TURNS: usize = 1024;
    pub const ROWS_PER_TABLE: i64 = 10_000;
    pub const INVARIANTS: usize = 32;
    /// A user's name, in characters (not bytes: "Zoë" is three).
    pub const NAME_CHARS: usize = 40;
    /// Rows one statement of setup may change.
    pub const SETUP_CHANGES_PER_STATEMENT: usize = ROWS_PER_TABLE as usize;
    /// Rows one step's statement may change, and rows it may return.
    pub const STEP_CHANGES: usize = 1_000;
    pub const STEP_RESULT_ROWS: usize = 1_000;
    /// Bytes of values one statement may return.
    pub const RESULT_BYTES_PER_STATEMENT: usize = 16 * 1024 * 1024;
    /// Rows changed and rows read that one run may record, all users
    /// together: with the step limits, this is what bounds the history and
    /// its JSON. It is checked before each statement.
    pub const ROWS_RECORDED_PER_RUN: usize = 5_000;
    /// The size of a run's database file.
    pub const DATABASE_BYTES: i64 = 64 * 1024 * 1024;
}

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

/// The journal mode of the run's database.
#[derive(
    Debug, Deserialize, serde::Serialize, JsonSchema, Clone, Copy, PartialEq, Eq, Hash, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Journal {
    #[default]
    Wal,
    Delete,
}

impl Journal {
    pub fn name(self) -> &'static str {
        match self {
            Journal::Wal => "wal",
            Journal::Delete => "delete",
        }
    }
}

/// A validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub source: SourceMap,
    pub title: String,
    pub summary: String,
    pub setup: String,
    /// Byte offset of the setup SQL's first character in the file.
    pub setup_offset: usize,
    pub users: Vec<User>,
    /// Turns by user index.
    pub schedule: Option<Vec<usize>>,
    pub invariants: Vec<(String, Location)>,
    pub journal: Journal,
    /// Per user: reads uncommitted data (implies shared cache).
    pub read_uncommitted: Vec<bool>,
    pub shared_cache: bool,
    /// True when every step is raw SQL or thinking: strategies leave it as written.
    pub as_written: bool,
}

#[derive(Debug, Clone)]
pub struct User {
    pub name: String,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub kind: StepKind,
    pub caption: Option<String>,
    pub at: Location,
}

#[derive(Debug, Clone)]
pub enum StepKind {
    Read {
        table: String,
        where_: Option<String>,
        fields: Vec<(String, String)>,
        plain: bool,
    },
    /// A change of rows: `write` (UPDATE), `insert` or `delete`.
    Write {
        action: WriteAction,
        table: String,
        where_: Option<String>,
        /// Columns and the expressions over local values that give them
        /// (`set` for an update, `values` for an insert; empty for a delete).
        set: Vec<(String, String)>,
        cond: Option<String>,
    },
    Think(String),
    Sql(String),
    /// The end of a unit of work (intent scenarios).
    Commit(String),
}

/// What a change step does to the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteAction {
    Update,
    Insert,
    Delete,
}

impl WriteAction {
    /// The step's key in the file, which is also how a label starts.
    pub fn key(self) -> &'static str {
        match self {
            WriteAction::Update => "write",
            WriteAction::Insert => "insert",
            WriteAction::Delete => "delete",
        }
    }
}

impl Step {
    /// A short label for a timeline box.
    pub fn label(&self) -> String {
        match &self.kind {
            StepKind::Read { fields, .. } => {
                format!(
                    "read {}",
                    fields
                        .iter()
                        .map(|f| f.0.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
            StepKind::Write {
                action,
                table,
                where_,
                set,
                cond,
            } => {
                let body = match action {
                    WriteAction::Delete => format!(
                        "delete {table}{}",
                        where_
                            .as_deref()
                            .map(|w| format!(" where {w}"))
                            .unwrap_or_default()
                    ),
                    _ => {
                        let cols = set
                            .iter()
                            .map(|(c, e)| format!("{c} = {e}"))
                            .collect::<Vec<_>>()
                            .join(", ");
                        match action {
                            WriteAction::Insert => format!("insert {table} {cols}"),
                            _ => cols,
                        }
                    }
                };
                match (cond, action) {
                    (Some(c), _) => format!("if {c}: {body}"),
                    (None, WriteAction::Update) => format!("write {body}"),
                    (None, _) => body,
                }
            }
            StepKind::Think(what) => format!("think: {what}"),
            StepKind::Commit(_) => "end of this unit of work".to_string(),
            StepKind::Sql(sql) => sql.split_whitespace().collect::<Vec<_>>().join(" "),
        }
    }
}

impl Scenario {
    pub fn user_index(&self, name: &str) -> Option<usize> {
        self.users
            .iter()
            .position(|u| u.name.eq_ignore_ascii_case(name))
    }

    /// Parses a schedule written as user names separated by commas or spaces.
    /// A schedule given as text (the CLI's `--schedule t1,t2,t1`): names
    /// separated by commas or spaces. Names with either need [`Self::schedule_of`].
    pub fn parse_schedule(&self, spec: &str) -> Result<Vec<usize>> {
        let names: Vec<&str> = spec
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .collect();
        self.schedule_of(&names)
    }

    /// A schedule as a list of user names, one per turn.
    pub fn schedule_of<S: AsRef<str>>(&self, names: &[S]) -> Result<Vec<usize>> {
        let mut turns = Vec::new();
        for name in names.iter().map(|n| n.as_ref()) {
            match self.user_index(name) {
                Some(i) => turns.push(i),
                None => {
                    return Err(Error::Invalid {
                        location: None,
                        message: format!(
                            "unknown user `{name}` in schedule; the users are {}",
                            self.user_names()
                        ),
                    })
                }
            }
        }
        if turns.len() > limits::SCHEDULE_TURNS {
            return Err(Error::Invalid {
                location: None,
                message: format!(
                    "a schedule may have at most {} turns",
                    limits::SCHEDULE_TURNS
                ),
            });
        }
        Ok(turns)
    }

    pub fn user_names(&self) -> String {
        self.users
            .iter()
            .map(|u| format!("`{}`", u.name))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// An intent scenario with raw `sql` steps among its intents: those run as
    /// written, outside what a strategy that rewrites statements can promise.
    pub fn has_raw_steps(&self) -> bool {
        !self.as_written
            && self
                .users
                .iter()
                .any(|u| u.steps.iter().any(|s| matches!(s.kind, StepKind::Sql(_))))
    }

    pub fn shared_cache(&self) -> bool {
        self.shared_cache || self.read_uncommitted.iter().any(|&b| b)
    }
}

/// Reads and validates a scenario file.
pub fn load(path: &std::path::Path) -> Result<Scenario> {
    let meta =
        std::fs::metadata(path).map_err(|e| Error::io(format!("{}: {e}", path.display())))?;
    if meta.len() as usize > limits::FILE_BYTES {
        return Err(Error::Invalid {
            location: Some(Location {
                file: path.display().to_string(),
                line: 1,
                col: 1,
            }),
            message: format!(
                "file is {} bytes; scenarios may be at most {} bytes",
                meta.len(),
                limits::FILE_BYTES
            ),
        });
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(format!("{}: {e}", path.display())))?;
    let file = path.display().to_string();
    match std::str::from_utf8(&bytes) {
        Ok(text) => parse(&file, text),
        Err(e) => {
            // Locate the first bad byte in the text before it, which is valid.
            let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let map = SourceMap::new(&file, good);
            Err(Error::Parse {
                location: Some(map.locate(good.len())),
                message: format!(
                    "the file is not valid UTF-8 (byte 0x{:02x}); save it as UTF-8",
                    bytes[e.valid_up_to()]
                ),
            })
        }
    }
}

/// Parses and validates scenario text; `file` names it in messages.
pub fn parse(file: &str, text: &str) -> Result<Scenario> {
    let map = SourceMap::new(file, text);
    if text.len() > limits::FILE_BYTES {
        return Err(Error::Invalid {
            location: Some(map.locate(0)),
            message: format!(
                "file is {} bytes; scenarios may be at most {} bytes",
                text.len(),
                limits::FILE_BYTES
            ),
        });
    }
    let raw: ScenarioFile = toml::from_str(text).map_err(|e| Error::Parse {
        location: Some(map.locate(e.span().map(|s| s.start).unwrap_or(0))),
        message: e.message().trim().to_string(),
    })?;
    validate(raw, map)
}

fn invalid(map: &SourceMap, span: Range<usize>, message: impl Into<String>) -> Error {
    Error::Invalid {
        location: Some(map.locate(span.start)),
        message: message.into(),
    }
}

fn validate(raw: ScenarioFile, map: SourceMap) -> Result<Scenario> {
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

/// The JSON Schema of the scenario format, for editors.
pub fn json_schema() -> String {
    serde_json::to_string_pretty(&schemars::schema_for!(ScenarioFile)).expect("schema serialises")
}
