//! Every error: its one-line message and its exit code, and that it loses nothing.

use crate::util::*;

#[test]
fn usage_errors_exit_2() {
    let env = Env::init();
    let r = env.cmd(&["frobnicate"]).run();
    assert_eq!(r.code, 2, "{}", r.stderr);
    let r = env.cmd(&["import", "--format", "csv", "x"]).run();
    assert_eq!(r.code, 2);
    env.cmd(&["list", "--from", "last tuesday"])
        .run()
        .fails(2, "--from \"last tuesday\": use YYYY-MM-DD");
    env.cmd(&["add", "--date", "soon"])
        .stdin("x")
        .run()
        .fails(2, "--date \"soon\"");
    env.cmd(&["list"])
        .env_remove("STEWARD_PASSPHRASE")
        .run()
        .fails(2, "no passphrase: set STEWARD_PASSPHRASE");
    let id = env.add("t", "b", &[]);
    env.cmd(&["edit", &id]).run().fails(2, "nothing to change");
}

#[test]
fn wrong_passphrase_exits_3_and_changes_nothing() {
    let env = Env::init();
    env.add("t", "b", &[]);
    let before = std::fs::read(&env.vault).unwrap();
    env.cmd(&["add"])
        .stdin("x")
        .env("STEWARD_PASSPHRASE", "not it at all")
        .run()
        .fails(3, "wrong passphrase");
    env.cmd(&["passwd"])
        .env("STEWARD_PASSPHRASE", "not it at all")
        .env("STEWARD_NEW_PASSPHRASE", "whatever new one")
        .run()
        .fails(3, "wrong passphrase");
    assert_eq!(env.count(), 1);
    let _ = before;
    env.cmd(&["passwd", "--recovery"])
        .env("STEWARD_RECOVERY_KEY", "AAAA-BBBB")
        .env("STEWARD_NEW_PASSPHRASE", "whatever new one")
        .run()
        .fails(3, "not a recovery key");
}

#[test]
fn tampered_data_exits_4_and_the_rest_still_lists() {
    let env = Env::init();
    let a = env.add("a", "alpha", &[]);
    let b = env.add("b", "beta", &[]);
    {
        let conn = rusqlite::Connection::open(&env.vault).unwrap();
        conn.execute(
            "UPDATE entries SET sealed = (SELECT sealed FROM entries WHERE id = ?1) WHERE id = ?2",
            [&a, &b],
        )
        .unwrap();
    }
    env.cmd(&["show", &b])
        .run()
        .fails(4, "damaged or tampered data");
    env.cmd(&["show", &a]).run().ok();
    let r = env.cmd(&["list"]).run().fails(4, &b);
    assert!(
        r.stdout.contains("  a"),
        "the good entry is still printed: {}",
        r.stdout
    );
    env.cmd(&["search", "alpha"])
        .run()
        .fails(4, "damaged or tampered");
}

#[test]
fn not_a_journal_exits_4() {
    let env = Env::new();
    std::fs::write(&env.vault, "hello, I am a text file").unwrap();
    env.cmd(&["list"])
        .run()
        .fails(4, "is not a Steward journal");
    assert_eq!(
        std::fs::read_to_string(&env.vault).unwrap(),
        "hello, I am a text file"
    );
}

#[test]
fn a_journal_from_a_newer_steward_exits_5_untouched() {
    let env = Env::init();
    env.add("t", "b", &[]);
    {
        let conn = rusqlite::Connection::open(&env.vault).unwrap();
        conn.execute_batch("PRAGMA user_version = 99").unwrap();
    }
    let before = std::fs::read(&env.vault).unwrap();
    env.cmd(&["list"])
        .run()
        .fails(5, "written by a newer version of Steward");
    env.cmd(&["add"]).stdin("x").run().fails(5, "newer version");
    assert_eq!(std::fs::read(&env.vault).unwrap(), before);
}

