//! Parsing import files into entries and reflections, before anything is written: Steward's
//! JSONL, jrnl's JSON export and Day One's JSON export (zip, folder or file). Pure: no
//! vault here; saving a parsed batch is [`super::Imports::save`].
//!
//! The JSONL format (docs/DESIGN.md §6) is one JSON object per line: an entry
//! `{"id", "created_at" (RFC 3339), "kind": "daily"|"weekly"|"entry", "title", "body",
//! "tags": [...]}` or a weekly reflection `{"kind": "reflection", …}` in the reflection JSON
//! of docs/DESIGN.md §4. The whole file is parsed and checked first; the first line that does not
//! parse stops the import with its line number, and nothing is written. Blank lines are
//! skipped.

use std::collections::HashMap;
use std::io::BufRead;

use chrono::{DateTime, TimeZone};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::model::entry::{EntryKind, ImportOrigin, NewEntry};
use crate::reflections::json::parse_reflection_doc;
use crate::schedule::Week;

use super::ImportBatch;

/// [`ImportOrigin::source`] of jrnl entries.
pub(super) const JRNL_SOURCE: &str = "jrnl";
/// [`ImportOrigin::source`] of Day One entries whose id is not a UUID.
pub(super) const DAYONE_SOURCE: &str = "dayone";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryLine {
    id: Option<String>,
    created_at: Option<String>,
    kind: Option<String>,
    #[serde(default)]
    title: String,
    body: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    decision: Option<crate::model::decision::Decision>,
    #[serde(default)]
    review: Option<crate::model::decision::ReviewNote>,
}

/// Parses a JSONL import stream into entries and reflections, or the first bad line's
/// error.
pub fn parse_jsonl(reader: impl BufRead) -> Result<ImportBatch> {
    let mut out = ImportBatch::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut weeks: HashMap<Week, usize> = HashMap::new();
    for (index, line) in reader.lines().enumerate() {
        let number = index + 1;
        let line = line.map_err(|e| {
            if e.kind() == std::io::ErrorKind::InvalidData {
                Error::ImportLine {
                    line: number,
                    message: "not valid UTF-8".into(),
                }
            } else {
                Error::io("reading the import file", e)
            }
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let bad = |message: String| Error::ImportLine {
            line: number,
            message,
        };
        let value: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| bad(format!("not valid JSON ({e})")))?;
        if !value.is_object() {
            return Err(bad("expected a JSON object".into()));
        }
        if value.get("kind").and_then(|k| k.as_str()) == Some("reflection") {
            let doc = parse_reflection_doc(value).map_err(bad)?;
            if let Some(first) = weeks.insert(doc.week, number) {
                return Err(bad(format!(
                    "week: {} already appears on line {first}",
                    doc.week
                )));
            }
            out.reflections.push((number, doc));
            continue;
        }
        let entry = entry_line(value).map_err(bad)?;
        if let Some(id) = &entry.id {
            if let Some(first) = seen.insert(id.clone(), number) {
                return Err(bad(format!("id {id} already appears on line {first}")));
            }
        }
        out.entries.push(entry);
    }
    Ok(out)
}

/// One entry line of a JSONL import, checked; the error is the line's message.
fn entry_line(value: serde_json::Value) -> std::result::Result<NewEntry, String> {
    let parsed: EntryLine = serde_json::from_value(value).map_err(|e| e.to_string())?;
    let kind = match parsed.kind.as_deref() {
        None => EntryKind::Entry,
        Some(k) => EntryKind::parse(k).ok_or_else(|| {
            format!("kind: unknown kind {k:?} (expected \"entry\", \"daily\", \"weekly\" or \"reflection\")")
        })?,
    };
    let created_at = match parsed.created_at.as_deref() {
        None => None,
        Some(t) => Some(DateTime::parse_from_rfc3339(t).map_err(|_| {
            format!("created_at: {t:?} is not an RFC 3339 date-time like 2026-11-23T09:30:00+01:00")
        })?),
    };
    let body = parsed.body.ok_or_else(|| "body: missing".to_string())?;
    if parsed.title.trim().is_empty() && body.trim().is_empty() {
        return Err("the entry has no title and no body".into());
    }
    let id = match parsed.id {
        None => None,
        Some(id) => Some(
            uuid::Uuid::parse_str(&id)
                .map_err(|_| format!("id: {id:?} is not a UUID"))?
                .hyphenated()
                .to_string(),
        ),
    };
    Ok(NewEntry {
        id,
        origin: None,
        created_at,
        kind,
        title: parsed.title,
        body,
        tags: parsed.tags,
        people: Vec::new(),
        decision: parsed.decision,
        review: parsed.review,
    })
}

/// The public namespace of the UUID v5 ids that builds before 0.3 gave jrnl entries (of
/// the entry's date, time, title and body): anyone could confirm a guessed entry from one.
/// Kept only to find such ids and re-key them ([`super::Imports::rekey_legacy_ids`]).
pub(super) const LEGACY_JRNL_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x5c1e_7a3d_9f0b_4e62_8d11_6a0e_2b7c_4f93);

