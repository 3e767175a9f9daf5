//! The sync folder on disk: one sub-folder per device (named by its random id), in which
//! only that device writes — its key ring (`keys`), its append-only change files
//! (`<seq>.change`) and its snapshots (`<seq>.snapshot`), each written under a temporary
//! name, synced and renamed, so a reader never sees half of one of this device's files
//! (and treats a half-delivered file of a sync tool as not there yet).
//!
//! A change file or snapshot is
//!
//! ```text
//! "STEWARD-SYNC" | format (1) | kind ('c' or 's') | epoch (16) | seq (u64 BE) | sealed
//! ```
//!
//! where `sealed` is the record envelope of `crate::crypto` under the sync subkey, its AAD
//! binding the header and the writing device's id: a file copied into another device's
//! folder, renamed to another sequence number, or written under another key does not open.
//! Nothing in the folder is plaintext but the header above, the key ring's wrapped slots,
//! and the names (random device ids and sequence numbers); docs/SECURITY.md lists what a
//! reader of the folder learns. No SQL here.

use std::io::{Read, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::crypto::{RecordAad, SyncKey, EPOCH_LEN};
use crate::error::{Error, Result};

use super::merge::Change;
use super::state::Hlc;

const MAGIC: &[u8; 12] = b"STEWARD-SYNC";
const KEYS_MAGIC: &[u8; 12] = b"STEWARD-KEYS";
/// The folder format this build writes and reads.
pub const FORMAT: u8 = 1;
const HEADER_LEN: usize = 12 + 1 + 1 + EPOCH_LEN + 8;
/// A file larger than this is not one a device wrote (a hostile or broken folder).
const MAX_FILE: u64 = 512 << 20;
/// A key ring is a few hundred bytes.
const MAX_KEYS: u64 = 64 << 10;
const KEYS_FILE: &str = "keys";

/// A change file or snapshot, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileName {
    /// Its sequence number among its device's files.
    pub seq: u64,
    /// A snapshot (every record) rather than the changes of one round.
    pub snapshot: bool,
}

impl FileName {
    fn name(self) -> String {
        format!(
            "{:016x}.{}",
            self.seq,
            if self.snapshot { "snapshot" } else { "change" }
        )
    }

    fn parse(name: &str) -> Option<FileName> {
        let (seq, ext) = name.split_once('.')?;
        let snapshot = match ext {
            "change" => false,
            "snapshot" => true,
            _ => return None,
        };
        if seq.len() != 16 {
            return None;
        }
        Some(FileName {
            seq: u64::from_str_radix(seq, 16).ok()?,
            snapshot,
        })
    }
}

/// What a change file or snapshot holds once opened.
#[derive(Debug, Serialize, Deserialize)]
pub struct Batch {
    /// When the device wrote it.
    pub written: Hlc,
    /// The records.
    pub changes: Vec<Change>,
}

/// Reading one file.
#[derive(Debug)]
pub enum Opened {
    /// It opened.
    Batch(Batch),
    /// It was written under another data key (the passphrase was changed somewhere).
    OtherKey,
    /// Not there, cut short or not (yet) authentic: a sync tool still delivering it.
    NotReady,
    /// Written by a newer build.
    Newer,
}

/// A device's key ring: the journal's key slots as they travel, so another computer joins
/// with the passphrase (or the recovery key) and sees a passphrase change.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Keyring {
    /// +1 at every passphrase change: the highest generation is the journal's current key.
    pub generation: u64,
    /// The data key's public name (checked after unwrapping).
    pub epoch: Vec<u8>,
    /// The passphrase slot, as stored in the journal.
    pub passphrase: Vec<u8>,
    /// The recovery slot.
    pub recovery: Vec<u8>,
    /// The automatic backups' identity secret, sealed under the sync key, when known.
    pub identity: Option<Vec<u8>>,
    /// The device whose id the identity's seal is bound to (it travels with copies).
    pub identity_device: String,
}

/// A key ring as read from the folder, its MAC not checked yet.
#[derive(Debug)]
pub struct RingFile {
    /// What it says.
    pub ring: Keyring,
    /// The bytes its MAC covers.
    pub covered: Vec<u8>,
    /// The MAC.
    pub tag: Vec<u8>,
}

