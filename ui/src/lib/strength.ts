// Passphrase strength from zxcvbn-ts (a maintained estimator), loaded with its common and
// English dictionaries. Score 0–4, plus the estimator's own advice.
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";
import { t } from "./i18n";
import type { en as catalog } from "../locales/en";

type WarningKey = keyof typeof catalog.passphrase.advice.warnings;
type SuggestionKey = keyof typeof catalog.passphrase.advice.suggestions;

// The estimator's advice in the UI's language, from the message catalog (its English
// dictionaries still find English words in a German passphrase, which is what matters).
const keysOf = <T extends object>(o: T) => Object.keys(o) as (keyof T)[];
const translations = {
  ...en.translations,
  warnings: Object.fromEntries(
    keysOf(en.translations.warnings).map((k) => [k, t(`passphrase.advice.warnings.${k as WarningKey}`)]),
  ),
  suggestions: Object.fromEntries(
    keysOf(en.translations.suggestions).map((k) => [
      k,
      t(`passphrase.advice.suggestions.${k as SuggestionKey}`),
    ]),
  ),
} as typeof en.translations;

const estimator = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
  translations,
});

export interface Strength {
  score: 0 | 1 | 2 | 3 | 4;
  label: string;
  advice: string;
}

const LEVELS = ["0", "1", "2", "3", "4"] as const;

export function strength(passphrase: string): Strength {
  if (!passphrase) return { score: 0, label: "", advice: "" };
  const result = estimator.check(passphrase);
  const advice = result.feedback.warning || result.feedback.suggestions[0] || "";
  return { score: result.score, label: t(`passphrase.levels.${LEVELS[result.score]}`), advice };
}
