//! A generator of realistic Steward histories: years of weekly reflections (the reflection
//! JSON of docs/DESIGN.md §4 as `"kind": "reflection"` JSONL lines) and, optionally, journal
//! entries — deterministic for a seed, so tests can pin figures and screenshots stay the
//! same.
//!
//! The story it tells: four relationships. With **Dana (design lead)** the leader's
//! authority stays high while trust climbs from 1 to 4 (the gap closes); with **Sam
//! (operations)** trust slides from 3 to 1 and steps are often not kept (the gap widens);
//! **Priya (board chair)** holds more authority over the leader than the leader over her
//! (trust above authority); **The platform team** improves slowly. The leader's strength
//! moves from power towards trust over the years. About one week in nine is missed.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::{json, Value};

/// What to generate.
#[derive(Debug, Clone)]
pub struct HistorySpec {
    /// Seed of the random choices.
    pub seed: u64,
    /// Number of weeks, ending with `last_week_monday`'s week.
    pub weeks: u32,
    /// The Monday of the last week generated.
    pub last_week_monday: NaiveDate,
    /// Journal entries to spread over the same weeks (0 for none).
    pub entries: u32,
    /// Probability that a week has no reflection.
    pub missed_rate: f64,
}

impl Default for HistorySpec {
    fn default() -> Self {
        HistorySpec {
            seed: 7,
            weeks: 104,
            last_week_monday: NaiveDate::from_isoywd_opt(2026, 47, Weekday::Mon).expect("a week"),
            entries: 0,
            missed_rate: 0.11,
        }
    }
}

/// The relationships of the story and how authority and trust move over it (`t` from 0 to
/// 1 across the history).
pub const RELATIONSHIPS: [&str; 4] = [
    "Dana (design lead)",
    "Sam (operations)",
    "Priya (board chair)",
    "The platform team",
];

fn ratings(who: usize, t: f64) -> (u8, f64) {
    match who {
        0 => (4, 1.0 + 3.0 * t), // the gap closes
        1 => (3, 3.0 - 2.0 * t), // the gap widens
        2 => (2, 3.5),           // trust above authority
        _ => (5, 2.0 + 1.2 * t), // slow improvement
    }
}

const STEPS: [(&str, &str); 9] = [
    (
        "transparency",
        "Explain the reasoning behind the roadmap change before the all-hands",
    ),
    (
        "transparency",
        "Share the budget numbers I have been keeping to myself",
    ),
    (
        "transparency",
        "Tell them what I know about the reorganisation, and what I do not",
    ),
    (
        "apology",
        "Apologise for overruling the decision in front of the team",
    ),
    ("apology", "Own the missed deadline I blamed on others"),
    (
        "apology",
        "Say sorry for cutting the one-to-one short twice",
    ),
    (
        "inclusion",
        "Bring them into the hiring decision for their own team",
    ),
    ("inclusion", "Ask for their plan before presenting mine"),
    (
        "inclusion",
        "Invite them to the planning meeting they were left out of",
    ),
];

const DEPOSITS: [&str; 4] = [
    "promises_kept",
    "decisions_explained",
    "mistakes_owned",
    "people_valued",
];
const ERODERS: [&str; 4] = [
    "overused_authority",
    "withheld_information",
    "broke_commitments",
    "ignored_fairness",
];

const WORDS: [&str; 40] = [
    "team",
    "trust",
    "decision",
    "meeting",
    "feedback",
    "listened",
    "explained",
    "budget",
    "plan",
    "deadline",
    "owned",
    "mistake",
    "asked",
    "why",
    "roadmap",
    "hiring",
    "fairness",
    "promise",
    "kept",
    "quiet",
    "honest",
    "conversation",
    "tension",
    "change",
    "credit",
    "shared",
    "context",
    "today",
    "again",
    "better",
    "harder",
    "notice",
    "people",
    "power",
    "influence",
    "respect",
    "agreed",
    "disagreed",
    "follow",
    "through",
];

fn pick_some<'a>(rng: &mut StdRng, from: &[&'a str], p: f64) -> Vec<&'a str> {
    from.iter()
        .copied()
        .filter(|_| rng.random_bool(p))
        .collect()
}

fn sentence(rng: &mut StdRng, words: usize) -> String {
    let mut out: Vec<&str> = Vec::with_capacity(words);
    for _ in 0..words {
        out.push(WORDS[rng.random_range(0..WORDS.len())]);
    }
    let mut s = out.join(" ");
    if let Some(first) = s.get(0..1) {
        s.replace_range(0..1, &first.to_uppercase());
    }
    s.push('.');
    s
}

fn week_name(monday: NaiveDate) -> String {
    let iso = monday.iso_week();
    format!("{:04}-W{:02}", iso.year(), iso.week())
}

