//! Journal entries: create, read, update, delete, list, bulk import, and the one-pass scan.
//!
//! An entry row keeps its id, timestamps, kind and version in plaintext columns; its
//! title, body and tags are one sealed MessagePack document ([`EntryPayload`]). Rows are
//! read in one query and decrypted on all cores; search over them lives in
//! [`crate::search`], in memory only.

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use rusqlite::{params, OptionalExtension, Row, TransactionBehavior};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::codec;
use crate::crypto::{RecordAad, RecordCipher};
use crate::error::{Error, Result};
use crate::import::ImportBatch;
use crate::search::{EntryIndex, Matcher, Query, SegmentBuild};
use crate::vault::{now_rfc3339, Vault};

const TABLE: &str = "entries";

/// What an entry is: free writing, or a daily / weekly journal entry (as imported).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// Free writing (what the app and `steward add` create).
    #[default]
    Entry,
    /// A daily journal entry.
    Daily,
    /// A weekly journal entry.
    Weekly,
}

impl EntryKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Entry => "entry",
            EntryKind::Daily => "daily",
            EntryKind::Weekly => "weekly",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "entry" => Some(EntryKind::Entry),
            "daily" => Some(EntryKind::Daily),
            "weekly" => Some(EntryKind::Weekly),
            _ => None,
        }
    }
}

/// A decrypted entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// UUID.
    pub id: String,
    /// When it was written, with the writer's UTC offset.
    pub created_at: DateTime<FixedOffset>,
    /// Last change (UTC).
    pub updated_at: DateTime<Utc>,
    /// Kind.
    pub kind: EntryKind,
    /// Record version: 1 when created, +1 on each update.
    pub version: i64,
    /// Title (may be empty).
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Tags, without `#`/`@`, in the order given, deduplicated case-insensitively.
    pub tags: Vec<String>,
}

/// The sealed part of an entry, encoded by [`codec`] (golden-tested).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryPayload {
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A new entry to save.
#[derive(Debug, Clone, Default)]
pub struct NewEntry {
    /// Keep this id (import); a new UUID when `None`.
    pub id: Option<String>,
    /// When written; now (local offset) when `None`.
    pub created_at: Option<DateTime<FixedOffset>>,
    /// Kind.
    pub kind: EntryKind,
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
    /// Tags.
    pub tags: Vec<String>,
}

/// Changes to an entry; `None` fields stay as they are.
#[derive(Debug, Clone, Default)]
pub struct EntryUpdate {
    /// New title.
    pub title: Option<String>,
    /// New body.
    pub body: Option<String>,
    /// New tags.
    pub tags: Option<Vec<String>>,
    /// New date.
    pub created_at: Option<DateTime<FixedOffset>>,
}

/// Which entries to list.
#[derive(Debug, Clone, Default)]
pub struct EntryFilter {
    /// Written at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Written before this instant (exclusive).
    pub until: Option<DateTime<Utc>>,
    /// Carrying this tag (case-insensitive).
    pub tag: Option<String>,
}

/// Entries that opened, and the ids of those that did not (damaged or tampered).
#[derive(Debug, Default)]
pub struct Listing {
    /// Entries, newest first.
    pub entries: Vec<Entry>,
    /// Ids of rows that failed to decrypt.
    pub damaged: Vec<String>,
}

impl Listing {
    fn from_runs(runs: Vec<(Vec<Entry>, Vec<String>)>) -> Self {
        let mut listing = Listing::default();
        for (entries, damaged) in runs {
            listing.entries.extend(entries);
            listing.damaged.extend(damaged);
        }
        listing
    }
}

/// Cleans a tag list: trims, drops a leading `#` or `@`, drops empties and
/// case-insensitive duplicates, keeps the first spelling and the order.
pub fn normalize_tags<I, S>(tags: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let t = tag.as_ref().trim().trim_start_matches(['#', '@']).trim();
        if t.is_empty() {
            continue;
        }
        let folded = t.to_lowercase();
        if !out.iter().any(|o| o.to_lowercase() == folded) {
            out.push(t.to_string());
        }
    }
    out
}

