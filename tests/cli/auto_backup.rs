//! `steward backup now | drill | identity | settings`: automatic backups from the terminal,
//! through the real binary — made into the default folder, proven by a drill (exit 4 when
//! one fails), opened by Debian's `age -d -i` with the identity re-created from the
//! recovery key alone, and their settings checked as they are stored.

use std::path::PathBuf;

use crate::util::*;

fn backup_now(env: &Env) -> PathBuf {
    let out = env.cmd(&["backup", "now"]).run().ok();
    PathBuf::from(out.stdout.trim())
}

#[test]
fn backup_now_then_a_drill_that_passes_and_one_that_fails() {
    let env = Env::init();
    env.add("Owning the delay", "Told Sam why.", &[]);
    env.add("Asked Dana", "She said: explain before deciding.", &[]);
    let file = backup_now(&env);
    assert_eq!(
        file.parent().unwrap(),
        env.dir.path().join("Steward Backups")
    );
    assert!(file
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("steward-auto-"));
    assert!(file.exists());

    let out = env.cmd(&["backup", "drill"]).run().ok();
    assert!(
        out.stdout.contains("Verified") && out.stdout.contains("2 entries"),
        "{}",
        out.stdout
    );
    let j = env.cmd(&["--json", "backup", "settings"]).run().ok().json();
    assert_eq!(j["state"]["last_drill"]["ok"], true);
    assert_eq!(j["has_key"], true);

    let mut bytes = std::fs::read(&file).unwrap();
    let at = bytes.len() - 20;
    bytes[at] ^= 0x40;
    let damaged = env.dir.path().join("damaged.age");
    std::fs::write(&damaged, &bytes).unwrap();
    env.cmd(&["backup", "drill", damaged.to_str().unwrap()])
        .run()
        .fails(4, "damaged");
    let j = env.cmd(&["--json", "backup", "settings"]).run().ok().json();
    assert_eq!(j["state"]["last_drill"]["ok"], false);
    assert_eq!(j["state"]["last_drill"]["problem"], "backup_damaged");
    // A drill with no backup at all is "not found", not a failed drill.
    let empty = Env::init();
    empty
        .cmd(&["backup", "drill"])
        .run()
        .fails(6, "no automatic backup");
}

#[test]
fn the_identity_from_the_recovery_key_alone_opens_a_backup_with_debian_age() {
    let env = Env::new();
    let init = env.init_json();
    let recovery = init["recovery_key"].as_str().unwrap().to_string();
    env.add("Kept safe", "a body", &[]);
    let file = backup_now(&env);

    // The laptop is gone: no journal, only the printed recovery key.
    let lost = env.dir.path().join("gone.steward");
    let out = env
        .cmd(&["backup", "identity", "--from-recovery-key", "--yes"])
        .env("STEWARD_VAULT", lost.to_str().unwrap())
        .env("STEWARD_RECOVERY_KEY", &recovery)
        .run()
        .ok();
    assert!(out.stdout.contains("\nAGE-SECRET-KEY-1"), "{}", out.stdout);
    assert!(out.stderr.contains("Warning"), "{}", out.stderr);
    let key = env.dir.path().join("key.txt");
    std::fs::write(&key, &out.stdout).unwrap();
    let opened = std::process::Command::new("age")
        .args(["-d", "-i", key.to_str().unwrap(), file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        opened.status.success(),
        "{}",
        String::from_utf8_lossy(&opened.stderr)
    );
    assert!(String::from_utf8_lossy(&opened.stdout).contains("Kept safe"));

    // The journal's own copy of it is the same key.
    let own = env.cmd(&["backup", "identity", "--yes"]).run().ok();
    let secret = |s: &str| s.lines().last().unwrap().to_string();
    assert_eq!(secret(&own.stdout), secret(&out.stdout));
    // Without --yes and no terminal to ask on, nothing is printed.
    let refused = env.cmd(&["backup", "identity"]).run();
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stdout.is_empty());
    // A mistyped recovery key is refused with its own code.
    env.cmd(&["backup", "identity", "--from-recovery-key", "--yes"])
        .env("STEWARD_VAULT", lost.to_str().unwrap())
        .env("STEWARD_RECOVERY_KEY", "AAAA-BBBB")
        .run()
        .fails_after_warning(3, "recovery key");
}

