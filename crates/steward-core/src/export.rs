//! Plaintext exports, for leaving Steward or reading elsewhere: the backup document as
//! plain JSON, Markdown files (one per entry and per weekly reflection), or a week's
//! committed step as an iCalendar event for the leader's own calendar. These write
//! what the leader wrote **unencrypted**; front ends ask for explicit consent first.
//! Files are created `0600` in folders created `0700`, never over existing files.

use std::io::{BufWriter, Write};
use std::path::Path;

use crate::backup::BackupSummary;
use crate::error::{Error, Result};
use crate::model::entry::Entry;
use crate::model::reflection::{questions, Reflection};
use crate::records::{sync_dir, Vault};
use crate::reflections::json::reflection_doc_json;

pub(crate) fn create_private(path: &Path) -> Result<std::fs::File> {
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        open.mode(0o600);
    }
    open.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Error::InvalidInput(format!(
                "{} already exists; choose another name",
                path.display()
            ))
        } else {
            Error::io(format!("creating {}", path.display()), e)
        }
    })
}

fn create_private_dir(dir: &Path) -> Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
        .map_err(|e| Error::io(format!("creating {}", dir.display()), e))
}

/// A file name part from a title: lowercase letters and digits, dashes between words.
fn slug(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| w.to_lowercase())
        .collect();
    if words.is_empty() {
        "untitled".into()
    } else {
        words.join("-")
    }
}

/// Plaintext exports of an unlocked vault: `vault.exports()`.
#[derive(Clone, Copy)]
pub struct Exports<'v> {
    vault: &'v Vault,
}

impl Vault {
    /// Plaintext exports (the front ends warn before calling these).
    pub fn exports(&self) -> Exports<'_> {
        Exports { vault: self }
    }
}

impl<'v> Exports<'v> {
    /// The vault exported from (for the exports defined elsewhere, like the PDF record).
    pub(crate) fn vault(&self) -> &'v Vault {
        self.vault
    }
}

impl Exports<'_> {
    /// Writes the whole journal as the (unencrypted) backup document to `path`.
    pub fn json(&self, path: &Path) -> Result<BackupSummary> {
        let file = create_private(path)?;
        let mut out = BufWriter::new(file);
        let written = self
            .vault
            .backups()
            .write_document(&mut out, &mut |_, _| {});
        let finished = written.and_then(|summary| {
            let file = out
                .into_inner()
                .map_err(|e| Error::io("writing the export", e.into_error()))?;
            file.sync_all()
                .map_err(|e| Error::io("writing the export", e))?;
            Ok(summary)
        });
        if finished.is_err() {
            let _ = std::fs::remove_file(path);
        }
        finished
    }

    /// Writes every entry and weekly reflection as Markdown files under `dir` (which must
    /// not exist or be empty): `entries/YYYY-MM-DD-HHMM-title.md` with a small front
    /// matter, and `reflections/YYYY-Www.md`. Returns (entries, reflections) written.
    pub fn markdown(&self, dir: &Path) -> Result<(u64, u64)> {
        if dir.exists() && std::fs::read_dir(dir).map_or(true, |mut d| d.next().is_some()) {
            return Err(Error::InvalidInput(format!(
                "{} is not empty; export Markdown into a new folder",
                dir.display()
            )));
        }
        let entries_dir = dir.join("entries");
        let reflections_dir = dir.join("reflections");
        create_private_dir(&entries_dir)?;
        create_private_dir(&reflections_dir)?;
        let names = self.vault.relationships().names_by_id()?;
        let mut entries = 0u64;
        self.vault.entries().for_each(|e| {
            write_entry_md(&entries_dir, &e, &names)?;
            entries += 1;
            Ok(())
        })?;
        let people_dir = dir.join("people");
        let with_notes: Vec<_> = (self.vault.relationships().list()?.into_iter())
            .filter(|r| !r.notes.trim().is_empty())
            .collect();
        if !with_notes.is_empty() {
            create_private_dir(&people_dir)?;
            for r in &with_notes {
                write_notes_md(&people_dir, r)?;
            }
            sync_dir(&people_dir);
        }
        let reflections = self.vault.reflections().list()?;
        for r in &reflections {
            let path = reflections_dir.join(format!("{}.md", r.week));
            write_reflection_md(&path, r, &reflection_doc_json(r, &names))?;
        }
        sync_dir(&entries_dir);
        sync_dir(&reflections_dir);
        Ok((entries, reflections.len() as u64))
    }
}

