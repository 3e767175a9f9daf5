//! Every subcommand doing its job.

use crate::util::*;

#[test]
fn init_prints_the_recovery_key_once_and_makes_a_private_file() {
    let env = Env::new();
    let run = env
        .cmd(&["init", "--kdf-memory-mib", "8", "--kdf-iterations", "1"])
        .run()
        .ok();
    assert!(run.stdout.contains("Recovery key"), "{}", run.stdout);
    let key_line = run
        .stdout
        .lines()
        .find(|l| l.trim().len() == 39 && l.trim().matches('-').count() == 7)
        .expect("a key line");
    assert!(key_line
        .trim()
        .chars()
        .all(|c| c == '-' || c.is_ascii_uppercase() || c.is_ascii_digit()));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&env.vault).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // JSON form.
    let j = Env::new().init_json();
    assert_eq!(j["recovery_key"].as_str().unwrap().len(), 39);
}

#[test]
fn init_with_the_default_kdf_works() {
    let env = Env::new();
    env.cmd(&["init"]).run().ok();
    env.cmd(&["list"]).run().ok();
}

#[test]
fn add_then_show_in_text_and_json() {
    let env = Env::init();
    let id = env.add(
        "Owning the delay",
        "Told the team **why** the launch slipped.\n",
        &[
            "--tag",
            "team",
            "--tag",
            "#Trust",
            "--date",
            "2026-03-04 09:30",
        ],
    );
    let show = env.cmd(&["show", &id[..8]]).run().ok();
    assert!(
        show.stdout
            .starts_with("Owning the delay\n2026-03-04 09:30"),
        "{}",
        show.stdout
    );
    assert!(show.stdout.contains("tags: team, Trust"));
    assert!(show
        .stdout
        .contains("Told the team **why** the launch slipped."));
    let j = env.cmd(&["show", &id, "--json"]).run().ok().json();
    assert_eq!(j["id"], id.as_str());
    assert_eq!(
        j["body"], "Told the team **why** the launch slipped.",
        "trailing newline from stdin trimmed"
    );
    assert_eq!(j["tags"], serde_json::json!(["team", "Trust"]));
    assert_eq!(j["created_at"], "2026-03-04T09:30:00Z");
    assert_eq!(j["version"], 1);
    assert_eq!(j["kind"], "entry");
}

#[test]
fn add_accepts_every_date_form() {
    let env = Env::init();
    for (given, stored) in [
        ("2026-03-04", "2026-03-04T12:00:00Z"),
        ("2026-03-04T07:00", "2026-03-04T07:00:00Z"),
        ("2026-03-04T23:15:00+02:00", "2026-03-04T23:15:00+02:00"),
    ] {
        let id = env.add("d", "x", &["--date", given]);
        let j = env.cmd(&["show", &id, "--json"]).run().ok().json();
        assert_eq!(j["created_at"], stored, "{given}");
    }
}

#[test]
fn list_filters_by_range_and_tag_newest_first() {
    let env = Env::init();
    env.add("jan", "x", &["--date", "2026-01-15", "--tag", "work"]);
    env.add("feb", "x", &["--date", "2026-02-15", "--tag", "home"]);
    env.add(
        "mar-last",
        "x",
        &["--date", "2026-03-31T23:59:00Z", "--tag", "work"],
    );
    env.add("apr", "x", &["--date", "2026-04-01T00:00:00Z"]);
    let titles = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["list", "--json"];
        a.extend_from_slice(args);
        env.cmd(&a).run().ok().titles()
    };
    assert_eq!(titles(&[]), ["apr", "mar-last", "feb", "jan"]);
    assert_eq!(
        titles(&["--from", "2026-02-01", "--to", "2026-03-31"]),
        ["mar-last", "feb"],
        "--to includes the whole day"
    );
    assert_eq!(titles(&["--tag", "WORK"]), ["mar-last", "jan"]);
    let text = env.cmd(&["list"]).run().ok().stdout;
    assert_eq!(text.lines().count(), 4);
    assert!(
        text.lines()
            .next()
            .unwrap()
            .starts_with("2026-04-01 00:00  "),
        "{text}"
    );
    assert!(text.contains("  [work]"));
    let empty = env
        .cmd(&["list", "--json", "--from", "2030-01-01"])
        .run()
        .ok()
        .json();
    assert_eq!(empty, serde_json::json!([]));
}

