//! Automatic backups: made by themselves when due, encrypted to the identity the recovery
//! key re-creates (Debian's `age -d -i` opens them), rotated keeping the right files, and
//! proven by the restore drill — which fails on a flipped byte, a truncated file, and a
//! record list that does not match the MAC sealed into the backup.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

use chrono::{DateTime, Duration, TimeZone, Utc};
use secrecy::ExposeSecret;
use steward_core::backup::{
    auto_backup_name, backup_due, rotation_removes, AutoBackupSettings, BackupInterval,
};
use steward_core::backup_identity::BackupIdentity;
use steward_core::{Error, LockedVault, RecoveryChoice, Vault};

use crate::util::*;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 6, 9, 0, 0).unwrap()
}

/// A journal with three entries and automatic backups on, into a folder of its own.
fn journal_with_backups() -> (TestVault, PathBuf) {
    let t = new_vault();
    for title in ["Owning the delay", "Asked Dana", "Told the team"] {
        t.vault.entries().add(entry(title, "a body", &[])).unwrap();
    }
    let folder = t.dir.path().join("backups");
    std::fs::create_dir(&folder).unwrap();
    (t.vault.backups())
        .set_auto_settings(&AutoBackupSettings {
            enabled: true,
            folder: Some(folder.display().to_string()),
            ..AutoBackupSettings::default()
        })
        .unwrap();
    (t, folder)
}

