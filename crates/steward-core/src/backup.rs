//! Encrypted backups the leader owns: an age v1 file (scrypt passphrase recipient) holding
//! one JSON document (DESIGN §5), which the standard `age` tool opens with no Steward
//! installed:
//!
//! ```json
//! {"format": "steward-backup", "version": 1, "exported_at": "…", "generator": "steward 0.1.0",
//!  "counts": {"entries": 2, "relationships": 1, "reflections": 1, "settings": 3},
//!  "entries": [{"id", "created_at", "updated_at", "kind", "version", "title", "body", "tags"}, …],
//!  "relationships": [{"id", "name", "archived", "created_at", "updated_at", "version"}, …],
//!  "reflections": [{"id", "week", "created_at", "updated_at", "completed_at", "version",
//!                   "answers": {…the reflection answers, relationship by id…}}, …],
//!  "settings": {"key": value, …}}
//! ```
//!
//! **Export** streams: entries are decrypted one row at a time inside one read transaction
//! and serialized straight into the age stream, which writes a temporary file in the target
//! folder; the file is fsynced and renamed into place, so an interrupted export leaves
//! nothing at the target name. **Reading** (verify, restore, import) streams too: a serde
//! visitor hands each record to a sink as it is parsed, refuses a newer format before any
//! record, stops at the first record beyond the declared counts, and refuses trailing data.
//! **Restore** builds a new vault and removes it if anything fails; **import** merges by
//! id in one transaction (newer local data is kept) and changes nothing on failure.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use secrecy::SecretString;
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::entries::Entry;
use crate::error::{Error, Result};
use crate::keyslot::{KdfParams, RecoveryKey};
use crate::reflections::Reflection;
use crate::relationships::Relationship;
use crate::vault::{now_rfc3339, sync_dir, Vault};

/// The setting that records when the last backup was exported (RFC 3339).
pub const LAST_BACKUP_SETTING: &str = "last_backup_at";

/// The `format` of a backup document.
pub const BACKUP_FORMAT: &str = "steward-backup";
/// The backup format version this build writes and the newest it reads.
pub const BACKUP_VERSION: u64 = 1;
/// scrypt work factor (log2 N) of new backups: N = 2^18 as age itself picks on a typical
/// machine (about a second; 256 MiB).
pub const DEFAULT_WORK_FACTOR: u8 = 18;
/// The largest work factor a backup may ask for (as the reference `age` tool accepts).
pub const MAX_WORK_FACTOR: u8 = 22;

/// How a backup is encrypted.
#[derive(Debug, Clone, Copy)]
pub struct BackupOptions {
    /// scrypt work factor, log2 N.
    pub work_factor: u8,
}

impl Default for BackupOptions {
    fn default() -> Self {
        BackupOptions {
            work_factor: DEFAULT_WORK_FACTOR,
        }
    }
}

/// What a backup holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupCounts {
    /// Journal entries.
    pub entries: u64,
    /// Relationships.
    pub relationships: u64,
    /// Weekly reflections.
    pub reflections: u64,
    /// Settings.
    pub settings: u64,
}

/// What export and verify report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BackupSummary {
    /// When it was exported.
    pub exported_at: String,
    /// Records, as found (verify) or written (export).
    pub counts: BackupCounts,
    /// The oldest entry's date.
    pub first_entry: Option<String>,
    /// The newest entry's date.
    pub last_entry: Option<String>,
    /// First and last reflection weeks.
    pub first_week: Option<String>,
    /// Last reflection week.
    pub last_week: Option<String>,
}

/// Added / updated / unchanged / kept-local counts of one kind of record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MergeCounts {
    /// Not in the journal: added.
    pub added: u64,
    /// Newer in the backup: replaced.
    pub updated: u64,
    /// The same in both.
    pub unchanged: u64,
    /// Newer (or a different record for the same week) in the journal: left as it is.
    pub kept_local: u64,
}

/// What an import (merge) did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MergeReport {
    /// Entries.
    pub entries: MergeCounts,
    /// Relationships.
    pub relationships: MergeCounts,
    /// Reflections.
    pub reflections: MergeCounts,
    /// Settings (only missing keys are added; the journal's own are kept).
    pub settings: MergeCounts,
}

