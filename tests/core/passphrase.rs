//! Passphrase, recovery key and passphrase change.

use steward_core::{Error, LockedVault, RecoveryKey, Vault};

use crate::util::*;

#[test]
fn wrong_passphrase_has_its_own_error() {
    let t = new_vault();
    drop(t.vault);
    let err = Vault::unlock(&t.path, &secret("not the passphrase")).unwrap_err();
    assert!(matches!(err, Error::WrongPassphrase), "{err}");
    assert_eq!(err.code(), "wrong_passphrase");
    Vault::unlock(&t.path, &secret(PASS)).expect("the journal opens with this passphrase");
}

#[test]
fn short_passphrases_are_refused_at_creation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.steward");
    let err = Vault::create(&path, &secret("short"), fast_kdf()).unwrap_err();
    assert!(
        matches!(err, Error::InvalidInput(ref m) if m.contains("at least 8")),
        "{err}"
    );
    assert!(!path.exists(), "nothing is left behind");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temp file either"
    );
}

#[test]
fn create_refuses_to_overwrite() {
    let t = new_vault();
    let before = std::fs::read(&t.path).unwrap();
    let err = Vault::create(&t.path, &secret(PASS), fast_kdf()).unwrap_err();
    assert!(matches!(err, Error::VaultExists { .. }));
    assert_eq!(std::fs::read(&t.path).unwrap(), before);
}

#[test]
fn recovery_key_unlocks_and_sets_a_new_passphrase() {
    let t = new_vault();
    let e = t
        .vault
        .entries()
        .add(entry("kept", "through recovery", &[]))
        .unwrap();
    let shown = t.recovery.display();
    drop(t.vault);
    // Typed back loosely: lower case, spaces instead of dashes.
    let typed = secret(
        &steward_core::ExposeSecret::expose_secret(&shown)
            .to_lowercase()
            .replace('-', " "),
    );
    let key = RecoveryKey::parse(&typed).unwrap();
    let vault = LockedVault::open(&t.path)
        .unwrap()
        .unlock_with_recovery(&key)
        .unwrap();
    assert_eq!(vault.entries().get(&e.id).unwrap().body, "through recovery");
    vault
        .change_passphrase(&secret("a brand new passphrase"), fast_kdf())
        .unwrap();
    drop(vault);
    assert!(matches!(
        Vault::unlock(&t.path, &secret(PASS)),
        Err(Error::WrongPassphrase)
    ));
    Vault::unlock(&t.path, &secret("a brand new passphrase"))
        .expect("the journal opens with this passphrase");
    // The recovery key still works afterwards.
    assert!(LockedVault::open(&t.path)
        .unwrap()
        .unlock_with_recovery(&key)
        .is_ok());
}

#[test]
fn a_recovery_key_with_a_typo_is_malformed_and_another_vaults_key_is_wrong() {
    let t = new_vault();
    let other = new_vault();
    let shown = steward_core::ExposeSecret::expose_secret(&t.recovery.display()).to_string();
    let mut typo: Vec<char> = shown.chars().collect();
    typo[0] = if typo[0] == 'A' { 'B' } else { 'A' };
    let typo: String = typo.into_iter().collect();
    assert!(matches!(
        RecoveryKey::parse(&secret(&typo)),
        Err(Error::MalformedRecoveryKey)
    ));
    assert!(matches!(
        RecoveryKey::parse(&secret("ABCD")),
        Err(Error::MalformedRecoveryKey)
    ));
    let foreign = RecoveryKey::parse(&other.recovery.display()).unwrap();
    drop(t.vault);
    let err = LockedVault::open(&t.path)
        .unwrap()
        .unlock_with_recovery(&foreign)
        .unwrap_err();
    assert!(matches!(err, Error::WrongPassphrase));
    assert_eq!(format!("{:?}", t.recovery), "RecoveryKey([redacted])");
}

#[test]
fn passwd_rewraps_only_no_entry_is_rewritten() {
    let t = new_vault();
    for i in 0..20 {
        t.vault
            .entries()
            .add(entry(&format!("e{i}"), "body", &["x"]))
            .unwrap();
    }
    t.vault
        .set_setting("theme", &serde_json::json!("dark"))
        .unwrap();
    let snapshot = |v: &Vault| -> Vec<(String, i64, String, Vec<u8>)> {
        let conn = v.connection_for_tests();
        let mut stmt = conn.prepare("SELECT id, version, updated_at, sealed FROM entries UNION ALL SELECT key, version, updated_at, sealed FROM settings ORDER BY 1").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let recovery_slot = |v: &Vault| -> Vec<u8> {
        v.connection_for_tests()
            .query_row(
                "SELECT slot FROM key_slots WHERE kind='recovery'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let before = snapshot(&t.vault);
    let recovery_before = recovery_slot(&t.vault);
    t.vault
        .change_passphrase(&secret("the new passphrase"), fast_kdf())
        .unwrap();
    drop(t.vault);
    assert!(matches!(
        Vault::unlock(&t.path, &secret(PASS)),
        Err(Error::WrongPassphrase)
    ));
    let vault = Vault::unlock(&t.path, &secret("the new passphrase")).unwrap();
    assert_eq!(
        snapshot(&vault),
        before,
        "entries and settings are byte-identical"
    );
    assert_eq!(recovery_slot(&vault), recovery_before);
    assert_eq!(
        vault
            .entries()
            .list(&Default::default())
            .unwrap()
            .entries
            .len(),
        20
    );
    // A too-short new passphrase is refused and the current one keeps working.
    assert!(matches!(
        vault.change_passphrase(&secret("2short"), fast_kdf()),
        Err(Error::InvalidInput(_))
    ));
    drop(vault);
    Vault::unlock(&t.path, &secret("the new passphrase"))
        .expect("the journal opens with this passphrase");
}

#[test]
fn nfc_and_nfd_spellings_of_a_passphrase_both_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.steward");
    let nfc = "caf\u{e9} au lait, s'il vous pla\u{ee}t";
    let nfd = "cafe\u{301} au lait, s'il vous plai\u{302}t";
    let (v, _) = Vault::create(&path, &secret(nfc), fast_kdf()).unwrap();
    drop(v);
    Vault::unlock(&path, &secret(nfd)).expect("the journal opens with this passphrase");
}

#[test]
fn the_default_kdf_is_at_least_64_mib_and_three_passes() {
    let p = steward_core::KdfParams::default();
    assert!(p.memory_kib >= 64 * 1024 && p.iterations >= 3 && p.parallelism == 4);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.steward");
    let (v, _) = Vault::create(&path, &secret(PASS), p).unwrap();
    drop(v);
    let locked = LockedVault::open(&path).unwrap();
    assert_eq!(
        locked.passphrase_params().unwrap(),
        p,
        "parameters are stored in the slot"
    );
    locked
        .unlock(&secret(PASS))
        .expect("the journal opens with this passphrase");
}

#[test]
fn secrets_print_redacted() {
    let t = new_vault();
    let dbg = format!("{:?}", t.vault);
    assert!(dbg.contains("[redacted]"), "{dbg}");
    let dek = steward_core::test_support::crypto::DataKey::generate().unwrap();
    assert_eq!(format!("{dek:?}"), "DataKey([redacted])");
    assert!(!format!(
        "{:?}",
        dek.cipher(steward_core::test_support::crypto::Purpose::Records)
    )
    .contains("0x"));
}
