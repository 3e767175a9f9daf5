//! `steward reflect` (scripted and question by question), its status, and reflection lines
//! in `steward import --format jsonl`, including the errors that name the bad field.

use steward_core::Week;

use crate::util::*;

fn this_week() -> Week {
    Week::of_iso(chrono::Local::now().date_naive())
}

fn full_json(week: Week, relationship: &str, step: &str) -> String {
    serde_json::json!({
        "week": week.to_string(), "strength_source": "both", "strength_note": "title and record",
        "lost_trust": "moved a deadline silently", "lost_trust_causes": ["withheld_information"],
        "reinforce_trust": "explain before deciding",
        "exercise": {"relationship": relationship, "authority": 4, "trust": 2,
                     "feedback_request": "what makes you hold back", "step_type": "transparency",
                     "step": step},
        "trust_account": {"deposits": ["promises_kept"], "withdrawals": ["withheld_information"]}
    })
    .to_string()
}

#[test]
fn a_scripted_reflection_is_finished_and_the_next_week_follows_it_up_interactively() {
    let env = Env::init();
    // Weeks start on Monday by default, so "this week" is the ISO week of today.
    let last = this_week().prev();
    let run = env
        .cmd(&["reflect", "--week", &last.to_string(), "--from-json", "-"])
        .stdin(&full_json(
            last,
            "Dana (design lead)",
            "share the roadmap reasoning",
        ))
        .run()
        .ok();
    assert!(run.stdout.contains("saved and finished"), "{}", run.stdout);

    let status = env
        .cmd(&["--json", "reflect", "--status"])
        .run()
        .ok()
        .json();
    assert_eq!(status["status"]["week"], this_week().to_string());
    assert_eq!(status["status"]["streak"], 1);
    assert_eq!(
        status["follow_up_of"]["step"],
        "share the roadmap reasoning"
    );
    assert_eq!(status["follow_up_of"]["relationship"], "Dana (design lead)");

    // This week, question by question: the follow-up comes first.
    let answers = [
        "done",                          // did you do it
        "they asked good questions",     // what happened
        "1",                             // asked for the feedback: yes
        "they want the reasons first",   // what they said
        "3",                             // trust now
        "trust",                         // strength source
        "",                              // in your words (kept empty)
        "yes",                           // did anything cost trust: yes
        "skipped a 1:1",                 // when, and what caused it
        "3",                             // causes: broke_commitments
        "ask first",                     // reinforce
        "dana (design lead)",            // relationship, matched ignoring case
        "4",                             // authority
        "",                              // trust: the follow-up's 3, kept
        "what should I stop doing",      // feedback
        "apology",                       // step type
        "apologise for the late change", // step
        "2026-13-01",                    // by when: not a day, asked again
        "",                              // by when: next week's reflection day
        "1,2",                           // deposits
        "-",                             // withdrawals
        "Sam",                           // whom they concerned: someone new
        "decided the rota alone",        // the week's optional prompt
    ]
    .join("\n")
        + "\n";
    let run = env.cmd(&["reflect"]).stdin(&answers).run().ok();
    assert!(run.stdout.contains("Follow-up"), "{}", run.stdout);
    assert!(run.stdout.contains("share the roadmap reasoning"));
    assert!(
        run.stdout
            .contains("You meant to ask for feedback: what makes you hold back"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("What did Dana (design lead) say?"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("[Enter keeps: 3]"), "{}", run.stdout);
    assert!(run.stdout.contains("finished"), "{}", run.stdout);

    let shown = env.cmd(&["--json", "reflect", "--show"]).run().ok().json();
    assert_eq!(shown["follow_up"]["status"], "done");
    assert_eq!(shown["follow_up"]["trust_now"], 3);
    assert_eq!(shown["follow_up"]["asked_for_feedback"], true);
    assert_eq!(
        shown["follow_up"]["their_feedback"],
        "they want the reasons first"
    );
    assert_eq!(shown["exercise"]["trust"], 3);
    // One rating of Dana a week: this week's is the exercise's (which took the follow-up's).
    let trends = env.cmd(&["--json", "trends"]).run().ok().json();
    let points = &trends["relationships"][0]["points"];
    assert_eq!(points.as_array().unwrap().len(), 2, "{points}");
    assert_eq!(points[0]["source"], "exercise");
    assert_eq!(
        (points[1]["trust"].clone(), points[1]["source"].clone()),
        (3.into(), "exercise".into())
    );
    assert_eq!(shown["exercise"]["relationship"], "Dana (design lead)");
    assert_eq!(shown["exercise"]["step_type"], "apology");
    assert!(run.stdout.contains("A day like"), "{}", run.stdout);
    assert_eq!(shown["no_trust_lost"], false);
    assert_eq!(shown["lost_trust"], "skipped a 1:1");
    // By default a step is taken by next week's reflection day (Friday, the default).
    let friday = this_week().next().monday() + chrono::Duration::days(4);
    assert_eq!(shown["exercise"]["by_when"], friday.to_string());
    assert_eq!(
        shown["lost_trust_causes"],
        serde_json::json!(["broke_commitments"])
    );
    assert_eq!(
        shown["trust_account"]["deposits"],
        serde_json::json!(["promises_kept", "decisions_explained"])
    );
    assert!(
        run.stdout
            .contains("Whom did they concern most? (a name)\n  [Enter keeps: Dana (design lead)]"),
        "{}",
        run.stdout
    );
    assert_eq!(shown["trust_account"]["relationship"], "Sam");
    // The week's optional prompt, answered (the other tests' scripts end before it: skipped).
    assert!(
        run.stdout
            .contains("One more question, if you like (Enter skips it):"),
        "{}",
        run.stdout
    );
    assert_eq!(shown["prompt"]["answer"], "decided the rota alone");
    let id = shown["prompt"]["id"].as_str().unwrap().to_string();
    assert!(
        steward_core::reflections::prompts::by_id(&id).is_some_and(|p| run.stdout.contains(p.text)),
        "{id}: {}",
        run.stdout
    );
    // And a search of the reflections finds the week by it.
    let found = (env.cmd(&["--json", "search", "--reflections", "ROTA"]))
        .run()
        .ok()
        .json();
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found[0]["week"], this_week().to_string());
    assert_eq!(found[0]["excerpt"], "decided the rota alone");
    let text = (env.cmd(&["search", "--reflections", "nowhere-to-be-found"]))
        .run()
        .ok();
    assert_eq!(text.stdout, "No weekly reflection holds that.\n");
    let status = env
        .cmd(&["--json", "reflect", "--status"])
        .run()
        .ok()
        .json();
    assert_eq!(status["status"]["completed"], true);
    assert_eq!(status["status"]["streak"], 2);
}

#[test]
fn a_step_not_taken_is_kept_for_this_week_and_every_answer_of_it_is_offered_again() {
    let env = Env::init();
    let last = this_week().prev();
    env.cmd(&["reflect", "--week", &last.to_string(), "--from-json", "-"])
        .stdin(&full_json(
            last,
            "Sam",
            "explain the reorg in the team meeting",
        ))
        .run()
        .ok();
    let answers = [
        "not_done",          // did you do it
        "the meeting moved", // what happened
        "keep",              // keep this step for this week
        "2",                 // asked for the feedback: no (so no "what did they say")
        "2",                 // trust now
        "power",             // strength source
        "",                  // in your words
        "2",                 // did anything cost trust: no, nothing this week
        "",                  // reinforce
        "",                  // relationship: Sam, kept
        "4",                 // authority
        "",                  // trust: the follow-up's 2
        "",                  // feedback to ask for: last week's, kept
        "",                  // step type: kept
        "",                  // step: kept
        "2026-12-09",        // by when
        "-",                 // deposits
        "-",                 // withdrawals
    ]
    .join("\n")
        + "\n";
    let run = env.cmd(&["reflect"]).stdin(&answers).run().ok();
    assert!(
        run.stdout
            .contains("Keep this step for this week, or change it?"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("What did Sam say?"), "{}", run.stdout);
    assert!(run.stdout.contains("finished"), "{}", run.stdout);
    let shown = env.cmd(&["--json", "reflect", "--show"]).run().ok().json();
    assert_eq!(shown["follow_up"]["status"], "not_done");
    assert_eq!(shown["follow_up"]["asked_for_feedback"], false);
    assert_eq!(shown["exercise"]["relationship"], "Sam");
    assert_eq!(
        shown["exercise"]["step"],
        "explain the reorg in the team meeting"
    );
    assert_eq!(shown["exercise"]["step_type"], "transparency");
    assert_eq!(
        shown["exercise"]["feedback_request"],
        "what makes you hold back"
    );
    assert_eq!(shown["exercise"]["trust"], 2);
    assert_eq!(shown["no_trust_lost"], true);
    assert_eq!(shown["lost_trust"], "");
    assert_eq!(shown["exercise"]["by_when"], "2026-12-09");
}

#[test]
fn an_incomplete_reflection_is_kept_as_a_draft_and_says_what_is_missing() {
    let env = Env::init();
    let run = env
        .cmd(&["reflect", "--from-json", "-"])
        .stdin(r#"{"lost_trust": "a first thought"}"#)
        .run()
        .ok();
    assert!(run.stdout.contains("draft"), "{}", run.stdout);
    assert!(run.stdout.contains("exercise.step_type"), "{}", run.stdout);
    let status = env
        .cmd(&["--json", "reflect", "--status"])
        .run()
        .ok()
        .json();
    assert_eq!(status["status"]["draft"], true);
    // Input that ends midway leaves what was answered as a draft, with a clear error.
    env.cmd(&["reflect"])
        .stdin("power\n")
        .run()
        .fails(1, "input ended before the reflection was complete");
    let shown = env.cmd(&["--json", "reflect", "--show"]).run().ok().json();
    assert_eq!(shown["lost_trust"], "a first thought");
}

#[test]
fn bad_reflection_input_is_refused_naming_the_field() {
    let env = Env::init();
    let week = this_week().to_string();
    for (json, code, needle) in [
        (
            format!(r#"{{"week":"{week}","exercise":{{"step_type":"bribe"}}}}"#),
            7,
            "exercise.step_type: unknown variant `bribe`",
        ),
        (
            format!(r#"{{"week":"{week}","exercise":{{"authority":7}}}}"#),
            7,
            "exercise.authority: must be a whole number from 1 to 5, got 7",
        ),
        (
            r#"{"week":"2025-W53"}"#.to_string(),
            7,
            "week: 2025-W53 does not exist",
        ),
        (
            r#"{"week":"2999-W01"}"#.to_string(),
            7,
            "has not started yet",
        ),
        ("{oops".to_string(), 7, "not valid JSON"),
    ] {
        env.cmd(&["reflect", "--from-json", "-"])
            .stdin(&json)
            .run()
            .fails(code, needle);
    }
    env.cmd(&["reflect", "--week", "2025-W53", "--show"])
        .run()
        .fails(7, "--week: 2025-W53 does not exist: 2025 has weeks 1 to 52");
    env.cmd(&["reflect", "--week", "2026-W47", "--show"])
        .run()
        .fails(6, "no reflection for week with id 2026-W47");
    assert_eq!(
        env.cmd(&["--json", "reflect", "--status"])
            .run()
            .ok()
            .json()["status"]["draft"],
        false,
        "nothing was saved"
    );
}

#[test]
fn jsonl_import_takes_reflection_lines_and_refuses_bad_ones_whole() {
    let env = Env::init();
    let week = this_week().prev();
    let file = env.dir.path().join("history.jsonl");
    let reflection: serde_json::Value =
        serde_json::from_str(&full_json(week, "Sam", "invite Sam to planning")).unwrap();
    let mut line = reflection.as_object().unwrap().clone();
    line.insert("kind".into(), "reflection".into());
    std::fs::write(
        &file,
        format!(
            "{}\n{}\n",
            r#"{"title":"an entry","body":"text"}"#,
            serde_json::Value::Object(line.clone())
        ),
    )
    .unwrap();
    let report = env
        .cmd(&[
            "--json",
            "import",
            "--format",
            "jsonl",
            file.to_str().unwrap(),
        ])
        .run()
        .ok()
        .json();
    assert_eq!(report["added"], 1);
    assert_eq!(report["reflections_added"], 1);
    let shown = env
        .cmd(&["--json", "reflect", "--week", &week.to_string(), "--show"])
        .run()
        .ok()
        .json();
    assert_eq!(shown["exercise"]["relationship"], "Sam");

    line.insert("week".into(), this_week().to_string().into());
    line.insert("follow_up".into(), serde_json::json!({"status": "someday"}));
    std::fs::write(
        &file,
        format!(
            "{}\n{}\n",
            r#"{"title":"second","body":"text"}"#,
            serde_json::Value::Object(line)
        ),
    )
    .unwrap();
    env.cmd(&["import", "--format", "jsonl", file.to_str().unwrap()])
        .run()
        .fails(7, "line 2: follow_up.status: unknown variant `someday`");
    assert_eq!(env.count(), 1, "nothing of the bad file was imported");
}

#[test]
fn a_weeks_step_goes_into_an_ics_file_for_the_leaders_own_calendar() {
    let env = Env::init();
    let week = this_week();
    let mut doc: serde_json::Value =
        serde_json::from_str(&full_json(week, "Dana", "share the roadmap reasoning")).unwrap();
    doc["exercise"]["by_when"] = "2026-12-11".into();
    env.cmd(&["reflect", "--from-json", "-"])
        .stdin(&doc.to_string())
        .run()
        .ok();
    let ics = env.dir.path().join("step.ics");
    let path = ics.to_str().unwrap();
    let run = env
        .cmd(&["--json", "reflect", "--calendar", path])
        .run()
        .ok();
    assert!(run.stderr.contains("is not encrypted"), "{}", run.stderr);
    assert_eq!(run.json()["date"], "2026-12-11");
    let text = std::fs::read_to_string(&ics).unwrap();
    for line in [
        "BEGIN:VCALENDAR",
        "BEGIN:VEVENT",
        "DTSTART;VALUE=DATE:20261211",
        "SUMMARY:Your step with Dana: share the roadmap reasoning",
        "END:VCALENDAR",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} in {text}");
    }
    // Long lines are folded (RFC 5545: CRLF and a space); a calendar reads them unfolded.
    let unfolded = text.replace("\r\n ", "");
    assert!(
        unfolded.contains("The feedback to ask for: what makes you hold back"),
        "{text}"
    );
    // The event's id is the reflection's (a UUID), so adding it again updates one event.
    let uid = text.lines().find_map(|l| l.strip_prefix("UID:")).unwrap();
    assert!(uid.ends_with("@steward") && uid.len() == 36 + 8, "{uid}");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&ics).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // Never over an existing file; and a week without a step has nothing to add.
    env.cmd(&["reflect", "--calendar", path])
        .run()
        .fails_after_warning(7, "already exists");
    let other = env.dir.path().join("other.ics");
    env.cmd(&[
        "reflect",
        "--week",
        &week.prev().to_string(),
        "--calendar",
        other.to_str().unwrap(),
    ])
    .run()
    .fails_after_warning(7, "has no step to put in a calendar");
    assert!(!other.exists());
}
