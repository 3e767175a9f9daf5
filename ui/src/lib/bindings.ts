// Generated from the Rust types by ts-rs (src-tauri/src/bindings.rs): do not edit.
// `make bindings` regenerates it; a test fails when it is stale.

export type ErrorCode = "wrong_passphrase" | "malformed_recovery_key" | "tampered" | "not_a_vault" | "no_vault" | "vault_exists" | "file_exists" | "vault_too_new" | "record_too_new" | "not_found" | "conflict" | "incomplete_reflection" | "invalid_input" | "import_line" | "wrong_backup_passphrase" | "not_a_backup" | "backup_damaged" | "backup_too_new" | "backup_folder_missing" | "no_auto_backup" | "backup_key_unknown" | "not_syncing" | "sync_folder" | "sync_key_changed" | "disk_full" | "busy" | "io" | "database";

export type AppErrorCode = "locked" | "internal";

export type IpcError = { 
/**
 * Stable machine-readable code: the engine's `Error::code()`, or an [`AppErrorCode`].
 */
code: ErrorCode | AppErrorCode, 
/**
 * One human sentence.
 */
message: string, 
/**
 * For `incomplete_reflection`: the answers still missing, as reflection JSON field
 * paths (`exercise.step`), so the UI names them without reading the message.
 */
missing?: string[], };

export type VaultStatus = { 
/**
 * A journal file exists at the path.
 */
exists: boolean, 
/**
 * It is unlocked in this app.
 */
unlocked: boolean, 
/**
 * The journal file.
 */
path: string, 
/**
 * Copies of the journal made before an upgrade to this version's format, still there
 * because the upgraded journal has not unlocked yet (then they are removed).
 */
copies_aside: Array<string>, };

export type AppSettings = { 
/**
 * Idle minutes before the journal locks itself.
 */
autolock_minutes: number, };

export type KeysRotated = { 
/**
 * Records re-sealed under the new key.
 */
records: number, 
/**
 * The new recovery key, to show once; `null` when the user kept theirs.
 */
recovery_key: string | null, 
/**
 * Whether no old key material is left in the journal's live files.
 */
wal_cleared: boolean, };

export type Progress = { 
/**
 * Entries done.
 */
done: number, 
/**
 * Entries in all.
 */
total: number, };

export type EntryKind = "entry" | "daily" | "weekly";

export type Entry = { 
/**
 * UUID.
 */
id: string, 
/**
 * When it was written, with the writer's UTC offset.
 */
created_at: string, 
/**
 * Last change (UTC).
 */
updated_at: string, 
/**
 * Kind.
 */
kind: EntryKind, 
/**
 * Record version: 1 when created, +1 on each update.
 */
version: number, 
/**
 * Title (may be empty).
 */
title: string, 
/**
 * Markdown body.
 */
body: string, 
/**
 * Tags, without `#`/`@`, in the order given, deduplicated case-insensitively.
 */
tags: Array<string>, 
/**
 * The relationships (ids) the entry is about, in the order linked; empty for most
 * entries, and for those written before entries could name people.
 */
people: Array<string>, 
/**
 * A decision entry's decision (and its review, once written). Boxed, as is the review:
 * most entries have neither, and the session holds every entry (10k entries × the
 * two inline would be ~2 MB more).
 */
decision?: Decision, 
/**
 * A period review's summary.
 */
review?: ReviewNote, };

export type EntrySummary = { 
/**
 * Entry id.
 */
id: string, 
/**
 * When written (RFC 3339 with the writer's offset).
 */
created_at: string, 
/**
 * Kind.
 */
kind: EntryKind, 
/**
 * Title, or empty.
 */
title: string, 
/**
 * The start of the body, whitespace collapsed.
 */
excerpt: string, 
/**
 * Tags.
 */
tags: Array<string>, 
/**
 * Words in the body.
 */
words: number, 
/**
 * Record version.
 */
version: number, 
/**
 * What a decision or review entry is (absent for other entries).
 */
detail?: EntryDetail, };

export type SavedEntry = { 
/**
 * The entry as stored.
 */
entry: Entry, 
/**
 * Its list-view summary.
 */
summary: EntrySummary, };

export type EntryList = { 
/**
 * How many entries, in runs per local day.
 */
layout: EntryLayout, 
/**
 * The summaries of the list's first entries (up to the limit asked for).
 */
first: Array<EntrySummary>, };

export type EntryLayout = { 
/**
 * Entries in the list.
 */
total: number, 
/**
 * Each run's local day as the number `YYYYMMDD` (20261202), newest first.
 */
days: Array<number>, 
/**
 * How many entries each run holds; they add up to `total`.
 */
counts: Array<number>, };

export type StrengthSource = "power" | "trust" | "both";

export type Eroder = "overused_authority" | "withheld_information" | "broke_commitments" | "ignored_fairness";

export type Deposit = "promises_kept" | "decisions_explained" | "mistakes_owned" | "people_valued";

export type StepType = "transparency" | "apology" | "inclusion";

export type FollowUpStatus = "done" | "partly" | "not_done";

