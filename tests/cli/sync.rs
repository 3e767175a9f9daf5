//! `steward sync` from the command line: setup, join, now, status, conflicts and resolve,
//! a passphrase change reaching the other computer (exit 9 until the new one is typed),
//! bad folders with their exit codes; and one run with two real Syncthing instances
//! (Debian's 1.19) carrying the folder between two journals over 127.0.0.1 only.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::*;

/// A second computer: its own home and journal path (not created yet).
fn second() -> Env {
    Env::new()
}

#[test]
fn two_journals_sync_edit_on_both_and_settle_a_clash_from_the_terminal() {
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().to_str().unwrap();
    let a = Env::init();
    let id = a.add("Offsite", "We met.\n", &[]);
    a.cmd(&["sync", "setup", "--folder", folder]).run().ok();
    let b = second();
    let joined = b
        .cmd(&[
            "sync",
            "join",
            "--folder",
            folder,
            "--into",
            b.vault.to_str().unwrap(),
            "--json",
        ])
        .run()
        .ok()
        .json();
    assert_eq!(joined["received"], 1);
    assert_eq!(b.count(), 1);

    // Overlapping edits: one entry stays, the other version waits for a choice.
    a.cmd(&["edit", &id[..8]])
        .stdin("We met and I listened.\n")
        .run()
        .ok();
    std::thread::sleep(Duration::from_millis(5));
    b.cmd(&["edit", &id[..8]])
        .stdin("We met and I talked.\n")
        .run()
        .ok();
    for env in [&a, &b, &a, &b] {
        env.cmd(&["sync", "now"]).run().ok();
    }
    let status = b.cmd(&["sync", "status", "--json"]).run().ok().json();
    assert_eq!(status["devices"].as_array().unwrap().len(), 2);
    assert_eq!(status["conflicts"].as_array().unwrap().len(), 1);
    let text = b.cmd(&["sync", "conflicts"]).run().ok().stdout;
    assert!(text.contains("edited on two computers"), "{text}");
    assert!(text.contains("We met and I listened."), "{text}");
    b.cmd(&["sync", "resolve", &id[..8], "--keep", "other"])
        .run()
        .ok();
    a.cmd(&["sync", "now"]).run().ok();
    for env in [&a, &b] {
        let shown = env.cmd(&["show", &id[..8], "--json"]).run().ok().json();
        assert_eq!(shown["body"], "We met and I listened.");
        let s = env.cmd(&["sync", "status", "--json"]).run().ok().json();
        assert!(s["conflicts"].as_array().unwrap().is_empty());
    }
    b.cmd(&["sync", "resolve", "ffff0000", "--keep", "this"])
        .run()
        .fails(6, "no edit on two computers with id ffff0000");
}

#[test]
fn a_passphrase_change_stops_the_other_computer_until_it_types_the_new_one() {
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().to_str().unwrap();
    let a = Env::init();
    a.cmd(&["sync", "setup", "--folder", folder]).run().ok();
    let b = second();
    b.cmd(&["sync", "join", "--folder", folder, "--into"])
        .run_with_path(&b.vault)
        .ok();
    let new = "an entirely new passphrase";
    a.cmd(&["passwd"])
        .env("STEWARD_NEW_PASSPHRASE", new)
        .run()
        .ok();
    a.cmd(&["sync", "now"])
        .env("STEWARD_PASSPHRASE", new)
        .run()
        .ok();
    b.cmd(&["sync", "now"])
        .run()
        .fails_after_warning(9, "passphrase was changed on another computer");
    b.cmd(&["sync", "now"])
        .env("STEWARD_NEW_PASSPHRASE", PASS)
        .run()
        .fails_after_warning(3, "wrong passphrase");
    b.cmd(&["sync", "now"])
        .env("STEWARD_NEW_PASSPHRASE", new)
        .run()
        .ok();
    b.cmd(&["list"]).run().fails(3, "wrong passphrase");
    b.cmd(&["list"]).env("STEWARD_PASSPHRASE", new).run().ok();
}

