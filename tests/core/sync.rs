//! Sync through a folder: two and three journals sharing one folder, with the faults sync
//! tools bring (files late, out of order, twice, half-written; a device away for months;
//! two devices in the same moment), concurrent edits, deletions, a week's reflection
//! answered twice, a passphrase change that reaches every device, and a canary scan of the
//! folder.

use std::path::{Path, PathBuf};

use steward_core::sync::{self, Keep};
use steward_core::{Answers, EntryUpdate, Error, Vault, Week};

use crate::util::*;

struct Device {
    _dir: tempfile::TempDir,
    vault: Vault,
}

fn folder() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// The first computer: a new journal that starts syncing into `shared`.
fn first(shared: &Path) -> Device {
    let t = new_vault();
    t.vault.sync().setup(shared).unwrap();
    Device {
        _dir: t.dir,
        vault: t.vault,
    }
}

/// Another computer joining with the passphrase.
fn joined(shared: &Path) -> Device {
    let dir = tempfile::tempdir().unwrap();
    let (vault, _) = sync::join(shared, &dir.path().join("j.steward"), &secret(PASS)).unwrap();
    Device { _dir: dir, vault }
}

fn titles(v: &Vault) -> Vec<String> {
    let mut t: Vec<String> = v
        .entries()
        .list(&Default::default())
        .unwrap()
        .entries
        .into_iter()
        .map(|e| format!("{}|{}", e.title, e.body))
        .collect();
    t.sort();
    t
}

/// Syncs every device until nothing moves (at most five rounds each).
fn settle(devices: &[&Device]) {
    for _ in 0..5 {
        let mut moved = 0;
        for d in devices {
            let r = d.vault.sync().now().unwrap();
            moved += r.received + r.sent;
        }
        if moved == 0 {
            return;
        }
    }
    panic!("the devices did not settle in five rounds");
}

fn week(s: &str) -> Week {
    s.parse().unwrap()
}

