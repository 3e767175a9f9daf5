// The only door to the Rust back end: every `invoke` in the UI goes through this module,
// which names each command, types its arguments and result, and turns failures into an
// `IpcError` whose `code` the UI branches on (never the message, which is for people).
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { ERROR_CODES } from "./bindings";
import { t } from "./i18n";
import type {
  AppErrorCode,
  AppSettings,
  Answers,
  AutoBackupEvent,
  AutoBackupOverview,
  AutoBackupReport,
  AutoBackupSettings,
  DrillReport,
  AsExpected,
  BackupStatus,
  BackupSummary,
  DecisionList,
  Entry,
  EntrySummary,
  EntryList,
  KeysRotated,
  ErrorCode as EngineErrorCode,
  MergeReport,
  OnThisDay,
  RecordSummary,
  RecordWords,
  Reflection,
  ReviewWhen,
  ReflectionHit,
  ReflectionOverview,
  ReflectionView,
  Relationship,
  ReviewWithNote,
  SavedEntry,
  RelationshipHistory,
  Schedule,
  Keep,
  SyncEvent,
  SyncReport,
  SyncStatus,
  Trends,
  VaultStatus,
} from "./bindings";

// The IPC types are generated from the Rust types (bindings.ts, `make bindings`); this
// module re-exports them so screens import from one place.
export type * from "./bindings";

/** Every error code the back end sends: the engine's codes plus the app's own. */
export type ErrorCode = EngineErrorCode | AppErrorCode;

const KNOWN: ReadonlySet<string> = new Set<string>(ERROR_CODES);

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
  return new IpcError("internal", typeof raw === "string" ? raw : t("common.somethingWrong"));
}

let lockedHandler: (() => void) | null = null;

/** The one place that learns the journal locked under a call (auto-lock while a screen was
 * working): the app registers what to do, and every screen just shows its other errors. */
export function whenLocked(handler: (() => void) | null): void {
  lockedHandler = handler;
}

/** What a screen shows for a failed call: nothing for `locked` (handled by whenLocked). */
/** What to show for an error: the catalog's words for its code where it has them (in the
 * UI's language), else the engine's message (which names the specific record or file). */
export function errorText(e: unknown): string {
  const err = e instanceof IpcError ? e : toIpcError(e);
  if (err.code === "locked") return "";
  return err.code in CATALOGUED ? t(CATALOGUED[err.code as keyof typeof CATALOGUED]) : err.message;
}

const CATALOGUED = {
  wrong_passphrase: "errors.wrong_passphrase",
} as const;

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    const err = toIpcError(raw);
    if (err.code === "locked") lockedHandler?.();
    throw err;
  }
}

/** The settings the UI shows. */
export type Settings = AppSettings;

/** What the editor sends to save an entry. */
export interface EntryDraft {
  title: string;
  body: string;
  tags: string[];
  /** Ids of the relationships the entry is about. */
  people: string[];
}

export type Weekday = Schedule["weekday"];

export type TrendsRange = "3m" | "1y" | "all" | "custom";

