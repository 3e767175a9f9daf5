//! Search over the decrypted entries of an unlocked session, entirely in memory.
//!
//! [`EntryIndex`] keeps every entry plus a case-folded copy of its title, body and tags.
//! The folded text lives in a few large contiguous *segments* (one per decrypt worker, plus
//! a tail segment for entries saved during the session) rather than one string per entry,
//! so a query is one SIMD substring scan (`memchr::memmem`) over each segment: the cost is a
//! memory-bandwidth pass, not 10k small searches. A hit is mapped back to its entry by
//! binary search over the segment's entry offsets; after a hit the scan jumps to the next
//! entry. Updated or deleted entries leave dead text behind, which is compacted once it
//! exceeds half of the text. Segments are zeroized on drop; nothing here touches the disk.

use std::collections::{HashMap, HashSet};

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use crate::model::entry::Entry;
use crate::model::reflection::Reflection;
use crate::schedule::Week;

/// A weekly reflection whose written answers hold every term of a search.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct ReflectionHit {
    /// Its week.
    pub week: Week,
    /// The answer holding the first term, whitespace collapsed, cut to about 160
    /// characters around it.
    pub excerpt: String,
}

/// The reflections whose written answers ([`crate::Answers::written`]) hold every term of
/// `query` (none for an empty query), newest week first. Reflections are few (one a week),
/// so this folds them as it goes instead of keeping an index.
pub fn search_reflections<'r>(
    query: &Query,
    reflections: impl IntoIterator<Item = &'r Reflection>,
) -> Vec<ReflectionHit> {
    if query.is_empty() {
        return Vec::new();
    }
    let matcher = Matcher::new(query);
    let mut buf = Zeroizing::new(Vec::new());
    let mut hits: Vec<ReflectionHit> = Vec::new();
    for r in reflections {
        let written = r.answers.written();
        let all = Zeroizing::new(written.join("\n"));
        if !matcher.matches(&mut buf, "", &all, []) {
            continue;
        }
        let first = query.terms()[0].as_str();
        let field = (written.iter())
            .find(|w| fold(w).contains(first))
            .copied()
            .unwrap_or(written[0]);
        hits.push(ReflectionHit {
            week: r.week,
            excerpt: excerpt_around(field, first),
        });
    }
    hits.sort_by_key(|h| std::cmp::Reverse(h.week));
    hits
}

/// `text` cut as an entry's excerpt is ([`crate::text::excerpt`]), but starting a few
/// words before the first word whose folded form holds `term` (with `…` when not at the
/// start).
fn excerpt_around(text: &str, term: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| fold(w).contains(term))
        .unwrap_or(0);
    let start = at.saturating_sub(6);
    let cut = crate::text::excerpt(&words[start..].join(" "));
    if start > 0 {
        format!("…{cut}")
    } else {
        cut
    }
}

/// Folds text for matching as a reader compares words: compatibility-decomposed (NFKD, so
/// `é` typed as one character and `e` + U+0301 pasted from another app are the same, and
/// `ﬁ` is `fi`), accents dropped (`café` = `cafe`), lowercased per character (`ÄRGER` finds
/// `ärger`, `Σ` finds `σ`), `ß` as `ss`; with an ASCII fast path.
pub fn fold(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    push_folded(&mut out, text);
    String::from_utf8(out).expect("folding whole characters keeps UTF-8 valid")
}

/// Folds text for an exact search: the same characters whatever their normalization (NFC)
/// and case, but accents and `ß` kept — `café` does not find `cafe`.
pub fn fold_exact(text: &str) -> String {
    text.nfc().flat_map(char::to_lowercase).collect()
}

/// Appends `text` folded (see [`fold`]) as UTF-8 bytes; ASCII text in one vectorised pass.
fn push_folded(out: &mut Vec<u8>, text: &str) {
    if text.is_ascii() {
        out.extend(text.bytes().map(|b| b.to_ascii_lowercase()));
        return;
    }
    let mut utf8 = [0u8; 4];
    for c in text.nfkd() {
        if c == 'ß' || c == 'ẞ' {
            out.extend_from_slice(b"ss");
            continue;
        }
        // Lowercasing may itself add a mark (`İ` is `i` + U+0307): those go too.
        for lower in c.to_lowercase().filter(|&l| !is_combining_mark(l)) {
            out.extend_from_slice(lower.encode_utf8(&mut utf8).as_bytes());
        }
    }
}