impl Exports<'_> {
    /// Writes `week`'s committed step as an iCalendar file to `path` (created `0600`, never
    /// over an existing file): one all-day event on the step's "by when" day, with
    /// `summary` and `description` in the front end's words. Returns that day. Fails with
    /// [`Error::InvalidInput`] when the week has no step or no day for it.
    pub fn step_calendar(
        &self,
        week: crate::schedule::Week,
        summary: &str,
        description: &str,
        path: &Path,
    ) -> Result<chrono::NaiveDate> {
        let reflection = (self.vault.reflections().get(week)?)
            .filter(|r| !r.answers.exercise.step.trim().is_empty())
            .ok_or_else(|| {
                Error::InvalidInput(format!("{week} has no step to put in a calendar"))
            })?;
        let date = reflection.answers.exercise.by_when.ok_or_else(|| {
            Error::InvalidInput(format!("{week}'s step has no day to take it by"))
        })?;
        // The reflection's id (a UUID) as the event's: adding the same week's step again
        // updates the event instead of adding a second one.
        let uid = format!("{}@steward", reflection.id);
        let ics = step_ics(&uid, date, summary, description);
        let mut file = create_private(path)?;
        let written = file
            .write_all(ics.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| Error::io(format!("writing {}", path.display()), e));
        if written.is_err() {
            let _ = std::fs::remove_file(path);
        }
        written.map(|()| date)
    }
}

/// An iCalendar document (RFC 5545, by the `icalendar` crate) holding one all-day event.
pub fn step_ics(uid: &str, date: chrono::NaiveDate, summary: &str, description: &str) -> String {
    use icalendar::{Calendar, Component, Event, EventLike};
    let event = Event::new()
        .uid(uid)
        .all_day(date)
        .summary(summary)
        .description(description)
        .done();
    Calendar::new().push(event).done().to_string()
}

fn md_io(e: std::io::Error) -> Error {
    Error::io("writing the Markdown export", e)
}

/// One entry as `entries/YYYY-MM-DD-HHMM-title-id.md` with a small front matter.
fn write_entry_md(
    dir: &Path,
    e: &Entry,
    names: &std::collections::HashMap<String, String>,
) -> Result<()> {
    let name = format!(
        "{}-{}-{}.md",
        e.created_at.format("%Y-%m-%d-%H%M"),
        slug(&e.title),
        &e.id[..8]
    );
    let mut f = BufWriter::new(create_private(&dir.join(name))?);
    let title = serde_json::to_string(&e.title).expect("a string");
    let tags = serde_json::to_string(&e.tags).expect("strings");
    writeln!(f, "---").map_err(md_io)?;
    writeln!(f, "title: {title}").map_err(md_io)?;
    writeln!(f, "date: {}", e.created_at.to_rfc3339()).map_err(md_io)?;
    writeln!(f, "tags: {tags}").map_err(md_io)?;
    if !e.people.is_empty() {
        let people: Vec<&str> = (e.people.iter())
            .map(|id| names.get(id).map_or(id.as_str(), String::as_str))
            .collect();
        let people = serde_json::to_string(&people).expect("strings");
        writeln!(f, "people: {people}").map_err(md_io)?;
    }
    if let Some(decision) = &e.decision {
        let decision = serde_json::to_string(decision).expect("a decision");
        writeln!(f, "decision: {decision}").map_err(md_io)?;
    }
    if let Some(review) = &e.review {
        let review = serde_json::to_string(review).expect("a review note");
        writeln!(f, "review: {review}").map_err(md_io)?;
    }
    writeln!(f, "id: {}", e.id).map_err(md_io)?;
    writeln!(f, "---\n").map_err(md_io)?;
    if !e.title.is_empty() {
        writeln!(f, "# {}\n", e.title).map_err(md_io)?;
    }
    writeln!(f, "{}", e.body).map_err(md_io)?;
    f.flush().map_err(md_io)
}

