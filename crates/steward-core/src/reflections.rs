//! Weekly reflections: the three questions, the authority-exceeds-trust exercise, the
//! follow-up of the previous step and the week's trust account (DESIGN §4).
//!
//! One reflection per week. A row keeps its id, week name, timestamps and version in
//! plaintext; the answers, ratings and completion time are sealed (MessagePack). The sealed
//! payload repeats the week, and opening a row checks the two agree, so swapping week names
//! between rows is detected like any other tampering.
//!
//! Reflections are saved as drafts while the leader writes and *finished* once the
//! questions that trends depend on are answered; finished or not, any past week can be
//! edited. Inside the engine a reflection names its relationship by id; the reflection
//! JSON of DESIGN §4 (CLI `--from-json`, JSONL import, backups) names it by name.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, TimeZone};
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};

use crate::codec;
use crate::crypto::RecordAad;
use crate::error::{Error, Result};
use crate::relationships::{clean_name, Relationship};
use crate::schedule::{week_status, Schedule, Week, WeekStatus};
use crate::vault::{now_rfc3339, Vault};

const TABLE: &str = "reflections";

/// Where the leader's strength comes from this week (question 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StrengthSource {
    /// Authority, position, control of resources.
    Power,
    /// Credibility and relationships.
    Trust,
    /// Both.
    Both,
}

/// What erodes trust (question 2's causes; the trust account's withdrawals).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Eroder {
    /// Using authority where persuasion was due.
    OverusedAuthority,
    /// Keeping back information people needed.
    WithheldInformation,
    /// Not doing what was promised.
    BrokeCommitments,
    /// Treating people unevenly.
    IgnoredFairness,
}

/// What builds trust (the trust account's deposits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deposit {
    /// Did what was promised.
    PromisesKept,
    /// Explained the why of decisions.
    DecisionsExplained,
    /// Admitted a mistake.
    MistakesOwned,
    /// Showed people they matter.
    PeopleValued,
}

/// The kind of concrete step committed in the exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepType {
    /// Share information or explain a decision.
    Transparency,
    /// Own a mistake.
    Apology,
    /// Bring someone into a decision.
    Inclusion,
}

/// How last week's step went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpStatus {
    /// Done.
    Done,
    /// Partly done.
    Partly,
    /// Not done.
    NotDone,
}

/// A rating from 1 to 5 (authority or trust as the leader sees it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Rating(u8);

impl Rating {
    /// A rating, if `value` is 1–5.
    pub fn new(value: u8) -> Option<Self> {
        (1..=5).contains(&value).then_some(Rating(value))
    }

    /// The value, 1–5.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl<'de> Deserialize<'de> for Rating {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let value = serde_json::Number::deserialize(d)?;
        value
            .as_u64()
            .and_then(|v| u8::try_from(v).ok())
            .and_then(Rating::new)
            .ok_or_else(|| {
                serde::de::Error::custom(format!("must be a whole number from 1 to 5, got {value}"))
            })
    }
}

/// The exercise: the one relationship where authority exceeds trust, and one step.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Exercise {
    /// The relationship: its id inside the engine and across IPC, its name in the
    /// reflection JSON ([`ReflectionDoc`]).
    pub relationship: Option<String>,
    /// Authority 1–5 as the leader sees it.
    pub authority: Option<Rating>,
    /// Trust 1–5 as the leader sees it.
    pub trust: Option<Rating>,
    /// The feedback the leader will ask for.
    pub feedback_request: String,
    /// The kind of step.
    pub step_type: Option<StepType>,
    /// The step, concretely.
    pub step: String,
}

/// The follow-up of the previous reflection's step.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FollowUp {
    /// Done, partly or not done.
    pub status: Option<FollowUpStatus>,
    /// What happened.
    pub what_happened: String,
    /// Trust in that relationship now, 1–5.
    pub trust_now: Option<Rating>,
}

/// The week's trust account.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrustAccount {
    /// What built trust this week.
    pub deposits: Vec<Deposit>,
    /// What drew on it.
    pub withdrawals: Vec<Eroder>,
}

/// The answers of one week's reflection (every field may be empty in a draft).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Answers {
    /// Question 1: power, trust or both.
    pub strength_source: Option<StrengthSource>,
    /// Question 1, in the leader's words.
    pub strength_note: String,
    /// Question 2: when trust was lost and why.
    pub lost_trust: String,
    /// Question 2: the causes, from the trust eroders.
    pub lost_trust_causes: Vec<Eroder>,
    /// Question 3: using power so that it reinforces trust.
    pub reinforce_trust: String,
    /// The exercise.
    pub exercise: Exercise,
    /// The follow-up of the previous step.
    pub follow_up: FollowUp,
    /// The trust account.
    pub trust_account: TrustAccount,
}

