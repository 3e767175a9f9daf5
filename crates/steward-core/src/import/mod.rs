//! Importing: parse an import file completely ([`parse`]), then save it in one transaction
//! (this module's [`Imports`]), so a bad line or a clash writes nothing.
//!
//! Entries whose id already exists are left as they are and counted as skipped (a second
//! import of the same file adds nothing); a reflection for a week that already has one
//! fails the whole import, naming its line, so an import never overwrites what the leader
//! wrote. Relationships are matched by name (ignoring case) or created.

mod parse;

use std::collections::HashMap;

use rusqlite::Connection;
use serde::Serialize;

pub use self::parse::{parse_dayone, parse_jrnl_json, parse_jsonl};
use crate::entries::check_uuid;
use crate::error::{Error, Result};
use crate::model::entry::NewEntry;
use crate::model::reflection::{Answers, Exercise};
use crate::records::Vault;
use crate::reflections::json::ReflectionDoc;

/// What an import file holds, parsed and checked.
#[derive(Debug, Clone, Default)]
pub struct ImportBatch {
    /// Entries, in file order.
    pub entries: Vec<NewEntry>,
    /// Reflections with their line numbers, in file order.
    pub reflections: Vec<(usize, ReflectionDoc)>,
}

/// What an import did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// New entries saved.
    pub added: usize,
    /// Lines whose id was already in the vault (left unchanged).
    pub skipped_existing: usize,
    /// Weekly reflections saved.
    pub reflections_added: usize,
}

/// Imports into an unlocked vault: `vault.imports()`.
#[derive(Clone, Copy)]
pub struct Imports<'v> {
    vault: &'v Vault,
}

impl Vault {
    /// Saving parsed import files.
    pub fn imports(&self) -> Imports<'_> {
        Imports { vault: self }
    }
}

impl Imports<'_> {
    /// Saves many entries in one transaction: all or nothing. Entries whose id already
    /// exists are left as they are and counted as skipped.
    pub fn entries(&self, entries: Vec<NewEntry>) -> Result<ImportReport> {
        self.save(ImportBatch {
            entries,
            reflections: Vec::new(),
        })
    }

    /// Saves a parsed import file (entries and reflections) in one transaction: all or
    /// nothing.
    pub fn save(&self, batch: ImportBatch) -> Result<ImportReport> {
        let tx = self.vault.begin()?;
        let mut report = ImportReport::default();
        let entries = self.vault.entries();
        for new in batch.entries {
            if let Some(id) = &new.id {
                if entries.exists(&tx, &check_uuid(id)?)? {
                    report.skipped_existing += 1;
                    continue;
                }
            }
            entries.insert(&tx, new)?;
            report.added += 1;
        }
        report.reflections_added = self.reflections(&tx, batch.reflections)?;
        tx.commit()?;
        Ok(report)
    }

    /// Saves imported reflections inside the import transaction, naming relationships by
    /// name (an unknown name creates the relationship).
    fn reflections(&self, tx: &Connection, docs: Vec<(usize, ReflectionDoc)>) -> Result<usize> {
        let relationships = self.vault.relationships();
        let reflections = self.vault.reflections();
        let mut by_name: HashMap<String, String> = relationships
            .list()?
            .into_iter()
            .map(|r| (r.name.to_lowercase(), r.id))
            .collect();
        let mut count = 0;
        for (line, doc) in docs {
            if reflections.week_taken(tx, doc.week)? {
                return Err(Error::ImportLine {
                    line,
                    message: format!(
                        "week: {} already has a reflection in this journal",
                        doc.week
                    ),
                });
            }
            let relationship = match &doc.answers.exercise.relationship {
                None => None,
                Some(name) => Some(match by_name.get(&name.to_lowercase()) {
                    Some(id) => id.clone(),
                    None => {
                        let id = uuid::Uuid::new_v4().to_string();
                        relationships.insert(tx, &id, name)?;
                        by_name.insert(name.to_lowercase(), id.clone());
                        id
                    }
                }),
            };
            let answers = Answers {
                exercise: Exercise {
                    relationship,
                    ..doc.answers.exercise.clone()
                },
                ..doc.answers
            };
            // Imported history is finished when the answers trends need are there; the
            // follow-up is not required (the first line of a history has none).
            let complete = answers.missing_for_finish(false).is_empty();
            reflections.write(
                tx,
                doc.week,
                answers,
                None,
                complete.then(crate::stamp::now),
            )?;
            count += 1;
        }
        Ok(count)
    }
}
