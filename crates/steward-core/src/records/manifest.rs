//! The sealed manifest: which records the journal holds, so a row deleted in SQL or brought
//! back from an old copy is reported as tampering when the journal unlocks.
//!
//! Each record (table, id, version) maps to HMAC-SHA256 under a subkey of the data key; the
//! manifest keeps the XOR of those values over every record, the count per table and a
//! counter that grows with every write transaction. It is one settings row (`manifest`),
//! sealed like every setting, and every write transaction updates it by what it changed
//! ([`Delta`]), so a save costs two HMACs, not a pass over the journal. At unlock the set
//! is recomputed from the rows' ids and versions (an index, no decryption) and compared.
//!
//! A journal without a manifest was written by a build before 0.3: the unlock upgrades it
//! (every record re-sealed in format 2, then the manifest written) in one transaction.
//! Whole-file rollback — the vault replaced by an older copy of itself, manifest and all —
//! is out of scope (docs/SECURITY.md): nothing outside the file remembers the counter.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::crypto::KEY_LEN;
use crate::error::{Error, Result};

/// The settings row that holds the manifest (a name the app never uses for a setting).
pub(crate) const MANIFEST_KEY: &str = "manifest";

/// The tables the manifest covers, in [`super::table::Table::SLOT`] order.
pub(crate) const TABLES: [&str; 5] = [
    "entries",
    "relationships",
    "reflections",
    "settings",
    "tombstones",
];

/// The manifest as sealed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Manifest {
    /// Write transactions since the manifest was made.
    pub counter: u64,
    /// Records per table, in [`TABLES`] order. A manifest sealed before schema 4 lists the
    /// first four tables only: read as none in `tombstones`, which did not exist then.
    #[serde(deserialize_with = "counts_of_any_schema")]
    pub counts: [u64; 5],
    /// XOR of every record's HMAC.
    pub mac: [u8; 32],
}

impl Manifest {
    /// Applies what one write transaction changed.
    pub(crate) fn apply(&mut self, delta: &Delta) -> Result<()> {
        xor(&mut self.mac, &delta.mac);
        for (count, change) in self.counts.iter_mut().zip(delta.counts) {
            *count = count
                .checked_add_signed(change)
                .ok_or_else(|| Error::Tampered {
                    what: "the journal's record list (its counts)".into(),
                })?;
        }
        self.counter = self.counter.saturating_add(1);
        Ok(())
    }
}

/// The counts of a manifest as sealed: four (schemas 1–3) or five.
fn counts_of_any_schema<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<[u64; 5], D::Error> {
    let listed = Vec::<u64>::deserialize(d)?;
    if !(4..=5).contains(&listed.len()) {
        return Err(serde::de::Error::invalid_length(
            listed.len(),
            &"the counts of four or five tables",
        ));
    }
    let mut counts = [0; 5];
    counts[..listed.len()].copy_from_slice(&listed);
    Ok(counts)
}

fn xor(into: &mut [u8; 32], other: &[u8; 32]) {
    for (a, b) in into.iter_mut().zip(other) {
        *a ^= b;
    }
}

/// The manifest's HMAC subkey, boxed and wiped on drop. A ring HMAC key is made from it for
/// each use and dropped at once.
pub(crate) struct ManifestKey(Box<Zeroizing<[u8; KEY_LEN]>>);

impl std::fmt::Debug for ManifestKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ManifestKey([redacted])")
    }
}

impl ManifestKey {
    /// From the subkey bytes (derived from the data key by the caller).
    pub(crate) fn new(bytes: Zeroizing<[u8; KEY_LEN]>) -> Self {
        let mut boxed = Box::new(Zeroizing::new([0u8; KEY_LEN]));
        boxed.copy_from_slice(bytes.as_ref());
        ManifestKey(boxed)
    }

    /// A MAC-er over this key, for many records at once.
    pub(crate) fn hasher(&self) -> RecordHasher {
        RecordHasher(ring::hmac::Key::new(
            ring::hmac::HMAC_SHA256,
            self.0.as_ref().as_ref(),
        ))
    }
}

/// HMACs of records under the manifest key.
pub(crate) struct RecordHasher(ring::hmac::Key);

impl RecordHasher {
    /// The value of one record: HMAC(key, table ‖ 0 ‖ id ‖ 0 ‖ version BE).
    pub(crate) fn record(&self, table: &str, id: &str, version: i64) -> [u8; 32] {
        let mut ctx = ring::hmac::Context::with_key(&self.0);
        ctx.update(table.as_bytes());
        ctx.update(b"\0");
        ctx.update(id.as_bytes());
        ctx.update(b"\0");
        ctx.update(&version.to_be_bytes());
        let mut out = [0u8; 32];
        out.copy_from_slice(ctx.sign().as_ref());
        out
    }
}

/// What a write transaction changed in the set of records.
#[derive(Debug, Default, Clone)]
pub(crate) struct Delta {
    pub mac: [u8; 32],
    pub counts: [i64; 5],
    pub touched: bool,
}

impl Delta {
    /// Record (`table` at `slot`, `id`, `version`) came (`+1`) or went (`-1`).
    pub(crate) fn note(
        &mut self,
        hasher: &RecordHasher,
        slot: usize,
        id: &str,
        version: i64,
        change: i64,
    ) {
        xor(&mut self.mac, &hasher.record(TABLES[slot], id, version));
        self.counts[slot] += change;
        self.touched = true;
    }
}

/// The manifest of exactly the records (slot, id, version) given, hashed on every core
/// (10,000 records are 10,000 HMACs: the one part of the unlock check that costs).
pub(crate) fn of_records(hasher: &RecordHasher, records: &[(usize, String, i64)]) -> Manifest {
    let part = |chunk: &[(usize, String, i64)]| {
        let mut m = Manifest::default();
        for (slot, id, version) in chunk {
            xor(&mut m.mac, &hasher.record(TABLES[*slot], id, *version));
            m.counts[*slot] += 1;
        }
        m
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    if workers < 2 || records.len() < 2048 {
        return part(records);
    }
    let chunk = records.len().div_ceil(workers);
    let parts: Vec<Manifest> = std::thread::scope(|scope| {
        let handles: Vec<_> = records
            .chunks(chunk)
            .map(|c| scope.spawn(move || part(c)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a manifest worker panicked"))
            .collect()
    });
    let mut all = Manifest::default();
    for p in parts {
        xor(&mut all.mac, &p.mac);
        for (a, b) in all.counts.iter_mut().zip(p.counts) {
            *a += b;
        }
    }
    all
}

/// A backup's MAC over the records it holds, (slot, id, version) each, under `key` (the
/// automatic backups' MAC key): the same construction as the manifest's, so a drill can
/// check that a backup holds exactly the records the journal held when it was written.
pub(crate) fn record_set_mac(
    key: Zeroizing<[u8; KEY_LEN]>,
    records: &[(usize, String, i64)],
) -> [u8; 32] {
    of_records(&ManifestKey::new(key).hasher(), records).mac
}
