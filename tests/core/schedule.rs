//! Week arithmetic and the reminder schedule: week names, ISO week 53, year boundaries,
//! Sunday-start weeks, DST changes in both directions (Europe and America), a machine that
//! changes time zone between two reflections, and a clock that moves backwards.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::{America::Los_Angeles, America::New_York, Asia::Tokyo, Europe::Berlin};
use steward_core::schedule::{longest_run, week_status};
use steward_core::{Schedule, Week, WeekStart};

fn w(name: &str) -> Week {
    name.parse().unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn weeks(names: &[&str]) -> BTreeSet<Week> {
    names.iter().map(|n| w(n)).collect()
}

fn sunday_at(h: u32, m: u32) -> Schedule {
    Schedule {
        weekday: Weekday::Sun,
        time: NaiveTime::from_hms_opt(h, m, 0).unwrap(),
        ..Schedule::default()
    }
}

#[test]
fn week_names_parse_print_and_refuse_weeks_that_do_not_exist() {
    assert_eq!(w("2026-W47").to_string(), "2026-W47");
    assert_eq!(w("2026w07").to_string(), "2026-W07");
    // 2026 starts on a Thursday: it has a week 53. 2025 does not; 2020 does.
    assert_eq!(w("2026-W53").monday(), d(2026, 12, 28));
    assert!(Week::new(2020, 53).is_some());
    let err = "2025-W53".parse::<Week>().unwrap_err().to_string();
    assert!(
        err.contains("2025-W53 does not exist") && err.contains("weeks 1 to 52"),
        "{err}"
    );
    for bad in ["2026-W00", "2026-47", "26-W47", "2026-W100", "", "W47"] {
        assert!(bad.parse::<Week>().is_err(), "{bad:?} must be refused");
    }
}

#[test]
fn year_boundaries_and_week_53() {
    assert_eq!(Week::of_iso(d(2026, 12, 31)), w("2026-W53"));
    assert_eq!(Week::of_iso(d(2027, 1, 3)), w("2026-W53"));
    assert_eq!(Week::of_iso(d(2027, 1, 4)), w("2027-W01"));
    // 30 December 2024 is in the first week of 2025.
    assert_eq!(Week::of_iso(d(2024, 12, 30)), w("2025-W01"));
    assert_eq!(w("2026-W53").next(), w("2027-W01"));
    assert_eq!(w("2027-W01").prev(), w("2026-W53"));
    assert_eq!(w("2025-W52").next(), w("2026-W01"));
    assert_eq!(w("2026-W01").prev(), w("2025-W52"));
    assert_eq!(w("2026-W52").weeks_until(w("2027-W02")), 3);
    assert_eq!(w("2027-W02").weeks_until(w("2026-W52")), -3);
    assert_eq!(
        longest_run(&weeks(&["2026-W52", "2026-W53", "2027-W01", "2027-W03"])),
        3
    );
    assert_eq!(longest_run(&weeks(&["2025-W52", "2026-W01"])), 2);
}

#[test]
fn sunday_start_weeks_take_their_name_from_their_monday() {
    let sunday = d(2026, 11, 22);
    assert_eq!(Week::containing(sunday, WeekStart::Monday), w("2026-W47"));
    assert_eq!(Week::containing(sunday, WeekStart::Sunday), w("2026-W48"));
    // Every other day agrees between the conventions.
    for day in 23..=28 {
        let date = d(2026, 11, day);
        assert_eq!(
            Week::containing(date, WeekStart::Sunday),
            Week::containing(date, WeekStart::Monday)
        );
    }
    assert_eq!(w("2026-W48").first_day(WeekStart::Sunday), sunday);
    // Across the year: Sunday 3 January 2027 opens 2027-W01; Sunday 27 December opens W53.
    assert_eq!(
        Week::containing(d(2027, 1, 3), WeekStart::Sunday),
        w("2027-W01")
    );
    assert_eq!(
        Week::containing(d(2026, 12, 27), WeekStart::Sunday),
        w("2026-W53")
    );
    // The due day of a Sunday-start week with a Friday reminder is that week's Friday,
    // and a Sunday reminder falls on its first day.
    let s = Schedule {
        week_start: WeekStart::Sunday,
        ..Schedule::default()
    };
    assert_eq!(s.due_date(w("2026-W48")), d(2026, 11, 27));
    let sun = Schedule {
        week_start: WeekStart::Sunday,
        ..sunday_at(9, 0)
    };
    assert_eq!(sun.due_date(w("2026-W48")), d(2026, 11, 22));
    assert_eq!(sunday_at(9, 0).due_date(w("2026-W48")), d(2026, 11, 29));
}

#[test]
fn due_moments_across_dst_in_europe_and_america() {
    // Berlin springs forward on 29 March 2026 at 02:00 → 03:00: 02:30 does not exist, so
    // the reminder comes at the first minute after the gap (03:00 CEST = 01:00 UTC).
    let s = sunday_at(2, 30);
    assert_eq!(
        s.due_at(w("2026-W13"), &Berlin).with_timezone(&Utc),
        Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap()
    );
    // It falls back on 25 October 2026: 02:30 happens twice; the earlier one (CEST) counts.
    assert_eq!(
        s.due_at(w("2026-W43"), &Berlin).with_timezone(&Utc),
        Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap()
    );
    // New York: spring forward 8 March 2026, fall back 1 November 2026 (01:00–02:00 twice).
    assert_eq!(
        s.due_at(w("2026-W10"), &New_York).with_timezone(&Utc),
        Utc.with_ymd_and_hms(2026, 3, 8, 7, 0, 0).unwrap()
    );
    assert_eq!(
        sunday_at(1, 30)
            .due_at(w("2026-W44"), &New_York)
            .with_timezone(&Utc),
        Utc.with_ymd_and_hms(2026, 11, 1, 5, 30, 0).unwrap()
    );
    // Friday 16:00 stays 16:00 local on both sides of a change: the UTC instant moves.
    let friday = Schedule::default();
    assert_eq!(
        friday.due_at(w("2026-W13"), &Berlin).with_timezone(&Utc),
        Utc.with_ymd_and_hms(2026, 3, 27, 15, 0, 0).unwrap()
    );
    assert_eq!(
        friday.due_at(w("2026-W14"), &Berlin).with_timezone(&Utc),
        Utc.with_ymd_and_hms(2026, 4, 3, 14, 0, 0).unwrap()
    );

    // Due flips exactly at the moment, on the day of the change.
    let since = w("2026-W10");
    let before = Berlin.with_ymd_and_hms(2026, 3, 29, 1, 59, 0).unwrap();
    let after = Utc
        .with_ymd_and_hms(2026, 3, 29, 1, 0, 0)
        .unwrap()
        .with_timezone(&Berlin);
    let none = BTreeSet::new();
    assert!(!week_status(&before, &s, &none, &none, since).due);
    let st = week_status(&after, &s, &none, &none, since);
    assert!(st.due);
    assert_eq!(st.week, w("2026-W13"));
    assert_eq!(st.due_at, "2026-03-29T03:00:00+02:00");
}

#[test]
fn status_lists_missed_weeks_and_counts_streaks() {
    let s = Schedule::default(); // Friday 16:00
    let completed = weeks(&["2026-W44", "2026-W46", "2026-W47"]);
    let drafts = weeks(&["2026-W48"]);
    let since = w("2026-W43");
    let thursday = Berlin.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
    let st = week_status(&thursday, &s, &completed, &drafts, since);
    assert_eq!(st.week, w("2026-W48"));
    assert!(!st.due && !st.completed && st.draft);
    assert_eq!(st.missed, vec![w("2026-W43"), w("2026-W45")]);
    assert_eq!((st.streak, st.longest_streak), (2, 2));

    let friday_evening = Berlin.with_ymd_and_hms(2026, 11, 27, 16, 0, 0).unwrap();
    assert!(week_status(&friday_evening, &s, &completed, &drafts, since).due);

    let mut done = completed.clone();
    done.insert(w("2026-W48"));
    let st = week_status(&friday_evening, &s, &done, &BTreeSet::new(), since);
    assert!(st.completed && !st.due);
    assert_eq!((st.streak, st.longest_streak), (3, 3));

    // A week later, W48's completion still counts but W49 is open: streak 3.
    let next = Berlin.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    let st = week_status(&next, &s, &done, &BTreeSet::new(), since);
    assert_eq!((st.week, st.streak), (w("2026-W49"), 3));
    assert_eq!(st.missed, vec![w("2026-W43"), w("2026-W45")]);
}

#[test]
fn a_machine_that_changes_time_zone_keeps_its_reflections_weeks() {
    // Finished in Berlin during W47. At one instant — Monday 00:30 in Berlin — it is still
    // Sunday afternoon in Los Angeles and already Monday morning in Tokyo.
    let s = Schedule::default();
    let completed = weeks(&["2026-W47"]);
    let none = BTreeSet::new();
    let instant = Berlin.with_ymd_and_hms(2026, 11, 23, 0, 30, 0).unwrap();
    let la = week_status(
        &instant.with_timezone(&Los_Angeles),
        &s,
        &completed,
        &none,
        w("2026-W47"),
    );
    assert_eq!(la.week, w("2026-W47"));
    assert!(la.completed && !la.due && la.streak == 1);
    let tokyo = week_status(
        &instant.with_timezone(&Tokyo),
        &s,
        &completed,
        &none,
        w("2026-W47"),
    );
    assert_eq!(tokyo.week, w("2026-W48"));
    assert!(!tokyo.completed && !tokyo.due);
    assert_eq!(tokyo.streak, 1, "last week's reflection still counts");
    assert!(tokyo.missed.is_empty());
    // The due moment is read in the zone the machine is in now.
    assert_eq!(tokyo.due_at, "2026-11-27T16:00:00+09:00");
}

#[test]
fn a_clock_that_moves_backwards_is_handled() {
    let s = Schedule::default();
    // Reflections were finished in W47 and W48; then the clock goes back to W45.
    let completed = weeks(&["2026-W47", "2026-W48"]);
    let none = BTreeSet::new();
    let back = Berlin.with_ymd_and_hms(2026, 11, 4, 10, 0, 0).unwrap();
    let st = week_status(&back, &s, &completed, &none, w("2026-W44"));
    assert_eq!(st.week, w("2026-W45"));
    assert_eq!(st.missed, vec![w("2026-W44")]);
    assert_eq!(st.streak, 0);
    assert_eq!(st.longest_streak, 2);
    // Further back than the journal itself: nothing missed, nothing panics.
    let before_start = Berlin.with_ymd_and_hms(2025, 1, 1, 10, 0, 0).unwrap();
    let st = week_status(&before_start, &s, &completed, &none, w("2026-W44"));
    assert!(st.missed.is_empty());
    assert_eq!(st.week, w("2025-W01"));
}

#[test]
fn schedule_round_trips_as_json_with_readable_names() {
    let s = Schedule {
        weekday: Weekday::Mon,
        time: NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
        week_start: WeekStart::Sunday,
        notify: false,
    };
    let json = serde_json::to_value(s).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"weekday": "monday", "time": "08:30", "week_start": "sunday", "notify": false})
    );
    assert_eq!(serde_json::from_value::<Schedule>(json).unwrap(), s);
    assert_eq!(
        serde_json::from_value::<Schedule>(serde_json::json!({})).unwrap(),
        Schedule::default()
    );
    assert!(serde_json::from_value::<Schedule>(serde_json::json!({"time": "25:00"})).is_err());
    assert!(serde_json::from_value::<Schedule>(serde_json::json!({"weekday": "someday"})).is_err());
}

