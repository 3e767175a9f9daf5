//! `steward on-this-day` and `steward review`: looking back, in sentences with their
//! figures (or `--json`), and saving the leader's own summary of a quarter or year.

use anyhow::Result;
use chrono::{Local, NaiveDate};
use steward_core::lookback::{PeriodReview, ReviewWithNote};
use steward_core::{EntryFilter, Period, ReviewNote};

use super::Ctx;
use crate::input::{self, asked_text, UsageError};
use crate::output::{display_title, print_json, report_damaged, short_id};

/// The two questions of a review's summary (docs/DESIGN.md; the seeds' reflection
/// questions turned to the period).
pub const Q_LEARNED: &str = "What did I learn about how I use power and earn trust?";
/// The second question.
pub const Q_DIFFERENTLY: &str = "What will I do differently?";

/// Prints what was written on `date` (today by default) in earlier years.
pub fn on_this_day(ctx: &Ctx, date: Option<String>) -> Result<()> {
    let date = match date {
        Some(d) => input::parse_day("--date", &d)?,
        None => Local::now().date_naive(),
    };
    let vault = ctx.secrets.unlock(&ctx.path)?;
    let listing = vault.entries().list(&EntryFilter::default())?;
    let day = vault
        .look_back()
        .on_this_day(date, listing.entries.iter())?;
    if ctx.json {
        print_json(&day)?;
        return report_damaged(&listing.damaged);
    }
    let names = crate::reflect::relationship_names(&vault)?;
    println!("On this day, {}", date.format("%-d %B"));
    if day.is_empty() {
        println!("  Nothing was written on this day in earlier years.");
    }
    for year in &day.years {
        let ago = match year.years_ago {
            1 => "1 year ago".to_string(),
            n => format!("{n} years ago"),
        };
        println!("\n{ago} ({})", year.date);
        for e in &year.entries {
            println!("  {}  {}", short_id(&e.id), display_title(e));
        }
    }
    if let Some(r) = &day.reflection {
        println!("\nThis week a year ago ({}):", r.week);
        let a = &r.answers;
        if let Some(source) = a.strength_source {
            println!(
                "  Your strength came from: {}",
                format!("{source:?}").to_lowercase()
            );
        }
        let ex = &a.exercise;
        if let Some(id) = &ex.relationship {
            let name = names.get(id).map_or(id.as_str(), String::as_str);
            println!("  Where your authority exceeded your trust: {name}");
        }
        if !ex.step.is_empty() {
            println!("  Your step: {}", ex.step);
        }
    }
    report_damaged(&listing.damaged)
}

/// Prints the review of a quarter or year, saving the summary when given.
pub fn review(
    ctx: &Ctx,
    quarter: Option<String>,
    year: Option<String>,
    learned: Option<String>,
    differently: Option<String>,
) -> Result<()> {
    let period: Period = match (&quarter, &year) {
        (Some(text), None) | (None, Some(text)) => text.parse()?,
        _ => return Err(UsageError("give --quarter or --year".into()).into()),
    };
    if quarter.is_some() == period.is_year() {
        let (flag, like) = if quarter.is_some() {
            ("--quarter", "2026-Q3")
        } else {
            ("--year", "2026")
        };
        return Err(UsageError(format!("{flag} wants a period like {like}")).into());
    }
    let learned = asked_text(learned, &format!("{Q_LEARNED}\n> "), "answer")?;
    let differently = asked_text(differently, &format!("{Q_DIFFERENTLY}\n> "), "answer")?;
    let vault = ctx.secrets.unlock(&ctx.path)?;
    let listing = vault.entries().list(&EntryFilter::default())?;
    let look = vault.look_back();
    let now = Local::now();
    let mut review = look.review(period, &now, listing.entries.iter())?;
    if learned.is_some() || differently.is_some() {
        let old = review.note.as_ref().and_then(|n| n.review.clone());
        let note = ReviewNote {
            period,
            learned: learned
                .or_else(|| old.as_ref().map(|o| o.learned.clone()))
                .unwrap_or_default(),
            differently: (differently.or_else(|| old.map(|o| o.differently))).unwrap_or_default(),
        };
        let title = format!("Review of {period}");
        let saved = look.save_note(note, title, listing.entries.iter(), None)?;
        review.note = Some(saved);
    }
    if ctx.json {
        print_json(&review)?;
    } else {
        print_review(&review, &period);
    }
    report_damaged(&listing.damaged)
}

