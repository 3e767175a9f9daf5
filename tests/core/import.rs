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
    let listed = t.vault.entries().list(&Default::default()).unwrap().entries;
    let owning = listed.iter().find(|e| e.title == first.title).unwrap();
    assert_eq!(owning.tags, ["sam"], "@ dropped");
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

/// The UUID v5 builds before 0.3 gave a jrnl entry: public namespace, public text.
fn legacy_jrnl_id(e: &steward_core::NewEntry) -> String {
    let ns = uuid::Uuid::from_u128(0x5c1e_7a3d_9f0b_4e62_8d11_6a0e_2b7c_4f93);
    let when = e.created_at.unwrap().format("%Y-%m-%d %H:%M");
    let text = format!("{when}\n{}\n{}", e.title, e.body);
    uuid::Uuid::new_v5(&ns, text.as_bytes()).to_string()
}

fn jrnl_batch() -> steward_core::import::ImportBatch {
    let file = std::fs::File::open(fixture("jrnl-export.json")).unwrap();
    steward_core::import::parse_jrnl_json(file).unwrap()
}

/// Stores `batch`'s entries as an earlier build did, under the public v5 of each entry's
/// text; returns those ids.
fn store_as_an_earlier_build_did(
    vault: &steward_core::Vault,
    batch: &steward_core::import::ImportBatch,
) -> Vec<String> {
    let legacy: Vec<steward_core::NewEntry> = (batch.entries.iter())
        .map(|e| steward_core::NewEntry {
            id: Some(legacy_jrnl_id(e)),
            origin: None,
            ..e.clone()
        })
        .collect();
    let public = legacy.iter().map(|e| e.id.clone().unwrap()).collect();
    vault.imports().entries(legacy).unwrap();
    public
}

fn ids_of(vault: &steward_core::Vault) -> Vec<String> {
    let mut ids: Vec<String> = (vault.entries().list(&Default::default()).unwrap().entries)
        .into_iter()
        .map(|e| e.id)
        .collect();
    ids.sort();
    ids
}

#[test]
fn jrnl_ids_are_keyed_so_the_file_alone_confirms_no_entry_and_a_second_import_adds_nothing() {
    let batch = jrnl_batch();
    let public: Vec<String> = batch.entries.iter().map(legacy_jrnl_id).collect();
    let (a, b) = (new_vault(), new_vault());
    a.vault.imports().save(batch.clone()).unwrap();
    b.vault.imports().save(batch.clone()).unwrap();
    let (ids_a, ids_b) = (ids_of(&a.vault), ids_of(&b.vault));
    assert_eq!(ids_a.len(), 3);
    for id in &ids_a {
        assert!(!public.contains(id), "{id} is the public v5 of its text");
        assert!(
            !ids_b.contains(id),
            "{id}: another journal's key gives other ids"
        );
    }
    // The key is the journal's: the same file again, after a key rotation, adds nothing.
    let mut vault = a.vault;
    vault
        .rotate_keys(
            &secret(PASS),
            steward_core::RecoveryChoice::Replace,
            fast_kdf(),
        )
        .unwrap();
    let again = vault.imports().save(batch).unwrap();
    assert_eq!((again.added, again.skipped_existing), (0, 3));
}

#[test]
fn ids_earlier_builds_derived_from_jrnl_text_are_re_keyed_at_unlock() {
    let t = new_vault();
    let batch = jrnl_batch();
    let public = store_as_an_earlier_build_did(&t.vault, &batch);
    // A v5 id the user chose in a JSONL file is theirs, and stays.
    let chosen = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, b"mine").to_string();
    t.vault
        .entries()
        .add(steward_core::NewEntry {
            id: Some(chosen.clone()),
            ..entry("my own id", "text", &[])
        })
        .unwrap();
    drop(t.vault);
    let unlocked = steward_core::Vault::unlock(&t.path, &secret(PASS)).unwrap();
    drop(steward_core::Session::open(unlocked).unwrap());
    let vault = &steward_core::Vault::unlock(&t.path, &secret(PASS)).unwrap();
    let ids = ids_of(vault);
    assert_eq!(ids.len(), 4);
    assert!(ids.contains(&chosen));
    for id in &public {
        assert!(!ids.contains(id), "{id} is still the public v5 of its text");
    }
    let titles: Vec<String> = (vault.entries().list(&Default::default()).unwrap().entries)
        .into_iter()
        .map(|e| e.title)
        .collect();
    assert!(
        titles.contains(&"Owning the delay.".to_string()),
        "{titles:?}"
    );
    // Re-keyed to what an import gives now, so importing the file again adds nothing.
    let again = vault.imports().save(batch).unwrap();
    assert_eq!((again.added, again.skipped_existing), (0, 3));
    assert_eq!(vault.imports().rekey_legacy_ids().unwrap(), 0);
}

