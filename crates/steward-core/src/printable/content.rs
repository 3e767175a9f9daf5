//! What a printable record says, as blocks of text: a period's weekly reflections,
//! decisions, reviews and entries, or one person's history (their exercises, the steps and
//! how they went, the feedback heard, the entries and decisions about them). Names can be
//! replaced by initials everywhere, free text included. Pure: decrypted data in, blocks
//! out; the words come from [`RecordWords`] (English by default; the app sends its
//! catalog's).

use std::collections::HashMap;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::Deserialize;
use ts_rs::TS;

use crate::model::decision::{AsExpected, Decision};
use crate::model::entry::Entry;
use crate::model::reflection::{
    Answers, Deposit, Eroder, FollowUpStatus, Reflection, StepType, StrengthSource,
};
use crate::model::relationship::Relationship;
use crate::schedule::WeekStart;

/// One block of the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// The document's title.
    Title(String),
    /// The line under it.
    Subtitle(String),
    /// A section.
    Heading(String),
    /// A week, a decision, an entry, a review.
    Item(String),
    /// A label over its text ("Where I lost trust").
    Subheading(String),
    /// A small grey line (a date, a confidence).
    Meta(String),
    /// A paragraph.
    Para(String),
    /// A list item.
    Bullet(String),
    /// A thin line between items.
    Rule,
}

/// The words of a record. Every field has an English default; `{name}`-style holes are
/// filled in. The app sends its catalog's words, so a German journal prints in German.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(default)]
#[allow(missing_docs)]
pub struct RecordWords {
    /// BCP 47 language of these words (the PDF's language).
    pub language: String,
    pub months: Vec<String>,
    /// How a date is written: `{day}`, `{month}`, `{year}`.
    pub date: String,
    pub title_period: String,
    pub title_person: String,
    pub range: String,
    pub everything: String,
    pub written: String,
    pub footer: String,
    pub reflections: String,
    pub week: String,
    pub strength: String,
    pub power: String,
    pub trust: String,
    pub both: String,
    pub lost_trust: String,
    pub reinforce: String,
    pub exercise: String,
    pub ratings: String,
    pub feedback_request: String,
    pub step: String,
    pub transparency: String,
    pub apology: String,
    pub inclusion: String,
    pub follow_up: String,
    pub done: String,
    pub partly: String,
    pub not_done: String,
    pub trust_now: String,
    pub their_feedback: String,
    pub deposits: String,
    pub withdrawals: String,
    pub promises_kept: String,
    pub decisions_explained: String,
    pub mistakes_owned: String,
    pub people_valued: String,
    pub overused_authority: String,
    pub withheld_information: String,
    pub broke_commitments: String,
    pub ignored_fairness: String,
    pub decisions: String,
    pub situation: String,
    pub options: String,
    pub expectation: String,
    pub confidence: String,
    pub review_on: String,
    pub outcome: String,
    pub as_expected: String,
    pub partly_expected: String,
    pub not_expected: String,
    pub would_repeat: String,
    pub reviews: String,
    pub learned: String,
    pub differently: String,
    pub entries: String,
    pub nothing: String,
}

