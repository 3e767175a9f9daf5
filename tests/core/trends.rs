//! Trends against hand-computed values: a small history with every figure checked, a
//! date range cutting through it, an empty journal, a single week, a relationship renamed
//! halfway, and the generated ten-year history's shape.

use steward_core::reflections::{
    Deposit, Eroder, FollowUpStatus, Rating, StepType, StrengthSource,
};
use steward_core::trends::{compute, EntryStat, TrendsInput};
use steward_core::{Answers, Reflection, Relationship, WeekStart};

use crate::util::*;

/// W40–W45 of 2026: Dana twice, a missed week, Sam twice, then a bare draft.
fn small_history() -> Vec<Reflection> {
    use Eroder::*;
    use FollowUpStatus::*;
    use StepType::*;
    use StrengthSource::*;
    let base = |week| Spec {
        week,
        finished: true,
        source: None,
        who: None,
        ratings: (0, 0),
        step: None,
        follow_up: None,
        deposits: vec![],
        withdrawals: vec![],
        causes: vec![],
    };
    vec![
        reflection(Spec {
            source: Some(Power),
            who: Some("dana"),
            ratings: (4, 1),
            step: Some(Transparency),
            deposits: vec![Deposit::PromisesKept],
            withdrawals: vec![WithheldInformation, OverusedAuthority],
            causes: vec![WithheldInformation],
            ..base("2026-W40")
        }),
        reflection(Spec {
            source: Some(Both),
            who: Some("dana"),
            ratings: (4, 2),
            step: Some(Apology),
            follow_up: Some(Done),
            deposits: vec![Deposit::PromisesKept, Deposit::MistakesOwned],
            ..base("2026-W41")
        }),
        reflection(Spec {
            source: Some(Trust),
            who: Some("sam"),
            ratings: (3, 3),
            step: Some(Inclusion),
            follow_up: Some(Partly),
            withdrawals: vec![BrokeCommitments],
            ..base("2026-W43")
        }),
        reflection(Spec {
            source: Some(Trust),
            who: Some("sam"),
            ratings: (3, 2),
            step: Some(Transparency),
            follow_up: Some(NotDone),
            ..base("2026-W44")
        }),
        reflection(Spec {
            finished: false,
            ..base("2026-W45")
        }),
    ]
}

fn entries() -> Vec<EntryStat> {
    vec![
        EntryStat {
            date: d(2026, 10, 1),
            words: 10,
        },
        EntryStat {
            date: d(2026, 10, 1),
            words: 5,
        },
        EntryStat {
            date: d(2026, 10, 8),
            words: 7,
        },
    ]
}

fn input<'a>(
    reflections: &'a [Reflection],
    relationships: &'a [Relationship],
    entries: &'a [EntryStat],
) -> TrendsInput<'a> {
    TrendsInput {
        reflections,
        relationships,
        entries,
        week_start: WeekStart::Monday,
        today: d(2026, 11, 10), // Tuesday of W46
        since: w("2026-W40"),
        from: None,
        to: None,
    }
}

