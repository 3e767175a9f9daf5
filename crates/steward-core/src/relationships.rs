//! Relationships: the people and groups a leader reflects on, named by the leader.
//!
//! A row keeps its id, timestamps and version in plaintext; the name and whether it is
//! archived are sealed (MessagePack, like entries). Reflections refer to a relationship by
//! id, so renaming one keeps its whole history. Archived relationships keep their history
//! but are not offered for new reflections.

use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};

use crate::codec;
use crate::crypto::RecordAad;
use crate::error::{Error, Result};
use crate::vault::{now_rfc3339, Vault};

const TABLE: &str = "relationships";

/// Longest relationship name, in characters.
pub const MAX_NAME_CHARS: usize = 120;

/// A decrypted relationship.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relationship {
    /// UUID.
    pub id: String,
    /// The leader's name for the person or group, e.g. "Dana (design lead)".
    pub name: String,
    /// Kept for history, not offered for new reflections.
    pub archived: bool,
    /// Created (RFC 3339, UTC).
    pub created_at: String,
    /// Last change (RFC 3339, UTC).
    pub updated_at: String,
    /// Record version.
    pub version: i64,
}

#[derive(Serialize, Deserialize)]
struct RelationshipPayload {
    name: String,
    #[serde(default)]
    archived: bool,
}

/// A row as stored: plaintext columns and the sealed payload.
struct RelationshipRow {
    id: String,
    created_at: String,
    updated_at: String,
    version: i64,
    sealed: Vec<u8>,
}

impl RelationshipRow {
    const SELECT: &'static str =
        "SELECT id, created_at, updated_at, version, sealed FROM relationships";

    fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(RelationshipRow {
            id: r.get(0)?,
            created_at: r.get(1)?,
            updated_at: r.get(2)?,
            version: r.get(3)?,
            sealed: r.get(4)?,
        })
    }
}

/// Trims a name and checks it is usable.
pub(crate) fn clean_name(name: &str) -> Result<String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(Error::InvalidInput(
            "relationship: the name is empty; name the person or group".into(),
        ));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Error::InvalidInput(format!(
            "relationship: the name is longer than {MAX_NAME_CHARS} characters"
        )));
    }
    Ok(name)
}

impl Vault {
    fn seal_relationship(
        &self,
        id: &str,
        version: i64,
        p: &RelationshipPayload,
    ) -> Result<Vec<u8>> {
        self.records().seal(
            RecordAad {
                table: TABLE,
                id,
                version,
            },
            &codec::encode(p),
        )
    }

    fn open_relationship(&self, row: RelationshipRow) -> Result<Relationship> {
        let RelationshipRow {
            id,
            created_at,
            updated_at,
            version,
            sealed,
        } = row;
        let plain = self.records().open(
            RecordAad {
                table: TABLE,
                id: &id,
                version,
            },
            &sealed,
        )?;
        let p: RelationshipPayload = codec::decode(&plain).ok_or_else(|| Error::Tampered {
            what: format!("relationship {id}"),
        })?;
        Ok(Relationship {
            id,
            name: p.name,
            archived: p.archived,
            created_at,
            updated_at,
            version,
        })
    }

    /// Every relationship, archived ones included, sorted by name (case-insensitive).
    pub fn list_relationships(&self) -> Result<Vec<Relationship>> {
        let mut stmt = self.conn().prepare_cached(RelationshipRow::SELECT)?;
        let rows = stmt.query_map([], RelationshipRow::read)?;
        let mut out = Vec::new();
        for row in rows {
            out.push(self.open_relationship(row?)?);
        }
        out.sort_by_key(|r| (r.name.to_lowercase(), r.id.clone()));
        Ok(out)
    }