// ---------------------------------------------------------------------------------------
// Export

#[derive(Serialize)]
struct Header<'a> {
    format: &'a str,
    version: u64,
    exported_at: &'a str,
    generator: String,
    counts: &'a BackupCounts,
}

impl Vault {
    /// Writes an encrypted backup of everything in the journal to `path`, and records
    /// when (the [`LAST_BACKUP_SETTING`]).
    pub fn export_backup(
        &self,
        path: &Path,
        passphrase: &SecretString,
        options: BackupOptions,
    ) -> Result<BackupSummary> {
        self.export_backup_with_progress(path, passphrase, options, &mut |_, _| {})
    }

    /// [`Vault::export_backup`], calling `progress(entries written, entries in all)` as it
    /// goes (every 256 entries and at the end).
    pub fn export_backup_with_progress(
        &self,
        path: &Path,
        passphrase: &SecretString,
        options: BackupOptions,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BackupSummary> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .ok_or_else(|| Error::InvalidInput(format!("{} is not a file name", path.display())))?;
        let tmp = dir.join(format!(
            ".{}.{}.tmp",
            name.to_string_lossy(),
            uuid::Uuid::new_v4().simple()
        ));
        let result = self.write_backup(&tmp, passphrase, options, progress);
        match result {
            Ok(summary) => {
                std::fs::rename(&tmp, path).map_err(|e| {
                    let _ = std::fs::remove_file(&tmp);
                    Error::io(
                        format!("moving the backup into place at {}", path.display()),
                        e,
                    )
                })?;
                sync_dir(dir);
                self.set_setting(LAST_BACKUP_SETTING, &summary.exported_at.clone().into())?;
                Ok(summary)
            }
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                Err(e)
            }
        }
    }

    fn write_backup(
        &self,
        tmp: &Path,
        passphrase: &SecretString,
        options: BackupOptions,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BackupSummary> {
        let io = |what: &str| {
            let what = what.to_string();
            move |e: std::io::Error| Error::io(format!("writing the backup ({what})"), e)
        };
        let mut open = std::fs::OpenOptions::new();
        open.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            open.mode(0o600);
        }
        let file = open.open(tmp).map_err(io("creating the file"))?;
        let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
        recipient.set_work_factor(options.work_factor);
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .expect("a passphrase recipient alone is a valid recipient set");
        let mut out = encryptor
            .wrap_output(BufWriter::with_capacity(1 << 16, file))
            .map_err(io("starting encryption"))?;

        let summary = self.write_document(&mut out, progress)?;
        let buffered = out.finish().map_err(io("finishing encryption"))?;
        let file = buffered
            .into_inner()
            .map_err(|e| Error::io("writing the backup (flushing)", e.into_error()))?;
        file.sync_all().map_err(io("syncing it to disk"))?;
        Ok(summary)
    }

    /// Writes the backup document (plain JSON) to `out`, entries streamed one at a time.
    /// The encrypted backup and the plaintext JSON export both use it.
    pub fn write_document(
        &self,
        out: &mut dyn Write,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BackupSummary> {
        let io = |what: &str| {
            let what = what.to_string();
            move |e: std::io::Error| Error::io(format!("writing the backup ({what})"), e)
        };
        // One read transaction: the counts and the records come from the same snapshot.
        let snapshot = self.conn().unchecked_transaction()?;
        let entries: u64 = snapshot.query_row("SELECT count(*) FROM entries", [], |r| r.get(0))?;
        let relationships = self.list_relationships()?;
        let reflections = self.list_reflections()?;
        let settings = self.all_settings()?;
        let counts = BackupCounts {
            entries,
            relationships: relationships.len() as u64,
            reflections: reflections.len() as u64,
            settings: settings.len() as u64,
        };
        let exported_at = now_rfc3339();
        let header = serde_json::to_string(&Header {
            format: BACKUP_FORMAT,
            version: BACKUP_VERSION,
            exported_at: &exported_at,
            generator: format!("steward {}", env!("CARGO_PKG_VERSION")),
            counts: &counts,
        })
        .expect("the header serializes");
        // The document is the header's members followed by the record arrays.
        let members = header.strip_suffix('}').expect("a JSON object ends with }");
        out.write_all(members.as_bytes())
            .map_err(io("the header"))?;
        out.write_all(b",\n\"entries\": [").map_err(io("entries"))?;
        let mut summary = BackupSummary {
            exported_at: exported_at.clone(),
            counts: counts.clone(),
            ..BackupSummary::default()
        };
        let mut written = 0u64;
        self.for_each_entry(|entry| {
            if written > 0 {
                out.write_all(b",").map_err(io("entries"))?;
            }
            out.write_all(b"\n").map_err(io("entries"))?;
            serde_json::to_writer(&mut *out, &entry)
                .map_err(|e| Error::io("writing the backup (an entry)", e.into()))?;
            let date = entry.created_at.to_rfc3339();
            if summary.first_entry.is_none() {
                summary.first_entry = Some(date.clone());
            }
            summary.last_entry = Some(date);
            written += 1;
            if written % 256 == 0 {
                progress(written, entries);
            }
            Ok(())
        })?;
        progress(written, entries);
        drop(snapshot);
        let rest = |name: &str, items: Vec<String>| -> String {
            format!(
                "],\n\"{name}\": [{}{}",
                if items.is_empty() { "" } else { "\n" },
                items.join(",\n")
            )
        };
        out.write_all(rest("relationships", json_lines(&relationships)).as_bytes())
            .map_err(io("relationships"))?;
        out.write_all(rest("reflections", json_lines(&reflections)).as_bytes())
            .map_err(io("reflections"))?;
        let settings_json = serde_json::to_string(&settings).expect("settings serialize");
        out.write_all(format!("],\n\"settings\": {settings_json}}}\n").as_bytes())
            .map_err(io("settings"))?;
        summary.first_week = reflections.first().map(|r| r.week.to_string());
        summary.last_week = reflections.last().map(|r| r.week.to_string());
        Ok(summary)
    }
}

