//! `steward`: the command-line face of the journal, a thin adapter over `steward-core`.
//!
//! Each subcommand parses its arguments, gets the passphrase from the documented sources,
//! calls one or two engine functions and prints the result (text, or JSON with `--json`).
//! Errors print as one line on stderr and map to the exit codes documented in the README.

mod input;
mod reflect;
mod trends;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use chrono::{DateTime, FixedOffset, Local};
use clap::{Parser, Subcommand, ValueEnum};
use steward_core::{
    Entry, EntryFilter, EntryUpdate, ExposeSecret, KdfParams, LockedVault, NewEntry, Query, Vault,
    Week,
};

use input::{parse_date_bound, parse_entry_date, Secrets, UsageError};

/// Steward — a private, encrypted reflection journal for people who lead others.
#[derive(Parser)]
#[command(name = "steward", version, about, long_about = None)]
#[command(
    after_help = "Passphrase: STEWARD_PASSPHRASE, or --passphrase-file FILE, else a prompt on the terminal.\n\
Exit codes: 0 ok, 1 other error, 2 usage, 3 wrong passphrase or key, 4 damaged or tampered data,\n\
5 journal from a newer Steward, 6 not found, 7 invalid input, 8 disk full."
)]
struct Cli {
    /// The journal file [default: the OS data folder, e.g. ~/.local/share/steward/journal.steward]
    #[arg(long, global = true, env = "STEWARD_VAULT", value_name = "PATH")]
    vault: Option<PathBuf>,

    /// Read the passphrase from the first line of FILE
    #[arg(long, global = true, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,

