//! The UI's tests read recorded explorer answers (`ui/src/model/samples`,
//! `ui/src/model/challenge-samples`: the challenges' claims are checked
//! against them). Recorded output can drift from the engine; here each
//! `explore-NAME.json` must still be what `interleave explore
//! fixtures/NAME.toml --format json` answers: the same executions and
//! classes per strategy (runs made may differ as the reduction improves).

use serde_json::Value;
use std::path::Path;
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
