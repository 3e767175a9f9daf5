//! Weekly reflections, stored: the reflections repository (drafts, finishing, past weeks),
//! the follow-up of the previous step and a relationship's history (docs/DESIGN.md §4).
//!
//! One reflection per week. A row keeps its id, week name, timestamps and version in
//! plaintext; the answers, ratings and completion time are sealed (MessagePack). The sealed
//! payload repeats the week, and opening a row checks the two agree, so swapping week names
//! between rows is detected like any other tampering.
//!
//! Reflections are saved as drafts while the leader writes and *finished* once the
//! questions that trends depend on are answered; finished or not, any past week can be
//! edited. Inside the engine a reflection names its relationship by id; the reflection
//! JSON ([`json`]) names it by name.

pub mod json;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

pub use self::json::{parse_reflection_doc, reflection_doc_json, ReflectionDoc};
use crate::error::{Error, Result};
pub use crate::model::prompts;
pub use crate::model::reflection::{
    questions, Answers, CurrentStep, Deposit, Eroder, Exercise, FollowUp, FollowUpPoint,
    FollowUpStatus, PreviousStep, Rating, RatingPoint, Reflection, RelationshipHistory, StepType,
    StoredAnswers, StrengthSource, TrustAccount,
};
use crate::records::{self, ReflectionMeta, ReflectionTable, SealedRow, Vault, Write};
use crate::schedule::Week;
use crate::stamp;

#[derive(Serialize, Deserialize)]
struct ReflectionPayload {
    week: Week,
    #[serde(with = "crate::stamp::serde_utc_opt")]
    completed_at: Option<DateTime<Utc>>,
    answers: StoredAnswers,
}

/// The weekly reflections of an unlocked vault: `vault.reflections()`.
#[derive(Clone, Copy)]
pub struct Reflections<'v> {
    vault: &'v Vault,
}

impl Vault {
    /// The weekly reflections.
    pub fn reflections(&self) -> Reflections<'_> {
        Reflections { vault: self }
    }
}

fn check_not_future(week: Week, current: Week) -> Result<()> {
    if week > current {
        return Err(Error::InvalidInput(format!(
            "week {week} has not started yet (this week is {current})"
        )));
    }
    Ok(())
}

