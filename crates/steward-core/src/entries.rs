//! Journal entries: create, read, update, delete, list, and the in-memory search index.
//!
//! An entry row keeps its id, timestamps, kind and version in plaintext columns; its
//! title, body and tags are one sealed MessagePack document ([`EntryPayload`]). Search never
//! touches the disk: [`EntryIndex`] holds the decrypted entries of an unlocked session with
//! a case-folded copy of their text (zeroized on drop) and scans it with `memchr`'s
//! SIMD substring search.

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use rusqlite::{params, OptionalExtension, Row, TransactionBehavior};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::codec;
use crate::crypto::{RecordAad, RecordCipher};
use crate::error::{Error, Result};
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
        open_entry(self.records(), &self.raw_entry(&id)?)
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
        let current = open_entry(self.records(), &self.raw_entry(&id)?)?;
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
        let rows = self.raw_entries(from, until)?;
        let mut listing = Listing::default();
        for opened in open_all(self.records(), rows, |e| e)? {
            match opened {
                Ok(entry) => {
                    let keep = tag
                        .as_ref()
                        .is_none_or(|tag| entry.tags.iter().any(|t| t.to_lowercase() == *tag));
                    if keep {
                        listing.entries.push(entry);
                    }
                }
                Err(id) => listing.damaged.push(id),
            }
        }
        Ok(listing)
    }

    fn raw_entries(&self, from: i64, until: i64) -> Result<Vec<RawEntry>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, created_at, updated_at, kind, version, sealed FROM entries
             WHERE created_ms >= ?1 AND created_ms < ?2 ORDER BY created_ms DESC, id",
        )?;
        let rows = stmt
            .query_map(params![from, until], RawEntry::from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Decrypts every entry into a search index for this session.
    pub fn load_index(&self) -> Result<(EntryIndex, Vec<String>)> {
        let rows = self.raw_entries(i64::MIN, i64::MAX)?;
        let mut items = Vec::with_capacity(rows.len());
        let mut damaged = Vec::new();
        for opened in open_all(self.records(), rows, |e| {
            let folded = haystack(&e);
            (e, folded)
        })? {
            match opened {
                Ok(item) => items.push(item),
                Err(id) => damaged.push(id),
            }
        }
        // Rows come newest first from SQL; the sort keeps the index's order rule in one place.
        items.sort_by(|(a, _), (b, _)| newest_first(a, b));
        Ok((EntryIndex { items }, damaged))
    }

    /// Saves many entries in one transaction: all or nothing. Entries whose id already
    /// exists are left as they are and counted as skipped.
    pub fn import_entries(&self, entries: Vec<NewEntry>) -> Result<ImportReport> {
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
}

/// Decrypts one row.
fn open_entry(cipher: &RecordCipher, row: &RawEntry) -> Result<Entry> {
    let aad = RecordAad {
        table: TABLE,
        id: &row.id,
        version: row.version,
    };
    let plain = cipher.open(aad, &row.sealed)?;
    let payload: EntryPayload = codec::decode(&plain).ok_or_else(|| Error::Tampered {
        what: format!("entry {}", row.id),
    })?;
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

/// Below this many rows, decrypting on one thread is faster than starting workers.
const PARALLEL_THRESHOLD: usize = 512;

/// Decrypts rows (in order) on all cores, mapping each opened entry through `then`.
/// Rows that fail authentication come back as `Err(id)`.
fn open_all<T: Send>(
    cipher: &RecordCipher,
    rows: Vec<RawEntry>,
    then: impl Fn(Entry) -> T + Sync,
) -> Result<Vec<Result<T, String>>> {
    let work = |chunk: &[RawEntry]| -> Result<Vec<Result<T, String>>> {
        chunk
            .iter()
            .map(|row| match open_entry(cipher, row) {
                Ok(entry) => Ok(Ok(then(entry))),
                Err(Error::Tampered { .. }) | Err(Error::RecordTooNew { .. }) => {
                    Ok(Err(row.id.clone()))
                }
                Err(other) => Err(other),
            })
            .collect()
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if rows.len() < PARALLEL_THRESHOLD || threads == 1 {
        return work(&rows);
    }
    let chunk = rows.len().div_ceil(threads);
    let parts: Vec<Result<Vec<Result<T, String>>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = rows
            .chunks(chunk)
            .map(|c| scope.spawn(|| work(c)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("decrypt worker panicked"))
            .collect()
    });
    let mut out = Vec::with_capacity(rows.len());
    for part in parts {
        out.extend(part?);
    }
    Ok(out)
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

/// Case-folds text for matching: Unicode lowercase (so `ÄRGER` finds `ärger` and `Σ`
/// finds `σ`), with an ASCII fast path.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_folded(&mut out, text);
    out
}

/// A parsed search: every term must occur (in title, body or tags). `"quoted words"` are
/// one term; other words are separate terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    terms: Vec<String>,
}

impl Query {
    /// Parses a query typed by the user.
    pub fn parse(query: &str) -> Self {
        let mut terms = Vec::new();
        for (i, part) in query.split('"').enumerate() {
            if i % 2 == 1 {
                let phrase = part.split_whitespace().collect::<Vec<_>>().join(" ");
                if !phrase.is_empty() {
                    terms.push(fold(&phrase));
                }
            } else {
                terms.extend(part.split_whitespace().map(fold));
            }
        }
        Query { terms }
    }

    /// The folded terms.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// True when there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// The decrypted entries of an unlocked session, newest first, with folded text for
/// search. Lives only in memory; the folded copies are zeroized on drop.
#[derive(Default)]
pub struct EntryIndex {
    items: Vec<(Entry, Zeroizing<String>)>,
}

impl std::fmt::Debug for EntryIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EntryIndex({} entries)", self.items.len())
    }
}

