//! Snapshots (insta) of what people read: `steward --help` and the text output of `list`,
//! `show`, `reflect --status` and `trends`, on a small fixed journal. A change to any of
//! them shows up as a diff to review (`cargo insta review`, or delete the .snap and rerun).
//! Week names and dates that depend on today are replaced by placeholders.

use crate::util::*;

/// Replaces what depends on the day the test runs.
fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "[UUID]",
    );
    s.add_filter(r"\b[0-9a-f]{8}\b", "[ID]");
    s
}

fn reflection(week: &str, step: &str, status: Option<&str>) -> String {
    let follow_up = status
        .map(|s| {
            format!(
                r#", "follow_up": {{"status": "{s}", "what_happened": "talked", "trust_now": 3}}"#
            )
        })
        .unwrap_or_default();
    format!(
        r#"{{"week": "{week}", "strength_source": "both", "lost_trust": "a late decision",
            "exercise": {{"relationship": "Dana (design lead)", "authority": 4, "trust": 2,
                         "feedback_request": "what I miss", "step_type": "transparency",
                         "step": "{step}"}},
            "trust_account": {{"deposits": ["promises_kept"], "withdrawals": []}}{follow_up}}}"#
    )
}

/// A journal with two entries on fixed dates and four finished weeks in October 2026.
fn fixed_journal() -> Env {
    let env = Env::init();
    env.add(
        "Owning the delay",
        "Told the team why the launch slipped.",
        &["--tag", "team", "--date", "2026-10-06 09:30"],
    );
    env.add(
        "",
        "Asked Dana what she wished I had said earlier.",
        &["--date", "2026-10-20 17:05"],
    );
    let weeks = [
        ("2026-W41", "share the roadmap reasoning", None),
        ("2026-W42", "say sorry for the late call", Some("done")),
        ("2026-W43", "invite Dana to the planning", Some("partly")),
        ("2026-W44", "explain the budget cut", Some("not_done")),
    ];
    for (week, step, status) in weeks {
        env.cmd(&["reflect", "--from-json", "-", "--week", week])
            .stdin(&reflection(week, step, status))
            .run()
            .ok();
    }
    env
}

#[test]
fn help_is_pinned() {
    let env = Env::new();
    let help = env
        .cmd(&["--help"])
        .env_remove("STEWARD_VAULT")
        .run()
        .ok()
        .stdout;
    insta::assert_snapshot!("help", help);
}

#[test]
fn list_show_status_and_trends_text_are_pinned() {
    let env = fixed_journal();
    let _guard = settings().bind_to_scope();
    insta::assert_snapshot!("list", env.cmd(&["list"]).run().ok().stdout);
    let id = env.cmd(&["list", "--json"]).run().ok().json()[1]["id"]
        .as_str()
        .unwrap()
        .to_string();
    insta::assert_snapshot!("show", env.cmd(&["show", &id]).run().ok().stdout);
    let trends = env
        .cmd(&["trends", "--from", "2026-10-05", "--to", "2026-11-01"])
        .run()
        .ok()
        .stdout;
    insta::assert_snapshot!("trends", trends);
}

#[test]
fn reflect_status_text_is_pinned() {
    let env = fixed_journal();
    let mut s = settings();
    // This week, its due moment and the weeks missed since October depend on today.
    s.add_filter(r"\d{4}-W\d{2}", "[WEEK]");
    s.add_filter(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?", "[DATE]");
    // "due since …" from the due moment to the week's end (Friday 16:00 to Sunday).
    s.add_filter(r"due (since )?\w{3} \d{2} \w{3} \d{2}:\d{2}", "due [WHEN]");
    s.add_filter(r"Missed: .*", "Missed: [WEEKS]");
    let _guard = s.bind_to_scope();
    insta::assert_snapshot!(
        "reflect_status",
        env.cmd(&["reflect", "--status"]).run().ok().stdout
    );
}
