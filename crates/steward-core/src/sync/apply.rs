//! Records in and out of the journal for sync: a record's body read by its sync key, a
//! body written as the journal's row (at a version above the local one, so a row's version
//! never goes backwards), and one incoming change applied against the local clock.

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::model::reflection::Reflection;
use crate::model::tombstone::{RecordKind, Tombstone};
use crate::records::{RecordTable, Vault, Write};

use super::folder::{Folder, Opened};
use super::merge::{self, Body, Change};
use super::state::{self, Clock, Conflict, FileRef, Order, SyncState};
use super::SyncReport;

/// Settings that belong to one computer and never travel: where its automatic backups go
/// and how they went, and a marker of its own journal's format.
pub(super) const LOCAL_SETTINGS: &[&str] = &[
    "auto_backup",
    "auto_backup_state",
    "last_backup_at",
    "entry_offsets_sealed",
];

/// The sync key of a record: `e/<id>`, `r/<id>`, `f/<id>` (a reflection), `s/<name>`.
pub(super) fn key_of(table: RecordTable, id: &str) -> Option<String> {
    let prefix = match table {
        RecordTable::Entries => "e",
        RecordTable::Relationships => "r",
        RecordTable::Reflections => "f",
        RecordTable::Settings if !LOCAL_SETTINGS.contains(&id) => "s",
        RecordTable::Settings | RecordTable::Tombstones => return None,
    };
    Some(format!("{prefix}/{id}"))
}

/// The table and id a sync key names.
pub(super) fn table_of(key: &str) -> Option<(RecordTable, &str)> {
    let (prefix, id) = key.split_once('/')?;
    let table = match prefix {
        "e" => RecordTable::Entries,
        "r" => RecordTable::Relationships,
        "f" => RecordTable::Reflections,
        "s" if !LOCAL_SETTINGS.contains(&id) => RecordTable::Settings,
        _ => return None,
    };
    Some((table, id))
}

/// The files read this round (and bases read from older ones), by where they are.
#[derive(Default)]
pub(super) struct BaseCache {
    files: HashMap<(String, u64, bool), Option<HashMap<String, Body>>>,
}

impl BaseCache {
    /// The version of `key` in file `at`, if that file is still there and holds it.
    fn get(
        &mut self,
        folder: &Folder,
        sync: &crate::crypto::SyncKey,
        at: &FileRef,
        key: &str,
    ) -> Option<Body> {
        let slot = self
            .files
            .entry((at.device.clone(), at.seq, at.snapshot))
            .or_insert_with(|| {
                let name = super::folder::FileName {
                    seq: at.seq,
                    snapshot: at.snapshot,
                };
                match folder.read_batch(sync, &at.device, name) {
                    Opened::Batch(b) => {
                        Some(b.changes.into_iter().map(|c| (c.key, c.body)).collect())
                    }
                    _ => None,
                }
            });
        slot.as_ref().and_then(|m| m.get(key).cloned())
    }
}

/// What applying needs besides the vault: the folder and key (for bases), the round's
/// clock, and its counts.
pub(super) struct Applier<'a, 'v> {
    pub vault: &'v Vault,
    pub w: &'a Write<'v>,
    pub folder: &'a Folder,
    pub key: &'a crate::crypto::SyncKey,
    pub now_ms: i64,
    pub bases: BaseCache,
    pub report: SyncReport,
}

impl Applier<'_, '_> {
    /// The record `key` names as it is in the journal now; `None` when there is none.
    pub(super) fn body_of(&self, key: &str) -> Result<Option<Body>> {
        let Some((table, id)) = table_of(key) else {
            return Ok(None);
        };
        let live = match table {
            RecordTable::Entries => match self.vault.entries().get(id) {
                Ok(e) => Some(Body::Entry(Box::new(e))),
                Err(Error::NotFound { .. }) => None,
                Err(e) => return Err(e),
            },
            RecordTable::Relationships => match self.vault.relationships().get(id) {
                Ok(r) => Some(Body::Relationship(r)),
                Err(Error::NotFound { .. }) => None,
                Err(e) => return Err(e),
            },
            RecordTable::Reflections => self
                .vault
                .reflections()
                .get_by_id(self.w, id)?
                .map(|r| Body::Reflection(Box::new(r))),
            RecordTable::Settings => self.vault.get_setting(id)?.map(Body::Setting),
            RecordTable::Tombstones => None,
        };
        if live.is_some() {
            return Ok(live);
        }
        Ok(self
            .vault
            .tombstones()
            .get_in(self.w, id)?
            .map(Body::Deleted))
    }

