//! Interleave's desktop shell. Thin by design: each command hands its work to
//! `interleave-api` on a blocking thread (runs touch SQLite), and events carry
//! file-watch changes, exploration and figure progress to the UI. No domain logic here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use interleave_api::catalog::Catalog;
use interleave_api::dto::{
    AppError, CatalogState, ExploreEstimate, ExploreReport, FigureRequest, FigureWritten, Journal,
    RunReport, RunRequest, SampleRequest, ScenarioChange,
};
use interleave_api::jobs::{self, Jobs};
use interleave_api::state_file::ChallengeProgress;
use interleave_api::watch::FolderWatch;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tauri::{AppHandle, Emitter, Manager, State};

struct Shell {
    catalog: Arc<Catalog>,
    /// The challenges won, in a file of the config dir: WebKit writes its
    /// localStorage to disk a while after the page sets it, so a win just
    /// before quitting could be lost there.
    progress: Arc<ChallengeProgress>,
    watch: Mutex<Option<FolderWatch>>,
    explorations: Jobs,
    /// Cancelled by `cancel_figure`, read between frames by the figure being made.
    figures: Jobs,
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AppError::new("io", format!("background task failed: {e}")))?
}

#[tauri::command]
fn catalog_state(shell: State<'_, Shell>) -> CatalogState {
    shell.catalog.state()
}

#[tauri::command]
async fn open_folder(
    app: AppHandle,
    shell: State<'_, Shell>,
    path: String,
) -> Result<CatalogState, AppError> {
    let catalog = shell.catalog.clone();
    let state = blocking({
        let catalog = catalog.clone();
        move || catalog.open_folder(&PathBuf::from(path))
    })
    .await?;
    let folder = catalog
        .folder()
        .ok_or_else(|| AppError::new("not_found", "no folder open"))?;
    let watch = FolderWatch::start(&folder, move |changes| {
        let ids = |paths: &[PathBuf]| {
            paths
                .iter()
                .filter_map(|p| catalog.id_of(p))
                .collect::<Vec<_>>()
        };
        let change = ScenarioChange {
            changed: ids(&changes.written),
            removed: ids(&changes.removed),
            state: catalog.state(),
        };
        let _ = app.emit("scenarios-changed", change);
    })
    .map_err(|m| AppError::new("io", m))?;
    *shell.watch.lock().expect("watch lock") = Some(watch);
    Ok(state)
}

#[tauri::command]
async fn run_scenario(shell: State<'_, Shell>, request: RunRequest) -> Result<RunReport, AppError> {
    let catalog = shell.catalog.clone();
    blocking(move || catalog.run(&request)).await
}

#[tauri::command]
async fn compare_strategies(
    shell: State<'_, Shell>,
    request: RunRequest,
) -> Result<Vec<RunReport>, AppError> {
    let catalog = shell.catalog.clone();
    blocking(move || catalog.compare(&request)).await
}

/// What exploring a scenario would take, before starting it.
#[tauri::command]
async fn explore_estimate(
    shell: State<'_, Shell>,
    id: String,
) -> Result<ExploreEstimate, AppError> {
    let catalog = shell.catalog.clone();
    blocking(move || catalog.explore_estimate(&id)).await
}

/// Answers `cancelled` as soon as it is cancelled: its workers stop at their
/// next turn and close their databases after, at the low priority they run at.
#[tauri::command]
async fn explore_scenario(
    app: AppHandle,
    shell: State<'_, Shell>,
    id: String,
    journal: Option<Journal>,
    sample: Option<SampleRequest>,
) -> Result<ExploreReport, AppError> {
    let catalog = shell.catalog.clone();
    let job = shell.explorations.start();
    let working = job.clone();
    let work = blocking(move || {
        catalog.explore(
            &id,
            journal,
            sample,
            &|p| drop(app.emit("explore-progress", p)),
            working.flag(),
        )
    });
    tokio::select! {
        biased;
        () = job.cancelled() => Err(jobs::cancelled()),
        answer = work => answer,
    }
}

/// Writes an exported timeline (SVG or PNG bytes) to the path the user picked.
#[tauri::command]
async fn write_export(path: String, bytes: Vec<u8>) -> Result<(), AppError> {
    blocking(move || interleave_api::export::write_export(&PathBuf::from(path), &bytes)).await
}

/// Rasterises and encodes the UI's frames as a GIF, APNG or PNG at the path
/// the save dialog gave, reporting `figure-progress` per frame; returns the size.
#[tauri::command]
async fn write_figure(
    app: AppHandle,
    shell: State<'_, Shell>,
    path: String,
    request: FigureRequest,
) -> Result<FigureWritten, AppError> {
    // A figure answers when its encoder stops: it must not write after that.
    let job = shell.figures.start();
    blocking(move || {
        interleave_api::export::write_figure(
            &PathBuf::from(path),
            request,
            &|p| drop(app.emit("figure-progress", p)),
            job.flag(),
        )
    })
    .await
}

// Cancels run off the main thread, which may be busy painting: a flag is all they set.
#[tauri::command(async)]
fn cancel_figure(shell: State<'_, Shell>) {
    shell.figures.cancel();
}

/// The challenges won, as last written (the UI's text), or null.
#[tauri::command]
async fn read_progress(shell: State<'_, Shell>) -> Result<Option<String>, AppError> {
    let progress = shell.progress.clone();
    blocking(move || progress.read()).await
}

#[tauri::command]
async fn write_progress(shell: State<'_, Shell>, text: String) -> Result<(), AppError> {
    let progress = shell.progress.clone();
    blocking(move || progress.write(&text)).await
}

#[tauri::command(async)]
fn cancel_explore(shell: State<'_, Shell>) {
    shell.explorations.cancel();
}

fn main() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let config = app.path().app_config_dir().ok();
            let state_file = config.as_ref().map(|d| d.join("recent-folders.json"));
            let progress = config.map(|d| d.join("challenges-won.json"));
            app.manage(Shell {
                catalog: Arc::new(Catalog::new(state_file)),
                progress: Arc::new(ChallengeProgress::new(progress)),
                watch: Mutex::new(None),
                explorations: Jobs::default(),
                figures: Jobs::default(),
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            catalog_state,
            open_folder,
            run_scenario,
            compare_strategies,
            explore_estimate,
            explore_scenario,
            cancel_explore,
            write_export,
            write_figure,
            cancel_figure,
            read_progress,
            write_progress
        ])
        .run(tauri::generate_context!())
        .expect("error while running Interleave");
}
