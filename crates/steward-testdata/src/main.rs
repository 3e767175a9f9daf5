//! `gen-history`: writes a deterministic Steward history as JSONL on stdout, ready for
//! `steward import --format jsonl -`.
//!
//!     gen-history [--seed N] [--weeks N] [--entries N] [--last-week 2026-W47]

use chrono::{NaiveDate, Weekday};
use steward_testdata::{generate, to_jsonl, HistorySpec};

fn main() {
    let mut spec = HistorySpec::default();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .unwrap_or_else(|| usage(&format!("{flag} needs a value")));
        match flag.as_str() {
            "--seed" => spec.seed = value.parse().unwrap_or_else(|_| usage("--seed: a number")),
            "--weeks" => spec.weeks = value.parse().unwrap_or_else(|_| usage("--weeks: a number")),
            "--entries" => {
                spec.entries = value
                    .parse()
                    .unwrap_or_else(|_| usage("--entries: a number"))
            }
            "--last-week" => {
                let (y, w) = value
                    .split_once("-W")
                    .and_then(|(y, w)| Some((y.parse().ok()?, w.parse().ok()?)))
                    .unwrap_or_else(|| usage("--last-week: like 2026-W47"));
                spec.last_week_monday = NaiveDate::from_isoywd_opt(y, w, Weekday::Mon)
                    .unwrap_or_else(|| usage("--last-week: no such week"));
            }
            other => usage(&format!("unknown flag {other}")),
        }
    }
    print!("{}", to_jsonl(&generate(&spec)));
}

fn usage(message: &str) -> ! {
    eprintln!("gen-history: {message}\nusage: gen-history [--seed N] [--weeks N] [--entries N] [--last-week 2026-W47]");
    std::process::exit(2);
}
