import { describe, expect, it } from "vitest";
import { PROMPTS as ENGINE_PROMPTS, QUESTIONS as ENGINE_QUESTIONS } from "./bindings";
import { en } from "../locales/en";
import { de } from "../locales/de";
import { resolve, t } from "./i18n";

/** Every leaf of a catalog, by its dotted key. */
function leaves(tree: object, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of leaves(v as object, key)) out.set(kk, vv);
  }
  return out;
}
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe("the message catalogs", () => {
  it("word the reflection's questions as the engine does (the CLI prints those)", () => {
    expect(en.reflection.questions).toEqual(ENGINE_QUESTIONS);
  });

  it("word the optional prompts as the engine's library does, with a theme for each", () => {
    expect(Object.keys(en.prompts.text)).toEqual(ENGINE_PROMPTS.map((p) => p.id));
    for (const p of ENGINE_PROMPTS) {
      expect(en.prompts.text[p.id], p.id).toBe(p.text);
      expect(en.prompts.themes[p.theme], p.theme).toBeTruthy();
    }
  });

  it("give German every key of English, with the same values filled in, and none left empty", () => {
    const english = leaves(en);
    const german = leaves(de);
    expect([...german.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, text] of english) {
      const translated = german.get(key)!;
      expect(translated.trim(), key).not.toBe("");
      expect(placeholders(translated), key).toEqual(placeholders(text));
    }
    // Mostly translated, not copied: only names, symbols and formats may be the same.
    const same = [...english].filter(([key, text]) => german.get(key) === text).map(([key]) => key);
    expect(same.length).toBeLessThan(12);
  });

  it("pick the OS's language when there is a catalog for it, keeping its region for Intl", () => {
    expect(resolve("system", ["de-AT", "en-US"])).toEqual({ language: "de", locale: "de-AT" });
    expect(resolve("system", ["fr-FR", "en-GB"])).toEqual({ language: "en", locale: "en-GB" });
    expect(resolve("system", ["fr-FR"])).toEqual({ language: "en", locale: "en" });
    expect(resolve("de", ["en-US"])).toEqual({ language: "de", locale: "de" });
  });

  it("fill in values and plural forms", () => {
    expect(t("common.words", { count: 1 })).toBe("1 word");
    expect(t("common.words", { count: 7 })).toBe("7 words");
    expect(t("reflection.committedKind", { kind: "Transparency" })).toBe(" (transparency)");
  });
});
