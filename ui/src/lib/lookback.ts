// Looking back in words: a period's name, a review's figures as sentences, the calibration
// reading, the PDF's words from the catalog, and the dates a decision's review falls on.
// Every figure comes from the engine (steward-core's lookback); this module only words it.
import { locale, t } from "./i18n";
import { dayText } from "./periods";
export { dayText, periodLabel } from "./periods";
import type { Calibration, PeriodReview, RecordWords } from "./bindings";
import type { Catalog } from "../locales/en";
import { ERODERS, STEP_TYPES } from "./reflection";
import { percent } from "./trends";

/** The period's days, with "so far" while it runs. */
export function periodRange(review: PeriodReview): string {
  const range = t("lookBack.range", { from: dayText(review.from), to: dayText(review.to) });
  return review.ended ? range : t("lookBack.soFar", { range });
}

function gapNow(gap: number): string {
  if (gap === 0) return t("lookBack.level");
  return gap > 0 ? t("lookBack.authorityAhead", { count: gap }) : t("lookBack.trustAhead", { count: -gap });
}

/** One sentence per person: how the gap moved, and where it stands. */
export function peopleSentences(review: PeriodReview): string[] {
  return review.people.map((p) => {
    const values = { name: p.name, from: p.first.gap, to: p.last.gap };
    // Closing and opening are about the gap's size: -2 (trust ahead) is wider than -1.
    const [before, after] = [Math.abs(p.first.gap), Math.abs(p.last.gap)];
    const key =
      after < before ? "lookBack.gapClosed" : after > before ? "lookBack.gapOpened" : "lookBack.gapStayed";
    return `${t(key, values)}; ${gapNow(p.last.gap)}`;
  });
}

/** One sentence per kind of step committed. */
export function stepSentences(review: PeriodReview): string[] {
  return review.steps.map((s) => {
    const kind = STEP_TYPES.find((k) => k.value === s.step_type)?.label ?? s.step_type;
    const open = s.committed - s.followed_up;
    const parts: string[] = [t("lookBack.stepsLine", { kind, done: s.done, committed: s.committed })];
    if (s.partly) parts.push(t("lookBack.stepsPartly", { count: s.partly }));
    if (s.not_done) parts.push(t("lookBack.stepsNotDone", { count: s.not_done }));
    if (open) parts.push(t("lookBack.stepsOpen", { count: open }));
    return `${parts.join(", ")}.`;
  });
}

/** One sentence per withdrawal that came up in two weeks or more. */
export function withdrawalSentences(review: PeriodReview): string[] {
  return review.recurring_withdrawals.map((e) =>
    t("lookBack.recurring", {
      eroder: ERODERS.find((x) => x.value === e.eroder)?.label ?? e.eroder,
      count: e.withdrawals,
    }),
  );
}

export function strengthSentence(review: PeriodReview): string {
  const [s, b] = [review.strength, review.strength_before];
  return t("lookBack.strengthLine", {
    trust: s.trust,
    power: s.power,
    both: s.both,
    trustBefore: b.trust,
    powerBefore: b.power,
    bothBefore: b.both,
  });
}

export function writingSentence(review: PeriodReview): string {
  const w = review.writing;
  return t("lookBack.writingLine", {
    count: w.entries,
    words: w.words.toLocaleString(locale()),
    days: w.days_written,
    reflections: w.reflections,
    weeks: w.weeks,
  });
}

export function decisionsSentence(review: PeriodReview): string {
  const d = review.decisions;
  return t("lookBack.decisionsLine", { made: d.made, reviewed: d.reviewed, asExpected: d.as_expected });
}

/** Calibration in plain words: the band with the most calls, and the overall reading. */
export function calibrationReadings(c: Calibration): string[] {
  if (!c.enough) return [t("calibration.notYet", { count: c.reviewed })];
  const band = [...c.bands].sort((a, b) => b.decisions - a.decisions || b.about - a.about)[0];
  const overall = { confidence: percent(c.mean_confidence / 100), rate: percent(c.hit_rate) };
  const key = c.bias === "overconfident" ? "over" : c.bias === "underconfident" ? "under" : "even";
  return [
    t("calibration.band", {
      count: band.decisions,
      about: band.about,
      hits: band.as_expected,
      rate: percent(band.hit_rate),
    }),
    t(`calibration.${key}`, overall),
  ];
}

/** The printable record's words, from the catalog (the engine fills the `{holes}`). */
export function recordWords(): RecordWords {
  const w = (key: keyof Catalog["record"]): string => t(`record.${key}`);
  const keys = [
    "date",
    "title_period",
    "title_person",
    "range",
    "everything",
    "written",
    "footer",
    "reflections",
    "week",
    "strength",
    "power",
    "trust",
    "both",
    "lost_trust",
    "reinforce",
    "exercise",
    "ratings",
    "feedback_request",
    "step",
    "transparency",
    "apology",
    "inclusion",
    "follow_up",
    "done",
    "partly",
    "not_done",
    "trust_now",
    "their_feedback",
    "deposits",
    "withdrawals",
    "promises_kept",
    "decisions_explained",
    "mistakes_owned",
    "people_valued",
    "overused_authority",
    "withheld_information",
    "broke_commitments",
    "ignored_fairness",
    "decisions",
    "situation",
    "options",
    "expectation",
    "confidence",
    "review_on",
    "outcome",
    "as_expected",
    "partly_expected",
    "not_expected",
    "would_repeat",
    "reviews",
    "learned",
    "differently",
    "entries",
    "nothing",
  ] as const;
  const words = Object.fromEntries(keys.map((k) => [k, w(k)])) as Record<(typeof keys)[number], string>;
  return { ...words, language: locale(), months: w("months").split(",") };
}
