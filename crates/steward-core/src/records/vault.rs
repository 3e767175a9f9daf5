//! The vault: one SQLite file holding key slots and sealed records, locked and unlocked.
//!
//! [`LockedVault`] is an open file whose keys are not known yet; unlocking it with the
//! passphrase (Argon2id) or the recovery key (HKDF) unwraps the data key and yields a
//! [`Vault`], which owns the connection and the derived record keys. Dropping the `Vault`
//! drops (and zeroizes) every key. Changing the passphrase rotates the data key: every
//! record is re-sealed under a new one and both key slots are rewritten.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};
use secrecy::SecretString;

use crate::crypto::{DataKey, Purpose, RecordCipher};
use crate::error::{Error, Result};
use crate::keyslot::{check_new_passphrase, KdfParams, KeySlot, RecoveryKey, SlotKind};
use crate::store;

use super::manifest::{self, Delta, Manifest, ManifestKey, MANIFEST_KEY};
use super::rows::{
    EntryRows, EntryTable, ReflectionTable, RelationshipTable, SettingTable, TombstoneTable,
};
use super::settings::BACKUP_IDENTITY_KEY;
use super::table::{self, SealedRow, Table};
use super::write::Write;
use crate::backup_identity::BackupIdentity;

/// The default vault location: `<OS data dir>/steward/journal.steward`
/// (`~/.local/share/steward/journal.steward` on Linux). Shared by the app and the CLI.
pub fn default_vault_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("steward").join("journal.steward"))
}

/// An open vault file whose keys are not yet known.
pub struct LockedVault {
    conn: Connection,
    path: PathBuf,
    copy_aside: Option<PathBuf>,
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
        let opened = store::open_existing(path)?;
        Ok(LockedVault {
            conn: opened.conn,
            path: path.to_path_buf(),
            copy_aside: opened.copy_aside,
        })
    }

    /// The copy of the file this open made before migrating it to this build's schema, if
    /// it did (to tell the user where it is: it holds the same ciphertext, and is removed
    /// as soon as the migrated journal unlocks).
    pub fn copy_aside(&self) -> Option<&Path> {
        self.copy_aside.as_deref()
    }

    /// The copies made aside before migrations of the vault at `path` that are still there
    /// (the unlock screen says where they are until the journal unlocks).
    pub fn copies_aside(path: &Path) -> Vec<PathBuf> {
        store::copies_aside(path)
    }

    /// The unlocked vault, once the data key is known: its manifest checked (or, for a
    /// journal of an earlier build, every record upgraded and the manifest made), and
    /// whether that upgrade ran. Unlocking proves the migrated file whole, so every copy
    /// made aside before a migration goes now.
    fn unlocked(self, dek: DataKey) -> Result<(Vault, bool)> {
        let opened = Vault::opened(self.conn, self.path.clone(), dek)?;
        store::remove_copies_aside(&self.path);
        Ok(opened)
    }

    fn slot(&self, kind: SlotKind) -> Result<KeySlot> {
        read_slot(&self.conn, kind)
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
        Ok(self.unlocked(dek)?.0)
    }

    /// Unlocks with the passphrase while a second thread reads every entry row (ciphertext
    /// only) over its own connection, so the disk read overlaps the KDF. For one-shot
    /// commands that read the whole journal (`steward search`).
    pub fn unlock_with_rows(self, passphrase: &SecretString) -> Result<(Vault, EntryRows)> {
        let path = self.path.clone();
        let (dek, rows) = std::thread::scope(|scope| {
            let reader = scope.spawn(move || -> Result<EntryRows> {
                let conn = Connection::open_with_flags(
                    &path,
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                        | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                conn.busy_timeout(store::BUSY_TIMEOUT)?;
                Ok(EntryRows(table::select::<EntryTable, _>(
                    &conn,
                    super::ENTRIES_NEWEST_FIRST,
                    [i64::MIN, i64::MAX],
                )?))
            });
            let dek = self
                .slot(SlotKind::Passphrase)
                .and_then(|slot| slot.unlock_with_passphrase(passphrase));
            (dek, reader.join().expect("row reader panicked"))
        });
        let (dek, rows) = (dek?, rows?);
        let (vault, upgraded) = self.unlocked(dek)?;
        // An upgrade re-sealed every row: the ones read ahead are of the old format.
        let rows = if upgraded {
            EntryRows(table::select::<EntryTable, _>(
                vault.conn(),
                super::ENTRIES_NEWEST_FIRST,
                [i64::MIN, i64::MAX],
            )?)
        } else {
            rows
        };
        Ok((vault, rows))
    }

    /// Unlocks with the recovery key printed at creation.
    pub fn unlock_with_recovery(self, recovery: &RecoveryKey) -> Result<Vault> {
        let dek = self
            .slot(SlotKind::Recovery)?
            .unlock_with_recovery(recovery)?;
        let vault = self.unlocked(dek)?.0;
        // The one moment a journal made before automatic backups learns their identity.
        vault.store_backup_identity(&BackupIdentity::from_recovery_key(recovery))?;
        Ok(vault)
    }
}

