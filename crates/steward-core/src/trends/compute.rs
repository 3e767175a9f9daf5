//! Computing the trends of a range: a pure function of [`TrendsInput`], one helper per part
//! (relationships, strength source, follow-through, trust account, completion, writing).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use super::readings::{
    account_reading, completion_reading, follow_through_reading, gap_reading, relationship_reading,
    step_type_reading, strength_reading, writing_reading,
};
use super::{
    AccountWeek, Completion, DepositCount, EntryStat, EroderCount, FollowThrough, GapPoint,
    Readings, RelationshipTrend, RollingPoint, SourceCounts, StepTypeStats, Trends, TrendsInput,
    TrustAccountTrend, WeekSource, Writing, WritingDay, WritingWeek, PARTLY_WEIGHT,
};
use crate::model::ratings::person_ratings;
use crate::model::reflection::{
    Deposit, Eroder, FollowUpStatus, Reflection, StepType, StrengthSource,
};
use crate::model::relationship::Relationship;
use crate::schedule::{current_streak, longest_run, Week, WeekStart};

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

fn count_status<'s>(status: FollowUpStatus, of: impl Iterator<Item = &'s Step>) -> u32 {
    of.filter(|s| s.status == Some(status)).count() as u32
}

/// The weeks a computation covers.
struct Range {
    week_start: WeekStart,
    current: Week,
    from_week: Option<Week>,
    to_week: Week,
}

impl Range {
    fn of(input: &TrendsInput<'_>) -> Self {
        let week_of = |d: NaiveDate| Week::containing(d, input.week_start);
        let current = week_of(input.today);
        // A week belongs to the range it starts in, so that back-to-back ranges (the
        // quarters of a year) never count the week that straddles them twice.
        let first_week = |d: NaiveDate| {
            let week = week_of(d);
            if week.first_day(input.week_start) < d {
                week.next()
            } else {
                week
            }
        };
        Range {
            week_start: input.week_start,
            current,
            from_week: input.from.map(first_week),
            to_week: input.to.map(week_of).unwrap_or(current),
        }
    }

    fn week_of(&self, date: NaiveDate) -> Week {
        Week::containing(date, self.week_start)
    }

    fn contains(&self, w: Week) -> bool {
        self.from_week.is_none_or(|f| w >= f) && w <= self.to_week
    }
}

/// Computes the trends of `input`'s range, with its headlines against the period of the
/// same length just before it (none for a range that starts at the beginning).
pub fn compute(input: &TrendsInput<'_>) -> Trends {
    let mut now = compute_range(input);
    let range = Range::of(input);
    let previous = range.from_week.map(|from| {
        let weeks = from.weeks_until(range.to_week).max(0) + 1;
        let first_day = from.first_day(input.week_start);
        let before = TrendsInput {
            from: Some(first_day - chrono::Duration::weeks(weeks)),
            to: Some(first_day - chrono::Duration::days(1)),
            ..*input
        };
        (compute_range(&before), weeks as u32)
    });
    now.headlines = match &previous {
        Some((before, weeks)) => super::headlines::headlines(&now, Some(before), *weeks),
        None => super::headlines::headlines(&now, None, 0),
    };
    now
}

/// The trends of `input`'s range alone (headlines left empty).
pub(crate) fn compute_range(input: &TrendsInput<'_>) -> Trends {
    let range = Range::of(input);
    let mut all: Vec<&Reflection> = input.reflections.iter().collect();
    all.sort_by_key(|r| r.week);
    let steps = steps(&all, &range);
    let ratings: Vec<(&str, GapPoint)> = person_ratings(all.iter().copied())
        .into_iter()
        .filter(|p| range.contains(p.week))
        .map(|p| {
            let (authority, trust) = (p.authority.get(), p.trust.get());
            let point = GapPoint {
                week: p.week,
                authority,
                trust,
                gap: authority as i8 - trust as i8,
                source: p.source,
            };
            (p.relationship, point)
        })
        .collect();
    let reflections: Vec<&Reflection> =
        all.into_iter().filter(|r| range.contains(r.week)).collect();
    let entries: Vec<EntryStat> = input
        .entries
        .iter()
        .copied()
        .filter(|e| input.from.is_none_or(|f| e.date >= f) && input.to.is_none_or(|t| e.date <= t))
        // Entries count by their day: a period's first days belong to it even when their
        // week started in the period before.
        .filter(|e| range.week_of(e.date) <= range.to_week)
        .collect();
    let first_week = range.from_week.or_else(|| {
        let r = reflections.first().map(|r| r.week);
        let e = entries.iter().map(|e| range.week_of(e.date)).min();
        match (r, e) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    });

    let relationships = relationship_trends(&ratings, input.relationships);
    let (counts, strength_sources) = strength(&reflections);
    let (follow_through_rate, follow_through) = follow_through(&steps, first_week, range.to_week);
    let trust_account = trust_account(&reflections);
    let completion = completion(&reflections, input, &range);
    let writing = writing(&entries, &range);

    let weeks_in_range = first_week.map_or(0, |f| f.weeks_until(range.to_week).max(0) + 1) as u32;
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
        to: range.to_week,
        relationships,
        strength_source_counts: counts,
        strength_sources,
        follow_through_rate,
        follow_through,
        trust_account,
        completion,
        writing,
        readings,
        headlines: super::headlines::headlines_placeholder(),
    }
}

