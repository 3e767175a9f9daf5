//! Looking back from the command line: `decide` (JSON and asked), `decisions` with due
//! ones first, `review` with sentences whose figures were checked by hand and the saved
//! summary, `on-this-day`, and `export --format pdf` read back with `pdftotext`, with
//! `--initials` and the file rules; each bad input with its exit code.

use crate::util::*;

fn reflect(env: &Env, doc: serde_json::Value) {
    env.cmd(&["reflect", "--from-json", "-"])
        .stdin(&doc.to_string())
        .run()
        .ok();
}

/// Third quarter 2026, Monday weeks: Dana at 4 / 2 in W28 and 4 / 4 in W30 (a gap that
/// closed from 2 to 0), Sam Ortiz at 3 / 3 in W29; the W28 apology not done, the W29
/// inclusion done.
fn quarter(env: &Env) {
    let week = |w: &str, who: &str, a: u8, t: u8, step: &str, source: &str| {
        serde_json::json!({"week": w, "strength_source": source,
            "exercise": {"relationship": who, "authority": a, "trust": t,
                "step_type": step, "step": format!("a step in {w}")},
            "trust_account": {"withdrawals": ["withheld_information"]}})
    };
    reflect(
        env,
        week("2026-W28", "Dana Whitfield", 4, 2, "apology", "power"),
    );
    let mut w29 = week("2026-W29", "Sam Ortiz", 3, 3, "inclusion", "trust");
    w29["follow_up"] = serde_json::json!({"status": "not_done", "what_happened": "I forgot"});
    reflect(env, w29);
    let mut w30 = week("2026-W30", "Dana Whitfield", 4, 4, "transparency", "trust");
    w30["follow_up"] = serde_json::json!({"status": "done", "what_happened": "Sam joined",
        "their_feedback": "Dana Whitfield said it helped"});
    reflect(env, w30);
    env.add("July note", "two words", &["--date", "2026-07-01 09:00"]);
}

