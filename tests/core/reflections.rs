//! Relationships and weekly reflections in a real vault: drafts, finishing, past weeks,
//! the follow-up of the previous step (also after a gap), relationship histories, the
//! reminder status, JSONL import of reflection lines, and tampering with week names.

use steward_core::import::parse_jsonl;
use steward_core::reflections::{
    parse_reflection_doc, reflection_doc_json, Deposit, Eroder, FollowUpStatus, Rating, StepType,
    StrengthSource,
};
use steward_core::{Answers, Error, Schedule, Vault, Week};

use crate::util::*;

fn w(name: &str) -> Week {
    name.parse().unwrap()
}

/// "Now" for these tests: the week after 2026-W47.
fn current() -> Week {
    w("2026-W48")
}

fn complete(relationship: &str, authority: u8, trust: u8, step: &str) -> Answers {
    let mut a = Answers {
        strength_source: Some(StrengthSource::Both),
        strength_note: "title and track record".into(),
        lost_trust: "changed the plan without telling them".into(),
        lost_trust_causes: vec![Eroder::WithheldInformation],
        reinforce_trust: "explain decisions before making them".into(),
        ..Answers::default()
    };
    a.exercise.relationship = Some(relationship.into());
    a.exercise.authority = Rating::new(authority);
    a.exercise.trust = Rating::new(trust);
    a.exercise.feedback_request = "what I do that makes you hold back".into();
    a.exercise.step_type = Some(StepType::Transparency);
    a.exercise.step = step.into();
    a.trust_account.deposits = vec![Deposit::DecisionsExplained, Deposit::PromisesKept];
    a.trust_account.withdrawals = vec![Eroder::OverusedAuthority];
    a
}

#[test]
fn relationships_are_created_renamed_and_archived() {
    let t = new_vault();
    let dana = t
        .vault
        .relationships()
        .create("  Dana   (design lead) ")
        .unwrap();
    assert_eq!(dana.name, "Dana (design lead)");
    let err = t
        .vault
        .relationships()
        .create("dana (DESIGN lead)")
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
    assert!(err.to_string().contains("already exists"));
    assert!(matches!(
        t.vault.relationships().create("   "),
        Err(Error::InvalidInput(_))
    ));
    let ops = t.vault.relationships().create("Ops team").unwrap();
    let renamed = t.vault.relationships().rename(&dana.id, "Dana").unwrap();
    assert_eq!((renamed.name.as_str(), renamed.version), ("Dana", 2));
    assert!(t.vault.relationships().rename(&ops.id, "DANA").is_err());
    let archived = t.vault.relationships().set_archived(&ops.id, true).unwrap();
    assert!(archived.archived);
    let names: Vec<(String, bool)> = t
        .vault
        .relationships()
        .list()
        .unwrap()
        .into_iter()
        .map(|r| (r.name, r.archived))
        .collect();
    assert_eq!(
        names,
        vec![("Dana".into(), false), ("Ops team".into(), true)]
    );
    assert!(matches!(
        t.vault.relationships().rename("no-such-id", "x"),
        Err(Error::NotFound { .. })
    ));
    // Still there after reopening.
    drop(t.vault);
    let v = Vault::unlock(&t.path, &secret(PASS)).unwrap();
    assert_eq!(v.relationships().list().unwrap().len(), 2);
}

