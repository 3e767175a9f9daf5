//! What the sync service (`crate::sync`) needs of the records layer: the sync folder's keys
//! under the journal's data key, the key slots as they travel, the adoption of another
//! computer's data key (its passphrase change), this device's sealed sync state (an
//! internal row, never backed up or exported), and the ids and versions of every record,
//! read from the plaintext columns with nothing decrypted.

use zeroize::Zeroizing;

use super::rows::SettingTable;
use super::settings::SYNC_STATE_KEY;
use super::table;
use super::{Vault, Write};
use crate::backup_identity::BackupIdentity;
use crate::crypto::{DataKey, SyncKey};
use crate::error::Result;
use crate::keyslot::{KeySlot, SlotKind};

/// Where a record's row lives, as the sync state names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum RecordTable {
    Entries,
    Relationships,
    Reflections,
    Settings,
    Tombstones,
}

impl Vault {
    /// The keys of a sync folder under this journal's data key.
    pub(crate) fn sync_key(&self) -> SyncKey {
        self.dek.sync_key()
    }

    /// The journal's two key slots (passphrase, recovery), as they are stored: the data key
    /// wrapped, never the key itself.
    pub(crate) fn key_slots(&self) -> Result<[KeySlot; 2]> {
        Ok([
            super::vault::read_slot(self.conn(), SlotKind::Passphrase)?,
            super::vault::read_slot(self.conn(), SlotKind::Recovery)?,
        ])
    }

    /// Takes `dek` (another computer's, after its passphrase change) with its `slots` and
    /// its backups' identity: every record re-sealed under it, in one transaction. From
    /// then on this journal opens with that computer's new passphrase only.
    pub(crate) fn adopt_key(
        &mut self,
        dek: DataKey,
        slots: [&KeySlot; 2],
        identity: Option<&BackupIdentity>,
    ) -> Result<u64> {
        let resealed = self.rekey(dek, slots, identity)?;
        self.truncate_wal_after_rekey();
        Ok(resealed)
    }

    /// Whether this device syncs (the state's row exists; nothing decrypted).
    pub(crate) fn has_sync_state(&self) -> Result<bool> {
        table::exists::<SettingTable>(self.conn(), SYNC_STATE_KEY)
    }

    /// This device's sync state (MessagePack, opened), if it syncs.
    pub(crate) fn sync_state_bytes(&self) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let Some(row) = table::get::<SettingTable>(self.conn(), SYNC_STATE_KEY)? else {
            return Ok(None);
        };
        Ok(Some(self.open_bytes(&row)?))
    }

    /// Seals `plain` as this device's sync state through `w`.
    pub(crate) fn put_sync_state(&self, w: &Write<'_>, plain: &[u8]) -> Result<()> {
        self.put_internal_setting(w, SYNC_STATE_KEY, plain)
    }

    /// Forgets this device's sync state (it stops syncing).
    pub(crate) fn forget_sync_state(&self) -> Result<()> {
        let w = self.begin()?;
        table::delete::<SettingTable>(&w, SYNC_STATE_KEY)?;
        w.commit()
    }

    /// Every record as (table, id, version, last change as stored — RFC 3339, none for a
    /// tombstone), from the plaintext columns (an index scan, nothing decrypted); settings
    /// by name, the records layer's own rows left out.
    pub(crate) fn record_versions(&self) -> Result<Vec<RecordVersion>> {
        let mut out = Vec::new();
        for (t, sql) in [
            (
                RecordTable::Entries,
                "SELECT id, version, updated_at FROM entries",
            ),
            (
                RecordTable::Relationships,
                "SELECT id, version, updated_at FROM relationships",
            ),
            (
                RecordTable::Reflections,
                "SELECT id, version, updated_at FROM reflections",
            ),
            (
                RecordTable::Settings,
                "SELECT key, version, updated_at FROM settings",
            ),
            (
                RecordTable::Tombstones,
                "SELECT id, version, NULL FROM tombstones",
            ),
        ] {
            let mut stmt = self.conn().prepare_cached(sql)?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })?;
            for row in rows {
                let (id, version, updated_at) = row?;
                if t == RecordTable::Settings && super::is_internal_setting(&id) {
                    continue;
                }
                out.push(RecordVersion {
                    table: t,
                    id,
                    version,
                    updated_at,
                });
            }
        }
        Ok(out)
    }
}

/// A record's row as [`Vault::record_versions`] lists it.
#[derive(Debug)]
pub(crate) struct RecordVersion {
    pub table: RecordTable,
    pub id: String,
    pub version: i64,
    /// When it last changed, as its plaintext column says (none for a tombstone).
    pub updated_at: Option<String>,
}

impl Vault {
    /// The version of row `id` of `table` as `conn` sees it now; 0 when there is none.
    pub(crate) fn record_version(
        &self,
        conn: &rusqlite::Connection,
        table: RecordTable,
        id: &str,
    ) -> Result<i64> {
        use rusqlite::OptionalExtension;
        let sql = match table {
            RecordTable::Entries => "SELECT version FROM entries WHERE id = ?1",
            RecordTable::Relationships => "SELECT version FROM relationships WHERE id = ?1",
            RecordTable::Reflections => "SELECT version FROM reflections WHERE id = ?1",
            RecordTable::Settings => "SELECT version FROM settings WHERE key = ?1",
            RecordTable::Tombstones => "SELECT version FROM tombstones WHERE id = ?1",
        };
        Ok(conn
            .prepare_cached(sql)?
            .query_row([id], |r| r.get::<_, i64>(0))
            .optional()?
            .unwrap_or(0))
    }
}
