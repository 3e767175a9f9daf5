import { describe, expect, it } from "vitest";
import type { Trends } from "./ipc";
import { headlineTexts, readingsOf, relationshipReading } from "./readings";
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

describe("the headlines", () => {
  // The engine's figures and English sentences of tests/core/trends.rs's hand-counted case
  // (W43–W46 against the 4 weeks before) and of an all-time range.
  const line = (
    value: number,
    out_of: number | null,
    before: number | null,
    before_out_of: number | null,
    counted: number,
  ) => ({
    value,
    out_of,
    before,
    before_out_of,
    counted,
    text: "",
  });
  it("word the engine's figures as the engine does, with the change since the period before", () => {
    const h = {
      weeks: 4,
      gap: line(0, 1, 1, 1, 1),
      steps: line(0, 1, 1, 2, 1),
      account: line(-1, null, 1, null, 1),
    };
    expect(headlineTexts(h)).toEqual([
      "The gap is closing with 0 of 1 person, down from 1 of 1 in the 4 weeks before.",
      "You kept 0 of the 1 step you followed up, down from 1 of 2 in the 4 weeks before.",
      "Your trust account stands at -1, down from +1 in the 4 weeks before.",
    ]);
    const all = {
      weeks: 0,
      gap: line(1, 2, null, null, 2),
      steps: line(1, 3, null, null, 3),
      account: line(0, null, null, null, 6),
    };
    expect(headlineTexts(all)).toEqual([
      "The gap is closing with 1 of 2 people.",
      "You kept 1 of the 3 steps you followed up.",
      "Your trust account stands at +0.",
    ]);
    const none = {
      weeks: 0,
      gap: line(0, 0, null, null, 0),
      steps: line(0, 0, null, null, 0),
      account: line(0, null, null, null, 0),
    };
    expect(headlineTexts(none)).toEqual([
      "No one has been rated twice in this range yet, so no gap can move.",
      "No step has been followed up in this range yet.",
      "Nothing was paid into or drawn from the trust account in this range yet.",
    ]);
  });
});
