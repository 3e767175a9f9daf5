//! The engine's one public error type.
//!
//! Every failure a caller can act on has its own variant, so the CLI can map it to an exit
//! code and the desktop app to an error `code` without reading message text. Authentication
//! failures are deliberately coarse: a wrong passphrase never says which check failed, and a
//! record that does not open is "damaged or tampered" whatever the cause.

use std::path::PathBuf;

/// Errors returned by `steward-core`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The passphrase (or recovery key) does not unlock this vault.
    #[error("wrong passphrase: it does not unlock this journal")]
    WrongPassphrase,

    /// The recovery key is not of the form printed by `init` (26 base32 letters/digits).
    #[error("that is not a recovery key: expected 32 letters and digits in eight groups of four, as printed at creation (dashes and spaces are ignored)")]
    MalformedRecoveryKey,

    /// A stored record failed authentication: its bytes were changed, moved from another
    /// row, rolled back to an older version, or cut short.
    #[error("damaged or tampered data: {what} could not be decrypted (it was changed, moved or rolled back)")]
    Tampered {
        /// Which record, e.g. `entry 5f0c…` or `key slot passphrase`.
        what: String,
    },

    /// The file exists but is not a Steward vault (not SQLite, or SQLite without our schema).
    #[error("{path} is not a Steward journal")]
    NotAVault {
        /// The file that was opened.
        path: PathBuf,
    },

    /// No vault at the given path.
    #[error("no journal at {path}: create one with `steward init`")]
    NoVault {
        /// The path that was looked at.
        path: PathBuf,
    },

    /// `create` was asked to write over an existing vault.
    #[error("a journal already exists at {path}; refusing to overwrite it")]
    VaultExists {
        /// The existing file.
        path: PathBuf,
    },

    /// A backup or export was asked to write where a file already is, without being told to
    /// replace it (`--force`, or the app's confirmation); nothing was written.
    #[error("{path} already exists; nothing was written (to replace it, confirm: --force)")]
    FileExists {
        /// The existing file.
        path: PathBuf,
    },

    /// The vault was written by a newer Steward; it is left untouched.
    #[error("this journal was written by a newer version of Steward (schema {found}; this build reads up to {supported}); update Steward to open it — the file was not changed")]
    VaultTooNew {
        /// `user_version` found in the file.
        found: i64,
        /// The newest schema this build knows.
        supported: i64,
    },

    /// A record encoded by a newer Steward (unknown record format version).
    #[error(
        "{what} uses record format {found}, newer than this build understands; update Steward"
    )]
    RecordTooNew {
        /// Which record.
        what: String,
        /// The format byte found.
        found: u8,
    },

    /// No record with this id.
    #[error("no {kind} with id {id}")]
    NotFound {
        /// `entry`, …
        kind: &'static str,
        /// The id that was asked for.
        id: String,
    },

    /// A save over a record that another window or process changed since it was read: the
    /// save is refused (nothing written) instead of overwriting the other change.
    #[error("{what} was changed elsewhere (version {found} now, {expected} expected); reload it")]
    Conflict {
        /// Which record, e.g. `entry 5f0c…` or `the reflection of 2026-W47`.
        what: String,
        /// The version now stored.
        found: i64,
        /// The version the caller read.
        expected: i64,
    },

    /// A reflection cannot be finished yet: answers are missing. The draft is kept.
    #[error("to finish the reflection of {week}, answer: {}", missing.join(", "))]
    IncompleteReflection {
        /// The week (ISO week name, e.g. `2026-W47`).
        week: String,
        /// The missing answers, as field paths of the reflection JSON (`exercise.step`).
        missing: Vec<&'static str>,
    },

    /// Input from the user that the engine refuses (empty passphrase, bad date, …).
    #[error("{0}")]
    InvalidInput(String),

    /// The backup passphrase does not open this backup (or its header was changed).
    #[error("wrong passphrase: it does not open this backup (or the backup's header was changed)")]
    WrongBackupPassphrase,

    /// The file is not a Steward backup: not an age file, or an age file holding something
    /// else.
    #[error("not a Steward backup: {reason}")]
    NotABackup {
        /// What was found instead.
        reason: String,
    },

    /// The backup was damaged or changed after it was written (truncated, bits flipped,
    /// records that do not parse); nothing was changed.
    #[error("the backup is damaged: {detail}; nothing was changed")]
    BackupDamaged {
        /// What is wrong, where.
        detail: String,
    },

    /// The backup was written by a newer Steward.
    #[error("this backup was written by a newer version of Steward (backup format {found}; this build reads up to {supported}); update Steward to open it")]
    BackupTooNew {
        /// Format version found.
        found: u64,
        /// The newest this build reads.
        supported: u64,
    },

    /// A line of an import file that does not parse; nothing was imported.
    #[error("line {line}: {message}; nothing was imported")]
    ImportLine {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        message: String,
    },

    /// The folder automatic backups go to is not there (a drive not connected, a folder
    /// moved or deleted); no backup was made.
    #[error("the backup folder {} is not there (a drive not connected, or moved?); reconnect it or choose another folder for automatic backups", path.display())]
    BackupFolderMissing {
        /// The folder.
        path: PathBuf,
    },

    /// No automatic backup is in the folder yet (for a drill).
    #[error("there is no automatic backup in {} yet; make one with `steward backup now`", folder.display())]
    NoAutoBackup {
        /// The folder looked in.
        folder: PathBuf,
    },

    /// This journal was made before automatic backups and does not know their key yet: the
    /// recovery key, typed once, gives it.
    #[error("automatic backups need this journal's recovery key once (it was made before them): run `steward backup identity --from-recovery-key`, or type it in Settings → Backups")]
    BackupKeyUnknown,

    /// This journal does not sync through a folder (yet).
    #[error("this journal does not sync: start with `steward sync setup --folder DIR` (or Settings → Sync)")]
    NotSyncing,

    /// The sync folder cannot be used: missing, holding another journal, or nothing to join.
    #[error("sync folder {path}: {why}")]
    SyncFolder {
        /// The folder.
        path: PathBuf,
        /// What is wrong with it, in words.
        why: String,
    },

    /// The passphrase was changed on another computer: this device has stopped syncing
    /// until the new passphrase is typed (the old one no longer opens new data).
    #[error("the passphrase was changed on another computer: type the new passphrase to go on syncing (`steward sync now` asks for it)")]
    SyncKeyChanged,

    /// The disk (or the file system's quota) is full; the write was rolled back.
    #[error("the disk is full: the change was not saved and the journal is unchanged")]
    DiskFull,

    /// Another process holds the vault locked for longer than the busy timeout.
    #[error("the journal is busy in another process (the app or another `steward`); try again")]
    Busy,

    /// A file system error.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },

    /// A database error not covered above.
    #[error("database error: {0}")]
    Database(#[source] rusqlite::Error),
}