/// What identifies a jrnl entry (jrnl has no ids): its date and time as jrnl wrote them,
/// title and body. The import keys it into the entry's id.
pub(super) fn jrnl_origin(date_time: &str, title: &str, body: &str) -> String {
    format!("{date_time}\n{title}\n{body}")
}

fn field_error(what: &str, e: serde_path_to_error::Error<serde_json::Error>) -> Error {
    let path = e.path().to_string();
    Error::InvalidInput(format!("{what}: {path}: {}", e.into_inner()))
}

#[derive(Deserialize)]
struct JrnlExport {
    entries: Vec<JrnlEntry>,
}

#[derive(Deserialize)]
struct JrnlEntry {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    date: String,
    time: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    starred: bool,
}

/// Parses jrnl's JSON export (`jrnl --export json`): `{"tags": {…}, "entries": [{"title",
/// "body", "date": "YYYY-MM-DD", "time": "HH:MM", "tags": ["@tag"], "starred"}]}`. Dates
/// are local times of this machine; tags lose their `@`/`#`; a starred entry gets the tag
/// `starred`.
pub fn parse_jrnl_json(reader: impl std::io::Read) -> Result<ImportBatch> {
    let mut de = serde_json::Deserializer::from_reader(reader);
    let export: JrnlExport =
        serde_path_to_error::deserialize(&mut de).map_err(|e| field_error("jrnl export", e))?;
    let mut out = ImportBatch::default();
    for (i, e) in export.entries.into_iter().enumerate() {
        let bad = |m: String| Error::InvalidInput(format!("jrnl export: entries[{i}].{m}"));
        let naive = chrono::NaiveDateTime::parse_from_str(
            &format!("{} {}", e.date, e.time),
            "%Y-%m-%d %H:%M",
        )
        .map_err(|_| {
            bad(format!(
                "date/time: {:?} {:?} is not YYYY-MM-DD HH:MM",
                e.date, e.time
            ))
        })?;
        let created = chrono::Local
            .from_local_datetime(&naive)
            .earliest()
            .ok_or_else(|| {
                bad(format!(
                    "date/time: {naive} does not exist in this time zone"
                ))
            })?
            .fixed_offset();
        if e.title.trim().is_empty() && e.body.trim().is_empty() {
            continue;
        }
        let origin = ImportOrigin {
            source: JRNL_SOURCE,
            key: jrnl_origin(&format!("{} {}", e.date, e.time), &e.title, &e.body),
        };
        let mut tags = e.tags;
        if e.starred {
            tags.push("starred".into());
        }
        out.entries.push(NewEntry {
            id: None,
            origin: Some(origin),
            created_at: Some(created),
            kind: EntryKind::Entry,
            title: e.title,
            body: e.body,
            tags,
            people: Vec::new(),
            decision: None,
            review: None,
        });
    }
    Ok(out)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DayOneExport {
    entries: Vec<DayOneEntry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DayOneEntry {
    uuid: String,
    creation_date: String,
    #[serde(default)]
    time_zone: Option<String>,
    #[serde(default)]
    text: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    starred: bool,
}

/// Parses a Day One JSON export: the `.zip` Day One writes, the folder it extracts to, or
/// one journal's `.json`. Each journal file is `{"metadata", "entries": [{"uuid",
/// "creationDate" (UTC), "timeZone", "text" (Markdown; a leading `# heading` becomes the
/// title), "tags", "starred", …}]}`; photos and other media are not imported. Day One's
/// uuid becomes the entry's id (keyed into one when it is not a UUID), so a second import
/// adds nothing.
pub fn parse_dayone(path: &std::path::Path) -> Result<ImportBatch> {
    let mut out = ImportBatch::default();
    let mut read_json = |name: &str, reader: &mut dyn std::io::Read| -> Result<()> {
        let mut de = serde_json::Deserializer::from_reader(reader);
        let export: DayOneExport = serde_path_to_error::deserialize(&mut de)
            .map_err(|e| field_error(&format!("Day One export {name}"), e))?;
        for (i, e) in export.entries.into_iter().enumerate() {
            out.entries.push(dayone_entry(name, i, e)?);
        }
        Ok(())
    };
    let io = |e: std::io::Error| Error::io(format!("reading {}", path.display()), e);
    if path.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(path)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("json"))
            })
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(Error::InvalidInput(format!(
                "{} holds no Day One journal (.json)",
                path.display()
            )));
        }
        for f in files {
            let mut file = std::fs::File::open(&f).map_err(io)?;
            read_json(&f.display().to_string(), &mut file)?;
        }
    } else if path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("zip"))
    {
        let file = std::fs::File::open(path).map_err(io)?;
        let mut zip = zip::ZipArchive::new(file).map_err(|e| {
            Error::InvalidInput(format!("{} is not a readable zip ({e})", path.display()))
        })?;
        let names: Vec<String> = zip
            .file_names()
            .filter(|n| !n.contains('/') && n.to_ascii_lowercase().ends_with(".json"))
            .map(str::to_string)
            .collect();
        if names.is_empty() {
            return Err(Error::InvalidInput(format!(
                "{} holds no Day One journal (.json)",
                path.display()
            )));
        }
        let mut budget = MAX_DAYONE_UNPACKED;
        for name in names {
            let f = zip
                .by_name(&name)
                .map_err(|e| Error::InvalidInput(format!("{name} in {}: {e}", path.display())))?;
            check_unpacked_size(path, &name, f.size(), f.compressed_size(), budget)?;
            // The sizes in the zip's directory are the writer's word; the reader counts.
            let mut bounded = std::io::Read::take(f, budget + 1);
            let read = read_json(&name, &mut bounded);
            let used = budget + 1 - bounded.limit();
            if used > budget {
                return Err(too_large(path));
            }
            read?;
            budget -= used;
        }
    } else {
        let mut file = std::fs::File::open(path).map_err(io)?;
        read_json(&path.display().to_string(), &mut file)?;
    }
    Ok(out)
}

