//! Sync: one journal on several computers through a folder the leader's own sync tool
//! carries (Syncthing, Dropbox, iCloud Drive, a NAS share). There is no server, and the live
//! journal file never goes into the folder: each computer keeps its own journal and writes
//! only its own sealed files into the folder (`folder`); each reads the others' and merges
//! them by record (`apply`, `merge`), with a clock per record (`state`).
//!
//! A round ([`Syncing::now`]): the records changed here since the last round are counted as
//! edits of this device; the other devices' new files are read in order (a snapshot when a
//! device's older files are gone or unreadable) and applied; what changed here (edits and
//! merges) is written as one change file, and every few rounds as a snapshot that lets the
//! device remove its older files. A file that is not there yet, arrives twice, late or cut
//! short is read again next round; all of it in one transaction, so a round that fails
//! changes nothing.
//!
//! Keys: the key ring each device writes holds the journal's key slots (the data key
//! wrapped, as in the journal), so a second computer joins with the passphrase. A passphrase
//! change rotates the data key; the next round raises the ring's generation and writes a
//! snapshot under the new key; the other computers then stop with
//! [`Error::SyncKeyChanged`] until the new passphrase is typed ([`adopt_new_key`]), after
//! which the old passphrase opens nothing new on any of them.

mod apply;
mod folder;
mod merge;
mod state;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use secrecy::SecretString;
use serde::Serialize;
use ts_rs::TS;

use crate::backup_identity::BackupIdentity;
use crate::crypto::{DataKey, RecordAad, SyncKey};
use crate::error::{Error, Result};
use crate::keyslot::{KeySlot, SlotKind};
use crate::records::{Vault, Write};

use apply::{key_of, table_of, Applier, BaseCache};
use folder::{Batch, FileName, Folder, Keyring, Opened, RingFile};
pub use merge::{merge, Body, Change, Merged};
pub use state::{compare, Hlc, Order, Vv};
use state::{Clock, FileRef, SyncState};

/// After this many change files a device writes a snapshot and removes its older files.
const SNAPSHOT_EVERY: u32 = 32;

/// What one sync round did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct SyncReport {
    /// Records taken from other computers.
    pub received: u32,
    /// Records written into this computer's change file.
    pub sent: u32,
    /// Records edited on two computers and merged.
    pub merged: u32,
    /// Of those, records whose texts overlapped: kept both, waiting for a choice.
    pub conflicts: u32,
    /// Files of other computers not ready yet (being delivered), read again next round.
    pub waiting: u32,
    /// Whether a newer build of Steward writes into the folder (its files are skipped).
    pub newer_build: bool,
    /// The entries this round wrote into the journal (for an in-memory index to refresh).
    #[serde(skip)]
    #[ts(skip)]
    pub changed_entries: Vec<String>,
}

/// A computer that syncs into the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DeviceInfo {
    /// Its random id (its folder's name).
    pub id: String,
    /// Whether it is this computer.
    pub this: bool,
    /// When it last wrote a file this computer has read (RFC 3339), if ever.
    pub last_seen: Option<String>,
    /// The size of its files in the folder, in bytes.
    pub bytes: u64,
}

/// A record edited on two computers, waiting for the leader's choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConflictInfo {
    /// The record's kind: `entry`, `reflection`, `relationship`.
    pub kind: String,
    /// The record's id.
    pub id: String,
    /// The title (an entry) or week (a reflection) of the version kept.
    pub title: String,
    /// The other version's text (an entry's body; a reflection's answers as JSON).
    pub other_text: String,
    /// The other version's title, for an entry.
    pub other_title: String,
    /// When the other version was written (RFC 3339).
    pub other_at: String,
}

/// Where syncing stands on this computer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SyncStatus {
    /// The sync folder.
    pub folder: String,
    /// This computer's id.
    pub device: String,
    /// Every computer that syncs into the folder.
    pub devices: Vec<DeviceInfo>,
    /// When this computer last completed a round (RFC 3339).
    pub last_sync: Option<String>,
    /// Records changed here and not yet written to the folder.
    pub pending: u32,
    /// Records waiting for a choice.
    pub conflicts: Vec<ConflictInfo>,
    /// Whether the passphrase was changed on another computer (type it to go on).
    pub needs_passphrase: bool,
}

/// Which version of a record edited on two computers to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Keep {
    /// The version in the journal now (the later edit).
    This,
    /// The other computer's version.
    Other,
}

