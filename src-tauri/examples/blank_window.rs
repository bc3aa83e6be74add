//! A blank Tauri 2 window and nothing else: the baseline `make bench-app`
//! compares the app with. It is an example of the shell's crate, the only one
//! that may know Tauri, so it is built with the same Tauri and release profile
//! and never bundled. Its config, page and icon are in `blank-window/`.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!("blank-window/tauri.conf.json"))
        .expect("error while running the blank window");
}