/// The app's unlock reads the entry rows during the KDF; re-keying legacy ids after it moves
/// rows, so the rows read ahead are stale and must not become the session's index.
#[test]
fn the_apps_unlock_indexes_the_re_keyed_rows_not_the_ones_read_during_the_kdf() {
    let t = new_vault();
    let public = store_as_an_earlier_build_did(&t.vault, &jrnl_batch());
    drop(t.vault);
    let (vault, rows) = steward_core::LockedVault::open(&t.path)
        .unwrap()
        .unlock_with_rows(&secret(PASS))
        .unwrap();
    let session = steward_core::Session::open_with_rows(vault, rows).unwrap();
    let listed: Vec<String> = session.summaries().into_iter().map(|s| s.id).collect();
    assert_eq!(listed.len(), 3);
    for id in &listed {
        assert!(!public.contains(id), "{id}: the index holds a stale row");
        session.get(id).unwrap();
    }
    assert!(session.damaged().is_empty(), "{:?}", session.damaged());
}

#[test]
fn day_one_ids_that_are_not_uuids_import_and_import_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("Journal.json");
    let entry = |uuid: &str, text: &str| serde_json::json!({"uuid": uuid, "creationDate": "2026-11-20T07:15:00Z", "text": text});
    let doc = serde_json::json!({"metadata": {"version": "1.0"}, "entries": [
        entry("entry-1", "# One\nfrom another tool"),
        entry("A1B2C3D4E5F60718293A4B5C6D7E8F90", "# Two\nDay One's own spelling"),
        entry("  ", "# Three\nno id"),
    ]});
    std::fs::write(&file, doc.to_string()).unwrap();
    let err = steward_core::import::parse_dayone(&file)
        .unwrap_err()
        .to_string();
    assert!(err.contains("entries[2].uuid"), "{err}");
    let doc = serde_json::json!({"metadata": {"version": "1.0"}, "entries": [
        entry("entry-1", "# One\nfrom another tool"),
        entry("A1B2C3D4E5F60718293A4B5C6D7E8F90", "# Two\nDay One's own spelling"),
    ]});
    std::fs::write(&file, doc.to_string()).unwrap();
    let batch = steward_core::import::parse_dayone(&file).unwrap();
    let t = new_vault();
    assert_eq!(t.vault.imports().save(batch.clone()).unwrap().added, 2);
    let ids = ids_of(&t.vault);
    assert!(
        ids.contains(&"a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90".to_string()),
        "{ids:?}"
    );
    assert!(!ids.iter().any(|id| id.contains("entry-1")));
    let again = t.vault.imports().save(batch).unwrap();
    assert_eq!((again.added, again.skipped_existing), (0, 2));
}

#[test]
fn a_day_one_zip_bomb_is_refused_before_it_is_inflated() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let bomb = dir.path().join("bomb.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("Journal.json", options).unwrap();
    zip.write_all(br#"{"entries": ["#).unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..16 {
        zip.write_all(&spaces).unwrap();
    }
    zip.write_all(b"]}").unwrap();
    zip.finish().unwrap();
    let packed = std::fs::metadata(&bomb).unwrap().len();
    assert!(packed < 100_000, "16 MiB packed into {packed} bytes");
    let err = steward_core::import::parse_dayone(&bomb).unwrap_err();
    assert!(matches!(err, steward_core::Error::InvalidInput(_)), "{err}");
    assert!(err.to_string().contains("zip bomb"), "{err}");
}
