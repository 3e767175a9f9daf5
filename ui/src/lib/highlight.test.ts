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

describe("folding like the engine", () => {
  const decomposed = "Cafe\u0301 au lait";
  it("finds café however it was typed, and without the accent", () => {
    expect(highlight(decomposed, queryTerms("café"))).toEqual([
      { text: "Cafe\u0301", hit: true },
      { text: " au lait", hit: false },
    ]);
    expect(highlight("Im Café", queryTerms("cafe\u0301"))[1]).toEqual({ text: "Café", hit: true });
    expect(highlight("Im Café", queryTerms("CAFE"))[1]).toEqual({ text: "Café", hit: true });
  });

  it("folds ß to ss and marks the characters the user sees", () => {
    expect(highlight("Die Straße", queryTerms("strasse"))).toEqual([
      { text: "Die ", hit: false },
      { text: "Straße", hit: true },
    ]);
    expect(highlight("Die Straße", queryTerms("ss"))).toEqual([
      { text: "Die Stra", hit: false },
      { text: "ß", hit: true },
      { text: "e", hit: false },
    ]);
  });

  it("keeps accents in an exact search, in either normalization", () => {
    expect(highlight("Cafe au lait", queryTerms("café", true), true)).toEqual([
      { text: "Cafe au lait", hit: false },
    ]);
    expect(highlight(decomposed, queryTerms("CAFÉ", true), true)[0]).toEqual({
      text: "Cafe\u0301",
      hit: true,
    });
  });
});