    /// Writes `body` as record `key` (replacing what is there) and returns the row's new
    /// version (0 for a deletion).
    pub(super) fn write_body(&mut self, key: &str, body: &Body) -> Result<i64> {
        let Some((table, id)) = table_of(key) else {
            return Ok(0);
        };
        if table == RecordTable::Entries {
            self.report.changed_entries.push(id.to_string());
        }
        let next = self.vault.record_version(self.w, table, id)? + 1;
        match body {
            Body::Entry(e) => {
                self.vault.tombstones().remove(self.w, id)?;
                let e = crate::model::entry::Entry {
                    version: next,
                    id: id.to_string(),
                    ..(**e).clone()
                };
                self.vault.entries().put_exact(self.w, &e)?;
            }
            Body::Relationship(r) => {
                let r = crate::model::relationship::Relationship {
                    version: next,
                    id: id.to_string(),
                    ..r.clone()
                };
                self.vault.relationships().put_exact(self.w, &r)?;
            }
            Body::Reflection(r) => {
                self.vault.tombstones().remove(self.w, id)?;
                let r = Reflection {
                    version: next,
                    id: id.to_string(),
                    ..(**r).clone()
                };
                self.vault.reflections().put_exact(self.w, &r)?;
            }
            Body::Setting(v) => self.vault.put_setting(self.w, id, v)?,
            Body::Deleted(t) => {
                let t = Tombstone {
                    id: id.to_string(),
                    ..t.clone()
                };
                match table {
                    RecordTable::Entries if next > 1 => {
                        self.vault.entries().delete_in(self.w, id, t.deleted_at)?
                    }
                    RecordTable::Reflections if next > 1 => {
                        self.vault
                            .reflections()
                            .remove_in(self.w, id, t.deleted_at)?
                    }
                    RecordTable::Entries | RecordTable::Reflections => {
                        self.vault.tombstones().put(self.w, &t)?
                    }
                    // Relationships and settings are not deleted by this build.
                    _ => {}
                }
                return Ok(0);
            }
        }
        self.vault.record_version(self.w, table, id)
    }

    /// Applies one change of another device's file `at`.
    pub(super) fn apply(&mut self, st: &mut SyncState, at: &FileRef, ch: Change) -> Result<()> {
        st.observe(&ch.hlc);
        if table_of(&ch.key).is_none() {
            return Ok(());
        }
        let local = st.records.get(&ch.key).cloned();
        let Some(local) = local else {
            if let Body::Reflection(r) = &ch.body {
                if let Some(other) = self.week_holder(r)? {
                    return self.two_reflections_of_a_week(st, at, ch, other);
                }
            }
            self.report.received += 1;
            return self.take(st, at, ch);
        };
        match state::compare(&ch.vv, &local.vv) {
            Order::Same | Order::Before => Ok(()),
            Order::After => {
                self.report.received += 1;
                match &ch.other {
                    Some(other) => {
                        let found = st.conflicts.get(&ch.key).map(|c| c.found_ms);
                        st.conflicts.insert(
                            ch.key.clone(),
                            Conflict {
                                other: crate::codec::encode(&**other).to_vec(),
                                other_ms: ch.hlc.ms,
                                found_ms: found.unwrap_or(self.now_ms),
                            },
                        );
                    }
                    None => {
                        st.conflicts.remove(&ch.key);
                    }
                }
                self.take(st, at, ch)
            }
            Order::Concurrent => self.merge_concurrent(st, at, ch, local),
        }
    }

    /// Writes the incoming version as it is; this computer now holds it, with the file it
    /// came in as the base of a later merge.
    fn take(&mut self, st: &mut SyncState, at: &FileRef, ch: Change) -> Result<()> {
        let row = self.write_body(&ch.key, &ch.body)?;
        st.records.insert(
            ch.key,
            Clock {
                row,
                vv: ch.vv,
                hlc: ch.hlc,
                base: Some(at.clone()),
                pending: false,
            },
        );
        Ok(())
    }