/// Syncing of an unlocked vault: `vault.sync()`.
#[derive(Clone, Copy)]
pub struct Syncing<'v> {
    vault: &'v Vault,
}

impl Vault {
    /// Sync through a folder.
    pub fn sync(&self) -> Syncing<'_> {
        Syncing { vault: self }
    }
}

fn ms_now() -> i64 {
    crate::stamp::now().timestamp_millis()
}

fn stamp_of(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| crate::stamp::format(&t))
        .unwrap_or_default()
}

fn new_device_id() -> Result<String> {
    let mut bytes = [0u8; 8];
    crate::crypto::random_fill(&mut bytes)?;
    Ok(data_encoding::HEXLOWER.encode(&bytes))
}

impl Syncing<'_> {
    /// Whether this journal syncs.
    pub fn is_on(&self) -> Result<bool> {
        self.vault.has_sync_state()
    }

    fn load(&self) -> Result<SyncState> {
        let bytes = self.vault.sync_state_bytes()?.ok_or(Error::NotSyncing)?;
        crate::codec::decode(&bytes).ok_or_else(|| Error::Tampered {
            what: "this computer's sync state".into(),
        })
    }

    fn save(&self, w: &Write<'_>, st: &SyncState) -> Result<()> {
        self.vault.put_sync_state(w, &crate::codec::encode(st))
    }

    /// Starts syncing this journal into `folder` (an empty folder, or one this journal
    /// already syncs into from another computer), and runs a first round.
    pub fn setup(&self, folder: &Path) -> Result<SyncReport> {
        if self.is_on()? {
            return Err(Error::InvalidInput(
                "this journal already syncs; `steward sync status` says where".into(),
            ));
        }
        let dir = Folder::open(folder)?;
        let key = self.vault.sync_key();
        let rings = dir.keyrings()?;
        if let Some(RingFile { ring, .. }) = rings.iter().max_by_key(|r| r.ring.generation) {
            if ring.epoch != key.epoch() {
                return Err(Error::SyncFolder {
                    path: folder.to_path_buf(),
                    why: "another journal (or this one under an older passphrase) syncs here; \
                          to take it onto this computer use `steward sync join`, or choose an \
                          empty folder"
                        .into(),
                });
            }
        }
        let st = SyncState {
            device: new_device_id()?,
            folder: absolute(folder).to_string_lossy().to_string(),
            generation: rings.iter().map(|r| r.ring.generation).max().unwrap_or(1),
            next_seq: 1,
            epoch: key.epoch().to_vec(),
            ..SyncState::default()
        };
        self.write_keyring(&dir, &key, &st)?;
        let w = self.vault.begin()?;
        self.save(&w, &st)?;
        w.commit()?;
        self.round(true)
    }

    /// Runs one round now.
    pub fn now(&self) -> Result<SyncReport> {
        self.round(false)
    }

    fn write_keyring(&self, dir: &Folder, key: &SyncKey, st: &SyncState) -> Result<()> {
        let [pass, rec] = self.vault.key_slots()?;
        let identity = match self.vault.backup_identity()? {
            Some(id) => Some(key.seal(identity_aad(&st.device, st.generation), id.secret())?),
            None => None,
        };
        let ring = Keyring {
            generation: st.generation,
            epoch: key.epoch().to_vec(),
            passphrase: pass.encode(),
            recovery: rec.encode(),
            identity,
            identity_device: st.device.clone(),
        };
        dir.write_keyring(key, &st.device, &ring)
    }

    /// One round; `snapshot` forces a snapshot (a new device, a new key).
    fn round(&self, mut snapshot: bool) -> Result<SyncReport> {
        let mut st = self.load()?;
        let dir = Folder::open(Path::new(&st.folder))?;
        let key = self.vault.sync_key();
        let rings = dir.keyrings()?;
        let newest = rings.iter().map(|r| r.ring.generation).max().unwrap_or(0);
        if rings
            .iter()
            .any(|r| r.ring.generation > st.generation && r.ring.epoch != key.epoch())
        {
            return Err(Error::SyncKeyChanged);
        }
        if st.epoch != key.epoch() {
            // The passphrase was changed here: a new generation, announced by the key ring,
            // and everything written again under the new key.
            st.generation = newest.max(st.generation) + 1;
            st.epoch = key.epoch().to_vec();
            self.write_keyring(&dir, &key, &st)?;
            snapshot = true;
        }
        let now = ms_now();
        self.note_local_changes(&mut st, now)?;
        let incoming = read_incoming(&dir, &key, &mut st);
        let w = self.vault.begin()?;
        let mut applier = Applier {
            vault: self.vault,
            w: &w,
            folder: &dir,
            key: &key,
            now_ms: now,
            bases: BaseCache::default(),
            report: SyncReport {
                waiting: incoming.waiting,
                newer_build: incoming.newer_build,
                ..SyncReport::default()
            },
        };
        for (at, change) in ordered(incoming.batches) {
            applier.apply(&mut st, &at, change)?;
        }
        let mut report = applier.report;
        report.sent = self.export(&w, &dir, &key, &mut st, now, snapshot)?;
        st.last_sync_ms = Some(now);
        self.save(&w, &st)?;
        w.commit()?;
        Ok(report)
    }

    /// Counts every record changed here since the last round as an edit of this device.
    fn note_local_changes(&self, st: &mut SyncState, now: i64) -> Result<()> {
        let rows = self.vault.record_versions()?;
        let mut live = HashSet::new();
        let mut deleted = HashSet::new();
        for row in rows {
            let (table, id, version) = (row.table, row.id, row.version);
            if table == crate::records::RecordTable::Tombstones {
                deleted.insert(id);
                continue;
            }
            let Some(key) = key_of(table, &id) else {
                continue;
            };
            live.insert(key.clone());
            match st.records.get(&key) {
                Some(c) if c.row == version => {}
                _ => {
                    let vv = st
                        .records
                        .get(&key)
                        .map(|c| st.bump(&c.vv))
                        .unwrap_or_else(|| st.bump(&Vv::new()));
                    // Stamped when it was edited, not when this round noticed: of two
                    // edits made apart, the later one is the later edit.
                    let edited = (row.updated_at.as_deref())
                        .and_then(crate::stamp::parse)
                        .map_or(now, |t| t.timestamp_millis().min(now));
                    let hlc = st.stamp(edited);
                    let base = st.records.get(&key).and_then(|c| c.base.clone());
                    st.records.insert(
                        key,
                        Clock {
                            row: version,
                            vv,
                            hlc,
                            base,
                            pending: true,
                        },
                    );
                }
            }
        }
        let gone: Vec<String> = st
            .records
            .iter()
            .filter(|(k, c)| c.row > 0 && !live.contains(*k))
            .filter(|(k, _)| table_of(k).is_some_and(|(_, id)| deleted.contains(id)))
            .map(|(k, _)| k.clone())
            .collect();
        for key in gone {
            // Stamped when it was deleted (the tombstone's sealed time), as edits are.
            let deleted_at = table_of(&key)
                .map(|(_, id)| self.vault.tombstones().get(id))
                .transpose()?
                .flatten()
                .map_or(now, |t| t.deleted_at.timestamp_millis().min(now));
            let hlc = st.stamp(deleted_at);
            let vv = st.bump(&st.records[&key].vv);
            let c = st.records.get_mut(&key).expect("listed");
            c.row = 0;
            c.vv = vv;
            c.hlc = hlc;
            c.pending = true;
        }
        Ok(())
    }

    /// Writes what changed here as one change file (or everything as a snapshot); returns
    /// how many records it holds.
    fn export(
        &self,
        w: &Write<'_>,
        dir: &Folder,
        key: &SyncKey,
        st: &mut SyncState,
        now: i64,
        snapshot: bool,
    ) -> Result<u32> {
        let snapshot = snapshot || st.files_since_snapshot >= SNAPSHOT_EVERY;
        let mut keys: Vec<String> = st
            .records
            .iter()
            .filter(|(_, c)| snapshot || c.pending)
            .map(|(k, _)| k.clone())
            .collect();
        if keys.is_empty() {
            return Ok(0);
        }
        keys.sort();
        let reader = Applier {
            vault: self.vault,
            w,
            folder: dir,
            key,
            now_ms: now,
            bases: BaseCache::default(),
            report: SyncReport::default(),
        };
        let mut changes = Vec::with_capacity(keys.len());
        let mut sent = 0;
        for k in &keys {
            let clock = &st.records[k];
            let Some(body) = reader.body_of(k)? else {
                continue;
            };
            sent += u32::from(clock.pending);
            let other = (st.conflicts.get(k))
                .and_then(|c| crate::codec::decode::<Body>(&c.other))
                .map(Box::new);
            changes.push(Change {
                key: k.clone(),
                vv: clock.vv.clone(),
                hlc: clock.hlc.clone(),
                body,
                other,
            });
        }
        let seq = (dir.files(&st.device).iter().map(|f| f.seq + 1))
            .max()
            .unwrap_or(1)
            .max(st.next_seq);
        let name = FileName { seq, snapshot };
        let batch = Batch {
            written: st.stamp(now),
            changes,
        };
        dir.write_batch(key, &st.device, name, &batch)?;
        st.next_seq = seq + 1;
        let here = FileRef {
            device: st.device.clone(),
            seq,
            snapshot,
        };
        for k in &keys {
            if let Some(c) = st.records.get_mut(k) {
                c.pending = false;
                // A record made here: the others' copies start from this file, so it is the
                // base of a later merge (an older base stays: it is still common to all).
                c.base.get_or_insert_with(|| here.clone());
            }
        }
        if snapshot {
            st.files_since_snapshot = 0;
            dir.remove_before(&st.device, seq);
        } else {
            st.files_since_snapshot += 1;
        }
        Ok(sent)
    }

    /// Where syncing stands.
    pub fn status(&self) -> Result<SyncStatus> {
        let st = self.load()?;
        let dir = Folder::open(Path::new(&st.folder));
        let key = self.vault.sync_key();
        let (devices, needs_passphrase) = match &dir {
            Ok(dir) => {
                let rings = dir.keyrings()?;
                let needs = rings
                    .iter()
                    .any(|r| r.ring.generation > st.generation && r.ring.epoch != key.epoch());
                let mut devices: Vec<DeviceInfo> = dir
                    .devices()?
                    .into_iter()
                    .map(|id| DeviceInfo {
                        this: id == st.device,
                        last_seen: if id == st.device {
                            st.last_sync_ms.map(stamp_of)
                        } else {
                            st.devices.get(&id).map(|d| stamp_of(d.last_ms))
                        },
                        bytes: dir.size_of(&id),
                        id,
                    })
                    .collect();
                // This computer first.
                devices.sort_by_key(|d| !d.this);
                (devices, needs)
            }
            Err(_) => (Vec::new(), false),
        };
        let pending = self.pending_count(&st)?;
        Ok(SyncStatus {
            folder: st.folder.clone(),
            device: st.device.clone(),
            devices,
            last_sync: st.last_sync_ms.map(stamp_of),
            pending,
            conflicts: self.conflicts_of(&st)?,
            needs_passphrase,
        })
    }

    /// Records changed here since the last round (an index scan; nothing decrypted).
    fn pending_count(&self, st: &SyncState) -> Result<u32> {
        let mut n = 0u32;
        for row in self.vault.record_versions()? {
            if let Some(key) = key_of(row.table, &row.id) {
                if st.records.get(&key).is_none_or(|c| c.row != row.version) {
                    n += 1;
                }
            }
        }
        Ok(n + st.records.values().filter(|c| c.pending).count() as u32)
    }

    /// The records waiting for a choice.
    pub fn conflicts(&self) -> Result<Vec<ConflictInfo>> {
        self.conflicts_of(&self.load()?)
    }

    fn conflicts_of(&self, st: &SyncState) -> Result<Vec<ConflictInfo>> {
        let mut out = Vec::new();
        for (key, c) in &st.conflicts {
            let Some(other) = crate::codec::decode::<Body>(&c.other) else {
                continue;
            };
            let (kind, id) = table_of(key).map_or(("record", key.as_str()), |(t, id)| {
                let kind = match t {
                    crate::records::RecordTable::Entries => "entry",
                    crate::records::RecordTable::Reflections => "reflection",
                    crate::records::RecordTable::Relationships => "relationship",
                    _ => "setting",
                };
                (kind, id)
            });
            let title = match kind {
                "entry" => self
                    .vault
                    .entries()
                    .get(id)
                    .map(|e| e.title)
                    .unwrap_or_default(),
                "reflection" => (self.vault.reflections().list()?.into_iter())
                    .find(|r| r.id == id)
                    .map(|r| r.week.to_string())
                    .unwrap_or_default(),
                _ => String::new(),
            };
            let (other_title, other_text) = match &other {
                Body::Entry(e) => (e.title.clone(), e.body.clone()),
                Body::Reflection(r) => (r.week.to_string(), reflection_text(&r.answers)),
                _ => (String::new(), String::new()),
            };
            out.push(ConflictInfo {
                kind: kind.to_string(),
                id: id.to_string(),
                title,
                other_text,
                other_title,
                other_at: stamp_of(c.other_ms),
            });
        }
        Ok(out)
    }

    /// Settles a record edited on two computers: keep the version in the journal, or put
    /// the other computer's version in its place. Either way the choice travels, so the
    /// other computers stop asking too.
    pub fn resolve(&self, id: &str, keep: Keep) -> Result<String> {
        let mut st = self.load()?;
        let key = (st.conflicts.keys())
            .find(|k| {
                table_of(k).is_some_and(|(_, i)| i == id || (id.len() >= 4 && i.starts_with(id)))
            })
            .cloned()
            .ok_or_else(|| Error::NotFound {
                kind: "edit on two computers",
                id: id.to_string(),
            })?;
        let conflict = st.conflicts.remove(&key).expect("found");
        let w = self.vault.begin()?;
        let dir = Folder::open(Path::new(&st.folder))?;
        let sync_key = self.vault.sync_key();
        let mut writer = Applier {
            vault: self.vault,
            w: &w,
            folder: &dir,
            key: &sync_key,
            now_ms: ms_now(),
            bases: BaseCache::default(),
            report: SyncReport::default(),
        };
        let row = match keep {
            Keep::This => None,
            Keep::Other => {
                let other = crate::codec::decode::<Body>(&conflict.other).ok_or_else(|| {
                    Error::Tampered {
                        what: "this computer's sync state".into(),
                    }
                })?;
                Some(writer.write_body(&key, &other)?)
            }
        };
        let now = ms_now();
        let hlc = st.stamp(now);
        let clock = st.records.get(&key).cloned().unwrap_or_default();
        let vv = st.bump(&clock.vv);
        st.records.insert(
            key.clone(),
            Clock {
                row: row.unwrap_or(clock.row),
                vv,
                hlc,
                base: clock.base,
                pending: true,
            },
        );
        self.save(&w, &st)?;
        w.commit()?;
        Ok(table_of(&key)
            .map(|(_, id)| id.to_string())
            .unwrap_or_default())
    }

    /// Keeps `other` (an entry a round wrote while the leader was typing over an older
    /// version, which the leader's save then replaced) as the choice of that entry.
    pub fn keep_as_choice(&self, other: crate::model::entry::Entry) -> Result<()> {
        let mut st = self.load()?;
        let now = ms_now();
        st.conflicts.insert(
            format!("e/{}", other.id),
            state::Conflict {
                other_ms: other.updated_at.timestamp_millis(),
                other: crate::codec::encode(&Body::Entry(Box::new(other))).to_vec(),
                found_ms: now,
            },
        );
        let w = self.vault.begin()?;
        self.save(&w, &st)?;
        w.commit()
    }

    /// Stops syncing on this computer: its state is forgotten; its files stay in the folder
    /// (the other computers keep what they read).
    pub fn stop(&self) -> Result<()> {
        self.load()?;
        self.vault.forget_sync_state()
    }
}

