//! Settings: small sealed JSON values under names the app chooses (never the user), e.g.
//! the reminder schedule. Sealed under their own subkey; the name is plaintext and bound
//! into the AAD like a record id.

use std::collections::BTreeMap;

use super::manifest::MANIFEST_KEY;
use super::rows::SettingTable;
use super::table::{self, SealedRow};
use super::{Vault, Write};
use crate::error::{Error, Result};

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
        if key == MANIFEST_KEY {
            return Err(Error::InvalidInput(format!("{key:?} is not a setting")));
        }
        let current = table::get::<SettingTable>(w, key)?.map_or(0, |row| row.version);
        let version = crate::model::next_version("setting", key, current)?;
        let plain =
            zeroize::Zeroizing::new(serde_json::to_vec(value).expect("JSON values serialize"));
        let row = self.seal_row_bytes::<SettingTable>(
            key.to_string(),
            super::now_rfc3339(),
            version,
            &plain,
        )?;
        table::upsert(w, &row)
    }

    /// Every setting, by key.
    pub fn all_settings(&self) -> Result<BTreeMap<String, serde_json::Value>> {
        let mut out = BTreeMap::new();
        let rows = table::select::<SettingTable, _>(
            self.conn(),
            "WHERE key != ?1 ORDER BY key",
            [MANIFEST_KEY],
        )?;
        for row in rows {
            out.insert(row.id.clone(), self.open_setting(&row)?);
        }
        Ok(out)
    }

    /// Reads a setting; `None` if it was never set.
    pub fn get_setting(&self, key: &str) -> Result<Option<serde_json::Value>> {
        if key == MANIFEST_KEY {
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
