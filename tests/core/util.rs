//! Helpers shared by the core suites: temp vaults with a fast (but valid) KDF.

use std::path::PathBuf;

use steward_core::{KdfParams, NewEntry, RecoveryKey, SecretString, Vault};

/// The cheapest KDF the engine accepts (8 MiB, t=1): keeps tests fast.
pub fn fast_kdf() -> KdfParams {
    KdfParams::new(8 * 1024, 1, 1).unwrap()
}

pub fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_string())
}

pub const PASS: &str = "correct horse battery staple";

pub struct TestVault {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub vault: Vault,
    pub recovery: RecoveryKey,
}

pub fn new_vault() -> TestVault {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.steward");
    let (vault, recovery) = Vault::create(&path, &secret(PASS), fast_kdf()).unwrap();
    TestVault {
        dir,
        path,
        vault,
        recovery,
    }
}

pub fn entry(title: &str, body: &str, tags: &[&str]) -> NewEntry {
    NewEntry {
        title: title.into(),
        body: body.into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        ..NewEntry::default()
    }
}

pub fn at(rfc3339: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    Some(chrono::DateTime::parse_from_rfc3339(rfc3339).unwrap())
}

/// A random lowercase word that occurs nowhere else.
pub fn canary(prefix: &str) -> String {
    format!("{prefix}{}", uuid_like())
}

fn uuid_like() -> String {
    let mut b = [0u8; 8];
    getrandom(&mut b);
    b.iter().map(|x| (b'a' + x % 26) as char).collect()
}

fn getrandom(buf: &mut [u8]) {
    use std::io::Read;
    std::fs::File::open("/dev/urandom")
        .unwrap()
        .read_exact(buf)
        .unwrap();
}

/// Every regular file under `dir` (recursively).
pub fn files_under(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.flatten() {
        let p = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            out.extend(files_under(&p));
        } else if ft.is_file() {
            out.push(p);
        }
    }
    out
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}
