//! Links in what the leader wrote: the web view never leaves the app, and a link opens in
//! the system browser only after the user confirmed it in the UI.
//!
//! A Markdown link in an entry is ordinary HTML once rendered; without a guard, following
//! it would replace the app's window with a remote page (with the IPC bridge still there).
//! [`guard`] denies every navigation away from the app's own origin; the UI asks "Open in
//! your browser?" and calls [`open_link`], which takes only `http`, `https` and `mailto`
//! URLs and hands them to the desktop's opener.

use tauri::plugin::TauriPlugin;
use tauri::{Runtime, Url};

use crate::error::{IpcError, IpcResult};

/// Whether `url` is the app itself: its bundled pages (`tauri://localhost` on Linux and
/// macOS, `http(s)://tauri.localhost` on Windows) or the IPC channel.
pub fn is_app_url(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => matches!(url.host_str(), Some("tauri.localhost" | "ipc.localhost")),
        // The first, empty page of a new web view.
        "about" => url.as_str() == "about:blank",
        _ => false,
    }
}

/// The plugin that denies every navigation away from the app.
pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(|_webview, url| is_app_url(url))
        .build()
}

/// `url` checked for opening outside the app: absolute `http`, `https` or `mailto`.
pub fn checked_external(url: &str) -> IpcResult<Url> {
    let parsed = Url::parse(url.trim())
        .map_err(|_| IpcError::app("invalid_input", format!("{url:?} is not a link")))?;
    match parsed.scheme() {
        "http" | "https" if parsed.host_str().is_some() => Ok(parsed),
        "mailto" => Ok(parsed),
        other => Err(IpcError::app(
            "invalid_input",
            format!("links of kind {other:?} are not opened"),
        )),
    }
}

/// Opens a link the user confirmed in the system browser (or mail program).
#[tauri::command]
pub fn open_link(url: String) -> IpcResult<()> {
    let url = checked_external(&url)?;
    open::that_detached(url.as_str()).map_err(|e| {
        IpcError::app(
            "io",
            format!("the link could not be handed to the browser: {e}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_app_itself_is_a_place_to_navigate_to() {
        for ok in [
            "tauri://localhost/",
            "tauri://localhost/index.html#journal",
            "http://tauri.localhost/",
            "about:blank",
        ] {
            assert!(is_app_url(&Url::parse(ok).unwrap()), "{ok}");
        }
        for denied in [
            "https://example.com/",
            "http://localhost:1420/",
            "tauri://evil/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "data:text/html,hi",
            "http://tauri.localhost.example.com/",
        ] {
            assert!(!is_app_url(&Url::parse(denied).unwrap()), "{denied}");
        }
    }

    #[test]
    fn only_web_and_mail_links_open_outside() {
        assert!(checked_external("https://example.com/a?b#c").is_ok());
        assert!(checked_external("mailto:dana@example.com").is_ok());
        for refused in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "tauri://localhost/",
            "steward.desktop",
            "smb://server/share",
            "https://",
        ] {
            assert!(checked_external(refused).is_err(), "{refused}");
        }
    }
}
