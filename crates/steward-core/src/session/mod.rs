//! An unlocked journal held open by a long-running front end (the desktop app).
//!
//! The session is the desktop app's only door to the vault: entry writes, imports and
//! backup imports go through it, so the in-memory index can never miss a change; the
//! repositories it hands out (relationships, reflections, status) never write entries.
//!
//! A [`Session`] owns the unlocked [`Vault`] and the decrypted entries' [`EntryIndex`], and
//! keeps the two in step: every save and delete goes to the vault first and then to the
//! index, so searches never need the disk. Front ends get [`EntrySummary`] lists (no
//! bodies) for their list views and fetch one whole entry when it is opened. Dropping the
//! session drops the keys and every decrypted string (that is what "lock" means).

mod lookback;
mod sync;
pub use self::sync::ChangedEntries;

use serde::Serialize;
use ts_rs::TS;

use crate::backup::{BackupOptions, BackupStatus, BackupSummary, MergeReport};
use crate::error::{Error, Result};
use crate::import::{ImportBatch, ImportReport};
use crate::keyslot::{KdfParams, RecoveryKey};
use crate::listing::EntryLayout;
use crate::model::entry::{Entry, EntryKind, EntryUpdate, NewEntry};
use crate::records::{EntryRows, LockedVault, RecoveryChoice, Rotation, Vault};
use crate::reflections::Reflections;
use crate::relationships::Relationships;
use crate::search::{EntryIndex, Query};
use crate::status::Status;
pub use crate::text::{entry_words, excerpt, word_count, EXCERPT_CHARS};
use secrecy::SecretString;

/// Minutes of inactivity after which a front end locks the journal, until the user
/// chooses otherwise.
pub const DEFAULT_AUTOLOCK_MINUTES: u64 = 10;
/// The longest auto-lock delay offered (four hours).
pub const MAX_AUTOLOCK_MINUTES: u64 = 240;
/// The setting that stores the auto-lock delay.
pub const AUTOLOCK_SETTING: &str = "autolock_minutes";

/// What a list view shows of an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct EntrySummary {
    /// Entry id.
    pub id: String,
    /// When written (RFC 3339 with the writer's offset).
    pub created_at: String,
    /// Kind.
    pub kind: EntryKind,
    /// Title, or empty.
    pub title: String,
    /// The start of the body, whitespace collapsed.
    pub excerpt: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Words in the body.
    pub words: usize,
    /// Record version.
    pub version: i64,
    /// What a decision or review entry is (absent for other entries).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub detail: Option<EntryDetail>,
}

/// What an entry holds besides its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EntryDetail {
    /// A decision not yet reviewed.
    Decision,
    /// A reviewed decision.
    ReviewedDecision,
    /// A quarter's or year's review.
    Review,
}

/// A list's layout with its first page of summaries: what a front end needs to show a
/// list (or a search's hits) in one round trip, the search run once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct EntryList {
    /// How many entries, in runs per local day.
    pub layout: EntryLayout,
    /// The summaries of the list's first entries (up to the limit asked for).
    pub first: Vec<EntrySummary>,
}

impl EntrySummary {
    /// Summarises an entry.
    pub fn of(entry: &Entry) -> Self {
        let excerpt = excerpt(&entry.body);
        EntrySummary {
            id: entry.id.clone(),
            created_at: entry.created_at.to_rfc3339(),
            kind: entry.kind,
            title: entry.title.clone(),
            excerpt,
            tags: entry.tags.clone(),
            words: entry_words(&entry.body),
            version: entry.version,
            detail: match (&entry.decision, &entry.review) {
                (Some(d), _) if d.outcome.is_some() => Some(EntryDetail::ReviewedDecision),
                (Some(_), _) => Some(EntryDetail::Decision),
                (None, Some(_)) => Some(EntryDetail::Review),
                (None, None) => None,
            },
        }
    }
}

/// An entry just saved, with the summary the list view shows for it (so a front end never
/// recomputes excerpts or word counts itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SavedEntry {
    /// The entry as stored.
    pub entry: Entry,
    /// Its list-view summary.
    pub summary: EntrySummary,
}

impl From<Entry> for SavedEntry {
    fn from(entry: Entry) -> Self {
        SavedEntry {
            summary: EntrySummary::of(&entry),
            entry,
        }
    }
}

