//! Encrypted backups the leader owns: an age v1 file (scrypt passphrase recipient) holding
//! one JSON document (docs/DESIGN.md §5), which the standard `age` tool opens with no Steward
//! installed:
//!
//! ```json
//! {"format": "steward-backup", "version": 1, "exported_at": "…", "generator": "steward 0.1.0",
//!  "counts": {"entries": 2, "relationships": 1, "reflections": 1, "settings": 3},
//!  "entries": [{"id", "created_at", "updated_at", "kind", "version", "title", "body", "tags"}, …],
//!  "relationships": [{"id", "name", "archived", "created_at", "updated_at", "version"}, …],
//!  "reflections": [{"id", "week", "created_at", "updated_at", "completed_at", "version",
//!                   "answers": {…the reflection answers, relationship by id…}}, …],
//!  "tombstones": [{"id", "kind", "deleted_at"}, …],
//!  "settings": {"key": value, …}}
//! ```
//!
//! Version 2 added `tombstones` (and `counts.tombstones`): what was deleted, so a merge
//! does not bring it back. Version 1 files (no tombstones) still verify, restore and
//! import; a version 1 file that holds tombstones is damaged.
//!
//! **Export** streams: entries are decrypted one row at a time inside one read transaction
//! and serialized straight into the age stream, which writes a temporary file in the target
//! folder; the file is fsynced and renamed into place, so an interrupted export leaves
//! nothing at the target name. **Reading** (verify, restore, import) streams too: a serde
//! visitor hands each record to a sink as it is parsed, refuses a newer format before any
//! record, stops at the first record beyond the declared counts, and refuses trailing data.
//! The parts: `write` (export), `read` (the streaming parser and its sinks), `verify`
//! (checking a backup without a journal), `merge` (restore and import), `auto` (automatic
//! backups to the journal's backup key, their rotation, and the restore drill).
//!
//! **Restore** builds a new vault (tombstones included, so a later merge still knows) and
//! removes it if anything fails; **import** merges by id in one transaction (newer local
//! data is kept; a deletion wins over a copy not edited since, an edit over an earlier
//! deletion) and changes nothing on failure.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use ts_rs::TS;

use secrecy::SecretString;
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::keyslot::{KdfParams, RecoveryKey};
use crate::model::entry::Entry;
use crate::model::reflection::Reflection;
use crate::model::relationship::Relationship;
use crate::model::tombstone::{RecordKind, Tombstone};
use crate::model::{canonical_id, MAX_RECORD_VERSION};
use crate::records::{sync_dir, Vault};

mod auto;
mod merge;
mod read;
mod verify;
mod write;

pub use self::auto::{
    auto_backup_name, auto_backup_time, backup_due, default_backup_folder, rotation_removes,
    AutoBackupOverview, AutoBackupReport, AutoBackupSettings, AutoBackupState, BackupFailure,
    BackupInterval, DrillRecord, DrillReport, AUTO_BACKUP_PREFIX, AUTO_BACKUP_SETTING,
    AUTO_BACKUP_STATE_SETTING, DRILL_INTERVAL_DAYS,
};
pub use self::merge::restore_backup;

/// A strong backup passphrase to offer the leader: 120 random bits as 24 letters and
/// digits (base32, lower case) in six groups of four, e.g. `k7xq-2mfa-…` — easy to write
/// down or keep in a password manager, far beyond what scrypt guessing can reach.
pub fn suggest_passphrase() -> Result<SecretString> {
    let mut bytes = zeroize::Zeroizing::new([0u8; 15]);
    crate::crypto::random_fill(bytes.as_mut())?;
    let letters = zeroize::Zeroizing::new(
        data_encoding::BASE32_NOPAD
            .encode(bytes.as_ref())
            .to_ascii_lowercase(),
    );
    let grouped = letters
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).expect("base32 is ASCII"))
        .collect::<Vec<_>>()
        .join("-");
    Ok(SecretString::from(grouped))
}
use self::read::{read_backup, Sink};
pub use self::verify::verify_backup;
#[cfg(any(test, feature = "test-support"))]
pub use self::verify::verify_document;

/// Backups of an unlocked vault: `vault.backups()`.
#[derive(Clone, Copy)]
pub struct Backups<'v> {
    vault: &'v Vault,
}

impl Vault {
    /// Encrypted backups: export, and merging one into this journal.
    pub fn backups(&self) -> Backups<'_> {
        Backups { vault: self }
    }
}

/// Days without a backup after which the front ends remind the leader.
pub const BACKUP_REMINDER_DAYS: i64 = 30;

/// When the last backup was made, and whether it is time for one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupStatus {
    /// When (RFC 3339, UTC, in JSON), or `None` if never.
    #[serde(with = "crate::stamp::serde_utc_opt")]
    #[ts(type = "string | null")]
    pub last_backup_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Whole days since then (or since the journal was created, if never).
    pub days_since: i64,
    /// [`BACKUP_REMINDER_DAYS`] or more.
    pub overdue: bool,
    /// A file name to offer: `steward-YYYY-MM-DD.age` in the given folder.
    pub suggested_path: String,
}

