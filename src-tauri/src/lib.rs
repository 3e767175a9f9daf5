//! The Steward desktop shell: a Tauri v2 window over `steward-core`.
//!
//! Everything here is wiring: the app state (`state`), the IPC error shape (`error`), the
//! commands (`commands`, each a one-line delegation to the engine), the weekly reminder
//! (`reminder`), the navigation guard and confirmed external links (`links`), secrets
//! on the clipboard (`clipboard`), locking on screen lock and suspend (`screenlock`), the
//! window's first showing (`window`), single-instance, window-state and notification
//! plugins, and the timers (auto-lock, reminder). The journal screens live in `ui/`.

pub mod autobackup;
pub mod bindings;
pub mod clipboard;
pub mod commands;
pub mod error;
pub mod links;
pub mod print;
pub mod reminder;
pub mod screenlock;
pub mod state;
pub mod syncer;
pub mod window;

use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_notification::NotificationExt;
use tauri_plugin_window_state::StateFlags;

use state::AppState;

/// How long the UI gets to save pending edits when the window is closed.
const CLOSE_GRACE: Duration = Duration::from_secs(3);

/// How often the auto-lock timer looks at the idle time.
const AUTOLOCK_POLL: Duration = Duration::from_secs(15);

/// How often the reminder looks at the clock.
const REMINDER_POLL: Duration = Duration::from_secs(30);

/// Looks at the clock; when the weekly reflection has just become due, sends a desktop
/// notification and tells the UI (which shows its banner). The notification names no
/// person and quotes nothing the leader wrote: notification daemons may log it.
pub fn remind(app: &AppHandle) {
    let Some(week) = app.state::<AppState>().reminder_tick() else {
        return;
    };
    let _ = app.emit("reflection-due", week.to_string());
    // The plugin sends it over D-Bus from its own task; a missing notification service
    // is not an error the user can act on (the banner still shows).
    let _ = app
        .notification()
        .builder()
        .title("Weekly reflection")
        .body("Your weekly reflection is due. Open Steward to look back on your week.")
        .show();
}

/// Closing the window first asks the UI to save what was typed in the last moment; the UI
/// then calls `close_app`. If it does not answer in time, the window closes anyway.
fn save_before_closing(window: &tauri::Window, event: &tauri::WindowEvent) {
    if let tauri::WindowEvent::CloseRequested { api, .. } = event {
        if !window.state::<AppState>().begin_closing() {
            api.prevent_close();
            let _ = window.emit("close-requested", ());
            let window = window.clone();
            std::thread::spawn(move || {
                std::thread::sleep(CLOSE_GRACE);
                let _ = window.destroy();
            });
        }
    }
}

/// The two timers: auto-lock after the idle delay, and the weekly reminder.
fn start_timers(app: &AppHandle) {
    let handle = app.clone();
    std::thread::spawn(move || loop {
        std::thread::sleep(AUTOLOCK_POLL);
        if handle.state::<AppState>().lock_if_idle() {
            // The UI clears every decrypted string when it hears this.
            let _ = handle.emit("locked", ());
        }
    });
    let handle = app.clone();
    std::thread::spawn(move || loop {
        std::thread::sleep(REMINDER_POLL);
        remind(&handle);
    });
}

/// Builds and runs the app until its last window closes.
pub fn run() {
    let vault_path = std::env::var_os("STEWARD_VAULT")
        .map(std::path::PathBuf::from)
        .or_else(steward_core::default_vault_path)
        .expect("no data folder is known for this user; set STEWARD_VAULT");
    tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            // A second launch focuses the window of the first instead of opening another.
            if let Some(window) = app.get_webview_window(window::MAIN) {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(
            // Not the visibility: the window starts hidden and `window` shows it.
            tauri_plugin_window_state::Builder::default()
                .with_state_flags(StateFlags::all() - StateFlags::VISIBLE)
                .build(),
        )
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(links::guard())
        .manage(AppState::new(vault_path))
        .on_window_event(save_before_closing)
        .setup(|app| {
            let _ = app.state::<AppState>().app.set(app.handle().clone());
            start_timers(app.handle());
            window::show_main_eventually(app.handle());
            screenlock::watch(app.handle());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::vault::vault_status,
            window::first_screen_drawn,
            links::open_link,
            clipboard::copy_secret,
            clipboard::clear_secret,
            print::print_page,
            commands::vault::create_vault,
            commands::vault::unlock,
            commands::vault::recover,
            commands::vault::lock,
            commands::vault::user_active,
            commands::vault::close_app,
            commands::vault::change_passphrase,
            commands::vault::get_settings,
            commands::vault::set_autolock,
            commands::entries::entry_list,
            commands::entries::entry_page,
            commands::entries::get_entry,
            commands::entries::entry_words,
            commands::entries::create_entry,
            commands::entries::update_entry,
            commands::entries::delete_entry,
            commands::entries::entries_about,
            commands::entries::search_reflections,
            commands::reflections::reflection_overview,
            commands::reflections::get_reflection,
            commands::reflections::save_reflection,
            commands::reflections::finish_reflection,
            commands::reflections::suggest_calendar_path,
            commands::reflections::choose_calendar_file,
            commands::reflections::save_step_calendar,
            commands::reflections::list_relationships,
            commands::reflections::create_relationship,
            commands::reflections::rename_relationship,
            commands::reflections::archive_relationship,
            commands::reflections::relationship_history,
            commands::reflections::set_relationship_notes,
            commands::reflections::get_schedule,
            commands::reflections::set_schedule,
            commands::reflections::get_trends,
            commands::backup::backup_status,
            commands::backup::choose_backup_file,
            commands::backup::export_backup,
            commands::backup::suggest_backup_passphrase,
            commands::backup::verify_backup,
            commands::backup::import_backup,
            commands::backup::restore_backup,
            commands::sync::sync_status,
            commands::sync::choose_sync_folder,
            commands::sync::start_sync,
            commands::sync::join_sync,
            commands::sync::sync_now,
            commands::sync::resolve_sync_conflict,
            commands::sync::adopt_sync_passphrase,
            commands::sync::stop_sync,
            commands::auto_backup::auto_backup_overview,
            commands::auto_backup::set_auto_backup,
            commands::auto_backup::auto_backup_now,
            commands::auto_backup::drill_backup,
            commands::auto_backup::adopt_recovery_key,
            commands::auto_backup::choose_backup_folder,
            commands::lookback::on_this_day,
            commands::lookback::dismiss_on_this_day,
            commands::lookback::review_periods,
            commands::lookback::review_offers,
            commands::lookback::dismiss_review,
            commands::lookback::get_review,
            commands::lookback::save_review,
            commands::lookback::list_decisions,
            commands::lookback::add_decision,
            commands::lookback::review_decision,
            commands::lookback::suggest_record_path,
            commands::lookback::choose_record_file,
            commands::lookback::export_record,
            #[cfg(feature = "test-clock")]
            commands::test_clock::test_set_clock,
        ])
        .run(tauri::generate_context!())
        .expect("error while running the Steward app");
}
