//! The app's clock (settable in end-to-end test builds only). When "the reflection just
//! became due" is decided by the engine's [`steward_core::schedule::Reminder`], which the app
//! state keeps between unlocks.

use chrono::{DateTime, Local};
pub use steward_core::schedule::Reminder;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_release_clock_is_the_system_clock() {
        let clock = Clock::default();
        let drift = (clock.now() - Local::now()).num_seconds().abs();
        assert!(drift < 5);
    }
}
