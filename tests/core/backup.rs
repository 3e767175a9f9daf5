//! Encrypted backups: export → verify → restore round trips everything; import merges by
//! id idempotently and never overwrites newer local data; every kind of bad backup (wrong
//! passphrase, not age, truncated at any offset, flipped bits, not a Steward document, a
//! newer format, records that do not parse, more records than declared) gives its own
//! error and changes nothing; Debian's `age` opens a backup, and restores what it encrypts.

use std::path::{Path, PathBuf};
use std::process::Command;

use steward_core::backup::{restore_backup, verify_backup, BackupOptions};
use steward_core::reflections::{Rating, StepType, StrengthSource};
use steward_core::{Answers, EntryUpdate, Error, NewEntry, SecretString, Vault, Week};

use crate::util::*;

pub(crate) const BACKUP_PASS: &str = "a backup passphrase";

/// A cheap scrypt work factor for tests (the default, 18, costs about a second per file).
fn fast() -> BackupOptions {
    BackupOptions {
        work_factor: 10,
        replace_existing: false,
    }
}

fn w(name: &str) -> Week {
    name.parse().unwrap()
}

/// A journal with entries, an archived and an active relationship, a finished and a
/// draft reflection, and settings.
fn filled() -> TestVault {
    let t = new_vault();
    for i in 0..25 {
        t.vault
            .entries()
            .add(steward_core::NewEntry {
                created_at: at(&format!("2026-0{}-1{}T09:30:00+01:00", 1 + i % 9, i % 10)),
                ..entry(
                    &format!("Entry {i} — ünïcødé"),
                    &format!("Body {i}\nwith \"quotes\" and \\ slashes"),
                    &["team", "trust"],
                )
            })
            .unwrap();
    }
    let dana = t
        .vault
        .relationships()
        .create("Dana (design lead)")
        .unwrap();
    let old = t.vault.relationships().create("Old team").unwrap();
    t.vault.relationships().set_archived(&old.id, true).unwrap();
    // Private notes and entries linked to people travel with the backup.
    (t.vault.relationships())
        .set_notes(&dana.id, "Prefers the why first.", dana.version)
        .unwrap();
    let linked = t.vault.entries().list(&Default::default()).unwrap().entries;
    for (e, people) in linked
        .iter()
        .zip([vec![dana.id.clone()], vec![dana.id.clone(), old.id.clone()]])
    {
        let update = EntryUpdate {
            people: Some(people),
            ..Default::default()
        };
        t.vault.entries().update(&e.id, update, None).unwrap();
    }
    let mut a = Answers {
        strength_source: Some(StrengthSource::Both),
        lost_trust: "moved a date silently".into(),
        ..Answers::default()
    };
    a.exercise.relationship = Some(dana.id.clone());
    a.exercise.authority = Rating::new(4);
    a.exercise.trust = Rating::new(2);
    a.exercise.step_type = Some(StepType::Transparency);
    a.exercise.step = "explain the date".into();
    t.vault
        .reflections()
        .save(w("2026-W46"), a, None, w("2026-W47"))
        .unwrap();
    t.vault
        .reflections()
        .finish(w("2026-W46"), w("2026-W47"))
        .unwrap();
    t.vault
        .reflections()
        .save(
            w("2026-W47"),
            Answers {
                lost_trust: "draft".into(),
                prompt: Some(steward_core::reflections::prompts::PromptAnswer {
                    id: "heart".into(),
                    answer: "helped Sam prepare the review".into(),
                }),
                // The feedback asked back travels with the backup.
                follow_up: steward_core::reflections::FollowUp {
                    asked_for_feedback: Some(true),
                    their_feedback: "say why before what".into(),
                    ..Default::default()
                },
                ..Answers::default()
            },
            None,
            w("2026-W47"),
        )
        .unwrap();
    t.vault
        .set_setting("theme", &serde_json::json!("dark"))
        .unwrap();
    t.vault
        .set_setting("autolock_minutes", &serde_json::json!(15))
        .unwrap();
    t.vault
        .status()
        .set_schedule(&steward_core::Schedule::default())
        .unwrap();
    t
}