/// Each record as one line of JSON.
fn json_lines<T: Serialize>(records: &[T]) -> Vec<String> {
    records
        .iter()
        .map(|r| serde_json::to_string(r).expect("records serialize"))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Reading

/// Receives the records of a backup as they are parsed.
trait Sink {
    fn entry(&mut self, entry: Entry) -> Result<()>;
    fn relationship(&mut self, rel: Relationship) -> Result<()>;
    fn reflection(&mut self, r: Reflection) -> Result<()>;
    fn setting(&mut self, key: String, value: serde_json::Value) -> Result<()>;
}

/// Opens the age layer: the scrypt passphrase, errors mapped to what the user can act on.
fn open_age(path: &Path, passphrase: &SecretString) -> Result<impl Read> {
    let file = std::fs::File::open(path)
        .map_err(|e| Error::io(format!("opening {}", path.display()), e))?;
    let decryptor = age::Decryptor::new_buffered(BufReader::with_capacity(1 << 16, file))
        .map_err(map_age_error)?;
    if !decryptor.is_scrypt() {
        return Err(Error::NotABackup {
            reason: "this age file is encrypted to a key, not to a passphrase".into(),
        });
    }
    let mut identity = age::scrypt::Identity::new(passphrase.clone());
    identity.set_max_work_factor(MAX_WORK_FACTOR);
    decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(map_age_error)
}

fn map_age_error(e: age::DecryptError) -> Error {
    use age::DecryptError as D;
    match e {
        D::DecryptionFailed | D::NoMatchingKeys | D::KeyDecryptionFailed => {
            Error::WrongBackupPassphrase
        }
        D::InvalidHeader | D::UnknownFormat => Error::NotABackup {
            reason: "it is not an age-encrypted file".into(),
        },
        D::InvalidMac => Error::BackupDamaged {
            detail: "its header was changed".into(),
        },
        D::ExcessiveWork { required, .. } => Error::BackupDamaged {
            detail: format!(
                "it asks for scrypt work factor {required}, more than the {MAX_WORK_FACTOR} this build accepts"
            ),
        },
        D::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => Error::BackupDamaged {
            detail: "it ends inside its header (cut short)".into(),
        },
        D::Io(io) => Error::io("reading the backup", io),
        #[allow(unreachable_patterns)]
        other => Error::NotABackup {
            reason: other.to_string(),
        },
    }
}

/// Parses a backup into `sink`; returns the summary of what was read.
fn read_backup(
    path: &Path,
    passphrase: &SecretString,
    sink: &mut dyn Sink,
) -> Result<BackupSummary> {
    read_document(open_age(path, passphrase)?, sink)
}

/// Parses a decrypted backup document into `sink`.
fn read_document(reader: impl Read, sink: &mut dyn Sink) -> Result<BackupSummary> {
    let mut state = ReadState {
        sink,
        failure: None,
        summary: BackupSummary::default(),
        declared: None,
        format_ok: false,
        version_ok: false,
        read_any_key: false,
    };
    let mut de = serde_json::Deserializer::from_reader(BufReader::with_capacity(1 << 16, reader));
    let parsed = DocumentSeed(&mut state)
        .deserialize(&mut de)
        .and_then(|()| de.end());
    if let Some(failure) = state.failure.take() {
        return Err(failure);
    }
    if let Err(e) = parsed {
        return Err(if e.is_io() {
            Error::BackupDamaged {
                detail: "the encrypted data was cut short or changed after it was written".into(),
            }
        } else if !state.read_any_key {
            Error::NotABackup {
                reason: "the age file does not hold a Steward backup document".into(),
            }
        } else {
            Error::BackupDamaged {
                detail: format!("its document does not parse ({e})"),
            }
        });
    }
    let declared = state.declared.clone().unwrap_or_default();
    let found = &state.summary.counts;
    if !state.format_ok || !state.version_ok {
        return Err(Error::NotABackup {
            reason: "the document has no Steward format and version".into(),
        });
    }
    if *found != declared {
        return Err(Error::BackupDamaged {
            detail: format!(
                "it declares {} entries, {} relationships, {} reflections and {} settings but holds {}, {}, {} and {}",
                declared.entries, declared.relationships, declared.reflections, declared.settings,
                found.entries, found.relationships, found.reflections, found.settings
            ),
        });
    }
    Ok(state.summary)
}

struct ReadState<'s> {
    sink: &'s mut dyn Sink,
    failure: Option<Error>,
    summary: BackupSummary,
    declared: Option<BackupCounts>,
    format_ok: bool,
    version_ok: bool,
    read_any_key: bool,
}

