//! Criterion benches of the engine on the shared corpus (`../shared/bench/gen_corpus.py`):
//! the KDF alone, open + unlock + load (KDF excluded), list, in-memory search, and saving
//! one entry beside a bare sealed-row insert. A second, hand-timed pass records tail
//! latencies (search p95, save p99 against the bare insert, interleaved) that criterion does
//! not report, into `$STEWARD_BENCH_OUT/latency.json`.
//!
//! Corpus files come from `STEWARD_BENCH_CORPUS` (a folder holding `corpus_<N>.jsonl`);
//! `STEWARD_BENCH_SIZES` picks the sizes (default `10000 50000`). `make bench` sets both.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion};
use steward_core::test_support::crypto::{DataKey, Purpose, RecordAad, RecordCipher};
use steward_core::{KdfParams, LockedVault, NewEntry, Query, RecoveryKey, SecretString, Vault};

/// Figures criterion does not report (tail latencies), by name.
type Report = serde_json::Map<String, serde_json::Value>;

const PASS: &str = "bench passphrase, long enough";

struct Fixture {
    size: usize,
    path: PathBuf,
    recovery: SecretString,
}

fn corpus_dir() -> PathBuf {
    std::env::var_os("STEWARD_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("bench-work/corpus"))
}

fn sizes() -> Vec<usize> {
    std::env::var("STEWARD_BENCH_SIZES")
        .unwrap_or_else(|_| "10000 50000".into())
        .split_whitespace()
        .map(|s| s.parse().expect("STEWARD_BENCH_SIZES holds numbers"))
        .collect()
}

fn build_fixture(dir: &Path, size: usize) -> Fixture {
    build_fixture_named(dir, size, &format!("bench_{size}.steward"))
}

/// A journal at `dir/name` holding the corpus of `size` entries.
fn build_fixture_named(dir: &Path, size: usize, name: &str) -> Fixture {
    let corpus = corpus_dir().join(format!("corpus_{size}.jsonl"));
    let file = std::fs::File::open(&corpus).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run `make bench`, which generates the corpus)",
            corpus.display()
        )
    });
    let entries = steward_core::import::parse_jsonl(std::io::BufReader::new(file))
        .unwrap()
        .entries;
    let path = dir.join(name);
    let fast = KdfParams::new(8 * 1024, 1, 1).unwrap();
    let (vault, recovery) =
        Vault::create(&path, &SecretString::from(PASS.to_string()), fast).unwrap();
    vault.imports().entries(entries).unwrap();
    Fixture {
        size,
        path,
        recovery: recovery.display(),
    }
}

fn unlock_without_kdf(f: &Fixture) -> Vault {
    let key = RecoveryKey::parse(&f.recovery).unwrap();
    LockedVault::open(&f.path)
        .unwrap()
        .unlock_with_recovery(&key)
        .unwrap()
}

fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort();
    let idx = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[idx].as_secs_f64() * 1000.0
}

/// A table shaped like `entries`, written with the same pragmas but without the engine:
/// the floor that "save an entry" is compared with.
fn bare_insert_setup(dir: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(dir.join("bare.sqlite")).unwrap();
    conn.execute_batch(
        "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;
         CREATE TABLE IF NOT EXISTS entries (id TEXT PRIMARY KEY, created_at TEXT, created_ms INTEGER,
           updated_at TEXT, kind TEXT, version INTEGER, sealed BLOB);
         CREATE INDEX IF NOT EXISTS by_created ON entries (created_ms DESC, id);",
    )
    .unwrap();
    conn
}

/// Seals a 160-byte payload and inserts it with the engine's pragmas but none of its code.
fn bare_sealed_insert(conn: &rusqlite::Connection, cipher: &RecordCipher, n: u64) {
    let id = uuid_like(n);
    let aad = RecordAad {
        table: "entries",
        id: &id,
        version: 1,
        meta: b"",
    };
    let sealed = cipher.seal(aad, &[b'x'; 160]).unwrap();
    conn.execute(
        "INSERT INTO entries VALUES (?1, '2026-01-01T00:00:00Z', ?2, '2026-01-01T00:00:00Z', 'entry', 1, ?3)",
        rusqlite::params![id, n as i64, sealed],
    )
    .unwrap();
}

