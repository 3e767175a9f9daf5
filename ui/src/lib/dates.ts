// Days, dates and times as the journal shows them, in the UI's locale (lib/i18n.ts).
import type { EntrySummary } from "./ipc";
import { locale, t } from "./i18n";

export interface DayGroup {
  key: string;
  label: string;
  entries: EntrySummary[];
}

function dayKey(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

export function dayLabel(d: Date, now = new Date()): string {
  const today = dayKey(now);
  const yesterday = dayKey(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1));
  const key = dayKey(d);
  if (key === today) return t("common.today");
  if (key === yesterday) return t("common.yesterday");
  return d.toLocaleDateString(locale(), {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: d.getFullYear() === now.getFullYear() ? undefined : "numeric",
  });
}

/** The weekdays as the reflection's schedule names them, Monday first. */
export const WEEKDAYS = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A weekday's name in the UI's locale: "Friday", "Freitag"; "Fri", "Fr." when short. Takes
 * the schedule's name or an index from Monday = 0 (2024-01-01 was a Monday). */
export function weekdayName(day: Weekday | number, style: "long" | "short" = "long"): string {
  const index = typeof day === "number" ? day : WEEKDAYS.indexOf(day);
  return new Date(Date.UTC(2024, 0, 1 + index)).toLocaleDateString(locale(), {
    weekday: style,
    timeZone: "UTC",
  });
}

/** A local day written `YYYY-MM-DD` (as the back end's list layout sends it), at midnight. */
export function localDay(day: string): Date {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y, m - 1, d);
}

/** Entries (already newest first) grouped by local day, newest day first. */
export function groupByDay(entries: EntrySummary[], now = new Date()): DayGroup[] {
  const groups: DayGroup[] = [];
  for (const entry of entries) {
    const d = new Date(entry.created_at);
    const key = dayKey(d);
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.entries.push(entry);
    else groups.push({ key, label: dayLabel(d, now), entries: [entry] });
  }
  return groups;
}

/** The time of day as the locale writes it ("6:09 PM", "18:09"): no padded hour. */
export function timeOf(iso: string): string {
  return new Date(iso).toLocaleTimeString(locale(), { hour: "numeric", minute: "2-digit" });
}

/** An entry's moment for the editor: "Wednesday, 2 December 2026 at 6:09 PM" in the locale. */
export function longDate(iso: string): string {
  return new Date(iso).toLocaleString(locale(), {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
  });
}
