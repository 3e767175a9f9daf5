//! Looking back, against figures checked by hand: a quarter's review (people, steps by
//! kind, recurring withdrawals, strength before and after, writing, decisions), which
//! reviews are offered when, calibration by confidence band, on this day (leap days, the
//! writer's local date, the reflection a year ago); and decisions and review notes stored in
//! a real vault: sealed, searched, due, backed up.

use chrono::{DateTime, FixedOffset, NaiveDate};
use steward_core::decisions::{AsExpected, Decision, DecisionOutcome, NewDecision};
use steward_core::lookback::{
    calibration, due_decisions, offered_periods, on_this_day, period_review, Bias,
};
use steward_core::reflections::{Eroder, FollowUpStatus, StepType, StrengthSource};
use steward_core::trends::{EntryStat, TrendsInput};
use steward_core::{Entry, EntryKind, Period, ReviewNote, Session, WeekStart};

use crate::util::*;

fn entry_at(id: u32, when: &str, body: &str) -> Entry {
    Entry {
        id: format!("00000000-0000-4000-8000-{id:012}"),
        created_at: DateTime::parse_from_rfc3339(when).unwrap(),
        updated_at: chrono::Utc::now(),
        kind: EntryKind::Entry,
        version: 1,
        title: format!("entry {id}"),
        body: body.into(),
        tags: vec![],
        people: vec![],
        decision: None,
        review: None,
    }
}

fn decision(
    confidence: u8,
    review_on: NaiveDate,
    outcome: Option<(NaiveDate, AsExpected)>,
) -> Decision {
    Decision {
        situation: "the platform team's roadmap".into(),
        options: "ship now; wait a quarter".into(),
        expectation: "fewer escalations".into(),
        confidence,
        review_on,
        outcome: outcome.map(|(reviewed_on, as_expected)| DecisionOutcome {
            reviewed_on,
            what_happened: "it went so".into(),
            as_expected,
            would_repeat: String::new(),
        }),
    }
}

fn spec<'a>(week: &'a str, who: &'a str, ratings: (u8, u8), source: StrengthSource) -> Spec<'a> {
    Spec {
        week,
        finished: true,
        source: Some(source),
        who: Some(who),
        ratings,
        step: None,
        follow_up: None,
        deposits: vec![],
        withdrawals: vec![],
        causes: vec![],
    }
}

/// W27 (starts 29 June: the second quarter's) to W31 of 2026, Monday weeks. The third
/// quarter's weeks are W28 (6 July) to W40 (28 September).
fn quarter_history() -> Vec<steward_core::Reflection> {
    use Eroder::*;
    use StrengthSource::*;
    vec![
        reflection(Spec {
            step: Some(StepType::Transparency),
            withdrawals: vec![WithheldInformation],
            ..spec("2026-W27", "dana", (4, 2), Power)
        }),
        reflection(Spec {
            step: Some(StepType::Apology),
            follow_up: Some(FollowUpStatus::Done),
            withdrawals: vec![WithheldInformation, OverusedAuthority],
            ..spec("2026-W28", "dana", (4, 2), Power)
        }),
        reflection(Spec {
            step: Some(StepType::Inclusion),
            follow_up: Some(FollowUpStatus::NotDone),
            withdrawals: vec![WithheldInformation],
            ..spec("2026-W29", "sam", (3, 3), Trust)
        }),
        reflection(Spec {
            step: Some(StepType::Transparency),
            follow_up: Some(FollowUpStatus::Done),
            withdrawals: vec![OverusedAuthority],
            ..spec("2026-W30", "dana", (4, 4), Both)
        }),
        reflection(Spec {
            follow_up: Some(FollowUpStatus::Partly),
            withdrawals: vec![IgnoredFairness],
            ..spec("2026-W31", "sam", (3, 2), Trust)
        }),
    ]
}

