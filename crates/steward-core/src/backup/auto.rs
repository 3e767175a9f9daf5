//! Automatic backups: when one is due, where it goes, which old ones rotation removes, and
//! the restore drill that proves the latest one opens.
//!
//! An automatic backup is a backup document like any other, encrypted (no scrypt, nothing
//! typed) to the journal's backup identity — derived from the recovery key, see
//! [`crate::backup_identity`] — and to any extra `age1…` recipients the leader added. It
//! carries a MAC over its records' ids and versions under a key of that identity, which
//! the drill checks. Files are `steward-auto-YYYYMMDDTHHMMSSZ.age` (UTC), written 0600 to
//! a temporary name and renamed, in a folder of the leader's choosing; rotation touches
//! nothing else in it.

#[allow(unused_imports)]
use super::*;
use crate::backup_identity::{parse_recipient, BackupIdentity};
use chrono::{DateTime, Datelike, Utc};

/// The setting that holds [`AutoBackupSettings`].
pub const AUTO_BACKUP_SETTING: &str = "auto_backup";
/// The setting that holds [`AutoBackupState`].
pub const AUTO_BACKUP_STATE_SETTING: &str = "auto_backup_state";
/// The file names of automatic backups: this prefix, the UTC time, `.age`.
pub const AUTO_BACKUP_PREFIX: &str = "steward-auto-";
/// Days between restore drills.
pub const DRILL_INTERVAL_DAYS: i64 = 7;

/// How often automatic backups are made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum BackupInterval {
    /// Once a day (the first unlock or lock of a new day).
    Daily,
    /// Once every seven days.
    #[default]
    Weekly,
}

/// What the leader chose for automatic backups (Settings → Backups, `steward backup
/// settings`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct AutoBackupSettings {
    /// Whether automatic backups are made. Off until the leader (or the first run) chose a
    /// folder.
    pub enabled: bool,
    /// The folder (absolute); `None` for the default, "Steward Backups" in the documents
    /// folder.
    pub folder: Option<String>,
    /// How often.
    pub interval: BackupInterval,
    /// The newest backups kept, whatever their age (at least 1).
    pub keep_last: u32,
    /// Also kept: the newest backup of each of this many months, this one included.
    pub keep_monthly: u32,
    /// Extra recipients (`age1…` public keys) each automatic backup is also encrypted to.
    pub recipients: Vec<String>,
}

impl Default for AutoBackupSettings {
    fn default() -> Self {
        AutoBackupSettings {
            enabled: false,
            folder: None,
            interval: BackupInterval::Weekly,
            keep_last: 10,
            keep_monthly: 12,
            recipients: Vec::new(),
        }
    }
}

/// The default folder: "Steward Backups" in the user's documents folder (the OS's own
/// notion of it), or in the home folder when there is none.
pub fn default_backup_folder() -> Option<PathBuf> {
    dirs::document_dir()
        .or_else(dirs::home_dir)
        .map(|d| d.join("Steward Backups"))
}

impl AutoBackupSettings {
    /// The folder backups go to.
    pub fn folder(&self) -> Result<PathBuf> {
        match &self.folder {
            Some(f) => Ok(PathBuf::from(f)),
            None => default_backup_folder().ok_or_else(|| {
                Error::InvalidInput("there is no home folder; choose a backup folder".into())
            }),
        }
    }

    /// Checks what a front end is about to store.
    pub fn check(&self) -> Result<()> {
        if let Some(f) = &self.folder {
            if !Path::new(f).is_absolute() {
                return Err(Error::InvalidInput(format!(
                    "{f} is not a full path; choose the backup folder with its full path"
                )));
            }
        }
        if !(1..=1000).contains(&self.keep_last) || self.keep_monthly > 1200 {
            return Err(Error::InvalidInput(
                "keep between 1 and 1000 recent backups, and at most 1200 monthly ones".into(),
            ));
        }
        for r in &self.recipients {
            parse_recipient(r)?;
        }
        Ok(())
    }
}