fn files_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_backup_is_made_by_itself_when_due_and_not_before() {
    let (t, folder) = journal_with_backups();
    let backups = t.vault.backups();
    assert!(backups.auto_overview(t0()).unwrap().due, "never made: due");
    let made = backups.auto_backup_if_due(t0()).unwrap().expect("made");
    assert_eq!(made.summary.counts.entries, 3);
    assert_eq!(files_in(&folder), vec![auto_backup_name(t0())]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&made.path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Weekly (the default): not again the same week, again seven days on.
    assert!(backups
        .auto_backup_if_due(t0() + Duration::days(3))
        .unwrap()
        .is_none());
    assert_eq!(files_in(&folder).len(), 1);
    let week_on = t0() + Duration::days(7);
    assert!(backups.auto_backup_if_due(week_on).unwrap().is_some());
    assert_eq!(files_in(&folder).len(), 2);
    let overview = backups.auto_overview(week_on).unwrap();
    assert!(!overview.due);
    assert_eq!(
        overview.state.last_file.as_deref(),
        Some(auto_backup_name(week_on).as_str())
    );
    // The manual backup reminder hears of it too.
    assert!(!backups.status(&week_on, &folder).unwrap().overdue);

    // Off: never due.
    let mut off = backups.auto_settings().unwrap();
    off.enabled = false;
    backups.set_auto_settings(&off).unwrap();
    assert!(backups
        .auto_backup_if_due(week_on + Duration::days(30))
        .unwrap()
        .is_none());
}

#[test]
fn due_follows_the_interval() {
    let last = Some(t0());
    assert!(backup_due(BackupInterval::Weekly, None, t0()));
    assert!(!backup_due(
        BackupInterval::Weekly,
        last,
        t0() + Duration::days(6)
    ));
    assert!(backup_due(
        BackupInterval::Weekly,
        last,
        t0() + Duration::days(7)
    ));
    assert!(!backup_due(
        BackupInterval::Daily,
        last,
        t0() + Duration::hours(12)
    ));
    assert!(backup_due(
        BackupInterval::Daily,
        last,
        t0() + Duration::hours(23)
    ));
}

#[test]
fn rotation_keeps_the_last_ten_the_newest_of_each_month_and_the_verified_one() {
    // One backup a week for 60 weeks, oldest first.
    let names: Vec<String> = (0..60)
        .map(|w| auto_backup_name(t0() + Duration::weeks(w)))
        .collect();
    let mut with_others = names.clone();
    with_others.push("steward-2026-01-01.age".into()); // a manual export: never touched
    with_others.push("notes.txt".into());
    let removes = rotation_removes(&with_others, 10, 12, None);
    let kept: Vec<&String> = names.iter().filter(|n| !removes.contains(n)).collect();
    // Hand count: the last 10 weeks (weeks 50–59), plus the newest of each of the 12
    // months back from the newest's (2027-12 … 2027-01); weeks 50–59 cover Oct–Dec 2027.
    let newest = t0() + Duration::weeks(59);
    assert_eq!(newest.format("%Y-%m").to_string(), "2027-12");
    let months: std::collections::BTreeSet<String> = kept
        .iter()
        .map(|n| {
            steward_core::backup::auto_backup_time(n)
                .unwrap()
                .format("%Y-%m")
                .to_string()
        })
        .collect();
    assert_eq!(
        months.len(),
        12,
        "one or more in each of the 12 months: {months:?}"
    );
    assert_eq!(months.first().unwrap(), "2027-01");
    for (w, name) in names.iter().enumerate().skip(50) {
        assert!(!removes.contains(name), "week {w} is among the last 10");
    }
    // Ten recent plus nine older month-ends (Jan–Sep 2027): 19 kept, 41 removed.
    assert_eq!(kept.len(), 19);
    assert_eq!(removes.len(), 41);
    assert!(!removes
        .iter()
        .any(|n| n == "notes.txt" || n.starts_with("steward-2026")));

    // The only backup that passed a drill is kept, however old.
    let verified = names[0].clone();
    assert!(!rotation_removes(&names, 10, 12, Some(&verified)).contains(&verified));
    // Keeping nothing recent still keeps the newest.
    let removes = rotation_removes(&names, 0, 0, None);
    assert!(!removes.contains(names.last().unwrap()));
    assert_eq!(removes.len(), 59);
}

#[test]
fn rotation_runs_after_each_backup_and_leaves_other_files_alone() {
    let (t, folder) = journal_with_backups();
    let backups = t.vault.backups();
    let mut settings = backups.auto_settings().unwrap();
    settings.keep_last = 2;
    settings.keep_monthly = 0;
    backups.set_auto_settings(&settings).unwrap();
    std::fs::write(folder.join("my notes.txt"), "mine").unwrap();
    // What a backup interrupted by a power cut left: removed by the next one.
    let interrupted = format!(
        ".{}.{}.tmp",
        auto_backup_name(t0()),
        "0123456789abcdef0123456789abcdef"
    );
    std::fs::write(folder.join(&interrupted), "ciphertext").unwrap();
    std::fs::write(folder.join(".other.tmp"), "not ours").unwrap();
    for day in 0..4 {
        backups.auto_backup_now(t0() + Duration::days(day)).unwrap();
    }
    assert_eq!(
        files_in(&folder),
        vec![
            ".other.tmp".to_string(),
            "my notes.txt".to_string(),
            auto_backup_name(t0() + Duration::days(2)),
            auto_backup_name(t0() + Duration::days(3)),
        ]
    );
}

#[test]
fn a_missing_folder_or_the_journals_own_folder_is_refused_and_recorded() {
    let (t, folder) = journal_with_backups();
    let backups = t.vault.backups();
    let mut settings = backups.auto_settings().unwrap();
    settings.folder = Some(folder.join("unplugged drive").display().to_string());
    backups.set_auto_settings(&settings).unwrap();
    let err = backups.auto_backup_now(t0()).unwrap_err();
    assert!(matches!(err, Error::BackupFolderMissing { .. }), "{err}");
    assert_eq!(err.exit_code(), 6);
    let failure = backups.auto_state().unwrap().last_failure.unwrap();
    assert_eq!(failure.code, "backup_folder_missing");

    settings.folder = Some(t.path.parent().unwrap().display().to_string());
    backups.set_auto_settings(&settings).unwrap();
    let err = backups.auto_backup_now(t0()).unwrap_err();
    assert!(
        err.to_string().contains("the journal's own folder"),
        "{err}"
    );
    // A relative folder is refused when stored.
    settings.folder = Some("backups".into());
    assert!(backups.set_auto_settings(&settings).is_err());
    // A recipient that is no age key is refused when stored.
    settings.folder = None;
    settings.recipients = vec!["ssh-ed25519 AAAA".into()];
    let err = backups.set_auto_settings(&settings).unwrap_err();
    assert!(err.to_string().contains("age1"), "{err}");
    assert_eq!(
        t.vault.entries().count().unwrap(),
        3,
        "the journal is untouched"
    );
}

#[test]
fn the_identity_is_re_created_from_the_recovery_key_alone() {
    let (t, _) = journal_with_backups();
    let kept = t
        .vault
        .backup_identity()
        .unwrap()
        .expect("known from creation");
    let again = BackupIdentity::from_recovery_key(&t.recovery);
    assert_eq!(kept.recipient().to_string(), again.recipient().to_string());
    assert!(kept.recipient().to_string().starts_with("age1"));
    // Not a setting: never listed, never exported.
    let settings = t.vault.all_settings().unwrap();
    assert!(
        settings.keys().all(|k| !k.contains("identity")),
        "{settings:?}"
    );
    assert!(t
        .vault
        .get_setting("auto_backup_identity")
        .unwrap()
        .is_none());
    assert!(t
        .vault
        .set_setting("auto_backup_identity", &serde_json::json!("x"))
        .is_err());
    let file = kept.identity_file(t0());
    assert!(format!("{kept:?}").contains("redacted"));
    assert!(file.expose_secret().contains("\nAGE-SECRET-KEY-1"));
}

#[test]
fn debian_age_opens_an_automatic_backup_with_the_identity_from_the_recovery_key() {
    assert!(
        Command::new("age")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success()),
        "Debian's age is installed by scripts/install-deps.sh"
    );
    let (t, _) = journal_with_backups();
    t.vault.backups().auto_backup_now(t0()).unwrap();
    // The second one is written when the journal already records how the first went.
    let report = t.vault.backups().auto_backup_now(t0()).unwrap();
    t.vault.backups().drill(None, t0()).unwrap();
    // The laptop is lost: only the printed recovery key is left.
    let printed = t.recovery.display();
    let typed = steward_core::RecoveryKey::parse(&printed).unwrap();
    let identity = BackupIdentity::from_recovery_key(&typed);
    let key_file = t.dir.path().join("steward-backup-key.txt");
    std::fs::write(&key_file, identity.identity_file(t0()).expose_secret()).unwrap();
    let out = Command::new("age")
        .args(["-d", "-i"])
        .arg(&key_file)
        .arg(&report.path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "age -d -i: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["format"], "steward-backup");
    assert_eq!(doc["entries"].as_array().unwrap().len(), 3);
    assert_eq!(doc["record_mac"].as_str().unwrap().len(), 64);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("auto_backup_identity"));
    // The settings travel; how this journal's own backup files went does not.
    assert_eq!(doc["settings"]["auto_backup"]["enabled"], true);
    assert!(
        doc["settings"].get("auto_backup_state").is_none(),
        "{}",
        doc["settings"]
    );
}

