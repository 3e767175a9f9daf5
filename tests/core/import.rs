//! JSONL import: all or nothing, line numbers in errors, idempotent by id.

use steward_core::import::parse_jsonl;
use steward_core::{EntryKind, Error};

use crate::util::*;

fn line(i: usize) -> String {
    serde_json::json!({
        "id": format!("00000000-0000-4000-8000-{i:012}"),
        "created_at": format!("2020-01-01T{:02}:{:02}:00+00:00", (i / 60) % 24, i % 60),
        "kind": if i % 7 == 0 { "weekly" } else { "daily" },
        "title": format!("Entry {i}"),
        "body": format!("Body of entry {i}."),
        "tags": ["work"],
    })
    .to_string()
}

#[test]
fn a_malformed_line_is_reported_with_its_number_and_nothing_is_imported() {
    let t = new_vault();
    let cases: Vec<(String, &str)> = vec![
        ("{not json".into(), "not valid JSON"),
        ("[1,2]".into(), "expected a JSON object"),
        (r#"{"body": "x", "kind": "monthly"}"#.into(), "kind"),
        (
            r#"{"body": "x", "created_at": "yesterday"}"#.into(),
            "created_at",
        ),
        (r#"{"title": "no body"}"#.into(), "body"),
        (r#"{"body": "x", "id": "not-a-uuid"}"#.into(), "id"),
        (
            r#"{"body": "x", "colour": "red"}"#.into(),
            "unknown field `colour`",
        ),
        (r#"{"body": "x", "tags": "one"}"#.into(), "invalid type"),
        (
            r#"{"kind": "reflection", "week": "2026-W47", "exercise": {"authority": 7}}"#.into(),
            "exercise.authority: must be a whole number from 1 to 5, got 7",
        ),
        (line(1), "already appears on line 2"),
    ];
    for (bad, needle) in cases {
        let text = format!("{}\n{}\n\n{}\n{}\n", line(0), line(1), bad, line(3));
        let err = parse_jsonl(text.as_bytes()).unwrap_err();
        match &err {
            Error::ImportLine { line, message } => {
                assert_eq!(*line, 4, "{bad}: blank lines still count");
                assert!(message.contains(needle), "{bad}: {message}");
            }
            other => panic!("{bad}: {other}"),
        }
        assert!(err.to_string().contains("nothing was imported"));
    }
    assert_eq!(t.vault.entries().count().unwrap(), 0);
}

#[test]
fn import_keeps_ids_dates_kinds_and_is_idempotent() {
    let t = new_vault();
    let text: String = (0..50).map(|i| line(i) + "\n").collect();
    let parsed = parse_jsonl(text.as_bytes()).unwrap().entries;
    let report = t.vault.imports().entries(parsed).unwrap();
    assert_eq!((report.added, report.skipped_existing), (50, 0));
    let e = t
        .vault
        .entries()
        .get("00000000-0000-4000-8000-000000000007")
        .unwrap();
    assert_eq!(e.kind, EntryKind::Weekly);
    assert_eq!(e.title, "Entry 7");
    assert_eq!(e.created_at.to_rfc3339(), "2020-01-01T00:07:00+00:00");
    let again = t
        .vault
        .imports()
        .entries(parse_jsonl(text.as_bytes()).unwrap().entries)
        .unwrap();
    assert_eq!((again.added, again.skipped_existing), (0, 50));
    assert_eq!(t.vault.entries().count().unwrap(), 50);
}

#[test]
fn a_10k_line_import_is_one_transaction() {
    let t = new_vault();
    let text: String = (0..10_000).map(|i| line(i) + "\n").collect();
    let parsed = parse_jsonl(text.as_bytes()).unwrap().entries;
    assert_eq!(parsed.len(), 10_000);
    let conn = t.vault.connection_for_tests();
    // Fill the "disk" part-way: SQLite refuses to grow the file past max_page_count, which
    // is exactly the SQLITE_FULL a full disk gives. One transaction means nothing stays.
    let pages: i64 = conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    conn.query_row(
        &format!("PRAGMA max_page_count = {}", pages + 20),
        [],
        |_| Ok(()),
    )
    .unwrap();
    let err = t.vault.imports().entries(parsed.clone()).unwrap_err();
    assert!(matches!(err, Error::DiskFull), "{err}");
    assert!(err.to_string().contains("disk is full"));
    assert_eq!(
        t.vault.entries().count().unwrap(),
        0,
        "a failed import leaves nothing behind"
    );
    conn.query_row("PRAGMA max_page_count = 1073741823", [], |_| Ok(()))
        .unwrap();
    let report = t.vault.imports().entries(parsed).unwrap();
    assert_eq!(report.added, 10_000);
    assert_eq!(t.vault.entries().count().unwrap(), 10_000);
}

#[test]
fn a_full_disk_during_a_single_save_loses_nothing() {
    let t = new_vault();
    let kept = t.vault.entries().add(entry("kept", "safe", &[])).unwrap();
    let conn = t.vault.connection_for_tests();
    let pages: i64 = conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    conn.query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
        .unwrap();
    let big = "x".repeat(64 * 1024);
    assert!(matches!(
        t.vault.entries().add(entry("big", &big, &[])),
        Err(Error::DiskFull)
    ));
    assert_eq!(t.vault.entries().get(&kept.id).unwrap().body, "safe");
    assert_eq!(t.vault.entries().count().unwrap(), 1);
}

#[test]
fn the_shared_corpus_format_parses() {
    // The first line of gen_corpus.py's output, verbatim in shape.
    let text = r#"{"id": "0b8f7b0c-4d0e-4c55-9f29-9f6d1a2b3c4d", "created_at": "2016-01-01T21:07:00+00:00", "kind": "daily", "title": "Quiet morning before the team", "body": "I noticed the team.\n\n@work", "tags": ["work"]}"#;
    let parsed = parse_jsonl(text.as_bytes()).unwrap().entries;
    assert_eq!(parsed.len(), 1);
    assert_eq!(parsed[0].kind, EntryKind::Daily);
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

#[test]
fn jrnl_json_exports_map_dates_titles_bodies_and_tags_and_import_once() {
    // tests/fixtures/jrnl-export.json was written by jrnl 4.6 (`jrnl --export json`).
    let file = std::fs::File::open(fixture("jrnl-export.json")).unwrap();
    let batch = steward_core::import::parse_jrnl_json(file).unwrap();
    assert_eq!(batch.entries.len(), 3);
    let first = &batch.entries[0];
    assert_eq!(first.title, "Owning the delay.");
    assert_eq!(
        first.body,
        "Told @sam why the launch slipped, before he heard it elsewhere."
    );
    let at = first.created_at.unwrap();
    assert_eq!(
        at.naive_local().to_string(),
        "2026-11-20 08:15:00",
        "jrnl times are local"
    );
    assert_eq!(
        batch.entries[1].title,
        "Ünïcode title with \"quotes\". Second sentence is the body."
    );
    let t = new_vault();
    let report = t.vault.imports().save(batch.clone()).unwrap();
    assert_eq!(report.added, 3);
    assert_eq!(
        t.vault
            .entries()
            .get(first.id.as_ref().unwrap())
            .unwrap()
            .tags,
        ["sam"],
        "@ dropped"
    );
    let again = t.vault.imports().save(batch).unwrap();
    assert_eq!(
        (again.added, again.skipped_existing),
        (0, 3),
        "a second import adds nothing"
    );
    // Field-naming errors.
    let bad =
        br#"{"entries": [{"title": "x", "body": "", "date": "20.11.2026", "time": "08:15"}]}"#;
    let err = steward_core::import::parse_jrnl_json(&bad[..])
        .unwrap_err()
        .to_string();
    assert!(err.contains("entries[0].date/time"), "{err}");
    let err = steward_core::import::parse_jrnl_json(&br#"{"entries": [{"title": "x"}]}"#[..])
        .unwrap_err()
        .to_string();
    assert!(err.contains("entries[0]") && err.contains("date"), "{err}");
}

#[test]
fn day_one_exports_import_from_zip_folder_or_file_with_titles_zones_and_stable_ids() {
    // Built from Day One's documented JSON export format (tests/fixtures/dayone*).
    let from_zip = steward_core::import::parse_dayone(&fixture("dayone-export.zip")).unwrap();
    let from_dir = steward_core::import::parse_dayone(&fixture("dayone")).unwrap();
    let from_file = steward_core::import::parse_dayone(&fixture("dayone/Journal.json")).unwrap();
    let ids = |b: &steward_core::import::ImportBatch| -> Vec<Option<String>> {
        b.entries.iter().map(|e| e.id.clone()).collect()
    };
    assert_eq!(ids(&from_zip), ids(&from_dir));
    assert_eq!(ids(&from_zip), ids(&from_file));
    let e = &from_zip.entries;
    assert_eq!(
        e[0].id.as_deref(),
        Some("9b6b1a3e-0f3c-4c2b-9c7a-5e2d1f0a4b3c")
    );
    assert_eq!(
        (e[0].title.as_str(), e[0].body.as_str()),
        (
            "Owning the delay",
            "Told Sam why the launch slipped, before he heard it elsewhere."
        )
    );
    assert_eq!(
        e[0].created_at.unwrap().to_rfc3339(),
        "2026-11-20T08:15:00+01:00",
        "Berlin time"
    );
    assert_eq!(e[0].tags, ["team", "transparency", "starred"]);
    assert_eq!(e[1].title, "", "no heading, no title");
    assert!(e[1]
        .body
        .starts_with("A quick note without a heading.\nSecond line."));
    assert_eq!(
        e[1].created_at.unwrap().to_rfc3339(),
        "2026-11-21T17:40:00-05:00",
        "New York time"
    );
    assert_eq!(
        e[2].created_at.unwrap().to_rfc3339(),
        "2026-11-22T18:00:00+09:00",
        "Tokyo time"
    );
    let t = new_vault();
    assert_eq!(t.vault.imports().save(from_zip).unwrap().added, 3);
    assert_eq!(
        t.vault.imports().save(from_dir).unwrap().skipped_existing,
        3,
        "additive: nothing twice"
    );
    let err = steward_core::import::parse_dayone(&fixture("jrnl-export.json"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("Day One export") && err.contains("entries[0]"),
        "{err}"
    );
}
