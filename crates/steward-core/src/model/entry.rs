//! A journal entry as data: what it is, what a new one or a change carries, which ones to
//! list, and how tags are cleaned. Storage is [`crate::entries`]; search over entries is
//! [`crate::search`].

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use super::decision::{Decision, ReviewNote};

/// What an entry is: free writing, or a daily / weekly journal entry (as imported).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, TS)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// Free writing (what the app and `steward add` create).
    #[default]
    Entry,
    /// A daily journal entry.
    Daily,
    /// A weekly journal entry.
    Weekly,
}

impl EntryKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Entry => "entry",
            EntryKind::Daily => "daily",
            EntryKind::Weekly => "weekly",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "entry" => Some(EntryKind::Entry),
            "daily" => Some(EntryKind::Daily),
            "weekly" => Some(EntryKind::Weekly),
            _ => None,
        }
    }
}

/// A decrypted entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Entry {
    /// UUID.
    pub id: String,
    /// When it was written, with the writer's UTC offset.
    pub created_at: DateTime<FixedOffset>,
    /// Last change (UTC).
    pub updated_at: DateTime<Utc>,
    /// Kind.
    pub kind: EntryKind,
    /// Record version: 1 when created, +1 on each update.
    pub version: i64,
    /// Title (may be empty).
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Tags, without `#`/`@`, in the order given, deduplicated case-insensitively.
    pub tags: Vec<String>,
    /// The relationships (ids) the entry is about, in the order linked; empty for most
    /// entries, and for those written before entries could name people.
    #[serde(default)]
    pub people: Vec<String>,
    /// A decision entry's decision (and its review, once written). Boxed, as is the review:
    /// most entries have neither, and the session holds every entry (10k entries × the
    /// two inline would be ~2 MB more).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub decision: Option<Box<Decision>>,
    /// A period review's summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub review: Option<Box<ReviewNote>>,
}

impl Entry {
    /// Whether two entries hold the same content: what was written and when, not the
    /// row's version or save time (each journal's own). Backup imports and sync both ask.
    pub(crate) fn same_content(&self, other: &Entry) -> bool {
        self.title == other.title
            && self.body == other.body
            && self.tags == other.tags
            && self.people == other.people
            && self.created_at == other.created_at
            && self.kind == other.kind
            && self.decision == other.decision
            && self.review == other.review
    }

    /// What search looks at besides the title and body: the tags, then the decision's or
    /// review's texts.
    pub fn search_extras(&self) -> impl Iterator<Item = &str> + Clone {
        self.tags
            .iter()
            .map(String::as_str)
            .chain(super::decision::searchable_text(
                self.decision.as_deref(),
                self.review.as_deref(),
            ))
    }

    /// Overwrites the decision's and review's texts in place (the session's index wipes
    /// title, body and tags itself).
    pub(crate) fn wipe_details(&mut self) {
        use zeroize::Zeroize;
        if let Some(d) = &mut self.decision {
            d.situation.zeroize();
            d.options.zeroize();
            d.expectation.zeroize();
            if let Some(o) = &mut d.outcome {
                o.what_happened.zeroize();
                o.would_repeat.zeroize();
            }
        }
        if let Some(r) = &mut self.review {
            r.learned.zeroize();
            r.differently.zeroize();
        }
    }
}

/// What identifies an imported entry in the file it came from: jrnl's date, time, title
/// and body, or Day One's own id (any string). The import turns it into the entry's id with
/// the journal's secret import key ([`crate::import`]), so the stored id says nothing about
/// the text, and importing the same file twice still adds nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOrigin {
    /// The program, e.g. `jrnl` or `dayone`.
    pub source: &'static str,
    /// What identifies the entry there.
    pub key: String,
}

/// A new entry to save.
#[derive(Debug, Clone, Default)]
pub struct NewEntry {
    /// Keep this id (import); a new UUID when `None` (and no [`NewEntry::origin`]).
    pub id: Option<String>,
    /// Where an imported entry came from; its id is then derived from this with the
    /// journal's import key (and `id` is ignored).
    pub origin: Option<ImportOrigin>,
    /// When written; now (local offset) when `None`.
    pub created_at: Option<DateTime<FixedOffset>>,
    /// Kind.
    pub kind: EntryKind,
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Ids of the relationships it is about (each must exist).
    pub people: Vec<String>,
    /// Makes it a decision entry.
    pub decision: Option<Decision>,
    /// Makes it a period review.
    pub review: Option<ReviewNote>,
}

/// Changes to an entry; `None` fields stay as they are.
#[derive(Debug, Clone, Default)]
pub struct EntryUpdate {
    /// New title.
    pub title: Option<String>,
    /// New body.
    pub body: Option<String>,
    /// New tags.
    pub tags: Option<Vec<String>>,
    /// New links to relationships (ids; each must exist).
    pub people: Option<Vec<String>>,
    /// New date.
    pub created_at: Option<DateTime<FixedOffset>>,
    /// The decision, changed or reviewed (only on a decision entry).
    pub decision: Option<Decision>,
    /// The period review's summary, changed (only on a review entry).
    pub review: Option<ReviewNote>,
}

/// Which entries to list.
#[derive(Debug, Clone, Default)]
pub struct EntryFilter {
    /// Written at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Written before this instant (exclusive).
    pub until: Option<DateTime<Utc>>,
    /// Carrying this tag (case-insensitive).
    pub tag: Option<String>,
}

/// Entries that opened, and the ids of those that did not (damaged or tampered).
#[derive(Debug, Default)]
pub struct Listing {
    /// Entries, newest first.
    pub entries: Vec<Entry>,
    /// Ids of rows that failed to decrypt.
    pub damaged: Vec<String>,
}

/// Cleans a tag list: trims, drops a leading `#` or `@`, drops empties and
/// case-insensitive duplicates, keeps the first spelling and the order.
pub fn normalize_tags<I, S>(tags: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let t = tag.as_ref().trim().trim_start_matches(['#', '@']).trim();
        if t.is_empty() {
            continue;
        }
        let folded = t.to_lowercase();
        if !out.iter().any(|o| o.to_lowercase() == folded) {
            out.push(t.to_string());
        }
    }
    out
}

/// Refuses an entry that is both a decision and a review, and a decision that does not
/// [`Decision::check`] against the day it was taken.
pub(crate) fn check_details(
    decision: Option<&Decision>,
    review: Option<&ReviewNote>,
    created_at: &DateTime<FixedOffset>,
) -> crate::error::Result<()> {
    if decision.is_some() && review.is_some() {
        return Err(crate::error::Error::InvalidInput(
            "entry: an entry is a decision or a review, not both".into(),
        ));
    }
    match decision {
        Some(d) => d.check(created_at.date_naive()),
        None => Ok(()),
    }
}

/// Cleans a list of relationship ids an entry links to: canonical spelling, duplicates
/// dropped, the order kept. An id that is no UUID is refused.
pub(crate) fn normalize_people(people: &[String]) -> crate::error::Result<Vec<String>> {
    let mut out: Vec<String> = Vec::with_capacity(people.len());
    for id in people {
        let id = super::canonical_id(id).ok_or_else(|| {
            crate::error::Error::InvalidInput(format!("entry: person id {id:?} is not a UUID"))
        })?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}
