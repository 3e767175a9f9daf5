//! Looking back through the session: on this day, period reviews and their notes,
//! decisions and the printable record, over the entries the session holds decrypted (so
//! none of them is read from disk again), keeping the index current after each save.

use std::path::Path;

use chrono::{DateTime, NaiveDate, TimeZone};

use super::Session;
use crate::decisions::{DecisionOutcome, NewDecision};
use crate::error::Result;
use crate::lookback::{self, DecisionList, OnThisDay, Period, ReviewWithNote};
use crate::model::decision::ReviewNote;
use crate::model::entry::Entry;
use crate::printable::{RecordRequest, RecordSummary, RecordWords};

impl Session {
    /// What was written on `date` in earlier years.
    pub fn on_this_day(&self, date: NaiveDate) -> Result<OnThisDay> {
        self.vault
            .look_back()
            .on_this_day(date, self.index.entries())
    }

    /// Hides "on this day" until the next day.
    pub fn dismiss_on_this_day(&self, date: NaiveDate) -> Result<()> {
        self.vault.look_back().dismiss_on_this_day(date)
    }

    /// The review of `period` at `now`, with its saved note.
    pub fn period_review<Tz: TimeZone>(
        &self,
        period: Period,
        now: &DateTime<Tz>,
    ) -> Result<ReviewWithNote> {
        self.vault
            .look_back()
            .review(period, now, self.index.entries())
    }

    /// The periods there is something to review in, newest first.
    pub fn review_periods(&self, today: NaiveDate) -> Result<Vec<Period>> {
        let first_entry = self
            .index
            .entries()
            .map(|e| e.created_at.date_naive())
            .min();
        let schedule = self.vault.status().schedule()?;
        let first_week = self
            .vault
            .reflections()
            .list()?
            .first()
            .map(|r| r.week.first_day(schedule.week_start));
        let first = [first_entry, first_week]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(today);
        Ok(lookback::review_periods(first, today))
    }

    /// The reviews to offer on `today`.
    pub fn review_offers(&self, today: NaiveDate) -> Result<Vec<Period>> {
        self.vault.look_back().offers(today, self.index.entries())
    }

    /// Stops offering the review of `period`.
    pub fn dismiss_review(&self, period: Period) -> Result<()> {
        self.vault.look_back().dismiss(period)
    }

    /// Saves the leader's summary of a period (a new review entry, or the existing one).
    pub fn save_review_note(
        &mut self,
        note: ReviewNote,
        title: String,
        expected_version: Option<i64>,
    ) -> Result<Entry> {
        let entry = self.vault.look_back().save_note(
            note,
            title,
            self.index.entries(),
            expected_version,
        )?;
        self.saved(entry)
    }

    /// The decisions as of `today`.
    pub fn decisions(&self, today: NaiveDate) -> DecisionList {
        lookback::decision_list(self.index.entries(), today)
    }

    /// Records a decision.
    pub fn add_decision(&mut self, new: NewDecision) -> Result<Entry> {
        let entry = self.vault.decisions().add(new)?;
        self.saved(entry)
    }

    /// Records how a decision came out.
    pub fn review_decision(
        &mut self,
        id: &str,
        outcome: DecisionOutcome,
        expected_version: Option<i64>,
    ) -> Result<Entry> {
        let entry = self
            .vault
            .decisions()
            .review(id, outcome, expected_version)?;
        self.saved(entry)
    }

    /// Writes the printable record (unencrypted: the front end warned first).
    pub fn record_pdf(
        &self,
        path: &Path,
        request: &RecordRequest,
        words: &RecordWords,
        today: NaiveDate,
    ) -> Result<RecordSummary> {
        let entries: Vec<&Entry> = self.index.entries().collect();
        self.vault
            .exports()
            .pdf_of(path, request, words, today, &entries)
    }

    fn saved(&mut self, entry: Entry) -> Result<Entry> {
        self.index.upsert(entry.clone());
        self.entry_stats = None;
        Ok(entry)
    }
}