/// What happened to the automatic backups lately.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct AutoBackupState {
    /// When the last automatic backup was written.
    #[serde(with = "crate::stamp::serde_utc_opt")]
    #[ts(type = "string | null")]
    pub last_at: Option<DateTime<Utc>>,
    /// Its file name (in the folder).
    pub last_file: Option<String>,
    /// The last attempt's failure, if it failed (a stable error code), and when.
    pub last_failure: Option<BackupFailure>,
    /// The last restore drill.
    pub last_drill: Option<DrillRecord>,
}

/// A failed automatic backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupFailure {
    /// When.
    #[serde(with = "crate::stamp::serde_utc")]
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// The error's stable code ([`crate::error::ErrorCode`]).
    pub code: String,
}

/// A restore drill's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DrillRecord {
    /// When it ran.
    #[serde(with = "crate::stamp::serde_utc")]
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// The file it opened (its name).
    pub file: String,
    /// Whether every record parsed and the MAC matched.
    pub ok: bool,
    /// What was wrong (the error's stable code), when it failed.
    pub problem: Option<String>,
}

/// Whether an automatic backup is due at `now`, the last one made at `last`.
pub fn backup_due(
    interval: BackupInterval,
    last: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    let Some(last) = last else { return true };
    let since = now - last;
    match interval {
        // A day less an hour, so a backup made at each morning's unlock stays daily.
        BackupInterval::Daily => since >= chrono::Duration::hours(23),
        BackupInterval::Weekly => since >= chrono::Duration::days(7) - chrono::Duration::hours(1),
    }
}

/// The time in an automatic backup's file name, if `name` is one.
pub fn auto_backup_time(name: &str) -> Option<DateTime<Utc>> {
    let stamp = name
        .strip_prefix(AUTO_BACKUP_PREFIX)?
        .strip_suffix(".age")?;
    chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%SZ")
        .ok()
        .map(|t| t.and_utc())
}

/// The file name of an automatic backup made at `at`.
pub fn auto_backup_name(at: DateTime<Utc>) -> String {
    format!("{AUTO_BACKUP_PREFIX}{}.age", at.format("%Y%m%dT%H%M%SZ"))
}

/// Which automatic backups rotation removes: of `names` (any file names; only automatic
/// backups count), all but the newest `keep_last`, the newest of each of the last
/// `keep_monthly` months (counted back from the newest backup's), and `protect` (the
/// latest backup that passed a drill). The newest is never removed.
pub fn rotation_removes(
    names: &[String],
    keep_last: u32,
    keep_monthly: u32,
    protect: Option<&str>,
) -> Vec<String> {
    let mut dated: Vec<(DateTime<Utc>, &String)> = names
        .iter()
        .filter_map(|n| auto_backup_time(n).map(|t| (t, n)))
        .collect();
    dated.sort_by(|a, b| b.cmp(a)); // newest first
    let Some(&(newest, _)) = dated.first() else {
        return Vec::new();
    };
    let month_index = |t: DateTime<Utc>| t.year() as i64 * 12 + t.month0() as i64;
    let mut months_kept = std::collections::HashSet::new();
    let mut removes = Vec::new();
    for (i, (time, name)) in dated.iter().enumerate() {
        let months_back = month_index(newest) - month_index(*time);
        let newest_of_month =
            months_back < i64::from(keep_monthly) && months_kept.insert(months_back);
        let keep =
            i < keep_last.max(1) as usize || newest_of_month || protect == Some(name.as_str());
        if !keep {
            removes.push((*name).clone());
        }
    }
    removes
}

/// What an automatic backup did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AutoBackupReport {
    /// The new file.
    pub path: String,
    /// What it holds.
    pub summary: BackupSummary,
    /// Older automatic backups rotation removed (file names).
    pub removed: Vec<String>,
}

/// What a restore drill found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DrillReport {
    /// The file it opened.
    pub path: String,
    /// What it holds (every record parsed, the MAC matched).
    pub summary: BackupSummary,
}

