//! Automatic backups in the background: at unlock (a few seconds after, so the journal's
//! list comes first), after a finished reflection and at lock, the backup is made when one
//! is due and the weekly drill runs when it is due — on a second handle on the journal
//! (its own connection and a copy of the keys, wiped when it drops), never holding the
//! session, so the UI and search go on while it runs. One run at a time. The UI hears
//! `auto-backup` events (started / finished, with what failed); a failure also sends a
//! desktop notification that names nothing the leader wrote.
//!
//! A run started at lock keeps its copy of the keys until it finishes (about a second at
//! 10,000 entries), then drops them. Every run — background, "Back up now", "Check the
//! latest backup" — works on a thread of its own at the lowest CPU priority
//! ([`in_background`]): on two cores, at normal priority, a backup of 50,000 entries made
//! the UI's search p95 10 ms slower (docs/BENCHMARKS.md).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use steward_core::Vault;
use tauri::{AppHandle, Emitter};
use tauri_plugin_notification::NotificationExt;

/// How long after an unlock the backup waits: the journal's list and the banners come
/// first.
pub const AFTER_UNLOCK: Duration = Duration::from_secs(3);

/// What the `auto-backup` event carries.
#[derive(Debug, Clone, Serialize, ts_rs::TS, PartialEq, Eq)]
pub struct AutoBackupEvent {
    /// A run started (`true`) or finished (`false`).
    pub running: bool,
    /// Whether this run made a backup.
    pub backed_up: bool,
    /// Whether this run drilled one.
    pub drilled: bool,
    /// The stable code of what failed, if anything did.
    pub failed: Option<String>,
}

/// Runs at most one background backup at a time.
#[derive(Default)]
pub struct Runner {
    running: Arc<AtomicBool>,
}

impl Runner {
    /// Starts a run on `handle` after `delay`, unless one is running. `app` (absent in unit
    /// tests) hears its events and sends the notification.
    pub fn start(
        &self,
        app: Option<AppHandle>,
        handle: Vault,
        now: chrono::DateTime<chrono::Utc>,
        delay: Duration,
    ) {
        if self.running.swap(true, Ordering::SeqCst) {
            return;
        }
        let running = Arc::clone(&self.running);
        std::thread::spawn(move || {
            lower_priority();
            std::thread::sleep(delay);
            let emit = |event: AutoBackupEvent| {
                if let Some(app) = &app {
                    let _ = app.emit("auto-backup", event);
                }
            };
            emit(AutoBackupEvent {
                running: true,
                backed_up: false,
                drilled: false,
                failed: None,
            });
            let done = run_due(
                &handle,
                now + chrono::Duration::from_std(delay).unwrap_or_default(),
            );
            drop(handle); // the keys' copy is wiped here
            if let (Some(app), Some(code)) = (&app, &done.failed) {
                notify_failure(app, code);
            }
            emit(done);
            running.store(false, Ordering::SeqCst);
        });
    }

    /// Whether a run is going on.
    pub fn is_running(&self) -> bool {
        self.running.load(Ordering::SeqCst)
    }
}

/// Makes the backup if due, then the drill if due; what happened.
pub fn run_due(handle: &Vault, now: chrono::DateTime<chrono::Utc>) -> AutoBackupEvent {
    let backups = handle.backups();
    let mut done = AutoBackupEvent {
        running: false,
        backed_up: false,
        drilled: false,
        failed: None,
    };
    match backups.auto_backup_if_due(now) {
        Ok(made) => done.backed_up = made.is_some(),
        Err(e) => done.failed = Some(e.code().to_string()),
    }
    let drill_due = backups.auto_overview(now).is_ok_and(|o| o.drill_due);
    if done.failed.is_none() && drill_due {
        done.drilled = true;
        if let Err(e) = backups.drill(None, now) {
            done.failed = Some(e.code().to_string());
        }
    }
    done
}

/// The notification of a failed backup or drill: no names, no text of the journal.
fn notify_failure(app: &AppHandle, code: &str) {
    let drill = matches!(code, "backup_damaged" | "not_a_backup" | "no_auto_backup");
    let (title, body) = if drill {
        (
            "A backup did not pass its check",
            "Open Steward and go to Settings → Backups to make a new one.",
        )
    } else {
        (
            "Automatic backup failed",
            "Open Steward and go to Settings → Backups to see why. Your journal is unchanged.",
        )
    };
    let _ = app.notification().builder().title(title).body(body).show();
}

/// Runs `work` on a thread of its own at the lowest CPU priority and returns its result: the
/// kernel still gives it every idle cycle, but the UI's search and saves come first.
pub fn in_background<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                lower_priority();
                work()
            })
            .join()
            .expect("a background backup panicked")
    })
}

/// The idle scheduling class (`SCHED_IDLE`) and nice 19 for the calling thread (on Linux
/// both are per thread, and the threads it starts inherit them). Nice alone was not enough:
/// the kernel's scheduler (EEVDF) lets a running thread finish its slice before a woken one
/// runs, which added milliseconds to the leader's searches beside a sync round; a thread of
/// the idle class gives way the moment any other wakes. A priority that cannot be lowered
/// is not an error: the work runs.
pub(crate) fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        use thread_priority::unix::{
            set_thread_priority_and_policy, thread_native_id, NormalThreadSchedulePolicy,
            ThreadSchedulePolicy,
        };
        let _ = set_thread_priority_and_policy(
            thread_native_id(),
            thread_priority::ThreadPriority::Min,
            ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle),
        );
        let _ = rustix::process::setpriority_process(None, 19);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod priority_tests {
    use thread_priority::unix::{
        thread_schedule_policy, NormalThreadSchedulePolicy, ThreadSchedulePolicy,
    };

    #[test]
    fn background_work_runs_in_the_idle_class_and_the_caller_does_not() {
        std::thread::spawn(|| {
            super::lower_priority();
            assert_eq!(
                thread_schedule_policy().unwrap(),
                ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle)
            );
        })
        .join()
        .unwrap();
        assert_ne!(
            thread_schedule_policy().unwrap(),
            ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle)
        );
    }
}
