//! Key slots: the data key wrapped under a passphrase or under the recovery key.
//!
//! A slot stores only what is needed to re-derive its key-encryption key (KEK) from a
//! secret the user holds, plus the wrapped data key:
//!
//! ```text
//! slot format (1) | kdf (1) | m_kib (u32 BE) | t (u32 BE) | p (u32 BE) | salt (16)
//!   | nonce (12) | AES-256-GCM(KEK, DEK) (32 + 16 tag)
//! ```
//!
//! The header (everything before the nonce) is the AAD of the wrap, so the stored KDF
//! parameters cannot be altered without the unwrap failing. There is no password hash,
//! verifier or check value: a wrong passphrase is detected only because the unwrap fails.
//!
//! * Passphrase slot: KEK = Argon2id(NFC(passphrase), salt, m, t, p), 32 bytes.
//! * Recovery slot: the recovery key is 128 random bits, so no slow KDF is needed:
//!   KEK = HKDF-SHA256(recovery key, salt, "steward/v1/recovery-kek").

use argon2::{Algorithm, Argon2, Params, Version};
use ring::aead::NONCE_LEN;
use secrecy::{ExposeSecret, SecretString};
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use crate::crypto::{self, DataKey, KEY_LEN};
use crate::error::{Error, Result};

const SLOT_FORMAT: u8 = 1;
const KDF_ARGON2ID: u8 = 1;
const KDF_HKDF_RECOVERY: u8 = 2;
const SALT_LEN: usize = 16;
const HEADER_LEN: usize = 1 + 1 + 4 * 3 + SALT_LEN;
const WRAPPED_LEN: usize = KEY_LEN + 16;
const SLOT_LEN: usize = HEADER_LEN + NONCE_LEN + WRAPPED_LEN;

/// Bytes of randomness in a recovery key.
const RECOVERY_BYTES: usize = 16;
/// Bytes of checksum appended to the recovery key before encoding (catches typos).
const RECOVERY_CHECK_BYTES: usize = 4;

/// Shortest passphrase `create` and `change_passphrase` accept, in characters.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// The most memory a passphrase slot may ask for: 1 GiB.
pub const MAX_KDF_MEMORY_KIB: u32 = 1024 * 1024;
/// The most passes a passphrase slot may ask for.
pub const MAX_KDF_ITERATIONS: u32 = 8;
/// The most lanes a passphrase slot may ask for.
pub const MAX_KDF_PARALLELISM: u32 = 8;

/// Argon2id cost parameters, stored in each passphrase slot so they can be raised later
/// without re-encrypting anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl Default for KdfParams {
    /// m = 64 MiB, t = 3, p = 4: RFC 9106's second recommended option. The four lanes run
    /// on all cores, so unlocking takes a fraction of the single-lane time while an
    /// attacker's cost per guess (memory × passes) is the same.
    fn default() -> Self {
        KdfParams {
            memory_kib: 64 * 1024,
            iterations: 3,
            parallelism: 4,
        }
    }
}

impl KdfParams {
    /// Validated parameters. Lower bounds keep an offline guess from being trivially cheap;
    /// upper bounds are the most Steward would ever write (`steward init`'s flags), so a
    /// planted slot cannot make unlocking run for minutes or exhaust memory: at the limit
    /// (1 GiB, 8 passes) one unlock takes seconds, not the minutes 4 GiB × 64 took.
    pub fn new(memory_kib: u32, iterations: u32, parallelism: u32) -> Result<Self> {
        let memory_ok = (8 * 1024..=MAX_KDF_MEMORY_KIB).contains(&memory_kib);
        if !memory_ok
            || !(1..=MAX_KDF_ITERATIONS).contains(&iterations)
            || !(1..=MAX_KDF_PARALLELISM).contains(&parallelism)
        {
            return Err(Error::InvalidInput(format!(
                "KDF parameters m={memory_kib} KiB t={iterations} p={parallelism} are out of range (8 MiB ≤ m ≤ 1 GiB, 1 ≤ t ≤ {MAX_KDF_ITERATIONS}, 1 ≤ p ≤ {MAX_KDF_PARALLELISM})"
            )));
        }
        Ok(KdfParams {
            memory_kib,
            iterations,
            parallelism,
        })
    }

