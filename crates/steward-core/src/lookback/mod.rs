//! Looking back, as a service over an unlocked vault (`vault.look_back()`): on this day,
//! the quarter's and year's reviews with the leader's own summary (saved as a journal entry
//! that carries a [`ReviewNote`]), which reviews to offer, and the calibration of reviewed
//! decisions. The figures are computed in [`compute`] (pure); this module gathers their
//! input. Entries come from the caller — the app's session already holds them decrypted;
//! the CLI lists them once.

pub mod compute;

use chrono::{DateTime, NaiveDate, TimeZone};

pub use self::compute::{
    calibration, decision_list, due_decisions, offered_periods, on_this_day, period_review,
    review_periods, Bias, Calibration, CalibrationBand, DecisionList, OnThisDay, PeriodDecisions,
    PeriodReview, PeriodWriting, PersonMove, YearAgo, CALIBRATION_MIN_REVIEWED,
};
use crate::error::Result;
use crate::model::decision::ReviewNote;
use crate::model::entry::{Entry, EntryUpdate, NewEntry};
pub use crate::model::period::Period;
use crate::records::Vault;
use crate::trends::EntryStat;

/// The setting that lists the reviews the leader said "not now" to.
pub const DISMISSED_REVIEWS_SETTING: &str = "reviews_dismissed";
/// The setting that holds the day the leader said "not today" to "on this day".
pub const ON_THIS_DAY_DISMISSED_SETTING: &str = "on_this_day_dismissed";

/// Looking back over an unlocked vault: `vault.look_back()`.
#[derive(Clone, Copy)]
pub struct LookBack<'v> {
    vault: &'v Vault,
}

impl Vault {
    /// Looking back: on this day, period reviews.
    pub fn look_back(&self) -> LookBack<'_> {
        LookBack { vault: self }
    }
}

/// A period's review and the leader's saved summary of it, if any.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct ReviewWithNote {
    /// The figures.
    pub review: PeriodReview,
    /// The entry holding the leader's summary (the newest, should two devices each have
    /// written one).
    pub note: Option<Entry>,
}

/// The saved review note of `period` among `entries` (the most recently changed).
pub fn saved_note<'a>(
    entries: impl IntoIterator<Item = &'a Entry>,
    period: Period,
) -> Option<&'a Entry> {
    entries
        .into_iter()
        .filter(|e| e.review.as_ref().is_some_and(|r| r.period == period))
        .max_by_key(|e| e.updated_at)
}

impl LookBack<'_> {
    /// What was written on `date` in earlier years.
    pub fn on_this_day<'a>(
        &self,
        date: NaiveDate,
        entries: impl IntoIterator<Item = &'a Entry>,
    ) -> Result<OnThisDay> {
        let schedule = self.vault.status().schedule()?;
        let reflections = self.vault.reflections().list()?;
        let mut day = on_this_day(date, schedule.week_start, entries, &reflections);
        day.dismissed = self
            .vault
            .get_setting(ON_THIS_DAY_DISMISSED_SETTING)?
            .is_some_and(|v| v.as_str() == Some(date.to_string().as_str()));
        Ok(day)
    }

    /// Hides "on this day" for `date` ("Not today").
    pub fn dismiss_on_this_day(&self, date: NaiveDate) -> Result<()> {
        let value = serde_json::Value::String(date.to_string());
        self.vault
            .set_setting(ON_THIS_DAY_DISMISSED_SETTING, &value)
    }

    /// The review of `period` seen at `now`, with its saved note.
    pub fn review<'a, Tz: TimeZone>(
        &self,
        period: Period,
        now: &DateTime<Tz>,
        entries: impl IntoIterator<Item = &'a Entry> + Clone,
    ) -> Result<ReviewWithNote> {
        let data = self.vault.review().data(now)?;
        let stats: Vec<EntryStat> = entries.clone().into_iter().map(EntryStat::of).collect();
        let input = data.input(&stats, now.date_naive(), None, None);
        let decisions =
            (entries.clone().into_iter()).filter_map(|e| e.decision.as_deref().map(|d| (e, d)));
        Ok(ReviewWithNote {
            review: period_review(period, &input, decisions),
            note: saved_note(entries, period).cloned(),
        })
    }

    /// Saves the leader's summary of `note.period` under `title`: a new review entry, or
    /// the existing one changed (guarded by `expected_version` when given).
    pub fn save_note<'a>(
        &self,
        note: ReviewNote,
        title: String,
        entries: impl IntoIterator<Item = &'a Entry>,
        expected_version: Option<i64>,
    ) -> Result<Entry> {
        match saved_note(entries, note.period) {
            Some(existing) => self.vault.entries().update(
                &existing.id,
                EntryUpdate {
                    title: Some(title),
                    review: Some(note),
                    ..EntryUpdate::default()
                },
                expected_version,
            ),
            None => self.vault.entries().add(NewEntry {
                title,
                review: Some(note),
                ..NewEntry::default()
            }),
        }
    }

    /// The reviews to offer on `today`: those of [`offered_periods`] that hold something
    /// to look back on (an entry or a finished reflection), with no saved note, and not
    /// dismissed.
    pub fn offers<'a>(
        &self,
        today: NaiveDate,
        entries: impl IntoIterator<Item = &'a Entry> + Clone,
    ) -> Result<Vec<Period>> {
        let dismissed = self.dismissed()?;
        let week_start = self.vault.status().schedule()?.week_start;
        let reflections = self.vault.reflections().list()?;
        let holds_something = |p: Period| {
            let wrote = (entries.clone().into_iter())
                .any(|e| e.review.is_none() && p.contains(e.created_at.date_naive()));
            wrote
                || (reflections.iter())
                    .any(|r| r.is_completed() && p.contains(r.week.first_day(week_start)))
        };
        Ok(offered_periods(today)
            .into_iter()
            .filter(|p| !dismissed.contains(p) && saved_note(entries.clone(), *p).is_none())
            .filter(|p| holds_something(*p))
            .collect())
    }

    /// Stops offering the review of `period` ("Not now").
    pub fn dismiss(&self, period: Period) -> Result<()> {
        let mut dismissed = self.dismissed()?;
        if !dismissed.contains(&period) {
            dismissed.push(period);
        }
        // Only the recent ones matter; the list stays short.
        dismissed.sort();
        let keep = dismissed.len().saturating_sub(8);
        let value = serde_json::to_value(&dismissed[keep..]).expect("period names");
        self.vault.set_setting(DISMISSED_REVIEWS_SETTING, &value)
    }

    fn dismissed(&self) -> Result<Vec<Period>> {
        Ok(self
            .vault
            .get_setting(DISMISSED_REVIEWS_SETTING)?
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default())
    }
}
