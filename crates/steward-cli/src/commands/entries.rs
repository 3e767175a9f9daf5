//! The entry commands: `add`, `list`, `show`, `edit`, `delete`, `search`.

use std::io::IsTerminal;

use anyhow::{bail, Result};
use steward_core::{EntryFilter, EntryUpdate, NewEntry, Query, Vault};

use super::Ctx;
use crate::input::{self, parse_date_bound, parse_entry_date};
use crate::output::{
    display_title, local_time, print_entries, print_entry, print_json, report_damaged, short_id,
};

/// The tags and the people (relationships' names) given with `--tag` and `--person`.
pub struct Labels {
    pub tags: Vec<String>,
    pub people: Vec<String>,
}

impl Labels {
    /// The flags' values, each `-` asked at a prompt (tags first, as the flags are listed).
    pub fn asked(tags: Vec<String>, people: Vec<String>) -> Result<Self> {
        Ok(Labels {
            tags: input::asked_tags(tags)?,
            people: input::asked_people(people)?,
        })
    }
}

/// The ids of the relationships named `names` (ignoring case and spacing); a new name
/// becomes a new relationship, as in `reflect`.
fn people_ids(vault: &Vault, names: &[String]) -> Result<Vec<String>> {
    let rels = vault.relationships();
    let found: steward_core::Result<Vec<String>> = names
        .iter()
        .map(|n| rels.find_or_create(n).map(|r| r.id))
        .collect();
    Ok(found?)
}

/// `steward add`: the text from stdin, or $EDITOR on a terminal.
pub fn add(ctx: &Ctx, title: Option<String>, labels: Labels, date: Option<String>) -> Result<()> {
    let created_at = date.as_deref().map(parse_entry_date).transpose()?;
    let body = input::read_text("", "entry")?;
    let vault = ctx.secrets.unlock(&ctx.path)?;
    let people = people_ids(&vault, &labels.people)?;
    let entry = vault.entries().add(NewEntry {
        title: title.unwrap_or_default(),
        body: body.trim_end().to_string(),
        tags: labels.tags,
        people,
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
    let names = vault.relationships().names_by_id()?;
    let people: Vec<&str> = (entry.people.iter())
        .map(|id| names.get(id).map_or(id.as_str(), String::as_str))
        .collect();
    print_entry(&entry, &people);
    Ok(())
}

/// `steward edit ID`: new text from stdin or $EDITOR; flags change the rest.
pub fn edit(
    ctx: &Ctx,
    id: &str,
    title: Option<String>,
    labels: Labels,
    (clear_tags, clear_people): (bool, bool),
    date: Option<String>,
) -> Result<()> {
    let created_at = date.as_deref().map(parse_entry_date).transpose()?;
    let vault = ctx.secrets.unlock(&ctx.path)?;
    let current = vault.entries().get(id)?;
    let has_flags = title.is_some()
        || !labels.tags.is_empty()
        || !labels.people.is_empty()
        || clear_tags
        || clear_people
        || created_at.is_some();
    let body = input::read_edit(&current.body, has_flags)?;
    let replaced = |clear: bool, given: Vec<String>| match (clear, given.is_empty()) {
        (true, _) => Some(Vec::new()),
        (false, true) => None,
        (false, false) => Some(given),
    };
    let people = people_ids(&vault, &labels.people)?;
    let update = EntryUpdate {
        title,
        body: body.map(|b| b.trim_end().to_string()),
        tags: replaced(clear_tags, labels.tags),
        people: replaced(clear_people, people),
        created_at,
        ..EntryUpdate::default()
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

/// `steward search --reflections [--exact] WORDS…`: the weeks whose written answers hold
/// every word, newest first, each with an excerpt.
pub fn search_reflections(ctx: &Ctx, words: &[String], exact: bool) -> Result<()> {
    let query = Query::parse_with(&words.join(" "), exact);
    let vault = ctx.secrets.unlock(&ctx.path)?;
    let all = vault.reflections().list()?;
    let hits = steward_core::search::search_reflections(&query, &all);
    if ctx.json {
        return print_json(&hits);
    }
    if hits.is_empty() {
        println!("No weekly reflection holds that.");
    }
    for hit in &hits {
        println!("{}  {}", hit.week, hit.excerpt);
    }
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