#[test]
fn two_devices_converge_after_concurrent_edits_and_deletions() {
    let shared = folder();
    let a = first(shared.path());
    let kept = a
        .vault
        .entries()
        .add(entry("Kept", "one\ntwo\nthree\n", &["x"]))
        .unwrap();
    let doomed = a.vault.entries().add(entry("Doomed", "bye", &[])).unwrap();
    let revived = a.vault.entries().add(entry("Revived", "r", &[])).unwrap();
    let edited_then_deleted = a.vault.entries().add(entry("Gone", "g", &[])).unwrap();
    a.vault.sync().now().unwrap();
    let b = joined(shared.path());
    assert_eq!(titles(&a.vault), titles(&b.vault));

    // Edits on both sides that do not overlap merge line by line.
    a.vault
        .entries()
        .update(
            &kept.id,
            EntryUpdate {
                body: Some("ONE\ntwo\nthree\n".into()),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    b.vault
        .entries()
        .update(
            &kept.id,
            EntryUpdate {
                body: Some("one\ntwo\nTHREE\n".into()),
                tags: Some(vec!["x".into(), "y".into()]),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    // A deletion on one side wins over no edit on the other, and over an earlier edit…
    b.vault.entries().delete(&doomed.id).unwrap();
    a.vault
        .entries()
        .update(
            &edited_then_deleted.id,
            EntryUpdate {
                body: Some("an edit before the deletion".into()),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    b.vault.entries().delete(&edited_then_deleted.id).unwrap();
    // …but an edit made after the deletion, without seeing it, stays.
    a.vault.entries().delete(&revived.id).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    b.vault
        .entries()
        .update(
            &revived.id,
            EntryUpdate {
                body: Some("still here".into()),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    let added_b = b.vault.entries().add(entry("From B", "b", &[])).unwrap();

    settle(&[&a, &b]);
    assert_eq!(titles(&a.vault), titles(&b.vault));
    let merged = a.vault.entries().get(&kept.id).unwrap();
    assert_eq!(merged.body, "ONE\ntwo\nTHREE\n");
    assert_eq!(merged.tags, vec!["x".to_string(), "y".to_string()]);
    for gone in [&doomed.id, &edited_then_deleted.id] {
        assert!(matches!(
            a.vault.entries().get(gone),
            Err(Error::NotFound { .. })
        ));
    }
    assert_eq!(
        a.vault.entries().get(&revived.id).unwrap().body,
        "still here"
    );
    assert_eq!(a.vault.entries().get(&added_b.id).unwrap().title, "From B");
    let conflicts = a.vault.sync().conflicts().unwrap();
    assert!(conflicts.is_empty(), "{conflicts:?}");
}

#[test]
fn overlapping_edits_keep_both_versions_as_one_choice() {
    let shared = folder();
    let a = first(shared.path());
    let e = a
        .vault
        .entries()
        .add(entry("Offsite", "We met.\n", &[]))
        .unwrap();
    a.vault.sync().now().unwrap();
    let b = joined(shared.path());
    let edit = |v: &Vault, body: &str| {
        v.entries()
            .update(
                &e.id,
                EntryUpdate {
                    body: Some(body.into()),
                    ..Default::default()
                },
                None,
            )
            .unwrap();
    };
    edit(&a.vault, "We met and I listened.\n");
    std::thread::sleep(std::time::Duration::from_millis(5));
    edit(&b.vault, "We met and I talked too much.\n");
    settle(&[&a, &b]);

    // One entry (no copies), the later edit in it, the other kept as the choice.
    assert_eq!(titles(&a.vault), titles(&b.vault));
    assert_eq!(a.vault.entries().count().unwrap(), 1);
    let body = a.vault.entries().get(&e.id).unwrap().body;
    assert_eq!(body, "We met and I talked too much.\n");
    for v in [&a.vault, &b.vault] {
        let c = v.sync().conflicts().unwrap();
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(c[0].other_text, "We met and I listened.\n");
        assert_eq!(c[0].kind, "entry");
    }
    // Choosing on one computer settles it on both.
    a.vault.sync().resolve(&e.id[..8], Keep::Other).unwrap();
    settle(&[&a, &b]);
    for v in [&a.vault, &b.vault] {
        assert_eq!(
            v.entries().get(&e.id).unwrap().body,
            "We met and I listened.\n"
        );
        assert!(v.sync().conflicts().unwrap().is_empty());
    }
}

fn answers(strength: &str, lost: &str) -> Answers {
    Answers {
        strength_note: strength.into(),
        lost_trust: lost.into(),
        ..Answers::default()
    }
}

#[test]
fn a_weekly_reflection_answered_on_two_computers_merges_field_by_field() {
    let shared = folder();
    let a = first(shared.path());
    let b = joined(shared.path());
    let w = week("2026-W40");
    let now = week("2026-W48");
    // Each computer starts the week's reflection before they sync: two ids, one week.
    a.vault
        .reflections()
        .save(w, answers("my title", ""), None, now)
        .unwrap();
    b.vault
        .reflections()
        .save(w, answers("", "skipped the 1:1"), None, now)
        .unwrap();
    settle(&[&a, &b]);
    for v in [&a.vault, &b.vault] {
        let all = v.reflections().list().unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].answers.strength_note, "my title");
        assert_eq!(all[0].answers.lost_trust, "skipped the 1:1");
    }
    let id = a.vault.reflections().list().unwrap()[0].id.clone();
    assert_eq!(b.vault.reflections().list().unwrap()[0].id, id);

    // Later, both answer different fields of the same (now shared) reflection.
    let r = a.vault.reflections().get(w).unwrap().unwrap();
    let mut on_a = r.answers.clone();
    on_a.reinforce_trust = "explain first".into();
    a.vault.reflections().save(w, on_a, None, now).unwrap();
    let mut on_b = r.answers.clone();
    on_b.strength_note = "my title, and my record".into();
    b.vault.reflections().save(w, on_b, None, now).unwrap();
    settle(&[&a, &b]);
    for v in [&a.vault, &b.vault] {
        let got = v.reflections().get(w).unwrap().unwrap().answers;
        assert_eq!(got.reinforce_trust, "explain first");
        assert_eq!(got.strength_note, "my title, and my record");
        assert_eq!(got.lost_trust, "skipped the 1:1");
    }

    // The same answer rewritten on both: the later stays, the earlier is the choice.
    let r = a.vault.reflections().get(w).unwrap().unwrap();
    let mut on_a = r.answers.clone();
    on_a.lost_trust = "I skipped Dana's 1:1 twice".into();
    a.vault.reflections().save(w, on_a, None, now).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    let mut on_b = r.answers.clone();
    on_b.lost_trust = "I cancelled the 1:1 without a word".into();
    b.vault.reflections().save(w, on_b, None, now).unwrap();
    settle(&[&a, &b]);
    for v in [&a.vault, &b.vault] {
        let got = v.reflections().get(w).unwrap().unwrap().answers;
        assert_eq!(got.lost_trust, "I cancelled the 1:1 without a word");
        assert_eq!(got.reinforce_trust, "explain first");
        let c = v.sync().conflicts().unwrap();
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(c[0].kind, "reflection");
        assert!(
            c[0].other_text.contains("I skipped Dana's 1:1 twice"),
            "{c:?}"
        );
        assert_eq!(c[0].title, "2026-W40");
    }
}

/// Copies every file of `from` into `to` (as a sync tool delivers a folder).
fn deliver(from: &Path, to: &Path, filter: impl Fn(&Path) -> bool) {
    for f in files_under(from) {
        if !filter(&f) {
            continue;
        }
        let rel = f.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&f, &dest).unwrap();
    }
}

fn is_file_of(p: &Path, ext: &str) -> bool {
    p.extension().is_some_and(|e| e == ext)
}

#[test]
fn files_late_out_of_order_twice_or_half_written_end_in_the_same_state() {
    // A writes into its own copy of the folder; B reads another copy that a "sync tool"
    // (this test) fills in the wrong order, half-written, and twice.
    let folder_a = folder();
    let folder_b = folder();
    let a = first(folder_a.path());
    deliver(folder_a.path(), folder_b.path(), |_| true);
    let b = joined(folder_b.path());
    let mut ids = Vec::new();
    for i in 0..3 {
        ids.push(
            a.vault
                .entries()
                .add(entry(&format!("E{i}"), "x", &[]))
                .unwrap()
                .id,
        );
        a.vault.sync().now().unwrap();
    }
    let a_dir = sync_files(folder_a.path());
    let changes: Vec<PathBuf> = a_dir
        .iter()
        .filter(|p| is_file_of(p, "change"))
        .cloned()
        .collect();
    assert_eq!(changes.len(), 3, "{a_dir:?}");
    // The last file arrives first, and the middle one cut in half.
    deliver(folder_a.path(), folder_b.path(), |p| p == changes[2]);
    let half = folder_b
        .path()
        .join(changes[1].strip_prefix(folder_a.path()).unwrap());
    let bytes = std::fs::read(&changes[1]).unwrap();
    std::fs::write(&half, &bytes[..bytes.len() / 2]).unwrap();
    let r = b.vault.sync().now().unwrap();
    assert_eq!(r.received, 0, "nothing applies past a missing file");
    // The first arrives (twice); the half-written one waits.
    deliver(folder_a.path(), folder_b.path(), |p| p == changes[0]);
    deliver(folder_a.path(), folder_b.path(), |p| p == changes[0]);
    let r = b.vault.sync().now().unwrap();
    assert_eq!((r.received, r.waiting), (1, 1));
    assert_eq!(b.vault.entries().count().unwrap(), 1);
    // The rest arrives, the first file once more.
    deliver(folder_a.path(), folder_b.path(), |_| true);
    deliver(folder_a.path(), folder_b.path(), |p| p == changes[0]);
    b.vault.sync().now().unwrap();
    b.vault.sync().now().unwrap();
    assert_eq!(titles(&a.vault), titles(&b.vault));
    assert_eq!(b.vault.entries().count().unwrap(), 3);
}

fn sync_files(dir: &Path) -> Vec<PathBuf> {
    let mut f = files_under(dir);
    f.sort();
    f
}

#[test]
fn three_devices_one_away_for_months_and_two_at_the_same_moment() {
    let shared = folder();
    let a = first(shared.path());
    let b = joined(shared.path());
    let c = joined(shared.path());
    // C goes away; A and B write many rounds (enough for snapshots that remove older files).
    for i in 0..40 {
        a.vault
            .entries()
            .add(entry(&format!("A{i}"), "a", &[]))
            .unwrap();
        b.vault
            .entries()
            .add(entry(&format!("B{i}"), "b", &[]))
            .unwrap();
        a.vault.sync().now().unwrap();
        b.vault.sync().now().unwrap();
    }
    let a_files = std::fs::read_dir(shared.path())
        .unwrap()
        .flatten()
        .map(|d| std::fs::read_dir(d.path()).unwrap().count())
        .max()
        .unwrap();
    assert!(
        a_files < 40,
        "snapshots removed older files ({a_files} left)"
    );
    // C comes back and writes too; two devices sync in the same moment.
    c.vault.entries().add(entry("C0", "c", &[])).unwrap();
    let ta = std::thread::spawn(move || {
        a.vault.sync().now().unwrap();
        a
    });
    let tc = std::thread::spawn(move || {
        c.vault.sync().now().unwrap();
        c
    });
    let (a, c) = (ta.join().unwrap(), tc.join().unwrap());
    settle(&[&a, &b, &c]);
    assert_eq!(a.vault.entries().count().unwrap(), 81);
    assert_eq!(titles(&a.vault), titles(&b.vault));
    assert_eq!(titles(&a.vault), titles(&c.vault));
}

#[test]
fn a_passphrase_change_reaches_the_other_devices_and_the_old_one_stops_opening_new_data() {
    let shared = folder();
    let mut a = first(shared.path());
    a.vault
        .entries()
        .add(entry("Before", "old key", &[]))
        .unwrap();
    a.vault.sync().now().unwrap();
    let mut b = joined(shared.path());
    let new_pass = secret("a brand new passphrase");
    a.vault
        .rotate_keys(&new_pass, steward_core::RecoveryChoice::Replace, fast_kdf())
        .unwrap();
    let after = canary("afterrotation");
    a.vault.entries().add(entry("After", &after, &[])).unwrap();
    a.vault.sync().now().unwrap();
    // B (unlocked with the old passphrase) writes meanwhile, then learns of the change.
    b.vault
        .entries()
        .add(entry("From B meanwhile", "b", &[]))
        .unwrap();
    assert!(matches!(b.vault.sync().now(), Err(Error::SyncKeyChanged)));
    assert!(b.vault.sync().status().unwrap().needs_passphrase);
    assert!(matches!(
        sync::adopt_new_key(&mut b.vault, &secret(PASS)),
        Err(Error::WrongPassphrase)
    ));
    sync::adopt_new_key(&mut b.vault, &new_pass).unwrap();
    settle(&[&a, &b]);
    assert_eq!(titles(&a.vault), titles(&b.vault));
    assert_eq!(b.vault.entries().count().unwrap(), 3);
    // B's journal now opens with the new passphrase only.
    let b_path = b.vault.path().to_path_buf();
    let Device { _dir: b_dir, vault } = b;
    drop(vault);
    assert!(matches!(
        Vault::unlock(&b_path, &secret(PASS)),
        Err(Error::WrongPassphrase)
    ));
    Vault::unlock(&b_path, &new_pass).unwrap();
    drop(b_dir);
    // No key ring in the folder opens with the old passphrase any more, and a new device
    // joins with the new one.
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        sync::join(
            shared.path(),
            &dir.path().join("old.steward"),
            &secret(PASS)
        ),
        Err(Error::WrongPassphrase)
    ));
    assert!(!dir.path().join("old.steward").exists());
    let (c, _) = sync::join(shared.path(), &dir.path().join("c.steward"), &new_pass).unwrap();
    assert_eq!(titles(&c), titles(&a.vault));
    a.vault.sync().now().unwrap();
}

#[test]
fn the_folder_holds_no_plaintext_and_names_no_user_text() {
    let shared = folder();
    let a = first(shared.path());
    let (title, body, tag, person) = (
        canary("title"),
        canary("body"),
        canary("tag"),
        canary("person"),
    );
    let rel = a.vault.relationships().create(&person).unwrap();
    a.vault
        .entries()
        .add(entry(&title, &format!("I talked with {body}"), &[&tag]))
        .unwrap();
    let mut ans = answers(&canary("strength"), "");
    ans.exercise.relationship = Some(rel.id.clone());
    a.vault
        .reflections()
        .save(week("2026-W40"), ans.clone(), None, week("2026-W48"))
        .unwrap();
    a.vault.sync().now().unwrap();
    let b = joined(shared.path());
    b.vault
        .entries()
        .add(entry(&canary("btitle"), "x", &[]))
        .unwrap();
    b.vault.sync().now().unwrap();
    let files = files_under(shared.path());
    assert!(files.len() >= 4, "{files:?}");
    let words = [title, body, tag, person, ans.strength_note.clone()];
    for f in &files {
        let name = f
            .strip_prefix(shared.path())
            .unwrap()
            .to_string_lossy()
            .to_string();
        assert!(
            name.chars()
                .all(|c| c.is_ascii_hexdigit() || "/.keysnaphotcg".contains(c)),
            "{name}"
        );
        let bytes = std::fs::read(f).unwrap();
        for w in &words {
            assert!(
                !bytes.windows(w.len()).any(|x| x == w.as_bytes()),
                "{w} in plaintext in {name}"
            );
        }
    }
}

#[test]
fn a_hostile_or_foreign_folder_is_refused_and_changes_nothing() {
    let shared = folder();
    let a = first(shared.path());
    a.vault.entries().add(entry("A", "a", &[])).unwrap();
    a.vault.sync().now().unwrap();
    // Another journal cannot set up in a folder this one syncs into.
    let other = new_vault();
    assert!(matches!(
        other.vault.sync().setup(shared.path()),
        Err(Error::SyncFolder { .. })
    ));
    // Nothing to join in an empty folder; a missing folder is named.
    let empty = folder();
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        sync::join(empty.path(), &dir.path().join("x.steward"), &secret(PASS)),
        Err(Error::SyncFolder { .. })
    ));
    assert!(matches!(
        other.vault.sync().setup(&empty.path().join("gone")),
        Err(Error::SyncFolder { .. })
    ));
    assert!(matches!(other.vault.sync().now(), Err(Error::NotSyncing)));
    // A forged change file (random bytes under a change file's name, a huge one, a file
    // moved into another device's folder) is skipped, never applied.
    let b = joined(shared.path());
    let a_dev = a.vault.sync().status().unwrap().device;
    let forged = shared
        .path()
        .join(&a_dev)
        .join(format!("{:016x}.change", 999));
    std::fs::write(&forged, b"STEWARD-SYNC\x01c garbage").unwrap();
    let big = shared
        .path()
        .join(&a_dev)
        .join(format!("{:016x}.change", 1000));
    std::fs::File::create(&big)
        .unwrap()
        .set_len(600 << 20)
        .unwrap();
    let before = titles(&b.vault);
    b.vault.sync().now().unwrap();
    assert_eq!(titles(&b.vault), before);
    let status = b.vault.sync().status().unwrap();
    assert!(!status.needs_passphrase);
    assert_eq!(status.devices.len(), 2);
}

/// The laptop's session on "Offsite" ("We met.", with the folder its journal lives in), and
/// the desktop, which has since edited it to "We met; I talked." and synced: the edit waits
/// in the folder for the laptop.
fn an_edit_waiting_from_the_desktop(
    shared: &Path,
) -> (tempfile::TempDir, steward_core::Session, Device, String) {
    let a = first(shared);
    let e = a
        .vault
        .entries()
        .add(entry("Offsite", "We met.", &[]))
        .unwrap();
    a.vault.sync().now().unwrap();
    let b = joined(shared);
    let session = steward_core::Session::open(a.vault).unwrap();
    b.vault
        .entries()
        .update(
            &e.id,
            EntryUpdate {
                body: Some("We met; I talked.".into()),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    b.vault.sync().now().unwrap();
    (a._dir, session, b, e.id)
}

#[test]
fn typing_over_a_version_a_background_round_wrote_saves_and_keeps_the_other_as_the_choice() {
    let shared = folder();
    let (_laptop, mut session, b, id) = an_edit_waiting_from_the_desktop(shared.path());
    // The laptop's background round (a second handle) takes the desktop's edit while the
    // leader types in the entry as loaded (version 1).
    let handle = session.sync_handle().unwrap().unwrap();
    let report = handle.sync().now().unwrap();
    session.refresh_entries(&report.changed_entries).unwrap();
    let saved = session
        .update(
            &id,
            EntryUpdate {
                body: Some("We met; I listened.".into()),
                ..Default::default()
            },
            Some(1),
        )
        .unwrap();
    assert_eq!(saved.body, "We met; I listened.");
    let choices = session.sync_status().unwrap().unwrap().conflicts;
    assert_eq!(choices.len(), 1);
    assert_eq!(choices[0].other_text, "We met; I talked.");
    // The choice travels with the save.
    session.sync_now().unwrap();
    b.vault.sync().now().unwrap();
    assert_eq!(
        b.vault.entries().get(&id).unwrap().body,
        "We met; I listened."
    );
    assert_eq!(b.vault.sync().conflicts().unwrap().len(), 1);
}

#[test]
fn what_a_background_round_read_never_replaces_a_newer_save_in_the_index() {
    let shared = folder();
    let (_laptop, mut session, _desktop, id) = an_edit_waiting_from_the_desktop(shared.path());
    // The round writes and reads back the desktop's edit on its own handle…
    let handle = session.sync_handle().unwrap().unwrap();
    let report = handle.sync().now().unwrap();
    let changed =
        steward_core::session::ChangedEntries::read(&handle, &report.changed_entries).unwrap();
    drop(handle);
    // …the leader saves over it (typed in the entry as loaded) before the round takes the
    // session…
    let loaded = session.get(&id).unwrap().version;
    session
        .update(
            &id,
            EntryUpdate {
                body: Some("We met; I listened.".into()),
                ..Default::default()
            },
            Some(loaded),
        )
        .unwrap();
    // …and what the round read stays out of the index: search finds the save.
    session.take_changed(changed);
    assert_eq!(
        session.search("listened").len(),
        1,
        "the index lost the newer save"
    );
    assert!(session.search("talked").is_empty());
}

#[test]
fn a_syncing_sessions_saves_reach_the_file_for_other_readers() {
    let shared = folder();
    let t = new_vault();
    let path = t.path.clone();
    let e = t
        .vault
        .entries()
        .add(entry("Offsite", "We met.", &[]))
        .unwrap();
    let mut session = steward_core::Session::open(t.vault).unwrap();
    session.sync_setup(shared.path()).unwrap();
    session.sync_status().unwrap().unwrap();
    let handle = session.sync_handle().unwrap().unwrap();
    handle.sync().now().unwrap();
    session
        .update(
            &e.id,
            EntryUpdate {
                body: Some("We met; I listened.".into()),
                ..Default::default()
            },
            Some(1),
        )
        .unwrap();
    let reader = Vault::unlock(&path, &secret(PASS)).unwrap();
    assert_eq!(
        reader.entries().get(&e.id).unwrap().body,
        "We met; I listened."
    );
    drop(t.dir);
}

/// Opens and closes a connection to `path` in another process (Python's sqlite3), as the
/// CLI does while the app runs; returns how many entry rows it saw.
fn other_process_counts_entries(path: &Path) -> usize {
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); \
             print(c.execute('select count(*) from entries').fetchone()[0]); c.close()",
        )
        .arg(path)
        .output()
        .expect("python3 is installed by scripts/install-deps.sh");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

#[test]
fn a_second_handle_leaves_the_sessions_locks_so_another_process_never_drops_its_log() {
    // Opening the file outside SQLite in this process (a magic check) and closing it drops
    // every POSIX lock the process holds on it; another process closing its connection then
    // believes it is the last, checkpoints and deletes the write-ahead log, and this
    // process's next writes go to an unlinked file: saved, then lost.
    let t = new_vault();
    t.vault.entries().add(entry("one", "x", &[])).unwrap();
    drop(t.vault.second_handle().unwrap());
    assert_eq!(other_process_counts_entries(&t.path), 1);
    t.vault.entries().add(entry("two", "x", &[])).unwrap();
    assert_eq!(
        other_process_counts_entries(&t.path),
        2,
        "a save made after another process closed the journal is visible to it"
    );
}

#[test]
fn a_second_computer_joins_with_the_recovery_key_and_a_passphrase_of_its_own() {
    let shared = folder();
    let t = new_vault();
    t.vault.entries().add(entry("First", "x", &[])).unwrap();
    t.vault.sync().setup(shared.path()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("j.steward");
    let own = secret("a passphrase of this computer");
    assert!(matches!(
        sync::join_with_recovery(
            shared.path(),
            &into,
            &t.recovery,
            &secret("short"),
            fast_kdf()
        ),
        Err(Error::InvalidInput(_))
    ));
    // Another journal's recovery key.
    let wrong = new_vault().recovery;
    assert!(matches!(
        sync::join_with_recovery(shared.path(), &into, &wrong, &own, fast_kdf()),
        Err(Error::WrongPassphrase)
    ));
    let (joined, _) =
        sync::join_with_recovery(shared.path(), &into, &t.recovery, &own, fast_kdf()).unwrap();
    assert_eq!(joined.entries().count().unwrap(), 1);
    assert!(joined.backup_identity().unwrap().is_some());
    drop(joined);
    Vault::unlock(&into, &own).unwrap();
    steward_core::LockedVault::open(&into)
        .unwrap()
        .unlock_with_recovery(&t.recovery)
        .unwrap();
}

#[test]
fn a_reflection_naming_a_person_from_a_third_computer_applies_whatever_order_the_folders_are_read_in(
) {
    // C adds a person; B (having synced with C) names that person in a reflection; A reads
    // B's folder and C's folder in one round, whichever comes first.
    let shared = folder();
    let a = first(shared.path());
    let b = joined(shared.path());
    let c = joined(shared.path());
    let dana = c.vault.relationships().create("Dana").unwrap();
    c.vault.sync().now().unwrap();
    b.vault.sync().now().unwrap();
    let mut ans = answers("title", "");
    ans.exercise.relationship = Some(dana.id.clone());
    b.vault
        .reflections()
        .save(week("2026-W41"), ans, None, week("2026-W48"))
        .unwrap();
    b.vault.sync().now().unwrap();
    a.vault.sync().now().unwrap();
    let got = a
        .vault
        .reflections()
        .get(week("2026-W41"))
        .unwrap()
        .unwrap();
    assert_eq!(
        got.answers.exercise.relationship.as_deref(),
        Some(dana.id.as_str())
    );
    assert_eq!(a.vault.relationships().get(&dana.id).unwrap().name, "Dana");
}
