//! Sync through the session: setting it up, a round on the session's own journal (the
//! app's "Sync now") or on a second handle in the background, settling a choice, taking a
//! passphrase changed on another computer — each followed by refreshing, in the index, the
//! entries the round wrote (never a reload of the whole journal).

use std::path::Path;

use secrecy::SecretString;

use super::Session;
use crate::error::{Error, Result};
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
        for id in ids {
            match self.vault.entries().get(id) {
                Ok(entry) => self.index.upsert(entry),
                Err(Error::NotFound { .. }) => {
                    self.index.remove(id);
                }
                Err(e) => return Err(e),
            }
        }
        if !ids.is_empty() {
            self.entry_stats = None;
        }
        Ok(())
    }
}