fn pass(s: &str) -> SecretString {
    secret(s)
}

fn snapshot(
    v: &Vault,
) -> (
    Vec<steward_core::Entry>,
    Vec<steward_core::Relationship>,
    Vec<steward_core::Reflection>,
    std::collections::BTreeMap<String, serde_json::Value>,
) {
    let mut entries = v.entries().list(&Default::default()).unwrap().entries;
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    (
        entries,
        v.relationships().list().unwrap(),
        v.reflections().list().unwrap(),
        {
            // When the last backup was made is the journal's own news, not backed-up data.
            let mut s = v.all_settings().unwrap();
            s.remove(steward_core::backup::LAST_BACKUP_SETTING);
            s
        },
    )
}

/// Exports to `journal.backup.age`, replacing an earlier export there (as a user who
/// confirmed it would).
fn export(t: &TestVault) -> PathBuf {
    let path = t.dir.path().join("journal.backup.age");
    let options = BackupOptions {
        replace_existing: true,
        ..fast()
    };
    t.vault
        .backups()
        .export(&path, &pass(BACKUP_PASS), options)
        .unwrap();
    path
}

#[test]
fn export_verify_restore_round_trips_everything() {
    let t = filled();
    let path = t.dir.path().join("out/../journal.backup.age");
    std::fs::create_dir_all(t.dir.path().join("out")).unwrap();
    let summary = t
        .vault
        .backups()
        .export(&path, &pass(BACKUP_PASS), fast())
        .unwrap();
    assert_eq!(summary.counts.entries, 25);
    // Nothing but the backup (and the vault's own files) in the folder: no temp left.
    let names: Vec<String> = std::fs::read_dir(t.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("journal.steward") && n != "out")
        .collect();
    assert_eq!(names, vec!["journal.backup.age".to_string()]);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // It is an age file, and nothing readable is in it.
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1\n-> scrypt "));
    assert!(!contains(&bytes, b"Entry 1"));

    let v = verify_backup(&path, &pass(BACKUP_PASS)).unwrap();
    assert_eq!(
        (
            v.counts.entries,
            v.counts.relationships,
            v.counts.reflections,
            v.counts.settings
        ),
        (25, 2, 2, 3)
    );
    assert_eq!(
        v.first_entry.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-01-10T09:30:00+01:00")
    );
    assert_eq!(
        v.last_entry.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-09-18T09:30:00+01:00")
    );
    assert_eq!(
        (v.first_week.as_deref(), v.last_week.as_deref()),
        (Some("2026-W46"), Some("2026-W47"))
    );

    let target = t.dir.path().join("restored.steward");
    let (restored, recovery, _) = restore_backup(
        &path,
        &pass(BACKUP_PASS),
        &target,
        &pass("a new passphrase"),
        fast_kdf(),
    )
    .unwrap();
    assert_eq!(snapshot(&restored), snapshot(&t.vault));
    drop(restored);
    // The new passphrase and the new recovery key open it; the old passphrase does not.
    Vault::unlock(&target, &pass("a new passphrase")).unwrap();
    steward_core::LockedVault::open(&target)
        .unwrap()
        .unlock_with_recovery(&recovery)
        .unwrap();
    assert!(matches!(
        Vault::unlock(&target, &pass(PASS)),
        Err(Error::WrongPassphrase)
    ));
    // Restore never writes over an existing journal.
    let err = restore_backup(
        &path,
        &pass(BACKUP_PASS),
        &target,
        &pass("x".repeat(9).as_str()),
        fast_kdf(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::VaultExists { .. }), "{err}");
}

