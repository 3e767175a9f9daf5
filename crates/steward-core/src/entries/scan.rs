//! Decrypting many entry rows at once, on all cores: listing, the one-shot search scan and
//! the session's search index.
//!
//! Rows are split into consecutive runs, one per worker, so results keep the rows' order.
//! Each worker reuses one plaintext buffer ([`Scratch`]) for all its rows and wipes it once,
//! on drop. A row that fails authentication is reported as damaged by id instead of failing
//! the whole read; any other error fails it.

use chrono::{DateTime, FixedOffset, Utc};
use serde::Deserialize;
use zeroize::Zeroizing;

use super::EntryPayload;
use crate::codec;
use crate::error::{Error, Result};
use crate::model::decision::{searchable_text, Decision, ReviewNote};
use crate::model::entry::{normalize_tags, Entry, EntryKind, Listing};
use crate::records::{EntryTable, RowOpener, SealedRow};
use crate::search::{EntryIndex, Matcher, Query, SegmentBuild};

type Row = SealedRow<EntryTable>;

/// A worker's reusable buffers for plaintext: one allocation per worker instead of one
/// per row, and one wipe (on drop) instead of one per row.
#[derive(Default)]
pub(crate) struct Scratch {
    plain: Zeroizing<Vec<u8>>,
    folded: Zeroizing<Vec<u8>>,
}

/// Decrypts one row (into `scratch`).
pub(crate) fn open_entry(opener: RowOpener<'_>, row: &Row, scratch: &mut Scratch) -> Result<Entry> {
    let plain = opener.open_in_place(row, &mut scratch.plain)?;
    let payload: EntryPayload = codec::decode(plain).ok_or_else(|| Error::Tampered {
        what: format!("entry {}", row.id),
    })?;
    entry_from_parts(row, payload)
}

/// An entry from its row's plaintext columns and its decrypted payload.
fn entry_from_parts(row: &Row, payload: EntryPayload) -> Result<Entry> {
    let bad = || Error::Tampered {
        what: format!("entry {} (metadata)", row.id),
    };
    let meta = &row.meta;
    let created = DateTime::parse_from_rfc3339(&meta.created_at).map_err(|_| bad())?;
    // The writer's offset is sealed; entries of builds before 0.3 still carry it in the
    // column (see `Entries::seal_offsets`).
    let created_at = match payload.offset {
        Some(seconds) => created.with_timezone(&FixedOffset::east_opt(seconds).ok_or_else(bad)?),
        None => created,
    };
    Ok(Entry {
        created_at,
        updated_at: DateTime::parse_from_rfc3339(&meta.updated_at)
            .map_err(|_| bad())?
            .with_timezone(&Utc),
        kind: EntryKind::parse(&meta.kind).ok_or_else(bad)?,
        id: row.id.clone(),
        version: row.version,
        title: payload.title,
        body: payload.body,
        tags: payload.tags,
        people: payload.people,
        decision: payload.decision,
        review: payload.review,
    })
}

fn listing(runs: Vec<(Vec<Entry>, Vec<String>)>) -> Listing {
    let mut listing = Listing::default();
    for (entries, damaged) in runs {
        listing.entries.extend(entries);
        listing.damaged.extend(damaged);
    }
    listing
}

/// The entries of `rows` carrying `tag` (any, when `None`), in the rows' order.
pub(crate) fn list(
    opener: RowOpener<'_>,
    mut rows: Vec<Row>,
    tag: Option<&str>,
) -> Result<Listing> {
    let tag = tag.map(|t| {
        normalize_tags([t])
            .into_iter()
            .next()
            .unwrap_or_default()
            .to_lowercase()
    });
    let tag_matches = |entry: &Entry| {
        tag.as_ref()
            .is_none_or(|tag| entry.tags.iter().any(|t| t.to_lowercase() == *tag))
    };
    let runs = in_parallel_runs(
        &mut rows,
        |row, scratch| Ok(Some(open_entry(opener, row, scratch)?).filter(tag_matches)),
        |entries| entries,
    )?;
    Ok(listing(runs))
}

/// The entries of `rows` matching `query`, in the rows' order, decrypted in place and
/// matched before anything is copied out.
pub(crate) fn search(opener: RowOpener<'_>, mut rows: Vec<Row>, query: &Query) -> Result<Listing> {
    let matcher = Matcher::new(query);
    let runs = in_parallel_runs(
        &mut rows,
        |row, scratch| scan_row(opener, row, &matcher, scratch),
        |hits| hits,
    )?;
    Ok(listing(runs))
}

