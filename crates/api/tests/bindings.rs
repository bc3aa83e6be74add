//! Every type that crosses IPC is a DTO of this crate, and has its TypeScript
//! binding in `ui/src/bindings`, generated here; the test fails if the
//! committed files drift (or one is left over). `UPDATE_BINDINGS=1` rewrites them.

use interleave_api::dto::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use ts_rs::TS;

fn committed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings")
}

#[test]
fn typescript_bindings_are_current() {
    let fresh = tempfile::tempdir().unwrap();
    let cfg = ts_rs::Config::new()
        .with_out_dir(fresh.path())
        .with_large_int("number");
    ScenarioChange::export_all(&cfg).unwrap();
    RunRequest::export_all(&cfg).unwrap();
    AppError::export_all(&cfg).unwrap();
    RunReport::export_all(&cfg).unwrap();
    ExploreReport::export_all(&cfg).unwrap();
    Progress::export_all(&cfg).unwrap();
    ExploreEstimate::export_all(&cfg).unwrap();
    SampleRequest::export_all(&cfg).unwrap();
    FigureRequest::export_all(&cfg).unwrap();
    FigureWritten::export_all(&cfg).unwrap();
    let update = std::env::var_os("UPDATE_BINDINGS").is_some();
    let mut stale = Vec::new();
    let mut generated = BTreeSet::new();
    for entry in std::fs::read_dir(fresh.path()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_owned();
        generated.insert(name.clone());
        let want = std::fs::read_to_string(&path).unwrap();
        let target = committed_dir().join(&name);
        if std::fs::read_to_string(&target).unwrap_or_default() != want {
            if update {
                std::fs::write(&target, want).unwrap();
            } else {
                stale.push(name.to_string_lossy().into_owned());
            }
        }
    }
    // A binding no DTO generates any more would still type-check the UI against a ghost.
    for entry in std::fs::read_dir(committed_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_owned();
        if path.extension().is_some_and(|x| x == "ts") && !generated.contains(&name) {
            if update {
                std::fs::remove_file(&path).unwrap();
            } else {
                stale.push(format!("{} (no longer generated)", name.to_string_lossy()));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "TypeScript bindings are out of date: {stale:?}; run `make bindings`"
    );
}
