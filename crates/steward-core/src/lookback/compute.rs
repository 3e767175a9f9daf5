//! Looking back, computed: what was written on this day in earlier years, a quarter's or
//! year's review figures, when a review is offered, and how well the leader's confidence in
//! decisions matched their outcomes. Pure functions of decrypted data; the [`super`]
//! service gathers the input.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use crate::model::decision::{AsExpected, Decision};
use crate::model::entry::Entry;
use crate::model::period::Period;
use crate::model::reflection::Reflection;
use crate::schedule::{Week, WeekStart};
use crate::trends::{
    compute_range, EroderCount, GapPoint, SourceCounts, StepTypeStats, TrendsInput, PARTLY_WEIGHT,
};

/// Reviewed decisions needed before calibration is shown: fewer say more about luck than
/// about judgement.
pub const CALIBRATION_MIN_REVIEWED: u32 = 10;

/// How many days after a quarter ends its review is still offered.
pub const REVIEW_OFFER_DAYS_AFTER: i64 = 45;
/// How many days before a quarter ends its review is offered.
pub const REVIEW_OFFER_DAYS_BEFORE: i64 = 7;

/// What was written on one day in earlier years.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct OnThisDay {
    /// The day looked back from.
    #[ts(type = "string")]
    pub date: NaiveDate,
    /// One group per earlier year with entries, the most recent first.
    pub years: Vec<YearAgo>,
    /// The finished reflection of this week a year ago.
    pub reflection: Option<Reflection>,
    /// The leader said "not today" to it (the app hides it until tomorrow).
    pub dismissed: bool,
}

/// The entries of this day some years ago.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct YearAgo {
    /// How many years ago.
    pub years_ago: u32,
    /// That day.
    #[ts(type = "string")]
    pub date: NaiveDate,
    /// Its entries, in the order written.
    pub entries: Vec<Entry>,
}

impl OnThisDay {
    /// Whether there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.years.is_empty() && self.reflection.is_none()
    }
}

/// The entries written (the writer's local date) on `date`'s month and day in earlier
/// years; on 28 February of a common year also those of 29 February. With the finished
/// reflection of the week a year before `date`'s week (week 52 when that year has no 53).
pub fn on_this_day<'a>(
    date: NaiveDate,
    week_start: WeekStart,
    entries: impl IntoIterator<Item = &'a Entry>,
    reflections: &[Reflection],
) -> OnThisDay {
    let leap_day_too = date.month() == 2 && date.day() == 28 && !date.leap_year();
    let mut years: Vec<YearAgo> = Vec::new();
    for e in entries {
        let d = e.created_at.date_naive();
        let same_day = d.month() == date.month() && d.day() == date.day();
        let leap_day = leap_day_too && d.month() == 2 && d.day() == 29;
        if !(same_day || leap_day) || d.year() >= date.year() {
            continue;
        }
        let years_ago = (date.year() - d.year()) as u32;
        match years.iter_mut().find(|y| y.years_ago == years_ago) {
            Some(y) => y.entries.push(e.clone()),
            None => years.push(YearAgo {
                years_ago,
                date: d,
                entries: vec![e.clone()],
            }),
        }
    }
    years.sort_by_key(|y| y.years_ago);
    for y in &mut years {
        y.entries.sort_by_key(|e| e.created_at);
    }
    let week = Week::containing(date, week_start);
    let year_ago =
        Week::new(week.year() - 1, week.number()).or_else(|| Week::new(week.year() - 1, 52));
    let reflection = year_ago.and_then(|w| {
        reflections
            .iter()
            .find(|r| r.week == w && r.is_completed())
            .cloned()
    });
    OnThisDay {
        date,
        years,
        reflection,
        dismissed: false,
    }
}

/// A quarter's or year's review: each part's figures, for a sentence each.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PeriodReview {
    /// `2026-Q3` or `2026`.
    pub period: String,
    /// Its first day.
    #[ts(type = "string")]
    pub from: NaiveDate,
    /// Its last day.
    #[ts(type = "string")]
    pub to: NaiveDate,
    /// The period before (for comparison).
    pub previous: String,
    /// Whether the period has ended.
    pub ended: bool,
    /// Per person rated in the period: how the gap moved, the widest gap first.
    pub people: Vec<PersonMove>,
    /// Steps committed in the period, by kind (kinds with none left out).
    pub steps: Vec<StepTypeStats>,
    /// Withdrawals from the trust account made in two weeks or more, most first.
    pub recurring_withdrawals: Vec<EroderCount>,
    /// Where strength came from in the period.
    pub strength: SourceCounts,
    /// The same in the period before.
    pub strength_before: SourceCounts,
    /// Entries, words and reflections.
    pub writing: PeriodWriting,
    /// Decisions made and reviewed in the period.
    pub decisions: PeriodDecisions,
}

/// How the authority / trust gap with one person moved over a period.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PersonMove {
    /// Relationship id.
    pub id: String,
    /// Current name.
    pub name: String,
    /// The first rating in the period.
    pub first: GapPoint,
    /// The last.
    pub last: GapPoint,
    /// Weeks rated.
    pub ratings: u32,
}