fn uuid_like(n: u64) -> String {
    format!("{:016x}", n.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

fn bench_entry(i: u64) -> NewEntry {
    NewEntry {
        title: format!("Bench entry {i}"),
        body: "Bench entry. Today I practised saying no to a request and kept the trust of the team. @trust"
            .into(),
        tags: vec!["trust".into()],
        ..NewEntry::default()
    }
}

/// The KDF alone, at the default parameters and in one lane.
fn bench_kdf(c: &mut Criterion) {
    let mut g = c.benchmark_group("kdf");
    g.sample_size(10);
    let pass = SecretString::from(PASS.to_string());
    let params = KdfParams::default();
    g.bench_function("argon2id_m64MiB_t3_p4", |b| {
        b.iter(|| params.derive(&pass, &[7u8; 16]).unwrap())
    });
    // The same memory and passes in one lane: what each guess costs an attacker's core,
    // whichever lane count the vault uses.
    let one_lane = KdfParams::new(64 * 1024, 3, 1).unwrap();
    g.bench_function("argon2id_m64MiB_t3_p1", |b| {
        b.iter(|| one_lane.derive(&pass, &[7u8; 16]).unwrap())
    });
    g.finish();
}

/// Open + unlock (recovery key, so no KDF) + load the index.
fn bench_open_unlock_load(c: &mut Criterion, fixtures: &[Fixture]) {
    let mut g = c.benchmark_group("open_unlock_load_no_kdf");
    for f in fixtures {
        g.bench_with_input(BenchmarkId::from_parameter(f.size), f, |b, f| {
            b.iter(|| {
                let vault = unlock_without_kdf(f);
                let (index, damaged) = vault.entries().load_index().unwrap();
                assert!(damaged.is_empty());
                index.len()
            })
        });
    }
    g.finish();
}

/// Listing every entry.
fn bench_list(c: &mut Criterion, fixtures: &[Fixture]) {
    let mut g = c.benchmark_group("list_all");
    for f in fixtures {
        let vault = unlock_without_kdf(f);
        g.bench_with_input(BenchmarkId::from_parameter(f.size), &vault, |b, v| {
            b.iter(|| v.entries().list(&Default::default()).unwrap().entries.len())
        });
    }
    g.finish();
}

/// In-memory search, with its tail latency over a mix of queries into `report`.
fn bench_search(c: &mut Criterion, fixtures: &[Fixture], report: &mut Report) {
    let mut g = c.benchmark_group("search_in_memory");
    for f in fixtures {
        let vault = unlock_without_kdf(f);
        let (index, _) = vault.entries().load_index().unwrap();
        let q = Query::parse("quokkafire");
        assert_eq!(index.search(&q).len(), 1, "the marker is planted once");
        g.bench_with_input(BenchmarkId::from_parameter(f.size), &index, |b, idx| {
            b.iter(|| idx.search(&q).len())
        });
        // Tail latency over a mix of rare words, common words and a phrase, measured
        // here — before the save benches add entries to these vaults.
        let queries = [
            "quokkafire",
            "marzipanic",
            "trust",
            "obsidian ferryman",
            "heliotrope",
            "vellumoth",
            "Team Budget",
        ];
        let mut samples = Vec::new();
        let mut per_query: Vec<Vec<Duration>> = vec![Vec::new(); queries.len()];
        for _round in 0..60 {
            for (k, q) in queries.iter().enumerate() {
                let q = Query::parse(q);
                let t = Instant::now();
                std::hint::black_box(index.search(&q).len());
                let took = t.elapsed();
                samples.push(took);
                per_query[k].push(took);
            }
        }
        for (q, mut s) in queries.iter().zip(per_query) {
            let key = format!("search_{}_query_{}_p50_ms", f.size, q.replace(' ', "_"));
            report.insert(key, percentile(&mut s, 0.50).into());
            let key = format!("search_{}_query_{}_max_ms", f.size, q.replace(' ', "_"));
            report.insert(key, percentile(&mut s, 1.0).into());
        }
        let p50 = percentile(&mut samples, 0.50);
        let p95 = percentile(&mut samples, 0.95);
        report.insert(format!("search_{}_p50_ms", f.size), p50.into());
        report.insert(format!("search_{}_p95_ms", f.size), p95.into());
    }
    g.finish();
}

/// Saving one entry, beside a bare sealed-row insert.
fn bench_save(c: &mut Criterion, fixtures: &[Fixture], work: &Path) {
    let mut g = c.benchmark_group("save_entry");
    for f in fixtures {
        let vault = unlock_without_kdf(f);
        let mut i = 0u64;
        g.bench_with_input(BenchmarkId::new("engine", f.size), &vault, |b, v| {
            b.iter(|| {
                i += 1;
                v.entries().add(bench_entry(i)).unwrap()
            })
        });
    }
    let conn = bare_insert_setup(work);
    let cipher = DataKey::generate().unwrap().cipher(Purpose::Records);
    let mut n = 0u64;
    g.bench_function("bare_sealed_insert", |b| {
        b.iter(|| {
            n += 1;
            bare_sealed_insert(&conn, &cipher, 1_000_000 + n)
        })
    });
    g.finish();
}

/// Trends over ten years of generated history.
/// A vault at `path` holding the generated history of `weeks` weeks and `entries` entries.
fn history_vault(path: &Path, weeks: u32, entries: u32) -> Vault {
    let lines = steward_testdata::generate(&steward_testdata::HistorySpec {
        weeks,
        entries,
        ..Default::default()
    });
    let (vault, _) = Vault::create(
        path,
        &SecretString::from(PASS.to_string()),
        KdfParams::new(8 * 1024, 1, 1).unwrap(),
    )
    .unwrap();
    let batch =
        steward_core::import::parse_jsonl(steward_testdata::to_jsonl(&lines).as_bytes()).unwrap();
    vault.imports().save(batch).unwrap();
    vault
}

fn bench_trends_ten_years(c: &mut Criterion, work: &Path) {
    // Ten years of a leader's data: the generated history (≈ 520 reflections over 590
    // weeks, some missed) and 4,000 entries, imported into a real vault.
    let mut g = c.benchmark_group("trends_ten_years");
    let vault = history_vault(&work.join("trends.steward"), 590, 4000);
    let reflections = vault.reflections().list().unwrap();
    let relationships = vault.relationships().list().unwrap();
    let stats: Vec<steward_core::EntryStat> = vault
        .entries()
        .list(&Default::default())
        .unwrap()
        .entries
        .iter()
        .map(steward_core::EntryStat::of)
        .collect();
    println!(
        "trends fixture: {} reflections, {} entries",
        reflections.len(),
        stats.len()
    );
    let input = steward_core::trends::TrendsInput {
        reflections: &reflections,
        relationships: &relationships,
        entries: &stats,
        week_start: steward_core::WeekStart::Monday,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        since: reflections[0].week,
        from: None,
        to: None,
    };
    g.bench_function("compute_in_memory", |b| {
        b.iter(|| steward_core::trends::compute(&input))
    });
    let now = chrono::Utc::now();
    g.bench_function("with_reflections_from_vault", |b| {
        b.iter(|| vault.review().trends(&now, &stats, None, None).unwrap())
    });
    g.finish();
    bench_review_ten_years(c, &vault, &input);
}

/// A year's review over the same ten years, with 120 decisions (half of them reviewed):
/// the pure computation, and the app's call (reflections and relationships read and
/// decrypted from the vault, entries from memory).
fn bench_review_ten_years(
    c: &mut Criterion,
    vault: &Vault,
    input: &steward_core::trends::TrendsInput<'_>,
) {
    use steward_core::decisions::{AsExpected, Decision, DecisionOutcome, NewDecision};
    let day = |i: i64| {
        chrono::NaiveDate::from_ymd_opt(2017, 1, 10).unwrap() + chrono::Duration::days(i * 30)
    };
    for i in 0..120i64 {
        let taken = day(i);
        let outcome = (i % 2 == 0).then(|| DecisionOutcome {
            reviewed_on: taken + chrono::Duration::days(30),
            what_happened: "it went as it went".into(),
            as_expected: [AsExpected::Yes, AsExpected::Partly, AsExpected::No][(i % 3) as usize],
            would_repeat: String::new(),
        });
        let entry = vault
            .decisions()
            .add(NewDecision {
                title: format!("decision {i}"),
                decision: Decision {
                    situation: "a situation".into(),
                    options: String::new(),
                    expectation: "an expectation".into(),
                    confidence: 50 + (i % 5) as u8 * 10,
                    review_on: taken + chrono::Duration::days(30),
                    outcome: None,
                },
                notes: String::new(),
                tags: Vec::new(),
                people: Vec::new(),
                created_at: Some(taken.and_hms_opt(9, 0, 0).unwrap().and_utc().fixed_offset()),
            })
            .unwrap();
        if let Some(outcome) = outcome {
            vault.decisions().review(&entry.id, outcome, None).unwrap();
        }
    }
    let entries = vault.entries().list(&Default::default()).unwrap().entries;
    let year: steward_core::Period = "2025".parse().unwrap();
    let mut g = c.benchmark_group("review_ten_years");
    g.bench_function("compute_year_in_memory", |b| {
        b.iter(|| {
            let decisions = entries
                .iter()
                .filter_map(|e| e.decision.as_deref().map(|d| (e, d)));
            steward_core::lookback::period_review(year, input, decisions)
        })
    });
    let now = chrono::Utc::now();
    g.bench_function("year_with_reflections_from_vault", |b| {
        b.iter(|| {
            vault
                .look_back()
                .review(year, &now, entries.iter())
                .unwrap()
        })
    });
    g.bench_function("calibration", |b| {
        b.iter(|| {
            steward_core::lookback::calibration(
                entries.iter().filter_map(|e| e.decision.as_deref()),
            )
        })
    });
    g.finish();
}

/// The printable record of a year: 52 weekly reflections and 400 entries, laid out and
/// written as a PDF in memory (the file write is one `write_all`).
fn bench_record_pdf(c: &mut Criterion, work: &Path) {
    let vault = history_vault(&work.join("record.steward"), 52, 400);
    let entries = vault.entries().list(&Default::default()).unwrap().entries;
    let entries: Vec<&steward_core::Entry> = entries.iter().collect();
    let today = chrono::Utc::now().date_naive();
    let words = steward_core::printable::RecordWords::default();
    let mut g = c.benchmark_group("record_pdf");
    g.sample_size(10);
    for (name, initials) in [
        ("year_52_reflections_400_entries", false),
        ("same_with_initials", true),
    ] {
        let request = steward_core::printable::RecordRequest {
            initials,
            ..Default::default()
        };
        let (pdf, counts) = vault
            .exports()
            .pdf_bytes(&request, &words, today, &entries)
            .unwrap();
        println!("record fixture ({name}): {} bytes, {counts:?}", pdf.len());
        g.bench_function(name, |b| {
            b.iter(|| {
                vault
                    .exports()
                    .pdf_bytes(&request, &words, today, &entries)
                    .unwrap()
            })
        });
    }
    g.finish();
}

/// The app's Trends screen on a big journal.
fn bench_trends_session(c: &mut Criterion, fixtures: &[Fixture]) {
    // What the app's Trends screen costs on a big journal: every entry's words counted
    // from the unlocked session's memory, plus the (here empty) reflections.
    let mut g = c.benchmark_group("trends_session_entries");
    for f in fixtures {
        let mut session = steward_core::Session::open(unlock_without_kdf(f)).unwrap();
        let now = chrono::Utc::now();
        // The first call after unlocking (or after a change) counts every entry's words.
        g.bench_function(BenchmarkId::new("first", f.size), |b| {
            b.iter_batched_ref(
                || steward_core::Session::open(unlock_without_kdf(f)).unwrap(),
                |s| s.trends(&now, None, None).unwrap(),
                criterion::BatchSize::LargeInput,
            )
        });
        g.bench_function(BenchmarkId::new("again", f.size), |b| {
            b.iter(|| session.trends(&now, None, None).unwrap())
        });
    }
    g.finish();
}

fn main() {
    let work = tempfile::tempdir().unwrap();
    let fixtures: Vec<Fixture> = sizes()
        .into_iter()
        .map(|n| build_fixture(work.path(), n))
        .collect();
    let mut c = Criterion::default().configure_from_args().sample_size(20);
    // Figures criterion does not give (tail latencies), written to latency.json at the end.
    let mut report = Report::new();

    bench_kdf(&mut c);
    bench_open_unlock_load(&mut c, &fixtures);
    bench_list(&mut c, &fixtures);
    bench_search(&mut c, &fixtures, &mut report);
    bench_save(&mut c, &fixtures, work.path());
    bench_trends_ten_years(&mut c, work.path());
    bench_trends_session(&mut c, &fixtures);
    bench_record_pdf(&mut c, work.path());
    bench_sync(&mut c, &fixtures, work.path(), &mut report);
    bench_rotate_keys(&mut c, &fixtures);
    c.final_summary();

    save_tails(&fixtures, work.path(), &mut report);
    write_report(report);
}

/// A passphrase change with key rotation: every record re-sealed under a new data key in
/// one transaction, both slots rewritten, the WAL truncated. The fixtures' slots use an
/// 8 MiB, one-pass KDF, benched alone beside it so the rotation's cost beyond the KDF is
/// the difference. The recovery key is kept, so the fixtures still open without a KDF.
fn bench_rotate_keys(c: &mut Criterion, fixtures: &[Fixture]) {
    let mut g = c.benchmark_group("rotate_keys");
    g.sample_size(10);
    let fast = KdfParams::new(8 * 1024, 1, 1).unwrap();
    let pass = SecretString::from(PASS.to_string());
    g.bench_function("kdf_m8MiB_t1_p1", |b| {
        b.iter(|| fast.derive(&pass, &[7u8; 16]).unwrap())
    });
    for f in fixtures {
        let mut vault = unlock_without_kdf(f);
        let key = RecoveryKey::parse(&f.recovery).unwrap();
        g.bench_function(BenchmarkId::from_parameter(f.size), |b| {
            b.iter(|| {
                let keep = steward_core::RecoveryChoice::Keep(&key);
                vault.rotate_keys(&pass, keep, fast).unwrap().records
            })
        });
    }
    g.finish();
}

/// Save latency tails, interleaved so both sides see the same disk and machine noise.
fn save_tails(fixtures: &[Fixture], work: &Path, report: &mut Report) {
    for f in fixtures {
        let vault = unlock_without_kdf(f);
        let conn = bare_insert_setup(work);
        let cipher = DataKey::generate().unwrap().cipher(Purpose::Records);
        let (mut saves, mut bares) = (Vec::new(), Vec::new());
        for i in 0..400u64 {
            let t = Instant::now();
            vault.entries().add(bench_entry(10_000_000 + i)).unwrap();
            saves.push(t.elapsed());
            let t = Instant::now();
            bare_sealed_insert(&conn, &cipher, (f.size as u64) * 1000 + 5_000_000 + i);
            bares.push(t.elapsed());
        }
        report.insert(
            format!("save_{}_p50_ms", f.size),
            percentile(&mut saves, 0.50).into(),
        );
        report.insert(
            format!("save_{}_p99_ms", f.size),
            percentile(&mut saves, 0.99).into(),
        );
        report.insert(
            format!("bare_insert_{}_p50_ms", f.size),
            percentile(&mut bares, 0.50).into(),
        );
        report.insert(
            format!("bare_insert_{}_p99_ms", f.size),
            percentile(&mut bares, 0.99).into(),
        );
    }
}

/// Writes the figures criterion does not give to `latency.json`.
fn write_report(report: Report) {
    let out = std::env::var_os("STEWARD_BENCH_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            // The workspace's target dir, not the crate folder cargo runs benches in.
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../target/steward-bench"
            ))
        });
    std::fs::create_dir_all(&out).unwrap();
    let json = serde_json::to_string_pretty(&serde_json::Value::Object(report)).unwrap();
    std::fs::write(out.join("latency.json"), &json).unwrap();
    println!("latency: {json}");
}