/// The settings and state of automatic backups, as Settings shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AutoBackupOverview {
    /// What the leader chose.
    pub settings: AutoBackupSettings,
    /// The folder in use (the default resolved).
    pub folder: String,
    /// What happened lately.
    pub state: AutoBackupState,
    /// Whether the journal knows its backup key (else the recovery key is needed once).
    pub has_key: bool,
    /// Whether a backup is due now.
    pub due: bool,
    /// Whether a drill is due now.
    pub drill_due: bool,
}

impl Backups<'_> {
    /// The automatic backup settings (defaults when never set).
    pub fn auto_settings(&self) -> Result<AutoBackupSettings> {
        self.read_setting(AUTO_BACKUP_SETTING)
    }

    /// Stores automatic backup settings, after checking them.
    pub fn set_auto_settings(&self, settings: &AutoBackupSettings) -> Result<()> {
        settings.check()?;
        let value = serde_json::to_value(settings).expect("settings serialize");
        self.vault.set_setting(AUTO_BACKUP_SETTING, &value)
    }

    /// What happened to automatic backups lately.
    pub fn auto_state(&self) -> Result<AutoBackupState> {
        self.read_setting(AUTO_BACKUP_STATE_SETTING)
    }

    fn set_auto_state(&self, state: &AutoBackupState) -> Result<()> {
        let value = serde_json::to_value(state).expect("state serializes");
        self.vault.set_setting(AUTO_BACKUP_STATE_SETTING, &value)
    }

    fn read_setting<T: serde::de::DeserializeOwned + Default>(&self, key: &str) -> Result<T> {
        match self.vault.get_setting(key)? {
            // A value this build cannot read (written by a newer one) reads as the default
            // rather than locking the leader out of their backups.
            Some(v) => Ok(serde_json::from_value(v).unwrap_or_default()),
            None => Ok(T::default()),
        }
    }

    /// Settings, state and what is due at `now`.
    pub fn auto_overview(&self, now: DateTime<Utc>) -> Result<AutoBackupOverview> {
        let settings = self.auto_settings()?;
        let state = self.auto_state()?;
        let due = settings.enabled && backup_due(settings.interval, state.last_at, now);
        let drill_due = state.last_file.is_some()
            && state
                .last_drill
                .as_ref()
                .is_none_or(|d| now - d.at >= chrono::Duration::days(DRILL_INTERVAL_DAYS));
        Ok(AutoBackupOverview {
            folder: settings.folder()?.display().to_string(),
            has_key: self.vault.backup_identity()?.is_some(),
            settings,
            state,
            due,
            drill_due,
        })
    }

    /// The backup identity, or [`Error::BackupKeyUnknown`].
    fn identity(&self) -> Result<BackupIdentity> {
        self.vault.backup_identity()?.ok_or(Error::BackupKeyUnknown)
    }

    /// Makes an automatic backup now (due or not), then rotates old ones. A failure is
    /// recorded (its code) for Settings to show, and nothing in the journal changes.
    pub fn auto_backup_now(&self, now: DateTime<Utc>) -> Result<AutoBackupReport> {
        let result = self.write_auto_backup(now);
        let mut state = self.auto_state()?;
        match &result {
            Ok(report) => {
                state.last_at = Some(now);
                state.last_file = Path::new(&report.path)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned());
                state.last_failure = None;
            }
            Err(e) => {
                state.last_failure = Some(BackupFailure {
                    at: now,
                    code: e.code().to_string(),
                })
            }
        }
        self.set_auto_state(&state)?;
        result
    }

    fn write_auto_backup(&self, now: DateTime<Utc>) -> Result<AutoBackupReport> {
        let settings = self.auto_settings()?;
        let folder = settings.folder()?;
        if settings.folder.is_none() {
            // The default folder is made on first use; a chosen one must be there.
            crate::records::vault::create_private_dir(&folder)?;
        }
        self.check_backup_folder(&folder)?;
        write::remove_temps_of(&folder, |name| auto_backup_time(name).is_some());
        let identity = self.identity()?;
        let mut recipients = vec![identity.recipient()];
        for r in &settings.recipients {
            recipients.push(parse_recipient(r)?);
        }
        let dyn_recipients: Vec<&dyn age::Recipient> = recipients
            .iter()
            .map(|r| r as &dyn age::Recipient)
            .collect();
        // Two backups in one second (a "back up now" right after the due one) get the next
        // free second's name, never an error or a replaced file.
        let path = (0..60)
            .map(|s| folder.join(auto_backup_name(now + chrono::Duration::seconds(s))))
            .find(|p| !p.exists())
            .ok_or_else(|| Error::FileExists {
                path: folder.join(auto_backup_name(now)),
            })?;
        let summary = self.export_to(&path, &dyn_recipients, false, &mut |_, _| {})?;
        let protect = self
            .auto_state()?
            .last_drill
            .filter(|d| d.ok)
            .map(|d| d.file);
        let removed = self.rotate(&folder, &settings, protect.as_deref())?;
        Ok(AutoBackupReport {
            path: path.display().to_string(),
            summary,
            removed,
        })
    }

    /// Refuses a folder that is not there, and the journal's own folder (a backup beside
    /// the journal is lost with it).
    fn check_backup_folder(&self, folder: &Path) -> Result<()> {
        if !folder.is_absolute() {
            return Err(Error::InvalidInput(format!(
                "{} is not a full path; choose the backup folder with its full path",
                folder.display()
            )));
        }
        let Ok(canonical) = std::fs::canonicalize(folder) else {
            return Err(Error::BackupFolderMissing {
                path: folder.to_path_buf(),
            });
        };
        if !canonical.is_dir() {
            return Err(Error::BackupFolderMissing {
                path: folder.to_path_buf(),
            });
        }
        let journal_dir = std::fs::canonicalize(self.vault.path())
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf));
        if journal_dir.as_deref() == Some(canonical.as_path()) {
            return Err(Error::InvalidInput(format!(
                "{} is the journal's own folder: a backup there is lost with the journal; choose a folder on another drive or a synced one",
                folder.display()
            )));
        }
        Ok(())
    }

    /// Removes what [`rotation_removes`] names from `folder`; returns the names removed.
    fn rotate(
        &self,
        folder: &Path,
        settings: &AutoBackupSettings,
        protect: Option<&str>,
    ) -> Result<Vec<String>> {
        let names = auto_backup_names(folder)?;
        let removes = rotation_removes(&names, settings.keep_last, settings.keep_monthly, protect);
        let mut removed = Vec::new();
        for name in removes {
            if std::fs::remove_file(folder.join(&name)).is_ok() {
                removed.push(name);
            }
        }
        if !removed.is_empty() {
            sync_dir(folder);
        }
        Ok(removed)
    }

    /// Makes an automatic backup if enabled and due at `now`; `None` when not.
    pub fn auto_backup_if_due(&self, now: DateTime<Utc>) -> Result<Option<AutoBackupReport>> {
        let settings = self.auto_settings()?;
        if !settings.enabled || !backup_due(settings.interval, self.auto_state()?.last_at, now) {
            return Ok(None);
        }
        self.auto_backup_now(now).map(Some)
    }

    /// The newest automatic backup in the folder, if any.
    pub fn latest_auto_backup(&self) -> Result<Option<PathBuf>> {
        let settings = self.auto_settings()?;
        let folder = settings.folder()?;
        if !folder.is_dir() {
            // The default folder is made with the first backup: none yet.
            if settings.folder.is_none() {
                return Ok(None);
            }
            return Err(Error::BackupFolderMissing { path: folder });
        }
        let newest = auto_backup_names(&folder)?
            .into_iter()
            .filter_map(|n| auto_backup_time(&n).map(|t| (t, n)))
            .max();
        Ok(newest.map(|(_, n)| folder.join(n)))
    }

    /// Decrypts `file` (or the newest automatic backup) with the journal's backup key and
    /// verifies it in memory, the journal untouched: every record parses and the MAC over
    /// its records matches. Records the outcome for Settings.
    pub fn drill(&self, file: Option<&Path>, now: DateTime<Utc>) -> Result<DrillReport> {
        let path = match file {
            Some(f) => f.to_path_buf(),
            None => self
                .latest_auto_backup()?
                .ok_or_else(|| Error::NoAutoBackup {
                    folder: self
                        .auto_settings()
                        .and_then(|s| s.folder())
                        .unwrap_or_default(),
                })?,
        };
        let identity = self.identity()?;
        let result = drill_file(&path, &identity);
        let mut state = self.auto_state()?;
        state.last_drill = Some(DrillRecord {
            at: now,
            file: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            ok: result.is_ok(),
            problem: result.as_ref().err().map(|e| e.code().to_string()),
        });
        self.set_auto_state(&state)?;
        result
    }
}

