//! What a mutation of a scenario's text can be, the SQL, names, numbers,
//! options and steps it draws from, and how proptest picks one. How each
//! changes the text is in `apply.rs`.

use proptest::prelude::*;
use proptest::sample::{select, Index};

/// SQL a mutation may splice in. `{table}` becomes the first table the setup
/// creates.
pub const SNIPPETS: &[&str] = &[
    "BEGIN;",
    "BEGIN IMMEDIATE;",
    "COMMIT;",
    "ROLLBACK;",
    "SAVEPOINT x;",
    "RELEASE x;",
    "ROLLBACK TO x;",
    "SELECT random();",
    "random()",
    "abs(random()) % 2 = 0",
    "randomblob(8)",
    " + random()",
    " AND abs(random()) % 2 = 0",
    " || date('now')",
    " + (SELECT count(*) FROM {table})",
    "DROP TABLE {table};",
    "DROP TABLE IF EXISTS {table};",
    "ATTACH 'x' AS y;",
    "ATTACH 'fuzz-attached.sqlite' AS y;",
    "DETACH y;",
    "VACUUM INTO 'fuzz-vacuum.sqlite';",
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;",
    "(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c)",
    "CREATE TABLE fuzz_big AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 200000) SELECT x, randomblob(500) AS b FROM c;",
    "INSERT INTO {table} SELECT * FROM {table};",
    "x'', title = ''pwned'",
    "'x'', title = ''pwned'",
    "'; DROP TABLE {table}; --",
    "CREATE TEMP TABLE fuzz_t(x);",
    "PRAGMA journal_mode = DELETE;",
    "SELECT load_extension('x');",
    "date('now')",
    "CREATE TRIGGER fuzz_tr AFTER UPDATE ON {table} BEGIN SELECT random(); END;",
    "CREATE VIEW fuzz_v AS SELECT * FROM {table};",
];

/// Files an ATTACH or VACUUM INTO above would make, relative to the working
/// directory (or anywhere): none may ever appear.
pub const FORBIDDEN_FILES: &[&str] = &["x", "fuzz-attached.sqlite", "fuzz-vacuum.sqlite"];

/// Byte sequences that are not UTF-8.
pub const INVALID_UTF8: &[&[u8]] = &[
    b"\xff",
    b"\xfe\xff",
    b"\xc3",
    b"\x80",
    b"\xed\xa0\x80",
    b"\xc0\xaf",
    b"\xf4\x90\x80\x80",
    b"\xe2\x82",
];

#[derive(Debug, Clone, Copy)]
pub enum Place {
    StartOfSetup,
    EndOfSetup,
    /// Right after the opening quote of the nth `"…"` string.
    StartOfString(Index),
    /// Right before the closing quote of the nth `"…"` string.
    EndOfString(Index),
    /// Instead of the nth `"…"` string's text.
    ReplaceString(Index),
    /// As a new raw `sql` step at the start of the nth `steps = [`.
    NewStep(Index),
    /// Anywhere.
    AtByte(Index),
}

#[derive(Debug, Clone)]
pub enum Mutation {
    Delete {
        at: Index,
        len: usize,
    },
    Insert {
        at: Index,
        bytes: Vec<u8>,
    },
    Replace {
        at: Index,
        byte: u8,
    },
    DuplicateLine {
        line: Index,
    },
    SwapLines {
        a: Index,
        b: Index,
    },
    Truncate {
        at: Index,
    },
    Sql {
        snippet: usize,
        place: Place,
    },
    /// The nth `name = "…"` becomes `chars` copies of `ch`, wherever it is quoted.
    Name {
        which: Index,
        chars: usize,
        ch: char,
    },
    InvalidUtf8 {
        at: Index,
        which: usize,
    },
    /// One of [`OPTIONS`] added to the file's `[options]`.
    Options {
        which: usize,
    },
    /// The nth number in the text becomes one of [`NUMBERS`].
    Number {
        at: Index,
        which: usize,
    },
    /// The nth `[[user]]` block copied (under a new name) or removed.
    DuplicateUser {
        which: Index,
    },
    DropUser {
        which: Index,
    },
    /// One of [`STEPS`] added at the start of the nth `steps = [`.
    IntentStep {
        user: Index,
        which: usize,
    },
}

