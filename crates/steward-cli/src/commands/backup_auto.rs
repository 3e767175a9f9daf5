//! `steward backup now|drill|identity|settings`: automatic backups from the terminal — make
//! one, prove the latest opens, print the identity that opens them, and choose where and
//! how often they are made.

use std::path::Path;

use anyhow::Result;
use steward_core::backup::{AutoBackupSettings, BackupInterval};
use steward_core::backup_identity::{parse_recipient, BackupIdentity};
use steward_core::{ExposeSecret, LockedVault};

use super::Ctx;
use crate::cli::{AutoBackupArgs, IntervalArg};
use crate::input::{confirm, yes_or_terminal};
use crate::output::print_json;

/// Makes an automatic backup now and prints its path.
pub fn now(ctx: &Ctx) -> Result<()> {
    let vault = ctx.secrets.unlock(&ctx.path)?;
    let report = vault.backups().auto_backup_now(chrono::Utc::now())?;
    if ctx.json {
        return print_json(&report);
    }
    println!("{}", report.path);
    let c = &report.summary.counts;
    eprintln!(
        "Backed up {} entries, {} relationships and {} reflections.{}",
        c.entries,
        c.relationships,
        c.reflections,
        match report.removed.len() {
            0 => String::new(),
            n => format!(" Removed {n} older automatic backup(s) past the retention."),
        }
    );
    Ok(())
}

/// Decrypts and checks the latest automatic backup (or `file`) in memory.
pub fn drill(ctx: &Ctx, file: Option<&Path>) -> Result<()> {
    let vault = ctx.secrets.unlock(&ctx.path)?;
    let report = vault.backups().drill(file, chrono::Utc::now())?;
    if ctx.json {
        return print_json(&report);
    }
    let c = &report.summary.counts;
    println!(
        "Verified {}: it opens, every record parses and its {} entries, {} relationships, {} reflections, {} settings and {} deletions are what the journal held when it was written.",
        report.path, c.entries, c.relationships, c.reflections, c.settings, c.tombstones
    );
    Ok(())
}

/// Prints the identity file, after a warning (and a `yes`, or `--yes`).
pub fn identity(ctx: &Ctx, from_recovery_key: bool, yes: bool) -> Result<()> {
    yes_or_terminal(yes, "printing the backup key")?;
    let identity = if from_recovery_key {
        let recovery = ctx.secrets.recovery_key()?;
        if ctx.path.exists() {
            // This journal learns it too (one made before automatic backups needs it).
            drop(LockedVault::open(&ctx.path)?.unlock_with_recovery(&recovery)?);
        }
        BackupIdentity::from_recovery_key(&recovery)
    } else {
        let vault = ctx.secrets.unlock(&ctx.path)?;
        vault
            .backup_identity()?
            .ok_or(steward_core::Error::BackupKeyUnknown)?
    };
    eprintln!(
        "Warning: this key opens every automatic backup of this journal. Keep it like the recovery key; anyone with it and a backup reads everything you wrote. Save it with `steward backup identity > key.txt`, open a backup with `age -d -i key.txt FILE`."
    );
    confirm(yes, "Type yes to print it: ", "nothing was printed")?;
    print!(
        "{}",
        identity.identity_file(chrono::Utc::now()).expose_secret()
    );
    Ok(())
}

/// Shows the settings, after applying any changes given.
pub fn settings(ctx: &Ctx, args: AutoBackupArgs) -> Result<()> {
    let vault = ctx.secrets.unlock(&ctx.path)?;
    let backups = vault.backups();
    let mut settings = backups.auto_settings()?;
    if changes(&mut settings, args)? {
        backups.set_auto_settings(&settings)?;
    }
    let overview = backups.auto_overview(chrono::Utc::now())?;
    if ctx.json {
        return print_json(&overview);
    }
    let s = &overview.settings;
    println!(
        "Automatic backups: {}",
        if s.enabled { "on" } else { "off" }
    );
    println!("Folder: {}", overview.folder);
    println!(
        "Every: {}",
        match s.interval {
            BackupInterval::Daily => "day",
            BackupInterval::Weekly => "week",
        }
    );
    println!(
        "Keeps: the last {} and the newest of each of the last {} months",
        s.keep_last, s.keep_monthly
    );
    for r in &s.recipients {
        println!("Also encrypted to: {r}");
    }
    let stamp = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
    match (&overview.state.last_at, &overview.state.last_file) {
        (Some(at), Some(file)) => println!("Last backup: {} ({file})", stamp(*at)),
        _ => println!("Last backup: none yet"),
    }
    if let Some(f) = &overview.state.last_failure {
        println!("Last attempt failed: {} ({})", stamp(f.at), f.code);
    }
    if let Some(d) = &overview.state.last_drill {
        let outcome = if d.ok {
            "verified".to_string()
        } else {
            format!("FAILED ({})", d.problem.as_deref().unwrap_or("unknown"))
        };
        println!("Last drill: {} {outcome} ({})", stamp(d.at), d.file);
    }
    if !overview.has_key {
        println!(
            "This journal needs its recovery key once: steward backup identity --from-recovery-key"
        );
    }
    Ok(())
}

/// Applies the flags given; whether any was.
fn changes(settings: &mut AutoBackupSettings, args: AutoBackupArgs) -> Result<bool> {
    let before = settings.clone();
    if args.on {
        settings.enabled = true;
    }
    if args.off {
        settings.enabled = false;
    }
    if let Some(folder) = args.folder {
        let folder = std::path::absolute(&folder)?;
        settings.folder = Some(folder.display().to_string());
    }
    if let Some(interval) = args.interval {
        settings.interval = match interval {
            IntervalArg::Daily => BackupInterval::Daily,
            IntervalArg::Weekly => BackupInterval::Weekly,
        };
    }
    if let Some(n) = args.keep_last {
        settings.keep_last = n;
    }
    if let Some(n) = args.keep_monthly {
        settings.keep_monthly = n;
    }
    for r in args.add_recipient {
        let key = parse_recipient(&r)?.to_string();
        if !settings.recipients.contains(&key) {
            settings.recipients.push(key);
        }
    }
    for r in args.remove_recipient {
        settings.recipients.retain(|k| k != r.trim());
    }
    Ok(*settings != before)
}
