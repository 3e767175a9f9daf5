//! Sync through the session: setting it up, a round on the session's own journal (the
//! app's "Sync now") or on a second handle in the background, settling a choice, taking a
//! passphrase changed on another computer — each followed by refreshing, in the index, the
//! entries the round wrote (never a reload of the whole journal).

use std::collections::HashSet;
use std::path::Path;

use secrecy::SecretString;

use super::Session;
use crate::error::{Error, Result};
use crate::model::entry::Entry;
use crate::records::Vault;
use crate::sync::{self, Keep, SyncReport, SyncStatus};

impl Session {
    /// Where syncing stands; `None` when this journal does not sync.
    pub fn sync_status(&self) -> Result<Option<SyncStatus>> {
        if !self.vault.sync().is_on()? {
            return Ok(None);
        }
        self.vault.sync().status().map(Some)
    }

    /// Starts syncing into `folder` and runs the first round.
    pub fn sync_setup(&mut self, folder: &Path) -> Result<SyncReport> {
        let report = self.vault.sync().setup(folder)?;
        self.refresh_entries(&report.changed_entries)?;
        Ok(report)
    }

    /// A round on the session's own journal.
    pub fn sync_now(&mut self) -> Result<SyncReport> {
        let report = self.vault.sync().now()?;
        self.refresh_entries(&report.changed_entries)?;
        Ok(report)
    }

    /// A second handle for a round in the background, when this journal syncs.
    pub fn sync_handle(&self) -> Result<Option<Vault>> {
        if !self.vault.sync().is_on()? {
            return Ok(None);
        }
        self.vault.second_handle().map(Some)
    }

    /// Settles a record edited on two computers.
    pub fn sync_resolve(&mut self, id: &str, keep: Keep) -> Result<()> {
        let id = self.vault.sync().resolve(id, keep)?;
        self.refresh_entries(&[id])
    }

    /// Takes the passphrase changed on another computer, then syncs.
    pub fn sync_adopt_passphrase(&mut self, passphrase: &SecretString) -> Result<SyncReport> {
        let report = sync::adopt_new_key(&mut self.vault, passphrase)?;
        self.refresh_entries(&report.changed_entries)?;
        Ok(report)
    }

    /// Stops syncing on this computer.
    pub fn sync_stop(&self) -> Result<()> {
        self.vault.sync().stop()
    }

    /// Reads `ids` again into the index (a round on another handle wrote them): changed
    /// ones replaced, deleted ones removed.
    pub fn refresh_entries(&mut self, ids: &[String]) -> Result<()> {
        let changed = ChangedEntries::read(&self.vault, ids)?;
        self.take_changed(changed);
        Ok(())
    }

    /// Puts entries a round read on its own handle into the index (the reading and
    /// decrypting happened there, so the session is held only for this).
    pub fn take_changed(&mut self, changed: ChangedEntries) {
        if changed.0.is_empty() {
            return;
        }
        let ids: HashSet<&str> = changed.0.iter().map(|(id, _)| id.as_str()).collect();
        let held = self.index.versions_of(&ids);
        let (mut fresh, mut gone) = (Vec::new(), Vec::new());
        for (id, entry) in changed.0 {
            match entry {
                // Saved here since the round read it: the index holds the newer one.
                Some(entry) if held.get(&id).is_some_and(|&v| v > entry.version) => {}
                Some(entry) => fresh.push(entry),
                None => gone.push(id),
            }
        }
        self.index.apply_changes(fresh, &gone);
        self.entry_stats = None;
    }
}

/// Entries a sync round wrote, read back for the session's index: each id with its entry,
/// or `None` when the round deleted it.
pub struct ChangedEntries(Vec<(String, Option<Entry>)>);

impl ChangedEntries {
    /// Reads `ids` from `vault` (a round's own handle, or the session's).
    pub fn read(vault: &Vault, ids: &[String]) -> Result<Self> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            match vault.entries().get(id) {
                Ok(entry) => out.push((id.clone(), Some(entry))),
                Err(Error::NotFound { .. }) => out.push((id.clone(), None)),
                Err(e) => return Err(e),
            }
        }
        Ok(Self(out))
    }
}
