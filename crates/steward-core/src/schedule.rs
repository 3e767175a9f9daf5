//! Weeks and the weekly reminder: week names, when a week's reflection is due, which weeks
//! were missed, and the streak of completed weeks.
//!
//! A week is named like ISO 8601 (`2026-W47`). With weeks starting on Monday the name is
//! exactly the ISO week. With weeks starting on Sunday, a week runs Sunday–Saturday and is
//! named after the ISO week of its Monday, so the two conventions agree on every day but
//! Sunday, and switching the setting never renames a stored reflection.
//!
//! Everything here is pure: callers pass "now" with its time zone (any `chrono::TimeZone`,
//! `Local` in the apps, fixed zones in tests). A stored reflection is identified by its week
//! name, never by an instant, so a machine that changes time zone, crosses a DST change or
//! has its clock moved backwards only changes which week is *current*, never which week a
//! reflection belongs to.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// An ISO-8601 week: year and week number (1–52 or 53).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Week {
    year: i32,
    week: u32,
}

impl Week {
    /// The week `week` of ISO year `year`, if it exists (week 53 exists only in long years).
    pub fn new(year: i32, week: u32) -> Option<Self> {
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).map(|_| Week { year, week })
    }

    /// The ISO year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The week number.
    pub fn number(self) -> u32 {
        self.week
    }

    /// The Monday of this week.
    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).expect("checked in new")
    }

    /// The ISO week holding `date`.
    pub fn of_iso(date: NaiveDate) -> Self {
        let iso = date.iso_week();
        Week {
            year: iso.year(),
            week: iso.week(),
        }
    }

    /// The week holding `date` when weeks start on `start`.
    pub fn containing(date: NaiveDate, start: WeekStart) -> Self {
        match start {
            WeekStart::Monday => Self::of_iso(date),
            WeekStart::Sunday if date.weekday() == Weekday::Sun => {
                Self::of_iso(date + Duration::days(1))
            }
            WeekStart::Sunday => Self::of_iso(date),
        }
    }

    /// The first day of this week when weeks start on `start`.
    pub fn first_day(self, start: WeekStart) -> NaiveDate {
        match start {
            WeekStart::Monday => self.monday(),
            WeekStart::Sunday => self.monday() - Duration::days(1),
        }
    }

    /// The following week.
    pub fn next(self) -> Self {
        Self::of_iso(self.monday() + Duration::days(7))
    }

    /// The week before.
    pub fn prev(self) -> Self {
        Self::of_iso(self.monday() - Duration::days(7))
    }

    /// Whole weeks from `self` to `later` (negative when `later` is earlier).
    pub fn weeks_until(self, later: Week) -> i64 {
        (later.monday() - self.monday()).num_days() / 7
    }
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

impl FromStr for Week {
    type Err = Error;

    /// Parses `2026-W47` (also `2026W47`, `2026-w47`).
    fn from_str(s: &str) -> Result<Self> {
        let bad = || {
            Error::InvalidInput(format!(
                "{s:?} is not a week name like 2026-W47 (ISO year, \"-W\", week number)"
            ))
        };
        let upper = s.trim().to_ascii_uppercase();
        let (year, week) = upper.split_once('W').ok_or_else(bad)?;
        let year = year.strip_suffix('-').unwrap_or(year);
        if year.len() != 4 || week.is_empty() || week.len() > 2 {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let week: u32 = week.parse().map_err(|_| bad())?;
        Week::new(year, week).ok_or_else(|| {
            let last = if Week::new(year, 53).is_some() {
                53
            } else {
                52
            };
            Error::InvalidInput(format!("{s} does not exist: {year} has weeks 1 to {last}"))
        })
    }
}

/// A week crosses IPC as its name, e.g. `"2026-W47"`.
impl TS for Week {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn name(_: &ts_rs::Config) -> String {
        "string".to_owned()
    }
    fn inline(_: &ts_rs::Config) -> String {
        "string".to_owned()
    }
}

impl Serialize for Week {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Week {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The day weeks start on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum WeekStart {
    /// Monday (ISO 8601; the default).
    #[default]
    Monday,
    /// Sunday.
    Sunday,
}

/// When the weekly reflection is due, and whether to notify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Schedule {
    /// The day of the week the reflection becomes due.
    #[serde(with = "weekday_name")]
    #[ts(
        type = "\"monday\" | \"tuesday\" | \"wednesday\" | \"thursday\" | \"friday\" | \"saturday\" | \"sunday\""
    )]
    pub weekday: Weekday,
    /// The local time it becomes due.
    #[serde(with = "hh_mm")]
    #[ts(type = "string")]
    pub time: NaiveTime,
    /// The first day of a week.
    pub week_start: WeekStart,
    /// Send a desktop notification when it becomes due while the app runs.
    pub notify: bool,
}

