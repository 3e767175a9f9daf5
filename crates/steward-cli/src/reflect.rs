//! `steward reflect`: the weekly reflection in a terminal — scripted from reflection JSON,
//! or asked question by question (the follow-up of the previous step first, then the three
//! questions, the exercise and the trust account). Answers already saved for the week are
//! offered as defaults, so an interrupted reflection picks up where it stopped.

use std::collections::HashMap;
use std::io::{BufRead, Write};

use anyhow::{bail, Context, Result};
use steward_core::reflections::{
    prompts, reflection_doc_json, Deposit, Eroder, FollowUpStatus, Rating, StepType, StrengthSource,
};
use steward_core::{Answers, PreviousStep, Reflection, Vault, Week, WeekStatus};

/// The three questions, worded once in the engine (docs/DESIGN.md §4).
pub use steward_core::reflections::questions::{
    LOST_TRUST_THIS_WEEK as Q_LOST_TRUST_THIS_WEEK, REINFORCE as Q_REINFORCE,
    STRENGTH as Q_STRENGTH,
};

/// Names relationship ids for printing.
pub fn relationship_names(vault: &Vault) -> Result<HashMap<String, String>> {
    Ok(vault.relationships().names_by_id()?)
}

/// Prints the status of the weekly reflection.
pub fn print_status(status: &WeekStatus, previous: Option<&PreviousStep>) {
    let state = if status.completed {
        "done".to_string()
    } else if status.due {
        format!("due since {}", short_time(&status.due_at))
    } else if status.draft {
        format!("started; due {}", short_time(&status.due_at))
    } else {
        format!("due {}", short_time(&status.due_at))
    };
    println!("This week ({}): {state}", status.week);
    println!(
        "Streak: {} week{} (longest {})",
        status.streak,
        if status.streak == 1 { "" } else { "s" },
        status.longest_streak
    );
    if !status.missed.is_empty() {
        let shown: Vec<String> = status
            .missed
            .iter()
            .rev()
            .take(8)
            .map(|w| w.to_string())
            .collect();
        let more = status.missed.len().saturating_sub(shown.len());
        println!(
            "Missed: {}{}",
            shown.join(", "),
            if more > 0 {
                format!(" and {more} earlier")
            } else {
                String::new()
            }
        );
    }
    if let Some(p) = previous {
        println!(
            "To follow up: {} ({}){}",
            p.step,
            p.week,
            p.relationship
                .as_ref()
                .map(|r| format!(" with {r}"))
                .unwrap_or_default()
        );
    }
}

fn short_time(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.format("%a %d %b %H:%M").to_string())
        .unwrap_or_else(|_| rfc3339.to_string())
}

/// Prints a saved reflection in a readable form.
pub fn print_reflection(r: &Reflection, names: &HashMap<String, String>) {
    let doc = reflection_doc_json(r, names);
    println!(
        "Reflection {} — {}",
        r.week,
        if r.is_completed() {
            "finished"
        } else {
            "draft"
        }
    );
    println!(
        "{}",
        serde_json::to_string_pretty(&doc).expect("JSON value prints")
    );
}

/// Line-by-line prompts over any reader (the terminal, or a pipe in tests and scripts).
pub struct Prompter<R: BufRead, W: Write> {
    input: R,
    output: W,
}

impl<R: BufRead, W: Write> Prompter<R, W> {
    /// Prompts on `output`, reads answers from `input`.
    pub fn new(input: R, output: W) -> Self {
        Prompter { input, output }
    }

    fn line(&mut self, prompt: &str, current: &str) -> Result<String> {
        match self.optional_line(prompt, current)? {
            Some(answer) => Ok(answer),
            None => bail!("input ended before the reflection was complete; what was answered is saved as a draft"),
        }
    }