#[test]
fn a_quarter_review_has_every_figure_as_checked_by_hand() {
    let reflections = quarter_history();
    let people = [rel("dana", "Dana"), rel("sam", "Sam")];
    let entries = [
        entry_at(1, "2026-06-30T09:00:00+02:00", "one two three"),
        entry_at(2, "2026-07-01T09:00:00+02:00", "four words right here"),
        entry_at(3, "2026-09-30T22:00:00+02:00", "five six seven"),
        entry_at(4, "2026-10-01T09:00:00+02:00", "not this quarter"),
    ];
    let stats: Vec<EntryStat> = entries.iter().map(EntryStat::of).collect();
    let input = TrendsInput {
        reflections: &reflections,
        relationships: &people,
        entries: &stats,
        week_start: WeekStart::Monday,
        today: d(2026, 10, 15),
        since: w("2026-W27"),
        from: None,
        to: None,
    };
    let decided = [
        entry_at(5, "2026-08-03T10:00:00+02:00", ""),
        entry_at(6, "2026-06-01T10:00:00+02:00", ""),
    ];
    let decisions = [
        decision(70, d(2026, 9, 2), Some((d(2026, 9, 2), AsExpected::Yes))),
        decision(80, d(2026, 7, 1), Some((d(2026, 7, 10), AsExpected::No))),
    ];
    let q3: Period = "2026-Q3".parse().unwrap();
    let r = period_review(q3, &input, decided.iter().zip(decisions.iter()));

    assert_eq!(
        (r.period.as_str(), r.previous.as_str(), r.ended),
        ("2026-Q3", "2026-Q2", true)
    );
    assert_eq!((r.from, r.to), (d(2026, 7, 1), d(2026, 9, 30)));
    // Sam's gap opened from 0 to 1 (W29 → W31); Dana's closed from 2 to 0 (W28 → W30).
    // W27's rating belongs to the second quarter.
    let moves: Vec<_> = (r.people.iter())
        .map(|p| (p.name.as_str(), p.first.gap, p.last.gap, p.ratings))
        .collect();
    assert_eq!(moves, [("Sam", 0, 1, 2), ("Dana", 2, 0, 2)]);
    // Steps committed W28–W30: the apology not done, the inclusion done, the transparency
    // partly. W27's transparency (done in W28) was committed in the second quarter.
    let steps: Vec<_> = (r.steps.iter())
        .map(|s| (s.step_type, s.committed, s.done, s.partly, s.not_done))
        .collect();
    assert_eq!(steps.len(), 3, "{steps:?}");
    assert!(
        steps.contains(&(StepType::Apology, 1, 0, 0, 1)),
        "{steps:?}"
    );
    assert!(
        steps.contains(&(StepType::Inclusion, 1, 1, 0, 0)),
        "{steps:?}"
    );
    assert!(
        steps.contains(&(StepType::Transparency, 1, 0, 1, 0)),
        "{steps:?}"
    );
    // Withheld information (W28, W29) and overused authority (W28, W30) recurred;
    // ignored fairness came once; W27's withdrawal is the second quarter's.
    let mut recurring: Vec<_> = (r.recurring_withdrawals.iter())
        .map(|e| (e.eroder, e.withdrawals))
        .collect();
    recurring.sort_by_key(|(e, _)| format!("{e:?}"));
    assert_eq!(
        recurring,
        [
            (Eroder::OverusedAuthority, 2),
            (Eroder::WithheldInformation, 2)
        ]
    );
    assert_eq!(
        (r.strength.power, r.strength.trust, r.strength.both),
        (1, 2, 1)
    );
    let before = r.strength_before;
    assert_eq!((before.power, before.trust, before.both), (1, 0, 0));
    // Entries of 1 July and 30 September (4 + 3 words, on two days); four reflections of
    // the thirteen weeks.
    let wr = r.writing;
    assert_eq!(
        (
            wr.entries,
            wr.words,
            wr.days_written,
            wr.reflections,
            wr.weeks
        ),
        (2, 7, 2, 4, 13)
    );
    // One decision made in the quarter; two reviewed in it, one as expected.
    let dc = r.decisions;
    assert_eq!((dc.made, dc.reviewed, dc.as_expected), (1, 2, 1));

    // The second quarter holds W27 alone: Dana at 4 / 2, the transparency step done.
    let q2 = period_review(q3.previous(), &input, decided.iter().zip(decisions.iter()));
    let moves: Vec<_> = q2
        .people
        .iter()
        .map(|p| (p.name.as_str(), p.last.gap))
        .collect();
    assert_eq!(moves, [("Dana", 2)]);
    let steps: Vec<_> = q2.steps.iter().map(|s| (s.step_type, s.done)).collect();
    assert_eq!(steps, [(StepType::Transparency, 1)]);
    assert_eq!(
        (q2.writing.entries, q2.decisions.made, q2.decisions.reviewed),
        (1, 1, 0)
    );

    // The year holds all five weeks and all four 2026 entries.
    let year = period_review(
        "2026".parse().unwrap(),
        &input,
        decided.iter().zip(decisions.iter()),
    );
    assert_eq!(year.writing.reflections, 5);
    assert_eq!(year.writing.entries, 4);
    assert!(!year.ended);
}

