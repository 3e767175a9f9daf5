//! The vault: one SQLite file holding key slots and sealed records, and the unlocked
//! session over it.
//!
//! [`LockedVault`] is an open file whose keys are not known yet; unlocking it with the
//! passphrase (Argon2id) or the recovery key (HKDF) unwraps the data key and yields a
//! [`Vault`], which owns the connection and the derived record keys. Dropping the `Vault`
//! drops (and zeroizes) every key. Changing the passphrase rewraps the data key in the
//! passphrase slot and touches nothing else.

use std::path::{Path, PathBuf};

use chrono::{SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use secrecy::SecretString;

use crate::crypto::{DataKey, Purpose, RecordAad, RecordCipher};
use crate::error::{Error, Result};
use crate::keyslot::{check_new_passphrase, KdfParams, KeySlot, RecoveryKey, SlotKind};
use crate::store;

/// The default vault location: `<OS data dir>/steward/journal.steward`
/// (`~/.local/share/steward/journal.steward` on Linux). Shared by the app and the CLI.
pub fn default_vault_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("steward").join("journal.steward"))
}

pub(crate) fn now_rfc3339() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// An open vault file whose keys are not yet known.
pub struct LockedVault {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for LockedVault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LockedVault")
            .field("path", &self.path)
            .finish()
    }
}

impl LockedVault {
    /// Opens (and if needed migrates) the vault at `path`. Cheap: no KDF runs here.
    pub fn open(path: &Path) -> Result<Self> {
        let conn = store::open_existing(path)?;
        Ok(LockedVault {
            conn,
            path: path.to_path_buf(),
        })
    }

    fn slot(&self, kind: SlotKind) -> Result<KeySlot> {
        let bytes: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT slot FROM key_slots WHERE kind = ?1",
                [kind.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        let bytes = bytes.ok_or_else(|| Error::Tampered {
            what: format!("key slot {} (missing)", kind.as_str()),
        })?;
        KeySlot::decode(&bytes, kind)
    }

    /// The KDF parameters of the passphrase slot (to tell the user how long unlock takes).
    pub fn passphrase_params(&self) -> Result<KdfParams> {
        Ok(self.slot(SlotKind::Passphrase)?.params())
    }

    /// Unlocks with the passphrase. Runs Argon2id with the slot's parameters.
    pub fn unlock(self, passphrase: &SecretString) -> Result<Vault> {
        let dek = self
            .slot(SlotKind::Passphrase)?
            .unlock_with_passphrase(passphrase)?;
        Ok(Vault::from_parts(self.conn, self.path, dek))
    }

    /// Unlocks with the passphrase while a second thread reads every entry row (ciphertext
    /// only) over its own connection, so the disk read overlaps the KDF. For one-shot
    /// commands that read the whole journal (`steward search`).
    pub fn unlock_with_rows(
        self,
        passphrase: &SecretString,
    ) -> Result<(Vault, crate::entries::EntryRows)> {
        let path = self.path.clone();
        let (dek, rows) = std::thread::scope(|scope| {
            let reader = scope.spawn(move || -> Result<crate::entries::EntryRows> {
                let conn = Connection::open_with_flags(
                    &path,
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                        | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                conn.busy_timeout(store::BUSY_TIMEOUT)?;
                crate::entries::EntryRows::read_all(&conn)
            });
            let dek = self
                .slot(SlotKind::Passphrase)
                .and_then(|slot| slot.unlock_with_passphrase(passphrase));
            (dek, reader.join().expect("row reader panicked"))
        });
        let vault = Vault::from_parts(self.conn, self.path, dek?);
        Ok((vault, rows?))
    }

    /// Unlocks with the recovery key printed at creation.
    pub fn unlock_with_recovery(self, recovery: &RecoveryKey) -> Result<Vault> {
        let dek = self
            .slot(SlotKind::Recovery)?
            .unlock_with_recovery(recovery)?;
        Ok(Vault::from_parts(self.conn, self.path, dek))
    }
}

/// An unlocked vault: the connection plus the keys. Not `Clone`; dropping it locks.
pub struct Vault {
    conn: Connection,
    path: PathBuf,
    dek: DataKey,
    records: RecordCipher,
    settings: RecordCipher,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("path", &self.path)
            .field("keys", &"[redacted]")
            .finish()
    }
}

impl Vault {
    fn from_parts(conn: Connection, path: PathBuf, dek: DataKey) -> Self {
        let records = dek.cipher(Purpose::Records);
        let settings = dek.cipher(Purpose::Settings);
        Vault {
            conn,
            path,
            dek,
            records,
            settings,
        }
    }

