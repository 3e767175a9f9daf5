// The words of the weekly reflection (docs/DESIGN.md §4, from the seed articles on power and
// trust): questions, choices with their hints, and helpers the reflection screen shares.
import type { Answers, Deposit, Eroder, FollowUpStatus, StepType, StrengthSource } from "./ipc";
import { PROMPTS } from "./bindings";
import { t } from "./i18n";
import type { en } from "../locales/en";

type MissingKey = keyof typeof en.reflection.missing;

/** The questions in the UI's language (the English ones are the engine's, in bindings.ts;
 * a test keeps the two the same). */
export const QUESTIONS = {
  strength: t("reflection.questions.strength"),
  lostTrust: t("reflection.questions.lostTrust"),
  reinforce: t("reflection.questions.reinforce"),
  exercise: t("reflection.questions.exercise"),
} as const;

export const STRENGTH: { value: StrengthSource; label: string; hint: string }[] = [
  { value: "power", label: t("reflection.strength.power"), hint: t("reflection.strength.powerHint") },
  { value: "trust", label: t("reflection.strength.trust"), hint: t("reflection.strength.trustHint") },
  { value: "both", label: t("reflection.strength.both"), hint: t("reflection.strength.bothHint") },
];

const ERODER_VALUES: Eroder[] = [
  "overused_authority",
  "withheld_information",
  "broke_commitments",
  "ignored_fairness",
];
export const ERODERS: { value: Eroder; label: string }[] = ERODER_VALUES.map((value) => ({
  value,
  label: t(`reflection.eroders.${value}`),
}));

const DEPOSIT_VALUES: Deposit[] = ["promises_kept", "decisions_explained", "mistakes_owned", "people_valued"];
export const DEPOSITS: { value: Deposit; label: string }[] = DEPOSIT_VALUES.map((value) => ({
  value,
  label: t(`reflection.deposits.${value}`),
}));

export const STEP_TYPES: { value: StepType; label: string; hint: string }[] = (
  ["transparency", "apology", "inclusion"] as const
).map((value) => ({
  value,
  label: t(`reflection.steps.${value}`),
  hint: t(`reflection.steps.${value}Hint`),
}));

export const FOLLOW_UP: { value: FollowUpStatus; label: string }[] = (
  ["done", "partly", "not_done"] as const
).map((value) => ({ value, label: t(`reflection.followUp.${value}`) }));

/** "Did you ask for the feedback?", as a choice (the answer is a boolean, or not given). */
export const ASKED: { value: "yes" | "no"; label: string }[] = (["yes", "no"] as const).map((value) => ({
  value,
  label: t(`reflection.asked.${value}`),
}));

/** A step not taken: kept for this week, or changed. */
export const CARRY: { value: "keep" | "change"; label: string }[] = (["keep", "change"] as const).map(
  (value) => ({
    value,
    label: t(`reflection.carry.${value}`),
  }),
);

/** "Did anything cost you trust this week?": yes, or nothing this week. */
export const LOST_ANY: { value: "yes" | "none"; label: string }[] = (["yes", "none"] as const).map(
  (value) => ({
    value,
    label: t(`reflection.lostAny.${value}`),
  }),
);

/** The days a step can be taken by: the week before next week's reflection day and the
 * week after it (YYYY-MM-DD, in order), plus the one already chosen if it lies elsewhere. */
export function dayChoices(nextReflectionDay: string, chosen: string | null): string[] {
  const [y, m, d] = nextReflectionDay.split("-").map(Number);
  const days: string[] = [];
  for (let offset = -6; offset <= 7; offset++) {
    const day = new Date(Date.UTC(y, m - 1, d + offset));
    days.push(day.toISOString().slice(0, 10));
  }
  if (chosen && !days.includes(chosen)) days.push(chosen);
  return days.sort();
}

/** Last week's answers, one line a part, for showing faintly beside this week's questions
 * (undefined where last week said nothing). `nameOf` names a relationship id. */
