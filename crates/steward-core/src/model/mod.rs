//! The domain as data: entries, relationships and reflections as the front ends see them,
//! with the rules that need no storage (tag cleaning, name rules, what a finished
//! reflection needs). Below the repositories and the computations, which both use it;
//! depends on nothing but [`crate::schedule`]'s week names. Its types are re-exported by
//! the domain modules ([`crate::entries`], [`crate::relationships`], [`crate::reflections`]),
//! which are their public paths.

pub(crate) mod decision;
pub(crate) mod entry;
pub(crate) mod period;
pub mod prompts;
pub(crate) mod ratings;
pub(crate) mod reflection;
pub(crate) mod relationship;
pub(crate) mod tombstone;

use crate::error::{Error, Result};

/// The highest record version accepted from outside (a backup, an import): 2^40, a
/// thousand edits a day for three million years. Bounding it keeps `version + 1` far from
/// overflow, so a record read from a hostile file stays editable.
pub const MAX_RECORD_VERSION: i64 = 1 << 40;

/// The one spelling of a record id: a UUID, lowercase and hyphenated. `{X}`, `urn:uuid:X`
/// and the unhyphenated or uppercase spellings of the same UUID are the same record, so
/// verifying, restoring and merging all compare ids in this form; `None` when `id` is no
/// UUID at all.
pub fn canonical_id(id: &str) -> Option<String> {
    uuid::Uuid::try_parse(id)
        .ok()
        .map(|u| u.hyphenated().to_string())
}

/// The version after `version`; a version already at [`MAX_RECORD_VERSION`] (only a
/// tampered or hostile row has one) is refused instead of overflowing.
pub(crate) fn next_version(what: &str, id: &str, version: i64) -> Result<i64> {
    version
        .checked_add(1)
        .filter(|v| (1..=MAX_RECORD_VERSION).contains(v))
        .ok_or_else(|| Error::Tampered {
            what: format!("{what} {id} (its version {version} is out of range)"),
        })
}