#[test]
fn edit_changes_text_from_stdin_and_flags_and_bumps_the_version() {
    let env = Env::init();
    let id = env.add("Before", "old text", &["--tag", "a"]);
    let j = env
        .cmd(&["edit", &id, "--json"])
        .stdin("new text\n")
        .run()
        .ok()
        .json();
    assert_eq!(
        (j["body"].as_str().unwrap(), j["version"].as_i64().unwrap()),
        ("new text", 2)
    );
    let j = env
        .cmd(&[
            "edit",
            &id[..6],
            "--json",
            "--title",
            "After",
            "--tag",
            "b",
            "--tag",
            "c",
        ])
        .run()
        .ok()
        .json();
    assert_eq!(j["title"], "After");
    assert_eq!(
        j["body"], "new text",
        "empty stdin with flags keeps the body"
    );
    assert_eq!(j["tags"], serde_json::json!(["b", "c"]));
    assert_eq!(j["version"], 3);
    let j = env
        .cmd(&["edit", &id, "--json", "--clear-tags"])
        .run()
        .ok()
        .json();
    assert_eq!(j["tags"], serde_json::json!([]));
    let text = env
        .cmd(&["edit", &id, "--date", "2025-01-01"])
        .run()
        .ok()
        .stdout;
    assert!(text.contains("version 5"), "{text}");
}

#[test]
fn delete_removes_the_entry() {
    let env = Env::init();
    let keep = env.add("keep", "x", &[]);
    let gone = env.add("gone", "y", &[]);
    let run = env.cmd(&["delete", &gone[..8]]).run().ok();
    assert!(run
        .stdout
        .contains(&format!("Deleted entry {}", &gone[..8])));
    env.cmd(&["show", &gone]).run().fails(6, "no entry with id");
    env.cmd(&["show", &keep]).run().ok();
    let j = env
        .cmd(&["delete", "--yes", "--json", &keep])
        .run()
        .ok()
        .json();
    assert_eq!(j["deleted"], keep.as_str());
}

#[test]
fn search_finds_words_phrases_and_tags_case_insensitively() {
    let env = Env::init();
    let a = env.add(
        "Design review",
        "Dana felt unheard in the ÄRGER meeting",
        &["--date", "2026-01-01", "--tag", "feedback"],
    );
    let b = env.add(
        "Budget",
        "Trust is built in small moments",
        &["--date", "2026-02-01"],
    );
    let c = env.add("Later", "dana again, and trust", &["--date", "2026-03-01"]);
    let ids = |q: &[&str]| -> Vec<String> {
        let mut a = vec!["search", "--json"];
        a.extend_from_slice(q);
        env.cmd(&a)
            .run()
            .ok()
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&["DANA"]), [c.clone(), a.clone()], "newest first");
    assert_eq!(ids(&["ärger"]), vec![a.clone()]);
    assert_eq!(ids(&["trust"]), [c.clone(), b.clone()]);
    assert_eq!(ids(&["dana", "trust"]), vec![c.clone()], "all words");
    assert_eq!(ids(&["\"small moments\""]), vec![b.clone()]);
    assert_eq!(ids(&["FEEDBACK"]), vec![a.clone()], "tags are searched");
    assert!(ids(&["absent"]).is_empty());
    let text = env.cmd(&["search", "trust"]).run().ok().stdout;
    assert_eq!(text.lines().count(), 2);
    // Accents do not matter unless --exact: "arger" finds ÄRGER; with --exact it must be "ärger".
    assert_eq!(ids(&["arger"]), vec![a.clone()], "accent-insensitive");
    assert!(
        ids(&["--exact", "arger"]).is_empty(),
        "--exact keeps accents"
    );
    assert_eq!(ids(&["--exact", "ÄRGER"]), vec![a.clone()]);
}

