//! Trends over a date range, from data decrypted in memory: per relationship the authority /
//! trust gap week by week; where the leader's strength came from; how often committed steps
//! were kept (partly done counts half); the trust account; reflection completion and
//! streaks; writing frequency. Each part carries one plain-language sentence ("reading")
//! that the CLI prints and the app shows beside its chart.
//!
//! This module holds the figures' types; [`compute`] (a pure function of its
//! [`TrendsInput`], in `compute.rs`) fills them and `readings.rs` words them. Gathering the
//! input from a vault is the [`Review`] service.

mod compute;
mod headlines;
mod readings;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

pub use self::compute::compute;
pub(crate) use self::compute::compute_range;
pub use self::headlines::{Headline, Headlines};
use crate::error::{Error, Result};
use crate::model::entry::Entry;
pub use crate::model::ratings::RatingSource;
use crate::model::reflection::{Deposit, Eroder, Reflection, StepType, StrengthSource};
use crate::model::relationship::Relationship;
use crate::records::Vault;
use crate::schedule::{Week, WeekStart};
use crate::text::entry_words;

/// What partly done counts for in follow-through rates.
pub const PARTLY_WEIGHT: f64 = 0.5;

/// One entry, as trends need it: the day it was written (the writer's local date) and its
/// length in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryStat {
    /// Local date written.
    pub date: NaiveDate,
    /// Words in title and body.
    pub words: u32,
}

impl EntryStat {
    /// The stat of an entry.
    pub fn of(entry: &Entry) -> Self {
        EntryStat {
            date: entry.created_at.date_naive(),
            words: entry_words(&entry.body) as u32,
        }
    }
}

/// Everything trends are computed from.
#[derive(Debug, Clone)]
pub struct TrendsInput<'a> {
    /// All reflections (any order).
    pub reflections: &'a [Reflection],
    /// All relationships (for current names).
    pub relationships: &'a [Relationship],
    /// All entries.
    pub entries: &'a [EntryStat],
    /// The week convention.
    pub week_start: WeekStart,
    /// Today's local date (the current week, streaks).
    pub today: NaiveDate,
    /// The first week that counts for completion (the journal's creation week, or an
    /// earlier week with a reflection).
    pub since: Week,
    /// First day of the range (inclusive); `None` = from the beginning.
    pub from: Option<NaiveDate>,
    /// Last day of the range (inclusive); `None` = today.
    pub to: Option<NaiveDate>,
}

/// The trends of a range.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Trends {
    /// First week of the range (absent when there is no data and no `from`).
    pub from: Option<Week>,
    /// Last week of the range.
    pub to: Week,
    /// Per relationship, by current name, those rated in the range.
    pub relationships: Vec<RelationshipTrend>,
    /// How many reflections said power, trust or both.
    pub strength_source_counts: SourceCounts,
    /// The strength source week by week, oldest first.
    pub strength_sources: Vec<WeekSource>,
    /// Share of the followed-up steps (committed in the range) that were done, partly done
    /// counting half; `None` when no step was followed up.
    pub follow_through_rate: Option<f64>,
    /// Follow-through in detail.
    pub follow_through: FollowThrough,
    /// Deposits and withdrawals.
    pub trust_account: TrustAccountTrend,
    /// Reflections done against weeks elapsed.
    pub completion: Completion,
    /// Entries and words.
    pub writing: Writing,
    /// One sentence per part.
    pub readings: Readings,
    /// The three statements at the top, with the change since the period before.
    pub headlines: Headlines,
}

/// Authority and trust with one relationship over the range.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RelationshipTrend {
    /// Relationship id.
    pub id: String,
    /// Current name.
    pub name: String,
    /// Archived.
    pub archived: bool,
    /// The weeks it was rated, oldest first.
    pub points: Vec<GapPoint>,
    /// Authority − trust at the last point.
    pub latest_gap: i8,
    /// Change of the gap from the first point to the last (negative = closing).
    pub gap_change: i8,
    /// The sentence.
    pub reading: String,
}

/// One week's ratings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct GapPoint {
    /// The week.
    pub week: Week,
    /// Authority 1–5.
    pub authority: u8,
    /// Trust 1–5.
    pub trust: u8,
    /// Authority − trust.
    pub gap: i8,
    /// Where the rating comes from.
    pub source: RatingSource,
}

