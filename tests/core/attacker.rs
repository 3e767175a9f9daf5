//! The offline attacker: given only the vault file, try every stored byte string of 32
//! bytes as the key-encryption key of each slot, as the data key, and as a record key.
//! Nothing may open. (A shipped Tauri journal stored its Argon2 hash beside the wrapped key
//! and used the hash as the wrapping key; this test is the guard against that mistake.)

use steward_core::test_support::crypto::{DataKey, Purpose, RecordAad, RecordCipher};
use steward_core::test_support::keyslot::{KeySlot, SlotKind};

use crate::util::*;

#[test]
fn no_byte_string_in_the_vault_file_opens_anything() {
    let t = new_vault();
    let e = t
        .vault
        .entries()
        .add(entry("target", "what the attacker wants", &["x"]))
        .unwrap();
    t.vault
        .set_setting("theme", &serde_json::json!("dark"))
        .unwrap();
    let conn = t.vault.connection_for_tests();
    let slot = |k: &str| -> Vec<u8> {
        conn.query_row("SELECT slot FROM key_slots WHERE kind = ?1", [k], |r| {
            r.get(0)
        })
        .unwrap()
    };
    let pass_slot = KeySlot::decode(&slot("passphrase"), SlotKind::Passphrase).unwrap();
    let rec_slot = KeySlot::decode(&slot("recovery"), SlotKind::Recovery).unwrap();
    let (version, sealed): (i64, Vec<u8>) = conn
        .query_row(
            "SELECT version, sealed FROM entries WHERE id = ?1",
            [&e.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let meta = steward_core::test_support::records::entry_meta_for_tests(conn, &e.id);
    let path = t.path.clone();
    drop(t.vault);

    // Sanity: the right key does open the record (so the loop below could succeed).
    let recovery_dek = steward_core::LockedVault::open(&path)
        .unwrap()
        .unlock_with_recovery(&t.recovery)
        .map(|_| ());
    recovery_dek.expect("the recovery key unwraps the data key");

    let aad = RecordAad {
        table: "entries",
        id: &e.id,
        version,
        meta: &meta,
    };
    let mut bytes = std::fs::read(&path).unwrap();
    for ext in ["-wal", "-shm"] {
        if let Ok(more) = std::fs::read(format!("{}{ext}", path.display())) {
            bytes.extend(more);
        }
    }
    assert!(bytes.len() > 4096);
    let mut tried = 0usize;
    for window in bytes.windows(32) {
        let key: [u8; 32] = window.try_into().unwrap();
        assert!(
            pass_slot.unwrap_with(&key).is_none(),
            "a stored byte string unwraps the passphrase slot"
        );
        assert!(
            rec_slot.unwrap_with(&key).is_none(),
            "a stored byte string unwraps the recovery slot"
        );
        let as_dek = DataKey::from_raw_for_tests(key).cipher(Purpose::Records);
        assert!(
            as_dek.open(aad, &sealed).is_err(),
            "a stored byte string is the data key"
        );
        assert!(
            RecordCipher::from_raw_key_for_tests(&key)
                .open(aad, &sealed)
                .is_err(),
            "a stored byte string is the record key"
        );
        tried += 1;
    }
    assert!(tried > 4000);

    // Control: the same search does find a data key when one is planted in the bytes.
    let known = [7u8; 32];
    let planted_record = DataKey::from_raw_for_tests(known)
        .cipher(Purpose::Records)
        .seal(aad, b"x")
        .unwrap();
    let mut planted = vec![0u8; 100];
    planted.extend_from_slice(&known);
    planted.extend_from_slice(&[1u8; 50]);
    let found = planted.windows(32).any(|w| {
        let key: [u8; 32] = w.try_into().unwrap();
        DataKey::from_raw_for_tests(key)
            .cipher(Purpose::Records)
            .open(aad, &planted_record)
            .is_ok()
    });
    assert!(found, "the search must be able to succeed");
}