fn print_review(r: &ReviewWithNote, period: &Period) {
    let fig = &r.review;
    let what = if period.is_year() { "year" } else { "quarter" };
    println!(
        "Review of {} ({} – {}){}",
        fig.period,
        day(fig.from),
        day(fig.to),
        if fig.ended { "" } else { ", so far" }
    );
    for line in review_sentences(fig, what) {
        println!("  {line}");
    }
    match r.note.as_ref().and_then(|n| n.review.as_ref()) {
        Some(note) => {
            println!("\n{Q_LEARNED}\n  {}", note.learned);
            println!("{Q_DIFFERENTLY}\n  {}", note.differently);
        }
        None => println!(
            "\nYour own summary is not written yet: steward review --{what} {} --learned - --differently -",
            fig.period
        ),
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// Each part of the review as a sentence with its figure.
pub fn review_sentences(r: &PeriodReview, what: &str) -> Vec<String> {
    let mut out = Vec::new();
    if r.people.is_empty() {
        out.push(format!("Nobody was rated this {what}."));
    }
    for p in &r.people {
        out.push(gap_sentence(&p.name, p.first.gap, p.last.gap, p.ratings));
    }
    for s in &r.steps {
        let open = s.committed - s.done - s.partly - s.not_done;
        let mut line = format!(
            "{}: {} of {} steps done",
            titled(&format!("{:?}", s.step_type)),
            s.done,
            s.committed
        );
        for (n, label) in [
            (s.partly, "partly done"),
            (s.not_done, "not done"),
            (open, "not followed up yet"),
        ] {
            if n > 0 {
                line.push_str(&format!(", {n} {label}"));
            }
        }
        out.push(format!("{line}."));
    }
    if r.steps.is_empty() {
        out.push(format!("No step was committed this {what}."));
    }
    for e in &r.recurring_withdrawals {
        out.push(format!(
            "{} came up in {} weeks.",
            titled(&snake(&format!("{:?}", e.eroder))),
            e.withdrawals
        ));
    }
    let (s, b) = (r.strength, r.strength_before);
    out.push(format!(
        "Your strength came from trust in {} weeks, power in {}, both in {} (the {what} before: {}, {}, {}).",
        s.trust, s.power, s.both, b.trust, b.power, b.both
    ));
    let w = r.writing;
    out.push(format!(
        "You wrote {} entries ({} words) on {} days and finished {} of {} weekly reflections.",
        w.entries, w.words, w.days_written, w.reflections, w.weeks
    ));
    let d = r.decisions;
    if d.made > 0 || d.reviewed > 0 {
        out.push(format!(
            "You recorded {} decisions and reviewed {}; {} came out as expected.",
            d.made, d.reviewed, d.as_expected
        ));
    }
    out
}

fn gap_sentence(name: &str, first: i8, last: i8, ratings: u32) -> String {
    // Closing and opening are about its size: a gap of -2 (trust ahead) is wider than -1.
    let moved = match last.unsigned_abs().cmp(&first.unsigned_abs()) {
        std::cmp::Ordering::Less => format!("the gap closed from {first} to {last}"),
        std::cmp::Ordering::Greater => format!("the gap opened from {first} to {last}"),
        std::cmp::Ordering::Equal => format!("the gap stayed at {last}"),
    };
    let now = match last {
        0 => "authority and trust are level".to_string(),
        n if n > 0 => format!("your authority exceeds their trust by {n}"),
        n => format!("their trust exceeds your authority by {}", -n),
    };
    let plural = if ratings == 1 { "" } else { "s" };
    format!("{name}: {moved}; {now} ({ratings} rating{plural}).")
}

fn snake(debug: &str) -> String {
    let mut out = String::new();
    for (i, c) in debug.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

fn titled(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
