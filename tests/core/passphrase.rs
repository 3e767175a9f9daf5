//! Passphrase, recovery key and passphrase change.

use steward_core::{Error, KdfParams, LockedVault, RecoveryChoice, RecoveryKey, Vault};

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
    let mut vault = vault;
    vault
        .rotate_keys(
            &secret("a brand new passphrase"),
            RecoveryChoice::Keep(&key),
            fast_kdf(),
        )
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
    let short = RecoveryKey::parse(&secret("ABCD")).unwrap_err();
    assert!(matches!(short, Error::MalformedRecoveryKey));
    // The message states the length a printed key really has.
    let letters = shown.chars().filter(char::is_ascii_alphanumeric).count();
    assert!(
        short
            .to_string()
            .contains(&format!("expected {letters} letters")),
        "{short}"
    );
    let foreign = RecoveryKey::parse(&other.recovery.display()).unwrap();
    drop(t.vault);
    let err = LockedVault::open(&t.path)
        .unwrap()
        .unlock_with_recovery(&foreign)
        .unwrap_err();
    assert!(matches!(err, Error::WrongPassphrase));
    assert_eq!(format!("{:?}", t.recovery), "RecoveryKey([redacted])");
}

/// Every sealed row (entries, relationships, reflections, settings) and both key slots.
fn sealed_rows(v: &Vault) -> Vec<(String, Vec<u8>)> {
    let conn = v.connection_for_tests();
    let mut stmt = conn
        .prepare(
            "SELECT 'e' || id, sealed FROM entries UNION ALL SELECT 'r' || id, sealed FROM relationships
             UNION ALL SELECT 'w' || id, sealed FROM reflections UNION ALL SELECT 's' || key, sealed FROM settings
             UNION ALL SELECT 'k' || kind, slot FROM key_slots ORDER BY 1",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

fn filled() -> TestVault {
    let t = new_vault();
    for i in 0..20 {
        t.vault
            .entries()
            .add(entry(&format!("e{i}"), "body", &["x"]))
            .unwrap();
    }
    t.vault.relationships().create("Dana").unwrap();
    t.vault
        .set_setting("theme", &serde_json::json!("dark"))
        .unwrap();
    t
}

fn listing(v: &Vault) -> Vec<(String, String, String)> {
    let mut all: Vec<_> = (v.entries().list(&Default::default()).unwrap().entries)
        .into_iter()
        .map(|e| (e.id, e.title, e.body))
        .collect();
    all.sort();
    all
}

#[test]
fn a_passphrase_change_rotates_the_data_key_and_revokes_the_old_passphrase() {
    let mut t = filled();
    let before_rows = sealed_rows(&t.vault);
    let before = listing(&t.vault);
    // The attacker's old copy of the file, from before the change.
    let old_copy = t.dir.path().join("old-copy.steward");
    t.vault
        .connection_for_tests()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    std::fs::copy(&t.path, &old_copy).unwrap();

    let rotation = t
        .vault
        .rotate_keys(
            &secret("the new passphrase"),
            RecoveryChoice::Replace,
            fast_kdf(),
        )
        .unwrap();
    assert_eq!(
        rotation.records, 23,
        "20 entries, a relationship, a setting, the automatic backups' key"
    );
    assert!(rotation.wal_cleared);
    // No old slot or old ciphertext is left in the live files: the WAL was truncated.
    let wal = std::path::PathBuf::from(format!("{}-wal", t.path.display()));
    assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0);
    let new_key = rotation.recovery_key.expect("a new recovery key to show");
    // Every row and both slots were rewritten; what they hold is the same.
    let after_rows = sealed_rows(&t.vault);
    assert_eq!(after_rows.len(), before_rows.len());
    for ((id, old), (id2, new)) in before_rows.iter().zip(&after_rows) {
        assert_eq!(id, id2);
        assert_ne!(old, new, "{id} was not re-sealed");
    }
    assert_eq!(listing(&t.vault), before);
    let secret_after = t
        .vault
        .entries()
        .add(entry("after the change", "written under the new key", &[]))
        .unwrap();
    drop(t.vault);
    let mut live = std::fs::read(&t.path).unwrap();
    live.extend(std::fs::read(&wal).unwrap_or_default());
    for (id, old) in &before_rows {
        assert!(
            !live.windows(old.len()).any(|w| w == old.as_slice()),
            "the old bytes of {id} are still in the journal's files"
        );
    }

    // The current file opens with the new passphrase and the new recovery key only.
    assert!(matches!(
        Vault::unlock(&t.path, &secret(PASS)),
        Err(Error::WrongPassphrase)
    ));
    let old_recovery = LockedVault::open(&t.path)
        .unwrap()
        .unlock_with_recovery(&t.recovery);
    assert!(matches!(old_recovery, Err(Error::WrongPassphrase)));
    LockedVault::open(&t.path)
        .unwrap()
        .unlock_with_recovery(&new_key)
        .expect("the new recovery key opens the journal");
    let reopened = Vault::unlock(&t.path, &secret("the new passphrase")).unwrap();
    assert_eq!(
        reopened.entries().get(&secret_after.id).unwrap().title,
        "after the change"
    );
    drop(reopened);

    // The attack: the old copy's key slots (which the old passphrase opens) planted into
    // the current file. They unwrap the old data key, which opens nothing written now.
    let old = rusqlite::Connection::open(&old_copy).unwrap();
    let old_slot: Vec<u8> = old
        .query_row(
            "SELECT slot FROM key_slots WHERE kind = 'passphrase'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let planted = rusqlite::Connection::open(&t.path).unwrap();
    planted
        .execute(
            "UPDATE key_slots SET slot = ?1 WHERE kind = 'passphrase'",
            [old_slot],
        )
        .unwrap();
    drop(planted);
    // The old key unwraps, but opens nothing: not even the sealed record list, so the
    // journal is refused as tampered before a single entry is tried.
    let with_old_key = Vault::unlock(&t.path, &secret(PASS));
    assert!(
        matches!(&with_old_key, Err(Error::Tampered { what }) if what.contains("manifest")),
        "{with_old_key:?}"
    );
    // The old copy itself still opens with the old passphrase: its own contents only.
    let copy = Vault::unlock(&old_copy, &secret(PASS)).unwrap();
    assert_eq!(listing(&copy), before);
}

#[test]
fn keeping_the_recovery_key_needs_it_typed_and_a_wrong_one_changes_nothing() {
    let mut t = filled();
    let before = sealed_rows(&t.vault);
    let other = new_vault();
    let err = t
        .vault
        .rotate_keys(
            &secret("the new passphrase"),
            RecoveryChoice::Keep(&other.recovery),
            fast_kdf(),
        )
        .unwrap_err();
    assert!(matches!(err, Error::WrongPassphrase), "{err}");
    assert_eq!(sealed_rows(&t.vault), before, "nothing changed");
    let kept = RecoveryKey::parse(&t.recovery.display()).unwrap();
    let rotation = t
        .vault
        .rotate_keys(
            &secret("the new passphrase"),
            RecoveryChoice::Keep(&kept),
            fast_kdf(),
        )
        .unwrap();
    assert!(rotation.recovery_key.is_none());
    drop(t.vault);
    LockedVault::open(&t.path)
        .unwrap()
        .unlock_with_recovery(&t.recovery)
        .expect("the kept recovery key still opens the journal");
    // A too-short new passphrase is refused before anything is written.
    let mut vault = Vault::unlock(&t.path, &secret("the new passphrase")).unwrap();
    let before = sealed_rows(&vault);
    assert!(matches!(
        vault.rotate_keys(&secret("2short"), RecoveryChoice::Replace, fast_kdf()),
        Err(Error::InvalidInput(_))
    ));
    assert_eq!(sealed_rows(&vault), before);
}

#[test]
fn a_passphrase_change_never_lowers_the_kdf_cost() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.steward");
    let strong = KdfParams::new(16 * 1024, 2, 2).unwrap();
    let (mut vault, _) = Vault::create(&path, &secret(PASS), strong).unwrap();
    vault
        .rotate_keys(
            &secret("the new passphrase"),
            RecoveryChoice::Replace,
            fast_kdf(),
        )
        .unwrap();
    drop(vault);
    let kept = LockedVault::open(&path)
        .unwrap()
        .passphrase_params()
        .unwrap();
    assert_eq!(
        kept, strong,
        "the cheaper parameters asked for were not taken"
    );
    // Parameters stronger in one dimension raise that one only.
    let mut vault = Vault::unlock(&path, &secret("the new passphrase")).unwrap();
    vault
        .rotate_keys(
            &secret("the new passphrase"),
            RecoveryChoice::Replace,
            KdfParams::new(8 * 1024, 3, 1).unwrap(),
        )
        .unwrap();
    drop(vault);
    let raised = LockedVault::open(&path)
        .unwrap()
        .passphrase_params()
        .unwrap();
    assert_eq!(raised, KdfParams::new(16 * 1024, 3, 2).unwrap());
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

/// A key slot planted with huge KDF parameters (4 GiB, 64 passes: minutes per unlock) is
/// refused at once as tampered, and `init` refuses to write such parameters.
#[test]
fn a_slot_asking_for_more_kdf_work_than_steward_writes_is_refused_at_once() {
    let t = new_vault();
    drop(t.vault);
    let conn = rusqlite::Connection::open(&t.path).unwrap();
    let mut slot: Vec<u8> = conn
        .query_row(
            "SELECT slot FROM key_slots WHERE kind = 'passphrase'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    slot[2..6].copy_from_slice(&(4u32 * 1024 * 1024).to_be_bytes());
    slot[6..10].copy_from_slice(&64u32.to_be_bytes());
    conn.execute(
        "UPDATE key_slots SET slot = ?1 WHERE kind = 'passphrase'",
        [slot],
    )
    .unwrap();
    drop(conn);
    let started = std::time::Instant::now();
    let err = Vault::unlock(&t.path, &secret(PASS)).unwrap_err();
    assert!(matches!(err, Error::Tampered { .. }), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    assert!(KdfParams::new(4 * 1024 * 1024, 64, 1).is_err());
    assert!(KdfParams::new(1024 * 1024 + 1, 3, 1).is_err());
    assert!(KdfParams::new(64 * 1024, 9, 1).is_err());
    KdfParams::new(1024 * 1024, 8, 8).expect("the most init can write");
}

#[test]
fn the_recovery_key_opens_a_forgotten_journal_and_sets_a_new_passphrase() {
    let t = new_vault();
    t.vault
        .entries()
        .add(entry("kept", "years of writing", &[]))
        .unwrap();
    drop(t.vault);
    let typed = t.recovery.display();

    // A wrong key (well-formed) and a mistyped one refuse, and change nothing.
    let before = std::fs::read(&t.path).unwrap();
    let other = new_vault().recovery.display();
    let err = steward_core::Session::recover(
        LockedVault::open(&t.path).unwrap(),
        &other,
        &secret("a new passphrase"),
    )
    .unwrap_err();
    assert!(matches!(err, Error::WrongPassphrase), "{err}");
    let err = steward_core::Session::recover(
        LockedVault::open(&t.path).unwrap(),
        &secret("not-a-key"),
        &secret("a new passphrase"),
    )
    .unwrap_err();
    assert!(matches!(err, Error::MalformedRecoveryKey), "{err}");
    assert_eq!(std::fs::read(&t.path).unwrap(), before);

    let (session, rotation) = steward_core::Session::recover(
        LockedVault::open(&t.path).unwrap(),
        &typed,
        &secret("a new passphrase"),
    )
    .unwrap();
    assert_eq!(session.summaries()[0].title, "kept");
    let new_key = rotation
        .recovery_key
        .expect("a new recovery key, shown once");
    drop(session);

    // The old passphrase and the used recovery key stop opening it; the new ones open it.
    assert!(matches!(
        Vault::unlock(&t.path, &secret(PASS)),
        Err(Error::WrongPassphrase)
    ));
    assert!(matches!(
        LockedVault::open(&t.path)
            .unwrap()
            .unlock_with_recovery(&t.recovery),
        Err(Error::WrongPassphrase)
    ));
    LockedVault::open(&t.path)
        .unwrap()
        .unlock_with_recovery(&new_key)
        .expect("the new recovery key opens it");
    let vault = Vault::unlock(&t.path, &secret("a new passphrase")).unwrap();
    assert_eq!(vault.entries().count().unwrap(), 1);
}
