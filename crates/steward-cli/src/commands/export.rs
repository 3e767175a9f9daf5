//! `steward export`: an UNENCRYPTED copy (Markdown folder, JSON file, or a printable PDF
//! record of a period or a person), after a warning.

use std::path::Path;

use anyhow::Result;

use super::Ctx;
use crate::cli::{ExportFormat, RecordArgs};
use steward_core::printable::{RecordRequest, RecordWords};

use crate::input::{self, confirm, yes_or_terminal, UsageError};
use crate::output::print_json;

/// Warns, asks (or takes `--yes`), then writes the plaintext export.
pub fn run(
    ctx: &Ctx,
    format: ExportFormat,
    out: &Path,
    yes: bool,
    record: &RecordArgs,
) -> Result<()> {
    if record.any() && !matches!(format, ExportFormat::Pdf) {
        return Err(UsageError(
            "--from, --to, --person and --initials are for --format pdf".into(),
        )
        .into());
    }
    if let ExportFormat::Pdf = format {
        return pdf(ctx, out, yes, record);
    }
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
        ExportFormat::Pdf => unreachable!("written by pdf()"),
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
        ExportFormat::Pdf => unreachable!("written by pdf()"),
    }
    Ok(())
}

/// The printable record: the same warning, then the PDF.
fn pdf(ctx: &Ctx, out: &Path, yes: bool, record: &RecordArgs) -> Result<()> {
    let day = |flag: &str, d: &Option<String>| {
        d.as_deref().map(|d| input::parse_day(flag, d)).transpose()
    };
    let request = RecordRequest {
        from: day("--from", &record.from)?,
        to: day("--to", &record.to)?,
        person: record.person.clone(),
        initials: record.initials,
    };
    yes_or_terminal(yes, "a printable record")?;
    eprintln!(
        "Warning: this writes a PDF of what you wrote, UNENCRYPTED, to {}. Anyone who can read that file can read it; {}print it, bring it, then delete or shred it.",
        out.display(),
        if record.initials { "" } else { "names are printed in full (--initials prints initials); " }
    );
    confirm(yes, "Type yes to continue: ", "nothing was written")?;
    let vault = ctx.secrets.unlock(&ctx.path)?;
    let today = chrono::Local::now().date_naive();
    let summary = vault
        .exports()
        .pdf(out, &request, &RecordWords::default(), today)?;
    if ctx.json {
        return print_json(&summary);
    }
    let c = summary.counts;
    println!(
        "Wrote {} ({} weekly reflections, {} decisions, {} reviews, {} entries), unencrypted.",
        out.display(),
        c.reflections,
        c.decisions,
        c.reviews,
        c.entries
    );
    Ok(())
}
