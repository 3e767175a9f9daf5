//! Encrypted backups from the app: choosing a file (the native dialog), export with
//! progress events, verify, import (merge) and restore into a new journal. The long ones
//! are async commands, so the window keeps drawing while they run.

use serde::Serialize;
use steward_core::backup::{self, BackupOptions, BackupSummary, MergeReport, LAST_BACKUP_SETTING};
use steward_core::{KdfParams, SecretString};
use tauri::{AppHandle, Emitter, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::IpcResult;
use crate::state::AppState;

/// Days without a backup after which Settings and the banner remind the leader.
pub const BACKUP_REMINDER_DAYS: i64 = 30;

/// When the last backup was made, and whether it is time for one.
#[derive(Serialize)]
pub struct BackupStatus {
    /// RFC 3339, or `None` if never.
    pub last_backup_at: Option<String>,
    /// Whole days since then (or since the journal was created, if never).
    pub days_since: i64,
    /// 30 days or more.
    pub overdue: bool,
    /// A file name to offer: `steward-YYYY-MM-DD.age` in the documents folder.
    pub suggested_path: String,
}

/// The backup status of the open journal.
#[tauri::command]
pub fn backup_status(state: State<'_, AppState>) -> IpcResult<BackupStatus> {
    let now = state.clock.now();
    let (last, created) = state.with_session(|s| {
        let last = s.vault().get_setting(LAST_BACKUP_SETTING)?;
        let created = s
            .vault()
            .status()
            .created_week(&steward_core::Schedule::default(), &now)?;
        Ok((last.and_then(|v| v.as_str().map(str::to_string)), created))
    })?;
    let since = match &last {
        Some(t) => chrono::DateTime::parse_from_rfc3339(t)
            .map(|t| (now.fixed_offset() - t).num_days())
            .unwrap_or(0),
        None => (now.date_naive() - created.monday()).num_days(),
    };
    let folder = dirs_documents().unwrap_or_else(|| {
        state
            .vault_path
            .parent()
            .map(|p| p.to_path_buf())
            .unwrap_or_default()
    });
    Ok(BackupStatus {
        last_backup_at: last,
        days_since: since.max(0),
        overdue: since >= BACKUP_REMINDER_DAYS,
        suggested_path: folder
            .join(format!("steward-{}.age", now.format("%Y-%m-%d")))
            .display()
            .to_string(),
    })
}

fn dirs_documents() -> Option<std::path::PathBuf> {
    std::env::var_os("HOME")
        .map(|h| std::path::PathBuf::from(h).join("Documents"))
        .filter(|p| p.is_dir())
}

/// Asks for a file with the native dialog: where to save (`save`) or which to open.
#[tauri::command]
pub async fn choose_backup_file(app: AppHandle, save: bool, suggested: String) -> Option<String> {
    let path = std::path::PathBuf::from(&suggested);
    let mut dialog = app
        .dialog()
        .file()
        .add_filter("Steward backup (age)", &["age"]);
    if let Some(dir) = path.parent().filter(|d| d.is_dir()) {
        dialog = dialog.set_directory(dir);
    }
    if let Some(name) = path.file_name() {
        dialog = dialog.set_file_name(name.to_string_lossy());
    }
    let chosen = if save {
        dialog.blocking_save_file()
    } else {
        dialog.blocking_pick_file()
    };
    chosen
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
}

/// Progress of a long backup operation, as the `backup-progress` event carries it.
#[derive(Clone, Serialize)]
pub struct Progress {
    /// Entries done.
    pub done: u64,
    /// Entries in all.
    pub total: u64,
}

/// Exports the open journal to `path`, encrypted with `passphrase`.
#[tauri::command]
pub async fn export_backup(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    passphrase: String,
) -> IpcResult<BackupSummary> {
    let passphrase = SecretString::from(passphrase);
    state.with_session(|s| {
        s.vault().backups().export_with_progress(
            std::path::Path::new(&path),
            &passphrase,
            BackupOptions::default(),
            &mut |done, total| {
                let _ = app.emit("backup-progress", Progress { done, total });
            },
        )
    })
}

/// Decrypts a backup and checks every record.
#[tauri::command]
pub async fn verify_backup(path: String, passphrase: String) -> IpcResult<BackupSummary> {
    Ok(backup::verify_backup(
        std::path::Path::new(&path),
        &SecretString::from(passphrase),
    )?)
}

/// Merges a backup into the open journal, then reloads the entries.
#[tauri::command]
pub async fn import_backup(
    state: State<'_, AppState>,
    path: String,
    passphrase: String,
) -> IpcResult<MergeReport> {
    let passphrase = SecretString::from(passphrase);
    let report = state.with_session(|s| {
        let report = s
            .vault()
            .backups()
            .import(std::path::Path::new(&path), &passphrase)?;
        s.reload()?;
        Ok(report)
    })?;
    state.refresh_reminder()?;
    Ok(report)
}

/// Creates the journal from a backup (when none exists yet) and opens it; returns the new
/// recovery key, to be shown once.
#[tauri::command]
pub async fn restore_backup(
    state: State<'_, AppState>,
    path: String,
    backup_passphrase: String,
    passphrase: String,
) -> IpcResult<String> {
    let (vault, recovery, _) = backup::restore_backup(
        std::path::Path::new(&path),
        &SecretString::from(backup_passphrase),
        &state.vault_path,
        &SecretString::from(passphrase),
        KdfParams::default(),
    )?;
    crate::commands::vault::open_new_journal(&state, vault, recovery)
}
