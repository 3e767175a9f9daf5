//! `steward export`: an UNENCRYPTED copy (Markdown folder or JSON file), after a warning.

use std::path::Path;

use anyhow::Result;

use super::Ctx;
use crate::cli::ExportFormat;
use crate::input::{confirm, yes_or_terminal};
use crate::output::print_json;

/// Warns, asks (or takes `--yes`), then writes the plaintext export.
pub fn run(ctx: &Ctx, format: ExportFormat, out: &Path, yes: bool) -> Result<()> {
    yes_or_terminal(yes, "a plaintext export")?;
    eprintln!(
        "Warning: this writes your journal UNENCRYPTED to {}. Anyone who can read that {} can read everything you wrote. For a copy you keep, use `steward backup export` instead.",
        out.display(),
        if matches!(format, ExportFormat::Markdown) { "folder" } else { "file" }
    );
    confirm(yes, "Type yes to continue: ", "nothing was written")?;
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
