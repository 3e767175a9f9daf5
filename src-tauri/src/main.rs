//! Entry point of the desktop app; everything lives in the library so tests can reach it.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Before any secret exists: a crash must not write the keys or the decrypted journal to a
    // core file, and other processes of the user must not attach to read them. WebKit's
    // processes inherit the core-size limit.
    steward_core::harden::no_core_dumps();
    // WebKitGTK's accelerated compositing keeps ~90 MB of extra buffers in the web process
    // (measured with WebKitGTK 2.50: 200 → 108 MiB PSS at the first screen) and buys a text
    // journal nothing. Without it the DMA-BUF renderer, which carries composited frames
    // from the web process, has nothing to carry, yet still initialises Mesa's GL in the
    // app's process (measured: 82 → 78 MiB PSS). Set before any thread starts; an explicit
    // choice in the environment wins.
    #[cfg(target_os = "linux")]
    for variable in [
        "WEBKIT_DISABLE_COMPOSITING_MODE",
        "WEBKIT_DISABLE_DMABUF_RENDERER",
    ] {
        if std::env::var_os(variable).is_none() {
            std::env::set_var(variable, "1");
        }
    }
    steward_app::run();
}
