//! Creating, unlocking and locking the journal, and changing its passphrase.

use serde::Serialize;
use steward_core::{
    ExposeSecret, KdfParams, LockedVault, RecoveryKey, SecretString, Session, Vault,
};
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

/// Where the journal is and whether it is open.
#[derive(Serialize, ts_rs::TS)]
pub struct VaultStatus {
    /// A journal file exists at the path.
    pub exists: bool,
    /// It is unlocked in this app.
    pub unlocked: bool,
    /// The journal file.
    pub path: String,
}

/// Whether a journal exists and is unlocked. It is the UI's first call once its first
/// screen is mounted, so with `STEWARD_REPORT_FIRST_SCREEN` set the app prints
/// `first-screen` on stdout here, once (the desktop benchmark times launch with it).
#[tauri::command]
pub fn vault_status(state: State<'_, AppState>) -> VaultStatus {
    static REPORTED: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("STEWARD_REPORT_FIRST_SCREEN").is_some() {
        REPORTED.call_once(|| println!("first-screen"));
    }
    VaultStatus {
        exists: state.vault_path.exists(),
        unlocked: state.is_unlocked(),
        path: state.vault_path.display().to_string(),
    }
}

/// Creates the journal and opens it; returns the recovery key, to be shown once.
#[tauri::command]
pub fn create_vault(state: State<'_, AppState>, passphrase: SecretString) -> IpcResult<String> {
    let (vault, recovery) = Vault::create(&state.vault_path, &passphrase, KdfParams::default())?;
    open_new_journal(&state, vault, recovery)
}

/// Opens a journal just created (new or restored) and returns its recovery key, to be
/// shown once.
pub(crate) fn open_new_journal(
    state: &AppState,
    vault: Vault,
    recovery: RecoveryKey,
) -> IpcResult<String> {
    state.set_session(Session::open(vault)?)?;
    Ok(recovery.display().expose_secret().to_string())
}

/// Unlocks the journal with its passphrase.
#[tauri::command]
pub fn unlock(state: State<'_, AppState>, passphrase: SecretString) -> IpcResult<()> {
    let vault = LockedVault::open(&state.vault_path)?.unlock(&passphrase)?;
    state.set_session(Session::open(vault)?)?;
    Ok(())
}

/// Locks the journal now.
#[tauri::command]
pub fn lock(state: State<'_, AppState>) {
    state.lock();
}

/// Closes the window (and the app) once the UI has saved its pending edits; the session
/// is locked first.
#[tauri::command]
pub fn close_app(state: State<'_, AppState>, window: tauri::Window) {
    state.begin_closing();
    state.lock();
    let _ = window.destroy();
}

/// Replaces the passphrase after checking the current one (the engine checks it against
/// the open journal's slot: one KDF run for the check, one for the new slot).
#[tauri::command]
pub fn change_passphrase(
    state: State<'_, AppState>,
    current: SecretString,
    new: SecretString,
) -> IpcResult<()> {
    state.with_session(|s| s.change_passphrase(&current, &new, KdfParams::default()))
}

/// Settings the UI shows.
#[derive(Serialize, ts_rs::TS)]
pub struct AppSettings {
    /// Idle minutes before the journal locks itself.
    pub autolock_minutes: u64,
}

/// The open journal's settings.
#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> IpcResult<AppSettings> {
    let autolock_minutes = state.with_session(|s| s.autolock_minutes())?;
    Ok(AppSettings { autolock_minutes })
}

/// Sets (and stores, encrypted, in the journal) the auto-lock delay.
#[tauri::command]
pub fn set_autolock(state: State<'_, AppState>, minutes: u64) -> IpcResult<()> {
    let minutes = state.with_session(|s| s.set_autolock_minutes(minutes))?;
    state.set_autolock(minutes);
    Ok(())
}