/// What to do with the recovery key when the data key is rotated.
pub enum RecoveryChoice<'a> {
    /// Keep the recovery key the user holds: they type it (it is never stored, and nothing
    /// that opens with the old data key may open the new one).
    Keep(&'a RecoveryKey),
    /// A new recovery key, returned once to be shown; the old one stops opening the journal.
    Replace,
}

impl<'a> RecoveryChoice<'a> {
    /// Keep `kept` when the user typed one, else make a new one.
    pub fn keeping(kept: Option<&'a RecoveryKey>) -> Self {
        kept.map_or(RecoveryChoice::Replace, RecoveryChoice::Keep)
    }
}

/// What a key rotation did.
#[derive(Debug)]
pub struct Rotation {
    /// Records re-sealed under the new data key (entries, relationships, reflections,
    /// settings).
    pub records: u64,
    /// The new recovery key, to show once; `None` when the user kept theirs.
    pub recovery_key: Option<RecoveryKey>,
    /// Whether the write-ahead log was checkpointed and truncated, so no old key slot or
    /// old ciphertext stays in the live files (`false` while another process reads the
    /// journal; it is cleared when that process closes it).
    pub wal_cleared: bool,
}

/// An unlocked vault: the connection plus the keys. Not `Clone`; dropping it locks.
pub struct Vault {
    conn: Connection,
    path: PathBuf,
    pub(super) dek: DataKey,
    records: RecordCipher,
    settings: RecordCipher,
    manifest: ManifestKey,
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
        let manifest = ManifestKey::new(dek.manifest_subkey());
        Vault {
            conn,
            path,
            dek,
            records,
            settings,
            manifest,
        }
    }

    /// The vault over `conn` with `dek`, its manifest checked against the rows; a journal
    /// of an earlier build (no manifest) is upgraded first. `true` when it was upgraded.
    fn opened(conn: Connection, path: PathBuf, dek: DataKey) -> Result<(Vault, bool)> {
        let vault = Vault::from_parts(conn, path, dek);
        match vault.read_manifest(&vault.conn)? {
            Some(stored) => {
                vault.check_manifest(&stored)?;
                Ok((vault, false))
            }
            None => {
                vault.upgrade_legacy()?;
                Ok((vault, true))
            }
        }
    }

    /// The sealed manifest, if the journal has one.
    fn read_manifest(&self, conn: &Connection) -> Result<Option<(Manifest, i64)>> {
        let Some(row) = table::get::<SettingTable>(conn, MANIFEST_KEY)? else {
            return Ok(None);
        };
        let manifest = table::open::<SettingTable, Manifest>(&self.settings, &row)?;
        Ok(Some((manifest, row.version)))
    }

    /// Writes `manifest` as the manifest row at `version`.
    fn write_manifest(&self, conn: &Connection, manifest: &Manifest, version: i64) -> Result<()> {
        let row = table::seal_row::<SettingTable, _>(
            &self.settings,
            MANIFEST_KEY.to_string(),
            super::now_rfc3339(),
            version,
            manifest,
        )?;
        table::upsert_raw(conn, &row)
    }

    /// The manifest of the rows as they are now (ids and versions; nothing decrypted).
    fn manifest_of_rows(&self, conn: &Connection) -> Result<Manifest> {
        rows_manifest(conn, &self.manifest)
    }

    /// Refuses a journal whose rows are not the ones its manifest lists: a row deleted in
    /// SQL, or one brought back or rolled back from an old copy.
    fn check_manifest(&self, (stored, _): &(Manifest, i64)) -> Result<()> {
        let found = self.manifest_of_rows(&self.conn)?;
        if found.counts != stored.counts || found.mac != stored.mac {
            let what = manifest::TABLES
                .iter()
                .zip(stored.counts.iter().zip(found.counts))
                .filter(|(_, (s, f))| *s != f)
                .map(|(t, (s, f))| format!("{t}: {s} listed, {f} found"))
                .collect::<Vec<_>>();
            return Err(Error::Tampered {
                what: format!(
                    "the journal's record list (a record was removed, added or put back from an \
                     older copy{})",
                    if what.is_empty() {
                        String::new()
                    } else {
                        format!("; {}", what.join(", "))
                    }
                ),
            });
        }
        Ok(())
    }

    /// Folds what one write transaction changed into the manifest (inside it).
    pub(super) fn apply_to_manifest(&self, conn: &Connection, delta: &Delta) -> Result<()> {
        let (mut manifest, version) = self.read_manifest(conn)?.ok_or_else(|| Error::Tampered {
            what: "the journal's record list (missing)".into(),
        })?;
        manifest.apply(delta)?;
        let next = crate::model::next_version("setting", MANIFEST_KEY, version)?;
        self.write_manifest(conn, &manifest, next)
    }

    /// Upgrades a journal of a build before 0.3 (no manifest): every record re-sealed in
    /// record format 2 (padded, its plaintext columns in the AAD) under the same keys, and
    /// the manifest made, in one transaction. A record already in format 2 means the
    /// manifest was removed: tampering, and nothing changes.
    fn upgrade_legacy(&self) -> Result<()> {
        let tx = self.begin_raw()?;
        if self.read_manifest(&tx)?.is_some() {
            // Another process upgraded it first.
            return Ok(());
        }
        let tables = table_names(&tx)?;
        let has = |name: &str| tables.iter().any(|t| t == name);
        if has(EntryTable::NAME) {
            table::upgrade_all::<EntryTable>(&tx, &self.records)?;
        }
        if has(RelationshipTable::NAME) {
            table::upgrade_all::<RelationshipTable>(&tx, &self.records)?;
        }
        if has(ReflectionTable::NAME) {
            table::upgrade_all::<ReflectionTable>(&tx, &self.records)?;
        }
        table::upgrade_all::<SettingTable>(&tx, &self.settings)?;
        let manifest = self.manifest_of_rows(&tx)?;
        self.write_manifest(&tx, &manifest, 1)?;
        tx.commit()?;
        Ok(())
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
        Self::create_with_schema(path, passphrase, params, store::SCHEMA_VERSION)
    }

    /// [`Vault::create`] with an older schema. Only for migration tests (compiled only
    /// with the `test-support` feature).
    #[cfg(any(test, feature = "test-support"))]
    pub fn create_at_schema(
        path: &Path,
        passphrase: &SecretString,
        params: KdfParams,
        schema: i64,
    ) -> Result<(Vault, RecoveryKey)> {
        Self::create_with_schema(path, passphrase, params, schema)
    }

    fn create_with_schema(
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
        let dek = DataKey::generate()?;
        let recovery = RecoveryKey::generate()?;
        let passphrase_slot = KeySlot::for_passphrase(&dek, passphrase, params)?;
        let recovery_slot = KeySlot::for_recovery(&dek, &recovery)?;
        let identity = BackupIdentity::from_recovery_key(&recovery);
        let vault = Self::create_from_key(
            path,
            dek,
            [&passphrase_slot, &recovery_slot],
            Some(&identity),
            schema,
        )?;
        Ok((vault, recovery))
    }

    /// A new vault at `path` holding `dek` under `slots` (passphrase, recovery) — a new
    /// journal's, or those another computer's journal keeps in a sync folder — with
    /// `identity` as its automatic backups' identity when known.
    pub(crate) fn create_from_key(
        path: &Path,
        dek: DataKey,
        [passphrase_slot, recovery_slot]: [&KeySlot; 2],
        identity: Option<&BackupIdentity>,
        schema: i64,
    ) -> Result<Vault> {
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

        let built = build_file(
            &tmp,
            path,
            &dir,
            schema,
            [
                (SlotKind::Passphrase, passphrase_slot),
                (SlotKind::Recovery, recovery_slot),
            ],
        );
        let _ = std::fs::remove_file(&tmp);
        for ext in ["-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{ext}", tmp.display()));
        }
        built?;

        let conn = if schema == store::SCHEMA_VERSION {
            store::open_existing(path)?.conn
        } else {
            // Migration tests: open without upgrading, as an old build would have.
            let conn = Connection::open(path)?;
            conn.busy_timeout(store::BUSY_TIMEOUT)?;
            conn
        };
        let (vault, _) = Vault::opened(conn, path.to_path_buf(), dek)?;
        if let (true, Some(identity)) = (schema == store::SCHEMA_VERSION, identity) {
            vault.store_backup_identity(identity)?;
        }
        Ok(vault)
    }

    /// A second handle on the same journal, with the same keys and a connection of its own,
    /// for work that runs beside the session (an automatic backup or its drill): WAL lets
    /// it read one snapshot while the session goes on writing. The session's vault checked
    /// the manifest at unlock; a handle made before a key rotation can no longer write (its
    /// manifest key is stale, so its write fails and changes nothing).
    pub fn second_handle(&self) -> Result<Vault> {
        let conn = store::open_again(&self.path)?;
        let dek = DataKey::from_bytes(zeroize::Zeroizing::new(*self.dek.expose()));
        Ok(Vault::from_parts(conn, self.path.clone(), dek))
    }

    /// Opens and unlocks in one step.
    pub fn unlock(path: &Path, passphrase: &SecretString) -> Result<Vault> {
        LockedVault::open(path)?.unlock(passphrase)
    }

    /// When the journal was created (RFC 3339, as stored in the plaintext `vault_meta`).
    pub(crate) fn created_at(&self) -> Result<String> {
        Ok(self.conn.query_row(
            "SELECT value FROM vault_meta WHERE key = 'created_at'",
            [],
            |r| r.get(0),
        )?)
    }

    /// The vault file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Starts a write transaction (taking the write lock at once, so a second writer waits
    /// for the busy timeout instead of failing half-way).
    pub(crate) fn begin(&self) -> Result<Write<'_>> {
        Ok(Write::new(self.begin_raw()?, self, self.manifest.hasher()))
    }

    /// An IMMEDIATE transaction that does not tell the manifest: only for the records
    /// layer's own whole-journal rewrites (the upgrade, a key rotation), which make the
    /// manifest again themselves.
    fn begin_raw(&self) -> Result<rusqlite::Transaction<'_>> {
        Ok(rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?)
    }

    /// The raw connection, for tests that play an attacker or fill the disk. Hidden:
    /// writing to it directly bypasses every guarantee of this type.
    #[cfg(any(test, feature = "test-support"))]
    pub fn connection_for_tests(&self) -> &Connection {
        &self.conn
    }

    /// Checks `passphrase` against the passphrase slot: one Argon2id run (the failing
    /// unwrap itself is the check; there is no verifier to compare against).
    pub fn check_passphrase(&self, passphrase: &SecretString) -> Result<()> {
        drop(read_slot(&self.conn, SlotKind::Passphrase)?.unlock_with_passphrase(passphrase)?);
        Ok(())
    }

    /// Rotates the data key and sets `new_passphrase` (a passphrase change, or the same
    /// passphrase for "rotate keys"): a new random data key; every record re-sealed under
    /// it; a new passphrase slot (fresh salt; KDF cost never lower than the slot's current
    /// one) and a new recovery slot, in one transaction; then the write-ahead log is
    /// checkpointed and truncated so no old slot or old ciphertext stays in the live files.
    ///
    /// Killed at any moment, the journal opens with exactly one of the two passphrases and
    /// holds everything: SQLite commits the transaction whole or not at all. What it cannot
    /// reach: a copy of the file made before (a backup, a synced folder's history) still
    /// opens with the old passphrase and the old recovery key — that copy's contents only.
    pub fn rotate_keys(
        &mut self,
        new_passphrase: &SecretString,
        recovery: RecoveryChoice<'_>,
        params: KdfParams,
    ) -> Result<Rotation> {
        check_new_passphrase(new_passphrase)?;
        let new_recovery = match recovery {
            RecoveryChoice::Keep(key) => {
                // Never stored: the user types it, and it must open the current slot.
                drop(read_slot(&self.conn, SlotKind::Recovery)?.unlock_with_recovery(key)?);
                None
            }
            RecoveryChoice::Replace => Some(RecoveryKey::generate()?),
        };
        let recovery_key = match (&recovery, &new_recovery) {
            (RecoveryChoice::Keep(key), _) => *key,
            (RecoveryChoice::Replace, Some(key)) => key,
            (RecoveryChoice::Replace, None) => unreachable!("a new key was generated"),
        };
        let params = read_slot(&self.conn, SlotKind::Passphrase)?
            .params()
            .at_least(params);
        let dek = DataKey::generate()?;
        let passphrase_slot = KeySlot::for_passphrase(&dek, new_passphrase, params)?;
        let recovery_slot = KeySlot::for_recovery(&dek, recovery_key)?;
        let identity = BackupIdentity::from_recovery_key(recovery_key);
        let records = self.rekey(dek, [&passphrase_slot, &recovery_slot], Some(&identity))?;
        Ok(Rotation {
            records,
            recovery_key: new_recovery,
            wal_cleared: self.truncate_wal(),
        })
    }

    /// Re-seals every record under `dek`, writes `slots` (passphrase, recovery) as the key
    /// slots and `identity` (when known) as the automatic backups' identity, and makes the
    /// manifest again, in one raw transaction; then holds the new keys. Returns how many
    /// records were re-sealed. A rotation here and the adoption of another computer's
    /// rotation (`crate::sync`) both end here.
    pub(super) fn rekey(
        &mut self,
        dek: DataKey,
        [passphrase_slot, recovery_slot]: [&KeySlot; 2],
        identity: Option<&BackupIdentity>,
    ) -> Result<u64> {
        let (records, settings) = (dek.cipher(Purpose::Records), dek.cipher(Purpose::Settings));
        let manifest_key = ManifestKey::new(dek.manifest_subkey());

        // A raw transaction: the records and their versions stay, so the manifest is made
        // again below (under the new key) instead of being told of changes.
        let tx = self.begin_raw()?;
        // Read under the old settings key, before the settings are re-sealed.
        let (stored, version) = self.read_manifest(&tx)?.ok_or_else(|| Error::Tampered {
            what: "the journal's record list (missing)".into(),
        })?;
        let resealed = table::reseal_all::<EntryTable>(&tx, &self.records, &records)?
            + table::reseal_all::<RelationshipTable>(&tx, &self.records, &records)?
            + table::reseal_all::<ReflectionTable>(&tx, &self.records, &records)?
            + table::reseal_all::<SettingTable>(&tx, &self.settings, &settings)?
            + table::reseal_all::<TombstoneTable>(&tx, &self.records, &records)?
            - 1; // the manifest's own row, made again below
        let now = super::now_rfc3339();
        for (kind, slot) in [
            (SlotKind::Passphrase, passphrase_slot),
            (SlotKind::Recovery, recovery_slot),
        ] {
            let changed = tx.execute(
                "UPDATE key_slots SET slot = ?1, updated_at = ?2 WHERE kind = ?3",
                params![slot.encode(), now, kind.as_str()],
            )?;
            if changed != 1 {
                return Err(Error::Tampered {
                    what: format!("key slot {} (missing)", kind.as_str()),
                });
            }
        }
        if let Some(identity) = identity {
            reseal_backup_identity(&tx, &settings, identity, &now)?;
        }
        remake_manifest(&tx, (&stored, version), &manifest_key, &settings)?;
        tx.commit()?;
        // The old keys are wiped as they drop.
        self.manifest = manifest_key;
        self.dek = dek;
        self.records = records;
        self.settings = settings;
        Ok(resealed)
    }

    /// After [`Vault::rekey`] outside a rotation: the log cleared as a rotation clears it.
    pub(super) fn truncate_wal_after_rekey(&self) -> bool {
        self.truncate_wal()
    }

    /// Checkpoints the write-ahead log into the main file and truncates it to zero bytes;
    /// `false` when another connection's reader kept part of it (it is cleared when that
    /// connection closes or at the next checkpoint).
    fn truncate_wal(&self) -> bool {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|busy| busy == 0)
            .unwrap_or(false)
    }

    /// The cipher of `T`'s records.
    fn cipher<T: Table>(&self) -> &RecordCipher {
        match T::PURPOSE {
            Purpose::Records => &self.records,
            Purpose::Settings => &self.settings,
            Purpose::Sync => unreachable!("no table's rows are sealed under the sync key"),
        }
    }

    /// Seals `payload` as row `id` of `T` with the plaintext columns `meta` at `version`.
    pub(crate) fn seal_row<T: Table, P: serde::Serialize>(
        &self,
        id: String,
        meta: T::Meta,
        version: i64,
        payload: &P,
    ) -> Result<SealedRow<T>> {
        table::seal_row::<T, P>(self.cipher::<T>(), id, meta, version, payload)
    }

    /// Seals raw bytes as row `id` of `T` (settings hold JSON).
    pub(crate) fn seal_row_bytes<T: Table>(
        &self,
        id: String,
        meta: T::Meta,
        version: i64,
        plain: &[u8],
    ) -> Result<SealedRow<T>> {
        table::seal_row_bytes::<T>(self.cipher::<T>(), id, meta, version, plain)
    }

    /// Opens a row's payload.
    pub(crate) fn open<T: Table, P: serde::de::DeserializeOwned>(
        &self,
        row: &SealedRow<T>,
    ) -> Result<P> {
        table::open::<T, P>(self.cipher::<T>(), row)
    }

    /// Opens a row's payload as bytes.
    pub(crate) fn open_bytes<T: Table>(
        &self,
        row: &SealedRow<T>,
    ) -> Result<zeroize::Zeroizing<Vec<u8>>> {
        table::open_bytes::<T>(self.cipher::<T>(), row)
    }

    /// A handle that opens record rows on any thread (the parallel scan), without the
    /// connection.
    pub(crate) fn row_opener(&self) -> RowOpener<'_> {
        RowOpener(&self.records)
    }
}

