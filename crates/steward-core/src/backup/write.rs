//! Writing a backup: the document streamed from one read snapshot into an age stream over
//! a temporary file, fsynced and renamed into place.

#[allow(unused_imports)]
use super::*;
use std::cell::RefCell;

impl Backups<'_> {
    /// Writes an encrypted backup of everything in the journal to `path`, and records
    /// when (the [`LAST_BACKUP_SETTING`]).
    pub fn export(
        &self,
        path: &Path,
        passphrase: &SecretString,
        options: BackupOptions,
    ) -> Result<BackupSummary> {
        self.export_with_progress(path, passphrase, options, &mut |_, _| {})
    }

    /// [`Backups::export`], calling `progress(entries written, entries in all)` as it
    /// goes (every 256 entries and at the end).
    pub fn export_with_progress(
        &self,
        path: &Path,
        passphrase: &SecretString,
        options: BackupOptions,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BackupSummary> {
        check_backup_passphrase(passphrase)?;
        let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
        recipient.set_work_factor(options.work_factor);
        self.export_to(
            path,
            &[&recipient as &dyn age::Recipient],
            options.replace_existing,
            progress,
        )
    }

    /// Writes an encrypted backup for `recipients` at `path` (a temporary file in its
    /// folder, fsynced and renamed into place) and records when.
    pub(super) fn export_to(
        &self,
        path: &Path,
        recipients: &[&dyn age::Recipient],
        replace_existing: bool,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BackupSummary> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .ok_or_else(|| Error::InvalidInput(format!("{} is not a file name", path.display())))?;
        self.check_target(path, replace_existing)?;
        remove_stale_temps(dir, &name.to_string_lossy());
        let tmp = dir.join(format!(
            ".{}.{}.tmp",
            name.to_string_lossy(),
            uuid::Uuid::new_v4().simple()
        ));
        let result = self.write_backup(&tmp, recipients, progress);
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
                self.vault.set_setting(
                    LAST_BACKUP_SETTING,
                    &crate::stamp::format(&summary.exported_at).into(),
                )?;
                Ok(summary)
            }
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                Err(e)
            }
        }
    }

    /// Refuses a target that is the journal itself (or its `-wal` / `-shm`), and an existing
    /// file unless the user confirmed replacing it.
    fn check_target(&self, path: &Path, replace_existing: bool) -> Result<()> {
        let Ok(target) = std::fs::canonicalize(path) else {
            return Ok(()); // nothing there yet
        };
        let vault = std::fs::canonicalize(self.vault.path())
            .map_err(|e| Error::io("finding the journal's file", e))?;
        let journal_files = ["", "-wal", "-shm", "-journal"]
            .map(|ext| std::path::PathBuf::from(format!("{}{ext}", vault.display())));
        if journal_files.contains(&target) {
            return Err(Error::InvalidInput(format!(
                "{} is the journal's own file; choose another name for the backup",
                path.display()
            )));
        }
        if !replace_existing {
            return Err(Error::FileExists {
                path: path.to_path_buf(),
            });
        }
        if target.is_dir() {
            return Err(Error::InvalidInput(format!(
                "{} is a folder; choose a file name for the backup",
                path.display()
            )));
        }
        Ok(())
    }

    fn write_backup(
        &self,
        tmp: &Path,
        recipients: &[&dyn age::Recipient],
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
        let encryptor = age::Encryptor::with_recipients(recipients.iter().copied())
            .map_err(|e| Error::InvalidInput(format!("the backup's recipients: {e}")))?;
        let mut out = encryptor
            .wrap_output(BufWriter::with_capacity(1 << 16, file))
            .map_err(io("starting encryption"))?;

        let identity = self.vault.backup_identity()?;
        let summary = self.write_document_with(&mut out, progress, identity.as_ref())?;
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
        self.write_document_with(out, progress, None)
    }

    /// [`Backups::write_document`], with the MAC of its records under `identity`'s key
    /// when given (encrypted backups of a journal that knows its backup identity).
    fn write_document_with(
        &self,
        out: &mut dyn Write,
        progress: &mut dyn FnMut(u64, u64),
        identity: Option<&crate::backup_identity::BackupIdentity>,
    ) -> Result<BackupSummary> {
        // One read transaction: the counts and the records come from the same snapshot.
        let snapshot = self.vault.conn().unchecked_transaction()?;
        let record_mac = match identity {
            Some(identity) => Some(data_encoding::HEXLOWER.encode(
                &crate::records::record_set_mac(
                    identity.record_mac_key(),
                    &self.vault.backup_record_set(LOCAL_SETTINGS)?,
                ),
            )),
            None => None,
        };
        let entries: u64 = snapshot.query_row("SELECT count(*) FROM entries", [], |r| r.get(0))?;
        let relationships = self.vault.relationships().list()?;
        let reflections = self.vault.reflections().list()?;
        let tombstones = self.vault.tombstones().list()?;
        let mut settings = self.vault.all_settings()?;
        settings.retain(|key, _| !LOCAL_SETTINGS.contains(&key.as_str()));
        let counts = BackupCounts {
            entries,
            relationships: relationships.len() as u64,
            reflections: reflections.len() as u64,
            settings: settings.len() as u64,
            tombstones: tombstones.len() as u64,
        };
        let exported_at = crate::stamp::now();
        let summary = RefCell::new(BackupSummary {
            exported_at,
            counts: counts.clone(),
            ..BackupSummary::default()
        });
        let stream = EntryStream {
            backups: *self,
            total: entries,
            progress: RefCell::new(progress),
            summary: &summary,
            failure: RefCell::new(None),
        };
        let document = Document {
            format: BACKUP_FORMAT,
            version: BACKUP_VERSION,
            exported_at,
            generator: format!("steward {}", env!("CARGO_PKG_VERSION")),
            counts: &counts,
            record_mac,
            entries: &stream,
            relationships: &relationships,
            reflections: &reflections,
            tombstones: &tombstones,
            settings: &settings,
        };
        let mut serializer =
            serde_json::Serializer::with_formatter(&mut *out, RecordLines::default());
        let written = document.serialize(&mut serializer);
        if let Some(failure) = stream.failure.take() {
            return Err(failure);
        }
        written.map_err(|e| Error::io("writing the backup", e.into()))?;
        out.write_all(b"\n")
            .map_err(|e| Error::io("writing the backup", e))?;
        drop(snapshot);
        let mut summary = summary.take();
        summary.first_week = reflections.first().map(|r| r.week.to_string());
        summary.last_week = reflections.last().map(|r| r.week.to_string());
        Ok(summary)
    }
}