/// Whether the entry holds every exact term (see [`fold_exact`]): the second look an exact
/// search takes at the entries its accent-blind scan found.
fn holds_exactly<'a>(
    exact: &[String],
    title: &str,
    body: &str,
    tags: impl IntoIterator<Item = &'a str>,
) -> bool {
    let mut text = Zeroizing::new(fold_exact(title));
    text.push('\n');
    text.push_str(&Zeroizing::new(fold_exact(body)));
    for tag in tags {
        text.push('\n');
        text.push_str(&Zeroizing::new(fold_exact(tag)));
    }
    exact.iter().all(|t| text.contains(t.as_str()))
}

/// Appends the text a search looks at for one entry: title, body and tags, folded, one
/// per line. The index and the one-pass scan both use this, so they match the same things.
pub(crate) fn push_searchable<'a>(
    out: &mut Vec<u8>,
    title: &str,
    body: &str,
    tags: impl IntoIterator<Item = &'a str>,
) {
    push_folded(out, title);
    out.push(b'\n');
    push_folded(out, body);
    for tag in tags {
        out.push(b'\n');
        push_folded(out, tag);
    }
}

/// Searches for every term of `query` in one entry's searchable text (see
/// [`push_searchable`]), folding into `buf` (reused across calls to avoid allocations).
pub(crate) struct Matcher<'q> {
    finders: Vec<memchr::memmem::Finder<'q>>,
    exact: Option<&'q [String]>,
}

impl<'q> Matcher<'q> {
    pub(crate) fn new(query: &'q Query) -> Self {
        Matcher {
            finders: query
                .terms()
                .iter()
                .map(|t| memchr::memmem::Finder::new(t.as_bytes()))
                .collect(),
            exact: query.exact.as_deref(),
        }
    }

    pub(crate) fn matches<'a>(
        &self,
        buf: &mut Zeroizing<Vec<u8>>,
        title: &str,
        body: &str,
        tags: impl IntoIterator<Item = &'a str> + Clone,
    ) -> bool {
        buf.clear();
        push_searchable(buf, title, body, tags.clone());
        self.finders.iter().all(|f| f.find(buf).is_some())
            && self
                .exact
                .is_none_or(|exact| holds_exactly(exact, title, body, tags))
    }
}

/// A parsed search: every term must occur (in title, body or tags). `"quoted words"` are
/// one term; other words are separate terms. By default accents, case and Unicode
/// normalization do not matter (see [`fold`]); an exact query keeps accents (see
/// [`fold_exact`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    terms: Vec<String>,
    /// For an exact query, the terms folded by [`fold_exact`].
    exact: Option<Vec<String>>,
}

impl Query {
    /// Parses a query typed by the user: accent-insensitive.
    pub fn parse(query: &str) -> Self {
        Query {
            terms: split_terms(query).map(|t| fold(&t)).collect(),
            exact: None,
        }
    }

    /// Parses a query whose accents must match as typed (case still does not).
    pub fn parse_exact(query: &str) -> Self {
        Query {
            exact: Some(split_terms(query).map(|t| fold_exact(&t)).collect()),
            ..Query::parse(query)
        }
    }

    /// [`Query::parse_exact`] when `exact`, else [`Query::parse`].
    pub fn parse_with(query: &str, exact: bool) -> Self {
        if exact {
            Query::parse_exact(query)
        } else {
            Query::parse(query)
        }
    }

    /// The folded terms.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// For an exact query, its terms folded by [`fold_exact`].
    pub fn exact_terms(&self) -> Option<&[String]> {
        self.exact.as_deref()
    }

    /// True when there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// The terms of a query as typed: `"quoted phrases"` (inner whitespace collapsed) and words.
fn split_terms(query: &str) -> impl Iterator<Item = String> + '_ {
    query.split('"').enumerate().flat_map(|(i, part)| {
        if i % 2 == 1 {
            let phrase = part.split_whitespace().collect::<Vec<_>>().join(" ");
            (!phrase.is_empty())
                .then_some(phrase)
                .into_iter()
                .collect::<Vec<_>>()
        } else {
            part.split_whitespace().map(str::to_owned).collect()
        }
    })
}

