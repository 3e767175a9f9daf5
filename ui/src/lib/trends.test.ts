import { describe, expect, it } from "vitest";
import {
  calendarCells,
  calendarMonths,
  mondayOf,
  percent,
  strengthBuckets,
  timeSeries,
  weekX,
} from "./trends";
import type { Trends } from "./ipc";

describe("trend shaping", () => {
  it("finds the Monday of ISO weeks, week 53 and year boundaries included", () => {
    expect(mondayOf("2026-W47").toISOString().slice(0, 10)).toBe("2026-11-16");
    expect(mondayOf("2026-W53").toISOString().slice(0, 10)).toBe("2026-12-28");
    expect(mondayOf("2025-W01").toISOString().slice(0, 10)).toBe("2024-12-30");
  });

  it("formats rates and buckets strength sources by month or quarter", () => {
    expect(percent(0.587)).toBe("59%");
    expect(percent(null)).toBe("—");
    const few = strengthBuckets([
      { week: "2026-W45", source: "power" },
      { week: "2026-W46", source: "trust" },
      { week: "2026-W50", source: "trust" },
    ]);
    expect(few).toEqual([
      { label: "Nov 2026", power: 1, trust: 1, both: 0 },
      { label: "Dec 2026", power: 0, trust: 1, both: 0 },
    ]);
    const many = strengthBuckets(
      Array.from({ length: 70 }, (_, i) => ({
        week: `2025-W${String((i % 52) + 1).padStart(2, "0")}`,
        source: "both" as const,
      })),
    );
    expect(many[0].label).toBe("Q4 2024");
  });

  it("lays out the calendar: a column per week, a row per weekday, reflections in row 7", () => {
    const t = {
      from: "2026-W46",
      to: "2026-W47",
      writing: {
        days: [
          { date: "2026-11-10", entries: 2, words: 30 },
          { date: "2026-11-22", entries: 1, words: 5 },
        ],
      },
      completion: { weeks: ["2026-W47"] },
    } as unknown as Trends;
    const { cells, columns } = calendarCells(t);
    expect(columns).toBe(2);
    expect(cells.map((c) => [c.x, c.y, c.v])).toEqual([
      [0, 1, 2],
      [1, 6, 1],
      [1, 7, 1],
    ]);
  });
});

describe("the time axis", () => {
  it("spaces weeks as they fall, a missed week leaving its gap", () => {
    const points = [{ week: "2026-W40" }, { week: "2026-W41" }, { week: "2026-W44" }];
    const xs = timeSeries(points, () => 1, "last").map((p) => p.x);
    expect(xs[1] - xs[0]).toBe(1);
    expect(xs[2] - xs[1]).toBe(3);
    expect(weekX("2026-W41") - weekX("2025-W41")).toBe(52);
  });

  it("buckets more than a year of weeks by month: the last value, or the sum", () => {
    const weeks = Array.from({ length: 60 }, (_, i) => {
      const d = new Date(Date.UTC(2025, 0, 6 + 7 * i));
      const jan4 = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
      const week1 = Date.UTC(d.getUTCFullYear(), 0, 4 - ((jan4.getUTCDay() + 6) % 7));
      const n = Math.floor((d.getTime() - week1) / (7 * 86_400_000)) + 1;
      return { week: `${d.getUTCFullYear()}-W${String(n).padStart(2, "0")}`, v: i };
    });
    const last = timeSeries(weeks, (p) => p.v, "last");
    const sum = timeSeries(weeks, (p) => p.v, "sum");
    // January 2025's Mondays are the 6th, 13th, 20th and 27th: weeks 0–3.
    expect(last[0].y).toBe(3);
    expect(sum[0].y).toBe(0 + 1 + 2 + 3);
    expect(last).toHaveLength(14);
    expect(sum.reduce((a, p) => a + (p.y ?? 0), 0)).toBe((59 * 60) / 2);
    // A month's point sits at its first day: 1 January 2025, five days before Monday the 6th.
    expect(weekX("2025-W02") - last[0].x).toBeCloseTo(5 / 7);
  });

  it("names the calendar's months over their first Monday, January by its year", () => {
    const months = calendarMonths(new Date(Date.UTC(2025, 10, 24)), 10);
    expect(months.map((m) => m.column)).toEqual([1, 6]);
    expect(months[1].label).toBe("2026");
  });
});