    /// A record edited here and there without either seeing the other's edit.
    fn merge_concurrent(
        &mut self,
        st: &mut SyncState,
        at: &FileRef,
        ch: Change,
        local: Clock,
    ) -> Result<()> {
        let Some(mine) = self.body_of(&ch.key)? else {
            // Nothing here after all: take theirs.
            return self.take(st, at, ch);
        };
        let base =
            (local.base.as_ref()).and_then(|b| self.bases.get(self.folder, self.key, b, &ch.key));
        let merged = merge::merge(base.as_ref(), (&mine, &local.hlc), (&ch.body, &ch.hlc));
        self.report.merged += 1;
        let vv = state::join(&local.vv, &ch.vv);
        let row = if same(&merged.body, &mine) {
            self.vault.record_version(
                self.w,
                table_of(&ch.key).expect("checked").0,
                table_of(&ch.key).expect("checked").1,
            )?
        } else {
            self.write_body(&ch.key, &merged.body)?
        };
        let clock = if same(&merged.body, &ch.body) {
            Clock {
                row,
                vv,
                hlc: local.hlc.clone().max(ch.hlc.clone()),
                base: Some(at.clone()),
                pending: false,
            }
        } else {
            Clock {
                row,
                vv: st.bump(&vv),
                hlc: st.stamp(self.now_ms),
                base: Some(at.clone()),
                pending: true,
            }
        };
        if let Some(other) = merged.conflict {
            self.report.conflicts += 1;
            st.conflicts.insert(
                ch.key.clone(),
                Conflict {
                    other: crate::codec::encode(&other).to_vec(),
                    other_ms: local.hlc.ms.min(ch.hlc.ms),
                    found_ms: self.now_ms,
                },
            );
        }
        st.records.insert(ch.key, clock);
        Ok(())
    }

    /// The id of another reflection of the same week held here, if any.
    fn week_holder(&self, r: &Reflection) -> Result<Option<Reflection>> {
        Ok(self
            .vault
            .reflections()
            .get(r.week)?
            .filter(|local| local.id != r.id))
    }

    /// Two computers each started the same week's reflection (two ids): they become one,
    /// under the smaller id on every device, its answers merged field by field; the other
    /// id is deleted.
    fn two_reflections_of_a_week(
        &mut self,
        st: &mut SyncState,
        at: &FileRef,
        ch: Change,
        local: Reflection,
    ) -> Result<()> {
        let local_key = format!("f/{}", local.id);
        let local_clock = st.records.get(&local_key).cloned().unwrap_or_default();
        let merged = merge::merge(
            None,
            (&Body::Reflection(Box::new(local.clone())), &local_clock.hlc),
            (&ch.body, &ch.hlc),
        );
        let Body::Reflection(theirs) = &ch.body else {
            unreachable!("called for a reflection")
        };
        let (keep, drop) = if local.id < theirs.id {
            (local_key.clone(), ch.key.clone())
        } else {
            (ch.key.clone(), local_key.clone())
        };
        let deleted = Body::Deleted(Tombstone {
            id: table_of(&drop).expect("a reflection key").1.to_string(),
            kind: RecordKind::Reflection,
            deleted_at: crate::stamp::now(),
        });
        // Remove first: the week is unique.
        let dropped_row = self.write_body(&drop, &deleted)?;
        let kept_row = self.write_body(&keep, &merged.body)?;
        let vv = st.bump(&state::join(&local_clock.vv, &ch.vv));
        let hlc = st.stamp(self.now_ms);
        for (key, row) in [(keep, kept_row), (drop, dropped_row)] {
            st.records.insert(
                key,
                Clock {
                    row,
                    vv: vv.clone(),
                    hlc: hlc.clone(),
                    base: Some(at.clone()),
                    pending: true,
                },
            );
        }
        self.report.merged += 1;
        Ok(())
    }
}

/// Whether two bodies hold the same content (a row's version is each journal's own).
pub(super) fn same(a: &Body, b: &Body) -> bool {
    match (a, b) {
        (Body::Entry(x), Body::Entry(y)) => x.same_content(y),
        (Body::Relationship(x), Body::Relationship(y)) => {
            x.name == y.name && x.archived == y.archived && x.notes == y.notes
        }
        (Body::Reflection(x), Body::Reflection(y)) => {
            x.week == y.week && x.answers == y.answers && x.completed_at == y.completed_at
        }
        (Body::Setting(x), Body::Setting(y)) => x == y,
        (Body::Deleted(_), Body::Deleted(_)) => true,
        _ => false,
    }
}