#[test]
fn a_quarter_review_speaks_in_sentences_and_keeps_the_summary() {
    let env = Env::init();
    quarter(&env);
    let text = env
        .cmd(&["review", "--quarter", "2026-Q3"])
        .run()
        .ok()
        .stdout;
    for needle in [
        "Review of 2026-Q3 (1 July 2026 – 30 September 2026)",
        "Dana Whitfield: the gap closed from 2 to 0; authority and trust are level (2 ratings).",
        "Sam Ortiz: the gap stayed at 0; authority and trust are level (1 rating).",
        "Apology: 0 of 1 steps done, 1 not done.",
        "Inclusion: 1 of 1 steps done.",
        "Transparency: 0 of 1 steps done, 1 not followed up yet.",
        "Withheld information came up in 3 weeks.",
        "Your strength came from trust in 2 weeks, power in 1, both in 0",
        "You wrote 1 entries (2 words) on 1 days and finished 3 of 13 weekly reflections.",
        "Your own summary is not written yet",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
    env.cmd(&[
        "review",
        "--quarter",
        "2026-q3",
        "--learned",
        "I decide alone when rushed",
        "--differently",
        "ask first",
    ])
    .run()
    .ok();
    env.cmd(&[
        "review",
        "--quarter",
        "2026-Q3",
        "--differently",
        "ask Dana first",
    ])
    .run()
    .ok();
    let j = env
        .cmd(&["--json", "review", "--quarter", "2026-Q3"])
        .run()
        .ok()
        .json();
    assert_eq!(j["review"]["writing"]["reflections"], 3);
    assert_eq!(j["note"]["review"]["learned"], "I decide alone when rushed");
    assert_eq!(j["note"]["review"]["differently"], "ask Dana first");
    assert_eq!(j["note"]["kind"], "entry");
    // One note for the quarter, however often it is saved.
    assert_eq!(env.count(), 2);
    let year = env
        .cmd(&["--json", "review", "--year", "2026"])
        .run()
        .ok()
        .json();
    assert_eq!(year["review"]["period"], "2026");
    assert!(year["note"].is_null());

    env.cmd(&["review", "--quarter", "2026-Q5"])
        .run()
        .fails(7, "neither a quarter");
    env.cmd(&["review", "--quarter", "2026"])
        .run()
        .fails(2, "--quarter wants a period like 2026-Q3");
    env.cmd(&["review", "--year", "2026-Q1"])
        .run()
        .fails(2, "--year wants a period like 2026");
    assert_eq!(env.cmd(&["review"]).run().code, 2);
}

#[test]
fn decisions_are_recorded_reviewed_and_listed_due_first() {
    let env = Env::init();
    let doc = serde_json::json!({"title": "Give Dana the hiring call", "situation": "Dana wants it",
        "expectation": "faster hires", "confidence": 70, "review_in_days": 30,
        "people": ["Dana Whitfield"], "date": "2026-01-10"});
    let saved = env
        .cmd(&["--json", "decide", "--from-json", "-"])
        .stdin(&doc.to_string())
        .run()
        .ok()
        .json();
    let id = saved["id"].as_str().unwrap().to_string();
    assert_eq!(saved["decision"]["review_on"], "2026-02-09");
    // Asked question by question (no terminal: the answers come from stdin).
    let asked = env
        .cmd(&["decide"])
        .stdin("Move the offsite\nThe team is tired\nkeep it; move it\nbetter energy\n80%\n2030-01-01\n")
        .run()
        .ok();
    assert!(asked.stdout.contains("Recorded"), "{}", asked.stdout);
    assert!(
        asked.stdout.contains("Review it on 2030-01-01"),
        "{}",
        asked.stdout
    );

    let text = env.cmd(&["decisions"]).run().ok().stdout;
    let due_at = text.find("Due for review (1):").expect(&text);
    let open_at = text.find("Open (1):").expect(&text);
    assert!(due_at < open_at, "{text}");
    assert!(
        text.contains("Give Dana the hiring call — 70% — review on 2026-02-09"),
        "{text}"
    );
    assert!(
        text.contains("Calibration shows once ten decisions are reviewed (0 so far)."),
        "{text}"
    );
    let due = env.cmd(&["--json", "decisions", "--due"]).run().ok().json();
    assert_eq!(due["decisions"].as_array().unwrap().len(), 1);

    let outcome =
        serde_json::json!({"what_happened": "two hires in a month", "as_expected": "yes"});
    env.cmd(&["decide", "--review", &id[..8], "--from-json", "-"])
        .stdin(&outcome.to_string())
        .run()
        .ok();
    let text = env.cmd(&["decisions"]).run().ok().stdout;
    assert!(
        text.contains("Give Dana the hiring call — 70% — came out as expected"),
        "{text}"
    );
    assert!(text.contains("(1 so far)"), "{text}");
    assert!(
        env.cmd(&["--json", "decisions", "--due"]).run().ok().json()["decisions"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // The decision's text is searched like any entry's.
    assert_eq!(
        env.cmd(&["search", "--json", "hires"]).run().ok().titles(),
        ["Give Dana the hiring call"]
    );

    let bad = |doc: serde_json::Value| {
        env.cmd(&["decide", "--from-json", "-"])
            .stdin(&doc.to_string())
            .run()
    };
    bad(serde_json::json!({"title": "x", "situation": "y", "confidence": 150}))
        .fails(7, "confidence 150 is not a percentage");
    bad(serde_json::json!({"title": "x", "situation": "y", "confidence": 300}))
        .fails(7, "not a decision document");
    bad(serde_json::json!({"title": "x", "situation": "y", "confidence": 60, "review_on": "2020-01-01"})).fails(7, "review date");
    bad(serde_json::json!({"title": "", "situation": "y", "confidence": 60}))
        .fails(7, "say in a line what was decided");
    bad(serde_json::json!({"title": "x", "confidence": 60, "mood": "good"}))
        .fails(7, "unknown field");
    let plain = env.add("plain", "no decision", &[]);
    env.cmd(&["decide", "--review", &plain, "--from-json", "-"])
        .stdin(&outcome.to_string())
        .run()
        .fails(7, "is not a decision");
    env.cmd(&["decide", "--review", "00000000", "--from-json", "-"])
        .stdin(&outcome.to_string())
        .run()
        .fails(6, "");
    env.cmd(&["decide"])
        .stdin("only a title\n")
        .run()
        .fails(1, "nothing was saved");
    env.cmd(&["--json", "decide"])
        .run()
        .fails(2, "--json is not available");
}

#[test]
fn on_this_day_lists_earlier_years_and_a_year_ago_this_week() {
    let env = Env::init();
    env.add("A year ago", "one", &["--date", "2025-12-04 09:00"]);
    env.add("Three years ago", "three", &["--date", "2023-12-04 18:00"]);
    env.add("The day after", "no", &["--date", "2025-12-05 09:00"]);
    let text = env
        .cmd(&["on-this-day", "--date", "2026-12-04"])
        .run()
        .ok()
        .stdout;
    assert!(text.contains("1 year ago (2025-12-04)"), "{text}");
    assert!(text.contains("3 years ago (2023-12-04)"), "{text}");
    assert!(!text.contains("The day after"), "{text}");
    let j = env
        .cmd(&["--json", "on-this-day", "--date", "2026-12-04"])
        .run()
        .ok()
        .json();
    let years: Vec<u64> = j["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["years_ago"].as_u64().unwrap())
        .collect();
    assert_eq!(years, [1, 3]);
    let none = env
        .cmd(&["on-this-day", "--date", "2026-06-01"])
        .run()
        .ok()
        .stdout;
    assert!(
        none.contains("Nothing was written on this day in earlier years."),
        "{none}"
    );
    env.cmd(&["on-this-day", "--date", "June 1"])
        .run()
        .fails(2, "--date");
}

fn pdf_text(path: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn export_pdf_prints_a_period_or_a_person_and_initials_hide_every_name() {
    let env = Env::init();
    quarter(&env);
    let out = env.dir.path().join("q3.pdf");
    let path = out.to_str().unwrap();
    // No terminal and no --yes: refused before anything is written.
    env.cmd(&["export", "--format", "pdf", path])
        .run()
        .fails(2, "needs --yes");
    assert!(!out.exists());
    let done = env
        .cmd(&[
            "export",
            "--format",
            "pdf",
            "--from",
            "2026-07-01",
            "--to",
            "2026-09-30",
            path,
            "--yes",
        ])
        .run()
        .ok();
    assert!(done.stderr.contains("UNENCRYPTED"), "{}", done.stderr);
    assert!(
        done.stdout.contains("3 weekly reflections"),
        "{}",
        done.stdout
    );
    let text = pdf_text(&out);
    for needle in [
        "1 July 2026 – 30 September 2026",
        "Where my authority exceeds my trust: Dana Whitfield",
        "What I heard: Dana Whitfield said it helped",
        "July note",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
    env.cmd(&["export", "--format", "pdf", path, "--yes"])
        .run()
        .fails_after_warning(7, "already exists");

    let initials = env.dir.path().join("initials.pdf");
    env.cmd(&[
        "export",
        "--format",
        "pdf",
        "--initials",
        initials.to_str().unwrap(),
        "--yes",
    ])
    .run()
    .ok();
    let text = pdf_text(&initials);
    for name in ["Dana", "Whitfield", "Sam", "Ortiz"] {
        assert!(
            !text.contains(name),
            "{name} printed with --initials:\n{text}"
        );
    }
    assert!(text.contains("D. W. said it helped"), "{text}");

    let sam = env.dir.path().join("sam.pdf");
    let j = env
        .cmd(&[
            "--json",
            "export",
            "--format",
            "pdf",
            "--person",
            "sam ortiz",
            sam.to_str().unwrap(),
            "--yes",
        ])
        .run()
        .ok()
        .json();
    assert_eq!(j["counts"]["reflections"], 1);
    let text = pdf_text(&sam);
    assert!(text.contains("Leadership record: Sam Ortiz"), "{text}");
    assert!(!text.contains("exceeds my trust: Dana"), "{text}");
    assert!(!text.contains("a step in 2026-W28"), "{text}");

    let nobody = env.dir.path().join("nobody.pdf");
    env.cmd(&[
        "export",
        "--format",
        "pdf",
        "--person",
        "Nobody",
        nobody.to_str().unwrap(),
        "--yes",
    ])
    .run()
    .fails_after_warning(6, "Nobody");
    assert!(!nobody.exists());
    let md = env.dir.path().join("md");
    env.cmd(&[
        "export",
        "--format",
        "markdown",
        "--initials",
        md.to_str().unwrap(),
        "--yes",
    ])
    .run()
    .fails(2, "are for --format pdf");
    env.cmd(&[
        "export",
        "--format",
        "pdf",
        "--from",
        "2026-09-30",
        "--to",
        "2026-07-01",
        nobody.to_str().unwrap(),
        "--yes",
    ])
    .run()
    .fails_after_warning(7, "after its last day");
}
