//! No plaintext at rest: canary words planted in titles, bodies, tags, settings,
//! relationship names (also renamed) and reflection answers never
//! appear in any file the engine wrote — the database, its -wal and -shm, anything else in
//! the vault's folder, or the temp folder — while open and after closing.

use steward_core::{EntryUpdate, Vault};

use crate::util::*;

fn scan(
    dirs: &[&std::path::Path],
    canaries: &[String],
    since: std::time::SystemTime,
) -> Vec<String> {
    let mut hits = Vec::new();
    let mut scanned = 0;
    for dir in dirs {
        for path in files_under(dir) {
            // The vault's own folder is scanned whole; in the shared temp folder only what
            // changed while the test ran can be ours.
            let recent = std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .map(|m| m >= since)
                .unwrap_or(true);
            if !recent && !path.starts_with(dirs[0]) {
                continue;
            }
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            scanned += 1;
            for c in canaries {
                // Both the plain UTF-8 and a UTF-16 spelling, in case anything wide is written.
                let utf16: Vec<u8> = c.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
                if contains(&bytes, c.as_bytes()) || contains(&bytes, &utf16) {
                    hits.push(format!("{c} in {}", path.display()));
                }
            }
        }
    }
    assert!(scanned > 0, "the scan must have looked at files");
    hits
}

#[test]
fn canaries_never_reach_the_disk() {
    let since = std::time::SystemTime::now() - std::time::Duration::from_secs(2);
    let title = canary("titlecanary");
    let body = canary("bodycanary");
    let tag = canary("tagcanary");
    let edited = canary("editcanary");
    let deleted = canary("deletedcanary");
    let setting = canary("settingcanary");
    let person = canary("personcanary");
    let renamed = canary("renamedcanary");
    let answer = canary("answercanary");
    let all = vec![
        person.clone(),
        renamed.clone(),
        answer.clone(),
        title.clone(),
        body.clone(),
        tag.clone(),
        edited.clone(),
        deleted.clone(),
        setting.clone(),
    ];

    let t = new_vault();
    let files_dir = t.dir.path().to_path_buf();
    let tmp = std::env::temp_dir();
    let a = t
        .vault
        .entries()
        .add(entry(
            &format!("A {title}"),
            &format!("Body {body} end"),
            &[&tag],
        ))
        .unwrap();
    let gone = t
        .vault
        .entries()
        .add(entry("to delete", &format!("secret {deleted}"), &[]))
        .unwrap();
    for i in 0..50 {
        t.vault
            .entries()
            .add(entry(
                &format!("filler {i}"),
                &format!("{body} filler {i}"),
                &[&tag],
            ))
            .unwrap();
    }
    t.vault
        .entries()
        .update(
            &a.id,
            EntryUpdate {
                body: Some(format!("Now {edited}")),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    t.vault.entries().delete(&gone.id).unwrap();
    t.vault
        .set_setting("note", &serde_json::json!(setting))
        .unwrap();
    let rel = t
        .vault
        .relationships()
        .create(&format!("Dana {person}"))
        .unwrap();
    let mut answers = steward_core::Answers {
        lost_trust: format!("when {answer} happened"),
        ..Default::default()
    };
    answers.exercise.relationship = Some(rel.id.clone());
    answers.exercise.step = format!("step {answer}");
    let this_week = steward_core::Week::of_iso(chrono::Local::now().date_naive());
    t.vault
        .reflections()
        .save(this_week, answers, None, this_week)
        .unwrap();
    t.vault
        .relationships()
        .rename(&rel.id, &format!("Dana {renamed}"))
        .unwrap();
    let (index, _) = t.vault.entries().load_index().unwrap();
    assert_eq!(index.search(&steward_core::Query::parse(&edited)).len(), 1);

    // While open: the WAL and SHM exist and hold only ciphertext.
    let names: Vec<String> = std::fs::read_dir(&files_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().any(|n| n.ends_with("-wal")),
        "the WAL is there to be scanned: {names:?}"
    );
    let hits = scan(&[&files_dir, &tmp], &all, since);
    assert!(hits.is_empty(), "plaintext on disk while open: {hits:?}");

    drop(index);
    drop(t.vault);
    let hits = scan(&[&files_dir, &tmp], &all, since);
    assert!(hits.is_empty(), "plaintext on disk after closing: {hits:?}");

    // The scan itself can find a canary (a test that cannot fail is a defect).
    std::fs::write(files_dir.join("probe.txt"), format!("x {title} y")).unwrap();
    assert_eq!(scan(&[&files_dir], &all, since).len(), 1);
    std::fs::remove_file(files_dir.join("probe.txt")).unwrap();

    // And the data is all there.
    let vault = Vault::unlock(&t.path, &secret(PASS)).unwrap();
    assert_eq!(vault.entries().count().unwrap(), 51);
    assert_eq!(
        vault.entries().get(&a.id).unwrap().body,
        format!("Now {edited}")
    );
}

#[test]
fn vault_files_are_private_to_the_owner() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/journal.steward");
    let (v, _) = Vault::create(&path, &secret(PASS), fast_kdf()).unwrap();
    v.entries().add(entry("x", "y", &[])).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let dmode = std::fs::metadata(path.parent().unwrap())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(dmode, 0o700);
}

/// The modes of `path` and its `-wal` and `-shm`, those that exist.
fn modes(path: &std::path::Path) -> Vec<(String, u32)> {
    use std::os::unix::fs::PermissionsExt;
    ["", "-wal", "-shm"]
        .iter()
        .filter_map(|ext| {
            let file = format!("{}{ext}", path.display());
            let mode = std::fs::metadata(&file).ok()?.permissions().mode() & 0o777;
            Some((file, mode))
        })
        .collect()
}

#[test]
fn every_file_of_a_vault_is_the_owners_only_from_its_creation_whatever_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let previous = rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o022));
    // The database the vault is built in, before anything else touches its mode: the key
    // slots are written through its WAL.
    let building = dir.path().join("building.steward");
    let conn = steward_core::test_support::store::create_new(
        &building,
        steward_core::test_support::store::SCHEMA_VERSION,
    )
    .unwrap();
    conn.execute_batch("INSERT INTO vault_meta (key, value) VALUES ('x', 'y')")
        .unwrap();
    let built = modes(&building);
    drop(conn);
    // A whole vault, open with a write in its WAL.
    let path = dir.path().join("journal.steward");
    let (vault, _) = Vault::create(&path, &secret(PASS), fast_kdf()).unwrap();
    vault.entries().add(entry("t", "b", &[])).unwrap();
    let live = modes(&path);
    rustix::process::umask(previous);
    assert_eq!(built.len(), 3, "the database, its WAL and shm: {built:?}");
    assert_eq!(live.len(), 3, "the vault, its WAL and shm: {live:?}");
    for (file, mode) in built.iter().chain(&live) {
        assert_eq!(*mode, 0o600, "{file} is 0{mode:o}");
    }
}

