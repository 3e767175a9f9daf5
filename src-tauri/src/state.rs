//! What the app holds between IPC calls: where the journal is, the unlocked session (if
//! any), when the user last did something (for auto-lock), the clock and the weekly
//! reminder. Locking drops the session, and with it the keys and every decrypted string
//! held in Rust. The session is boxed, so taking it out of its slot moves one pointer: its
//! keys and text are wiped where they lie as it drops, and nothing of them stays in the
//! slot. Idle time counts from the last user input the UI reported ([`AppState::user_active`]),
//! never from a command the app made on its own (a reminder's refresh must not keep the
//! journal open).

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use steward_core::Session;

use crate::error::{IpcError, IpcResult};
use crate::reminder::{Clock, Reminder};

use steward_core::session::DEFAULT_AUTOLOCK_MINUTES;

/// The app's state, shared by all commands.
pub struct AppState {
    /// The journal file.
    pub vault_path: PathBuf,
    session: Mutex<Option<Box<Session>>>,
    last_activity: Mutex<Instant>,
    autolock: Mutex<Duration>,
    closing: std::sync::atomic::AtomicBool,
    /// "Now" (settable only in `test-clock` builds).
    pub clock: Clock,
    reminder: Mutex<Reminder>,
    /// The background automatic backups.
    pub auto_backup: crate::autobackup::Runner,
    /// The background sync rounds and the folder's watcher.
    pub syncer: crate::syncer::Syncer,
    /// The app, once it runs (for the background backups' events); unset in unit tests.
    pub app: std::sync::OnceLock<tauri::AppHandle>,
}

impl AppState {
    /// State for the journal at `vault_path`, locked.
    pub fn new(vault_path: PathBuf) -> Self {
        AppState {
            vault_path,
            session: Mutex::new(None),
            last_activity: Mutex::new(Instant::now()),
            autolock: Mutex::new(Duration::from_secs(DEFAULT_AUTOLOCK_MINUTES * 60)),
            closing: std::sync::atomic::AtomicBool::new(false),
            clock: Clock::default(),
            reminder: Mutex::new(Reminder::default()),
            auto_backup: crate::autobackup::Runner::default(),
            syncer: crate::syncer::Syncer::default(),
            app: std::sync::OnceLock::new(),
        }
    }

    /// The user did something (typed, clicked, scrolled): the idle time starts again.
    pub fn user_active(&self) {
        *self.last_activity.lock().expect("activity lock") = Instant::now();
    }

    /// Whether a session is open.
    pub fn is_unlocked(&self) -> bool {
        self.session.lock().expect("session lock").is_some()
    }

    /// Installs a freshly unlocked session (replacing any other) and applies its stored
    /// auto-lock delay.
    pub fn set_session(&self, session: Session) -> steward_core::Result<()> {
        self.user_active();
        self.set_autolock(session.autolock_minutes()?);
        *self.session.lock().expect("session lock") = Some(Box::new(session));
        self.refresh_reminder()
    }

    /// Teaches the reminder the open journal's schedule and finished weeks, then looks at
    /// the clock once (a reflection already due now is the banner's, not a notification).
    pub fn refresh_reminder(&self) -> steward_core::Result<()> {
        let learned = {
            let guard = self.session.lock().expect("session lock");
            guard
                .as_ref()
                .map(|session| session.status().reminder_facts())
                .transpose()?
        };
        if let Some((schedule, completed)) = learned {
            let now = self.clock.now();
            let mut reminder = self.reminder.lock().expect("reminder lock");
            reminder.learn(schedule, completed);
            // A baseline: what is due at this moment is shown by the banner.
            let _ = reminder.tick(&now);
        }
        Ok(())
    }

    /// The week whose reflection just became due, if the user should be notified.
    pub fn reminder_tick(&self) -> Option<steward_core::Week> {
        let now = self.clock.now();
        self.reminder.lock().expect("reminder lock").tick(&now)
    }

    /// Runs `f` on the open session; `locked` if there is none. Not activity by itself.
    pub fn with_session<T>(
        &self,
        f: impl FnOnce(&mut Session) -> steward_core::Result<T>,
    ) -> IpcResult<T> {
        let mut guard = self.session.lock().expect("session lock");
        let session = guard.as_mut().ok_or_else(IpcError::locked)?;
        Ok(f(session)?)
    }