#[test]
fn an_extra_recipient_opens_it_too() {
    let (t, _) = journal_with_backups();
    let second = age::x25519::Identity::generate();
    let mut settings = t.vault.backups().auto_settings().unwrap();
    settings.recipients = vec![second.to_public().to_string()];
    t.vault.backups().set_auto_settings(&settings).unwrap();
    let report = t.vault.backups().auto_backup_now(t0()).unwrap();
    let doc = decrypt(Path::new(&report.path), &second);
    assert_eq!(doc["entries"].as_array().unwrap().len(), 3);
}

fn decrypt(path: &Path, identity: &age::x25519::Identity) -> serde_json::Value {
    let file = std::fs::File::open(path).unwrap();
    let decryptor = age::Decryptor::new(file).unwrap();
    let mut reader = decryptor
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .unwrap();
    let mut text = Vec::new();
    reader.read_to_end(&mut text).unwrap();
    serde_json::from_slice(&text).unwrap()
}

fn encrypt_to(path: &Path, recipient: &age::x25519::Recipient, doc: &serde_json::Value) {
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(recipient as &dyn age::Recipient)).unwrap();
    let mut out = encryptor
        .wrap_output(std::fs::File::create(path).unwrap())
        .unwrap();
    // In the document's own order (a serde_json map would sort the header after records).
    let order = [
        "format",
        "version",
        "exported_at",
        "generator",
        "counts",
        "record_mac",
        "entries",
        "relationships",
        "reflections",
        "tombstones",
        "settings",
    ];
    let members: Vec<String> = order
        .iter()
        .filter_map(|k| doc.get(*k).map(|v| format!("{}:{v}", serde_json::json!(k))))
        .collect();
    out.write_all(format!("{{{}}}", members.join(",")).as_bytes())
        .unwrap();
    out.finish().unwrap();
}

