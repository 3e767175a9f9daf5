//! `steward trends`: readable text with the plain-language readings, the numbers as JSON,
//! date ranges, and bad dates.

use crate::util::*;

fn import_history(env: &Env) {
    let lines = steward_testdata::generate(&steward_testdata::HistorySpec {
        weeks: 104,
        entries: 60,
        ..Default::default()
    });
    env.cmd(&["import", "--format", "jsonl", "-"])
        .stdin(&steward_testdata::to_jsonl(&lines))
        .run()
        .ok();
}

#[test]
fn trends_print_readings_and_json_with_the_design_fields() {
    let env = Env::init();
    let empty = env.cmd(&["trends"]).run().ok();
    assert!(
        empty.stdout.contains("No relationship rated"),
        "{}",
        empty.stdout
    );

    import_history(&env);
    let text = env.cmd(&["trends"]).run().ok().stdout;
    for needle in [
        "Authority and trust",
        "Trust with Dana (design lead) rose",
        "(partly done counts as half)",
        "You reflected in",
        "You wrote 60 entries",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
    let j = env.cmd(&["--json", "trends"]).run().ok().json();
    let rate = j["follow_through_rate"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&rate));
    assert!(j["strength_source_counts"]["power"].is_u64());
    assert!(j["strength_source_counts"]["trust"].is_u64());
    assert!(j["strength_source_counts"]["both"].is_u64());
    let dana = j["relationships"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "Dana (design lead)")
        .unwrap();
    assert!(dana["points"][0]["week"].is_string());
    assert!(dana["points"][0]["authority"].is_u64() && dana["points"][0]["trust"].is_u64());

    // A range: only its weeks.
    let j = env
        .cmd(&[
            "--json",
            "trends",
            "--from",
            "2026-11-09",
            "--to",
            "2026-11-22",
        ])
        .run()
        .ok()
        .json();
    assert_eq!(j["from"], "2026-W46");
    assert_eq!(j["to"], "2026-W47");
    assert!(j["completion"]["weeks_elapsed"].as_u64().unwrap() <= 2);
}

#[test]
fn bad_dates_are_usage_errors() {
    let env = Env::init();
    env.cmd(&["trends", "--from", "last spring"])
        .run()
        .fails(2, "--from \"last spring\": use YYYY-MM-DD");
    env.cmd(&["trends", "--from", "2026-05-01", "--to", "2026-01-01"])
        .run()
        .fails(2, "--from 2026-05-01 is after --to 2026-01-01");
}
