//! Sealed rows, generically: the one place that reads, seals, opens and writes a record row.
//!
//! Every table of user data has the same shape: an id column, plaintext metadata columns
//! (timestamps, kind, week name), a `version` and a `sealed` blob whose AAD binds the table,
//! the id, the version and the metadata columns ([`RecordAad`]), so none of them can be
//! changed in SQL without the row failing to open. A [`Table`] says which metadata columns a table
//! has and how to read and bind them; [`SealedRow`] is one row as stored; the functions
//! here build the SQL for every table from that description, so the row reader, the
//! exact upsert, the guarded update and the AAD each exist once.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use serde::de::DeserializeOwned;
use serde::Serialize;
use zeroize::Zeroizing;

use super::write::Write;
use crate::codec;
use crate::crypto::{Purpose, RecordAad, RecordCipher};
use crate::error::{Error, Result};

/// A table of sealed records.
pub(crate) trait Table {
    /// The table's name (also the AAD's table).
    const NAME: &'static str;
    /// Its place in the manifest ([`super::manifest::TABLES`]).
    const SLOT: usize;
    /// The column holding the record id (the AAD's id).
    const ID: &'static str = "id";
    /// The plaintext columns between the id and `version`, in the order [`Table::read_meta`]
    /// reads them and [`Table::bind_meta`] binds them.
    const META: &'static [&'static str];
    /// What a record is called in errors, e.g. `entry`.
    const WHAT: &'static str;
    /// Which subkey seals the table's records.
    const PURPOSE: Purpose = Purpose::Records;
    /// The plaintext metadata of one row.
    type Meta: Send;

    /// Reads the metadata columns, which start at column index 1.
    fn read_meta(row: &Row<'_>) -> rusqlite::Result<Self::Meta>;
    /// The metadata's column values, in [`Table::META`] order.
    fn bind_meta(meta: &Self::Meta) -> Vec<Value>;
}

/// One row as stored: id, plaintext metadata, version and the sealed payload.
pub(crate) struct SealedRow<T: Table> {
    pub id: String,
    pub meta: T::Meta,
    pub version: i64,
    pub sealed: Vec<u8>,
}

impl<T: Table> SealedRow<T> {
    /// Calls `f` with the AAD the row's payload is sealed under.
    pub fn with_aad<R>(&self, f: impl FnOnce(RecordAad<'_>) -> R) -> R {
        let meta = meta_bytes::<T>(&self.meta);
        f(aad::<T>(&self.id, self.version, &meta))
    }

    fn from_sql(row: &Row<'_>) -> rusqlite::Result<Self> {
        let n = T::META.len();
        Ok(SealedRow {
            id: row.get(0)?,
            meta: T::read_meta(row)?,
            version: row.get(n + 1)?,
            sealed: row.get(n + 2)?,
        })
    }

    /// The row's columns in `id, META…, version, sealed` order.
    fn values(&self) -> Vec<Value> {
        let mut values = Vec::with_capacity(T::META.len() + 3);
        values.push(Value::Text(self.id.clone()));
        values.extend(T::bind_meta(&self.meta));
        values.push(Value::Integer(self.version));
        values.push(Value::Blob(self.sealed.clone()));
        values
    }
}

/// The AAD of record `id` at `version` in `T` with the encoded metadata `meta`: the only
/// place one is built.
fn aad<'a, T: Table>(id: &'a str, version: i64, meta: &'a [u8]) -> RecordAad<'a> {
    RecordAad {
        table: T::NAME,
        id,
        version,
        meta,
    }
}

/// The plaintext columns of a row as AAD bytes: per column `i` + the integer (8 bytes,
/// big-endian) or `t` + the text's length (u32, big-endian) + its bytes. Self-delimiting,
/// so two different rows never encode alike.
pub(crate) fn meta_bytes<T: Table>(meta: &T::Meta) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    for value in T::bind_meta(meta) {
        match value {
            Value::Integer(i) => {
                out.push(b'i');
                out.extend_from_slice(&i.to_be_bytes());
            }
            Value::Text(t) => {
                out.push(b't');
                let len = u32::try_from(t.len()).expect("metadata columns are short");
                out.extend_from_slice(&len.to_be_bytes());
                out.extend_from_slice(t.as_bytes());
            }
            other => unreachable!("metadata columns are text or integers, not {other:?}"),
        }
    }
    out
}