fn age_identity(identity: &BackupIdentity) -> age::x25519::Identity {
    let file = identity.identity_file(t0());
    let line = file.expose_secret().lines().last().unwrap().to_string();
    age::x25519::Identity::from_str(&line).unwrap()
}

#[test]
fn a_drill_passes_on_a_good_backup_and_fails_on_damage_or_a_list_that_does_not_match() {
    let (t, folder) = journal_with_backups();
    let backups = t.vault.backups();
    let report = backups.auto_backup_now(t0()).unwrap();
    let drilled = backups.drill(None, t0() + Duration::days(1)).unwrap();
    assert_eq!(drilled.summary.counts.entries, 3);
    let state = backups.auto_state().unwrap();
    let record = state.last_drill.unwrap();
    assert!(record.ok);
    assert_eq!(record.file, auto_backup_name(t0()));
    assert!(
        !backups
            .auto_overview(t0() + Duration::days(2))
            .unwrap()
            .drill_due
    );
    assert!(
        backups
            .auto_overview(t0() + Duration::days(8))
            .unwrap()
            .drill_due
    );

    let good = std::fs::read(&report.path).unwrap();
    let check = |name: &str, bytes: &[u8]| -> Error {
        let path = folder.join(name);
        std::fs::write(&path, bytes).unwrap();
        let err = backups.drill(Some(&path), t0()).unwrap_err();
        let record = backups.auto_state().unwrap().last_drill.unwrap();
        assert!(
            !record.ok && record.problem.is_some(),
            "{name}: the failure is recorded"
        );
        assert_eq!(err.exit_code(), 4, "{name}: {err}");
        err
    };
    // A flipped byte in the payload, and one in the header.
    let mut flipped = good.clone();
    let at = flipped.len() - 40;
    flipped[at] ^= 0x01;
    check("flipped.age", &flipped);
    let mut header = good.clone();
    header[60] ^= 0x01;
    check("header.age", &header);
    // Truncated.
    check("truncated.age", &good[..good.len() / 2]);

    // Encrypted to the (public) recipient by someone else: a record left out with the
    // counts made consistent, so only the MAC can tell.
    let identity = t.vault.backup_identity().unwrap().unwrap();
    let mut doc = decrypt(Path::new(&report.path), &age_identity(&identity));
    doc["entries"].as_array_mut().unwrap().pop();
    doc["counts"]["entries"] = 2.into();
    let forged = folder.join("forged.age");
    encrypt_to(&forged, &identity.recipient(), &doc);
    let err = backups.drill(Some(&forged), t0()).unwrap_err();
    assert!(err.to_string().contains("do not match"), "{err}");
    // An entry's version changed.
    let mut doc = decrypt(Path::new(&report.path), &age_identity(&identity));
    doc["entries"][0]["version"] = 7.into();
    encrypt_to(&forged, &identity.recipient(), &doc);
    assert!(backups
        .drill(Some(&forged), t0())
        .unwrap_err()
        .to_string()
        .contains("do not match"));
    // No MAC at all.
    let mut doc = decrypt(Path::new(&report.path), &age_identity(&identity));
    doc.as_object_mut().unwrap().remove("record_mac");
    encrypt_to(&forged, &identity.recipient(), &doc);
    let err = backups.drill(Some(&forged), t0()).unwrap_err();
    assert!(err.to_string().contains("no record list"), "{err}");

    // The good one still passes, and the journal never changed.
    backups.drill(Some(Path::new(&report.path)), t0()).unwrap();
    assert_eq!(t.vault.entries().count().unwrap(), 3);
}

