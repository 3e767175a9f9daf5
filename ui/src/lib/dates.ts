// Days, dates and times as the journal shows them, in the UI's locale (lib/i18n.ts).
import { dateFormat, t } from "./i18n";

function dayKey(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

export function dayLabel(d: Date, now = new Date()): string {
  const today = dayKey(now);
  const yesterday = dayKey(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1));
  const key = dayKey(d);
  if (key === today) return t("common.today");
  if (key === yesterday) return t("common.yesterday");
  const sameYear = d.getFullYear() === now.getFullYear();
  return dateFormat(
    sameYear
      ? { weekday: "long", day: "numeric", month: "long" }
      : { weekday: "long", day: "numeric", month: "long", year: "numeric" },
  ).format(d);
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
  return dateFormat({ weekday: style, timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, 1 + index)));
}

/** A local day as the back end's list layout sends it, the number `YYYYMMDD`, at midnight. */
export function localDay(day: number): Date {
  return new Date(Math.floor(day / 10000), (Math.floor(day / 100) % 100) - 1, day % 100);
}

/** The time of day as the locale writes it ("6:09 PM", "18:09"): no padded hour. */
export function timeOf(iso: string): string {
  return dateFormat({ hour: "numeric", minute: "2-digit" }).format(new Date(iso));
}

/** An entry's moment for the editor: "Wednesday, 2 December 2026 at 6:09 PM" in the locale. */
export function longDate(iso: string): string {
  return dateFormat({
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
  }).format(new Date(iso));
}