    /// [`Prompter::line`] for a question that may go unanswered: `None` when the input
    /// ends there (a script that predates the question still finishes its week).
    pub(crate) fn optional_line(&mut self, prompt: &str, current: &str) -> Result<Option<String>> {
        if current.is_empty() {
            write!(self.output, "{prompt}\n> ")?;
        } else {
            write!(self.output, "{prompt}\n  [Enter keeps: {current}]\n> ")?;
        }
        self.output.flush()?;
        let mut buf = String::new();
        if self.input.read_line(&mut buf)? == 0 {
            return Ok(None);
        }
        let answer = buf.trim().to_string();
        Ok(Some(if answer.is_empty() {
            current.to_string()
        } else {
            answer
        }))
    }

    fn text(&mut self, prompt: &str, current: &mut String) -> Result<()> {
        *current = self.line(prompt, current)?;
        Ok(())
    }

    fn choice<T: Copy + serde::Serialize + serde::de::DeserializeOwned>(
        &mut self,
        prompt: &str,
        options: &[T],
        current: Option<T>,
        optional: bool,
    ) -> Result<Option<T>> {
        let names: Vec<String> = options.iter().map(|o| name_of(o)).collect();
        let current_name = current.map(|c| name_of(&c)).unwrap_or_default();
        loop {
            let answer = self.line(&format!("{prompt} ({})", numbered(&names)), &current_name)?;
            if answer.is_empty() && optional {
                return Ok(None);
            }
            if let Some(found) = pick(&answer, &names) {
                return Ok(Some(options[found]));
            }
            writeln!(
                self.output,
                "  Please answer with a number or one of: {}",
                names.join(", ")
            )?;
        }
    }

    fn many<T: Copy + serde::Serialize + serde::de::DeserializeOwned>(
        &mut self,
        prompt: &str,
        options: &[T],
        current: &mut Vec<T>,
    ) -> Result<()> {
        let names: Vec<String> = options.iter().map(|o| name_of(o)).collect();
        let current_names: Vec<String> = current.iter().map(|c| name_of(c)).collect();
        loop {
            let listed = numbered(&names);
            let answer = self.line(
                &format!(
                    "{prompt} — any of {}, separated by commas; \"-\" for none",
                    listed
                ),
                &current_names.join(", "),
            )?;
            if answer == "-" || answer.is_empty() {
                current.clear();
                return Ok(());
            }
            let picked: Option<Vec<T>> = answer
                .split(',')
                .map(|part| pick(part.trim(), &names).map(|i| options[i]))
                .collect();
            match picked {
                Some(values) => {
                    *current = values;
                    return Ok(());
                }
                None => writeln!(self.output, "  Please use the numbers or names listed")?,
            }
        }
    }

    fn rating(
        &mut self,
        prompt: &str,
        hints: &[&str; 5],
        current: Option<Rating>,
    ) -> Result<Rating> {
        let current = current.map(|r| r.get().to_string()).unwrap_or_default();
        loop {
            let listed: Vec<String> = hints
                .iter()
                .enumerate()
                .map(|(i, h)| format!("  {} {h}", i + 1))
                .collect();
            let answer = self.line(&format!("{prompt}\n{}", listed.join("\n")), &current)?;
            if let Some(r) = answer.parse::<u8>().ok().and_then(Rating::new) {
                return Ok(r);
            }
            writeln!(
                self.output,
                "  Please answer with a whole number from 1 to 5"
            )?;
        }
    }
}

/// "1 power, 2 trust, 3 both": the choices as they are offered.
fn numbered(names: &[String]) -> String {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| format!("{} {n}", i + 1))
        .collect::<Vec<_>>()
        .join(", ")
}

fn name_of<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn pick(answer: &str, names: &[String]) -> Option<usize> {
    let answer = answer.trim().to_lowercase().replace([' ', '-'], "_");
    if let Ok(n) = answer.parse::<usize>() {
        return (1..=names.len()).contains(&n).then(|| n - 1);
    }
    names.iter().position(|n| *n == answer)
}

/// What each authority level means (shown next to the rating).
pub const AUTHORITY_HINTS: [&str; 5] = [
    "little formal say over them",
    "some say in a few of their decisions",
    "I direct part of their work",
    "I direct their work and weigh in on their prospects",
    "I decide their work, pay and future",
];