    /// [`AppState::with_session`] for a change the leader made: a sync round follows
    /// shortly after (edits in a row go out together).
    pub fn with_session_saving<T>(
        &self,
        f: impl FnOnce(&mut Session) -> steward_core::Result<T>,
    ) -> IpcResult<T> {
        let done = self.with_session(f)?;
        self.request_sync(crate::syncer::AFTER_SAVE);
        Ok(done)
    }

    /// Marks the app as closing; returns whether it already was.
    pub fn begin_closing(&self) -> bool {
        self.closing.swap(true, std::sync::atomic::Ordering::SeqCst)
    }

    /// Drops the session: keys and decrypted entries are gone from Rust. A due automatic
    /// backup starts first, on its own handle (see [`crate::autobackup`]).
    pub fn lock(&self) {
        self.start_auto_backup(std::time::Duration::ZERO);
        // What was written since the last round goes out before the keys go.
        self.request_sync(std::time::Duration::ZERO);
        self.syncer.unwatch();
        self.session.lock().expect("session lock").take();
    }

    /// A background sync round after `delay`, if the journal is open and syncs (and the
    /// app runs: not in unit tests).
    pub fn request_sync(&self, delay: std::time::Duration) {
        let Some(app) = self.app.get().cloned() else {
            return;
        };
        // Quitting: the process would end in the middle of the round (which would be safe —
        // a round commits whole or not at all — but would leave a temporary file behind).
        if self.closing.load(std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        let handle = {
            let guard = self.session.lock().expect("session lock");
            match guard.as_ref().map(|s| s.sync_handle()) {
                Some(Ok(Some(handle))) => handle,
                _ => return,
            }
        };
        self.syncer.start(app, handle, delay);
    }

    /// After an unlock or a set-up: watch the sync folder and run a round soon.
    pub fn start_syncing(&self, delay: std::time::Duration) {
        let status = {
            let guard = self.session.lock().expect("session lock");
            match guard.as_ref().map(|s| s.sync_status()) {
                Some(Ok(Some(status))) => status,
                _ => return,
            }
        };
        if let Some(app) = self.app.get().cloned() {
            let (folder, device) = crate::syncer::folder_of(&status);
            self.syncer.watch(app, &folder, &device);
        }
        self.request_sync(delay);
    }

    /// Starts the background backup and drill after `delay` if the journal is open and
    /// either is due (the check itself runs in the background too).
    pub fn start_auto_backup(&self, delay: std::time::Duration) {
        // Quitting: the process would end in the middle of it.
        if self.auto_backup.is_running() || self.closing.load(std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        let now = self.clock.now().with_timezone(&chrono::Utc);
        let handle = {
            let guard = self.session.lock().expect("session lock");
            let Some(session) = guard.as_ref() else {
                return;
            };
            // Nothing to do: no second handle, no thread.
            match session.auto_backup_overview(now) {
                Ok(o) if o.due || o.drill_due => session.backup_handle(),
                _ => return,
            }
        };
        if let Ok(handle) = handle {
            (self.auto_backup).start(self.app.get().cloned(), handle, now, delay);
        }
    }

    /// Sets the auto-lock delay in minutes (at least one).
    pub fn set_autolock(&self, minutes: u64) {
        self.set_autolock_after(Duration::from_secs(minutes.max(1) * 60));
    }

    /// Sets the auto-lock delay exactly.
    pub fn set_autolock_after(&self, idle: Duration) {
        *self.autolock.lock().expect("autolock lock") = idle;
    }

    /// Locks if the user has been idle longer than the auto-lock delay; true if it did.
    pub fn lock_if_idle(&self) -> bool {
        let idle = self.last_activity.lock().expect("activity lock").elapsed();
        let limit = *self.autolock.lock().expect("autolock lock");
        if idle >= limit && self.is_unlocked() {
            self.lock();
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use steward_core::{KdfParams, SecretString, Vault};

    fn unlocked_state() -> (tempfile::TempDir, AppState) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.steward");
        let pass = SecretString::from("a passphrase for tests".to_string());
        let (vault, _) =
            Vault::create(&path, &pass, KdfParams::new(8 * 1024, 1, 1).unwrap()).unwrap();
        let state = AppState::new(path);
        state.set_session(Session::open(vault).unwrap()).unwrap();
        (dir, state)
    }

    #[test]
    fn commands_on_a_locked_journal_say_locked() {
        let (_dir, state) = unlocked_state();
        state
            .with_session(|s| Ok(s.len()))
            .expect("an unlocked session answers");
        state.lock();
        let err = state.with_session(|s| Ok(s.len())).unwrap_err();
        assert_eq!(err.code, "locked");
    }

    #[test]
    fn idle_time_past_the_limit_locks_and_activity_does_not() {
        let (_dir, state) = unlocked_state();
        state.set_autolock_after(Duration::from_secs(3600));
        assert!(!state.lock_if_idle());
        assert!(state.is_unlocked());
        state.set_autolock_after(Duration::ZERO);
        assert!(state.lock_if_idle());
        assert!(!state.is_unlocked());
        assert!(!state.lock_if_idle(), "already locked");
    }

    #[test]
    fn only_user_input_postpones_the_lock_not_the_apps_own_calls() {
        let (_dir, state) = unlocked_state();
        state.set_autolock_after(Duration::from_millis(200));
        std::thread::sleep(Duration::from_millis(120));
        // What a reminder's refresh does: read the status. It is not the user.
        state.with_session(|s| Ok(s.len())).unwrap();
        std::thread::sleep(Duration::from_millis(120));
        assert!(
            state.lock_if_idle(),
            "the app's own call did not keep it open"
        );

        let (_dir, state) = unlocked_state();
        state.set_autolock_after(Duration::from_millis(200));
        std::thread::sleep(Duration::from_millis(120));
        state.user_active();
        std::thread::sleep(Duration::from_millis(120));
        assert!(!state.lock_if_idle(), "a key press is activity");
    }

    #[test]
    fn the_session_slot_holds_only_a_pointer() {
        // Locking takes the session out of the slot: only this pointer is copied, so no
        // key or text is left behind at the slot's address.
        assert_eq!(
            std::mem::size_of::<Option<Box<Session>>>(),
            std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn engine_errors_keep_their_code() {
        let (_dir, state) = unlocked_state();
        let err = state.with_session(|s| s.get("0000")).unwrap_err();
        assert_eq!(err.code, "not_found");
        assert!(err.message.contains("no entry"));
    }

    fn backups_in(folder: &std::path::Path) -> usize {
        std::fs::read_dir(folder)
            .map(|d| {
                d.flatten()
                    .filter(|e| e.file_name().to_string_lossy().starts_with("steward-auto-"))
                    .count()
            })
            .unwrap_or(0)
    }

    fn wait_until(what: impl Fn() -> bool) -> bool {
        for _ in 0..100 {
            if what() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    #[test]
    fn locking_makes_a_due_automatic_backup_in_the_background_and_nothing_when_off() {
        let (dir, state) = unlocked_state();
        let folder = dir.path().join("backups");
        std::fs::create_dir(&folder).unwrap();
        // Off (as a journal is until the first run or the leader turns them on): nothing.
        state.lock();
        std::thread::sleep(Duration::from_millis(200));
        assert_eq!(backups_in(&folder), 0);

        let (dir, state) = unlocked_state();
        let folder = dir.path().join("backups");
        std::fs::create_dir(&folder).unwrap();
        state
            .with_session(|s| {
                s.set_auto_backup(&steward_core::backup::AutoBackupSettings {
                    enabled: true,
                    folder: Some(folder.display().to_string()),
                    ..Default::default()
                })
            })
            .unwrap();
        state.lock();
        assert!(
            !state.is_unlocked(),
            "the lock does not wait for the backup"
        );
        assert!(wait_until(
            || backups_in(&folder) == 1 && !state.auto_backup.is_running()
        ));
        // And the weekly check ran on it, on the backup's own handle.
        let vault = steward_core::LockedVault::open(&state.vault_path)
            .unwrap()
            .unlock(&SecretString::from("a passphrase for tests".to_string()))
            .unwrap();
        let drill = vault.backups().auto_state().unwrap().last_drill.unwrap();
        assert!(drill.ok, "{drill:?}");
    }
}
