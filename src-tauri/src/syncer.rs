//! Sync in the background: a round runs a moment after unlock, shortly after a save, when
//! another computer's files arrive in the sync folder (a file watcher), and at lock — each
//! on a second handle on the journal at the lowest CPU priority, never holding the session,
//! so typing and search go on while it runs. One round at a time; a request during a round
//! runs one more round after it. After a round the session re-reads, in its index, only the
//! entries the round wrote. The UI hears `sync` events (started / finished, what came in,
//! what failed) and refreshes what it shows.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use notify::Watcher;
use serde::Serialize;
use steward_core::session::ChangedEntries;
use steward_core::Vault;
use tauri::{AppHandle, Emitter, Manager};

use crate::state::AppState;

/// After an unlock: the journal's list comes first.
pub const AFTER_UNLOCK: Duration = Duration::from_secs(1);
/// After a save: edits typed in a row go out as one round.
pub const AFTER_SAVE: Duration = Duration::from_secs(2);
/// After files arrive: a sync tool writes several in a burst.
pub const AFTER_ARRIVAL: Duration = Duration::from_millis(700);

/// What the `sync` event carries.
#[derive(Debug, Clone, Serialize, ts_rs::TS, PartialEq, Eq)]
pub struct SyncEvent {
    /// A round started (`true`) or finished (`false`).
    pub running: bool,
    /// Records it took from other computers.
    pub received: u32,
    /// Records edited on two computers waiting for a choice, after it.
    pub conflicts: u32,
    /// The stable code of what failed, if anything did (`sync_key_changed`: the
    /// passphrase was changed on another computer).
    pub failed: Option<String>,
}

/// Runs at most one background round at a time and watches the folder.
#[derive(Default)]
pub struct Syncer {
    running: Arc<AtomicBool>,
    /// The handle of the round asked for while one ran (the latest request's).
    queued: Arc<Mutex<Option<Vault>>>,
    watcher: Mutex<Option<notify::RecommendedWatcher>>,
}

impl Syncer {
    /// A round after `delay` on `handle` (a second handle, taken now: at lock the session
    /// is gone by the time the round runs), unless one is running — then one more after it.
    pub fn start(&self, app: AppHandle, handle: Vault, delay: Duration) {
        let queued = Arc::clone(&self.queued);
        if self.running.swap(true, Ordering::SeqCst) {
            *queued.lock().expect("queue lock") = Some(handle);
            return;
        }
        let running = Arc::clone(&self.running);
        std::thread::spawn(move || {
            crate::autobackup::lower_priority();
            std::thread::sleep(delay);
            let mut handle = Some(handle);
            while let Some(vault) = handle.take() {
                round(&app, vault);
                handle = queued.lock().expect("queue lock").take();
                if handle.is_some() {
                    std::thread::sleep(AFTER_ARRIVAL);
                }
            }
            running.store(false, Ordering::SeqCst);
            // A request that came between the last look and now.
            if let Some(late) = queued.lock().expect("queue lock").take() {
                app.state::<AppState>()
                    .syncer
                    .start(app.clone(), late, AFTER_ARRIVAL);
            }
        });
    }

    /// Whether a round is going on.
    pub fn is_running(&self) -> bool {
        self.running.load(Ordering::SeqCst)
    }

    /// Watches `folder` for other computers' files (this computer's own sub-folder
    /// `device` is left out: its writes are this app's).
    pub fn watch(&self, app: AppHandle, folder: &Path, device: &str) {
        let own = folder.join(device);
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else { return };
            if event.kind.is_access() || event.paths.iter().all(|p| p.starts_with(&own)) {
                return;
            }
            app.state::<AppState>().request_sync(AFTER_ARRIVAL);
        });
        let Ok(mut watcher) = watcher else { return };
        if watcher
            .watch(folder, notify::RecursiveMode::Recursive)
            .is_ok()
        {
            *self.watcher.lock().expect("watcher lock") = Some(watcher);
        }
    }

    /// Stops watching (at lock, or when syncing stops).
    pub fn unwatch(&self) {
        self.watcher.lock().expect("watcher lock").take();
    }
}

/// One round on `vault`, then the session's index refreshed and the UI told.
fn round(app: &AppHandle, vault: Vault) {
    let emit = |event: SyncEvent| {
        let _ = app.emit("sync", event);
    };
    emit(SyncEvent {
        running: true,
        received: 0,
        conflicts: 0,
        failed: None,
    });
    // What the round wrote is read back (and decrypted) here, on its own handle at its low
    // priority: the session is held only to put it into the index, so searches barely wait.
    let done = vault.sync().now().and_then(|report| {
        let changed = ChangedEntries::read(&vault, &report.changed_entries)?;
        Ok((report, changed))
    });
    let conflicts = vault.sync().conflicts().map_or(0, |c| c.len() as u32);
    drop(vault); // the keys' copy is wiped here
    let state = app.state::<AppState>();
    match done {
        Ok((report, changed)) => {
            // Locked meanwhile: the next unlock reads everything anyway.
            let _ = state.with_session(|s| {
                s.take_changed(changed);
                Ok(())
            });
            emit(SyncEvent {
                running: false,
                received: report.received,
                conflicts,
                failed: None,
            });
        }
        Err(e) => emit(SyncEvent {
            running: false,
            received: 0,
            conflicts,
            failed: Some(e.code().to_string()),
        }),
    }
}

/// The folder and device of a status, as paths.
pub fn folder_of(status: &steward_core::sync::SyncStatus) -> (PathBuf, String) {
    (PathBuf::from(&status.folder), status.device.clone())
}