#[test]
fn a_draft_is_saved_then_finished_and_past_weeks_stay_editable() {
    let t = new_vault();
    let dana = t.vault.relationships().create("Dana").unwrap();
    let week = w("2026-W47");
    let draft = Answers {
        lost_trust: "half an answer".into(),
        ..Answers::default()
    };
    let saved = t
        .vault
        .reflections()
        .save(week, draft, None, current())
        .unwrap();
    assert!(!saved.is_completed());
    assert_eq!(saved.version, 1);

    let err = t
        .vault
        .reflections()
        .finish(week, current())
        .unwrap_err()
        .to_string();
    for field in [
        "strength_source",
        "exercise.relationship",
        "exercise.authority",
        "exercise.trust",
        "exercise.step_type",
        "exercise.step",
    ] {
        assert!(err.contains(field), "{field} missing from {err}");
    }
    assert!(
        !err.contains("follow_up"),
        "no earlier step, no follow-up: {err}"
    );

    let answers = complete(&dana.id, 4, 2, "share the roadmap reasoning");
    let saved = t
        .vault
        .reflections()
        .save(week, answers.clone(), Some(1), current())
        .unwrap();
    assert_eq!(saved.version, 2);
    // A save over a version that changed elsewhere is refused.
    assert!(t
        .vault
        .reflections()
        .save(week, answers.clone(), Some(1), current())
        .is_err());
    let finished = t.vault.reflections().finish(week, current()).unwrap();
    assert!(finished.is_completed());

    // Past weeks stay editable and stay finished.
    let mut edited = answers.clone();
    edited.reinforce_trust = "ask before deciding".into();
    let again = t
        .vault
        .reflections()
        .save(week, edited, None, current())
        .unwrap();
    assert!(again.is_completed());
    assert_eq!(again.answers.reinforce_trust, "ask before deciding");

    // A week that has not started is refused; an unknown relationship too.
    let err = t
        .vault
        .reflections()
        .save(w("2026-W50"), answers.clone(), None, current())
        .unwrap_err();
    assert!(err.to_string().contains("has not started yet"), "{err}");
    let mut ghost = answers;
    ghost.exercise.relationship = Some("00000000-0000-0000-0000-000000000000".into());
    assert!(matches!(
        t.vault
            .reflections()
            .save(w("2026-W46"), ghost, None, current()),
        Err(Error::NotFound { .. })
    ));

    drop(t.vault);
    let v = Vault::unlock(&t.path, &secret(PASS)).unwrap();
    let list = v.reflections().list().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].week, week);
    assert!(list[0].is_completed());
}

#[test]
fn the_follow_up_asks_about_the_latest_earlier_step_even_after_a_gap() {
    let t = new_vault();
    let dana = t.vault.relationships().create("Dana").unwrap();
    let sam = t.vault.relationships().create("Sam").unwrap();
    assert!(t
        .vault
        .reflections()
        .previous_step(w("2026-W44"))
        .unwrap()
        .is_none());
    t.vault
        .reflections()
        .save(
            w("2026-W43"),
            complete(&sam.id, 5, 1, "apologise for the reorg"),
            None,
            current(),
        )
        .unwrap();
    t.vault
        .reflections()
        .finish(w("2026-W43"), current())
        .unwrap();
    t.vault
        .reflections()
        .save(
            w("2026-W44"),
            complete(&dana.id, 4, 2, "explain the budget cut"),
            None,
            current(),
        )
        .unwrap();
    // W45 and W46 are missed. W47 follows up W44's step.
    let prev = t
        .vault
        .reflections()
        .previous_step(w("2026-W47"))
        .unwrap()
        .unwrap();
    assert_eq!(prev.week, w("2026-W44"));
    assert_eq!(prev.step, "explain the budget cut");
    assert_eq!(prev.relationship.as_deref(), Some("Dana"));
    assert_eq!(prev.trust, Rating::new(2));
    // A later reflection without a step does not hide W44's step from W48.
    t.vault
        .reflections()
        .save(
            w("2026-W47"),
            Answers {
                lost_trust: "only this".into(),
                ..Answers::default()
            },
            None,
            current(),
        )
        .unwrap();
    assert_eq!(
        t.vault
            .reflections()
            .previous_step(w("2026-W48"))
            .unwrap()
            .unwrap()
            .week,
        w("2026-W44")
    );

    // Finishing W47 needs the follow-up now.
    let mut a = complete(&dana.id, 4, 3, "ask for feedback in the retro");
    t.vault
        .reflections()
        .save(w("2026-W47"), a.clone(), None, current())
        .unwrap();
    let err = t
        .vault
        .reflections()
        .finish(w("2026-W47"), current())
        .unwrap_err();
    assert!(err.to_string().contains("follow_up.status"), "{err}");
    a.follow_up.status = Some(FollowUpStatus::Partly);
    a.follow_up.what_happened = "explained half of it".into();
    a.follow_up.trust_now = Rating::new(3);
    t.vault
        .reflections()
        .save(w("2026-W47"), a, None, current())
        .unwrap();
    assert!(t
        .vault
        .reflections()
        .finish(w("2026-W47"), current())
        .unwrap()
        .is_completed());

    // Dana's history: two rated weeks, one followed-up step (partly), the account.
    t.vault
        .relationships()
        .rename(&dana.id, "Dana (design lead)")
        .unwrap();
    let h = t.vault.reflections().history(&dana.id).unwrap();
    assert_eq!(h.relationship.name, "Dana (design lead)");
    let points: Vec<(String, u8, u8)> = h
        .points
        .iter()
        .map(|p| (p.week.to_string(), p.authority.get(), p.trust.get()))
        .collect();
    assert_eq!(
        points,
        vec![("2026-W44".into(), 4, 2), ("2026-W47".into(), 4, 3)]
    );
    assert_eq!(h.steps_committed, 2);
    assert_eq!((h.steps_done, h.steps_partly, h.steps_not_done), (0, 1, 0));
    assert_eq!(h.follow_ups.len(), 1);
    assert_eq!(h.follow_ups[0].step_week, w("2026-W44"));
    assert_eq!(h.follow_ups[0].week, w("2026-W47"));
    assert_eq!(h.follow_ups[0].trust_now, Rating::new(3));
    assert_eq!((h.deposits, h.withdrawals), (4, 2));
    // Sam's step was followed up by W44's reflection, which had no follow-up answer.
    let s = t.vault.reflections().history(&sam.id).unwrap();
    assert_eq!(s.points.len(), 1);
    assert_eq!(s.follow_ups[0].status, None);
}

