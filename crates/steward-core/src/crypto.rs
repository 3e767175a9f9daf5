//! Keys and the sealed-record envelope.
//!
//! A vault has one random 256-bit data key (DEK). Nothing is encrypted with the DEK itself:
//! HKDF-SHA256 derives one subkey per purpose ([`Purpose`]), and each subkey seals records
//! with AES-256-GCM (RustCrypto's `aes-gcm`, whose AES key schedule and GHASH key wipe
//! themselves in place on drop; HKDF, HMAC and randomness are ring's). A sealed record is
//!
//! ```text
//! format (1 byte, = 2) | nonce (12 random bytes) | ciphertext | tag (16 bytes)
//! plaintext = length (u32 BE) | payload | zeros up to the size bucket (Padmé, ≥ 256)
//! ```
//!
//! and its additional authenticated data binds the table, the record id, the record
//! version (a counter that increases on every update) and the row's plaintext columns
//! (timestamps, kind, week): a ciphertext copied onto another row, an older ciphertext of
//! the same row put back, or a row re-dated or re-typed in SQL fails to open. The format
//! byte is authenticated too (it is part of the AAD), so it cannot be flipped to confuse a
//! future decoder. The padding hides a payload's exact length: a ciphertext tells its size
//! only to within its bucket (at most ~12% larger, 256 bytes at the least).
//!
//! Format 1 (builds before 0.3: no padding, no plaintext columns in the AAD) opens only
//! through [`RecordCipher::open_legacy`], which the one-time upgrade at unlock uses.
//!
//! Key types ([`DataKey`], [`RecordCipher`]) are not `Clone`, not `Serialize`, print as
//! `[redacted]`, and keep their bytes in one heap allocation that never moves and is wiped
//! in place on drop: moving the vault (into and out of the app's session slot) copies only
//! a pointer, so locking leaves no stale copy of a key behind.

use aes_gcm::aead::AeadInPlace;
use aes_gcm::{Aes256Gcm, KeyInit};
use ring::hkdf;
use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Length of the data key and of every subkey.
pub const KEY_LEN: usize = 32;
/// The only record format this build writes (and the newest it reads).
pub const RECORD_FORMAT: u8 = 2;
/// The format of builds before 0.3, read only to upgrade it.
pub const LEGACY_RECORD_FORMAT: u8 = 1;
/// The smallest padded plaintext: every record is at least this long inside.
pub const MIN_PADDED: usize = 256;
/// AES-GCM tag length.
pub const TAG_LEN: usize = 16;
/// AES-GCM nonce length.
pub const NONCE_LEN: usize = 12;
/// Bytes a sealed record adds to its padded plaintext: format byte, nonce, tag.
pub const RECORD_OVERHEAD: usize = 1 + NONCE_LEN + TAG_LEN;

/// The padded length of a plaintext of `len` bytes (length prefix included): Padmé
/// (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and Communication with
/// PURBs", 2019) — the length rounded up so only its top bits remain, at most ~12% more —
/// and never below [`MIN_PADDED`].
pub fn padded_len(len: usize) -> usize {
    if len <= MIN_PADDED {
        return MIN_PADDED;
    }
    let e = usize::BITS - 1 - len.leading_zeros(); // floor(log2 len)
    let s = u32::BITS - e.leading_zeros(); // floor(log2 e) + 1
    let mask = (1usize << (e - s)) - 1;
    (len + mask) & !mask
}

const HKDF_SALT: &[u8] = b"steward/v1/hkdf-salt";

/// Fills `buf` from the operating system's CSPRNG.
pub(crate) fn random_fill(buf: &mut [u8]) -> Result<()> {
    SystemRandom::new().fill(buf).map_err(|_| Error::Io {
        context: "reading the system random number generator".into(),
        source: std::io::Error::other("getrandom failed"),
    })
}

/// The vault's data key: 32 random bytes, created once per vault and stored only wrapped
/// by key slots. Boxed (it never moves) and zeroized in place on drop; never cloned,
/// serialized or printed.
pub struct DataKey(Box<Zeroizing<[u8; KEY_LEN]>>);