/// A reflection's written answers, one paragraph each, for the choice between two versions.
fn reflection_text(a: &crate::model::reflection::Answers) -> String {
    [
        a.strength_note.as_str(),
        a.lost_trust.as_str(),
        a.reinforce_trust.as_str(),
        a.exercise.feedback_request.as_str(),
        a.exercise.step.as_str(),
        a.follow_up.what_happened.as_str(),
        a.follow_up.their_feedback.as_str(),
    ]
    .into_iter()
    .filter(|t| !t.trim().is_empty())
    .collect::<Vec<_>>()
    .join("\n\n")
}

/// What reading the folder found.
struct Incoming {
    batches: Vec<(FileRef, Batch)>,
    waiting: u32,
    newer_build: bool,
}

/// Reads every other device's files this device has not applied yet, in order: from the
/// next sequence number on, jumping to a device's latest snapshot when a file is missing
/// (removed after that snapshot), unreadable under this key, or when nothing was read yet.
fn read_incoming(dir: &Folder, key: &SyncKey, st: &mut SyncState) -> Incoming {
    let mut out = Incoming {
        batches: Vec::new(),
        waiting: 0,
        newer_build: false,
    };
    let devices = dir.devices().unwrap_or_default();
    for device in devices.into_iter().filter(|d| *d != st.device) {
        let files = dir.files(&device);
        let mut seen = st.devices.get(&device).map_or(0, |d| d.seq);
        let latest_snapshot = |after: u64| {
            files
                .iter()
                .filter(|f| f.snapshot && f.seq > after)
                .max()
                .copied()
        };
        let mut next: Option<FileName> = if seen == 0 {
            latest_snapshot(0).or_else(|| files.iter().find(|f| f.seq == 1).copied())
        } else {
            files.iter().find(|f| f.seq == seen + 1).copied()
        };
        let mut jumped = false;
        loop {
            let name = match next {
                Some(n) => n,
                None => match latest_snapshot(seen) {
                    Some(s) if !jumped => {
                        jumped = true;
                        s
                    }
                    _ => break,
                },
            };
            match dir.read_batch(key, &device, name) {
                Opened::Batch(batch) => {
                    seen = name.seq;
                    let entry = st.devices.entry(device.clone()).or_default();
                    entry.seq = seen;
                    entry.last_ms = entry.last_ms.max(batch.written.ms);
                    out.batches.push((
                        FileRef {
                            device: device.clone(),
                            seq: name.seq,
                            snapshot: name.snapshot,
                        },
                        batch,
                    ));
                    jumped = false;
                    next = files.iter().find(|f| f.seq == seen + 1).copied();
                }
                Opened::Newer => {
                    out.newer_build = true;
                    break;
                }
                Opened::OtherKey | Opened::NotReady => {
                    if jumped || latest_snapshot(name.seq).is_none() {
                        out.waiting += 1;
                        break;
                    }
                    next = None;
                }
            }
        }
    }
    out
}