#[test]
fn every_figure_of_a_small_history_matches_the_hand_count() {
    let history = small_history();
    let rels = [rel("dana", "Dana"), rel("sam", "Sam")];
    let stats = entries();
    let t = compute(&input(&history, &rels, &stats));

    assert_eq!((t.from, t.to), (Some(w("2026-W40")), w("2026-W46")));
    // Relationships: Dana's gap 3 → 2 (closing), Sam's 0 → 1 (widening).
    let dana = t.relationships.iter().find(|r| r.name == "Dana").unwrap();
    let gaps: Vec<(String, u8, u8, i8)> = dana
        .points
        .iter()
        .map(|p| (p.week.to_string(), p.authority, p.trust, p.gap))
        .collect();
    assert_eq!(
        gaps,
        vec![("2026-W40".into(), 4, 1, 3), ("2026-W41".into(), 4, 2, 2)]
    );
    assert_eq!((dana.latest_gap, dana.gap_change), (2, -1));
    let sam = t.relationships.iter().find(|r| r.name == "Sam").unwrap();
    assert_eq!((sam.latest_gap, sam.gap_change), (1, 1));
    assert_eq!(
        t.readings.gap,
        "The gap is closing with Dana, and widening with Sam."
    );
    assert!(
        dana.reading
            .starts_with("Trust with Dana rose from 1 to 2 since September 2026"),
        "{}",
        dana.reading
    );
    assert!(
        sam.reading.contains("fell from 3 to 2") && sam.reading.contains("widened from 0 to 1"),
        "{}",
        sam.reading
    );

    // Strength source.
    let c = t.strength_source_counts;
    assert_eq!((c.power, c.trust, c.both), (1, 2, 1));
    assert_eq!(t.strength_sources.len(), 4);
    assert_eq!(
        t.readings.strength,
        "Your strength came from trust in 50% of weeks, from power in 25% and from both in 25%."
    );

    // Follow-through: steps of W40 (done in W41), W41 (partly in W43), W43 (not done in
    // W44), W44 (not followed up) → (1 + 0.5 + 0) / 3.
    let f = &t.follow_through;
    assert_eq!(
        (f.committed, f.followed_up, f.done, f.partly, f.not_done),
        (4, 3, 1, 1, 1)
    );
    assert_eq!(t.follow_through_rate, Some(0.5));
    assert!(t
        .readings
        .follow_through
        .starts_with("You kept 50% of the 3 steps you followed up (partly done counts as half)"));
    let by: Vec<(StepType, u32, u32, Option<f64>)> = f
        .by_step_type
        .iter()
        .map(|s| (s.step_type, s.committed, s.followed_up, s.rate))
        .collect();
    assert_eq!(
        by,
        vec![
            (StepType::Transparency, 2, 1, Some(1.0)),
            (StepType::Apology, 1, 1, Some(0.5)),
            (StepType::Inclusion, 1, 1, Some(0.0)),
        ]
    );
    let rolling = |points: &[steward_core::trends::RollingPoint], week: &str| {
        points.iter().find(|p| p.week == w(week)).unwrap().rate
    };
    assert_eq!(rolling(&f.rolling_4, "2026-W40"), Some(1.0));
    assert_eq!(rolling(&f.rolling_4, "2026-W41"), Some(0.75));
    // W44's window is W41–W44: W41 partly, W43 not done (W44's step not followed up).
    assert_eq!(rolling(&f.rolling_4, "2026-W44"), Some(0.25));
    assert_eq!(
        rolling(&f.rolling_4, "2026-W46"),
        Some(0.0),
        "W43–W46: only W43's not-done step"
    );
    assert_eq!(rolling(&f.rolling_12, "2026-W46"), Some(0.5));
    assert_eq!(f.rolling_4.len(), 7, "one point per week W40–W46");

    // Trust account: W40 1−2, W41 2−0, W43 0−1, W44 0, W45 0.
    let a = &t.trust_account;
    let nets: Vec<i32> = a.weeks.iter().map(|w| w.net).collect();
    assert_eq!(nets, vec![-1, 2, -1, 0, 0]);
    assert_eq!((a.deposits, a.withdrawals, a.net), (3, 3, 0));
    assert_eq!(a.eroders[0].eroder, Eroder::WithheldInformation);
    assert_eq!(
        (
            a.eroders[0].withdrawals,
            a.eroders[0].causes,
            a.eroders[0].total
        ),
        (1, 1, 2)
    );
    assert_eq!(a.deposit_kinds[0].deposit, Deposit::PromisesKept);
    assert_eq!(a.deposit_kinds[0].count, 2);
    assert_eq!(
        t.readings.trust_account,
        "Deposits outweighed withdrawals in 1 of 5 weeks (net +0 overall); what cost trust most often was withheld information (2 times)."
    );

    // Completion: W40–W45 elapsed (W46, this week, is not over and not done): 4 finished,
    // 1 draft, W42 and W45 missed; no current streak (W45 is a draft); longest 2.
    let c = &t.completion;
    assert_eq!(
        (c.weeks_elapsed, c.completed, c.drafts, c.missed),
        (6, 4, 1, 2)
    );
    assert_eq!(c.rate, Some(4.0 / 6.0));
    assert_eq!((c.current_streak, c.longest_streak), (0, 2));
    assert_eq!(
        t.readings.completion,
        "You reflected in 4 of 6 weeks (67%); your current streak is 0 weeks, your longest 2."
    );

    // Writing: two entries on 1 October (W40), one on 8 October (W41).
    let wr = &t.writing;
    assert_eq!((wr.entries, wr.words, wr.days_written), (3, 22, 2));
    let weeks: Vec<(String, u32, u64)> = wr
        .weeks
        .iter()
        .map(|x| (x.week.to_string(), x.entries, x.words))
        .collect();
    assert_eq!(
        weeks,
        vec![("2026-W40".into(), 2, 15), ("2026-W41".into(), 1, 7)]
    );
    assert_eq!(
        t.readings.writing,
        "You wrote 3 entries (22 words) on 2 days, about 0.4 a week."
    );
}