fn haystack(entry: &Entry) -> Zeroizing<String> {
    let tags_len: usize = entry.tags.iter().map(|t| t.len() + 1).sum();
    let mut folded = Zeroizing::new(String::with_capacity(
        entry.title.len() + entry.body.len() + tags_len + 1,
    ));
    let parts = std::iter::once(entry.title.as_str())
        .chain(std::iter::once(entry.body.as_str()))
        .chain(entry.tags.iter().map(String::as_str));
    for (i, part) in parts.enumerate() {
        if i > 0 {
            folded.push('\n');
        }
        push_folded(&mut folded, part);
    }
    folded
}

/// Appends `text` case-folded, without an intermediate copy for ASCII text.
fn push_folded(out: &mut String, text: &str) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
    } else {
        for c in text.chars() {
            out.extend(c.to_lowercase());
        }
    }
}

fn newest_first(a: &Entry, b: &Entry) -> std::cmp::Ordering {
    b.created_at
        .timestamp_millis()
        .cmp(&a.created_at.timestamp_millis())
        .then_with(|| a.id.cmp(&b.id))
}

impl EntryIndex {
    /// Indexes `entries`.
    pub fn new(mut entries: Vec<Entry>) -> Self {
        entries.sort_by(newest_first);
        EntryIndex {
            items: entries
                .into_iter()
                .map(|e| {
                    let h = haystack(&e);
                    (e, h)
                })
                .collect(),
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// All entries, newest first.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.items.iter().map(|(e, _)| e)
    }

    /// One entry by full id.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.items.iter().find(|(e, _)| e.id == id).map(|(e, _)| e)
    }

    /// Adds or replaces an entry (after a save).
    pub fn upsert(&mut self, entry: Entry) {
        self.remove(&entry.id);
        let pos = self
            .items
            .partition_point(|(e, _)| newest_first(e, &entry) == std::cmp::Ordering::Less);
        let h = haystack(&entry);
        self.items.insert(pos, (entry, h));
    }

    /// Removes an entry (after a delete).
    pub fn remove(&mut self, id: &str) {
        self.items.retain(|(e, _)| e.id != id);
    }

    /// Entries matching every term of `query`, newest first. An empty query matches all.
    pub fn search(&self, query: &Query) -> Vec<&Entry> {
        let finders: Vec<memchr::memmem::Finder<'_>> = query
            .terms()
            .iter()
            .map(|t| memchr::memmem::Finder::new(t.as_bytes()))
            .collect();
        self.items
            .iter()
            .filter(|(_, text)| finders.iter().all(|f| f.find(text.as_bytes()).is_some()))
            .map(|(e, _)| e)
            .collect()
    }
}