fn check_uuid(id: &str) -> Result<String> {
    uuid::Uuid::parse_str(id)
        .map(|u| u.hyphenated().to_string())
        .map_err(|_| Error::InvalidInput(format!("id {id:?} is not a UUID")))
}

fn local_now() -> DateTime<FixedOffset> {
    chrono::Local::now().fixed_offset()
}

fn rfc3339(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Vault {
    fn seal_entry(&self, id: &str, version: i64, payload: &EntryPayload) -> Result<Vec<u8>> {
        let plain = codec::encode(payload);
        self.records().seal(
            RecordAad {
                table: TABLE,
                id,
                version,
            },
            &plain,
        )
    }

    /// Saves a new entry and returns it.
    pub fn add_entry(&self, new: NewEntry) -> Result<Entry> {
        let tx = rusqlite::Transaction::new_unchecked(self.conn(), TransactionBehavior::Immediate)?;
        let entry = self.insert_entry(&tx, new)?;
        tx.commit()?;
        Ok(entry)
    }

    fn insert_entry(&self, conn: &rusqlite::Connection, new: NewEntry) -> Result<Entry> {
        let id = match new.id {
            Some(id) => check_uuid(&id)?,
            None => uuid::Uuid::new_v4().hyphenated().to_string(),
        };
        if new.title.trim().is_empty() && new.body.trim().is_empty() {
            return Err(Error::InvalidInput(
                "nothing to save: the entry has no title and no text".into(),
            ));
        }
        let created_at = new.created_at.unwrap_or_else(local_now);
        let payload = EntryPayload {
            title: new.title,
            body: new.body,
            tags: normalize_tags(&new.tags),
        };
        let sealed = self.seal_entry(&id, 1, &payload)?;
        let updated_at = now_rfc3339();
        let inserted = conn.execute(
            "INSERT INTO entries (id, created_at, created_ms, updated_at, kind, version, sealed)
             VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6) ON CONFLICT (id) DO NOTHING",
            params![
                id,
                rfc3339(&created_at),
                created_at.timestamp_millis(),
                updated_at,
                new.kind.as_str(),
                sealed
            ],
        )?;
        if inserted == 0 {
            return Err(Error::InvalidInput(format!(
                "an entry with id {id} already exists"
            )));
        }
        Ok(Entry {
            id,
            created_at,
            updated_at: DateTime::parse_from_rfc3339(&updated_at)
                .expect("we formatted it")
                .with_timezone(&Utc),
            kind: new.kind,
            version: 1,
            title: payload.title,
            body: payload.body,
            tags: payload.tags,
        })
    }

    /// Calls `f` with every entry, oldest first, decrypting one row at a time (a backup
    /// export never holds the whole journal in memory). A row that fails to open fails the
    /// call: a backup must not silently leave an entry out.
    pub(crate) fn for_each_entry(&self, mut f: impl FnMut(Entry) -> Result<()>) -> Result<()> {
        let mut stmt = self.conn().prepare(
            "SELECT id, created_at, updated_at, kind, version, sealed FROM entries
             ORDER BY created_ms, id",
        )?;
        let mut rows = stmt.query([])?;
        let cipher = self.records();
        let mut scratch = Scratch::default();
        while let Some(row) = rows.next()? {
            let raw = RawEntry::from_row(row)?;
            f(open_entry(cipher, &raw, &mut scratch)?)?;
        }
        Ok(())
    }

    /// Writes `entry` exactly as given — id, dates, kind, version, content — replacing a
    /// row with the same id (backup restore and merge).
    pub(crate) fn put_entry_exact(&self, conn: &rusqlite::Connection, entry: &Entry) -> Result<()> {
        let id = check_uuid(&entry.id)?;
        if entry.version < 1 {
            return Err(Error::InvalidInput(format!(
                "entry {id}: version must be at least 1"
            )));
        }
        let payload = EntryPayload {
            title: entry.title.clone(),
            body: entry.body.clone(),
            tags: normalize_tags(&entry.tags),
        };
        let sealed = self.seal_entry(&id, entry.version, &payload)?;
        conn.execute(
            "INSERT INTO entries (id, created_at, created_ms, updated_at, kind, version, sealed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at,
                 created_ms = excluded.created_ms, updated_at = excluded.updated_at,
                 kind = excluded.kind, version = excluded.version, sealed = excluded.sealed",
            params![
                id,
                rfc3339(&entry.created_at),
                entry.created_at.timestamp_millis(),
                entry
                    .updated_at
                    .to_rfc3339_opts(SecondsFormat::AutoSi, true),
                entry.kind.as_str(),
                entry.version,
                sealed
            ],
        )?;
        Ok(())
    }

    /// Finds the full id for an id or a unique prefix of at least 4 characters.
    pub fn resolve_entry_id(&self, id_or_prefix: &str) -> Result<String> {
        let needle = id_or_prefix.trim().to_ascii_lowercase();
        let not_found = || Error::NotFound {
            kind: "entry",
            id: id_or_prefix.to_string(),
        };
        if needle.len() < 4 || !needle.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            return Err(not_found());
        }
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id FROM entries WHERE id >= ?1 AND id < ?2 LIMIT 2")?;
        let upper = format!("{needle}\u{10FFFF}");
        let ids: Vec<String> = stmt
            .query_map(params![needle, upper], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        match ids.len() {
            0 => Err(not_found()),
            1 => Ok(ids.into_iter().next().expect("one id")),
            _ => Err(Error::InvalidInput(format!(
                "id prefix {id_or_prefix} matches more than one entry; give more characters"
            ))),
        }
    }

    fn raw_entry(&self, id: &str) -> Result<RawEntry> {
        self.conn()
            .query_row(
                "SELECT id, created_at, updated_at, kind, version, sealed FROM entries WHERE id = ?1",
                [id],
                RawEntry::from_row,
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                kind: "entry",
                id: id.to_string(),
            })
    }

    /// Reads one entry by id (or unique id prefix).
    pub fn get_entry(&self, id: &str) -> Result<Entry> {
        let id = self.resolve_entry_id(id)?;
        open_entry(
            self.records(),
            &self.raw_entry(&id)?,
            &mut Scratch::default(),
        )
    }

    /// Applies `update` and returns the new entry (its version incremented). With
    /// `expected_version`, refuses if someone else changed the entry in the meantime.
    pub fn update_entry(
        &self,
        id: &str,
        update: EntryUpdate,
        expected_version: Option<i64>,
    ) -> Result<Entry> {
        let id = self.resolve_entry_id(id)?;
        let tx = rusqlite::Transaction::new_unchecked(self.conn(), TransactionBehavior::Immediate)?;
        let current = open_entry(
            self.records(),
            &self.raw_entry(&id)?,
            &mut Scratch::default(),
        )?;
        if let Some(expected) = expected_version {
            if expected != current.version {
                return Err(Error::InvalidInput(format!(
                    "entry {id} was changed elsewhere (version {} now, {expected} expected); reload it",
                    current.version
                )));
            }
        }
        let payload = EntryPayload {
            title: update.title.unwrap_or(current.title),
            body: update.body.unwrap_or(current.body),
            tags: update.tags.map(normalize_tags).unwrap_or(current.tags),
        };
        if payload.title.trim().is_empty() && payload.body.trim().is_empty() {
            return Err(Error::InvalidInput(
                "an entry cannot be emptied; delete it instead".into(),
            ));
        }
        let created_at = update.created_at.unwrap_or(current.created_at);
        let version = current.version + 1;
        let sealed = self.seal_entry(&id, version, &payload)?;
        let updated_at = now_rfc3339();
        tx.execute(
            "UPDATE entries SET created_at = ?2, created_ms = ?3, updated_at = ?4, version = ?5, sealed = ?6
             WHERE id = ?1",
            params![
                id,
                rfc3339(&created_at),
                created_at.timestamp_millis(),
                updated_at,
                version,
                sealed
            ],
        )?;
        tx.commit()?;
        Ok(Entry {
            id,
            created_at,
            updated_at: DateTime::parse_from_rfc3339(&updated_at)
                .expect("we formatted it")
                .with_timezone(&Utc),
            kind: current.kind,
            version,
            title: payload.title,
            body: payload.body,
            tags: payload.tags,
        })
    }

    /// Deletes an entry (its pages are zeroed by `secure_delete`). Returns the full id.
    pub fn delete_entry(&self, id: &str) -> Result<String> {
        let id = self.resolve_entry_id(id)?;
        let deleted = self
            .conn()
            .execute("DELETE FROM entries WHERE id = ?1", [&id])?;
        if deleted == 0 {
            return Err(Error::NotFound { kind: "entry", id });
        }
        Ok(id)
    }

    /// Number of entries (no decryption).
    pub fn count_entries(&self) -> Result<u64> {
        Ok(self
            .conn()
            .query_row("SELECT COUNT(*) FROM entries", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    /// Entries matching `filter`, newest first. Rows that fail to decrypt are listed in
    /// `damaged` instead of failing the whole listing.
    pub fn list_entries(&self, filter: &EntryFilter) -> Result<Listing> {
        let from = filter
            .from
            .map(|t| t.timestamp_millis())
            .unwrap_or(i64::MIN);
        let until = filter
            .until
            .map(|t| t.timestamp_millis())
            .unwrap_or(i64::MAX);
        let tag = filter.tag.as_ref().map(|t| {
            normalize_tags([t])
                .into_iter()
                .next()
                .unwrap_or_default()
                .to_lowercase()
        });
        let mut rows = self.raw_entries(from, until)?;
        let cipher = self.records();
        let tag_matches = |entry: &Entry| {
            tag.as_ref()
                .is_none_or(|tag| entry.tags.iter().any(|t| t.to_lowercase() == *tag))
        };
        let runs = in_parallel_runs(
            &mut rows,
            |row, scratch| Ok(Some(open_entry(cipher, row, scratch)?).filter(tag_matches)),
            |entries| entries,
        )?;
        Ok(Listing::from_runs(runs))
    }

    fn raw_entries(&self, from: i64, until: i64) -> Result<Vec<RawEntry>> {
        read_raw_entries(self.conn(), from, until)
    }

    /// One-shot search: decrypts and scans every entry on all cores without building an
    /// index, keeping only the matches (newest first). For commands that search once; an
    /// app session keeps an [`EntryIndex`] instead.
    pub fn search_entries(&self, query: &Query) -> Result<Listing> {
        let rows = self.raw_entries(i64::MIN, i64::MAX)?;
        self.scan_rows(EntryRows(rows), query)
    }

    /// [`Vault::search_entries`] over rows read ahead by
    /// [`crate::LockedVault::unlock_with_rows`].
    pub fn scan_rows(&self, rows: EntryRows, query: &Query) -> Result<Listing> {
        let cipher = self.records();
        let matcher = Matcher::new(query);
        let mut rows = rows.0;
        let runs = in_parallel_runs(
            &mut rows,
            |row, scratch| scan_row(cipher, row, &matcher, scratch),
            |hits| hits,
        )?;
        Ok(Listing::from_runs(runs))
    }

    /// Decrypts every entry into a search index for this session.
    pub fn load_index(&self) -> Result<(EntryIndex, Vec<String>)> {
        let mut rows = self.raw_entries(i64::MIN, i64::MAX)?;
        let cipher = self.records();
        let runs = in_parallel_runs(
            &mut rows,
            |row, scratch| open_entry(cipher, row, scratch).map(Some),
            SegmentBuild::new,
        )?;
        let mut builds = Vec::with_capacity(runs.len());
        let mut damaged = Vec::new();
        for (build, bad) in runs {
            builds.push(build);
            damaged.extend(bad);
        }
        Ok((EntryIndex::from_builds(builds), damaged))
    }

    /// Saves many entries in one transaction: all or nothing. Entries whose id already
    /// exists are left as they are and counted as skipped.
    pub fn import_entries(&self, entries: Vec<NewEntry>) -> Result<ImportReport> {
        self.import(ImportBatch {
            entries,
            reflections: Vec::new(),
        })
    }

    /// Saves a parsed import file (entries and reflections) in one transaction: all or
    /// nothing. Entries whose id already exists are left as they are and counted as
    /// skipped; a reflection for a week that already has one fails the whole import.
    pub fn import(&self, batch: ImportBatch) -> Result<ImportReport> {
        let ImportBatch {
            entries,
            reflections,
        } = batch;
        let tx = rusqlite::Transaction::new_unchecked(self.conn(), TransactionBehavior::Immediate)?;
        let mut report = ImportReport::default();
        {
            let mut exists = tx.prepare_cached("SELECT 1 FROM entries WHERE id = ?1")?;
            for new in entries {
                if let Some(id) = &new.id {
                    let id = check_uuid(id)?;
                    if exists.exists([&id])? {
                        report.skipped_existing += 1;
                        continue;
                    }
                }
                self.insert_entry(&tx, new)?;
                report.added += 1;
            }
        }
        report.reflections_added = self.import_reflections(&tx, reflections)?;
        tx.commit()?;
        Ok(report)
    }
}

/// What an import did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// New entries saved.
    pub added: usize,
    /// Lines whose id was already in the vault (left unchanged).
    pub skipped_existing: usize,
    /// Weekly reflections saved.
    pub reflections_added: usize,
}

/// Decrypts one row (into `scratch`).
fn open_entry(cipher: &RecordCipher, row: &RawEntry, scratch: &mut Scratch) -> Result<Entry> {
    let plain = scratch.open(cipher, row)?;
    let payload: EntryPayload = codec::decode(plain).ok_or_else(|| Error::Tampered {
        what: format!("entry {}", row.id),
    })?;
    entry_from_parts(row, payload)
}

/// An entry from its row's plaintext columns and its decrypted payload.
fn entry_from_parts(row: &RawEntry, payload: EntryPayload) -> Result<Entry> {
    let bad = || Error::Tampered {
        what: format!("entry {} (metadata)", row.id),
    };
    Ok(Entry {
        created_at: DateTime::parse_from_rfc3339(&row.created_at).map_err(|_| bad())?,
        updated_at: DateTime::parse_from_rfc3339(&row.updated_at)
            .map_err(|_| bad())?
            .with_timezone(&Utc),
        kind: EntryKind::parse(&row.kind).ok_or_else(bad)?,
        id: row.id.clone(),
        version: row.version,
        title: payload.title,
        body: payload.body,
        tags: payload.tags,
    })
}

/// A worker's reusable buffers for plaintext: one allocation per worker instead of one
/// per row, and one wipe (on drop) instead of one per row.
#[derive(Default)]
struct Scratch {
    plain: Zeroizing<Vec<u8>>,
    folded: Zeroizing<Vec<u8>>,
}

impl Scratch {
    /// Decrypts `row` into `self.plain` and returns the plaintext.
    fn open<'s>(&'s mut self, cipher: &RecordCipher, row: &RawEntry) -> Result<&'s [u8]> {
        self.plain.clear();
        self.plain.extend_from_slice(&row.sealed);
        cipher.open_in_place(row.aad(), &mut self.plain)
    }
}

