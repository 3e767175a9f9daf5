//! `steward export`: an UNENCRYPTED copy (Markdown folder or JSON file), after a warning.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{bail, Result};

use super::Ctx;
use crate::cli::ExportFormat;
use crate::input::UsageError;
use crate::output::print_json;

/// Warns, asks (or takes `--yes`), then writes the plaintext export.
pub fn run(ctx: &Ctx, format: ExportFormat, out: &Path, yes: bool) -> Result<()> {
    if !yes && !std::io::stdin().is_terminal() {
        return Err(UsageError(
            "a plaintext export needs --yes to confirm (no terminal to ask on)".into(),
        )
        .into());
    }
    eprintln!(
        "Warning: this writes your journal UNENCRYPTED to {}. Anyone who can read that {} can read everything you wrote. For a copy you keep, use `steward backup export` instead.",
        out.display(),
        if matches!(format, ExportFormat::Markdown) { "folder" } else { "file" }
    );
    if !yes {
        eprint!("Type yes to continue: ");
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer)?;
        if answer.trim() != "yes" {
            bail!("nothing was written");
        }
    }
    let vault = ctx.secrets.unlock(&ctx.path)?;
    let (entries, reflections) = match format {
        ExportFormat::Json => {
            let summary = vault.exports().json(out)?;
            (summary.counts.entries, summary.counts.reflections)
        }
        ExportFormat::Markdown => vault.exports().markdown(out)?,
    };
    if ctx.json {
        return print_json(&serde_json::json!({
            "path": out, "entries": entries, "reflections": reflections, "encrypted": false,
        }));
    }
    match format {
        ExportFormat::Json => println!(
            "Wrote {} ({entries} entries, {reflections} reflections), unencrypted.",
            out.display()
        ),
        ExportFormat::Markdown => println!(
            "Wrote {entries} entries and {reflections} reflections as Markdown under {}, unencrypted.",
            out.display()
        ),
    }
    Ok(())
}
