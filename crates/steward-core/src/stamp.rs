//! Timestamps as the engine stores, compares and prints them: [`DateTime<Utc>`] in every
//! domain type, and one text form (RFC 3339, UTC, milliseconds, e.g.
//! `2026-11-23T09:30:00.000Z`) in SQL columns, sealed payloads, backups and JSON. Text is
//! produced and parsed only here, so two stamps are always compared as instants, never as
//! strings.

use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};

/// Now, to the millisecond (the precision the text form keeps, so a stamp survives a round
/// trip through storage unchanged).
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(3)
}

/// The stored text of `t`.
pub fn format(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Parses any RFC 3339 date-time (older files and other writers use other offsets and
/// precisions) as the instant it names.
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// `#[serde(with = "crate::stamp::serde_utc")]`: a stamp as its stored text.
pub(crate) mod serde_utc {
    use chrono::{DateTime, Utc};
    use serde::{de::Error as _, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format(t))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        super::parse(&text).ok_or_else(|| {
            D::Error::custom(format!(
                "{text:?} is not an RFC 3339 date-time like 2026-11-23T09:30:00Z"
            ))
        })
    }
}

/// `#[serde(with = "crate::stamp::serde_utc_opt")]`: an optional stamp (`null` when absent).
pub(crate) mod serde_utc_opt {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => super::serde_utc::serialize(t, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        #[derive(Deserialize)]
        struct Stamp(#[serde(with = "super::serde_utc")] DateTime<Utc>);
        Ok(Option::<Stamp>::deserialize(d)?.map(|Stamp(t)| t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_form_round_trips_and_other_offsets_name_the_same_instant() {
        let t = now();
        assert_eq!(parse(&format(&t)), Some(t));
        let a = parse("2026-11-23T10:30:00+01:00").unwrap();
        let b = parse("2026-11-23T09:30:00.000Z").unwrap();
        assert_eq!(a, b);
        assert_eq!(format(&a), "2026-11-23T09:30:00.000Z");
        assert_eq!(parse("yesterday"), None);
    }

    #[test]
    fn stamps_compare_as_instants_where_their_text_would_not() {
        // As text, "…10:00+02:00" sorts after "…09:30Z", but it is half an hour earlier.
        let earlier = parse("2026-11-23T10:00:00+02:00").unwrap();
        let later = parse("2026-11-23T09:30:00Z").unwrap();
        assert!("2026-11-23T10:00:00+02:00" > "2026-11-23T09:30:00Z");
        assert!(earlier < later);
    }
}