#[test]
fn bad_folders_and_journals_that_do_not_sync_get_their_exit_codes() {
    let a = Env::init();
    a.cmd(&["sync", "now"]).run().fails(6, "does not sync");
    a.cmd(&["sync", "status"]).run().fails(6, "does not sync");
    let gone = a.dir.path().join("nowhere");
    a.cmd(&["sync", "setup", "--folder", gone.to_str().unwrap()])
        .run()
        .fails(6, "there is no folder there");
    let empty = tempfile::tempdir().unwrap();
    let b = second();
    b.cmd(&[
        "sync",
        "join",
        "--folder",
        empty.path().to_str().unwrap(),
        "--into",
    ])
    .run_with_path(&b.vault)
    .fails(6, "no journal syncs into this folder");
    a.cmd(&["sync", "setup", "--folder", empty.path().to_str().unwrap()])
        .run()
        .ok();
    a.cmd(&["sync", "setup", "--folder", empty.path().to_str().unwrap()])
        .run()
        .fails(7, "already syncs");
    b.cmd(&[
        "sync",
        "join",
        "--folder",
        empty.path().to_str().unwrap(),
        "--into",
    ])
    .env("STEWARD_PASSPHRASE", "not the passphrase at all")
    .run_with_path(&b.vault)
    .fails(3, "wrong passphrase");
    assert!(!b.vault.exists());
}

trait WithPath {
    fn run_with_path(self, path: &Path) -> Run;
}

impl WithPath for Cmd {
    fn run_with_path(self, path: &Path) -> Run {
        self.arg(path.to_str().unwrap()).run()
    }
}

/// A Syncthing instance, killed on drop.
struct Syncthing(Child);