/// Lines for `[options]`; `{user}` is the first user's name.
pub const OPTIONS: &[&str] = &[
    "shared_cache = true",
    "journal = \"delete\"",
    "journal = \"wal\"",
    "read_uncommitted = [\"{user}\"]",
];

/// What a number in the text may become.
pub const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "2",
    "100000",
    "9223372036854775807",
    "-9223372036854775808",
    "99999999999999999999",
    "1e308",
    "0.5",
    "NULL",
];

/// Steps a mutation may add; `{table}` and `{col}` are the setup's first
/// table and its first column.
pub const STEPS: &[&str] = &[
    "{ think = \"fuzz\" }",
    "{ commit = \"fuzz\" }",
    "{ read = \"{table}\", where = \"1\", fields = { fuzz_n = \"count(*)\" } }",
    "{ read = \"{table}\", fields = [\"{col}\"] }",
    "{ write = \"{table}\", where = \"1\", set = { {col} = \"{col}\" } }",
    "{ write = \"{table}\", where = \"rowid = 1\", set = { {col} = \"NULL\" }, if = \"1\" }",
    "{ delete = \"{table}\", where = \"1\" }",
    "{ delete = \"{table}\", where = \"rowid = 1\", if = \"0\" }",
    "{ insert = \"{table}\", values = { {col} = \"NULL\" } }",
    "{ insert = \"{table}\", values = { {col} = \"random()\" }, if = \"1\" }",
];

fn place() -> impl proptest::strategy::Strategy<Value = Place> {
    prop_oneof![
        1 => Just(Place::StartOfSetup),
        3 => Just(Place::EndOfSetup),
        2 => any::<Index>().prop_map(Place::StartOfString),
        2 => any::<Index>().prop_map(Place::EndOfString),
        2 => any::<Index>().prop_map(Place::ReplaceString),
        3 => any::<Index>().prop_map(Place::NewStep),
        1 => any::<Index>().prop_map(Place::AtByte),
    ]
}

pub fn mutation() -> impl proptest::strategy::Strategy<Value = Mutation> {
    prop_oneof![
        2 => (any::<Index>(), 1usize..=8).prop_map(|(at, len)| Mutation::Delete { at, len }),
        2 => (any::<Index>(), proptest::collection::vec(
                prop_oneof![any::<u8>(), select(b"\"'=[]{}\n,;#\\".to_vec())], 1..=4))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        2 => (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Replace { at, byte }),
        1 => any::<Index>().prop_map(|line| Mutation::DuplicateLine { line }),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
        1 => any::<Index>().prop_map(|at| Mutation::Truncate { at }),
        8 => (0..SNIPPETS.len(), place()).prop_map(|(snippet, place)| Mutation::Sql { snippet, place }),
        2 => (any::<Index>(), select(vec![39usize, 40, 41, 64]), select(vec!['a', 'é', '日', '🦀']))
            .prop_map(|(which, chars, ch)| Mutation::Name { which, chars, ch }),
        1 => (any::<Index>(), 0..INVALID_UTF8.len()).prop_map(|(at, which)| Mutation::InvalidUtf8 { at, which }),
        2 => (0..OPTIONS.len()).prop_map(|which| Mutation::Options { which }),
        2 => (any::<Index>(), 0..NUMBERS.len()).prop_map(|(at, which)| Mutation::Number { at, which }),
        1 => any::<Index>().prop_map(|which| Mutation::DuplicateUser { which }),
        1 => any::<Index>().prop_map(|which| Mutation::DropUser { which }),
        4 => (any::<Index>(), 0..STEPS.len()).prop_map(|(user, which)| Mutation::IntentStep { user, which }),
    ]
}
