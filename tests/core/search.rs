//! The in-memory search index against a naive reference: same hits, same order, through
//! upserts, removals, compaction and parallel-built segments.

use proptest::prelude::*;
use steward_core::search::{fold, fold_exact};
use steward_core::{Entry, EntryIndex, EntryKind, Query};

use crate::util::*;

fn mk(i: usize, title: &str, body: &str, tags: &[String], minute: i64) -> Entry {
    Entry {
        id: format!("00000000-0000-4000-8000-{i:012}"),
        created_at: chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap()
            + chrono::Duration::minutes(minute),
        updated_at: chrono::Utc::now(),
        kind: EntryKind::Entry,
        version: 1,
        title: title.into(),
        body: body.into(),
        tags: tags.to_vec(),
        people: vec![],
        decision: None,
        review: None,
    }
}

/// The obvious implementation: fold each entry's fields and check every term.
fn naive<'a>(entries: &'a [Entry], query: &Query) -> Vec<&'a Entry> {
    let mut hits: Vec<&Entry> = entries
        .iter()
        .filter(|e| {
            let raw = format!("{}\n{}\n{}", e.title, e.body, e.tags.join("\n"));
            let text = fold(&raw);
            let exact = fold_exact(&raw);
            query.terms().iter().all(|t| text.contains(t.as_str()))
                && query
                    .exact_terms()
                    .is_none_or(|terms| terms.iter().all(|t| exact.contains(t.as_str())))
        })
        .collect();
    hits.sort_by(|a, b| {
        b.created_at
            .cmp(&a.created_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    hits
}

fn ids(v: &[&Entry]) -> Vec<String> {
    v.iter().map(|e| e.id.clone()).collect()
}

#[test]
fn a_match_never_spans_two_entries() {
    let a = mk(1, "", "ends with foo", &[], 1);
    let b = mk(2, "bar starts here", "x", &[], 2);
    let index = EntryIndex::new(vec![a, b]);
    assert!(index.search(&Query::parse("foobar")).is_empty());
    assert!(index.search(&Query::parse("foo\0bar")).is_empty());
    assert_eq!(index.search(&Query::parse("foo")).len(), 1);
}

#[test]
fn a_loaded_index_with_parallel_segments_matches_the_reference() {
    let t = new_vault();
    let words = [
        "trust", "Power", "ärger", "DANA", "feedback", "quiet", "Team",
    ];
    let entries: Vec<steward_core::NewEntry> = (0..1500)
        .map(|i| steward_core::NewEntry {
            created_at: Some(
                chrono::DateTime::parse_from_rfc3339("2020-01-01T00:00:00+00:00").unwrap()
                    + chrono::Duration::hours(i as i64 * 7 % 9000),
            ),
            ..entry(
                &format!("{} {i}", words[i % 7]),
                &format!("{} and {}", words[(i * 3) % 7], words[(i * 5 + 1) % 7]),
                &[words[(i / 7) % 7]],
            )
        })
        .collect();
    t.vault.imports().entries(entries).unwrap();
    let (index, damaged) = t.vault.entries().load_index().unwrap();
    assert!(damaged.is_empty());
    let all: Vec<Entry> = t.vault.entries().list(&Default::default()).unwrap().entries;
    assert_eq!(index.len(), 1500);
    assert_eq!(
        index.entries().map(|e| e.id.clone()).collect::<Vec<_>>(),
        all.iter().map(|e| e.id.clone()).collect::<Vec<_>>()
    );
    for q in [
        "trust",
        "ÄRGER dana",
        "\"ärger and\"",
        "team 14",
        "power 1499",
        "nothing",
        "",
    ] {
        let q = Query::parse(q);
        let expected = ids(&naive(&all, &q));
        assert_eq!(ids(&index.search(&q)), expected, "index {q:?}");
        let scanned = t.vault.entries().search(&q).unwrap();
        assert_eq!(
            scanned
                .entries
                .iter()
                .map(|e| e.id.clone())
                .collect::<Vec<_>>(),
            expected,
            "scan {q:?}"
        );
    }
}

/// Enough text (over 4 MiB) that a search splits its pass over the cores: the pieces, the
/// tail of entries saved this session and removed entries must give the reference's hits,
/// for one term and for several (the later ones looked for only inside the first's hits).
#[test]
fn a_search_split_over_threads_matches_the_reference() {
    let words = [
        "trust", "budget", "team", "quiet", "dana", "roadmap", "apology",
    ];
    let filler = "lorem ipsum dolor sit amet ".repeat(260);
    let mut entries: Vec<Entry> = (0..700)
        .map(|i| {
            let body = format!(
                "{} {filler} {} {}",
                words[i % 7],
                words[(i * 3) % 7],
                if i % 97 == 0 { "marzipanic" } else { "" }
            );
            mk(
                i,
                &format!("entry {i}"),
                &body,
                &[words[(i / 7) % 7].into()],
                i as i64,
            )
        })
        .collect();
    let mut index = EntryIndex::new(entries.clone());
    for i in [3usize, 50, 699] {
        let edited = mk(
            i,
            &format!("entry {i}"),
            "now about the budget and the team",
            &[],
            i as i64,
        );
        index.upsert(edited.clone());
        entries[i] = edited;
    }
    index.remove(&entries[10].id);
    entries.remove(10);
    for q in [
        "trust",
        "budget team",
        "team budget",
        "marzipanic roadmap",
        "quiet \"lorem ipsum\" dana",
        "missing",
        "entry 69",
    ] {
        let q = Query::parse(q);
        assert_eq!(ids(&index.search(&q)), ids(&naive(&entries, &q)), "{q:?}");
    }
}

#[derive(Debug, Clone)]
enum Op {
    Upsert(usize, String, String, i64),
    Remove(usize),
    /// A sync round's changes at once (`apply_changes`): upserts, then removals.
    Batch(Vec<(usize, String, String, i64)>, Vec<usize>),
}

fn text() -> impl Strategy<Value = String> {
    // Accented letters both composed and as a base letter plus a combining accent, ß and
    // ss, cases, Greek: what folding must agree on.
    proptest::string::string_regex("[abAÄäeé\u{301}ßsSΣσB\n ]{0,12}").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn search_agrees_with_the_reference(
        ops in proptest::collection::vec(prop_oneof![
            (0usize..12, text(), text(), 0i64..20).prop_map(|(i, t, b, m)| Op::Upsert(i, t, b, m)),
            (0usize..12).prop_map(Op::Remove),
            (
                proptest::collection::vec((0usize..12, text(), text(), 0i64..20), 0..6),
                proptest::collection::vec(0usize..12, 0..4),
            ).prop_map(|(u, r)| Op::Batch(u, r)),
        ], 1..40),
        queries in proptest::collection::vec(("[abAÄäeé\u{301}ßsS Σσ\"]{0,5}", any::<bool>()), 1..5),
    ) {
        let mut index = EntryIndex::default();
        let mut reference: Vec<Entry> = Vec::new();
        for op in ops {
            match op {
                Op::Upsert(i, t, b, m) => {
                    let e = mk(i, &t, &b, &[format!("tag{i}")], m);
                    reference.retain(|x| x.id != e.id);
                    reference.push(e.clone());
                    index.upsert(e);
                }
                Op::Remove(i) => {
                    let id = mk(i, "", "", &[], 0).id;
                    reference.retain(|x| x.id != id);
                    index.remove(&id);
                }
                Op::Batch(upserts, removals) => {
                    let gone: Vec<String> = removals.iter().map(|&i| mk(i, "", "", &[], 0).id).collect();
                    reference.retain(|x| !gone.contains(&x.id));
                    let mut fresh = Vec::new();
                    for (i, t, b, m) in upserts {
                        let e = mk(i, &t, &b, &[format!("tag{i}")], m);
                        reference.retain(|x| x.id != e.id);
                        reference.push(e.clone());
                        fresh.push(e);
                    }
                    index.apply_changes(fresh, &gone);
                }
            }
        }
        prop_assert_eq!(index.len(), reference.len());
        for (q, exact) in queries {
            let q = Query::parse_with(&q, exact);
            prop_assert_eq!(ids(&index.search(&q)), ids(&naive(&reference, &q)), "query {:?}", q);
        }
    }
}

#[test]
fn compaction_after_many_rewrites_keeps_results() {
    let mut index = EntryIndex::default();
    let big = "word ".repeat(20_000); // 100 KB a version
    for round in 0..40 {
        for i in 0..3 {
            index.upsert(mk(i, &format!("round{round}"), &big, &[], i as i64));
        }
    }
    assert_eq!(index.len(), 3);
    assert_eq!(index.search(&Query::parse("round39")).len(), 3);
    assert!(index.search(&Query::parse("round38")).is_empty());
}

#[test]
fn the_prefetching_unlock_scans_the_same_and_reports_damage() {
    let t = new_vault();
    let a = t
        .vault
        .entries()
        .add(entry("alpha", "needle one", &[]))
        .unwrap();
    let b = t
        .vault
        .entries()
        .add(entry("beta", "needle two", &[]))
        .unwrap();
    t.vault
        .connection_for_tests()
        .execute(
            "UPDATE entries SET sealed = (SELECT sealed FROM entries WHERE id = ?1) WHERE id = ?2",
            [&a.id, &b.id],
        )
        .unwrap();
    let path = t.path.clone();
    drop(t.vault);
    let wrong = steward_core::LockedVault::open(&path)
        .unwrap()
        .unlock_with_rows(&secret("wrong passphrase"));
    assert!(matches!(wrong, Err(steward_core::Error::WrongPassphrase)));
    let (vault, rows) = steward_core::LockedVault::open(&path)
        .unwrap()
        .unlock_with_rows(&secret(PASS))
        .unwrap();
    let found = vault
        .entries()
        .scan_rows(rows, &Query::parse("NEEDLE"))
        .unwrap();
    assert_eq!(
        ids(&found.entries.iter().collect::<Vec<_>>()),
        vec![a.id.clone()]
    );
    assert_eq!(found.damaged, vec![b.id.clone()]);
}

#[test]
fn search_is_blind_to_normalization_accents_and_sharp_s_unless_exact() {
    let composed = mk(1, "Im Café", "Straße und Ärger", &[], 1);
    let decomposed = mk(2, "Im Cafe\u{301}", "", &[], 2);
    let plain = mk(3, "Im Cafe", "Strasse", &[], 3);
    let index = EntryIndex::new(vec![composed, decomposed, plain]);
    let found = |q: &str, exact: bool| {
        let mut titles: Vec<String> = index
            .search(&Query::parse_with(q, exact))
            .iter()
            .map(|e| e.id[e.id.len() - 1..].to_string())
            .collect();
        titles.sort();
        titles.join(",")
    };
    // Typed composed or decomposed, with or without the accent: all three.
    assert_eq!(found("café", false), "1,2,3");
    assert_eq!(found("cafe\u{301}", false), "1,2,3");
    assert_eq!(found("CAFE", false), "1,2,3");
    assert_eq!(found("strasse", false), "1,3");
    assert_eq!(found("STRAẞE", false), "1,3");
    assert_eq!(found("arger", false), "1");
    // Exact: the accent must be there, in either normalization; case still does not matter.
    assert_eq!(found("café", true), "1,2");
    assert_eq!(found("CAFE\u{301}", true), "1,2");
    assert_eq!(found("cafe", true), "3", "exact: no accent means none");
    assert_eq!(found("straße", true), "1");
    assert_eq!(found("strasse", true), "3");
}
