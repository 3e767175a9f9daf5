//! Trends over a date range, from data decrypted in memory: per relationship the authority /
//! trust gap week by week; where the leader's strength came from; how often committed steps
//! were kept (partly done counts half); the trust account; reflection completion and
//! streaks; writing frequency. Each part carries one plain-language sentence ("reading")
//! that the CLI prints and the app shows beside its chart.
//!
//! [`compute`] is a pure function of its [`TrendsInput`]; nothing here touches the disk.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::entries::Entry;
use crate::error::Result;
use crate::reflections::{Deposit, Eroder, FollowUpStatus, Reflection, StepType, StrengthSource};
use crate::relationships::Relationship;
use crate::schedule::{current_streak, longest_run, Week, WeekStart};
use crate::session::word_count;
use crate::vault::Vault;

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
            words: (word_count(&entry.title) + word_count(&entry.body)) as u32,
        }
    }
}

impl Vault {
    /// The trends from `from` to `to` (inclusive local dates; `None` = the beginning, and
    /// today) at `now`, over this vault's reflections and the given entries.
    pub fn trends<Tz: chrono::TimeZone>(
        &self,
        now: &chrono::DateTime<Tz>,
        entries: &[EntryStat],
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Trends> {
        let schedule = self.schedule()?;
        let reflections = self.list_reflections()?;
        let relationships = self.list_relationships()?;
        let mut since = self.created_week(&schedule, now)?;
        if let Some(first) = reflections.first() {
            since = since.min(first.week);
        }
        Ok(compute(&TrendsInput {
            reflections: &reflections,
            relationships: &relationships,
            entries,
            week_start: schedule.week_start,
            today: now.date_naive(),
            since,
            from,
            to,
        }))
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
}

/// Authority and trust with one relationship over the range.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GapPoint {
    /// The week.
    pub week: Week,
    /// Authority 1–5.
    pub authority: u8,
    /// Trust 1–5.
    pub trust: u8,
    /// Authority − trust.
    pub gap: i8,
}

/// Counts of strength sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct SourceCounts {
    /// Power.
    pub power: u32,
    /// Trust.
    pub trust: u32,
    /// Both.
    pub both: u32,
}

/// One week's strength source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WeekSource {
    /// The week.
    pub week: Week,
    /// The answer.
    pub source: StrengthSource,
}

/// How committed steps went.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RollingPoint {
    /// The last week of the window.
    pub week: Week,
    /// The rate, `None` when no step of the window was followed up.
    pub rate: Option<f64>,
}

/// Steps of one type.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DepositCount {
    /// The kind.
    pub deposit: Deposit,
    /// Weeks it was made.
    pub count: u32,
}

/// Reflections done against weeks elapsed.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WritingWeek {
    /// The week.
    pub week: Week,
    /// Entries.
    pub entries: u32,
    /// Words.
    pub words: u64,
}

/// One day's writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WritingDay {
    /// The day.
    pub date: NaiveDate,
    /// Entries.
    pub entries: u32,
    /// Words.
    pub words: u64,
}

/// The plain-language sentence of each part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

/// A committed step and how it went.
struct Step {
    week: Week,
    step_type: Option<StepType>,
    status: Option<FollowUpStatus>,
}

fn score(status: FollowUpStatus) -> f64 {
    match status {
        FollowUpStatus::Done => 1.0,
        FollowUpStatus::Partly => PARTLY_WEIGHT,
        FollowUpStatus::NotDone => 0.0,
    }
}

fn rate_of<'s>(steps: impl Iterator<Item = &'s Step>) -> (u32, Option<f64>) {
    let (mut n, mut sum) = (0u32, 0.0);
    for s in steps {
        if let Some(status) = s.status {
            n += 1;
            sum += score(status);
        }
    }
    (n, (n > 0).then(|| sum / f64::from(n)))
}