/// What each trust level means.
pub const TRUST_HINTS: [&str; 5] = [
    "they expect me to act against their interests",
    "they are wary; they check what I say",
    "they give me the benefit of the doubt on small things",
    "they rely on my word and tell me bad news",
    "they would follow me through a hard change without being told why",
];

/// Asks the reflection of `week` question by question, saving a draft after each part.
pub fn interactive<R: BufRead, W: Write>(
    vault: &Vault,
    week: Week,
    current: Week,
    prompter: &mut Prompter<R, W>,
) -> Result<Reflection> {
    let existing = vault.reflections().get(week)?;
    let mut answers: Answers = existing
        .as_ref()
        .map(|r| r.answers.clone())
        .unwrap_or_default();
    let save = |answers: &Answers| -> Result<()> {
        vault
            .reflections()
            .save(week, answers.clone(), None, current)?;
        Ok(())
    };
    writeln!(prompter.output, "Weekly reflection for {week}\n")?;
    let previous = vault.reflections().previous_step(week)?;
    if let Some(p) = &previous {
        ask_follow_up(prompter, p, &mut answers)?;
        save(&answers)?;
    }
    ask_questions(prompter, &mut answers)?;
    save(&answers)?;
    let next_reflection_day = vault.status().schedule()?.due_date(week.next());
    ask_exercise(
        vault,
        prompter,
        previous.as_ref(),
        next_reflection_day,
        &mut answers,
    )?;
    save(&answers)?;
    writeln!(prompter.output, "\nThe trust account of the week.")?;
    prompter.many("Deposits", &DEPOSITS, &mut answers.trust_account.deposits)?;
    prompter.many(
        "Withdrawals",
        &ERODERS,
        &mut answers.trust_account.withdrawals,
    )?;
    ask_account_person(vault, prompter, &mut answers)?;
    save(&answers)?;
    ask_prompt(prompter, week, &mut answers)?;
    save(&answers)?;
    vault
        .reflections()
        .finish(week, current)
        .context("the reflection is saved as a draft")
}

/// The week's optional prompt from the library (the one already answered, else the week's
/// turn): Enter, or the end of the input, skips it.
fn ask_prompt<R: BufRead, W: Write>(
    prompter: &mut Prompter<R, W>,
    week: Week,
    answers: &mut Answers,
) -> Result<()> {
    let offered = answers
        .prompt
        .as_ref()
        .and_then(|p| prompts::by_id(&p.id))
        .unwrap_or_else(|| prompts::for_week(week));
    let current = answers.prompt.as_ref().map_or("", |p| p.answer.as_str());
    writeln!(prompter.output)?;
    let question = format!(
        "One more question, if you like (Enter skips it):\n{}",
        offered.text
    );
    let answer = match prompter.optional_line(&question, current)? {
        Some(answer) => answer,
        None => return Ok(()),
    };
    answers.prompt = (!answer.trim().is_empty()).then(|| prompts::PromptAnswer {
        id: offered.id.to_string(),
        answer,
    });
    Ok(())
}

/// Whom the week's deposits and withdrawals concern, when there are any: by default the
/// exercise's person (left unnamed, so it follows the exercise), or someone else by name.
fn ask_account_person<R: BufRead, W: Write>(
    vault: &Vault,
    prompter: &mut Prompter<R, W>,
    answers: &mut Answers,
) -> Result<()> {
    let account = &answers.trust_account;
    if account.deposits.is_empty() && account.withdrawals.is_empty() {
        return Ok(());
    }
    let name_of = |id: &Option<String>| {
        (id.as_ref())
            .and_then(|id| vault.relationships().get(id).ok())
            .map(|r| r.name)
    };
    let current = name_of(&account.relationship)
        .or_else(|| name_of(&answers.exercise.relationship))
        .unwrap_or_default();
    let name = prompter.line("Whom did they concern most? (a name)", &current)?;
    if name.trim().is_empty() || name == current {
        return Ok(());
    }
    answers.trust_account.relationship = Some(vault.relationships().find_or_create(&name)?.id);
    Ok(())
}

