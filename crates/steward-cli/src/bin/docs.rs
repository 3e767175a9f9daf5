//! `steward-docs DIR`: writes the `steward` man pages (`DIR/steward.1`, one per subcommand
//! such as `DIR/steward-reflect.1`) and its shell
//! completions (`DIR/completions/steward.bash`, `_steward`, `steward.fish`), generated from
//! the same clap definitions the CLI parses with, so they never drift from `--help`.

#[allow(dead_code)] // the CLI's types; only their clap description is used here
#[path = "../cli.rs"]
mod cli;

use std::path::PathBuf;

use clap::CommandFactory;
use clap_complete::Shell;

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(
        std::env::args_os()
            .nth(1)
            .unwrap_or_else(|| "target/docs".into()),
    );
    let completions = dir.join("completions");
    std::fs::create_dir_all(&completions)?;
    let cmd = cli::Cli::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut page)?;
    std::fs::write(dir.join("steward.1"), page)?;
    // One page per subcommand (`man steward-reflect`), with every flag.
    for sub in cmd.get_subcommands() {
        let name: &'static str = Box::leak(format!("steward-{}", sub.get_name()).into_boxed_str());
        let mut page = Vec::new();
        clap_mangen::Man::new(sub.clone().name(name)).render(&mut page)?;
        std::fs::write(dir.join(format!("{name}.1")), page)?;
    }
    // The desktop app takes no arguments; its page says what it is and what it reads.
    let app = clap::Command::new("steward-app")
        .about("Steward's desktop app: a private, encrypted reflection journal for leaders")
        .long_about(
            "Opens the journal in a window: entries, the weekly reflection on power and trust, \
             relationships, trends and encrypted backups. Everything is encrypted before it \
             touches the disk, and the app makes no network connection.\n\n\
             The journal is $XDG_DATA_HOME/steward/journal.steward (by default \
             ~/.local/share/steward/journal.steward) unless STEWARD_VAULT names another \
             file. The steward command, steward(1), opens the same journal.",
        )
        .version(env!("CARGO_PKG_VERSION"))
        .disable_help_flag(true)
        .disable_version_flag(true);
    let mut page = Vec::new();
    clap_mangen::Man::new(app).render(&mut page)?;
    std::fs::write(dir.join("steward-app.1"), page)?;
    for (shell, name) in [
        (Shell::Bash, "steward.bash"),
        (Shell::Zsh, "_steward"),
        (Shell::Fish, "steward.fish"),
    ] {
        let mut out = std::fs::File::create(completions.join(name))?;
        clap_complete::generate(shell, &mut cmd.clone(), "steward", &mut out);
    }
    println!("{}", dir.display());
    Ok(())
}
