//! The TypeScript mirror of every type that crosses IPC, generated from the Rust types
//! (ts-rs) into `ui/src/lib/bindings.ts`. The UI imports its IPC types from there and
//! nowhere else; the test below fails when the committed file is stale.
//!
//! Regenerate with `make bindings` (it runs that test with `STEWARD_WRITE_BINDINGS=1`).

use steward_core::backup::{
    AutoBackupOverview, AutoBackupReport, AutoBackupSettings, AutoBackupState, BackupCounts,
    BackupFailure, BackupInterval, BackupStatus, BackupSummary, DrillRecord, DrillReport,
    MergeCounts, MergeReport,
};
use steward_core::decisions::{AsExpected, DecisionOutcome};
use steward_core::listing::EntryLayout;
use steward_core::lookback::{
    Bias, Calibration, CalibrationBand, DecisionList, OnThisDay, PeriodDecisions, PeriodReview,
    PeriodWriting, PersonMove, ReviewWithNote, YearAgo,
};
use steward_core::printable::{RecordCounts, RecordSummary, RecordWords};
use steward_core::reflections::prompts::{PromptAnswer, PromptTheme};
use steward_core::reflections::{
    CurrentStep, Deposit, Eroder, Exercise, FollowUp, FollowUpPoint, FollowUpStatus, RatingPoint,
    StepType, StrengthSource, TrustAccount,
};
use steward_core::session::EntryDetail;
use steward_core::status::{ReflectionListItem, ReflectionOverview, ReflectionView};
use steward_core::sync::{ConflictInfo, DeviceInfo, Keep, SyncReport, SyncStatus};
use steward_core::trends::{
    AccountWeek, Completion, DepositCount, EroderCount, FollowThrough, GapPoint, Headline,
    Headlines, RatingSource, Readings, RelationshipTrend, RollingPoint, SourceCounts,
    StepTypeStats, TrustAccountTrend, WeekSource, Writing, WritingDay, WritingWeek,
};
use steward_core::{
    Answers, Entry, EntryKind, EntryList, EntrySummary, ErrorCode, PreviousStep, Reflection,
    ReflectionHit, Relationship, RelationshipHistory, SavedEntry, Schedule, Trends, WeekStart,
    WeekStatus,
};
use steward_core::{Decision, ReviewNote};
use ts_rs::{Config, TS};

use crate::autobackup::AutoBackupEvent;
use crate::commands::backup::Progress;
use crate::commands::lookback::ReviewWhen;
use crate::commands::vault::{AppSettings, KeysRotated, VaultStatus};
use crate::error::{AppErrorCode, IpcError};
use crate::syncer::SyncEvent;

/// Where the generated file lives, from the repository root.
pub const PATH: &str = "ui/src/lib/bindings.ts";

macro_rules! declarations {
    ($cfg:expr; $($t:ty),* $(,)?) => {
        vec![$(format!("export {}", <$t as TS>::decl($cfg))),*]
    };
}

/// The whole generated file.
pub fn generate() -> String {
    let cfg = Config::new().with_large_int("number");
    let cfg = &cfg;
    let mut out = String::from(
        "// Generated from the Rust types by ts-rs (src-tauri/src/bindings.rs): do not edit.\n\
         // `make bindings` regenerates it; a test fails when it is stale.\n\n",
    );
    let decls: Vec<String> = declarations![cfg;
        ErrorCode, AppErrorCode, IpcError,
        VaultStatus, AppSettings, KeysRotated, Progress,
        EntryKind, Entry, EntrySummary, SavedEntry, EntryList, EntryLayout,
        StrengthSource, Eroder, Deposit, StepType, FollowUpStatus,
        Exercise, FollowUp, TrustAccount, PromptAnswer, PromptTheme, Answers, Reflection,
        PreviousStep, ReflectionHit,
        Relationship, RelationshipHistory, RatingPoint, FollowUpPoint, CurrentStep,
        WeekStart, Schedule, WeekStatus,
        ReflectionListItem, ReflectionOverview, ReflectionView,
        Trends, RelationshipTrend, GapPoint, RatingSource, SourceCounts, WeekSource, FollowThrough,
        RollingPoint, StepTypeStats, TrustAccountTrend, AccountWeek, EroderCount,
        DepositCount, Completion, Writing, WritingWeek, WritingDay, Readings, Headline, Headlines,
        BackupCounts, BackupSummary, MergeCounts, MergeReport, BackupStatus,
        BackupInterval, AutoBackupSettings, BackupFailure, DrillRecord, AutoBackupState,
        AutoBackupOverview, AutoBackupReport, DrillReport, AutoBackupEvent,
        EntryDetail, Decision, DecisionOutcome, AsExpected, ReviewNote,
        OnThisDay, YearAgo, PeriodReview, PersonMove, PeriodWriting, PeriodDecisions,
        ReviewWithNote, DecisionList, Calibration, CalibrationBand, Bias,
        RecordWords, RecordCounts, RecordSummary, ReviewWhen,
        SyncStatus, DeviceInfo, ConflictInfo, SyncReport, Keep, SyncEvent,
    ];
    for decl in decls {
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    let codes: Vec<String> = ErrorCode::ALL
        .iter()
        .map(|c| format!("\"{}\"", c.as_str()))
        .chain(["\"locked\"".into(), "\"internal\"".into()])
        .collect();
    {
        use steward_core::reflections::questions as q;
        let text = |t: &str| serde_json::to_string(t).expect("a string");
        out.push_str(&format!(
            "/** The reflection's questions, worded once in the engine (docs/DESIGN.md §4). */\nexport const QUESTIONS = {{\n  strength: {},\n  lostTrust: {},\n  reinforce: {},\n  exercise: {},\n}} as const;\n\n",
            text(q::STRENGTH),
            text(q::LOST_TRUST),
            text(q::REINFORCE),
            text(q::EXERCISE)
        ));
    }
    {
        use steward_core::reflections::prompts::PROMPTS;
        let lines: Vec<String> = (PROMPTS.iter())
            .map(|p| {
                let theme = serde_json::to_string(&p.theme).expect("a theme");
                let text = serde_json::to_string(p.text).expect("a string");
                format!("  {{ id: \"{}\", theme: {theme}, text: {text} }},", p.id)
            })
            .collect();
        out.push_str(&format!(
            "/** The optional prompts in English, in the order they are offered (the engine's\n * library); the message catalog words them in each language under these ids. */\nexport const PROMPTS = [\n{}\n] as const;\n\n",
            lines.join("\n")
        ));
    }
    out.push_str(&format!(
        "/** The shortest passphrase the engine accepts, in characters (Unicode scalar values). */\nexport const MIN_PASSPHRASE_CHARS = {};\n\n",
        steward_core::MIN_PASSPHRASE_CHARS
    ));
    out.push_str(&format!(
        "/** Every error code the back end sends. */\nexport const ERROR_CODES: readonly (ErrorCode | AppErrorCode)[] = [{}];\n",
        codes.join(", ")
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_bindings_are_current() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let path = root.join(PATH);
        let fresh = generate();
        if std::env::var_os("STEWARD_WRITE_BINDINGS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "{PATH} is stale: run `make bindings` and commit the result"
        );
    }

    #[test]
    fn every_error_code_serializes_as_its_text() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, code.as_str());
        }
        assert!(generate().contains("\"incomplete_reflection\""));
    }
}
