//! Applying a backup to a vault: restore (into a new journal) and import (merge by id,
//! newer local records kept, deletions applied both ways), each in one transaction.
//!
//! Deletions: an entry deleted here stays deleted unless the backup's copy was edited
//! after the deletion (then the edit wins and the tombstone goes); an entry deleted in the
//! backup is deleted here unless it was edited here after the deletion (then the tombstone
//! is dropped). A tombstone of a record this journal never held is kept, so a later merge
//! with a copy that still holds the record knows. Relationships and reflections cannot be
//! deleted by this build: their tombstones (from a later one) are kept only where the
//! record is not here.

#[cfg(any(test, feature = "test-support"))]
use super::read::read_document;
#[allow(unused_imports)]
use super::verify::VerifySink;
use super::*;
use chrono::{DateTime, Utc};

/// Writes records into a vault inside one transaction. Entries go straight in as they are
/// parsed; relationships, reflections and settings (small) wait for the end, so
/// relationships are in place before the reflections that name them.
pub(super) struct ApplySink<'w, 'v> {
    vault: &'v Vault,
    /// The one transaction the whole restore or merge writes in.
    w: &'w crate::records::Write<'v>,
    merge: bool,
    report: MergeReport,
    relationships: Vec<Relationship>,
    reflections: Vec<Reflection>,
    tombstones: Vec<Tombstone>,
    /// The journal's tombstones before the merge, by id (empty for a restore).
    deleted_here: HashMap<String, Tombstone>,
    settings: BTreeMap<String, serde_json::Value>,
    verify: VerifySink,
}

/// A record's (version, last change): the higher version wins, then the later change (as
/// instants, not text).
type Edition = (i64, DateTime<Utc>);

/// What merging one backed-up record does, by id, against the journal's copy.
enum Merge {
    /// The journal lacks it.
    Add,
    /// The same content in both.
    Unchanged,
    /// Newer in the backup: written at a version above both, so the row's version never
    /// goes backwards.
    Replace { version: i64 },
    /// Newer (or as new) in the journal.
    KeepLocal,
}

impl Merge {
    /// `local` is the journal's edition and whether its content equals the backup's.
    fn decide(incoming: Edition, local: Option<(Edition, bool)>) -> Merge {
        match local {
            None => Merge::Add,
            Some((_, true)) => Merge::Unchanged,
            Some((l, false)) if incoming > l => Merge::Replace {
                version: incoming.0.max(l.0.saturating_add(1)),
            },
            Some(_) => Merge::KeepLocal,
        }
    }

    /// Counts the decision in `counts` and returns the record to write, if any.
    fn apply<T>(
        self,
        counts: &mut MergeCounts,
        record: T,
        at_version: impl FnOnce(T, i64) -> T,
    ) -> Option<T> {
        match self {
            Merge::Add => {
                counts.added += 1;
                Some(record)
            }
            Merge::Replace { version } => {
                counts.updated += 1;
                Some(at_version(record, version))
            }
            Merge::Unchanged => {
                counts.unchanged += 1;
                None
            }
            Merge::KeepLocal => {
                counts.kept_local += 1;
                None
            }
        }
    }
}

