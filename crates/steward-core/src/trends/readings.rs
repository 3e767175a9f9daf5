//! The plain-language readings of the trends, in English: one sentence per part, which
//! `steward trends` prints and the app shows beside each chart. Pure functions of the
//! computed figures.

use super::{
    Completion, FollowThrough, GapPoint, RelationshipTrend, SourceCounts, StepTypeStats,
    TrustAccountTrend, WeekSource, Writing,
};
use crate::model::reflection::{Eroder, StepType, StrengthSource};
use crate::schedule::Week;

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

pub(super) fn relationship_reading(name: &str, points: &[GapPoint]) -> String {
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

pub(super) fn gap_reading(relationships: &[RelationshipTrend]) -> String {
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

pub(super) fn strength_reading(counts: &SourceCounts, weeks: &[WeekSource]) -> String {
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

pub(super) fn follow_through_reading(f: &FollowThrough, rate: Option<f64>) -> String {
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

pub(super) fn step_type_reading(f: &FollowThrough) -> String {
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

pub(super) fn account_reading(a: &TrustAccountTrend) -> String {
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
            "; what cost trust most often was {} ({})",
            eroder_name(top.eroder),
            plural(u64::from(top.total), "time", "times")
        ));
    }
    text.push('.');
    text
}

pub(super) fn completion_reading(c: &Completion) -> String {
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

pub(super) fn writing_reading(w: &Writing, weeks: u32) -> String {
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