impl Answers {
    /// The answers still missing before this reflection can be finished, as field paths of
    /// the reflection JSON. `needs_follow_up` is true when an earlier step waits for one.
    pub fn missing_for_finish(&self, needs_follow_up: bool) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.strength_source.is_none() {
            missing.push("strength_source");
        }
        let ex = &self.exercise;
        if ex.relationship.is_none() {
            missing.push("exercise.relationship");
        }
        if ex.authority.is_none() {
            missing.push("exercise.authority");
        }
        if ex.trust.is_none() {
            missing.push("exercise.trust");
        }
        if ex.step_type.is_none() {
            missing.push("exercise.step_type");
        }
        if ex.step.trim().is_empty() {
            missing.push("exercise.step");
        }
        if needs_follow_up && self.follow_up.status.is_none() {
            missing.push("follow_up.status");
        }
        missing
    }

    fn clean(&mut self) {
        dedup(&mut self.lost_trust_causes);
        dedup(&mut self.trust_account.deposits);
        dedup(&mut self.trust_account.withdrawals);
    }
}

fn dedup<T: Ord + Copy>(items: &mut Vec<T>) {
    let set: BTreeSet<T> = items.iter().copied().collect();
    *items = set.into_iter().collect();
}

/// Answers as stored and as front ends edit them: the relationship is its id.
pub type StoredAnswers = Answers;

/// A decrypted weekly reflection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reflection {
    /// UUID.
    pub id: String,
    /// The week it belongs to.
    pub week: Week,
    /// Started (RFC 3339, UTC).
    pub created_at: String,
    /// Last change (RFC 3339, UTC).
    pub updated_at: String,
    /// When it was finished; `None` while a draft.
    pub completed_at: Option<String>,
    /// Record version.
    pub version: i64,
    /// The answers; `exercise.relationship` is a relationship id.
    pub answers: StoredAnswers,
}

impl Reflection {
    /// Finished (not a draft).
    pub fn is_completed(&self) -> bool {
        self.completed_at.is_some()
    }
}

/// A row as stored: plaintext columns and the sealed payload.
struct ReflectionRow {
    id: String,
    week: String,
    created_at: String,
    updated_at: String,
    version: i64,
    sealed: Vec<u8>,
}

impl ReflectionRow {
    const SELECT: &'static str =
        "SELECT id, week, created_at, updated_at, version, sealed FROM reflections";

    fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(ReflectionRow {
            id: r.get(0)?,
            week: r.get(1)?,
            created_at: r.get(2)?,
            updated_at: r.get(3)?,
            version: r.get(4)?,
            sealed: r.get(5)?,
        })
    }
}

#[derive(Serialize, Deserialize)]
struct ReflectionPayload {
    week: Week,
    completed_at: Option<String>,
    answers: StoredAnswers,
}

/// The step a reflection follows up: the one committed in the latest earlier reflection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreviousStep {
    /// The week it was committed.
    pub week: Week,
    /// The relationship's id, if one was chosen.
    pub relationship_id: Option<String>,
    /// Its current name.
    pub relationship: Option<String>,
    /// The kind of step.
    pub step_type: Option<StepType>,
    /// The step.
    pub step: String,
    /// The feedback the leader meant to ask for.
    pub feedback_request: String,
    /// Trust as rated that week.
    pub trust: Option<Rating>,
}

/// A relationship's ratings over time and its trust account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelationshipHistory {
    /// The relationship.
    pub relationship: Relationship,
    /// Authority and trust in the weeks it was the exercise's relationship, oldest first.
    pub points: Vec<RatingPoint>,
    /// Follow-ups of the steps committed for it, oldest first.
    pub follow_ups: Vec<FollowUpPoint>,
    /// Deposits in the weeks it was the exercise's relationship.
    pub deposits: u32,
    /// Withdrawals in those weeks.
    pub withdrawals: u32,
    /// Steps committed for it.
    pub steps_committed: u32,
    /// Of those followed up: done.
    pub steps_done: u32,
    /// Partly done.
    pub steps_partly: u32,
    /// Not done.
    pub steps_not_done: u32,
}