#[test]
fn passwd_re_encrypts_every_record_and_prints_a_new_recovery_key() {
    let env = Env::new();
    let init = env.init_json();
    let old_key = init["recovery_key"].as_str().unwrap().to_string();
    let id = env.add("kept", "through passwd", &[]);
    let out = env
        .cmd(&["passwd"])
        .env("STEWARD_NEW_PASSPHRASE", "a whole new passphrase")
        .run()
        .ok()
        .stdout;
    assert!(
        out.contains("the old passphrase no longer opens this journal"),
        "{out}"
    );
    assert!(out.contains("still opens with the old passphrase"), "{out}");
    assert!(out.contains("Your new recovery key"), "{out}");
    env.cmd(&["show", &id]).run().fails(3, "wrong passphrase");
    let j = env
        .cmd(&["show", &id, "--json"])
        .env("STEWARD_PASSPHRASE", "a whole new passphrase")
        .run()
        .ok()
        .json();
    assert_eq!(
        j["version"], 1,
        "re-sealed at the same version: not an edit"
    );
    assert_eq!(j["body"], "through passwd");
    // The old recovery key no longer opens the journal.
    env.cmd(&["passwd", "--recovery"])
        .env("STEWARD_RECOVERY_KEY", &old_key)
        .env("STEWARD_NEW_PASSPHRASE", "yet another passphrase")
        .run()
        .fails(3, "wrong passphrase");
}

#[test]
fn rotate_keys_keeps_the_passphrase_and_can_keep_the_recovery_key() {
    let env = Env::new();
    let init = env.init_json();
    let key = init["recovery_key"].as_str().unwrap().to_string();
    let id = env.add("kept", "through a rotation", &[]);
    let j = env
        .cmd(&["rotate-keys", "--keep-recovery-key", "--json"])
        .env("STEWARD_RECOVERY_KEY", &key)
        .run()
        .ok()
        .json();
    assert_eq!(
        (j["records"].as_u64(), j["recovery_key"].is_null()),
        (Some(3), true),
        "the entry, the setting that marks its time as stored in UTC, and the automatic backups' key"
    );
    assert_eq!(j["wal_cleared"], true);
    env.cmd(&["show", &id]).run().ok();
    // Without --keep-recovery-key a new one is printed and the kept one stops working.
    let j = env.cmd(&["rotate-keys", "--json"]).run().ok().json();
    let new_key = j["recovery_key"]
        .as_str()
        .expect("a new recovery key")
        .to_string();
    env.cmd(&["rotate-keys", "--keep-recovery-key"])
        .env("STEWARD_RECOVERY_KEY", &key)
        .run()
        .fails(3, "wrong passphrase");
    env.cmd(&["rotate-keys", "--keep-recovery-key"])
        .env("STEWARD_RECOVERY_KEY", &new_key)
        .run()
        .ok();
    assert_eq!(env.count(), 1);
}

/// Killed at any moment of a passphrase change, the journal opens with exactly one of the
/// two passphrases and holds every entry (SIGKILL at 16 delays spread over the change).
#[test]
fn a_passphrase_change_killed_at_any_moment_leaves_one_passphrase_and_every_entry() {
    let env = Env::init();
    let body = "A paragraph long enough to make the rotation take a while. ".repeat(30);
    let jsonl: String = (0..3000)
        .map(|i| {
            serde_json::json!({"title": format!("entry {i}"), "body": body, "kind": "entry"})
                .to_string()
                + "\n"
        })
        .collect();
    let file = env.dir.path().join("many.jsonl");
    std::fs::write(&file, jsonl).unwrap();
    env.cmd(&["import", "--format", "jsonl", file.to_str().unwrap()])
        .run()
        .ok();
    let (mut current, mut next) = (PASS.to_string(), "the second passphrase".to_string());
    let passwd = |current: &str, next: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_steward"))
            .arg("passwd")
            .env("STEWARD_VAULT", &env.vault)
            .env("STEWARD_PASSPHRASE", current)
            .env("STEWARD_NEW_PASSPHRASE", next)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    // How long a whole change takes on this machine now, so the kills spread over it
    // (0 to 1.5 times that) however loaded the machine is. The first change raises the
    // journal's KDF to the default cost (unlocking then takes longer), so time the second.
    let mut whole = std::time::Duration::ZERO;
    for _ in 0..2 {
        let started = std::time::Instant::now();
        assert!(passwd(&current, &next).wait().unwrap().success());
        whole = started.elapsed();
        std::mem::swap(&mut current, &mut next);
    }
    let (mut changed, mut kept) = (0, 0);
    for tenth in 0..16u32 {
        let delay = whole * tenth / 10;
        let delay_ms = delay.as_millis();
        let mut child = passwd(&current, &next);
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let opens = |p: &str| {
            env.cmd(&["list", "--json"])
                .env("STEWARD_PASSPHRASE", p)
                .run()
        };
        let (with_current, with_next) = (opens(&current), opens(&next));
        assert!(
            (with_current.code == 0) != (with_next.code == 0),
            "after {delay_ms} ms exactly one passphrase opens: {} / {}",
            with_current.stderr,
            with_next.stderr
        );
        let listed = if with_next.code == 0 {
            with_next
        } else {
            with_current.ok()
        };
        assert_eq!(
            listed.json().as_array().unwrap().len(),
            3000,
            "after {delay_ms} ms"
        );
        if opens(&next).code == 0 {
            changed += 1;
            std::mem::swap(&mut current, &mut next);
        } else {
            kept += 1;
        }
    }
    // The delays reach both sides of the commit (else the test proves little).
    assert!(changed > 0 && kept > 0, "changed {changed}, kept {kept}");
}

