//! Process hardening the app and the CLI apply first thing in `main`: no core dumps, and on
//! Linux not "dumpable", so a crash while the journal is unlocked writes no data key,
//! passphrase or decrypted text to disk (systemd-coredump, `ulimit -c unlimited`), and other
//! processes of the same user cannot ptrace-attach or read `/proc/<pid>/mem`. The core-size
//! limit is inherited by child processes (WebKit's web and network processes).
//!
//! - Linux: `RLIMIT_CORE` = 0 (soft and hard) and `prctl(PR_SET_DUMPABLE, 0)`.
//! - macOS and other Unixes: `RLIMIT_CORE` = 0; ptrace protection is the OS's own.
//! - Windows: nothing here; Windows Error Reporting writes no full dump unless configured
//!   to (docs/SECURITY.md).

/// What [`no_core_dumps`] managed to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hardening {
    /// The core-file size limit is zero.
    pub core_limit_zero: bool,
    /// The process is not dumpable (Linux).
    pub not_dumpable: bool,
}

/// Disables core dumps and (on Linux) dumpability for this process. Never fails: what
/// could not be applied is reported, and the caller carries on.
pub fn no_core_dumps() -> Hardening {
    Hardening {
        core_limit_zero: core_limit_zero(),
        not_dumpable: not_dumpable(),
    }
}

#[cfg(unix)]
fn core_limit_zero() -> bool {
    use rustix::process::{setrlimit, Resource, Rlimit};
    let zero = Rlimit {
        current: Some(0),
        maximum: Some(0),
    };
    setrlimit(Resource::Core, zero).is_ok()
}

#[cfg(not(unix))]
fn core_limit_zero() -> bool {
    false
}

#[cfg(target_os = "linux")]
fn not_dumpable() -> bool {
    use rustix::process::{set_dumpable_behavior, DumpableBehavior};
    set_dumpable_behavior(DumpableBehavior::NotDumpable).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn not_dumpable() -> bool {
    false
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn after_hardening_no_core_is_written_and_the_process_is_not_dumpable() {
        let applied = super::no_core_dumps();
        assert_eq!(
            applied,
            super::Hardening {
                core_limit_zero: true,
                not_dumpable: true
            }
        );
        let limit = rustix::process::getrlimit(rustix::process::Resource::Core);
        assert_eq!((limit.current, limit.maximum), (Some(0), Some(0)));
        assert_eq!(
            rustix::process::dumpable_behavior().unwrap(),
            rustix::process::DumpableBehavior::NotDumpable
        );
    }
}