impl Default for RecordWords {
    fn default() -> Self {
        let s = |t: &str| t.to_string();
        RecordWords {
            language: s("en"),
            months: [
                "January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December",
            ]
            .map(s)
            .to_vec(),
            date: s("{day} {month} {year}"),
            title_period: s("Leadership record"),
            title_person: s("Leadership record: {name}"),
            range: s("{from} – {to}"),
            everything: s("Everything up to {to}"),
            written: s("Written by Steward on {date}. Private: bring it to your coaching session, then keep it safe or shred it."),
            footer: s("Steward · private"),
            reflections: s("Weekly reflections"),
            week: s("Week of {date}"),
            strength: s("Where my strength came from"),
            power: s("power"),
            trust: s("trust"),
            both: s("power and trust"),
            lost_trust: s("Where I lost trust"),
            reinforce: s("How I can use power to reinforce trust"),
            exercise: s("Where my authority exceeds my trust: {name}"),
            ratings: s("Authority {authority} of 5, trust {trust} of 5"),
            feedback_request: s("Feedback I asked for"),
            step: s("My step ({kind})"),
            transparency: s("transparency"),
            apology: s("apology"),
            inclusion: s("inclusion"),
            follow_up: s("How last week's step went: {status}"),
            done: s("done"),
            partly: s("partly done"),
            not_done: s("not done"),
            trust_now: s("Trust now {trust} of 5"),
            their_feedback: s("What I heard"),
            deposits: s("Trust deposits"),
            withdrawals: s("Trust withdrawals"),
            promises_kept: s("promises kept"),
            decisions_explained: s("decisions explained"),
            mistakes_owned: s("mistakes owned"),
            people_valued: s("people valued"),
            overused_authority: s("overused authority"),
            withheld_information: s("withheld information"),
            broke_commitments: s("broke commitments"),
            ignored_fairness: s("ignored fairness"),
            decisions: s("Decisions"),
            situation: s("Situation"),
            options: s("Options considered"),
            expectation: s("What I expected"),
            confidence: s("{percent}% confident · review on {date}"),
            review_on: s("Review on {date}"),
            outcome: s("Reviewed on {date}: {verdict}"),
            as_expected: s("came out as expected"),
            partly_expected: s("partly as expected"),
            not_expected: s("not as expected"),
            would_repeat: s("What I would repeat"),
            reviews: s("Quarterly and annual reviews"),
            learned: s("What I learned about how I use power and earn trust"),
            differently: s("What I will do differently"),
            entries: s("Journal entries"),
            nothing: s("Nothing was written in this period."),
        }
    }
}

/// Fills `{key}` holes of `template`.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (key, value) in values {
        out = out.replace(&format!("{{{key}}}"), value);
    }
    out
}

impl RecordWords {
    /// `date` in these words.
    pub fn date(&self, date: NaiveDate) -> String {
        let month = (self.months.get(date.month0() as usize))
            .cloned()
            .unwrap_or_else(|| format!("{:02}", date.month()));
        fill(
            &self.date,
            &[
                ("day", &date.day().to_string()),
                ("month", &month),
                ("year", &date.year().to_string()),
            ],
        )
    }

    fn step_type(&self, t: StepType) -> &str {
        match t {
            StepType::Transparency => &self.transparency,
            StepType::Apology => &self.apology,
            StepType::Inclusion => &self.inclusion,
        }
    }

    fn eroder(&self, e: Eroder) -> &str {
        match e {
            Eroder::OverusedAuthority => &self.overused_authority,
            Eroder::WithheldInformation => &self.withheld_information,
            Eroder::BrokeCommitments => &self.broke_commitments,
            Eroder::IgnoredFairness => &self.ignored_fairness,
        }
    }

    fn deposit(&self, d: Deposit) -> &str {
        match d {
            Deposit::PromisesKept => &self.promises_kept,
            Deposit::DecisionsExplained => &self.decisions_explained,
            Deposit::MistakesOwned => &self.mistakes_owned,
            Deposit::PeopleValued => &self.people_valued,
        }
    }
}

/// The names a record prints: each relationship's name, or its initials ("Dana Whitfield
/// (design lead)" → "D. W."), and free text with the names replaced. A person's name (every
/// word capitalised) is replaced word by word, so "Dana" alone is caught too; a group's name
/// ("The platform team") only as the whole phrase, so "The" elsewhere stays a word.
pub struct Names {
    by_id: HashMap<String, String>,
    /// Name words (two letters or more, starting with a capital) → their initial.
    words: HashMap<String, String>,
    /// Group names, lowercased → their initials.
    phrases: Vec<(String, String)>,
}