/// Settings about this journal's own automatic backup files, left out of every backup and
/// export (a restored journal starts its own history; a merge must not take another's).
const LOCAL_SETTINGS: &[&str] = &[AUTO_BACKUP_STATE_SETTING];

/// The backup document, in the order it is written: the header first (a reader refuses a
/// newer version before any record), then the records.
#[derive(Serialize)]
struct Document<'a> {
    format: &'a str,
    version: u64,
    #[serde(with = "crate::stamp::serde_utc")]
    exported_at: chrono::DateTime<chrono::Utc>,
    generator: String,
    counts: &'a BackupCounts,
    #[serde(skip_serializing_if = "Option::is_none")]
    record_mac: Option<String>,
    entries: &'a EntryStream<'a>,
    relationships: &'a [Relationship],
    reflections: &'a [Reflection],
    tombstones: &'a [Tombstone],
    settings: &'a BTreeMap<String, serde_json::Value>,
}

/// The entries, decrypted one row at a time as they are serialized (a backup never holds
/// the whole journal in memory), noting the date range and reporting progress.
struct EntryStream<'a> {
    backups: Backups<'a>,
    total: u64,
    progress: RefCell<&'a mut dyn FnMut(u64, u64)>,
    summary: &'a RefCell<BackupSummary>,
    /// An engine error met while reading (serde can only carry its own errors).
    failure: RefCell<Option<Error>>,
}

impl Serialize for EntryStream<'_> {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq};
        let mut seq = serializer.serialize_seq(Some(self.total as usize))?;
        let mut serde_error = None;
        let mut written = 0u64;
        let mut progress = self.progress.borrow_mut();
        let read = self.backups.vault.entries().for_each(|entry| {
            if let Err(e) = seq.serialize_element(&entry) {
                serde_error = Some(e);
                return Err(Error::InvalidInput("the backup stream failed".into()));
            }
            // Entries come oldest first, so the first is the oldest.
            let mut summary = self.summary.borrow_mut();
            summary.first_entry.get_or_insert(entry.created_at);
            summary.last_entry = Some(entry.created_at);
            written += 1;
            if written % 256 == 0 {
                progress(written, self.total);
            }
            Ok(())
        });
        if let Some(e) = serde_error {
            return Err(e);
        }
        if let Err(e) = read {
            *self.failure.borrow_mut() = Some(e);
            return Err(S::Error::custom("reading the journal failed"));
        }
        progress(written, self.total);
        seq.end()
    }
}

/// Compact JSON with one record a line: each member of the document and each element of
/// its record arrays starts a new line, so the document stays readable (and greppable)
/// when `age -d` opens it, without the size of pretty-printing.
#[derive(Default)]
struct RecordLines {
    depth: usize,
}

impl serde_json::ser::Formatter for RecordLines {
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        w.write_all(b"}")
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        w.write_all(b"]")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        match (self.depth, first) {
            (_, true) => Ok(()),
            (1, false) => w.write_all(b",\n"),
            _ => w.write_all(b","),
        }
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        match (self.depth, first) {
            (2, true) => w.write_all(b"\n"),
            (2, false) => w.write_all(b",\n"),
            (_, true) => Ok(()),
            (_, false) => w.write_all(b","),
        }
    }
}

/// The rule of a new journal passphrase, for the backup's: enforced here, not only in a
/// front end, since anyone who gets the file can guess it offline.
fn check_backup_passphrase(passphrase: &SecretString) -> Result<()> {
    crate::keyslot::check_new_passphrase(passphrase).map_err(|_| {
        Error::InvalidInput(format!(
            "the backup passphrase is too short: use at least {} characters (a few unrelated words are best)",
            crate::keyslot::MIN_PASSPHRASE_CHARS
        ))
    })
}

/// Removes what a killed export of `name` into `dir` left: `.NAME.<random>.tmp` files.
fn remove_stale_temps(dir: &Path, name: &str) {
    remove_temps_of(dir, |target| target == name);
}

/// Removes the temporary files in `dir` that an interrupted export of a backup whose name
/// `is_ours` accepts left: `.NAME.<32 hex digits>.tmp` (ciphertext only, but clutter).
pub(super) fn remove_temps_of(dir: &Path, is_ours: impl Fn(&str) -> bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        let Some((target, random)) = file
            .strip_prefix('.')
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .and_then(|rest| rest.rsplit_once('.'))
        else {
            continue;
        };
        // Only our own pattern: 32 hex digits between the name and `.tmp`.
        if random.len() == 32 && random.bytes().all(|b| b.is_ascii_hexdigit()) && is_ours(target) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
