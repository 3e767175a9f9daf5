//! What the CLI prints: entries as lines or one whole entry, JSON, a backup's summary, the
//! recovery key banner, and the damaged-entries report (exit 4 after printing the rest).

use std::io::Write;

use anyhow::Result;
use chrono::{DateTime, FixedOffset, Local};
use steward_core::{Entry, ExposeSecret, RecoveryKey};

/// Prints a new journal's recovery key once, under `heading`, in the same framed way
/// wherever one is shown (`init`, `backup restore`).
pub fn recovery_key_banner(heading: &str, recovery: &RecoveryKey) {
    println!("{heading}");
    println!();
    println!("    {}", recovery.display().expose_secret());
    println!();
}

pub fn backup_summary(file: &std::path::Path, s: &steward_core::backup::BackupSummary) {
    println!(
        "{} is a good backup, exported {}.",
        file.display(),
        steward_core::stamp::format(&s.exported_at)
    );
    println!(
        "  {} entries{}, {} relationships, {} reflections{}, {} settings",
        s.counts.entries,
        match (&s.first_entry, &s.last_entry) {
            (Some(a), Some(b)) =>
                format!(" ({} to {})", a.format("%Y-%m-%d"), b.format("%Y-%m-%d")),
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

pub fn short_id(id: &str) -> &str {
    &id[..8.min(id.len())]
}

pub fn local_time(t: &DateTime<FixedOffset>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}

pub fn display_title(entry: &Entry) -> String {
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

pub fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

pub fn print_entries(entries: &[&Entry], json: bool) -> Result<()> {
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

pub fn print_entry(e: &Entry, people: &[&str]) {
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
    if !people.is_empty() {
        println!("about: {}", people.join(", "));
    }
    println!();
    println!("{}", e.body.trim_end());
}

/// Entries that did not decrypt are reported, and the command fails with exit 4 after
/// printing the ones that did.
pub fn report_damaged(damaged: &[String]) -> Result<()> {
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