export type Exercise = { 
/**
 * The relationship: its id inside the engine and across IPC, its name in the
 * reflection JSON ([`ReflectionDoc`]).
 */
relationship: string | null, 
/**
 * Authority 1–5 as the leader sees it.
 */
authority: number | null, 
/**
 * Trust 1–5 as the leader sees it.
 */
trust: number | null, 
/**
 * The feedback the leader will ask for.
 */
feedback_request: string, 
/**
 * The kind of step.
 */
step_type: StepType | null, 
/**
 * The step, concretely.
 */
step: string, 
/**
 * By when the step is to be taken (a local date, `YYYY-MM-DD` in JSON); the closing
 * card's "Add to calendar" makes it an all-day event.
 */
by_when: string | null, };

export type FollowUp = { 
/**
 * Done, partly or not done.
 */
status: FollowUpStatus | null, 
/**
 * What happened.
 */
what_happened: string, 
/**
 * Trust in that relationship now, 1–5: a point on the person's trust line (see
 * [`crate::trends`]); when this week's exercise rates the same person, that rating is
 * the week's and this one is not asked.
 */
trust_now: number | null, 
/**
 * Whether the leader asked for the feedback the step's week meant to ask for.
 */
asked_for_feedback: boolean | null, 
/**
 * What they said, in the leader's words.
 */
their_feedback: string, };

export type TrustAccount = { 
/**
 * What built trust this week.
 */
deposits: Array<Deposit>, 
/**
 * What drew on it.
 */
withdrawals: Array<Eroder>, 
/**
 * The person they concern, if one (an id inside the engine and across IPC, a name in
 * the reflection JSON, like the exercise's): their page shows the week's account.
 */
relationship: string | null, };

export type PromptAnswer = { 
/**
 * The prompt's id (see [`PROMPTS`]).
 */
id: string, 
/**
 * The leader's answer.
 */
answer: string, };

export type PromptTheme = "hard_soft_power" | "power_influence" | "leading_through" | "power_trust";

export type Answers = { 
/**
 * Question 1: power, trust or both.
 */
strength_source: StrengthSource | null, 
/**
 * Question 1, in the leader's words.
 */
strength_note: string, 
/**
 * Question 2: when trust was lost and why.
 */
lost_trust: string, 
/**
 * Question 2: the causes, from the trust eroders.
 */
lost_trust_causes: Array<Eroder>, 
/**
 * Question 2 answered "nothing this week" (it is asked as "Did anything cost you
 * trust this week?"): a week without a loss, told apart from a question skipped.
 */
no_trust_lost: boolean, 
/**
 * Question 3: using power so that it reinforces trust.
 */
reinforce_trust: string, 
/**
 * The exercise.
 */
exercise: Exercise, 
/**
 * The follow-up of the previous step.
 */
follow_up: FollowUp, 
/**
 * The trust account.
 */
trust_account: TrustAccount, 
/**
 * The week's optional prompt from the library, answered; `None` when skipped. Left out
 * when skipped, so a reflection without one seals (and exports) as before prompts
 * existed, and an earlier build still opens it.
 */
prompt?: PromptAnswer | null, };

export type Reflection = { 
/**
 * UUID.
 */
id: string, 
/**
 * The week it belongs to.
 */
week: string, 
/**
 * Started (RFC 3339, UTC, in JSON).
 */
created_at: string, 
/**
 * Last change (RFC 3339, UTC, in JSON).
 */
updated_at: string, 
/**
 * When it was finished; `None` while a draft.
 */
completed_at: string | null, 
/**
 * Record version.
 */
version: number, 
/**
 * The answers; `exercise.relationship` is a relationship id.
 */
answers: Answers, };

export type PreviousStep = { 
/**
 * The week it was committed.
 */
week: string, 
/**
 * The relationship's id, if one was chosen.
 */
relationship_id: string | null, 
/**
 * Its current name.
 */
relationship: string | null, 
/**
 * The kind of step.
 */
step_type: StepType | null, 
/**
 * The step.
 */
step: string, 
/**
 * The feedback the leader meant to ask for.
 */
feedback_request: string, 
/**
 * Trust as rated that week.
 */
trust: number | null, 
/**
 * Authority as rated that week: what a new week about the same person starts from.
 */
authority: number | null, 
/**
 * The day the step was to be taken by.
 */
by_when: string | null, };

export type ReflectionHit = { 
/**
 * Its week.
 */
week: string, 
/**
 * The answer holding the first term, whitespace collapsed, cut to about 160
 * characters around it.
 */
excerpt: string, };

export type Relationship = { 
/**
 * UUID.
 */
id: string, 
/**
 * The leader's name for the person or group, e.g. "Dana (design lead)".
 */
name: string, 
/**
 * Kept for history, not offered for new reflections.
 */
archived: boolean, 
/**
 * The leader's private notes on the person, e.g. for their 1:1s (Markdown; empty
 * until written, and in backups made before notes existed).
 */
notes: string, 
/**
 * Created (RFC 3339, UTC, in JSON).
 */
created_at: string, 
/**
 * Last change (RFC 3339, UTC, in JSON).
 */
updated_at: string, 
/**
 * Record version.
 */
version: number, };