    /// One relationship.
    pub fn get_relationship(&self, id: &str) -> Result<Relationship> {
        let row = self
            .conn()
            .query_row(
                &format!("{} WHERE id = ?1", RelationshipRow::SELECT),
                [id],
                RelationshipRow::read,
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                kind: "relationship",
                id: id.to_string(),
            })?;
        self.open_relationship(row)
    }

    /// Creates a relationship. A name already in use (ignoring case) is refused, so the
    /// leader's history for one person never splits in two by accident.
    pub fn create_relationship(&self, name: &str) -> Result<Relationship> {
        let name = clean_name(name)?;
        self.check_name_free(&name, None)?;
        let tx = rusqlite::Transaction::new_unchecked(self.conn(), TransactionBehavior::Immediate)?;
        let id = uuid::Uuid::new_v4().to_string();
        self.insert_relationship(&tx, &id, &name)?;
        tx.commit()?;
        self.get_relationship(&id)
    }

    pub(crate) fn insert_relationship(
        &self,
        tx: &rusqlite::Connection,
        id: &str,
        name: &str,
    ) -> Result<()> {
        let now = now_rfc3339();
        let sealed = self.seal_relationship(
            id,
            1,
            &RelationshipPayload {
                name: name.to_string(),
                archived: false,
            },
        )?;
        tx.execute(
            "INSERT INTO relationships (id, created_at, updated_at, version, sealed)
             VALUES (?1, ?2, ?2, 1, ?3)",
            params![id, now, sealed],
        )?;
        Ok(())
    }

    fn check_name_free(&self, name: &str, except: Option<&str>) -> Result<()> {
        let folded = name.to_lowercase();
        if let Some(other) = self
            .list_relationships()?
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

    fn update_relationship(
        &self,
        id: &str,
        change: impl FnOnce(&mut Relationship),
    ) -> Result<Relationship> {
        let mut rel = self.get_relationship(id)?;
        change(&mut rel);
        let version = rel.version + 1;
        let sealed = self.seal_relationship(
            id,
            version,
            &RelationshipPayload {
                name: rel.name.clone(),
                archived: rel.archived,
            },
        )?;
        self.conn().execute(
            "UPDATE relationships SET version = ?2, updated_at = ?3, sealed = ?4
             WHERE id = ?1 AND version = ?5",
            params![id, version, now_rfc3339(), sealed, rel.version],
        )?;
        self.get_relationship(id)
    }

    /// The relationship called `name` (ignoring case and spacing), created if there is none.
    pub fn find_or_create_relationship(&self, name: &str) -> Result<Relationship> {
        let name = clean_name(name)?;
        let folded = name.to_lowercase();
        match self
            .list_relationships()?
            .into_iter()
            .find(|r| r.name.to_lowercase() == folded)
        {
            Some(found) => Ok(found),
            None => self.create_relationship(&name),
        }
    }

    /// Writes `rel` exactly as given (id, dates, version, name, archived), replacing a row
    /// with the same id (backup restore and merge).
    pub(crate) fn put_relationship_exact(
        &self,
        conn: &rusqlite::Connection,
        rel: &Relationship,
    ) -> Result<()> {
        let name = clean_name(&rel.name)?;
        let sealed = self.seal_relationship(
            &rel.id,
            rel.version,
            &RelationshipPayload {
                name,
                archived: rel.archived,
            },
        )?;
        conn.execute(
            "INSERT INTO relationships (id, created_at, updated_at, version, sealed)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at,
                 updated_at = excluded.updated_at, version = excluded.version,
                 sealed = excluded.sealed",
            params![rel.id, rel.created_at, rel.updated_at, rel.version, sealed],
        )?;
        Ok(())
    }

    /// Renames a relationship; its history follows it.
    pub fn rename_relationship(&self, id: &str, name: &str) -> Result<Relationship> {
        let name = clean_name(name)?;
        self.check_name_free(&name, Some(id))?;
        self.update_relationship(id, |r| r.name = name)
    }

    /// Archives (or brings back) a relationship.
    pub fn set_relationship_archived(&self, id: &str, archived: bool) -> Result<Relationship> {
        self.update_relationship(id, |r| r.archived = archived)
    }
}
