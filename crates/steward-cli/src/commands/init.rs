//! `steward init`: create a journal and show its recovery key once.

use anyhow::Result;
use steward_core::{ExposeSecret, KdfParams, Vault};

use super::Ctx;
use crate::output::{print_json, recovery_key_banner};

/// Creates the journal with the given Argon2id cost.
pub fn run(ctx: &Ctx, memory_mib: u32, iterations: u32, parallelism: u32) -> Result<()> {
    let params = KdfParams::new(memory_mib.saturating_mul(1024), iterations, parallelism)?;
    if ctx.path.exists() {
        return Err(steward_core::Error::VaultExists {
            path: ctx.path.clone(),
        }
        .into());
    }
    let passphrase = ctx.secrets.first_passphrase()?;
    let (vault, recovery) = Vault::create(&ctx.path, &passphrase, params)?;
    if ctx.json {
        let key = recovery.display();
        return print_json(
            &serde_json::json!({"vault": vault.path(), "recovery_key": key.expose_secret()}),
        );
    }
    println!("Created the journal at {}", vault.path().display());
    println!();
    recovery_key_banner(
        "Recovery key (shown once — write it down and keep it somewhere safe):",
        &recovery,
    );
    println!("It unlocks the journal and sets a new passphrase if you forget yours:");
    println!("    steward passwd --recovery");
    Ok(())
}
