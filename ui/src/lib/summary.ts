// A list-view summary of an entry the UI just saved, matching the back end's
// `EntrySummary` (so the list updates without reloading 10k summaries).
import { wordCount } from "./dates";
import type { Entry, EntrySummary } from "./ipc";

export const EXCERPT_CHARS = 160;

export function excerptOf(body: string): string {
  const collapsed = body.trim().split(/\s+/).join(" ");
  const chars = Array.from(collapsed);
  return chars.length > EXCERPT_CHARS ? chars.slice(0, EXCERPT_CHARS).join("") + "…" : collapsed;
}

export function summaryOf(entry: Entry): EntrySummary {
  return {
    id: entry.id,
    created_at: entry.created_at,
    kind: entry.kind,
    title: entry.title,
    excerpt: excerptOf(entry.body),
    tags: entry.tags,
    words: wordCount(entry.title) + wordCount(entry.body),
    version: entry.version,
  };
}
