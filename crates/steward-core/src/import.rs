//! Parsing import files into entries, before anything is written.
//!
//! The JSONL format (DESIGN §6) is one JSON object per line:
//! `{"id", "created_at" (RFC 3339), "kind": "daily"|"weekly"|"entry", "title", "body",
//! "tags": [...]}`. The whole file is parsed and checked first; the first line that does not
//! parse stops the import with its line number, and nothing is written. Blank lines are
//! skipped.

use std::collections::HashMap;
use std::io::BufRead;

use chrono::DateTime;
use serde::Deserialize;

use crate::entries::{EntryKind, NewEntry};
use crate::error::{Error, Result};

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

/// Parses a JSONL import stream into entries, or the first bad line's error.
pub fn parse_jsonl(reader: impl BufRead) -> Result<Vec<NewEntry>> {
    let mut out = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
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
            return Err(bad(
                "weekly reflections cannot be imported by this version of Steward yet".into(),
            ));
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
        out.push(NewEntry {
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