/// Authority and trust in one week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RatingPoint {
    /// The week.
    pub week: Week,
    /// Authority 1–5.
    pub authority: Option<Rating>,
    /// Trust 1–5.
    pub trust: Option<Rating>,
}

/// How a step committed for a relationship went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUpPoint {
    /// The week the step was committed.
    pub step_week: Week,
    /// The week it was followed up.
    pub week: Week,
    /// The step.
    pub step: String,
    /// The kind of step.
    pub step_type: Option<StepType>,
    /// How it went.
    pub status: Option<FollowUpStatus>,
    /// Trust afterwards.
    pub trust_now: Option<Rating>,
}

/// A reflection line or document parsed from the reflection JSON of DESIGN §4.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReflectionDoc {
    /// Its week.
    pub week: Week,
    /// Its answers; `exercise.relationship` is a relationship *name*.
    pub answers: Answers,
}

/// Parses the reflection JSON of DESIGN §4 (a `"kind": "reflection"` member is allowed
/// and ignored). Errors name the field: `exercise.authority: must be a whole number from
/// 1 to 5, got 7`.
pub fn parse_reflection_doc(
    value: serde_json::Value,
) -> std::result::Result<ReflectionDoc, String> {
    let serde_json::Value::Object(mut map) = value else {
        return Err("expected a JSON object".into());
    };
    map.remove("kind");
    let week = match map.remove("week") {
        None => return Err("week: missing (a week name like \"2026-W47\")".into()),
        Some(serde_json::Value::String(w)) => w.parse::<Week>().map_err(|e| match e {
            Error::InvalidInput(m) => format!("week: {m}"),
            other => format!("week: {other}"),
        })?,
        Some(other) => {
            return Err(format!(
                "week: expected a week name like \"2026-W47\", got {other}"
            ))
        }
    };
    let mut answers: Answers = serde_path_to_error::deserialize(serde_json::Value::Object(map))
        .map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner().to_string();
            if path == "." {
                inner
            } else {
                format!("{path}: {inner}")
            }
        })?;
    if let Some(name) = &answers.exercise.relationship {
        let name = clean_name(name).map_err(|e| format!("exercise.{e}"))?;
        answers.exercise.relationship = Some(name);
    }
    answers.clean();
    Ok(ReflectionDoc { week, answers })
}

/// The reflection JSON of DESIGN §4 for `reflection`, naming relationships by `names`.
pub fn reflection_doc_json(
    reflection: &Reflection,
    names: &HashMap<String, String>,
) -> serde_json::Value {
    let mut answers: Answers = Answers {
        exercise: Exercise {
            relationship: reflection
                .answers
                .exercise
                .relationship
                .as_ref()
                .map(|id| names.get(id).cloned().unwrap_or_else(|| id.clone())),
            ..reflection.answers.exercise.clone()
        },
        ..reflection.answers.clone()
    };
    answers.clean();
    let mut value = serde_json::to_value(&answers).expect("answers serialize");
    if let serde_json::Value::Object(map) = &mut value {
        map.insert(
            "week".into(),
            serde_json::Value::String(reflection.week.to_string()),
        );
    }
    value
}

impl Vault {
    fn open_reflection(&self, row: ReflectionRow) -> Result<Reflection> {
        let ReflectionRow {
            id,
            week,
            created_at,
            updated_at,
            version,
            sealed,
        } = row;
        let tampered = || Error::Tampered {
            what: format!("reflection {week}"),
        };
        let plain = self.records().open(
            RecordAad {
                table: TABLE,
                id: &id,
                version,
            },
            &sealed,
        )?;
        let p: ReflectionPayload = codec::decode(&plain).ok_or_else(tampered)?;
        if p.week.to_string() != week {
            return Err(tampered());
        }
        Ok(Reflection {
            id,
            week: p.week,
            created_at,
            updated_at,
            completed_at: p.completed_at,
            version,
            answers: p.answers,
        })
    }

    /// Every reflection, oldest week first.
    pub fn list_reflections(&self) -> Result<Vec<Reflection>> {
        let mut stmt = self.conn().prepare_cached(ReflectionRow::SELECT)?;
        let rows = stmt.query_map([], ReflectionRow::read)?;
        let mut out = Vec::new();
        for row in rows {
            out.push(self.open_reflection(row?)?);
        }
        out.sort_by_key(|r| r.week);
        Ok(out)
    }

