//! The weekly reminder: the app's clock (settable in end-to-end test builds only) and the
//! decision of when "the reflection just became due" so a desktop notification is sent.
//!
//! The schedule and the week names of finished reflections are learned whenever the
//! journal is unlocked or a reflection or the schedule is saved, and kept in memory after
//! locking (week names and a weekday are not what the leader wrote), so the notification
//! still comes when the journal is locked while the app runs. A reflection that was
//! already due when the app started is not notified: the banner shows it instead.

use std::collections::BTreeSet;

use chrono::{DateTime, Local, TimeZone};
use steward_core::{Schedule, Week};

/// "Now" for the app. Release builds read the system clock, always; builds with the
/// `test-clock` feature (end-to-end tests only) can move it with `test_set_clock`.
#[derive(Default)]
pub struct Clock {
    #[cfg(feature = "test-clock")]
    offset: std::sync::Mutex<chrono::TimeDelta>,
}

impl Clock {
    /// The current local time.
    pub fn now(&self) -> DateTime<Local> {
        #[cfg(feature = "test-clock")]
        {
            Local::now() + *self.offset.lock().expect("clock lock")
        }
        #[cfg(not(feature = "test-clock"))]
        {
            Local::now()
        }
    }

    /// Makes "now" read `to` from this moment on (test builds only).
    #[cfg(feature = "test-clock")]
    pub fn set(&self, to: DateTime<chrono::FixedOffset>) {
        *self.offset.lock().expect("clock lock") = to.with_timezone(&Local) - Local::now();
    }
}

/// What the reminder knows and last saw.
#[derive(Debug, Default)]
pub struct Reminder {
    schedule: Option<Schedule>,
    completed: BTreeSet<Week>,
    last: Option<(Week, bool)>,
}

impl Reminder {
    /// Takes in the journal's schedule and the weeks with a finished reflection.
    pub fn learn(&mut self, schedule: Schedule, completed: BTreeSet<Week>) {
        self.schedule = Some(schedule);
        self.completed = completed;
    }

    /// Looks at the clock. Returns the week whose reflection *just* became due (it was
    /// not due at the previous look, or that look was in an earlier week) when
    /// notifications are on; `None` otherwise, including at the first look.
    pub fn tick<Tz: TimeZone>(&mut self, now: &DateTime<Tz>) -> Option<Week> {
        let schedule = self.schedule?;
        let week = schedule.week_of(now);
        let due = !self.completed.contains(&week) && *now >= schedule.due_at(week, &now.timezone());
        let previous = self.last.replace((week, due));
        (due && schedule.notify && previous.is_some() && previous != Some((week, true)))
            .then_some(week)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveTime, Utc, Weekday};

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

    #[test]
    fn the_release_clock_is_the_system_clock() {
        let clock = Clock::default();
        let drift = (clock.now() - Local::now()).num_seconds().abs();
        assert!(drift < 5);
    }
}
