//! The Steward desktop shell: a Tauri v2 window over `steward-core`.
//!
//! This is a placeholder shell: it opens the main window on the bundled placeholder page.
//! The journal screens and the IPC commands (thin adapters over the core) arrive with the
//! desktop-app issue.

/// Builds and runs the app until its last window closes.
pub fn run() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("error while running the Steward app");
}