#[test]
fn status_uses_the_saved_schedule_and_the_journals_age() {
    use chrono::TimeZone;
    let t = new_vault();
    let schedule = Schedule {
        weekday: chrono::Weekday::Mon,
        ..Schedule::default()
    };
    t.vault.status().set_schedule(&schedule).unwrap();
    assert_eq!(t.vault.status().schedule().unwrap(), schedule);
    let dana = t.vault.relationships().create("Dana").unwrap();
    // A reflection from long before the journal was created counts as its start.
    t.vault
        .reflections()
        .save(
            w("2026-W40"),
            complete(&dana.id, 3, 2, "x"),
            None,
            w("2026-W40"),
        )
        .unwrap();
    t.vault
        .reflections()
        .finish(w("2026-W40"), w("2026-W40"))
        .unwrap();
    let now = chrono::Utc
        .with_ymd_and_hms(2026, 10, 13, 12, 0, 0)
        .unwrap(); // Tue of W42
    let st = t.vault.status().week_status(&now).unwrap();
    assert_eq!(st.week, w("2026-W42"));
    assert!(st.due, "Monday 16:00 has passed");
    assert_eq!(st.missed, vec![w("2026-W41")]);
    assert_eq!(st.streak, 0);
    assert_eq!(st.longest_streak, 1);
}

