//! Steward's engine: an encrypted journal vault in one SQLite file.
//!
//! Everything the desktop app and the `steward` CLI do goes through this crate, which knows
//! nothing of Tauri, GTK or terminals. Its layers point one way (docs/ARCHITECTURE.md draws
//! them; `tests/core/layers.rs` checks that no module reaches up or round in a cycle):
//!
//! 1. **Foundations** — `codec` (MessagePack inside sealed records), `crypto` (the data
//!    key, subkeys, the record envelope), `keyslot` (the data key wrapped under the
//!    passphrase or the recovery key), `store` (the SQLite file, pragmas, migrations),
//!    [`error`].
//! 2. **Records** — [`records`]: [`Vault`] and [`LockedVault`], the only code that touches
//!    both SQL and keys; one generic sealed row with its reader, upsert and guarded update.
//! 3. **Model** — the domain as data (entries, relationships, reflections), re-exported by
//!    the domain modules below.
//! 4. **Repositories** — [`entries`] (with its parallel decrypt scan),
//!    [`relationships`], [`reflections`] (with the reflection JSON): domain types in and
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
pub mod codec;
pub mod crypto;
pub mod entries;
pub mod error;
pub mod export;
pub mod import;
pub mod keyslot;
mod model;
pub mod records;
pub mod reflections;
pub mod relationships;
pub mod schedule;
pub mod search;
pub mod session;
pub mod status;
pub mod store;
pub mod text;
pub mod trends;

pub use backup::Backups;
pub use entries::{
    Entries, Entry, EntryFilter, EntryKind, EntryPayload, EntryUpdate, Listing, NewEntry,
};
pub use error::{Error, ErrorCode, Result};
pub use export::Exports;
pub use import::{ImportBatch, ImportReport, Imports};
pub use keyslot::{KdfParams, RecoveryKey};
pub use records::{default_vault_path, EntryRows, LockedVault, Vault};
pub use reflections::{
    Answers, PreviousStep, Reflection, Reflections, RelationshipHistory, StoredAnswers,
};
pub use relationships::{Relationship, Relationships};
pub use schedule::{Schedule, Week, WeekStart, WeekStatus};
pub use search::{EntryIndex, Query};
pub use session::{EntrySummary, Session};
pub use status::Status;
pub use trends::{EntryStat, Review, Trends};

/// Re-exported so callers build passphrases with the same type the engine takes.
pub use secrecy::{ExposeSecret, SecretString};
