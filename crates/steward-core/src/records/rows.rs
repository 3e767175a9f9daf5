//! The row reader of each table: which plaintext columns it has and how they are read and
//! bound. Everything else about a table (its SQL, sealing, the AAD) is generic, in
//! [`super::table`].
//!
//! Plaintext columns are read as stored (text) and typed by the repositories when a row is
//! opened, so reading 10,000 rows in one query stays a plain copy; what they mean is listed
//! in docs/SECURITY.md.

use rusqlite::types::Value;
use rusqlite::Row;

use super::table::{SealedRow, Table};
use crate::crypto::Purpose;

/// `entries`: created (RFC 3339 in UTC — the writer's offset is sealed in the payload — and
/// the same instant in Unix milliseconds for ordering and ranges), updated, kind.
pub(crate) struct EntryTable;

/// The plaintext columns of an entry row.
pub(crate) struct EntryMeta {
    pub created_at: String,
    pub created_ms: i64,
    pub updated_at: String,
    pub kind: String,
}

impl Table for EntryTable {
    const NAME: &'static str = "entries";
    const SLOT: usize = 0;
    const META: &'static [&'static str] = &["created_at", "created_ms", "updated_at", "kind"];
    const WHAT: &'static str = "entry";
    type Meta = EntryMeta;

    fn read_meta(row: &Row<'_>) -> rusqlite::Result<EntryMeta> {
        Ok(EntryMeta {
            created_at: row.get(1)?,
            created_ms: row.get(2)?,
            updated_at: row.get(3)?,
            kind: row.get(4)?,
        })
    }

    fn bind_meta(m: &EntryMeta) -> Vec<Value> {
        vec![
            Value::Text(m.created_at.clone()),
            Value::Integer(m.created_ms),
            Value::Text(m.updated_at.clone()),
            Value::Text(m.kind.clone()),
        ]
    }
}

/// `relationships`: created, updated.
pub(crate) struct RelationshipTable;

/// Created and updated, the plaintext columns of relationships.
pub(crate) struct Stamps {
    pub created_at: String,
    pub updated_at: String,
}

impl Table for RelationshipTable {
    const NAME: &'static str = "relationships";
    const SLOT: usize = 1;
    const META: &'static [&'static str] = &["created_at", "updated_at"];
    const WHAT: &'static str = "relationship";
    type Meta = Stamps;

    fn read_meta(row: &Row<'_>) -> rusqlite::Result<Stamps> {
        Ok(Stamps {
            created_at: row.get(1)?,
            updated_at: row.get(2)?,
        })
    }

    fn bind_meta(m: &Stamps) -> Vec<Value> {
        vec![
            Value::Text(m.created_at.clone()),
            Value::Text(m.updated_at.clone()),
        ]
    }
}

/// `reflections`: the week's name (unique; also sealed and compared on opening), created,
/// updated.
pub(crate) struct ReflectionTable;

/// The plaintext columns of a reflection row.
pub(crate) struct ReflectionMeta {
    pub week: String,
    pub created_at: String,
    pub updated_at: String,
}

impl Table for ReflectionTable {
    const NAME: &'static str = "reflections";
    const SLOT: usize = 2;
    const META: &'static [&'static str] = &["week", "created_at", "updated_at"];
    const WHAT: &'static str = "reflection";
    type Meta = ReflectionMeta;

    fn read_meta(row: &Row<'_>) -> rusqlite::Result<ReflectionMeta> {
        Ok(ReflectionMeta {
            week: row.get(1)?,
            created_at: row.get(2)?,
            updated_at: row.get(3)?,
        })
    }

    fn bind_meta(m: &ReflectionMeta) -> Vec<Value> {
        vec![
            Value::Text(m.week.clone()),
            Value::Text(m.created_at.clone()),
            Value::Text(m.updated_at.clone()),
        ]
    }
}

/// `settings`: keyed by name (chosen by the app, never by the user); updated.
pub(crate) struct SettingTable;

impl Table for SettingTable {
    const NAME: &'static str = "settings";
    const SLOT: usize = 3;
    const ID: &'static str = "key";
    const META: &'static [&'static str] = &["updated_at"];
    const WHAT: &'static str = "setting";
    const PURPOSE: Purpose = Purpose::Settings;
    type Meta = String;

    fn read_meta(row: &Row<'_>) -> rusqlite::Result<String> {
        row.get(1)
    }

    fn bind_meta(updated_at: &String) -> Vec<Value> {
        vec![Value::Text(updated_at.clone())]
    }
}

/// `tombstones`: nothing in plain but the id (the kind of record and the deletion time are
/// sealed).
pub(crate) struct TombstoneTable;

impl Table for TombstoneTable {
    const NAME: &'static str = "tombstones";
    const SLOT: usize = 4;
    const META: &'static [&'static str] = &[];
    const WHAT: &'static str = "tombstone";
    type Meta = ();

    fn read_meta(_: &Row<'_>) -> rusqlite::Result<()> {
        Ok(())
    }

    fn bind_meta(_: &()) -> Vec<Value> {
        Vec::new()
    }
}

/// Sealed entry rows read ahead (ciphertext only), e.g. while the KDF runs.
pub struct EntryRows(pub(crate) Vec<SealedRow<EntryTable>>);

impl std::fmt::Debug for EntryRows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EntryRows({} rows)", self.0.len())
    }
}
