import { describe, expect, it } from "vitest";
import { emptyAnswers, missingLabels, toggle, weekLabel, AUTHORITY_HINTS, TRUST_HINTS } from "./reflection";

describe("reflection helpers", () => {
  it("names missing answers in words", () => {
    expect(missingLabels(["strength_source", "exercise.step", "follow_up.status"])).toEqual([
      "where your strength comes from (question 1)",
      "the step itself",
      "whether last week's step was done",
    ]);
    expect(missingLabels([])).toEqual([]);
  });

  it("toggles choices and labels weeks", () => {
    expect(toggle(["a", "b"], "a")).toEqual(["b"]);
    expect(toggle(["b"], "a")).toEqual(["b", "a"]);
    expect(weekLabel("2026-W08")).toBe("week 8, 2026");
  });

  it("starts empty, with five hints per rating", () => {
    const a = emptyAnswers();
    expect(a.exercise.relationship).toBeNull();
    expect(a.trust_account.deposits).toEqual([]);
    expect(AUTHORITY_HINTS).toHaveLength(5);
    expect(TRUST_HINTS).toHaveLength(5);
  });
});