#[test]
fn a_journal_made_before_automatic_backups_learns_its_key_from_the_recovery_key_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.steward");
    let (old, recovery) = Vault::create_at_schema(&path, &secret(PASS), fast_kdf(), 3).unwrap();
    drop(old);
    let vault = LockedVault::open(&path)
        .unwrap()
        .unlock(&secret(PASS))
        .unwrap();
    assert!(vault.backup_identity().unwrap().is_none());
    let folder = dir.path().join("backups");
    std::fs::create_dir(&folder).unwrap();
    (vault.backups())
        .set_auto_settings(&AutoBackupSettings {
            enabled: true,
            folder: Some(folder.display().to_string()),
            ..AutoBackupSettings::default()
        })
        .unwrap();
    let err = vault.backups().auto_backup_now(t0()).unwrap_err();
    assert!(matches!(err, Error::BackupKeyUnknown), "{err}");
    assert!(!vault.backups().auto_overview(t0()).unwrap().has_key);

    // Another journal's recovery key is refused.
    let other = new_vault();
    assert!(vault.adopt_recovery_key(&other.recovery).is_err());
    assert!(vault.backup_identity().unwrap().is_none());
    vault.adopt_recovery_key(&recovery).unwrap();
    vault.backups().auto_backup_now(t0()).unwrap();
    drop(vault);
    // Kept sealed: the journal still unlocks (the manifest lists the new row) and knows it.
    let vault = LockedVault::open(&path)
        .unwrap()
        .unlock(&secret(PASS))
        .unwrap();
    assert_eq!(
        vault
            .backup_identity()
            .unwrap()
            .unwrap()
            .recipient()
            .to_string(),
        BackupIdentity::from_recovery_key(&recovery)
            .recipient()
            .to_string()
    );
}

#[test]
fn a_new_recovery_key_brings_a_new_backup_identity() {
    let (mut t, _) = journal_with_backups();
    let before = t
        .vault
        .backup_identity()
        .unwrap()
        .unwrap()
        .recipient()
        .to_string();
    let rotation = t
        .vault
        .rotate_keys(
            &secret("a new passphrase here"),
            RecoveryChoice::Replace,
            fast_kdf(),
        )
        .unwrap();
    let new_key = rotation.recovery_key.unwrap();
    let after = t
        .vault
        .backup_identity()
        .unwrap()
        .unwrap()
        .recipient()
        .to_string();
    assert_ne!(before, after);
    assert_eq!(
        after,
        BackupIdentity::from_recovery_key(&new_key)
            .recipient()
            .to_string()
    );
    // Kept when the recovery key is kept.
    t.vault
        .rotate_keys(
            &secret("another new passphrase"),
            RecoveryChoice::Keep(&new_key),
            fast_kdf(),
        )
        .unwrap();
    assert_eq!(
        t.vault
            .backup_identity()
            .unwrap()
            .unwrap()
            .recipient()
            .to_string(),
        after
    );
    drop(t.vault);
    LockedVault::open(&t.path)
        .unwrap()
        .unlock(&secret("another new passphrase"))
        .unwrap();
}

#[test]
fn two_backups_in_one_second_get_two_names() {
    let (t, folder) = journal_with_backups();
    let first = t.vault.backups().auto_backup_now(t0()).unwrap();
    let second = t.vault.backups().auto_backup_now(t0()).unwrap();
    assert_ne!(first.path, second.path);
    assert_eq!(
        files_in(&folder),
        vec![
            auto_backup_name(t0()),
            auto_backup_name(t0() + Duration::seconds(1))
        ]
    );
    // The drill finds the newer of the two.
    let drilled = t.vault.backups().drill(None, t0()).unwrap();
    assert_eq!(drilled.path, second.path);
}
