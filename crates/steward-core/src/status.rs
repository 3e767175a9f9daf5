//! Where the weekly practice stands: the reminder schedule (a sealed setting), the week
//! the journal began in, and this week's status (due or done, missed weeks, streaks).
//!
//! A service over the records layer and the reflections repository; the week arithmetic
//! and the rules of "due" and "missed" are pure, in [`crate::schedule`].

use std::collections::BTreeSet;
use ts_rs::TS;

use chrono::{DateTime, NaiveDate, TimeZone};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::reflection::{PreviousStep, Reflection, StepType};
use crate::records::Vault;
use crate::schedule::{week_status, Schedule, Week, WeekStatus};

/// A past reflection as a history list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReflectionListItem {
    /// Its week.
    pub week: Week,
    /// Finished (else a draft).
    pub completed: bool,
    /// The exercise's relationship, by its current name.
    pub relationship: Option<String>,
    /// The step committed.
    pub step: String,
    /// Its kind.
    pub step_type: Option<StepType>,
}

/// Everything a reflection screen and a due banner need at a moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReflectionOverview {
    /// Where this week stands.
    pub status: WeekStatus,
    /// The step this week's reflection follows up.
    pub follow_up_of: Option<PreviousStep>,
    /// The reminder schedule.
    pub schedule: Schedule,
    /// Every reflection, newest first.
    pub reflections: Vec<ReflectionListItem>,
}

/// One week's reflection (if started) and the step it follows up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReflectionView {
    /// The week shown.
    pub week: Week,
    /// The week holding "now".
    pub current_week: Week,
    /// The saved reflection, if any.
    pub reflection: Option<Reflection>,
    /// The step to follow up.
    pub follow_up_of: Option<PreviousStep>,
    /// The latest reflection before this week, finished or not: its answers are shown
    /// faintly beside this week's questions.
    pub previous: Option<Reflection>,
    /// The day next week's reflection falls on: the day a step is taken by unless the
    /// leader picks another.
    #[ts(type = "string")]
    pub next_reflection_day: NaiveDate,
    /// The id of the week's optional prompt: the one answered, else the week's turn in the
    /// library ([`crate::reflections::prompts::for_week`]).
    pub prompt: String,
}

/// The weekly practice of an unlocked vault: `vault.status()`.
#[derive(Clone, Copy)]
pub struct Status<'v> {
    vault: &'v Vault,
}

impl Vault {
    /// The reminder schedule and where the weekly reflection stands.
    pub fn status(&self) -> Status<'_> {
        Status { vault: self }
    }
}