/// How much was written in a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct PeriodWriting {
    /// Entries written.
    pub entries: u32,
    /// Their words.
    pub words: u64,
    /// Days with an entry.
    pub days_written: u32,
    /// Weekly reflections finished.
    pub reflections: u32,
    /// Weeks of the period that have ended or are done.
    pub weeks: u32,
}

/// The decisions of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct PeriodDecisions {
    /// Made (written) in the period.
    pub made: u32,
    /// Reviewed in the period.
    pub reviewed: u32,
    /// Of those, came out as expected.
    pub as_expected: u32,
}

/// The review of `period` from trends input covering all time (its `from` and `to` are
/// replaced), the decisions' entries, and today.
pub fn period_review<'a>(
    period: Period,
    input: &TrendsInput<'_>,
    decisions: impl IntoIterator<Item = (&'a Entry, &'a Decision)>,
) -> PeriodReview {
    let within = |p: Period| TrendsInput {
        from: Some(p.first_day()),
        to: Some(p.last_day().min(input.today.max(p.first_day()))),
        ..*input
    };
    let now = compute_range(&within(period));
    let before = compute_range(&within(period.previous()));
    let mut people: Vec<PersonMove> = now
        .relationships
        .iter()
        .filter_map(|r| {
            Some(PersonMove {
                id: r.id.clone(),
                name: r.name.clone(),
                first: *r.points.first()?,
                last: *r.points.last()?,
                ratings: r.points.len() as u32,
            })
        })
        .collect();
    people.sort_by(|a, b| b.last.gap.cmp(&a.last.gap).then(a.name.cmp(&b.name)));
    let mut decided = PeriodDecisions {
        made: 0,
        reviewed: 0,
        as_expected: 0,
    };
    for (entry, d) in decisions {
        if period.contains(entry.created_at.date_naive()) {
            decided.made += 1;
        }
        if let Some(o) = d
            .outcome
            .as_ref()
            .filter(|o| period.contains(o.reviewed_on))
        {
            decided.reviewed += 1;
            decided.as_expected += u32::from(o.as_expected == AsExpected::Yes);
        }
    }
    PeriodReview {
        period: period.to_string(),
        from: period.first_day(),
        to: period.last_day(),
        previous: period.previous().to_string(),
        ended: period.last_day() < input.today,
        people,
        steps: (now.follow_through.by_step_type.into_iter())
            .filter(|s| s.committed > 0)
            .collect(),
        recurring_withdrawals: (now.trust_account.eroders.into_iter())
            .filter(|e| e.withdrawals >= 2)
            .collect(),
        strength: now.strength_source_counts,
        strength_before: before.strength_source_counts,
        writing: PeriodWriting {
            entries: now.writing.entries,
            words: now.writing.words,
            days_written: now.writing.days_written,
            reflections: now.completion.completed,
            weeks: now.completion.weeks_elapsed,
        },
        decisions: decided,
    }
}

/// The reviews offered on `today`, a year before its last quarter: the quarter in its last
/// week or in the 45 days after it ended, and with the fourth quarter its year.
pub fn offered_periods(today: NaiveDate) -> Vec<Period> {
    let this = Period::quarter_of(today);
    let quarter = if (this.last_day() - today).num_days() < REVIEW_OFFER_DAYS_BEFORE {
        this
    } else {
        this.previous()
    };
    let days_after = (today - quarter.last_day()).num_days();
    if days_after > REVIEW_OFFER_DAYS_AFTER {
        return Vec::new();
    }
    match quarter {
        Period::Quarter { year, quarter: 4 } => vec![Period::Year(year), quarter],
        _ => vec![quarter],
    }
}

/// How well confidence matched outcomes over the reviewed decisions.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Calibration {
    /// Decisions reviewed.
    pub reviewed: u32,
    /// Whether there are enough to read anything ([`CALIBRATION_MIN_REVIEWED`]).
    pub enough: bool,
    /// By confidence rounded to the nearest ten, lowest first (empty bands left out).
    pub bands: Vec<CalibrationBand>,
    /// The mean confidence of the reviewed decisions (0–100).
    pub mean_confidence: f64,
    /// The share that came out as expected, partly counting half (0–1).
    pub hit_rate: f64,
    /// How confidence compares with outcomes overall.
    pub bias: Bias,
}

/// The decisions made at about one confidence.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CalibrationBand {
    /// The confidence, rounded to ten (e.g. 70 for 65–74 %).
    pub about: u8,
    /// Decisions reviewed.
    pub decisions: u32,
    /// Came out as expected.
    pub as_expected: u32,
    /// Partly.
    pub partly: u32,
    /// Did not.
    pub not_expected: u32,
    /// (as expected + partly / 2) / decisions.
    pub hit_rate: f64,
}

/// Over- or under-confidence, by more than ten points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Bias {
    /// Too few reviewed to say.
    NotEnough,
    /// More sure than the outcomes bore out.
    Overconfident,
    /// Less sure than the outcomes bore out.
    Underconfident,
    /// Within ten points.
    Calibrated,
}

