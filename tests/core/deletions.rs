//! Deletions travel: deleting an entry leaves a sealed tombstone (listed in the manifest);
//! backups (format version 2) carry tombstones; importing an older backup does not bring a
//! deleted entry back, unless its copy was edited after the deletion; a deletion made in
//! the backup's journal reaches this one unless the entry was edited here since; restore
//! keeps tombstones; importing twice changes nothing; a version-1 backup written by the
//! build before tombstones still verifies, restores and imports; hostile tombstones are
//! refused as damage.

use std::path::{Path, PathBuf};

use steward_core::backup::{restore_backup, verify_backup, BackupOptions};
use steward_core::{EntryUpdate, Error, ErrorCode, LockedVault, RecordKind};

use crate::backup::{edited_backup, BACKUP_PASS};
use crate::util::*;

fn options() -> BackupOptions {
    BackupOptions {
        work_factor: 10,
        replace_existing: true,
    }
}

fn export_to(t: &TestVault, name: &str) -> PathBuf {
    let path = t.dir.path().join(name);
    (t.vault.backups())
        .export(&path, &secret(BACKUP_PASS), options())
        .unwrap();
    path
}

fn import(t: &TestVault, path: &Path) -> steward_core::backup::MergeReport {
    (t.vault.backups())
        .import(path, &secret(BACKUP_PASS))
        .unwrap()
}

fn entry_ids(t: &TestVault) -> Vec<String> {
    let mut ids: Vec<String> = (t.vault.entries().list(&Default::default()).unwrap().entries)
        .into_iter()
        .map(|e| e.id)
        .collect();
    ids.sort();
    ids
}

/// A journal with three entries; their ids, oldest first.
fn three() -> (TestVault, Vec<String>) {
    let t = new_vault();
    let ids = ["One", "Two", "Three"]
        .iter()
        .map(|title| {
            t.vault
                .entries()
                .add(entry(title, "a body", &[]))
                .unwrap()
                .id
        })
        .collect();
    (t, ids)
}

/// Timestamps are kept to the millisecond: make the next one later than the last.
fn tick() {
    std::thread::sleep(std::time::Duration::from_millis(5));
}

/// A second journal restored from `t`'s backup (a second computer, a restored laptop).
fn copy_of(t: &TestVault) -> TestVault {
    let backup = export_to(t, "for-the-copy.age");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.steward");
    let (vault, recovery, _) = restore_backup(
        &backup,
        &secret(BACKUP_PASS),
        &path,
        &secret(PASS),
        fast_kdf(),
    )
    .unwrap();
    TestVault {
        dir,
        path,
        vault,
        recovery,
    }
}

