//! Locking the journal when the computer locks its screen or goes to sleep.
//!
//! On Linux both are D-Bus signals: the desktop's screen saver says `ActiveChanged(true)` on
//! the session bus (`org.freedesktop.ScreenSaver`, and GNOME's `org.gnome.ScreenSaver`),
//! and logind says `Lock` to a session and `PrepareForSleep(true)` before a suspend on the
//! system bus. Each bus is watched from its own thread; a bus that is not there (a minimal
//! session, a container) is simply not watched, and the idle auto-lock still applies.
//! Elsewhere: macOS and Windows have no such hook here yet (docs/SECURITY.md says so).

use tauri::{AppHandle, Emitter, Manager};

use crate::state::AppState;

/// The signals that mean "the user is away": (bus is system, interface, member, locks only
/// when its boolean argument is true).
const SIGNALS: &[(bool, &str, &str, bool)] = &[
    (false, "org.freedesktop.ScreenSaver", "ActiveChanged", true),
    (false, "org.gnome.ScreenSaver", "ActiveChanged", true),
    (true, "org.freedesktop.login1.Session", "Lock", false),
    (
        true,
        "org.freedesktop.login1.Manager",
        "PrepareForSleep",
        true,
    ),
];

/// Starts watching both buses.
pub fn watch(app: &AppHandle) {
    for system in [false, true] {
        let app = app.clone();
        std::thread::spawn(move || {
            let _ = watch_bus(&app, system);
        });
    }
}

fn watch_bus(app: &AppHandle, system: bool) -> zbus::Result<()> {
    let conn = if system {
        zbus::blocking::Connection::system()?
    } else {
        zbus::blocking::Connection::session()?
    };
    let proxy = zbus::blocking::fdo::DBusProxy::new(&conn)?;
    for (_, interface, member, _) in SIGNALS.iter().filter(|s| s.0 == system) {
        let rule = zbus::MatchRule::builder()
            .msg_type(zbus::message::Type::Signal)
            .interface(*interface)?
            .member(*member)?
            .build();
        proxy.add_match_rule(rule)?;
    }
    for message in zbus::blocking::MessageIterator::from(&conn) {
        let Ok(message) = message else { continue };
        if means_away(&message, system) {
            let state = app.state::<AppState>();
            if state.is_unlocked() {
                state.lock();
                let _ = app.emit("locked", ());
            }
        }
    }
    Ok(())
}

/// Whether `message` is one of [`SIGNALS`] saying the user is away.
fn means_away(message: &zbus::Message, system: bool) -> bool {
    let header = message.header();
    if header.message_type() != zbus::message::Type::Signal {
        return false;
    }
    let (Some(interface), Some(member)) = (header.interface(), header.member()) else {
        return false;
    };
    SIGNALS.iter().any(|&(on_system, i, m, needs_true)| {
        on_system == system
            && interface.as_str() == i
            && member.as_str() == m
            && (!needs_true || message.body().deserialize::<bool>().unwrap_or(false))
    })
}
