//! `steward trends`: the review over a date range as readable text (the same plain-language
//! readings the app shows beside its charts) or, with `--json`, the numbers.

use steward_core::Trends;

fn week_label(w: steward_core::Week) -> String {
    format!("week {}, {}", w.number(), w.year())
}

/// Prints the trends as text.
pub fn print(t: &Trends) {
    match t.from {
        Some(from) => println!("Trends, {} to {}\n", week_label(from), week_label(t.to)),
        None => println!("Trends (nothing written yet)\n"),
    }
    let h = &t.headlines;
    println!(
        "At a glance\n  {}\n  {}\n  {}\n",
        h.gap.text, h.steps.text, h.account.text
    );
    println!("Authority and trust");
    println!("  {}", t.readings.gap);
    for r in &t.relationships {
        let gap = if r.latest_gap > 0 {
            format!("+{}", r.latest_gap)
        } else {
            r.latest_gap.to_string()
        };
        println!(
            "  · {}{} — gap now {gap} ({} rating{}). {}",
            r.name,
            if r.archived { " (archived)" } else { "" },
            r.points.len(),
            if r.points.len() == 1 { "" } else { "s" },
            r.reading
        );
    }
    println!(
        "\nWhere your strength comes from\n  {}",
        t.readings.strength
    );
    println!(
        "\nFollowing through\n  {}\n  {}",
        t.readings.follow_through, t.readings.step_types
    );
    println!("\nTrust account\n  {}", t.readings.trust_account);
    println!("\nReflections\n  {}", t.readings.completion);
    println!("\nWriting\n  {}", t.readings.writing);
}