#[test]
fn reflection_json_parses_with_errors_that_name_the_field() {
    let ok = serde_json::json!({
        "kind": "reflection", "week": "2026-W47", "strength_source": "trust",
        "exercise": {"relationship": "Dana", "authority": 4, "trust": 2,
                     "step_type": "apology", "step": "own the missed deadline"},
        "follow_up": {"status": "not_done", "trust_now": 2},
        "trust_account": {"deposits": ["people_valued"], "withdrawals": []}
    });
    let doc = parse_reflection_doc(ok).unwrap();
    assert_eq!(doc.week, w("2026-W47"));
    assert_eq!(doc.answers.exercise.relationship.as_deref(), Some("Dana"));
    // Written before the follow-up asked back for the feedback: neither answer given.
    assert_eq!(doc.answers.follow_up.asked_for_feedback, None);
    assert_eq!(doc.answers.follow_up.their_feedback, "");
    let asked = parse_reflection_doc(serde_json::json!({
        "week": "2026-W47",
        "follow_up": {"status": "done", "asked_for_feedback": true,
                      "their_feedback": "say why before what"}
    }))
    .unwrap();
    assert_eq!(asked.answers.follow_up.asked_for_feedback, Some(true));
    assert_eq!(
        asked.answers.follow_up.their_feedback,
        "say why before what"
    );
    for (value, expected) in [
        (
            serde_json::json!({"week": "2026-W47", "follow_up": {"asked_for_feedback": "yes"}}),
            "follow_up.asked_for_feedback: invalid type: string \"yes\", expected a boolean",
        ),
        (
            serde_json::json!({"week": "2026-W47", "exercise": {"authority": 7}}),
            "exercise.authority: must be a whole number from 1 to 5, got 7",
        ),
        (
            serde_json::json!({"week": "2026-W47", "exercise": {"trust": 0}}),
            "exercise.trust:",
        ),
        (
            serde_json::json!({"week": "2026-W47", "exercise": {"step_type": "bribe"}}),
            "exercise.step_type: unknown variant `bribe`",
        ),
        (
            serde_json::json!({"week": "2025-W53"}),
            "week: 2025-W53 does not exist",
        ),
        (
            serde_json::json!({"strength_source": "power"}),
            "week: missing",
        ),
        (
            serde_json::json!({"week": "2026-W47", "follow_up": {"status": "maybe"}}),
            "follow_up.status:",
        ),
        (
            serde_json::json!({"week": "2026-W47", "trust_account": {"deposits": ["bribes"]}}),
            "trust_account.deposits[0]:",
        ),
        (
            serde_json::json!({"week": "2026-W47", "exercise": {"authorty": 3}}),
            "exercise.authorty: unknown field `authorty`",
        ),
        (
            serde_json::json!({"week": "2026-W47", "strength_source": "money"}),
            "strength_source:",
        ),
    ] {
        let err = parse_reflection_doc(value.clone()).unwrap_err();
        assert!(
            err.starts_with(expected) || err.contains(expected),
            "{value}: got {err:?}, want {expected:?}"
        );
    }
}

#[test]
fn jsonl_import_saves_reflections_and_their_relationships_all_or_nothing() {
    let t = new_vault();
    let existing = t.vault.relationships().create("dana").unwrap();
    let text = r#"{"id":"7d3c8a3e-8c4e-4a8e-9c55-0f0e0f7b1a01","created_at":"2026-11-02T09:00:00+01:00","kind":"entry","title":"t","body":"b","tags":[]}
{"kind":"reflection","week":"2026-W45","strength_source":"power","exercise":{"relationship":"Dana","authority":5,"trust":2,"step_type":"inclusion","step":"invite Dana to planning"}}
{"kind":"reflection","week":"2026-W46","exercise":{"relationship":"Ops team","authority":3}}
"#;
    let batch = parse_jsonl(text.as_bytes()).unwrap();
    assert_eq!((batch.entries.len(), batch.reflections.len()), (1, 2));
    let report = t.vault.imports().save(batch).unwrap();
    assert_eq!((report.added, report.reflections_added), (1, 2));
    let list = t.vault.reflections().list().unwrap();
    assert!(list[0].is_completed(), "a complete line is finished");
    assert!(!list[1].is_completed(), "an incomplete line is a draft");
    assert_eq!(
        list[0].answers.exercise.relationship.as_deref(),
        Some(existing.id.as_str()),
        "names match case-insensitively"
    );
    let names: Vec<String> = t
        .vault
        .relationships()
        .list()
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names, vec!["dana", "Ops team"]);

    // The JSON written back out names the relationship.
    let names_by_id = t
        .vault
        .relationships()
        .list()
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
    let doc = reflection_doc_json(&list[0], &names_by_id);
    assert_eq!(doc["exercise"]["relationship"], "dana");
    assert_eq!(doc["week"], "2026-W45");
    assert!(parse_reflection_doc(doc).is_ok(), "what we write, we read");

    // Bad lines: line number and field; nothing of the file is imported.
    for (bad, expected) in [
        ("{\"kind\":\"reflection\",\"week\":\"2026-W40\",\"exercise\":{\"trust\":7}}", "line 2: exercise.trust: must be a whole number from 1 to 5, got 7"),
        ("{\"kind\":\"reflection\",\"week\":\"2026-W40\",\"exercise\":{\"step_type\":\"bribe\"}}", "line 2: exercise.step_type"),
        ("{\"kind\":\"reflection\",\"week\":\"2025-W53\"}", "line 2: week: 2025-W53 does not exist"),
        ("{\"kind\":\"reflection\",\"week\":\"2026-W41\"}\n{\"kind\":\"reflection\",\"week\":\"2026-W41\"}", "line 3: week: 2026-W41 already appears on line 2"),
    ] {
        let text = format!("{{\"title\":\"new\",\"body\":\"x\"}}\n{bad}\n");
        let err = parse_jsonl(text.as_bytes()).unwrap_err().to_string();
        assert!(err.starts_with(expected), "got {err:?}, want {expected:?}");
    }
    // A week the vault already has fails the whole import.
    let before = t.vault.entries().count().unwrap();
    let text =
        "{\"title\":\"new\",\"body\":\"x\"}\n{\"kind\":\"reflection\",\"week\":\"2026-W45\"}\n";
    let err = t
        .vault
        .imports()
        .save(parse_jsonl(text.as_bytes()).unwrap())
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("line 2: week: 2026-W45 already has a reflection"),
        "{err}"
    );
    assert_eq!(t.vault.entries().count().unwrap(), before);
    assert_eq!(t.vault.reflections().list().unwrap().len(), 2);
}