/// Computes the trends of `input`'s range.
pub fn compute(input: &TrendsInput<'_>) -> Trends {
    let start = input.week_start;
    let week_of = |d: NaiveDate| Week::containing(d, start);
    let current = week_of(input.today);
    let to_week = input.to.map(week_of).unwrap_or(current);
    let from_week = input.from.map(week_of);
    let in_range = |w: Week| from_week.is_none_or(|f| w >= f) && w <= to_week;

    let mut all: Vec<&Reflection> = input.reflections.iter().collect();
    all.sort_by_key(|r| r.week);

    // Steps and their follow-ups, over all reflections (a step committed in the range may
    // be followed up after it), as in `Vault::previous_step`.
    let mut steps: Vec<Step> = Vec::new();
    let mut pending: Option<usize> = None;
    for r in &all {
        if let (Some(i), Some(status)) = (pending, r.answers.follow_up.status) {
            steps[i].status = Some(status);
            pending = None;
        }
        let ex = &r.answers.exercise;
        if !ex.step.trim().is_empty() {
            steps.push(Step {
                week: r.week,
                step_type: ex.step_type,
                status: None,
            });
            pending = Some(steps.len() - 1);
        }
    }
    steps.retain(|s| in_range(s.week));

    let reflections: Vec<&Reflection> = all.into_iter().filter(|r| in_range(r.week)).collect();
    let entries: Vec<EntryStat> = input
        .entries
        .iter()
        .copied()
        .filter(|e| input.from.is_none_or(|f| e.date >= f) && input.to.is_none_or(|t| e.date <= t))
        .filter(|e| in_range(week_of(e.date)))
        .collect();
    let first_week = from_week.or_else(|| {
        let r = reflections.first().map(|r| r.week);
        let e = entries.iter().map(|e| week_of(e.date)).min();
        match (r, e) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    });

    // Relationships.
    let names: HashMap<&str, &Relationship> = input
        .relationships
        .iter()
        .map(|r| (r.id.as_str(), r))
        .collect();
    let mut points: BTreeMap<&str, Vec<GapPoint>> = BTreeMap::new();
    for r in &reflections {
        let ex = &r.answers.exercise;
        if let (Some(id), Some(a), Some(t)) = (ex.relationship.as_deref(), ex.authority, ex.trust) {
            points.entry(id).or_default().push(GapPoint {
                week: r.week,
                authority: a.get(),
                trust: t.get(),
                gap: a.get() as i8 - t.get() as i8,
            });
        }
    }
    let mut relationships: Vec<RelationshipTrend> = points
        .into_iter()
        .map(|(id, points)| {
            let rel = names.get(id);
            let name =
                rel.map_or_else(|| "an unknown relationship".to_string(), |r| r.name.clone());
            let first = points[0];
            let last = *points.last().expect("at least one point");
            RelationshipTrend {
                id: id.to_string(),
                reading: relationship_reading(&name, &points),
                name,
                archived: rel.is_some_and(|r| r.archived),
                latest_gap: last.gap,
                gap_change: last.gap - first.gap,
                points,
            }
        })
        .collect();
    relationships.sort_by(|a, b| {
        b.points
            .len()
            .cmp(&a.points.len())
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });

    // Strength source.
    let mut counts = SourceCounts::default();
    let mut strength_sources = Vec::new();
    for r in &reflections {
        if let Some(source) = r.answers.strength_source {
            match source {
                StrengthSource::Power => counts.power += 1,
                StrengthSource::Trust => counts.trust += 1,
                StrengthSource::Both => counts.both += 1,
            }
            strength_sources.push(WeekSource {
                week: r.week,
                source,
            });
        }
    }

    // Follow-through.
    let (followed_up, follow_through_rate) = rate_of(steps.iter());
    let count_status = |status: FollowUpStatus, of: &mut dyn Iterator<Item = &Step>| {
        of.filter(|s| s.status == Some(status)).count() as u32
    };
    let mut rolling_4 = Vec::new();
    let mut rolling_12 = Vec::new();
    if let Some(first) = first_week {
        let mut w = first;
        while w <= to_week {
            for (window, out) in [(4, &mut rolling_4), (12, &mut rolling_12)] {
                let (_, rate) = rate_of(
                    steps
                        .iter()
                        .filter(|s| s.week <= w && s.week.weeks_until(w) < window),
                );
                out.push(RollingPoint { week: w, rate });
            }
            w = w.next();
        }
    }
    let by_step_type: Vec<StepTypeStats> = [
        StepType::Transparency,
        StepType::Apology,
        StepType::Inclusion,
    ]
    .into_iter()
    .map(|t| {
        let of_type = || steps.iter().filter(move |s| s.step_type == Some(t));
        let (followed, rate) = rate_of(of_type());
        StepTypeStats {
            step_type: t,
            committed: of_type().count() as u32,
            followed_up: followed,
            done: count_status(FollowUpStatus::Done, &mut of_type()),
            partly: count_status(FollowUpStatus::Partly, &mut of_type()),
            not_done: count_status(FollowUpStatus::NotDone, &mut of_type()),
            rate,
        }
    })
    .collect();
    let follow_through = FollowThrough {
        committed: steps.len() as u32,
        followed_up,
        done: count_status(FollowUpStatus::Done, &mut steps.iter()),
        partly: count_status(FollowUpStatus::Partly, &mut steps.iter()),
        not_done: count_status(FollowUpStatus::NotDone, &mut steps.iter()),
        partly_weight: PARTLY_WEIGHT,
        rolling_4,
        rolling_12,
        by_step_type,
    };

    // Trust account.
    let mut account_weeks = Vec::new();
    let mut eroders: BTreeMap<Eroder, (u32, u32)> = BTreeMap::new();
    let mut deposit_kinds: BTreeMap<Deposit, u32> = BTreeMap::new();
    for r in &reflections {
        let acc = &r.answers.trust_account;
        for d in &acc.deposits {
            *deposit_kinds.entry(*d).or_default() += 1;
        }
        for e in &acc.withdrawals {
            eroders.entry(*e).or_default().0 += 1;
        }
        for e in &r.answers.lost_trust_causes {
            eroders.entry(*e).or_default().1 += 1;
        }
        let (d, w) = (acc.deposits.len() as u32, acc.withdrawals.len() as u32);
        account_weeks.push(AccountWeek {
            week: r.week,
            deposits: d,
            withdrawals: w,
            net: d as i32 - w as i32,
        });
    }
    let mut eroders: Vec<EroderCount> = eroders
        .into_iter()
        .map(|(eroder, (withdrawals, causes))| EroderCount {
            eroder,
            withdrawals,
            causes,
            total: withdrawals + causes,
        })
        .collect();
    eroders.sort_by(|a, b| b.total.cmp(&a.total).then(a.eroder.cmp(&b.eroder)));
    let mut deposit_kinds: Vec<DepositCount> = deposit_kinds
        .into_iter()
        .map(|(deposit, count)| DepositCount { deposit, count })
        .collect();
    deposit_kinds.sort_by(|a, b| b.count.cmp(&a.count).then(a.deposit.cmp(&b.deposit)));
    let deposits: u32 = account_weeks.iter().map(|w| w.deposits).sum();
    let withdrawals: u32 = account_weeks.iter().map(|w| w.withdrawals).sum();
    let trust_account = TrustAccountTrend {
        weeks: account_weeks,
        deposits,
        withdrawals,
        net: deposits as i32 - withdrawals as i32,
        eroders,
        deposit_kinds,
    };

    // Completion.
    let finished: BTreeSet<Week> = reflections
        .iter()
        .filter(|r| r.is_completed())
        .map(|r| r.week)
        .collect();
    let drafts = reflections.iter().filter(|r| !r.is_completed()).count() as u32;
    let start_week = from_week.map_or(input.since, |f| f.max(input.since));
    // The current week counts once finished; until then it is not yet missed.
    let end_week = if to_week < current || finished.contains(&to_week) {
        to_week
    } else {
        to_week.prev()
    };
    let weeks_elapsed = if end_week >= start_week {
        (start_week.weeks_until(end_week) + 1) as u32
    } else {
        0
    };
    let completed = finished
        .iter()
        .filter(|w| **w >= start_week && **w <= end_week)
        .count() as u32;
    let all_finished: BTreeSet<Week> = input
        .reflections
        .iter()
        .filter(|r| r.is_completed())
        .map(|r| r.week)
        .collect();
    let current_streak = current_streak(&all_finished, current);
    let completion = Completion {
        weeks_elapsed,
        completed,
        drafts,
        missed: weeks_elapsed - completed.min(weeks_elapsed),
        rate: (weeks_elapsed > 0).then(|| f64::from(completed) / f64::from(weeks_elapsed)),
        current_streak,
        longest_streak: longest_run(&finished),
        weeks: finished.iter().copied().collect(),
    };

    // Writing.
    let mut by_day: BTreeMap<NaiveDate, (u32, u64)> = BTreeMap::new();
    let mut by_week: BTreeMap<Week, (u32, u64)> = BTreeMap::new();
    for e in &entries {
        let d = by_day.entry(e.date).or_default();
        d.0 += 1;
        d.1 += u64::from(e.words);
        let w = by_week.entry(week_of(e.date)).or_default();
        w.0 += 1;
        w.1 += u64::from(e.words);
    }
    let writing = Writing {
        entries: entries.len() as u32,
        words: entries.iter().map(|e| u64::from(e.words)).sum(),
        days_written: by_day.len() as u32,
        weeks: by_week
            .into_iter()
            .map(|(week, (entries, words))| WritingWeek {
                week,
                entries,
                words,
            })
            .collect(),
        days: by_day
            .into_iter()
            .map(|(date, (entries, words))| WritingDay {
                date,
                entries,
                words,
            })
            .collect(),
    };

    let weeks_in_range = first_week.map_or(0, |f| f.weeks_until(to_week).max(0) + 1) as u32;
    let readings = Readings {
        gap: gap_reading(&relationships),
        strength: strength_reading(&counts, &strength_sources),
        follow_through: follow_through_reading(&follow_through, follow_through_rate),
        step_types: step_type_reading(&follow_through),
        trust_account: account_reading(&trust_account),
        completion: completion_reading(&completion),
        writing: writing_reading(&writing, weeks_in_range),
    };

    Trends {
        from: first_week,
        to: to_week,
        relationships,
        strength_source_counts: counts,
        strength_sources,
        follow_through_rate,
        follow_through,
        trust_account,
        completion,
        writing,
        readings,
    }
}

