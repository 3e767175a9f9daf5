//! Proptest-driven fuzzing of the restore parser (cargo-fuzz needs a nightly toolchain,
//! which this project does not use). Seeds: `tests/fuzz/backup/*.json`. Properties: the
//! parser never panics; it returns `Ok` or one of the backup errors; and a document that
//! verifies also imports into a fresh journal (verify never promises what restore cannot
//! keep).

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};
use steward_core::backup::verify_document;
use steward_core::Error;

use crate::util::*;

fn seeds() -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fuzz/backup");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let seeds: Vec<Vec<u8>> = files.iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert!(seeds.len() >= 3, "the committed corpus is there");
    seeds
}

#[derive(Debug, Clone)]
enum Mutation {
    Truncate(usize),
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Splice(usize, usize, usize),
    Token(usize, &'static str),
}

const TOKENS: &[&str] = &[
    "null",
    "-1",
    "0",
    "1e308",
    "18446744073709551616",
    "\"\"",
    "[]",
    "{}",
    "true",
    "\"2026-W53\"",
    "\"2025-W53\"",
    "\"not-a-uuid\"",
    "\"\\ud800\"",
    ",",
    "]",
    "}",
    "\"version\":2",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(i, v)| Mutation::Insert(i, v)),
        (any::<usize>(), any::<usize>(), 1usize..64)
            .prop_map(|(a, b, n)| Mutation::Splice(a, b, n)),
        (any::<usize>(), proptest::sample::select(TOKENS)).prop_map(|(i, t)| Mutation::Token(i, t)),
    ]
}

fn apply(doc: &mut Vec<u8>, m: &Mutation) {
    if doc.is_empty() {
        return;
    }
    let at = |i: usize, len: usize| i % (len + 1);
    match m {
        Mutation::Truncate(i) => doc.truncate(at(*i, doc.len())),
        Mutation::Flip(i, b) => {
            let i = i % doc.len();
            doc[i] ^= b | 1;
        }
        Mutation::Insert(i, bytes) => {
            let i = at(*i, doc.len());
            doc.splice(i..i, bytes.iter().copied());
        }
        Mutation::Splice(from, to, n) => {
            let from = from % doc.len();
            let n = (*n).min(doc.len() - from);
            let piece: Vec<u8> = doc[from..from + n].to_vec();
            let to = at(*to, doc.len());
            doc.splice(to..to, piece);
        }
        Mutation::Token(i, token) => {
            // Replace the value after a ':' near `i` with the token.
            let start = i % doc.len();
            if let Some(colon) = doc[start..].iter().position(|b| *b == b':') {
                let v = start + colon + 1;
                let end = doc[v..]
                    .iter()
                    .position(|b| matches!(b, b',' | b'}' | b']'))
                    .map_or(doc.len(), |e| v + e);
                doc.splice(v..end, token.bytes());
            }
        }
    }
}

fn fuzz_cases() -> u32 {
    std::env::var("STEWARD_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

#[test]
fn the_restore_parser_survives_mutated_backups() {
    let seeds = seeds();
    // Every seed is a good backup to begin with.
    for s in &seeds {
        verify_document(&s[..]).unwrap();
    }
    let mut runner = TestRunner::new(Config {
        cases: fuzz_cases(),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/core/fuzz.proptest-regressions"
        )))),
        ..Config::default()
    });
    let strategy = (0..seeds.len(), proptest::collection::vec(mutation(), 1..6));
    let verified = std::cell::Cell::new(0u32);
    runner
        .run(&strategy, |(seed, mutations)| {
            let mut doc = seeds[seed].clone();
            for m in &mutations {
                apply(&mut doc, m);
            }
            match verify_document(&doc[..]) {
                Ok(summary) => {
                    verified.set(verified.get() + 1);
                    // What verifies must import, with the same counts.
                    let t = new_vault();
                    let report = t.vault.backups().import_document(&doc[..]).map_err(|e| {
                        TestCaseError::fail(format!("verified but did not import: {e}"))
                    })?;
                    prop_assert_eq!(report.entries.added, summary.counts.entries);
                    prop_assert_eq!(report.reflections.added, summary.counts.reflections);
                }
                Err(
                    Error::NotABackup { .. }
                    | Error::BackupDamaged { .. }
                    | Error::BackupTooNew { .. },
                ) => {}
                Err(other) => {
                    return Err(TestCaseError::fail(format!(
                        "unexpected error kind: {other:?}"
                    )))
                }
            }
            Ok(())
        })
        .unwrap();
    eprintln!(
        "fuzz: {} cases, {} still valid backups",
        fuzz_cases(),
        verified.get()
    );
}