#[test]
fn deleting_leaves_a_sealed_tombstone_the_manifest_lists() {
    let (t, ids) = three();
    let before = steward_core::stamp::now();
    t.vault.entries().delete(&ids[1]).unwrap();
    let stones = t.vault.tombstones().list().unwrap();
    assert_eq!(stones.len(), 1);
    assert_eq!(stones[0].id, ids[1]);
    assert_eq!(stones[0].kind, RecordKind::Entry);
    assert!(stones[0].deleted_at >= before);
    // Nothing but the id is in plain: the kind and the time are sealed.
    let conn = t.vault.connection_for_tests();
    let (id, sealed): (String, Vec<u8>) = conn
        .query_row("SELECT id, sealed FROM tombstones", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(id, ids[1]);
    assert!(!String::from_utf8_lossy(&sealed).contains("entry"));
    drop(t.vault);
    // The journal still unlocks (its manifest counts the tombstone) …
    LockedVault::open(&t.path)
        .unwrap()
        .unlock(&secret(PASS))
        .unwrap();
    // … and a tombstone removed in SQL is tampering, like any record.
    let raw = rusqlite::Connection::open(&t.path).unwrap();
    raw.execute("DELETE FROM tombstones", []).unwrap();
    drop(raw);
    let err = LockedVault::open(&t.path)
        .unwrap()
        .unlock(&secret(PASS))
        .unwrap_err();
    assert_eq!(err.error_code(), ErrorCode::Tampered, "{err}");
}

#[test]
fn an_older_backup_does_not_bring_a_deleted_entry_back_and_twice_changes_nothing() {
    let (t, ids) = three();
    let older = export_to(&t, "older.age");
    tick();
    t.vault.entries().delete(&ids[0]).unwrap();
    let r = import(&t, &older);
    assert_eq!((r.entries.stayed_deleted, r.entries.added), (1, 0));
    assert_eq!((r.entries.unchanged, r.entries.deleted), (2, 0));
    assert!(
        !entry_ids(&t).contains(&ids[0]),
        "the deleted entry came back"
    );
    let r = import(&t, &older);
    assert_eq!((r.entries.stayed_deleted, r.entries.added), (1, 0));
    assert_eq!(t.vault.tombstones().count().unwrap(), 1);
    assert_eq!(entry_ids(&t).len(), 2);
}

#[test]
fn a_deletion_reaches_the_other_journal_through_a_backup_both_ways() {
    let (a, ids) = three();
    let b = copy_of(&a);
    tick();
    // Deleted on A: importing A's backup deletes it on B, and B learns the tombstone.
    a.vault.entries().delete(&ids[0]).unwrap();
    let from_a = export_to(&a, "from-a.age");
    assert_eq!(
        verify_backup(&from_a, &secret(BACKUP_PASS))
            .unwrap()
            .counts
            .tombstones,
        1
    );
    let r = import(&b, &from_a);
    assert_eq!((r.entries.deleted, r.tombstones.added), (1, 1));
    assert!(!entry_ids(&b).contains(&ids[0]));
    assert_eq!(
        b.vault
            .tombstones()
            .get(&ids[0])
            .unwrap()
            .unwrap()
            .deleted_at,
        a.vault
            .tombstones()
            .get(&ids[0])
            .unwrap()
            .unwrap()
            .deleted_at,
        "the deletion keeps its time"
    );
    let again = import(&b, &from_a);
    assert_eq!((again.entries.deleted, again.tombstones.unchanged), (0, 1));
    // Deleted on B: A's next import of B's backup deletes it there.
    tick();
    b.vault.entries().delete(&ids[1]).unwrap();
    let r = import(&a, &export_to(&b, "from-b.age"));
    assert_eq!(
        (
            r.entries.deleted,
            r.tombstones.added,
            r.tombstones.unchanged
        ),
        (1, 1, 1)
    );
    assert_eq!(entry_ids(&a), entry_ids(&b));
    assert_eq!(entry_ids(&a), vec![ids[2].clone()]);
}

#[test]
fn an_edit_made_after_the_deletion_wins_on_either_side() {
    let (a, ids) = three();
    let b = copy_of(&a);
    tick();
    a.vault.entries().delete(&ids[0]).unwrap();
    tick();
    let edit = EntryUpdate {
        body: Some("edited on B after A deleted it".into()),
        ..Default::default()
    };
    b.vault.entries().update(&ids[0], edit, None).unwrap();
    // B imports A's deletion: B's later edit wins, and B keeps no tombstone.
    let r = import(&b, &export_to(&a, "from-a.age"));
    assert_eq!((r.entries.deleted, r.tombstones.kept_local), (0, 1));
    assert_eq!(b.vault.tombstones().count().unwrap(), 0);
    assert_eq!(
        b.vault.entries().get(&ids[0]).unwrap().body,
        "edited on B after A deleted it"
    );
    // A imports B's edit: it comes back there, and A's tombstone goes.
    let r = import(&a, &export_to(&b, "from-b.age"));
    assert_eq!((r.entries.added, r.entries.stayed_deleted), (1, 0));
    assert!(a.vault.tombstones().get(&ids[0]).unwrap().is_none());
    assert_eq!(
        a.vault.entries().get(&ids[0]).unwrap().body,
        "edited on B after A deleted it"
    );
}

#[test]
fn restore_keeps_tombstones_so_a_later_merge_still_knows() {
    let (a, ids) = three();
    let older = export_to(&a, "older.age");
    tick();
    a.vault.entries().delete(&ids[2]).unwrap();
    let restored = copy_of(&a);
    assert_eq!(restored.vault.tombstones().count().unwrap(), 1);
    let r = import(&restored, &older);
    assert_eq!((r.entries.stayed_deleted, r.entries.added), (1, 0));
    assert!(!entry_ids(&restored).contains(&ids[2]));
}

#[test]
fn a_tombstone_of_a_record_never_held_here_is_kept_and_deletes_nothing_else() {
    let (a, ids) = three();
    tick();
    a.vault.entries().delete(&ids[0]).unwrap();
    let from_a = export_to(&a, "from-a.age");
    let (b, b_ids) = three();
    let r = import(&b, &from_a);
    assert_eq!(
        (r.entries.added, r.entries.deleted, r.tombstones.added),
        (2, 0, 1)
    );
    assert_eq!(entry_ids(&b).len(), 5, "B's own entries are all there");
    for id in &b_ids {
        assert!(entry_ids(&b).contains(id));
    }
    assert!(b.vault.tombstones().get(&ids[0]).unwrap().is_some());
}

/// Written by the build before tombstones (steward 0.1.0 at a65765f, `steward backup
/// export`): two entries, format version 1, backup passphrase "a backup passphrase".
const V1_BACKUP: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/backup-v1.age"
);

