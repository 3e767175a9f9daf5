//! The logic that moved out of the desktop app's commands into the engine, tested here
//! without WebKitGTK: the reflection overview and a week's view, trends ranges, the backup
//! status, the checked passphrase change, the autolock setting and the session's single
//! write path (imports reload the index).

use chrono::{NaiveDate, TimeZone, Utc};
use steward_core::reflections::{Rating, StepType, StrengthSource};
use steward_core::trends::range_dates;
use steward_core::{Answers, Error, Session, Week};

use crate::util::*;

fn answers(relationship: &str, step: &str) -> Answers {
    let mut a = Answers {
        strength_source: Some(StrengthSource::Trust),
        ..Answers::default()
    };
    a.exercise.relationship = Some(relationship.to_string());
    a.exercise.authority = Rating::new(4);
    a.exercise.trust = Rating::new(2);
    a.exercise.step_type = Some(StepType::Inclusion);
    a.exercise.step = step.to_string();
    a
}

#[test]
fn the_overview_and_a_weeks_view_say_what_the_reflection_screen_shows() {
    let t = new_vault();
    let dana = t.vault.relationships().create("Dana").unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap(); // a Wednesday, W48
    let status = t.vault.status();
    let w47: Week = "2026-W47".parse().unwrap();
    status
        .save_reflection(w47, answers(&dana.id, "invite Dana"), None, &now)
        .unwrap();
    status.finish_reflection(w47, &now).unwrap();
    // A week that has not started is refused, as it was in the command.
    let future: Week = "2026-W50".parse().unwrap();
    assert!(matches!(
        status.save_reflection(future, Answers::default(), None, &now),
        Err(Error::InvalidInput(_))
    ));

    let overview = status.overview(&now).unwrap();
    assert_eq!(overview.status.week.to_string(), "2026-W48");
    assert_eq!(overview.follow_up_of.unwrap().step, "invite Dana");
    assert_eq!(overview.reflections.len(), 1);
    assert_eq!(
        overview.reflections[0].relationship.as_deref(),
        Some("Dana")
    );
    assert!(overview.reflections[0].completed);

    let this_week = status.view(None, &now).unwrap();
    assert_eq!(this_week.week.to_string(), "2026-W48");
    assert_eq!(this_week.current_week, this_week.week);
    assert!(this_week.reflection.is_none());
    let last_week = status.view(Some(w47), &now).unwrap();
    assert!(last_week.reflection.unwrap().is_completed());
    assert!(last_week.follow_up_of.is_none());

    let (schedule, finished) = status.reminder_facts().unwrap();
    assert_eq!(schedule, steward_core::Schedule::default());
    assert!(finished.contains(&w47));
}

#[test]
fn trends_ranges_are_computed_from_today() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let day = |s: &str| Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
    assert_eq!(
        range_dates("3m", None, None, today).unwrap(),
        (day("2026-08-30"), None)
    );
    assert_eq!(
        range_dates("1y", None, None, today).unwrap(),
        (day("2025-11-30"), None)
    );
    assert_eq!(
        range_dates("all", Some("x"), None, today).unwrap(),
        (None, None)
    );
    assert_eq!(
        range_dates("custom", Some(" 2026-01-01 "), Some(""), today).unwrap(),
        (day("2026-01-01"), None)
    );
    let err = range_dates("custom", Some("2026-13-01"), None, today).unwrap_err();
    assert_eq!(err.to_string(), r#"from "2026-13-01" is not a date"#);
    let err = range_dates("forever", None, None, today).unwrap_err();
    assert_eq!(err.to_string(), r#"unknown range "forever""#);
}

#[test]
fn the_backup_status_counts_days_and_suggests_a_file() {
    let t = new_vault();
    let folder = t.dir.path();
    let now = Utc::now() + chrono::Duration::days(40);
    let never = t.vault.backups().status(&now, folder).unwrap();
    assert_eq!(never.last_backup_at, None);
    assert!(never.days_since >= 39, "{never:?}"); // since the journal was created
    assert!(never.overdue);
    assert!(never
        .suggested_path
        .ends_with(&format!("steward-{}.age", now.format("%Y-%m-%d"))));

    let backup = folder.join("b.age");
    t.vault
        .backups()
        .export(
            &backup,
            &secret("a backup passphrase"),
            steward_core::backup::BackupOptions {
                work_factor: 10,
                ..Default::default()
            },
        )
        .unwrap();
    let fresh = t.vault.backups().status(&Utc::now(), folder).unwrap();
    assert!(fresh.last_backup_at.is_some());
    assert_eq!(fresh.days_since, 0);
    assert!(!fresh.overdue);
}

#[test]
fn the_session_checks_the_current_passphrase_once_and_keeps_the_autolock() {
    let t = new_vault();
    let path = t.path.clone();
    let mut session = Session::open(t.vault).unwrap();
    let err = session
        .change_passphrase(
            &secret("not the passphrase"),
            &secret("a new passphrase"),
            steward_core::RecoveryChoice::Replace,
            fast_kdf(),
        )
        .unwrap_err();
    assert!(matches!(err, Error::WrongPassphrase), "{err}");
    session
        .change_passphrase(
            &secret(PASS),
            &secret("a new passphrase"),
            steward_core::RecoveryChoice::Replace,
            fast_kdf(),
        )
        .unwrap();
    assert_eq!(session.autolock_minutes().unwrap(), 10);
    assert_eq!(session.set_autolock_minutes(0).unwrap(), 1);
    assert_eq!(session.set_autolock_minutes(10_000).unwrap(), 240);
    drop(session);
    assert!(matches!(
        steward_core::Vault::unlock(&path, &secret(PASS)),
        Err(Error::WrongPassphrase)
    ));
    let vault = steward_core::Vault::unlock(&path, &secret("a new passphrase"))
        .expect("the journal opens with the new passphrase");
    assert_eq!(
        Session::open(vault).unwrap().autolock_minutes().unwrap(),
        240
    );
}

#[test]
fn an_import_through_the_session_reaches_its_index() {
    let t = new_vault();
    let mut session = Session::open(t.vault).unwrap();
    let batch = steward_core::import::parse_jsonl(
        &br#"{"title": "Imported", "body": "a quokka in the list"}"#[..],
    )
    .unwrap();
    assert_eq!(session.import(batch).unwrap().added, 1);
    assert_eq!(session.search("quokka").len(), 1);
}
