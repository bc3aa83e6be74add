//! The engine's one error type. Every variant that can point into a scenario
//! file carries a [`Location`], so callers can print `file:line:col: message`.

use serde::Serialize;
use std::fmt;

/// A place in a scenario file, 1-based, as editors count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub col: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// What went wrong, in words a scenario author can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file is not valid TOML, or does not match the scenario format.
    #[error("{}{message}", prefix(.location))]
    Parse {
        location: Option<Location>,
        message: String,
    },
    /// The file parsed, but says something impossible (unknown user, too many steps…).
    #[error("{}{message}", prefix(.location))]
    Invalid {
        location: Option<Location>,
        message: String,
    },
    /// SQLite rejected a statement of the scenario (syntax, missing table…).
    #[error("{}{message}", prefix(.location))]
    Sql {
        location: Option<Location>,
        message: String,
    },
    /// The sandbox refused a statement (ATTACH, VACUUM INTO, a pragma, a runaway query).
    #[error("{}{message}", prefix(.location))]
    Refused {
        location: Option<Location>,
        message: String,
    },
    /// The file could not be read, or the run's database could not be created.
    #[error("{}{message}", prefix(.location))]
    Io {
        location: Option<Location>,
        message: String,
    },
    /// The scenario is fine, but it has more interleavings than the explorer
    /// runs: a fact about its size, not a fault in the file.
    #[error("about {interleavings} interleavings; the explorer runs at most {limit}: explore a seeded sample (`explore --sample 1000 --seed 1`), give the users fewer steps, or run single schedules with `run --schedule`")]
    TooBig { interleavings: u64, limit: u64 },
    /// The interleavings were within the limit, but waits and retries made
    /// the tree of real executions bigger than the runs one exploration may make.
    #[error("waits and retries make more than {runs} executions to run (about {interleavings} interleavings of the steps): explore a seeded sample (`explore --sample 1000 --seed 1`), or fewer strategies or users")]
    TooManyRuns { interleavings: u64, runs: u64 },
    /// Exploration was cancelled by the caller.
    #[error("cancelled")]
    Cancelled,
}

fn prefix(location: &Option<Location>) -> String {
    match location {
        Some(l) => format!("{l}: "),
        None => String::new(),
    }
}

impl Error {
    /// A stable, machine-readable name for the kind of error (the UI switches on it).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Parse { .. } => "parse",
            Error::Invalid { .. } => "invalid",
            Error::Sql { .. } => "sql",
            Error::Refused { .. } => "refused",
            Error::Io { .. } => "io",
            Error::TooBig { .. } | Error::TooManyRuns { .. } => "too_big",
            Error::Cancelled => "cancelled",
        }
    }

    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Parse { location, .. }
            | Error::Invalid { location, .. }
            | Error::Sql { location, .. }
            | Error::Refused { location, .. }
            | Error::Io { location, .. } => location.as_ref(),
            Error::TooBig { .. } | Error::TooManyRuns { .. } | Error::Cancelled => None,
        }
    }

    /// The message without the location prefix.
    pub fn message(&self) -> String {
        match self {
            Error::Parse { message, .. }
            | Error::Invalid { message, .. }
            | Error::Sql { message, .. }
            | Error::Refused { message, .. }
            | Error::Io { message, .. } => message.clone(),
            Error::TooBig { .. } | Error::TooManyRuns { .. } => self.to_string(),
            Error::Cancelled => "cancelled".into(),
        }
    }

    pub(crate) fn io(message: impl Into<String>) -> Self {
        Error::Io {
            location: None,
            message: message.into(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Maps byte offsets in a file to 1-based line and column (in characters).
#[derive(Debug, Clone)]
pub struct SourceMap {
    pub file: String,
    text: String,
}

impl SourceMap {
    pub fn new(file: impl Into<String>, text: &str) -> Self {
        SourceMap {
            file: file.into(),
            text: text.to_string(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn locate(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let before = &self.text[..floor_char_boundary(&self.text, offset)];
        let line = before.matches('\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let col = before[line_start..].chars().count() as u32 + 1;
        Location {
            file: self.file.clone(),
            line,
            col,
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_columns() {
        let map = SourceMap::new("a.toml", "ab\ncdé\nf");
        assert_eq!(map.locate(0).to_string(), "a.toml:1:1");
        assert_eq!(map.locate(4).to_string(), "a.toml:2:2");
        assert_eq!(map.locate(8).to_string(), "a.toml:3:1");
    }
}
