//! The scenario catalog: built-in fixtures embedded in the binary, so the app
//! works from any directory, plus one opened folder.

use crate::dto::*;
use interleave_engine::explore::{
    explore, interleaving_count, ExploreOptions, Sample, MAX_SCHEDULES,
};
use interleave_engine::pipeline::{run_scenario, RunOptions};
use interleave_engine::scenario::{self, Journal as EngineJournal, Scenario};
use interleave_engine::strategy::Strategy as EngineStrategy;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;

/// The built-in scenarios, in the order the sidebar shows them.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "lost-update.toml",
        include_str!("../../../fixtures/lost-update.toml"),
    ),
    (
        "counter.toml",
        include_str!("../../../fixtures/counter.toml"),
    ),
    (
        "lost-update-equal.toml",
        include_str!("../../../fixtures/lost-update-equal.toml"),
    ),
    (
        "stale-read.toml",
        include_str!("../../../fixtures/stale-read.toml"),
    ),
    (
        "write-skew.toml",
        include_str!("../../../fixtures/write-skew.toml"),
    ),
    (
        "write-skew-three.toml",
        include_str!("../../../fixtures/write-skew-three.toml"),
    ),
    (
        "read-skew.toml",
        include_str!("../../../fixtures/read-skew.toml"),
    ),
    (
        "non-repeatable-read.toml",
        include_str!("../../../fixtures/non-repeatable-read.toml"),
    ),
    (
        "phantom-read.toml",
        include_str!("../../../fixtures/phantom-read.toml"),
    ),
    (
        "dirty-read.toml",
        include_str!("../../../fixtures/dirty-read.toml"),
    ),
    (
        "booking.toml",
        include_str!("../../../fixtures/booking.toml"),
    ),
    (
        "transfer.toml",
        include_str!("../../../fixtures/transfer.toml"),
    ),
    (
        "delete-while-edit.toml",
        include_str!("../../../fixtures/delete-while-edit.toml"),
    ),
    (
        "busy-counter.toml",
        include_str!("../../../fixtures/busy-counter.toml"),
    ),
    (
        "two-transactions.toml",
        include_str!("../../../fixtures/two-transactions.toml"),
    ),
    (
        "hermitage/p4.toml",
        include_str!("../../../fixtures/hermitage/p4.toml"),
    ),
    (
        "hermitage/p4-autocommit.toml",
        include_str!("../../../fixtures/hermitage/p4-autocommit.toml"),
    ),
    (
        "hermitage/g-single.toml",
        include_str!("../../../fixtures/hermitage/g-single.toml"),
    ),
    (
        "hermitage/g-single-autocommit.toml",
        include_str!("../../../fixtures/hermitage/g-single-autocommit.toml"),
    ),
    (
        "hermitage/g2-item-autocommit.toml",
        include_str!("../../../fixtures/hermitage/g2-item-autocommit.toml"),
    ),
];

const MAX_RECENT: usize = 6;

pub struct Catalog {
    folder: Mutex<Option<PathBuf>>,
    recent: Mutex<Vec<String>>,
    /// Where the recent folders are remembered between launches.
    state_file: Option<PathBuf>,
}

impl Catalog {
    pub fn new(state_file: Option<PathBuf>) -> Self {
        let recent = state_file
            .as_ref()
            .and_then(|f| std::fs::read_to_string(f).ok())
            .and_then(|t| serde_json::from_str::<Vec<String>>(&t).ok())
            .unwrap_or_default();
        Catalog {
            folder: Mutex::new(None),
            recent: Mutex::new(recent),
            state_file,
        }
    }

    pub fn folder(&self) -> Option<PathBuf> {
        self.folder.lock().expect("folder lock").clone()
    }

    pub fn state(&self) -> CatalogState {
        CatalogState {
            folder: self.folder().map(|f| f.display().to_string()),
            // Folders deleted since (temporary ones, say) are not offered again.
            recent: self
                .recent
                .lock()
                .expect("recent lock")
                .iter()
                .filter(|p| Path::new(p).is_dir())
                .cloned()
                .collect(),
            entries: self.entries(),
        }
    }

    /// Opens a folder of scenarios and remembers it among the recent ones.
    pub fn open_folder(&self, path: &Path) -> Result<CatalogState, AppError> {
        let path = path
            .canonicalize()
            .map_err(|e| AppError::new("not_found", format!("{}: {e}", path.display())))?;
        if !path.is_dir() {
            return Err(AppError::new(
                "not_found",
                format!("{} is not a folder", path.display()),
            ));
        }
        *self.folder.lock().expect("folder lock") = Some(path.clone());
        {
            let mut recent = self.recent.lock().expect("recent lock");
            let p = path.display().to_string();
            recent.retain(|r| *r != p);
            recent.insert(0, p);
            recent.truncate(MAX_RECENT);
            if let Some(f) = &self.state_file {
                let text = serde_json::to_string(&*recent).unwrap_or_default();
                let _ = crate::state_file::write_whole(f, text.as_bytes());
            }
        }
        Ok(self.state())
    }

    pub fn entries(&self) -> Vec<ScenarioEntry> {
        let mut out: Vec<ScenarioEntry> = BUILTIN
            .iter()
            .map(|(name, text)| {
                entry(
                    format!("builtin:{name}"),
                    Origin::Builtin,
                    None,
                    scenario::parse(&format!("fixtures/{name}"), text),
                )
            })
            .collect();
        if let Some(folder) = self.folder() {
            for path in toml_files(&folder) {
                let rel = path
                    .strip_prefix(&folder)
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                out.push(entry(
                    format!("folder:{rel}"),
                    Origin::Folder,
                    Some(path.display().to_string()),
                    scenario::load(&path),
                ));
            }
        }
        out
    }