export type RelationshipHistory = { 
/**
 * The relationship.
 */
relationship: Relationship, 
/**
 * Its ratings, one a week, oldest first: the exercise's, or the follow-up's "trust
 * now" of a step committed for it (see [`crate::trends::RatingSource`]).
 */
points: Array<RatingPoint>, 
/**
 * Follow-ups of the steps committed for it, oldest first.
 */
follow_ups: Array<FollowUpPoint>, 
/**
 * The step committed for it that no later reflection has followed up yet: what the
 * leader is working on with this person now.
 */
current_step: CurrentStep | null, 
/**
 * Deposits in the weeks it was the exercise's relationship.
 */
deposits: number, 
/**
 * Withdrawals in those weeks.
 */
withdrawals: number, 
/**
 * Steps committed for it.
 */
steps_committed: number, 
/**
 * Of those followed up: done.
 */
steps_done: number, 
/**
 * Partly done.
 */
steps_partly: number, 
/**
 * Not done.
 */
steps_not_done: number, };

export type RatingPoint = { 
/**
 * The week.
 */
week: string, 
/**
 * Authority 1–5.
 */
authority: number, 
/**
 * Trust 1–5.
 */
trust: number, 
/**
 * Where the rating comes from.
 */
source: RatingSource, };

export type FollowUpPoint = { 
/**
 * The week the step was committed.
 */
step_week: string, 
/**
 * The week it was followed up.
 */
week: string, 
/**
 * The step.
 */
step: string, 
/**
 * The kind of step.
 */
step_type: StepType | null, 
/**
 * How it went.
 */
status: FollowUpStatus | null, 
/**
 * Trust afterwards.
 */
trust_now: number | null, 
/**
 * What happened, in the leader's words.
 */
what_happened: string, 
/**
 * The feedback the step's week meant to ask for.
 */
feedback_request: string, 
/**
 * Whether it was asked for.
 */
asked_for_feedback: boolean | null, 
/**
 * What they said.
 */
their_feedback: string, };

export type CurrentStep = { 
/**
 * The week it was committed.
 */
week: string, 
/**
 * The kind of step.
 */
step_type: StepType | null, 
/**
 * The step.
 */
step: string, 
/**
 * The feedback to ask for.
 */
feedback_request: string, 
/**
 * The day it is to be taken by.
 */
by_when: string | null, };

export type WeekStart = "monday" | "sunday";

export type Schedule = { 
/**
 * The day of the week the reflection becomes due.
 */
weekday: "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday", 
/**
 * The local time it becomes due.
 */
time: string, 
/**
 * The first day of a week.
 */
week_start: WeekStart, 
/**
 * Send a desktop notification when it becomes due while the app runs.
 */
notify: boolean, };

export type WeekStatus = { 
/**
 * The week holding "now".
 */
week: string, 
/**
 * When this week's reflection becomes (or became) due, RFC 3339 with the local offset.
 */
due_at: string, 
/**
 * Due now: the moment has passed and this week's reflection is not complete.
 */
due: boolean, 
/**
 * This week's reflection is complete.
 */
completed: boolean, 
/**
 * This week's reflection was started but not finished.
 */
draft: boolean, 
/**
 * Earlier weeks (since tracking began) without a completed reflection, oldest first.
 */
missed: Array<string>, 
/**
 * Completed weeks in a row, ending with this week if it is complete, else last week.
 */
streak: number, 
/**
 * The longest run of completed weeks ever.
 */
longest_streak: number, };

export type ReflectionListItem = { 
/**
 * Its week.
 */
week: string, 
/**
 * Finished (else a draft).
 */
completed: boolean, 
/**
 * The exercise's relationship, by its current name.
 */
relationship: string | null, 
/**
 * The step committed.
 */
step: string, 
/**
 * Its kind.
 */
step_type: StepType | null, };

export type ReflectionOverview = { 
/**
 * Where this week stands.
 */
status: WeekStatus, 
/**
 * The step this week's reflection follows up.
 */
follow_up_of: PreviousStep | null, 
/**
 * The reminder schedule.
 */
schedule: Schedule, 
/**
 * Every reflection, newest first.
 */
reflections: Array<ReflectionListItem>, };

export type ReflectionView = { 
/**
 * The week shown.
 */
week: string, 
/**
 * The week holding "now".
 */
current_week: string, 
/**
 * The saved reflection, if any.
 */
reflection: Reflection | null, 
/**
 * The step to follow up.
 */
follow_up_of: PreviousStep | null, 
/**
 * The latest reflection before this week, finished or not: its answers are shown
 * faintly beside this week's questions.
 */
previous: Reflection | null, 
/**
 * The day next week's reflection falls on: the day a step is taken by unless the
 * leader picks another.
 */
next_reflection_day: string, 
/**
 * The id of the week's optional prompt: the one answered, else the week's turn in the
 * library ([`crate::reflections::prompts::for_week`]).
 */
prompt: string, };