impl DataKey {
    /// A fresh random data key.
    pub fn generate() -> Result<Self> {
        let mut key = Box::new(Zeroizing::new([0u8; KEY_LEN]));
        random_fill(key.as_mut().as_mut())?;
        Ok(DataKey(key))
    }

    /// Wraps bytes that are already a data key (unwrapped from a key slot).
    pub(crate) fn from_bytes(bytes: Zeroizing<[u8; KEY_LEN]>) -> Self {
        let mut key = Box::new(Zeroizing::new([0u8; KEY_LEN]));
        key.copy_from_slice(bytes.as_ref());
        DataKey(key)
    }

    /// Test and attack-simulation access to the raw key. Hidden: nothing outside the
    /// engine's own tests has a reason to see key bytes.
    #[cfg(any(test, feature = "test-support"))]
    pub fn from_raw_for_tests(bytes: [u8; KEY_LEN]) -> Self {
        DataKey(Box::new(Zeroizing::new(bytes)))
    }

    pub(crate) fn expose(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// Where the key bytes lie, for the test that reads them back after drop.
    #[cfg(any(test, feature = "test-support"))]
    pub fn address_for_tests(&self) -> usize {
        std::ptr::from_ref::<[u8; KEY_LEN]>(self.expose()) as usize
    }

    /// The subkey for one purpose.
    pub fn cipher(&self, purpose: Purpose) -> RecordCipher {
        RecordCipher::derive(self.expose(), purpose)
    }

    /// The 32-byte HMAC subkey of the manifest of records (HKDF info
    /// `steward/v1/manifest`).
    pub(crate) fn manifest_subkey(&self) -> Zeroizing<[u8; KEY_LEN]> {
        hkdf_key(self.expose(), HKDF_SALT, b"steward/v1/manifest")
    }

    /// The keys of a sync folder under this data key.
    pub(crate) fn sync_key(&self) -> SyncKey {
        let epoch_bytes = hkdf_key(self.expose(), HKDF_SALT, b"steward/v1/sync-epoch");
        let mut epoch = [0u8; EPOCH_LEN];
        epoch.copy_from_slice(&epoch_bytes[..EPOCH_LEN]);
        let mac = hkdf_key(self.expose(), HKDF_SALT, b"steward/v1/sync-mac");
        SyncKey {
            cipher: self.cipher(Purpose::Sync),
            mac: ring::hmac::Key::new(ring::hmac::HMAC_SHA256, mac.as_ref()),
            epoch,
        }
    }
}

/// Length of a sync key's public epoch.
pub const EPOCH_LEN: usize = 16;

/// The keys of a sync folder (`crate::sync`), derived from the data key: the cipher of its
/// change files and snapshots, the MAC key of its key rings, and the *epoch*, 16 public
/// bytes that name the data key (an HKDF output: it says nothing of the key) so a device
/// sees that a file was written under a key it does not hold — the passphrase was changed
/// on another computer. Not `Clone`; prints redacted; wiped on drop.
pub struct SyncKey {
    cipher: RecordCipher,
    mac: ring::hmac::Key,
    epoch: [u8; EPOCH_LEN],
}

impl std::fmt::Debug for SyncKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SyncKey([redacted])")
    }
}

impl SyncKey {
    /// The key's public name.
    pub fn epoch(&self) -> [u8; EPOCH_LEN] {
        self.epoch
    }

    /// Seals a sync file's payload (padded as records are, so its size shows only its
    /// bucket).
    pub fn seal(&self, aad: RecordAad<'_>, plaintext: &[u8]) -> Result<Vec<u8>> {
        self.cipher.seal(aad, plaintext)
    }

    /// Opens a sync file's payload; any failure is [`Error::Tampered`].
    pub fn open(&self, aad: RecordAad<'_>, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        self.cipher.open(aad, sealed)
    }

    /// HMAC-SHA256 of `data` (a key ring's contents).
    pub fn mac(&self, data: &[u8]) -> Vec<u8> {
        ring::hmac::sign(&self.mac, data).as_ref().to_vec()
    }

    /// Whether `tag` is the MAC of `data` (in constant time).
    pub fn verify(&self, data: &[u8], tag: &[u8]) -> bool {
        ring::hmac::verify(&self.mac, data, tag).is_ok()
    }
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey([redacted])")
    }
}

