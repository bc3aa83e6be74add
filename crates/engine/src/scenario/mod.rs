//! Scenario files: the TOML format, its JSON Schema, and validation into a
//! [`Scenario`] whose every part remembers where in the file it came from.
//!
//! The format is documented with a complete example in `fixtures/README.md`.

use crate::error::{Error, Location, Result, SourceMap};
use schemars::JsonSchema;
use serde::Deserialize;

mod file;
mod from_file;
pub mod limits;
pub use file::*;
use from_file::validate;

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

/// The JSON Schema of the scenario format, for editors.
pub fn json_schema() -> String {
    serde_json::to_string_pretty(&schemars::schema_for!(ScenarioFile)).expect("schema serialises")
}