export type Trends = { 
/**
 * First week of the range (absent when there is no data and no `from`).
 */
from: string | null, 
/**
 * Last week of the range.
 */
to: string, 
/**
 * Per relationship, by current name, those rated in the range.
 */
relationships: Array<RelationshipTrend>, 
/**
 * How many reflections said power, trust or both.
 */
strength_source_counts: SourceCounts, 
/**
 * The strength source week by week, oldest first.
 */
strength_sources: Array<WeekSource>, 
/**
 * Share of the followed-up steps (committed in the range) that were done, partly done
 * counting half; `None` when no step was followed up.
 */
follow_through_rate: number | null, 
/**
 * Follow-through in detail.
 */
follow_through: FollowThrough, 
/**
 * Deposits and withdrawals.
 */
trust_account: TrustAccountTrend, 
/**
 * Reflections done against weeks elapsed.
 */
completion: Completion, 
/**
 * Entries and words.
 */
writing: Writing, 
/**
 * One sentence per part.
 */
readings: Readings, 
/**
 * The three statements at the top, with the change since the period before.
 */
headlines: Headlines, };

export type RelationshipTrend = { 
/**
 * Relationship id.
 */
id: string, 
/**
 * Current name.
 */
name: string, 
/**
 * Archived.
 */
archived: boolean, 
/**
 * The weeks it was rated, oldest first.
 */
points: Array<GapPoint>, 
/**
 * Authority − trust at the last point.
 */
latest_gap: number, 
/**
 * Change of the gap from the first point to the last (negative = closing).
 */
gap_change: number, 
/**
 * The sentence.
 */
reading: string, };

export type GapPoint = { 
/**
 * The week.
 */
week: string, 
/**
 * Authority 1–5.
 */
authority: number, 
/**
 * Trust 1–5.
 */
trust: number, 
/**
 * Authority − trust.
 */
gap: number, 
/**
 * Where the rating comes from.
 */
source: RatingSource, };

export type RatingSource = "exercise" | "follow_up";

export type SourceCounts = { 
/**
 * Power.
 */
power: number, 
/**
 * Trust.
 */
trust: number, 
/**
 * Both.
 */
both: number, };

export type WeekSource = { 
/**
 * The week.
 */
week: string, 
/**
 * The answer.
 */
source: StrengthSource, };

export type FollowThrough = { 
/**
 * Steps committed in the range.
 */
committed: number, 
/**
 * Of those, followed up (a later reflection said done / partly / not done).
 */
followed_up: number, 
/**
 * Done.
 */
done: number, 
/**
 * Partly done.
 */
partly: number, 
/**
 * Not done.
 */
not_done: number, 
/**
 * What partly done counts for (0.5).
 */
partly_weight: number, 
/**
 * Rate over the steps committed in the 4 weeks ending each week, oldest first.
 */
rolling_4: Array<RollingPoint>, 
/**
 * The same over 12 weeks.
 */
rolling_12: Array<RollingPoint>, 
/**
 * Per step type.
 */
by_step_type: Array<StepTypeStats>, };

export type RollingPoint = { 
/**
 * The last week of the window.
 */
week: string, 
/**
 * The rate, `None` when no step of the window was followed up.
 */
rate: number | null, };

export type StepTypeStats = { 
/**
 * The type.
 */
step_type: StepType, 
/**
 * Committed.
 */
committed: number, 
/**
 * Followed up.
 */
followed_up: number, 
/**
 * Done.
 */
done: number, 
/**
 * Partly.
 */
partly: number, 
/**
 * Not done.
 */
not_done: number, 
/**
 * Follow-through rate, `None` when none was followed up.
 */
rate: number | null, };

export type TrustAccountTrend = { 
/**
 * Week by week, oldest first (weeks with a reflection).
 */
weeks: Array<AccountWeek>, 
/**
 * Total deposits.
 */
deposits: number, 
/**
 * Total withdrawals.
 */
withdrawals: number, 
/**
 * Deposits − withdrawals.
 */
net: number, 
/**
 * Each trust eroder: as a withdrawal, as a cause of lost trust, and both; most first.
 */
eroders: Array<EroderCount>, 
/**
 * Each deposit kind, most first.
 */
deposit_kinds: Array<DepositCount>, };

export type AccountWeek = { 
/**
 * The week.
 */
week: string, 
/**
 * Deposits.
 */
deposits: number, 
/**
 * Withdrawals.
 */
withdrawals: number, 
/**
 * Deposits − withdrawals.
 */
net: number, };

export type EroderCount = { 
/**
 * The eroder.
 */
eroder: Eroder, 
/**
 * As a trust-account withdrawal.
 */
withdrawals: number, 
/**
 * As a cause of lost trust (question 2).
 */
causes: number, 
/**
 * Both together.
 */
total: number, };

export type DepositCount = { 
/**
 * The kind.
 */
deposit: Deposit, 
/**
 * Weeks it was made.
 */
count: number, };