#[test]
fn a_version_1_backup_written_by_the_build_before_still_verifies_restores_and_imports() {
    let v1 = Path::new(V1_BACKUP);
    let summary = verify_backup(v1, &secret(BACKUP_PASS)).unwrap();
    assert_eq!((summary.counts.entries, summary.counts.tombstones), (2, 0));
    let dir = tempfile::tempdir().unwrap();
    let (restored, _, _) = restore_backup(
        v1,
        &secret(BACKUP_PASS),
        &dir.path().join("r.steward"),
        &secret(PASS),
        fast_kdf(),
    )
    .unwrap();
    let mut bodies: Vec<String> = (restored.entries().list(&Default::default()).unwrap())
        .entries
        .into_iter()
        .map(|e| e.body)
        .collect();
    bodies.sort();
    assert_eq!(
        bodies,
        [
            "Kept entry\nWritten by the build before tombstones.",
            "Second entry\nAlso from version 1."
        ]
    );
    let t = new_vault();
    let r = import(&t, v1);
    assert_eq!(r.entries.added, 2);
    // Deleted here after the import: importing the version-1 file again leaves it deleted.
    tick();
    let kept = entry_ids(&t)[0].clone();
    t.vault.entries().delete(&kept).unwrap();
    let r = import(&t, v1);
    assert_eq!((r.entries.stayed_deleted, r.entries.unchanged), (1, 1));
}

/// One change made to a backup's document before it is sealed again.
type Edit = dyn FnOnce(&mut serde_json::Value);

#[test]
fn hostile_tombstones_are_refused_as_damage_and_change_nothing() {
    let (t, ids) = three();
    tick();
    t.vault.entries().delete(&ids[0]).unwrap();
    let good = export_to(&t, "good.age");
    let target = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Box<Edit>)> = vec![
        ("in a version 1 file", Box::new(|d| d["version"] = 1.into())),
        (
            "not a UUID",
            Box::new(|d| d["tombstones"][0]["id"] = "../../etc".into()),
        ),
        (
            "the id of a record it holds",
            Box::new(|d| {
                let id = d["entries"][0]["id"].clone();
                d["tombstones"][0]["id"] = id;
            }),
        ),
        (
            "an unknown kind",
            Box::new(|d| d["tombstones"][0]["kind"] = "vault".into()),
        ),
        (
            "a time that is no time",
            Box::new(|d| d["tombstones"][0]["deleted_at"] = "yesterday".into()),
        ),
        (
            "an extra member",
            Box::new(|d| d["tombstones"][0]["body"] = "x".into()),
        ),
        (
            "more than declared",
            Box::new(|d| {
                let extra = serde_json::json!({"id": "7d1f6a4e-9c1b-4c55-9a53-0c8f1f0b2a11",
                    "kind": "entry", "deleted_at": "2026-01-01T00:00:00Z"});
                d["tombstones"].as_array_mut().unwrap().push(extra);
            }),
        ),
        (
            "fewer than declared",
            Box::new(|d| d["counts"]["tombstones"] = 5.into()),
        ),
    ];
    for (what, edit) in cases {
        let bad = edited_backup(&t, &good, "bad.age", edit);
        let before = entry_ids(&t);
        let err = t
            .vault
            .backups()
            .import(&bad, &secret(BACKUP_PASS))
            .unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::BackupDamaged, "{what}: {err}");
        assert_eq!(entry_ids(&t), before, "{what}: the journal changed");
        assert_eq!(t.vault.tombstones().count().unwrap(), 1, "{what}");
        let restored = target.path().join("r.steward");
        assert!(restore_backup(
            &bad,
            &secret(BACKUP_PASS),
            &restored,
            &secret(PASS),
            fast_kdf()
        )
        .is_err());
        assert!(
            !restored.exists(),
            "{what}: a failed restore left a journal"
        );
        let _: Error = err;
    }
}
