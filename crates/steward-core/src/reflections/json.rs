//! The reflection JSON of docs/DESIGN.md §4: the one shape of `steward reflect --from-json`,
//! `reflect --show --json`, JSONL import lines and plaintext exports. Inside the engine a
//! reflection names its relationship by id; in this JSON, by name.

use std::collections::HashMap;

use crate::error::Error;
use crate::model::reflection::{Answers, Reflection};
use crate::model::relationship::clean_name;
use crate::schedule::Week;

/// A reflection line or document parsed from the reflection JSON of docs/DESIGN.md §4.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReflectionDoc {
    /// Its week.
    pub week: Week,
    /// Its answers; `exercise.relationship` is a relationship *name*.
    pub answers: Answers,
}

/// Parses the reflection JSON of docs/DESIGN.md §4 (a `"kind": "reflection"` member is allowed
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
    for (path, reference) in answers.relationship_refs_mut() {
        if let Some(name) = reference.as_deref() {
            let parent = path.rsplit_once('.').map_or(path, |(p, _)| p);
            *reference = Some(clean_name(name).map_err(|e| format!("{parent}.{e}"))?);
        }
    }
    answers.clean();
    Ok(ReflectionDoc { week, answers })
}

/// The reflection JSON of docs/DESIGN.md §4 for `reflection`, naming relationships by `names`.
pub fn reflection_doc_json(
    reflection: &Reflection,
    names: &HashMap<String, String>,
) -> serde_json::Value {
    let mut answers: Answers = reflection.answers.clone();
    for (_, reference) in answers.relationship_refs_mut() {
        if let Some(id) = reference.as_mut() {
            if let Some(name) = names.get(id.as_str()) {
                *id = name.clone();
            }
        }
    }
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