#[test]
fn missing_things_exit_6() {
    let env = Env::new();
    env.cmd(&["list"]).run().fails(6, "no journal at");
    assert!(!env.vault.exists(), "nothing was created");
    let env = Env::init();
    env.cmd(&["show", "deadbeef"])
        .run()
        .fails(6, "no entry with id deadbeef");
    env.cmd(&["delete", "deadbeef"])
        .run()
        .fails(6, "no entry with id deadbeef");
    env.cmd(&["edit", "deadbeef", "--title", "x"])
        .run()
        .fails(6, "no entry");
}

#[test]
fn invalid_input_exits_7_and_imports_nothing() {
    let env = Env::init();
    env.add("existing", "x", &[]);
    let file = env.dir.path().join("bad.jsonl");
    std::fs::write(&file, "{\"title\": \"ok\", \"body\": \"fine\"}\n\n{\"title\": \"bad\", \"body\": \"x\", \"kind\": \"monthly\"}\n").unwrap();
    env.cmd(&["import", "--format", "jsonl", file.to_str().unwrap()])
        .run()
        .fails(7, "line 3: kind: unknown kind \"monthly\"");
    assert_eq!(env.count(), 1);
    env.cmd(&["add"])
        .stdin("  \n")
        .run()
        .fails(7, "nothing to save");
    let fresh = Env::new();
    fresh
        .cmd(&["init"])
        .env("STEWARD_PASSPHRASE", "short")
        .run()
        .fails(7, "too short");
    assert!(!fresh.vault.exists());
    env.cmd(&["init", "--kdf-memory-mib", "1"])
        .run()
        .fails(7, "out of range");
    let a = env.add("aa", "x", &[]);
    let _ = a;
}

#[test]
fn init_on_an_existing_journal_refuses_with_exit_1() {
    let env = Env::init();
    let id = env.add("precious", "x", &[]);
    let before = std::fs::read(&env.vault).unwrap();
    env.cmd(&["init"])
        .env("STEWARD_PASSPHRASE", "another passphrase")
        .run()
        .fails(1, "already exists");
    assert_eq!(std::fs::read(&env.vault).unwrap(), before);
    env.cmd(&["show", &id]).run().ok();
    env.cmd(&["import", "--format", "jsonl", "/nonexistent/file.jsonl"])
        .run()
        .fails(1, "cannot open /nonexistent/file.jsonl");
}