impl ReadState<'_> {
    /// Records a failure the serde layer cannot carry, and gives it a serde error to stop.
    fn fail<E: serde::de::Error>(&mut self, error: Error) -> E {
        let message = error.to_string();
        self.failure.get_or_insert(error);
        E::custom(message)
    }

    fn check_room<E: serde::de::Error>(
        &mut self,
        kind: &str,
        found: u64,
        declared: u64,
    ) -> std::result::Result<(), E> {
        if found > declared {
            return Err(self.fail(Error::BackupDamaged {
                detail: format!("it holds more {kind} than the {declared} it declares"),
            }));
        }
        Ok(())
    }
}

struct DocumentSeed<'a, 's>(&'a mut ReadState<'s>);

impl<'de> DeserializeSeed<'de> for DocumentSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocumentSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Steward backup document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let st = self.0;
        while let Some(key) = map.next_key::<String>()? {
            st.read_any_key = true;
            let records_allowed = st.format_ok && st.version_ok && st.declared.is_some();
            match key.as_str() {
                "format" => {
                    let format: String = map.next_value()?;
                    if format != BACKUP_FORMAT {
                        return Err(st.fail(Error::NotABackup {
                            reason: format!("its format is {format:?}, not {BACKUP_FORMAT:?}"),
                        }));
                    }
                    st.format_ok = true;
                }
                "version" => {
                    let version: u64 = map.next_value()?;
                    if version > BACKUP_VERSION {
                        return Err(st.fail(Error::BackupTooNew {
                            found: version,
                            supported: BACKUP_VERSION,
                        }));
                    }
                    if version == 0 {
                        return Err(st.fail(Error::NotABackup {
                            reason: "its format version is 0".into(),
                        }));
                    }
                    st.version_ok = true;
                }
                "exported_at" => st.summary.exported_at = map.next_value()?,
                "generator" => {
                    let _: String = map.next_value()?;
                }
                "counts" => st.declared = Some(map.next_value()?),
                "entries" | "relationships" | "reflections" | "settings" if !records_allowed => {
                    return Err(st.fail(Error::NotABackup {
                        reason: "its records come before its format, version and counts".into(),
                    }));
                }
                "entries" => map.next_value_seed(Records::<Entry>::new(&mut *st))?,
                "relationships" => map.next_value_seed(Records::<Relationship>::new(&mut *st))?,
                "reflections" => map.next_value_seed(Records::<Reflection>::new(&mut *st))?,
                "settings" => map.next_value_seed(Settings(&mut *st))?,
                other if !st.format_ok => {
                    return Err(st.fail(Error::NotABackup {
                        reason: format!("its document starts with {other:?}, not a Steward format"),
                    }))
                }
                other => {
                    return Err(st.fail(Error::BackupDamaged {
                        detail: format!("its document has an unknown member {other:?}"),
                    }))
                }
            }
        }
        Ok(())
    }
}

