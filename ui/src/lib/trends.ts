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

const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** A Monday: weeks on the time axis are counted from it. */
const EPOCH = Date.UTC(1970, 0, 5);

/** Where a time falls on the charts' time axis, in weeks since 5 January 1970. */
export const weeksAt = (time: number) => (time - EPOCH) / WEEK;
const timeOf = (x: number) => EPOCH + x * WEEK;

/** A week's place on the time axis (its Monday). */
export const weekX = (week: string) => weeksAt(mondayOf(week).getTime());

/** Ranges longer than this many weeks are drawn a month at a time. */
export const MONTHLY_BEYOND_WEEKS = 53;

/** Points of weekly data on a real time axis (missed weeks leave their gap), `{x, y}` for
 * Chart.js. Over more than a year the weeks are bucketed by month, placed at the month's
 * first day: the month's last value (`last`: ratings, rolling rates) or their sum (`sum`:
 * the trust account). Weeks without a value (null) are left out of a bucket. */
export function timeSeries<P extends { week: string }>(
  points: readonly P[],
  value: (p: P) => number | null,
  mode: "last" | "sum",
): { x: number; y: number | null }[] {
  const span = points.length > 1 ? weekX(points[points.length - 1].week) - weekX(points[0].week) + 1 : 1;
  if (span <= MONTHLY_BEYOND_WEEKS) return points.map((p) => ({ x: weekX(p.week), y: value(p) }));
  const months = new Map<number, { x: number; y: number | null }>();
  for (const p of points) {
    const monday = mondayOf(p.week);
    const first = Date.UTC(monday.getUTCFullYear(), monday.getUTCMonth(), 1);
    const bucket = months.get(first) ?? { x: weeksAt(first), y: null };
    const v = value(p);
    if (v !== null) bucket.y = mode === "sum" ? (bucket.y ?? 0) + v : v;
    months.set(first, bucket);
  }
  return [...months.values()];
}

/** The first days of months between two points of the time axis, every `every` months. */
function monthStarts(min: number, max: number, every: number): number[] {
  const start = new Date(timeOf(min));
  const out: number[] = [];
  for (let m = start.getUTCMonth() + 1, y = start.getUTCFullYear(); ; m += every) {
    const t = Date.UTC(y, m, 1);
    const x = weeksAt(t);
    if (x > max) break;
    out.push(x);
  }
  return out;
}

/** The x scale of a chart over time: linear in weeks, ticks on the first days of months
 * (every few months over long ranges), labelled with the month as the locale writes it. */
export function timeScale(xs: readonly number[], color: string) {
  const min = Math.min(...xs) - 0.5;
  const max = Math.max(...xs) + 0.5;
  const months = (max - min) / 4.35;
  const every = months <= 8 ? 1 : months <= 16 ? 2 : months <= 36 ? 3 : months <= 72 ? 6 : 12;
  const label = dateFormat({ month: "short", year: "numeric", timeZone: "UTC" });
  return {
    type: "linear" as const,
    min,
    max,
    grid: { display: false },
    afterBuildTicks: (axis: { ticks: { value: number }[] }) => {
      axis.ticks = monthStarts(min, max, every).map((value) => ({ value }));
    },
    ticks: {
      color,
      autoSkip: false,
      maxRotation: 0,
      callback: (value: number | string) => label.format(new Date(timeOf(Number(value)))),
    },
  };
}

/** A tooltip's title on the time axis: the day (a week's Monday, or a month's first). */
export function timeTitle(items: { parsed: { x: number | null } }[]): string {
  const x = items[0]?.parsed.x;
  if (x === null || x === undefined) return "";
  return dateFormat({ day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(
    new Date(timeOf(x)),
  );
}

/** The calendar's month labels: the column of each month's first Monday, and its name. */
export function calendarMonths(
  firstMonday: Date | null,
  columns: number,
): { column: number; label: string }[] {
  if (!firstMonday) return [];
  const name = dateFormat({ month: "short", timeZone: "UTC" });
  const out: { column: number; label: string }[] = [];
  for (let c = 0; c < columns; c++) {
    const monday = new Date(firstMonday.getTime() + c * WEEK);
    if (monday.getUTCDate() > 7) continue;
    // January is named by its year, so a long calendar says which year each stretch is.
    const label = monday.getUTCMonth() === 0 ? String(monday.getUTCFullYear()) : name.format(monday);
    out.push({ column: c, label });
  }
  return out;
}