impl Default for Schedule {
    /// Friday 16:00, weeks starting Monday, notifications on.
    fn default() -> Self {
        Schedule {
            weekday: Weekday::Fri,
            time: NaiveTime::from_hms_opt(16, 0, 0).expect("valid time"),
            week_start: WeekStart::Monday,
            notify: true,
        }
    }
}

impl Schedule {
    /// The settings key the schedule is stored under (sealed, like every setting).
    pub const SETTING: &'static str = "reflection_schedule";

    /// The local date of the due day in `week`.
    pub fn due_date(&self, week: Week) -> NaiveDate {
        let first = week.first_day(self.week_start);
        let offset = (7 + self.weekday.num_days_from_monday() as i64
            - first.weekday().num_days_from_monday() as i64)
            % 7;
        first + Duration::days(offset)
    }

    /// The moment `week`'s reflection becomes due in time zone `tz`.
    ///
    /// When the local time does not exist (it falls in a DST gap) it is the first local
    /// minute after the gap; when it exists twice (DST ends) it is the earlier one.
    pub fn due_at<Tz: TimeZone>(&self, week: Week, tz: &Tz) -> DateTime<Tz> {
        let local = self.due_date(week).and_time(self.time);
        let mut probe = local;
        // Gaps are at most a few hours; step minute by minute past one.
        for _ in 0..(26 * 60) {
            match tz.from_local_datetime(&probe) {
                LocalResult::Single(t) => return t,
                LocalResult::Ambiguous(earlier, _) => return earlier,
                LocalResult::None => probe += Duration::minutes(1),
            }
        }
        // No valid local time within a day cannot happen in a real zone; fall back to UTC.
        tz.from_utc_datetime(&local)
    }

    /// The week holding `now` in this schedule's week convention.
    pub fn week_of<Tz: TimeZone>(&self, now: &DateTime<Tz>) -> Week {
        Week::containing(now.date_naive(), self.week_start)
    }
}

/// Where the weekly reflection stands at a moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WeekStatus {
    /// The week holding "now".
    pub week: Week,
    /// When this week's reflection becomes (or became) due, RFC 3339 with the local offset.
    pub due_at: String,
    /// Due now: the moment has passed and this week's reflection is not complete.
    pub due: bool,
    /// This week's reflection is complete.
    pub completed: bool,
    /// This week's reflection was started but not finished.
    pub draft: bool,
    /// Earlier weeks (since tracking began) without a completed reflection, oldest first.
    pub missed: Vec<Week>,
    /// Completed weeks in a row, ending with this week if it is complete, else last week.
    pub streak: u32,
    /// The longest run of completed weeks ever.
    pub longest_streak: u32,
}

