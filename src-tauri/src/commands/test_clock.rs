//! Only in builds with the `test-clock` feature (the end-to-end tests' build): moving the
//! app's "now". `make run` and `make package` never enable it, so a release build has no
//! such command and always reads the system clock.

use tauri::{AppHandle, State};

use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// Makes the app's "now" read `now` (RFC 3339) and looks at the reminder at once, as the
/// timer would.
#[tauri::command]
pub fn test_set_clock(app: AppHandle, state: State<'_, AppState>, now: String) -> IpcResult<()> {
    let to = chrono::DateTime::parse_from_rfc3339(&now)
        .map_err(|_| IpcError::app("invalid_input", format!("{now:?} is not an RFC 3339 time")))?;
    state.clock.set(to);
    crate::remind(&app);
    Ok(())
}
