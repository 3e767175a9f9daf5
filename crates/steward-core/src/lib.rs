//! Steward's engine: an encrypted journal vault in one SQLite file.
//!
//! Everything the desktop app and the `steward` CLI do goes through this crate, which knows
//! nothing of Tauri, GTK or terminals. Its layers point one way (docs/ARCHITECTURE.md draws
//! them; `tests/core/layers.rs` checks that no module reaches up or round in a cycle):
//!
//! 1. **Foundations** — `codec` (MessagePack inside sealed records), `crypto` (the data
//!    key, subkeys, the record envelope), `keyslot` (the data key wrapped under the
//!    passphrase or the recovery key), [`backup_identity`] (the automatic backups' age
//!    identity, derived from the recovery key), `store` (the SQLite file, pragmas, migrations),
//!    [`stamp`] (timestamps: typed in the domain, one text form on disk), [`error`].
//! 2. **Records** — [`records`]: [`Vault`] and [`LockedVault`], the only code that touches
//!    both SQL and keys; one generic sealed row with its reader, upsert and guarded update.
//! 3. **Model** — the domain as data (entries, relationships, reflections), re-exported by
//!    the domain modules below.
//! 4. **Repositories** — [`entries`] (with its parallel decrypt scan),
//!    [`relationships`], [`reflections`] (with the reflection JSON), [`tombstones`] (what
//!    deletions leave): domain types in and
//!    out of sealed rows; each reached from a vault (`vault.entries()`, …).
//! 5. **Computations** — [`search`], [`trends`], [`schedule`], [`text`]: pure functions of
//!    decrypted data, no SQL.
//! 6. **Services** — [`session`] (an unlocked vault and its index, the desktop app's
//!    state), [`status`] (the schedule and this week's status), [`import`], [`backup`],
//!    [`export`], and the trends review (`vault.review()`): orchestration over the rest.
//!
//! Plaintext of anything the user writes exists only in memory while a vault is unlocked.

#![deny(missing_docs)]

pub mod backup;
pub mod backup_identity;
mod codec;
mod crypto;
pub mod decisions;
pub mod entries;
pub mod error;
pub mod export;
pub mod harden;
pub mod import;
mod keyslot;
pub mod listing;
pub mod lookback;
mod model;
pub mod printable;
pub mod records;
pub mod reflections;
pub mod relationships;
pub mod schedule;
pub mod search;
pub mod session;
pub mod stamp;
pub mod status;
mod store;
pub mod sync;
pub mod text;
pub mod tombstones;
pub mod trends;

/// The internal modules, opened for the engine's own tests and benches only (the
/// `test-support` feature): the codec, the record envelope, key slots, the store.
#[cfg(any(test, feature = "test-support"))]
pub mod test_support {
    /// The MessagePack codec of sealed payloads.
    pub mod codec {
        pub use crate::codec::{decode, encode};
    }
    /// Keys and the sealed-record envelope.
    pub mod crypto {
        pub use crate::crypto::{
            padded_len, DataKey, Purpose, RecordAad, RecordCipher, MIN_PADDED, RECORD_OVERHEAD,
        };
    }
    /// Key slots.
    pub mod keyslot {
        pub use crate::keyslot::{KeySlot, SlotKind};
    }
    /// The records layer's AAD of a row.
    pub mod records {
        pub use crate::records::entry_meta_for_tests;
    }
    /// The SQLite file.
    pub mod store {
        pub use crate::store::{create_new, MIGRATIONS, PAGE_SIZE, SCHEMA_VERSION};
    }
}

pub use backup::Backups;
pub use decisions::{Decisions, NewDecision};
pub use entries::{
    Decision, Entries, Entry, EntryFilter, EntryKind, EntryPayload, EntryUpdate, Listing, NewEntry,
    ReviewNote,
};
pub use error::{Error, ErrorCode, Result};
pub use export::Exports;
pub use import::{ImportBatch, ImportReport, Imports};
pub use keyslot::{KdfParams, RecoveryKey, MIN_PASSPHRASE_CHARS};
pub use lookback::{LookBack, Period};
pub use records::{default_vault_path, EntryRows, LockedVault, RecoveryChoice, Rotation, Vault};
pub use reflections::{
    Answers, PreviousStep, Reflection, Reflections, RelationshipHistory, StoredAnswers,
};
pub use relationships::{Relationship, Relationships, MAX_NOTES_CHARS};
pub use schedule::{Schedule, Week, WeekStart, WeekStatus};
pub use search::{EntryIndex, Query, ReflectionHit};
pub use session::{EntryList, EntrySummary, SavedEntry, Session};
pub use status::Status;
pub use tombstones::{RecordKind, Tombstone, Tombstones};
pub use trends::{EntryStat, Review, Trends};

/// Re-exported so callers build passphrases with the same type the engine takes.
pub use secrecy::{ExposeSecret, SecretString};