export type Completion = { 
/**
 * Weeks of the range that have ended or whose reflection is done.
 */
weeks_elapsed: number, 
/**
 * Of those, with a finished reflection.
 */
completed: number, 
/**
 * Weeks with a draft only.
 */
drafts: number, 
/**
 * Elapsed weeks without a finished reflection.
 */
missed: number, 
/**
 * completed / weeks_elapsed, `None` when no week elapsed.
 */
rate: number | null, 
/**
 * Finished weeks in a row up to now (this week if finished, else last week).
 */
current_streak: number, 
/**
 * Longest run of finished weeks in the range.
 */
longest_streak: number, 
/**
 * Weeks with a finished reflection, oldest first (the calendar).
 */
weeks: Array<string>, };

export type Writing = { 
/**
 * Entries in the range.
 */
entries: number, 
/**
 * Their words.
 */
words: number, 
/**
 * Days with at least one entry.
 */
days_written: number, 
/**
 * Week by week (weeks with entries), oldest first.
 */
weeks: Array<WritingWeek>, 
/**
 * Day by day (days with entries), oldest first: the calendar.
 */
days: Array<WritingDay>, };

export type WritingWeek = { 
/**
 * The week.
 */
week: string, 
/**
 * Entries.
 */
entries: number, 
/**
 * Words.
 */
words: number, };

export type WritingDay = { 
/**
 * The day.
 */
date: string, 
/**
 * Entries.
 */
entries: number, 
/**
 * Words.
 */
words: number, };

export type Readings = { 
/**
 * The authority / trust gap across relationships.
 */
gap: string, 
/**
 * Strength source.
 */
strength: string, 
/**
 * Follow-through.
 */
follow_through: string, 
/**
 * Step-type mix.
 */
step_types: string, 
/**
 * Trust account.
 */
trust_account: string, 
/**
 * Completion and streaks.
 */
completion: string, 
/**
 * Writing.
 */
writing: string, };

export type Headline = { 
/**
 * The figure in this range.
 */
value: number, 
/**
 * What it is out of, for a share (people rated twice or more; steps followed up).
 */
out_of: number | null, 
/**
 * The figure in the previous period of the same length; `None` when there is none
 * (the range is all time) or it held nothing to compare.
 */
before: number | null, 
/**
 * What that was out of.
 */
before_out_of: number | null, 
/**
 * How many things the figure is made of in this range (people rated twice or more,
 * steps followed up, deposits and withdrawals): 0 when there is nothing to say yet.
 */
counted: number, 
/**
 * The sentence, in English.
 */
text: string, };

export type Headlines = { 
/**
 * The length of the range and of the period before it, in weeks (0 for all time).
 */
weeks: number, 
/**
 * People whose authority/trust gap closed over the range, of those rated twice or more.
 */
gap: Headline, 
/**
 * Followed-up steps that were done, of those followed up.
 */
steps: Headline, 
/**
 * The trust account's net (deposits − withdrawals).
 */
account: Headline, };

export type BackupCounts = { 
/**
 * Journal entries.
 */
entries: number, 
/**
 * Relationships.
 */
relationships: number, 
/**
 * Weekly reflections.
 */
reflections: number, 
/**
 * Settings.
 */
settings: number, 
/**
 * Tombstones of deleted records (none in a version 1 backup).
 */
tombstones: number, };

export type BackupSummary = { 
/**
 * When it was exported (RFC 3339, UTC, in JSON).
 */
exported_at: string, 
/**
 * Records, as found (verify) or written (export).
 */
counts: BackupCounts, 
/**
 * The oldest entry's date.
 */
first_entry: string | null, 
/**
 * The newest entry's date.
 */
last_entry: string | null, 
/**
 * First and last reflection weeks.
 */
first_week: string | null, 
/**
 * Last reflection week.
 */
last_week: string | null, };

export type MergeCounts = { 
/**
 * Not in the journal: added.
 */
added: number, 
/**
 * Newer in the backup: replaced.
 */
updated: number, 
/**
 * The same in both.
 */
unchanged: number, 
/**
 * Newer (or a different record for the same week) in the journal: left as it is.
 */
kept_local: number, 
/**
 * Deleted in the backup after their last change here: removed here too.
 */
deleted: number, 
/**
 * Deleted here, and not changed in the backup since: not brought back.
 */
stayed_deleted: number, };

export type MergeReport = { 
/**
 * Entries.
 */
entries: MergeCounts, 
/**
 * Relationships.
 */
relationships: MergeCounts, 
/**
 * Reflections.
 */
reflections: MergeCounts, 
/**
 * Settings (only missing keys are added; the journal's own are kept).
 */
settings: MergeCounts, 
/**
 * Tombstones: `added` the deletions this journal learned of (the record deleted here
 * too, or never here), `unchanged` those it knew, `kept_local` those dropped because the
 * record here was edited after the deletion.
 */
tombstones: MergeCounts, };

export type BackupStatus = { 
/**
 * When (RFC 3339, UTC, in JSON), or `None` if never.
 */
last_backup_at: string | null, 
/**
 * Whole days since then (or since the journal was created, if never).
 */
days_since: number, 
/**
 * [`BACKUP_REMINDER_DAYS`] or more.
 */
overdue: boolean, 
/**
 * A file name to offer: `steward-YYYY-MM-DD.age` in the given folder.
 */
suggested_path: string, };

