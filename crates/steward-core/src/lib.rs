//! Steward's engine: an encrypted journal vault in one SQLite file.
//!
//! Everything the desktop app and the `steward` CLI do goes through this crate, which knows
//! nothing of Tauri, GTK or terminals. The layers, bottom up:
//!
//! * [`codec`] — the MessagePack encoding of entry plaintext inside sealed records.
//! * [`crypto`] — the data key, HKDF subkeys and the sealed-record envelope (AES-256-GCM).
//! * [`keyslot`] — the data key wrapped under the passphrase (Argon2id) or recovery key.
//! * [`store`] — the SQLite file: pragmas, migrations, safe opening.
//! * [`vault`] — locked and unlocked vaults, passphrase change, settings.
//! * [`entries`] — journal entries: CRUD, listing, bulk import, parallel decryption.
//! * [`search`] — the in-memory search index of an unlocked session.
//! * [`session`] — an unlocked vault plus its index, kept in step (the desktop app's state).
//! * [`relationships`] — the people and groups the leader reflects on.
//! * [`reflections`] — weekly reflections, the exercise, follow-ups, relationship history.
//! * [`schedule`] — week names, when a reflection is due, missed weeks and streaks.
//! * [`trends`] — the review over months and years, with plain-language readings.
//! * [`backup`] — encrypted backups (age): export, verify, restore, merge.
//! * [`export`] — plaintext exports (JSON, Markdown), behind the front ends' warning.
//! * [`import`] — parsing import files before anything is written.
//!
//! Plaintext of anything the user writes exists only in memory while a vault is unlocked.

pub mod backup;
pub mod codec;
pub mod crypto;
pub mod entries;
pub mod error;
pub mod export;
pub mod import;
pub mod keyslot;
pub mod reflections;
pub mod relationships;
pub mod schedule;
pub mod search;
pub mod session;
pub mod store;
pub mod trends;
pub mod vault;

pub use entries::{
    Entry, EntryFilter, EntryKind, EntryRows, EntryUpdate, ImportReport, Listing, NewEntry,
};
pub use error::{Error, Result};
pub use keyslot::{KdfParams, RecoveryKey};
pub use reflections::{Answers, PreviousStep, Reflection, RelationshipHistory, StoredAnswers};
pub use relationships::Relationship;
pub use schedule::{Schedule, Week, WeekStart, WeekStatus};
pub use search::{EntryIndex, Query};
pub use session::{EntrySummary, Session};
pub use trends::{EntryStat, Trends};
pub use vault::{default_vault_path, LockedVault, Vault};

/// Re-exported so callers build passphrases with the same type the engine takes.
pub use secrecy::{ExposeSecret, SecretString};