/// The automatic backups' names in `folder`.
fn auto_backup_names(folder: &Path) -> Result<Vec<String>> {
    let entries = std::fs::read_dir(folder)
        .map_err(|e| Error::io(format!("reading the backup folder {}", folder.display()), e))?;
    Ok(entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| auto_backup_time(n).is_some())
        .collect())
}

/// Collects the record set of a backup as it is read, and verifies each record.
#[derive(Default)]
struct DrillSink {
    verify: verify::VerifySink,
    records: Vec<(usize, String, i64)>,
}

impl Sink for DrillSink {
    fn entry(&mut self, e: Entry) -> Result<()> {
        self.verify.check_entry(&e)?;
        self.records
            .push((crate::records::backup_slots::ENTRIES, e.id, e.version));
        Ok(())
    }
    fn relationship(&mut self, r: Relationship) -> Result<()> {
        self.verify.check_relationship(&r)?;
        self.records
            .push((crate::records::backup_slots::RELATIONSHIPS, r.id, r.version));
        Ok(())
    }
    fn reflection(&mut self, r: Reflection) -> Result<()> {
        self.verify.check_reflection(&r)?;
        self.records
            .push((crate::records::backup_slots::REFLECTIONS, r.id, r.version));
        Ok(())
    }
    fn tombstone(&mut self, t: Tombstone) -> Result<()> {
        self.verify.check_tombstone(&t)?;
        self.records
            .push((crate::records::backup_slots::TOMBSTONES, t.id, 0));
        Ok(())
    }
    fn setting(&mut self, key: String, _: serde_json::Value) -> Result<()> {
        self.records
            .push((crate::records::backup_slots::SETTINGS, key, 0));
        Ok(())
    }
}

/// Decrypts and verifies one automatic backup with `identity`.
pub(super) fn drill_file(path: &Path, identity: &BackupIdentity) -> Result<DrillReport> {
    let reader = read::open_age_with_identity(path, identity)?;
    let mut sink = DrillSink::default();
    let (summary, mac) = read::read_document_with_mac(reader, &mut sink)?;
    let DrillSink { verify, records } = sink;
    verify.finish()?;
    // The recipient is public: anyone could encrypt a file to it. Only the journal's key
    // makes this MAC, so a backup without it, or with another, did not come from here.
    let mac = mac.ok_or_else(|| Error::BackupDamaged {
        detail: "it carries no record list from this journal (not an automatic backup made here)"
            .into(),
    })?;
    let expected = crate::records::record_set_mac(identity.record_mac_key(), &records);
    if !bool::from(subtle::ConstantTimeEq::ct_eq(&expected[..], &mac[..])) {
        return Err(Error::BackupDamaged {
            detail:
                "its records do not match the list the journal sealed into it when it was written"
                    .into(),
        });
    }
    Ok(DrillReport {
        path: path.display().to_string(),
        summary,
    })
}