/// Writes the manifest again under a new key (a rotation: the records and their versions did
/// not change, but the manifest is keyed by the data key and sealed under its settings key),
/// one write on from `stored` at `version`.
fn remake_manifest(
    conn: &Connection,
    (stored, version): (&Manifest, i64),
    key: &ManifestKey,
    settings: &RecordCipher,
) -> Result<()> {
    let mut remade = rows_manifest(conn, key)?;
    remade.counter = stored.counter.saturating_add(1);
    let row = table::seal_row::<SettingTable, _>(
        settings,
        MANIFEST_KEY.to_string(),
        super::now_rfc3339(),
        crate::model::next_version("setting", MANIFEST_KEY, version)?,
        &remade,
    )?;
    table::upsert_raw(conn, &row)
}

/// Seals the automatic backups' identity (of the recovery key, kept or new) under `settings`, in a
/// key rotation's raw transaction (before its manifest is made again, which lists it).
fn reseal_backup_identity(
    conn: &Connection,
    settings: &RecordCipher,
    identity: &BackupIdentity,
    now: &str,
) -> Result<()> {
    let current =
        table::get::<SettingTable>(conn, BACKUP_IDENTITY_KEY)?.map_or(0, |row| row.version);
    let row = table::seal_row_bytes::<SettingTable>(
        settings,
        BACKUP_IDENTITY_KEY.to_string(),
        now.to_string(),
        crate::model::next_version("setting", BACKUP_IDENTITY_KEY, current)?,
        identity.secret(),
    )?;
    table::upsert_raw(conn, &row)
}