#[test]
fn import_merges_by_id_idempotently_and_keeps_newer_local_data() {
    let a = filled();
    let backup = export(&a);
    // Into the same journal: all unchanged.
    let r = a
        .vault
        .backups()
        .import(&backup, &pass(BACKUP_PASS))
        .unwrap();
    assert_eq!(
        (r.entries.unchanged, r.entries.added, r.entries.updated),
        (25, 0, 0)
    );
    assert_eq!(
        (
            r.relationships.unchanged,
            r.reflections.unchanged,
            r.settings.unchanged
        ),
        (2, 2, 3)
    );

    // Into an empty journal: all added; a second time: nothing changes.
    let b = new_vault();
    let r = b
        .vault
        .backups()
        .import(&backup, &pass(BACKUP_PASS))
        .unwrap();
    assert_eq!(
        (r.entries.added, r.relationships.added, r.reflections.added),
        (25, 2, 2)
    );
    let before = snapshot(&b.vault);
    let r = b
        .vault
        .backups()
        .import(&backup, &pass(BACKUP_PASS))
        .unwrap();
    assert_eq!((r.entries.unchanged, r.entries.added), (25, 0));
    assert_eq!(
        snapshot(&b.vault),
        before,
        "a second import changes nothing"
    );

    // A newer local edit is kept; a newer edit in the backup is taken.
    let ids: Vec<String> = before.0.iter().map(|e| e.id.clone()).collect();
    let local_edit = EntryUpdate {
        body: Some("edited here, later".into()),
        ..Default::default()
    };
    b.vault.entries().update(&ids[0], local_edit, None).unwrap();
    let remote_edit = EntryUpdate {
        body: Some("edited there".into()),
        ..Default::default()
    };
    a.vault
        .entries()
        .update(&ids[1], remote_edit, None)
        .unwrap();
    let newer_backup = export(&a);
    let r = b
        .vault
        .backups()
        .import(&newer_backup, &pass(BACKUP_PASS))
        .unwrap();
    assert_eq!(
        (r.entries.kept_local, r.entries.updated, r.entries.unchanged),
        (1, 1, 23)
    );
    assert_eq!(
        b.vault.entries().get(&ids[0]).unwrap().body,
        "edited here, later"
    );
    assert_eq!(b.vault.entries().get(&ids[1]).unwrap().body, "edited there");
    let again = b
        .vault
        .backups()
        .import(&newer_backup, &pass(BACKUP_PASS))
        .unwrap();
    assert_eq!(
        (again.entries.updated, again.entries.added),
        (0, 0),
        "idempotent"
    );
}

fn age_encrypt(plain: &[u8], out: &Path, passphrase: &str) {
    let mut recipient = age::scrypt::Recipient::new(pass(passphrase));
    recipient.set_work_factor(10);
    let enc = age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
        .unwrap();
    let mut w = enc
        .wrap_output(std::fs::File::create(out).unwrap())
        .unwrap();
    std::io::Write::write_all(&mut w, plain).unwrap();
    w.finish().unwrap();
}

fn age_decrypt(path: &Path, passphrase: &str) -> Vec<u8> {
    let d = age::Decryptor::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut r = d
        .decrypt(std::iter::once(
            &age::scrypt::Identity::new(pass(passphrase)) as &dyn age::Identity,
        ))
        .unwrap();
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut r, &mut out).unwrap();
    out
}

/// Every failure: the import leaves the journal as it was, a restore leaves no file.
fn refused(t: &TestVault, bad: &Path, passphrase: &str) -> Error {
    let before = snapshot(&t.vault);
    let err = t
        .vault
        .backups()
        .import(bad, &pass(passphrase))
        .unwrap_err();
    assert_eq!(
        snapshot(&t.vault),
        before,
        "a failed import changed the journal ({err})"
    );
    let target = t.dir.path().join("never.steward");
    assert!(restore_backup(
        bad,
        &pass(passphrase),
        &target,
        &pass("a new passphrase"),
        fast_kdf()
    )
    .is_err());
    assert!(
        !target.exists(),
        "a failed restore left a journal behind ({err})"
    );
    let v = verify_backup(bad, &pass(passphrase)).unwrap_err();
    assert_eq!(v.code(), err.code(), "verify and import agree: {v} / {err}");
    err
}

