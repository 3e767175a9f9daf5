import { describe, expect, it } from "vitest";
import type { Trends } from "./ipc";
import { readingsOf, relationshipReading } from "./readings";
// `steward trends --json` on a journal holding crates/steward-testdata's three-year history
// (gen-history --weeks 156 --entries 300), over everything, over the last three months and
// over an empty range: the engine's English readings, to hold these to.
import all from "./fixtures/trends-all.json";
import recent from "./fixtures/trends-recent.json";
import empty from "./fixtures/trends-empty.json";

const cases: [string, Trends][] = [
  ["all", all as unknown as Trends],
  ["recent", recent as unknown as Trends],
  ["empty", empty as unknown as Trends],
];

describe("the trends' readings", () => {
  for (const [name, trends] of cases) {
    it(`say in English what the engine says (${name})`, () => {
      expect(readingsOf(trends)).toEqual(trends.readings);
      for (const r of trends.relationships) expect(relationshipReading(r.name, r.points)).toBe(r.reading);
    });
  }
});