/// What a subkey is for. Each purpose gets its own HKDF `info`, so a key compromise or a
/// nonce accident in one purpose never touches another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Journal entries, relationships, reflections.
    Records,
    /// Settings values.
    Settings,
    /// The change files, snapshots and key rings of a sync folder (`crate::sync`).
    Sync,
}

impl Purpose {
    fn info(self) -> &'static [u8] {
        match self {
            Purpose::Records => b"steward/v1/records",
            Purpose::Settings => b"steward/v1/settings",
            Purpose::Sync => b"steward/v1/sync",
        }
    }
}

/// Which record a ciphertext belongs to; becomes the AAD.
#[derive(Debug, Clone, Copy)]
pub struct RecordAad<'a> {
    /// Table name, e.g. `entries`.
    pub table: &'a str,
    /// Record id.
    pub id: &'a str,
    /// Record version (starts at 1, +1 on each update).
    pub version: i64,
    /// The row's plaintext columns, encoded unambiguously by the records layer (format 2
    /// only).
    pub meta: &'a [u8],
}

impl RecordAad<'_> {
    fn bytes(&self, format: u8) -> Vec<u8> {
        let mut aad = Vec::with_capacity(40 + self.table.len() + self.id.len() + self.meta.len());
        aad.extend_from_slice(b"steward/record\0");
        aad.push(format);
        aad.extend_from_slice(self.table.as_bytes());
        aad.push(0);
        aad.extend_from_slice(self.id.as_bytes());
        aad.push(0);
        aad.extend_from_slice(&self.version.to_be_bytes());
        if format >= 2 {
            // The id is NUL-terminated and the version fixed-width; the meta encoding is
            // self-delimiting, so no two rows share an AAD.
            aad.extend_from_slice(self.meta);
        }
        aad
    }

    fn describe(&self) -> String {
        let kind = match self.table {
            "entries" => "entry",
            "settings" => "setting",
            other => other,
        };
        format!("{kind} {}", self.id)
    }
}

/// An AES-256-GCM key derived for one purpose: its key schedule, boxed so it never moves,
/// and wiped in place on drop. Not `Clone`; prints redacted.
pub struct RecordCipher {
    key: Box<Aes256Gcm>,
}

/// The cipher of a 32-byte key (the key bytes stay the caller's to wipe).
fn aes256gcm(key: &[u8; KEY_LEN]) -> Aes256Gcm {
    Aes256Gcm::new(key.into())
}

impl std::fmt::Debug for RecordCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecordCipher([redacted])")
    }
}

impl RecordCipher {
    fn derive(dek: &[u8; KEY_LEN], purpose: Purpose) -> Self {
        let salt = hkdf::Salt::new(hkdf::HKDF_SHA256, HKDF_SALT);
        let prk = salt.extract(dek);
        let info = [purpose.info()];
        let okm = prk
            .expand(&info, Len32)
            .expect("HKDF output of 32 bytes is always valid");
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        okm.fill(key.as_mut()).expect("length matches");
        RecordCipher {
            key: Box::new(aes256gcm(&key)),
        }
    }

    /// A cipher over raw key bytes, for the offline-attacker test only (which tries every
    /// byte string in the vault file as a record key).
    #[cfg(any(test, feature = "test-support"))]
    pub fn from_raw_key_for_tests(key: &[u8; KEY_LEN]) -> Self {
        RecordCipher {
            key: Box::new(aes256gcm(key)),
        }
    }

    /// Where the key schedule lies and how long it is, for the test that reads it back
    /// after drop (through /proc/self/mem) to see it wiped in place.
    #[cfg(any(test, feature = "test-support"))]
    pub fn schedule_for_tests(&self) -> (usize, usize) {
        let at: &Aes256Gcm = &self.key;
        (
            std::ptr::from_ref(at) as usize,
            std::mem::size_of::<Aes256Gcm>(),
        )
    }

    /// Encrypts `plaintext` for the record named by `aad`, with a fresh random nonce.
    pub fn seal(&self, aad: RecordAad<'_>, plaintext: &[u8]) -> Result<Vec<u8>> {
        let mut nonce = [0u8; NONCE_LEN];
        random_fill(&mut nonce)?;
        Ok(self.seal_under(aad, plaintext, nonce))
    }