/// Steps and their follow-ups, over all reflections (a step committed in the range may be
/// followed up after it), as in `Reflections::previous_step`; then the steps of the range.
fn steps(all: &[&Reflection], range: &Range) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    let mut pending: Option<usize> = None;
    for r in all {
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
    steps.retain(|s| range.contains(s.week));
    steps
}

/// The gap per relationship, most-rated first, from the ratings of the range.
fn relationship_trends(
    ratings: &[(&str, GapPoint)],
    known: &[Relationship],
) -> Vec<RelationshipTrend> {
    let names: HashMap<&str, &Relationship> = known.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut points: BTreeMap<&str, Vec<GapPoint>> = BTreeMap::new();
    for (id, point) in ratings {
        points.entry(id).or_default().push(*point);
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
    relationships
}

/// How often each strength source was named, and the week-by-week sequence.
fn strength(reflections: &[&Reflection]) -> (SourceCounts, Vec<WeekSource>) {
    let mut counts = SourceCounts::default();
    let mut sources = Vec::new();
    for r in reflections {
        if let Some(source) = r.answers.strength_source {
            match source {
                StrengthSource::Power => counts.power += 1,
                StrengthSource::Trust => counts.trust += 1,
                StrengthSource::Both => counts.both += 1,
            }
            sources.push(WeekSource {
                week: r.week,
                source,
            });
        }
    }
    (counts, sources)
}

/// The follow-through rate over the range, rolling rates week by week and the mix by
/// step type.
fn follow_through(
    steps: &[Step],
    first_week: Option<Week>,
    to_week: Week,
) -> (Option<f64>, FollowThrough) {
    let (followed_up, rate) = rate_of(steps.iter());
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
    let by_step_type = [
        StepType::Transparency,
        StepType::Apology,
        StepType::Inclusion,
    ]
    .into_iter()
    .map(|t| step_type_stats(steps, t))
    .collect();
    let follow_through = FollowThrough {
        committed: steps.len() as u32,
        followed_up,
        done: count_status(FollowUpStatus::Done, steps.iter()),
        partly: count_status(FollowUpStatus::Partly, steps.iter()),
        not_done: count_status(FollowUpStatus::NotDone, steps.iter()),
        partly_weight: PARTLY_WEIGHT,
        rolling_4,
        rolling_12,
        by_step_type,
    };
    (rate, follow_through)
}

fn step_type_stats(steps: &[Step], t: StepType) -> StepTypeStats {
    let of_type = || steps.iter().filter(move |s| s.step_type == Some(t));
    let (followed, rate) = rate_of(of_type());
    StepTypeStats {
        step_type: t,
        committed: of_type().count() as u32,
        followed_up: followed,
        done: count_status(FollowUpStatus::Done, of_type()),
        partly: count_status(FollowUpStatus::Partly, of_type()),
        not_done: count_status(FollowUpStatus::NotDone, of_type()),
        rate,
    }
}

/// Deposits and withdrawals week by week, and which eroders and deposits came up most.
fn trust_account(reflections: &[&Reflection]) -> TrustAccountTrend {
    let mut weeks = Vec::new();
    let mut eroders: BTreeMap<Eroder, (u32, u32)> = BTreeMap::new();
    let mut deposit_kinds: BTreeMap<Deposit, u32> = BTreeMap::new();
    for r in reflections {
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
        weeks.push(AccountWeek {
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
    let deposits: u32 = weeks.iter().map(|w| w.deposits).sum();
    let withdrawals: u32 = weeks.iter().map(|w| w.withdrawals).sum();
    TrustAccountTrend {
        weeks,
        deposits,
        withdrawals,
        net: deposits as i32 - withdrawals as i32,
        eroders,
        deposit_kinds,
    }
}

/// Finished, draft and missed weeks of the range, and the streaks.
fn completion(reflections: &[&Reflection], input: &TrendsInput<'_>, range: &Range) -> Completion {
    let finished: BTreeSet<Week> = reflections
        .iter()
        .filter(|r| r.is_completed())
        .map(|r| r.week)
        .collect();
    let drafts = reflections.iter().filter(|r| !r.is_completed()).count() as u32;
    let start_week = range.from_week.map_or(input.since, |f| f.max(input.since));
    let to_week = range.to_week;
    // The current week counts once finished; until then it is not yet missed.
    let end_week = if to_week < range.current || finished.contains(&to_week) {
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
    Completion {
        weeks_elapsed,
        completed,
        drafts,
        missed: weeks_elapsed - completed.min(weeks_elapsed),
        rate: (weeks_elapsed > 0).then(|| f64::from(completed) / f64::from(weeks_elapsed)),
        current_streak: current_streak(&all_finished, range.current),
        longest_streak: longest_run(&finished),
        weeks: finished.iter().copied().collect(),
    }
}

/// Entries and words by day and by week.
fn writing(entries: &[EntryStat], range: &Range) -> Writing {
    let mut by_day: BTreeMap<NaiveDate, (u32, u64)> = BTreeMap::new();
    let mut by_week: BTreeMap<Week, (u32, u64)> = BTreeMap::new();
    for e in entries {
        let d = by_day.entry(e.date).or_default();
        d.0 += 1;
        d.1 += u64::from(e.words);
        let w = by_week.entry(range.week_of(e.date)).or_default();
        w.0 += 1;
        w.1 += u64::from(e.words);
    }
    Writing {
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
    }
}
