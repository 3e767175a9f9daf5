import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { PAGE, PagedEntries } from "./paged.svelte";
import type { EntrySummary } from "./ipc";

afterEach(() => clearMocks());

const summary = (i: number): EntrySummary => ({
  id: `e${i}`,
  created_at: "2026-12-02T10:00:00Z",
  kind: "entry",
  title: `entry ${i}`,
  excerpt: "",
  tags: [],
  words: 1,
  version: 1,
});

/** A fake back end with `total` entries; records every page asked for. */
function backEnd(total: number, pageDelayMs = 0) {
  const pages: Array<{ query: string; offset: number }> = [];
  mockIPC((cmd, args) => {
    const a = args as { query: string; offset: number; limit: number };
    if (cmd === "entry_layout") return { total, days: [{ day: "2026-12-02", count: total }] };
    if (cmd === "entry_page") {
      pages.push({ query: a.query, offset: a.offset });
      const end = Math.min(total, a.offset + a.limit);
      const rows = Array.from({ length: Math.max(0, end - a.offset) }, (_, k) => summary(a.offset + k));
      return new Promise((r) => setTimeout(() => r(rows), pageDelayMs));
    }
    return null;
  });
  return pages;
}

const settle = () => new Promise((r) => setTimeout(r, 5));

describe("the paged list", () => {
  it("asks only for the pages on screen, once each", async () => {
    const asked = backEnd(10_000);
    const list = new PagedEntries();
    await list.reset("", false);
    expect(list.layout.total).toBe(10_000);
    expect(list.at(0)).toBeUndefined();
    list.ensure(0, 12);
    list.ensure(3, 14);
    await settle();
    expect(asked).toEqual([{ query: "", offset: 0 }]);
    expect(list.at(12)?.id).toBe("e12");
    list.ensure(PAGE * 40 + 3, PAGE * 41 + 1);
    await settle();
    expect(asked.map((a) => a.offset)).toEqual([0, PAGE * 40, PAGE * 41]);
  });

  it("keeps a bounded number of pages, the nearest ones", async () => {
    backEnd(10_000);
    const list = new PagedEntries();
    await list.reset("", false);
    for (let p = 0; p < 40; p++) {
      list.ensure(p * PAGE, p * PAGE);
      await settle();
    }
    expect(list.pages.size).toBeLessThanOrEqual(16);
    expect(list.at(39 * PAGE)?.id).toBe(`e${39 * PAGE}`);
    expect(list.at(0)).toBeUndefined();
  });

  it("drops an answer that arrives after the list was laid out again", async () => {
    backEnd(100, 20);
    const list = new PagedEntries();
    await list.reset("", false);
    list.ensure(0, 5);
    await list.reset("dana", false);
    // The old page arrives now, for a list that is no longer shown.
    await new Promise((r) => setTimeout(r, 40));
    expect(list.pages.size).toBe(0);
  });

  it("replaces an edited entry's summary in place", async () => {
    backEnd(100);
    const list = new PagedEntries();
    await list.reset("", false);
    list.ensure(0, 5);
    await settle();
    list.replace({ ...summary(3), title: "renamed" });
    expect(list.at(3)?.title).toBe("renamed");
  });
});
