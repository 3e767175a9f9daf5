//! Parsing import files into entries and reflections, before anything is written.
//!
//! The JSONL format (DESIGN §6) is one JSON object per line: an entry
//! `{"id", "created_at" (RFC 3339), "kind": "daily"|"weekly"|"entry", "title", "body",
//! "tags": [...]}` or a weekly reflection `{"kind": "reflection", …}` in the reflection JSON
//! of DESIGN §4. The whole file is parsed and checked first; the first line that does not
//! parse stops the import with its line number, and nothing is written. Blank lines are
//! skipped.

use std::collections::HashMap;
use std::io::BufRead;

use chrono::DateTime;
use serde::Deserialize;

use crate::entries::{EntryKind, NewEntry};
use crate::error::{Error, Result};
use crate::reflections::{parse_reflection_doc, ReflectionDoc};
use crate::schedule::Week;

/// What an import file holds, parsed and checked.
#[derive(Debug, Clone, Default)]
pub struct ImportBatch {
    /// Entries, in file order.
    pub entries: Vec<NewEntry>,
    /// Reflections with their line numbers, in file order.
    pub reflections: Vec<(usize, ReflectionDoc)>,
}

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
        let parsed: EntryLine = serde_json::from_value(value).map_err(|e| bad(e.to_string()))?;
        let kind = match parsed.kind.as_deref() {
            None => EntryKind::Entry,
            Some(k) => EntryKind::parse(k).ok_or_else(|| {
                bad(format!("kind: unknown kind {k:?} (expected \"entry\", \"daily\", \"weekly\" or \"reflection\")"))
            })?,
        };
        let created_at = match parsed.created_at.as_deref() {
            None => None,
            Some(t) => Some(DateTime::parse_from_rfc3339(t).map_err(|_| {
                bad(format!(
                    "created_at: {t:?} is not an RFC 3339 date-time like 2026-11-23T09:30:00+01:00"
                ))
            })?),
        };
        let body = parsed.body.ok_or_else(|| bad("body: missing".into()))?;
        if parsed.title.trim().is_empty() && body.trim().is_empty() {
            return Err(bad("the entry has no title and no body".into()));
        }
        let id = match parsed.id {
            None => None,
            Some(id) => {
                let canonical = uuid::Uuid::parse_str(&id)
                    .map_err(|_| bad(format!("id: {id:?} is not a UUID")))?
                    .hyphenated()
                    .to_string();
                if let Some(first) = seen.insert(canonical.clone(), number) {
                    return Err(bad(format!(
                        "id {canonical} already appears on line {first}"
                    )));
                }
                Some(canonical)
            }
        };
        out.entries.push(NewEntry {
            id,
            created_at,
            kind,
            title: parsed.title,
            body,
            tags: parsed.tags,
        });
    }
    Ok(out)
}