    /// Sealing with a chosen nonce. Only for golden tests that pin the format (compiled only
    /// with the `test-support` feature): reusing a nonce under one key breaks AES-GCM.
    #[cfg(any(test, feature = "test-support"))]
    pub fn seal_with_nonce(
        &self,
        aad: RecordAad<'_>,
        plaintext: &[u8],
        nonce: [u8; NONCE_LEN],
    ) -> Vec<u8> {
        self.seal_under(aad, plaintext, nonce)
    }

    fn seal_under(&self, aad: RecordAad<'_>, plaintext: &[u8], nonce: [u8; NONCE_LEN]) -> Vec<u8> {
        let framed = 4 + plaintext.len();
        let padded = padded_len(framed);
        let mut out = Vec::with_capacity(padded + RECORD_OVERHEAD);
        out.push(RECORD_FORMAT);
        out.extend_from_slice(&nonce);
        let len = u32::try_from(plaintext.len()).expect("records are far below 4 GiB");
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(plaintext);
        out.resize(1 + NONCE_LEN + padded, 0);
        let tag = self
            .key
            .encrypt_in_place_detached(
                (&nonce).into(),
                &aad.bytes(RECORD_FORMAT),
                &mut out[1 + NONCE_LEN..],
            )
            .expect("AES-GCM sealing of an in-memory buffer cannot fail");
        out.extend_from_slice(tag.as_slice());
        out
    }

    /// Decrypts a sealed record. Any failure — wrong key, changed bytes, another row's
    /// ciphertext, an older version, changed plaintext columns, a cut-short value, a
    /// record of the older format — is [`Error::Tampered`].
    pub fn open(&self, aad: RecordAad<'_>, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        self.open_copy(aad, sealed, RECORD_FORMAT)
    }

    /// [`RecordCipher::open`] without a copy: decrypts inside `sealed` and returns the
    /// plaintext slice of it. The caller owns the buffer and must zeroize it afterwards.
    pub fn open_in_place<'b>(&self, aad: RecordAad<'_>, sealed: &'b mut [u8]) -> Result<&'b [u8]> {
        let range = self.open_range(aad, sealed, RECORD_FORMAT)?;
        Ok(&sealed[range])
    }

    /// Opens a record of the format builds before 0.3 wrote (no padding; `aad.meta` is not
    /// part of its AAD). Only the upgrade at unlock calls this; everything else refuses
    /// format 1, so a row from an old copy cannot be slipped into an upgraded journal.
    pub fn open_legacy(&self, aad: RecordAad<'_>, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        self.open_copy(aad, sealed, LEGACY_RECORD_FORMAT)
    }

    /// Decrypts a copy of `sealed` (record format `expected`) and returns the payload.
    fn open_copy(
        &self,
        aad: RecordAad<'_>,
        sealed: &[u8],
        expected: u8,
    ) -> Result<Zeroizing<Vec<u8>>> {
        let mut buf = Zeroizing::new(sealed.to_vec());
        let range = self.open_range(aad, &mut buf, expected)?;
        buf.truncate(range.end);
        buf.drain(..range.start);
        Ok(buf)
    }

