import { describe, expect, it } from "vitest";
import { highlight, queryTerms } from "./highlight";

describe("queryTerms", () => {
  it("reads words and quoted phrases like the back end", () => {
    expect(queryTerms('Trust  "Design   Review" dana')).toEqual(["trust", "design review", "dana"]);
    expect(queryTerms("   ")).toEqual([]);
  });
});

describe("highlight", () => {
  it("marks every match case-insensitively", () => {
    const parts = highlight("Trust builds trust.", ["trust"]);
    expect(parts).toEqual([
      { text: "Trust", hit: true },
      { text: " builds ", hit: false },
      { text: "trust", hit: true },
      { text: ".", hit: false },
    ]);
  });

  it("keeps text whole without terms", () => {
    expect(highlight("abc", [])).toEqual([{ text: "abc", hit: false }]);
  });
});