#[test]
fn swapped_week_names_or_rows_are_detected_as_tampering() {
    let t = new_vault();
    let dana = t.vault.relationships().create("Dana").unwrap();
    for (week, step) in [("2026-W46", "one"), ("2026-W47", "two")] {
        t.vault
            .reflections()
            .save(w(week), complete(&dana.id, 4, 2, step), None, current())
            .unwrap();
    }
    let conn = t.vault.connection_for_tests();
    // Move W47's row to an unused week name: the sealed week no longer matches.
    conn.execute(
        "UPDATE reflections SET week = '2026-W30' WHERE week = '2026-W47'",
        [],
    )
    .unwrap();
    assert!(matches!(
        t.vault.reflections().get(w("2026-W30")),
        Err(Error::Tampered { .. })
    ));
    assert!(matches!(
        t.vault.reflections().list(),
        Err(Error::Tampered { .. })
    ));
    conn.execute(
        "UPDATE reflections SET week = '2026-W47' WHERE week = '2026-W30'",
        [],
    )
    .unwrap();
    assert_eq!(t.vault.reflections().list().unwrap().len(), 2);
    // A relationship's ciphertext copied onto another row fails too.
    let sam = t.vault.relationships().create("Sam").unwrap();
    conn.execute(
        "UPDATE relationships SET sealed = (SELECT sealed FROM relationships WHERE id = ?1) WHERE id = ?2",
        [&dana.id, &sam.id],
    )
    .unwrap();
    assert!(matches!(
        t.vault.relationships().get(&sam.id),
        Err(Error::Tampered { .. })
    ));
    assert_eq!(t.vault.relationships().get(&dana.id).unwrap().name, "Dana");
}