/// The tables the file has (a vault of an older schema, before its migration, lacks some).
fn table_names(conn: &Connection) -> Result<Vec<String>> {
    let names = conn
        .prepare_cached("SELECT name FROM sqlite_schema WHERE type = 'table'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// The manifest, under `key`, of the rows `conn` holds now (ids and versions only).
fn rows_manifest(conn: &Connection, key: &ManifestKey) -> Result<Manifest> {
    let mut records: Vec<(usize, String, i64)> = Vec::new();
    // A vault made at an older schema in the migration tests lacks the newer tables.
    let tables = table_names(conn)?;
    for (slot, sql) in [
        (0, "SELECT id, version FROM entries"),
        (1, "SELECT id, version FROM relationships"),
        (2, "SELECT id, version FROM reflections"),
        (
            3,
            "SELECT key, version FROM settings WHERE key != 'manifest'",
        ),
        (4, "SELECT id, version FROM tombstones"),
    ] {
        if !tables.iter().any(|t| t == manifest::TABLES[slot]) {
            continue;
        }
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([], |r| Ok((slot, r.get(0)?, r.get(1)?)))?;
        for row in rows {
            records.push(row?);
        }
    }
    Ok(manifest::of_records(&key.hasher(), &records))
}

/// Opens sealed record rows; `Sync`, so the decrypt workers share one.
#[derive(Clone, Copy)]
pub(crate) struct RowOpener<'v>(&'v RecordCipher);

impl RowOpener<'_> {
    /// Opens `row` inside `buf` and returns the plaintext slice of it.
    pub(crate) fn open_in_place<'b, T: Table>(
        &self,
        row: &SealedRow<T>,
        buf: &'b mut zeroize::Zeroizing<Vec<u8>>,
    ) -> Result<&'b [u8]> {
        table::open_in_place::<T>(self.0, row, buf)
    }
}