/// An unlocked vault and its in-memory index.
pub struct Session {
    vault: Vault,
    index: EntryIndex,
    damaged: Vec<String>,
    /// Dates and word counts of the entries for trends, computed on first use and dropped
    /// on every change (counting the words of 10k entries takes ~25 ms).
    entry_stats: Option<Vec<crate::trends::EntryStat>>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("vault", &self.vault)
            .field("entries", &self.index.len())
            .finish()
    }
}

impl Session {
    /// Decrypts every entry of `vault` into memory.
    pub fn open(vault: Vault) -> Result<Self> {
        let _ = vault.imports().tidy_legacy_records();
        let index = vault.entries().load_index()?;
        Ok(Self::indexed(vault, index))
    }

    /// [`Session::open`] over the entry rows read during the KDF by
    /// [`LockedVault::unlock_with_rows`] (the app's unlock: at 50k entries the read is
    /// ~100 ms that now overlaps Argon2). If tidying legacy records changed any row, the
    /// rows read ahead are stale and are read again.
    pub fn open_with_rows(vault: Vault, rows: EntryRows) -> Result<Self> {
        let entries = vault.entries();
        let index = if vault.imports().tidy_legacy_records() {
            entries.load_index()?
        } else {
            entries.index_rows(rows)?
        };
        Ok(Self::indexed(vault, index))
    }

    /// The session of `vault` with its entries decrypted into `index` (and the ids of the
    /// rows that did not open).
    fn indexed(vault: Vault, (index, damaged): (EntryIndex, Vec<String>)) -> Self {
        Session {
            vault,
            index,
            damaged,
            entry_stats: None,
        }
    }

    /// Opens a journal whose passphrase is forgotten, as `steward passwd --recovery` does:
    /// the recovery key unlocks it, `new_passphrase` replaces the old one at once (every
    /// record re-sealed under a new data key, so the old passphrase stops opening it), and
    /// a new recovery key comes back in the [`Rotation`], to be shown once — the one just
    /// typed has been seen and is retired. A wrong key is [`Error::WrongPassphrase`] (one
    /// variant for every failed unlock); a mistyped one [`Error::MalformedRecoveryKey`].
    pub fn recover(
        locked: LockedVault,
        recovery_key: &SecretString,
        new_passphrase: &SecretString,
    ) -> Result<(Self, Rotation)> {
        let key = RecoveryKey::parse(recovery_key)?;
        let mut vault = locked.unlock_with_recovery(&key)?;
        let rotation = vault.rotate_keys(
            new_passphrase,
            RecoveryChoice::Replace,
            KdfParams::default(),
        )?;
        Ok((Session::open(vault)?, rotation))
    }

    /// Reads every entry again (after records were written around the index, e.g. a
    /// backup import).
    pub fn reload(&mut self) -> Result<()> {
        let (index, damaged) = self.vault.entries().load_index()?;
        self.index = index;
        self.damaged = damaged;
        self.entry_stats = None;
        Ok(())
    }