#[test]
fn every_kind_of_bad_backup_is_refused_with_its_own_error_and_changes_nothing() {
    let t = filled();
    let good = export(&t);
    let dir = t.dir.path();
    let bytes = std::fs::read(&good).unwrap();
    let header_len = bytes.windows(4).position(|w| w == b"\n---").unwrap() + 48;

    // Wrong passphrase.
    assert!(matches!(
        refused(&t, &good, "not the passphrase"),
        Error::WrongBackupPassphrase
    ));
    // Not an age file at all: the plain JSON, or random bytes.
    let plain = dir.join("plain.json");
    std::fs::write(&plain, age_decrypt(&good, BACKUP_PASS)).unwrap();
    assert!(matches!(
        refused(&t, &plain, BACKUP_PASS),
        Error::NotABackup { .. }
    ));
    // Valid age, not a Steward backup: text, other JSON, another format name.
    for (name, doc) in [
        ("text", b"hello, not json".to_vec()),
        ("other-json", br#"{"a": 1}"#.to_vec()),
        (
            "other-format",
            br#"{"format": "jrnl", "version": 1}"#.to_vec(),
        ),
        ("array", b"[1, 2, 3]".to_vec()),
    ] {
        let f = dir.join(format!("{name}.age"));
        age_encrypt(&doc, &f, BACKUP_PASS);
        let err = refused(&t, &f, BACKUP_PASS);
        assert!(matches!(err, Error::NotABackup { .. }), "{name}: {err}");
    }
    // A newer format version is refused before any record is read.
    let text = String::from_utf8(age_decrypt(&good, BACKUP_PASS)).unwrap();
    let newer = dir.join("newer.age");
    age_encrypt(
        text.replacen("\"version\":3", "\"version\":4", 1)
            .as_bytes(),
        &newer,
        BACKUP_PASS,
    );
    assert!(matches!(
        refused(&t, &newer, BACKUP_PASS),
        Error::BackupTooNew {
            found: 4,
            supported: 3
        }
    ));
    // A record that does not parse: the second entry loses its title.
    let broken = dir.join("broken.age");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let second = lines
        .iter()
        .position(|l| l.contains("\"title\":\"Entry"))
        .unwrap()
        + 1;
    lines[second] = lines[second].replacen("\"title\":", "\"titel\":", 1);
    age_encrypt(lines.join("\n").as_bytes(), &broken, BACKUP_PASS);
    let err = refused(&t, &broken, BACKUP_PASS);
    assert!(
        matches!(err, Error::BackupDamaged { .. }) && err.to_string().contains("entries record 2"),
        "{err}"
    );
    // More records than declared (a file far larger than it says).
    let more = dir.join("more.age");
    age_encrypt(
        text.replacen("\"entries\":25", "\"entries\":3", 1)
            .as_bytes(),
        &more,
        BACKUP_PASS,
    );
    let err = refused(&t, &more, BACKUP_PASS);
    assert!(
        err.to_string()
            .contains("more entries than the 3 it declares"),
        "{err}"
    );
    // Fewer records than declared.
    let fewer = dir.join("fewer.age");
    age_encrypt(
        text.replacen("\"entries\":25", "\"entries\":30", 1)
            .as_bytes(),
        &fewer,
        BACKUP_PASS,
    );
    assert!(refused(&t, &fewer, BACKUP_PASS)
        .to_string()
        .contains("declares 30 entries"));
    // Data after the document.
    let trailing = dir.join("trailing.age");
    age_encrypt(format!("{text}{{}}").as_bytes(), &trailing, BACKUP_PASS);
    assert!(matches!(
        refused(&t, &trailing, BACKUP_PASS),
        Error::BackupDamaged { .. }
    ));

    // Truncated at offsets through the header and the payload.
    let cut = dir.join("cut.age");
    let mut offsets: Vec<usize> = (0..bytes.len()).step_by(211).collect();
    offsets.extend([
        1,
        header_len - 1,
        header_len,
        header_len + 1,
        bytes.len() - 17,
        bytes.len() - 1,
    ]);
    for n in offsets {
        std::fs::write(&cut, &bytes[..n]).unwrap();
        let err = verify_backup(&cut, &pass(BACKUP_PASS)).unwrap_err();
        assert!(
            matches!(
                err,
                Error::NotABackup { .. }
                    | Error::BackupDamaged { .. }
                    | Error::WrongBackupPassphrase
            ),
            "cut at {n}: {err}"
        );
        if n > header_len + 1 {
            assert!(
                matches!(err, Error::BackupDamaged { .. }),
                "cut in the payload at {n}: {err}"
            );
        }
    }
    assert!(matches!(
        refused(&t, &cut, BACKUP_PASS),
        Error::BackupDamaged { .. }
    ));
    // A flipped bit anywhere.
    let flipped = dir.join("flipped.age");
    for i in (0..bytes.len())
        .step_by(97)
        .chain([header_len + 3, bytes.len() - 2])
    {
        let mut b = bytes.clone();
        b[i] ^= 0x04;
        std::fs::write(&flipped, &b).unwrap();
        let err = verify_backup(&flipped, &pass(BACKUP_PASS)).unwrap_err();
        if i > header_len + 1 {
            assert!(
                matches!(err, Error::BackupDamaged { .. }),
                "bit at {i}: {err}"
            );
        }
    }
    assert!(matches!(
        refused(&t, &flipped, BACKUP_PASS),
        Error::BackupDamaged { .. }
    ));
    // The good one still works after all that.
    verify_backup(&good, &pass(BACKUP_PASS)).unwrap();
}

fn have_age() -> bool {
    Command::new("age")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn debian_age_opens_a_backup_and_what_it_encrypts_restores() {
    assert!(
        have_age(),
        "Debian's age is installed by scripts/install-deps.sh"
    );
    let t = filled();
    let backup = export(&t);
    let tool = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/tools/age_tty.py");
    let json = t.dir.path().join("decrypted.json");
    let status = Command::new("python3")
        .args([
            tool.to_str().unwrap(),
            "decrypt",
            backup.to_str().unwrap(),
            json.to_str().unwrap(),
            BACKUP_PASS,
        ])
        .status()
        .unwrap();
    assert!(status.success(), "age -d failed");
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(doc["format"], "steward-backup");
    assert_eq!(doc["version"], 3);
    assert_eq!(doc["entries"].as_array().unwrap().len(), 25);
    assert_eq!(doc["tombstones"], serde_json::json!([]));
    assert_eq!(doc["relationships"][0]["name"], "Dana (design lead)");

    // The other way: `age -p` encrypts the JSON document; Steward restores it.
    let reencrypted = t.dir.path().join("by-age.age");
    let status = Command::new("python3")
        .args([
            tool.to_str().unwrap(),
            "encrypt",
            json.to_str().unwrap(),
            reencrypted.to_str().unwrap(),
            "age typed this one",
        ])
        .status()
        .unwrap();
    assert!(status.success(), "age -p failed");
    let target = t.dir.path().join("from-age.steward");
    let (restored, _, summary) = restore_backup(
        &reencrypted,
        &pass("age typed this one"),
        &target,
        &pass("a new passphrase"),
        fast_kdf(),
    )
    .unwrap();
    assert_eq!(summary.counts.entries, 25);
    assert_eq!(snapshot(&restored), snapshot(&t.vault));
}

#[test]
fn backup_dates_are_compared_as_instants_and_a_malformed_date_is_refused() {
    let t = new_vault();
    for (title, when) in [
        ("In Berlin", "2026-01-10T09:30:00+01:00"),
        ("In London", "2026-01-10T08:45:00Z"),
    ] {
        t.vault
            .entries()
            .add(steward_core::NewEntry {
                created_at: at(when),
                ..entry(title, "body", &[])
            })
            .unwrap();
    }
    t.vault.relationships().create("Dana").unwrap();
    let good = export(&t);
    let text = String::from_utf8(age_decrypt(&good, BACKUP_PASS)).unwrap();
    // Another writer may list entries in any order: swap the two dates, so London is listed
    // first. As text, London's "…08:45:00Z" sorts before Berlin's "…09:30:00+01:00"; as
    // instants Berlin (08:30 UTC) is the earlier one.
    let (berlin, london) = ("2026-01-10T09:30:00+01:00", "2026-01-10T08:45:00Z");
    assert!(text.contains(berlin) && text.contains(london), "{text}");
    let swapped = text
        .replace(berlin, "BERLIN")
        .replace(london, berlin)
        .replace("BERLIN", london);
    let reordered = t.dir.path().join("reordered.age");
    age_encrypt(swapped.as_bytes(), &reordered, BACKUP_PASS);
    let v = verify_backup(&reordered, &pass(BACKUP_PASS)).unwrap();
    assert_eq!(
        (
            v.first_entry.map(|t| t.to_rfc3339()),
            v.last_entry.map(|t| t.to_rfc3339())
        ),
        (
            Some("2026-01-10T09:30:00+01:00".to_string()),
            Some("2026-01-10T08:45:00+00:00".to_string())
        )
    );

    // A relationship whose last change is not a date is damage, not a string to keep.
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let dana = lines
        .iter()
        .position(|l| l.contains("\"archived\""))
        .unwrap();
    let start = lines[dana].find("\"updated_at\":\"").unwrap() + "\"updated_at\":\"".len();
    let end = start + lines[dana][start..].find('"').unwrap();
    lines[dana].replace_range(start..end, "last Tuesday");
    let bad = t.dir.path().join("bad-date.age");
    age_encrypt(lines.join("\n").as_bytes(), &bad, BACKUP_PASS);
    let err = refused(&t, &bad, BACKUP_PASS);
    assert!(
        matches!(err, Error::BackupDamaged { .. }) && err.to_string().contains("last Tuesday"),
        "{err}"
    );
}

/// An export never replaces a file without the separate confirmation, never writes over the
/// journal or its -wal / -shm even with it, refuses a passphrase shorter than the journal's
/// rule, and removes what a killed export left behind.
#[test]
fn an_export_never_overwrites_by_surprise_and_never_the_journal() {
    let t = filled();
    let dir = t.dir.path();
    let existing = dir.join("important.age");
    std::fs::write(&existing, b"someone else's file").unwrap();
    let err = (t.vault.backups())
        .export(&existing, &pass(BACKUP_PASS), fast())
        .unwrap_err();
    assert!(matches!(err, Error::FileExists { .. }), "{err}");
    assert_eq!((err.code(), err.exit_code()), ("file_exists", 7));
    assert_eq!(std::fs::read(&existing).unwrap(), b"someone else's file");

    let replace = BackupOptions {
        replace_existing: true,
        ..fast()
    };
    let before = std::fs::read(&t.path).unwrap();
    for own in ["", "-wal", "-shm"] {
        let target = PathBuf::from(format!("{}{own}", t.path.display()));
        if !target.exists() {
            continue;
        }
        let err = (t.vault.backups())
            .export(&target, &pass(BACKUP_PASS), replace)
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidInput(ref m) if m.contains("journal's own file")),
            "{own}: {err}"
        );
    }
    assert_eq!(
        std::fs::read(&t.path).unwrap(),
        before,
        "the journal is untouched"
    );
    assert!(t
        .vault
        .entries()
        .list(&Default::default())
        .unwrap()
        .damaged
        .is_empty());

    for short in ["", "x", "1234567"] {
        let err = (t.vault.backups())
            .export(&dir.join("short.age"), &pass(short), fast())
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidInput(ref m) if m.contains("at least 8")),
            "{err}"
        );
    }
    assert!(!dir.join("short.age").exists());

    // A killed export's temp file goes with the next export to the same name.
    let stale = dir.join(format!(".fresh.age.{}.tmp", "ab".repeat(16)));
    let unrelated = dir.join(".fresh.age.notours.tmp");
    std::fs::write(&stale, b"half a backup").unwrap();
    std::fs::write(&unrelated, b"not ours").unwrap();
    (t.vault.backups())
        .export(&dir.join("fresh.age"), &pass(BACKUP_PASS), fast())
        .unwrap();
    assert!(!stale.exists(), "the stale temp file was removed");
    assert!(unrelated.exists(), "only our own pattern is removed");
    (t.vault.backups())
        .export(&existing, &pass(BACKUP_PASS), replace)
        .expect("replacing is fine once confirmed");
}