/// Newest first; ties by id so the order is total and stable.
pub(crate) fn newest_first(a: &Entry, b: &Entry) -> std::cmp::Ordering {
    b.created_at
        .timestamp_millis()
        .cmp(&a.created_at.timestamp_millis())
        .then_with(|| a.id.cmp(&b.id))
}

/// Folded text of several entries, back to back.
#[derive(Default)]
pub(crate) struct Segment {
    text: Zeroizing<Vec<u8>>,
    /// Start offset of each entry's text, ascending.
    starts: Vec<usize>,
    /// End offset (exclusive) of each entry's text.
    ends: Vec<usize>,
    /// The item each span belongs to.
    items: Vec<usize>,
}

impl Segment {
    /// Appends an entry's folded title, body and tags; returns its span.
    fn push(&mut self, entry: &Entry, item: usize) {
        let start = self.text.len();
        push_searchable(
            &mut self.text,
            &entry.title,
            &entry.body,
            entry.search_extras(),
        );
        self.starts.push(start);
        self.ends.push(self.text.len());
        self.items.push(item);
        // A separator no term can span into the next entry (terms never hold '\0'; a
        // match crossing an entry end is rejected anyway).
        self.text.push(0);
    }

    /// Pushes onto `out` every live item among spans `spans` whose text holds every
    /// needle of `finders`. One pass over the text looks for the first needle; the others
    /// are looked for only inside an entry that holds it, while its text is in the cache —
    /// a second pass over all the text would cost as much again, as the scan is bound by
    /// how fast memory is read.
    fn scan(
        &self,
        finders: &[memchr::memmem::Finder<'_>],
        spans: std::ops::Range<usize>,
        alive: &[bool],
        out: &mut Vec<usize>,
    ) {
        let Some((first, others)) = finders.split_first() else {
            return;
        };
        if spans.is_empty() {
            return;
        }
        let text: &[u8] = &self.text[..self.ends[spans.end - 1]];
        let needle = first.needle().len();
        let mut k = spans.start;
        let mut pos = self.starts[k];
        while let Some(found) = first.find(&text[pos..]) {
            let at = pos + found;
            // Hits only move forward, so the span holding one is found by walking on from
            // the last (cheaper than a binary search per hit for a common word).
            while self.ends[k] <= at {
                k += 1;
            }
            if at + needle <= self.ends[k] {
                let item = self.items[k];
                let span = &text[self.starts[k]..self.ends[k]];
                if alive[item] && others.iter().all(|f| f.find(span).is_some()) {
                    out.push(item);
                }
                // One hit is enough: go on at the next entry.
                k += 1;
                if k == spans.end {
                    break;
                }
                pos = self.starts[k];
            } else {
                pos = at + 1;
            }
        }
    }

    /// The spans split into `parts` runs of about the same number of entries.
    fn pieces(&self, parts: usize) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        let len = self.starts.len();
        let step = len.div_ceil(parts.max(1)).max(1);
        (0..len).step_by(step).map(move |a| a..(a + step).min(len))
    }
}

/// Below this much folded text, one thread scans it faster than starting others.
const PARALLEL_SCAN_BYTES: usize = 4 << 20;

/// Segments built by one worker over a run of entries (see `Vault::load_index`).
pub(crate) struct SegmentBuild {
    entries: Vec<Entry>,
    segment: Segment,
}

impl SegmentBuild {
    /// Folds `entries` (already in newest-first order) into one segment.
    pub(crate) fn new(entries: Vec<Entry>) -> Self {
        let bytes: usize = entries
            .iter()
            .map(|e| e.title.len() + e.body.len() + 16)
            .sum();
        let mut segment = Segment {
            text: Zeroizing::new(Vec::with_capacity(bytes)),
            starts: Vec::with_capacity(entries.len()),
            ends: Vec::with_capacity(entries.len()),
            items: Vec::with_capacity(entries.len()),
        };
        for (i, e) in entries.iter().enumerate() {
            segment.push(e, i);
        }
        SegmentBuild { entries, segment }
    }
}

