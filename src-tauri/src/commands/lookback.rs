//! Looking back from the app: on this day, the quarter's and year's reviews and their
//! notes, decisions and their reviews, and the printable record (a PDF written after the
//! UI's plaintext warning). Each command reads "now" from the app's clock and delegates to
//! the session in one line.

use std::path::PathBuf;

use steward_core::decisions::{AsExpected, Decision, DecisionOutcome, NewDecision};
use steward_core::lookback::{DecisionList, OnThisDay, ReviewWithNote};
use steward_core::printable::{RecordRequest, RecordSummary, RecordWords};
use steward_core::{Entry, Period, ReviewNote};
use tauri::{AppHandle, State};

use super::blocking;
use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

fn period(text: &str) -> IpcResult<Period> {
    Ok(text.parse::<Period>()?)
}

fn day(text: &str, what: &str) -> IpcResult<Option<chrono::NaiveDate>> {
    match text.trim() {
        "" => Ok(None),
        t => chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| IpcError::app("invalid_input", format!("{what} {t:?} is not a date"))),
    }
}

/// What was written today in earlier years.
#[tauri::command]
pub fn on_this_day(state: State<'_, AppState>) -> IpcResult<OnThisDay> {
    let today = state.clock.now().date_naive();
    state.with_session(|s| s.on_this_day(today))
}

/// "Not today" for on this day.
#[tauri::command]
pub fn dismiss_on_this_day(state: State<'_, AppState>) -> IpcResult<()> {
    let today = state.clock.now().date_naive();
    state.with_session(|s| s.dismiss_on_this_day(today))
}

/// The periods there is something to review in, newest first (`2026-Q3`, `2026`).
#[tauri::command]
pub fn review_periods(state: State<'_, AppState>) -> IpcResult<Vec<String>> {
    let today = state.clock.now().date_naive();
    let periods = state.with_session(|s| s.review_periods(today))?;
    Ok(periods.iter().map(ToString::to_string).collect())
}

/// The reviews the app offers today (none once written or dismissed).
#[tauri::command]
pub fn review_offers(state: State<'_, AppState>) -> IpcResult<Vec<String>> {
    let today = state.clock.now().date_naive();
    let offers = state.with_session(|s| s.review_offers(today))?;
    Ok(offers.iter().map(ToString::to_string).collect())
}

/// "Not now" for the review of `period`.
#[tauri::command]
pub fn dismiss_review(state: State<'_, AppState>, period: String) -> IpcResult<()> {
    let p = self::period(&period)?;
    state.with_session(|s| s.dismiss_review(p))
}

/// The review of `period` with its saved note.
#[tauri::command]
pub fn get_review(state: State<'_, AppState>, period: String) -> IpcResult<ReviewWithNote> {
    let (p, now) = (self::period(&period)?, state.clock.now());
    state.with_session(|s| s.period_review(p, &now))
}

/// Saves the leader's summary of `period` under `title` (worded by the UI); `version` is
/// the note's version as loaded (absent for a new one).
#[tauri::command]
pub fn save_review(
    state: State<'_, AppState>,
    period: String,
    title: String,
    learned: String,
    differently: String,
    version: Option<i64>,
) -> IpcResult<Entry> {
    let period = self::period(&period)?;
    let note = ReviewNote {
        period,
        learned,
        differently,
    };
    state.with_session_saving(|s| s.save_review_note(note, title, version))
}

/// The decisions: due, open, reviewed, and the calibration.
#[tauri::command]
pub fn list_decisions(state: State<'_, AppState>) -> IpcResult<DecisionList> {
    let today = state.clock.now().date_naive();
    state.with_session(|s| Ok(s.decisions(today)))
}

/// How soon a new decision is looked at again: after some days (counted from the app's
/// "today"), or on a chosen date (YYYY-MM-DD).
#[derive(serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewWhen {
    /// This many days after today.
    Days(u32),
    /// On this day.
    On(String),
}

/// Records a decision taken today.
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub fn add_decision(
    state: State<'_, AppState>,
    title: String,
    situation: String,
    options: String,
    expectation: String,
    confidence: u8,
    review: ReviewWhen,
    people: Vec<String>,
) -> IpcResult<Entry> {
    let now = state.clock.now();
    let review_on = match review {
        ReviewWhen::Days(days) => steward_core::decisions::review_date(now.date_naive(), days),
        ReviewWhen::On(text) => day(&text, "the review date")?
            .ok_or_else(|| IpcError::app("invalid_input", "choose a review date".to_string()))?,
    };
    let new = NewDecision {
        title,
        decision: Decision {
            situation,
            options,
            expectation,
            confidence,
            review_on,
            outcome: None,
        },
        notes: String::new(),
        tags: Vec::new(),
        people,
        created_at: Some(now.fixed_offset()),
    };
    state.with_session_saving(|s| s.add_decision(new))
}

/// Records how decision `id` (loaded at `version`) came out, reviewed today.
#[tauri::command]
pub fn review_decision(
    state: State<'_, AppState>,
    id: String,
    what_happened: String,
    as_expected: AsExpected,
    would_repeat: String,
    version: i64,
) -> IpcResult<Entry> {
    let outcome = DecisionOutcome {
        reviewed_on: state.clock.now().date_naive(),
        what_happened,
        as_expected,
        would_repeat,
    };
    state.with_session_saving(|s| s.review_decision(&id, outcome, Some(version)))
}

/// Where "Print or save as PDF" offers to write: the documents folder, a file named by the
/// period (no user text in the name).
#[tauri::command]
pub fn suggest_record_path(state: State<'_, AppState>, name: String) -> String {
    let safe: String = (name.chars())
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let folder = super::backup::backup_folder(&state);
    folder
        .join(format!("steward-record-{safe}.pdf"))
        .display()
        .to_string()
}

/// Asks where to save the PDF with the native dialog.
#[tauri::command]
pub async fn choose_record_file(app: AppHandle, suggested: String) -> Option<String> {
    super::choose_file(&app, &suggested, "PDF document", "pdf", true)
}

/// Writes the printable record to `path` (an absolute path to a new `.pdf` in a folder
/// that exists, re-checked here) in the UI's `words`: from / to are YYYY-MM-DD or empty,
/// `person` a relationship id or empty.
#[tauri::command]
pub async fn export_record(
    app: AppHandle,
    path: PathBuf,
    from: String,
    to: String,
    person: String,
    initials: bool,
    words: RecordWords,
) -> IpcResult<RecordSummary> {
    let invalid = |why: &str| {
        IpcError::app(
            "invalid_input",
            format!("{} cannot be used: {why}", path.display()),
        )
    };
    super::check_new_file(&path, "PDF", "pdf", invalid)?;
    let request = RecordRequest {
        from: day(&from, "from")?,
        to: day(&to, "to")?,
        person: Some(person).filter(|p| !p.trim().is_empty()),
        initials,
    };
    blocking(app, move |state| {
        let today = state.clock.now().date_naive();
        state.with_session(|s| s.record_pdf(&path, &request, &words, today))
    })
    .await
}
