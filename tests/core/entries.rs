//! Entries: round trips, versions, listing by date and tag, search, id prefixes.

use steward_core::{EntryFilter, EntryUpdate, Error, Query, Vault};

use crate::util::*;

#[test]
fn entry_round_trip_through_a_reopened_vault() {
    let t = new_vault();
    let saved = t
        .vault
        .entries()
        .add(steward_core::NewEntry {
            created_at: at("2026-03-04T08:15:00+01:00"),
            ..entry(
                "Ünïcode title ✓",
                "Body with **markdown**\n\nand a second paragraph.",
                &["#Team", "trust", "TEAM", " "],
            )
        })
        .unwrap();
    assert_eq!(saved.version, 1);
    assert_eq!(
        saved.tags,
        vec!["Team", "trust"],
        "tags trimmed, # dropped, duplicates folded"
    );
    let path = t.path.clone();
    drop(t.vault);
    let vault = Vault::unlock(&path, &secret(PASS)).unwrap();
    let got = vault.entries().get(&saved.id).unwrap();
    assert_eq!(got, saved);
    assert_eq!(got.created_at.to_rfc3339(), "2026-03-04T08:15:00+01:00");
}

#[test]
fn update_increments_the_version_and_keeps_unchanged_fields() {
    let t = new_vault();
    let e = t.vault.entries().add(entry("T", "one", &["a"])).unwrap();
    let u = t
        .vault
        .entries()
        .update(
            &e.id,
            EntryUpdate {
                body: Some("two".into()),
                ..Default::default()
            },
            Some(1),
        )
        .unwrap();
    assert_eq!(u.version, 2);
    assert_eq!((u.title.as_str(), u.body.as_str()), ("T", "two"));
    assert_eq!(u.tags, vec!["a"]);
    assert_eq!(t.vault.entries().get(&e.id).unwrap(), u);
    // A stale expected version is refused and changes nothing.
    let err = t
        .vault
        .entries()
        .update(
            &e.id,
            EntryUpdate {
                body: Some("three".into()),
                ..Default::default()
            },
            Some(1),
        )
        .unwrap_err();
    assert!(
        matches!(err, Error::Conflict { found: 2, expected: 1, .. } if err.to_string().contains("changed elsewhere")),
        "{err}"
    );
    assert_eq!(t.vault.entries().get(&e.id).unwrap().body, "two");
}

#[test]
fn empty_entries_are_refused() {
    let t = new_vault();
    assert!(matches!(
        t.vault.entries().add(entry(" ", "\n", &[])),
        Err(Error::InvalidInput(_))
    ));
    let e = t.vault.entries().add(entry("x", "y", &[])).unwrap();
    let err = t
        .vault
        .entries()
        .update(
            &e.id,
            EntryUpdate {
                title: Some("".into()),
                body: Some("".into()),
                ..Default::default()
            },
            None,
        )
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)));
}

