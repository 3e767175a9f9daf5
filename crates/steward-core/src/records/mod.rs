//! The records layer: the vault file's key slots and sealed rows, and the only code that
//! touches both SQL and keys.
//!
//! Above it, repositories ([`crate::entries`], [`crate::relationships`],
//! [`crate::reflections`]) turn rows into domain types and back; they write queries (which
//! rows) but never see a key. Here:
//!
//! * [`vault`] — [`LockedVault`] and [`Vault`]: creating, unlocking (passphrase or recovery
//!   key), changing the passphrase; the connection and the derived record keys.
//! * `table` — one generic sealed row ([`Table`], [`SealedRow`]): its reader, exact upsert,
//!   guarded update and delete, and sealing and opening with the AAD built in one place.
//! * `rows` — the plaintext columns of each table.
//! * `settings` — small sealed JSON values under app-chosen names.
//! * `write` and `manifest` — the write transaction, and the sealed manifest of which
//!   records exist that every write transaction updates and every unlock checks.

mod manifest;
mod rows;
mod settings;
mod sync_keys;
mod table;
pub mod vault;
mod write;

pub(crate) use manifest::record_set_mac;
pub use rows::EntryRows;
pub(crate) use rows::{
    EntryMeta, EntryTable, ReflectionMeta, ReflectionTable, RelationshipTable, Stamps,
    TombstoneTable,
};
pub(crate) use settings::backup_slots;
pub use settings::is_internal_setting;
pub(crate) use sync_keys::RecordTable;
pub(crate) use table::{
    delete, exists, for_each, get, insert_new, select, update_at_version, upsert, SealedRow,
};
pub use vault::{default_vault_path, LockedVault, RecoveryChoice, Rotation, Vault};
pub(crate) use vault::{sync_dir, RowOpener};
pub(crate) use write::Write;

/// Every entry row, newest first (the order lists and the search index keep), bound to
/// `(i64::MIN, i64::MAX)`. The range on `created_ms` makes SQLite walk the
/// `entries_by_created` index instead of scanning the table and sorting 15 MB of rows
/// (measured: ~10 ms of a 10k-entry unlock).
pub(crate) const ENTRIES_NEWEST_FIRST: &str =
    "WHERE created_ms >= ?1 AND created_ms < ?2 ORDER BY created_ms DESC, id";

/// Now, as the records layer stamps `updated_at` (the text form of [`crate::stamp`]).
pub(crate) fn now_rfc3339() -> String {
    crate::stamp::format(&crate::stamp::now())
}

/// The AAD bytes of the plaintext columns of entry row `id` (for the offline-attacker test,
/// which must build the exact AAD to show that no stored byte string opens the row).
#[cfg(any(test, feature = "test-support"))]
pub fn entry_meta_for_tests(conn: &rusqlite::Connection, id: &str) -> Vec<u8> {
    let row = table::get::<EntryTable>(conn, id)
        .expect("the row reads")
        .expect("the row exists");
    table::meta_bytes::<EntryTable>(&row.meta)
}
