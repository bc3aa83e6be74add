//! The UI's tests read recorded explorer answers (`ui/src/model/samples`,
//! `ui/src/model/challenge-samples`: the challenges' claims are checked
//! against them). Recorded output can drift from the engine; here each
//! `explore-NAME.json` must still be what `interleave explore
//! fixtures/NAME.toml --format json` answers: the same executions and
//! classes per strategy (runs made may differ as the reduction improves).
//! And each recorded run (`NAME.json`, the timeline, panels and graph tests'
//! input) must be, field for field, what `interleave run` answers now.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn answer(v: &Value) -> Vec<(Value, Value, Value)> {
    v["strategies"]
        .as_array()
        .expect("strategies")
        .iter()
        .map(|s| {
            (
                s["strategy"].clone(),
                s["executions"].clone(),
                s["classes"].clone(),
            )
        })
        .collect()
}

#[test]
fn recorded_explorer_answers_are_the_engines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut checked = 0;
    for dir in ["ui/src/model/samples", "ui/src/model/challenge-samples"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let Some(name) = file
                .strip_prefix("explore-")
                .and_then(|f| f.strip_suffix(".json"))
            else {
                continue;
            };
            let recorded: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let out = Command::new(env!("CARGO_BIN_EXE_interleave"))
                .arg("explore")
                .arg(root.join("fixtures").join(format!("{name}.toml")))
                .args(["--format", "json"])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{name}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let now: Value = serde_json::from_slice(&out.stdout).unwrap();
            assert!(
                answer(&recorded) == answer(&now),
                "{dir}/{file} is not what the engine answers now: record it again with \
                 `interleave explore fixtures/{name}.toml --format json`"
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} recorded answers found");
}

/// The scenario files under `dir`, by their title.
fn by_title(dir: &Path, out: &mut BTreeMap<String, PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            by_title(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            let doc: toml::Table =
                toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            if let Some(title) = doc.get("title").and_then(|t| t.as_str()) {
                let before = out.insert(title.to_owned(), path.clone());
                assert!(before.is_none(), "two fixtures are titled {title:?}");
            }
        }
    }
}

#[test]
fn recorded_runs_are_the_engines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut titles = BTreeMap::new();
    by_title(&root.join("fixtures"), &mut titles);
    let mut checked = 0;
    let dirs = ["ui/src/model/samples", "ui/src/model/challenge-samples"];
    let files = dirs
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).unwrap());
    for entry in files {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        if file.starts_with("explore-") || !file.ends_with(".json") {
            continue;
        }
        let file = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let recorded: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let field = |k: &str| {
            recorded[k]
                .as_str()
                .unwrap_or_else(|| panic!("{file}: no {k}"))
        };
        let fixture = titles
            .get(field("scenario"))
            .unwrap_or_else(|| panic!("{file}: no fixture is titled {:?}", field("scenario")));
        let schedule: Vec<&str> = recorded["schedule"]
            .as_array()
            .expect("schedule")
            .iter()
            .map(|u| u.as_str().expect("a user"))
            .collect();
        let args = [
            "--strategy",
            field("strategy"),
            "--journal",
            field("journal"),
            "--schedule",
            &schedule.join(","),
            "--format",
            "json",
        ];
        let out = Command::new(env!("CARGO_BIN_EXE_interleave"))
            .arg("run")
            .arg(fixture)
            .args(args)
            .output()
            .unwrap();
        let now: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{file}: {e}: {}", String::from_utf8_lossy(&out.stderr)));
        let rel = fixture.strip_prefix(&root).unwrap_or(fixture).display();
        assert!(
            recorded == now,
            "{file} is not what the engine answers now: record it again with \
             `interleave run {rel} {}`",
            args.join(" ")
        );
        checked += 1;
    }
    assert!(checked >= 21, "only {checked} recorded runs found");
}
