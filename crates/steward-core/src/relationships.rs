//! Relationships, stored: the people and groups a leader reflects on, named by the leader.
//!
//! A row keeps its id, timestamps and version in plaintext; the name and whether it is
//! archived are sealed (MessagePack, like entries). Reflections refer to a relationship by
//! id, so renaming one keeps its whole history. Archived relationships keep their history
//! but are not offered for new reflections.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
pub(crate) use crate::model::relationship::clean_name;
pub use crate::model::relationship::{Relationship, MAX_NAME_CHARS, MAX_NOTES_CHARS};
use crate::records::{self, RelationshipTable, SealedRow, Stamps, Vault, Write};
use crate::stamp;

#[derive(Serialize, Deserialize)]
struct RelationshipPayload {
    name: String,
    #[serde(default)]
    archived: bool,
    /// Absent when empty, so a relationship without notes seals as it did before notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    notes: String,
}

/// The relationships of an unlocked vault: `vault.relationships()`.
#[derive(Clone, Copy)]
pub struct Relationships<'v> {
    vault: &'v Vault,
}

impl Vault {
    /// The people and groups the leader reflects on.
    pub fn relationships(&self) -> Relationships<'_> {
        Relationships { vault: self }
    }
}

impl Relationships<'_> {
    fn row(&self, rel: &Relationship) -> Result<SealedRow<RelationshipTable>> {
        let payload = RelationshipPayload {
            name: rel.name.clone(),
            archived: rel.archived,
            notes: rel.notes.clone(),
        };
        let meta = Stamps {
            created_at: stamp::format(&rel.created_at),
            updated_at: stamp::format(&rel.updated_at),
        };
        self.vault
            .seal_row::<RelationshipTable, _>(rel.id.clone(), meta, rel.version, &payload)
    }

    fn open(&self, row: SealedRow<RelationshipTable>) -> Result<Relationship> {
        let p: RelationshipPayload = self.vault.open(&row)?;
        let stamp = |text: &str| {
            stamp::parse(text).ok_or_else(|| Error::Tampered {
                what: format!("relationship {} (metadata)", row.id),
            })
        };
        Ok(Relationship {
            created_at: stamp(&row.meta.created_at)?,
            updated_at: stamp(&row.meta.updated_at)?,
            id: row.id,
            name: p.name,
            archived: p.archived,
            notes: p.notes,
            version: row.version,
        })
    }

    /// Every relationship, archived ones included, sorted by name (case-insensitive).
    pub fn list(&self) -> Result<Vec<Relationship>> {
        let mut out = records::select::<RelationshipTable, _>(self.vault.conn(), "", [])?
            .into_iter()
            .map(|row| self.open(row))
            .collect::<Result<Vec<_>>>()?;
        out.sort_by_key(|r| (r.name.to_lowercase(), r.id.clone()));
        Ok(out)
    }

    /// Every relationship's current name, by id (for naming the relationship a reflection
    /// refers to).
    pub fn names_by_id(&self) -> Result<std::collections::HashMap<String, String>> {
        Ok(self.list()?.into_iter().map(|r| (r.id, r.name)).collect())
    }

    /// One relationship.
    pub fn get(&self, id: &str) -> Result<Relationship> {
        let row = records::get::<RelationshipTable>(self.vault.conn(), id)?.ok_or_else(|| {
            Error::NotFound {
                kind: "relationship",
                id: id.to_string(),
            }
        })?;
        self.open(row)
    }

    /// Whether a relationship with this id exists (reflections refer to it by id).
    pub(crate) fn exists(&self, conn: &Connection, id: &str) -> Result<bool> {
        records::exists::<RelationshipTable>(conn, id)
    }

    /// Creates a relationship. A name already in use (ignoring case) is refused, so the
    /// leader's history for one person never splits in two by accident.
    pub fn create(&self, name: &str) -> Result<Relationship> {
        let name = clean_name(name)?;
        self.check_name_free(&name, None)?;
        let tx = self.vault.begin()?;
        let id = uuid::Uuid::new_v4().to_string();
        self.insert(&tx, &id, &name)?;
        tx.commit()?;
        self.get(&id)
    }

    /// Inserts a new relationship through `w`, inside the caller's transaction.
    pub(crate) fn insert(&self, w: &Write<'_>, id: &str, name: &str) -> Result<()> {
        let now = stamp::now();
        let rel = Relationship {
            id: id.to_string(),
            name: name.to_string(),
            archived: false,
            notes: String::new(),
            created_at: now,
            updated_at: now,
            version: 1,
        };
        if !records::insert_new(w, &self.row(&rel)?)? {
            return Err(Error::InvalidInput(format!(
                "a relationship with id {id} already exists"
            )));
        }
        Ok(())
    }

    fn check_name_free(&self, name: &str, except: Option<&str>) -> Result<()> {
        let folded = name.to_lowercase();
        if let Some(other) = self
            .list()?
            .into_iter()
            .find(|r| r.name.to_lowercase() == folded && Some(r.id.as_str()) != except)
        {
            return Err(Error::InvalidInput(format!(
                "relationship: {:?} already exists{}",
                other.name,
                if other.archived { " (archived)" } else { "" }
            )));
        }
        Ok(())
    }

    /// Applies `change` to the stored relationship and saves it at the next version; a
    /// concurrent change in between is [`Error::Conflict`], never overwritten.
    fn update(&self, id: &str, change: impl FnOnce(&mut Relationship)) -> Result<Relationship> {
        let mut rel = self.get(id)?;
        let read = rel.version;
        change(&mut rel);
        rel.version = crate::model::next_version("relationship", id, read)?;
        rel.updated_at = stamp::now();
        let w = self.vault.begin()?;
        if !records::update_at_version(&w, &self.row(&rel)?, read)? {
            drop(w);
            return Err(Error::Conflict {
                what: format!("relationship {id}"),
                found: self.get(id)?.version,
                expected: read,
            });
        }
        w.commit()?;
        Ok(rel)
    }

    /// The relationship called `name` (ignoring case and spacing), created if there is none.
    pub fn find_or_create(&self, name: &str) -> Result<Relationship> {
        let name = clean_name(name)?;
        let folded = name.to_lowercase();
        match self
            .list()?
            .into_iter()
            .find(|r| r.name.to_lowercase() == folded)
        {
            Some(found) => Ok(found),
            None => self.create(&name),
        }
    }

    /// Writes `rel` exactly as given (id, dates, version, name, archived), replacing a row
    /// with the same id (backup restore and merge).
    pub(crate) fn put_exact(&self, w: &Write<'_>, rel: &Relationship) -> Result<()> {
        let rel = Relationship {
            name: clean_name(&rel.name)?,
            ..rel.clone()
        };
        records::upsert(w, &self.row(&rel)?)
    }

    /// Replaces the private notes on a relationship the caller read at `expected_version`;
    /// a change made elsewhere in between is [`Error::Conflict`], never overwritten.
    pub fn set_notes(&self, id: &str, notes: &str, expected_version: i64) -> Result<Relationship> {
        if notes.chars().count() > MAX_NOTES_CHARS {
            return Err(Error::InvalidInput(format!(
                "relationship: the notes are longer than {MAX_NOTES_CHARS} characters"
            )));
        }
        let current = self.get(id)?;
        if current.version != expected_version {
            return Err(Error::Conflict {
                what: format!("relationship {id}"),
                found: current.version,
                expected: expected_version,
            });
        }
        self.update(id, |r| r.notes = notes.to_string())
    }

    /// Renames a relationship; its history follows it.
    pub fn rename(&self, id: &str, name: &str) -> Result<Relationship> {
        let name = clean_name(name)?;
        self.check_name_free(&name, Some(id))?;
        self.update(id, |r| r.name = name)
    }

    /// Archives (or brings back) a relationship.
    pub fn set_archived(&self, id: &str, archived: bool) -> Result<Relationship> {
        self.update(id, |r| r.archived = archived)
    }
}
