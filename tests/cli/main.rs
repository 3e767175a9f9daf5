//! Black-box tests of the `steward` binary: every subcommand, every error and exit code.
//! Each test gets its own journal in a temp folder; commands run with no terminal
//! (under `setsid`), stdin from the test, and the passphrase from the environment.

mod util;

mod auto_backup;
mod backup;
mod commands;
mod errors;
mod lookback;
mod reflect;
mod snapshots;
mod sync;
mod trends;
