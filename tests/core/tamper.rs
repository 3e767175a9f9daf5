//! Tampering: a ciphertext moved to another row, rolled back, or changed fails to open
//! with the "damaged or tampered" error, and every other record still opens.

use steward_core::{EntryFilter, EntryUpdate, Error, Vault};

use crate::util::*;

fn sealed_of(t: &TestVault, id: &str) -> Vec<u8> {
    t.vault
        .connection_for_tests()
        .query_row("SELECT sealed FROM entries WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap()
}

fn set_sealed(t: &TestVault, id: &str, sealed: &[u8]) {
    t.vault
        .connection_for_tests()
        .execute(
            "UPDATE entries SET sealed = ?2 WHERE id = ?1",
            rusqlite::params![id, sealed],
        )
        .unwrap();
}

#[test]
fn ciphertext_copied_onto_another_row_fails_and_others_still_open() {
    let t = new_vault();
    let a = t.vault.entries().add(entry("a", "alpha", &[])).unwrap();
    let b = t.vault.entries().add(entry("b", "beta", &[])).unwrap();
    let c = t.vault.entries().add(entry("c", "gamma", &[])).unwrap();
    set_sealed(&t, &b.id, &sealed_of(&t, &a.id));
    let err = t.vault.entries().get(&b.id).unwrap_err();
    assert!(
        matches!(err, Error::Tampered { ref what } if what.contains(&b.id)),
        "{err}"
    );
    assert!(err.to_string().contains("damaged or tampered"));
    assert_eq!(t.vault.entries().get(&a.id).unwrap().body, "alpha");
    assert_eq!(t.vault.entries().get(&c.id).unwrap().body, "gamma");
    let listing = t.vault.entries().list(&EntryFilter::default()).unwrap();
    assert_eq!(listing.entries.len(), 2);
    assert_eq!(listing.damaged, vec![b.id.clone()]);
}

#[test]
fn older_ciphertext_of_the_same_row_is_a_rollback_and_fails() {
    let t = new_vault();
    let a = t
        .vault
        .entries()
        .add(entry("a", "first version", &[]))
        .unwrap();
    let old = sealed_of(&t, &a.id);
    t.vault
        .entries()
        .update(
            &a.id,
            EntryUpdate {
                body: Some("second version".into()),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    set_sealed(&t, &a.id, &old);
    assert!(matches!(
        t.vault.entries().get(&a.id),
        Err(Error::Tampered { .. })
    ));
}

#[test]
fn every_flipped_bit_position_class_and_truncation_fails() {
    let t = new_vault();
    let a = t
        .vault
        .entries()
        .add(entry("a", "some text to protect", &[]))
        .unwrap();
    let good = sealed_of(&t, &a.id);
    // format byte, nonce, ciphertext, tag: flip one bit in each byte position.
    for i in 0..good.len() {
        let mut bad = good.clone();
        bad[i] ^= 0x01;
        set_sealed(&t, &a.id, &bad);
        let err = t.vault.entries().get(&a.id).unwrap_err();
        if i == 0 {
            // Format 2 with its low bit flipped reads as format 3: refused as newer than
            // this build, and still not opened.
            assert!(matches!(err, Error::RecordTooNew { found: 3, .. }), "{err}");
        } else {
            assert!(matches!(err, Error::Tampered { .. }), "byte {i}: {err}");
        }
    }
    for len in [0, 1, 12, 13, good.len() - 1] {
        set_sealed(&t, &a.id, &good[..len]);
        assert!(
            matches!(t.vault.entries().get(&a.id), Err(Error::Tampered { .. })),
            "cut to {len}"
        );
    }
    set_sealed(&t, &a.id, &good);
    assert_eq!(
        t.vault.entries().get(&a.id).unwrap().body,
        "some text to protect"
    );
}

#[test]
fn a_changed_version_column_fails() {
    let t = new_vault();
    let a = t.vault.entries().add(entry("a", "x", &[])).unwrap();
    t.vault
        .connection_for_tests()
        .execute("UPDATE entries SET version = 2 WHERE id = ?1", [&a.id])
        .unwrap();
    assert!(matches!(
        t.vault.entries().get(&a.id),
        Err(Error::Tampered { .. })
    ));
}

#[test]
fn a_setting_moved_to_another_key_fails() {
    let t = new_vault();
    t.vault.set_setting("a", &serde_json::json!(1)).unwrap();
    t.vault.set_setting("b", &serde_json::json!(2)).unwrap();
    t.vault
        .connection_for_tests()
        .execute("UPDATE settings SET sealed = (SELECT sealed FROM settings WHERE key = 'a') WHERE key = 'b'", [])
        .unwrap();
    assert!(matches!(
        t.vault.get_setting("b"),
        Err(Error::Tampered { .. })
    ));
    assert_eq!(
        t.vault.get_setting("a").unwrap(),
        Some(serde_json::json!(1))
    );
}

#[test]
fn a_tampered_key_slot_is_reported_as_tampered_or_wrong_key() {
    let t = new_vault();
    let conn = t.vault.connection_for_tests();
    let slot: Vec<u8> = conn
        .query_row(
            "SELECT slot FROM key_slots WHERE kind = 'passphrase'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // Weakening the stored KDF cost (m = 8 MiB -> below the floor) is refused outright.
    let mut weak = slot.clone();
    weak[2..6].copy_from_slice(&1024u32.to_be_bytes());
    conn.execute(
        "UPDATE key_slots SET slot = ?1 WHERE kind = 'passphrase'",
        [&weak],
    )
    .unwrap();
    let err = steward_core::Vault::unlock(&t.path, &secret(PASS)).unwrap_err();
    assert!(matches!(err, Error::Tampered { .. }), "{err}");
    // Raising it within bounds changes the KEK, so the unwrap fails (no way to tell from a
    // wrong passphrase — by design).
    let mut changed = slot.clone();
    changed[6..10].copy_from_slice(&2u32.to_be_bytes());
    conn.execute(
        "UPDATE key_slots SET slot = ?1 WHERE kind = 'passphrase'",
        [&changed],
    )
    .unwrap();
    assert!(matches!(
        steward_core::Vault::unlock(&t.path, &secret(PASS)),
        Err(Error::WrongPassphrase)
    ));
    conn.execute(
        "UPDATE key_slots SET slot = ?1 WHERE kind = 'passphrase'",
        [&slot],
    )
    .unwrap();
    steward_core::Vault::unlock(&t.path, &secret(PASS))
        .expect("the journal opens with this passphrase");
}

/// A trigger planted with sqlite3 (here: one that silently undoes every delete) makes the
/// journal refuse to open, before any command can report a success it did not have; so do
/// a view and a changed table definition.
#[test]
fn a_planted_trigger_view_or_changed_table_is_refused_at_open() {
    let plants = [
        "CREATE TRIGGER keep_everything BEFORE DELETE ON entries BEGIN SELECT RAISE(IGNORE); END",
        "CREATE VIEW everything AS SELECT * FROM entries",
        "CREATE INDEX by_kind ON entries (kind)",
    ];
    for plant in plants {
        let t = new_vault();
        t.vault.entries().add(entry("kept", "body", &[])).unwrap();
        drop(t.vault);
        let sqlite = rusqlite::Connection::open(&t.path).unwrap();
        sqlite.execute_batch(plant).unwrap();
        drop(sqlite);
        let err = steward_core::LockedVault::open(&t.path).unwrap_err();
        assert!(
            matches!(err, Error::Tampered { ref what } if what.contains("schema")),
            "{plant}: {err}"
        );
    }
}

/// Runs `sql` on the vault file with sqlite3's view of it (another connection), as an
/// attacker with the file would.
fn attacker_sql(path: &std::path::Path, sql: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(sql).unwrap();
}

#[test]
fn an_entry_re_dated_or_re_typed_in_sql_no_longer_opens() {
    let t = new_vault();
    let a = t.vault.entries().add(entry("a", "alpha", &[])).unwrap();
    let b = t.vault.entries().add(entry("b", "beta", &[])).unwrap();
    let c = t.vault.entries().add(entry("c", "gamma", &[])).unwrap();
    let conn = t.vault.connection_for_tests();
    conn.execute(
        "UPDATE entries SET created_at = '2020-01-01T00:00:00Z', created_ms = 1577836800000 WHERE id = ?1",
        [&a.id],
    )
    .unwrap();
    conn.execute("UPDATE entries SET kind = 'weekly' WHERE id = ?1", [&b.id])
        .unwrap();
    for id in [&a.id, &b.id] {
        let err = t.vault.entries().get(id).unwrap_err();
        assert!(matches!(err, Error::Tampered { .. }), "{id}: {err}");
    }
    assert_eq!(t.vault.entries().get(&c.id).unwrap().body, "gamma");
    let listed = t.vault.entries().list(&EntryFilter::default()).unwrap();
    assert_eq!(listed.damaged.len(), 2, "both reported, the rest listed");
}

#[test]
fn a_row_deleted_or_brought_back_in_sql_is_reported_at_unlock() {
    let t = new_vault();
    let kept = t.vault.entries().add(entry("kept", "stays", &[])).unwrap();
    let gone = t
        .vault
        .entries()
        .add(entry("gone", "deleted", &[]))
        .unwrap();
    let old_copy = t.dir.path().join("old-copy.steward");
    t.vault
        .connection_for_tests()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    std::fs::copy(&t.path, &old_copy).unwrap();
    t.vault.entries().delete(&gone.id).unwrap();
    let path = t.path.clone();
    drop(t.vault);
    Vault::unlock(&path, &secret(PASS)).expect("a journal as Steward left it opens");

    // Brought back: the deleted row, copied from the old file.
    attacker_sql(
        &path,
        &format!(
            "ATTACH '{}' AS old; INSERT INTO entries SELECT * FROM old.entries WHERE id = '{}';",
            old_copy.display(),
            gone.id
        ),
    );
    let err = Vault::unlock(&path, &secret(PASS)).unwrap_err();
    assert!(
        matches!(&err, Error::Tampered { what } if what.contains("record list") && what.contains("entries: 1 listed, 2 found")),
        "{err}"
    );
    assert_eq!(err.code(), "tampered");

    // Deleted: a row that is listed is missing.
    attacker_sql(
        &path,
        &format!(
            "DELETE FROM entries WHERE id IN ('{}', '{}')",
            gone.id, kept.id
        ),
    );
    let err = Vault::unlock(&path, &secret(PASS)).unwrap_err();
    assert!(
        matches!(&err, Error::Tampered { what } if what.contains("entries: 1 listed, 0 found")),
        "{err}"
    );

    // Removing the record list itself does not make the journal look like an old one.
    attacker_sql(&path, "DELETE FROM settings WHERE key = 'manifest'");
    attacker_sql(
        &path,
        &format!(
            "ATTACH '{}' AS old; INSERT INTO entries SELECT * FROM old.entries;",
            old_copy.display()
        ),
    );
    let err = Vault::unlock(&path, &secret(PASS)).unwrap_err();
    assert!(
        matches!(&err, Error::Tampered { what } if what.contains("not marked as upgraded")),
        "{err}"
    );
}

#[test]
fn plaintext_times_are_utc_and_lengths_show_only_their_bucket() {
    let t = new_vault();
    let berlin = t
        .vault
        .entries()
        .add(steward_core::NewEntry {
            created_at: at("2026-03-01T09:30:00+01:00"),
            ..entry("In Berlin", &"a".repeat(1500), &[])
        })
        .unwrap();
    let tokyo = t
        .vault
        .entries()
        .add(steward_core::NewEntry {
            created_at: at("2026-03-02T18:00:00+09:00"),
            ..entry("In Tokyo", &"b".repeat(1530), &[])
        })
        .unwrap();
    let conn = t.vault.connection_for_tests();
    let stored: Vec<(String, usize)> = conn
        .prepare("SELECT created_at, length(sealed) FROM entries ORDER BY created_ms")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(stored[0].0, "2026-03-01T08:30:00Z", "no offset in plain");
    assert_eq!(stored[1].0, "2026-03-02T09:00:00Z");
    assert_eq!(
        stored[0].1, stored[1].1,
        "30 more characters, the same size"
    );
    // What was written where is still what the leader sees.
    let shown = t.vault.entries().get(&berlin.id).unwrap().created_at;
    assert_eq!(shown.to_rfc3339(), "2026-03-01T09:30:00+01:00");
    let shown = t.vault.entries().get(&tokyo.id).unwrap().created_at;
    assert_eq!(shown.to_rfc3339(), "2026-03-02T18:00:00+09:00");
}