/// Computes the status at `now`.
///
/// `completed` and `drafts` are the weeks with finished and unfinished reflections;
/// `since` is the first week that counts (the week the journal was created, or an earlier
/// week with a reflection). A clock that went backwards (before `since`, or before weeks
/// already completed) gives an empty missed list and never panics.
pub fn week_status<Tz: TimeZone>(
    now: &DateTime<Tz>,
    schedule: &Schedule,
    completed: &BTreeSet<Week>,
    drafts: &BTreeSet<Week>,
    since: Week,
) -> WeekStatus
where
    Tz::Offset: fmt::Display,
{
    let week = schedule.week_of(now);
    let due_at = schedule.due_at(week, &now.timezone());
    let is_completed = completed.contains(&week);
    let mut missed = Vec::new();
    let mut w = since;
    while w < week {
        if !completed.contains(&w) {
            missed.push(w);
        }
        w = w.next();
    }
    let streak = current_streak(completed, week);
    WeekStatus {
        week,
        due_at: due_at.fixed_offset().to_rfc3339(),
        due: !is_completed && *now >= due_at,
        completed: is_completed,
        draft: !is_completed && drafts.contains(&week),
        missed,
        streak,
        longest_streak: longest_run(completed),
    }
}

/// Completed weeks in a row up to `week`: ending with `week` if it is completed, else
/// with the week before (the current week is not broken until it is over).
pub fn current_streak(completed: &BTreeSet<Week>, week: Week) -> u32 {
    let mut streak = 0;
    let mut w = if completed.contains(&week) {
        week
    } else {
        week.prev()
    };
    while completed.contains(&w) {
        streak += 1;
        w = w.prev();
    }
    streak
}

/// The longest run of consecutive weeks in `weeks`.
pub fn longest_run(weeks: &BTreeSet<Week>) -> u32 {
    let mut best = 0;
    let mut run = 0;
    let mut last: Option<Week> = None;
    for &w in weeks {
        run = match last {
            Some(l) if l.next() == w => run + 1,
            _ => 1,
        };
        best = best.max(run);
        last = Some(w);
    }
    best
}

mod weekday_name {
    use chrono::Weekday;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Weekday, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match d {
            Weekday::Mon => "monday",
            Weekday::Tue => "tuesday",
            Weekday::Wed => "wednesday",
            Weekday::Thu => "thursday",
            Weekday::Fri => "friday",
            Weekday::Sat => "saturday",
            Weekday::Sun => "sunday",
        })
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Weekday, D::Error> {
        let s = String::deserialize(d)?;
        s.parse::<Weekday>().map_err(|_| {
            serde::de::Error::custom(format!("{s:?} is not a day of the week (monday … sunday)"))
        })
    }
}

mod hh_mm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&t.format("%H:%M"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let s = String::deserialize(d)?;
        NaiveTime::parse_from_str(&s, "%H:%M")
            .map_err(|_| serde::de::Error::custom(format!("{s:?} is not a time like 16:00")))
    }
}

/// When to notify that the weekly reflection became due, for a front end that runs for a
/// long time (the desktop app), decided from the schedule and the finished weeks alone.
///
/// The schedule and the week names of finished reflections are learned whenever the
/// journal is unlocked or a reflection or the schedule is saved, and may be kept after
/// locking (week names and a weekday are not what the leader wrote), so the notification
/// still comes while the journal is locked. A reflection that was already due at the
/// first look is not notified: the due banner shows it instead.
#[derive(Debug, Default)]
pub struct Reminder {
    schedule: Option<Schedule>,
    completed: BTreeSet<Week>,
    last: Option<(Week, bool)>,
}

impl Reminder {
    /// Takes in the journal's schedule and the weeks with a finished reflection.
    pub fn learn(&mut self, schedule: Schedule, completed: BTreeSet<Week>) {
        self.schedule = Some(schedule);
        self.completed = completed;
    }

    /// Looks at the clock. Returns the week whose reflection *just* became due (it was
    /// not due at the previous look, or that look was in an earlier week) when
    /// notifications are on; `None` otherwise, including at the first look.
    pub fn tick<Tz: TimeZone>(&mut self, now: &DateTime<Tz>) -> Option<Week> {
        let schedule = self.schedule?;
        let week = schedule.week_of(now);
        let due = !self.completed.contains(&week) && *now >= schedule.due_at(week, &now.timezone());
        let previous = self.last.replace((week, due));
        (due && schedule.notify && previous.is_some() && previous != Some((week, true)))
            .then_some(week)
    }
}
