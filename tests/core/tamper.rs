//! Tampering: a ciphertext moved to another row, rolled back, or changed fails to open
//! with the "damaged or tampered" error, and every other record still opens.

use steward_core::{EntryFilter, EntryUpdate, Error};

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
        assert!(matches!(err, Error::Tampered { .. }), "byte {i}: {err}");
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