export type BackupInterval = "daily" | "weekly";

export type AutoBackupSettings = { 
/**
 * Whether automatic backups are made. Off until the leader (or the first run) chose a
 * folder.
 */
enabled: boolean, 
/**
 * The folder (absolute); `None` for the default, "Steward Backups" in the documents
 * folder.
 */
folder: string | null, 
/**
 * How often.
 */
interval: BackupInterval, 
/**
 * The newest backups kept, whatever their age (at least 1).
 */
keep_last: number, 
/**
 * Also kept: the newest backup of each of this many months, this one included.
 */
keep_monthly: number, 
/**
 * Extra recipients (`age1…` public keys) each automatic backup is also encrypted to.
 */
recipients: Array<string>, };

export type BackupFailure = { 
/**
 * When.
 */
at: string, 
/**
 * The error's stable code ([`crate::error::ErrorCode`]).
 */
code: string, };

export type DrillRecord = { 
/**
 * When it ran.
 */
at: string, 
/**
 * The file it opened (its name).
 */
file: string, 
/**
 * Whether every record parsed and the MAC matched.
 */
ok: boolean, 
/**
 * What was wrong (the error's stable code), when it failed.
 */
problem: string | null, };

export type AutoBackupState = { 
/**
 * When the last automatic backup was written.
 */
last_at: string | null, 
/**
 * Its file name (in the folder).
 */
last_file: string | null, 
/**
 * The last attempt's failure, if it failed (a stable error code), and when.
 */
last_failure: BackupFailure | null, 
/**
 * The last restore drill.
 */
last_drill: DrillRecord | null, };

export type AutoBackupOverview = { 
/**
 * What the leader chose.
 */
settings: AutoBackupSettings, 
/**
 * The folder in use (the default resolved).
 */
folder: string, 
/**
 * What happened lately.
 */
state: AutoBackupState, 
/**
 * Whether the journal knows its backup key (else the recovery key is needed once).
 */
has_key: boolean, 
/**
 * Whether a backup is due now.
 */
due: boolean, 
/**
 * Whether a drill is due now.
 */
drill_due: boolean, };

export type AutoBackupReport = { 
/**
 * The new file.
 */
path: string, 
/**
 * What it holds.
 */
summary: BackupSummary, 
/**
 * Older automatic backups rotation removed (file names).
 */
removed: Array<string>, };

export type DrillReport = { 
/**
 * The file it opened.
 */
path: string, 
/**
 * What it holds (every record parsed, the MAC matched).
 */
summary: BackupSummary, };

export type AutoBackupEvent = { 
/**
 * A run started (`true`) or finished (`false`).
 */
running: boolean, 
/**
 * Whether this run made a backup.
 */
backed_up: boolean, 
/**
 * Whether this run drilled one.
 */
drilled: boolean, 
/**
 * The stable code of what failed, if anything did.
 */
failed: string | null, };

export type EntryDetail = "decision" | "reviewed_decision" | "review";

export type Decision = { 
/**
 * The situation: what called for a decision.
 */
situation: string, 
/**
 * The options considered.
 */
options: string, 
/**
 * What the leader expects to happen.
 */
expectation: string, 
/**
 * How confident the leader is that it comes out as expected, 0–100 (%).
 */
confidence: number, 
/**
 * When to look at it again.
 */
review_on: string, 
/**
 * What happened, once reviewed.
 */
outcome?: DecisionOutcome | null, };

export type DecisionOutcome = { 
/**
 * The day it was reviewed.
 */
reviewed_on: string, 
/**
 * What happened.
 */
what_happened: string, 
/**
 * Whether it came out as expected.
 */
as_expected: AsExpected, 
/**
 * What the leader would do again (or not).
 */
would_repeat: string, };

export type AsExpected = "yes" | "partly" | "no";

export type ReviewNote = { 
/**
 * `2026-Q3` or `2026`.
 */
period: string, 
/**
 * "What did I learn this quarter about how I use power and earn trust?"
 */
learned: string, 
/**
 * "What will I do differently?"
 */
differently: string, };

export type OnThisDay = { 
/**
 * The day looked back from.
 */
date: string, 
/**
 * One group per earlier year with entries, the most recent first.
 */
years: Array<YearAgo>, 
/**
 * The finished reflection of this week a year ago.
 */
reflection: Reflection | null, 
/**
 * The leader said "not today" to it (the app hides it until tomorrow).
 */
dismissed: boolean, };

export type YearAgo = { 
/**
 * How many years ago.
 */
years_ago: number, 
/**
 * That day.
 */
date: string, 
/**
 * Its entries, in the order written.
 */
entries: Array<Entry>, };

