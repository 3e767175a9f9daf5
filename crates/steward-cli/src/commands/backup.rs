//! `steward backup export|verify|restore|import`: encrypted backups (age files);
//! `steward backup now|drill|identity|settings`: the automatic ones.

use std::path::{Path, PathBuf};

use anyhow::Result;
use steward_core::backup::{self, BackupOptions};
use steward_core::{ExposeSecret, KdfParams};

use super::backup_auto as auto;
use super::Ctx;
use crate::cli::BackupAction;
use crate::output::{backup_summary, print_json, recovery_key_banner};

/// Dispatches the backup actions.
pub fn run(ctx: &Ctx, action: BackupAction, passphrase_file: Option<PathBuf>) -> Result<()> {
    let bfile = passphrase_file.as_deref();
    match action {
        BackupAction::Export {
            file,
            force,
            generate_passphrase,
        } => export(ctx, &file, bfile, force, generate_passphrase),
        BackupAction::Verify { file } => verify(ctx, &file, bfile),
        BackupAction::Restore {
            file,
            into,
            new_passphrase_file,
        } => restore(ctx, &file, into, bfile, new_passphrase_file.as_deref()),
        BackupAction::Import { file } => import(ctx, &file, bfile),
        BackupAction::Now => auto::now(ctx),
        BackupAction::Drill { file } => auto::drill(ctx, file.as_deref()),
        BackupAction::Identity {
            from_recovery_key,
            yes,
        } => auto::identity(ctx, from_recovery_key, yes),
        BackupAction::Settings(args) => auto::settings(ctx, args),
    }
}

fn export(ctx: &Ctx, file: &Path, bfile: Option<&Path>, force: bool, generate: bool) -> Result<()> {
    // Refused before any passphrase is asked for.
    if file.exists() && !force {
        return Err(steward_core::Error::FileExists {
            path: file.to_path_buf(),
        }
        .into());
    }
    let vault = ctx.secrets.unlock(&ctx.path)?;
    let pass = if generate {
        backup::suggest_passphrase()?
    } else {
        ctx.secrets.backup_passphrase(bfile, true)?
    };
    let options = BackupOptions {
        replace_existing: force,
        ..BackupOptions::default()
    };
    let summary = vault.backups().export(file, &pass, options)?;
    let shown = generate.then(|| pass.expose_secret().to_string());
    if ctx.json {
        return print_json(
            &serde_json::json!({"file": file, "summary": summary, "passphrase": shown}),
        );
    }
    if let Some(shown) = shown {
        println!("Backup passphrase (shown once; keep it apart from the file): {shown}");
    }
    println!(
        "Wrote {} ({} entries, {} relationships, {} reflections, {} settings).",
        file.display(),
        summary.counts.entries,
        summary.counts.relationships,
        summary.counts.reflections,
        summary.counts.settings
    );
    println!(
        "Open it anywhere with `age -d {}` and the backup passphrase.",
        file.display()
    );
    Ok(())
}

fn verify(ctx: &Ctx, file: &Path, bfile: Option<&Path>) -> Result<()> {
    let pass = ctx.secrets.backup_passphrase(bfile, false)?;
    let summary = backup::verify_backup(file, &pass)?;
    if ctx.json {
        return print_json(&summary);
    }
    backup_summary(file, &summary);
    Ok(())
}

fn restore(
    ctx: &Ctx,
    file: &Path,
    into: PathBuf,
    bfile: Option<&Path>,
    new_passphrase_file: Option<&Path>,
) -> Result<()> {
    if into.exists() {
        return Err(steward_core::Error::VaultExists { path: into }.into());
    }
    let pass = ctx.secrets.backup_passphrase(bfile, false)?;
    let new = ctx.secrets.restored_passphrase(new_passphrase_file)?;
    let (vault, recovery, summary) =
        backup::restore_backup(file, &pass, &into, &new, KdfParams::default())?;
    if ctx.json {
        let key = recovery.display();
        return print_json(&serde_json::json!({
            "vault": vault.path(), "recovery_key": key.expose_secret(), "summary": summary,
        }));
    }
    backup_summary(file, &summary);
    println!("Restored into {}.", vault.path().display());
    println!();
    recovery_key_banner(
        "Recovery key of the new journal (shown once — write it down):",
        &recovery,
    );
    Ok(())
}

fn import(ctx: &Ctx, file: &Path, bfile: Option<&Path>) -> Result<()> {
    let vault = ctx.secrets.unlock(&ctx.path)?;
    let pass = ctx.secrets.backup_passphrase(bfile, false)?;
    let report = vault.backups().import(file, &pass)?;
    if ctx.json {
        return print_json(&report);
    }
    for (what, c) in [
        ("entries", report.entries),
        ("relationships", report.relationships),
        ("reflections", report.reflections),
        ("settings", report.settings),
    ] {
        let mut line = format!(
            "{what}: {} added, {} updated, {} unchanged, {} kept (newer here)",
            c.added, c.updated, c.unchanged, c.kept_local
        );
        if c.deleted > 0 {
            line += &format!(", {} removed (deleted in the backup)", c.deleted);
        }
        if c.stayed_deleted > 0 {
            line += &format!(", {} left deleted (deleted here)", c.stayed_deleted);
        }
        println!("{line}");
    }
    Ok(())
}