impl Names {
    /// The names of `relationships`, as initials when `initials`.
    pub fn new(relationships: &[Relationship], initials: bool) -> Self {
        let mut names = Names {
            by_id: HashMap::new(),
            words: HashMap::new(),
            phrases: Vec::new(),
        };
        for r in relationships {
            if !initials {
                names.by_id.insert(r.id.clone(), r.name.clone());
                continue;
            }
            let proper = r.name.split('(').next().unwrap_or_default().trim();
            let parts: Vec<&str> = proper.split_whitespace().collect();
            let short: Vec<String> = parts.iter().filter_map(|p| initial(p)).collect();
            let short = if short.is_empty() {
                "—".to_string()
            } else {
                short.join(" ")
            };
            names.by_id.insert(r.id.clone(), short.clone());
            let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
            if !parts.is_empty() && parts.iter().all(capitalised) {
                for word in proper.split(|c: char| !c.is_alphanumeric()) {
                    if word.chars().count() >= 2 && capitalised(&word) {
                        if let Some(i) = initial(word) {
                            names.words.insert(word.to_string(), i);
                        }
                    }
                }
            } else if !proper.is_empty() {
                names.phrases.push((proper.to_lowercase(), short));
            }
        }
        // The longest phrase first, so one inside another never splits it.
        names
            .phrases
            .sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        names
    }

    /// A relationship's printed name.
    pub fn of(&self, id: &str) -> String {
        self.by_id.get(id).cloned().unwrap_or_default()
    }

    /// `text` with every group name and every word of a person's name replaced by initials
    /// (whole words only).
    pub fn scrub(&self, text: &str) -> String {
        let mut text = text.to_string();
        for (phrase, short) in &self.phrases {
            text = replace_phrase(&text, phrase, short);
        }
        if self.words.is_empty() {
            return text;
        }
        let mut out = String::with_capacity(text.len());
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String| {
            match self.words.get(word.as_str()) {
                Some(i) => out.push_str(i),
                None => out.push_str(word),
            }
            word.clear();
        };
        for c in text.chars() {
            if c.is_alphanumeric() {
                word.push(c);
            } else {
                flush(&mut word, &mut out);
                out.push(c);
            }
        }
        flush(&mut word, &mut out);
        out
    }
}

/// `text` with each whole-word occurrence of `phrase` (lowercase; matched ignoring case)
/// replaced by `with`.
fn replace_phrase(text: &str, phrase: &str, with: &str) -> String {
    let lower = text.to_lowercase();
    // Lowercasing can change byte lengths outside ASCII; then the phrase is looked for as
    // written (lowercase) only.
    let haystack = if lower.len() == text.len() {
        lower.as_str()
    } else {
        text
    };
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (at, _) in haystack.match_indices(phrase) {
        let end = at + phrase.len();
        let before = text.get(..at).and_then(|t| t.chars().next_back());
        let after = text.get(end..).and_then(|t| t.chars().next());
        let bounded =
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric);
        let whole = text.is_char_boundary(at) && text.is_char_boundary(end);
        if at >= last && whole && bounded {
            out.push_str(&text[last..at]);
            out.push_str(with);
            last = end;
        }
    }
    out.push_str(&text[last..]);
    out
}

fn initial(word: &str) -> Option<String> {
    word.chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| format!("{}.", c.to_uppercase()))
}

/// The decrypted journal a record is made from.
pub struct RecordInput<'a> {
    /// Finished reflections, any order.
    pub reflections: &'a [Reflection],
    /// Every relationship (for names).
    pub relationships: &'a [Relationship],
    /// Entries (decisions and review notes among them), any order.
    pub entries: &'a [&'a Entry],
    /// The week convention.
    pub week_start: WeekStart,
    /// First and last day (inclusive).
    pub from: Option<NaiveDate>,
    /// Last day.
    pub to: NaiveDate,
    /// Only this relationship's history (its id).
    pub person: Option<String>,
    /// Today (the "written on" line).
    pub today: NaiveDate,
}

