//! What a device remembers of syncing (sealed in its journal as one internal row): its own
//! id, how far it has read each other device's files, and each record's clock — a version
//! vector (edits seen, per device) with a hybrid logical clock stamp — plus the choices that
//! wait for the leader. Pure data and rules: no SQL, no keys, no files.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

/// A hybrid logical clock stamp: wall-clock milliseconds, a counter for stamps within one
/// millisecond (or behind a clock that went backwards), and the device, so two stamps are
/// never equal and every device orders them alike.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct Hlc {
    /// Milliseconds since the Unix epoch (never behind any stamp this device has seen).
    pub ms: i64,
    /// Orders stamps of the same millisecond.
    pub n: u32,
    /// The device that made the stamp.
    pub device: String,
}

impl Hlc {
    /// The next stamp of `device` after `last`, at wall time `now_ms`.
    pub fn tick(last: &Hlc, now_ms: i64, device: &str) -> Hlc {
        if now_ms > last.ms {
            Hlc {
                ms: now_ms,
                n: 0,
                device: device.to_string(),
            }
        } else {
            Hlc {
                ms: last.ms,
                n: last.n.saturating_add(1),
                device: device.to_string(),
            }
        }
    }
}

/// A version vector: how many edits of each device a version of a record has seen.
pub type Vv = BTreeMap<String, u64>;

/// How two versions of a record relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// The same edits.
    Same,
    /// The first has seen every edit of the second, and more.
    After,
    /// The second has seen every edit of the first, and more.
    Before,
    /// Each has edits the other has not seen: edited on two computers.
    Concurrent,
}

/// How version `a` relates to version `b`.
pub fn compare(a: &Vv, b: &Vv) -> Order {
    let (mut a_more, mut b_more) = (false, false);
    for device in a.keys().chain(b.keys()) {
        let (x, y) = (
            a.get(device).copied().unwrap_or(0),
            b.get(device).copied().unwrap_or(0),
        );
        a_more |= x > y;
        b_more |= y > x;
    }
    match (a_more, b_more) {
        (false, false) => Order::Same,
        (true, false) => Order::After,
        (false, true) => Order::Before,
        (true, true) => Order::Concurrent,
    }
}

/// Every edit either has seen.
pub fn join(a: &Vv, b: &Vv) -> Vv {
    let mut out = a.clone();
    for (device, n) in b {
        let slot = out.entry(device.clone()).or_insert(0);
        *slot = (*slot).max(*n);
    }
    out
}

/// Where a version of a record can be read again: a device's change file or snapshot (the
/// common base of a three-way merge).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRef {
    /// The device that wrote the file.
    pub device: String,
    /// Its sequence number.
    pub seq: u64,
    /// Whether it is a snapshot.
    pub snapshot: bool,
}

/// A record's clock on this device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Clock {
    /// The row's version when this clock was last brought up to date (the journal's own
    /// counter, which differs per device); 0 for a deleted record. A row at another
    /// version was edited here since.
    pub row: i64,
    /// Edits seen.
    pub vv: Vv,
    /// The stamp of the last edit.
    pub hlc: Hlc,
    /// Where the last version both sides had can be read (for a three-way merge).
    pub base: Option<FileRef>,
    /// Changed here since this device last wrote a change file.
    pub pending: bool,
}

/// Another device, as this one has seen it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DeviceSeen {
    /// The last sequence number of its files applied here.
    pub seq: u64,
    /// When its newest applied file was written (its stamp's milliseconds).
    pub last_ms: i64,
}

/// A record edited on two computers whose texts overlap: the version kept in the journal
/// is the later edit; the other waits here for the leader's choice.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Conflict {
    /// The other version (a record body, MessagePack).
    pub other: Vec<u8>,
    /// When the other version was edited (its stamp's milliseconds).
    pub other_ms: i64,
    /// When the two met here.
    pub found_ms: i64,
}

/// A device's whole sync state.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct SyncState {
    /// This device's id: 16 random hex digits, the name of its folder in the sync folder.
    pub device: String,
    /// The sync folder.
    pub folder: String,
    /// The next sequence number of this device's files.
    pub next_seq: u64,
    /// This device's change files since its last snapshot.
    pub files_since_snapshot: u32,
    /// The generation of the key ring this device holds (+1 at every passphrase change).
    pub generation: u64,
    /// The public name of the data key this device last synced under (a different one
    /// now means the passphrase was changed here).
    pub epoch: Vec<u8>,
    /// The last stamp made or seen here.
    pub hlc: Hlc,
    /// The other devices.
    pub devices: BTreeMap<String, DeviceSeen>,
    /// Each record's clock, by key (`e/<id>`, `r/<id>`, `f/<id>`, `s/<name>`).
    pub records: HashMap<String, Clock>,
    /// Records edited on two computers, waiting for a choice, by key.
    pub conflicts: BTreeMap<String, Conflict>,
    /// When this device last completed a sync round (milliseconds).
    pub last_sync_ms: Option<i64>,
}

impl SyncState {
    /// A new stamp for an edit made here at `now_ms`.
    pub fn stamp(&mut self, now_ms: i64) -> Hlc {
        self.hlc = Hlc::tick(&self.hlc, now_ms, &self.device);
        self.hlc.clone()
    }

    /// Takes in a stamp seen in another device's file, so later local stamps order after it.
    pub fn observe(&mut self, seen: &Hlc) {
        if (seen.ms, seen.n) > (self.hlc.ms, self.hlc.n) {
            self.hlc = Hlc {
                ms: seen.ms,
                n: seen.n,
                device: self.device.clone(),
            };
        }
    }

    /// Counts one more edit of this device into `vv`.
    pub fn bump(&self, vv: &Vv) -> Vv {
        let mut out = vv.clone();
        *out.entry(self.device.clone()).or_insert(0) += 1;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vv(pairs: &[(&str, u64)]) -> Vv {
        pairs.iter().map(|(d, n)| (d.to_string(), *n)).collect()
    }

    #[test]
    fn version_vectors_order_and_join() {
        let (a, b) = (vv(&[("a", 2), ("b", 1)]), vv(&[("a", 1), ("b", 1)]));
        assert_eq!(compare(&a, &b), Order::After);
        assert_eq!(compare(&b, &a), Order::Before);
        assert_eq!(compare(&a, &a), Order::Same);
        let c = vv(&[("a", 1), ("b", 2)]);
        assert_eq!(compare(&a, &c), Order::Concurrent);
        assert_eq!(join(&a, &c), vv(&[("a", 2), ("b", 2)]));
        assert_eq!(compare(&vv(&[]), &vv(&[("a", 0)])), Order::Same);
    }

    #[test]
    fn stamps_never_go_backwards() {
        let first = Hlc::tick(&Hlc::default(), 1_000, "a");
        let behind = Hlc::tick(&first, 900, "a");
        assert!(behind > first);
        assert_eq!((behind.ms, behind.n), (1_000, 1));
        let mut state = SyncState {
            device: "b".into(),
            ..SyncState::default()
        };
        state.observe(&Hlc {
            ms: 5_000,
            n: 3,
            device: "a".into(),
        });
        let next = state.stamp(4_000);
        assert_eq!((next.ms, next.n, next.device.as_str()), (5_000, 4, "b"));
    }
}
