//! The printable record: a PDF of a period, or of one person's history, to bring to a
//! coaching session (`vault.exports().pdf(…)`). Like the other plaintext exports it writes
//! what the leader wrote **unencrypted**: front ends warn and ask first. The file is
//! created `0600`, never over an existing file, and written whole (a failed write removes
//! it). [`content`] decides what the record says, [`layout`] draws it with krilla.

pub mod content;
mod layout;

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

pub use self::content::{Names, RecordCounts, RecordInput, RecordWords};
use crate::error::{Error, Result};
use crate::export::{create_private, Exports};
use crate::model::entry::{Entry, EntryFilter};

/// What to print.
#[derive(Debug, Clone, Default)]
pub struct RecordRequest {
    /// First day (inclusive); `None` = from the beginning.
    pub from: Option<NaiveDate>,
    /// Last day (inclusive); `None` = today.
    pub to: Option<NaiveDate>,
    /// Only this person's history: a relationship's id or name (any case).
    pub person: Option<String>,
    /// Names as initials, in names and in free text.
    pub initials: bool,
}

/// What a written record holds.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RecordSummary {
    /// Where it was written.
    pub path: String,
    /// Bytes.
    pub bytes: u64,
    /// What it holds.
    pub counts: RecordCounts,
}

impl Exports<'_> {
    /// Writes the record of `request` to `path` as of `today`, decrypting the entries.
    pub fn pdf(
        &self,
        path: &Path,
        request: &RecordRequest,
        words: &RecordWords,
        today: NaiveDate,
    ) -> Result<RecordSummary> {
        let entries = self
            .vault()
            .entries()
            .list(&EntryFilter::default())?
            .entries;
        let entries: Vec<&Entry> = entries.iter().collect();
        self.pdf_of(path, request, words, today, &entries)
    }

    /// The same, from entries the caller already holds (the app's session).
    pub fn pdf_of(
        &self,
        path: &Path,
        request: &RecordRequest,
        words: &RecordWords,
        today: NaiveDate,
        entries: &[&Entry],
    ) -> Result<RecordSummary> {
        let bytes = self.pdf_bytes(request, words, today, entries)?;
        write_new(path, &bytes.0)?;
        Ok(RecordSummary {
            path: path.display().to_string(),
            bytes: bytes.0.len() as u64,
            counts: bytes.1,
        })
    }

    /// The record's PDF bytes and counts, written nowhere.
    pub fn pdf_bytes(
        &self,
        request: &RecordRequest,
        words: &RecordWords,
        today: NaiveDate,
        entries: &[&Entry],
    ) -> Result<(Vec<u8>, RecordCounts)> {
        let vault = self.vault();
        let to = request.to.unwrap_or(today);
        if request.from.is_some_and(|f| f > to) {
            return Err(Error::InvalidInput(format!(
                "the record's first day {} is after its last day {to}",
                request.from.unwrap_or(to)
            )));
        }
        let relationships = vault.relationships().list()?;
        let person = match &request.person {
            None => None,
            Some(wanted) => Some(find_person(&relationships, wanted)?),
        };
        let reflections = vault.reflections().list()?;
        let week_start = vault.status().schedule()?.week_start;
        let names = Names::new(&relationships, request.initials);
        let input = RecordInput {
            reflections: &reflections,
            relationships: &relationships,
            entries,
            week_start,
            from: request.from,
            to,
            person,
            today,
        };
        let (blocks, title, counts) = content::record(&input, words, &names);
        let pdf = layout::render(&blocks, &title, &words.footer, &words.language)?;
        Ok((pdf, counts))
    }
}

/// The id of the relationship named `wanted` (or with that id), any case.
fn find_person(
    relationships: &[crate::model::relationship::Relationship],
    wanted: &str,
) -> Result<String> {
    let folded = wanted.trim().to_lowercase();
    relationships
        .iter()
        .find(|r| r.id == wanted.trim() || r.name.to_lowercase() == folded)
        .map(|r| r.id.clone())
        .ok_or_else(|| Error::NotFound {
            kind: "relationship",
            id: wanted.to_string(),
        })
}

/// Writes `bytes` to a new file at `path` (0600; refused if it exists), synced; a failed
/// write leaves no file.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = create_private(path)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io(format!("writing {}", path.display()), e));
    if written.is_err() {
        drop(file);
        let _ = std::fs::remove_file(path);
    }
    written
}
