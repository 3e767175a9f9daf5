//! The three statements at the top of Trends, each with the change since the previous
//! period of the same length: how many people's gap is closing, how many followed-up
//! steps were kept, and where the trust account stands. Figures for front ends to word in
//! their language, plus the English sentence the CLI prints.

use serde::Serialize;
use ts_rs::TS;

use super::{RelationshipTrend, Trends};

/// One headline: a figure (out of a total, for a share) now and in the period before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Headline {
    /// The figure in this range.
    pub value: i32,
    /// What it is out of, for a share (people rated twice or more; steps followed up).
    pub out_of: Option<u32>,
    /// The figure in the previous period of the same length; `None` when there is none
    /// (the range is all time) or it held nothing to compare.
    pub before: Option<i32>,
    /// What that was out of.
    pub before_out_of: Option<u32>,
    /// How many things the figure is made of in this range (people rated twice or more,
    /// steps followed up, deposits and withdrawals): 0 when there is nothing to say yet.
    pub counted: u32,
    /// The sentence, in English.
    pub text: String,
}

/// The three headlines of a range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Headlines {
    /// The length of the range and of the period before it, in weeks (0 for all time).
    pub weeks: u32,
    /// People whose authority/trust gap closed over the range, of those rated twice or more.
    pub gap: Headline,
    /// Followed-up steps that were done, of those followed up.
    pub steps: Headline,
    /// The trust account's net (deposits − withdrawals).
    pub account: Headline,
}

/// People whose gap closed, of those with two ratings or more in the range.
fn closing(relationships: &[RelationshipTrend]) -> (i32, u32) {
    let moving = relationships.iter().filter(|r| r.points.len() > 1);
    let closing = moving.clone().filter(|r| r.gap_change < 0).count();
    (closing as i32, moving.count() as u32)
}

/// "up from 2 of 4" / "down from 6" / "as in", comparing shares by their ratio.
fn change(now: (i32, Option<u32>), before: (i32, Option<u32>)) -> &'static str {
    let ratio =
        |(v, of): (i32, Option<u32>)| of.map_or(f64::from(v), |of| f64::from(v) / f64::from(of));
    let (a, b) = (ratio(now), ratio(before));
    if (a - b).abs() < 1e-9 {
        "the same as"
    } else if a > b {
        "up from"
    } else {
        "down from"
    }
}

fn figure(value: i32, out_of: Option<u32>, signed: bool) -> String {
    match out_of {
        Some(of) => format!("{value} of {of}"),
        None if signed && value >= 0 => format!("+{value}"),
        None => value.to_string(),
    }
}

/// `text` followed by the change since the period before, when there is one.
fn with_change(text: String, h: &Headline, weeks: u32, signed: bool) -> String {
    match h.before {
        Some(before) => format!(
            "{text}, {} {} in the {weeks} weeks before.",
            change((h.value, h.out_of), (before, h.before_out_of)),
            figure(before, h.before_out_of, signed)
        ),
        None => format!("{text}."),
    }
}

/// A headline that is a share (`value` of `out_of`), with the period before's share when
/// that period had anything to count; its text is set by the caller.
fn share((value, out_of): (i32, u32), before: Option<(i32, u32)>) -> Headline {
    let before = before.filter(|&(_, of)| of > 0);
    Headline {
        value,
        out_of: Some(out_of),
        before: before.map(|b| b.0),
        before_out_of: before.map(|b| b.1),
        counted: out_of,
        text: String::new(),
    }
}

/// Empty headlines, for a range computed only to be compared with.
pub(super) fn headlines_placeholder() -> Headlines {
    let empty = Headline {
        value: 0,
        out_of: None,
        before: None,
        before_out_of: None,
        counted: 0,
        text: String::new(),
    };
    Headlines {
        weeks: 0,
        gap: empty.clone(),
        steps: empty.clone(),
        account: empty,
    }
}

/// The headlines of `now`, compared with `before` (the previous period of `weeks` weeks,
/// `None` for an all-time range).
pub(super) fn headlines(now: &Trends, before: Option<&Trends>, weeks: u32) -> Headlines {
    let (closing_now, moving_now) = closing(&now.relationships);
    let mut gap = share(
        (closing_now, moving_now),
        before.map(|b| closing(&b.relationships)),
    );
    gap.text = if moving_now == 0 {
        "No one has been rated twice in this range yet, so no gap can move.".into()
    } else {
        let people = if moving_now == 1 { "person" } else { "people" };
        let text = format!("The gap is closing with {closing_now} of {moving_now} {people}");
        with_change(text, &gap, weeks, false)
    };

    let kept = |t: &Trends| (t.follow_through.done as i32, t.follow_through.followed_up);
    let f = &now.follow_through;
    let mut steps = share(kept(now), before.map(kept));
    steps.text = if f.followed_up == 0 {
        "No step has been followed up in this range yet.".into()
    } else {
        let steps_word = if f.followed_up == 1 { "step" } else { "steps" };
        let text = format!(
            "You kept {} of the {} {steps_word} you followed up",
            f.done, f.followed_up
        );
        with_change(text, &steps, weeks, false)
    };

    let a = &now.trust_account;
    let prev_account = before
        .filter(|b| b.trust_account.deposits + b.trust_account.withdrawals > 0)
        .map(|b| b.trust_account.net);
    let mut account = Headline {
        value: a.net,
        out_of: None,
        before: prev_account,
        before_out_of: None,
        counted: a.deposits + a.withdrawals,
        text: String::new(),
    };
    account.text = if a.deposits + a.withdrawals == 0 {
        "Nothing was paid into or drawn from the trust account in this range yet.".into()
    } else {
        let text = format!("Your trust account stands at {}", figure(a.net, None, true));
        with_change(text, &account, weeks, true)
    };
    Headlines {
        weeks,
        gap,
        steps,
        account,
    }
}
