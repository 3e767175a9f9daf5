//! `steward reflect`: this week's reflection asked question by question, saved from
//! reflection JSON, or shown (`--status`, `--show`).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::Local;
use steward_core::{Vault, Week};

use super::Ctx;
use crate::input;
use crate::output::print_json;
use crate::reflect as asked;

/// Dispatches the reflect modes.
pub fn run(
    ctx: &Ctx,
    week: Option<String>,
    from_json: Option<PathBuf>,
    status: bool,
    show: bool,
    calendar: Option<PathBuf>,
) -> Result<()> {
    if !(status || show || from_json.is_some() || calendar.is_some()) {
        ctx.refuse_json("the interactive reflection (use --status, --show or --from-json)")?;
    }
    let vault = ctx.secrets.unlock(&ctx.path)?;
    let now = Local::now();
    let current = vault.status().current_week(&now)?;
    let week = match &week {
        Some(w) => w.parse::<Week>().context("--week")?,
        None => current,
    };
    if status {
        return print_status(ctx, &vault);
    }
    if show {
        return print_week(ctx, &vault, week);
    }
    if let Some(file) = calendar {
        return write_calendar(ctx, &vault, week, &file);
    }
    if let Some(file) = from_json {
        return save_json(ctx, &vault, &file, week, current);
    }
    let stdin = std::io::stdin();
    let mut prompter = asked::Prompter::new(stdin.lock(), std::io::stdout());
    let saved = asked::interactive(&vault, week, current, &mut prompter)?;
    println!("\nReflection {} finished. See you next week.", saved.week);
    Ok(())
}

fn print_status(ctx: &Ctx, vault: &Vault) -> Result<()> {
    let st = vault.status().week_status(&Local::now())?;
    let previous = if st.completed {
        None
    } else {
        vault.reflections().previous_step(st.week)?
    };
    if ctx.json {
        return print_json(&serde_json::json!({"status": st, "follow_up_of": previous}));
    }
    asked::print_status(&st, previous.as_ref());
    Ok(())
}

/// The week's step as an .ics file, worded in English like the rest of the CLI.
fn write_calendar(ctx: &Ctx, vault: &Vault, week: Week, file: &Path) -> Result<()> {
    let names = asked::relationship_names(vault)?;
    let reflection = vault.reflections().get(week)?;
    let ex = reflection.map(|r| r.answers.exercise).unwrap_or_default();
    let person = (ex.relationship.as_ref()).and_then(|id| names.get(id));
    let summary = match person {
        Some(name) => format!("Your step with {name}: {}", ex.step.trim()),
        None => format!("Your step: {}", ex.step.trim()),
    };
    let mut description = format!("From your weekly reflection of {week}.");
    if !ex.feedback_request.trim().is_empty() {
        description.push_str(&format!(
            "\nThe feedback to ask for: {}",
            ex.feedback_request.trim()
        ));
    }
    eprintln!(
        "Note: {} is not encrypted; it holds the step and the person's name.",
        file.display()
    );
    let day = vault
        .exports()
        .step_calendar(week, &summary, &description, file)?;
    if ctx.json {
        return print_json(&serde_json::json!({"path": file, "date": day.to_string()}));
    }
    println!("Wrote {} (an event on {day}).", file.display());
    Ok(())
}

fn print_week(ctx: &Ctx, vault: &Vault, week: Week) -> Result<()> {
    let names = asked::relationship_names(vault)?;
    let r = vault
        .reflections()
        .get(week)?
        .ok_or_else(|| steward_core::Error::NotFound {
            kind: "reflection for week",
            id: week.to_string(),
        })?;
    if ctx.json {
        return print_json(&steward_core::reflections::reflection_doc_json(&r, &names));
    }
    asked::print_reflection(&r, &names);
    Ok(())
}

fn save_json(ctx: &Ctx, vault: &Vault, file: &Path, week: Week, current: Week) -> Result<()> {
    let text = input::read_source(file)?;
    let mut value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| steward_core::Error::InvalidInput(format!("not valid JSON ({e})")))?;
    if let Some(map) = value.as_object_mut() {
        map.entry("week")
            .or_insert_with(|| serde_json::Value::String(week.to_string()));
    }
    let doc = steward_core::reflections::parse_reflection_doc(value)
        .map_err(steward_core::Error::InvalidInput)?;
    let (saved, missing) = vault.reflections().save_doc(doc, current)?;
    if ctx.json {
        return print_json(&serde_json::json!({
            "week": saved.week, "completed": saved.is_completed(), "missing": missing,
        }));
    }
    if missing.is_empty() {
        println!("Reflection {} saved and finished.", saved.week);
    } else {
        println!(
            "Reflection {} saved as a draft; to finish it, answer: {}",
            saved.week,
            missing.join(", ")
        );
    }
    Ok(())
}
