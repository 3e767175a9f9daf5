//! The printable record, read back with poppler's `pdftotext`: a period's reflections,
//! decisions, reviews and entries in the expected words; one person's history only; with
//! initials no full name anywhere (names, titles, free text); the German words when the
//! app sends them; and the file rules (0600, never over an existing file, a clear error for
//! an unknown person).

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use steward_core::decisions::{Decision, NewDecision};
use steward_core::printable::{RecordRequest, RecordWords};
use steward_core::reflections::json::parse_reflection_doc;
use steward_core::{ReviewNote, Vault, Week};

use crate::util::*;

fn text_of(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // pdftotext breaks lines where the PDF does; a phrase is found across them.
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn reflect(vault: &Vault, doc: serde_json::Value) {
    let doc = parse_reflection_doc(doc).unwrap();
    let (_, missing) = vault
        .reflections()
        .save_doc(doc, Week::of_iso(day(2026, 12, 1)))
        .unwrap();
    assert!(missing.is_empty(), "{missing:?}");
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Two weeks with Dana Whitfield, one with Sam Ortiz; a decision about Dana, a review, and
/// entries inside and outside the range.
fn journal() -> TestVault {
    let t = new_vault();
    reflect(
        &t.vault,
        serde_json::json!({
        "week": "2026-W10", "strength_source": "power", "strength_note": "Dana Whitfield deferred to me",
        "lost_trust": "I decided the reorg without Dana", "reinforce_trust": "explain the why",
        "exercise": {"relationship": "Dana Whitfield (design lead)", "authority": 5, "trust": 2,
            "feedback_request": "how did the reorg land?", "step_type": "transparency",
            "step": "share the reorg memo with Dana"},
        "trust_account": {"withdrawals": ["withheld_information"]}}),
    );
    reflect(
        &t.vault,
        serde_json::json!({
        "week": "2026-W11", "strength_source": "both",
        "exercise": {"relationship": "Sam Ortiz", "authority": 3, "trust": 3,
            "step_type": "inclusion", "step": "invite Sam to planning"},
        "follow_up": {"status": "done", "what_happened": "Dana read it and asked questions",
            "trust_now": 3, "asked_for_feedback": true, "their_feedback": "Whitfield said: tell us earlier"}}),
    );
    let dana = t
        .vault
        .relationships()
        .list()
        .unwrap()
        .into_iter()
        .find(|r| r.name.starts_with("Dana"))
        .unwrap();
    t.vault
        .decisions()
        .add(NewDecision {
            title: "Give Dana the hiring call".into(),
            decision: Decision {
                situation: "Dana Whitfield wants to own hiring".into(),
                options: "keep it; share it; hand it over".into(),
                expectation: "faster hires, more ownership".into(),
                confidence: 70,
                review_on: day(2026, 6, 1),
                outcome: None,
            },
            notes: String::new(),
            tags: vec![],
            people: vec![dana.id.clone()],
            created_at: at("2026-03-10T09:00:00+01:00"),
        })
        .unwrap();
    t.vault.entries().add(steward_core::NewEntry {
        title: "Coffee with Dana".into(),
        body: "Dana Whitfield told me **the team** felt left out.\n\n- ask more\n- decide less alone".into(),
        people: vec![dana.id],
        created_at: at("2026-03-12T18:00:00+01:00"),
        ..Default::default()
    }).unwrap();
    t.vault
        .entries()
        .add(steward_core::NewEntry {
            title: "Outside the range".into(),
            body: "written in May".into(),
            created_at: at("2026-05-02T18:00:00+02:00"),
            ..Default::default()
        })
        .unwrap();
    t.vault
        .entries()
        .add(steward_core::NewEntry {
            title: "Review of 2026-Q1".into(),
            review: Some(ReviewNote {
                period: "2026-Q1".parse().unwrap(),
                learned: "I reach for authority when rushed".into(),
                differently: "slow down with Sam Ortiz".into(),
            }),
            created_at: at("2026-03-30T18:00:00+02:00"),
            ..Default::default()
        })
        .unwrap();
    t
}

fn q1() -> RecordRequest {
    RecordRequest {
        from: Some(day(2026, 1, 1)),
        to: Some(day(2026, 3, 31)),
        ..Default::default()
    }
}

#[test]
fn a_period_record_holds_the_weeks_decisions_reviews_and_entries_in_plain_words() {
    let t = journal();
    let out = t.dir.path().join("q1.pdf");
    let summary = t
        .vault
        .exports()
        .pdf(&out, &q1(), &RecordWords::default(), day(2026, 4, 2))
        .unwrap();
    let c = summary.counts;
    assert_eq!(
        (c.reflections, c.decisions, c.reviews, c.entries),
        (2, 1, 1, 1)
    );
    let text = text_of(&out);
    for expected in [
        "Leadership record",
        "1 January 2026 – 31 March 2026",
        "Week of 2 March 2026",
        "Where my authority exceeds my trust: Dana Whitfield (design lead)",
        "Authority 5 of 5, trust 2 of 5",
        "My step (transparency): share the reorg memo with Dana",
        "How last week's step went: done",
        "Dana read it and asked questions",
        "What I heard: Whitfield said: tell us earlier",
        "Trust withdrawals: withheld information",
        "Give Dana the hiring call",
        "70% confident · review on 1 June 2026",
        "I reach for authority when rushed",
        "Dana Whitfield told me the team felt left out.",
        "ask more",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    assert!(!text.contains("written in May"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Never over an existing file: refused, the file as it was.
    let before = std::fs::read(&out).unwrap();
    let err = t
        .vault
        .exports()
        .pdf(&out, &q1(), &RecordWords::default(), day(2026, 4, 2))
        .unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), before);
}

#[test]
fn with_initials_no_full_name_is_printed_anywhere() {
    let t = journal();
    let out = t.dir.path().join("initials.pdf");
    let request = RecordRequest {
        initials: true,
        ..q1()
    };
    t.vault
        .exports()
        .pdf(&out, &request, &RecordWords::default(), day(2026, 4, 2))
        .unwrap();
    let text = text_of(&out);
    for name in ["Dana", "Whitfield", "Sam", "Ortiz"] {
        assert!(!text.contains(name), "{name} printed:\n{text}");
    }
    for expected in [
        "exceeds my trust: D. W.",
        "invite S. to planning",
        "What I heard: W. said",
        "Give D. the hiring call",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
}

#[test]
fn a_person_record_holds_only_their_history() {
    let t = journal();
    let out = t.dir.path().join("dana.pdf");
    let request = RecordRequest {
        person: Some("dana whitfield (DESIGN lead)".into()),
        ..Default::default()
    };
    let summary = t
        .vault
        .exports()
        .pdf(&out, &request, &RecordWords::default(), day(2026, 12, 1))
        .unwrap();
    let c = summary.counts;
    assert_eq!(
        (c.reflections, c.decisions, c.reviews, c.entries),
        (1, 1, 0, 1)
    );
    let text = text_of(&out);
    assert!(
        text.contains("Leadership record: Dana Whitfield (design lead)"),
        "{text}"
    );
    assert!(text.contains("Everything up to 1 December 2026"), "{text}");
    assert!(
        text.contains("What I heard: Whitfield said: tell us earlier"),
        "{text}"
    );
    for other in [
        "invite Sam to planning",
        "I reach for authority",
        "written in May",
        "explain the why",
    ] {
        assert!(!text.contains(other), "{other:?} is not Dana's:\n{text}");
    }
    let err = t
        .vault
        .exports()
        .pdf(
            &t.dir.path().join("x.pdf"),
            &RecordRequest {
                person: Some("Nobody".into()),
                ..Default::default()
            },
            &RecordWords::default(),
            day(2026, 12, 1),
        )
        .unwrap_err();
    assert_eq!(err.code(), "not_found", "{err}");
    assert!(!t.dir.path().join("x.pdf").exists());
}

#[test]
fn the_app_sends_its_own_words() {
    let t = journal();
    let out = t.dir.path().join("de.pdf");
    let words: RecordWords = serde_json::from_value(serde_json::json!({
        "language": "de",
        "months": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
        "date": "{day}. {month} {year}",
        "title_period": "Führungstagebuch",
        "transparency": "Transparenz",
        "step": "Mein Schritt ({kind})"
    })).unwrap();
    t.vault
        .exports()
        .pdf(&out, &q1(), &words, day(2026, 4, 2))
        .unwrap();
    let text = text_of(&out);
    assert!(text.contains("Führungstagebuch"), "{text}");
    assert!(text.contains("1. Januar 2026 – 31. März 2026"), "{text}");
    assert!(text.contains("Mein Schritt (Transparenz)"), "{text}");
}