    /// The reflection of `week`, if one was started.
    pub fn get_reflection(&self, week: Week) -> Result<Option<Reflection>> {
        self.conn()
            .query_row(
                &format!("{} WHERE week = ?1", ReflectionRow::SELECT),
                [week.to_string()],
                ReflectionRow::read,
            )
            .optional()?
            .map(|row| self.open_reflection(row))
            .transpose()
    }

    /// Saves the answers of `week` (a draft, or changes to a finished reflection).
    ///
    /// `current` is the week holding "now": later weeks are refused. With
    /// `expected_version`, a save over a newer version (another window or process) is
    /// refused instead of overwriting it.
    pub fn save_reflection(
        &self,
        week: Week,
        answers: StoredAnswers,
        expected_version: Option<i64>,
        current: Week,
    ) -> Result<Reflection> {
        check_not_future(week, current)?;
        let tx = rusqlite::Transaction::new_unchecked(self.conn(), TransactionBehavior::Immediate)?;
        let saved = self.write_reflection(&tx, week, answers, expected_version, None)?;
        tx.commit()?;
        Ok(saved)
    }

    /// Finishes the reflection of `week`: refused, naming the missing answers, until the
    /// strength source, the exercise and (when an earlier step exists) the follow-up are
    /// answered.
    pub fn finish_reflection(&self, week: Week, current: Week) -> Result<Reflection> {
        check_not_future(week, current)?;
        let existing = self.get_reflection(week)?.ok_or_else(|| {
            Error::InvalidInput(format!("week {week} has no reflection to finish yet"))
        })?;
        let needs_follow_up = self.previous_step(week)?.is_some();
        let missing = existing.answers.missing_for_finish(needs_follow_up);
        if !missing.is_empty() {
            return Err(Error::InvalidInput(format!(
                "to finish the reflection of {week}, answer: {}",
                missing.join(", ")
            )));
        }
        if existing.is_completed() {
            return Ok(existing);
        }
        let tx = rusqlite::Transaction::new_unchecked(self.conn(), TransactionBehavior::Immediate)?;
        let saved = self.write_reflection(
            &tx,
            week,
            existing.answers,
            Some(existing.version),
            Some(now_rfc3339()),
        )?;
        tx.commit()?;
        Ok(saved)
    }