/// A search index over every entry of `rows`, and the ids of rows that did not open.
pub(crate) fn index(
    opener: RowOpener<'_>,
    mut rows: Vec<Row>,
) -> Result<(EntryIndex, Vec<String>)> {
    let runs = in_parallel_runs(
        &mut rows,
        |row, scratch| open_entry(opener, row, scratch).map(Some),
        SegmentBuild::new,
    )?;
    let mut builds = Vec::with_capacity(runs.len());
    let mut damaged = Vec::new();
    for (build, bad) in runs {
        builds.push(build);
        damaged.extend(bad);
    }
    Ok((EntryIndex::from_builds(builds), damaged))
}

/// Runs `per_row` over every row on all cores, in consecutive runs that keep the rows'
/// order, then `per_run` over each run's results on its worker. Rows that fail
/// authentication are collected (per run) as damaged instead of failing the call; any
/// other error does fail it. Each worker lends `per_row` its [`Scratch`].
fn in_parallel_runs<T: Send, U: Send>(
    rows: &mut [Row],
    per_row: impl Fn(&mut Row, &mut Scratch) -> Result<Option<T>> + Sync,
    per_run: impl Fn(Vec<T>) -> U + Sync,
) -> Result<Vec<(U, Vec<String>)>> {
    let work = |run: &mut [Row]| -> Result<(U, Vec<String>)> {
        let mut scratch = Scratch::default();
        let mut out = Vec::with_capacity(run.len());
        let mut damaged = Vec::new();
        for row in run {
            match per_row(row, &mut scratch) {
                Ok(Some(value)) => out.push(value),
                Ok(None) => {}
                Err(Error::Tampered { .. }) | Err(Error::RecordTooNew { .. }) => {
                    damaged.push(row.id.clone())
                }
                Err(other) => return Err(other),
            }
        }
        Ok((per_run(out), damaged))
    };
    let threads = worker_threads(rows.len());
    if threads == 1 {
        return Ok(vec![work(rows)?]);
    }
    let run_len = rows.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = rows
            .chunks_mut(run_len)
            .map(|run| scope.spawn(|| work(run)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("decrypt worker panicked"))
            .collect()
    })
}

/// Below this many rows, decrypting on one thread is faster than starting workers.
const PARALLEL_THRESHOLD: usize = 512;

fn worker_threads(rows: usize) -> usize {
    if rows < PARALLEL_THRESHOLD {
        return 1;
    }
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
}

/// The sealed payload decoded without copying its strings (for scanning).
#[derive(Deserialize)]
struct PayloadRef<'a> {
    #[serde(borrow)]
    title: &'a str,
    #[serde(borrow)]
    body: &'a str,
    #[serde(borrow, default)]
    tags: Vec<&'a str>,
    #[serde(default)]
    offset: Option<i32>,
    #[serde(default)]
    people: Vec<String>,
    #[serde(default)]
    decision: Option<Box<Decision>>,
    #[serde(default)]
    review: Option<Box<ReviewNote>>,
}

/// Decrypts one row (into `scratch`) and returns it only if it matches.
fn scan_row(
    opener: RowOpener<'_>,
    row: &Row,
    matcher: &Matcher<'_>,
    scratch: &mut Scratch,
) -> Result<Option<Entry>> {
    let Scratch { plain, folded } = scratch;
    let plain = opener.open_in_place(row, plain)?;
    let payload: PayloadRef<'_> = codec::decode_borrowed(plain).ok_or_else(|| Error::Tampered {
        what: format!("entry {}", row.id),
    })?;
    if !matcher.matches(
        folded,
        payload.title,
        payload.body,
        payload.tags.iter().copied().chain(searchable_text(
            payload.decision.as_deref(),
            payload.review.as_deref(),
        )),
    ) {
        return Ok(None);
    }
    let payload = EntryPayload {
        title: payload.title.to_owned(),
        body: payload.body.to_owned(),
        tags: payload.tags.iter().map(|t| t.to_string()).collect(),
        offset: payload.offset,
        people: payload.people,
        decision: payload.decision,
        review: payload.review,
    };
    entry_from_parts(row, payload).map(Some)
}
