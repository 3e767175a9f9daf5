//! `steward`: the command-line face of the journal, a thin adapter over `steward-core`.
//!
//! [`cli`] declares the command line; [`commands`] holds one module per subcommand, each
//! parsing its arguments, getting the passphrase from the documented sources
//! ([`input`]), calling the engine and printing the result ([`output`]: text, or JSON with
//! `--json`). Errors print as one line on stderr and map to the exit codes the engine
//! assigns (`Error::exit_code`), documented in the README.

mod cli;
mod commands;
mod input;
mod output;
mod reflect;
mod trends;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use input::UsageError;

fn main() -> ExitCode {
    // Before any secret is read: a crash must not write one to a core file.
    steward_core::harden::no_core_dumps();
    match commands::run(cli::Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "steward: {err:#}");
            ExitCode::from(exit_code(&err))
        }
    }
}

/// The documented exit code of an error: 2 for usage errors, the engine's own code for
/// its errors, else 1.
fn exit_code(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if cause.downcast_ref::<UsageError>().is_some() {
            return 2;
        }
        if let Some(e) = cause.downcast_ref::<steward_core::Error>() {
            return e.exit_code();
        }
    }
    1
}