/// The gap a relationship's page shows is its latest rating's: a follow-up's "trust now"
/// about Dana's step, in a week whose exercise is about Sam, is a point of Dana's history
/// (with the authority last rated for her), and of none of Sam's.
#[test]
fn a_follow_ups_trust_now_is_a_point_of_the_persons_history() {
    use steward_core::trends::RatingSource;
    let t = new_vault();
    let dana = t.vault.relationships().create("Dana").unwrap();
    let sam = t.vault.relationships().create("Sam").unwrap();
    let reflections = t.vault.reflections();
    reflections
        .save(
            w("2026-W44"),
            complete(&dana.id, 4, 2, "explain the date"),
            None,
            current(),
        )
        .unwrap();
    let mut a = complete(&sam.id, 3, 2, "invite Sam to the planning");
    a.follow_up.status = Some(FollowUpStatus::Done);
    a.follow_up.trust_now = Rating::new(3);
    a.follow_up.asked_for_feedback = Some(true);
    a.follow_up.their_feedback = "tell me earlier".into();
    reflections.save(w("2026-W45"), a, None, current()).unwrap();
    let h = reflections.history(&dana.id).unwrap();
    let points: Vec<(String, u8, u8, RatingSource)> = (h.points.iter())
        .map(|p| {
            (
                p.week.to_string(),
                p.authority.get(),
                p.trust.get(),
                p.source,
            )
        })
        .collect();
    assert_eq!(
        points,
        vec![
            ("2026-W44".into(), 4, 2, RatingSource::Exercise),
            ("2026-W45".into(), 4, 3, RatingSource::FollowUp),
        ]
    );
    assert_eq!(
        h.follow_ups[0].feedback_request,
        "what I do that makes you hold back"
    );
    assert_eq!(h.follow_ups[0].asked_for_feedback, Some(true));
    assert_eq!(h.follow_ups[0].their_feedback, "tell me earlier");
    let s = reflections.history(&sam.id).unwrap();
    assert_eq!(s.points.len(), 1);
    assert_eq!(s.points[0].source, RatingSource::Exercise);
}

/// What a returning week opens with: last week's reflection (shown faintly), the step to
/// follow up with the authority rated then, and the day a step is taken by (next week's
/// reflection day); the new answers round-trip through the reflection JSON; the closing
/// card's calendar file is a real iCalendar event, written 0600 and never over a file.
#[test]
fn a_returning_week_remembers_the_last_and_its_step_goes_into_a_calendar() {
    let t = new_vault();
    let dana = t.vault.relationships().create("Dana").unwrap();
    let mut last = complete(&dana.id, 4, 2, "explain the budget cut");
    last.exercise.by_when = chrono::NaiveDate::from_ymd_opt(2026, 11, 27);
    last.no_trust_lost = true;
    last.lost_trust.clear();
    t.vault
        .reflections()
        .save(w("2026-W47"), last, None, current())
        .unwrap();
    // "Now" is Wednesday of 2026-W48 (Friday 16:00 is the default reflection time).
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-25T10:00:00+00:00").unwrap();
    let view = t.vault.status().view(None, &now).unwrap();
    assert_eq!(view.week, w("2026-W48"));
    assert!(view.reflection.is_none());
    let previous = view.previous.expect("last week's reflection");
    assert_eq!(previous.week, w("2026-W47"));
    assert!(previous.answers.no_trust_lost);
    let step = view.follow_up_of.expect("last week's step");
    assert_eq!(
        (step.authority, step.trust),
        (Rating::new(4), Rating::new(2))
    );
    assert_eq!(step.by_when, chrono::NaiveDate::from_ymd_opt(2026, 11, 27));
    // Next week's (W49's) Friday.
    assert_eq!(view.next_reflection_day.to_string(), "2026-12-04");

    // The JSON carries the new answers, by name, and reads them back.
    let names = t.vault.relationships().names_by_id().unwrap();
    let json = reflection_doc_json(&previous, &names);
    assert_eq!(json["no_trust_lost"], true);
    assert_eq!(json["exercise"]["by_when"], "2026-11-27");
    let doc = parse_reflection_doc(json).unwrap();
    assert_eq!(
        doc.answers.exercise.by_when,
        previous.answers.exercise.by_when
    );
    assert!(doc.answers.no_trust_lost);
    let bad = parse_reflection_doc(serde_json::json!({
        "week": "2026-W47", "exercise": {"by_when": "2026-02-30"}
    }))
    .unwrap_err();
    assert!(bad.starts_with("exercise.by_when: "), "{bad}");

    let dir = tempfile::tempdir().unwrap();
    let ics = dir.path().join("step.ics");
    let day = t
        .vault
        .exports()
        .step_calendar(w("2026-W47"), "Your step with Dana", "Why: budget", &ics)
        .unwrap();
    assert_eq!(day.to_string(), "2026-11-27");
    let text = std::fs::read_to_string(&ics).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert!(lines.contains(&"DTSTART;VALUE=DATE:20261127"), "{text}");
    assert!(lines.contains(&"SUMMARY:Your step with Dana"), "{text}");
    assert!(
        lines.contains(&format!("UID:{}@steward", previous.id).as_str()),
        "{text}"
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&ics).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let again = t
        .vault
        .exports()
        .step_calendar(w("2026-W47"), "x", "y", &ics)
        .unwrap_err();
    assert!(matches!(again, Error::InvalidInput(_)), "{again}");
    assert_eq!(
        std::fs::read_to_string(&ics).unwrap(),
        text,
        "the file is kept"
    );
    let none = t
        .vault
        .exports()
        .step_calendar(w("2026-W46"), "x", "y", &dir.path().join("none.ics"))
        .unwrap_err();
    assert!(none.to_string().contains("has no step"), "{none}");
}

