//! Settings: small sealed JSON values under names the app chooses (never the user), e.g.
//! the reminder schedule. Sealed under their own subkey; the name is plaintext and bound
//! into the AAD like a record id.
//!
//! Two names are the records layer's own and never reach the settings API, backups or
//! exports: the manifest, and the automatic backups' identity secret (which belongs to this
//! journal's recovery key, not to its contents: a journal restored from a backup gets its
//! own).

use std::collections::BTreeMap;

use super::manifest::MANIFEST_KEY;
use super::rows::SettingTable;
use super::table::{self, SealedRow};
use super::{Vault, Write};
use crate::backup_identity::BackupIdentity;
use crate::error::{Error, Result};
use crate::keyslot::{RecoveryKey, SlotKind};

/// The internal setting that holds the automatic backups' identity secret.
pub(crate) const BACKUP_IDENTITY_KEY: &str = "auto_backup_identity";

/// The internal setting that holds this device's sync state (`crate::sync`): its device
/// id, what it has read of the folder, and each record's clock. It belongs to this device,
/// so backups and exports leave it out.
pub(crate) const SYNC_STATE_KEY: &str = "sync_state";

/// Whether `key` is one of the records layer's own rows, not a setting.
pub fn is_internal_setting(key: &str) -> bool {
    key == MANIFEST_KEY || key == BACKUP_IDENTITY_KEY || key == SYNC_STATE_KEY
}

impl Vault {
    /// Stores a setting (value sealed; the key name is plaintext and chosen by the app).
    pub fn set_setting(&self, key: &str, value: &serde_json::Value) -> Result<()> {
        let tx = self.begin()?;
        self.put_setting(&tx, key, value)?;
        tx.commit()?;
        Ok(())
    }

    /// Stores a setting through `w`, inside the caller's transaction. The manifest's own
    /// name is not a setting.
    pub(crate) fn put_setting(
        &self,
        w: &Write<'_>,
        key: &str,
        value: &serde_json::Value,
    ) -> Result<()> {
        if is_internal_setting(key) {
            return Err(Error::InvalidInput(format!("{key:?} is not a setting")));
        }
        let plain =
            zeroize::Zeroizing::new(serde_json::to_vec(value).expect("JSON values serialize"));
        self.put_setting_bytes(w, key, &plain)
    }

    /// Seals `plain` as the internal row `key` through `w`.
    pub(super) fn put_internal_setting(
        &self,
        w: &Write<'_>,
        key: &str,
        plain: &[u8],
    ) -> Result<()> {
        self.put_setting_bytes(w, key, plain)
    }

    /// Seals `plain` as settings row `key` (internal or not) through `w`.
    fn put_setting_bytes(&self, w: &Write<'_>, key: &str, plain: &[u8]) -> Result<()> {
        let current = table::get::<SettingTable>(w, key)?.map_or(0, |row| row.version);
        let version = crate::model::next_version("setting", key, current)?;
        let row = self.seal_row_bytes::<SettingTable>(
            key.to_string(),
            super::now_rfc3339(),
            version,
            plain,
        )?;
        table::upsert(w, &row)
    }

    /// Every setting, by key.
    pub fn all_settings(&self) -> Result<BTreeMap<String, serde_json::Value>> {
        let mut out = BTreeMap::new();
        let rows = table::select::<SettingTable, _>(
            self.conn(),
            "WHERE key NOT IN (?1, ?2) ORDER BY key",
            [MANIFEST_KEY, BACKUP_IDENTITY_KEY],
        )?;
        for row in rows {
            out.insert(row.id.clone(), self.open_setting(&row)?);
        }
        Ok(out)
    }

    /// Reads a setting; `None` if it was never set.
    pub fn get_setting(&self, key: &str) -> Result<Option<serde_json::Value>> {
        if is_internal_setting(key) {
            return Ok(None);
        }
        table::get::<SettingTable>(self.conn(), key)?
            .map(|row| self.open_setting(&row))
            .transpose()
    }