#[test]
fn settings_are_shown_changed_and_checked() {
    let env = Env::init();
    let out = env.cmd(&["backup", "settings"]).run().ok();
    assert!(
        out.stdout.contains("Automatic backups: off"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Last backup: none yet"),
        "{}",
        out.stdout
    );

    let folder = env.dir.path().join("elsewhere");
    std::fs::create_dir(&folder).unwrap();
    let recipient = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
    let j = env
        .cmd(&[
            "--json",
            "backup",
            "settings",
            "--on",
            "--interval",
            "daily",
            "--folder",
            folder.to_str().unwrap(),
            "--keep-last",
            "3",
            "--add-recipient",
            recipient,
        ])
        .run()
        .ok()
        .json();
    assert_eq!(j["settings"]["enabled"], true);
    assert_eq!(j["settings"]["interval"], "daily");
    assert_eq!(j["settings"]["keep_last"], 3);
    assert_eq!(j["settings"]["recipients"][0], recipient);
    assert_eq!(j["folder"], folder.to_str().unwrap());
    assert_eq!(j["due"], true);
    let file = backup_now(&env);
    assert_eq!(file.parent().unwrap(), folder);

    env.cmd(&[
        "backup",
        "settings",
        "--add-recipient",
        "ssh-ed25519 AAAAC3",
    ])
    .run()
    .fails(7, "age1");
    env.cmd(&["backup", "settings", "--keep-last", "0"])
        .run()
        .fails(7, "keep between 1 and 1000");
    // The folder goes away (an unplugged drive): a clear error, exit 6, the attempt noted.
    std::fs::remove_dir_all(&folder).unwrap();
    env.cmd(&["backup", "now"]).run().fails(6, "is not there");
    let out = env.cmd(&["backup", "settings"]).run().ok();
    assert!(out.stdout.contains("Last attempt failed"), "{}", out.stdout);
    // The journal's own folder is refused.
    env.cmd(&[
        "backup",
        "settings",
        "--folder",
        env.dir.path().to_str().unwrap(),
    ])
    .run()
    .ok();
    env.cmd(&["backup", "now"])
        .run()
        .fails(7, "the journal's own folder");
}

/// A backup folder that fills up (a 256 KiB tmpfs in a private mount namespace): the backup
/// fails with exit 8, leaves no file (not even its temporary one), records the failure for
/// Settings' banner, and the journal is untouched.
#[test]
fn a_full_backup_folder_fails_that_backup_and_loses_nothing() {
    let env = Env::init();
    env.add("first", "kept whatever the disk does", &[]);
    let big = "x".repeat(400_000);
    env.add("big", &big, &[]);
    let mnt = env.dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let bin = env!("CARGO_BIN_EXE_steward");
    let script = format!(
        r#"set -u
mount -t tmpfs -o size=256k tmpfs "{mnt}" || exit 90
export STEWARD_VAULT="{vault}" STEWARD_PASSPHRASE="{PASS}" TZ=UTC HOME="{home}"
"{bin}" backup settings --folder "{mnt}" >/dev/null || exit 91
"{bin}" backup now
echo "rc=$?"
echo "files:$(ls -A "{mnt}" | tr '\n' ' ')"
"{bin}" --json backup settings
"#,
        mnt = mnt.display(),
        vault = env.vault.display(),
        home = env.dir.path().display(),
    );
    let out = in_private_mounts(&script);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "stdout: {stdout} stderr: {stderr}"
    );
    assert!(stdout.contains("rc=8"), "stdout: {stdout} stderr: {stderr}");
    assert!(stderr.contains("steward: the disk is full"), "{stderr}");
    let files = stdout.lines().find(|l| l.starts_with("files:")).unwrap();
    assert_eq!(files.trim(), "files:", "nothing left in the folder");
    assert!(
        stdout.contains(r#""code":"disk_full""#),
        "the failure is recorded: {stdout}"
    );
    assert_eq!(env.count(), 2, "the journal is untouched");
}