#[test]
fn passwd_with_the_recovery_key_sets_a_new_passphrase() {
    let env = Env::new();
    let init = env.init_json();
    let key = init["recovery_key"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .replace('-', " ");
    let id = env.add("kept", "x", &[]);
    env.cmd(&["passwd", "--recovery"])
        .env_remove("STEWARD_PASSPHRASE")
        .env("STEWARD_RECOVERY_KEY", &key)
        .env("STEWARD_NEW_PASSPHRASE", "recovered passphrase")
        .run()
        .ok();
    env.cmd(&["show", &id])
        .env("STEWARD_PASSPHRASE", "recovered passphrase")
        .run()
        .ok();
    env.cmd(&["show", &id]).run().fails(3, "wrong passphrase");
}

#[test]
fn passphrase_file_is_read() {
    let env = Env::init();
    let file = env.dir.path().join("pass.txt");
    std::fs::write(&file, format!("{PASS}\nsecond line ignored\n")).unwrap();
    env.cmd(&["list", "--passphrase-file", file.to_str().unwrap()])
        .env_remove("STEWARD_PASSPHRASE")
        .run()
        .ok();
}

#[test]
fn import_jsonl_is_idempotent() {
    let env = Env::init();
    let file = env.dir.path().join("in.jsonl");
    let lines: String = (0..30)
        .map(|i| {
            serde_json::json!({"id": format!("10000000-0000-4000-8000-{i:012}"), "created_at": "2020-05-01T10:00:00+02:00",
                "kind": "daily", "title": format!("t{i}"), "body": "b", "tags": ["x"]})
            .to_string()
                + "\n"
        })
        .collect();
    std::fs::write(&file, lines).unwrap();
    let run = env
        .cmd(&["import", "--format", "jsonl", file.to_str().unwrap()])
        .run()
        .ok();
    assert!(
        run.stdout.contains("Imported 30 entries (0 already there"),
        "{}",
        run.stdout
    );
    let j = env
        .cmd(&[
            "import",
            "--json",
            "--format",
            "jsonl",
            file.to_str().unwrap(),
        ])
        .run()
        .ok()
        .json();
    assert_eq!(
        j,
        serde_json::json!({"added": 0, "skipped_existing": 30, "reflections_added": 0})
    );
    // From stdin too.
    let one = r#"{"title": "piped", "body": "from stdin"}"#;
    let j = env
        .cmd(&["import", "--json", "--format", "jsonl", "-"])
        .stdin(one)
        .run()
        .ok()
        .json();
    assert_eq!(j["added"], 1);
    assert_eq!(env.count(), 31);
}

#[test]
fn help_and_version_work() {
    let env = Env::new();
    let help = env.cmd(&["--help"]).run().ok().stdout;
    for sub in [
        "init", "add", "list", "show", "edit", "delete", "search", "passwd", "import",
    ] {
        assert!(help.contains(sub), "{sub} missing from --help");
    }
    assert!(help.contains("Exit codes"));
    assert!(env
        .cmd(&["--version"])
        .run()
        .ok()
        .stdout
        .starts_with("steward "));
}

#[test]
fn nothing_typed_into_the_cli_reaches_the_disk_in_plaintext() {
    let env = Env::init();
    let canaries = [
        "cliTitleCanary",
        "cliBodyCanary",
        "cliTagCanary",
        "cliEditCanary",
        "cliImportCanary",
        "cliGoneCanary",
    ];
    let id = env.add(
        "x cliTitleCanary",
        "body cliBodyCanary",
        &["--tag", "cliTagCanary"],
    );
    env.cmd(&["edit", &id])
        .stdin("now cliEditCanary")
        .run()
        .ok();
    let gone = env.add("gone", "cliGoneCanary", &[]);
    env.cmd(&["delete", &gone]).run().ok();
    let input = tempfile::tempdir().unwrap();
    let file = input.path().join("in.jsonl");
    std::fs::write(
        &file,
        "{\"title\": \"imported\", \"body\": \"cliImportCanary\"}\n",
    )
    .unwrap();
    env.cmd(&["import", "--format", "jsonl", file.to_str().unwrap()])
        .run()
        .ok();
    env.cmd(&["search", "cliImportCanary"]).run().ok();
    let mut scanned = 0;
    for entry in std::fs::read_dir(env.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        scanned += 1;
        for c in canaries {
            assert!(
                !bytes.windows(c.len()).any(|w| w == c.as_bytes()),
                "{c} found in {}",
                path.display()
            );
        }
    }
    assert!(scanned >= 1);
    // The words are really in the journal (so the scan above looked for something real).
    let found = env
        .cmd(&["search", "--json", "cliEditCanary"])
        .run()
        .ok()
        .json();
    assert_eq!(found.as_array().unwrap().len(), 1);
}

#[test]
fn titles_tags_and_search_words_can_be_typed_instead_of_given_as_arguments() {
    let env = Env::init();
    // Through a terminal (script's pty) while the body comes on stdin: nothing of the title
    // or tags is on the command line.
    let status = std::process::Command::new("script")
        .args([
            "-qec",
            &format!(
                "printf 'The body.' | {} add --title - --tag -",
                env!("CARGO_BIN_EXE_steward")
            ),
            "/dev/null",
        ])
        .env("STEWARD_VAULT", &env.vault)
        .env("STEWARD_PASSPHRASE", PASS)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(b"Talk with Dana\nfeedback, trust\n")?;
            child.wait_with_output()
        })
        .unwrap();
    let terminal = String::from_utf8_lossy(&status.stdout).to_string();
    assert!(status.status.success(), "{terminal}");
    assert!(terminal.contains("Title: "), "{terminal}");
    let listed = env.cmd(&["list", "--json"]).run().ok().json();
    assert_eq!(listed[0]["title"], "Talk with Dana");
    assert_eq!(listed[0]["tags"], serde_json::json!(["feedback", "trust"]));

    // Search words from stdin, as one query (the phrase stays a phrase).
    let found = env
        .cmd(&["search", "--json", "-"])
        .stdin("\"with dana\"\n")
        .run()
        .ok();
    assert_eq!(found.titles(), ["Talk with Dana"]);
    let none = env
        .cmd(&["search", "--json", "-"])
        .stdin("\"dana with\"\n")
        .run()
        .ok();
    assert!(none.titles().is_empty(), "a phrase, not two words");
    // Help says why.
    let help = env.cmd(&["--help"]).run().ok().stdout;
    assert!(help.contains("process list"), "{help}");
}