    fn open_setting(&self, row: &SealedRow<SettingTable>) -> Result<serde_json::Value> {
        let plain = self.open_bytes(row)?;
        serde_json::from_slice(&plain).map_err(|_| Error::Tampered {
            what: format!("setting {}", row.id),
        })
    }
}

impl Vault {
    /// The automatic backups' identity, once the journal knows it (see
    /// [`crate::backup_identity`]); `None` for a journal made before automatic backups whose
    /// recovery key has not been typed since.
    pub fn backup_identity(&self) -> Result<Option<BackupIdentity>> {
        let Some(row) = table::get::<SettingTable>(self.conn(), BACKUP_IDENTITY_KEY)? else {
            return Ok(None);
        };
        let plain = self.open_bytes(&row)?;
        let tampered = || Error::Tampered {
            what: "the automatic backups' key".into(),
        };
        let bytes: [u8; crate::crypto::KEY_LEN] =
            plain.as_slice().try_into().map_err(|_| tampered())?;
        Ok(Some(BackupIdentity::from_secret(zeroize::Zeroizing::new(
            bytes,
        ))))
    }

    /// Keeps the identity `recovery` derives, after checking that `recovery` opens this
    /// journal's recovery slot (a mistyped or another journal's key is refused).
    pub fn adopt_recovery_key(&self, recovery: &RecoveryKey) -> Result<BackupIdentity> {
        drop(
            super::vault::read_slot(self.conn(), SlotKind::Recovery)?
                .unlock_with_recovery(recovery)?,
        );
        let identity = BackupIdentity::from_recovery_key(recovery);
        self.store_backup_identity(&identity)?;
        Ok(identity)
    }

    /// Seals `identity` as the internal setting, unless it is already the one kept.
    pub(crate) fn store_backup_identity(&self, identity: &BackupIdentity) -> Result<()> {
        if self
            .backup_identity()?
            .is_some_and(|kept| kept.secret() == identity.secret())
        {
            return Ok(());
        }
        let tx = self.begin()?;
        self.put_setting_bytes(&tx, BACKUP_IDENTITY_KEY, identity.secret())?;
        tx.commit()
    }
}

/// The slot of each kind of record in a backup's record set (the manifest's table order).
pub(crate) mod backup_slots {
    /// Entries.
    pub(crate) const ENTRIES: usize = 0;
    /// Relationships.
    pub(crate) const RELATIONSHIPS: usize = 1;
    /// Reflections.
    pub(crate) const REFLECTIONS: usize = 2;
    /// Settings (by name; version 0, as a backup carries none).
    pub(crate) const SETTINGS: usize = 3;
    /// Tombstones (version 0, as a backup carries none).
    pub(crate) const TOMBSTONES: usize = 4;
}

impl Vault {
    /// What a backup of the journal as it is now holds, as (slot, id, version), read from the
    /// rows' plaintext columns (no decryption) in the caller's read snapshot.
    /// Settings named in `skip_settings` are left out, as the backup leaves them out.
    pub(crate) fn backup_record_set(
        &self,
        skip_settings: &[&str],
    ) -> Result<Vec<(usize, String, i64)>> {
        let mut out = Vec::new();
        for (slot, sql) in [
            (backup_slots::ENTRIES, "SELECT id, version FROM entries"),
            (
                backup_slots::RELATIONSHIPS,
                "SELECT id, version FROM relationships",
            ),
            (
                backup_slots::REFLECTIONS,
                "SELECT id, version FROM reflections",
            ),
            (backup_slots::TOMBSTONES, "SELECT id, 0 FROM tombstones"),
            (backup_slots::SETTINGS, "SELECT key, 0 FROM settings"),
        ] {
            let mut stmt = self.conn().prepare_cached(sql)?;
            let rows = stmt.query_map([], |r| {
                Ok((slot, r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            })?;
            for row in rows {
                let (slot, id, version) = row?;
                // As `all_settings` lists them: no internal row, nothing the caller skips.
                let skipped = is_internal_setting(&id) || skip_settings.contains(&id.as_str());
                if slot == backup_slots::SETTINGS && skipped {
                    continue;
                }
                out.push((slot, id, version));
            }
        }
        Ok(out)
    }
}
