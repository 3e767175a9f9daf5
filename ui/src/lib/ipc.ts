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
  | "invalid_input"
  | "import_line"
  | "disk_full"
  | "busy"
  | "io"
  | "database"
  | "locked"
  | "internal";

const KNOWN: ReadonlySet<string> = new Set<ErrorCode>([
  "wrong_passphrase", "malformed_recovery_key", "tampered", "not_a_vault", "no_vault",
  "vault_exists", "vault_too_new", "record_too_new", "not_found", "invalid_input",
  "import_line", "disk_full", "busy", "io", "database", "locked", "internal",
]);

export class IpcError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "IpcError";
    this.code = code;
  }
}

/** Turns whatever `invoke` rejected with into an IpcError. */
export function toIpcError(raw: unknown): IpcError {
  if (raw && typeof raw === "object" && "code" in raw && "message" in raw) {
    const { code, message } = raw as { code: unknown; message: unknown };
    if (typeof code === "string" && KNOWN.has(code)) {
      return new IpcError(code as ErrorCode, String(message));
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
  /** Closes the app (after the UI saved what was pending). */
  closeApp: () => call<void>("close_app"),
  /** Runs `handler` when the user closes the window; it must end with `closeApp()`. */
  onCloseRequested: (handler: () => void): Promise<UnlistenFn> => listen("close-requested", handler),
  /** Runs `handler` when the back end locks the journal by itself (auto-lock). */
  onLocked: (handler: () => void): Promise<UnlistenFn> => listen("locked", handler),
};
