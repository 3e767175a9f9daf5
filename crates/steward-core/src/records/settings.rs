//! Settings: small sealed JSON values under names the app chooses (never the user), e.g.
//! the reminder schedule. Sealed under their own subkey; the name is plaintext and bound
//! into the AAD like a record id.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::rows::SettingTable;
use super::table::{self, SealedRow};
use super::Vault;
use crate::error::{Error, Result};

impl Vault {
    /// Stores a setting (value sealed; the key name is plaintext and chosen by the app).
    pub fn set_setting(&self, key: &str, value: &serde_json::Value) -> Result<()> {
        let tx = self.begin()?;
        self.put_setting(&tx, key, value)?;
        tx.commit()?;
        Ok(())
    }

    /// Stores a setting through `conn`, inside the caller's transaction.
    pub(crate) fn put_setting(
        &self,
        conn: &Connection,
        key: &str,
        value: &serde_json::Value,
    ) -> Result<()> {
        let version = table::get::<SettingTable>(conn, key)?.map_or(0, |row| row.version) + 1;
        let plain =
            zeroize::Zeroizing::new(serde_json::to_vec(value).expect("JSON values serialize"));
        let row = SealedRow::<SettingTable> {
            id: key.to_string(),
            meta: super::now_rfc3339(),
            version,
            sealed: self.seal_bytes::<SettingTable>(key, version, &plain)?,
        };
        table::upsert(conn, &row)
    }

    /// Every setting, by key.
    pub fn all_settings(&self) -> Result<BTreeMap<String, serde_json::Value>> {
        let mut out = BTreeMap::new();
        for row in table::select::<SettingTable, _>(self.conn(), "ORDER BY key", [])? {
            out.insert(row.id.clone(), self.open_setting(&row)?);
        }
        Ok(out)
    }

    /// Reads a setting; `None` if it was never set.
    pub fn get_setting(&self, key: &str) -> Result<Option<serde_json::Value>> {
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