    /// Print machine-readable JSON
    #[arg(long, global = true)]
    json: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new journal and print its recovery key (once)
    Init {
        /// Argon2id memory in MiB (at least 8)
        #[arg(long, default_value_t = 64, value_name = "MIB")]
        kdf_memory_mib: u32,
        /// Argon2id passes (at least 1)
        #[arg(long, default_value_t = 3, value_name = "N")]
        kdf_iterations: u32,
        /// Argon2id lanes (computed on all cores)
        #[arg(long, default_value_t = 4, value_name = "N")]
        kdf_parallelism: u32,
    },
    /// Write an entry: the text comes from stdin, or from $EDITOR on a terminal
    Add {
        /// Title of the entry
        #[arg(long)]
        title: Option<String>,
        /// A tag (repeat for several)
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// When it was written: RFC 3339, "YYYY-MM-DD HH:MM" or YYYY-MM-DD (local time) [default: now]
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// List entries, newest first
    List {
        /// From this day (YYYY-MM-DD, local) or instant (RFC 3339), inclusive
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Up to this day (inclusive) or instant (exclusive)
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Only entries with this tag
        #[arg(long, value_name = "TAG")]
        tag: Option<String>,
    },
    /// Show one entry (ID or a unique prefix of at least 4 characters)
    Show { id: String },
    /// Change an entry: new text from stdin, or $EDITOR on a terminal; flags change the rest
    Edit {
        id: String,
        /// New title
        #[arg(long)]
        title: Option<String>,
        /// Replace the tags (repeat for several)
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Remove all tags
        #[arg(long, conflicts_with = "tags")]
        clear_tags: bool,
        /// New date
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// Delete an entry (asks first on a terminal)
    Delete {
        id: String,
        /// Do not ask for confirmation
        #[arg(long, short)]
        yes: bool,
    },
    /// Find entries containing every word (use "quotes" for a phrase), newest first
    Search {
        /// Words to find (case-insensitive)
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
    },
    /// Change the passphrase (the entries are not re-encrypted)
    Passwd {
        /// Unlock with the recovery key instead of the current passphrase
        #[arg(long)]
        recovery: bool,
        /// Read the new passphrase from the first line of FILE (else STEWARD_NEW_PASSPHRASE, else a prompt)
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// The weekly reflection: asked question by question, or saved from reflection JSON
    Reflect {
        /// The week, e.g. 2026-W47 [default: this week]
        #[arg(long, value_name = "WEEK")]
        week: Option<String>,
        /// Save the reflection JSON in FILE ("-" for stdin) instead of asking; it is
        /// finished when complete, else kept as a draft
        #[arg(long, value_name = "FILE")]
        from_json: Option<PathBuf>,
        /// Print where the weekly reflection stands (due, missed weeks, streak); change nothing
        #[arg(long, conflicts_with = "from_json")]
        status: bool,
        /// Print the week's reflection; change nothing
        #[arg(long, conflicts_with_all = ["from_json", "status"])]
        show: bool,
    },
    /// Trends over a date range: the authority/trust gap per relationship, strength source,
    /// follow-through, trust account, completion, writing
    Trends {
        /// First day (YYYY-MM-DD) [default: the beginning]
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day, inclusive [default: today]
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
    /// Encrypted backups (age files you own: `age -d FILE` opens them with the passphrase)
    Backup {
        #[command(subcommand)]
        action: BackupAction,
        /// Read the backup passphrase from the first line of FILE (else
        /// STEWARD_BACKUP_PASSPHRASE, else a prompt)
        #[arg(long, global = true, value_name = "FILE")]
        backup_passphrase_file: Option<PathBuf>,
    },
    /// Write the journal UNENCRYPTED as Markdown files (into a new folder) or one JSON file
    Export {
        /// markdown: a folder of .md files; json: the backup document, unencrypted
        #[arg(long, value_enum)]
        format: ExportFormat,
        path: PathBuf,
        /// Confirm that a plaintext copy is wanted (needed without a terminal)
        #[arg(long)]
        yes: bool,
    },
    /// Import entries and weekly reflections from a file ("-" for stdin); all or nothing
    Import {
        /// Format of FILE
        #[arg(long, value_enum)]
        format: ImportFormat,
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum BackupAction {
    /// Write everything in the journal to FILE, encrypted with a backup passphrase
    Export { file: PathBuf },
    /// Decrypt FILE and check every record; report what it holds
    Verify { file: PathBuf },
    /// Create a new journal at PATH from FILE (asks for the new journal's passphrase)
    Restore {
        file: PathBuf,
        /// Where the new journal goes (must not exist)
        #[arg(long, value_name = "PATH")]
        into: PathBuf,
        /// Read the new journal's passphrase from the first line of FILE (else
        /// STEWARD_NEW_PASSPHRASE, else a prompt)
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Merge FILE into the journal by id (newer local records are kept; running it twice
    /// changes nothing)
    Import { file: PathBuf },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    /// One .md file per entry and per weekly reflection
    Markdown,
    /// The backup document as plain JSON
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ImportFormat {
    /// One JSON object per line (see the README)
    Jsonl,
    /// jrnl's JSON export (`jrnl --export json > FILE`)
    Jrnl,
    /// Day One's JSON export: the .zip, the folder it extracts to, or a journal's .json
    Dayone,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "steward: {err:#}");
            ExitCode::from(exit_code(&err))
        }
    }
}

/// Maps an error to the documented exit code.
fn exit_code(err: &anyhow::Error) -> u8 {
    use steward_core::Error as E;
    for cause in err.chain() {
        if cause.downcast_ref::<UsageError>().is_some() {
            return 2;
        }
        if let Some(e) = cause.downcast_ref::<E>() {
            return e.exit_code();
        }
    }
    1
}

fn vault_path(cli: &Cli) -> Result<PathBuf> {
    match &cli.vault {
        Some(p) => Ok(p.clone()),
        None => steward_core::default_vault_path()
            .context("no data folder is known for this user; pass --vault PATH"),
    }
}

fn run(cli: Cli) -> Result<()> {
    let path = vault_path(&cli)?;
    let secrets = Secrets::new(cli.passphrase_file.clone());
    let json = cli.json;
    match cli.command {
        Command::Init {
            kdf_memory_mib,
            kdf_iterations,
            kdf_parallelism,
        } => {
            let params = KdfParams::new(
                kdf_memory_mib.saturating_mul(1024),
                kdf_iterations,
                kdf_parallelism,
            )?;
            if path.exists() {
                return Err(steward_core::Error::VaultExists { path }.into());
            }
            let passphrase =
                secrets.new_passphrase("STEWARD_PASSPHRASE", cli.passphrase_file.as_deref())?;
            let (vault, recovery) = Vault::create(&path, &passphrase, params)?;
            let key = recovery.display();
            if json {
                println!(
                    "{}",
                    serde_json::json!({"vault": vault.path(), "recovery_key": key.expose_secret()})
                );
            } else {
                println!("Created the journal at {}", vault.path().display());
                println!();
                println!("Recovery key (shown once — write it down and keep it somewhere safe):");
                println!();
                println!("    {}", key.expose_secret());
                println!();
                println!("It unlocks the journal and sets a new passphrase if you forget yours:");
                println!("    steward passwd --recovery");
            }
        }
        Command::Add { title, tags, date } => {
            let created_at = date.as_deref().map(parse_entry_date).transpose()?;
            let body = input::read_text("", "entry")?;
            let vault = secrets.unlock(&path)?;
            let entry = vault.entries().add(NewEntry {
                title: title.unwrap_or_default(),
                body: body.trim_end().to_string(),
                tags,
                created_at,
                ..NewEntry::default()
            })?;
            if json {
                print_json(&entry)?;
            } else {
                println!(
                    "Saved entry {} ({})",
                    short_id(&entry.id),
                    local_time(&entry.created_at)
                );
            }
        }
        Command::List { from, to, tag } => {
            let filter = EntryFilter {
                from: from
                    .as_deref()
                    .map(|d| parse_date_bound(d, false))
                    .transpose()?,
                until: to
                    .as_deref()
                    .map(|d| parse_date_bound(d, true))
                    .transpose()?,
                tag,
            };
            let vault = secrets.unlock(&path)?;
            let listing = vault.entries().list(&filter)?;
            print_entries(&listing.entries.iter().collect::<Vec<_>>(), json)?;
            report_damaged(&listing.damaged)?;
        }
        Command::Show { id } => {
            let vault = secrets.unlock(&path)?;
            let entry = vault.entries().get(&id)?;
            if json {
                print_json(&entry)?;
            } else {
                print_entry(&entry);
            }
        }
        Command::Edit {
            id,
            title,
            tags,
            clear_tags,
            date,
        } => {
            let created_at = date.as_deref().map(parse_entry_date).transpose()?;
            let vault = secrets.unlock(&path)?;
            let current = vault.entries().get(&id)?;
            let has_flags =
                title.is_some() || !tags.is_empty() || clear_tags || created_at.is_some();
            let body = input::read_edit(&current.body, has_flags)?;
            let update = EntryUpdate {
                title,
                body: body.map(|b| b.trim_end().to_string()),
                tags: if clear_tags {
                    Some(Vec::new())
                } else if tags.is_empty() {
                    None
                } else {
                    Some(tags)
                },
                created_at,
            };
            let entry = vault
                .entries()
                .update(&current.id, update, Some(current.version))?;
            if json {
                print_json(&entry)?;
            } else {
                println!(
                    "Saved entry {} (version {})",
                    short_id(&entry.id),
                    entry.version
                );
            }
        }
        Command::Delete { id, yes } => {
            let vault = secrets.unlock(&path)?;
            let entry = vault.entries().get(&id)?;
            if !yes && std::io::stdin().is_terminal() {
                eprint!(
                    "Delete \"{}\" from {}? This cannot be undone. [y/N] ",
                    display_title(&entry),
                    local_time(&entry.created_at)
                );
                let mut answer = String::new();
                std::io::stdin().read_line(&mut answer)?;
                if !matches!(answer.trim(), "y" | "Y" | "yes") {
                    bail!("not deleted");
                }
            }
            let id = vault.entries().delete(&entry.id)?;
            if json {
                println!("{}", serde_json::json!({"deleted": id}));
            } else {
                println!("Deleted entry {}", short_id(&id));
            }
        }
        Command::Search { query } => {
            let query = Query::parse(&query.join(" "));
            let locked = LockedVault::open(&path)?;
            let (vault, rows) = locked.unlock_with_rows(&secrets.passphrase()?)?;
            let found = vault.entries().scan_rows(rows, &query)?;
            print_entries(&found.entries.iter().collect::<Vec<_>>(), json)?;
            report_damaged(&found.damaged)?;
        }
        Command::Passwd {
            recovery,
            new_passphrase_file,
        } => {
            let locked = LockedVault::open(&path)?;
            let vault = if recovery {
                locked.unlock_with_recovery(&secrets.recovery_key()?)?
            } else {
                locked.unlock(&secrets.passphrase()?)?
            };
            let new =
                secrets.new_passphrase("STEWARD_NEW_PASSPHRASE", new_passphrase_file.as_deref())?;
            vault.change_passphrase(&new, KdfParams::default())?;
            if json {
                println!("{}", serde_json::json!({"changed": true}));
            } else {
                println!("Passphrase changed. The old one no longer opens this journal.");
            }
        }
        Command::Reflect {
            week,
            from_json,
            status,
            show,
        } => {
            let vault = secrets.unlock(&path)?;
            let now = Local::now();
            let schedule = vault.status().schedule()?;
            let current = schedule.week_of(&now);
            let week = match &week {
                Some(w) => w.parse::<Week>().context("--week")?,
                None => current,
            };
            if status {
                let st = vault.status().week_status(&now)?;
                let previous = if st.completed {
                    None
                } else {
                    vault.reflections().previous_step(st.week)?
                };
                if json {
                    print_json(&serde_json::json!({"status": st, "follow_up_of": previous}))?;
                } else {
                    reflect::print_status(&st, previous.as_ref());
                }
            } else if show {
                let names = reflect::relationship_names(&vault)?;
                let r = vault.reflections().get(week)?.ok_or_else(|| {
                    steward_core::Error::NotFound {
                        kind: "reflection for week",
                        id: week.to_string(),
                    }
                })?;
                if json {
                    print_json(&steward_core::reflections::reflection_doc_json(&r, &names))?;
                } else {
                    reflect::print_reflection(&r, &names);
                }
            } else if let Some(file) = from_json {
                let text = if file.as_os_str() == "-" {
                    std::io::read_to_string(std::io::stdin()).context("reading stdin")?
                } else {
                    std::fs::read_to_string(&file)
                        .with_context(|| format!("cannot read {}", file.display()))?
                };
                let mut value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
                    steward_core::Error::InvalidInput(format!("not valid JSON ({e})"))
                })?;
                if let Some(map) = value.as_object_mut() {
                    map.entry("week")
                        .or_insert_with(|| serde_json::Value::String(week.to_string()));
                }
                let doc = steward_core::reflections::parse_reflection_doc(value)
                    .map_err(steward_core::Error::InvalidInput)?;
                let (saved, missing) = vault.reflections().save_doc(doc, current)?;
                if json {
                    print_json(&serde_json::json!({
                        "week": saved.week, "completed": saved.is_completed(), "missing": missing,
                    }))?;
                } else if missing.is_empty() {
                    println!("Reflection {} saved and finished.", saved.week);
                } else {
                    println!(
                        "Reflection {} saved as a draft; to finish it, answer: {}",
                        saved.week,
                        missing.join(", ")
                    );
                }
            } else {
                let stdin = std::io::stdin();
                let mut prompter = reflect::Prompter::new(stdin.lock(), std::io::stdout());
                let saved = reflect::interactive(&vault, week, current, &mut prompter)?;
                println!("\nReflection {} finished. See you next week.", saved.week);
            }
        }
        Command::Trends { from, to } => {
            let from = from
                .as_deref()
                .map(|d| input::parse_day("--from", d))
                .transpose()?;
            let to = to
                .as_deref()
                .map(|d| input::parse_day("--to", d))
                .transpose()?;
            if let (Some(f), Some(t)) = (from, to) {
                if f > t {
                    return Err(UsageError(format!("--from {f} is after --to {t}")).into());
                }
            }
            let vault = secrets.unlock(&path)?;
            let listing = vault.entries().list(&EntryFilter::default())?;
            let stats: Vec<steward_core::EntryStat> = listing
                .entries
                .iter()
                .map(steward_core::EntryStat::of)
                .collect();
            let trends = vault.review().trends(&Local::now(), &stats, from, to)?;
            if json {
                print_json(&trends)?;
            } else {
                trends::print(&trends);
            }
            report_damaged(&listing.damaged)?;
        }
        Command::Backup {
            action,
            backup_passphrase_file,
        } => {
            let bfile = backup_passphrase_file.as_deref();
            match action {
                BackupAction::Export { file } => {
                    let vault = secrets.unlock(&path)?;
                    let pass = secrets.backup_passphrase(bfile, true)?;
                    let summary = vault.backups().export(
                        &file,
                        &pass,
                        steward_core::backup::BackupOptions::default(),
                    )?;
                    if json {
                        print_json(&serde_json::json!({"file": file, "summary": summary}))?;
                    } else {
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
                    }
                }
                BackupAction::Verify { file } => {
                    let pass = secrets.backup_passphrase(bfile, false)?;
                    let summary = steward_core::backup::verify_backup(&file, &pass)?;
                    if json {
                        print_json(&summary)?;
                    } else {
                        backup_summary(&file, &summary);
                    }
                }
                BackupAction::Restore {
                    file,
                    into,
                    new_passphrase_file,
                } => {
                    if into.exists() {
                        return Err(steward_core::Error::VaultExists { path: into }.into());
                    }
                    let pass = secrets.backup_passphrase(bfile, false)?;
                    let new = secrets
                        .new_passphrase("STEWARD_NEW_PASSPHRASE", new_passphrase_file.as_deref())?;
                    let (vault, recovery, summary) = steward_core::backup::restore_backup(
                        &file,
                        &pass,
                        &into,
                        &new,
                        KdfParams::default(),
                    )?;
                    let key = recovery.display();
                    if json {
                        print_json(&serde_json::json!({
                            "vault": vault.path(), "recovery_key": key.expose_secret(), "summary": summary,
                        }))?;
                    } else {
                        backup_summary(&file, &summary);
                        println!("Restored into {}.", vault.path().display());
                        println!();
                        println!("Recovery key of the new journal (shown once — write it down):");
                        println!();
                        println!("    {}", key.expose_secret());
                        println!();
                    }
                }
                BackupAction::Import { file } => {
                    let vault = secrets.unlock(&path)?;
                    let pass = secrets.backup_passphrase(bfile, false)?;
                    let report = vault.backups().import(&file, &pass)?;
                    if json {
                        print_json(&report)?;
                    } else {
                        for (what, c) in [
                            ("entries", report.entries),
                            ("relationships", report.relationships),
                            ("reflections", report.reflections),
                            ("settings", report.settings),
                        ] {
                            println!(
                                "{what}: {} added, {} updated, {} unchanged, {} kept (newer here)",
                                c.added, c.updated, c.unchanged, c.kept_local
                            );
                        }
                    }
                }
            }
        }
        Command::Export {
            format,
            path: out,
            yes,
        } => {
            if !yes && !std::io::stdin().is_terminal() {
                return Err(UsageError(
                    "a plaintext export needs --yes to confirm (no terminal to ask on)".into(),
                )
                .into());
            }
            eprintln!(
                "Warning: this writes your journal UNENCRYPTED to {}. Anyone who can read that {} can read everything you wrote. For a copy you keep, use `steward backup export` instead.",
                out.display(),
                if matches!(format, ExportFormat::Markdown) { "folder" } else { "file" }
            );
            if !yes {
                eprint!("Type yes to continue: ");
                let mut answer = String::new();
                std::io::stdin().read_line(&mut answer)?;
                if answer.trim() != "yes" {
                    bail!("nothing was written");
                }
            }
            let vault = secrets.unlock(&path)?;
            match format {
                ExportFormat::Json => {
                    let summary = vault.exports().json(&out)?;
                    println!(
                        "Wrote {} ({} entries, {} reflections), unencrypted.",
                        out.display(),
                        summary.counts.entries,
                        summary.counts.reflections
                    );
                }
                ExportFormat::Markdown => {
                    let (entries, reflections) = vault.exports().markdown(&out)?;
                    println!(
                        "Wrote {entries} entries and {reflections} reflections as Markdown under {}, unencrypted.",
                        out.display()
                    );
                }
            }
        }
        Command::Import { format, file } => {
            let open_reader = || -> Result<Box<dyn std::io::BufRead>> {
                Ok(if file.as_os_str() == "-" {
                    Box::new(std::io::BufReader::new(std::io::stdin()))
                } else {
                    let f = std::fs::File::open(&file)
                        .with_context(|| format!("cannot open {}", file.display()))?;
                    Box::new(std::io::BufReader::new(f))
                })
            };
            let batch = match format {
                ImportFormat::Jsonl => steward_core::import::parse_jsonl(open_reader()?)?,
                ImportFormat::Jrnl => steward_core::import::parse_jrnl_json(open_reader()?)?,
                ImportFormat::Dayone => steward_core::import::parse_dayone(&file)?,
            };
            let vault = secrets.unlock(&path)?;
            let report = vault.imports().save(batch)?;
            if json {
                print_json(&report)?;
            } else {
                println!(
                    "Imported {} entries ({} already there, left unchanged) and {} weekly reflections",
                    report.added, report.skipped_existing, report.reflections_added
                );
            }
        }
    }
    Ok(())
}

fn backup_summary(file: &std::path::Path, s: &steward_core::backup::BackupSummary) {
    println!(
        "{} is a good backup, exported {}.",
        file.display(),
        s.exported_at
    );
    println!(
        "  {} entries{}, {} relationships, {} reflections{}, {} settings",
        s.counts.entries,
        match (&s.first_entry, &s.last_entry) {
            (Some(a), Some(b)) =>
                format!(" ({} to {})", &a[..10.min(a.len())], &b[..10.min(b.len())]),
            _ => String::new(),
        },
        s.counts.relationships,
        s.counts.reflections,
        match (&s.first_week, &s.last_week) {
            (Some(a), Some(b)) => format!(" ({a} to {b})"),
            _ => String::new(),
        },
        s.counts.settings
    );
}

fn short_id(id: &str) -> &str {
    &id[..8.min(id.len())]
}

fn local_time(t: &DateTime<FixedOffset>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}

fn display_title(entry: &Entry) -> String {
    if !entry.title.trim().is_empty() {
        return entry.title.trim().to_string();
    }
    let first = entry
        .body
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let mut words: String = first.chars().take(60).collect();
    if first.chars().count() > 60 {
        words.push('…');
    }
    words
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

fn print_entries(entries: &[&Entry], json: bool) -> Result<()> {
    if json {
        return print_json(&entries);
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for e in entries {
        let tags = if e.tags.is_empty() {
            String::new()
        } else {
            format!("  [{}]", e.tags.join(", "))
        };
        writeln!(
            out,
            "{}  {}  {}{}",
            local_time(&e.created_at),
            short_id(&e.id),
            display_title(e),
            tags
        )?;
    }
    out.flush()?;
    Ok(())
}

fn print_entry(e: &Entry) {
    println!("{}", display_title(e));
    println!(
        "{}  ·  {}  ·  version {}",
        local_time(&e.created_at),
        e.id,
        e.version
    );
    if !e.tags.is_empty() {
        println!("tags: {}", e.tags.join(", "));
    }
    println!();
    println!("{}", e.body.trim_end());
}

/// Entries that did not decrypt are reported, and the command fails with exit 4 after
/// printing the ones that did.
fn report_damaged(damaged: &[String]) -> Result<()> {
    if damaged.is_empty() {
        return Ok(());
    }
    Err(steward_core::Error::Tampered {
        what: format!(
            "{} entr{} ({})",
            damaged.len(),
            if damaged.len() == 1 { "y" } else { "ies" },
            damaged.join(", ")
        ),
    }
    .into())
}