/// `len` bytes of this process's memory at `addr`, read through /proc/self/mem (memory
/// that was freed but is still mapped reads as whatever was left there).
fn memory_at(addr: usize, len: usize) -> Vec<u8> {
    use std::io::{Read, Seek, SeekFrom};
    let mut mem = std::fs::File::open("/proc/self/mem").unwrap();
    mem.seek(SeekFrom::Start(addr as u64)).unwrap();
    let mut out = vec![0u8; len];
    mem.read_exact(&mut out).unwrap();
    out
}

#[test]
fn keys_are_pointers_in_the_vault_and_their_bytes_are_wiped_where_they_lie() {
    use steward_core::test_support::crypto::{DataKey, Purpose, RecordCipher};
    // Only pointers move when a vault moves (into and out of the app's session slot):
    // nothing of a key is copied along and left behind at the old address.
    assert_eq!(std::mem::size_of::<DataKey>(), std::mem::size_of::<usize>());
    assert_eq!(
        std::mem::size_of::<RecordCipher>(),
        std::mem::size_of::<usize>()
    );

    let key = DataKey::from_raw_for_tests([0xA5; 32]);
    let at = key.address_for_tests();
    assert_eq!(memory_at(at, 32), [0xA5; 32]);
    let cipher = key.cipher(Purpose::Records);
    let (schedule_at, schedule_len) = cipher.schedule_for_tests();
    let schedule = memory_at(schedule_at, schedule_len);
    // AES-256 round keys (15 × 16 bytes, for each direction) and the GHASH key: the size is
    // the largest backend's, so not every byte is in use.
    let live = schedule.iter().filter(|&&b| b != 0).count();
    assert!(
        live >= 240,
        "{live} of {schedule_len} bytes hold the schedule"
    );
    drop(key);
    drop(cipher);
    // The allocator may write its own bookkeeping into the first bytes of a freed block;
    // past them, nothing of the key or of the AES key schedule and GHASH key is left.
    let key_after = memory_at(at, 32);
    assert!(
        key_after[16..].iter().all(|&b| b != 0xA5),
        "the data key is still in memory after drop: {key_after:02x?}"
    );
    let schedule_after = memory_at(schedule_at, schedule_len);
    let same = (16..schedule_len)
        .filter(|&i| schedule_after[i] == schedule[i] && schedule[i] != 0)
        .count();
    assert!(
        same < live / 20,
        "{same} of {schedule_len} bytes of the key schedule survived its drop"
    );
}
