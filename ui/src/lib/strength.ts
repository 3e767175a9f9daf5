// Passphrase strength from zxcvbn-ts (a maintained estimator), loaded with its common and
// English dictionaries. Score 0–4, plus the estimator's own advice.
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";

const estimator = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
  translations: en.translations,
});

export interface Strength {
  score: 0 | 1 | 2 | 3 | 4;
  label: string;
  advice: string;
}

const LABELS = ["Very weak", "Weak", "Fair", "Strong", "Very strong"];

export function strength(passphrase: string): Strength {
  if (!passphrase) return { score: 0, label: "", advice: "" };
  const result = estimator.check(passphrase);
  const advice = result.feedback.warning || result.feedback.suggestions[0] || "";
  return { score: result.score, label: LABELS[result.score], advice };
}