/// Runs `per_row` over every row on all cores, in consecutive runs that keep the rows'
/// order, then `per_run` over each run's results on its worker. Rows that fail
/// authentication are collected (per run) as damaged instead of failing the call; any
/// other error does fail it. Each worker lends `per_row` its [`Scratch`].
fn in_parallel_runs<T: Send, U: Send>(
    rows: &mut [RawEntry],
    per_row: impl Fn(&mut RawEntry, &mut Scratch) -> Result<Option<T>> + Sync,
    per_run: impl Fn(Vec<T>) -> U + Sync,
) -> Result<Vec<(U, Vec<String>)>> {
    let work = |run: &mut [RawEntry]| -> Result<(U, Vec<String>)> {
        let mut scratch = Scratch::default();
        let mut out = Vec::with_capacity(run.len());
        let mut damaged = Vec::new();
        for row in run {
            match per_row(row, &mut scratch) {
                Ok(Some(value)) => out.push(value),
                Ok(None) => {}
                Err(Error::Tampered { .. }) | Err(Error::RecordTooNew { .. }) => {
                    damaged.push(row.id.clone())
                }
                Err(other) => return Err(other),
            }
        }
        Ok((per_run(out), damaged))
    };
    let threads = worker_threads(rows.len());
    if threads == 1 {
        return Ok(vec![work(rows)?]);
    }
    let run_len = rows.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = rows
            .chunks_mut(run_len)
            .map(|run| scope.spawn(|| work(run)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("decrypt worker panicked"))
            .collect()
    })
}

