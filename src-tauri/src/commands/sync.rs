//! Sync from Settings → Sync and the journal: where it stands, choosing the folder (the
//! native dialog) and starting, "Sync now", settling an entry edited on two computers,
//! typing the passphrase changed on another computer, and stopping; and, at first run,
//! joining a journal another computer syncs. Rounds the app starts by itself run in the
//! background (`crate::syncer`).

use steward_core::sync::{Keep, SyncReport, SyncStatus};
use steward_core::{SecretString, Session};
use tauri::{AppHandle, State};

use super::blocking;
use crate::error::IpcResult;
use crate::state::AppState;
use crate::syncer::{AFTER_SAVE, AFTER_UNLOCK};

/// Where syncing stands; `null` when this journal does not sync.
#[tauri::command]
pub fn sync_status(state: State<'_, AppState>) -> IpcResult<Option<SyncStatus>> {
    state.with_session(|s| s.sync_status())
}

/// The native folder dialog; `None` when cancelled.
#[tauri::command]
pub async fn choose_sync_folder(app: AppHandle) -> Option<String> {
    use tauri_plugin_dialog::DialogExt;
    app.dialog()
        .file()
        .blocking_pick_folder()
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
}

/// Starts syncing into `folder`, runs the first round and watches the folder.
#[tauri::command]
pub async fn start_sync(app: AppHandle, folder: String) -> IpcResult<SyncReport> {
    blocking(app, move |state| {
        let report = state.with_session(|s| s.sync_setup(std::path::Path::new(&folder)))?;
        state.start_syncing(AFTER_SAVE);
        Ok(report)
    })
    .await
}

/// First run on a second computer: a new journal at the app's path made from the folder
/// (the same data key, so the same passphrase and recovery key open it; every computer's
/// latest snapshot read), opened and then synced and backed up like any unlocked journal.
#[tauri::command]
pub async fn join_sync(
    app: AppHandle,
    folder: String,
    passphrase: SecretString,
) -> IpcResult<SyncReport> {
    blocking(app, move |state| {
        let folder = std::path::Path::new(&folder);
        let (vault, report) = steward_core::sync::join(folder, &state.vault_path, &passphrase)?;
        state.set_session(Session::open(vault)?)?;
        state.start_auto_backup(crate::autobackup::AFTER_UNLOCK);
        state.start_syncing(AFTER_UNLOCK);
        Ok(report)
    })
    .await
}

/// A round now, on the session.
#[tauri::command]
pub async fn sync_now(app: AppHandle) -> IpcResult<SyncReport> {
    blocking(app, |state| state.with_session(|s| s.sync_now())).await
}

/// Keeps one version of a record edited on two computers; the choice goes out soon.
#[tauri::command]
pub fn resolve_sync_conflict(state: State<'_, AppState>, id: String, keep: Keep) -> IpcResult<()> {
    state.with_session(|s| s.sync_resolve(&id, keep))?;
    state.request_sync(std::time::Duration::ZERO);
    Ok(())
}

/// Takes the passphrase changed on another computer (this journal opens with it from now
/// on), then syncs.
#[tauri::command]
pub async fn adopt_sync_passphrase(
    app: AppHandle,
    passphrase: SecretString,
) -> IpcResult<SyncReport> {
    blocking(app, move |state| {
        state.with_session(|s| s.sync_adopt_passphrase(&passphrase))
    })
    .await
}

/// Stops syncing on this computer (its files stay in the folder).
#[tauri::command]
pub fn stop_sync(state: State<'_, AppState>) -> IpcResult<()> {
    state.with_session(|s| s.sync_stop())?;
    state.syncer.unwatch();
    Ok(())
}