/// "March 2026", for the Monday of `week`.
fn month_of(week: Week) -> String {
    week.monday().format("%B %Y").to_string()
}

/// A whole percentage.
fn pct(rate: f64) -> String {
    format!("{}%", (rate * 100.0).round() as i64)
}

/// 1234567 → "1,234,567".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

fn relationship_reading(name: &str, points: &[GapPoint]) -> String {
    let first = points[0];
    let last = points[points.len() - 1];
    if points.len() == 1 {
        return format!(
            "You rated {name} once, in {}: authority {}, trust {}.",
            month_of(first.week),
            first.authority,
            first.trust
        );
    }
    let trust = match last.trust.cmp(&first.trust) {
        std::cmp::Ordering::Greater => format!(
            "Trust with {name} rose from {} to {}",
            first.trust, last.trust
        ),
        std::cmp::Ordering::Less => format!(
            "Trust with {name} fell from {} to {}",
            first.trust, last.trust
        ),
        std::cmp::Ordering::Equal => format!("Trust with {name} stayed at {}", last.trust),
    };
    let gap = match last.gap.cmp(&first.gap) {
        std::cmp::Ordering::Less => format!(
            "the gap to your authority narrowed from {} to {}",
            first.gap, last.gap
        ),
        std::cmp::Ordering::Greater => format!(
            "the gap to your authority widened from {} to {}",
            first.gap, last.gap
        ),
        std::cmp::Ordering::Equal => format!("the gap to your authority stayed at {}", last.gap),
    };
    format!("{trust} since {}; {gap}.", month_of(first.week))
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn gap_reading(relationships: &[RelationshipTrend]) -> String {
    if relationships.is_empty() {
        return "No relationship rated in this range yet: each weekly reflection's exercise adds a point here.".into();
    }
    let moving: Vec<&RelationshipTrend> = relationships
        .iter()
        .filter(|r| r.points.len() > 1)
        .collect();
    let closing: Vec<&str> = moving
        .iter()
        .filter(|r| r.gap_change < 0)
        .map(|r| r.name.as_str())
        .collect();
    let widening: Vec<&str> = moving
        .iter()
        .filter(|r| r.gap_change > 0)
        .map(|r| r.name.as_str())
        .collect();
    match (closing.is_empty(), widening.is_empty()) {
        (true, true) => format!(
            "Across {}, the gap between your authority and their trust has not moved in this range.",
            plural(relationships.len() as u64, "relationship", "relationships")
        ),
        (false, true) => format!("The gap is closing with {}.", and_list(&closing)),
        (true, false) => format!("The gap is widening with {}.", and_list(&widening)),
        (false, false) => format!(
            "The gap is closing with {}, and widening with {}.",
            and_list(&closing),
            and_list(&widening)
        ),
    }
}

fn strength_reading(counts: &SourceCounts, weeks: &[WeekSource]) -> String {
    let total = counts.power + counts.trust + counts.both;
    if total == 0 {
        return "No answers yet to where your strength comes from: question 1 of the weekly reflection fills this in.".into();
    }
    let share = |n: u32| pct(f64::from(n) / f64::from(total));
    let mut text = format!(
        "Your strength came from trust in {} of weeks, from power in {} and from both in {}",
        share(counts.trust),
        share(counts.power),
        share(counts.both)
    );
    if weeks.len() >= 24 {
        let recent = &weeks[weeks.len() - 12..];
        let trust = recent
            .iter()
            .filter(|w| w.source == StrengthSource::Trust)
            .count();
        let power = recent
            .iter()
            .filter(|w| w.source == StrengthSource::Power)
            .count();
        text.push_str(&format!(
            "; in your last 12 answers, trust {trust} times and power {power}"
        ));
    }
    text.push('.');
    text
}

fn follow_through_reading(f: &FollowThrough, rate: Option<f64>) -> String {
    let Some(rate) = rate else {
        return if f.committed == 0 {
            "No steps committed in this range yet.".into()
        } else {
            "Your steps have not been followed up yet: next week's reflection asks how the last one went.".into()
        };
    };
    let mut text = format!(
        "You kept {} of the {} you followed up (partly done counts as half)",
        pct(rate),
        plural(u64::from(f.followed_up), "step", "steps")
    );
    if let Some(recent) = f.rolling_12.iter().rev().find_map(|p| p.rate) {
        text.push_str(&format!("; over the last 12 weeks, {}", pct(recent)));
    }
    text.push('.');
    text
}

fn step_type_reading(f: &FollowThrough) -> String {
    if f.committed == 0 {
        return "The mix of transparency, apology and inclusion steps appears once you commit to steps.".into();
    }
    let mut by_count: Vec<&StepTypeStats> =
        f.by_step_type.iter().filter(|s| s.committed > 0).collect();
    by_count.sort_by_key(|s| std::cmp::Reverse(s.committed));
    let name = |t: StepType| match t {
        StepType::Transparency => "transparency",
        StepType::Apology => "apology",
        StepType::Inclusion => "inclusion",
    };
    let top = by_count[0];
    let mut text = format!(
        "Most of your steps were {} ({} of {})",
        name(top.step_type),
        top.committed,
        f.committed
    );
    let best = f
        .by_step_type
        .iter()
        .filter(|s| s.followed_up >= 3)
        .max_by(|a, b| {
            a.rate
                .partial_cmp(&b.rate)
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    if let Some(best) = best.filter(|_| by_count.len() > 1) {
        text.push_str(&format!(
            "; you keep {} steps best ({})",
            name(best.step_type),
            pct(best.rate.unwrap_or(0.0))
        ));
    }
    text.push('.');
    text
}

fn eroder_name(e: Eroder) -> &'static str {
    match e {
        Eroder::OverusedAuthority => "overused authority",
        Eroder::WithheldInformation => "withheld information",
        Eroder::BrokeCommitments => "broken commitments",
        Eroder::IgnoredFairness => "ignored fairness",
    }
}

fn account_reading(a: &TrustAccountTrend) -> String {
    if a.weeks.is_empty() {
        return "The trust account fills in with each weekly reflection's deposits and withdrawals.".into();
    }
    let positive = a.weeks.iter().filter(|w| w.net > 0).count();
    let mut text = format!(
        "Deposits outweighed withdrawals in {} of {} (net {}{} overall)",
        thousands(positive as u64),
        plural(a.weeks.len() as u64, "week", "weeks"),
        if a.net >= 0 { "+" } else { "" },
        a.net
    );
    if let Some(top) = a.eroders.first().filter(|e| e.total > 0) {
        text.push_str(&format!(
            "; the eroder that recurs most is {} ({})",
            eroder_name(top.eroder),
            plural(u64::from(top.total), "time", "times")
        ));
    }
    text.push('.');
    text
}

fn completion_reading(c: &Completion) -> String {
    let Some(rate) = c.rate else {
        return "Completion appears once a week with a reflection has ended.".into();
    };
    format!(
        "You reflected in {} of {} ({}); your current streak is {}, your longest {}.",
        thousands(u64::from(c.completed)),
        plural(u64::from(c.weeks_elapsed), "week", "weeks"),
        pct(rate),
        plural(u64::from(c.current_streak), "week", "weeks"),
        c.longest_streak
    )
}

fn writing_reading(w: &Writing, weeks: u32) -> String {
    if w.entries == 0 {
        return "No entries in this range: what you write in the journal shows up here.".into();
    }
    let per_week = if weeks > 0 {
        f64::from(w.entries) / f64::from(weeks)
    } else {
        0.0
    };
    format!(
        "You wrote {} ({}) on {}, about {:.1} a week.",
        plural(u64::from(w.entries), "entry", "entries"),
        plural(w.words, "word", "words"),
        plural(u64::from(w.days_written), "day", "days"),
        per_week
    )
}
