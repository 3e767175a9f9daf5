//! The error that crosses IPC: `{code, message}`. The UI branches on `code` (a TypeScript
//! union in `ui/src/lib/ipc.ts`), never on the message, which is for people.

use serde::Serialize;

/// An error as the UI receives it.
#[derive(Debug, Serialize)]
pub struct IpcError {
    /// Stable machine-readable code: the engine's `Error::code()`, or `locked`.
    pub code: &'static str,
    /// One human sentence.
    pub message: String,
}

impl IpcError {
    /// The journal is locked (or was auto-locked) and the call needs it unlocked.
    pub fn locked() -> Self {
        IpcError {
            code: "locked",
            message: "The journal is locked. Unlock it to continue.".into(),
        }
    }
}

impl From<steward_core::Error> for IpcError {
    fn from(err: steward_core::Error) -> Self {
        IpcError {
            code: err.code(),
            message: err.to_string(),
        }
    }
}

/// Result of every command.
pub type IpcResult<T> = Result<T, IpcError>;
