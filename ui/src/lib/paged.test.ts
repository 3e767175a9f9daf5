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

const rows = (total: number, offset: number, limit: number) =>
  Array.from({ length: Math.max(0, Math.min(total, offset + limit) - offset) }, (_, k) =>
    summary(offset + k),
  );

/** A fake back end with `total` entries (`matching` of them for a search); records every
 * page asked for after the first (which comes with the layout). */
function backEnd(total: number, pageDelayMs = 0, matching = total) {
  const pages: Array<{ query: string; offset: number }> = [];
  mockIPC((cmd, args) => {
    const a = args as { query: string; offset: number; limit: number };
    const count = a.query ? matching : total;
    if (cmd === "entry_list")
      return { layout: { total: count, days: [20261202], counts: [count] }, first: rows(count, 0, a.limit) };
    if (cmd === "entry_page") {
      pages.push({ query: a.query, offset: a.offset });
      return new Promise((r) => setTimeout(() => r(rows(count, a.offset, a.limit)), pageDelayMs));
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
    // The first page came with the layout: the screen's rows need no second round trip.
    expect(list.at(12)?.id).toBe("e12");
    expect(list.at(PAGE)).toBeUndefined();
    list.ensure(0, 12);
    list.ensure(PAGE - 3, PAGE + 4);
    list.ensure(PAGE + 3, PAGE + 14);
    await settle();
    expect(asked).toEqual([{ query: "", offset: PAGE }]);
    list.ensure(PAGE * 40 + 3, PAGE * 41 + 1);
    await settle();
    expect(asked.map((a) => a.offset)).toEqual([PAGE, PAGE * 40, PAGE * 41]);
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
    backEnd(200, 20, 3);
    const list = new PagedEntries();
    await list.reset("", false);
    list.ensure(PAGE, PAGE + 5);
    await list.reset("dana", false);
    // The old page arrives now, for a list that is no longer shown.
    await new Promise((r) => setTimeout(r, 40));
    expect([...list.pages.keys()]).toEqual([0]);
    expect(list.pages.get(0)?.length).toBe(3);
  });

  it("replaces an edited entry's summary in place", async () => {
    backEnd(100);
    const list = new PagedEntries();
    await list.reset("", false);
    list.replace({ ...summary(3), title: "renamed" });
    expect(list.at(3)?.title).toBe("renamed");
  });
});
