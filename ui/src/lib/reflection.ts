// The words of the weekly reflection (docs/DESIGN.md §4, from the seed articles on power and
// trust): questions, choices with their hints, and helpers the reflection screen shares.
import type { Answers, Deposit, Eroder, FollowUpStatus, StepType, StrengthSource } from "./ipc";

/** The questions, worded once in the engine and generated into bindings.ts. */
export { QUESTIONS } from "./bindings";

export const STRENGTH: { value: StrengthSource; label: string; hint: string }[] = [
  { value: "power", label: "Power", hint: "position, authority, control of resources" },
  { value: "trust", label: "Trust", hint: "credibility people grant me freely" },
  { value: "both", label: "Both", hint: "some of each" },
];

export const ERODERS: { value: Eroder; label: string }[] = [
  { value: "overused_authority", label: "Overused authority" },
  { value: "withheld_information", label: "Withheld information" },
  { value: "broke_commitments", label: "Broke commitments" },
  { value: "ignored_fairness", label: "Ignored fairness" },
];

export const DEPOSITS: { value: Deposit; label: string }[] = [
  { value: "promises_kept", label: "Kept promises" },
  { value: "decisions_explained", label: "Explained decisions" },
  { value: "mistakes_owned", label: "Owned mistakes" },
  { value: "people_valued", label: "Showed people they matter" },
];

export const STEP_TYPES: { value: StepType; label: string; hint: string }[] = [
  {
    value: "transparency",
    label: "Transparency",
    hint: "share information or the reasons behind a decision",
  },
  { value: "apology", label: "Apology", hint: "own a mistake plainly, without excuses" },
  { value: "inclusion", label: "Inclusion", hint: "bring them into a decision that affects them" },
];

export const FOLLOW_UP: { value: FollowUpStatus; label: string }[] = [
  { value: "done", label: "Done" },
  { value: "partly", label: "Partly" },
  { value: "not_done", label: "Not done" },
];

/** What each authority level means. */
export const AUTHORITY_HINTS = [
  "Little formal say over them",
  "Some say in a few of their decisions",
  "I direct part of their work",
  "I direct their work and weigh in on their prospects",
  "I decide their work, pay and future",
];

/** What each trust level means. */
export const TRUST_HINTS = [
  "They expect me to act against their interests",
  "They are wary and check what I say",
  "They give me the benefit of the doubt on small things",
  "They rely on my word and bring me bad news",
  "They would follow me through a hard change unexplained",
];

export function emptyAnswers(): Answers {
  return {
    strength_source: null,
    strength_note: "",
    lost_trust: "",
    lost_trust_causes: [],
    reinforce_trust: "",
    exercise: {
      relationship: null,
      authority: null,
      trust: null,
      feedback_request: "",
      step_type: null,
      step: "",
    },
    follow_up: { status: null, what_happened: "", trust_now: null },
    trust_account: { deposits: [], withdrawals: [] },
  };
}

const FIELD_LABELS: Record<string, string> = {
  strength_source: "where your strength comes from (question 1)",
  "exercise.relationship": "the relationship",
  "exercise.authority": "your authority",
  "exercise.trust": "their trust",
  "exercise.step_type": "the kind of step",
  "exercise.step": "the step itself",
  "follow_up.status": "whether last week's step was done",
};

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
  return m ? `week ${Number(m[2])}, ${m[1]}` : week;
}

/** The label of a step type. */
export function stepTypeLabel(t: StepType | null): string {
  return STEP_TYPES.find((s) => s.value === t)?.label ?? "";
}