impl Sink for ApplySink<'_, '_> {
    fn entry(&mut self, e: Entry) -> Result<()> {
        self.verify.check_entry(&e)?;
        if !self.merge {
            self.report.entries.added += 1;
            return self.vault.entries().put_exact(self.w, &e);
        }
        if let Some(deletion) = self.deleted_here.get(&e.id) {
            if !deletion.outlived_by(e.updated_at) {
                self.report.entries.stayed_deleted += 1;
                return Ok(());
            }
            // Edited in the backup after it was deleted here: the edit wins.
            self.vault.tombstones().remove(self.w, &e.id)?;
            self.report.entries.added += 1;
            return self.vault.entries().put_exact(self.w, &e);
        }
        let local = match self.vault.entries().get(&e.id) {
            Err(Error::NotFound { .. }) => None,
            Err(other) => return Err(other),
            Ok(local) => Some(((local.version, local.updated_at), local.same_content(&e))),
        };
        let decision = Merge::decide((e.version, e.updated_at), local);
        match decision.apply(&mut self.report.entries, e, |e, version| Entry {
            version,
            ..e
        }) {
            Some(e) => self.vault.entries().put_exact(self.w, &e),
            None => Ok(()),
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

    fn tombstone(&mut self, t: Tombstone) -> Result<()> {
        self.verify.check_tombstone(&t)?;
        self.tombstones.push(t);
        Ok(())
    }

    fn setting(&mut self, key: String, value: serde_json::Value) -> Result<()> {
        // How another journal's automatic backups went says nothing about this one's.
        if key != AUTO_BACKUP_STATE_SETTING {
            self.settings.insert(key, value);
        }
        Ok(())
    }
}

impl<'w, 'v> ApplySink<'w, 'v> {
    /// A sink writing into `vault` through `w`: a restore (`merge` false) or a merge by id.
    fn new(vault: &'v Vault, w: &'w crate::records::Write<'v>, merge: bool) -> Result<Self> {
        let deleted_here = if merge {
            (vault.tombstones().list()?.into_iter())
                .map(|t| (t.id.clone(), t))
                .collect()
        } else {
            HashMap::new()
        };
        Ok(ApplySink {
            vault,
            w,
            merge,
            report: MergeReport::default(),
            relationships: Vec::new(),
            reflections: Vec::new(),
            tombstones: Vec::new(),
            deleted_here,
            settings: BTreeMap::new(),
            verify: VerifySink::default(),
        })
    }

    /// Applies one of the backup's tombstones (after its records are in).
    fn apply_tombstone(&mut self, t: Tombstone) -> Result<()> {
        if self.merge && self.deleted_here.contains_key(&t.id) {
            self.report.tombstones.unchanged += 1;
            return Ok(());
        }
        if self.merge {
            let record_stays = match t.kind {
                RecordKind::Entry => match self.vault.entries().get(&t.id) {
                    Ok(local) if t.outlived_by(local.updated_at) => true,
                    Ok(_) => {
                        // Deleted there after its last change here: delete it here too
                        // (which leaves the tombstone, with the backup's deletion time).
                        self.vault
                            .entries()
                            .delete_in(self.w, &t.id, t.deleted_at)?;
                        self.report.entries.deleted += 1;
                        self.report.tombstones.added += 1;
                        return Ok(());
                    }
                    Err(Error::NotFound { .. }) => false,
                    Err(other) => return Err(other),
                },
                RecordKind::Relationship => self.vault.relationships().exists(self.w, &t.id)?,
                RecordKind::Reflection => self.vault.reflections().exists(self.w, &t.id)?,
            };
            if record_stays {
                self.report.tombstones.kept_local += 1;
                return Ok(());
            }
        }
        self.report.tombstones.added += 1;
        self.vault.tombstones().put(self.w, &t)
    }

    fn finish(mut self) -> Result<MergeReport> {
        std::mem::take(&mut self.verify).finish()?;
        let conn = self.w;
        let local_rels: HashMap<String, Relationship> = if self.merge {
            self.vault
                .relationships()
                .list()?
                .into_iter()
                .map(|r| (r.id.clone(), r))
                .collect()
        } else {
            HashMap::new()
        };
        for r in std::mem::take(&mut self.relationships) {
            let local = (local_rels.get(&r.id)).map(|l| {
                (
                    (l.version, l.updated_at),
                    l.name == r.name && l.archived == r.archived && l.notes == r.notes,
                )
            });
            let decision = Merge::decide((r.version, r.updated_at), local);
            if let Some(r) = decision.apply(&mut self.report.relationships, r, |r, version| {
                Relationship { version, ..r }
            }) {
                self.vault.relationships().put_exact(conn, &r)?;
            }
        }
        let local: HashMap<String, Reflection> = if self.merge {
            self.vault
                .reflections()
                .list()?
                .into_iter()
                .map(|r| (r.id.clone(), r))
                .collect()
        } else {
            HashMap::new()
        };
        let local_weeks: HashSet<String> = local.values().map(|r| r.week.to_string()).collect();
        for r in std::mem::take(&mut self.reflections) {
            let decision = match local.get(&r.id) {
                // The same week was written separately here: the journal's stays.
                None if local_weeks.contains(&r.week.to_string()) => Merge::KeepLocal,
                l => Merge::decide(
                    (r.version, r.updated_at),
                    l.map(|l| {
                        let same = l.answers == r.answers && l.completed_at == r.completed_at;
                        ((l.version, l.updated_at), same)
                    }),
                ),
            };
            if let Some(r) = decision.apply(&mut self.report.reflections, r, |r, version| {
                Reflection { version, ..r }
            }) {
                self.vault.reflections().put_exact(conn, &r)?;
            }
        }
        for t in std::mem::take(&mut self.tombstones) {
            self.apply_tombstone(t)?;
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

impl Backups<'_> {
    /// Merges a backup into this journal by id, in one transaction: records missing here
    /// are added, records newer in the backup replace older ones, newer local records are
    /// kept; importing the same backup again changes nothing. On any error nothing changes.
    pub fn import(&self, path: &Path, passphrase: &SecretString) -> Result<MergeReport> {
        self.apply(path, passphrase, true)
    }

    /// Merges a decrypted backup document, in one transaction (the fuzz target's check that
    /// whatever verifies also imports).
    #[cfg(any(test, feature = "test-support"))]
    pub fn import_document(&self, reader: impl Read) -> Result<MergeReport> {
        let w = self.vault.begin()?;
        let mut sink = ApplySink::new(self.vault, &w, true)?;
        read_document(reader, &mut sink)?;
        let report = sink.finish()?;
        w.commit()?;
        Ok(report)
    }

    /// Reads the backup into this journal in one transaction: all or nothing.
    fn apply(&self, path: &Path, passphrase: &SecretString, merge: bool) -> Result<MergeReport> {
        let w = self.vault.begin()?;
        let mut sink = ApplySink::new(self.vault, &w, merge)?;
        read_backup(path, passphrase, &mut sink)?;
        let report = sink.finish()?;
        w.commit()?;
        Ok(report)
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
    let applied = vault.backups().apply(backup, backup_passphrase, false);
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