/// The calibration of the reviewed ones among `decisions`.
pub fn calibration<'a>(decisions: impl IntoIterator<Item = &'a Decision>) -> Calibration {
    let mut bands: Vec<CalibrationBand> = Vec::new();
    let (mut reviewed, mut confidence, mut hits) = (0u32, 0f64, 0f64);
    for d in decisions {
        let Some(outcome) = &d.outcome else { continue };
        let about = ((u32::from(d.confidence) + 5) / 10 * 10) as u8;
        let i = match bands.iter().position(|b| b.about == about) {
            Some(i) => i,
            None => {
                bands.push(CalibrationBand {
                    about,
                    decisions: 0,
                    as_expected: 0,
                    partly: 0,
                    not_expected: 0,
                    hit_rate: 0.0,
                });
                bands.len() - 1
            }
        };
        let band = &mut bands[i];
        band.decisions += 1;
        match outcome.as_expected {
            AsExpected::Yes => band.as_expected += 1,
            AsExpected::Partly => band.partly += 1,
            AsExpected::No => band.not_expected += 1,
        }
        reviewed += 1;
        confidence += f64::from(d.confidence);
        hits += hit(outcome.as_expected);
    }
    for band in &mut bands {
        band.hit_rate = (f64::from(band.as_expected) + PARTLY_WEIGHT * f64::from(band.partly))
            / f64::from(band.decisions);
    }
    bands.sort_by_key(|b| b.about);
    let (mean_confidence, hit_rate) = match reviewed {
        0 => (0.0, 0.0),
        n => (confidence / f64::from(n), hits / f64::from(n)),
    };
    let enough = reviewed >= CALIBRATION_MIN_REVIEWED;
    let gap = mean_confidence - hit_rate * 100.0;
    let bias = match () {
        _ if !enough => Bias::NotEnough,
        _ if gap > 10.0 => Bias::Overconfident,
        _ if gap < -10.0 => Bias::Underconfident,
        _ => Bias::Calibrated,
    };
    Calibration {
        reviewed,
        enough,
        bands,
        mean_confidence,
        hit_rate,
        bias,
    }
}

fn hit(as_expected: AsExpected) -> f64 {
    match as_expected {
        AsExpected::Yes => 1.0,
        AsExpected::Partly => PARTLY_WEIGHT,
        AsExpected::No => 0.0,
    }
}

/// The decisions due for review on `today`, the longest overdue first.
pub fn due_decisions<'a>(
    entries: impl IntoIterator<Item = &'a Entry>,
    today: NaiveDate,
) -> Vec<&'a Entry> {
    let mut due: Vec<&Entry> = entries
        .into_iter()
        .filter(|e| e.decision.as_ref().is_some_and(|d| d.is_due(today)))
        .collect();
    due.sort_by_key(|e| e.decision.as_ref().map(|d| d.review_on));
    due
}

/// The decisions as a list shows them: due first (longest overdue first), then open (next
/// review first), then reviewed (most recent first), with the calibration.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DecisionList {
    /// Due for review.
    pub due: Vec<Entry>,
    /// Waiting for their review date.
    pub open: Vec<Entry>,
    /// Reviewed.
    pub reviewed: Vec<Entry>,
    /// How well confidence matched outcomes.
    pub calibration: Calibration,
}

/// Sorts the decisions among `entries` into a [`DecisionList`] as of `today`.
pub fn decision_list<'a>(
    entries: impl IntoIterator<Item = &'a Entry> + Clone,
    today: NaiveDate,
) -> DecisionList {
    let mut list = DecisionList {
        due: due_decisions(entries.clone(), today)
            .into_iter()
            .cloned()
            .collect(),
        open: Vec::new(),
        reviewed: Vec::new(),
        calibration: calibration(
            entries
                .clone()
                .into_iter()
                .filter_map(|e| e.decision.as_deref()),
        ),
    };
    for e in entries {
        match &e.decision {
            Some(d) if d.outcome.is_some() => list.reviewed.push(e.clone()),
            Some(d) if !d.is_due(today) => list.open.push(e.clone()),
            _ => {}
        }
    }
    let review_on = |e: &Entry| e.decision.as_ref().map(|d| d.review_on);
    list.open.sort_by_key(review_on);
    let reviewed_on = |e: &Entry| {
        e.decision
            .as_ref()
            .and_then(|d| d.outcome.as_ref())
            .map(|o| std::cmp::Reverse(o.reviewed_on))
    };
    list.reviewed.sort_by_key(reviewed_on);
    list
}

/// The periods there is something to review in, newest first: every quarter and year from
/// the one holding `first` to the one holding `today`.
pub fn review_periods(first: NaiveDate, today: NaiveDate) -> Vec<Period> {
    let mut out = Vec::new();
    let mut q = Period::quarter_of(today);
    let stop = Period::quarter_of(first.min(today));
    loop {
        if let Period::Quarter { year, quarter: 4 } = q {
            out.push(Period::Year(year));
        }
        out.push(q);
        if q <= stop {
            break;
        }
        q = q.previous();
    }
    let current_year = Period::Year(today.year());
    if !out.contains(&current_year) {
        out.insert(0, current_year);
    }
    out
}