/// Sync through a folder with the 10k fixture on two computers: joining it (the KDF of the
/// fixture's slot is 8 MiB, t = 1, benched beside it in `rotate_keys`), and a round on each
/// side when one computer changed 100 entries (the sender writes them, the receiver reads
/// and merges them).
fn bench_sync(c: &mut Criterion, fixtures: &[Fixture], work: &Path, report: &mut Report) {
    if !fixtures.iter().any(|f| f.size == 10_000) {
        return;
    }
    // A journal of its own, holding exactly the 10k corpus (the save benches have added
    // thousands of entries to the shared fixture by now).
    let f = &build_fixture_named(work, 10_000, "sync-a.steward");
    let mut g = c.benchmark_group("sync_10000");
    g.sample_size(10);
    let a_path = f.path.clone();
    let key = RecoveryKey::parse(&f.recovery).unwrap();
    let a = LockedVault::open(&a_path)
        .unwrap()
        .unlock_with_recovery(&key)
        .unwrap();
    let folder = work.join("sync-folder");
    std::fs::create_dir_all(&folder).unwrap();
    a.sync().setup(&folder).unwrap();
    let pass = SecretString::from(PASS.to_string());
    let mut n = 0u32;
    g.bench_function("join", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                n += 1;
                let into = work.join(format!("sync-join-{n}.steward"));
                let t = Instant::now();
                let (vault, _) = steward_core::sync::join(&folder, &into, &pass).unwrap();
                total += t.elapsed();
                // Not joined for good: its folder would be read by every later round.
                let dir = folder.join(vault.sync().status().unwrap().device);
                vault.sync().stop().unwrap();
                drop(vault);
                let _ = std::fs::remove_dir_all(dir);
                let _ = std::fs::remove_file(&into);
            }
            total
        })
    });
    let b_vault = steward_core::sync::join(&folder, &work.join("sync-b.steward"), &pass)
        .unwrap()
        .0;
    let ids: Vec<String> = a
        .entries()
        .list(&Default::default())
        .unwrap()
        .entries
        .into_iter()
        .take(100)
        .map(|e| e.id)
        .collect();
    let mut round = 0u64;
    let mut change_100 = |v: &Vault| {
        round += 1;
        for id in &ids {
            let update = steward_core::EntryUpdate {
                body: Some(format!("changed in round {round}")),
                ..Default::default()
            };
            v.entries().update(id, update, None).unwrap();
        }
    };
    g.bench_function("send_100_changes", |b| {
        b.iter_batched(
            || change_100(&a),
            |()| a.sync().now().unwrap(),
            criterion::BatchSize::PerIteration,
        )
    });
    g.bench_function("receive_100_changes", |b| {
        b.iter_batched(
            || {
                change_100(&a);
                a.sync().now().unwrap();
            },
            |()| b_vault.sync().now().unwrap(),
            criterion::BatchSize::PerIteration,
        )
    });
    g.finish();
    search_during_sync(&a, &b_vault, &ids, report);
}

