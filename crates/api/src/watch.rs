//! Watching the opened folder: notify, debounced (notify-debouncer-full), so
//! an editor's save-by-rename arrives as one change. The callback runs on the
//! debouncer's thread; the shell turns it into a UI event.

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Editors write in bursts; this window merges a burst into one redraw.
pub const DEBOUNCE: Duration = Duration::from_millis(120);

/// Paths of scenario files that changed, and those that are gone.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FileChanges {
    pub written: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
}

/// Stops watching when dropped.
pub struct FolderWatch {
    _debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
}

impl FolderWatch {
    pub fn start(
        folder: &Path,
        on_change: impl Fn(FileChanges) + Send + 'static,
    ) -> Result<FolderWatch, String> {
        let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
            let Ok(events) = result else { return };
            let mut paths = BTreeSet::new();
            for e in events {
                // Reading a file (as the catalog does after every change) is an
                // access event; reacting to it would loop forever.
                if matches!(
                    e.kind,
                    EventKind::Access(_) | EventKind::Other | EventKind::Any
                ) {
                    continue;
                }
                for p in &e.paths {
                    if p.extension().is_some_and(|x| x == "toml") {
                        paths.insert(p.clone());
                    }
                }
            }
            if paths.is_empty() {
                return;
            }
            let mut changes = FileChanges::default();
            for p in paths {
                if p.exists() {
                    changes.written.push(p);
                } else {
                    changes.removed.push(p);
                }
            }
            on_change(changes);
        })
        .map_err(|e| format!("cannot watch {}: {e}", folder.display()))?;
        debouncer
            .watch(folder, RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch {}: {e}", folder.display()))?;
        Ok(FolderWatch {
            _debouncer: debouncer,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn reports_a_save_and_a_delete() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.toml");
        std::fs::write(&file, "title = 'x'").unwrap();
        let (tx, rx) = mpsc::channel();
        let _w = FolderWatch::start(dir.path(), move |c| tx.send(c).unwrap()).unwrap();
        std::thread::sleep(Duration::from_millis(50));
        std::fs::write(&file, "title = 'y'").unwrap();
        let c = rx.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(c.written.len(), 1);
        // Reading is not a change: nothing may arrive for it.
        let _ = std::fs::read_to_string(&file).unwrap();
        assert!(
            rx.recv_timeout(DEBOUNCE * 4).is_err(),
            "a read was reported as a change"
        );
        std::fs::remove_file(&file).unwrap();
        let c = loop {
            let c = rx.recv_timeout(Duration::from_secs(5)).unwrap();
            if !c.removed.is_empty() {
                break c;
            }
        };
        assert!(c.removed[0].ends_with("a.toml"));
    }
}
