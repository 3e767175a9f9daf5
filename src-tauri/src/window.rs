//! The main window's first showing. It is created hidden (`"visible": false` in
//! `tauri.conf.json`) and shown once the UI has drawn its first screen.
//!
//! Why: with compositing off (see `main.rs`), WebKitGTK's UI process, asked to paint a
//! mapped window whose web view has no first frame yet, waits up to 500 ms for one on its
//! main thread; on this machine that happened at about one launch in three (measured with
//! `perf trace`: the main thread's 500 ms futex timing out while the web process waited on
//! it), turning a 300 ms launch into an 800 ms one. A window mapped after its first frame
//! never waits. A UI that fails before it can say so must not leave an invisible app
//! running, so the window is shown after `FALLBACK` regardless.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tauri::{AppHandle, Manager, Runtime};

/// The window's label in `tauri.conf.json`.
pub const MAIN: &str = "main";

/// How long a launch waits for the UI before showing the window anyway.
pub const FALLBACK: Duration = Duration::from_secs(3);

static SHOWN: AtomicBool = AtomicBool::new(false);

/// Shows the main window, once; later calls do nothing.
pub fn show_main<R: Runtime>(app: &AppHandle<R>) {
    if SHOWN.swap(true, Ordering::SeqCst) {
        return;
    }
    if let Some(window) = app.get_webview_window(MAIN) {
        let _ = window.show();
    }
}

/// Shows the main window after [`FALLBACK`] if the UI has not by then.
pub fn show_main_eventually<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(FALLBACK);
        let handle = app.clone();
        let _ = app.run_on_main_thread(move || show_main(&handle));
    });
}

/// The UI has drawn its first screen: show the window. With `STEWARD_REPORT_FIRST_SCREEN`
/// set, the first call prints `first-screen` on stdout (the desktop benchmark times launch
/// with it; the smoke test requires it, so a UI that only got the fallback fails).
#[tauri::command]
pub fn first_screen_drawn(app: AppHandle) {
    show_main(&app);
    static REPORTED: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("STEWARD_REPORT_FIRST_SCREEN").is_some() {
        REPORTED.call_once(|| println!("first-screen"));
    }
}
