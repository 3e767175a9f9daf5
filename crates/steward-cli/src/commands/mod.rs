//! One module per subcommand. [`run`] dispatches; each command takes its parsed arguments
//! and the shared [`Ctx`] (journal path, passphrase sources, `--json`), calls the engine
//! and prints through [`crate::output`].

mod backup;
mod backup_auto;
mod decide;
mod entries;
mod export;
mod import;
mod init;
mod lookback;
mod passwd;
mod reflect;
mod sync;
mod trends;

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::cli::{Cli, Command};
use crate::input::{asked_tag, asked_title, asked_words, Secrets, UsageError};

/// What every command shares.
pub struct Ctx {
    /// The journal file.
    pub path: PathBuf,
    /// Where passphrases come from.
    pub secrets: Secrets,
    /// `--json` was given.
    pub json: bool,
}

impl Ctx {
    /// Refuses `--json` for a command (or mode) that has no JSON output, instead of
    /// silently printing text.
    pub fn refuse_json(&self, what: &str) -> Result<()> {
        if self.json {
            return Err(UsageError(format!("--json is not available for {what}")).into());
        }
        Ok(())
    }
}

fn vault_path(cli: &Cli) -> Result<PathBuf> {
    match &cli.vault {
        Some(p) => Ok(p.clone()),
        None => steward_core::default_vault_path()
            .context("no data folder is known for this user; pass --vault PATH"),
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let ctx = Ctx {
        path: vault_path(&cli)?,
        secrets: Secrets::new(cli.passphrase_file.clone()),
        json: cli.json,
    };
    match cli.command {
        Command::Init {
            kdf_memory_mib,
            kdf_iterations,
            kdf_parallelism,
        } => init::run(&ctx, kdf_memory_mib, kdf_iterations, kdf_parallelism),
        Command::Add {
            title,
            tags,
            date,
            people,
        } => {
            // Asked in the order the flags are listed: title, tags, people.
            let title = asked_title(title)?;
            entries::add(&ctx, title, entries::Labels::asked(tags, people)?, date)
        }
        Command::List { from, to, tag } => entries::list(&ctx, from, to, asked_tag(tag)?),
        Command::Show { id } => entries::show(&ctx, &id),
        Command::Edit {
            id,
            title,
            tags,
            clear_tags,
            date,
            people,
            clear_people,
        } => {
            let title = asked_title(title)?;
            let labels = entries::Labels::asked(tags, people)?;
            entries::edit(&ctx, &id, title, labels, (clear_tags, clear_people), date)
        }
        Command::Delete { id, yes } => entries::delete(&ctx, &id, yes),
        Command::Search {
            query,
            exact,
            reflections: false,
        } => entries::search(&ctx, &asked_words(query)?, exact),
        Command::Search { query, exact, .. } => {
            entries::search_reflections(&ctx, &asked_words(query)?, exact)
        }
        Command::Passwd {
            recovery,
            new_passphrase_file,
            keep_recovery_key,
        } => passwd::run(&ctx, recovery, new_passphrase_file, keep_recovery_key),
        Command::RotateKeys { keep_recovery_key } => passwd::rotate(&ctx, keep_recovery_key),
        Command::Reflect {
            week,
            from_json,
            status,
            show,
            calendar,
        } => reflect::run(&ctx, week, from_json, status, show, calendar),
        Command::Trends { from, to } => trends::run(&ctx, from, to),
        Command::Backup {
            action,
            backup_passphrase_file,
        } => backup::run(&ctx, action, backup_passphrase_file),
        Command::Export {
            format,
            path,
            yes,
            record,
        } => export::run(&ctx, format, &path, yes, &record),
        Command::Import { format, file } => import::run(&ctx, format, &file),
        Command::OnThisDay { date } => lookback::on_this_day(&ctx, date),
        Command::Review {
            quarter,
            year,
            learned,
            differently,
        } => lookback::review(&ctx, quarter, year, learned, differently),
        Command::Decide { from_json, review } => {
            decide::decide(&ctx, from_json.as_deref(), review.as_deref())
        }
        Command::Decisions { due } => decide::list(&ctx, due),
        Command::Sync { action } => sync::run(&ctx, action),
    }
}