/// Counts of strength sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, TS)]
pub struct SourceCounts {
    /// Power.
    pub power: u32,
    /// Trust.
    pub trust: u32,
    /// Both.
    pub both: u32,
}

/// One week's strength source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct WeekSource {
    /// The week.
    pub week: Week,
    /// The answer.
    pub source: StrengthSource,
}

/// How committed steps went.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FollowThrough {
    /// Steps committed in the range.
    pub committed: u32,
    /// Of those, followed up (a later reflection said done / partly / not done).
    pub followed_up: u32,
    /// Done.
    pub done: u32,
    /// Partly done.
    pub partly: u32,
    /// Not done.
    pub not_done: u32,
    /// What partly done counts for (0.5).
    pub partly_weight: f64,
    /// Rate over the steps committed in the 4 weeks ending each week, oldest first.
    pub rolling_4: Vec<RollingPoint>,
    /// The same over 12 weeks.
    pub rolling_12: Vec<RollingPoint>,
    /// Per step type.
    pub by_step_type: Vec<StepTypeStats>,
}

/// A rolling follow-through rate at one week.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
pub struct RollingPoint {
    /// The last week of the window.
    pub week: Week,
    /// The rate, `None` when no step of the window was followed up.
    pub rate: Option<f64>,
}

/// Steps of one type.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct StepTypeStats {
    /// The type.
    pub step_type: StepType,
    /// Committed.
    pub committed: u32,
    /// Followed up.
    pub followed_up: u32,
    /// Done.
    pub done: u32,
    /// Partly.
    pub partly: u32,
    /// Not done.
    pub not_done: u32,
    /// Follow-through rate, `None` when none was followed up.
    pub rate: Option<f64>,
}

/// The trust account over the range.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TrustAccountTrend {
    /// Week by week, oldest first (weeks with a reflection).
    pub weeks: Vec<AccountWeek>,
    /// Total deposits.
    pub deposits: u32,
    /// Total withdrawals.
    pub withdrawals: u32,
    /// Deposits − withdrawals.
    pub net: i32,
    /// Each trust eroder: as a withdrawal, as a cause of lost trust, and both; most first.
    pub eroders: Vec<EroderCount>,
    /// Each deposit kind, most first.
    pub deposit_kinds: Vec<DepositCount>,
}

/// One week's account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct AccountWeek {
    /// The week.
    pub week: Week,
    /// Deposits.
    pub deposits: u32,
    /// Withdrawals.
    pub withdrawals: u32,
    /// Deposits − withdrawals.
    pub net: i32,
}

/// How often one eroder came up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct EroderCount {
    /// The eroder.
    pub eroder: Eroder,
    /// As a trust-account withdrawal.
    pub withdrawals: u32,
    /// As a cause of lost trust (question 2).
    pub causes: u32,
    /// Both together.
    pub total: u32,
}

/// How often one kind of deposit was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct DepositCount {
    /// The kind.
    pub deposit: Deposit,
    /// Weeks it was made.
    pub count: u32,
}

/// Reflections done against weeks elapsed.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Completion {
    /// Weeks of the range that have ended or whose reflection is done.
    pub weeks_elapsed: u32,
    /// Of those, with a finished reflection.
    pub completed: u32,
    /// Weeks with a draft only.
    pub drafts: u32,
    /// Elapsed weeks without a finished reflection.
    pub missed: u32,
    /// completed / weeks_elapsed, `None` when no week elapsed.
    pub rate: Option<f64>,
    /// Finished weeks in a row up to now (this week if finished, else last week).
    pub current_streak: u32,
    /// Longest run of finished weeks in the range.
    pub longest_streak: u32,
    /// Weeks with a finished reflection, oldest first (the calendar).
    pub weeks: Vec<Week>,
}

/// Writing frequency.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Writing {
    /// Entries in the range.
    pub entries: u32,
    /// Their words.
    pub words: u64,
    /// Days with at least one entry.
    pub days_written: u32,
    /// Week by week (weeks with entries), oldest first.
    pub weeks: Vec<WritingWeek>,
    /// Day by day (days with entries), oldest first: the calendar.
    pub days: Vec<WritingDay>,
}