    /// The file behind a folder id, if the id is one.
    pub fn path_of(&self, id: &str) -> Option<PathBuf> {
        let rel = id.strip_prefix("folder:")?;
        Some(self.folder()?.join(rel))
    }

    pub fn id_of(&self, path: &Path) -> Option<String> {
        let folder = self.folder()?;
        let rel = path.strip_prefix(&folder).ok()?;
        Some(format!("folder:{}", rel.display()))
    }

    /// Loads and validates a scenario by id.
    pub fn load(&self, id: &str) -> Result<Scenario, AppError> {
        if let Some(name) = id.strip_prefix("builtin:") {
            let (_, text) = BUILTIN.iter().find(|(n, _)| *n == name).ok_or_else(|| {
                AppError::new("not_found", format!("no built-in scenario {name}"))
            })?;
            return Ok(scenario::parse(&format!("fixtures/{name}"), text)?);
        }
        let path = self
            .path_of(id)
            .ok_or_else(|| AppError::new("not_found", format!("no scenario {id}")))?;
        if !path.exists() {
            return Err(AppError::new(
                "deleted",
                format!("{} was deleted or renamed", path.display()),
            ));
        }
        Ok(scenario::load(&path)?)
    }

    pub fn run(&self, req: &RunRequest) -> Result<RunReport, AppError> {
        let s = self.load(&req.id)?;
        let schedule = req
            .schedule
            .as_ref()
            .map(|names| s.schedule_of(names))
            .transpose()?;
        let report = run_scenario(
            &s,
            &RunOptions {
                strategy: Some(req.strategy.into()),
                journal: req.journal.map(EngineJournal::from),
                schedule,
                serial_orders: false,
            },
        )?;
        Ok(report.into())
    }

    /// The same schedule under each of the five strategies. A raw-SQL
    /// scenario runs as written, so it is compared across journal modes instead.
    pub fn compare(&self, req: &RunRequest) -> Result<Vec<RunReport>, AppError> {
        let s = self.load(&req.id)?;
        let schedule = req
            .schedule
            .as_ref()
            .map(|names| s.schedule_of(names))
            .transpose()?;
        let runs: Vec<(EngineStrategy, Option<EngineJournal>)> = if s.as_written {
            vec![
                (EngineStrategy::AsWritten, Some(EngineJournal::Wal)),
                (EngineStrategy::AsWritten, Some(EngineJournal::Delete)),
            ]
        } else {
            let journal = req.journal.map(EngineJournal::from);
            EngineStrategy::ALL
                .iter()
                .map(|&st| (st, journal))
                .collect()
        };
        runs.into_iter()
            .map(|(strategy, journal)| {
                let report = run_scenario(
                    &s,
                    &RunOptions {
                        strategy: Some(strategy),
                        journal,
                        schedule: schedule.clone(),
                        serial_orders: false,
                    },
                )?;
                Ok(report.into())
            })
            .collect()
    }

    /// What exploring scenario `id` would take: known before starting.
    pub fn explore_estimate(&self, id: &str) -> Result<ExploreEstimate, AppError> {
        let s = self.load(id)?;
        let counts: Vec<usize> = s.users.iter().map(|u| u.steps.len()).collect();
        let interleavings = interleaving_count(&counts);
        let mut plans: Vec<EngineStrategy> = EngineStrategy::ALL
            .iter()
            .map(|&st| interleave_engine::strategy::effective(&s, st))
            .collect();
        plans.dedup();
        Ok(ExploreEstimate {
            interleavings,
            strategies: plans.len() as u32,
            fits: interleavings <= MAX_SCHEDULES as f64,
            limit: MAX_SCHEDULES,
        })
    }

    /// Explores scenario `id`: every execution, or a seeded sample of `runs`.
    pub fn explore(
        &self,
        id: &str,
        journal: Option<Journal>,
        sample: Option<SampleRequest>,
        progress: &(dyn Fn(Progress) + Sync),
        cancel: &AtomicBool,
    ) -> Result<ExploreReport, AppError> {
        let s = self.load(id)?;
        let report = explore(
            &s,
            &ExploreOptions {
                journal: journal.map(EngineJournal::from),
                sample: sample.map(|x| Sample {
                    runs: x.runs as usize,
                    seed: x.seed,
                }),
                // The app's window shares the machine with it: 2 frames a second
                // were drawn during a long exploration on 2 cores, 18-29 with this.
                background: true,
                ..Default::default()
            },
            &|p| progress(p.into()),
            cancel,
        )?;
        Ok(report.into())
    }
}

fn entry(
    id: String,
    origin: Origin,
    path: Option<String>,
    parsed: interleave_engine::Result<Scenario>,
) -> ScenarioEntry {
    match parsed {
        Ok(s) => ScenarioEntry {
            id,
            title: s.title.clone(),
            summary: s.summary.clone(),
            origin,
            path,
            error: None,
            users: s.users.iter().map(|u| u.name.clone()).collect(),
        },
        Err(e) => {
            let title = path
                .as_deref()
                .and_then(|p| Path::new(p).file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| id.clone());
            ScenarioEntry {
                id,
                title,
                summary: String::new(),
                origin,
                path,
                error: Some(e.into()),
                users: vec![],
            }
        }
    }
}

/// The scenario files under a folder, sorted, at most two levels deep.
pub fn toml_files(folder: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir()
                && depth < 2
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                walk(&p, depth + 1, out);
            } else if p.extension().is_some_and(|x| x == "toml") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(folder, 0, &mut out);
    out.sort();
    out
}
