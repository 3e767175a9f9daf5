//! Writing a backup: the document streamed from one read snapshot into an age stream over
//! a temporary file, fsynced and renamed into place.

#[allow(unused_imports)]
use super::*;

#[derive(Serialize)]
struct Header<'a> {
    format: &'a str,
    version: u64,
    exported_at: &'a str,
    generator: String,
    counts: &'a BackupCounts,
}

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
                self.vault
                    .set_setting(LAST_BACKUP_SETTING, &summary.exported_at.clone().into())?;
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
        let snapshot = self.vault.conn().unchecked_transaction()?;
        let entries: u64 = snapshot.query_row("SELECT count(*) FROM entries", [], |r| r.get(0))?;
        let relationships = self.vault.relationships().list()?;
        let reflections = self.vault.reflections().list()?;
        let settings = self.vault.all_settings()?;
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
        self.vault.entries().for_each(|entry| {
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
