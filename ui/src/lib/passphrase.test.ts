import { describe, expect, it } from "vitest";
import { longEnough, MIN_PASSPHRASE_CHARS } from "./passphrase";

describe("passphrase length", () => {
  it("counts characters as the engine does, not UTF-16 units", () => {
    expect(MIN_PASSPHRASE_CHARS).toBe(8);
    expect(longEnough("🔑".repeat(4))).toBe(false); // 8 UTF-16 units, 4 characters
    expect(longEnough("🔑".repeat(8))).toBe(true);
    expect(longEnough("seven c")).toBe(false);
    expect(longEnough("        ")).toBe(false);
    expect(longEnough("eight ch")).toBe(true);
  });
});