/// A week's trust account can name the person it concerns: by name in the reflection JSON
/// (found or created), by id inside; that person's history counts it, and the exercise's
/// person no longer does. Unnamed, it stays with the exercise's person.
#[test]
fn a_trust_account_tied_to_a_person_counts_on_their_page() {
    let t = new_vault();
    let doc = |week: &str, account_person: Option<&str>| {
        let mut json = serde_json::json!({
            "week": week, "strength_source": "trust",
            "exercise": {"relationship": "Dana", "authority": 4, "trust": 3,
                         "step_type": "inclusion", "step": "invite Dana to plan"},
            "trust_account": {"deposits": ["promises_kept", "people_valued"],
                              "withdrawals": ["withheld_information"]}
        });
        if let Some(name) = account_person {
            json["trust_account"]["relationship"] = name.into();
        }
        parse_reflection_doc(json).unwrap()
    };
    let reflections = t.vault.reflections();
    reflections
        .save_doc(doc("2026-W46", None), current())
        .unwrap();
    reflections
        .save_doc(doc("2026-W47", Some("  Sam  ")), current())
        .unwrap();
    let by_name = |name: &str| {
        let rel = (t.vault.relationships().list().unwrap().into_iter())
            .find(|r| r.name == name)
            .unwrap();
        reflections.history(&rel.id).unwrap()
    };
    let (dana, sam) = (by_name("Dana"), by_name("Sam"));
    assert_eq!((dana.deposits, dana.withdrawals), (2, 1), "W46 only");
    assert_eq!((sam.deposits, sam.withdrawals), (2, 1), "W47, named");
    assert_eq!(sam.steps_committed, 0, "the step stays Dana's");
    // W47's step is what the leader is working on with Dana now; W46's was followed up by
    // W47 (not answered there).
    let now = dana.current_step.expect("the step not yet followed up");
    assert_eq!(
        (now.week, now.step.as_str()),
        (w("2026-W47"), "invite Dana to plan")
    );
    assert_eq!(dana.follow_ups.len(), 1);
    assert_eq!(dana.follow_ups[0].step_week, w("2026-W46"));
    assert!(sam.current_step.is_none());
    let names = t.vault.relationships().names_by_id().unwrap();
    let w47 = reflections.get(w("2026-W47")).unwrap().unwrap();
    assert_eq!(
        reflection_doc_json(&w47, &names)["trust_account"]["relationship"],
        "Sam"
    );
    let bad = parse_reflection_doc(serde_json::json!({
        "week": "2026-W45", "trust_account": {"relationship": "   "}
    }))
    .unwrap_err();
    assert!(bad.starts_with("trust_account."), "{bad}");
}