/// The history as JSONL values: entries first (oldest first), then reflections (oldest
/// first).
pub fn generate(spec: &HistorySpec) -> Vec<Value> {
    let mut rng = StdRng::seed_from_u64(spec.seed);
    let first_monday = spec.last_week_monday - Duration::weeks(i64::from(spec.weeks) - 1);
    let mut lines = entry_lines(&mut rng, spec, first_monday);

    let mut pending: Option<usize> = None; // the relationship of the last committed step
    for w in 0..spec.weeks {
        let monday = first_monday + Duration::weeks(i64::from(w));
        let t = if spec.weeks > 1 {
            f64::from(w) / f64::from(spec.weeks - 1)
        } else {
            1.0
        };
        // Never miss the last week: a history ends with a reflection.
        if w + 1 < spec.weeks && rng.random_bool(spec.missed_rate) {
            continue;
        }
        let who = match rng.random_range(0..10) {
            0..=3 => 0,
            4..=6 => 1,
            7 => 2,
            _ => 3,
        };
        let mut line = reflection_line(&mut rng, monday, who, t);
        if let Some(prev) = pending {
            line["follow_up"] = follow_up(&mut rng, prev, t);
        }
        pending = Some(who);
        lines.push(line);
    }
    lines
}

/// The entries: on random days of the span (some days several, most none), at varying
/// hours, a few words to a few paragraphs; oldest first.
fn entry_lines(rng: &mut StdRng, spec: &HistorySpec, first_monday: NaiveDate) -> Vec<Value> {
    let mut lines = Vec::new();
    let span_days = i64::from(spec.weeks) * 7;
    let mut days: Vec<i64> = (0..spec.entries)
        .map(|_| rng.random_range(0..span_days))
        .collect();
    days.sort_unstable();
    for offset in days {
        let day = first_monday + Duration::days(offset);
        let hour = rng.random_range(6..23);
        let minute = rng.random_range(0..60);
        let title_words = rng.random_range(2..6);
        let paragraphs = rng.random_range(1..4);
        let body: Vec<String> = (0..paragraphs)
            .map(|_| {
                (0..rng.random_range(2..6))
                    .map(|_| sentence(rng, 12))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        lines.push(json!({
            "created_at": format!("{}T{hour:02}:{minute:02}:00+00:00", day.format("%Y-%m-%d")),
            "kind": "entry",
            "title": sentence(rng, title_words).trim_end_matches('.').to_string(),
            "body": body.join("\n\n"),
            "tags": pick_some(rng, &["team", "trust", "board", "hiring", "1:1"], 0.2),
        }));
    }
    lines
}

/// The reflection of the week starting `monday`, its exercise about relationship `who`, at
/// `t` (0 → 1) through the history.
fn reflection_line(rng: &mut StdRng, monday: NaiveDate, who: usize, t: f64) -> Value {
    let (authority, trust_f) = ratings(who, t);
    let jitter: f64 = rng.random_range(-0.4..0.4);
    let trust = (trust_f + jitter).round().clamp(1.0, 5.0) as u8;
    let source = {
        let r: f64 = rng.random_range(0.0..1.0);
        if r < 0.6 - 0.45 * t {
            "power"
        } else if r < 0.85 - 0.2 * t {
            "both"
        } else {
            "trust"
        }
    };
    let (step_type, step) = STEPS[rng.random_range(0..STEPS.len())];
    json!({
        "kind": "reflection",
        "week": week_name(monday),
        "strength_source": source,
        "strength_note": sentence(rng, 14),
        "lost_trust": sentence(rng, 20),
        "lost_trust_causes": pick_some(rng, &ERODERS, 0.25),
        "reinforce_trust": sentence(rng, 18),
        "exercise": {
            "relationship": RELATIONSHIPS[who],
            "authority": authority,
            "trust": trust,
            "feedback_request": sentence(rng, 9),
            "step_type": step_type,
            "step": step,
        },
        "trust_account": {
            "deposits": pick_some(rng, &DEPOSITS, 0.3 + 0.3 * t),
            "withdrawals": pick_some(rng, &ERODERS, 0.35 - 0.2 * t),
        },
    })
}

/// The follow-up of the step committed for relationship `prev` the week before.
fn follow_up(rng: &mut StdRng, prev: usize, t: f64) -> Value {
    // Steps for Sam are often not kept; the others mostly are.
    let r: f64 = rng.random_range(0.0..1.0);
    let (done, partly) = if prev == 1 { (0.25, 0.5) } else { (0.6, 0.8) };
    let status = if r < done {
        "done"
    } else if r < partly {
        "partly"
    } else {
        "not_done"
    };
    let (_, prev_trust) = ratings(prev, t);
    json!({
        "status": status,
        "what_happened": sentence(rng, 16),
        "trust_now": (prev_trust.round().clamp(1.0, 5.0)) as u8,
    })
}

/// The history as JSONL text.
pub fn to_jsonl(lines: &[Value]) -> String {
    let mut out = String::new();
    for line in lines {
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_history_and_another_seed_another() {
        let spec = HistorySpec {
            entries: 50,
            ..HistorySpec::default()
        };
        assert_eq!(generate(&spec), generate(&spec));
        assert_ne!(
            generate(&spec),
            generate(&HistorySpec {
                seed: 8,
                ..spec.clone()
            })
        );
    }

    #[test]
    fn weeks_are_missed_but_the_last_one_is_there() {
        let lines = generate(&HistorySpec::default());
        let reflections: Vec<&Value> = lines.iter().filter(|l| l["kind"] == "reflection").collect();
        assert!(
            reflections.len() < 104 && reflections.len() > 80,
            "{}",
            reflections.len()
        );
        assert_eq!(reflections.last().unwrap()["week"], "2026-W47");
        assert!(reflections
            .iter()
            .any(|r| r["follow_up"]["status"] == "not_done"));
    }
}
