import { describe, expect, it } from "vitest";
import { dayLabel, localDay, timeOf } from "./dates";

describe("dayLabel", () => {
  const now = new Date(2026, 10, 23, 18, 0);
  it("names today and yesterday", () => {
    expect(dayLabel(new Date(2026, 10, 23, 9, 0), now)).toBe("Today");
    expect(dayLabel(localDay(20261122), now)).toBe("Yesterday");
  });
  it("writes other days in full, with the year only when it is not this one", () => {
    expect(dayLabel(localDay(20261120), now)).toBe("Friday, November 20");
    expect(dayLabel(localDay(20250102), now)).toBe("Thursday, January 2, 2025");
  });
  it("writes the time of day without a padded hour", () => {
    expect(timeOf(new Date(2026, 10, 23, 6, 9).toISOString())).toBe("6:09 AM");
  });
});
