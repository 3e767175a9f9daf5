//! Journal entries, stored: the entries repository (create, read, update, delete, list,
//! count, resolve an id prefix) over the records layer.
//!
//! An entry row keeps its id, timestamps, kind and version in plaintext columns; its
//! title, body and tags are one sealed MessagePack document ([`EntryPayload`]). Reading
//! many entries at once — listing, the one-shot search, the session's index — decrypts on
//! all cores, in [`scan`].

pub(crate) mod scan;

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::entry::{check_details, normalize_people};
pub use crate::model::entry::{
    normalize_tags, Decision, Entry, EntryFilter, EntryKind, EntryUpdate, Listing, NewEntry,
    ReviewNote,
};
use crate::records::{self, EntryMeta, EntryRows, EntryTable, SealedRow, Vault, Write};
use crate::search::{EntryIndex, Query};

/// The sealed part of an entry, encoded by the records layer's codec (golden-tested).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryPayload {
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The writer's UTC offset in seconds when the entry was written. The plaintext column
    /// holds the instant in UTC only (a row of offsets would be a travel history); `None`
    /// in entries of builds before 0.3, whose column still carries the offset until
    /// [`Entries::seal_offsets`] moves it here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<i32>,
    /// The relationships (ids) the entry is about. Absent when there are none, so entries
    /// without links seal to the same bytes as before links existed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<String>,
    /// A decision entry's decision; absent on other entries (which seal as before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Box<Decision>>,
    /// A period review's summary; absent on other entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Box<ReviewNote>>,
}

/// The entries of an unlocked vault: `vault.entries()`.
#[derive(Clone, Copy)]
pub struct Entries<'v> {
    vault: &'v Vault,
}

impl Vault {
    /// The journal entries.
    pub fn entries(&self) -> Entries<'_> {
        Entries { vault: self }
    }
}

/// A decision or review after an update: the new one replaces the current one, but an
/// entry does not become a decision or review that was not one.
fn changed_detail<T>(what: &str, new: Option<T>, current: Option<T>) -> Result<Option<T>> {
    match (new, current) {
        (Some(_), None) => Err(Error::InvalidInput(format!(
            "entry: this entry is not a {what}"
        ))),
        (Some(new), Some(_)) => Ok(Some(new)),
        (None, current) => Ok(current),
    }
}

pub(crate) fn check_uuid(id: &str) -> Result<String> {
    crate::model::canonical_id(id)
        .ok_or_else(|| Error::InvalidInput(format!("id {id:?} is not a UUID")))
}

fn local_now() -> DateTime<FixedOffset> {
    chrono::Local::now().fixed_offset()
}