export const ipc = {
  vaultStatus: () => call<VaultStatus>("vault_status"),
  /** The first screen is in the document: the back end shows the window (it starts hidden). */
  firstScreenDrawn: () => call<void>("first_screen_drawn"),
  /** Creates the journal; resolves to the recovery key, to be shown once. */
  createVault: (passphrase: string) => call<string>("create_vault", { passphrase }),
  unlock: (passphrase: string) => call<void>("unlock", { passphrase }),
  lock: () => call<void>("lock"),
  /** The user typed, clicked or scrolled: the auto-lock's idle time starts again. */
  userActive: () => call<void>("user_active"),
  /**
   * Copies a secret (the recovery key), marked for clipboard managers to keep out of their
   * history; Rust clears it after 45 s unless something else was copied since.
   */
  copySecret: (text: string) => call<void>("copy_secret", { text }),
  /** Clears the clipboard now if it still holds the secret copied last. */
  clearSecret: () => call<void>("clear_secret"),
  /** Opens an http(s) or mailto link in the system browser; only after the user confirmed. */
  openLink: (url: string) => call<void>("open_link", { url }),
  /**
   * Changes the passphrase (or, with `next` = `current`, rotates the keys): every record is
   * re-encrypted under a new key. Keeps the recovery key when it is typed in
   * `keepRecoveryKey`, else resolves with a new one to show once.
   */
  /** Opens the system's print dialog (printers, or "Print to File" for a PDF). */
  printPage: () => call<void>("print_page"),
  /** Unlocks with the recovery key and sets a new passphrase; a new recovery key comes back. */
  recover: (recoveryKey: string, next: string) => call<KeysRotated>("recover", { recoveryKey, new: next }),
  changePassphrase: (current: string, next: string, keepRecoveryKey: string | null) =>
    call<KeysRotated>("change_passphrase", { current, new: next, keepRecoveryKey }),
  getSettings: () => call<Settings>("get_settings"),
  setAutolock: (minutes: number) => call<void>("set_autolock", { minutes }),
  entryList: (query: string, exact: boolean, limit: number) =>
    call<EntryList>("entry_list", { query, exact, limit }),
  entryPage: (query: string, exact: boolean, offset: number, limit: number) =>
    call<EntrySummary[]>("entry_page", { query, exact, offset, limit }),
  /** Ids of the matching entries, newest first. */
  getEntry: (id: string) => call<Entry>("get_entry", { id }),
  /** A draft's words, by the engine's rule (title and body). */
  entryWords: (body: string) => call<number>("entry_words", { body }),
  /** Saves a new entry; resolves to it and its list summary (computed in Rust). */
  createEntry: (draft: EntryDraft) => call<SavedEntry>("create_entry", { ...draft }),
  updateEntry: (id: string, draft: EntryDraft, version: number) =>
    call<SavedEntry>("update_entry", { id, ...draft, version }),
  deleteEntry: (id: string) => call<void>("delete_entry", { id }),
  /** The weekly reflections whose written answers hold the words, newest first. */
  searchReflections: (query: string, exact: boolean) =>
    call<ReflectionHit[]>("search_reflections", { query, exact }),
  /** The entries linked to a relationship, newest first. */
  entriesAbout: (id: string) => call<EntrySummary[]>("entries_about", { id }),
  reflectionOverview: () => call<ReflectionOverview>("reflection_overview"),
  /** The reflection of `week` ("" for this week). */
  getReflection: (week: string) => call<ReflectionView>("get_reflection", { week }),
  saveReflection: (week: string, answers: Answers, version: number | null) =>
    call<Reflection>("save_reflection", { week, answers, version }),
  /** Finishes the week's reflection; fails with `incomplete_reflection` and the missing fields. */
  finishReflection: (week: string) => call<Reflection>("finish_reflection", { week }),
  /** Where "Add to calendar" offers to write the week's step (a new .ics file). */
  suggestCalendarPath: (week: string) => call<string>("suggest_calendar_path", { week }),
  /** The native save dialog for the .ics file; null when cancelled. */
  chooseCalendarFile: (suggested: string) => call<string | null>("choose_calendar_file", { suggested }),
  /** Writes the week's step as an all-day event on its "by when" day; returns that day. */
  saveStepCalendar: (week: string, path: string, summary: string, description: string) =>
    call<string>("save_step_calendar", { week, path, summary, description }),
  listRelationships: () => call<Relationship[]>("list_relationships"),
  createRelationship: (name: string) => call<Relationship>("create_relationship", { name }),
  renameRelationship: (id: string, name: string) => call<Relationship>("rename_relationship", { id, name }),
  archiveRelationship: (id: string, archived: boolean) =>
    call<Relationship>("archive_relationship", { id, archived }),
  /** Saves the private notes on a relationship loaded at `version`; `conflict` if it changed. */
  setRelationshipNotes: (id: string, notes: string, version: number) =>
    call<Relationship>("set_relationship_notes", { id, notes, version }),
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
  /** Exports a backup; an existing file is replaced only with `replace` (the user confirmed). */
  /** A strong backup passphrase to offer (six groups of four), shown once by the form. */
  suggestBackupPassphrase: () => call<string>("suggest_backup_passphrase"),
  exportBackup: (path: string, passphrase: string, replace = false) =>
    call<BackupSummary>("export_backup", { path, passphrase, replace }),
  verifyBackup: (path: string, passphrase: string) =>
    call<BackupSummary>("verify_backup", { path, passphrase }),
  importBackup: (path: string, passphrase: string) =>
    call<MergeReport>("import_backup", { path, passphrase }),
  /** Creates the journal from a backup; resolves to the new recovery key. */
  restoreBackup: (path: string, backupPassphrase: string, passphrase: string) =>
    call<string>("restore_backup", { path, backupPassphrase, passphrase }),
  /** Runs `handler` with each progress report of a long backup operation. */
  onBackupProgress: (handler: (done: number, total: number) => void): Promise<UnlistenFn> =>
    listen<{ done: number; total: number }>("backup-progress", (e) =>
      handler(e.payload.done, e.payload.total),
    ),
  /** Automatic backups: settings, what happened lately, what is due. */
  autoBackupOverview: () => call<AutoBackupOverview>("auto_backup_overview"),
  /** Stores automatic backup settings (checked by the engine). */
  setAutoBackup: (settings: AutoBackupSettings) => call<AutoBackupOverview>("set_auto_backup", { settings }),
  /** Makes an automatic backup now, due or not (off the session: search goes on). */
  autoBackupNow: () => call<AutoBackupReport>("auto_backup_now"),
  /** Decrypts and checks the latest automatic backup in memory. */
  drillBackup: () => call<DrillReport>("drill_backup"),
  /** A journal made before automatic backups learns their key from the recovery key. */
  adoptRecoveryKey: (recoveryKey: string) => call<AutoBackupOverview>("adopt_recovery_key", { recoveryKey }),
  /** The native folder dialog; null when cancelled. */
  chooseBackupFolder: (suggested: string) => call<string | null>("choose_backup_folder", { suggested }),
  /** Runs `handler` when a background backup starts or finishes. */
  onAutoBackup: (handler: (event: AutoBackupEvent) => void): Promise<UnlistenFn> =>
    listen<AutoBackupEvent>("auto-backup", (e) => handler(e.payload)),
  /** Where syncing stands; null when this journal does not sync. */
  syncStatus: () => call<SyncStatus | null>("sync_status"),
  /** The native folder dialog for the sync folder; null when cancelled. */
  chooseSyncFolder: () => call<string | null>("choose_sync_folder"),
  /** Starts syncing into `folder` (runs the first round, then watches it). */
  startSync: (folder: string) => call<SyncReport>("start_sync", { folder }),
  /** First run on another computer: a journal made from the folder, opened with the
   * passphrase it has there. */
  joinSync: (folder: string, passphrase: string) => call<SyncReport>("join_sync", { folder, passphrase }),
  /** A round now. */
  syncNow: () => call<SyncReport>("sync_now"),
  /** Keeps one version of an entry edited on two computers. */
  resolveSyncConflict: (id: string, keep: Keep) => call<void>("resolve_sync_conflict", { id, keep }),
  /** Takes the passphrase changed on another computer, then syncs. */
  adoptSyncPassphrase: (passphrase: string) => call<SyncReport>("adopt_sync_passphrase", { passphrase }),
  /** Stops syncing on this computer. */
  stopSync: () => call<void>("stop_sync"),
  /** Runs `handler` when a background sync round starts or finishes. */
  onSync: (handler: (event: SyncEvent) => void): Promise<UnlistenFn> =>
    listen<SyncEvent>("sync", (e) => handler(e.payload)),
  /** What was written today in earlier years (and this week's reflection a year ago). */
  onThisDay: () => call<OnThisDay>("on_this_day"),
  /** "Not today": hides on this day until tomorrow. */
  dismissOnThisDay: () => call<void>("dismiss_on_this_day"),
  /** Quarters and years there is something to review in, newest first ("2026-Q3", "2026"). */
  reviewPeriods: () => call<string[]>("review_periods"),
  /** The reviews offered today (none once written or dismissed). */
  reviewOffers: () => call<string[]>("review_offers"),
  /** "Not now" for a review. */
  dismissReview: (period: string) => call<void>("dismiss_review", { period }),
  /** A period's review figures and the saved summary. */
  getReview: (period: string) => call<ReviewWithNote>("get_review", { period }),
  /** Saves the summary of a period; `version` of the note as loaded (null when new). */
  saveReview: (period: string, title: string, learned: string, differently: string, version: number | null) =>
    call<Entry>("save_review", { period, title, learned, differently, version }),
  /** The decisions (due, open, reviewed) and the calibration. */
  listDecisions: () => call<DecisionList>("list_decisions"),
  /** Records a decision taken today. */
  addDecision: (d: {
    title: string;
    situation: string;
    options: string;
    expectation: string;
    confidence: number;
    review: ReviewWhen;
    people: string[];
  }) => call<Entry>("add_decision", d),
  /** Records how a decision (loaded at `version`) came out. */
  reviewDecision: (
    id: string,
    whatHappened: string,
    asExpected: AsExpected,
    wouldRepeat: string,
    version: number,
  ) => call<Entry>("review_decision", { id, whatHappened, asExpected, wouldRepeat, version }),
  /** Where to offer saving the printable record (the documents folder). */
  suggestRecordPath: (name: string) => call<string>("suggest_record_path", { name }),
  /** The native save dialog for a PDF; null when cancelled. */
  chooseRecordFile: (suggested: string) => call<string | null>("choose_record_file", { suggested }),
  /** Writes the printable record (unencrypted; the screen warned first). */
  exportRecord: (r: {
    path: string;
    from: string;
    to: string;
    person: string;
    initials: boolean;
    words: RecordWords;
  }) => call<RecordSummary>("export_record", r),
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