/// One week's writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct WritingWeek {
    /// The week.
    pub week: Week,
    /// Entries.
    pub entries: u32,
    /// Words.
    pub words: u64,
}

/// One day's writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct WritingDay {
    /// The day.
    pub date: NaiveDate,
    /// Entries.
    pub entries: u32,
    /// Words.
    pub words: u64,
}

/// The plain-language sentence of each part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Readings {
    /// The authority / trust gap across relationships.
    pub gap: String,
    /// Strength source.
    pub strength: String,
    /// Follow-through.
    pub follow_through: String,
    /// Step-type mix.
    pub step_types: String,
    /// Trust account.
    pub trust_account: String,
    /// Completion and streaks.
    pub completion: String,
    /// Writing.
    pub writing: String,
}

/// Trends over an unlocked vault: `vault.review()`.
#[derive(Clone, Copy)]
pub struct Review<'v> {
    vault: &'v Vault,
}

impl Vault {
    /// The review over months and years.
    pub fn review(&self) -> Review<'_> {
        Review { vault: self }
    }
}

/// The dates of a range as a front end offers it: `"3m"` (the last three months), `"1y"`
/// (the last year), `"all"`, or `"custom"` with `from` / `to` (YYYY-MM-DD, inclusive;
/// either may be empty), seen from `today`.
pub fn range_dates(
    range: &str,
    from: Option<&str>,
    to: Option<&str>,
    today: NaiveDate,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>)> {
    let day = |text: Option<&str>, name: &str| -> Result<Option<NaiveDate>> {
        match text.map(str::trim) {
            None | Some("") => Ok(None),
            Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| Error::InvalidInput(format!("{name} {t:?} is not a date"))),
        }
    };
    Ok(match range {
        "3m" => (today.checked_sub_months(chrono::Months::new(3)), None),
        "1y" => (today.checked_sub_months(chrono::Months::new(12)), None),
        "all" => (None, None),
        "custom" => (day(from, "from")?, day(to, "to")?),
        other => return Err(Error::InvalidInput(format!("unknown range {other:?}"))),
    })
}

impl Review<'_> {
    /// The trends from `from` to `to` (inclusive local dates; `None` = the beginning, and
    /// today) at `now`, over this vault's reflections and the given entries.
    pub fn trends<Tz: chrono::TimeZone>(
        &self,
        now: &chrono::DateTime<Tz>,
        entries: &[EntryStat],
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Trends> {
        let data = self.data(now)?;
        Ok(compute(&data.input(entries, now.date_naive(), from, to)))
    }

    /// What trends (and a period's review) are computed from, read and decrypted from the
    /// vault at `now`: every reflection and relationship, the week convention, and the first
    /// week that counts.
    pub fn data<Tz: chrono::TimeZone>(&self, now: &chrono::DateTime<Tz>) -> Result<TrendsData> {
        let status = self.vault.status();
        let schedule = status.schedule()?;
        let reflections = self.vault.reflections().list()?;
        let relationships = self.vault.relationships().list()?;
        let mut since = status.created_week(&schedule, now)?;
        if let Some(first) = reflections.first() {
            since = since.min(first.week);
        }
        Ok(TrendsData {
            reflections,
            relationships,
            week_start: schedule.week_start,
            since,
        })
    }
}

/// The vault's part of a [`TrendsInput`] ([`Review::data`]).
#[derive(Debug, Clone)]
pub struct TrendsData {
    /// All reflections.
    pub reflections: Vec<Reflection>,
    /// All relationships.
    pub relationships: Vec<Relationship>,
    /// The week convention.
    pub week_start: WeekStart,
    /// The first week that counts for completion.
    pub since: Week,
}

impl TrendsData {
    /// The trends input over these and `entries`, seen on `today`, from `from` to `to`.
    pub fn input<'a>(
        &'a self,
        entries: &'a [EntryStat],
        today: NaiveDate,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> TrendsInput<'a> {
        TrendsInput {
            reflections: &self.reflections,
            relationships: &self.relationships,
            entries,
            week_start: self.week_start,
            today,
            since: self.since,
            from,
            to,
        }
    }
}
