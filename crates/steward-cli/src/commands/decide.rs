//! `steward decide` and `steward decisions`: record a decision (question by question, or
//! from JSON), review it against its outcome when it is due, and list them with the
//! calibration of the reviewed ones.

use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::{bail, Result};
use chrono::{Local, NaiveDate};
use serde::Deserialize;
use steward_core::decisions::{review_date, AsExpected, Decision, DecisionOutcome, NewDecision};
use steward_core::lookback::{calibration, due_decisions, Bias, Calibration};
use steward_core::{Entry, Error, Vault};

use super::Ctx;
use crate::input::{self, parse_entry_date};
use crate::output::{print_json, short_id};
use crate::reflect::Prompter;

/// A decision as JSON (`steward decide --from-json`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionDoc {
    title: String,
    #[serde(default)]
    situation: String,
    #[serde(default)]
    options: String,
    #[serde(default)]
    expectation: String,
    confidence: u8,
    review_on: Option<NaiveDate>,
    review_in_days: Option<u32>,
    #[serde(default)]
    people: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    notes: String,
    date: Option<String>,
}

/// A decision's review as JSON (`steward decide --review ID --from-json`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OutcomeDoc {
    what_happened: String,
    as_expected: AsExpected,
    #[serde(default)]
    would_repeat: String,
    reviewed_on: Option<NaiveDate>,
}

fn parse<T: serde::de::DeserializeOwned>(file: &Path) -> Result<T> {
    let text = input::read_source(file)?;
    let doc = serde_json::from_str(&text)
        .map_err(|e| Error::InvalidInput(format!("not a decision document ({e})")))?;
    Ok(doc)
}

/// `steward decide [--review ID] [--from-json FILE]`.
pub fn decide(ctx: &Ctx, from_json: Option<&Path>, review: Option<&str>) -> Result<()> {
    if from_json.is_none() {
        ctx.refuse_json("the interactive decision (use --from-json)")?;
    }
    let vault = ctx.secrets.unlock(&ctx.path)?;
    let today = Local::now().date_naive();
    // The prompts lock stdin only when they are asked (a JSON document may come from it).
    let prompter = || Prompter::new(std::io::stdin().lock(), std::io::stdout());
    let saved = match (review, from_json) {
        (Some(id), Some(file)) => {
            let doc: OutcomeDoc = parse(file)?;
            let outcome = DecisionOutcome {
                reviewed_on: doc.reviewed_on.unwrap_or(today),
                what_happened: doc.what_happened,
                as_expected: doc.as_expected,
                would_repeat: doc.would_repeat,
            };
            vault.decisions().review(id, outcome, None)?
        }
        (Some(id), None) => ask_outcome(&vault, id, today, &mut prompter())?,
        (None, Some(file)) => add_doc(&vault, parse(file)?, today)?,
        (None, None) => ask_decision(&vault, today, &mut prompter())?,
    };
    if ctx.json {
        return print_json(&saved);
    }
    let d = saved.decision.as_ref().expect("a decision");
    match &d.outcome {
        Some(_) => println!("Reviewed {}: {}.", short_id(&saved.id), saved.title),
        None => println!(
            "Recorded {}: {}. Review it on {}.",
            short_id(&saved.id),
            saved.title,
            d.review_on
        ),
    }
    Ok(())
}

fn add_doc(vault: &Vault, doc: DecisionDoc, today: NaiveDate) -> Result<Entry> {
    let created_at = doc.date.as_deref().map(parse_entry_date).transpose()?;
    let decided_on = created_at.map_or(today, |c| c.date_naive());
    let review_on = match (doc.review_on, doc.review_in_days) {
        (Some(_), Some(_)) => bail!(Error::InvalidInput(
            "give review_on or review_in_days, not both".into()
        )),
        (Some(on), None) => on,
        (None, days) => review_date(decided_on, days.unwrap_or(90)),
    };
    let rels = vault.relationships();
    let people = (doc.people.iter())
        .map(|n| rels.find_or_create(n).map(|r| r.id))
        .collect::<steward_core::Result<Vec<_>>>()?;
    Ok(vault.decisions().add(NewDecision {
        title: doc.title,
        decision: Decision {
            situation: doc.situation,
            options: doc.options,
            expectation: doc.expectation,
            confidence: doc.confidence,
            review_on,
            outcome: None,
        },
        notes: doc.notes,
        tags: doc.tags,
        people,
        created_at,
    })?)
}

fn ask<R: BufRead, W: Write>(
    p: &mut Prompter<R, W>,
    prompt: &str,
    current: &str,
) -> Result<String> {
    match p.optional_line(prompt, current)? {
        Some(answer) => Ok(answer),
        None => bail!("input ended before every question was answered; nothing was saved"),
    }
}

