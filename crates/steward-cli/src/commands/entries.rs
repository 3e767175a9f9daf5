//! The entry commands: `add`, `list`, `show`, `edit`, `delete`, `search`.

use std::io::IsTerminal;

use anyhow::{bail, Result};
use steward_core::{EntryFilter, EntryUpdate, NewEntry, Query};

use super::Ctx;
use crate::input::{self, parse_date_bound, parse_entry_date};
use crate::output::{
    display_title, local_time, print_entries, print_entry, print_json, report_damaged, short_id,
};

/// `steward add`: the text from stdin, or $EDITOR on a terminal.
pub fn add(
    ctx: &Ctx,
    title: Option<String>,
    tags: Vec<String>,
    date: Option<String>,
) -> Result<()> {
    let created_at = date.as_deref().map(parse_entry_date).transpose()?;
    let body = input::read_text("", "entry")?;
    let vault = ctx.secrets.unlock(&ctx.path)?;
    let entry = vault.entries().add(NewEntry {
        title: title.unwrap_or_default(),
        body: body.trim_end().to_string(),
        tags,
        created_at,
        ..NewEntry::default()
    })?;
    if ctx.json {
        return print_json(&entry);
    }
    println!(
        "Saved entry {} ({})",
        short_id(&entry.id),
        local_time(&entry.created_at)
    );
    Ok(())
}

/// `steward list`.
pub fn list(
    ctx: &Ctx,
    from: Option<String>,
    to: Option<String>,
    tag: Option<String>,
) -> Result<()> {
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
    let vault = ctx.secrets.unlock(&ctx.path)?;
    let listing = vault.entries().list(&filter)?;
    print_entries(&listing.entries.iter().collect::<Vec<_>>(), ctx.json)?;
    report_damaged(&listing.damaged)
}

/// `steward show ID`.
pub fn show(ctx: &Ctx, id: &str) -> Result<()> {
    let vault = ctx.secrets.unlock(&ctx.path)?;
    let entry = vault.entries().get(id)?;
    if ctx.json {
        return print_json(&entry);
    }
    print_entry(&entry);
    Ok(())
}

/// `steward edit ID`: new text from stdin or $EDITOR; flags change the rest.
pub fn edit(
    ctx: &Ctx,
    id: &str,
    title: Option<String>,
    tags: Vec<String>,
    clear_tags: bool,
    date: Option<String>,
) -> Result<()> {
    let created_at = date.as_deref().map(parse_entry_date).transpose()?;
    let vault = ctx.secrets.unlock(&ctx.path)?;
    let current = vault.entries().get(id)?;
    let has_flags = title.is_some() || !tags.is_empty() || clear_tags || created_at.is_some();
    let body = input::read_edit(&current.body, has_flags)?;
    let tags = match (clear_tags, tags.is_empty()) {
        (true, _) => Some(Vec::new()),
        (false, true) => None,
        (false, false) => Some(tags),
    };
    let update = EntryUpdate {
        title,
        body: body.map(|b| b.trim_end().to_string()),
        tags,
        created_at,
    };
    let entry = vault
        .entries()
        .update(&current.id, update, Some(current.version))?;
    if ctx.json {
        return print_json(&entry);
    }
    println!(
        "Saved entry {} (version {})",
        short_id(&entry.id),
        entry.version
    );
    Ok(())
}

/// `steward delete ID` (asks first on a terminal, unless `--yes`).
pub fn delete(ctx: &Ctx, id: &str, yes: bool) -> Result<()> {
    let vault = ctx.secrets.unlock(&ctx.path)?;
    let entry = vault.entries().get(id)?;
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
    if ctx.json {
        return print_json(&serde_json::json!({"deleted": id}));
    }
    println!("Deleted entry {}", short_id(&id));
    Ok(())
}

/// `steward search [--exact] WORDS…`: the rows are read while the KDF runs, then scanned
/// on all cores.
pub fn search(ctx: &Ctx, words: &[String], exact: bool) -> Result<()> {
    let query = Query::parse_with(&words.join(" "), exact);
    let locked = crate::input::open_vault(&ctx.path)?;
    let (vault, rows) = locked.unlock_with_rows(&ctx.secrets.passphrase()?)?;
    let found = vault.entries().scan_rows(rows, &query)?;
    print_entries(&found.entries.iter().collect::<Vec<_>>(), ctx.json)?;
    report_damaged(&found.damaged)
}
