//! `steward backup export | verify | restore | import`: the round trip through the real
//! binary, idempotent merges, and each failure's message and exit code.

use crate::util::*;

const BACKUP_PASS: &str = "the backup passphrase";

fn titles(env: &Env, vault: &std::path::Path, passphrase: &str) -> Vec<String> {
    let mut t = env
        .cmd(&["--json", "list"])
        .env("STEWARD_VAULT", vault.to_str().unwrap())
        .env("STEWARD_PASSPHRASE", passphrase)
        .run()
        .ok()
        .titles();
    t.sort();
    t
}

#[test]
fn export_verify_restore_and_import_round_trip() {
    let env = Env::init();
    for i in 0..5 {
        env.add(&format!("Entry {i}"), "some words", &["--tag", "team"]);
    }
    let file = env.dir.path().join("steward.backup.age");
    let f = file.to_str().unwrap();
    let out = env
        .cmd(&["backup", "export", f])
        .env("STEWARD_BACKUP_PASSPHRASE", BACKUP_PASS)
        .run()
        .ok();
    assert!(
        out.stdout.contains("5 entries") && out.stdout.contains("age -d"),
        "{}",
        out.stdout
    );

    let v = env
        .cmd(&["--json", "backup", "verify", f])
        .env("STEWARD_BACKUP_PASSPHRASE", BACKUP_PASS)
        .run()
        .ok()
        .json();
    assert_eq!(v["counts"]["entries"], 5);

    // Restore into a new journal with its own passphrase, from a passphrase file.
    let pass_file = env.dir.path().join("backup-pass.txt");
    std::fs::write(&pass_file, format!("{BACKUP_PASS}\n")).unwrap();
    let target = env.dir.path().join("restored.steward");
    let r = env
        .cmd(&[
            "--json",
            "backup",
            "restore",
            f,
            "--into",
            target.to_str().unwrap(),
            "--backup-passphrase-file",
            pass_file.to_str().unwrap(),
        ])
        .env("STEWARD_NEW_PASSPHRASE", "a new journal passphrase")
        .run()
        .ok()
        .json();
    assert_eq!(r["recovery_key"].as_str().unwrap().len(), 39);
    assert_eq!(
        titles(&env, &target, "a new journal passphrase"),
        titles(&env, &env.vault, PASS)
    );

    // Import into the original: all unchanged; twice: still nothing added.
    for _ in 0..2 {
        let report = env
            .cmd(&["--json", "backup", "import", f])
            .env("STEWARD_BACKUP_PASSPHRASE", BACKUP_PASS)
            .run()
            .ok()
            .json();
        assert_eq!(report["entries"]["unchanged"], 5);
        assert_eq!(report["entries"]["added"], 0);
    }
    // Like `init`, a restore takes the new journal's passphrase from STEWARD_PASSPHRASE.
    let second = env.dir.path().join("second.steward");
    env.cmd(&["backup", "restore", f, "--into", second.to_str().unwrap()])
        .env("STEWARD_BACKUP_PASSPHRASE", BACKUP_PASS)
        .env("STEWARD_PASSPHRASE", "the restored journal's own")
        .run()
        .ok();
    assert_eq!(
        titles(&env, &second, "the restored journal's own"),
        titles(&env, &env.vault, PASS)
    );
    // Exporting over the backup again needs --force; the journal itself, never.
    env.cmd(&["backup", "export", f])
        .env("STEWARD_BACKUP_PASSPHRASE", BACKUP_PASS)
        .run()
        .fails(7, "already exists");
    env.cmd(&["backup", "export", f, "--force"])
        .env("STEWARD_BACKUP_PASSPHRASE", BACKUP_PASS)
        .run()
        .ok();
    let own = env.vault.to_str().unwrap();
    env.cmd(&["backup", "export", own, "--force"])
        .env("STEWARD_BACKUP_PASSPHRASE", BACKUP_PASS)
        .run()
        .fails(7, "the journal's own file");
    assert_eq!(env.count(), 5);
    // Restoring over an existing journal is refused.
    env.cmd(&["backup", "restore", f, "--into", target.to_str().unwrap()])
        .env("STEWARD_BACKUP_PASSPHRASE", BACKUP_PASS)
        .env("STEWARD_NEW_PASSPHRASE", "a new journal passphrase")
        .run()
        .fails(1, "already exists");
}

