import { describe, expect, it } from "vitest";
import { calendarCells, mondayOf, percent, strengthBuckets } from "./trends";
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