/// The desktop reminder's decision of when "the reflection just became due".
mod reminder {
    use std::collections::BTreeSet;

    use chrono::{DateTime, NaiveTime, TimeZone, Utc, Weekday};
    use steward_core::schedule::Reminder;
    use steward_core::Schedule;

    fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap()
    }

    fn reminder(notify: bool) -> Reminder {
        let mut r = Reminder::default();
        r.learn(
            Schedule {
                weekday: Weekday::Fri,
                time: NaiveTime::from_hms_opt(16, 0, 0).unwrap(),
                notify,
                ..Schedule::default()
            },
            BTreeSet::new(),
        );
        r
    }

    #[test]
    fn notifies_once_when_the_moment_passes_while_running() {
        let mut r = reminder(true);
        assert_eq!(r.tick(&at(27, 15, 59)), None, "first look, not due");
        let week = r.tick(&at(27, 16, 0)).expect("became due");
        assert_eq!(week.to_string(), "2026-W48");
        assert_eq!(r.tick(&at(27, 16, 1)), None, "only once");
        // Next week, again once.
        assert_eq!(r.tick(&at(30, 9, 0)), None);
        assert!(r
            .tick(&Utc.with_ymd_and_hms(2026, 12, 4, 16, 5, 0).unwrap())
            .is_some());
    }

    #[test]
    fn already_due_at_launch_is_left_to_the_banner_and_finished_weeks_are_quiet() {
        let mut r = reminder(true);
        assert_eq!(
            r.tick(&at(27, 17, 0)),
            None,
            "due at the first look: banner only"
        );
        let mut done = reminder(true);
        done.learn(
            Schedule::default(),
            ["2026-W48".parse().unwrap()].into_iter().collect(),
        );
        assert_eq!(done.tick(&at(27, 15, 0)), None);
        assert_eq!(
            done.tick(&at(27, 17, 0)),
            None,
            "finished before it was due"
        );
        // A jump of a week past the due moment (a clock moved forward) notifies.
        assert!(done
            .tick(&Utc.with_ymd_and_hms(2026, 12, 4, 17, 0, 0).unwrap())
            .is_some());
    }

    #[test]
    fn notifications_off_or_no_schedule_never_notify() {
        let mut off = reminder(false);
        off.tick(&at(27, 15, 0));
        assert_eq!(off.tick(&at(27, 17, 0)), None);
        let mut unknown = Reminder::default();
        unknown.tick(&at(27, 15, 0));
        assert_eq!(unknown.tick(&at(27, 17, 0)), None);
    }
}
