//! Importing: parse an import file completely ([`parse`]), then save it in one transaction
//! (this module's [`Imports`]), so a bad line or a clash writes nothing.
//!
//! Entries whose id already exists are left as they are and counted as skipped (a second
//! import of the same file adds nothing). Entries that come without a UUID (jrnl has no
//! ids; some Day One exports use other strings) get one keyed from what identifies them in
//! their file, with the journal's secret import key (`IdKey`, sealed in its settings):
//! the same file gives the same ids, and no id confirms a guessed text without the key; a reflection for a week that already has one
//! fails the whole import, naming its line, so an import never overwrites what the leader
//! wrote. Relationships are matched by name (ignoring case) or created.

mod parse;

use std::collections::HashMap;

use serde::Serialize;

pub use self::parse::{parse_dayone, parse_jrnl_json, parse_jsonl};
use crate::crypto::{IdKey, KEY_LEN};
use crate::entries::check_uuid;
use crate::error::{Error, Result};
use crate::model::entry::NewEntry;

use crate::records::{Vault, Write};
use crate::reflections::json::ReflectionDoc;

/// The setting that holds the journal's import key (hex; sealed like every setting).
pub const ID_KEY_SETTING: &str = "import_id_key";

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
        let needs_key = batch.entries.iter().any(|e| e.origin.is_some());
        let key = if needs_key {
            Some(self.id_key(&tx)?)
        } else {
            None
        };
        for mut new in batch.entries {
            if let (Some(origin), Some(key)) = (new.origin.take(), &key) {
                new.id = Some(key.id_for(origin.source, &origin.key).to_string());
            }
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

    /// The journal's import key, made (and sealed in its settings) on first use.
    fn id_key(&self, tx: &Write<'_>) -> Result<IdKey> {
        let stored = self.vault.get_setting(ID_KEY_SETTING)?;
        if let Some(value) = stored {
            let bytes = value
                .as_str()
                .and_then(|hex| data_encoding::HEXLOWER.decode(hex.as_bytes()).ok())
                .map(zeroize::Zeroizing::new)
                .filter(|b| b.len() == KEY_LEN)
                .ok_or_else(|| Error::Tampered {
                    what: format!("setting {ID_KEY_SETTING}"),
                })?;
            let mut key = zeroize::Zeroizing::new([0u8; KEY_LEN]);
            key.copy_from_slice(&bytes);
            return Ok(IdKey::from_bytes(&key));
        }
        let key = IdKey::generate_bytes()?;
        let hex = zeroize::Zeroizing::new(data_encoding::HEXLOWER.encode(key.as_ref()));
        self.vault.put_setting(
            tx,
            ID_KEY_SETTING,
            &serde_json::Value::String(hex.to_string()),
        )?;
        Ok(IdKey::from_bytes(&key))
    }

    /// What every front end does right after an unlock, best effort: the ids earlier builds
    /// derived from jrnl text are re-keyed ([`Imports::rekey_legacy_ids`]) and entries' UTC
    /// offsets sealed ([`crate::Entries::seal_offsets`]). A journal that cannot be written
    /// now (a full disk) still opens; both are tried again at the next unlock. Returns
    /// whether any entry row changed (then rows read before it are stale).
    pub fn tidy_legacy_records(&self) -> bool {
        let rekeyed = self.rekey_legacy_ids().unwrap_or(0);
        let sealed = self.vault.entries().seal_offsets().unwrap_or(0);
        rekeyed + sealed > 0
    }

    /// Re-keys the ids earlier builds gave jrnl entries — a UUID v5 of the entry's date,
    /// time and text under a public namespace, which confirms a guessed entry to anyone with
    /// the file — into keyed ids, in one transaction. Only an id that is exactly the v5 of
    /// its entry's own content is changed (a v5 id the user gave in a JSONL file stays).
    /// Cheap when there is nothing to do (one index scan); returns how many were re-keyed.
    pub fn rekey_legacy_ids(&self) -> Result<usize> {
        let legacy: Vec<String> = {
            let mut stmt = self
                .vault
                .conn()
                .prepare("SELECT id FROM entries WHERE substr(id, 15, 1) = '5'")?;
            let ids = stmt
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            ids
        };
        if legacy.is_empty() {
            return Ok(0);
        }
        let tx = self.vault.begin()?;
        let key = self.id_key(&tx)?;
        let entries = self.vault.entries();
        let mut moved = 0;
        for id in legacy {
            // A row that does not open is reported by the listing, not here.
            let Ok(entry) = entries.get(&id) else {
                continue;
            };
            let date_time = entry.created_at.format("%Y-%m-%d %H:%M").to_string();
            let origin = parse::jrnl_origin(&date_time, &entry.title, &entry.body);
            let v5 = uuid::Uuid::new_v5(&parse::LEGACY_JRNL_NAMESPACE, origin.as_bytes());
            if v5.hyphenated().to_string() != id {
                continue;
            }
            let keyed = key.id_for(parse::JRNL_SOURCE, &origin).to_string();
            entries.move_to(&tx, &entry, &keyed)?;
            moved += 1;
        }
        tx.commit()?;
        Ok(moved)
    }

    /// Saves imported reflections inside the import transaction, naming relationships by
    /// name (an unknown name creates the relationship).
    fn reflections(&self, tx: &Write<'_>, docs: Vec<(usize, ReflectionDoc)>) -> Result<usize> {
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
            let mut answers = doc.answers.clone();
            for (_, reference) in answers.relationship_refs_mut() {
                let Some(name) = reference.take() else {
                    continue;
                };
                *reference = Some(match by_name.get(&name.to_lowercase()) {
                    Some(id) => id.clone(),
                    None => {
                        let id = uuid::Uuid::new_v4().to_string();
                        relationships.insert(tx, &id, &name)?;
                        by_name.insert(name.to_lowercase(), id.clone());
                        id
                    }
                });
            }
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
