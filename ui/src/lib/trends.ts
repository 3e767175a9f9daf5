// Shaping the engine's trends for the charts: buckets of weeks, the calendar grid, and
// number formats. The figures themselves come computed from Rust; nothing here decides one.
import type { StrengthSource, Trends } from "./ipc";
import { dateFormat, numberFormat, t } from "./i18n";

/** 0.587 → "59%" ("59 %" in German); null → "—". */
export function percent(rate: number | null): string {
  return rate === null ? "—" : numberFormat({ style: "percent", maximumFractionDigits: 0 }).format(rate);
}

/** A count with its sign, as a balance is written: +2, +0, -1. */
export function signed(n: number): string {
  return `${n >= 0 ? "+" : ""}${n}`;
}

/** The Monday of an ISO week name ("2026-W47"), as a UTC date. */
export function mondayOf(week: string): Date {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) throw new Error(`not a week name: ${week}`);
  const [year, n] = [Number(m[1]), Number(m[2])];
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const jan4Day = (jan4.getUTCDay() + 6) % 7; // Monday = 0
  return new Date(Date.UTC(year, 0, 4 - jan4Day + (n - 1) * 7));
}

/** "2026-W47" → "Nov 2026" (the month of its Monday). */
export function monthLabel(week: string): string {
  return dateFormat({ month: "short", year: "numeric", timeZone: "UTC" }).format(mondayOf(week));
}

/** Strength sources counted per month (few weeks) or per quarter (long ranges), oldest first. */
export function strengthBuckets(
  weeks: { week: string; source: StrengthSource }[],
): { label: string; power: number; trust: number; both: number }[] {
  const quarterly = weeks.length > 60;
  const out = new Map<string, { label: string; power: number; trust: number; both: number }>();
  for (const { week, source } of weeks) {
    const d = mondayOf(week);
    const label = quarterly
      ? t("trends.quarter", { quarter: Math.floor(d.getUTCMonth() / 3) + 1, year: d.getUTCFullYear() })
      : monthLabel(week);
    const bucket = out.get(label) ?? { label, power: 0, trust: 0, both: 0 };
    bucket[source] += 1;
    out.set(label, bucket);
  }
  return [...out.values()];
}

export interface CalendarCell {
  /** Week column, 0 = the first week shown. */
  x: number;
  /** Row: 0–6 Monday–Sunday, 7 = the weekly reflection. */
  y: number;
  /** Entries that day, or 1 for a finished reflection. */
  v: number;
  /** What a tooltip or the table says. */
  label: string;
}

/** The heat-map cells: one column per week of the range, a row per weekday, and a last
 * row marking the weeks with a finished reflection. */
export function calendarCells(trends: Trends): {
  cells: CalendarCell[];
  columns: number;
  firstMonday: Date | null;
} {
  if (!trends.from) return { cells: [], columns: 0, firstMonday: null };
  const first = mondayOf(trends.from).getTime();
  const day = 86_400_000;
  const columnOf = (time: number) => Math.floor((time - first) / (7 * day));
  const cells: CalendarCell[] = [];
  for (const d of trends.writing.days) {
    const time = Date.parse(`${d.date}T00:00:00Z`);
    const x = columnOf(time);
    if (x < 0) continue;
    const y = (new Date(time).getUTCDay() + 6) % 7;
    cells.push({
      x,
      y,
      v: d.entries,
      label: t("trends.dayCell", { date: d.date, count: d.entries, words: d.words }),
    });
  }
  for (const w of trends.completion.weeks) {
    const x = columnOf(mondayOf(w).getTime());
    if (x >= 0) cells.push({ x, y: 7, v: 1, label: t("trends.weekCell", { week: w }) });
  }
  const columns = columnOf(mondayOf(trends.to).getTime()) + 1;
  return { cells, columns, firstMonday: new Date(first) };
}