/// The sync folder.
#[derive(Debug, Clone)]
pub struct Folder {
    root: PathBuf,
}

/// Whether `name` is a device id (16 lower-case hex digits).
pub fn is_device_id(name: &str) -> bool {
    name.len() == 16
        && name
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn io(context: String) -> impl FnOnce(std::io::Error) -> Error {
    move |e| Error::io(context, e)
}

impl Folder {
    /// The folder at `root` (which must exist).
    pub fn open(root: &Path) -> Result<Folder> {
        if !root.is_dir() {
            return Err(Error::SyncFolder {
                path: root.to_path_buf(),
                why: "there is no folder there (is the sync tool's folder mounted?)".into(),
            });
        }
        Ok(Folder {
            root: root.to_path_buf(),
        })
    }

    /// The folder's path.
    pub fn path(&self) -> &Path {
        &self.root
    }

    fn device_dir(&self, device: &str) -> PathBuf {
        self.root.join(device)
    }

    /// The devices that have written here.
    pub fn devices(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let dir = std::fs::read_dir(&self.root).map_err(io(format!(
            "reading the sync folder {}",
            self.root.display()
        )))?;
        for entry in dir.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if is_device_id(&name) && entry.path().is_dir() {
                out.push(name);
            }
        }
        out.sort();
        Ok(out)
    }

    /// A device's change files and snapshots, in sequence order.
    pub fn files(&self, device: &str) -> Vec<FileName> {
        let mut out: Vec<FileName> = std::fs::read_dir(self.device_dir(device))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| FileName::parse(&e.file_name().to_string_lossy()))
            .collect();
        out.sort();
        out
    }

    /// The total size of a device's files (for the status).
    pub fn size_of(&self, device: &str) -> u64 {
        std::fs::read_dir(self.device_dir(device))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .sum()
    }

    /// Writes `bytes` as `name` in `device`'s folder: a temporary name, synced, renamed.
    fn write_atomic(&self, device: &str, name: &str, bytes: &[u8]) -> Result<()> {
        let dir = self.device_dir(device);
        std::fs::create_dir_all(&dir).map_err(io(format!("creating {}", dir.display())))?;
        let mut suffix = [0u8; 6];
        crate::crypto::random_fill(&mut suffix)?;
        let tmp = dir.join(format!(
            ".{name}.{}.tmp",
            data_encoding::HEXLOWER.encode(&suffix)
        ));
        let written = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            std::fs::rename(&tmp, dir.join(name))
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(Error::io(
                format!("writing {}", dir.join(name).display()),
                e,
            ));
        }
        crate::records::sync_dir(&dir);
        Ok(())
    }

    /// Writes a change file or snapshot of `device`.
    pub fn write_batch(
        &self,
        key: &SyncKey,
        device: &str,
        name: FileName,
        batch: &Batch,
    ) -> Result<()> {
        let header = header(key.epoch(), name);
        let plain = crate::codec::encode(batch);
        let sealed = key.seal(aad(device, name, &header), &plain)?;
        let mut bytes = header.to_vec();
        bytes.extend_from_slice(&sealed);
        self.write_atomic(device, &name.name(), &bytes)
    }

    /// Reads one of `device`'s files.
    pub fn read_batch(&self, key: &SyncKey, device: &str, name: FileName) -> Opened {
        let path = self.device_dir(device).join(name.name());
        let Ok(bytes) = read_capped(&path, MAX_FILE) else {
            return Opened::NotReady;
        };
        if bytes.len() < HEADER_LEN || &bytes[..12] != MAGIC {
            return Opened::NotReady;
        }
        if bytes[12] > FORMAT {
            return Opened::Newer;
        }
        let expected = header(key.epoch(), name);
        if bytes[14..14 + EPOCH_LEN] != expected[14..14 + EPOCH_LEN] {
            return Opened::OtherKey;
        }
        if bytes[..HEADER_LEN] != expected[..] {
            // Renamed, or its kind byte changed: not this file.
            return Opened::NotReady;
        }
        let Ok(plain) = key.open(aad(device, name, &expected), &bytes[HEADER_LEN..]) else {
            return Opened::NotReady;
        };
        match crate::codec::decode::<Batch>(&plain) {
            Some(batch) => Opened::Batch(batch),
            // Authentic but not readable by this build.
            None => Opened::Newer,
        }
    }

    /// Removes `device`'s files older than `seq` (after a snapshot at `seq`).
    pub fn remove_before(&self, device: &str, seq: u64) {
        for name in self.files(device) {
            if name.seq < seq {
                let _ = std::fs::remove_file(self.device_dir(device).join(name.name()));
            }
        }
    }

    /// Writes `device`'s key ring, its MAC under `key`.
    pub fn write_keyring(&self, key: &SyncKey, device: &str, ring: &Keyring) -> Result<()> {
        let body = rmp_serde::to_vec_named(ring).expect("in-memory encoding cannot fail");
        let mut bytes = KEYS_MAGIC.to_vec();
        bytes.push(FORMAT);
        bytes.extend_from_slice(&(body.len() as u32).to_be_bytes());
        bytes.extend_from_slice(&body);
        let tag = key.mac(&bytes);
        bytes.extend_from_slice(&tag);
        self.write_atomic(device, KEYS_FILE, &bytes)
    }

    /// Every device's key ring that parses, with the bytes its MAC covers and the MAC
    /// (checked by the caller once it holds the key).
    pub fn keyrings(&self) -> Result<Vec<RingFile>> {
        let mut out = Vec::new();
        for device in self.devices()? {
            let Ok(bytes) = read_capped(&self.device_dir(&device).join(KEYS_FILE), MAX_KEYS) else {
                continue;
            };
            if let Some((ring, covered, tag)) = parse_keyring(&bytes) {
                out.push(RingFile { ring, covered, tag });
            }
        }
        Ok(out)
    }
}