/// The plaintext form of a creation time: the instant in UTC.
fn utc_rfc3339(t: &DateTime<FixedOffset>) -> String {
    t.with_timezone(&Utc)
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The setting that says every entry's creation time is stored in UTC, its offset sealed.
const OFFSETS_SEALED_SETTING: &str = "entry_offsets_sealed";

fn parse_utc(stamp: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(stamp)
        .expect("the records layer formats RFC 3339")
        .with_timezone(&Utc)
}

impl<'v> Entries<'v> {
    /// A sealed row for `entry`'s fields at `version` with `payload` (whose offset is set
    /// here, from `created_at`).
    fn row(
        &self,
        id: &str,
        created_at: &DateTime<FixedOffset>,
        updated_at: String,
        kind: EntryKind,
        version: i64,
        payload: &EntryPayload,
    ) -> Result<SealedRow<EntryTable>> {
        let meta = EntryMeta {
            created_at: utc_rfc3339(created_at),
            created_ms: created_at.timestamp_millis(),
            updated_at,
            kind: kind.as_str().to_string(),
        };
        let payload = EntryPayload {
            offset: Some(created_at.offset().local_minus_utc()),
            ..payload.clone()
        };
        self.vault
            .seal_row::<EntryTable, _>(id.to_string(), meta, version, &payload)
    }

    /// Moves the UTC offsets of entries written by builds before 0.3 from the plaintext
    /// column into the sealed payload, once per journal (a setting marks it done), in one
    /// transaction. Ids, versions and everything shown stay as they were.
    pub fn seal_offsets(&self) -> Result<usize> {
        if self.vault.get_setting(OFFSETS_SEALED_SETTING)?.is_some() {
            return Ok(0);
        }
        let w = self.vault.begin()?;
        let mut legacy = Vec::new();
        records::for_each::<EntryTable, _>(&w, "WHERE created_at NOT LIKE '%Z'", [], |row| {
            legacy.push(row.id);
            Ok(())
        })?;
        for id in &legacy {
            // A row that does not open is reported by the listing, not here.
            if let Ok(entry) = self.open_row(id) {
                self.put_exact(&w, &entry)?;
            }
        }
        self.vault
            .put_setting(&w, OFFSETS_SEALED_SETTING, &serde_json::Value::Bool(true))?;
        w.commit()?;
        Ok(legacy.len())
    }

    /// Saves a new entry and returns it.
    pub fn add(&self, new: NewEntry) -> Result<Entry> {
        let tx = self.vault.begin()?;
        let entry = self.insert(&tx, new)?;
        tx.commit()?;
        Ok(entry)
    }

    /// Inserts a new entry through `w`, inside the caller's transaction.
    pub(crate) fn insert(&self, w: &Write<'_>, new: NewEntry) -> Result<Entry> {
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
        check_details(new.decision.as_ref(), new.review.as_ref(), &created_at)?;
        let payload = EntryPayload {
            people: self.checked_people(w, &new.people)?,
            title: new.title,
            body: new.body,
            tags: normalize_tags(&new.tags),
            offset: None,
            decision: new.decision.map(Box::new),
            review: new.review.map(Box::new),
        };
        let updated_at = records::now_rfc3339();
        let row = self.row(&id, &created_at, updated_at.clone(), new.kind, 1, &payload)?;
        if !records::insert_new(w, &row)? {
            return Err(Error::InvalidInput(format!(
                "an entry with id {id} already exists"
            )));
        }
        Ok(Entry {
            id,
            created_at,
            updated_at: parse_utc(&updated_at),
            kind: new.kind,
            version: 1,
            title: payload.title,
            body: payload.body,
            tags: payload.tags,
            people: payload.people,
            decision: payload.decision,
            review: payload.review,
        })
    }

    /// `people` cleaned ([`normalize_people`]), each one a relationship of this journal.
    fn checked_people(
        &self,
        conn: &rusqlite::Connection,
        people: &[String],
    ) -> Result<Vec<String>> {
        let people = normalize_people(people)?;
        for id in &people {
            if !self.vault.relationships().exists(conn, id)? {
                return Err(Error::NotFound {
                    kind: "relationship",
                    id: id.clone(),
                });
            }
        }
        Ok(people)
    }

    /// Whether an entry with this (full) id exists.
    pub(crate) fn exists(&self, conn: &rusqlite::Connection, id: &str) -> Result<bool> {
        records::exists::<EntryTable>(conn, id)
    }

    /// Calls `f` with every entry, oldest first, decrypting one row at a time (a backup
    /// export never holds the whole journal in memory). A row that fails to open fails the
    /// call: a backup must not silently leave an entry out.
    pub(crate) fn for_each(&self, mut f: impl FnMut(Entry) -> Result<()>) -> Result<()> {
        let opener = self.vault.row_opener();
        let mut scratch = scan::Scratch::default();
        records::for_each::<EntryTable, _>(
            self.vault.conn(),
            "ORDER BY created_ms, id",
            [],
            |row| f(scan::open_entry(opener, &row, &mut scratch)?),
        )
    }

    /// Writes `entry` exactly as given — id, dates, kind, version, content — replacing a
    /// row with the same id (backup restore and merge).
    pub(crate) fn put_exact(&self, w: &Write<'_>, entry: &Entry) -> Result<()> {
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
            offset: None,
            people: normalize_people(&entry.people)?,
            decision: entry.decision.clone(),
            review: entry.review.clone(),
        };
        check_details(
            payload.decision.as_deref(),
            payload.review.as_deref(),
            &entry.created_at,
        )?;
        let updated_at = entry
            .updated_at
            .to_rfc3339_opts(SecondsFormat::AutoSi, true);
        let row = self.row(
            &id,
            &entry.created_at,
            updated_at,
            entry.kind,
            entry.version,
            &payload,
        )?;
        records::upsert(w, &row)
    }

    /// Gives `entry` the id `new_id` (re-keying an import id): the row under the new id is
    /// written exactly as the old one was, then the old row goes, inside the caller's
    /// transaction.
    pub(crate) fn move_to(&self, w: &Write<'_>, entry: &Entry, new_id: &str) -> Result<()> {
        self.put_exact(
            w,
            &Entry {
                id: new_id.to_string(),
                ..entry.clone()
            },
        )?;
        records::delete::<EntryTable>(w, &entry.id)?;
        Ok(())
    }

    /// Finds the full id for an id or a unique prefix of at least 4 characters.
    pub fn resolve_id(&self, id_or_prefix: &str) -> Result<String> {
        let needle = id_or_prefix.trim().to_ascii_lowercase();
        let not_found = || Error::NotFound {
            kind: "entry",
            id: id_or_prefix.to_string(),
        };
        if needle.len() < 4 || !needle.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            return Err(not_found());
        }
        let mut stmt = self
            .vault
            .conn()
            .prepare_cached("SELECT id FROM entries WHERE id >= ?1 AND id < ?2 LIMIT 2")?;
        let upper = format!("{needle}\u{10FFFF}");
        let ids: Vec<String> = stmt
            .query_map(rusqlite::params![needle, upper], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        match ids.len() {
            0 => Err(not_found()),
            1 => Ok(ids.into_iter().next().expect("one id")),
            _ => Err(Error::InvalidInput(format!(
                "id prefix {id_or_prefix} matches more than one entry; give more characters"
            ))),
        }
    }

    fn open_row(&self, id: &str) -> Result<Entry> {
        let row =
            records::get::<EntryTable>(self.vault.conn(), id)?.ok_or_else(|| Error::NotFound {
                kind: "entry",
                id: id.to_string(),
            })?;
        scan::open_entry(self.vault.row_opener(), &row, &mut scan::Scratch::default())
    }

    /// Reads one entry by id (or unique id prefix).
    pub fn get(&self, id: &str) -> Result<Entry> {
        let id = self.resolve_id(id)?;
        self.open_row(&id)
    }

    /// Applies `update` and returns the new entry (its version incremented). With
    /// `expected_version`, refuses ([`Error::Conflict`]) if someone else changed the entry
    /// in the meantime.
    pub fn update(
        &self,
        id: &str,
        update: EntryUpdate,
        expected_version: Option<i64>,
    ) -> Result<Entry> {
        let id = self.resolve_id(id)?;
        let tx = self.vault.begin()?;
        let current = self.open_row(&id)?;
        if let Some(expected) = expected_version {
            if expected != current.version {
                return Err(Error::Conflict {
                    what: format!("entry {id}"),
                    found: current.version,
                    expected,
                });
            }
        }
        let payload = EntryPayload {
            title: update.title.unwrap_or(current.title),
            body: update.body.unwrap_or(current.body),
            tags: update.tags.map(normalize_tags).unwrap_or(current.tags),
            offset: None,
            people: match update.people {
                Some(people) => self.checked_people(&tx, &people)?,
                None => current.people,
            },
            decision: changed_detail("decision", update.decision.map(Box::new), current.decision)?,
            review: changed_detail("review", update.review.map(Box::new), current.review)?,
        };
        if payload.title.trim().is_empty() && payload.body.trim().is_empty() {
            return Err(Error::InvalidInput(
                "an entry cannot be emptied; delete it instead".into(),
            ));
        }
        let created_at = update.created_at.unwrap_or(current.created_at);
        check_details(
            payload.decision.as_deref(),
            payload.review.as_deref(),
            &created_at,
        )?;
        let version = crate::model::next_version("entry", &current.id, current.version)?;
        let updated_at = records::now_rfc3339();
        let row = self.row(
            &id,
            &created_at,
            updated_at.clone(),
            current.kind,
            version,
            &payload,
        )?;
        if !records::update_at_version(&tx, &row, current.version)? {
            let found = records::get::<EntryTable>(&tx, &id)?.map_or(0, |r| r.version);
            return Err(Error::Conflict {
                what: format!("entry {id}"),
                found,
                expected: current.version,
            });
        }
        tx.commit()?;
        Ok(Entry {
            id,
            created_at,
            updated_at: parse_utc(&updated_at),
            kind: current.kind,
            version,
            title: payload.title,
            body: payload.body,
            tags: payload.tags,
            people: payload.people,
            decision: payload.decision,
            review: payload.review,
        })
    }

    /// Deletes an entry (its pages are zeroed by `secure_delete`) and leaves its tombstone,
    /// in one transaction, so a merge with an older backup does not bring it back. Returns
    /// the full id.
    pub fn delete(&self, id: &str) -> Result<String> {
        let id = self.resolve_id(id)?;
        let w = self.vault.begin()?;
        self.delete_in(&w, &id, crate::stamp::now())?;
        w.commit()?;
        Ok(id)
    }

    /// Deletes entry `id` deleted at `deleted_at` inside the caller's transaction, leaving
    /// its tombstone.
    pub(crate) fn delete_in(
        &self,
        w: &Write<'_>,
        id: &str,
        deleted_at: chrono::DateTime<chrono::Utc>,
    ) -> Result<()> {
        if !records::delete::<EntryTable>(w, id)? {
            return Err(Error::NotFound {
                kind: "entry",
                id: id.to_string(),
            });
        }
        self.vault.tombstones().put(
            w,
            &crate::tombstones::Tombstone {
                id: id.to_string(),
                kind: crate::tombstones::RecordKind::Entry,
                deleted_at,
            },
        )
    }

    /// Number of entries (no decryption).
    pub fn count(&self) -> Result<u64> {
        Ok(self
            .vault
            .conn()
            .query_row("SELECT COUNT(*) FROM entries", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    /// Entries matching `filter`, newest first. Rows that fail to decrypt are listed in
    /// `damaged` instead of failing the whole listing.
    pub fn list(&self, filter: &EntryFilter) -> Result<Listing> {
        let from = filter.from.map_or(i64::MIN, |t| t.timestamp_millis());
        let until = filter.until.map_or(i64::MAX, |t| t.timestamp_millis());
        let rows = records::select::<EntryTable, _>(
            self.vault.conn(),
            "WHERE created_ms >= ?1 AND created_ms < ?2 ORDER BY created_ms DESC, id",
            rusqlite::params![from, until],
        )?;
        scan::list(self.vault.row_opener(), rows, filter.tag.as_deref())
    }

    fn all_rows(&self) -> Result<Vec<SealedRow<EntryTable>>> {
        records::select::<EntryTable, _>(
            self.vault.conn(),
            records::ENTRIES_NEWEST_FIRST,
            [i64::MIN, i64::MAX],
        )
    }

    /// One-shot search: decrypts and scans every entry on all cores without building an
    /// index, keeping only the matches (newest first). For commands that search once; an
    /// app session keeps an [`EntryIndex`] instead.
    pub fn search(&self, query: &Query) -> Result<Listing> {
        scan::search(self.vault.row_opener(), self.all_rows()?, query)
    }

    /// [`Entries::search`] over rows read ahead by
    /// [`crate::LockedVault::unlock_with_rows`].
    pub fn scan_rows(&self, rows: EntryRows, query: &Query) -> Result<Listing> {
        scan::search(self.vault.row_opener(), rows.0, query)
    }

    /// Decrypts every entry into a search index for this session.
    pub fn load_index(&self) -> Result<(EntryIndex, Vec<String>)> {
        self.index_rows(EntryRows(self.all_rows()?))
    }

    /// [`Entries::load_index`] over rows read ahead by
    /// [`crate::LockedVault::unlock_with_rows`].
    pub fn index_rows(&self, rows: EntryRows) -> Result<(EntryIndex, Vec<String>)> {
        scan::index(self.vault.row_opener(), rows.0)
    }
}