    /// Inserts or updates the row of `week` inside `tx`. `complete_at` marks it finished;
    /// otherwise a finished reflection stays finished.
    fn write_reflection(
        &self,
        tx: &rusqlite::Connection,
        week: Week,
        mut answers: StoredAnswers,
        expected_version: Option<i64>,
        complete_at: Option<String>,
    ) -> Result<Reflection> {
        answers.clean();
        ensure_relationship(tx, &answers)?;
        let week_name = week.to_string();
        let current: Option<ReflectionRow> = tx
            .query_row(
                &format!("{} WHERE week = ?1", ReflectionRow::SELECT),
                [&week_name],
                ReflectionRow::read,
            )
            .optional()?;
        if let (Some(expected), Some(found)) =
            (expected_version, current.as_ref().map(|r| r.version))
        {
            if expected != found {
                return Err(Error::InvalidInput(format!(
                    "the reflection of {week} was changed elsewhere (version {found}, expected {expected}); reload it"
                )));
            }
        }
        let now = now_rfc3339();
        let (id, version, created_at, completed_at) = match current {
            Some(row) => {
                let (id, version, created_at) =
                    (row.id.clone(), row.version, row.created_at.clone());
                let old = self.open_reflection(row)?;
                (
                    id,
                    version + 1,
                    created_at,
                    complete_at.or(old.completed_at),
                )
            }
            None => (
                uuid::Uuid::new_v4().to_string(),
                1,
                now.clone(),
                complete_at,
            ),
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
        self.upsert_reflection(tx, &reflection)?;
        Ok(reflection)
    }

    /// Saves a reflection given as reflection JSON (`steward reflect --from-json`): its
    /// answers replace the week's, relationship names are found or created, and it is
    /// finished when complete. Returns the saved reflection and the answers still missing
    /// (empty when finished).
    pub fn save_reflection_doc(
        &self,
        doc: ReflectionDoc,
        current: Week,
    ) -> Result<(Reflection, Vec<&'static str>)> {
        check_not_future(doc.week, current)?;
        let mut answers = doc.answers;
        if let Some(name) = answers.exercise.relationship.take() {
            answers.exercise.relationship = Some(self.find_or_create_relationship(&name)?.id);
        }
        let saved = self.save_reflection(doc.week, answers, None, current)?;
        let needs_follow_up = self.previous_step(doc.week)?.is_some();
        let missing = saved.answers.missing_for_finish(needs_follow_up);
        if missing.is_empty() && !saved.is_completed() {
            return Ok((self.finish_reflection(doc.week, current)?, missing));
        }
        Ok((saved, missing))
    }

    /// Writes `r` exactly as given (id, week, dates, version, answers), replacing a row with
    /// the same id (backup restore and merge). Its relationship must exist.
    pub(crate) fn put_reflection_exact(
        &self,
        conn: &rusqlite::Connection,
        r: &Reflection,
    ) -> Result<()> {
        ensure_relationship(conn, &r.answers)?;
        self.upsert_reflection(conn, r)
    }

    /// Seals `r` under its id and version and writes its row (inserted or replaced).
    fn upsert_reflection(&self, conn: &rusqlite::Connection, r: &Reflection) -> Result<()> {
        let payload = ReflectionPayload {
            week: r.week,
            completed_at: r.completed_at.clone(),
            answers: r.answers.clone(),
        };
        let sealed = self.records().seal(
            RecordAad {
                table: TABLE,
                id: &r.id,
                version: r.version,
            },
            &codec::encode(&payload),
        )?;
        conn.execute(
            "INSERT INTO reflections (id, week, created_at, updated_at, version, sealed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (id) DO UPDATE SET week = excluded.week,
                 created_at = excluded.created_at, updated_at = excluded.updated_at,
                 version = excluded.version, sealed = excluded.sealed",
            params![
                r.id,
                r.week.to_string(),
                r.created_at,
                r.updated_at,
                r.version,
                sealed
            ],
        )?;
        Ok(())
    }

    /// The step that `week`'s reflection follows up: the one committed in the latest
    /// reflection before `week` that has a step (usually last week's; after a gap, the
    /// last one written).
    pub fn previous_step(&self, week: Week) -> Result<Option<PreviousStep>> {
        let reflections = self.list_reflections()?;
        let Some(prev) = reflections
            .iter()
            .rev()
            .find(|r| r.week < week && !r.answers.exercise.step.trim().is_empty())
        else {
            return Ok(None);
        };
        let ex = &prev.answers.exercise;
        let relationship = match &ex.relationship {
            Some(id) => Some(self.get_relationship(id)?.name),
            None => None,
        };
        Ok(Some(PreviousStep {
            week: prev.week,
            relationship_id: ex.relationship.clone(),
            relationship,
            step_type: ex.step_type,
            step: ex.step.clone(),
            feedback_request: ex.feedback_request.clone(),
            trust: ex.trust,
        }))
    }

    /// The week the journal was created in (in `schedule`'s week convention, read in the
    /// zone of `now`).
    pub fn created_week<Tz: TimeZone>(
        &self,
        schedule: &Schedule,
        now: &DateTime<Tz>,
    ) -> Result<Week> {
        let created: String = self.conn().query_row(
            "SELECT value FROM vault_meta WHERE key = 'created_at'",
            [],
            |r| r.get(0),
        )?;
        let date: NaiveDate = DateTime::parse_from_rfc3339(&created)
            .map(|t| t.with_timezone(&now.timezone()).date_naive())
            .map_err(|_| Error::Tampered {
                what: "the journal's creation date".into(),
            })?;
        Ok(Week::containing(date, schedule.week_start))
    }

    /// The reminder schedule (the default until one is saved).
    pub fn schedule(&self) -> Result<Schedule> {
        match self.get_setting(Schedule::SETTING)? {
            None => Ok(Schedule::default()),
            Some(value) => serde_json::from_value(value).map_err(|_| Error::Tampered {
                what: "the reminder schedule setting".into(),
            }),
        }
    }

    /// Saves the reminder schedule.
    pub fn set_schedule(&self, schedule: &Schedule) -> Result<()> {
        self.set_setting(
            Schedule::SETTING,
            &serde_json::to_value(schedule).expect("schedule serializes"),
        )
    }

    /// Where the weekly reflection stands at `now`: this week due or done, missed weeks
    /// since the journal began, streaks.
    pub fn reflection_status<Tz: TimeZone>(&self, now: &DateTime<Tz>) -> Result<WeekStatus>
    where
        Tz::Offset: std::fmt::Display,
    {
        let schedule = self.schedule()?;
        let reflections = self.list_reflections()?;
        let mut completed = BTreeSet::new();
        let mut drafts = BTreeSet::new();
        for r in &reflections {
            if r.is_completed() {
                completed.insert(r.week);
            } else {
                drafts.insert(r.week);
            }
        }
        let mut since = self.created_week(&schedule, now)?;
        if let Some(first) = reflections.first() {
            since = since.min(first.week);
        }
        Ok(week_status(now, &schedule, &completed, &drafts, since))
    }

    /// A relationship's ratings over time, its steps' follow-ups and its trust account.
    ///
    /// The trust account of a relationship counts the deposits and withdrawals of the
    /// weeks it was the exercise's relationship (the week's account is about the leader's
    /// conduct as a whole, and that is the relationship the leader was focused on).
    pub fn relationship_history(&self, id: &str) -> Result<RelationshipHistory> {
        let relationship = self.get_relationship(id)?;
        let reflections = self.list_reflections()?;
        let mut history = RelationshipHistory {
            relationship,
            points: Vec::new(),
            follow_ups: Vec::new(),
            deposits: 0,
            withdrawals: 0,
            steps_committed: 0,
            steps_done: 0,
            steps_partly: 0,
            steps_not_done: 0,
        };
        for (i, r) in reflections.iter().enumerate() {
            let ex = &r.answers.exercise;
            if ex.relationship.as_deref() != Some(id) {
                continue;
            }
            history.points.push(RatingPoint {
                week: r.week,
                authority: ex.authority,
                trust: ex.trust,
            });
            history.deposits += r.answers.trust_account.deposits.len() as u32;
            history.withdrawals += r.answers.trust_account.withdrawals.len() as u32;
            if ex.step.trim().is_empty() {
                continue;
            }
            history.steps_committed += 1;
            // The next reflection (after any gap) follows this step up.
            if let Some(next) = reflections[i + 1..].first() {
                let f = &next.answers.follow_up;
                match f.status {
                    Some(FollowUpStatus::Done) => history.steps_done += 1,
                    Some(FollowUpStatus::Partly) => history.steps_partly += 1,
                    Some(FollowUpStatus::NotDone) => history.steps_not_done += 1,
                    None => {}
                }
                history.follow_ups.push(FollowUpPoint {
                    step_week: r.week,
                    week: next.week,
                    step: ex.step.clone(),
                    step_type: ex.step_type,
                    status: f.status,
                    trust_now: f.trust_now,
                });
            }
        }
        Ok(history)
    }

    /// Saves imported reflections inside an import transaction, naming relationships by
    /// name (an unknown name creates the relationship). A week that already has a
    /// reflection is refused, naming the line, so an import never overwrites what the
    /// leader wrote.
    pub(crate) fn import_reflections(
        &self,
        tx: &rusqlite::Connection,
        docs: Vec<(usize, ReflectionDoc)>,
    ) -> Result<usize> {
        let mut by_name: HashMap<String, String> = self
            .list_relationships()?
            .into_iter()
            .map(|r| (r.name.to_lowercase(), r.id))
            .collect();
        let mut count = 0;
        for (line, doc) in docs {
            let exists: bool = tx
                .prepare_cached("SELECT 1 FROM reflections WHERE week = ?1")?
                .exists([doc.week.to_string()])?;
            if exists {
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
                Some(name) => {
                    let key = name.to_lowercase();
                    let id = match by_name.get(&key) {
                        Some(id) => id.clone(),
                        None => {
                            let id = uuid::Uuid::new_v4().to_string();
                            self.insert_relationship(tx, &id, name)?;
                            by_name.insert(key, id.clone());
                            id
                        }
                    };
                    Some(id)
                }
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
            self.write_reflection(tx, doc.week, answers, None, complete.then(now_rfc3339))?;
            count += 1;
        }
        Ok(count)
    }
}

/// The relationship the answers name must exist (reflections refer to it by id).
fn ensure_relationship(conn: &rusqlite::Connection, answers: &Answers) -> Result<()> {
    if let Some(id) = &answers.exercise.relationship {
        if !conn
            .prepare_cached("SELECT 1 FROM relationships WHERE id = ?1")?
            .exists([id])?
        {
            return Err(Error::NotFound {
                kind: "relationship",
                id: id.clone(),
            });
        }
    }
    Ok(())
}

fn check_not_future(week: Week, current: Week) -> Result<()> {
    if week > current {
        return Err(Error::InvalidInput(format!(
            "week {week} has not started yet (this week is {current})"
        )));
    }
    Ok(())
}
