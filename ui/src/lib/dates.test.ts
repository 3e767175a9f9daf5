import { describe, expect, it } from "vitest";
import { groupByDay } from "./dates";
import type { EntrySummary } from "./ipc";

const e = (id: string, created_at: string): EntrySummary => ({
  id,
  created_at,
  kind: "entry",
  title: id,
  excerpt: "",
  tags: [],
  words: 0,
  version: 1,
});

describe("groupByDay", () => {
  it("groups consecutive entries by local day and names today and yesterday", () => {
    const now = new Date(2026, 10, 23, 18, 0);
    const groups = groupByDay(
      [
        e("a", new Date(2026, 10, 23, 9, 0).toISOString()),
        e("b", new Date(2026, 10, 23, 8, 0).toISOString()),
        e("c", new Date(2026, 10, 22, 22, 0).toISOString()),
        e("d", new Date(2025, 0, 2, 12, 0).toISOString()),
      ],
      now,
    );
    expect(groups.map((g) => g.label.split(",")[0])).toEqual([
      "Today",
      "Yesterday",
      groups[2].label.split(",")[0],
    ]);
    expect(groups.map((g) => g.entries.map((x) => x.id))).toEqual([["a", "b"], ["c"], ["d"]]);
    expect(groups[2].label).toContain("2025");
  });
});