fn ask_decision<R: BufRead, W: Write>(
    vault: &Vault,
    today: NaiveDate,
    p: &mut Prompter<R, W>,
) -> Result<Entry> {
    let title = ask(p, "What did you decide? (one line)", "")?;
    let situation = ask(p, "The situation: what called for a decision?", "")?;
    let options = ask(p, "Which options did you consider?", "")?;
    let expectation = ask(p, "What do you expect to happen?", "")?;
    let confidence = loop {
        let answer = ask(
            p,
            "How confident are you that it comes out as you expect? (0–100%)",
            "70",
        )?;
        match answer.trim_end_matches('%').trim().parse::<u8>() {
            Ok(n) if n <= 100 => break n,
            _ => println!("  Please answer with a whole number from 0 to 100."),
        }
    };
    let review_on = loop {
        let answer = ask(
            p,
            "Review it in how many days? (30, 90, 180, or a date YYYY-MM-DD)",
            "90",
        )?;
        if let Ok(days) = answer.parse::<u32>() {
            break review_date(today, days);
        }
        match input::parse_day("the review date", &answer) {
            Ok(day) => break day,
            Err(_) => println!("  Please answer with a number of days or a date like 2027-03-01."),
        }
    };
    Ok(vault.decisions().add(NewDecision {
        title,
        decision: Decision {
            situation,
            options,
            expectation,
            confidence,
            review_on,
            outcome: None,
        },
        notes: String::new(),
        tags: Vec::new(),
        people: Vec::new(),
        created_at: None,
    })?)
}

fn ask_outcome<R: BufRead, W: Write>(
    vault: &Vault,
    id: &str,
    today: NaiveDate,
    p: &mut Prompter<R, W>,
) -> Result<Entry> {
    let entry = vault.entries().get(id)?;
    let Some(d) = &entry.decision else {
        bail!(Error::InvalidInput(format!(
            "entry {} is not a decision",
            entry.id
        )));
    };
    println!(
        "{}\n  You expected: {}\n  Confidence: {}%",
        entry.title, d.expectation, d.confidence
    );
    let what_happened = ask(p, "What happened?", "")?;
    let as_expected = loop {
        let answer = ask(
            p,
            "Did it come out as you expected? (1 yes, 2 partly, 3 no)",
            "",
        )?;
        match answer.to_lowercase().as_str() {
            "1" | "yes" | "y" => break AsExpected::Yes,
            "2" | "partly" => break AsExpected::Partly,
            "3" | "no" | "n" => break AsExpected::No,
            _ => println!("  Please answer 1, 2 or 3."),
        }
    };
    let would_repeat = ask(p, "What would you do again, or differently?", "")?;
    let outcome = DecisionOutcome {
        reviewed_on: today,
        what_happened,
        as_expected,
        would_repeat,
    };
    Ok(vault
        .decisions()
        .review(&entry.id, outcome, Some(entry.version))?)
}

/// `steward decisions [--due]`.
pub fn list(ctx: &Ctx, due_only: bool) -> Result<()> {
    let vault = ctx.secrets.unlock(&ctx.path)?;
    let today = Local::now().date_naive();
    let all = vault.decisions().list()?;
    let due = due_decisions(all.iter(), today);
    let cal = calibration(all.iter().filter_map(|e| e.decision.as_deref()));
    if ctx.json {
        let shown: Vec<&Entry> = if due_only { due } else { all.iter().collect() };
        return print_json(&serde_json::json!({ "decisions": shown, "calibration": cal }));
    }
    if !due.is_empty() || due_only {
        println!("Due for review ({}):", due.len());
        for e in &due {
            line(e);
        }
    }
    if due_only {
        return Ok(());
    }
    let (reviewed, open): (Vec<&Entry>, Vec<&Entry>) = (all.iter())
        .filter(|e| !due.iter().any(|d| d.id == e.id))
        .partition(|e| e.decision.as_ref().is_some_and(|d| d.outcome.is_some()));
    for (heading, group) in [("Open", open), ("Reviewed", reviewed)] {
        if !group.is_empty() {
            println!("{heading} ({}):", group.len());
            group.into_iter().for_each(line);
        }
    }
    if all.is_empty() {
        println!("No decisions yet: record one with `steward decide`.");
    }
    println!("{}", calibration_reading(&cal));
    Ok(())
}

fn line(e: &Entry) {
    let Some(d) = &e.decision else { return };
    let state = match d.outcome.as_ref().map(|o| o.as_expected) {
        None => format!("review on {}", d.review_on),
        Some(AsExpected::Yes) => "came out as expected".into(),
        Some(AsExpected::Partly) => "partly as expected".into(),
        Some(AsExpected::No) => "not as expected".into(),
    };
    println!(
        "  {}  {}  {} — {}% — {state}",
        short_id(&e.id),
        e.created_at.date_naive(),
        e.title,
        d.confidence
    );
}

/// Calibration in plain words: the most common confidence band, and the overall reading.
pub fn calibration_reading(c: &Calibration) -> String {
    if !c.enough {
        return format!(
            "Calibration shows once ten decisions are reviewed ({} so far).",
            c.reviewed
        );
    }
    let band = c
        .bands
        .iter()
        .max_by_key(|b| (b.decisions, b.about))
        .expect("reviewed");
    let mut out = format!(
        "Of the {} calls you made at about {}%, {} came out as expected",
        band.decisions, band.about, band.as_expected
    );
    if band.partly > 0 {
        out.push_str(&format!(" and {} partly", band.partly));
    }
    out.push_str(&format!(" ({:.0}%). ", band.hit_rate * 100.0));
    out.push_str(&format!(
        "Overall you were {:.0}% confident and {:.0}% came true: {}",
        c.mean_confidence,
        c.hit_rate * 100.0,
        match c.bias {
            Bias::Overconfident => "you tend to be surer than the outcomes bear out.",
            Bias::Underconfident => "your calls come out better than you expect.",
            Bias::Calibrated | Bias::NotEnough => "your confidence matches your outcomes.",
        }
    ));
    out
}