/// The stable code of each kind of [`Error`], as the CLI's JSON errors and the desktop
/// IPC carry it (snake_case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // each is documented on the Error variant of the same name
pub enum ErrorCode {
    WrongPassphrase,
    MalformedRecoveryKey,
    Tampered,
    NotAVault,
    NoVault,
    VaultExists,
    FileExists,
    VaultTooNew,
    RecordTooNew,
    NotFound,
    Conflict,
    IncompleteReflection,
    InvalidInput,
    ImportLine,
    WrongBackupPassphrase,
    NotABackup,
    BackupDamaged,
    BackupTooNew,
    BackupFolderMissing,
    NoAutoBackup,
    BackupKeyUnknown,
    NotSyncing,
    SyncFolder,
    SyncKeyChanged,
    DiskFull,
    Busy,
    Io,
    Database,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: [ErrorCode; 28] = [
        ErrorCode::WrongPassphrase,
        ErrorCode::MalformedRecoveryKey,
        ErrorCode::Tampered,
        ErrorCode::NotAVault,
        ErrorCode::NoVault,
        ErrorCode::VaultExists,
        ErrorCode::FileExists,
        ErrorCode::VaultTooNew,
        ErrorCode::RecordTooNew,
        ErrorCode::NotFound,
        ErrorCode::Conflict,
        ErrorCode::IncompleteReflection,
        ErrorCode::InvalidInput,
        ErrorCode::ImportLine,
        ErrorCode::WrongBackupPassphrase,
        ErrorCode::NotABackup,
        ErrorCode::BackupDamaged,
        ErrorCode::BackupTooNew,
        ErrorCode::BackupFolderMissing,
        ErrorCode::NoAutoBackup,
        ErrorCode::BackupKeyUnknown,
        ErrorCode::NotSyncing,
        ErrorCode::SyncFolder,
        ErrorCode::SyncKeyChanged,
        ErrorCode::DiskFull,
        ErrorCode::Busy,
        ErrorCode::Io,
        ErrorCode::Database,
    ];

    /// The code as text, e.g. `wrong_passphrase`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::WrongPassphrase => "wrong_passphrase",
            ErrorCode::MalformedRecoveryKey => "malformed_recovery_key",
            ErrorCode::Tampered => "tampered",
            ErrorCode::NotAVault => "not_a_vault",
            ErrorCode::NoVault => "no_vault",
            ErrorCode::VaultExists => "vault_exists",
            ErrorCode::FileExists => "file_exists",
            ErrorCode::VaultTooNew => "vault_too_new",
            ErrorCode::RecordTooNew => "record_too_new",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::IncompleteReflection => "incomplete_reflection",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::ImportLine => "import_line",
            ErrorCode::WrongBackupPassphrase => "wrong_backup_passphrase",
            ErrorCode::NotABackup => "not_a_backup",
            ErrorCode::BackupDamaged => "backup_damaged",
            ErrorCode::BackupTooNew => "backup_too_new",
            ErrorCode::BackupFolderMissing => "backup_folder_missing",
            ErrorCode::NoAutoBackup => "no_auto_backup",
            ErrorCode::BackupKeyUnknown => "backup_key_unknown",
            ErrorCode::NotSyncing => "not_syncing",
            ErrorCode::SyncFolder => "sync_folder",
            ErrorCode::SyncKeyChanged => "sync_key_changed",
            ErrorCode::DiskFull => "disk_full",
            ErrorCode::Busy => "busy",
            ErrorCode::Io => "io",
            ErrorCode::Database => "database",
        }
    }
}