#[test]
fn a_date_range_counts_only_its_weeks() {
    let history = small_history();
    let rels = [rel("dana", "Dana"), rel("sam", "Sam")];
    let stats = entries();
    let t = compute(&TrendsInput {
        from: Some(d(2026, 10, 12)), // Monday of W42
        to: Some(d(2026, 11, 1)),    // Sunday of W44
        ..input(&history, &rels, &stats)
    });
    assert_eq!((t.from, t.to), (Some(w("2026-W42")), w("2026-W44")));
    assert_eq!(t.relationships.len(), 1, "only Sam was rated in W42–W44");
    // Steps committed in the range: W43 (not done) and W44 (not followed up); W41's step,
    // followed up in W43, was committed before the range.
    assert_eq!(
        (t.follow_through.committed, t.follow_through.followed_up),
        (2, 1)
    );
    assert_eq!(t.follow_through_rate, Some(0.0));
    assert_eq!((t.completion.weeks_elapsed, t.completion.completed), (3, 2));
    assert_eq!(t.writing.entries, 0);
    assert!(t.readings.writing.starts_with("No entries in this range"));
}

#[test]
fn an_empty_journal_and_a_single_week() {
    let empty = compute(&input(&[], &[], &[]));
    assert_eq!(empty.from, None);
    assert!(empty.relationships.is_empty());
    assert_eq!(empty.follow_through_rate, None);
    assert_eq!(empty.completion.completed, 0);
    for reading in [
        &empty.readings.gap,
        &empty.readings.strength,
        &empty.readings.follow_through,
        &empty.readings.step_types,
        &empty.readings.trust_account,
        &empty.readings.writing,
    ] {
        assert!(!reading.is_empty());
        assert!(
            !reading.contains("NaN") && !reading.contains("0 of 0"),
            "{reading}"
        );
    }
    assert!(empty.follow_through.rolling_4.is_empty());

    let one = vec![reflection(Spec {
        week: "2026-W46",
        finished: true,
        source: Some(StrengthSource::Both),
        who: Some("dana"),
        ratings: (5, 2),
        step: Some(StepType::Inclusion),
        follow_up: None,
        deposits: vec![],
        withdrawals: vec![],
        causes: vec![],
    })];
    let rels = [rel("dana", "Dana")];
    let t = compute(&TrendsInput {
        since: w("2026-W46"),
        ..input(&one, &rels, &[])
    });
    assert_eq!(
        t.relationships[0].reading,
        "You rated Dana once, in November 2026: authority 5, trust 2."
    );
    assert_eq!(
        (
            t.completion.weeks_elapsed,
            t.completion.completed,
            t.completion.current_streak
        ),
        (1, 1, 1)
    );
    assert_eq!(t.follow_through.committed, 1);
    assert_eq!(t.follow_through_rate, None);
    assert!(t
        .readings
        .follow_through
        .contains("not been followed up yet"));
}

#[test]
fn a_relationship_renamed_halfway_keeps_one_line_under_its_new_name() {
    let t = new_vault();
    let dana = t.vault.relationships().create("Dana").unwrap();
    let current = w("2026-W48");
    for (week, trust) in [("2026-W44", 1), ("2026-W45", 2)] {
        let mut a = Answers::default();
        a.exercise.relationship = Some(dana.id.clone());
        a.exercise.authority = Rating::new(4);
        a.exercise.trust = Rating::new(trust);
        t.vault
            .reflections()
            .save(w(week), a, None, current)
            .unwrap();
    }
    t.vault
        .relationships()
        .rename(&dana.id, "Dana (design lead)")
        .unwrap();
    let mut a = Answers::default();
    a.exercise.relationship = Some(dana.id.clone());
    a.exercise.authority = Rating::new(4);
    a.exercise.trust = Rating::new(4);
    t.vault
        .reflections()
        .save(w("2026-W46"), a, None, current)
        .unwrap();

    let now = chrono::Utc::now();
    let trends = t.vault.review().trends(&now, &[], None, None).unwrap();
    assert_eq!(trends.relationships.len(), 1);
    let r = &trends.relationships[0];
    assert_eq!(r.name, "Dana (design lead)");
    assert_eq!(
        r.points.iter().map(|p| p.trust).collect::<Vec<_>>(),
        vec![1, 2, 4]
    );
    assert_eq!(r.gap_change, -3);
    assert!(r
        .reading
        .starts_with("Trust with Dana (design lead) rose from 1 to 4"));
}