impl Reflections<'_> {
    fn open(&self, row: SealedRow<ReflectionTable>) -> Result<Reflection> {
        let tampered = || Error::Tampered {
            what: format!("reflection {}", row.meta.week),
        };
        let p: ReflectionPayload = self.vault.open(&row).map_err(|e| match e {
            Error::Tampered { .. } => tampered(),
            other => other,
        })?;
        if p.week.to_string() != row.meta.week {
            return Err(tampered());
        }
        let stamp = |text: &str| stamp::parse(text).ok_or_else(tampered);
        Ok(Reflection {
            created_at: stamp(&row.meta.created_at)?,
            updated_at: stamp(&row.meta.updated_at)?,
            id: row.id,
            week: p.week,
            completed_at: p.completed_at,
            version: row.version,
            answers: p.answers,
        })
    }

    fn row_of_week(
        &self,
        conn: &Connection,
        week: Week,
    ) -> Result<Option<SealedRow<ReflectionTable>>> {
        Ok(
            records::select::<ReflectionTable, _>(conn, "WHERE week = ?1", [week.to_string()])?
                .into_iter()
                .next(),
        )
    }

    /// Every reflection, oldest week first.
    pub fn list(&self) -> Result<Vec<Reflection>> {
        let mut out = records::select::<ReflectionTable, _>(self.vault.conn(), "", [])?
            .into_iter()
            .map(|row| self.open(row))
            .collect::<Result<Vec<_>>>()?;
        out.sort_by_key(|r| r.week);
        Ok(out)
    }

    /// The reflection of `week`, if one was started.
    pub fn get(&self, week: Week) -> Result<Option<Reflection>> {
        self.row_of_week(self.vault.conn(), week)?
            .map(|row| self.open(row))
            .transpose()
    }

    /// The reflection with this id, if there is one (read through `conn`).
    pub(crate) fn get_by_id(&self, conn: &Connection, id: &str) -> Result<Option<Reflection>> {
        records::get::<ReflectionTable>(conn, id)?
            .map(|row| self.open(row))
            .transpose()
    }

    /// Removes reflection `id` inside the caller's transaction, leaving its tombstone: only
    /// sync does this, when two computers each started the same week's reflection and the
    /// two become one (`crate::sync`).
    pub(crate) fn remove_in(
        &self,
        w: &Write<'_>,
        id: &str,
        deleted_at: chrono::DateTime<chrono::Utc>,
    ) -> Result<()> {
        records::delete::<ReflectionTable>(w, id)?;
        self.vault.tombstones().put(
            w,
            &crate::tombstones::Tombstone {
                id: id.to_string(),
                kind: crate::tombstones::RecordKind::Reflection,
                deleted_at,
            },
        )
    }

    /// Whether a reflection with this id exists.
    pub(crate) fn exists(&self, conn: &rusqlite::Connection, id: &str) -> Result<bool> {
        records::exists::<ReflectionTable>(conn, id)
    }

    /// Saves the answers of `week` (a draft, or changes to a finished reflection).
    ///
    /// `current` is the week holding "now": later weeks are refused. With
    /// `expected_version`, a save over a newer version (another window or process) is
    /// refused ([`Error::Conflict`]) instead of overwriting it.
    pub fn save(
        &self,
        week: Week,
        answers: StoredAnswers,
        expected_version: Option<i64>,
        current: Week,
    ) -> Result<Reflection> {
        check_not_future(week, current)?;
        let tx = self.vault.begin()?;
        let saved = self.write(&tx, week, answers, expected_version, None)?;
        tx.commit()?;
        Ok(saved)
    }

    /// The answers `reflection` still needs before it can be finished (empty when none).
    fn missing(&self, reflection: &Reflection) -> Result<Vec<&'static str>> {
        let needs_follow_up = self.previous_step(reflection.week)?.is_some();
        Ok(reflection.answers.missing_for_finish(needs_follow_up))
    }

    /// Finishes the reflection of `week`: refused with [`Error::IncompleteReflection`],
    /// naming the missing answers, until the strength source, the exercise and (when an
    /// earlier step exists) the follow-up are answered.
    pub fn finish(&self, week: Week, current: Week) -> Result<Reflection> {
        check_not_future(week, current)?;
        let existing = self.get(week)?.ok_or_else(|| {
            Error::InvalidInput(format!("week {week} has no reflection to finish yet"))
        })?;
        let missing = self.missing(&existing)?;
        if !missing.is_empty() {
            return Err(Error::IncompleteReflection {
                week: week.to_string(),
                missing,
            });
        }
        if existing.is_completed() {
            return Ok(existing);
        }
        let tx = self.vault.begin()?;
        let saved = self.write(
            &tx,
            week,
            existing.answers,
            Some(existing.version),
            Some(stamp::now()),
        )?;
        tx.commit()?;
        Ok(saved)
    }

    /// Inserts or updates the row of `week` inside `tx`. `complete_at` marks it finished;
    /// otherwise a finished reflection stays finished.
    pub(crate) fn write(
        &self,
        tx: &Write<'_>,
        week: Week,
        mut answers: StoredAnswers,
        expected_version: Option<i64>,
        complete_at: Option<DateTime<Utc>>,
    ) -> Result<Reflection> {
        answers.clean();
        if let Some(prompt) = &answers.prompt {
            if crate::model::prompts::by_id(&prompt.id).is_none() {
                return Err(Error::InvalidInput(format!(
                    "prompt.id: {:?} is not one of Steward's prompts",
                    prompt.id
                )));
            }
        }
        self.ensure_relationship(tx, &answers)?;
        let current = self.row_of_week(tx, week)?;
        if let (Some(expected), Some(found)) =
            (expected_version, current.as_ref().map(|r| r.version))
        {
            if expected != found {
                return Err(Error::Conflict {
                    what: format!("the reflection of {week}"),
                    found,
                    expected,
                });
            }
        }
        let now = stamp::now();
        let (id, version, created_at, completed_at) = match current {
            Some(row) => {
                let old = self.open(row)?;
                let version = crate::model::next_version("reflection", &old.id, old.version)?;
                (
                    old.id,
                    version,
                    old.created_at,
                    complete_at.or(old.completed_at),
                )
            }
            None => (uuid::Uuid::new_v4().to_string(), 1, now, complete_at),
        };
        let reflection = Reflection {
            id,
            week,
            created_at,
            updated_at: now,
            completed_at,
            version,
            answers,
        };
        self.upsert(tx, &reflection)?;
        Ok(reflection)
    }

    /// Saves a reflection given as reflection JSON (`steward reflect --from-json`): its
    /// answers replace the week's, relationship names are found or created, and it is
    /// finished when complete. Returns the saved reflection and the answers still missing
    /// (empty when finished).
    pub fn save_doc(
        &self,
        doc: ReflectionDoc,
        current: Week,
    ) -> Result<(Reflection, Vec<&'static str>)> {
        check_not_future(doc.week, current)?;
        let mut answers = doc.answers;
        for (_, reference) in answers.relationship_refs_mut() {
            if let Some(name) = reference.take() {
                *reference = Some(self.vault.relationships().find_or_create(&name)?.id);
            }
        }
        let saved = self.save(doc.week, answers, None, current)?;
        let missing = self.missing(&saved)?;
        if missing.is_empty() && !saved.is_completed() {
            return Ok((self.finish(doc.week, current)?, missing));
        }
        Ok((saved, missing))
    }

    /// Writes `r` exactly as given (id, week, dates, version, answers), replacing a row with
    /// the same id (backup restore and merge). Its relationship must exist.
    pub(crate) fn put_exact(&self, conn: &Write<'_>, r: &Reflection) -> Result<()> {
        self.ensure_relationship(conn, &r.answers)?;
        self.upsert(conn, r)
    }

    /// Whether `week` already has a reflection (read through `conn`).
    pub(crate) fn week_taken(&self, conn: &Connection, week: Week) -> Result<bool> {
        Ok(conn
            .prepare_cached("SELECT 1 FROM reflections WHERE week = ?1")?
            .exists([week.to_string()])?)
    }

    /// Seals `r` under its id and version and writes its row (inserted or replaced).
    fn upsert(&self, w: &Write<'_>, r: &Reflection) -> Result<()> {
        let payload = ReflectionPayload {
            week: r.week,
            completed_at: r.completed_at,
            answers: r.answers.clone(),
        };
        let meta = ReflectionMeta {
            week: r.week.to_string(),
            created_at: stamp::format(&r.created_at),
            updated_at: stamp::format(&r.updated_at),
        };
        let row =
            self.vault
                .seal_row::<ReflectionTable, _>(r.id.clone(), meta, r.version, &payload)?;
        records::upsert(w, &row)
    }

    /// The relationships the answers name must exist (reflections refer to them by id).
    fn ensure_relationship(&self, conn: &Connection, answers: &Answers) -> Result<()> {
        for id in answers.relationship_refs() {
            if !self.vault.relationships().exists(conn, id)? {
                return Err(Error::NotFound {
                    kind: "relationship",
                    id: id.clone(),
                });
            }
        }
        Ok(())
    }

    /// The step that `week`'s reflection follows up: the one committed in the latest
    /// reflection before `week` that has a step (usually last week's; after a gap, the
    /// last one written).
    pub fn previous_step(&self, week: Week) -> Result<Option<PreviousStep>> {
        let names = self.vault.relationships().names_by_id()?;
        Ok(PreviousStep::before(&self.list()?, week, &names))
    }

    /// A relationship's ratings over time, its steps' follow-ups and its trust account.
    pub fn history(&self, id: &str) -> Result<RelationshipHistory> {
        let relationship = self.vault.relationships().get(id)?;
        Ok(RelationshipHistory::of(relationship, &self.list()?))
    }
}
