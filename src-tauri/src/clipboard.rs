//! Copying a secret (the recovery key) to the clipboard: marked for clipboard managers to
//! leave out of their history where the platform has a way to say so, and cleared after
//! [`CLEAR_AFTER`] — but only if the clipboard still holds it (what the user copied since
//! is theirs).
//!
//! The marks: on Linux the `x-kde-passwordManagerHint: secret` type (KDE's Klipper, GNOME
//! extensions such as Clipboard History and others honour it); on macOS
//! `org.nspasteboard.ConcealedType`; on Windows the "exclude from monitoring" format, which
//! keeps it out of the clipboard history and the cloud clipboard.

use std::sync::Mutex;
use std::time::Duration;

use steward_core::{ExposeSecret, SecretString};

use crate::error::{IpcError, IpcResult};

/// How long a copied secret stays on the clipboard.
pub const CLEAR_AFTER: Duration = Duration::from_secs(45);

/// The clipboard (kept open: on X11 the copied text is served by it while it lives) and a
/// digest of what this app last put there, to know whether it is still ours.
struct Copied {
    clipboard: arboard::Clipboard,
    digest: Option<ring::digest::Digest>,
}

static COPIED: Mutex<Option<Copied>> = Mutex::new(None);

fn digest(text: &str) -> ring::digest::Digest {
    ring::digest::digest(&ring::digest::SHA256, text.as_bytes())
}

fn unavailable(e: arboard::Error) -> IpcError {
    IpcError::app("clipboard", format!("the clipboard is not available: {e}"))
}

fn set_excluded(clipboard: &mut arboard::Clipboard, text: &str) -> Result<(), arboard::Error> {
    let set = clipboard.set();
    #[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
    let set = {
        use arboard::SetExtLinux;
        set.exclude_from_history()
    };
    #[cfg(target_os = "macos")]
    let set = {
        use arboard::SetExtApple;
        set.exclude_from_history()
    };
    #[cfg(target_os = "windows")]
    let set = {
        use arboard::SetExtWindows;
        set.exclude_from_monitoring()
    };
    set.text(text)
}

/// Copies `text`, marked as secret, and clears it after [`CLEAR_AFTER`] unless the user
/// copied something else since.
#[tauri::command]
pub fn copy_secret(text: SecretString) -> IpcResult<()> {
    let mut guard = COPIED.lock().unwrap_or_else(|p| p.into_inner());
    if guard.is_none() {
        *guard = Some(Copied {
            clipboard: arboard::Clipboard::new().map_err(unavailable)?,
            digest: None,
        });
    }
    let copied = guard.as_mut().expect("just set");
    set_excluded(&mut copied.clipboard, text.expose_secret()).map_err(unavailable)?;
    let ours = digest(text.expose_secret());
    copied.digest = Some(ours);
    drop(guard);
    std::thread::spawn(move || {
        std::thread::sleep(CLEAR_AFTER);
        clear_if_ours(Some(ours.as_ref()));
    });
    Ok(())
}

/// Clears the clipboard now if it still holds the secret this app copied last (the screen
/// that showed it is closing).
#[tauri::command]
pub fn clear_secret() {
    clear_if_ours(None);
}

/// Clears the clipboard if it holds what this app copied last (and, with `only`, if that
/// is still the copy `only` digests; a later copy has its own timer).
fn clear_if_ours(only: Option<&[u8]>) {
    let mut guard = COPIED.lock().unwrap_or_else(|p| p.into_inner());
    let Some(copied) = guard.as_mut() else {
        return;
    };
    let Some(last) = copied.digest else {
        return;
    };
    if only.is_some_and(|o| o != last.as_ref()) {
        return;
    }
    let still_ours = copied
        .clipboard
        .get_text()
        .is_ok_and(|now| digest(&now).as_ref() == last.as_ref());
    if still_ours {
        let _ = copied.clipboard.clear();
    }
    copied.digest = None;
}