#[test]
fn the_generated_ten_year_history_tells_its_story_in_the_json() {
    let lines = steward_testdata::generate(&steward_testdata::HistorySpec {
        weeks: 520,
        entries: 200,
        ..Default::default()
    });
    let t = new_vault();
    let batch =
        steward_core::import::parse_jsonl(steward_testdata::to_jsonl(&lines).as_bytes()).unwrap();
    t.vault.imports().save(batch).unwrap();
    let stats: Vec<EntryStat> = t
        .vault
        .entries()
        .list(&Default::default())
        .unwrap()
        .entries
        .iter()
        .map(EntryStat::of)
        .collect();
    let trends = t
        .vault
        .review()
        .trends(&chrono::Utc::now(), &stats, None, None)
        .unwrap();
    let json = serde_json::to_value(&trends).unwrap();
    // The fields docs/DESIGN.md §4 names.
    let rate = json["follow_through_rate"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&rate));
    for k in ["power", "trust", "both"] {
        assert!(json["strength_source_counts"][k].as_u64().unwrap() > 0);
    }
    let rels = json["relationships"].as_array().unwrap();
    assert_eq!(rels.len(), 4);
    let point = &rels[0]["points"][0];
    assert!(point["week"].is_string() && point["authority"].is_u64() && point["trust"].is_u64());
    let weeks: Vec<&str> = rels[0]["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["week"].as_str().unwrap())
        .collect();
    assert!(weeks.windows(2).all(|p| p[0] < p[1]), "oldest first");
    // The story: Dana's gap closes, Sam's widens; weeks are missed; steps go unkept.
    let by_name = |n: &str| {
        trends
            .relationships
            .iter()
            .find(|r| r.name.starts_with(n))
            .unwrap()
    };
    assert!(by_name("Dana").gap_change < 0);
    assert!(by_name("Sam").gap_change > 0);
    assert!(trends.completion.missed > 20);
    assert!(trends.follow_through.not_done > 20);
    assert_eq!(trends.writing.entries, 200);
}

