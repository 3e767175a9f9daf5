//! The error that crosses IPC: `{code, message}`. The UI branches on `code` (a TypeScript
//! union in `ui/src/lib/ipc.ts`), never on the message, which is for people.

use serde::Serialize;

/// The codes of errors the app itself raises, beside the engine's [`steward_core::ErrorCode`].
#[derive(Debug, Clone, Copy, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum AppErrorCode {
    /// The journal is locked (or was auto-locked) and the call needs it unlocked.
    Locked,
    /// Something in the app failed (a task that stopped, an answer the UI cannot read).
    Internal,
}

/// An error as the UI receives it.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct IpcError {
    /// Stable machine-readable code: the engine's `Error::code()`, or an [`AppErrorCode`].
    #[ts(type = "ErrorCode | AppErrorCode")]
    pub code: &'static str,
    /// One human sentence.
    pub message: String,
    /// For `incomplete_reflection`: the answers still missing, as reflection JSON field
    /// paths (`exercise.step`), so the UI names them without reading the message.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string[]")]
    pub missing: Option<Vec<&'static str>>,
}

impl IpcError {
    /// The journal is locked (or was auto-locked) and the call needs it unlocked.
    pub fn locked() -> Self {
        IpcError {
            code: "locked",
            message: "The journal is locked. Unlock it to continue.".into(),
            missing: None,
        }
    }
}

impl IpcError {
    /// An error of the app itself (not the engine), e.g. `internal` for a task that
    /// stopped.
    pub fn app(code: &'static str, message: String) -> Self {
        IpcError {
            code,
            message,
            missing: None,
        }
    }
}

impl From<steward_core::Error> for IpcError {
    fn from(err: steward_core::Error) -> Self {
        let missing = match &err {
            steward_core::Error::IncompleteReflection { missing, .. } => Some(missing.clone()),
            _ => None,
        };
        IpcError {
            code: err.code(),
            message: err.to_string(),
            missing,
        }
    }
}

/// Result of every command.
pub type IpcResult<T> = Result<T, IpcError>;
