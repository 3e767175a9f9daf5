//! Creating, unlocking and locking the journal, and changing its passphrase.

use serde::Serialize;
use steward_core::{
    ExposeSecret, KdfParams, LockedVault, RecoveryKey, Rotation, SecretString, Session, Vault,
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
    /// Copies of the journal made before an upgrade to this version's format, still there
    /// because the upgraded journal has not unlocked yet (then they are removed).
    pub copies_aside: Vec<String>,
}

/// Whether a journal exists and is unlocked: the UI's first call, to choose its first screen.
#[tauri::command]
pub fn vault_status(state: State<'_, AppState>) -> VaultStatus {
    VaultStatus {
        exists: state.vault_path.exists(),
        unlocked: state.is_unlocked(),
        path: state.vault_path.display().to_string(),
        copies_aside: LockedVault::copies_aside(&state.vault_path)
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
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

/// Unlocks the journal with its passphrase (the entry rows are read while Argon2 runs).
/// Off the main thread, which meanwhile serves the page's requests: the journal screen's
/// script loads during the KDF instead of after it, and the window keeps painting.
#[tauri::command]
pub async fn unlock(app: tauri::AppHandle, passphrase: SecretString) -> IpcResult<()> {
    super::blocking(app, move |state| {
        let (vault, rows) = LockedVault::open(&state.vault_path)?.unlock_with_rows(&passphrase)?;
        state.set_session(Session::open_with_rows(vault, rows)?)?;
        state.start_auto_backup(crate::autobackup::AFTER_UNLOCK);
        state.start_syncing(crate::syncer::AFTER_UNLOCK);
        Ok(())
    })
    .await
}

/// Opens the journal with its recovery key and sets `new` as its passphrase (the keys
/// rotate, a new recovery key comes back to be shown once). Off the async runtime: two
/// Argon2id runs and every record re-sealed.
#[tauri::command]
pub async fn recover(
    app: tauri::AppHandle,
    recovery_key: SecretString,
    new: SecretString,
) -> IpcResult<KeysRotated> {
    super::blocking(app, move |state| {
        let locked = LockedVault::open(&state.vault_path)?;
        let (session, rotation) = Session::recover(locked, &recovery_key, &new)?;
        state.set_session(session)?;
        Ok(KeysRotated::from(rotation))
    })
    .await
}

/// The user typed, clicked or scrolled (the UI reports it at most every few seconds): the
/// idle time before auto-lock starts again.
#[tauri::command]
pub fn user_active(state: State<'_, AppState>) {
    state.user_active();
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

/// Changes the passphrase after checking the current one, rotating the data key (with
/// `new` the same as `current`: "rotate keys"). The recovery key is kept when the user
/// typed it in `keep_recovery_key`, else a new one comes back to be shown once. Runs off
/// the async runtime: two Argon2id runs and every record re-sealed.
#[tauri::command]
pub async fn change_passphrase(
    app: tauri::AppHandle,
    current: SecretString,
    new: SecretString,
    keep_recovery_key: Option<SecretString>,
) -> IpcResult<KeysRotated> {
    super::blocking(app, move |state| {
        state.with_session(|s| {
            s.change_passphrase_keeping(&current, &new, keep_recovery_key.as_ref())
                .map(KeysRotated::from)
        })
    })
    .await
}

/// What a passphrase change or key rotation did.
#[derive(Serialize, ts_rs::TS)]
pub struct KeysRotated {
    /// Records re-sealed under the new key.
    pub records: u64,
    /// The new recovery key, to show once; `null` when the user kept theirs.
    pub recovery_key: Option<String>,
    /// Whether no old key material is left in the journal's live files.
    pub wal_cleared: bool,
}

impl From<Rotation> for KeysRotated {
    fn from(r: Rotation) -> Self {
        KeysRotated {
            records: r.records,
            recovery_key: (r.recovery_key.as_ref())
                .map(|k| k.display().expose_secret().to_string()),
            wal_cleared: r.wal_cleared,
        }
    }
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