#[test]
fn the_sessions_trends_follow_every_change_to_the_entries() {
    let t = new_vault();
    let mut session = steward_core::Session::open(t.vault).unwrap();
    let now = chrono::Utc::now();
    assert_eq!(session.trends(&now, None, None).unwrap().writing.entries, 0);
    let a = session.create(entry("one", "two words", &[])).unwrap();
    assert_eq!(session.trends(&now, None, None).unwrap().writing.words, 2);
    session
        .update(
            &a.id,
            steward_core::EntryUpdate {
                body: Some("now four words here".into()),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    assert_eq!(session.trends(&now, None, None).unwrap().writing.words, 4);
    session.delete(&a.id).unwrap();
    assert_eq!(session.trends(&now, None, None).unwrap().writing.entries, 0);
}

/// One rating per person per week, and every rating a point: W1 Dana rated (4, 2) with a
/// step; W2's follow-up of it rates Dana's trust 3 while the exercise rates Sam (3, 2);
/// W3's follow-up of Sam's step says 4, and the exercise rates Dana (4, 4); W4 follows
/// Dana's step up with trust 5 and rates Dana (4, 3) in the exercise, which is the week's
/// one rating. Hand-computed: Dana +2 (exercise), +1 (follow-up, authority 4 as last
/// rated), 0, +1 (exercises); Sam +1 (exercise), −1 (follow-up, authority 3).
#[test]
fn a_follow_ups_trust_now_is_a_point_on_the_persons_line_once_a_week() {
    use steward_core::trends::RatingSource::{Exercise, FollowUp};
    let base = |week, who, ratings| Spec {
        week,
        finished: true,
        source: None,
        who: Some(who),
        ratings,
        step: Some(StepType::Transparency),
        follow_up: None,
        deposits: vec![],
        withdrawals: vec![],
        causes: vec![],
    };
    let mut history = vec![
        reflection(base("2026-W40", "dana", (4, 2))),
        reflection(Spec {
            follow_up: Some(FollowUpStatus::Done),
            ..base("2026-W41", "sam", (3, 2))
        }),
        reflection(Spec {
            follow_up: Some(FollowUpStatus::Partly),
            ..base("2026-W42", "dana", (4, 4))
        }),
    ];
    history[1].answers.follow_up.trust_now = Rating::new(3);
    history[2].answers.follow_up.trust_now = Rating::new(4);
    // A fourth week follows Dana's W42 step up with trust 5, and rates Dana again (4, 3):
    // the exercise's rating is the week's one for Dana.
    let mut again = reflection(Spec {
        follow_up: Some(FollowUpStatus::Done),
        ..base("2026-W43", "dana", (4, 3))
    });
    again.answers.follow_up.trust_now = Rating::new(5);
    history.push(again);
    let rels = [rel("dana", "Dana"), rel("sam", "Sam")];
    let t = compute(&input(&history, &rels, &[]));
    let line = |name: &str| -> Vec<(String, u8, u8, i8, steward_core::trends::RatingSource)> {
        let r = t.relationships.iter().find(|r| r.name == name).unwrap();
        (r.points.iter())
            .map(|p| (p.week.to_string(), p.authority, p.trust, p.gap, p.source))
            .collect()
    };
    assert_eq!(
        line("Dana"),
        vec![
            ("2026-W40".into(), 4, 2, 2, Exercise),
            ("2026-W41".into(), 4, 3, 1, FollowUp),
            ("2026-W42".into(), 4, 4, 0, Exercise),
            ("2026-W43".into(), 4, 3, 1, Exercise),
        ]
    );
    assert_eq!(
        line("Sam"),
        vec![
            ("2026-W41".into(), 3, 2, 1, Exercise),
            ("2026-W42".into(), 3, 4, -1, FollowUp),
        ]
    );
    let sam = t.relationships.iter().find(|r| r.name == "Sam").unwrap();
    assert_eq!((sam.latest_gap, sam.gap_change), (-1, -2));
    // A range starting at W42 keeps the follow-up point of a step committed before it.
    let from = TrendsInput {
        from: Some(d(2026, 10, 12)),
        ..input(&history, &rels, &[])
    };
    let t = compute(&from);
    let sam = t.relationships.iter().find(|r| r.name == "Sam").unwrap();
    assert_eq!(sam.points.len(), 1);
    assert_eq!(sam.points[0].source, FollowUp);
}

#[test]
fn headlines_compare_a_range_with_the_period_of_the_same_length_before_it() {
    let history = small_history();
    let rels = [rel("dana", "Dana"), rel("sam", "Sam")];
    let stats = entries();
    // W43–W46 against W39–W42, counted by hand from the small history.
    let t = compute(&TrendsInput {
        from: Some(d(2026, 10, 19)), // Monday of W43
        ..input(&history, &rels, &stats)
    });
    let h = &t.headlines;
    assert_eq!(h.weeks, 4);
    // Now Sam alone moved, widening (0 → 1); before, Dana closed (3 → 2).
    assert_eq!(
        (h.gap.value, h.gap.out_of, h.gap.before, h.gap.before_out_of),
        (0, Some(1), Some(1), Some(1))
    );
    assert_eq!(
        h.gap.text,
        "The gap is closing with 0 of 1 person, down from 1 of 1 in the 4 weeks before."
    );
    // Now W43's step not done (W44's not followed up yet); before, W40's done and W41's
    // partly (followed up in W43, after its period: it still counts for W41).
    assert_eq!(
        (
            h.steps.value,
            h.steps.out_of,
            h.steps.before,
            h.steps.before_out_of
        ),
        (0, Some(1), Some(1), Some(2))
    );
    assert_eq!(
        h.steps.text,
        "You kept 0 of the 1 step you followed up, down from 1 of 2 in the 4 weeks before."
    );
    // Now one withdrawal (W43); before, 3 deposits and 2 withdrawals.
    assert_eq!((h.account.value, h.account.before), (-1, Some(1)));
    assert_eq!(
        h.account.text,
        "Your trust account stands at -1, down from +1 in the 4 weeks before."
    );

    // All time has no period before it; the figures stand alone.
    let all = compute(&input(&history, &rels, &stats)).headlines;
    assert_eq!(
        (
            all.weeks,
            all.gap.before,
            all.steps.before,
            all.account.before
        ),
        (0, None, None, None)
    );
    assert_eq!(all.gap.text, "The gap is closing with 1 of 2 people.");
    assert_eq!(all.steps.text, "You kept 1 of the 3 steps you followed up.");
    assert_eq!(all.account.text, "Your trust account stands at +0.");

    // A period before with nothing in it is no comparison.
    let early = compute(&TrendsInput {
        from: Some(d(2026, 9, 28)), // W40: the weeks before hold nothing
        ..input(&history, &rels, &stats)
    })
    .headlines;
    assert_eq!(
        (early.gap.before, early.steps.before, early.account.before),
        (None, None, None)
    );
    assert!(
        early.steps.text.ends_with("you followed up."),
        "{}",
        early.steps.text
    );
}