#[test]
fn bad_backups_fail_with_their_own_message_and_exit_code() {
    let env = Env::init();
    env.add("kept", "text", &[]);
    let file = env.dir.path().join("b.age");
    let f = file.to_str().unwrap();
    env.cmd(&["backup", "export", f])
        .env("STEWARD_BACKUP_PASSPHRASE", BACKUP_PASS)
        .run()
        .ok();
    env.cmd(&["backup", "verify", f])
        .env("STEWARD_BACKUP_PASSPHRASE", "wrong")
        .run()
        .fails(3, "wrong passphrase: it does not open this backup");
    env.cmd(&["backup", "verify", f])
        .run()
        .fails(2, "no backup passphrase");
    let plain = env.dir.path().join("notes.txt");
    std::fs::write(&plain, "just some text\n").unwrap();
    env.cmd(&["backup", "import", plain.to_str().unwrap()])
        .env("STEWARD_BACKUP_PASSPHRASE", BACKUP_PASS)
        .run()
        .fails(4, "not a Steward backup: it is not an age-encrypted file");
    let bytes = std::fs::read(&file).unwrap();
    let cut = env.dir.path().join("cut.age");
    std::fs::write(&cut, &bytes[..bytes.len() - 40]).unwrap();
    env.cmd(&["backup", "import", cut.to_str().unwrap()])
        .env("STEWARD_BACKUP_PASSPHRASE", BACKUP_PASS)
        .run()
        .fails(4, "the backup is damaged");
    assert_eq!(env.count(), 1, "nothing changed");
    env.cmd(&[
        "backup",
        "verify",
        env.dir.path().join("missing.age").to_str().unwrap(),
    ])
    .env("STEWARD_BACKUP_PASSPHRASE", BACKUP_PASS)
    .run()
    .fails(1, "missing.age");
}

#[test]
fn plaintext_exports_need_consent_and_write_markdown_or_json() {
    let env = Env::init();
    env.add("Owning the delay", "Told Sam why.", &["--tag", "team"]);
    let json = env.dir.path().join("journal.json");
    env.cmd(&["export", "--format", "json", json.to_str().unwrap()])
        .run()
        .fails(2, "needs --yes to confirm");
    assert!(!json.exists(), "nothing written without consent");
    let run = env
        .cmd(&[
            "export",
            "--format",
            "json",
            json.to_str().unwrap(),
            "--yes",
        ])
        .run()
        .ok();
    assert!(run.stderr.contains("UNENCRYPTED"), "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(doc["format"], "steward-backup");
    assert_eq!(doc["entries"][0]["title"], "Owning the delay");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&json).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // Never over an existing file.
    env.cmd(&[
        "export",
        "--format",
        "json",
        json.to_str().unwrap(),
        "--yes",
    ])
    .run()
    .fails_after_warning(7, "already exists");

    let md = env.dir.path().join("markdown");
    env.cmd(&["reflect", "--from-json", "-"])
        .stdin(r#"{"strength_source": "trust", "exercise": {"relationship": "Dana", "authority": 4, "trust": 2, "step_type": "apology", "step": "say sorry"}}"#)
        .run()
        .ok();
    env.cmd(&[
        "export",
        "--format",
        "markdown",
        md.to_str().unwrap(),
        "--yes",
    ])
    .run()
    .ok();
    let entries: Vec<_> = std::fs::read_dir(md.join("entries")).unwrap().collect();
    assert_eq!(entries.len(), 1);
    let text = std::fs::read_to_string(entries[0].as_ref().unwrap().path()).unwrap();
    assert!(
        text.contains("title: \"Owning the delay\"")
            && text.contains("# Owning the delay")
            && text.contains("Told Sam why."),
        "{text}"
    );
    let refl: Vec<_> = std::fs::read_dir(md.join("reflections")).unwrap().collect();
    let text = std::fs::read_to_string(refl[0].as_ref().unwrap().path()).unwrap();
    assert!(
        text.contains("- Relationship: Dana") && text.contains("say sorry"),
        "{text}"
    );
    env.cmd(&[
        "export",
        "--format",
        "markdown",
        md.to_str().unwrap(),
        "--yes",
    ])
    .run()
    .fails_after_warning(7, "is not empty");
}

#[test]
fn a_generated_backup_passphrase_is_printed_once_and_opens_the_backup() {
    let env = Env::init();
    env.add("Kept safe", "in a backup", &[]);
    let file = env.dir.path().join("generated.age");
    let f = file.to_str().unwrap();
    let out = env
        .cmd(&["--json", "backup", "export", f, "--generate-passphrase"])
        .env_remove("STEWARD_BACKUP_PASSPHRASE")
        .run()
        .ok()
        .json();
    let pass = out["passphrase"]
        .as_str()
        .expect("the passphrase, once")
        .to_string();
    let groups: Vec<&str> = pass.split('-').collect();
    assert_eq!(groups.len(), 6, "{pass}");
    assert!(groups.iter().all(|g| g.len() == 4
        && g.chars()
            .all(|c| c.is_ascii_lowercase() || ('2'..='7').contains(&c))));
    let v = env
        .cmd(&["--json", "backup", "verify", f])
        .env("STEWARD_BACKUP_PASSPHRASE", &pass)
        .run()
        .ok()
        .json();
    assert_eq!(v["counts"]["entries"], 1);
    // Another export makes another passphrase.
    let other = env.dir.path().join("other.age");
    let again = env
        .cmd(&[
            "--json",
            "backup",
            "export",
            other.to_str().unwrap(),
            "--generate-passphrase",
        ])
        .run()
        .ok()
        .json();
    assert_ne!(again["passphrase"].as_str().unwrap(), pass);
}