impl Backups<'_> {
    /// The backup status at `now`, suggesting a file in `folder`.
    pub fn status<Tz: chrono::TimeZone>(
        &self,
        now: &chrono::DateTime<Tz>,
        folder: &Path,
    ) -> Result<BackupStatus>
    where
        Tz::Offset: std::fmt::Display,
    {
        let last = self
            .vault
            .get_setting(LAST_BACKUP_SETTING)?
            .and_then(|v| v.as_str().and_then(crate::stamp::parse));
        let since = match last {
            Some(t) => (now.with_timezone(&chrono::Utc) - t).num_days(),
            None => {
                let created = (self.vault.status())
                    .created_week(&crate::schedule::Schedule::default(), now)?;
                (now.date_naive() - created.monday()).num_days()
            }
        };
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
}

/// The setting that records when the last backup was exported (RFC 3339).
pub const LAST_BACKUP_SETTING: &str = "last_backup_at";

/// The `format` of a backup document.
pub const BACKUP_FORMAT: &str = "steward-backup";
/// The backup format version this build writes and the newest it reads.
pub const BACKUP_VERSION: u64 = 3;
/// The first version whose documents carry tombstones.
pub const TOMBSTONES_SINCE: u64 = 2;
/// The first version whose entries may carry a `decision` or a `review`. Builds that read
/// only version 2 would drop those members silently, so they are told the file is newer.
pub const DECISIONS_SINCE: u64 = 3;
/// scrypt work factor (log2 N) of new backups: N = 2^18 as age itself picks on a typical
/// machine (about a second; 256 MiB).
pub const DEFAULT_WORK_FACTOR: u8 = 18;
/// The largest work factor a backup may ask for: N = 2^20, which needs 1 GiB (scrypt's
/// 128 · r · N bytes with r = 8), four times what Steward writes. A hostile file asking for
/// more is refused before scrypt runs, instead of taking 4 GiB and most of a minute.
pub const MAX_WORK_FACTOR: u8 = 20;

/// How a backup is encrypted and written.
#[derive(Debug, Clone, Copy)]
pub struct BackupOptions {
    /// scrypt work factor, log2 N.
    pub work_factor: u8,
    /// Replace a file already at the path (the user confirmed it separately); without it an
    /// existing file is [`Error::FileExists`].
    pub replace_existing: bool,
}

impl Default for BackupOptions {
    fn default() -> Self {
        BackupOptions {
            work_factor: DEFAULT_WORK_FACTOR,
            replace_existing: false,
        }
    }
}

/// What a backup holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct BackupCounts {
    /// Journal entries.
    pub entries: u64,
    /// Relationships.
    pub relationships: u64,
    /// Weekly reflections.
    pub reflections: u64,
    /// Settings.
    pub settings: u64,
    /// Tombstones of deleted records (none in a version 1 backup).
    #[serde(default)]
    pub tombstones: u64,
}

/// What export and verify report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct BackupSummary {
    /// When it was exported (RFC 3339, UTC, in JSON).
    #[serde(with = "crate::stamp::serde_utc")]
    #[ts(type = "string")]
    pub exported_at: chrono::DateTime<chrono::Utc>,
    /// Records, as found (verify) or written (export).
    pub counts: BackupCounts,
    /// The oldest entry's date.
    #[ts(type = "string | null")]
    pub first_entry: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// The newest entry's date.
    #[ts(type = "string | null")]
    pub last_entry: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// First and last reflection weeks.
    pub first_week: Option<String>,
    /// Last reflection week.
    pub last_week: Option<String>,
}

/// Added / updated / unchanged / kept-local counts of one kind of record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct MergeCounts {
    /// Not in the journal: added.
    pub added: u64,
    /// Newer in the backup: replaced.
    pub updated: u64,
    /// The same in both.
    pub unchanged: u64,
    /// Newer (or a different record for the same week) in the journal: left as it is.
    pub kept_local: u64,
    /// Deleted in the backup after their last change here: removed here too.
    pub deleted: u64,
    /// Deleted here, and not changed in the backup since: not brought back.
    pub stayed_deleted: u64,
}

/// What an import (merge) did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct MergeReport {
    /// Entries.
    pub entries: MergeCounts,
    /// Relationships.
    pub relationships: MergeCounts,
    /// Reflections.
    pub reflections: MergeCounts,
    /// Settings (only missing keys are added; the journal's own are kept).
    pub settings: MergeCounts,
    /// Tombstones: `added` the deletions this journal learned of (the record deleted here
    /// too, or never here), `unchanged` those it knew, `kept_local` those dropped because the
    /// record here was edited after the deletion.
    pub tombstones: MergeCounts,
}