/// Below this many rows, decrypting on one thread is faster than starting workers.
const PARALLEL_THRESHOLD: usize = 512;

fn worker_threads(rows: usize) -> usize {
    if rows < PARALLEL_THRESHOLD {
        return 1;
    }
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
}

/// Sealed entry rows read ahead (ciphertext only), e.g. while the KDF runs.
pub struct EntryRows(Vec<RawEntry>);

impl std::fmt::Debug for EntryRows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EntryRows({} rows)", self.0.len())
    }
}

impl EntryRows {
    /// Reads every entry row through `conn`, newest first.
    pub(crate) fn read_all(conn: &rusqlite::Connection) -> Result<Self> {
        Ok(EntryRows(read_raw_entries(conn, i64::MIN, i64::MAX)?))
    }
}

fn read_raw_entries(conn: &rusqlite::Connection, from: i64, until: i64) -> Result<Vec<RawEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, created_at, updated_at, kind, version, sealed FROM entries
         WHERE created_ms >= ?1 AND created_ms < ?2 ORDER BY created_ms DESC, id",
    )?;
    let rows = stmt
        .query_map(params![from, until], RawEntry::from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The sealed payload decoded without copying its strings (for scanning).
#[derive(Deserialize)]
struct PayloadRef<'a> {
    #[serde(borrow)]
    title: &'a str,
    #[serde(borrow)]
    body: &'a str,
    #[serde(borrow, default)]
    tags: Vec<&'a str>,
}