fn parse_keyring(bytes: &[u8]) -> Option<(Keyring, Vec<u8>, Vec<u8>)> {
    if bytes.len() < 17 || &bytes[..12] != KEYS_MAGIC || bytes[12] != FORMAT {
        return None;
    }
    let len = u32::from_be_bytes(bytes[13..17].try_into().ok()?) as usize;
    let end = 17usize.checked_add(len)?;
    if bytes.len() != end + 32 {
        return None;
    }
    let ring: Keyring = rmp_serde::from_slice(&bytes[17..end]).ok()?;
    Some((ring, bytes[..end].to_vec(), bytes[end..].to_vec()))
}

fn header(epoch: [u8; EPOCH_LEN], name: FileName) -> [u8; HEADER_LEN] {
    let mut h = [0u8; HEADER_LEN];
    h[..12].copy_from_slice(MAGIC);
    h[12] = FORMAT;
    h[13] = if name.snapshot { b's' } else { b'c' };
    h[14..14 + EPOCH_LEN].copy_from_slice(&epoch);
    h[14 + EPOCH_LEN..].copy_from_slice(&name.seq.to_be_bytes());
    h
}

fn aad<'a>(device: &'a str, name: FileName, header: &'a [u8]) -> RecordAad<'a> {
    RecordAad {
        table: "sync",
        id: device,
        version: i64::try_from(name.seq).unwrap_or(i64::MAX),
        meta: header,
    }
}

/// Reads a file of at most `cap` bytes (a larger one is refused unread).
fn read_capped(path: &Path, cap: u64) -> std::io::Result<Vec<u8>> {
    let f = std::fs::File::open(path)?;
    if f.metadata()?.len() > cap {
        return Err(std::io::Error::other("too large"));
    }
    let mut out = Vec::new();
    f.take(cap + 1).read_to_end(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_round_trip_and_strangers_are_ignored() {
        for name in [
            FileName {
                seq: 7,
                snapshot: false,
            },
            FileName {
                seq: u64::MAX,
                snapshot: true,
            },
        ] {
            assert_eq!(FileName::parse(&name.name()), Some(name));
        }
        for odd in [
            "0000000000000007.change.tmp",
            ".0000000000000007.change.ab12.tmp",
            "7.change",
            "0000000000000007 (conflicted copy).change",
            "keys",
        ] {
            assert_eq!(FileName::parse(odd), None, "{odd}");
        }
        assert!(is_device_id("0123456789abcdef"));
        assert!(!is_device_id(".stfolder"));
    }
}