/// The app's search p95 (the session's in-memory index of A) idle, then while rounds run on
/// a second handle of A beside it (B changes 100 entries and sends them; A receives them),
/// as the app's background sync does — interleaved in time, same queries.
fn search_during_sync(a: &Vault, b: &Vault, ids: &[String], report: &mut Report) {
    let (index, _) = a.entries().load_index().unwrap();
    let queries = ["quokkafire", "trust", "obsidian ferryman", "vellumoth"];
    let measure = |samples: &mut Vec<Duration>| {
        for q in queries {
            let q = Query::parse(q);
            let t = Instant::now();
            std::hint::black_box(index.search(&q).len());
            samples.push(t.elapsed());
        }
    };
    let mut idle = Vec::new();
    for _ in 0..100 {
        measure(&mut idle);
        std::thread::sleep(Duration::from_millis(2));
    }
    // B's changes are made first; a second handle of A, moved to the round's thread,
    // receives them (as the app's background round does).
    let rounds = 6;
    let mut busy = Vec::new();
    for r in 0..rounds {
        for id in ids {
            let update = steward_core::EntryUpdate {
                body: Some(format!("changed for the search bench, round {r}")),
                ..Default::default()
            };
            b.entries().update(id, update, None).unwrap();
        }
        b.sync().now().unwrap();
        let done = std::sync::atomic::AtomicBool::new(false);
        let handle = a.second_handle().unwrap();
        let done = &done;
        std::thread::scope(|scope| {
            scope.spawn(move || {
                // As the app runs its rounds: at the lowest CPU priority.
                #[cfg(target_os = "linux")]
                let _ = rustix::process::setpriority_process(None, 19);
                handle.sync().now().unwrap();
                done.store(true, std::sync::atomic::Ordering::SeqCst);
            });
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                measure(&mut busy);
            }
        });
    }
    report.insert(
        "sync_search_idle_p95_ms".into(),
        percentile(&mut idle, 0.95).into(),
    );
    report.insert(
        "sync_search_during_p95_ms".into(),
        percentile(&mut busy, 0.95).into(),
    );
    report.insert("sync_search_during_samples".into(), busy.len().into());
}