/// How many of each thing a record holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, TS)]
pub struct RecordCounts {
    /// Weekly reflections.
    pub reflections: u32,
    /// Decisions.
    pub decisions: u32,
    /// Review notes.
    pub reviews: u32,
    /// Other entries.
    pub entries: u32,
}

/// The blocks of the record, its title, and what it holds.
pub fn record(
    input: &RecordInput<'_>,
    words: &RecordWords,
    names: &Names,
) -> (Vec<Block>, String, RecordCounts) {
    let in_range = |d: NaiveDate| input.from.is_none_or(|f| d >= f) && d <= input.to;
    let about = |people: &[String]| input.person.as_ref().is_none_or(|p| people.contains(p));
    let title = match &input.person {
        Some(id) => fill(&words.title_person, &[("name", &names.of(id))]),
        None => words.title_period.clone(),
    };
    let to = words.date(input.to);
    let subtitle = match input.from {
        Some(from) => fill(&words.range, &[("from", &words.date(from)), ("to", &to)]),
        None => fill(&words.everything, &[("to", &to)]),
    };
    let mut blocks = vec![
        Block::Title(title.clone()),
        Block::Subtitle(subtitle),
        Block::Meta(fill(&words.written, &[("date", &words.date(input.today))])),
    ];
    let mut counts = RecordCounts::default();
    let mut weeks: Vec<&Reflection> = (input.reflections.iter())
        .filter(|r| r.is_completed() && in_range(r.week.first_day(input.week_start)))
        .collect();
    weeks.sort_by_key(|r| r.week);
    let mut section = Vec::new();
    for (i, r) in weeks.iter().enumerate() {
        let next = input.reflections.iter().find(|n| n.week == r.week.next());
        let mine = |id: &Option<String>| input.person.is_none() || id == &input.person;
        if !mine(&r.answers.exercise.relationship) {
            continue;
        }
        if i > 0 && !section.is_empty() {
            section.push(Block::Rule);
        }
        reflection_blocks(r, next, input, words, names, &mut section);
        counts.reflections += 1;
    }
    push_section(&mut blocks, &words.reflections, section);

    // A review note belongs to the period it reviews (written after it ended).
    let when = |e: &Entry| match &e.review {
        Some(note) => note.period.last_day().min(input.to),
        None => e.created_at.date_naive(),
    };
    let mut chosen: Vec<&Entry> = (input.entries.iter().copied())
        .filter(|e| in_range(when(e)) && about(&e.people))
        .collect();
    chosen.sort_by_key(|e| e.created_at);
    let mut decisions = Vec::new();
    let mut reviews = Vec::new();
    let mut others = Vec::new();
    for e in chosen {
        if let Some(d) = &e.decision {
            decision_blocks(e, d, words, names, &mut decisions);
            counts.decisions += 1;
        } else if let Some(note) = e.review.as_ref().filter(|_| input.person.is_none()) {
            reviews.push(Block::Item(names.scrub(&e.title)));
            reviews.push(Block::Meta(note.period.to_string()));
            labelled(&mut reviews, &words.learned, &names.scrub(&note.learned));
            labelled(
                &mut reviews,
                &words.differently,
                &names.scrub(&note.differently),
            );
            counts.reviews += 1;
        } else if e.review.is_none() {
            entry_blocks(e, words, names, &mut others);
            counts.entries += 1;
        }
    }
    push_section(&mut blocks, &words.decisions, decisions);
    push_section(&mut blocks, &words.reviews, reviews);
    push_section(&mut blocks, &words.entries, others);
    if counts == RecordCounts::default() {
        blocks.push(Block::Para(words.nothing.clone()));
    }
    (blocks, title, counts)
}

