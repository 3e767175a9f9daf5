//! Encrypted backups from the app: choosing a file (the native dialog), export with
//! progress events, verify, import (merge) and restore into a new journal. The long ones
//! are async commands, so the window keeps drawing while they run.

use std::path::PathBuf;

use serde::Serialize;
use steward_core::backup::{self, BackupOptions, BackupStatus, BackupSummary, MergeReport};
use steward_core::{KdfParams, SecretString};
use tauri::{AppHandle, Emitter, State};

use super::blocking;
use crate::error::IpcResult;
use crate::state::AppState;

/// The backup status of the open journal, suggesting a file in the documents folder.
#[tauri::command]
pub fn backup_status(state: State<'_, AppState>) -> IpcResult<BackupStatus> {
    let (now, folder) = (state.clock.now(), backup_folder(&state));
    state.with_session(|s| s.backup_status(&now, &folder))
}

/// Where backups are offered: the documents folder, else the journal's folder.
pub(crate) fn backup_folder(state: &AppState) -> PathBuf {
    dirs_documents().unwrap_or_else(|| {
        (state.vault_path.parent())
            .map(|p| p.to_path_buf())
            .unwrap_or_default()
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
    super::choose_file(&app, &suggested, "Steward backup (age)", "age", save)
}

/// A backup path the web view sent (from the native dialog, or typed), re-checked here
/// under the rules the dialog implies, so a page that went wrong cannot make Rust write or
/// read anything else: an absolute path; for writing, a `.age` file in a folder that
/// exists (the engine then refuses the journal's own files and anything existing without
/// the separate confirmation); for reading, an existing regular file.
fn checked_backup_path(path: &std::path::Path, writing: bool) -> IpcResult<PathBuf> {
    let invalid = |why: &str| {
        crate::error::IpcError::app(
            "invalid_input",
            format!("{} cannot be used for a backup: {why}", path.display()),
        )
    };
    if writing {
        super::check_new_file(path, "backup", "age", invalid)?;
    } else if !path.is_absolute() {
        return Err(invalid("choose it with Choose… or type a full path"));
    } else if !path.is_file() {
        return Err(invalid("there is no such file"));
    }
    Ok(path.to_path_buf())
}

/// A strong backup passphrase to offer (six groups of four letters and digits, 120 bits),
/// shown once by the export form.
#[tauri::command]
pub fn suggest_backup_passphrase() -> IpcResult<String> {
    use steward_core::ExposeSecret;
    Ok(backup::suggest_passphrase()?.expose_secret().to_string())
}

/// Progress of a long backup operation, as the `backup-progress` event carries it.
#[derive(Clone, Serialize, ts_rs::TS)]
pub struct Progress {
    /// Entries done.
    pub done: u64,
    /// Entries in all.
    pub total: u64,
}

/// Exports the open journal to `path`, encrypted with `passphrase` (the session stays
/// locked for the export, which reads the journal through it). An existing file is
/// replaced only with `replace`, which the UI sends after the user confirmed it.
#[tauri::command]
pub async fn export_backup(
    app: AppHandle,
    path: PathBuf,
    passphrase: SecretString,
    replace: bool,
) -> IpcResult<BackupSummary> {
    let path = checked_backup_path(&path, true)?;
    let events = app.clone();
    blocking(app, move |state| {
        let mut progress = |done, total| {
            let _ = events.emit("backup-progress", Progress { done, total });
        };
        state.with_session(|s| {
            let options = BackupOptions {
                replace_existing: replace,
                ..BackupOptions::default()
            };
            s.export_backup(&path, &passphrase, options, &mut progress)
        })
    })
    .await
}

/// Decrypts a backup and checks every record (no journal involved).
#[tauri::command]
pub async fn verify_backup(
    app: AppHandle,
    path: PathBuf,
    passphrase: SecretString,
) -> IpcResult<BackupSummary> {
    let path = checked_backup_path(&path, false)?;
    blocking(app, move |_| Ok(backup::verify_backup(&path, &passphrase)?)).await
}

/// Merges a backup into the open journal (the session reloads its entries).
#[tauri::command]
pub async fn import_backup(
    app: AppHandle,
    path: PathBuf,
    passphrase: SecretString,
) -> IpcResult<MergeReport> {
    let path = checked_backup_path(&path, false)?;
    blocking(app, move |state| {
        let report = state.with_session(|s| s.import_backup(&path, &passphrase))?;
        state.refresh_reminder()?;
        Ok(report)
    })
    .await
}

/// Creates the journal from a backup (when none exists yet) and opens it; returns the new
/// recovery key, to be shown once.
#[tauri::command]
pub async fn restore_backup(
    app: AppHandle,
    path: PathBuf,
    backup_passphrase: SecretString,
    passphrase: SecretString,
) -> IpcResult<String> {
    let path = checked_backup_path(&path, false)?;
    blocking(app, move |state| {
        let (vault, recovery, _) = backup::restore_backup(
            &path,
            &backup_passphrase,
            &state.vault_path,
            &passphrase,
            KdfParams::default(),
        )?;
        crate::commands::vault::open_new_journal(state, vault, recovery)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::checked_backup_path;

    #[test]
    fn only_absolute_age_files_in_real_folders_are_written_and_only_files_read() {
        let dir = tempfile::tempdir().unwrap();
        let ok = dir.path().join("journal-2026-12-02.age");
        assert!(checked_backup_path(&ok, true).is_ok());
        for bad in [
            std::path::PathBuf::from("relative.age"),
            dir.path().join(".bashrc"),
            dir.path().join("journal.steward"),
            dir.path().join("missing-folder").join("x.age"),
        ] {
            let err = checked_backup_path(&bad, true).unwrap_err();
            assert_eq!(err.code, "invalid_input", "{}", bad.display());
        }
        assert!(checked_backup_path(&ok, false).is_err(), "not there yet");
        std::fs::write(&ok, b"x").unwrap();
        assert!(checked_backup_path(&ok, false).is_ok());
        assert!(checked_backup_path(dir.path(), false).is_err(), "a folder");
    }
}