export function lastWeekLines(
  a: Answers,
  nameOf: (id: string) => string,
): { strength?: string; lostTrust?: string; reinforce?: string; exercise?: string; account?: string } {
  const join = (parts: (string | undefined | null | false)[]) =>
    parts.filter(Boolean).join(" — ") || undefined;
  const ex = a.exercise;
  const person = ex.relationship ? nameOf(ex.relationship) : "";
  const ratings = [
    ex.authority ? t("reflection.lastAuthority", { value: ex.authority }) : "",
    ex.trust ? t("reflection.lastTrust", { value: ex.trust }) : "",
  ]
    .filter(Boolean)
    .join(" · ");
  const account = [
    ...a.trust_account.deposits.map((d) => DEPOSITS.find((x) => x.value === d)?.label),
    ...a.trust_account.withdrawals.map((w) => ERODERS.find((x) => x.value === w)?.label),
  ]
    .filter(Boolean)
    .join(", ");
  return {
    strength: join([STRENGTH.find((x) => x.value === a.strength_source)?.label, a.strength_note.trim()]),
    lostTrust:
      a.no_trust_lost && !a.lost_trust.trim() ? t("reflection.lostAny.none") : join([a.lost_trust.trim()]),
    reinforce: join([a.reinforce_trust.trim()]),
    exercise: join([person && (ratings ? `${person} (${ratings})` : person), ex.step.trim()]),
    account: account || undefined,
  };
}

/** The choice that shows `asked` (null: not answered yet). */
export function askedChoice(asked: boolean | null): "yes" | "no" | null {
  return asked === null ? null : asked ? "yes" : "no";
}

/** What each authority level means. */
const LEVELS = ["1", "2", "3", "4", "5"] as const;
export const AUTHORITY_HINTS: readonly string[] = LEVELS.map((l) => t(`reflection.authority.${l}`));

/** What each trust level means. */
export const TRUST_HINTS: readonly string[] = LEVELS.map((l) => t(`reflection.trust.${l}`));

export function emptyAnswers(): Answers {
  return {
    strength_source: null,
    strength_note: "",
    lost_trust: "",
    lost_trust_causes: [],
    no_trust_lost: false,
    reinforce_trust: "",
    exercise: {
      relationship: null,
      authority: null,
      trust: null,
      feedback_request: "",
      step_type: null,
      step: "",
      by_when: null,
    },
    follow_up: {
      status: null,
      what_happened: "",
      trust_now: null,
      asked_for_feedback: null,
      their_feedback: "",
    },
    trust_account: { deposits: [], withdrawals: [], relationship: null },
    prompt: null,
  };
}

type PromptId = (typeof PROMPTS)[number]["id"];

/** The week's optional prompt (by the engine's id) in the UI's language, with its theme;
 * null for an id this build does not know (a newer Steward's, read from a backup). */
export function promptOf(id: string): { id: PromptId; text: string; theme: string } | null {
  const p = PROMPTS.find((q) => q.id === id);
  if (!p) return null;
  return { id: p.id, text: t(`prompts.text.${p.id}`), theme: t(`prompts.themes.${p.theme}`) };
}

const FIELDS = [
  "strength_source",
  "exercise.relationship",
  "exercise.authority",
  "exercise.trust",
  "exercise.step_type",
  "exercise.step",
  "follow_up.status",
] as const;
const FIELD_LABELS: Record<string, string> = Object.fromEntries(
  FIELDS.map((f) => [f, t(`reflection.missing.${f.replace(".", "_") as MissingKey}`)]),
);

/** Names the missing answers of an `incomplete_reflection` error (its field paths) in
 * words a person reads. */
export function missingLabels(fields: readonly string[]): string[] {
  return fields.map((f) => FIELD_LABELS[f] ?? f);
}

/** Toggles `value` in a list (for the checkbox groups). */
export function toggle<T>(list: T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/** "2026-W48" → "week 48, 2026". */
export function weekLabel(week: string): string {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  return m ? t("common.week", { week: Number(m[2]), year: m[1] }) : week;
}

/** The label of a step type. */
export function stepTypeLabel(t: StepType | null): string {
  return STEP_TYPES.find((s) => s.value === t)?.label ?? "";
}