/// The follow-up of the previous step `p`.
fn ask_follow_up<R: BufRead, W: Write>(
    prompter: &mut Prompter<R, W>,
    p: &PreviousStep,
    answers: &mut Answers,
) -> Result<()> {
    writeln!(
        prompter.output,
        "Follow-up — in {} you committed to: {}{}",
        p.week,
        p.step,
        p.relationship
            .as_ref()
            .map(|r| format!(" (with {r})"))
            .unwrap_or_default()
    )?;
    let f = &mut answers.follow_up;
    f.status = prompter.choice(
        "Did you do it?",
        &[
            FollowUpStatus::Done,
            FollowUpStatus::Partly,
            FollowUpStatus::NotDone,
        ],
        f.status,
        false,
    )?;
    prompter.text("What happened?", &mut f.what_happened)?;
    if f.status == Some(FollowUpStatus::NotDone) {
        carry_step(prompter, p, &mut answers.exercise)?;
    }
    let f = &mut answers.follow_up;
    let asked = if p.feedback_request.trim().is_empty() {
        "Did you ask them for feedback?".to_string()
    } else {
        format!(
            "You meant to ask for feedback: {}\nDid you ask for it?",
            p.feedback_request.trim()
        )
    };
    let current = f.asked_for_feedback.map(YesNo::from);
    f.asked_for_feedback = prompter
        .choice(&asked, &[YesNo::Yes, YesNo::No], current, false)?
        .map(|a| a == YesNo::Yes);
    if f.asked_for_feedback == Some(true) {
        let who = p.relationship.as_deref().unwrap_or("they");
        prompter.text(&format!("What did {who} say?"), &mut f.their_feedback)?;
    }
    f.trust_now = Some(prompter.rating(
        "Trust in that relationship now (1–5)?",
        &TRUST_HINTS,
        f.trust_now,
    )?);
    Ok(())
}

/// A step not taken: kept for this week (it becomes this week's exercise, each answer
/// offered as the one to keep) or changed (the exercise asks for a new one).
fn carry_step<R: BufRead, W: Write>(
    prompter: &mut Prompter<R, W>,
    p: &PreviousStep,
    exercise: &mut steward_core::reflections::Exercise,
) -> Result<()> {
    let kept = exercise.step.trim() == p.step.trim() && exercise.relationship == p.relationship_id;
    let current = kept.then_some(Carry::Keep);
    let answer = prompter.choice(
        "Keep this step for this week, or change it?",
        &[Carry::Keep, Carry::Change],
        current,
        false,
    )?;
    if answer == Some(Carry::Keep) && !kept {
        exercise.relationship = p.relationship_id.clone();
        exercise.step_type = p.step_type;
        exercise.step = p.step.clone();
        if exercise.feedback_request.trim().is_empty() {
            exercise.feedback_request = p.feedback_request.clone();
        }
    }
    Ok(())
}

/// The three questions.
fn ask_questions<R: BufRead, W: Write>(
    prompter: &mut Prompter<R, W>,
    answers: &mut Answers,
) -> Result<()> {
    answers.strength_source = prompter.choice(
        &format!("1. {Q_STRENGTH}"),
        &[
            StrengthSource::Power,
            StrengthSource::Trust,
            StrengthSource::Both,
        ],
        answers.strength_source,
        false,
    )?;
    prompter.text("   In your words:", &mut answers.strength_note)?;
    // Question 2 as a yes or no first: a week where nothing cost trust is an answer too.
    let said_nothing = answers.no_trust_lost && answers.lost_trust.trim().is_empty();
    let current = (answers.no_trust_lost || !answers.lost_trust.trim().is_empty())
        .then_some(YesNo::from(!said_nothing));
    let lost = prompter.choice(
        &format!("2. {Q_LOST_TRUST_THIS_WEEK} (no: nothing this week)"),
        &[YesNo::Yes, YesNo::No],
        current,
        true,
    )?;
    answers.no_trust_lost = lost == Some(YesNo::No);
    if lost == Some(YesNo::Yes) {
        prompter.text("   When, and what caused it?", &mut answers.lost_trust)?;
        prompter.many("   Causes", &ERODERS, &mut answers.lost_trust_causes)?;
    }
    prompter.text(&format!("3. {Q_REINFORCE}"), &mut answers.reinforce_trust)?;
    Ok(())
}

