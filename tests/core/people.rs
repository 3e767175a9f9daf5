//! People, not records: journal entries linked to the relationships they are about (a
//! person's page lists them), and the leader's private notes per person — both sealed like
//! everything else, both carried by backups and the Markdown export.

use steward_core::{EntryUpdate, Error, NewEntry, Session, Vault, MAX_NOTES_CHARS};

use crate::util::*;

fn about(title: &str, people: &[&str]) -> NewEntry {
    NewEntry {
        people: people.iter().map(|p| p.to_string()).collect(),
        ..entry(title, "body", &[])
    }
}

#[test]
fn an_entry_links_to_people_who_exist_in_their_one_spelling_and_a_page_lists_them() {
    let t = new_vault();
    let dana = t.vault.relationships().create("Dana").unwrap();
    let sam = t.vault.relationships().create("Sam").unwrap();
    let entries = t.vault.entries();

    // Other spellings of an id are the same person; a repeat is dropped; order is kept.
    let braced = format!("{{{}}}", sam.id.to_uppercase());
    let e = entries
        .add(about("1:1 with both", &[&sam.id, &dana.id, &braced]))
        .unwrap();
    assert_eq!(e.people, vec![sam.id.clone(), dana.id.clone()]);
    assert_eq!(entries.get(&e.id).unwrap().people, e.people);

    // A person who is not in the journal, or no id at all, is refused and nothing is saved.
    let before = entries.count().unwrap();
    let stranger = "00000000-0000-4000-8000-0000000000ff";
    let err = entries.add(about("x", &[stranger])).unwrap_err();
    assert!(
        matches!(&err, Error::NotFound { kind: "relationship", id } if id == stranger),
        "{err}"
    );
    let err = entries.add(about("x", &["Dana"])).unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
    assert_eq!(entries.count().unwrap(), before);

    // Links change with an edit, and stay when the edit does not touch them.
    let only_dana = EntryUpdate {
        people: Some(vec![dana.id.clone()]),
        ..Default::default()
    };
    let e = entries.update(&e.id, only_dana, Some(e.version)).unwrap();
    assert_eq!(e.people, vec![dana.id.clone()]);
    let retitled = EntryUpdate {
        title: Some("1:1 with Dana".into()),
        ..Default::default()
    };
    let e = entries.update(&e.id, retitled, None).unwrap();
    assert_eq!(e.people, vec![dana.id.clone()]);
    let err = (entries.update(
        &e.id,
        EntryUpdate {
            people: Some(vec![stranger.into()]),
            ..Default::default()
        },
        None,
    ))
    .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err}");
    assert_eq!(entries.get(&e.id).unwrap().people, vec![dana.id.clone()]);

    // A person's page lists the entries about them, newest first; an archived person
    // keeps theirs.
    let later = NewEntry {
        created_at: at("2030-01-01T09:00:00Z"),
        ..about("later", &[&dana.id])
    };
    let later = entries.add(later).unwrap();
    entries.add(entry("about nobody", "b", &[])).unwrap();
    t.vault
        .relationships()
        .set_archived(&dana.id, true)
        .unwrap();
    let session = Session::open(Vault::unlock(&t.path, &secret(PASS)).unwrap()).unwrap();
    let listed: Vec<String> = (session.entries_about(&dana.id).into_iter())
        .map(|s| s.id)
        .collect();
    assert_eq!(listed, vec![later.id.clone(), e.id.clone()]);
    assert!(session.entries_about(&sam.id).is_empty());
    assert_eq!(
        session.entries_about(&dana.id.to_uppercase()).len(),
        2,
        "any spelling of the id"
    );
    assert!(session.entries_about("not an id").is_empty());
}

#[test]
fn private_notes_on_a_person_are_sealed_kept_through_renames_and_never_overwritten() {
    let t = new_vault();
    let rels = t.vault.relationships();
    let dana = rels.create("Dana").unwrap();
    let note = canary("notescanary");
    let noted = rels
        .set_notes(&dana.id, &format!("1:1 on Tuesday: {note}"), dana.version)
        .unwrap();
    assert_eq!(noted.version, dana.version + 1);

    // Renaming and archiving keep the notes.
    rels.rename(&dana.id, "Dana Lee").unwrap();
    rels.set_archived(&dana.id, true).unwrap();
    let now = rels.get(&dana.id).unwrap();
    assert_eq!(now.notes, format!("1:1 on Tuesday: {note}"));

    // Notes typed against an older version (changed in another window) are refused.
    let err = rels
        .set_notes(&dana.id, "stale", noted.version)
        .unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }), "{err}");
    let err = rels
        .set_notes(&dana.id, &"x".repeat(MAX_NOTES_CHARS + 1), now.version)
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
    assert_eq!(rels.get(&dana.id).unwrap().notes, now.notes);

    // Sealed: nowhere in the journal's files.
    drop(t.vault);
    for file in files_under(t.dir.path()) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(!contains(&bytes, note.as_bytes()), "{}", file.display());
    }
    let vault = Vault::unlock(&t.path, &secret(PASS)).unwrap();
    assert!(vault
        .relationships()
        .get(&dana.id)
        .unwrap()
        .notes
        .contains(&note));
}

#[test]
fn the_markdown_export_names_the_people_of_an_entry_and_keeps_the_notes() {
    let t = new_vault();
    let dana = t
        .vault
        .relationships()
        .create("Dana (design lead)")
        .unwrap();
    t.vault.relationships().create("Sam").unwrap();
    t.vault
        .relationships()
        .set_notes(&dana.id, "Asks for context first.", dana.version)
        .unwrap();
    t.vault
        .entries()
        .add(about("Budget talk", &[&dana.id]))
        .unwrap();
    let out = t.dir.path().join("md");
    t.vault.exports().markdown(&out).unwrap();
    let entry_files = files_under(&out.join("entries"));
    let text = std::fs::read_to_string(&entry_files[0]).unwrap();
    assert!(
        text.contains("people: [\"Dana (design lead)\"]\n"),
        "{text}"
    );
    // One notes file: Sam has none.
    let notes = files_under(&out.join("people"));
    assert_eq!(notes.len(), 1, "{notes:?}");
    let text = std::fs::read_to_string(&notes[0]).unwrap();
    assert_eq!(text, "# Dana (design lead)\n\nAsks for context first.\n");
}
