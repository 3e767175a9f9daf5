import { describe, expect, it } from "vitest";
import type { Calibration, PeriodReview } from "./bindings";
import {
  calibrationReadings,
  peopleSentences,
  periodLabel,
  recordWords,
  stepSentences,
  writingSentence,
} from "./lookback";

const point = (gap: number) => ({
  week: "2026-W28",
  authority: 4,
  trust: 4 - gap,
  gap,
  source: "exercise" as const,
});

const review: PeriodReview = {
  period: "2026-Q3",
  from: "2026-07-01",
  to: "2026-09-30",
  previous: "2026-Q2",
  ended: true,
  people: [
    { id: "s", name: "Sam", first: point(0), last: point(1), ratings: 2 },
    { id: "d", name: "Dana", first: point(2), last: point(0), ratings: 2 },
    { id: "p", name: "Priya", first: point(-1), last: point(-2), ratings: 2 },
  ],
  steps: [
    { step_type: "apology", committed: 3, followed_up: 2, done: 1, partly: 1, not_done: 0, rate: 0.75 },
  ],
  recurring_withdrawals: [],
  strength: { power: 1, trust: 2, both: 1 },
  strength_before: { power: 1, trust: 0, both: 0 },
  writing: { entries: 2, words: 1234, days_written: 2, reflections: 4, weeks: 13 },
  decisions: { made: 1, reviewed: 2, as_expected: 1 },
};

describe("looking back in words", () => {
  it("names periods", () => {
    expect(periodLabel("2026-Q3")).toBe("Q3 2026");
    expect(periodLabel("2026")).toBe("The year 2026");
  });

  it("words each person's gap, each kind of step and the writing", () => {
    expect(peopleSentences(review)).toEqual([
      "Sam: the gap opened from 0 to 1; your authority exceeds their trust by 1.",
      "Dana: the gap closed from 2 to 0; authority and trust are level.",
      "Priya: the gap opened from -1 to -2; their trust exceeds your authority by 2.",
    ]);
    expect(stepSentences(review)).toEqual(["Apology: 1 of 3 kept, 1 partly, 1 not followed up yet."]);
    expect(writingSentence(review)).toBe(
      "2 entries (1,234 words) on 2 days; 4 of 13 weekly reflections finished.",
    );
  });

  it("reads calibration only from ten reviewed decisions", () => {
    const base: Calibration = {
      reviewed: 4,
      enough: false,
      bands: [],
      mean_confidence: 0,
      hit_rate: 0,
      bias: "not_enough",
    };
    expect(calibrationReadings(base)).toEqual(["This shows once ten decisions are reviewed (4 so far)."]);
    const band = (about: number, decisions: number, as_expected: number) => ({
      about,
      decisions,
      as_expected,
      partly: 0,
      not_expected: decisions - as_expected,
      hit_rate: as_expected / decisions,
    });
    const enough: Calibration = {
      reviewed: 12,
      enough: true,
      bands: [band(70, 8, 4), band(90, 4, 2)],
      mean_confidence: 76.7,
      hit_rate: 0.5,
      bias: "overconfident",
    };
    expect(calibrationReadings(enough)).toEqual([
      "Of the 8 calls you made at about 70%, 4 came out as expected (50%).",
      "Overall you were 77% confident and 50% came out as expected: you tend to be surer than the outcomes bear out.",
    ]);
  });

  it("gives the PDF every word the engine asks for", () => {
    const words = recordWords();
    expect(words.months).toHaveLength(12);
    expect(words.months[11]).toBe("December");
    expect(words.title_period).toBe("Leadership record");
    expect(Object.values(words).every((v) => (Array.isArray(v) ? v.length : v.length) > 0)).toBe(true);
  });
});