/// The relationship asked for by name (one of the leader's, or a new one).
fn ask_relationship<R: BufRead, W: Write>(
    vault: &Vault,
    prompter: &mut Prompter<R, W>,
    answers: &Answers,
) -> Result<String> {
    let active: Vec<_> = vault
        .relationships()
        .list()?
        .into_iter()
        .filter(|r| !r.archived)
        .collect();
    let current_name = answers
        .exercise
        .relationship
        .as_ref()
        .and_then(|id| vault.relationships().get(id).ok())
        .map(|r| r.name)
        .unwrap_or_default();
    let known = if active.is_empty() {
        String::new()
    } else {
        let names: Vec<&str> = active.iter().map(|r| r.name.as_str()).collect();
        format!(" (yours: {})", names.join(", "))
    };
    let name = loop {
        let name = prompter.line(&format!("Relationship{known}:"), &current_name)?;
        if !name.trim().is_empty() {
            break name;
        }
    };
    Ok(vault.relationships().find_or_create(&name)?.id)
}

/// The exercise: the relationship, both ratings, the feedback to ask for and the step. When
/// it is the person of the step just followed up, the follow-up's "trust now" is the
/// week's trust rating (offered as the answer; one rating per person per week).
fn ask_exercise<R: BufRead, W: Write>(
    vault: &Vault,
    prompter: &mut Prompter<R, W>,
    previous: Option<&PreviousStep>,
    next_reflection_day: chrono::NaiveDate,
    answers: &mut Answers,
) -> Result<()> {
    writeln!(
        prompter.output,
        "\nThe exercise: name the one relationship where your authority exceeds your trust."
    )?;
    let person = ask_relationship(vault, prompter, answers)?;
    let followed_up = previous.and_then(|p| p.relationship_id.as_deref()) == Some(person.as_str());
    if followed_up && answers.exercise.trust.is_none() {
        answers.exercise.trust = answers.follow_up.trust_now;
    }
    answers.exercise.relationship = Some(person);
    let ex = &mut answers.exercise;
    ex.authority = Some(prompter.rating(
        "Your authority in it (1–5)?",
        &AUTHORITY_HINTS,
        ex.authority,
    )?);
    ex.trust = Some(prompter.rating("Their trust in you (1–5)?", &TRUST_HINTS, ex.trust)?);
    prompter.text(
        "What feedback will you ask them for?",
        &mut ex.feedback_request,
    )?;
    ex.step_type = prompter.choice(
        "One concrete step this week — what kind?",
        &[
            StepType::Transparency,
            StepType::Apology,
            StepType::Inclusion,
        ],
        ex.step_type,
        false,
    )?;
    loop {
        prompter.text("The step:", &mut ex.step)?;
        if !ex.step.trim().is_empty() {
            break;
        }
    }
    let by = ex.by_when.unwrap_or(next_reflection_day);
    ex.by_when = Some(loop {
        let answer = prompter.line("By when? (YYYY-MM-DD)", &by.to_string())?;
        match chrono::NaiveDate::parse_from_str(answer.trim(), "%Y-%m-%d") {
            Ok(day) => break day,
            Err(_) => writeln!(prompter.output, "  A day like {by}, please.")?,
        }
    });
    Ok(())
}

/// What becomes of a step not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
enum Carry {
    Keep,
    Change,
}

/// A yes-or-no answer, offered like the other choices ("1 yes, 2 no").
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
enum YesNo {
    Yes,
    No,
}

impl From<bool> for YesNo {
    fn from(yes: bool) -> Self {
        if yes {
            YesNo::Yes
        } else {
            YesNo::No
        }
    }
}

const ERODERS: [Eroder; 4] = [
    Eroder::OverusedAuthority,
    Eroder::WithheldInformation,
    Eroder::BrokeCommitments,
    Eroder::IgnoredFairness,
];

const DEPOSITS: [Deposit; 4] = [
    Deposit::PromisesKept,
    Deposit::DecisionsExplained,
    Deposit::MistakesOwned,
    Deposit::PeopleValued,
];
