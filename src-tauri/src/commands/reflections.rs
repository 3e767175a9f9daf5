//! The weekly reflection, relationships and the reminder schedule of the open journal.
//! Each command reads "now" from the app's clock and delegates to the engine.

use serde::Serialize;
use steward_core::reflections::StepType;
use steward_core::{
    PreviousStep, Reflection, Relationship, RelationshipHistory, Schedule, StoredAnswers, Week,
    WeekStatus,
};
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

fn parse_week(week: &str) -> IpcResult<Week> {
    Ok(week.parse::<Week>()?)
}

/// A past reflection as the history list shows it.
#[derive(Serialize)]
pub struct ReflectionListItem {
    /// Its week.
    pub week: Week,
    /// Finished (else a draft).
    pub completed: bool,
    /// The exercise's relationship, by name.
    pub relationship: Option<String>,
    /// The step committed.
    pub step: String,
    /// Its kind.
    pub step_type: Option<StepType>,
}

/// Everything the reflection screen and the due banner need.
#[derive(Serialize)]
pub struct ReflectionOverview {
    /// Where this week stands.
    pub status: WeekStatus,
    /// The step this week's reflection follows up.
    pub follow_up_of: Option<PreviousStep>,
    /// The reminder schedule.
    pub schedule: Schedule,
    /// Every reflection, newest first.
    pub reflections: Vec<ReflectionListItem>,
}

/// Where the weekly reflection stands, and the history.
#[tauri::command]
pub fn reflection_overview(state: State<'_, AppState>) -> IpcResult<ReflectionOverview> {
    let now = state.clock.now();
    state.with_session(|s| {
        let vault = s.vault();
        let status = vault.status().week_status(&now)?;
        let follow_up_of = vault.reflections().previous_step(status.week)?;
        let names: std::collections::HashMap<String, String> = vault
            .relationships()
            .list()?
            .into_iter()
            .map(|r| (r.id, r.name))
            .collect();
        let mut reflections: Vec<ReflectionListItem> = vault
            .reflections()
            .list()?
            .into_iter()
            .map(|r| ReflectionListItem {
                week: r.week,
                completed: r.is_completed(),
                relationship: r
                    .answers
                    .exercise
                    .relationship
                    .as_ref()
                    .and_then(|id| names.get(id).cloned()),
                step: r.answers.exercise.step,
                step_type: r.answers.exercise.step_type,
            })
            .collect();
        reflections.reverse();
        Ok(ReflectionOverview {
            status,
            follow_up_of,
            schedule: vault.status().schedule()?,
            reflections,
        })
    })
}

/// One week's reflection (if started) and the step it follows up.
#[derive(Serialize)]
pub struct ReflectionView {
    /// The week shown.
    pub week: Week,
    /// The week holding "now".
    pub current_week: Week,
    /// The saved reflection, if any.
    pub reflection: Option<Reflection>,
    /// The step to follow up.
    pub follow_up_of: Option<PreviousStep>,
}

/// The reflection of `week` ("" for this week).
#[tauri::command]
pub fn get_reflection(state: State<'_, AppState>, week: String) -> IpcResult<ReflectionView> {
    let now = state.clock.now();
    state.with_session(|s| {
        let vault = s.vault();
        let current_week = vault.status().schedule()?.week_of(&now);
        let week = if week.is_empty() {
            current_week
        } else {
            week.parse()?
        };
        Ok(ReflectionView {
            week,
            current_week,
            reflection: vault.reflections().get(week)?,
            follow_up_of: vault.reflections().previous_step(week)?,
        })
    })
}

/// Saves the answers of `week` (a draft, or changes to a finished reflection).
#[tauri::command]
pub fn save_reflection(
    state: State<'_, AppState>,
    week: String,
    answers: StoredAnswers,
    version: Option<i64>,
) -> IpcResult<Reflection> {
    let week = parse_week(&week)?;
    let now = state.clock.now();
    state.with_session(|s| {
        let current = s.vault().status().schedule()?.week_of(&now);
        s.vault()
            .reflections()
            .save(week, answers, version, current)
    })
}

/// Finishes the reflection of `week`, or says which answers are missing.
#[tauri::command]
pub fn finish_reflection(state: State<'_, AppState>, week: String) -> IpcResult<Reflection> {
    let week = parse_week(&week)?;
    let now = state.clock.now();
    let done = state.with_session(|s| {
        let current = s.vault().status().schedule()?.week_of(&now);
        s.vault().reflections().finish(week, current)
    })?;
    state.refresh_reminder()?;
    Ok(done)
}

/// Every relationship, archived ones included.
#[tauri::command]
pub fn list_relationships(state: State<'_, AppState>) -> IpcResult<Vec<Relationship>> {
    state.with_session(|s| s.vault().relationships().list())
}

/// Creates a relationship.
#[tauri::command]
pub fn create_relationship(state: State<'_, AppState>, name: String) -> IpcResult<Relationship> {
    state.with_session(|s| s.vault().relationships().create(&name))
}

/// Renames a relationship.
#[tauri::command]
pub fn rename_relationship(
    state: State<'_, AppState>,
    id: String,
    name: String,
) -> IpcResult<Relationship> {
    state.with_session(|s| s.vault().relationships().rename(&id, &name))
}

/// Archives or restores a relationship.
#[tauri::command]
pub fn archive_relationship(
    state: State<'_, AppState>,
    id: String,
    archived: bool,
) -> IpcResult<Relationship> {
    state.with_session(|s| s.vault().relationships().set_archived(&id, archived))
}

/// A relationship's ratings over time and its trust account.
#[tauri::command]
pub fn relationship_history(
    state: State<'_, AppState>,
    id: String,
) -> IpcResult<RelationshipHistory> {
    state.with_session(|s| s.vault().reflections().history(&id))
}

/// The reminder schedule.
#[tauri::command]
pub fn get_schedule(state: State<'_, AppState>) -> IpcResult<Schedule> {
    state.with_session(|s| s.vault().status().schedule())
}

/// Saves the reminder schedule.
#[tauri::command]
pub fn set_schedule(state: State<'_, AppState>, schedule: Schedule) -> IpcResult<()> {
    state.with_session(|s| s.vault().status().set_schedule(&schedule))?;
    state.refresh_reminder()?;
    Ok(())
}

/// The trends of a range: `"3m"` (the last three months), `"1y"` (the last year), `"all"`,
/// or `"custom"` with `from` / `to` (YYYY-MM-DD, inclusive; either may be empty).
#[tauri::command]
pub fn get_trends(
    state: State<'_, AppState>,
    range: String,
    from: Option<String>,
    to: Option<String>,
) -> IpcResult<steward_core::Trends> {
    let now = state.clock.now();
    let today = now.date_naive();
    let day = |text: Option<String>, name: &str| -> IpcResult<Option<chrono::NaiveDate>> {
        match text.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(t) => chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| {
                    steward_core::Error::InvalidInput(format!("{name} {t:?} is not a date")).into()
                }),
        }
    };
    let (from, to) = match range.as_str() {
        "3m" => (today.checked_sub_months(chrono::Months::new(3)), None),
        "1y" => (today.checked_sub_months(chrono::Months::new(12)), None),
        "all" => (None, None),
        "custom" => (day(from, "from")?, day(to, "to")?),
        other => {
            return Err(
                steward_core::Error::InvalidInput(format!("unknown range {other:?}")).into(),
            )
        }
    };
    state.with_session(|s| s.trends(&now, from, to))
}
