//! `steward passwd`: a new passphrase, unlocking with the current one or the recovery key.

use std::path::PathBuf;

use anyhow::Result;
use steward_core::{KdfParams, LockedVault};

use super::Ctx;
use crate::output::print_json;

/// Changes the passphrase.
pub fn run(ctx: &Ctx, recovery: bool, new_passphrase_file: Option<PathBuf>) -> Result<()> {
    let locked = LockedVault::open(&ctx.path)?;
    let vault = if recovery {
        locked.unlock_with_recovery(&ctx.secrets.recovery_key()?)?
    } else {
        locked.unlock(&ctx.secrets.passphrase()?)?
    };
    let new = ctx
        .secrets
        .new_passphrase("STEWARD_NEW_PASSPHRASE", new_passphrase_file.as_deref())?;
    vault.change_passphrase(&new, KdfParams::default())?;
    if ctx.json {
        return print_json(&serde_json::json!({"changed": true}));
    }
    println!("Passphrase changed. The old one no longer opens this journal.");
    Ok(())
}
