//! The journal list's layout, for front ends that page summaries instead of holding all
//! of them: the number of entries in each run of one local day, newest first. From it a
//! list can place every day heading and every row (rows have fixed heights) and ask for
//! just the summaries on screen. Pure: entries and a time zone in, counts out.

use chrono::TimeZone;
use serde::Serialize;
use ts_rs::TS;

use crate::model::entry::Entry;

/// The most summaries one page returns, whatever is asked (a page is what a screen shows,
/// a few dozen rows; this bounds one IPC answer).
pub const MAX_PAGE: usize = 500;

/// Entries written on one local day, consecutive in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DayRun {
    /// The local day, `YYYY-MM-DD`.
    pub day: String,
    /// How many entries of the list fall on it.
    pub count: u32,
}

/// The shape of a list of entries (all, or a search's hits), newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct EntryLayout {
    /// Entries in the list.
    pub total: u32,
    /// Their days, newest first; the counts add up to `total`.
    pub days: Vec<DayRun>,
}

/// Lays out `entries` (newest first) by their local day in `tz`.
pub fn layout<'a, Tz: TimeZone>(entries: impl Iterator<Item = &'a Entry>, tz: &Tz) -> EntryLayout {
    let mut days: Vec<DayRun> = Vec::new();
    let mut last = None;
    let mut total = 0u32;
    for entry in entries {
        total += 1;
        let day = entry.created_at.with_timezone(tz).date_naive();
        match days.last_mut() {
            Some(run) if last == Some(day) => run.count += 1,
            _ => {
                days.push(DayRun {
                    day: day.format("%Y-%m-%d").to_string(),
                    count: 1,
                });
                last = Some(day);
            }
        }
    }
    EntryLayout { total, days }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::entry::EntryKind;

    fn at(rfc3339: &str) -> Entry {
        Entry {
            id: rfc3339.into(),
            created_at: chrono::DateTime::parse_from_rfc3339(rfc3339).unwrap(),
            updated_at: chrono::Utc::now(),
            kind: EntryKind::Entry,
            version: 1,
            title: String::new(),
            body: String::new(),
            tags: vec![],
        }
    }

    /// Each run as (day, count).
    fn runs(layout: &EntryLayout) -> Vec<(&str, u32)> {
        layout
            .days
            .iter()
            .map(|r| (r.day.as_str(), r.count))
            .collect()
    }

    #[test]
    fn runs_are_local_days_newest_first() {
        let entries = [
            at("2026-12-02T09:00:00Z"),
            at("2026-12-02T00:30:00Z"),
            at("2026-12-01T23:30:00Z"),
            at("2026-11-20T12:00:00Z"),
        ];
        let utc = layout(entries.iter(), &chrono::Utc);
        assert_eq!(utc.total, 4);
        assert_eq!(
            runs(&utc),
            [("2026-12-02", 2), ("2026-12-01", 1), ("2026-11-20", 1)]
        );
        // An hour east, 23:30 UTC is already the next day; an hour west, 00:30 is the day before.
        let east = layout(
            entries.iter(),
            &chrono::FixedOffset::east_opt(3600).unwrap(),
        );
        assert_eq!(runs(&east), [("2026-12-02", 3), ("2026-11-20", 1)]);
        let west = layout(
            entries.iter(),
            &chrono::FixedOffset::west_opt(3600).unwrap(),
        );
        assert_eq!(
            runs(&west),
            [("2026-12-02", 1), ("2026-12-01", 2), ("2026-11-20", 1)]
        );
        assert_eq!(layout(std::iter::empty(), &chrono::Utc).days, vec![]);
    }
}
