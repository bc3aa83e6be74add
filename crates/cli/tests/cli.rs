//! The `interleave` binary, end to end: the JSON contract, determinism, and
//! bad input (exit 2, a located message, no panic, no file touched).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_interleave"))
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = run(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

const GOOD_HEAD: &str = "title = \"t\"\nsetup = \"CREATE TABLE a(id INTEGER PRIMARY KEY, v INT); INSERT INTO a VALUES (1, 1);\"\n";
const USERS: &str = "[[user]]\nname = \"alice\"\nsteps = [{ read = \"a\", where = \"id = 1\", fields = [\"v\"] }]\n[[user]]\nname = \"bob\"\nsteps = [{ write = \"a\", where = \"id = 1\", set = { v = \"2\" } }]\n";

fn assert_bad(out: &Output, file: &str, line_col: &str, words: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert!(
        err.starts_with(&format!("{file}:{line_col}")),
        "want {file}:{line_col} in {err}"
    );
    assert!(
        err.to_lowercase().contains(words),
        "want `{words}` in {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn json_contract_for_a_run() {
    let f = fixtures().join("lost-update.toml");
    let v = json(&[
        "run",
        f.to_str().unwrap(),
        "--strategy",
        "none",
        "--format",
        "json",
    ]);
    for key in [
        "scenario",
        "strategy",
        "journal",
        "schedule",
        "events",
        "findings",
        "final",
        "serializable",
        "invariants",
        "outcome",
        "trace",
        "graph",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    for key in [
        "seq", "user", "step", "sql", "outcome", "gave_up", "unit", "locals",
    ] {
        assert!(v["events"][0].get(key).is_some(), "event missing {key}");
    }
    assert_eq!(v["outcome"], "anomaly");
    assert_eq!(v["events"][0]["outcome"]["kind"], "ok");
    let f = &v["findings"][0];
    assert_eq!(f["kind"], "lost_update");
    assert_eq!(f["class"], "G-single");
    for key in ["users", "events", "explanation", "steps", "prevented_by"] {
        assert!(f.get(key).is_some(), "finding missing {key}");
    }
    // The cycle: Bob read what Alice then replaced (rw), and Bob wrote over it (ww).
    let kinds: Vec<&str> = f["cycle"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["rw", "ww"]);
    assert_eq!(f["cycle"][0]["on"]["row"], 1);
    for key in ["units", "writes", "reads", "predicates"] {
        assert!(v["trace"].get(key).is_some(), "trace missing {key}");
    }
    assert_eq!(v["graph"]["order"], serde_json::Value::Null);
    assert_eq!(v["serializable"], false);
    assert_eq!(v["final"][0]["name"], "account");
}

#[test]
fn json_is_byte_identical_across_runs() {
    let f = fixtures().join("lost-update.toml");
    for s in ["none", "optimistic", "transaction"] {
        for j in ["wal", "delete"] {
            let args = [
                "run",
                f.to_str().unwrap(),
                "--strategy",
                s,
                "--journal",
                j,
                "--format",
                "json",
            ];
            assert_eq!(run(&args).stdout, run(&args).stdout, "{s} {j}");
        }
    }
}

#[test]
fn explore_json_counts_per_strategy() {
    let f = fixtures().join("lost-update.toml");
    let v = json(&["explore", f.to_str().unwrap(), "--format", "json"]);
    let none = &v["strategies"][0];
    assert_eq!(none["strategy"], "none");
    assert_eq!(none["executions"], 6);
    assert!(none["runs"].as_u64().unwrap() <= 6);
    assert!(none["outcomes"]["lost_update"].as_u64().unwrap() >= 1);
    let classes = none["classes"].as_array().unwrap();
    let total: u64 = classes.iter().map(|c| c["count"].as_u64().unwrap()).sum();
    assert_eq!(total, 6, "the classes' counts add up to the executions");
    assert_eq!(classes[0]["outcome"], "anomaly", "anomalies come first");
    for k in ["correct", "gave_up", "failed", "deadlock"] {
        assert!(none["outcomes"].get(k).is_some());
    }
}

#[test]
fn malformed_toml_is_located() {
    let d = tempfile::tempdir().unwrap();
    let f = write(
        d.path(),
        "bad.toml",
        "title = \"t\"\nsetup = \"x\"\n[[user]\n",
    );
    assert_bad(&run(&["run", &f]), &f, "3:", "");
    assert_bad(&run(&["check", &f]), &f, "3:", "");
}

#[test]
fn unknown_field_is_located() {
    let d = tempfile::tempdir().unwrap();
    let f = write(
        d.path(),
        "field.toml",
        &format!("{GOOD_HEAD}colour = \"red\"\n{USERS}"),
    );
    assert_bad(&run(&["run", &f]), &f, "3:1", "unknown field");
}

#[test]
fn unknown_user_in_schedule_is_located() {
    let d = tempfile::tempdir().unwrap();
    let f = write(
        d.path(),
        "user.toml",
        &format!("{GOOD_HEAD}schedule = [\"alice\", \"carol\"]\n{USERS}"),
    );
    assert_bad(&run(&["run", &f]), &f, "3:22", "unknown user `carol`");
    let ok = write(d.path(), "ok.toml", &format!("{GOOD_HEAD}{USERS}"));
    let out = run(&["run", &ok, "--schedule", "alice,mallory"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown user `mallory`"));
}

#[test]
fn setup_syntax_error_is_located_in_the_sql() {
    let d = tempfile::tempdir().unwrap();
    let f = write(d.path(), "setup.toml", &format!("title = \"t\"\nsetup = \"\"\"\nCREATE TABLE a(id INTEGER PRIMARY KEY, v INT);\nINSERT INTO a VALUES (1, 1;\n\"\"\"\n{USERS}"));
    assert_bad(&run(&["run", &f]), &f, "4:", "syntax error");
}

#[test]
fn attach_is_refused_and_creates_no_file() {
    let d = tempfile::tempdir().unwrap();
    let target = d.path().join("stolen.db");
    let attach = format!("title = \"t\"\nsetup = \"CREATE TABLE a(id INTEGER PRIMARY KEY, v INT); ATTACH DATABASE '{}' AS x;\"\n{USERS}", target.display());
    let f = write(d.path(), "attach.toml", &attach);
    assert_bad(&run(&["run", &f]), &f, "2:", "attach");
    assert!(!target.exists());
    // In a step, too: refused before anything runs.
    let step = format!("{GOOD_HEAD}[[user]]\nname = \"alice\"\nsteps = [{{ sql = \"ATTACH DATABASE '{}' AS x\" }}]\n[[user]]\nname = \"bob\"\nsteps = [{{ sql = \"VACUUM INTO '{}'\" }}]\n", target.display(), target.display());
    let f = write(d.path(), "attach-step.toml", &step);
    assert_bad(&run(&["run", &f]), &f, "5:", "attach");
    assert!(!target.exists());
}

#[test]
fn runaway_recursive_cte_stops_within_a_second() {
    let d = tempfile::tempdir().unwrap();
    let text = format!("{GOOD_HEAD}[[user]]\nname = \"alice\"\nsteps = [{{ sql = \"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r\" }}]\n[[user]]\nname = \"bob\"\nsteps = [{{ think = \"waits\" }}]\n");
    let f = write(d.path(), "cte.toml", &text);
    // The budget counts SQLite instructions, so the stop is deterministic; how
    // fast it comes is `make bench`'s business, not a test's.
    let out = run(&["run", &f, "--format", "json"]);
    // A runaway step is an event with a clear error, not a crash.
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // SQLITE_INTERRUPT (9): the engine stopped it at its instruction budget.
    assert_eq!(v["events"][0]["outcome"]["kind"], "error");
    assert_eq!(v["events"][0]["outcome"]["code"], 9);
    // In setup it is bad input: a query without end stops at the budget,
    // and an insert without end at the rows a setup statement may change.
    let setup = format!("title = \"t\"\nsetup = \"CREATE TABLE a(n); WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r;\"\n{USERS}");
    let f = write(d.path(), "cte-setup.toml", &setup);
    assert_bad(&run(&["run", &f]), &f, "2:", "without end");
    let setup = format!("title = \"t\"\nsetup = \"CREATE TABLE a(n); WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) INSERT INTO a SELECT n FROM r;\"\n{USERS}");
    let f = write(d.path(), "cte-insert.toml", &setup);
    assert_bad(&run(&["run", &f]), &f, "2:", "changes more than 10000 rows");
}

#[test]
fn schema_list_and_check() {
    let out = run(&["schema"]);
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(schema["properties"]["user"].is_object(), "{schema}");
    let out = run(&["list", fixtures().to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Lost update"));
    let files: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| p.display().to_string())
        .collect();
    let mut args = vec!["check".to_string()];
    args.extend(files);
    let out = bin().args(&args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn committed_schema_matches_the_cli() {
    let out = run(&["schema"]);
    let committed = std::fs::read_to_string(fixtures().join("scenario.schema.json")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        committed,
        "run `interleave schema > fixtures/scenario.schema.json`"
    );
}

#[test]
fn a_setup_that_leaves_a_transaction_open_is_refused_everywhere() {
    let d = tempfile::tempdir().unwrap();
    for tail in ["BEGIN;", "SAVEPOINT x;"] {
        let text = format!(
            "title = \"t\"\nsetup = \"CREATE TABLE a(id INTEGER PRIMARY KEY, v INT); {tail}\"\n{USERS}"
        );
        let f = write(d.path(), "open.toml", &text);
        for cmd in ["check", "run", "explore"] {
            assert_bad(&run(&[cmd, &f]), &f, "2:", "transaction open");
        }
    }
}

#[test]
fn a_closed_pipe_ends_the_cli_quietly() {
    use std::io::Read;
    // Over a megabyte of JSON: far more than a pipe holds, so the write fails.
    let f = fixtures().join("three-counters.toml");
    let mut child = bin()
        .args(["explore", f.to_str().unwrap(), "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 5];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The reader is gone: the rest of the output meets a closed pipe.
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(status.success(), "{status:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
}