/// Decrypts one row (into `scratch`) and returns it only if it matches.
fn scan_row(
    cipher: &RecordCipher,
    row: &RawEntry,
    matcher: &Matcher<'_>,
    scratch: &mut Scratch,
) -> Result<Option<Entry>> {
    let Scratch { plain, folded } = scratch;
    plain.clear();
    plain.extend_from_slice(&row.sealed);
    let plain = cipher.open_in_place(row.aad(), plain)?;
    let payload: PayloadRef<'_> = codec::decode_borrowed(plain).ok_or_else(|| Error::Tampered {
        what: format!("entry {}", row.id),
    })?;
    if !matcher.matches(
        folded,
        payload.title,
        payload.body,
        payload.tags.iter().copied(),
    ) {
        return Ok(None);
    }
    let payload = EntryPayload {
        title: payload.title.to_owned(),
        body: payload.body.to_owned(),
        tags: payload.tags.iter().map(|t| t.to_string()).collect(),
    };
    entry_from_parts(row, payload).map(Some)
}

struct RawEntry {
    id: String,
    created_at: String,
    updated_at: String,
    kind: String,
    version: i64,
    sealed: Vec<u8>,
}

impl RawEntry {
    fn aad(&self) -> RecordAad<'_> {
        RecordAad {
            table: TABLE,
            id: &self.id,
            version: self.version,
        }
    }

    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(RawEntry {
            id: r.get(0)?,
            created_at: r.get(1)?,
            updated_at: r.get(2)?,
            kind: r.get(3)?,
            version: r.get(4)?,
            sealed: r.get(5)?,
        })
    }
}
