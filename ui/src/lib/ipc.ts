// The only door to the Rust back end: every `invoke` in the UI goes through this module,
// which names each command, types its arguments and result, and turns failures into an
// `IpcError` whose `code` the UI branches on (never the message, which is for people).
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";

/** Every error code the back end sends (steward-core's `Error::code()` plus `locked`). */
export type ErrorCode =
  | "wrong_passphrase"
  | "malformed_recovery_key"
  | "tampered"
  | "not_a_vault"
  | "no_vault"
  | "vault_exists"
  | "vault_too_new"
  | "record_too_new"
  | "not_found"
  | "conflict"
  | "incomplete_reflection"
  | "invalid_input"
  | "import_line"
  | "wrong_backup_passphrase"
  | "not_a_backup"
  | "backup_damaged"
  | "backup_too_new"
  | "disk_full"
  | "busy"
  | "io"
  | "database"
  | "locked"
  | "internal";

const KNOWN: ReadonlySet<string> = new Set<ErrorCode>([
  "wrong_passphrase", "malformed_recovery_key", "tampered", "not_a_vault", "no_vault",
  "vault_exists", "vault_too_new", "record_too_new", "not_found", "conflict",
  "incomplete_reflection", "invalid_input",
  "import_line", "wrong_backup_passphrase", "not_a_backup", "backup_damaged", "backup_too_new",
  "disk_full", "busy", "io", "database", "locked", "internal",
]);

export class IpcError extends Error {
  readonly code: ErrorCode;
  /** For `incomplete_reflection`: the missing answers' field paths (`exercise.step`). */
  readonly missing: string[];
  constructor(code: ErrorCode, message: string, missing: string[] = []) {
    super(message);
    this.name = "IpcError";
    this.code = code;
    this.missing = missing;
  }
}

/** Turns whatever `invoke` rejected with into an IpcError. */
export function toIpcError(raw: unknown): IpcError {
  if (raw && typeof raw === "object" && "code" in raw && "message" in raw) {
    const { code, message, missing } = raw as { code: unknown; message: unknown; missing?: unknown };
    if (typeof code === "string" && KNOWN.has(code)) {
      const fields = Array.isArray(missing) ? missing.map(String) : [];
      return new IpcError(code as ErrorCode, String(message), fields);
    }
  }
  return new IpcError("internal", typeof raw === "string" ? raw : "Something went wrong in Steward.");
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw toIpcError(raw);
  }
}

export type EntryKind = "entry" | "daily" | "weekly";

export interface VaultStatus {
  exists: boolean;
  unlocked: boolean;
  path: string;
}

export interface EntrySummary {
  id: string;
  created_at: string;
  kind: EntryKind;
  title: string;
  excerpt: string;
  tags: string[];
  words: number;
  version: number;
}

export interface Entry {
  id: string;
  created_at: string;
  updated_at: string;
  kind: EntryKind;
  version: number;
  title: string;
  body: string;
  tags: string[];
}

export interface Settings {
  autolock_minutes: number;
}

export interface EntryDraft {
  title: string;
  body: string;
  tags: string[];
}

export type StrengthSource = "power" | "trust" | "both";
export type Eroder = "overused_authority" | "withheld_information" | "broke_commitments" | "ignored_fairness";
export type Deposit = "promises_kept" | "decisions_explained" | "mistakes_owned" | "people_valued";
export type StepType = "transparency" | "apology" | "inclusion";
export type FollowUpStatus = "done" | "partly" | "not_done";
export type Weekday = "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";

/** The answers of a weekly reflection; `exercise.relationship` is a relationship id. */
export interface Answers {
  strength_source: StrengthSource | null;
  strength_note: string;
  lost_trust: string;
  lost_trust_causes: Eroder[];
  reinforce_trust: string;
  exercise: {
    relationship: string | null;
    authority: number | null;
    trust: number | null;
    feedback_request: string;
    step_type: StepType | null;
    step: string;
  };
  follow_up: { status: FollowUpStatus | null; what_happened: string; trust_now: number | null };
  trust_account: { deposits: Deposit[]; withdrawals: Eroder[] };
}

export interface Reflection {
  id: string;
  week: string;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  version: number;
  answers: Answers;
}

