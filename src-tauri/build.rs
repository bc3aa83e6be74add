fn main() {
    // Declaring the commands makes each one a permission, so the capability
    // file can grant exactly these and nothing else.
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "catalog_state",
            "open_folder",
            "run_scenario",
            "compare_strategies",
            "explore_estimate",
            "explore_scenario",
            "cancel_explore",
            "write_export",
            "write_figure",
            "cancel_figure",
            "read_progress",
            "write_progress",
        ]),
    ))
    .expect("tauri build script");
}