/// A kind of record in a backup array.
trait Record: for<'de> Deserialize<'de> {
    const KIND: &'static str;
    fn declared(c: &BackupCounts) -> u64;
    fn found(c: &mut BackupCounts) -> &mut u64;
    fn give(self, st: &mut ReadState<'_>) -> Result<()>;
}

impl Record for Entry {
    const KIND: &'static str = "entries";
    fn declared(c: &BackupCounts) -> u64 {
        c.entries
    }
    fn found(c: &mut BackupCounts) -> &mut u64 {
        &mut c.entries
    }
    fn give(self, st: &mut ReadState<'_>) -> Result<()> {
        let date = self.created_at.to_rfc3339();
        let s = &mut st.summary;
        if s.first_entry.as_ref().is_none_or(|f| date < *f) {
            s.first_entry = Some(date.clone());
        }
        if s.last_entry.as_ref().is_none_or(|l| date > *l) {
            s.last_entry = Some(date);
        }
        st.sink.entry(self)
    }
}

impl Record for Relationship {
    const KIND: &'static str = "relationships";
    fn declared(c: &BackupCounts) -> u64 {
        c.relationships
    }
    fn found(c: &mut BackupCounts) -> &mut u64 {
        &mut c.relationships
    }
    fn give(self, st: &mut ReadState<'_>) -> Result<()> {
        st.sink.relationship(self)
    }
}

impl Record for Reflection {
    const KIND: &'static str = "reflections";
    fn declared(c: &BackupCounts) -> u64 {
        c.reflections
    }
    fn found(c: &mut BackupCounts) -> &mut u64 {
        &mut c.reflections
    }
    fn give(self, st: &mut ReadState<'_>) -> Result<()> {
        let week = self.week.to_string();
        let s = &mut st.summary;
        if s.first_week.as_ref().is_none_or(|f| week < *f) {
            s.first_week = Some(week.clone());
        }
        if s.last_week.as_ref().is_none_or(|l| week > *l) {
            s.last_week = Some(week);
        }
        st.sink.reflection(self)
    }
}

struct Records<'a, 's, T> {
    st: &'a mut ReadState<'s>,
    kind: std::marker::PhantomData<T>,
}

impl<'a, 's, T> Records<'a, 's, T> {
    fn new(st: &'a mut ReadState<'s>) -> Self {
        Records {
            st,
            kind: std::marker::PhantomData,
        }
    }
}

impl<'de, T: Record> DeserializeSeed<'de> for Records<'_, '_, T> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Record> Visitor<'de> for Records<'_, '_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of {}", T::KIND)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let st = self.st;
        let declared = T::declared(st.declared.as_ref().expect("checked before records"));
        loop {
            let index = *T::found(&mut st.summary.counts);
            let next = seq.next_element::<T>().map_err(|e| {
                let detail = format!("{} record {} does not parse ({e})", T::KIND, index + 1);
                st.failure.get_or_insert(Error::BackupDamaged { detail });
                e
            })?;
            let Some(record) = next else { break };
            st.check_room(T::KIND, index + 1, declared)?;
            *T::found(&mut st.summary.counts) += 1;
            if let Err(e) = record.give(st) {
                return Err(st.fail(e));
            }
        }
        Ok(())
    }
}

