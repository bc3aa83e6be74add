//! The seeds the fuzz target mutates: every fixture (`fixtures/**/*.toml`),
//! then the extra seeds in `tests/fuzz/`, read once.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub struct Seed {
    pub name: String,
    pub bytes: Vec<u8>,
}

pub fn corpus() -> &'static [Seed] {
    static CORPUS: OnceLock<Vec<Seed>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut paths = crate::common::all_fixtures();
        let extra = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
        if let Ok(entries) = std::fs::read_dir(&extra) {
            let mut more: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            more.sort();
            paths.extend(more);
        }
        assert!(
            !paths.is_empty(),
            "no fixtures found to seed the fuzz corpus"
        );
        paths
            .into_iter()
            .map(|p| Seed {
                name: p.display().to_string(),
                bytes: std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
            })
            .collect()
    })
}