/// The most a Day One zip may unpack to, all its journals together: 256 MiB, some fifty
/// times the text of ten years of daily entries. A zip bomb stops here, not in memory.
pub const MAX_DAYONE_UNPACKED: u64 = 256 << 20;
/// The highest compression ratio accepted for a journal in a Day One zip. JSON text
/// deflates 3–10×; a file claiming more than 100× is built to exhaust memory.
pub const MAX_DAYONE_RATIO: u64 = 100;

fn too_large(path: &std::path::Path) -> Error {
    Error::InvalidInput(format!(
        "{} unpacks to more than {} MiB; refusing it (Day One exports are far smaller)",
        path.display(),
        MAX_DAYONE_UNPACKED >> 20
    ))
}

/// Refuses a zip member whose declared size is over what is left of the budget, or whose
/// ratio is a zip bomb's, before a byte of it is inflated.
fn check_unpacked_size(
    path: &std::path::Path,
    name: &str,
    size: u64,
    compressed: u64,
    budget: u64,
) -> Result<()> {
    if size > budget {
        return Err(too_large(path));
    }
    if size > (1 << 20) && size / compressed.max(1) > MAX_DAYONE_RATIO {
        return Err(Error::InvalidInput(format!(
            "{name} in {} is compressed {}:1 (more than {MAX_DAYONE_RATIO}:1); refusing it as \
             a zip bomb",
            path.display(),
            size / compressed.max(1)
        )));
    }
    Ok(())
}

fn dayone_entry(file: &str, i: usize, e: DayOneEntry) -> Result<NewEntry> {
    let bad = |m: String| Error::InvalidInput(format!("Day One export {file}: entries[{i}].{m}"));
    // Day One's own ids are random UUIDs (32 hex digits): kept, so a second import adds
    // nothing and entries imported by earlier builds keep theirs. Any other string (exports
    // from other tools use their own) is keyed into an id by the import.
    let uuid = e.uuid.trim();
    if uuid.is_empty() {
        return Err(bad("uuid: missing (an entry needs an id)".into()));
    }
    let (id, origin) = match crate::model::canonical_id(uuid) {
        Some(id) => (Some(id), None),
        None => (
            None,
            Some(ImportOrigin {
                source: DAYONE_SOURCE,
                key: uuid.to_string(),
            }),
        ),
    };
    let utc = DateTime::parse_from_rfc3339(&e.creation_date).map_err(|_| {
        bad(format!(
            "creationDate: {:?} is not an ISO 8601 date-time",
            e.creation_date
        ))
    })?;
    let created = match e.time_zone.as_deref().map(str::parse::<chrono_tz::Tz>) {
        Some(Ok(tz)) => utc.with_timezone(&tz).fixed_offset(),
        _ => utc,
    };
    let text = e.text.replace("\r\n", "\n");
    let (title, body) = match text.split_once('\n') {
        Some((first, rest)) if first.starts_with('#') => (
            first.trim_start_matches('#').trim().to_string(),
            rest.trim_start_matches('\n').to_string(),
        ),
        None if text.starts_with('#') => (
            text.trim_start_matches('#').trim().to_string(),
            String::new(),
        ),
        _ => (String::new(), text),
    };
    let mut tags = e.tags;
    if e.starred {
        tags.push("starred".into());
    }
    Ok(NewEntry {
        id,
        origin,
        created_at: Some(created),
        kind: EntryKind::Entry,
        title,
        body,
        tags,
        people: Vec::new(),
        decision: None,
        review: None,
    })
}
