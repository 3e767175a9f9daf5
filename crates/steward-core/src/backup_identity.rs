//! The automatic backups' age identity: an X25519 key pair whose secret is derived from the
//! journal's recovery key ([`RecoveryKey::backup_secret`]), so automatic backups need no
//! typed secret, and a leader with a lost laptop and the printed recovery key re-creates
//! the identity (`steward backup identity --from-recovery-key`) and opens any of them with
//! the standard `age -d -i`. The journal keeps the secret sealed as an internal setting
//! (never exported, never shown by the settings API), written when the recovery key is
//! known: at creation, at an unlock with the recovery key, at a key rotation, or when the
//! leader types it once for a journal made before automatic backups.
//!
//! The same secret keys the MAC a backup carries over its record ids and versions
//! ([`BackupIdentity::record_mac_key`]): a file encrypted to the public recipient by anyone
//! else cannot carry a MAC that verifies.

use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use crate::crypto::{self, KEY_LEN};
use crate::error::{Error, Result};
use crate::keyslot::RecoveryKey;

/// The bech32 prefix of an age X25519 secret key (age writes it in upper case).
const SECRET_KEY_PREFIX: &str = "age-secret-key-";

/// The secret of the automatic backups' identity. Not `Clone` or `Serialize`; prints
/// redacted; wiped on drop.
pub struct BackupIdentity(Box<Zeroizing<[u8; KEY_LEN]>>);

impl std::fmt::Debug for BackupIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BackupIdentity([redacted])")
    }
}

impl BackupIdentity {
    /// The identity the recovery key `recovery` re-creates.
    pub fn from_recovery_key(recovery: &RecoveryKey) -> Self {
        Self::from_secret(recovery.backup_secret())
    }

    pub(crate) fn from_secret(secret: Zeroizing<[u8; KEY_LEN]>) -> Self {
        let mut boxed = Box::new(Zeroizing::new([0u8; KEY_LEN]));
        boxed.copy_from_slice(secret.as_ref());
        BackupIdentity(boxed)
    }

    /// The secret bytes, for the records layer to seal.
    pub(crate) fn secret(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// The secret as age writes it: `AGE-SECRET-KEY-1…`.
    fn encoded(&self) -> SecretString {
        use bech32::ToBase32;
        let encoded = Zeroizing::new(
            bech32::encode(
                SECRET_KEY_PREFIX,
                self.secret().to_base32(),
                bech32::Variant::Bech32,
            )
            .expect("the prefix is a valid bech32 HRP"),
        );
        SecretString::from(encoded.to_uppercase())
    }

    /// The age identity, for decrypting.
    pub(crate) fn age_identity(&self) -> age::x25519::Identity {
        self.encoded()
            .expose_secret()
            .parse()
            .expect("a bech32 secret key of 32 bytes parses")
    }

    /// The public recipient automatic backups are encrypted to (`age1…`).
    pub fn recipient(&self) -> age::x25519::Recipient {
        self.age_identity().to_public()
    }

    /// An identity file as `age-keygen` writes it, which `age -d -i FILE` reads.
    pub fn identity_file(&self, created: chrono::DateTime<chrono::Utc>) -> SecretString {
        SecretString::from(format!(
            "# created: {}\n# public key: {}\n# Steward's automatic backups; re-created from the recovery key\n{}\n",
            created.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            self.recipient(),
            self.encoded().expose_secret()
        ))
    }

    /// The key of the MAC over a backup's record ids and versions.
    pub(crate) fn record_mac_key(&self) -> Zeroizing<[u8; KEY_LEN]> {
        crypto::hkdf_key(
            self.secret(),
            b"steward/v1/backup-record-mac-salt",
            b"steward/v1/backup-record-mac",
        )
    }
}

/// Parses an extra recipient the leader adds (`age1…`, e.g. of a hardware key or a person
/// they trust): a clear error for anything else.
pub fn parse_recipient(text: &str) -> Result<age::x25519::Recipient> {
    text.trim().parse().map_err(|_| {
        Error::InvalidInput(format!(
            "{:?} is not an age public key (they start with age1)",
            text.trim()
        ))
    })
}
