//! Printing the page: the recovery key's "Print or save as PDF". WebKitGTK's print dialog
//! offers the system's printers and "Print to File" (PDF). The page's print stylesheet
//! shows only what is marked for printing (the key and how to use it), so nothing else the
//! window holds goes onto paper or into the file. Steward itself writes nothing: where the
//! PDF goes is the user's choice in the dialog.

/// Opens the system's print dialog for the window's page.
#[tauri::command]
pub fn print_page(webview: tauri::WebviewWindow) -> Result<(), crate::error::IpcError> {
    webview
        .print()
        .map_err(|e| crate::error::IpcError::app("print_failed", format!("printing failed: {e}")))
}
