//! The desktop app's session: the vault and the in-memory index stay in step.

use steward_core::session::{excerpt, EXCERPT_CHARS};
use steward_core::{EntryUpdate, Error, Session, Vault};

use crate::util::*;

#[test]
fn saves_and_deletes_reach_both_the_vault_and_the_index() {
    let t = new_vault();
    t.vault
        .entries()
        .add(entry("before", "already there", &[]))
        .unwrap();
    let path = t.path.clone();
    let mut session = Session::open(t.vault).unwrap();
    assert_eq!(session.len(), 1);
    let e = session
        .create(entry("Owning the delay", "told **Sam** first", &["team"]))
        .unwrap();
    assert_eq!(session.search("SAM").len(), 1);
    let e2 = session
        .update(
            &e.id,
            EntryUpdate {
                body: Some("told Dana first".into()),
                ..Default::default()
            },
            Some(1),
        )
        .unwrap();
    assert_eq!(e2.version, 2);
    assert!(session.search("sam").is_empty(), "the index saw the update");
    assert_eq!(session.search("dana")[0].id, e.id);
    assert_eq!(session.search_ids("DANA", false), vec![e.id.clone()]);
    assert_eq!(session.get(&e.id).unwrap().body, "told Dana first");
    session.delete(&e.id).unwrap();
    assert!(matches!(session.get(&e.id), Err(Error::NotFound { .. })));
    assert!(session.search("dana").is_empty());
    drop(session);
    // The vault agrees after reopening.
    let vault = Vault::unlock(&path, &secret(PASS)).unwrap();
    assert_eq!(vault.entries().count().unwrap(), 1);
}

#[test]
fn a_failed_save_leaves_the_index_unchanged() {
    let t = new_vault();
    let mut session = Session::open(t.vault).unwrap();
    let e = session.create(entry("t", "v1", &[])).unwrap();
    let stale = session.update(
        &e.id,
        EntryUpdate {
            body: Some("v2".into()),
            ..Default::default()
        },
        Some(7),
    );
    assert!(stale.is_err());
    assert_eq!(session.get(&e.id).unwrap().body, "v1");
    assert_eq!(session.search("v2").len(), 0);
}

#[test]
fn summaries_are_newest_first_with_excerpts_and_word_counts() {
    let t = new_vault();
    let mut session = Session::open(t.vault).unwrap();
    session
        .create(steward_core::NewEntry {
            created_at: at("2025-01-01T10:00:00Z"),
            ..entry("Old", "one two three", &["a"])
        })
        .unwrap();
    let long = "word ".repeat(100);
    session
        .create(steward_core::NewEntry {
            created_at: at("2026-01-01T10:00:00Z"),
            ..entry("New title", &long, &[])
        })
        .unwrap();
    let list = session.summaries();
    assert_eq!(
        list.iter().map(|s| s.title.as_str()).collect::<Vec<_>>(),
        ["New title", "Old"]
    );
    assert_eq!(
        list[0].words, 100,
        "the body's words; the title is not counted"
    );
    assert!(list[0].excerpt.ends_with('…'));
    assert_eq!(list[0].excerpt.chars().count(), EXCERPT_CHARS + 1);
    assert_eq!(list[1].excerpt, "one two three");
    assert_eq!(list[1].tags, ["a"]);
}

#[test]
fn excerpts_collapse_whitespace_and_cut_on_characters() {
    assert_eq!(excerpt("  a\n\n b\tc  "), "a b c");
    assert_eq!(excerpt(""), "");
    let greek = "λ".repeat(EXCERPT_CHARS + 10);
    let cut = excerpt(&greek);
    assert_eq!(cut.chars().count(), EXCERPT_CHARS + 1);
}

#[test]
fn a_stored_auto_lock_delay_is_clamped_as_it_is_read() {
    use steward_core::session::{AUTOLOCK_SETTING, MAX_AUTOLOCK_MINUTES};
    for (stored, read) in [
        (
            serde_json::json!(1_000_000_000_000u64),
            MAX_AUTOLOCK_MINUTES,
        ),
        (serde_json::json!(0), 1),
        (serde_json::json!(15), 15),
    ] {
        let t = new_vault();
        // As a backup from anywhere (or an older build) may carry it.
        t.vault.set_setting(AUTOLOCK_SETTING, &stored).unwrap();
        let session = Session::open(t.vault).unwrap();
        assert_eq!(session.autolock_minutes().unwrap(), read, "{stored}");
    }
}

#[test]
fn the_list_is_laid_out_by_day_and_paged() {
    let t = new_vault();
    let mut session = steward_core::Session::open(t.vault).unwrap();
    for (i, day) in ["2026-01-01", "2026-01-03", "2026-01-03", "2026-01-05"]
        .iter()
        .enumerate()
    {
        session
            .create(steward_core::NewEntry {
                created_at: at(&format!("{day}T10:0{i}:00Z")),
                ..entry(
                    &format!("e{i}"),
                    if i % 2 == 0 { "café" } else { "tea" },
                    &[],
                )
            })
            .unwrap();
    }
    let list = session.entry_list("", false, &chrono::Utc, 2);
    let layout = list.layout;
    assert_eq!(layout.total, 4);
    assert_eq!(layout.days, [20260105, 20260103, 20260101]);
    assert_eq!(layout.counts, [1, 2, 1]);
    let titles = |rows: Vec<steward_core::EntrySummary>| -> Vec<String> {
        rows.into_iter().map(|s| s.title).collect()
    };
    // The first page comes with the layout; later ones are asked for as the list scrolls.
    assert_eq!(titles(list.first), ["e3", "e2"]);
    assert_eq!(titles(session.entry_page("", false, 1, 2)), ["e2", "e1"]);
    assert_eq!(titles(session.entry_page("", false, 3, 50)), ["e0"]);
    assert!(session.entry_page("", false, 9, 50).is_empty());
    // A search's list: its hits only, laid out and paged the same way.
    let hits = session.entry_list("cafe", false, &chrono::Utc, 50);
    assert_eq!(hits.layout.total, 2);
    assert_eq!(titles(hits.first), ["e2", "e0"]);
    assert_eq!(titles(session.entry_page("cafe", false, 1, 50)), ["e0"]);
    let exact = session.entry_list("cafe", true, &chrono::Utc, 50);
    assert_eq!((exact.layout.total, exact.first.len()), (0, 0));
}