    /// The stronger of `self` and `floor` in each dimension (memory, passes, lanes): what a
    /// passphrase change writes, so a change never lowers a journal's KDF cost.
    pub fn at_least(self, floor: KdfParams) -> KdfParams {
        KdfParams {
            memory_kib: self.memory_kib.max(floor.memory_kib),
            iterations: self.iterations.max(floor.iterations),
            parallelism: self.parallelism.max(floor.parallelism),
        }
    }

    /// Derives the KEK from a passphrase. This is the deliberately slow step.
    pub fn derive(
        &self,
        passphrase: &SecretString,
        salt: &[u8],
    ) -> Result<Zeroizing<[u8; KEY_LEN]>> {
        let params = Params::new(
            self.memory_kib,
            self.iterations,
            self.parallelism,
            Some(KEY_LEN),
        )
        .map_err(|e| Error::InvalidInput(format!("KDF parameters: {e}")))?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        // NFC so the same passphrase typed on macOS (NFD input) and Linux (NFC) unlocks.
        let normalized: Zeroizing<String> =
            Zeroizing::new(passphrase.expose_secret().nfc().collect());
        let mut kek = Zeroizing::new([0u8; KEY_LEN]);
        argon
            .hash_password_into(normalized.as_bytes(), salt, kek.as_mut())
            .map_err(|e| Error::InvalidInput(format!("KDF failed: {e}")))?;
        Ok(kek)
    }
}

/// Checks a new passphrase before it protects a vault.
pub fn check_new_passphrase(passphrase: &SecretString) -> Result<()> {
    let chars = passphrase.expose_secret().chars().count();
    if passphrase.expose_secret().trim().is_empty() || chars < MIN_PASSPHRASE_CHARS {
        return Err(Error::InvalidInput(format!(
            "the passphrase is too short: use at least {MIN_PASSPHRASE_CHARS} characters (a few unrelated words are best)"
        )));
    }
    Ok(())
}

/// The recovery key: 128 random bits shown once at creation, as eight groups of four
/// base32 characters (the last 32 bits are a checksum that catches typos).
pub struct RecoveryKey(Zeroizing<[u8; RECOVERY_BYTES]>);

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey([redacted])")
    }
}

impl RecoveryKey {
    pub(crate) fn generate() -> Result<Self> {
        let mut bytes = Zeroizing::new([0u8; RECOVERY_BYTES]);
        crypto::random_fill(bytes.as_mut())?;
        Ok(RecoveryKey(bytes))
    }

    fn checksum(bytes: &[u8]) -> [u8; RECOVERY_CHECK_BYTES] {
        let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
        let mut out = [0u8; RECOVERY_CHECK_BYTES];
        out.copy_from_slice(&digest.as_ref()[..RECOVERY_CHECK_BYTES]);
        out
    }

