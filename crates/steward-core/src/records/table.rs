//! Sealed rows, generically: the one place that reads, seals, opens and writes a record row.
//!
//! Every table of user data has the same shape: an id column, plaintext metadata columns
//! (timestamps, kind, week name), a `version` and a `sealed` blob whose AAD binds the table,
//! the id and the version ([`RecordAad`]). A [`Table`] says which metadata columns a table
//! has and how to read and bind them; [`SealedRow`] is one row as stored; the functions
//! here build the SQL for every table from that description, so the row reader, the
//! exact upsert, the guarded update and the AAD each exist once.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use serde::de::DeserializeOwned;
use serde::Serialize;
use zeroize::Zeroizing;

use crate::codec;
use crate::crypto::{Purpose, RecordAad, RecordCipher};
use crate::error::{Error, Result};

/// A table of sealed records.
pub(crate) trait Table {
    /// The table's name (also the AAD's table).
    const NAME: &'static str;
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
    /// The AAD the row's payload is sealed under.
    pub fn aad(&self) -> RecordAad<'_> {
        aad::<T>(&self.id, self.version)
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

/// The AAD of record `id` at `version` in `T`: the only place one is built.
fn aad<T: Table>(id: &str, version: i64) -> RecordAad<'_> {
    RecordAad {
        table: T::NAME,
        id,
        version,
    }
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
pub(crate) fn upsert<T: Table>(conn: &Connection, row: &SealedRow<T>) -> Result<()> {
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
pub(crate) fn insert_new<T: Table>(conn: &Connection, row: &SealedRow<T>) -> Result<bool> {
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
    let inserted = conn
        .prepare_cached(&sql)?
        .execute(params_from_iter(row.values()))?;
    Ok(inserted == 1)
}

/// Replaces the row with `row`'s id only if it is still at `expected` version; `false` when
/// it is not (another writer got there first) or is gone.
pub(crate) fn update_at_version<T: Table>(
    conn: &Connection,
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
    let changed = conn
        .prepare_cached(&sql)?
        .execute(params_from_iter(values))?;
    Ok(changed == 1)
}

/// Deletes the row of `T` with this id; `false` when there was none.
pub(crate) fn delete<T: Table>(conn: &Connection, id: &str) -> Result<bool> {
    let sql = format!("DELETE FROM {} WHERE {} = ?1", T::NAME, T::ID);
    Ok(conn.prepare_cached(&sql)?.execute([id])? == 1)
}

/// Seals `payload` (MessagePack) as record `id` at `version` of `T`.
pub(super) fn seal<T: Table, P: Serialize>(
    cipher: &RecordCipher,
    id: &str,
    version: i64,
    payload: &P,
) -> Result<Vec<u8>> {
    seal_bytes::<T>(cipher, id, version, &codec::encode(payload))
}

/// Seals `plain` as record `id` at `version` of `T`.
pub(super) fn seal_bytes<T: Table>(
    cipher: &RecordCipher,
    id: &str,
    version: i64,
    plain: &[u8],
) -> Result<Vec<u8>> {
    cipher.seal(aad::<T>(id, version), plain)
}

/// Opens `row`'s payload as bytes.
pub(super) fn open_bytes<T: Table>(
    cipher: &RecordCipher,
    row: &SealedRow<T>,
) -> Result<Zeroizing<Vec<u8>>> {
    cipher.open(row.aad(), &row.sealed)
}

/// Opens `row`'s payload. A payload that authenticates but does not decode is tampered too
/// (only a writer with the key could have made it).
pub(super) fn open<T: Table, P: DeserializeOwned>(
    cipher: &RecordCipher,
    row: &SealedRow<T>,
) -> Result<P> {
    let plain = cipher.open(row.aad(), &row.sealed)?;
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
    cipher.open_in_place(row.aad(), buf)
}

/// Re-seals every row of `T` from the `from` key to the `to` key at the same id and
/// version (a key rotation), through `conn` inside the caller's transaction. Rows are read
/// a page at a time by rowid, so memory stays flat however large the table. Returns how
/// many rows were re-sealed; a row that does not open under `from` fails the whole
/// rotation (the transaction rolls back and nothing changes).
pub(crate) fn reseal_all<T: Table>(
    conn: &Connection,
    from: &RecordCipher,
    to: &RecordCipher,
) -> Result<u64> {
    const PAGE: i64 = 512;
    let read_sql = format!(
        "SELECT rowid, {}, version, sealed FROM {} WHERE rowid > ?1 ORDER BY rowid LIMIT {PAGE}",
        T::ID,
        T::NAME
    );
    let write_sql = format!("UPDATE {} SET sealed = ?1 WHERE rowid = ?2", T::NAME);
    let mut read = conn.prepare(&read_sql)?;
    let mut write = conn.prepare(&write_sql)?;
    let (mut after, mut count) = (i64::MIN, 0u64);
    loop {
        let page = read
            .query_map([after], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, Vec<u8>>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let Some(last) = page.last() else {
            return Ok(count);
        };
        after = last.0;
        for (rowid, id, version, sealed) in page {
            let plain = from.open(aad::<T>(&id, version), &sealed)?;
            write.execute(params![to.seal(aad::<T>(&id, version), &plain)?, rowid])?;
            count += 1;
        }
    }
}