/// The decrypted entries of an unlocked session, newest first, searchable in memory.
#[derive(Default)]
pub struct EntryIndex {
    /// Every entry ever indexed this session (dead ones are `None`).
    items: Vec<Option<Entry>>,
    alive: Vec<bool>,
    /// Live item indexes, newest first.
    order: Vec<usize>,
    segments: Vec<Segment>,
    /// Segment that receives entries saved during the session.
    tail: Segment,
    text_bytes: usize,
    dead_bytes: usize,
}

impl std::fmt::Debug for EntryIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EntryIndex({} entries)", self.order.len())
    }
}

impl EntryIndex {
    /// Indexes `entries` (any order).
    pub fn new(mut entries: Vec<Entry>) -> Self {
        entries.sort_by(newest_first);
        Self::from_builds(vec![SegmentBuild::new(entries)])
    }

    /// Joins segments built in parallel from consecutive runs of newest-first entries.
    pub(crate) fn from_builds(builds: Vec<SegmentBuild>) -> Self {
        let mut index = EntryIndex::default();
        for build in builds {
            let base = index.items.len();
            let mut segment = build.segment;
            for item in &mut segment.items {
                *item += base;
            }
            index.text_bytes += segment.text.len();
            for entry in build.entries {
                index.order.push(index.items.len());
                index.items.push(Some(entry));
                index.alive.push(true);
            }
            index.segments.push(segment);
        }
        // Runs arrive in order, but keep the rule in one place.
        let items = &index.items;
        index.order.sort_by(|&a, &b| {
            newest_first(
                items[a].as_ref().expect("live"),
                items[b].as_ref().expect("live"),
            )
        });
        index
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    fn entry(&self, item: usize) -> &Entry {
        self.items[item].as_ref().expect("ordered items are alive")
    }

    /// All entries, newest first.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> + Clone {
        self.order.iter().map(|&i| self.entry(i))
    }

