//! Running `steward` as a child process in a private temp folder.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

pub const PASS: &str = "correct horse battery staple";

pub struct Env {
    pub dir: tempfile::TempDir,
    pub vault: PathBuf,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn ok(self) -> Self {
        assert_eq!(self.code, 0, "expected success; stderr: {}", self.stderr);
        self
    }

    #[track_caller]
    pub fn fails(self, code: i32, needle: &str) -> Self {
        assert_eq!(
            self.code, code,
            "exit code; stdout: {} stderr: {}",
            self.stdout, self.stderr
        );
        assert!(
            self.stderr.contains(needle),
            "stderr {:?} should contain {needle:?}",
            self.stderr
        );
        assert_eq!(
            self.stderr.trim_end().lines().count(),
            1,
            "one line on stderr: {:?}",
            self.stderr
        );
        assert!(self.stderr.starts_with("steward: "));
        self
    }

    /// Like [`Run::fails`], for commands that print a warning line before failing.
    pub fn fails_after_warning(self, code: i32, needle: &str) -> Self {
        assert_eq!(self.code, code, "stderr: {}", self.stderr);
        let last = self.stderr.lines().last().unwrap_or("");
        assert!(
            last.contains(needle),
            "last stderr line {last:?} should contain {needle:?}"
        );
        self
    }

    /// The titles of a `--json` list or search, in order.
    pub fn titles(&self) -> Vec<String> {
        self.json()
            .as_array()
            .expect("a JSON array of entries")
            .iter()
            .map(|e| e["title"].as_str().unwrap().to_string())
            .collect()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

impl Env {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("journal.steward");
        Env { dir, vault }
    }

    /// A new env with an initialised journal (fast KDF).
    pub fn init() -> Self {
        let env = Env::new();
        env.init_json();
        env
    }

    /// Runs `init --json` with the cheapest KDF the CLI accepts; returns its output.
    pub fn init_json(&self) -> serde_json::Value {
        self.cmd(&[
            "init",
            "--json",
            "--kdf-memory-mib",
            "8",
            "--kdf-iterations",
            "1",
        ])
        .run()
        .ok()
        .json()
    }

    pub fn cmd(&self, args: &[&str]) -> Cmd {
        Cmd {
            args: args.iter().map(|s| s.to_string()).collect(),
            envs: vec![
                ("STEWARD_VAULT".into(), self.vault.display().to_string()),
                ("STEWARD_PASSPHRASE".into(), PASS.into()),
                ("TZ".into(), "UTC".into()),
                ("HOME".into(), self.dir.path().display().to_string()),
            ],
            removed: vec![],
            stdin: Vec::new(),
        }
    }

    /// How many entries `list` shows.
    pub fn count(&self) -> usize {
        self.cmd(&["list", "--json"])
            .run()
            .ok()
            .json()
            .as_array()
            .unwrap()
            .len()
    }

    /// Saves an entry and returns its id.
    pub fn add(&self, title: &str, body: &str, extra: &[&str]) -> String {
        let mut args = vec!["add", "--json", "--title", title];
        args.extend_from_slice(extra);
        self.cmd(&args).stdin(body).run().ok().json()["id"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

pub struct Cmd {
    args: Vec<String>,
    envs: Vec<(String, String)>,
    removed: Vec<String>,
    stdin: Vec<u8>,
}

impl Cmd {
    pub fn stdin(mut self, s: &str) -> Self {
        self.stdin = s.as_bytes().to_vec();
        self
    }

    pub fn arg(mut self, a: &str) -> Self {
        self.args.push(a.into());
        self
    }

    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.envs.retain(|(key, _)| key != k);
        self.envs.push((k.into(), v.into()));
        self
    }

    pub fn env_remove(mut self, k: &str) -> Self {
        self.envs.retain(|(key, _)| key != k);
        self.removed.push(k.into());
        self
    }

    pub fn run(self) -> Run {
        // setsid: no controlling terminal, so the CLI can never fall back to a prompt.
        let mut cmd = Command::new("setsid");
        cmd.arg("--wait")
            .arg(env!("CARGO_BIN_EXE_steward"))
            .args(&self.args);
        for k in [
            "STEWARD_VAULT",
            "STEWARD_PASSPHRASE",
            "STEWARD_NEW_PASSPHRASE",
            "STEWARD_RECOVERY_KEY",
            "STEWARD_BACKUP_PASSPHRASE",
            "EDITOR",
            "VISUAL",
        ] {
            cmd.env_remove(k);
        }
        for (k, v) in &self.envs {
            cmd.env(k, v);
        }
        for k in &self.removed {
            cmd.env_remove(k);
        }
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("setsid and steward run");
        let mut stdin = child.stdin.take().unwrap();
        let input = self.stdin.clone();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
        let Output {
            status,
            stdout,
            stderr,
        } = child.wait_with_output().unwrap();
        writer.join().unwrap();
        Run {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
        }
    }
}

/// Runs `script` with `sh -c` in a private mount namespace (as root, or in a user namespace
/// that maps this user to root), so it can mount a small tmpfs that nothing else sees.
pub fn in_private_mounts(script: &str) -> std::process::Output {
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0\n"))
        .unwrap_or(false);
    let unshare: &[&str] = if is_root { &["-m"] } else { &["-r", "-m"] };
    std::process::Command::new("unshare")
        .args(unshare)
        .args(["sh", "-c", script])
        .output()
        .unwrap()
}
