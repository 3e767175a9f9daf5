//! The weekly reflection, relationships and the reminder schedule of the open journal.
//! Each command reads "now" from the app's clock and delegates to the engine in one line.

use steward_core::status::{ReflectionOverview, ReflectionView};
use steward_core::{Reflection, Relationship, RelationshipHistory, Schedule, StoredAnswers, Week};
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

/// A week name from the UI ("" for this week).
fn week_or_current(week: &str) -> IpcResult<Option<Week>> {
    Ok((!week.is_empty()).then(|| week.parse()).transpose()?)
}

/// Where the weekly reflection stands, and the history.
#[tauri::command]
pub fn reflection_overview(state: State<'_, AppState>) -> IpcResult<ReflectionOverview> {
    let now = state.clock.now();
    state.with_session(|s| s.status().overview(&now))
}

/// One week's reflection (if started) and the step it follows up ("" for this week).
#[tauri::command]
pub fn get_reflection(state: State<'_, AppState>, week: String) -> IpcResult<ReflectionView> {
    let (week, now) = (week_or_current(&week)?, state.clock.now());
    state.with_session(|s| s.status().view(week, &now))
}

/// Saves the answers of `week` (a draft, or changes to a finished reflection).
#[tauri::command]
pub fn save_reflection(
    state: State<'_, AppState>,
    week: Week,
    answers: StoredAnswers,
    version: Option<i64>,
) -> IpcResult<Reflection> {
    let now = state.clock.now();
    state.with_session_saving(|s| s.status().save_reflection(week, answers, version, &now))
}

/// Finishes the reflection of `week`, or says which answers are missing.
#[tauri::command]
pub fn finish_reflection(state: State<'_, AppState>, week: Week) -> IpcResult<Reflection> {
    let now = state.clock.now();
    let done = state.with_session_saving(|s| s.status().finish_reflection(week, &now))?;
    state.refresh_reminder()?;
    state.start_auto_backup(std::time::Duration::ZERO);
    Ok(done)
}

/// Where "Add to calendar" offers to write the week's step: the documents folder, a file
/// named by the week (no user text in the name).
#[tauri::command]
pub fn suggest_calendar_path(state: State<'_, AppState>, week: Week) -> String {
    let folder = super::backup::backup_folder(&state);
    let name = format!("steward-step-{week}.ics");
    folder.join(name).display().to_string()
}

/// Asks where to save the calendar file with the native dialog.
#[tauri::command]
pub async fn choose_calendar_file(app: tauri::AppHandle, suggested: String) -> Option<String> {
    super::choose_file(&app, &suggested, "Calendar event (iCalendar)", "ics", true)
}

/// Writes `week`'s step as an .ics file at `path` (an absolute path to a new `.ics` file in
/// a folder that exists, re-checked here whatever the page sent), worded by the UI in its
/// language. Returns the event's day (YYYY-MM-DD).
#[tauri::command]
pub fn save_step_calendar(
    state: State<'_, AppState>,
    week: Week,
    path: std::path::PathBuf,
    summary: String,
    description: String,
) -> IpcResult<String> {
    let invalid = |why: &str| {
        crate::error::IpcError::app(
            "invalid_input",
            format!("{} cannot be used: {why}", path.display()),
        )
    };
    super::check_new_file(&path, "calendar", "ics", invalid)?;
    let day =
        state.with_session(|s| (s.exports()).step_calendar(week, &summary, &description, &path))?;
    Ok(day.to_string())
}

/// Every relationship, archived ones included.
#[tauri::command]
pub fn list_relationships(state: State<'_, AppState>) -> IpcResult<Vec<Relationship>> {
    state.with_session(|s| s.relationships().list())
}

/// Creates a relationship.
#[tauri::command]
pub fn create_relationship(state: State<'_, AppState>, name: String) -> IpcResult<Relationship> {
    state.with_session_saving(|s| s.relationships().create(&name))
}

/// Renames a relationship.
#[tauri::command]
pub fn rename_relationship(
    state: State<'_, AppState>,
    id: String,
    name: String,
) -> IpcResult<Relationship> {
    state.with_session_saving(|s| s.relationships().rename(&id, &name))
}

/// Archives or restores a relationship.
#[tauri::command]
pub fn archive_relationship(
    state: State<'_, AppState>,
    id: String,
    archived: bool,
) -> IpcResult<Relationship> {
    state.with_session_saving(|s| s.relationships().set_archived(&id, archived))
}

/// Saves the private notes on a relationship the UI loaded at `version`.
#[tauri::command]
pub fn set_relationship_notes(
    state: State<'_, AppState>,
    id: String,
    notes: String,
    version: i64,
) -> IpcResult<Relationship> {
    state.with_session_saving(|s| s.relationships().set_notes(&id, &notes, version))
}

/// A relationship's ratings over time and its trust account.
#[tauri::command]
pub fn relationship_history(
    state: State<'_, AppState>,
    id: String,
) -> IpcResult<RelationshipHistory> {
    state.with_session(|s| s.reflections().history(&id))
}

/// The reminder schedule.
#[tauri::command]
pub fn get_schedule(state: State<'_, AppState>) -> IpcResult<Schedule> {
    state.with_session(|s| s.status().schedule())
}

/// Saves the reminder schedule.
#[tauri::command]
pub fn set_schedule(state: State<'_, AppState>, schedule: Schedule) -> IpcResult<()> {
    state.with_session_saving(|s| s.status().set_schedule(&schedule))?;
    state.refresh_reminder()?;
    Ok(())
}

/// The trends of a range (see [`steward_core::trends::range_dates`]).
#[tauri::command]
pub fn get_trends(
    state: State<'_, AppState>,
    range: String,
    from: Option<String>,
    to: Option<String>,
) -> IpcResult<steward_core::Trends> {
    let now = state.clock.now();
    let (from, to) = steward_core::trends::range_dates(
        &range,
        from.as_deref(),
        to.as_deref(),
        now.date_naive(),
    )?;
    state.with_session(|s| s.trends(&now, from, to))
}