/// A backup whose header asks for scrypt N = 2^21 (2 GiB) is refused as damaged before
/// scrypt runs, with the factor named; 2^20 (1 GiB) is the most accepted.
#[test]
fn a_backup_asking_for_more_than_a_gibibyte_of_scrypt_is_refused_before_it_runs() {
    let t = filled();
    let good = export(&t);
    let bytes = std::fs::read(&good).unwrap();
    let header_end = bytes.windows(4).position(|w| w == b"\n---").unwrap();
    let header = String::from_utf8(bytes[..header_end].to_vec()).unwrap();
    let stanza = header
        .lines()
        .find(|l| l.starts_with("-> scrypt "))
        .unwrap();
    assert!(stanza.ends_with(" 10"), "{stanza}");
    let greedy = stanza.trim_end_matches("10").to_string() + "21";
    let mut planted = header.replacen(stanza, &greedy, 1).into_bytes();
    planted.extend_from_slice(&bytes[header_end..]);
    let bad = t.dir.path().join("greedy.age");
    std::fs::write(&bad, planted).unwrap();
    let started = std::time::Instant::now();
    let err = verify_backup(&bad, &pass(BACKUP_PASS)).unwrap_err();
    assert!(
        matches!(err, Error::BackupDamaged { ref detail } if detail.contains("work factor 21")),
        "{err}"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "scrypt did not run"
    );
    assert_eq!(steward_core::backup::MAX_WORK_FACTOR, 20);
}