fn push_section(blocks: &mut Vec<Block>, heading: &str, section: Vec<Block>) {
    if !section.is_empty() {
        blocks.push(Block::Heading(heading.to_string()));
        blocks.extend(section);
    }
}

/// A bold label and its text, when there is text.
fn labelled(out: &mut Vec<Block>, label: &str, text: &str) {
    if !text.trim().is_empty() {
        out.push(Block::Subheading(label.to_string()));
        out.push(Block::Para(text.trim().to_string()));
    }
}

fn reflection_blocks(
    r: &Reflection,
    next: Option<&Reflection>,
    input: &RecordInput<'_>,
    words: &RecordWords,
    names: &Names,
    out: &mut Vec<Block>,
) {
    let a: &Answers = &r.answers;
    let day = words.date(r.week.first_day(input.week_start));
    out.push(Block::Subheading(fill(
        &words.week,
        &[("date", &day), ("week", &r.week.to_string())],
    )));
    if input.person.is_none() {
        if let Some(source) = a.strength_source {
            let source = match source {
                StrengthSource::Power => &words.power,
                StrengthSource::Trust => &words.trust,
                StrengthSource::Both => &words.both,
            };
            let note = names.scrub(&a.strength_note);
            let text = if note.trim().is_empty() {
                source.clone()
            } else {
                format!("{source}: {}", note.trim())
            };
            labelled(out, &words.strength, &text);
        }
        let causes: Vec<&str> = a
            .lost_trust_causes
            .iter()
            .map(|c| words.eroder(*c))
            .collect();
        let lost = [
            names.scrub(&a.lost_trust).trim().to_string(),
            causes.join(", "),
        ]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" — ");
        labelled(out, &words.lost_trust, &lost);
        labelled(out, &words.reinforce, &names.scrub(&a.reinforce_trust));
    }
    exercise_blocks(a, words, names, out);
    if let Some(next) = next.filter(|n| n.is_completed()) {
        follow_up_blocks(&next.answers, words, names, out);
    }
    if input.person.is_none() {
        let account = &a.trust_account;
        let deposits: Vec<&str> = account.deposits.iter().map(|d| words.deposit(*d)).collect();
        let withdrawals: Vec<&str> = account
            .withdrawals
            .iter()
            .map(|e| words.eroder(*e))
            .collect();
        if !deposits.is_empty() {
            out.push(Block::Bullet(format!(
                "{}: {}",
                words.deposits,
                deposits.join(", ")
            )));
        }
        if !withdrawals.is_empty() {
            out.push(Block::Bullet(format!(
                "{}: {}",
                words.withdrawals,
                withdrawals.join(", ")
            )));
        }
    }
}

fn exercise_blocks(a: &Answers, words: &RecordWords, names: &Names, out: &mut Vec<Block>) {
    let ex = &a.exercise;
    let Some(id) = &ex.relationship else { return };
    out.push(Block::Subheading(fill(
        &words.exercise,
        &[("name", &names.of(id))],
    )));
    if let (Some(authority), Some(trust)) = (ex.authority, ex.trust) {
        out.push(Block::Meta(fill(
            &words.ratings,
            &[
                ("authority", &authority.get().to_string()),
                ("trust", &trust.get().to_string()),
            ],
        )));
    }
    if !ex.feedback_request.trim().is_empty() {
        out.push(Block::Bullet(format!(
            "{}: {}",
            words.feedback_request,
            names.scrub(ex.feedback_request.trim())
        )));
    }
    if let Some(kind) = ex.step_type {
        let label = fill(&words.step, &[("kind", words.step_type(kind))]);
        out.push(Block::Bullet(format!(
            "{label}: {}",
            names.scrub(ex.step.trim())
        )));
    }
}

