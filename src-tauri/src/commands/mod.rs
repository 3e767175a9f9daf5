//! The IPC commands: one-line adapters from the UI to `steward-core`. Each takes plain
//! values, calls the engine, and returns data or an `IpcError`.

pub mod backup;
pub mod entries;
pub mod reflections;
#[cfg(feature = "test-clock")]
pub mod test_clock;
pub mod vault;

use tauri::{AppHandle, Manager};

use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// Runs blocking work (a KDF, scrypt, file I/O) on the blocking pool, off the async
/// runtime, so the window keeps drawing and other commands keep being answered.
pub(crate) async fn blocking<T: Send + 'static>(
    app: AppHandle,
    work: impl FnOnce(&AppState) -> IpcResult<T> + Send + 'static,
) -> IpcResult<T> {
    tauri::async_runtime::spawn_blocking(move || work(&app.state::<AppState>()))
        .await
        .map_err(|e| IpcError::app("internal", format!("the task stopped: {e}")))?
}
