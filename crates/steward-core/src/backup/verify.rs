//! Verifying a backup without a journal: every record parses, ids are unique, reflections
//! and entries name relationships that exist.

#[cfg(any(test, feature = "test-support"))]
use super::read::read_document;
#[allow(unused_imports)]
use super::*;

/// Checks ids are unique and reflections and entries name relationships that exist.
#[derive(Default)]
pub(super) struct VerifySink {
    ids: HashSet<String>,
    relationships: HashSet<String>,
    weeks: HashSet<String>,
    wanted: Vec<(String, String)>,
}

impl VerifySink {
    /// A record's id must be new in this backup (ids arrive canonical: the reader rewrites
    /// them, see [`canonical_id`]) and its version between 1 and [`MAX_RECORD_VERSION`] —
    /// what restoring and then editing it require, so a backup that verifies also restores.
    fn unique(&mut self, kind: &str, id: &str, version: i64) -> Result<()> {
        if canonical_id(id).as_deref() != Some(id) {
            return Err(Error::BackupDamaged {
                detail: format!("{kind} id {id:?} is not a UUID"),
            });
        }
        if !(1..=MAX_RECORD_VERSION).contains(&version) {
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

    pub(super) fn finish(self) -> Result<()> {
        for (record, rel) in self.wanted {
            if !self.relationships.contains(&rel) {
                return Err(Error::BackupDamaged {
                    detail: format!(
                        "{record} names relationship {rel}, which the backup does not hold"
                    ),
                });
            }
        }
        Ok(())
    }
}

impl VerifySink {
    pub(super) fn check_entry(&mut self, e: &Entry) -> Result<()> {
        self.unique("entry", &e.id, e.version)?;
        for rel in &e.people {
            let rel = canonical_id(rel).ok_or_else(|| Error::BackupDamaged {
                detail: format!("entry {} links to {rel:?}, which is not a UUID", e.id),
            })?;
            self.wanted.push((format!("entry {}", e.id), rel));
        }
        Ok(())
    }

    pub(super) fn check_relationship(&mut self, r: &Relationship) -> Result<()> {
        self.unique("relationship", &r.id, r.version)?;
        crate::relationships::clean_name(&r.name).map_err(|e| Error::BackupDamaged {
            detail: format!("relationship {}: {e}", r.id),
        })?;
        self.relationships.insert(r.id.clone());
        Ok(())
    }

    pub(super) fn check_reflection(&mut self, r: &Reflection) -> Result<()> {
        self.unique("reflection", &r.id, r.version)?;
        if !self.weeks.insert(r.week.to_string()) {
            return Err(Error::BackupDamaged {
                detail: format!("week {} has two reflections", r.week),
            });
        }
        for rel in r.answers.relationship_refs() {
            self.wanted
                .push((format!("the reflection of {}", r.week), rel.clone()));
        }
        Ok(())
    }
}

impl VerifySink {
    /// A tombstone's id is a UUID no record of the backup has (a record cannot be both
    /// there and deleted).
    pub(super) fn check_tombstone(&mut self, t: &Tombstone) -> Result<()> {
        self.unique(&format!("tombstone of a {}", t.kind.as_str()), &t.id, 1)
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
    fn tombstone(&mut self, t: Tombstone) -> Result<()> {
        self.check_tombstone(&t)
    }
    fn setting(&mut self, _: String, _: serde_json::Value) -> Result<()> {
        Ok(())
    }
}

/// Checks a decrypted backup document (what `age -d` prints) like [`verify_backup`].
/// The fuzz target of the restore parser.
#[cfg(any(test, feature = "test-support"))]
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