struct Settings<'a, 's>(&'a mut ReadState<'s>);

impl<'de> DeserializeSeed<'de> for Settings<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Settings<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the settings object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let st = self.0;
        let declared = st
            .declared
            .as_ref()
            .expect("checked before records")
            .settings;
        while let Some((key, value)) = map.next_entry::<String, serde_json::Value>()? {
            let found = st.summary.counts.settings + 1;
            st.check_room("settings", found, declared)?;
            st.summary.counts.settings = found;
            if let Err(e) = st.sink.setting(key, value) {
                return Err(st.fail(e));
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Verify

/// Checks ids are unique and reflections name relationships that exist.
#[derive(Default)]
struct VerifySink {
    ids: HashSet<String>,
    relationships: HashSet<String>,
    weeks: HashSet<String>,
    wanted: Vec<(String, String)>,
}

impl VerifySink {
    /// A record's id must be a UUID, new in this backup, and its version at least 1 —
    /// what restoring it requires, so a backup that verifies also restores.
    fn unique(&mut self, kind: &str, id: &str, version: i64) -> Result<()> {
        if uuid::Uuid::parse_str(id).is_err() {
            return Err(Error::BackupDamaged {
                detail: format!("{kind} id {id:?} is not a UUID"),
            });
        }
        if version < 1 {
            return Err(Error::BackupDamaged {
                detail: format!("{kind} {id} has version {version}"),
            });
        }
        if !self.ids.insert(id.to_string()) {
            return Err(Error::BackupDamaged {
                detail: format!("{kind} id {id} appears twice"),
            });
        }
        Ok(())
    }

    fn finish(self) -> Result<()> {
        for (week, rel) in self.wanted {
            if !self.relationships.contains(&rel) {
                return Err(Error::BackupDamaged {
                    detail: format!("the reflection of {week} names relationship {rel}, which the backup does not hold"),
                });
            }
        }
        Ok(())
    }
}

impl VerifySink {
    fn check_entry(&mut self, e: &Entry) -> Result<()> {
        self.unique("entry", &e.id, e.version)
    }

    fn check_relationship(&mut self, r: &Relationship) -> Result<()> {
        self.unique("relationship", &r.id, r.version)?;
        crate::relationships::clean_name(&r.name).map_err(|e| Error::BackupDamaged {
            detail: format!("relationship {}: {e}", r.id),
        })?;
        self.relationships.insert(r.id.clone());
        Ok(())
    }

    fn check_reflection(&mut self, r: &Reflection) -> Result<()> {
        self.unique("reflection", &r.id, r.version)?;
        if !self.weeks.insert(r.week.to_string()) {
            return Err(Error::BackupDamaged {
                detail: format!("week {} has two reflections", r.week),
            });
        }
        if let Some(rel) = &r.answers.exercise.relationship {
            self.wanted.push((r.week.to_string(), rel.clone()));
        }
        Ok(())
    }
}

impl Sink for VerifySink {
    fn entry(&mut self, e: Entry) -> Result<()> {
        self.check_entry(&e)
    }
    fn relationship(&mut self, r: Relationship) -> Result<()> {
        self.check_relationship(&r)
    }
    fn reflection(&mut self, r: Reflection) -> Result<()> {
        self.check_reflection(&r)
    }
    fn setting(&mut self, _: String, _: serde_json::Value) -> Result<()> {
        Ok(())
    }
}

/// Checks a decrypted backup document (what `age -d` prints) like [`verify_backup`].
/// The fuzz target of the restore parser.
#[doc(hidden)]
pub fn verify_document(reader: impl Read) -> Result<BackupSummary> {
    let mut sink = VerifySink::default();
    let summary = read_document(reader, &mut sink)?;
    sink.finish()?;
    Ok(summary)
}

/// Decrypts a backup and checks its format, version and every record; reports counts and
/// the date range.
pub fn verify_backup(path: &Path, passphrase: &SecretString) -> Result<BackupSummary> {
    let mut sink = VerifySink::default();
    let summary = read_backup(path, passphrase, &mut sink)?;
    sink.finish()?;
    Ok(summary)
}

// ---------------------------------------------------------------------------------------
// Restore and import

/// Writes records into a vault inside one transaction. Entries go straight in as they are
/// parsed; relationships, reflections and settings (small) wait for the end, so
/// relationships are in place before the reflections that name them.
struct ApplySink<'v> {
    vault: &'v Vault,
    merge: bool,
    report: MergeReport,
    relationships: Vec<Relationship>,
    reflections: Vec<Reflection>,
    settings: BTreeMap<String, serde_json::Value>,
    verify: VerifySink,
}

fn newer(a: (i64, &str), b: (i64, &str)) -> bool {
    a > b
}

impl Sink for ApplySink<'_> {
    fn entry(&mut self, e: Entry) -> Result<()> {
        self.verify.check_entry(&e)?;
        if !self.merge {
            self.report.entries.added += 1;
            return self.vault.put_entry_exact(self.vault.conn(), &e);
        }
        match self.vault.get_entry(&e.id) {
            Err(Error::NotFound { .. }) => {
                self.report.entries.added += 1;
                self.vault.put_entry_exact(self.vault.conn(), &e)
            }
            Err(other) => Err(other),
            Ok(local) => {
                let same = local.title == e.title
                    && local.body == e.body
                    && local.tags == e.tags
                    && local.created_at == e.created_at
                    && local.kind == e.kind;
                if same {
                    self.report.entries.unchanged += 1;
                    Ok(())
                } else if newer(
                    (e.version, &e.updated_at.to_rfc3339()),
                    (local.version, &local.updated_at.to_rfc3339()),
                ) {
                    self.report.entries.updated += 1;
                    // A version above both, so the row's version never goes backwards.
                    let version = e.version.max(local.version + 1);
                    self.vault
                        .put_entry_exact(self.vault.conn(), &Entry { version, ..e })
                } else {
                    self.report.entries.kept_local += 1;
                    Ok(())
                }
            }
        }
    }

    fn relationship(&mut self, r: Relationship) -> Result<()> {
        self.verify.check_relationship(&r)?;
        self.relationships.push(r);
        Ok(())
    }

    fn reflection(&mut self, r: Reflection) -> Result<()> {
        self.verify.check_reflection(&r)?;
        self.reflections.push(r);
        Ok(())
    }

    fn setting(&mut self, key: String, value: serde_json::Value) -> Result<()> {
        self.settings.insert(key, value);
        Ok(())
    }
}