#[test]
fn delete_removes_and_then_reports_not_found() {
    let t = new_vault();
    let a = t.vault.entries().add(entry("a", "a", &[])).unwrap();
    let b = t.vault.entries().add(entry("b", "b", &[])).unwrap();
    t.vault.entries().delete(&a.id).unwrap();
    assert!(matches!(
        t.vault.entries().get(&a.id),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        t.vault.entries().delete(&a.id),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(t.vault.entries().get(&b.id).unwrap().title, "b");
    assert_eq!(t.vault.entries().count().unwrap(), 1);
}

#[test]
fn ids_resolve_from_unique_prefixes_only() {
    let t = new_vault();
    let e = t
        .vault
        .entries()
        .add(steward_core::NewEntry {
            id: Some("abcd1234-0000-4000-8000-000000000001".into()),
            ..entry("one", "x", &[])
        })
        .unwrap();
    t.vault
        .entries()
        .add(steward_core::NewEntry {
            id: Some("abcd1299-0000-4000-8000-000000000002".into()),
            ..entry("two", "x", &[])
        })
        .unwrap();
    assert_eq!(t.vault.entries().get("abcd1234").unwrap().id, e.id);
    assert_eq!(
        t.vault
            .entries()
            .get("ABCD1234-0000-4000-8000-000000000001")
            .unwrap()
            .id,
        e.id
    );
    assert!(
        matches!(t.vault.entries().get("abcd12"), Err(Error::InvalidInput(ref m)) if m.contains("more than one"))
    );
    assert!(
        matches!(t.vault.entries().get("abc"), Err(Error::NotFound { .. })),
        "3 characters are too few"
    );
    assert!(matches!(
        t.vault.entries().get("ffff"),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        t.vault.entries().get("'; DROP TABLE entries; --"),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn list_filters_by_date_range_and_tag_newest_first() {
    let t = new_vault();
    let dates = [
        "2025-12-31T23:59:59Z",
        "2026-01-01T00:00:00Z",
        "2026-01-15T12:00:00Z",
        "2026-02-01T00:00:00Z",
    ];
    for (i, d) in dates.iter().enumerate() {
        let tags: &[&str] = if i % 2 == 0 { &["Work"] } else { &["home"] };
        t.vault
            .entries()
            .add(steward_core::NewEntry {
                created_at: at(d),
                ..entry(&format!("e{i}"), "x", tags)
            })
            .unwrap();
    }
    let all = t.vault.entries().list(&EntryFilter::default()).unwrap();
    let titles: Vec<_> = all.entries.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["e3", "e2", "e1", "e0"]);
    let jan = t
        .vault
        .entries()
        .list(&EntryFilter {
            from: Some("2026-01-01T00:00:00Z".parse().unwrap()),
            until: Some("2026-02-01T00:00:00Z".parse().unwrap()),
            tag: None,
        })
        .unwrap();
    let titles: Vec<_> = jan.entries.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["e2", "e1"], "from inclusive, until exclusive");
    let work = t
        .vault
        .entries()
        .list(&EntryFilter {
            tag: Some("#work".into()),
            ..Default::default()
        })
        .unwrap();
    let titles: Vec<_> = work.entries.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        ["e2", "e0"],
        "tag match is case-insensitive and ignores #"
    );
}

#[test]
fn search_is_case_insensitive_unicode_aware_and_newest_first() {
    let t = new_vault();
    let mk = |d: &str, title: &str, body: &str, tags: &[&str]| {
        t.vault
            .entries()
            .add(steward_core::NewEntry {
                created_at: at(d),
                ..entry(title, body, tags)
            })
            .unwrap()
    };
    let old = mk(
        "2020-01-01T10:00:00Z",
        "Ärger im Team",
        "Große Sorge über das ΣΟΦΙΑ Projekt",
        &[],
    );
    let new = mk(
        "2024-01-01T10:00:00Z",
        "quiet day",
        "we spoke about ärger and trust",
        &["Feedback"],
    );
    let tagged = mk(
        "2022-01-01T10:00:00Z",
        "tags only",
        "nothing here",
        &["ÄRGER"],
    );
    let (index, damaged) = t.vault.entries().load_index().unwrap();
    assert!(damaged.is_empty());
    let ids = |q: &str| {
        index
            .search(&Query::parse(q))
            .iter()
            .map(|e| e.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids("ÄRGER"),
        [new.id.clone(), tagged.id.clone(), old.id.clone()],
        "title, body and tags; newest first"
    );
    assert_eq!(ids("σοφια"), vec![old.id.clone()], "Greek capitals fold");
    assert_eq!(ids("GROSSE"), vec![old.id.clone()], "ß folds to ss");
    assert_eq!(
        ids("feedback trust"),
        vec![new.id.clone()],
        "all words must match"
    );
    assert_eq!(
        ids("\"trust ärger\""),
        Vec::<String>::new(),
        "a quoted phrase must match in order"
    );
    assert_eq!(
        ids("\"ärger  and\""),
        vec![new.id.clone()],
        "phrase whitespace is normalized"
    );
    assert_eq!(ids("").len(), 3, "an empty query lists everything");
    assert_eq!(ids("absent"), Vec::<String>::new());
}

#[test]
fn index_upsert_and_remove_keep_order() {
    let t = new_vault();
    let a = t
        .vault
        .entries()
        .add(steward_core::NewEntry {
            created_at: at("2020-01-01T00:00:00Z"),
            ..entry("a", "x", &[])
        })
        .unwrap();
    let (mut index, _) = t.vault.entries().load_index().unwrap();
    let b = t
        .vault
        .entries()
        .add(steward_core::NewEntry {
            created_at: at("2021-01-01T00:00:00Z"),
            ..entry("b", "needle", &[])
        })
        .unwrap();
    index.upsert(b.clone());
    let c = t
        .vault
        .entries()
        .add(steward_core::NewEntry {
            created_at: at("2019-01-01T00:00:00Z"),
            ..entry("c", "x", &[])
        })
        .unwrap();
    index.upsert(c.clone());
    let order: Vec<_> = index.entries().map(|e| e.title.clone()).collect();
    assert_eq!(order, ["b", "a", "c"]);
    let b2 = t
        .vault
        .entries()
        .update(
            &b.id,
            EntryUpdate {
                body: Some("moved".into()),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    index.upsert(b2);
    assert!(index.search(&Query::parse("needle")).is_empty());
    assert_eq!(index.search(&Query::parse("moved")).len(), 1);
    index.remove(&a.id);
    assert_eq!(index.len(), 2);
}

#[test]
fn settings_round_trip_and_update() {
    let t = new_vault();
    assert_eq!(t.vault.get_setting("autolock_minutes").unwrap(), None);
    t.vault
        .set_setting("autolock_minutes", &serde_json::json!(10))
        .unwrap();
    t.vault
        .set_setting("autolock_minutes", &serde_json::json!(15))
        .unwrap();
    t.vault
        .set_setting("theme", &serde_json::json!({"mode": "dark"}))
        .unwrap();
    let path = t.path.clone();
    drop(t.vault);
    let vault = Vault::unlock(&path, &secret(PASS)).unwrap();
    assert_eq!(
        vault.get_setting("autolock_minutes").unwrap(),
        Some(serde_json::json!(15))
    );
    assert_eq!(
        vault.get_setting("theme").unwrap(),
        Some(serde_json::json!({"mode": "dark"}))
    );
}

#[test]
fn two_connections_share_a_vault() {
    let t = new_vault();
    let other = Vault::unlock(&t.path, &secret(PASS)).unwrap();
    let a = t.vault.entries().add(entry("from one", "x", &[])).unwrap();
    let b = other.entries().add(entry("from two", "y", &[])).unwrap();
    assert_eq!(other.entries().get(&a.id).unwrap().title, "from one");
    assert_eq!(t.vault.entries().get(&b.id).unwrap().title, "from two");
}