/// `doc` with `edit` applied to its decrypted JSON, re-encrypted as `name`.
pub(crate) fn edited_backup(
    t: &TestVault,
    good: &Path,
    name: &str,
    edit: impl FnOnce(&mut serde_json::Value),
) -> PathBuf {
    let mut doc: serde_json::Value =
        serde_json::from_slice(&age_decrypt(good, BACKUP_PASS)).unwrap();
    edit(&mut doc);
    // serde_json's map sorts its keys; a backup's header members come first.
    let order = ["format", "version", "exported_at", "generator", "counts"];
    let object = doc.as_object().unwrap();
    let members: Vec<String> = (order.iter().map(|k| k.to_string()))
        .chain(
            object
                .keys()
                .filter(|k| !order.contains(&k.as_str()))
                .cloned(),
        )
        .filter_map(|k| Some(format!("{:?}:{}", k, object.get(&k)?)))
        .collect();
    let out = t.dir.path().join(name);
    age_encrypt(
        format!("{{{}}}", members.join(",")).as_bytes(),
        &out,
        BACKUP_PASS,
    );
    out
}

#[test]
fn other_spellings_of_an_id_are_the_same_record_to_verify_restore_and_import() {
    let t = new_vault();
    let e = t.vault.entries().add(entry("kept", "v1", &[])).unwrap();
    let dana = t.vault.relationships().create("Dana").unwrap();
    let mut answers = Answers::default();
    answers.exercise.relationship = Some(dana.id.clone());
    t.vault
        .reflections()
        .save(w("2026-W40"), answers, None, w("2026-W40"))
        .unwrap();
    let good = export(&t);
    // The local entry moves on after the backup was taken.
    t.vault
        .entries()
        .update(
            &e.id,
            EntryUpdate {
                body: Some("newer here".into()),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    let simple = e.id.replace('-', "");
    for spelling in [
        format!("{{{}}}", e.id.to_uppercase()),
        format!("urn:uuid:{}", e.id),
        simple.clone(),
    ] {
        let other = edited_backup(&t, &good, "spelled.age", |doc| {
            doc["entries"][0]["id"] = spelling.clone().into();
            doc["reflections"][0]["answers"]["exercise"]["relationship"] =
                dana.id.to_uppercase().into();
        });
        verify_backup(&other, &pass(BACKUP_PASS)).unwrap();
        let r = t
            .vault
            .backups()
            .import(&other, &pass(BACKUP_PASS))
            .unwrap();
        assert_eq!(
            (r.entries.added, r.entries.kept_local),
            (0, 1),
            "{spelling} is the local entry, and the newer local edit stays"
        );
        assert_eq!(t.vault.entries().get(&e.id).unwrap().body, "newer here");
        assert_eq!(
            t.vault
                .entries()
                .list(&Default::default())
                .unwrap()
                .entries
                .len(),
            1
        );
        let restored = t.dir.path().join("restored.steward");
        let (v, _, _) = restore_backup(
            &other,
            &pass(BACKUP_PASS),
            &restored,
            &pass("a new passphrase"),
            fast_kdf(),
        )
        .unwrap();
        let ids: Vec<String> = (v.entries().list(&Default::default()).unwrap().entries)
            .into_iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(ids, vec![e.id.clone()], "restored under the canonical id");
        drop(v);
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", restored.display()));
        }
    }
    // X and {X} in one backup are one record twice: damaged, for all three.
    let twice = edited_backup(&t, &good, "twice.age", |doc| {
        let mut copy = doc["entries"][0].clone();
        copy["id"] = format!("{{{}}}", e.id).into();
        doc["entries"].as_array_mut().unwrap().push(copy);
        doc["counts"]["entries"] = 2.into();
    });
    let err = refused(&t, &twice, BACKUP_PASS);
    assert!(
        matches!(&err, Error::BackupDamaged { detail } if detail.contains("appears twice")),
        "{err}"
    );
}

#[test]
fn a_record_version_beyond_the_bound_is_refused_and_the_bound_still_edits() {
    let t = new_vault();
    t.vault.entries().add(entry("t", "b", &[])).unwrap();
    let good = export(&t);
    for huge in [i64::MAX, (1i64 << 40) + 1] {
        let bad = edited_backup(&t, &good, "huge.age", |doc| {
            doc["entries"][0]["version"] = huge.into();
        });
        let err = refused(&t, &bad, BACKUP_PASS);
        assert!(
            matches!(&err, Error::BackupDamaged { detail } if detail.contains(&huge.to_string())),
            "{err}"
        );
    }
    // At the bound itself it restores; editing it then is refused cleanly (no overflow).
    let at_bound = edited_backup(&t, &good, "bound.age", |doc| {
        doc["entries"][0]["version"] = (1i64 << 40).into();
    });
    let target = t.dir.path().join("bound.steward");
    let (v, _, _) = restore_backup(
        &at_bound,
        &pass(BACKUP_PASS),
        &target,
        &pass("a new passphrase"),
        fast_kdf(),
    )
    .unwrap();
    let id = v.entries().list(&Default::default()).unwrap().entries[0]
        .id
        .clone();
    let edit = EntryUpdate {
        body: Some("x".into()),
        ..Default::default()
    };
    let err = v.entries().update(&id, edit, None).unwrap_err();
    assert!(matches!(err, Error::Tampered { .. }), "{err}");
    assert_eq!(v.entries().get(&id).unwrap().body, "b", "nothing lost");
}

#[test]
fn an_entry_linked_to_a_person_the_backup_lacks_or_to_no_id_is_refused() {
    let t = new_vault();
    let dana = t.vault.relationships().create("Dana").unwrap();
    let e = NewEntry {
        people: vec![dana.id.clone()],
        ..entry("about Dana", "b", &[])
    };
    let e = t.vault.entries().add(e).unwrap();
    let good = export(&t);
    // Another spelling of Dana's id is Dana: restored under the canonical id.
    let upper = edited_backup(&t, &good, "upper.age", |doc| {
        doc["entries"][0]["people"] = serde_json::json!([dana.id.to_uppercase()]);
    });
    let restored = t.dir.path().join("restored.steward");
    let (v, _, _) = restore_backup(
        &upper,
        &pass(BACKUP_PASS),
        &restored,
        &pass("a new passphrase"),
        fast_kdf(),
    )
    .unwrap();
    assert_eq!(
        v.entries().get(&e.id).unwrap().people,
        vec![dana.id.clone()]
    );
    drop(v);
    for (name, people, says) in [
        (
            "stranger.age",
            serde_json::json!(["00000000-0000-4000-8000-0000000000ff"]),
            "which the backup does not hold",
        ),
        ("odd.age", serde_json::json!(["../../etc"]), "is not a UUID"),
    ] {
        let bad = edited_backup(&t, &good, name, |doc| {
            doc["entries"][0]["people"] = people.clone();
        });
        let err = refused(&t, &bad, BACKUP_PASS);
        assert!(
            matches!(&err, Error::BackupDamaged { detail } if detail.contains(says)),
            "{name}: {err}"
        );
    }
}
