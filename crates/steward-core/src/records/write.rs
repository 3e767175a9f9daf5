//! A write transaction of the vault: SQLite's IMMEDIATE transaction plus what it changed in
//! the set of records, which [`Write::commit`] folds into the sealed manifest in the same
//! transaction (so the manifest and the rows can never disagree after a crash).
//!
//! Every record write of the records layer (`insert_new`, `upsert`, `update_at_version`,
//! `delete` in [`super::table`]) takes a `&Write`, so no row can change without the manifest
//! hearing of it. Reads go through it as a plain connection (it derefs to one).

use std::cell::RefCell;

use rusqlite::{Connection, Transaction};

use super::manifest::{Delta, RecordHasher};
use super::table::Table;
use super::Vault;
use crate::error::Result;

/// An open write transaction. Dropped without [`Write::commit`], it rolls back.
pub(crate) struct Write<'v> {
    tx: Transaction<'v>,
    vault: &'v Vault,
    hasher: RecordHasher,
    delta: RefCell<Delta>,
}

impl std::ops::Deref for Write<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        &self.tx
    }
}

impl<'v> Write<'v> {
    pub(super) fn new(tx: Transaction<'v>, vault: &'v Vault, hasher: RecordHasher) -> Self {
        Write {
            tx,
            vault,
            hasher,
            delta: RefCell::new(Delta::default()),
        }
    }

    /// Record `id` of `T` at `version` came (`+1`) or went (`-1`).
    pub(super) fn note<T: Table>(&self, id: &str, version: i64, change: i64) {
        self.delta
            .borrow_mut()
            .note(&self.hasher, T::SLOT, id, version, change);
    }

    /// Commits, with the manifest updated by what this transaction changed.
    pub(crate) fn commit(self) -> Result<()> {
        let Write {
            tx, vault, delta, ..
        } = self;
        let delta = delta.into_inner();
        if delta.touched {
            vault.apply_to_manifest(&tx, &delta)?;
        }
        tx.commit()?;
        Ok(())
    }
}
