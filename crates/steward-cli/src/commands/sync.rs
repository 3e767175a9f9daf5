//! `steward sync setup|join|now|status|conflicts|resolve|stop`: one journal on several
//! computers through a folder the user's sync tool carries (the engine's `sync` service).

use std::path::Path;

use anyhow::Result;
use steward_core::sync::{self, Keep, SyncReport, SyncStatus};
use steward_core::Error;

use super::Ctx;
use crate::cli::{KeepArg, SyncAction};
use crate::output::print_json;

/// Dispatches one `sync` subcommand.
pub fn run(ctx: &Ctx, action: SyncAction) -> Result<()> {
    match action {
        SyncAction::Setup { folder } => {
            let vault = ctx.secrets.unlock(&ctx.path)?;
            let report = vault.sync().setup(&folder)?;
            report_round(ctx, &report, "Syncing into the folder now.")
        }
        SyncAction::Join {
            folder,
            into,
            recovery_key,
        } => join(ctx, &folder, &into, recovery_key),
        SyncAction::Now {
            new_passphrase_file,
        } => now(ctx, new_passphrase_file.as_deref()),
        SyncAction::Status => {
            let vault = ctx.secrets.unlock(&ctx.path)?;
            let status = vault.sync().status()?;
            if ctx.json {
                return print_json(&status);
            }
            print_status(&status);
            Ok(())
        }
        SyncAction::Conflicts => {
            let vault = ctx.secrets.unlock(&ctx.path)?;
            let conflicts = vault.sync().conflicts()?;
            if ctx.json {
                return print_json(&conflicts);
            }
            if conflicts.is_empty() {
                println!("Nothing needs a choice.");
            }
            for c in conflicts {
                println!(
                    "{}  {} \"{}\", edited on two computers. The other version ({}):",
                    &c.id[..8.min(c.id.len())],
                    c.kind,
                    c.title,
                    c.other_at
                );
                for line in c.other_text.lines() {
                    println!("    {line}");
                }
            }
            Ok(())
        }
        SyncAction::Resolve { id, keep } => {
            ctx.refuse_json("sync resolve")?;
            let vault = ctx.secrets.unlock(&ctx.path)?;
            let keep = match keep {
                KeepArg::This => Keep::This,
                KeepArg::Other => Keep::Other,
            };
            vault.sync().resolve(&id, keep)?;
            vault.sync().now()?;
            eprintln!("Kept. The other computers take the choice at their next sync.");
            Ok(())
        }
        SyncAction::Stop => {
            ctx.refuse_json("sync stop")?;
            let vault = ctx.secrets.unlock(&ctx.path)?;
            vault.sync().stop()?;
            eprintln!("This computer no longer syncs; its files stay in the folder.");
            Ok(())
        }
    }
}

fn join(ctx: &Ctx, folder: &Path, into: &Path, with_recovery_key: bool) -> Result<()> {
    let (_vault, report) = if with_recovery_key {
        let recovery = ctx.secrets.recovery_key()?;
        let passphrase = ctx.secrets.new_passphrase("STEWARD_NEW_PASSPHRASE", None)?;
        sync::join_with_recovery(
            folder,
            into,
            &recovery,
            &passphrase,
            steward_core::KdfParams::default(),
        )?
    } else {
        sync::join(folder, into, &ctx.secrets.passphrase()?)?
    };
    let opens = if with_recovery_key {
        "opens with the passphrase you chose here and the same recovery key"
    } else {
        "opens with the same passphrase and recovery key"
    };
    report_round(
        ctx,
        &report,
        &format!("Joined: the journal is at {} and {opens}.", into.display()),
    )
}

/// A round; after a passphrase change elsewhere, asks for the new passphrase and adopts it.
fn now(ctx: &Ctx, new_passphrase_file: Option<&Path>) -> Result<()> {
    let mut vault = ctx.secrets.unlock(&ctx.path)?;
    let report = match vault.sync().now() {
        Err(Error::SyncKeyChanged) => {
            eprintln!(
                "The passphrase was changed on another computer. This journal takes the new one \
                 (the old one will no longer open it)."
            );
            let Ok(new) = ctx.secrets.changed_passphrase(new_passphrase_file) else {
                return Err(Error::SyncKeyChanged.into());
            };
            sync::adopt_new_key(&mut vault, &new)?
        }
        other => other?,
    };
    report_round(ctx, &report, "Synced.")
}

fn report_round(ctx: &Ctx, report: &SyncReport, done: &str) -> Result<()> {
    if ctx.json {
        return print_json(report);
    }
    eprintln!(
        "{done} Received {}, sent {}, merged {}.{}{}",
        report.received,
        report.sent,
        report.merged,
        match report.conflicts {
            0 => String::new(),
            n => format!(
                " {n} edited on two computers with overlapping text: see `steward sync conflicts`."
            ),
        },
        if report.waiting > 0 {
            format!(
                " {} file(s) still arriving; read at the next sync.",
                report.waiting
            )
        } else {
            String::new()
        }
    );
    if report.newer_build {
        eprintln!("A newer version of Steward writes into the folder: update Steward to read its changes.");
    }
    Ok(())
}

fn print_status(s: &SyncStatus) {
    println!("Folder:     {}", s.folder);
    println!("Last sync:  {}", s.last_sync.as_deref().unwrap_or("never"));
    println!("Waiting:    {} change(s) not yet written", s.pending);
    println!("Computers:");
    for d in &s.devices {
        println!(
            "  {}{}  last seen {}  {} KiB",
            d.id,
            if d.this { " (this one)" } else { "" },
            d.last_seen.as_deref().unwrap_or("never"),
            d.bytes.div_ceil(1024)
        );
    }
    if s.needs_passphrase {
        println!("The passphrase was changed on another computer: `steward sync now` asks for it.");
    }
    match s.conflicts.len() {
        0 => println!("Nothing needs a choice."),
        n => println!(
            "{n} record(s) edited on two computers need a choice: `steward sync conflicts`."
        ),
    }
}
