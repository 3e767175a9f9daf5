//! `steward trends`: the review over a date range, in words or numbers.

use anyhow::Result;
use chrono::Local;
use steward_core::{EntryFilter, EntryStat};

use super::Ctx;
use crate::input::{self, UsageError};
use crate::output::{print_json, report_damaged};

/// Prints the trends from `from` to `to` (inclusive days).
pub fn run(ctx: &Ctx, from: Option<String>, to: Option<String>) -> Result<()> {
    let from = from
        .as_deref()
        .map(|d| input::parse_day("--from", d))
        .transpose()?;
    let to = to
        .as_deref()
        .map(|d| input::parse_day("--to", d))
        .transpose()?;
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(UsageError(format!("--from {f} is after --to {t}")).into());
        }
    }
    let vault = ctx.secrets.unlock(&ctx.path)?;
    let listing = vault.entries().list(&EntryFilter::default())?;
    let stats: Vec<EntryStat> = listing.entries.iter().map(EntryStat::of).collect();
    let trends = vault.review().trends(&Local::now(), &stats, from, to)?;
    if ctx.json {
        print_json(&trends)?;
    } else {
        crate::trends::print(&trends);
    }
    report_damaged(&listing.damaged)
}