/// A real full disk: the journal lives on a 2 MiB tmpfs (in a private mount namespace),
/// a filler file takes the rest, and a save fails with exit 8 — then, with space freed,
/// everything saved before is still there.
#[test]
fn a_full_disk_exits_8_and_loses_nothing() {
    let env = Env::new();
    let mnt = env.dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let bin = env!("CARGO_BIN_EXE_steward");
    let script = format!(
        r#"set -u
mount -t tmpfs -o size=2m tmpfs "{mnt}" || exit 90
export STEWARD_VAULT="{mnt}/j.steward" STEWARD_PASSPHRASE="{PASS}" TZ=UTC
"{bin}" init --kdf-memory-mib 8 --kdf-iterations 1 >/dev/null || exit 91
echo "the first entry" | "{bin}" add --title first >/dev/null || exit 92
dd if=/dev/zero of="{mnt}/filler" bs=4k count=10000 2>/dev/null
head -c 300000 /dev/urandom | base64 | "{bin}" add --title big
echo "rc=$?"
rm -f "{mnt}/filler"
"{bin}" list
"#,
        mnt = mnt.display()
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
    assert!(
        stdout.contains("  first"),
        "the earlier entry survived: {stdout}"
    );
    assert!(!stdout.contains("  big"));
}

/// A running `steward` has a zero core-size limit (so does everything it starts, such as
/// `$EDITOR`): a crash while unlocked writes nothing to disk.
#[test]
fn a_running_steward_writes_no_core_dump() {
    let env = Env::init();
    // `add` waits on stdin, so the process is there to look at. It starts with core dumps
    // allowed (as with `ulimit -c unlimited`), so only its own hardening can turn them off.
    let mut child = std::process::Command::new("sh")
        .args([
            "-c",
            "ulimit -c unlimited && exec \"$0\" add --title waiting",
        ])
        .arg(env!("CARGO_BIN_EXE_steward"))
        .env("STEWARD_VAULT", &env.vault)
        .env("STEWARD_PASSPHRASE", PASS)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", child.id())).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap();
    let fields: Vec<&str> = core.split_whitespace().collect();
    assert_eq!(&fields[4..6], &["0", "0"], "{core}");
}

/// `steward add` on a terminal with a fake `vim` that records what it was given and then
/// waits: the editor gets vim's no-swap/no-viminfo/no-undo flags and no `STEWARD_*`
/// variable, its file is in RAM (a disk-backed XDG_RUNTIME_DIR is passed over), and when
/// the terminal goes away (SIGHUP to the whole process group) the decrypted file is
/// removed and nothing is saved.
#[test]
fn the_editor_gets_no_secret_no_swap_and_its_file_goes_when_the_terminal_closes() {
    let env = Env::init();
    let dir = env.dir.path();
    let bin = dir.join("bin");
    std::fs::create_dir(&bin).unwrap();
    let out = dir.join("out");
    std::fs::create_dir(&out).unwrap();
    let fake_vim = bin.join("vim");
    std::fs::write(
        &fake_vim,
        format!(
            "#!/bin/sh\nenv > {out}/env.txt\nprintf '%s\\n' \"$@\" > {out}/args.txt\n\
             ps -o pgid= -p $$ > {out}/pgid.txt\nsleep 30\n",
            out = out.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fake_vim, std::fs::Permissions::from_mode(0o755)).unwrap();
    let disk_runtime = dir.join("runtime-on-disk");
    std::fs::create_dir(&disk_runtime).unwrap();

    let mut script = std::process::Command::new("script")
        .args([
            "-qec",
            &format!("{} add --title typed", env!("CARGO_BIN_EXE_steward")),
            "/dev/null",
        ])
        .env("STEWARD_VAULT", &env.vault)
        .env("STEWARD_PASSPHRASE", PASS)
        .env("STEWARD_BACKUP_PASSPHRASE", "another secret")
        .env("EDITOR", fake_vim.to_str().unwrap())
        .env_remove("VISUAL")
        .env("XDG_RUNTIME_DIR", &disk_runtime)
        .stdin(std::process::Stdio::piped())
        .stdout(std::fs::File::create(out.join("terminal.txt")).unwrap())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pgid_file = out.join("pgid.txt");
    let waited = std::time::Instant::now();
    while std::fs::read_to_string(&pgid_file).map_or(true, |s| s.trim().is_empty()) {
        assert!(waited.elapsed().as_secs() < 20, "the editor never started");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let args = std::fs::read_to_string(out.join("args.txt")).unwrap();
    let editor_env = std::fs::read_to_string(out.join("env.txt")).unwrap();
    let file = args.lines().last().unwrap().to_string();
    assert!(
        std::path::Path::new(&file).exists(),
        "the editor's file: {file}"
    );
    assert!(
        file.starts_with("/dev/shm/"),
        "in RAM, not in the disk-backed XDG_RUNTIME_DIR: {file}"
    );
    for flag in [
        "-n",
        "-i",
        "NONE",
        "--cmd",
        "set nobackup nowritebackup noundofile",
    ] {
        assert!(args.lines().any(|a| a == flag), "vim got {flag}: {args}");
    }
    assert!(!editor_env.contains("STEWARD_"), "{editor_env}");
    assert!(!editor_env.contains(PASS) && !editor_env.contains("another secret"));

    // The terminal closes: SIGHUP to its foreground process group.
    let pgid = std::fs::read_to_string(&pgid_file)
        .unwrap()
        .trim()
        .to_string();
    std::process::Command::new("kill")
        .args(["-s", "HUP", "--", &format!("-{pgid}")])
        .status()
        .unwrap();
    let _ = script.wait();
    let gone = std::time::Instant::now();
    while std::path::Path::new(&file).exists() && gone.elapsed().as_secs() < 10 {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(
        !std::path::Path::new(&file).exists(),
        "{file} was left behind"
    );
    let terminal = std::fs::read_to_string(out.join("terminal.txt")).unwrap_or_default();
    assert_eq!(env.count(), 0, "nothing was saved: {terminal}");
    assert!(terminal.contains("nothing was saved"), "{terminal}");
}
