//! Reading, writing and searching entries of the open journal.

use steward_core::{Entry, EntrySummary, EntryUpdate, NewEntry, SavedEntry};
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

/// Every entry, newest first, as summaries.
#[tauri::command]
pub fn list_entries(state: State<'_, AppState>) -> IpcResult<Vec<EntrySummary>> {
    state.with_session(|s| Ok(s.summaries()))
}

/// Ids of the entries matching a query typed by the user, newest first (the UI already
/// holds their summaries, so a search as you type moves a few bytes per hit). Accent-
/// insensitive unless `exact`.
#[tauri::command]
pub fn search_entries(
    state: State<'_, AppState>,
    query: String,
    exact: bool,
) -> IpcResult<Vec<String>> {
    state.with_session(|s| Ok(s.search_ids(&query, exact)))
}

/// The words of a draft as the editor shows them while typing, counted by the engine's
/// rule (so the editor and the list never disagree). Needs no open journal.
#[tauri::command]
pub fn entry_words(body: String) -> usize {
    steward_core::text::entry_words(&body)
}

/// One whole entry.
#[tauri::command]
pub fn get_entry(state: State<'_, AppState>, id: String) -> IpcResult<Entry> {
    state.with_session(|s| s.get(&id))
}

/// Saves a new entry, written now; returns it with its list summary.
#[tauri::command]
pub fn create_entry(
    state: State<'_, AppState>,
    title: String,
    body: String,
    tags: Vec<String>,
) -> IpcResult<SavedEntry> {
    let new = NewEntry {
        title,
        body,
        tags,
        ..NewEntry::default()
    };
    state.with_session(|s| s.create(new).map(SavedEntry::from))
}

/// Saves changes to an entry the UI loaded at `version`.
#[tauri::command]
pub fn update_entry(
    state: State<'_, AppState>,
    id: String,
    title: String,
    body: String,
    tags: Vec<String>,
    version: i64,
) -> IpcResult<SavedEntry> {
    let update = EntryUpdate {
        title: Some(title),
        body: Some(body),
        tags: Some(tags),
        created_at: None,
    };
    state.with_session(|s| s.update(&id, update, Some(version)).map(SavedEntry::from))
}

/// Deletes an entry.
#[tauri::command]
pub fn delete_entry(state: State<'_, AppState>, id: String) -> IpcResult<()> {
    state.with_session(|s| s.delete(&id))
}
