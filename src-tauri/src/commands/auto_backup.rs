//! Automatic backups from Settings: what they are set to and how they went, changing the
//! settings, "Back up now", "Check the latest backup" (the drill), the recovery key typed
//! once for a journal made before them, and the native folder dialog. The backup and the
//! drill run on a second handle on the journal, off the session, so search goes on.

use steward_core::backup::{AutoBackupOverview, AutoBackupReport, AutoBackupSettings, DrillReport};
use steward_core::{RecoveryKey, SecretString};
use tauri::{AppHandle, State};

use super::blocking;
use crate::autobackup::in_background;
use crate::error::IpcResult;
use crate::state::AppState;

/// The automatic backups' settings, state and what is due.
#[tauri::command]
pub fn auto_backup_overview(state: State<'_, AppState>) -> IpcResult<AutoBackupOverview> {
    let now = state.clock.now().to_utc();
    state.with_session(|s| s.auto_backup_overview(now))
}

/// Stores new settings (checked by the engine) and returns the overview.
#[tauri::command]
pub fn set_auto_backup(
    state: State<'_, AppState>,
    settings: AutoBackupSettings,
) -> IpcResult<AutoBackupOverview> {
    let now = state.clock.now().to_utc();
    state.with_session(|s| {
        s.set_auto_backup(&settings)?;
        s.auto_backup_overview(now)
    })
}

/// Makes an automatic backup now, due or not.
#[tauri::command]
pub async fn auto_backup_now(app: AppHandle) -> IpcResult<AutoBackupReport> {
    blocking(app, |state| {
        let handle = state.with_session(|s| s.backup_handle())?;
        let now = state.clock.now().to_utc();
        Ok(in_background(move || {
            handle.backups().auto_backup_now(now)
        })?)
    })
    .await
}

/// Decrypts and checks the latest automatic backup in memory (the drill).
#[tauri::command]
pub async fn drill_backup(app: AppHandle) -> IpcResult<DrillReport> {
    blocking(app, |state| {
        let handle = state.with_session(|s| s.backup_handle())?;
        let now = state.clock.now().to_utc();
        Ok(in_background(move || handle.backups().drill(None, now))?)
    })
    .await
}

/// A journal made before automatic backups learns their key from the recovery key.
#[tauri::command]
pub fn adopt_recovery_key(
    state: State<'_, AppState>,
    recovery_key: SecretString,
) -> IpcResult<AutoBackupOverview> {
    let key = RecoveryKey::parse(&recovery_key)?;
    let now = state.clock.now().to_utc();
    state.with_session(|s| {
        s.adopt_recovery_key(&key)?;
        s.auto_backup_overview(now)
    })
}

/// The native folder dialog, starting at `suggested`; `None` when cancelled.
#[tauri::command]
pub async fn choose_backup_folder(app: AppHandle, suggested: String) -> Option<String> {
    use tauri_plugin_dialog::DialogExt;
    let mut dialog = app.dialog().file();
    let start = std::path::PathBuf::from(suggested);
    if start.is_dir() {
        dialog = dialog.set_directory(start);
    }
    dialog
        .blocking_pick_folder()
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
}
