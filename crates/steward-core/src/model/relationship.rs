//! A relationship as data: a person or group the leader names, and the rules for names.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// Longest relationship name, in characters.
pub const MAX_NAME_CHARS: usize = 120;

/// A decrypted relationship.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Relationship {
    /// UUID.
    pub id: String,
    /// The leader's name for the person or group, e.g. "Dana (design lead)".
    pub name: String,
    /// Kept for history, not offered for new reflections.
    pub archived: bool,
    /// The leader's private notes on the person, e.g. for their 1:1s (Markdown; empty
    /// until written, and in backups made before notes existed).
    #[serde(default)]
    pub notes: String,
    /// Created (RFC 3339, UTC, in JSON).
    #[serde(with = "crate::stamp::serde_utc")]
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    /// Last change (RFC 3339, UTC, in JSON).
    #[serde(with = "crate::stamp::serde_utc")]
    #[ts(type = "string")]
    pub updated_at: DateTime<Utc>,
    /// Record version.
    pub version: i64,
}

/// Longest private notes on a relationship, in characters (about 150 pages).
pub const MAX_NOTES_CHARS: usize = 500_000;

/// Trims a name (inner runs of spaces become one) and checks it is usable.
pub(crate) fn clean_name(name: &str) -> Result<String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(Error::InvalidInput(
            "relationship: the name is empty; name the person or group".into(),
        ));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Error::InvalidInput(format!(
            "relationship: the name is longer than {MAX_NAME_CHARS} characters"
        )));
    }
    Ok(name)
}
