//! The weekly reflection as data: the answers to the three questions, the exercise, the
//! follow-up and the trust account, with the rules of what a finished one needs
//! (docs/DESIGN.md §4). No storage and no JSON format here.

use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeSet;
use ts_rs::TS;

use serde::{Deserialize, Serialize};

use crate::model::relationship::Relationship;
use crate::schedule::Week;

/// The reflection's wording in English, from the seed articles on power and trust
/// (docs/DESIGN.md §4): the CLI asks these, exports print them, and the desktop app's
/// message catalog is checked against them (ui/src/lib/reflection.ts).
pub mod questions {
    /// Question 1.
    pub const STRENGTH: &str =
        "Where does your current leadership draw its strength — from power, trust, or both?";
    /// Question 2.
    pub const LOST_TRUST: &str = "When have you lost trust, and what caused it?";
    /// Question 2 as it is asked each week, with "nothing this week" a valid answer.
    pub const LOST_TRUST_THIS_WEEK: &str = "Did anything cost you trust this week?";
    /// Question 3.
    pub const REINFORCE: &str =
        "How can you use power in a way that consistently reinforces trust?";
    /// The exercise.
    pub const EXERCISE: &str = "Name the one relationship where your authority exceeds your trust.";
}

/// Where the leader's strength comes from this week (question 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
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

/// A rating crosses IPC as its number, 1 to 5.
impl TS for Rating {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn name(_: &ts_rs::Config) -> String {
        "number".to_owned()
    }
    fn inline(_: &ts_rs::Config) -> String {
        "number".to_owned()
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
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
    /// By when the step is to be taken (a local date, `YYYY-MM-DD` in JSON); the closing
    /// card's "Add to calendar" makes it an all-day event.
    #[ts(type = "string | null")]
    pub by_when: Option<NaiveDate>,
}

/// The follow-up of the previous reflection's step.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct FollowUp {
    /// Done, partly or not done.
    pub status: Option<FollowUpStatus>,
    /// What happened.
    pub what_happened: String,
    /// Trust in that relationship now, 1–5: a point on the person's trust line (see
    /// [`crate::trends`]); when this week's exercise rates the same person, that rating is
    /// the week's and this one is not asked.
    pub trust_now: Option<Rating>,
    /// Whether the leader asked for the feedback the step's week meant to ask for.
    pub asked_for_feedback: Option<bool>,
    /// What they said, in the leader's words.
    pub their_feedback: String,
}

/// The week's trust account.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct TrustAccount {
    /// What built trust this week.
    pub deposits: Vec<Deposit>,
    /// What drew on it.
    pub withdrawals: Vec<Eroder>,
    /// The person they concern, if one (an id inside the engine and across IPC, a name in
    /// the reflection JSON, like the exercise's): their page shows the week's account.
    pub relationship: Option<String>,
}

/// The answers of one week's reflection (every field may be empty in a draft).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
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
    /// Question 2 answered "nothing this week" (it is asked as "Did anything cost you
    /// trust this week?"): a week without a loss, told apart from a question skipped.
    pub no_trust_lost: bool,
    /// Question 3: using power so that it reinforces trust.
    pub reinforce_trust: String,
    /// The exercise.
    pub exercise: Exercise,
    /// The follow-up of the previous step.
    pub follow_up: FollowUp,
    /// The trust account.
    pub trust_account: TrustAccount,
    /// The week's optional prompt from the library, answered; `None` when skipped. Left out
    /// when skipped, so a reflection without one seals (and exports) as before prompts
    /// existed, and an earlier build still opens it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub prompt: Option<crate::model::prompts::PromptAnswer>,
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

    /// Every reference to a relationship, with its field path in the reflection JSON: the
    /// exercise's and the trust account's. Code that maps names to ids, checks that ids
    /// exist or rewrites them goes through this, so neither is forgotten.
    pub fn relationship_refs_mut(&mut self) -> [(&'static str, &mut Option<String>); 2] {
        [
            ("exercise.relationship", &mut self.exercise.relationship),
            (
                "trust_account.relationship",
                &mut self.trust_account.relationship,
            ),
        ]
    }

    /// Everything written in words (not choices or ratings), in the order asked: what a
    /// search of the reflections looks at.
    pub fn written(&self) -> [&str; 8] {
        [
            &self.follow_up.what_happened,
            &self.follow_up.their_feedback,
            &self.strength_note,
            &self.lost_trust,
            &self.reinforce_trust,
            &self.exercise.feedback_request,
            &self.exercise.step,
            self.prompt.as_ref().map_or("", |p| p.answer.as_str()),
        ]
    }

    /// The relationship ids (or names) these answers refer to.
    pub fn relationship_refs(&self) -> impl Iterator<Item = &String> {
        [
            &self.exercise.relationship,
            &self.trust_account.relationship,
        ]
        .into_iter()
        .flatten()
    }

    /// Sorts and de-duplicates the lists (causes, deposits, withdrawals).
    pub(crate) fn clean(&mut self) {
        // An optional prompt left empty was skipped.
        if self
            .prompt
            .as_ref()
            .is_some_and(|p| p.answer.trim().is_empty())
        {
            self.prompt = None;
        }
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Reflection {
    /// UUID.
    pub id: String,
    /// The week it belongs to.
    pub week: Week,
    /// Started (RFC 3339, UTC, in JSON).
    #[serde(with = "crate::stamp::serde_utc")]
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    /// Last change (RFC 3339, UTC, in JSON).
    #[serde(with = "crate::stamp::serde_utc")]
    #[ts(type = "string")]
    pub updated_at: DateTime<Utc>,
    /// When it was finished; `None` while a draft.
    #[serde(with = "crate::stamp::serde_utc_opt")]
    #[ts(type = "string | null")]
    pub completed_at: Option<DateTime<Utc>>,
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

/// The step a reflection follows up: the one committed in the latest earlier reflection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
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
    /// Authority as rated that week: what a new week about the same person starts from.
    pub authority: Option<Rating>,
    /// The day the step was to be taken by.
    #[ts(type = "string | null")]
    pub by_when: Option<NaiveDate>,
}

impl PreviousStep {
    /// The step committed in the latest of `reflections` (oldest first) before `week`, its
    /// relationship named from `names` (id → name).
    pub(crate) fn before(
        reflections: &[Reflection],
        week: Week,
        names: &std::collections::HashMap<String, String>,
    ) -> Option<PreviousStep> {
        let prev = reflections
            .iter()
            .rev()
            .find(|r| r.week < week && !r.answers.exercise.step.trim().is_empty())?;
        let ex = &prev.answers.exercise;
        Some(PreviousStep {
            week: prev.week,
            relationship_id: ex.relationship.clone(),
            relationship: (ex.relationship.as_ref()).and_then(|id| names.get(id).cloned()),
            step_type: ex.step_type,
            step: ex.step.clone(),
            feedback_request: ex.feedback_request.clone(),
            trust: ex.trust,
            authority: ex.authority,
            by_when: ex.by_when,
        })
    }
}

/// A relationship's ratings over time and its trust account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RelationshipHistory {
    /// The relationship.
    pub relationship: Relationship,
    /// Its ratings, one a week, oldest first: the exercise's, or the follow-up's "trust
    /// now" of a step committed for it (see [`crate::trends::RatingSource`]).
    pub points: Vec<RatingPoint>,
    /// Follow-ups of the steps committed for it, oldest first.
    pub follow_ups: Vec<FollowUpPoint>,
    /// The step committed for it that no later reflection has followed up yet: what the
    /// leader is working on with this person now.
    pub current_step: Option<CurrentStep>,
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

/// A step committed for a relationship, not followed up yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CurrentStep {
    /// The week it was committed.
    pub week: Week,
    /// The kind of step.
    pub step_type: Option<StepType>,
    /// The step.
    pub step: String,
    /// The feedback to ask for.
    pub feedback_request: String,
    /// The day it is to be taken by.
    #[ts(type = "string | null")]
    pub by_when: Option<NaiveDate>,
}

/// Authority and trust in one week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RatingPoint {
    /// The week.
    pub week: Week,
    /// Authority 1–5.
    pub authority: Rating,
    /// Trust 1–5.
    pub trust: Rating,
    /// Where the rating comes from.
    pub source: super::ratings::RatingSource,
}

