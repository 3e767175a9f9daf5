//! How two versions of a record edited on two computers become one: pure rules over record
//! bodies, the same on every device (the two sides are ordered by their stamps, never as
//! "mine" and "theirs", so both computers reach the same result).
//!
//! Fields merge one by one against the common base when it is known: a field changed on one
//! side only takes that side's value; text changed on both sides is merged line by line
//! (diff3, `diffy`) where the edits do not overlap; tags and people merge as sets. Where
//! text edits overlap, or no base is known and both sides wrote different text, the later
//! edit is kept in the record and the earlier one is returned as the conflict: nothing is
//! lost, and the journal holds one record, not two. Other values (ratings, choices,
//! settings) take the later edit. An edit and a deletion made without seeing each other:
//! the later of the two stands.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::entry::Entry;
use crate::model::reflection::Reflection;
use crate::model::relationship::Relationship;
use crate::model::tombstone::Tombstone;

use super::state::{Hlc, Vv};

/// A record as it travels in a change file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Body {
    /// A journal entry (decisions and reviews are entries).
    Entry(Box<Entry>),
    /// A relationship.
    Relationship(Relationship),
    /// A weekly reflection.
    Reflection(Box<Reflection>),
    /// A setting's value.
    Setting(Value),
    /// A deleted record.
    Deleted(Tombstone),
}

/// One record's version in a change file or snapshot.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Change {
    /// The record's key (`e/<id>`, `r/<id>`, `f/<id>`, `s/<name>`).
    pub key: String,
    /// Edits it has seen.
    pub vv: Vv,
    /// Its last edit's stamp.
    pub hlc: Hlc,
    /// The record.
    pub body: Body,
    /// The other version of a record edited on two computers whose texts overlapped,
    /// while the leader has not chosen: every computer shows the same choice.
    #[serde(default)]
    pub other: Option<Box<Body>>,
}

/// What merging two concurrent versions gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The version the journal keeps.
    pub body: Body,
    /// The earlier edit, when its text could not be merged: the leader chooses.
    pub conflict: Option<Body>,
}

/// Merges the concurrent versions `a` and `b` (each with its stamp) against `base`, the
/// last version both had, when known.
pub fn merge(base: Option<&Body>, a: (&Body, &Hlc), b: (&Body, &Hlc)) -> Merged {
    let ((older, _), (newer, newer_hlc)) = if a.1 <= b.1 { (a, b) } else { (b, a) };
    let _ = newer_hlc;
    let kept = |body: &Body| Merged {
        body: body.clone(),
        conflict: None,
    };
    match (older, newer) {
        (Body::Deleted(_), Body::Deleted(_)) => kept(newer),
        // An edit and a deletion made without seeing each other: the later one stands (a
        // deletion is applied unless the record was edited after it).
        (Body::Deleted(_), live) => kept(live),
        (_, Body::Deleted(_)) => kept(newer),
        (Body::Entry(o), Body::Entry(n)) => {
            let base = match base {
                Some(Body::Entry(e)) => Some(e),
                _ => None,
            };
            let (merged, clash) = merge_records(base.map(|b| &**b), &**o, &**n, true);
            Merged {
                body: Body::Entry(Box::new(merged)),
                conflict: clash.then(|| older.clone()),
            }
        }
        (Body::Reflection(o), Body::Reflection(n)) => {
            let base = match base {
                Some(Body::Reflection(r)) => Some(r),
                _ => None,
            };
            let (mut merged, clash) = merge_records(base.map(|b| &**b), &**o, &**n, true);
            merged.completed_at = n.completed_at.or(o.completed_at);
            Merged {
                body: Body::Reflection(Box::new(merged)),
                conflict: clash.then(|| older.clone()),
            }
        }
        (Body::Relationship(o), Body::Relationship(n)) => {
            let base = match base {
                Some(Body::Relationship(r)) => Some(r),
                _ => None,
            };
            // A name or note written twice: the later stays (the relationship list is not
            // a place for a "which one?" choice).
            let (merged, _) = merge_records(base, o, n, false);
            kept(&Body::Relationship(merged))
        }
        // Settings (and two kinds of record under one key, which no build writes): the
        // later edit.
        _ => kept(newer),
    }
}