/// Result alias of the engine.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        if let rusqlite::Error::SqliteFailure(e, _) = &err {
            // The WAL index (-shm) could not grow: on Linux that is the file system running
            // out of space before the database write itself reports SQLITE_FULL.
            if e.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMSIZE {
                return Error::DiskFull;
            }
        }
        match err.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => Error::DiskFull,
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => Error::Busy,
            Some(ErrorCode::DatabaseCorrupt) => Error::Tampered {
                what: "the journal file (its database structure is damaged)".into(),
            },
            Some(ErrorCode::NotADatabase) => Error::NotAVault {
                path: PathBuf::new(),
            },
            _ => Error::Database(err),
        }
    }
}

impl Error {
    /// A stable, machine-readable code for this error (used by the CLI's `--json` errors
    /// and by the desktop IPC layer, which branches on it).
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    /// [`Error::code`] as a type (the front ends' TypeScript union is generated from it).
    pub fn error_code(&self) -> ErrorCode {
        match self {
            Error::WrongPassphrase => ErrorCode::WrongPassphrase,
            Error::MalformedRecoveryKey => ErrorCode::MalformedRecoveryKey,
            Error::Tampered { .. } => ErrorCode::Tampered,
            Error::NotAVault { .. } => ErrorCode::NotAVault,
            Error::NoVault { .. } => ErrorCode::NoVault,
            Error::VaultExists { .. } => ErrorCode::VaultExists,
            Error::FileExists { .. } => ErrorCode::FileExists,
            Error::VaultTooNew { .. } => ErrorCode::VaultTooNew,
            Error::RecordTooNew { .. } => ErrorCode::RecordTooNew,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Conflict { .. } => ErrorCode::Conflict,
            Error::IncompleteReflection { .. } => ErrorCode::IncompleteReflection,
            Error::InvalidInput(_) => ErrorCode::InvalidInput,
            Error::ImportLine { .. } => ErrorCode::ImportLine,
            Error::WrongBackupPassphrase => ErrorCode::WrongBackupPassphrase,
            Error::NotABackup { .. } => ErrorCode::NotABackup,
            Error::BackupDamaged { .. } => ErrorCode::BackupDamaged,
            Error::BackupTooNew { .. } => ErrorCode::BackupTooNew,
            Error::BackupFolderMissing { .. } => ErrorCode::BackupFolderMissing,
            Error::NoAutoBackup { .. } => ErrorCode::NoAutoBackup,
            Error::BackupKeyUnknown => ErrorCode::BackupKeyUnknown,
            Error::NotSyncing => ErrorCode::NotSyncing,
            Error::SyncFolder { .. } => ErrorCode::SyncFolder,
            Error::SyncKeyChanged => ErrorCode::SyncKeyChanged,
            Error::DiskFull => ErrorCode::DiskFull,
            Error::Busy => ErrorCode::Busy,
            Error::Io { .. } => ErrorCode::Io,
            Error::Database(_) => ErrorCode::Database,
        }
    }

    /// The `steward` CLI's exit code for this error (documented in the README). An
    /// exhaustive match, so a new variant has to choose one.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::WrongPassphrase | Error::MalformedRecoveryKey | Error::WrongBackupPassphrase => {
                3
            }
            Error::Tampered { .. }
            | Error::NotAVault { .. }
            | Error::NotABackup { .. }
            | Error::BackupDamaged { .. } => 4,
            Error::VaultTooNew { .. } | Error::RecordTooNew { .. } | Error::BackupTooNew { .. } => {
                5
            }
            Error::NoVault { .. }
            | Error::NotFound { .. }
            | Error::BackupFolderMissing { .. }
            | Error::NoAutoBackup { .. }
            | Error::NotSyncing
            | Error::SyncFolder { .. } => 6,
            Error::InvalidInput(_)
            | Error::ImportLine { .. }
            | Error::Conflict { .. }
            | Error::IncompleteReflection { .. }
            | Error::FileExists { .. }
            | Error::BackupKeyUnknown => 7,
            Error::DiskFull => 8,
            Error::SyncKeyChanged => 9,
            Error::VaultExists { .. } | Error::Busy | Error::Io { .. } | Error::Database(_) => 1,
        }
    }

    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        if source.raw_os_error() == Some(28) {
            // ENOSPC
            return Error::DiskFull;
        }
        Error::Io {
            context: context.into(),
            source,
        }
    }
}