    /// The key as the user writes it down: `ABCD-EFGH-…` (8 groups of 4).
    pub fn display(&self) -> SecretString {
        let mut raw = Zeroizing::new(Vec::with_capacity(RECOVERY_BYTES + RECOVERY_CHECK_BYTES));
        raw.extend_from_slice(self.0.as_ref());
        raw.extend_from_slice(&Self::checksum(self.0.as_ref()));
        let encoded = Zeroizing::new(data_encoding::BASE32_NOPAD.encode(&raw));
        let mut grouped = String::with_capacity(40);
        for (i, c) in encoded.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                grouped.push('-');
            }
            grouped.push(c);
        }
        SecretString::from(grouped)
    }

    /// The secret of the automatic backups' age identity (docs/SECURITY.md, "Automatic
    /// backups"): HKDF-SHA256 of the recovery key under its own salt and label, so the key
    /// on paper re-creates the identity on any machine, and the identity says nothing of
    /// the recovery key or the data key.
    pub(crate) fn backup_secret(&self) -> Zeroizing<[u8; crypto::KEY_LEN]> {
        crypto::hkdf_key(
            self.0.as_ref(),
            b"steward/v1/auto-backup-salt",
            b"steward/v1/auto-backup-x25519-identity",
        )
    }

    /// Parses what the user typed: case, spaces and dashes do not matter; `0`/`1`/`8` are
    /// read as the letters `O`/`I`/`B` that base32 uses. A wrong checksum is a typo.
    pub fn parse(text: &SecretString) -> Result<Self> {
        let cleaned: Zeroizing<String> = Zeroizing::new(
            text.expose_secret()
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .map(|c| match c.to_ascii_uppercase() {
                    '0' => 'O',
                    '1' => 'I',
                    '8' => 'B',
                    other => other,
                })
                .collect(),
        );
        let raw = Zeroizing::new(
            data_encoding::BASE32_NOPAD
                .decode(cleaned.as_bytes())
                .map_err(|_| Error::MalformedRecoveryKey)?,
        );
        if raw.len() != RECOVERY_BYTES + RECOVERY_CHECK_BYTES {
            return Err(Error::MalformedRecoveryKey);
        }
        let (key, check) = raw.split_at(RECOVERY_BYTES);
        if Self::checksum(key) != check {
            return Err(Error::MalformedRecoveryKey);
        }
        let mut bytes = Zeroizing::new([0u8; RECOVERY_BYTES]);
        bytes.copy_from_slice(key);
        Ok(RecoveryKey(bytes))
    }
}

/// Which secret a slot is unlocked with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotKind {
    /// The user's passphrase (Argon2id).
    Passphrase,
    /// The recovery key printed at creation (HKDF).
    Recovery,
}

impl SlotKind {
    /// The value of `key_slots.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            SlotKind::Passphrase => "passphrase",
            SlotKind::Recovery => "recovery",
        }
    }
}

/// A decoded key slot.
#[derive(Debug, Clone)]
pub struct KeySlot {
    kdf: u8,
    params: KdfParams,
    salt: [u8; SALT_LEN],
    nonce: [u8; NONCE_LEN],
    wrapped: Vec<u8>,
}

impl KeySlot {
    /// Wraps `dek` under a passphrase.
    pub fn for_passphrase(
        dek: &DataKey,
        passphrase: &SecretString,
        params: KdfParams,
    ) -> Result<Self> {
        let mut salt = [0u8; SALT_LEN];
        crypto::random_fill(&mut salt)?;
        let kek = params.derive(passphrase, &salt)?;
        Self::seal(KDF_ARGON2ID, params, salt, &kek, dek)
    }

    /// Wraps `dek` under the recovery key.
    pub fn for_recovery(dek: &DataKey, recovery: &RecoveryKey) -> Result<Self> {
        let mut salt = [0u8; SALT_LEN];
        crypto::random_fill(&mut salt)?;
        let kek = recovery_kek(recovery, &salt);
        // Parameters are meaningless for HKDF; zeros keep the layout uniform.
        let params = KdfParams {
            memory_kib: 0,
            iterations: 0,
            parallelism: 0,
        };
        Self::seal(KDF_HKDF_RECOVERY, params, salt, &kek, dek)
    }

    fn seal(
        kdf: u8,
        params: KdfParams,
        salt: [u8; SALT_LEN],
        kek: &[u8; KEY_LEN],
        dek: &DataKey,
    ) -> Result<Self> {
        let header = header_bytes(kdf, &params, &salt);
        let (wrapped, nonce) = crypto::wrap(kek, &header, dek.expose())?;
        Ok(KeySlot {
            kdf,
            params,
            salt,
            nonce,
            wrapped,
        })
    }

    /// The Argon2 parameters of a passphrase slot.
    pub fn params(&self) -> KdfParams {
        self.params
    }

    /// Unwraps with a passphrase (runs the KDF).
    pub fn unlock_with_passphrase(&self, passphrase: &SecretString) -> Result<DataKey> {
        if self.kdf != KDF_ARGON2ID {
            return Err(Error::Tampered {
                what: "key slot passphrase".into(),
            });
        }
        let kek = self.params.derive(passphrase, &self.salt)?;
        self.unwrap_key(&kek).ok_or(Error::WrongPassphrase)
    }