impl<'v> ApplySink<'v> {
    /// A sink writing into `vault`: a restore (`merge` false) or a merge by id.
    fn new(vault: &'v Vault, merge: bool) -> Self {
        ApplySink {
            vault,
            merge,
            report: MergeReport::default(),
            relationships: Vec::new(),
            reflections: Vec::new(),
            settings: BTreeMap::new(),
            verify: VerifySink::default(),
        }
    }

    fn finish(mut self) -> Result<MergeReport> {
        std::mem::take(&mut self.verify).finish()?;
        let conn = self.vault.conn();
        let local_rels: HashMap<String, Relationship> = if self.merge {
            self.vault
                .list_relationships()?
                .into_iter()
                .map(|r| (r.id.clone(), r))
                .collect()
        } else {
            HashMap::new()
        };
        for r in std::mem::take(&mut self.relationships) {
            match local_rels.get(&r.id) {
                None => {
                    self.report.relationships.added += 1;
                    self.vault.put_relationship_exact(conn, &r)?;
                }
                Some(l) if l.name == r.name && l.archived == r.archived => {
                    self.report.relationships.unchanged += 1
                }
                Some(l) if newer((r.version, &r.updated_at), (l.version, &l.updated_at)) => {
                    self.report.relationships.updated += 1;
                    let version = r.version.max(l.version + 1);
                    self.vault
                        .put_relationship_exact(conn, &Relationship { version, ..r })?;
                }
                Some(_) => self.report.relationships.kept_local += 1,
            }
        }
        let local: HashMap<String, Reflection> = if self.merge {
            self.vault
                .list_reflections()?
                .into_iter()
                .map(|r| (r.id.clone(), r))
                .collect()
        } else {
            HashMap::new()
        };
        let local_weeks: HashSet<String> = local.values().map(|r| r.week.to_string()).collect();
        for r in std::mem::take(&mut self.reflections) {
            match local.get(&r.id) {
                None if local_weeks.contains(&r.week.to_string()) => {
                    // The same week was written separately here: the journal's stays.
                    self.report.reflections.kept_local += 1;
                }
                None => {
                    self.report.reflections.added += 1;
                    self.vault.put_reflection_exact(conn, &r)?;
                }
                Some(l) if l.answers == r.answers && l.completed_at == r.completed_at => {
                    self.report.reflections.unchanged += 1
                }
                Some(l) if newer((r.version, &r.updated_at), (l.version, &l.updated_at)) => {
                    self.report.reflections.updated += 1;
                    let version = r.version.max(l.version + 1);
                    self.vault
                        .put_reflection_exact(conn, &Reflection { version, ..r })?;
                }
                Some(_) => self.report.reflections.kept_local += 1,
            }
        }
        for (key, value) in std::mem::take(&mut self.settings) {
            match self.vault.get_setting(&key)? {
                Some(v) if v == value => self.report.settings.unchanged += 1,
                Some(_) if self.merge => self.report.settings.kept_local += 1,
                _ => {
                    self.report.settings.added += 1;
                    self.vault.put_setting(conn, &key, &value)?;
                }
            }
        }
        Ok(self.report)
    }
}

