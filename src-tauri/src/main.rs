//! Entry point of the desktop app; everything lives in the library so tests can reach it.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Before any secret exists: a crash must not write the keys or the decrypted journal to a
    // core file, and other processes of the user must not attach to read them. WebKit's
    // processes inherit the core-size limit.
    steward_core::harden::no_core_dumps();
    // WebKitGTK's accelerated compositing keeps ~90 MB of extra buffers in the web process
    // (measured: 193 → 103 MiB PSS at the first screen) and buys a text journal nothing.
    // Set before any thread starts; an explicit choice in the environment wins.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    steward_app::run();
}
