//! The IPC commands: one-line adapters from the UI to `steward-core`. Each takes plain
//! values, calls the engine, and returns data or an `IpcError`.

pub mod auto_backup;
pub mod backup;
pub mod entries;
pub mod lookback;
pub mod reflections;
pub mod sync;
#[cfg(feature = "test-clock")]
pub mod test_clock;
pub mod vault;

use tauri::{AppHandle, Manager};

use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// The native file dialog for one kind of file (`filter`, files ending in `.ext`), opened
/// in `suggested`'s folder with its name filled in; `save` asks where to write, else which
/// file to open. Returns the chosen path, or `None` when cancelled.
pub(crate) fn choose_file(
    app: &AppHandle,
    suggested: &str,
    filter: &str,
    ext: &str,
    save: bool,
) -> Option<String> {
    use tauri_plugin_dialog::DialogExt;
    let path = std::path::PathBuf::from(suggested);
    let mut dialog = app.dialog().file().add_filter(filter, &[ext]);
    if let Some(dir) = path.parent().filter(|d| d.is_dir()) {
        dialog = dialog.set_directory(dir);
    }
    if let Some(name) = path.file_name() {
        dialog = dialog.set_file_name(name.to_string_lossy());
    }
    let chosen = if save {
        dialog.blocking_save_file()
    } else {
        dialog.blocking_pick_file()
    };
    chosen
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
}

/// A path the web view sent for a new `kind` file (from the native dialog, or typed),
/// re-checked under the rules the dialog implies: absolute, its name ending in `.ext`, in a
/// folder that exists. `invalid` words a refusal from its reason.
pub(crate) fn check_new_file(
    path: &std::path::Path,
    kind: &str,
    ext: &str,
    invalid: impl Fn(&str) -> IpcError,
) -> IpcResult<()> {
    if !path.is_absolute() {
        return Err(invalid("choose it with Choose… or type a full path"));
    }
    if !(path.extension()).is_some_and(|x| x.eq_ignore_ascii_case(ext)) {
        return Err(invalid(&format!("a {kind} file's name ends in .{ext}")));
    }
    if !path.parent().is_some_and(|d| d.is_dir()) {
        return Err(invalid("its folder does not exist"));
    }
    Ok(())
}

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