    /// Decrypts `sealed` in place, expecting record format `expected`; the payload's range.
    fn open_range(
        &self,
        aad: RecordAad<'_>,
        sealed: &mut [u8],
        expected: u8,
    ) -> Result<std::ops::Range<usize>> {
        let tampered = || Error::Tampered {
            what: aad.describe(),
        };
        let format = *sealed.first().ok_or_else(tampered)?;
        if format > RECORD_FORMAT {
            return Err(Error::RecordTooNew {
                what: aad.describe(),
                found: format,
            });
        }
        if format != expected || sealed.len() < 1 + NONCE_LEN + TAG_LEN {
            return Err(tampered());
        }
        let (head, rest) = sealed.split_at_mut(1 + NONCE_LEN);
        let (ciphertext, tag) = rest.split_at_mut(rest.len() - TAG_LEN);
        self.key
            .decrypt_in_place_detached(
                aes_gcm::Nonce::from_slice(&head[1..]),
                &aad.bytes(format),
                ciphertext,
                aes_gcm::Tag::from_slice(tag),
            )
            .map_err(|_| tampered())?;
        let start = 1 + NONCE_LEN;
        if format == LEGACY_RECORD_FORMAT {
            return Ok(start..start + ciphertext.len());
        }
        // Authenticated, so a bad frame is a writer's bug or a forged key, not noise.
        let len = ciphertext
            .get(..4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
            .filter(|&len| 4 + len <= ciphertext.len())
            .ok_or_else(tampered)?;
        Ok(start + 4..start + 4 + len)
    }
}

/// AES-256-GCM with a one-off key (key slots). `key` is zeroized by the caller.
pub(crate) fn wrap(
    key: &[u8; KEY_LEN],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<(Vec<u8>, [u8; NONCE_LEN])> {
    let mut nonce = [0u8; NONCE_LEN];
    random_fill(&mut nonce)?;
    let mut buf = plaintext.to_vec();
    let tag = aes256gcm(key)
        .encrypt_in_place_detached((&nonce).into(), aad, &mut buf)
        .expect("AES-GCM sealing of an in-memory buffer cannot fail");
    buf.extend_from_slice(tag.as_slice());
    Ok((buf, nonce))
}

/// Inverse of [`wrap`]; `None` when authentication fails.
pub(crate) fn unwrap(
    key: &[u8; KEY_LEN],
    aad: &[u8],
    nonce: &[u8; NONCE_LEN],
    wrapped: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    let len = wrapped.len().checked_sub(TAG_LEN)?;
    let mut buf = Zeroizing::new(wrapped[..len].to_vec());
    aes256gcm(key)
        .decrypt_in_place_detached(
            nonce.into(),
            aad,
            &mut buf,
            aes_gcm::Tag::from_slice(&wrapped[len..]),
        )
        .ok()?;
    Some(buf)
}

/// An HKDF output length of one key.
struct Len32;

impl hkdf::KeyType for Len32 {
    fn len(&self) -> usize {
        KEY_LEN
    }
}

/// HKDF-SHA256 to one 32-byte key (the recovery-slot KEK).
pub(crate) fn hkdf_key(ikm: &[u8], salt: &[u8], info: &[u8]) -> Zeroizing<[u8; KEY_LEN]> {
    let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, salt).extract(ikm);
    let info = [info];
    let okm = prk
        .expand(&info, Len32)
        .expect("32 bytes is a valid HKDF length");
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    okm.fill(out.as_mut()).expect("length matches");
    out
}

/// A secret HMAC-SHA256 key that turns what identifies an imported entry in its source
/// (jrnl's date, time and text; Day One's own id) into the entry's UUID. Without the key an
/// id says nothing about the text; with it, importing the same file twice gives the same
/// ids. Random, sealed in the journal's settings (so it survives key rotation and travels
/// in backups). Not `Clone`; prints redacted; ring wipes its key schedule on drop.
pub struct IdKey(ring::hmac::Key);

impl std::fmt::Debug for IdKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdKey([redacted])")
    }
}

impl IdKey {
    /// The key from its 32 stored bytes.
    pub(crate) fn from_bytes(bytes: &[u8; KEY_LEN]) -> Self {
        IdKey(ring::hmac::Key::new(ring::hmac::HMAC_SHA256, bytes))
    }

    /// 32 fresh random bytes for a new key (to be sealed, then wiped).
    pub(crate) fn generate_bytes() -> Result<Zeroizing<[u8; KEY_LEN]>> {
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        random_fill(bytes.as_mut())?;
        Ok(bytes)
    }

    /// The UUID (version 8, "custom") of `origin` from `source` (e.g. `jrnl`): the first
    /// 16 bytes of HMAC(key, "steward/import-id\0" ‖ source ‖ "\0" ‖ origin).
    pub(crate) fn id_for(&self, source: &str, origin: &str) -> uuid::Uuid {
        let mut ctx = ring::hmac::Context::with_key(&self.0);
        ctx.update(b"steward/import-id\0");
        ctx.update(source.as_bytes());
        ctx.update(b"\0");
        ctx.update(origin.as_bytes());
        let tag = ctx.sign();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&tag.as_ref()[..16]);
        uuid::Builder::from_custom_bytes(bytes).into_uuid()
    }
}