fn columns<T: Table>() -> String {
    let mut cols = vec![T::ID];
    cols.extend_from_slice(T::META);
    cols.extend_from_slice(&["version", "sealed"]);
    cols.join(", ")
}

/// Every row of `T` matching `filter` (SQL after `FROM table`, e.g. `WHERE week = ?1
/// ORDER BY …`; empty for all rows), bound to `params`.
pub(crate) fn select<T: Table, P: rusqlite::Params>(
    conn: &Connection,
    filter: &str,
    params: P,
) -> Result<Vec<SealedRow<T>>> {
    let sql = format!("SELECT {} FROM {} {filter}", columns::<T>(), T::NAME);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params, SealedRow::<T>::from_sql)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Calls `f` with each row of `T` matching `filter`, one at a time (nothing collected).
pub(crate) fn for_each<T: Table, P: rusqlite::Params>(
    conn: &Connection,
    filter: &str,
    params: P,
    mut f: impl FnMut(SealedRow<T>) -> Result<()>,
) -> Result<()> {
    let sql = format!("SELECT {} FROM {} {filter}", columns::<T>(), T::NAME);
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params)?;
    while let Some(row) = rows.next()? {
        f(SealedRow::<T>::from_sql(row)?)?;
    }
    Ok(())
}

/// The row of `T` whose id column is `id`, if there is one.
pub(crate) fn get<T: Table>(conn: &Connection, id: &str) -> Result<Option<SealedRow<T>>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE {} = ?1",
        columns::<T>(),
        T::NAME,
        T::ID
    );
    Ok(conn
        .query_row(&sql, [id], SealedRow::<T>::from_sql)
        .optional()?)
}

/// Whether a row of `T` with this id exists.
pub(crate) fn exists<T: Table>(conn: &Connection, id: &str) -> Result<bool> {
    let sql = format!("SELECT 1 FROM {} WHERE {} = ?1", T::NAME, T::ID);
    Ok(conn.prepare_cached(&sql)?.exists([id])?)
}

/// Writes `row` exactly as given, replacing a row with the same id.
pub(crate) fn upsert<T: Table>(w: &Write<'_>, row: &SealedRow<T>) -> Result<()> {
    let old = version_of::<T>(w, &row.id)?;
    upsert_raw(w, row)?;
    if let Some(old) = old {
        w.note::<T>(&row.id, old, -1);
    }
    w.note::<T>(&row.id, row.version, 1);
    Ok(())
}