export interface PreviousStep {
  week: string;
  relationship_id: string | null;
  relationship: string | null;
  step_type: StepType | null;
  step: string;
  feedback_request: string;
  trust: number | null;
}

export interface WeekStatus {
  week: string;
  due_at: string;
  due: boolean;
  completed: boolean;
  draft: boolean;
  missed: string[];
  streak: number;
  longest_streak: number;
}

export interface Schedule {
  weekday: Weekday;
  /** Local time, "HH:MM". */
  time: string;
  week_start: "monday" | "sunday";
  notify: boolean;
}

export interface ReflectionListItem {
  week: string;
  completed: boolean;
  relationship: string | null;
  step: string;
  step_type: StepType | null;
}

export interface ReflectionOverview {
  status: WeekStatus;
  follow_up_of: PreviousStep | null;
  schedule: Schedule;
  /** Newest first. */
  reflections: ReflectionListItem[];
}

export interface ReflectionView {
  week: string;
  current_week: string;
  reflection: Reflection | null;
  follow_up_of: PreviousStep | null;
}

export interface Relationship {
  id: string;
  name: string;
  archived: boolean;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface RelationshipHistory {
  relationship: Relationship;
  points: { week: string; authority: number | null; trust: number | null }[];
  follow_ups: {
    step_week: string;
    week: string;
    step: string;
    step_type: StepType | null;
    status: FollowUpStatus | null;
    trust_now: number | null;
  }[];
  deposits: number;
  withdrawals: number;
  steps_committed: number;
  steps_done: number;
  steps_partly: number;
  steps_not_done: number;
}

export interface GapPoint { week: string; authority: number; trust: number; gap: number }
export interface RollingPoint { week: string; rate: number | null }

/** The trends of a range (steward-core's `Trends`). */
export interface Trends {
  from: string | null;
  to: string;
  relationships: {
    id: string;
    name: string;
    archived: boolean;
    points: GapPoint[];
    latest_gap: number;
    gap_change: number;
    reading: string;
  }[];
  strength_source_counts: { power: number; trust: number; both: number };
  strength_sources: { week: string; source: StrengthSource }[];
  follow_through_rate: number | null;
  follow_through: {
    committed: number;
    followed_up: number;
    done: number;
    partly: number;
    not_done: number;
    partly_weight: number;
    rolling_4: RollingPoint[];
    rolling_12: RollingPoint[];
    by_step_type: {
      step_type: StepType;
      committed: number;
      followed_up: number;
      done: number;
      partly: number;
      not_done: number;
      rate: number | null;
    }[];
  };
  trust_account: {
    weeks: { week: string; deposits: number; withdrawals: number; net: number }[];
    deposits: number;
    withdrawals: number;
    net: number;
    eroders: { eroder: Eroder; withdrawals: number; causes: number; total: number }[];
    deposit_kinds: { deposit: Deposit; count: number }[];
  };
  completion: {
    weeks_elapsed: number;
    completed: number;
    drafts: number;
    missed: number;
    rate: number | null;
    current_streak: number;
    longest_streak: number;
    weeks: string[];
  };
  writing: {
    entries: number;
    words: number;
    days_written: number;
    weeks: { week: string; entries: number; words: number }[];
    days: { date: string; entries: number; words: number }[];
  };
  readings: {
    gap: string;
    strength: string;
    follow_through: string;
    step_types: string;
    trust_account: string;
    completion: string;
    writing: string;
  };
}

export type TrendsRange = "3m" | "1y" | "all" | "custom";

export interface BackupCounts { entries: number; relationships: number; reflections: number; settings: number }
export interface BackupSummary {
  exported_at: string;
  counts: BackupCounts;
  first_entry: string | null;
  last_entry: string | null;
  first_week: string | null;
  last_week: string | null;
}
export interface MergeCounts { added: number; updated: number; unchanged: number; kept_local: number }
export interface MergeReport { entries: MergeCounts; relationships: MergeCounts; reflections: MergeCounts; settings: MergeCounts }
export interface BackupStatus { last_backup_at: string | null; days_since: number; overdue: boolean; suggested_path: string }

export const ipc = {
  vaultStatus: () => call<VaultStatus>("vault_status"),
  /** Creates the journal; resolves to the recovery key, to be shown once. */
  createVault: (passphrase: string) => call<string>("create_vault", { passphrase }),
  unlock: (passphrase: string) => call<void>("unlock", { passphrase }),
  lock: () => call<void>("lock"),
  changePassphrase: (current: string, next: string) =>
    call<void>("change_passphrase", { current, new: next }),
  getSettings: () => call<Settings>("get_settings"),
  setAutolock: (minutes: number) => call<void>("set_autolock", { minutes }),
  listEntries: () => call<EntrySummary[]>("list_entries"),
  /** Ids of the matching entries, newest first. */
  searchEntries: (query: string) => call<string[]>("search_entries", { query }),
  getEntry: (id: string) => call<Entry>("get_entry", { id }),
  createEntry: (draft: EntryDraft) => call<Entry>("create_entry", { ...draft }),
  updateEntry: (id: string, draft: EntryDraft, version: number) =>
    call<Entry>("update_entry", { id, ...draft, version }),
  deleteEntry: (id: string) => call<void>("delete_entry", { id }),
  reflectionOverview: () => call<ReflectionOverview>("reflection_overview"),
  /** The reflection of `week` ("" for this week). */
  getReflection: (week: string) => call<ReflectionView>("get_reflection", { week }),
  saveReflection: (week: string, answers: Answers, version: number | null) =>
    call<Reflection>("save_reflection", { week, answers, version }),
  /** Finishes the week's reflection; fails with `incomplete_reflection` and the missing fields. */
  finishReflection: (week: string) => call<Reflection>("finish_reflection", { week }),
  listRelationships: () => call<Relationship[]>("list_relationships"),
  createRelationship: (name: string) => call<Relationship>("create_relationship", { name }),
  renameRelationship: (id: string, name: string) => call<Relationship>("rename_relationship", { id, name }),
  archiveRelationship: (id: string, archived: boolean) =>
    call<Relationship>("archive_relationship", { id, archived }),
  relationshipHistory: (id: string) => call<RelationshipHistory>("relationship_history", { id }),
  getSchedule: () => call<Schedule>("get_schedule"),
  setSchedule: (schedule: Schedule) => call<void>("set_schedule", { schedule }),
  /** Trends of a range; `from`/`to` (YYYY-MM-DD) only for "custom". */
  getTrends: (range: TrendsRange, from?: string, to?: string) =>
    call<Trends>("get_trends", { range, from: from ?? null, to: to ?? null }),
  backupStatus: () => call<BackupStatus>("backup_status"),
  /** The native file dialog; null when cancelled. */
  chooseBackupFile: (save: boolean, suggested: string) =>
    call<string | null>("choose_backup_file", { save, suggested }),
  exportBackup: (path: string, passphrase: string) => call<BackupSummary>("export_backup", { path, passphrase }),
  verifyBackup: (path: string, passphrase: string) => call<BackupSummary>("verify_backup", { path, passphrase }),
  importBackup: (path: string, passphrase: string) => call<MergeReport>("import_backup", { path, passphrase }),
  /** Creates the journal from a backup; resolves to the new recovery key. */
  restoreBackup: (path: string, backupPassphrase: string, passphrase: string) =>
    call<string>("restore_backup", { path, backupPassphrase, passphrase }),
  /** Runs `handler` with each progress report of a long backup operation. */
  onBackupProgress: (handler: (done: number, total: number) => void): Promise<UnlistenFn> =>
    listen<{ done: number; total: number }>("backup-progress", (e) => handler(e.payload.done, e.payload.total)),
  /** Runs `handler` when the weekly reflection becomes due while the app runs. */
  onReflectionDue: (handler: (week: string) => void): Promise<UnlistenFn> =>
    listen<string>("reflection-due", (event) => handler(event.payload)),
  /** Closes the app (after the UI saved what was pending). */
  closeApp: () => call<void>("close_app"),
  /** Runs `handler` when the user closes the window; it must end with `closeApp()`. */
  onCloseRequested: (handler: () => void): Promise<UnlistenFn> => listen("close-requested", handler),
  /** Runs `handler` when the back end locks the journal by itself (auto-lock). */
  onLocked: (handler: () => void): Promise<UnlistenFn> => listen("locked", handler),
};