/// The key slot of `kind`; a missing one is tampering.
pub(super) fn read_slot(conn: &Connection, kind: SlotKind) -> Result<KeySlot> {
    let bytes: Option<Vec<u8>> = conn
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

/// Writes a complete new vault file at `tmp` (schema, metadata, the key slots), then links
/// it into place at `path`; never over an existing file.
fn build_file(
    tmp: &Path,
    path: &Path,
    dir: &Path,
    schema: i64,
    slots: [(SlotKind, &KeySlot); 2],
) -> Result<()> {
    let conn = store::create_new(tmp, schema)?;
    let now = super::now_rfc3339();
    let tx = rusqlite::Transaction::new_unchecked(&conn, rusqlite::TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO vault_meta (key, value) VALUES ('format', ?1), ('created_at', ?2), ('vault_id', ?3)",
        params![store::VAULT_FORMAT, now, uuid::Uuid::new_v4().to_string()],
    )?;
    for (kind, slot) in slots {
        tx.execute(
            "INSERT INTO key_slots (kind, slot, updated_at) VALUES (?1, ?2, ?3)",
            params![kind.as_str(), slot.encode(), now],
        )?;
    }
    tx.commit()?;
    // Closing the only connection checkpoints the WAL into the main file and removes it,
    // so the one file we link into place is complete.
    conn.close().map_err(|(_, e)| Error::from(e))?;
    sync_file(tmp)?;
    std::fs::hard_link(tmp, path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Error::VaultExists {
                path: path.to_path_buf(),
            }
        } else {
            Error::io(format!("creating {}", path.display()), e)
        }
    })?;
    sync_dir(dir);
    Ok(())
}

/// Makes `dir` (and its parents) readable by the user alone, if it is not there.
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
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