#[test]
fn an_entry_names_the_people_it_is_about_and_an_edit_changes_or_clears_them() {
    let env = Env::init();
    let id = env.add(
        "1:1",
        "Dana asked for the why.\n",
        &["--person", "Dana (design lead)", "--person", "sam"],
    );
    // A new name became a relationship; the same name in another case is the same person.
    let id2 = env.add("Later", "x\n", &["--person", "DANA (design lead)"]);
    let first = env.cmd(&["show", &id, "--json"]).run().ok().json();
    let second = env.cmd(&["show", &id2, "--json"]).run().ok().json();
    assert_eq!(first["people"].as_array().unwrap().len(), 2);
    assert_eq!(first["people"][0], second["people"][0]);
    let show = env.cmd(&["show", &id]).run().ok();
    assert!(
        show.stdout.contains("about: Dana (design lead), sam\n"),
        "{}",
        show.stdout
    );
    let j = (env.cmd(&["edit", &id, "--json", "--person", "Sam"]))
        .run()
        .ok()
        .json();
    assert_eq!(j["people"], serde_json::json!([first["people"][1]]));
    assert_eq!(j["body"], "Dana asked for the why.", "flags keep the body");
    let j = (env.cmd(&["edit", &id, "--json", "--clear-people"]))
        .run()
        .ok()
        .json();
    assert_eq!(j["people"], serde_json::json!([]));
    let show = env.cmd(&["show", &id]).run().ok();
    assert!(!show.stdout.contains("about:"), "{}", show.stdout);
}
