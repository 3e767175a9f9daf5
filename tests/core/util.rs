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

// Reflections and relationships built by hand (the trends and looking-back suites).

use chrono::NaiveDate;
use steward_core::reflections::{
    Deposit, Eroder, FollowUpStatus, Rating, StepType, StrengthSource,
};
use steward_core::{Answers, Reflection, Relationship, Week};

pub fn w(name: &str) -> Week {
    name.parse().unwrap()
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn rel(id: &str, name: &str) -> Relationship {
    Relationship {
        id: id.into(),
        name: name.into(),
        archived: false,
        notes: String::new(),
        created_at: chrono::DateTime::UNIX_EPOCH,
        updated_at: chrono::DateTime::UNIX_EPOCH,
        version: 1,
    }
}

pub struct Spec<'a> {
    pub week: &'a str,
    pub finished: bool,
    pub source: Option<StrengthSource>,
    pub who: Option<&'a str>,
    pub ratings: (u8, u8),
    pub step: Option<StepType>,
    pub follow_up: Option<FollowUpStatus>,
    pub deposits: Vec<Deposit>,
    pub withdrawals: Vec<Eroder>,
    pub causes: Vec<Eroder>,
}

pub fn reflection(s: Spec<'_>) -> Reflection {
    let mut a = Answers {
        strength_source: s.source,
        lost_trust_causes: s.causes,
        ..Answers::default()
    };
    a.exercise.relationship = s.who.map(str::to_string);
    if s.who.is_some() {
        a.exercise.authority = Rating::new(s.ratings.0);
        a.exercise.trust = Rating::new(s.ratings.1);
    }
    a.exercise.step_type = s.step;
    a.exercise.step = if s.step.is_some() {
        format!("a step in {}", s.week)
    } else {
        String::new()
    };
    a.follow_up.status = s.follow_up;
    a.trust_account.deposits = s.deposits;
    a.trust_account.withdrawals = s.withdrawals;
    Reflection {
        id: s.week.into(),
        week: w(s.week),
        created_at: chrono::DateTime::UNIX_EPOCH,
        updated_at: chrono::DateTime::UNIX_EPOCH,
        completed_at: s.finished.then(|| "2026-11-01T00:00:00Z".parse().unwrap()),
        version: 1,
        answers: a,
    }
}