impl Vault {
    /// Merges a backup into this journal by id, in one transaction: records missing here
    /// are added, records newer in the backup replace older ones, newer local records are
    /// kept; importing the same backup again changes nothing. On any error nothing changes.
    pub fn import_backup(&self, path: &Path, passphrase: &SecretString) -> Result<MergeReport> {
        let tx = self.conn().unchecked_transaction()?;
        let report = self.apply_backup(path, passphrase, true)?;
        tx.commit()?;
        Ok(report)
    }

    /// Merges a decrypted backup document, in one transaction (the fuzz target's check that
    /// whatever verifies also imports).
    #[doc(hidden)]
    pub fn import_document(&self, reader: impl Read) -> Result<MergeReport> {
        let tx = self.conn().unchecked_transaction()?;
        let mut sink = ApplySink::new(self, true);
        read_document(reader, &mut sink)?;
        let report = sink.finish()?;
        tx.commit()?;
        Ok(report)
    }

    fn apply_backup(
        &self,
        path: &Path,
        passphrase: &SecretString,
        merge: bool,
    ) -> Result<MergeReport> {
        let mut sink = ApplySink::new(self, merge);
        read_backup(path, passphrase, &mut sink)?;
        sink.finish()
    }
}

/// Creates a new journal at `vault_path` from a backup, protected by `new_passphrase`;
/// returns it unlocked with its new recovery key. If anything fails the new file is
/// removed (an existing file is never touched: that is [`Error::VaultExists`]).
pub fn restore_backup(
    backup: &Path,
    backup_passphrase: &SecretString,
    vault_path: &Path,
    new_passphrase: &SecretString,
    params: KdfParams,
) -> Result<(Vault, RecoveryKey, BackupSummary)> {
    // Check the backup whole before creating anything.
    let summary = verify_backup(backup, backup_passphrase)?;
    let (vault, recovery) = Vault::create(vault_path, new_passphrase, params)?;
    let applied = (|| {
        let tx = vault.conn().unchecked_transaction()?;
        vault.apply_backup(backup, backup_passphrase, false)?;
        tx.commit()?;
        Ok::<_, Error>(())
    })();
    if let Err(e) = applied {
        drop(vault);
        remove_vault_files(vault_path);
        return Err(e);
    }
    Ok((vault, recovery, summary))
}

fn remove_vault_files(path: &Path) {
    let _ = std::fs::remove_file(path);
    for ext in ["-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(PathBuf::from(format!("{}{ext}", path.display())));
    }
}