/// The version of row `id` of `T`, if it exists.
fn version_of<T: Table>(conn: &Connection, id: &str) -> Result<Option<i64>> {
    let sql = format!("SELECT version FROM {} WHERE {} = ?1", T::NAME, T::ID);
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// [`upsert`] without telling the manifest (the manifest's own row).
pub(crate) fn upsert_raw<T: Table>(conn: &Connection, row: &SealedRow<T>) -> Result<()> {
    let cols = columns::<T>();
    let marks = (1..=T::META.len() + 3)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let set = T::META
        .iter()
        .chain(&["version", "sealed"])
        .map(|c| format!("{c} = excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "INSERT INTO {} ({cols}) VALUES ({marks}) ON CONFLICT ({}) DO UPDATE SET {set}",
        T::NAME,
        T::ID
    );
    conn.prepare_cached(&sql)?
        .execute(params_from_iter(row.values()))?;
    Ok(())
}

/// Inserts `row` unless its id exists; `false` when it did (nothing written).
pub(crate) fn insert_new<T: Table>(w: &Write<'_>, row: &SealedRow<T>) -> Result<bool> {
    let marks = (1..=T::META.len() + 3)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({marks}) ON CONFLICT ({}) DO NOTHING",
        T::NAME,
        columns::<T>(),
        T::ID
    );
    let inserted = w
        .prepare_cached(&sql)?
        .execute(params_from_iter(row.values()))?
        == 1;
    if inserted {
        w.note::<T>(&row.id, row.version, 1);
    }
    Ok(inserted)
}

/// Replaces the row with `row`'s id only if it is still at `expected` version; `false` when
/// it is not (another writer got there first) or is gone.
pub(crate) fn update_at_version<T: Table>(
    w: &Write<'_>,
    row: &SealedRow<T>,
    expected: i64,
) -> Result<bool> {
    let n = T::META.len();
    let set = T::META
        .iter()
        .chain(&["version", "sealed"])
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 2))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "UPDATE {} SET {set} WHERE {} = ?1 AND version = ?{}",
        T::NAME,
        T::ID,
        n + 4
    );
    let mut values = row.values();
    values.push(Value::Integer(expected));
    let changed = w.prepare_cached(&sql)?.execute(params_from_iter(values))? == 1;
    if changed {
        w.note::<T>(&row.id, expected, -1);
        w.note::<T>(&row.id, row.version, 1);
    }
    Ok(changed)
}

/// Deletes the row of `T` with this id; `false` when there was none.
pub(crate) fn delete<T: Table>(w: &Write<'_>, id: &str) -> Result<bool> {
    let sql = format!(
        "DELETE FROM {} WHERE {} = ?1 RETURNING version",
        T::NAME,
        T::ID
    );
    let gone: Option<i64> = w
        .prepare_cached(&sql)?
        .query_row([id], |r| r.get(0))
        .optional()?;
    if let Some(version) = gone {
        w.note::<T>(id, version, -1);
    }
    Ok(gone.is_some())
}

/// Seals `payload` (MessagePack) as the row `id` of `T` with `meta` at `version`.
pub(super) fn seal_row<T: Table, P: Serialize>(
    cipher: &RecordCipher,
    id: String,
    meta: T::Meta,
    version: i64,
    payload: &P,
) -> Result<SealedRow<T>> {
    seal_row_bytes(cipher, id, meta, version, &codec::encode(payload))
}

/// Seals `plain` as the row `id` of `T` with `meta` at `version`.
pub(super) fn seal_row_bytes<T: Table>(
    cipher: &RecordCipher,
    id: String,
    meta: T::Meta,
    version: i64,
    plain: &[u8],
) -> Result<SealedRow<T>> {
    let encoded = meta_bytes::<T>(&meta);
    let sealed = cipher.seal(aad::<T>(&id, version, &encoded), plain)?;
    Ok(SealedRow {
        id,
        meta,
        version,
        sealed,
    })
}

/// Opens `row`'s payload as bytes.
pub(super) fn open_bytes<T: Table>(
    cipher: &RecordCipher,
    row: &SealedRow<T>,
) -> Result<Zeroizing<Vec<u8>>> {
    row.with_aad(|aad| cipher.open(aad, &row.sealed))
}

/// Opens `row`'s payload. A payload that authenticates but does not decode is tampered too
/// (only a writer with the key could have made it).
pub(super) fn open<T: Table, P: DeserializeOwned>(
    cipher: &RecordCipher,
    row: &SealedRow<T>,
) -> Result<P> {
    let plain = row.with_aad(|aad| cipher.open(aad, &row.sealed))?;
    codec::decode(&plain).ok_or_else(|| Error::Tampered {
        what: format!("{} {}", T::WHAT, row.id),
    })
}

