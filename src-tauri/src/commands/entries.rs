//! Reading, writing and searching entries of the open journal.

use steward_core::{Entry, EntrySummary, EntryUpdate, NewEntry, SavedEntry};
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

/// The shape of the journal's list (all entries, or a search's hits): entries per local
/// day, newest first, with the summaries of its first `limit` entries — one round trip and
/// one search per keystroke. The list pages the rest with [`entry_page`].
#[tauri::command]
pub fn entry_list(
    state: State<'_, AppState>,
    query: String,
    exact: bool,
    limit: usize,
) -> IpcResult<steward_core::EntryList> {
    state.with_session(|s| Ok(s.entry_list(&query, exact, &chrono::Local, limit)))
}

/// Summaries `offset .. offset + limit` of that list, for the rows on screen.
#[tauri::command]
pub fn entry_page(
    state: State<'_, AppState>,
    query: String,
    exact: bool,
    offset: usize,
    limit: usize,
) -> IpcResult<Vec<EntrySummary>> {
    state.with_session(|s| Ok(s.entry_page(&query, exact, offset, limit)))
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
    people: Vec<String>,
) -> IpcResult<SavedEntry> {
    let new = NewEntry {
        title,
        body,
        tags,
        people,
        ..NewEntry::default()
    };
    state.with_session_saving(|s| s.create(new).map(SavedEntry::from))
}

/// Saves changes to an entry the UI loaded at `version`.
#[tauri::command]
pub fn update_entry(
    state: State<'_, AppState>,
    id: String,
    title: String,
    body: String,
    tags: Vec<String>,
    people: Vec<String>,
    version: i64,
) -> IpcResult<SavedEntry> {
    let update = EntryUpdate {
        title: Some(title),
        body: Some(body),
        tags: Some(tags),
        people: Some(people),
        ..EntryUpdate::default()
    };
    state.with_session_saving(|s| s.update(&id, update, Some(version)).map(SavedEntry::from))
}

/// The weekly reflections whose written answers match the journal's search, newest first
/// (asked beside `entry_list`, so the entries' list never waits for them).
#[tauri::command]
pub fn search_reflections(
    state: State<'_, AppState>,
    query: String,
    exact: bool,
) -> IpcResult<Vec<steward_core::ReflectionHit>> {
    state.with_session(|s| s.search_reflections(&query, exact))
}

/// The entries linked to a relationship, newest first (its page lists them).
#[tauri::command]
pub fn entries_about(state: State<'_, AppState>, id: String) -> IpcResult<Vec<EntrySummary>> {
    state.with_session(|s| Ok(s.entries_about(&id)))
}

/// Deletes an entry.
#[tauri::command]
pub fn delete_entry(state: State<'_, AppState>, id: String) -> IpcResult<()> {
    state.with_session_saving(|s| s.delete(&id))
}
