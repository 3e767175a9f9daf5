//! What a deletion leaves behind: the id of the record, its kind and when it was deleted,
//! so a merge with an older copy of the journal (a backup, another computer) knows the
//! record is gone rather than new.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The kinds of record a tombstone can stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum RecordKind {
    /// A journal entry.
    Entry,
    /// A relationship.
    Relationship,
    /// A weekly reflection.
    Reflection,
}

impl RecordKind {
    /// The word for it in messages: `entry`.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Entry => "entry",
            RecordKind::Relationship => "relationship",
            RecordKind::Reflection => "reflection",
        }
    }
}

/// A deleted record: as sealed in the journal and as written in a backup
/// (`{"id", "kind", "deleted_at"}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tombstone {
    /// The deleted record's id.
    pub id: String,
    /// What it was.
    pub kind: RecordKind,
    /// When it was deleted (RFC 3339, UTC).
    #[serde(with = "crate::stamp::serde_utc")]
    pub deleted_at: DateTime<Utc>,
}

impl Tombstone {
    /// Whether a copy of the record last changed at `updated_at` was edited after this
    /// deletion: then the edit wins over the deletion when the two meet in a merge.
    pub fn outlived_by(&self, updated_at: DateTime<Utc>) -> bool {
        updated_at > self.deleted_at
    }
}
