//! The library of optional prompts that go beyond the three questions, drawn from the seed
//! articles (hard and soft power, power and influence, "leading through" with soul, heart
//! and mind, power and trust): one is offered each week, in turn, and may be skipped. The
//! English wording lives here (the CLI asks it, exports print it); the app's catalog holds
//! it in each language under the same ids and is checked against this text.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::schedule::Week;

/// Which thread of the source material a prompt comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PromptTheme {
    /// Hard power (compliance through authority) against soft power (trust, shared purpose).
    HardSoftPower,
    /// Power, which demands, against influence, which persuades.
    PowerInfluence,
    /// "Leading through" rather than "power over": the soul, heart and mind of leadership.
    LeadingThrough,
    /// Power and trust, "the fragile alliance".
    PowerTrust,
}

/// One optional prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prompt {
    /// Stable id, stored with the answer (never reworded: the text may be, the id not).
    pub id: &'static str,
    /// Where it comes from.
    pub theme: PromptTheme,
    /// The question, in English.
    pub text: &'static str,
}

/// The library, in the order it is offered: the themes take turns, so consecutive weeks
/// look at power from different sides.
pub const PROMPTS: &[Prompt] = &[
    Prompt {
        id: "because_i_said_so",
        theme: PromptTheme::HardSoftPower,
        text: "Where did you use “because I said so” this week? What would soft power have looked like there?",
    },
    Prompt {
        id: "had_to_or_understood",
        theme: PromptTheme::PowerInfluence,
        text: "Think of one thing your team got done this week: did they do it because they had to, or because they understood why?",
    },
    Prompt {
        id: "soul",
        theme: PromptTheme::LeadingThrough,
        text: "Soul: what did you do this week to make things better, not only to get them done?",
    },
    Prompt {
        id: "silence",
        theme: PromptTheme::PowerTrust,
        text: "Every word, action and silence communicates. What did one of your silences say this week?",
    },
    Prompt {
        id: "inner_circle",
        theme: PromptTheme::HardSoftPower,
        text: "Who was in the room when this week's decisions were made, and who only heard about them afterwards?",
    },
    Prompt {
        id: "influence_without_title",
        theme: PromptTheme::PowerInfluence,
        text: "Who influenced you this week without any authority over you? What did they do that you could do too?",
    },
    Prompt {
        id: "heart",
        theme: PromptTheme::LeadingThrough,
        text: "Heart: whom did you help to thrive this week, and who might feel unseen?",
    },
    Prompt {
        id: "serve_or_dominate",
        theme: PromptTheme::PowerTrust,
        text: "Where did you use your power this week to serve, and where to get your way?",
    },
    Prompt {
        id: "let_go",
        theme: PromptTheme::HardSoftPower,
        text: "What did you keep control of this week that someone on your team could have owned?",
    },
    Prompt {
        id: "persuaded",
        theme: PromptTheme::PowerInfluence,
        text: "When did you persuade rather than decide this week? What did it cost, and what did it earn?",
    },
    Prompt {
        id: "mind",
        theme: PromptTheme::LeadingThrough,
        text: "Mind: which hard problem did you bring people together to solve, instead of solving it for them?",
    },
    Prompt {
        id: "dissent",
        theme: PromptTheme::PowerTrust,
        text: "Did anyone disagree with you openly this week? If not, what might be keeping them quiet?",
    },
];

/// The prompt with this id, if the library has it.
pub fn by_id(id: &str) -> Option<&'static Prompt> {
    PROMPTS.iter().find(|p| p.id == id)
}

/// The prompt offered in `week`: the library in turn, one a week, the same week always
/// getting the same one (on every computer, whatever day it is opened).
pub fn for_week(week: Week) -> &'static Prompt {
    use chrono::Datelike;
    let weeks = week.monday().num_days_from_ce().div_euclid(7);
    &PROMPTS[weeks.rem_euclid(PROMPTS.len() as i32) as usize]
}

/// The answer to a week's optional prompt.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct PromptAnswer {
    /// The prompt's id (see [`PROMPTS`]).
    pub id: String,
    /// The leader's answer.
    pub answer: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_consecutive_weeks_differ_in_theme_and_cycle_through_all() {
        let mut ids: Vec<&str> = PROMPTS.iter().map(|p| p.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), PROMPTS.len());
        let start: Week = "2026-W01".parse().unwrap();
        let mut week = start;
        let mut seen = Vec::new();
        for _ in 0..PROMPTS.len() {
            let (this, next) = (for_week(week), for_week(week.next()));
            assert_ne!(this.theme, next.theme, "{week}");
            seen.push(this.id);
            week = week.next();
        }
        seen.sort_unstable();
        assert_eq!(seen, ids, "a full turn offers every prompt once");
        assert_eq!(for_week(week), for_week(start), "and then starts again");
        // Across a year's end (ISO years of 52 and 53 weeks) the turn goes on.
        let w53: Week = "2026-W53".parse().unwrap();
        assert_ne!(for_week(w53).id, for_week(w53.next()).id);
    }
}
