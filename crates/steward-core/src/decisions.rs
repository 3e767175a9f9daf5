//! Decisions, stored: a decision is a journal entry carrying a sealed [`Decision`]
//! (`vault.decisions()`). Taking one, reviewing it against its outcome, and listing them.
//! Which are due and how well calibrated they were is computed in
//! [`crate::lookback::compute`].

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::error::{Error, Result};
pub use crate::model::decision::{AsExpected, Decision, DecisionOutcome, REVIEW_AFTER_DAYS};
use crate::model::entry::{Entry, EntryFilter, EntryUpdate, NewEntry};
use crate::records::Vault;

/// The decisions of an unlocked vault: `vault.decisions()`.
#[derive(Clone, Copy)]
pub struct Decisions<'v> {
    vault: &'v Vault,
}

impl Vault {
    /// The decisions.
    pub fn decisions(&self) -> Decisions<'_> {
        Decisions { vault: self }
    }
}

/// A decision to record.
#[derive(Debug, Clone)]
pub struct NewDecision {
    /// What was decided, in a line (the entry's title).
    pub title: String,
    /// The decision (without an outcome).
    pub decision: Decision,
    /// Notes (the entry's Markdown body).
    pub notes: String,
    /// Tags.
    pub tags: Vec<String>,
    /// The people it concerns (relationship ids).
    pub people: Vec<String>,
    /// When it was taken; now when `None`.
    pub created_at: Option<DateTime<FixedOffset>>,
}

impl Decisions<'_> {
    /// Records a decision.
    pub fn add(&self, new: NewDecision) -> Result<Entry> {
        if new.title.trim().is_empty() {
            return Err(Error::InvalidInput(
                "decision: say in a line what was decided".into(),
            ));
        }
        if new.decision.outcome.is_some() {
            return Err(Error::InvalidInput(
                "decision: a new decision has no outcome yet; review it when it is due".into(),
            ));
        }
        self.vault.entries().add(NewEntry {
            created_at: new.created_at,
            title: new.title,
            body: new.notes,
            tags: new.tags,
            people: new.people,
            decision: Some(new.decision),
            ..NewEntry::default()
        })
    }

    /// Records how decision `id` (or an unambiguous prefix) came out; reviewing again
    /// replaces the earlier review. Refuses an entry that is no decision.
    pub fn review(
        &self,
        id: &str,
        outcome: DecisionOutcome,
        expected_version: Option<i64>,
    ) -> Result<Entry> {
        let entry = self.vault.entries().get(id)?;
        let Some(decision) = entry.decision else {
            return Err(Error::InvalidInput(format!(
                "entry {} is not a decision",
                entry.id
            )));
        };
        self.vault.entries().update(
            &entry.id,
            EntryUpdate {
                decision: Some(Decision {
                    outcome: Some(outcome),
                    ..*decision
                }),
                ..EntryUpdate::default()
            },
            expected_version,
        )
    }

    /// Every decision, newest first (decrypts all entries; the app filters its session's
    /// index instead).
    pub fn list(&self) -> Result<Vec<Entry>> {
        let listing = self.vault.entries().list(&EntryFilter::default())?;
        Ok(listing
            .entries
            .into_iter()
            .filter(|e| e.decision.is_some())
            .collect())
    }
}

/// The review date `days` after `decided_on`.
pub fn review_date(decided_on: NaiveDate, days: u32) -> NaiveDate {
    decided_on + chrono::Duration::days(i64::from(days))
}
