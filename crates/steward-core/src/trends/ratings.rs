//! The trust ratings of each person, week by week: one rating per person per week, from the
//! week's exercise or from the follow-up of the step committed for that person. A pure
//! function of the reflections; the trends and the gap shown anywhere read it.

use std::collections::HashMap;

use super::{GapPoint, RatingSource};
use crate::model::reflection::Reflection;

/// Every rating of every person in `all` (oldest week first), as (relationship id, point),
/// oldest first.
///
/// - The exercise's relationship, authority and trust make a point of that week.
/// - The follow-up's "trust now" speaks of the person of the step it follows up (the step
///   of the latest earlier reflection that committed one). It is a point of that week,
///   with the authority last rated for that person — unless the week's exercise rates the
///   same person, whose rating is then the week's one (the app does not ask twice).
pub(crate) fn person_ratings<'r>(all: &[&'r Reflection]) -> Vec<(&'r str, GapPoint)> {
    let mut out = Vec::new();
    let mut authority_of: HashMap<&str, u8> = HashMap::new();
    let mut step_person: Option<&str> = None;
    for r in all {
        let ex = &r.answers.exercise;
        let rated = match (ex.relationship.as_deref(), ex.authority, ex.trust) {
            (Some(id), Some(a), Some(t)) => Some((id, a.get(), t.get())),
            _ => None,
        };
        if let (Some(person), Some(trust)) = (step_person, r.answers.follow_up.trust_now) {
            let rated_again = rated.is_some_and(|(id, _, _)| id == person);
            if let (false, Some(&authority)) = (rated_again, authority_of.get(person)) {
                out.push((
                    person,
                    point(r, authority, trust.get(), RatingSource::FollowUp),
                ));
            }
        }
        if let Some((id, authority, trust)) = rated {
            out.push((id, point(r, authority, trust, RatingSource::Exercise)));
            authority_of.insert(id, authority);
        }
        if !ex.step.trim().is_empty() {
            step_person = ex.relationship.as_deref();
        }
    }
    out
}

fn point(r: &Reflection, authority: u8, trust: u8, source: RatingSource) -> GapPoint {
    GapPoint {
        week: r.week,
        authority,
        trust,
        gap: authority as i8 - trust as i8,
        source,
    }
}