#[test]
fn reviews_are_offered_from_a_quarters_last_week_to_45_days_after_it() {
    let offered = |y, m, day| -> Vec<String> {
        offered_periods(d(y, m, day))
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    assert_eq!(offered(2026, 10, 15), ["2026-Q3"]);
    assert_eq!(
        offered(2026, 11, 14),
        ["2026-Q3"],
        "45 days after 30 September"
    );
    assert!(offered(2026, 11, 15).is_empty(), "46 days after");
    assert_eq!(offered(2026, 9, 24), ["2026-Q3"], "in its last week");
    assert!(offered(2026, 9, 23).is_empty(), "eight days before its end");
    assert_eq!(offered(2026, 12, 27), ["2026", "2026-Q4"]);
    assert_eq!(offered(2027, 1, 20), ["2026", "2026-Q4"]);
}

#[test]
fn calibration_groups_calls_by_confidence_and_reads_only_from_ten_reviewed() {
    use AsExpected::*;
    let day = d(2026, 1, 1);
    let reviewed = |confidence, as_expected| decision(confidence, day, Some((day, as_expected)));
    let mut all = vec![
        // About 70 % (65–74): 3 as expected, 1 partly, 2 not: (3 + 0.5) / 6.
        reviewed(70, Yes),
        reviewed(70, Yes),
        reviewed(65, Yes),
        reviewed(74, Partly),
        reviewed(70, No),
        reviewed(70, No),
        // About 90 %: 2 of 3.
        reviewed(90, Yes),
        reviewed(88, Yes),
        reviewed(92, No),
        // About 50 %: 1 of 2.
        reviewed(50, Yes),
        reviewed(54, No),
        // Not reviewed: left out.
        decision(99, day, None),
    ];
    let c = calibration(all.iter());
    assert_eq!(
        (c.reviewed, c.enough, c.bias),
        (11, true, Bias::Overconfident)
    );
    let bands: Vec<_> = (c.bands.iter())
        .map(|b| {
            (
                b.about,
                b.decisions,
                b.as_expected,
                b.partly,
                b.not_expected,
            )
        })
        .collect();
    assert_eq!(
        bands,
        [(50, 2, 1, 0, 1), (70, 6, 3, 1, 2), (90, 3, 2, 0, 1)]
    );
    assert!((c.bands[1].hit_rate - 3.5 / 6.0).abs() < 1e-9);
    // Mean confidence (70 + 70 + 65 + 74 + 70 + 70 + 90 + 88 + 92 + 50 + 54) / 11 =
    // 793 / 11 = 72.1 %; as expected (3 + 0.5 + 2 + 1) / 11 = 59.1 %: thirteen points over.
    assert!((c.mean_confidence - 793.0 / 11.0).abs() < 1e-9);
    assert!((c.hit_rate - 6.5 / 11.0).abs() < 1e-9);
    // 75 rounds up to 80; with nine reviewed nothing is read.
    all.truncate(9);
    all.push(reviewed(75, Yes));
    let c = calibration(all.iter().take(9));
    assert_eq!((c.reviewed, c.enough, c.bias), (9, false, Bias::NotEnough));
    assert!(calibration(all.iter()).bands.iter().any(|b| b.about == 80));
    // Calls that come true as often as the leader thought read as calibrated.
    let even: Vec<_> = (0..10)
        .map(|i| reviewed(50, if i % 2 == 0 { Yes } else { No }))
        .collect();
    assert_eq!(calibration(even.iter()).bias, Bias::Calibrated);
    let modest: Vec<_> = (0..10).map(|_| reviewed(60, Yes)).collect();
    assert_eq!(calibration(modest.iter()).bias, Bias::Underconfident);
}

#[test]
fn on_this_day_finds_earlier_years_by_the_writers_local_date() {
    let entries = [
        entry_at(1, "2025-12-04T08:00:00+01:00", "a year ago"),
        entry_at(2, "2023-12-04T20:00:00+01:00", "three years ago, evening"),
        entry_at(3, "2023-12-04T07:00:00+01:00", "three years ago, morning"),
        // 23:30 in New York on 4 December is 5 December in UTC: still the 4th there.
        entry_at(4, "2024-12-04T23:30:00-05:00", "two years ago, late"),
        entry_at(5, "2026-12-04T09:00:00+01:00", "today: not looking back"),
        entry_at(6, "2025-12-05T09:00:00+01:00", "the day after"),
    ];
    let year_ago = Spec {
        finished: true,
        ..spec("2025-W49", "dana", (4, 2), StrengthSource::Both)
    };
    let draft = Spec {
        finished: false,
        ..spec("2024-W49", "dana", (4, 2), StrengthSource::Both)
    };
    let reflections = [reflection(year_ago), reflection(draft)];
    let day = on_this_day(
        d(2026, 12, 4),
        WeekStart::Monday,
        entries.iter(),
        &reflections,
    );
    let years: Vec<(u32, Vec<&str>)> = (day.years.iter())
        .map(|y| {
            (
                y.years_ago,
                y.entries.iter().map(|e| e.body.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        years,
        [
            (1, vec!["a year ago"]),
            (2, vec!["two years ago, late"]),
            (
                3,
                vec!["three years ago, morning", "three years ago, evening"]
            ),
        ]
    );
    assert_eq!(day.reflection.as_ref().map(|r| r.week), Some(w("2025-W49")));
    // A year later the 2025-W49 reflection is two years old; 2025's W49 draft never shows.
    let later = on_this_day(
        d(2025, 12, 4),
        WeekStart::Monday,
        entries.iter(),
        &reflections,
    );
    assert!(later.reflection.is_none());
    // 28 February of a common year also shows 29 February; a leap year's 28th does not.
    let leap = [
        entry_at(7, "2024-02-29T12:00:00+01:00", "leap day"),
        entry_at(8, "2026-02-28T12:00:00+01:00", "last year's 28th"),
    ];
    let feb = on_this_day(d(2027, 2, 28), WeekStart::Monday, leap.iter(), &[]);
    let found: Vec<u32> = feb.years.iter().map(|y| y.years_ago).collect();
    assert_eq!(found, [1, 3]);
    let feb = on_this_day(d(2028, 2, 28), WeekStart::Monday, leap.iter(), &[]);
    assert_eq!(
        feb.years.iter().map(|y| y.years_ago).collect::<Vec<_>>(),
        [2]
    );
    assert!(on_this_day(d(2026, 6, 1), WeekStart::Monday, entries.iter(), &[]).is_empty());
}

fn local(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

#[test]
fn a_decision_is_a_sealed_entry_that_search_finds_and_review_completes() {
    let t = new_vault();
    let situation = canary("situation");
    let hope = canary("expectation");
    let taken = t
        .vault
        .decisions()
        .add(NewDecision {
            title: "Move the launch".into(),
            decision: Decision {
                situation: situation.clone(),
                expectation: hope.clone(),
                ..decision(70, d(2026, 9, 1), None)
            },
            notes: String::new(),
            tags: vec!["launch".into()],
            people: vec![],
            created_at: Some(local("2026-08-02T10:00:00+02:00")),
        })
        .unwrap();
    t.vault
        .entries()
        .add(entry("plain", "no decision here", &[]))
        .unwrap();
    // Refused: no title, a confidence over 100, a review before the decision, an outcome
    // at birth, a review of an entry that is no decision.
    let bad = |title: &str, d: Decision| {
        t.vault.decisions().add(NewDecision {
            title: title.into(),
            decision: d,
            notes: String::new(),
            tags: vec![],
            people: vec![],
            created_at: Some(local("2026-08-02T10:00:00+02:00")),
        })
    };
    assert!(bad("", decision(70, d(2026, 9, 1), None)).is_err());
    assert!(bad("x", decision(101, d(2026, 9, 1), None)).is_err());
    assert!(bad("x", decision(70, d(2026, 8, 1), None)).is_err());
    assert!(bad(
        "x",
        decision(70, d(2026, 9, 1), Some((d(2026, 9, 1), AsExpected::Yes)))
    )
    .is_err());
    let plain = t.vault.entries().list(&Default::default()).unwrap().entries;
    let plain = plain.iter().find(|e| e.decision.is_none()).unwrap();
    let outcome = DecisionOutcome {
        reviewed_on: d(2026, 9, 3),
        what_happened: "launched late, calmer".into(),
        as_expected: AsExpected::Partly,
        would_repeat: "ask the team first".into(),
    };
    let err = t
        .vault
        .decisions()
        .review(&plain.id, outcome.clone(), None)
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input", "{err}");

    // Due from its review date, oldest first; not once reviewed.
    let all = t.vault.decisions().list().unwrap();
    assert_eq!(all.len(), 1);
    assert!(due_decisions(all.iter(), d(2026, 8, 31)).is_empty());
    assert_eq!(due_decisions(all.iter(), d(2026, 9, 1)).len(), 1);
    let reviewed = t
        .vault
        .decisions()
        .review(&taken.id, outcome.clone(), Some(1))
        .unwrap();
    assert_eq!(reviewed.decision.as_ref().unwrap().outcome, Some(outcome));
    assert_eq!(reviewed.version, 2);
    assert!(due_decisions([&reviewed], d(2026, 12, 1)).is_empty());

    // The row says "entry" in plaintext; nothing of the decision is on disk in plain.
    let path = t.path.clone();
    let session = Session::open(t.vault).unwrap();
    let kinds: Vec<String> = {
        let db = rusqlite::Connection::open(&path).unwrap();
        let mut q = db.prepare("SELECT kind FROM entries").unwrap();
        q.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(kinds, ["entry", "entry"]);
    for file in files_under(path.parent().unwrap()) {
        let bytes = std::fs::read(&file).unwrap();
        for c in [&situation, &hope] {
            assert!(!contains(&bytes, c.as_bytes()), "{c} in {}", file.display());
        }
    }
    // Search looks in the decision's own texts.
    let hits = session.search(&situation);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].id, taken.id);
    assert_eq!(
        session.search("calmer").len(),
        1,
        "the review's text is searched too"
    );
}

#[test]
fn a_review_note_is_one_entry_per_period_and_stops_the_offer() {
    let t = new_vault();
    let look = t.vault.look_back();
    let q3: Period = "2026-Q3".parse().unwrap();
    let today = d(2026, 10, 15);
    let none: Vec<Entry> = Vec::new();
    // Nothing written in the quarter: nothing to offer.
    assert!(look.offers(today, none.iter()).unwrap().is_empty());
    let august = t
        .vault
        .entries()
        .add(steward_core::NewEntry {
            title: "August".into(),
            body: "a day in August".into(),
            created_at: Some(local("2026-08-10T09:00:00+02:00")),
            ..Default::default()
        })
        .unwrap();
    let none = vec![august];
    assert_eq!(look.offers(today, none.iter()).unwrap(), [q3]);
    let note = ReviewNote {
        period: q3,
        learned: canary("learned"),
        differently: "ask before deciding".into(),
    };
    let first = look
        .save_note(note.clone(), "Review of 2026-Q3".into(), none.iter(), None)
        .unwrap();
    let entries = [first.clone(), none[0].clone()];
    assert!(look.offers(today, entries.iter()).unwrap().is_empty());
    let changed = ReviewNote {
        differently: "include the quiet ones".into(),
        ..note
    };
    let second = look
        .save_note(changed, "Review of 2026-Q3".into(), entries.iter(), Some(1))
        .unwrap();
    assert_eq!((second.id.as_str(), second.version), (first.id.as_str(), 2));
    assert_eq!(t.vault.entries().count().unwrap(), 2);
    let now = local("2026-10-15T10:00:00+02:00");
    let review = look.review(q3, &now, [&second]).unwrap();
    assert_eq!(review.note.map(|n| n.id), Some(second.id.clone()));
    // "Not now" stops offering the year and the quarter one by one.
    let winter = d(2027, 1, 10);
    let november = t
        .vault
        .entries()
        .add(steward_core::NewEntry {
            title: "November".into(),
            body: "a day in November".into(),
            created_at: Some(local("2026-11-10T09:00:00+01:00")),
            ..Default::default()
        })
        .unwrap();
    let autumn = [none[0].clone(), november];
    let offered = |entries: &[Entry]| -> Vec<String> {
        let offers = look.offers(winter, entries.iter()).unwrap();
        offers.iter().map(ToString::to_string).collect()
    };
    assert_eq!(offered(&none), ["2026"], "the fourth quarter holds nothing");
    assert_eq!(offered(&autumn), ["2026", "2026-Q4"]);
    look.dismiss("2026".parse().unwrap()).unwrap();
    let offers: Vec<String> = look
        .offers(winter, autumn.iter())
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(offers, ["2026-Q4"]);
    // The note survives a backup and its restore.
    let backup = t.dir.path().join("b.age");
    let options = steward_core::backup::BackupOptions {
        work_factor: 10,
        ..Default::default()
    };
    let backup_pass = secret("a backup passphrase for the test");
    t.vault
        .backups()
        .export(&backup, &backup_pass, options)
        .unwrap();
    let restored = t.dir.path().join("r.steward");
    let (vault, _, _) = steward_core::backup::restore_backup(
        &backup,
        &backup_pass,
        &restored,
        &secret(PASS),
        fast_kdf(),
    )
    .unwrap();
    let back = vault.entries().get(&second.id).unwrap();
    assert_eq!(back.review, second.review);
}

#[test]
fn a_decision_travels_in_a_backup_and_a_version_2_file_cannot_hold_one() {
    use crate::backup::{edited_backup, BACKUP_PASS};
    let t = new_vault();
    let taken = t
        .vault
        .decisions()
        .add(NewDecision {
            title: "Hand over the roadmap".into(),
            decision: decision(80, d(2026, 9, 1), None),
            notes: String::new(),
            tags: vec![],
            people: vec![],
            created_at: Some(local("2026-08-02T10:00:00+02:00")),
        })
        .unwrap();
    let outcome = DecisionOutcome {
        reviewed_on: d(2026, 9, 2),
        what_happened: "the team owned it".into(),
        as_expected: AsExpected::Yes,
        would_repeat: "hand over sooner".into(),
    };
    let reviewed = t
        .vault
        .decisions()
        .review(&taken.id, outcome, Some(1))
        .unwrap();
    let good = t.dir.path().join("good.age");
    let options = steward_core::backup::BackupOptions {
        work_factor: 10,
        ..Default::default()
    };
    t.vault
        .backups()
        .export(&good, &secret(BACKUP_PASS), options)
        .unwrap();

    // Merged into another journal: the decision, its outcome and its version arrive whole.
    let other = new_vault();
    let report = other
        .vault
        .backups()
        .import(&good, &secret(BACKUP_PASS))
        .unwrap();
    assert_eq!(report.entries.added, 1);
    let arrived = other.vault.entries().get(&taken.id).unwrap();
    assert_eq!(arrived.decision, reviewed.decision);
    assert_eq!(arrived.version, 2);
    assert_eq!(other.vault.decisions().list().unwrap().len(), 1);

    // A version 2 document (written before decisions existed) that holds one is damaged:
    // refused, and nothing is imported.
    let bad = edited_backup(&t, &good, "v2.age", |doc| doc["version"] = 2.into());
    let third = new_vault();
    let err = third
        .vault
        .backups()
        .import(&bad, &secret(BACKUP_PASS))
        .unwrap_err();
    assert_eq!(err.code(), "backup_damaged", "{err}");
    assert!(err.to_string().contains("decision or review"), "{err}");
    assert_eq!(third.vault.entries().count().unwrap(), 0);
}