fn follow_up_blocks(next: &Answers, words: &RecordWords, names: &Names, out: &mut Vec<Block>) {
    let f = &next.follow_up;
    let Some(status) = f.status else { return };
    let status = match status {
        FollowUpStatus::Done => &words.done,
        FollowUpStatus::Partly => &words.partly,
        FollowUpStatus::NotDone => &words.not_done,
    };
    out.push(Block::Subheading(fill(
        &words.follow_up,
        &[("status", status)],
    )));
    if !f.what_happened.trim().is_empty() {
        out.push(Block::Para(names.scrub(f.what_happened.trim())));
    }
    if let Some(t) = f.trust_now {
        out.push(Block::Meta(fill(
            &words.trust_now,
            &[("trust", &t.get().to_string())],
        )));
    }
    if !f.their_feedback.trim().is_empty() {
        out.push(Block::Bullet(format!(
            "{}: {}",
            words.their_feedback,
            names.scrub(f.their_feedback.trim())
        )));
    }
}

fn decision_blocks(
    e: &Entry,
    d: &Decision,
    words: &RecordWords,
    names: &Names,
    out: &mut Vec<Block>,
) {
    if !out.is_empty() {
        out.push(Block::Rule);
    }
    out.push(Block::Item(names.scrub(&e.title)));
    out.push(Block::Meta(format!(
        "{} · {}",
        local_date(words, &e.created_at),
        fill(
            &words.confidence,
            &[
                ("percent", &d.confidence.to_string()),
                ("date", &words.date(d.review_on))
            ]
        )
    )));
    labelled(out, &words.situation, &names.scrub(&d.situation));
    labelled(out, &words.options, &names.scrub(&d.options));
    labelled(out, &words.expectation, &names.scrub(&d.expectation));
    if let Some(o) = &d.outcome {
        let verdict = match o.as_expected {
            AsExpected::Yes => &words.as_expected,
            AsExpected::Partly => &words.partly_expected,
            AsExpected::No => &words.not_expected,
        };
        out.push(Block::Subheading(fill(
            &words.outcome,
            &[("date", &words.date(o.reviewed_on)), ("verdict", verdict)],
        )));
        out.push(Block::Para(names.scrub(o.what_happened.trim())));
        labelled(out, &words.would_repeat, &names.scrub(&o.would_repeat));
    }
}

fn entry_blocks(e: &Entry, words: &RecordWords, names: &Names, out: &mut Vec<Block>) {
    if !out.is_empty() {
        out.push(Block::Rule);
    }
    if !e.title.trim().is_empty() {
        out.push(Block::Item(names.scrub(e.title.trim())));
    }
    out.push(Block::Meta(local_date(words, &e.created_at)));
    for block in markdown_blocks(&e.body) {
        out.push(match block {
            Block::Para(t) => Block::Para(names.scrub(&t)),
            Block::Bullet(t) => Block::Bullet(names.scrub(&t)),
            Block::Subheading(t) => Block::Subheading(names.scrub(&t)),
            other => other,
        });
    }
}

fn local_date(words: &RecordWords, at: &DateTime<FixedOffset>) -> String {
    words.date(at.date_naive())
}

/// An entry's Markdown as plain paragraphs, list items and headings (pulldown-cmark reads
/// it; emphasis and links print as their text).
fn markdown_blocks(body: &str) -> Vec<Block> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let mut text = String::new();
    let mut kind: fn(String) -> Block = Block::Para;
    for event in Parser::new(body) {
        match event {
            Event::Start(Tag::Heading { .. }) => kind = Block::Subheading,
            Event::Start(Tag::Item) => kind = Block::Bullet,
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak => text.push(' '),
            Event::HardBreak => text.push('\n'),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock,
            ) => {
                if !text.trim().is_empty() {
                    out.push(kind(std::mem::take(&mut text).trim().to_string()));
                }
                text.clear();
                if !matches!(event, Event::End(TagEnd::Paragraph)) {
                    kind = Block::Para;
                }
            }
            _ => {}
        }
    }
    if !text.trim().is_empty() {
        out.push(kind(text.trim().to_string()));
    }
    out
}