    /// The relationships (their writes never touch the entry index).
    pub fn relationships(&self) -> Relationships<'_> {
        self.vault.relationships()
    }

    /// The weekly reflections (their writes never touch the entry index).
    pub fn reflections(&self) -> Reflections<'_> {
        self.vault.reflections()
    }

    /// The schedule and this week's status.
    pub fn status(&self) -> Status<'_> {
        self.vault.status()
    }

    /// Plaintext exports (front ends warn before calling these).
    pub fn exports(&self) -> crate::Exports<'_> {
        self.vault.exports()
    }

    /// The backup status at `now`, suggesting a file in `folder`.
    pub fn backup_status<Tz: chrono::TimeZone>(
        &self,
        now: &chrono::DateTime<Tz>,
        folder: &std::path::Path,
    ) -> Result<BackupStatus>
    where
        Tz::Offset: std::fmt::Display,
    {
        self.vault.backups().status(now, folder)
    }

    /// Automatic backups: their settings, state and what is due at `now`.
    pub fn auto_backup_overview(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<crate::backup::AutoBackupOverview> {
        self.vault.backups().auto_overview(now)
    }

    /// Stores the automatic backup settings (checked).
    pub fn set_auto_backup(&self, settings: &crate::backup::AutoBackupSettings) -> Result<()> {
        self.vault.backups().set_auto_settings(settings)
    }

    /// Gives a journal made before automatic backups their key, from the recovery key.
    pub fn adopt_recovery_key(&self, recovery: &crate::RecoveryKey) -> Result<()> {
        self.vault.adopt_recovery_key(recovery).map(drop)
    }

    /// A second handle on the journal for an automatic backup or drill in the background,
    /// so the session (and search) is never held while one runs.
    pub fn backup_handle(&self) -> Result<Vault> {
        self.vault.second_handle()
    }

    /// Exports an encrypted backup (see [`crate::Backups::export_with_progress`]).
    pub fn export_backup(
        &self,
        path: &std::path::Path,
        passphrase: &SecretString,
        options: BackupOptions,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BackupSummary> {
        self.vault
            .backups()
            .export_with_progress(path, passphrase, options, progress)
    }

    /// Merges a backup into the journal and reads the entries again, so the index holds
    /// what the backup added.
    pub fn import_backup(
        &mut self,
        path: &std::path::Path,
        passphrase: &SecretString,
    ) -> Result<MergeReport> {
        let report = self.vault.backups().import(path, passphrase)?;
        self.reload()?;
        Ok(report)
    }

    /// Saves a parsed import file and reads the entries again.
    pub fn import(&mut self, batch: ImportBatch) -> Result<ImportReport> {
        let report = self.vault.imports().save(batch)?;
        self.reload()?;
        Ok(report)
    }

    /// Changes the passphrase after checking the current one, rotating the data key (see
    /// [`Vault::rotate_keys`]); for "rotate keys", `new_passphrase` is the current one.
    pub fn change_passphrase(
        &mut self,
        current: &SecretString,
        new_passphrase: &SecretString,
        recovery: RecoveryChoice<'_>,
        params: KdfParams,
    ) -> Result<Rotation> {
        self.vault.check_passphrase(current)?;
        self.vault.rotate_keys(new_passphrase, recovery, params)
    }

    /// [`Session::change_passphrase`] at the default KDF cost (never lowering the
    /// journal's), keeping the recovery key typed in `keep_recovery_key` (it must open the
    /// journal) or making a new one.
    pub fn change_passphrase_keeping(
        &mut self,
        current: &SecretString,
        new_passphrase: &SecretString,
        keep_recovery_key: Option<&SecretString>,
    ) -> Result<Rotation> {
        let kept = keep_recovery_key.map(RecoveryKey::parse).transpose()?;
        let recovery = RecoveryChoice::keeping(kept.as_ref());
        self.change_passphrase(current, new_passphrase, recovery, KdfParams::default())
    }

    /// Idle minutes before the front end locks the journal (stored, sealed, in the
    /// journal; [`DEFAULT_AUTOLOCK_MINUTES`] until set). Clamped as it is read, like when it
    /// is stored: a backup or an older build may carry any number, and "never lock" is not
    /// one of the choices.
    pub fn autolock_minutes(&self) -> Result<u64> {
        Ok(self
            .vault
            .get_setting(AUTOLOCK_SETTING)?
            .and_then(|v| v.as_u64())
            .unwrap_or(DEFAULT_AUTOLOCK_MINUTES)
            .clamp(1, MAX_AUTOLOCK_MINUTES))
    }

    /// Stores the auto-lock delay, kept between 1 and [`MAX_AUTOLOCK_MINUTES`]; returns
    /// the value stored.
    pub fn set_autolock_minutes(&self, minutes: u64) -> Result<u64> {
        let minutes = minutes.clamp(1, MAX_AUTOLOCK_MINUTES);
        self.vault.set_setting(AUTOLOCK_SETTING, &minutes.into())?;
        Ok(minutes)
    }

    /// Ids of entries that failed to decrypt when the session opened.
    pub fn damaged(&self) -> &[String] {
        &self.damaged
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True when the journal has no entries.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Summaries of all entries, newest first.
    pub fn summaries(&self) -> Vec<EntrySummary> {
        self.index.entries().map(EntrySummary::of).collect()
    }

    /// Summaries of the entries matching `query` (all of them for an empty query).
    pub fn search(&self, query: &str) -> Vec<EntrySummary> {
        self.index
            .search(&Query::parse(query))
            .into_iter()
            .map(EntrySummary::of)
            .collect()
    }

    /// The shape of the journal's list for `query` (all entries when empty): how many
    /// entries, in runs per local day of `tz`, newest first — what a front end needs to lay
    /// out a long list before it holds any summary (see [`crate::listing`]) — with the
    /// summaries of its first `limit` entries.
    pub fn entry_list<Tz: chrono::TimeZone>(
        &self,
        query: &str,
        exact: bool,
        tz: &Tz,
        limit: usize,
    ) -> EntryList {
        let query = Query::parse_with(query, exact);
        let limit = limit.min(crate::listing::MAX_PAGE);
        let hits = self.index.search(&query);
        EntryList {
            first: hits
                .iter()
                .take(limit)
                .map(|e| EntrySummary::of(e))
                .collect(),
            layout: crate::listing::layout(hits.into_iter(), tz),
        }
    }

    /// The summaries of entries `offset .. offset + limit` of that list (fewer at its end).
    pub fn entry_page(
        &self,
        query: &str,
        exact: bool,
        offset: usize,
        limit: usize,
    ) -> Vec<EntrySummary> {
        let query = Query::parse_with(query, exact);
        let limit = limit.min(crate::listing::MAX_PAGE);
        if query.is_empty() {
            return self
                .index
                .entries()
                .skip(offset)
                .take(limit)
                .map(EntrySummary::of)
                .collect();
        }
        (self.index.search(&query).into_iter())
            .skip(offset)
            .take(limit)
            .map(EntrySummary::of)
            .collect()
    }

    /// The weekly reflections whose written answers hold every term of `query` (none for
    /// an empty one), newest first: the journal's search shows them above the entries.
    /// Reflections are read from the vault (one a week: ~520 in ten years, a few ms).
    pub fn search_reflections(
        &self,
        query: &str,
        exact: bool,
    ) -> Result<Vec<crate::search::ReflectionHit>> {
        let query = Query::parse_with(query, exact);
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let all = self.vault.reflections().list()?;
        Ok(crate::search::search_reflections(&query, &all))
    }

    /// Summaries of the entries linked to the relationship `id`, newest first (a person's
    /// page lists them). A scan of the index: ~0.1 ms at 10k entries.
    pub fn entries_about(&self, id: &str) -> Vec<EntrySummary> {
        let Some(id) = crate::model::canonical_id(id) else {
            return Vec::new();
        };
        (self.index.entries())
            .filter(|e| e.people.contains(&id))
            .map(EntrySummary::of)
            .collect()
    }

    /// Ids of the entries matching `query`, newest first (all of them for an empty query).
    /// What a front end that already holds the summaries needs: a few bytes per hit.
    /// With `exact`, accents must match as typed (see [`Query::parse_exact`]).
    pub fn search_ids(&self, query: &str, exact: bool) -> Vec<String> {
        self.index
            .search(&Query::parse_with(query, exact))
            .into_iter()
            .map(|e| e.id.clone())
            .collect()
    }

    /// One whole entry.
    pub fn get(&self, id: &str) -> Result<Entry> {
        self.index.get(id).cloned().ok_or_else(|| Error::NotFound {
            kind: "entry",
            id: id.to_string(),
        })
    }

    /// Saves a new entry.
    pub fn create(&mut self, new: NewEntry) -> Result<Entry> {
        let entry = self.vault.entries().add(new)?;
        self.index.upsert(entry.clone());
        self.entry_stats = None;
        Ok(entry)
    }

    /// Changes an entry; with `expected_version`, refuses if it changed elsewhere — except
    /// when a sync round wrote the newer version while the leader typed: then what was
    /// typed is saved and the other computer's version waits beside it as the "edited on two
    /// computers" choice, so neither is lost and the save does not fail.
    pub fn update(
        &mut self,
        id: &str,
        update: EntryUpdate,
        expected_version: Option<i64>,
    ) -> Result<Entry> {
        let entry = match self
            .vault
            .entries()
            .update(id, update.clone(), expected_version)
        {
            Err(Error::Conflict { .. }) if self.vault.sync().is_on()? => {
                let theirs = self.vault.entries().get(id)?;
                let saved = self.vault.entries().update(id, update, None)?;
                self.vault.sync().keep_as_choice(theirs)?;
                saved
            }
            other => other?,
        };
        self.index.upsert(entry.clone());
        self.entry_stats = None;
        Ok(entry)
    }

    /// The trends from `from` to `to` at `now` (entries from memory, reflections from the
    /// vault).
    pub fn trends<Tz: chrono::TimeZone>(
        &mut self,
        now: &chrono::DateTime<Tz>,
        from: Option<chrono::NaiveDate>,
        to: Option<chrono::NaiveDate>,
    ) -> Result<crate::trends::Trends> {
        let index = &self.index;
        let stats = self
            .entry_stats
            .get_or_insert_with(|| index.entries().map(crate::trends::EntryStat::of).collect());
        self.vault.review().trends(now, stats, from, to)
    }

    /// Deletes an entry.
    pub fn delete(&mut self, id: &str) -> Result<()> {
        let id = self.vault.entries().delete(id)?;
        self.index.remove(&id);
        self.entry_stats = None;
        Ok(())
    }
}
