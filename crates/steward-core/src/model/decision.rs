//! Decisions and the leader's own period reviews as data. Both are journal entries (so they
//! are sealed, searched, backed up, deleted and merged as entries are), told apart only
//! inside the sealed payload: the plaintext `kind` column of a decision or review says
//! `entry`, so the file does not show how many decisions were made or reviewed.
//!
//! A [`Decision`] holds the situation, the options, what the leader expects, a confidence
//! and a review date; its [`DecisionOutcome`] is written when it is reviewed. A
//! [`ReviewNote`] is the leader's summary of a quarter or year.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::period::Period;
use crate::error::{Error, Result};

/// The review intervals the app offers (days); any later date may be chosen instead.
pub const REVIEW_AFTER_DAYS: [u32; 3] = [30, 90, 180];

/// The longest a review may be put off: ten years.
const MAX_REVIEW_DAYS: i64 = 3653;

/// A decision as it was taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The situation: what called for a decision.
    pub situation: String,
    /// The options considered.
    #[serde(default)]
    pub options: String,
    /// What the leader expects to happen.
    pub expectation: String,
    /// How confident the leader is that it comes out as expected, 0–100 (%).
    pub confidence: u8,
    /// When to look at it again.
    #[ts(type = "string")]
    pub review_on: NaiveDate,
    /// What happened, once reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<DecisionOutcome>,
}

/// Whether a decision came out as expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AsExpected {
    /// It did.
    Yes,
    /// In part.
    Partly,
    /// It did not.
    No,
}

/// A decision's review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DecisionOutcome {
    /// The day it was reviewed.
    #[ts(type = "string")]
    pub reviewed_on: NaiveDate,
    /// What happened.
    pub what_happened: String,
    /// Whether it came out as expected.
    pub as_expected: AsExpected,
    /// What the leader would do again (or not).
    #[serde(default)]
    pub would_repeat: String,
}

/// The leader's own summary of a quarter or a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReviewNote {
    /// `2026-Q3` or `2026`.
    #[ts(type = "string")]
    pub period: Period,
    /// "What did I learn this quarter about how I use power and earn trust?"
    #[serde(default)]
    pub learned: String,
    /// "What will I do differently?"
    #[serde(default)]
    pub differently: String,
}

impl Decision {
    /// Refuses a decision that says nothing, a confidence over 100 %, or a review date
    /// before the decision or more than ten years after it.
    pub fn check(&self, decided_on: NaiveDate) -> Result<()> {
        if self.situation.trim().is_empty() && self.expectation.trim().is_empty() {
            return Err(Error::InvalidInput(
                "decision: say what the situation is or what you expect".into(),
            ));
        }
        if self.confidence > 100 {
            return Err(Error::InvalidInput(format!(
                "decision: confidence {} is not a percentage (0–100)",
                self.confidence
            )));
        }
        let days = (self.review_on - decided_on).num_days();
        if !(0..=MAX_REVIEW_DAYS).contains(&days) {
            return Err(Error::InvalidInput(format!(
                "decision: the review date {} is not between the decision ({decided_on}) \
                 and ten years after it",
                self.review_on
            )));
        }
        if let Some(outcome) = &self.outcome {
            if outcome.what_happened.trim().is_empty() {
                return Err(Error::InvalidInput(
                    "decision review: say what happened".into(),
                ));
            }
        }
        Ok(())
    }

    /// Whether its review is due on `today` (not yet reviewed, and the date has come).
    pub fn is_due(&self, today: NaiveDate) -> bool {
        self.outcome.is_none() && self.review_on <= today
    }
}

/// The texts of a decision or review note that search looks in, besides title, body and
/// tags.
pub fn searchable_text<'a>(
    decision: Option<&'a Decision>,
    review: Option<&'a ReviewNote>,
) -> impl Iterator<Item = &'a str> + Clone {
    let d = decision.into_iter().flat_map(|d| {
        [
            d.situation.as_str(),
            d.options.as_str(),
            d.expectation.as_str(),
        ]
        .into_iter()
        .chain(
            d.outcome
                .iter()
                .flat_map(|o| [o.what_happened.as_str(), o.would_repeat.as_str()]),
        )
    });
    let r = review
        .into_iter()
        .flat_map(|r| [r.learned.as_str(), r.differently.as_str()]);
    d.chain(r).filter(|t| !t.is_empty())
}