export type PeriodReview = { 
/**
 * `2026-Q3` or `2026`.
 */
period: string, 
/**
 * Its first day.
 */
from: string, 
/**
 * Its last day.
 */
to: string, 
/**
 * The period before (for comparison).
 */
previous: string, 
/**
 * Whether the period has ended.
 */
ended: boolean, 
/**
 * Per person rated in the period: how the gap moved, the widest gap first.
 */
people: Array<PersonMove>, 
/**
 * Steps committed in the period, by kind (kinds with none left out).
 */
steps: Array<StepTypeStats>, 
/**
 * Withdrawals from the trust account made in two weeks or more, most first.
 */
recurring_withdrawals: Array<EroderCount>, 
/**
 * Where strength came from in the period.
 */
strength: SourceCounts, 
/**
 * The same in the period before.
 */
strength_before: SourceCounts, 
/**
 * Entries, words and reflections.
 */
writing: PeriodWriting, 
/**
 * Decisions made and reviewed in the period.
 */
decisions: PeriodDecisions, };

export type PersonMove = { 
/**
 * Relationship id.
 */
id: string, 
/**
 * Current name.
 */
name: string, 
/**
 * The first rating in the period.
 */
first: GapPoint, 
/**
 * The last.
 */
last: GapPoint, 
/**
 * Weeks rated.
 */
ratings: number, };

export type PeriodWriting = { 
/**
 * Entries written.
 */
entries: number, 
/**
 * Their words.
 */
words: number, 
/**
 * Days with an entry.
 */
days_written: number, 
/**
 * Weekly reflections finished.
 */
reflections: number, 
/**
 * Weeks of the period that have ended or are done.
 */
weeks: number, };

export type PeriodDecisions = { 
/**
 * Made (written) in the period.
 */
made: number, 
/**
 * Reviewed in the period.
 */
reviewed: number, 
/**
 * Of those, came out as expected.
 */
as_expected: number, };

export type ReviewWithNote = { 
/**
 * The figures.
 */
review: PeriodReview, 
/**
 * The entry holding the leader's summary (the newest, should two devices each have
 * written one).
 */
note: Entry | null, };

export type DecisionList = { 
/**
 * Due for review.
 */
due: Array<Entry>, 
/**
 * Waiting for their review date.
 */
open: Array<Entry>, 
/**
 * Reviewed.
 */
reviewed: Array<Entry>, 
/**
 * How well confidence matched outcomes.
 */
calibration: Calibration, };

export type Calibration = { 
/**
 * Decisions reviewed.
 */
reviewed: number, 
/**
 * Whether there are enough to read anything ([`CALIBRATION_MIN_REVIEWED`]).
 */
enough: boolean, 
/**
 * By confidence rounded to the nearest ten, lowest first (empty bands left out).
 */
bands: Array<CalibrationBand>, 
/**
 * The mean confidence of the reviewed decisions (0–100).
 */
mean_confidence: number, 
/**
 * The share that came out as expected, partly counting half (0–1).
 */
hit_rate: number, 
/**
 * How confidence compares with outcomes overall.
 */
bias: Bias, };

export type CalibrationBand = { 
/**
 * The confidence, rounded to ten (e.g. 70 for 65–74 %).
 */
about: number, 
/**
 * Decisions reviewed.
 */
decisions: number, 
/**
 * Came out as expected.
 */
as_expected: number, 
/**
 * Partly.
 */
partly: number, 
/**
 * Did not.
 */
not_expected: number, 
/**
 * (as expected + partly / 2) / decisions.
 */
hit_rate: number, };

export type Bias = "not_enough" | "overconfident" | "underconfident" | "calibrated";

export type RecordWords = { 
/**
 * BCP 47 language of these words (the PDF's language).
 */
language: string, months: Array<string>, 
/**
 * How a date is written: `{day}`, `{month}`, `{year}`.
 */
date: string, title_period: string, title_person: string, range: string, everything: string, written: string, footer: string, reflections: string, week: string, strength: string, power: string, trust: string, both: string, lost_trust: string, reinforce: string, exercise: string, ratings: string, feedback_request: string, step: string, transparency: string, apology: string, inclusion: string, follow_up: string, done: string, partly: string, not_done: string, trust_now: string, their_feedback: string, deposits: string, withdrawals: string, promises_kept: string, decisions_explained: string, mistakes_owned: string, people_valued: string, overused_authority: string, withheld_information: string, broke_commitments: string, ignored_fairness: string, decisions: string, situation: string, options: string, expectation: string, confidence: string, review_on: string, outcome: string, as_expected: string, partly_expected: string, not_expected: string, would_repeat: string, reviews: string, learned: string, differently: string, entries: string, nothing: string, };

export type RecordCounts = { 
/**
 * Weekly reflections.
 */
reflections: number, 
/**
 * Decisions.
 */
decisions: number, 
/**
 * Review notes.
 */
reviews: number, 
/**
 * Other entries.
 */
entries: number, };

export type RecordSummary = { 
/**
 * Where it was written.
 */
path: string, 
/**
 * Bytes.
 */
bytes: number, 
/**
 * What it holds.
 */
counts: RecordCounts, };

export type ReviewWhen = { "days": number } | { "on": string };

