//! Crash safety: a child process saves entries in a loop and is killed with SIGKILL at
//! random moments, 24 times. After each kill the vault opens, `PRAGMA integrity_check`
//! is ok, and every entry whose save had returned (and was reported) is there.
//!
//! The child is this test binary itself, re-run with `STEWARD_CRASH_CHILD` set: it runs
//! the ignored test `crash::child_saves_entries_forever`, which prints each saved id.

use std::io::BufRead;
use std::process::{Command, Stdio};
use std::time::Duration;

use steward_core::Vault;

use crate::util::*;

#[test]
#[ignore = "helper: run by crash_safety_under_sigkill as a child process"]
fn child_saves_entries_forever() {
    let Ok(path) = std::env::var("STEWARD_CRASH_CHILD") else {
        return;
    };
    let vault = Vault::unlock(std::path::Path::new(&path), &secret(PASS)).unwrap();
    let mut out = std::io::stdout().lock();
    for i in 0.. {
        let e = vault
            .entries()
            .add(entry(
                &format!("crash {i}"),
                &"lorem ipsum ".repeat(40 + i % 200),
                &["crash"],
            ))
            .unwrap();
        use std::io::Write;
        writeln!(out, "saved {}", e.id).unwrap();
        out.flush().unwrap();
        if i % 7 == 0 {
            // Mix in updates and deletes so the kill can land in any kind of write.
            let _ = vault.entries().update(
                &e.id,
                steward_core::EntryUpdate {
                    body: Some("changed".into()),
                    ..Default::default()
                },
                None,
            );
        }
    }
}

fn rand_below(n: u64) -> u64 {
    let mut b = [0u8; 8];
    use std::io::Read;
    std::fs::File::open("/dev/urandom")
        .unwrap()
        .read_exact(&mut b)
        .unwrap();
    u64::from_le_bytes(b) % n
}

#[test]
fn crash_safety_under_sigkill() {
    let t = new_vault();
    let path = t.path.clone();
    drop(t.vault);
    let exe = std::env::current_exe().unwrap();
    let mut confirmed: Vec<String> = Vec::new();
    for round in 0..24 {
        let mut child = Command::new(&exe)
            .args([
                "crash::child_saves_entries_forever",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("STEWARD_CRASH_CHILD", &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut ids = Vec::new();
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(id) = line.strip_prefix("saved ") {
                    ids.push(id.to_string());
                }
            }
            ids
        });
        // Let the child get going (unlock takes a moment), then kill it at a random moment.
        std::thread::sleep(Duration::from_millis(60 + rand_below(250)));
        sigkill(child.id());
        let status = child.wait().unwrap();
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            status.signal(),
            Some(9),
            "round {round}: the child must die by SIGKILL, not finish"
        );
        let ids = reader.join().unwrap();
        confirmed.extend(ids);

        let vault = Vault::unlock(&path, &secret(PASS)).unwrap();
        let integrity: String = vault
            .connection_for_tests()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok", "round {round}");
        let listing = vault.entries().list(&Default::default()).unwrap();
        assert!(
            listing.damaged.is_empty(),
            "round {round}: damaged {:?}",
            listing.damaged
        );
        let present: std::collections::HashSet<&str> =
            listing.entries.iter().map(|e| e.id.as_str()).collect();
        for id in &confirmed {
            assert!(
                present.contains(id.as_str()),
                "round {round}: entry {id} was reported saved but is gone"
            );
        }
    }
    assert!(
        confirmed.len() >= 24,
        "the children saved something before being killed ({})",
        confirmed.len()
    );
}

fn sigkill(pid: u32) {
    let status = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}