/// Merges two records field by field through their JSON form; `true` when text clashed.
/// `text_clashes` off: overlapping text takes the later edit without a conflict.
fn merge_records<T: Serialize + serde::de::DeserializeOwned + Clone>(
    base: Option<&T>,
    older: &T,
    newer: &T,
    text_clashes: bool,
) -> (T, bool) {
    let json = |t: &T| {
        let mut v = serde_json::to_value(t).expect("records serialize to JSON");
        if let Value::Object(map) = &mut v {
            // The row's version is each journal's own counter, and the edit and finishing
            // times are stamps, not content: set from the two sides below.
            for stamp in ["version", "updated_at", "completed_at"] {
                map.remove(stamp);
            }
        }
        v
    };
    let (o, n) = (json(older), json(newer));
    let b = base.map(json);
    let mut clash = false;
    let mut merged = merge_value(b.as_ref(), &o, &n, &mut clash);
    let (full_older, full_newer) = (
        serde_json::to_value(older).unwrap_or_default(),
        serde_json::to_value(newer).unwrap_or_default(),
    );
    if let Value::Object(map) = &mut merged {
        // The later edit time; the newer side's version and finishing time (the caller
        // may choose another).
        let later = match (full_older.get("updated_at"), full_newer.get("updated_at")) {
            (Some(Value::String(x)), Some(Value::String(y))) => {
                Some(Value::String(x.max(y).clone()))
            }
            (_, y) => y.cloned(),
        };
        for (key, value) in [
            ("updated_at", later),
            ("version", full_newer.get("version").cloned()),
            ("completed_at", full_newer.get("completed_at").cloned()),
        ] {
            if let Some(value) = value {
                map.insert(key.into(), value);
            }
        }
    }
    match serde_json::from_value::<T>(merged) {
        Ok(record) => (record, clash && text_clashes),
        // A merge that breaks the record's own rules: keep the later edit whole.
        Err(_) => (newer.clone(), text_clashes && o != n),
    }
}

/// Whether a value says nothing was written.
fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(is_empty),
        Value::Bool(b) => !b,
        Value::Number(_) => false,
    }
}

/// Merges one field; sets `clash` when two texts could not be merged.
fn merge_value(base: Option<&Value>, older: &Value, newer: &Value, clash: &mut bool) -> Value {
    if older == newer {
        return newer.clone();
    }
    match base {
        Some(b) if b == older => return newer.clone(),
        Some(b) if b == newer => return older.clone(),
        _ => {}
    }
    match (older, newer) {
        (Value::Object(o), Value::Object(n)) => {
            let base = base.and_then(Value::as_object);
            let mut out = Map::new();
            for key in o.keys().chain(n.keys()) {
                if out.contains_key(key) {
                    continue;
                }
                let b = base.and_then(|b| b.get(key));
                let value = match (o.get(key), n.get(key)) {
                    (Some(x), Some(y)) => merge_value(b, x, y, clash),
                    (Some(x), None) | (None, Some(x)) => x.clone(),
                    (None, None) => unreachable!("the key is one of theirs"),
                };
                out.insert(key.clone(), value);
            }
            Value::Object(out)
        }
        (Value::String(o), Value::String(n)) => match base {
            Some(Value::String(b)) => match diffy::merge(b, o, n) {
                Ok(text) => Value::String(text),
                Err(_) => {
                    *clash = true;
                    newer.clone()
                }
            },
            _ if o.is_empty() => newer.clone(),
            _ if n.is_empty() => older.clone(),
            _ => {
                *clash = true;
                newer.clone()
            }
        },
        (Value::Array(o), Value::Array(n)) => {
            // As sets: what either side added, without what either side removed.
            let removed = |side: &Vec<Value>| -> Vec<Value> {
                match base.and_then(Value::as_array) {
                    Some(b) => b.iter().filter(|x| !side.contains(x)).cloned().collect(),
                    None => Vec::new(),
                }
            };
            let (gone_o, gone_n) = (removed(o), removed(n));
            let mut out: Vec<Value> = Vec::new();
            for x in o.iter().chain(n.iter()) {
                if !out.contains(x) && !gone_o.contains(x) && !gone_n.contains(x) {
                    out.push(x.clone());
                }
            }
            Value::Array(out)
        }
        _ if base.is_none() && is_empty(newer) => older.clone(),
        _ => newer.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_merge_against_the_base_and_text_clashes_keep_both() {
        let mut clash = false;
        let base =
            serde_json::json!({"title": "T", "body": "one\ntwo\nthree\n", "tags": ["a", "b"]});
        let older = serde_json::json!({"title": "T", "body": "ONE\ntwo\nthree\n", "tags": ["a"]});
        let newer = serde_json::json!({"title": "T2", "body": "one\ntwo\nTHREE\n", "tags": ["a", "b", "c"]});
        let merged = merge_value(Some(&base), &older, &newer, &mut clash);
        assert!(!clash);
        assert_eq!(
            merged,
            serde_json::json!({"title": "T2", "body": "ONE\ntwo\nTHREE\n", "tags": ["a", "c"]})
        );
        let overlapping =
            serde_json::json!({"title": "T", "body": "uno\ntwo\nthree\n", "tags": ["a", "b"]});
        let merged = merge_value(Some(&base), &older, &overlapping, &mut clash);
        assert!(clash);
        assert_eq!(merged["body"], "uno\ntwo\nthree\n");
    }

    #[test]
    fn without_a_base_written_beats_empty_and_different_text_clashes() {
        let mut clash = false;
        let older = serde_json::json!({"a": "", "b": "kept", "n": 3});
        let newer = serde_json::json!({"a": "new", "b": "", "n": 4});
        let merged = merge_value(None, &older, &newer, &mut clash);
        assert_eq!(merged, serde_json::json!({"a": "new", "b": "kept", "n": 4}));
        assert!(!clash);
        merge_value(
            None,
            &serde_json::json!("x"),
            &serde_json::json!("y"),
            &mut clash,
        );
        assert!(clash);
    }
}
