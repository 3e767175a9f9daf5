//! The journal list's layout, for front ends that page summaries instead of holding all
//! of them: the number of entries in each run of one local day, newest first. From it a
//! list can place every day heading and every row (rows have fixed heights) and ask for
//! just the summaries on screen. Pure: entries and a time zone in, counts out.

use chrono::{Datelike, TimeZone};
use serde::Serialize;
use ts_rs::TS;

use crate::model::entry::Entry;

/// The most summaries one page returns, whatever is asked (a page is what a screen shows,
/// a few dozen rows; this bounds one IPC answer).
pub const MAX_PAGE: usize = 500;

/// The shape of a list of entries (all, or a search's hits), newest first: its runs of
/// entries written on one local day, as two arrays of the same length. Numbers, not
/// objects with date strings: a search for a common word at 10k entries has ~3,000 runs,
/// sent on every keystroke, and this is a third of the bytes to send and parse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct EntryLayout {
    /// Entries in the list.
    pub total: u32,
    /// Each run's local day as the number `YYYYMMDD` (20261202), newest first.
    pub days: Vec<u32>,
    /// How many entries each run holds; they add up to `total`.
    pub counts: Vec<u32>,
}

/// `date` as the number `YYYYMMDD`. Years outside 0–9999 (chrono allows ±262,143; only a
/// hand-made record would hold one) are clamped rather than overflowing the number.
fn day_number(date: chrono::NaiveDate) -> u32 {
    date.year().clamp(0, 9999) as u32 * 10_000 + date.month() * 100 + date.day()
}

/// Lays out `entries` (newest first) by their local day in `tz`.
pub fn layout<'a, Tz: TimeZone>(entries: impl Iterator<Item = &'a Entry>, tz: &Tz) -> EntryLayout {
    let mut list = EntryLayout {
        total: 0,
        days: Vec::new(),
        counts: Vec::new(),
    };
    let mut last = None;
    for entry in entries {
        list.total += 1;
        let day = entry.created_at.with_timezone(tz).date_naive();
        match list.counts.last_mut() {
            Some(count) if last == Some(day) => *count += 1,
            _ => {
                list.days.push(day_number(day));
                list.counts.push(1);
                last = Some(day);
            }
        }
    }
    list
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
            people: vec![],
            decision: None,
            review: None,
        }
    }

    /// Each run as (day, count).
    fn runs(layout: &EntryLayout) -> Vec<(u32, u32)> {
        assert_eq!(layout.days.len(), layout.counts.len());
        assert_eq!(layout.counts.iter().sum::<u32>(), layout.total);
        layout
            .days
            .iter()
            .copied()
            .zip(layout.counts.iter().copied())
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
        assert_eq!(runs(&utc), [(20261202, 2), (20261201, 1), (20261120, 1)]);
        // An hour east, 23:30 UTC is already the next day; an hour west, 00:30 is the day before.
        let east = layout(
            entries.iter(),
            &chrono::FixedOffset::east_opt(3600).unwrap(),
        );
        assert_eq!(runs(&east), [(20261202, 3), (20261120, 1)]);
        let west = layout(
            entries.iter(),
            &chrono::FixedOffset::west_opt(3600).unwrap(),
        );
        assert_eq!(runs(&west), [(20261202, 1), (20261201, 2), (20261120, 1)]);
        assert_eq!(runs(&layout(std::iter::empty(), &chrono::Utc)), vec![]);
        // Years of one and four digits, and the first and last days of a year.
        let edges = [at("9999-12-31T12:00:00Z"), at("0001-01-01T12:00:00Z")];
        assert_eq!(
            runs(&layout(edges.iter(), &chrono::Utc)),
            [(99991231, 1), (10101, 1)]
        );
    }
}