    /// Unwraps with the recovery key.
    pub fn unlock_with_recovery(&self, recovery: &RecoveryKey) -> Result<DataKey> {
        if self.kdf != KDF_HKDF_RECOVERY {
            return Err(Error::Tampered {
                what: "key slot recovery".into(),
            });
        }
        let kek = recovery_kek(recovery, &self.salt);
        self.unwrap_key(&kek).ok_or(Error::WrongPassphrase)
    }

    /// Tries `kek` directly. Public only with the `test-support` feature, for the
    /// offline-attacker test, which feeds it every byte string it finds in the vault file.
    #[cfg(any(test, feature = "test-support"))]
    pub fn unwrap_with(&self, kek: &[u8; KEY_LEN]) -> Option<DataKey> {
        self.unwrap_key(kek)
    }

    fn unwrap_key(&self, kek: &[u8; KEY_LEN]) -> Option<DataKey> {
        let header = header_bytes(self.kdf, &self.params, &self.salt);
        let plain = crypto::unwrap(kek, &header, &self.nonce, &self.wrapped)?;
        if plain.len() != KEY_LEN {
            return None;
        }
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        key.copy_from_slice(&plain);
        Some(DataKey::from_bytes(key))
    }

    /// The stored form.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = header_bytes(self.kdf, &self.params, &self.salt);
        out.extend_from_slice(&self.nonce);
        out.extend_from_slice(&self.wrapped);
        out
    }

    /// Parses the stored form; anything malformed is "damaged or tampered".
    pub fn decode(bytes: &[u8], kind: SlotKind) -> Result<Self> {
        let tampered = || Error::Tampered {
            what: format!("key slot {}", kind.as_str()),
        };
        if bytes.len() != SLOT_LEN || bytes[0] != SLOT_FORMAT {
            if bytes.first().is_some_and(|f| *f > SLOT_FORMAT) {
                return Err(Error::RecordTooNew {
                    what: format!("key slot {}", kind.as_str()),
                    found: bytes[0],
                });
            }
            return Err(tampered());
        }
        let kdf = bytes[1];
        let u32_at = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().expect("4 bytes"));
        let params = KdfParams {
            memory_kib: u32_at(2),
            iterations: u32_at(6),
            parallelism: u32_at(10),
        };
        let expected_kdf = match kind {
            SlotKind::Passphrase => KDF_ARGON2ID,
            SlotKind::Recovery => KDF_HKDF_RECOVERY,
        };
        if kdf != expected_kdf {
            return Err(tampered());
        }
        if kdf == KDF_ARGON2ID
            && KdfParams::new(params.memory_kib, params.iterations, params.parallelism).is_err()
        {
            // Refuse absurd stored parameters (e.g. 4 GiB of memory planted by an attacker
            // to make unlocking hang, or weakened ones).
            return Err(tampered());
        }
        let mut salt = [0u8; SALT_LEN];
        salt.copy_from_slice(&bytes[14..14 + SALT_LEN]);
        let mut nonce = [0u8; NONCE_LEN];
        nonce.copy_from_slice(&bytes[HEADER_LEN..HEADER_LEN + NONCE_LEN]);
        Ok(KeySlot {
            kdf,
            params,
            salt,
            nonce,
            wrapped: bytes[HEADER_LEN + NONCE_LEN..].to_vec(),
        })
    }
}

fn header_bytes(kdf: u8, params: &KdfParams, salt: &[u8; SALT_LEN]) -> Vec<u8> {
    let mut out = Vec::with_capacity(SLOT_LEN);
    out.push(SLOT_FORMAT);
    out.push(kdf);
    out.extend_from_slice(&params.memory_kib.to_be_bytes());
    out.extend_from_slice(&params.iterations.to_be_bytes());
    out.extend_from_slice(&params.parallelism.to_be_bytes());
    out.extend_from_slice(salt);
    out
}

fn recovery_kek(recovery: &RecoveryKey, salt: &[u8]) -> Zeroizing<[u8; KEY_LEN]> {
    crypto::hkdf_key(recovery.0.as_ref(), salt, b"steward/v1/recovery-kek")
}