impl Status<'_> {
    /// The week the journal was created in (in `schedule`'s week convention, read in the
    /// zone of `now`).
    pub fn created_week<Tz: TimeZone>(
        &self,
        schedule: &Schedule,
        now: &DateTime<Tz>,
    ) -> Result<Week> {
        let created = self.vault.created_at()?;
        let date: NaiveDate = DateTime::parse_from_rfc3339(&created)
            .map(|t| t.with_timezone(&now.timezone()).date_naive())
            .map_err(|_| Error::Tampered {
                what: "the journal's creation date".into(),
            })?;
        Ok(Week::containing(date, schedule.week_start))
    }

    /// The reminder schedule (the default until one is saved).
    pub fn schedule(&self) -> Result<Schedule> {
        match self.vault.get_setting(Schedule::SETTING)? {
            None => Ok(Schedule::default()),
            Some(value) => serde_json::from_value(value).map_err(|_| Error::Tampered {
                what: "the reminder schedule setting".into(),
            }),
        }
    }

    /// Saves the reminder schedule.
    pub fn set_schedule(&self, schedule: &Schedule) -> Result<()> {
        self.vault.set_setting(
            Schedule::SETTING,
            &serde_json::to_value(schedule).expect("schedule serializes"),
        )
    }

    /// The week holding `now`, in the saved schedule's week convention.
    pub fn current_week<Tz: TimeZone>(&self, now: &DateTime<Tz>) -> Result<Week> {
        Ok(self.schedule()?.week_of(now))
    }

    /// Everything the reflection screen and the due banner show at `now`.
    pub fn overview<Tz: TimeZone>(&self, now: &DateTime<Tz>) -> Result<ReflectionOverview>
    where
        Tz::Offset: std::fmt::Display,
    {
        // One decrypting read of the reflections serves the status, the step to follow up
        // and the list.
        let reflections = self.vault.reflections().list()?;
        let status = self.week_status_of(now, &reflections)?;
        let names = self.vault.relationships().names_by_id()?;
        let follow_up_of = PreviousStep::before(&reflections, status.week, &names);
        let mut items: Vec<ReflectionListItem> = reflections
            .into_iter()
            .map(|r| ReflectionListItem {
                week: r.week,
                completed: r.is_completed(),
                relationship: (r.answers.exercise.relationship.as_ref())
                    .and_then(|id| names.get(id).cloned()),
                step: r.answers.exercise.step,
                step_type: r.answers.exercise.step_type,
            })
            .collect();
        items.reverse();
        Ok(ReflectionOverview {
            status,
            follow_up_of,
            schedule: self.schedule()?,
            reflections: items,
        })
    }

    /// The reflection of `week` (this week when `None`) at `now`, with the step it follows
    /// up.
    pub fn view<Tz: TimeZone>(
        &self,
        week: Option<Week>,
        now: &DateTime<Tz>,
    ) -> Result<ReflectionView> {
        let current_week = self.current_week(now)?;
        let week = week.unwrap_or(current_week);
        let all = self.vault.reflections().list()?;
        let names = self.vault.relationships().names_by_id()?;
        let reflection = all.iter().find(|r| r.week == week).cloned();
        let answered = reflection.as_ref().and_then(|r| r.answers.prompt.as_ref());
        Ok(ReflectionView {
            week,
            current_week,
            prompt: answered.map_or_else(
                || crate::reflections::prompts::for_week(week).id.to_string(),
                |p| p.id.clone(),
            ),
            reflection,
            follow_up_of: PreviousStep::before(&all, week, &names),
            previous: all.iter().rev().find(|r| r.week < week).cloned(),
            next_reflection_day: self.schedule()?.due_date(week.next()),
        })
    }

    /// Saves `week`'s answers at `now` (see [`crate::Reflections::save`]).
    pub fn save_reflection<Tz: TimeZone>(
        &self,
        week: Week,
        answers: crate::StoredAnswers,
        expected_version: Option<i64>,
        now: &DateTime<Tz>,
    ) -> Result<Reflection> {
        let current = self.current_week(now)?;
        self.vault
            .reflections()
            .save(week, answers, expected_version, current)
    }

    /// Finishes `week`'s reflection at `now` (see [`crate::Reflections::finish`]).
    pub fn finish_reflection<Tz: TimeZone>(
        &self,
        week: Week,
        now: &DateTime<Tz>,
    ) -> Result<Reflection> {
        let current = self.current_week(now)?;
        self.vault.reflections().finish(week, current)
    }

    /// What a [`crate::schedule::Reminder`] learns: the schedule and the finished weeks.
    pub fn reminder_facts(&self) -> Result<(Schedule, BTreeSet<Week>)> {
        let completed = (self.vault.reflections().list()?.into_iter())
            .filter(|r| r.is_completed())
            .map(|r| r.week)
            .collect();
        Ok((self.schedule()?, completed))
    }

    /// Where the weekly reflection stands at `now`: this week due or done, missed weeks
    /// since the journal began, streaks.
    pub fn week_status<Tz: TimeZone>(&self, now: &DateTime<Tz>) -> Result<WeekStatus>
    where
        Tz::Offset: std::fmt::Display,
    {
        self.week_status_of(now, &self.vault.reflections().list()?)
    }

    /// [`Status::week_status`] given every reflection, oldest first.
    fn week_status_of<Tz: TimeZone>(
        &self,
        now: &DateTime<Tz>,
        reflections: &[Reflection],
    ) -> Result<WeekStatus>
    where
        Tz::Offset: std::fmt::Display,
    {
        let schedule = self.schedule()?;
        let mut completed = BTreeSet::new();
        let mut drafts = BTreeSet::new();
        for r in reflections {
            if r.is_completed() {
                completed.insert(r.week);
            } else {
                drafts.insert(r.week);
            }
        }
        let mut since = self.created_week(&schedule, now)?;
        if let Some(first) = reflections.first() {
            since = since.min(first.week);
        }
        Ok(week_status(now, &schedule, &completed, &drafts, since))
    }
}