/// Every change read this round, in the order they can be written: relationships (from
/// every device) before the entries and reflections that name them, deletions last; within
/// a kind, as read.
fn ordered(batches: Vec<(FileRef, Batch)>) -> Vec<(FileRef, Change)> {
    let mut all: Vec<(FileRef, Change)> = batches
        .into_iter()
        .flat_map(|(at, batch)| batch.changes.into_iter().map(move |c| (at.clone(), c)))
        .collect();
    all.sort_by_key(|(_, c)| match (&c.body, c.key.as_bytes().first()) {
        (Body::Deleted(_), _) => 4,
        (_, Some(b'r')) => 0,
        (_, Some(b'e')) => 1,
        (_, Some(b'f')) => 2,
        _ => 3,
    });
    all
}

fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn identity_aad(device: &str, generation: u64) -> RecordAad<'_> {
    RecordAad {
        table: "sync-identity",
        id: device,
        version: i64::try_from(generation).unwrap_or(i64::MAX),
        meta: b"",
    }
}

/// What opens a key ring.
#[derive(Clone, Copy)]
enum Opener<'a> {
    Passphrase(&'a SecretString),
    Recovery(&'a crate::keyslot::RecoveryKey),
}

/// The newest key ring in `dir` opened with `passphrase`: the data key, its slots and the
/// backups' identity, its MAC and epoch checked.
fn open_newest_ring(
    dir: &Folder,
    passphrase: &SecretString,
) -> Result<(DataKey, [KeySlot; 2], Option<BackupIdentity>, u64)> {
    open_ring_with(dir, Opener::Passphrase(passphrase))
}

fn open_ring_with(
    dir: &Folder,
    opener: Opener<'_>,
) -> Result<(DataKey, [KeySlot; 2], Option<BackupIdentity>, u64)> {
    let mut rings = dir.keyrings()?;
    rings.sort_by_key(|r| std::cmp::Reverse(r.ring.generation));
    let Some(RingFile {
        ring, covered, tag, ..
    }) = rings.into_iter().next()
    else {
        return Err(Error::SyncFolder {
            path: dir.path().to_path_buf(),
            why: "no journal syncs into this folder yet: start with `steward sync setup` on \
                  the computer that has it (and let the sync tool deliver the folder)"
                .into(),
        });
    };
    let tampered = || Error::Tampered {
        what: "the sync folder's key ring".into(),
    };
    let pass = KeySlot::decode(&ring.passphrase, SlotKind::Passphrase)?;
    let rec = KeySlot::decode(&ring.recovery, SlotKind::Recovery)?;
    let dek = match opener {
        Opener::Passphrase(p) => pass.unlock_with_passphrase(p)?,
        Opener::Recovery(r) => rec.unlock_with_recovery(r)?,
    };
    let key = dek.sync_key();
    if !key.verify(&covered, &tag) || key.epoch().as_slice() != ring.epoch.as_slice() {
        return Err(tampered());
    }
    let identity = match &ring.identity {
        Some(sealed) => {
            let plain = key
                .open(identity_aad(&ring.identity_device, ring.generation), sealed)
                .map_err(|_| tampered())?;
            let bytes: [u8; crate::crypto::KEY_LEN] =
                plain.as_slice().try_into().map_err(|_| tampered())?;
            Some(BackupIdentity::from_secret(zeroize::Zeroizing::new(bytes)))
        }
        None => None,
    };
    Ok((dek, [pass, rec], identity, ring.generation))
}

/// Takes the journal that syncs into `folder` onto this computer: a new journal at `into`
/// holding the same data key (so the same passphrase and recovery key open it), filled by
/// a first round. If anything fails, the new file is removed.
pub fn join(folder: &Path, into: &Path, passphrase: &SecretString) -> Result<(Vault, SyncReport)> {
    let dir = Folder::open(folder)?;
    let (dek, [pass, rec], identity, generation) = open_newest_ring(&dir, passphrase)?;
    join_with_key(&dir, folder, into, dek, [pass, rec], identity, generation)
}

/// [`join`] with the recovery key instead of the passphrase (forgotten, or never known on
/// this computer): the new journal gets `new_passphrase` (a passphrase slot of its own) and
/// keeps the recovery key; the backups' identity comes from the recovery key.
pub fn join_with_recovery(
    folder: &Path,
    into: &Path,
    recovery: &crate::keyslot::RecoveryKey,
    new_passphrase: &SecretString,
    params: crate::keyslot::KdfParams,
) -> Result<(Vault, SyncReport)> {
    crate::keyslot::check_new_passphrase(new_passphrase)?;
    let dir = Folder::open(folder)?;
    let (dek, [_, rec], _, generation) = open_ring_with(&dir, Opener::Recovery(recovery))?;
    let pass = KeySlot::for_passphrase(&dek, new_passphrase, params)?;
    let identity = BackupIdentity::from_recovery_key(recovery);
    join_with_key(
        &dir,
        folder,
        into,
        dek,
        [pass, rec],
        Some(identity),
        generation,
    )
}

/// A new journal at `into` holding `dek` under `slots`, filled by a first round.
fn join_with_key(
    dir: &Folder,
    folder: &Path,
    into: &Path,
    dek: DataKey,
    [pass, rec]: [KeySlot; 2],
    identity: Option<BackupIdentity>,
    generation: u64,
) -> Result<(Vault, SyncReport)> {
    let key = dek.sync_key();
    let vault = Vault::create_from_key(
        into,
        dek,
        [&pass, &rec],
        identity.as_ref(),
        crate::store::SCHEMA_VERSION,
    )?;
    let filled = (|| {
        let st = SyncState {
            device: new_device_id()?,
            folder: absolute(folder).to_string_lossy().to_string(),
            generation,
            next_seq: 1,
            epoch: key.epoch().to_vec(),
            ..SyncState::default()
        };
        let sync = vault.sync();
        sync.write_keyring(dir, &key, &st)?;
        let w = vault.begin()?;
        sync.save(&w, &st)?;
        w.commit()?;
        sync.round(true)
    })();
    match filled {
        Ok(report) => Ok((vault, report)),
        Err(e) => {
            let path = vault.path().to_path_buf();
            drop(vault);
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            Err(e)
        }
    }
}

/// After a passphrase change on another computer: opens the folder's newest key ring with
/// the new `passphrase`, re-seals this journal under that data key (from now on it opens
/// with the new passphrase only), and syncs, writing a snapshot under the new key.
pub fn adopt_new_key(vault: &mut Vault, passphrase: &SecretString) -> Result<SyncReport> {
    let mut st = vault.sync().load()?;
    let dir = Folder::open(Path::new(&st.folder))?;
    let (dek, [pass, rec], identity, generation) = open_newest_ring(&dir, passphrase)?;
    let key = dek.sync_key();
    if key.epoch() == vault.sync_key().epoch() {
        return vault.sync().now();
    }
    vault.adopt_key(dek, [&pass, &rec], identity.as_ref())?;
    st.generation = generation;
    st.epoch = key.epoch().to_vec();
    let sync = vault.sync();
    sync.write_keyring(&dir, &key, &st)?;
    let w = vault.begin()?;
    sync.save(&w, &st)?;
    w.commit()?;
    sync.round(true)
}