/// The private notes on one person as `people/name-id.md` (the id keeps two people of
/// similar names apart).
fn write_notes_md(dir: &Path, r: &crate::model::relationship::Relationship) -> Result<()> {
    let name = format!("{}-{}.md", slug(&r.name), &r.id[..8]);
    let mut f = BufWriter::new(create_private(&dir.join(name))?);
    writeln!(f, "# {}\n\n{}", r.name, r.notes.trim_end()).map_err(md_io)?;
    f.flush().map_err(md_io)
}

/// One weekly reflection as Markdown, from its reflection JSON `doc`.
fn write_reflection_md(path: &Path, r: &Reflection, doc: &serde_json::Value) -> Result<()> {
    let mut f = BufWriter::new(create_private(path)?);
    let text = |k: &str| doc[k].as_str().unwrap_or("").to_string();
    let draft = if r.is_completed() { "" } else { " (draft)" };
    writeln!(f, "# Weekly reflection, {}{draft}\n", r.week).map_err(md_io)?;
    let source = doc["strength_source"].as_str().unwrap_or("—");
    writeln!(
        f,
        "## {}\n\n{source}\n\n{}\n",
        questions::STRENGTH,
        text("strength_note")
    )
    .map_err(md_io)?;
    let causes = &doc["lost_trust_causes"];
    let lost = match (doc["no_trust_lost"].as_bool(), text("lost_trust")) {
        (Some(true), said) if said.trim().is_empty() => "Nothing this week.".to_string(),
        (_, said) => said,
    };
    writeln!(
        f,
        "## {}\n\n{lost}\n\nCauses: {causes}\n",
        questions::LOST_TRUST
    )
    .map_err(md_io)?;
    writeln!(
        f,
        "## {}\n\n{}\n",
        questions::REINFORCE,
        text("reinforce_trust")
    )
    .map_err(md_io)?;
    let ex = &doc["exercise"];
    let s = |v: &serde_json::Value, or: &'static str| v.as_str().unwrap_or(or).to_string();
    writeln!(
        f,
        "## The relationship where authority exceeds trust\n\n- Relationship: {}\n- Authority: {}\n- Trust: {}\n- Feedback to ask for: {}\n- Step ({}): {}\n- By: {}\n",
        s(&ex["relationship"], "—"), ex["authority"], ex["trust"],
        s(&ex["feedback_request"], ""), s(&ex["step_type"], "—"), s(&ex["step"], ""),
        s(&ex["by_when"], "—")
    )
    .map_err(md_io)?;
    let fu = &doc["follow_up"];
    writeln!(
        f,
        "## Last week's step\n\n- Status: {}\n- What happened: {}\n- Trust now: {}\n- Asked for the feedback: {}\n- What they said: {}\n",
        s(&fu["status"], "—"),
        s(&fu["what_happened"], ""),
        fu["trust_now"],
        match fu["asked_for_feedback"].as_bool() {
            Some(true) => "yes",
            Some(false) => "no",
            None => "—",
        },
        s(&fu["their_feedback"], "")
    )
    .map_err(md_io)?;
    let acc = &doc["trust_account"];
    writeln!(
        f,
        "## Trust account\n\n- Deposits: {}\n- Withdrawals: {}",
        acc["deposits"], acc["withdrawals"]
    )
    .map_err(md_io)?;
    if let Some(p) = &r.answers.prompt {
        let question = crate::model::prompts::by_id(&p.id).map_or(p.id.as_str(), |q| q.text);
        writeln!(f, "\n## {question}\n\n{}", p.answer).map_err(md_io)?;
    }
    f.flush().map_err(md_io)
}