export type SyncStatus = { 
/**
 * The sync folder.
 */
folder: string, 
/**
 * This computer's id.
 */
device: string, 
/**
 * Every computer that syncs into the folder.
 */
devices: Array<DeviceInfo>, 
/**
 * When this computer last completed a round (RFC 3339).
 */
last_sync: string | null, 
/**
 * Records changed here and not yet written to the folder.
 */
pending: number, 
/**
 * Records waiting for a choice.
 */
conflicts: Array<ConflictInfo>, 
/**
 * Whether the passphrase was changed on another computer (type it to go on).
 */
needs_passphrase: boolean, };

export type DeviceInfo = { 
/**
 * Its random id (its folder's name).
 */
id: string, 
/**
 * Whether it is this computer.
 */
this: boolean, 
/**
 * When it last wrote a file this computer has read (RFC 3339), if ever.
 */
last_seen: string | null, 
/**
 * The size of its files in the folder, in bytes.
 */
bytes: number, };

export type ConflictInfo = { 
/**
 * The record's kind: `entry`, `reflection`, `relationship`.
 */
kind: string, 
/**
 * The record's id.
 */
id: string, 
/**
 * The title (an entry) or week (a reflection) of the version kept.
 */
title: string, 
/**
 * The other version's text (an entry's body; a reflection's answers as JSON).
 */
other_text: string, 
/**
 * The other version's title, for an entry.
 */
other_title: string, 
/**
 * When the other version was written (RFC 3339).
 */
other_at: string, };

export type SyncReport = { 
/**
 * Records taken from other computers.
 */
received: number, 
/**
 * Records written into this computer's change file.
 */
sent: number, 
/**
 * Records edited on two computers and merged.
 */
merged: number, 
/**
 * Of those, records whose texts overlapped: kept both, waiting for a choice.
 */
conflicts: number, 
/**
 * Files of other computers not ready yet (being delivered), read again next round.
 */
waiting: number, 
/**
 * Whether a newer build of Steward writes into the folder (its files are skipped).
 */
newer_build: boolean, };

export type Keep = "this" | "other";

export type SyncEvent = { 
/**
 * A round started (`true`) or finished (`false`).
 */
running: boolean, 
/**
 * Records it took from other computers.
 */
received: number, 
/**
 * Records edited on two computers waiting for a choice, after it.
 */
conflicts: number, 
/**
 * The stable code of what failed, if anything did (`sync_key_changed`: the
 * passphrase was changed on another computer).
 */
failed: string | null, };

/** The reflection's questions, worded once in the engine (docs/DESIGN.md §4). */
export const QUESTIONS = {
  strength: "Where does your current leadership draw its strength — from power, trust, or both?",
  lostTrust: "When have you lost trust, and what caused it?",
  reinforce: "How can you use power in a way that consistently reinforces trust?",
  exercise: "Name the one relationship where your authority exceeds your trust.",
} as const;

/** The optional prompts in English, in the order they are offered (the engine's
 * library); the message catalog words them in each language under these ids. */
export const PROMPTS = [
  { id: "because_i_said_so", theme: "hard_soft_power", text: "Where did you use “because I said so” this week? What would soft power have looked like there?" },
  { id: "had_to_or_understood", theme: "power_influence", text: "Think of one thing your team got done this week: did they do it because they had to, or because they understood why?" },
  { id: "soul", theme: "leading_through", text: "Soul: what did you do this week to make things better, not only to get them done?" },
  { id: "silence", theme: "power_trust", text: "Every word, action and silence communicates. What did one of your silences say this week?" },
  { id: "inner_circle", theme: "hard_soft_power", text: "Who was in the room when this week's decisions were made, and who only heard about them afterwards?" },
  { id: "influence_without_title", theme: "power_influence", text: "Who influenced you this week without any authority over you? What did they do that you could do too?" },
  { id: "heart", theme: "leading_through", text: "Heart: whom did you help to thrive this week, and who might feel unseen?" },
  { id: "serve_or_dominate", theme: "power_trust", text: "Where did you use your power this week to serve, and where to get your way?" },
  { id: "let_go", theme: "hard_soft_power", text: "What did you keep control of this week that someone on your team could have owned?" },
  { id: "persuaded", theme: "power_influence", text: "When did you persuade rather than decide this week? What did it cost, and what did it earn?" },
  { id: "mind", theme: "leading_through", text: "Mind: which hard problem did you bring people together to solve, instead of solving it for them?" },
  { id: "dissent", theme: "power_trust", text: "Did anyone disagree with you openly this week? If not, what might be keeping them quiet?" },
] as const;

/** The shortest passphrase the engine accepts, in characters (Unicode scalar values). */
export const MIN_PASSPHRASE_CHARS = 8;

/** Every error code the back end sends. */
export const ERROR_CODES: readonly (ErrorCode | AppErrorCode)[] = ["wrong_passphrase", "malformed_recovery_key", "tampered", "not_a_vault", "no_vault", "vault_exists", "file_exists", "vault_too_new", "record_too_new", "not_found", "conflict", "incomplete_reflection", "invalid_input", "import_line", "wrong_backup_passphrase", "not_a_backup", "backup_damaged", "backup_too_new", "backup_folder_missing", "no_auto_backup", "backup_key_unknown", "not_syncing", "sync_folder", "sync_key_changed", "disk_full", "busy", "io", "database", "locked", "internal"];