    /// Creates a new vault at `path` protected by `passphrase`, and returns it unlocked
    /// with the recovery key (to be shown to the user once, never stored).
    ///
    /// The file is built under a temporary name in the same folder and linked into place
    /// only when complete, so a failure never leaves a half-made vault behind and an
    /// existing file is never overwritten.
    pub fn create(
        path: &Path,
        passphrase: &SecretString,
        params: KdfParams,
    ) -> Result<(Vault, RecoveryKey)> {
        Self::create_at_schema(path, passphrase, params, store::SCHEMA_VERSION)
    }

    /// [`Vault::create`] with an older schema. Only for migration tests.
    #[doc(hidden)]
    pub fn create_at_schema(
        path: &Path,
        passphrase: &SecretString,
        params: KdfParams,
        schema: i64,
    ) -> Result<(Vault, RecoveryKey)> {
        check_new_passphrase(passphrase)?;
        if path.exists() {
            return Err(Error::VaultExists {
                path: path.to_path_buf(),
            });
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        create_private_dir(&dir)?;
        let file_name = path
            .file_name()
            .ok_or_else(|| Error::InvalidInput(format!("{} is not a file path", path.display())))?;
        let mut suffix = [0u8; 6];
        crate::crypto::random_fill(&mut suffix)?;
        let tmp = dir.join(format!(
            ".{}.creating-{}",
            file_name.to_string_lossy(),
            data_encoding::HEXLOWER.encode(&suffix)
        ));

        let dek = DataKey::generate()?;
        let recovery = RecoveryKey::generate()?;
        let passphrase_slot = KeySlot::for_passphrase(&dek, passphrase, params)?;
        let recovery_slot = KeySlot::for_recovery(&dek, &recovery)?;

        let build = || -> Result<()> {
            let conn = store::create_new(&tmp, schema)?;
            store::restrict_permissions(&tmp)?;
            let now = now_rfc3339();
            let tx = rusqlite::Transaction::new_unchecked(
                &conn,
                rusqlite::TransactionBehavior::Immediate,
            )?;
            tx.execute(
                "INSERT INTO vault_meta (key, value) VALUES ('format', ?1), ('created_at', ?2), ('vault_id', ?3)",
                params![store::VAULT_FORMAT, now, uuid::Uuid::new_v4().to_string()],
            )?;
            for (kind, slot) in [
                (SlotKind::Passphrase, &passphrase_slot),
                (SlotKind::Recovery, &recovery_slot),
            ] {
                tx.execute(
                    "INSERT INTO key_slots (kind, slot, updated_at) VALUES (?1, ?2, ?3)",
                    params![kind.as_str(), slot.encode(), now],
                )?;
            }
            tx.commit()?;
            // Closing the only connection checkpoints the WAL into the main file and
            // removes it, so the one file we link into place is complete.
            conn.close().map_err(|(_, e)| Error::from(e))?;
            sync_file(&tmp)?;
            std::fs::hard_link(&tmp, path).map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    Error::VaultExists {
                        path: path.to_path_buf(),
                    }
                } else {
                    Error::io(format!("creating {}", path.display()), e)
                }
            })?;
            sync_dir(&dir);
            Ok(())
        };
        let built = build();
        let _ = std::fs::remove_file(&tmp);
        for ext in ["-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{ext}", tmp.display()));
        }
        built?;

        let conn = if schema == store::SCHEMA_VERSION {
            store::open_existing(path)?
        } else {
            // Migration tests: open without upgrading, as an old build would have.
            let conn = Connection::open(path)?;
            conn.busy_timeout(store::BUSY_TIMEOUT)?;
            conn
        };
        Ok((Vault::from_parts(conn, path.to_path_buf(), dek), recovery))
    }

    /// Opens and unlocks in one step.
    pub fn unlock(path: &Path, passphrase: &SecretString) -> Result<Vault> {
        LockedVault::open(path)?.unlock(passphrase)
    }

    /// The vault file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The raw connection, for tests that play an attacker or fill the disk. Hidden:
    /// writing to it directly bypasses every guarantee of this type.
    #[doc(hidden)]
    pub fn connection_for_tests(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn records(&self) -> &RecordCipher {
        &self.records
    }

    /// Replaces the passphrase: derives a new KEK (fresh salt) and rewraps the data key.
    /// No record is re-encrypted; the recovery slot is unchanged.
    pub fn change_passphrase(
        &self,
        new_passphrase: &SecretString,
        params: KdfParams,
    ) -> Result<()> {
        check_new_passphrase(new_passphrase)?;
        let slot = KeySlot::for_passphrase(&self.dek, new_passphrase, params)?;
        let changed = self.conn.execute(
            "UPDATE key_slots SET slot = ?1, updated_at = ?2 WHERE kind = 'passphrase'",
            params![slot.encode(), now_rfc3339()],
        )?;
        if changed != 1 {
            return Err(Error::Tampered {
                what: "key slot passphrase (missing)".into(),
            });
        }
        Ok(())
    }

    /// Stores a setting (value sealed; the key name is plaintext and chosen by the app).
    pub fn set_setting(&self, key: &str, value: &serde_json::Value) -> Result<()> {
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?;
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
        let current: Option<i64> = conn
            .query_row("SELECT version FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?;
        let version = current.unwrap_or(0) + 1;
        let plain =
            zeroize::Zeroizing::new(serde_json::to_vec(value).expect("JSON values serialize"));
        let sealed = self.settings.seal(
            RecordAad {
                table: "settings",
                id: key,
                version,
            },
            &plain,
        )?;
        conn.execute(
            "INSERT INTO settings (key, version, updated_at, sealed) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (key) DO UPDATE SET version = excluded.version,
                 updated_at = excluded.updated_at, sealed = excluded.sealed",
            params![key, version, now_rfc3339(), sealed],
        )?;
        Ok(())
    }

    /// Every setting, by key.
    pub fn all_settings(&self) -> Result<std::collections::BTreeMap<String, serde_json::Value>> {
        let keys: Vec<String> = self
            .conn
            .prepare("SELECT key FROM settings ORDER BY key")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = std::collections::BTreeMap::new();
        for key in keys {
            if let Some(value) = self.get_setting(&key)? {
                out.insert(key, value);
            }
        }
        Ok(out)
    }

    /// Reads a setting; `None` if it was never set.
    pub fn get_setting(&self, key: &str) -> Result<Option<serde_json::Value>> {
        let row: Option<(i64, Vec<u8>)> = self
            .conn
            .query_row(
                "SELECT version, sealed FROM settings WHERE key = ?1",
                [key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((version, sealed)) = row else {
            return Ok(None);
        };
        let aad = RecordAad {
            table: "settings",
            id: key,
            version,
        };
        let plain = self.settings.open(aad, &sealed)?;
        let value = serde_json::from_slice(&plain).map_err(|_| Error::Tampered {
            what: format!("setting {key}"),
        })?;
        Ok(Some(value))
    }
}

fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|e| Error::io(format!("creating folder {}", dir.display()), e))
}

pub(crate) fn sync_file(path: &Path) -> Result<()> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io(format!("syncing {}", path.display()), e))
}

/// Makes a new directory entry durable. Best effort: some file systems refuse to fsync a
/// directory, and the data itself is already synced.
pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