    /// One entry by full id.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.order
            .iter()
            .map(|&i| self.entry(i))
            .find(|e| e.id == id)
    }

    /// Adds or replaces an entry (after a save).
    pub fn upsert(&mut self, entry: Entry) {
        self.remove(&entry.id);
        self.insert(entry);
        self.maybe_compact();
    }

    /// The versions held for `ids`, in one pass over the list (`get` takes one per id).
    pub fn versions_of(&self, ids: &HashSet<&str>) -> HashMap<String, i64> {
        self.entries()
            .filter(|e| ids.contains(e.id.as_str()))
            .map(|e| (e.id.clone(), e.version))
            .collect()
    }

    /// Adds or replaces `entries` and removes `gone` (a sync round's changes) in one pass
    /// over the list, where `upsert` and `remove` take one each: a round of 100 entries in
    /// a 10k journal held the session for milliseconds that way.
    /// An id both in `entries` and `gone` ends up present; of one id twice in `entries`,
    /// the last stands.
    pub fn apply_changes(&mut self, entries: Vec<Entry>, gone: &[String]) {
        let entries: HashMap<String, Entry> =
            entries.into_iter().map(|e| (e.id.clone(), e)).collect();
        let doomed: HashSet<&str> = entries
            .keys()
            .map(String::as_str)
            .chain(gone.iter().map(String::as_str))
            .collect();
        let items = &self.items;
        let mut dropped = Vec::new();
        self.order.retain(|&i| {
            let id = &items[i].as_ref().expect("ordered items are alive").id;
            let hit = doomed.contains(id.as_str());
            if hit {
                dropped.push(i);
            }
            !hit
        });
        for item in dropped {
            let mut entry = self.items[item].take().expect("was alive");
            self.alive[item] = false;
            self.dead_bytes += entry.title.len() + entry.body.len() + 2;
            wipe(&mut entry);
        }
        for entry in entries.into_values() {
            self.insert(entry);
        }
        self.maybe_compact();
    }

    /// Adds an entry not in the index: its text at the tail, its place in the order.
    fn insert(&mut self, entry: Entry) {
        let item = self.items.len();
        let before = self.tail.text.len();
        self.tail.push(&entry, item);
        self.text_bytes += self.tail.text.len() - before;
        let pos = self
            .order
            .partition_point(|&i| newest_first(self.entry(i), &entry) == std::cmp::Ordering::Less);
        self.items.push(Some(entry));
        self.alive.push(true);
        self.order.insert(pos, item);
    }

    /// Removes an entry (after a delete). Unknown ids are ignored.
    pub fn remove(&mut self, id: &str) {
        let Some(pos) = self.order.iter().position(|&i| self.entry(i).id == id) else {
            return;
        };
        let item = self.order.remove(pos);
        let mut entry = self.items[item].take().expect("was alive");
        self.alive[item] = false;
        self.dead_bytes += entry.title.len() + entry.body.len() + 2;
        wipe(&mut entry);
    }

    /// Rebuilds the text once more than half of it belongs to removed entries.
    fn maybe_compact(&mut self) {
        if self.dead_bytes < 1 << 20 || self.dead_bytes * 2 < self.text_bytes {
            return;
        }
        let live: Vec<Entry> = std::mem::take(&mut self.order)
            .into_iter()
            .filter_map(|i| self.items[i].take())
            .collect();
        // The old index drops (and wipes what it still holds) as it is replaced.
        *self = Self::from_builds(vec![SegmentBuild::new(live)]);
    }

    /// Entries matching every term of `query`, newest first. An empty query matches all.
    pub fn search(&self, query: &Query) -> Vec<&Entry> {
        if query.is_empty() {
            return self.entries().collect();
        }
        // Every term must occur. The longest is looked for first, as it is usually the
        // rarest: the others are only looked for inside the entries that hold it.
        let mut terms: Vec<&String> = query.terms().iter().collect();
        terms.sort_by_key(|t| std::cmp::Reverse(t.len()));
        let finders: Vec<_> = terms
            .iter()
            .map(|t| memchr::memmem::Finder::new(t.as_bytes()))
            .collect();
        let mut matched = vec![false; self.items.len()];
        for item in self.scan_all(&finders) {
            matched[item] = true;
        }
        let found = self
            .order
            .iter()
            .filter(|&&i| matched[i])
            .map(|&i| self.entry(i));
        match &query.exact {
            None => found.collect(),
            Some(exact) => found
                .filter(|e| holds_exactly(exact, &e.title, &e.body, e.search_extras()))
                .collect(),
        }
    }

    /// Live items (in no order) whose text holds every needle of `finders`, the pass over
    /// the text split over the cores.
    fn scan_all(&self, finders: &[memchr::memmem::Finder<'_>]) -> Vec<usize> {
        let segments: Vec<&Segment> = self
            .segments
            .iter()
            .chain(std::iter::once(&self.tail))
            .filter(|s| !s.starts.is_empty())
            .collect();
        let threads = if self.text_bytes < PARALLEL_SCAN_BYTES {
            1
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
        };
        let pieces: Vec<(&Segment, std::ops::Range<usize>)> = segments
            .iter()
            .flat_map(|&s| s.pieces(threads).map(move |r| (s, r)))
            .collect();
        let work = |worker: usize| {
            let mut out = Vec::new();
            for (segment, spans) in pieces.iter().skip(worker).step_by(threads) {
                segment.scan(finders, spans.clone(), &self.alive, &mut out);
            }
            out
        };
        if threads == 1 {
            return work(0);
        }
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|worker| scope.spawn(move || work(worker)))
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().expect("search worker panicked"))
                .collect()
        })
    }
}

/// Overwrites an entry's decrypted text in place (title, body, tags) before it is freed.
pub(crate) fn wipe(entry: &mut Entry) {
    use zeroize::Zeroize;
    entry.title.zeroize();
    entry.body.zeroize();
    entry.tags.zeroize();
    entry.wipe_details();
}

impl Drop for EntryIndex {
    /// Locking drops the session and with it the index: every decrypted entry it holds is
    /// overwritten where it lies (the folded text is wiped by its own `Zeroizing`).
    fn drop(&mut self) {
        for entry in self.items.iter_mut().flatten() {
            wipe(entry);
        }
    }
}