#[test]
fn a_weeks_optional_prompt_is_offered_in_turn_saved_with_the_reflection_and_found_by_search() {
    use chrono::TimeZone;
    use steward_core::reflections::prompts::{self, PromptAnswer};
    let t = new_vault();
    let dana = t.vault.relationships().create("Dana").unwrap();
    let status = t.vault.status();
    let now = chrono::Utc
        .with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
        .unwrap(); // W48

    // The week's turn in the library is what the screen offers, until one is answered.
    let view = status.view(Some(w("2026-W47")), &now).unwrap();
    assert_eq!(view.prompt, prompts::for_week(w("2026-W47")).id);
    let offered = prompts::by_id(&view.prompt).unwrap();
    assert!(offered.text.ends_with('?'), "{}", offered.text);

    let mut a = complete(&dana.id, 4, 2, "share the roadmap reasoning");
    a.prompt = Some(PromptAnswer {
        id: "because_i_said_so".into(),
        answer: "Moved the release date by decree; could have asked the team".into(),
    });
    a.follow_up.their_feedback = "Dana said the zeppelin budget surprised her".into();
    status
        .save_reflection(w("2026-W47"), a.clone(), None, &now)
        .unwrap();
    let saved = t.vault.reflections().get(w("2026-W47")).unwrap().unwrap();
    assert_eq!(saved.answers.prompt, a.prompt);
    let view = status.view(Some(w("2026-W47")), &now).unwrap();
    assert_eq!(
        view.prompt, "because_i_said_so",
        "the answered one, whatever the turn"
    );

    // A prompt left empty was skipped; an id the library lacks is refused, naming the field.
    let mut skipped = complete(&dana.id, 4, 3, "x");
    skipped.prompt = Some(PromptAnswer {
        id: "soul".into(),
        answer: "  ".into(),
    });
    let r = status
        .save_reflection(w("2026-W46"), skipped, None, &now)
        .unwrap();
    assert_eq!(r.answers.prompt, None);
    // Skipped, it is left out of the JSON (and the sealed payload), as before prompts.
    let dana_name = [(dana.id.clone(), "Dana".to_string())]
        .into_iter()
        .collect();
    assert!(reflection_doc_json(&r, &dana_name).get("prompt").is_none());
    let mut unknown = complete(&dana.id, 4, 3, "x");
    unknown.prompt = Some(PromptAnswer {
        id: "made_up".into(),
        answer: "text".into(),
    });
    let err = status
        .save_reflection(w("2026-W45"), unknown, None, &now)
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput(m) if m.starts_with("prompt.id:")),
        "{err}"
    );
    assert!(t.vault.reflections().get(w("2026-W45")).unwrap().is_none());

    // The reflection JSON carries it both ways.
    let names = [(dana.id.clone(), "Dana".to_string())]
        .into_iter()
        .collect();
    let doc = reflection_doc_json(&saved, &names);
    assert_eq!(doc["prompt"]["id"], "because_i_said_so");
    let parsed = parse_reflection_doc(doc).unwrap();
    assert_eq!(parsed.answers.prompt, a.prompt);
    let err = parse_reflection_doc(serde_json::json!({
        "week": "2026-W40", "prompt": {"id": "soul", "anwser": "x"}
    }))
    .unwrap_err();
    assert!(
        err.starts_with("prompt.anwser: unknown field `anwser`"),
        "{err}"
    );

    // Search finds a week by its prompt's answer or by what was heard back, accents and
    // case aside, newest first, with the words around the match.
    let session =
        steward_core::Session::open(Vault::unlock(&t.path, &secret(PASS)).unwrap()).unwrap();
    let hits = session.search_reflections("DÉCREE", false).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].week, w("2026-W47"));
    assert!(hits[0].excerpt.contains("by decree"), "{}", hits[0].excerpt);
    let hits = session.search_reflections("zeppelin dana", false).unwrap();
    assert_eq!(
        hits.iter().map(|h| h.week).collect::<Vec<_>>(),
        [w("2026-W47")]
    );
    assert!(hits[0].excerpt.contains("zeppelin"), "{}", hits[0].excerpt);
    assert!(session
        .search_reflections("décree", true)
        .unwrap()
        .is_empty());
    assert!(session
        .search_reflections("zeppelin absent", false)
        .unwrap()
        .is_empty());
    assert!(session.search_reflections("  ", false).unwrap().is_empty());
    let both = session.search_reflections("roadmap", false).unwrap();
    assert_eq!(both.len(), 1, "only W47's step says roadmap");
    let weeks: Vec<Week> = (session
        .search_reflections("plan without telling", false)
        .unwrap())
    .into_iter()
    .map(|h| h.week)
    .collect();
    assert_eq!(weeks, [w("2026-W47"), w("2026-W46")], "newest first");
}