/// How a step committed for a relationship went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
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
    /// What happened, in the leader's words.
    pub what_happened: String,
    /// The feedback the step's week meant to ask for.
    pub feedback_request: String,
    /// Whether it was asked for.
    pub asked_for_feedback: Option<bool>,
    /// What they said.
    pub their_feedback: String,
}

impl RelationshipHistory {
    /// The history of `relationship` over `reflections` (oldest week first).
    ///
    /// The trust account of a relationship counts the deposits and withdrawals of the
    /// weeks whose account names it, and of the weeks it was the exercise's relationship
    /// when the account names no one (the leader's focus that week).
    pub(crate) fn of(relationship: Relationship, reflections: &[Reflection]) -> Self {
        let id = relationship.id.clone();
        let mut history = RelationshipHistory {
            relationship,
            points: Vec::new(),
            follow_ups: Vec::new(),
            current_step: None,
            deposits: 0,
            withdrawals: 0,
            steps_committed: 0,
            steps_done: 0,
            steps_partly: 0,
            steps_not_done: 0,
        };
        history.points = super::ratings::person_ratings(reflections)
            .into_iter()
            .filter(|p| p.relationship == id)
            .map(|p| RatingPoint {
                week: p.week,
                authority: p.authority,
                trust: p.trust,
                source: p.source,
            })
            .collect();
        for (i, r) in reflections.iter().enumerate() {
            let ex = &r.answers.exercise;
            let account = &r.answers.trust_account;
            let concerns = account.relationship.as_ref().or(ex.relationship.as_ref());
            if concerns.map(String::as_str) == Some(id.as_str()) {
                history.deposits += account.deposits.len() as u32;
                history.withdrawals += account.withdrawals.len() as u32;
            }
            if ex.relationship.as_deref() != Some(id.as_str()) || ex.step.trim().is_empty() {
                continue;
            }
            history.steps_committed += 1;
            // The next reflection (after any gap) follows this step up.
            match reflections[i + 1..].first() {
                Some(next) => history.count_follow_up(r, next),
                None => {
                    history.current_step = Some(CurrentStep {
                        week: r.week,
                        step_type: ex.step_type,
                        step: ex.step.clone(),
                        feedback_request: ex.feedback_request.clone(),
                        by_when: ex.by_when,
                    })
                }
            }
        }
        history
    }

    fn count_follow_up(&mut self, step: &Reflection, next: &Reflection) {
        let ex = &step.answers.exercise;
        let f = &next.answers.follow_up;
        match f.status {
            Some(FollowUpStatus::Done) => self.steps_done += 1,
            Some(FollowUpStatus::Partly) => self.steps_partly += 1,
            Some(FollowUpStatus::NotDone) => self.steps_not_done += 1,
            None => {}
        }
        self.follow_ups.push(FollowUpPoint {
            step_week: step.week,
            week: next.week,
            step: ex.step.clone(),
            step_type: ex.step_type,
            status: f.status,
            trust_now: f.trust_now,
            what_happened: f.what_happened.clone(),
            feedback_request: ex.feedback_request.clone(),
            asked_for_feedback: f.asked_for_feedback,
            their_feedback: f.their_feedback.clone(),
        });
    }
}
