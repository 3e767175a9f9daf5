//! Where the weekly practice stands: the reminder schedule (a sealed setting), the week
//! the journal began in, and this week's status (due or done, missed weeks, streaks).
//!
//! A service over the records layer and the reflections repository; the week arithmetic
//! and the rules of "due" and "missed" are pure, in [`crate::schedule`].

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, TimeZone};

use crate::error::{Error, Result};
use crate::records::Vault;
use crate::schedule::{week_status, Schedule, Week, WeekStatus};

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

    /// Where the weekly reflection stands at `now`: this week due or done, missed weeks
    /// since the journal began, streaks.
    pub fn week_status<Tz: TimeZone>(&self, now: &DateTime<Tz>) -> Result<WeekStatus>
    where
        Tz::Offset: std::fmt::Display,
    {
        let schedule = self.schedule()?;
        let reflections = self.vault.reflections().list()?;
        let mut completed = BTreeSet::new();
        let mut drafts = BTreeSet::new();
        for r in &reflections {
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
