//! `steward import`: entries and weekly reflections from Steward's JSONL, jrnl or Day One;
//! all or nothing.

use std::path::Path;

use anyhow::Result;
use steward_core::import::{parse_dayone, parse_jrnl_json, parse_jsonl};

use super::Ctx;
use crate::cli::ImportFormat;
use crate::input::open_source;
use crate::output::print_json;

/// Parses FILE ("-" for stdin) completely, then saves it in one transaction.
pub fn run(ctx: &Ctx, format: ImportFormat, file: &Path) -> Result<()> {
    let batch = match format {
        ImportFormat::Jsonl => parse_jsonl(open_source(file)?)?,
        ImportFormat::Jrnl => parse_jrnl_json(open_source(file)?)?,
        ImportFormat::Dayone => parse_dayone(file)?,
    };
    let vault = ctx.secrets.unlock(&ctx.path)?;
    let report = vault.imports().save(batch)?;
    if ctx.json {
        return print_json(&report);
    }
    println!(
        "Imported {} entries ({} already there, left unchanged) and {} weekly reflections",
        report.added, report.skipped_existing, report.reflections_added
    );
    Ok(())
}
