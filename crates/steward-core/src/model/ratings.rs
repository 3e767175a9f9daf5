//! The trust ratings of each person, week by week: one rating per person per week, from the
//! week's exercise or from the follow-up of the step committed for that person. A pure
//! function of the reflections; the trends and a relationship's history read it, so the
//! gap shown anywhere is the latest rating's.

use std::collections::HashMap;

use serde::Serialize;
use ts_rs::TS;

use super::reflection::{Rating, Reflection};
use crate::schedule::Week;

/// Where a week's rating of a person comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RatingSource {
    /// Rated in that week's exercise.
    Exercise,
    /// The follow-up's "trust now" of the step committed for the person, with the
    /// authority last rated.
    FollowUp,
}

/// One week's rating of one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PersonRating<'r> {
    /// The relationship's id.
    pub relationship: &'r str,
    pub week: Week,
    pub authority: Rating,
    pub trust: Rating,
    pub source: RatingSource,
}

/// Every rating of every person in `all` (oldest week first), oldest first.
///
/// - The exercise's relationship, authority and trust make a point of that week.
/// - The follow-up's "trust now" speaks of the person of the step it follows up (the step
///   of the latest earlier reflection that committed one). It is a point of that week,
///   with the authority last rated for that person — unless the week's exercise rates the
///   same person, whose rating is then the week's one (the app does not ask twice).
pub(crate) fn person_ratings<'r>(
    all: impl IntoIterator<Item = &'r Reflection>,
) -> Vec<PersonRating<'r>> {
    let mut out = Vec::new();
    let mut authority_of: HashMap<&str, Rating> = HashMap::new();
    let mut step_person: Option<&str> = None;
    for r in all {
        let ex = &r.answers.exercise;
        let rated = match (ex.relationship.as_deref(), ex.authority, ex.trust) {
            (Some(id), Some(a), Some(t)) => Some((id, a, t)),
            _ => None,
        };
        if let (Some(person), Some(trust)) = (step_person, r.answers.follow_up.trust_now) {
            let rated_again = rated.is_some_and(|(id, _, _)| id == person);
            if let (false, Some(&authority)) = (rated_again, authority_of.get(person)) {
                out.push(PersonRating {
                    relationship: person,
                    week: r.week,
                    authority,
                    trust,
                    source: RatingSource::FollowUp,
                });
            }
        }
        if let Some((id, authority, trust)) = rated {
            out.push(PersonRating {
                relationship: id,
                week: r.week,
                authority,
                trust,
                source: RatingSource::Exercise,
            });
            authority_of.insert(id, authority);
        }
        if !ex.step.trim().is_empty() {
            step_person = ex.relationship.as_deref();
        }
    }
    out
}