impl Drop for Syncthing {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Generates a Syncthing home and returns its device id.
fn generate(home: &Path) -> String {
    let out = Command::new("syncthing")
        .args(["generate", "--home"])
        .arg(home)
        .env("STNODEFAULTFOLDER", "1")
        .env("HOME", home)
        .output()
        .expect("Debian's syncthing is installed by scripts/install-deps.sh");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    text.lines()
        .find_map(|l| l.split("Device ID: ").nth(1))
        .map(|id| id.trim().to_string())
        .unwrap_or_else(|| panic!("no device id in {text}"))
}

/// The whole configuration, written before the first start: this device listens on
/// 127.0.0.1 only and knows one peer at its loopback address; discovery, relays, NAT
/// traversal, usage reporting, crash reports, upgrades and the web GUI are all off.
fn configure(home: &Path, folder: &Path, me: &str, port: u16, peer: &str, peer_port: u16) {
    let config = format!(
        r#"<configuration version="36">
    <folder id="steward" label="steward" path="{folder}" type="sendreceive" rescanIntervalS="1" fsWatcherEnabled="true" fsWatcherDelayS="1">
        <device id="{me}"></device>
        <device id="{peer}"></device>
    </folder>
    <device id="{me}" name="me"><address>dynamic</address></device>
    <device id="{peer}" name="peer"><address>tcp://127.0.0.1:{peer_port}</address></device>
    <gui enabled="false" tls="false"><address>127.0.0.1:0</address></gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{port}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <urAccepted>-1</urAccepted>
        <urSeen>3</urSeen>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <crashReportingEnabled>false</crashReportingEnabled>
        <startBrowser>false</startBrowser>
        <announceLANAddresses>false</announceLANAddresses>
        <reconnectionIntervalS>1</reconnectionIntervalS>
    </options>
</configuration>
"#,
        folder = folder.display()
    );
    std::fs::write(home.join("config.xml"), config).unwrap();
    std::fs::create_dir_all(folder.join(".stfolder")).unwrap();
}

fn start(home: &Path) -> Syncthing {
    let log = std::fs::File::create(home.join("log.txt")).unwrap();
    Syncthing(
        Command::new("syncthing")
            .args([
                "serve",
                "--no-browser",
                "--no-restart",
                "--no-upgrade",
                "--home",
            ])
            .arg(home)
            .env("HOME", home)
            .env("STNOUPGRADE", "1")
            .env("STNODEFAULTFOLDER", "1")
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .spawn()
            .unwrap(),
    )
}

/// Waits (up to two minutes) for `ready`, printing the Syncthing logs if it never comes.
fn wait_for(what: &str, homes: &[&Path], mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(120) {
        if ready() {
            return;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    for h in homes {
        eprintln!(
            "--- {}:\n{}",
            h.display(),
            std::fs::read_to_string(h.join("log.txt")).unwrap_or_default()
        );
    }
    panic!("timed out waiting for {what}");
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_in(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn two_real_syncthing_instances_carry_the_folder_between_two_journals() {
    let root = tempfile::tempdir().unwrap();
    let (home_a, home_b) = (root.path().join("st-a"), root.path().join("st-b"));
    let (folder_a, folder_b) = (root.path().join("sync-a"), root.path().join("sync-b"));
    for d in [&home_a, &home_b, &folder_a, &folder_b] {
        std::fs::create_dir_all(d).unwrap();
    }
    let (id_a, id_b) = (generate(&home_a), generate(&home_b));
    let (port_a, port_b) = (free_port(), free_port());
    configure(&home_a, &folder_a, &id_a, port_a, &id_b, port_b);
    configure(&home_b, &folder_b, &id_b, port_b, &id_a, port_a);
    let _sa = start(&home_a);
    let _sb = start(&home_b);
    let homes = [home_a.as_path(), home_b.as_path()];

    let a = Env::init();
    let canary = format!("syncthingcanary{}", std::process::id());
    a.add("Written on the laptop", &canary, &[]);
    a.cmd(&["sync", "setup", "--folder", folder_a.to_str().unwrap()])
        .run()
        .ok();
    wait_for("the laptop's key ring on the desktop", &homes, || {
        files_in(&folder_b)
            .iter()
            .any(|p| p.file_name().is_some_and(|n| n == "keys"))
            && files_in(&folder_b).iter().any(|p| {
                p.extension()
                    .is_some_and(|e| e == "change" || e == "snapshot")
            })
    });
    let b = second();
    b.cmd(&[
        "sync",
        "join",
        "--folder",
        folder_b.to_str().unwrap(),
        "--into",
    ])
    .run_with_path(&b.vault)
    .ok();
    let listed = b.cmd(&["list", "--json"]).run().ok();
    assert_eq!(listed.titles(), vec!["Written on the laptop"]);

    b.add("Written on the desktop", "from b", &[]);
    b.cmd(&["sync", "now"]).run().ok();
    wait_for("the desktop's entry on the laptop", &homes, || {
        a.cmd(&["sync", "now"]).run().ok();
        a.count() == 2
    });
    // Nothing in either copy of the folder is plaintext.
    for f in files_in(&folder_a).into_iter().chain(files_in(&folder_b)) {
        let bytes = std::fs::read(&f).unwrap();
        assert!(
            !bytes.windows(canary.len()).any(|w| w == canary.as_bytes()),
            "plaintext in {}",
            f.display()
        );
    }
}

#[test]
fn another_computer_joins_with_the_recovery_key_and_its_own_passphrase() {
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().to_str().unwrap();
    let a = Env::new();
    let key = a.init_json()["recovery_key"].as_str().unwrap().to_string();
    a.add("From the first", "x", &[]);
    a.cmd(&["sync", "setup", "--folder", folder]).run().ok();
    let b = second();
    let own = "this computer's own passphrase";
    b.cmd(&[
        "sync",
        "join",
        "--recovery-key",
        "--folder",
        folder,
        "--into",
    ])
    .env("STEWARD_RECOVERY_KEY", &key)
    .env("STEWARD_NEW_PASSPHRASE", own)
    .run_with_path(&b.vault)
    .ok();
    let listed = b
        .cmd(&["list", "--json"])
        .env("STEWARD_PASSPHRASE", own)
        .run()
        .ok();
    assert_eq!(listed.titles(), vec!["From the first"]);
}