/// Opens `row` inside `buf` (reused across rows by the parallel scan) and returns the
/// plaintext slice; the caller owns `buf`, which wipes itself on drop.
pub(super) fn open_in_place<'b, T: Table>(
    cipher: &RecordCipher,
    row: &SealedRow<T>,
    buf: &'b mut Zeroizing<Vec<u8>>,
) -> Result<&'b [u8]> {
    buf.clear();
    buf.extend_from_slice(&row.sealed);
    row.with_aad(|aad| cipher.open_in_place(aad, buf))
}

/// Re-seals every row of `T` from the `from` key to the `to` key at the same id, metadata
/// and version (a key rotation), through `conn` inside the caller's transaction. Rows are
/// read a page at a time by rowid, so memory stays flat however large the table. Returns
/// how many rows were re-sealed; a row that does not open under `from` fails the whole
/// rotation (the transaction rolls back and nothing changes).
pub(crate) fn reseal_all<T: Table>(
    conn: &Connection,
    from: &RecordCipher,
    to: &RecordCipher,
) -> Result<u64> {
    rewrite_all::<T>(conn, |row| {
        let plain = row.with_aad(|aad| from.open(aad, &row.sealed))?;
        Ok(Some(row.with_aad(|aad| to.seal(aad, &plain))?))
    })
}

/// Upgrades every row of `T` from record format 1 to format 2 under `cipher` (the same
/// key): opened with the legacy AAD, sealed again with the metadata in the AAD and padded.
/// A row already in format 2 means the manifest that marks an upgraded journal was
/// removed: tampering, and (the caller's transaction rolling back) nothing changes.
pub(crate) fn upgrade_all<T: Table>(conn: &Connection, cipher: &RecordCipher) -> Result<u64> {
    rewrite_all::<T>(conn, |row| {
        if row.sealed.first() != Some(&crate::crypto::LEGACY_RECORD_FORMAT) {
            return Err(Error::Tampered {
                what: format!(
                    "{} {} (sealed in the new format in a journal not marked as upgraded: its record list was removed)",
                    T::WHAT,
                    row.id
                ),
            });
        }
        let legacy = aad::<T>(&row.id, row.version, &[]);
        let plain = cipher.open_legacy(legacy, &row.sealed)?;
        Ok(Some(row.with_aad(|aad| cipher.seal(aad, &plain))?))
    })
}

/// Rewrites the sealed payload of every row of `T` with what `reseal` returns for it.
fn rewrite_all<T: Table>(
    conn: &Connection,
    mut reseal: impl FnMut(&SealedRow<T>) -> Result<Option<Vec<u8>>>,
) -> Result<u64> {
    let write_sql = format!("UPDATE {} SET sealed = ?1 WHERE rowid = ?2", T::NAME);
    let mut write = conn.prepare(&write_sql)?;
    let mut count = 0;
    for_each_rowid::<T>(conn, |rowid, row| {
        if let Some(sealed) = reseal(&row)? {
            write.execute(params![sealed, rowid])?;
            count += 1;
        }
        Ok(())
    })?;
    Ok(count)
}

/// Calls `f` with each row of `T` and its rowid, a page of rows at a time by rowid (memory
/// stays flat however large the table).
fn for_each_rowid<T: Table>(
    conn: &Connection,
    mut f: impl FnMut(i64, SealedRow<T>) -> Result<()>,
) -> Result<()> {
    const PAGE: i64 = 512;
    // The rowid comes last, so the row's own columns keep the positions `from_sql` reads.
    let read_sql = format!(
        "SELECT {}, rowid FROM {} WHERE rowid > ?1 ORDER BY rowid LIMIT {PAGE}",
        columns::<T>(),
        T::NAME
    );
    let mut read = conn.prepare(&read_sql)?;
    let mut after = i64::MIN;
    loop {
        let page = read
            .query_map([after], |r| {
                let rowid: i64 = r.get(T::META.len() + 3)?;
                Ok((rowid, SealedRow::<T>::from_sql(r)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = last.0;
        for (rowid, row) in page {
            f(rowid, row)?;
        }
    }
}
