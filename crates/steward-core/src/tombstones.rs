//! Tombstones, stored: one sealed row per deleted record (its id in plain, its kind and
//! deletion time sealed), written in the same transaction as the deletion. Backups carry
//! them and merges apply them (`crate::backup`), so a record deleted here is not brought
//! back by a backup made before the deletion.
//!
//! They are small (about 100 bytes a row) and are kept: compacting them needs to know
//! which backups still exist (docs/SECURITY.md, "Deletions").

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
pub use crate::model::tombstone::{RecordKind, Tombstone};
use crate::records::{self, SealedRow, TombstoneTable, Vault, Write};

/// What is sealed of a tombstone.
#[derive(Serialize, Deserialize)]
struct TombstonePayload {
    kind: RecordKind,
    deleted_at: String,
}

/// The tombstones of an unlocked vault: `vault.tombstones()`.
#[derive(Clone, Copy)]
pub struct Tombstones<'v> {
    vault: &'v Vault,
}

impl Vault {
    /// What was deleted, and when.
    pub fn tombstones(&self) -> Tombstones<'_> {
        Tombstones { vault: self }
    }
}

impl Tombstones<'_> {
    fn open(&self, row: SealedRow<TombstoneTable>) -> Result<Tombstone> {
        let p: TombstonePayload = self.vault.open(&row)?;
        let deleted_at = crate::stamp::parse(&p.deleted_at).ok_or_else(|| Error::Tampered {
            what: format!("tombstone {} (its time)", row.id),
        })?;
        Ok(Tombstone {
            id: row.id,
            kind: p.kind,
            deleted_at,
        })
    }

    /// Every tombstone, oldest deletion first.
    pub fn list(&self) -> Result<Vec<Tombstone>> {
        let mut out = records::select::<TombstoneTable, _>(self.vault.conn(), "", [])?
            .into_iter()
            .map(|row| self.open(row))
            .collect::<Result<Vec<_>>>()?;
        out.sort_by(|a, b| (a.deleted_at, &a.id).cmp(&(b.deleted_at, &b.id)));
        Ok(out)
    }

    /// The tombstone of record `id`, if it was deleted.
    pub fn get(&self, id: &str) -> Result<Option<Tombstone>> {
        self.get_in(self.vault.conn(), id)
    }

    pub(crate) fn get_in(&self, conn: &Connection, id: &str) -> Result<Option<Tombstone>> {
        records::get::<TombstoneTable>(conn, id)?
            .map(|row| self.open(row))
            .transpose()
    }

    /// How many there are (no decryption).
    pub fn count(&self) -> Result<u64> {
        let n: i64 = self
            .vault
            .conn()
            .query_row("SELECT count(*) FROM tombstones", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// Records `tombstone` inside the caller's transaction, replacing an older one for the
    /// same id (a record restored by a merge and deleted again).
    pub(crate) fn put(&self, w: &Write<'_>, tombstone: &Tombstone) -> Result<()> {
        let version = match records::get::<TombstoneTable>(w, &tombstone.id)? {
            Some(old) => crate::model::next_version("tombstone", &tombstone.id, old.version)?,
            None => 1,
        };
        let payload = TombstonePayload {
            kind: tombstone.kind,
            deleted_at: crate::stamp::format(&tombstone.deleted_at),
        };
        let row = self.vault.seal_row::<TombstoneTable, _>(
            tombstone.id.clone(),
            (),
            version,
            &payload,
        )?;
        records::upsert(w, &row)
    }

    /// Forgets the tombstone of `id` (the record came back, edited after its deletion).
    pub(crate) fn remove(&self, w: &Write<'_>, id: &str) -> Result<bool> {
        records::delete::<TombstoneTable>(w, id)
    }
}
