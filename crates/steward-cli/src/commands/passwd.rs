//! `steward passwd` and `steward rotate-keys`: a new data key for every record, under a new
//! (or the same) passphrase, with a new recovery key unless the user keeps theirs.

use std::path::PathBuf;

use anyhow::Result;
use steward_core::{ExposeSecret, KdfParams, RecoveryChoice, RecoveryKey, Rotation};

use super::Ctx;
use crate::output::{print_json, recovery_key_banner};

/// Changes the passphrase, unlocking with the current one or the recovery key.
pub fn run(
    ctx: &Ctx,
    recovery: bool,
    new_passphrase_file: Option<PathBuf>,
    keep_recovery_key: bool,
) -> Result<()> {
    let locked = crate::input::open_vault(&ctx.path)?;
    let (mut vault, typed) = if recovery {
        let key = ctx.secrets.recovery_key()?;
        (locked.unlock_with_recovery(&key)?, Some(key))
    } else {
        (locked.unlock(&ctx.secrets.passphrase()?)?, None)
    };
    let new = ctx
        .secrets
        .new_passphrase("STEWARD_NEW_PASSPHRASE", new_passphrase_file.as_deref())?;
    let kept = kept_key(ctx, keep_recovery_key, typed)?;
    let rotation = vault.rotate_keys(
        &new,
        RecoveryChoice::keeping(kept.as_ref()),
        KdfParams::default(),
    )?;
    report(
        ctx,
        &rotation,
        "Passphrase changed. Every record was re-encrypted under a new key, so the old \
         passphrase no longer opens this journal.",
    )
}

/// Re-encrypts every record under a new key; the passphrase stays.
pub fn rotate(ctx: &Ctx, keep_recovery_key: bool) -> Result<()> {
    let passphrase = ctx.secrets.passphrase()?;
    let mut vault = crate::input::open_vault(&ctx.path)?.unlock(&passphrase)?;
    let kept = kept_key(ctx, keep_recovery_key, None)?;
    let rotation = vault.rotate_keys(
        &passphrase,
        RecoveryChoice::keeping(kept.as_ref()),
        KdfParams::default(),
    )?;
    report(
        ctx,
        &rotation,
        "Keys rotated. Every record was re-encrypted under a new key; your passphrase is \
         unchanged.",
    )
}

/// The recovery key to keep, if the user keeps theirs: the one they unlocked with, or
/// typed now (it is never stored).
fn kept_key(ctx: &Ctx, keep: bool, typed: Option<RecoveryKey>) -> Result<Option<RecoveryKey>> {
    match (keep, typed) {
        (false, _) => Ok(None),
        (true, Some(key)) => Ok(Some(key)),
        (true, None) => Ok(Some(ctx.secrets.recovery_key()?)),
    }
}

fn report(ctx: &Ctx, rotation: &Rotation, done: &str) -> Result<()> {
    if ctx.json {
        let key = rotation.recovery_key.as_ref().map(RecoveryKey::display);
        return print_json(&serde_json::json!({
            "changed": true,
            "records": rotation.records,
            "recovery_key": key.as_ref().map(|k| k.expose_secret()),
            "wal_cleared": rotation.wal_cleared,
        }));
    }
    println!("{done} ({} records.)", rotation.records);
    println!(
        "A copy of the journal file made before now (a backup of the file, a synced \
         folder's history) still opens with the old passphrase and the old recovery key, \
         and shows what it held then; nothing written from now on."
    );
    match &rotation.recovery_key {
        Some(key) => {
            println!();
            recovery_key_banner(
                "Your new recovery key (the old one no longer opens this journal; shown once — write it down):",
                key,
            );
        }
        None => println!("Your recovery key is unchanged and opens the journal as before."),
    }
    if !rotation.wal_cleared {
        println!(
            "Another program (the Steward app?) has the journal open: the old keys leave the \
             journal's -wal file when it closes it."
        );
    }
    Ok(())
}
