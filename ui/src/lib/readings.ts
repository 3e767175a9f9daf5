// The trends' plain-language readings in the UI's language: one sentence per chart, from
// the figures the engine computed. The engine words the same sentences in English for
// `steward trends` (crates/steward-core/src/trends/readings.rs); a unit test holds the
// English ones here to the engine's, sentence for sentence, on real trends from the CLI.
import type { GapPoint, Trends } from "./ipc";
import { dateFormat, numberFormat, t } from "./i18n";
import { mondayOf, percent, signed } from "./trends";

type Unit = "relationship" | "step" | "week" | "time" | "entry" | "word" | "day";

/** 1234 → "1,234" (or "1.234"). */
const number = (n: number) => numberFormat().format(n);

/** "3 weeks", "1 entry" — the count as the locale writes it, the noun in its plural form. */
const count = (n: number, unit: Unit) => t(`readings.units.${unit}`, { count: n, n: number(n) });

/** "December 2023": the month of a week's Monday. */
const monthOf = (week: string) =>
  dateFormat({ month: "long", year: "numeric", timeZone: "UTC" }).format(mondayOf(week));

/** "a", "a and b", "a, b and c". */
function andList(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")}${t("readings.and")}${items[items.length - 1]}`;
}

/** The reading of one relationship's line. */
export function relationshipReading(name: string, points: readonly GapPoint[]): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (points.length === 1) {
    return t("readings.relOnce", {
      name,
      month: monthOf(first.week),
      authority: first.authority,
      trust: first.trust,
    });
  }
  const trust =
    last.trust > first.trust
      ? t("readings.relRose", { name, from: first.trust, to: last.trust })
      : last.trust < first.trust
        ? t("readings.relFell", { name, from: first.trust, to: last.trust })
        : t("readings.relStayed", { name, value: last.trust });
  const gap =
    last.gap < first.gap
      ? t("readings.gapNarrowed", { from: first.gap, to: last.gap })
      : last.gap > first.gap
        ? t("readings.gapWidened", { from: first.gap, to: last.gap })
        : t("readings.gapStayed", { value: last.gap });
  return t("readings.relSince", { trust, month: monthOf(first.week), gap });
}

function gapReading(trends: Trends): string {
  const all = trends.relationships;
  if (all.length === 0) return t("readings.gapNone");
  const moving = all.filter((r) => r.points.length > 1);
  const closing = moving.filter((r) => r.gap_change < 0).map((r) => r.name);
  const widening = moving.filter((r) => r.gap_change > 0).map((r) => r.name);
  if (closing.length === 0 && widening.length === 0)
    return t("readings.gapStill", { relationships: count(all.length, "relationship") });
  if (widening.length === 0) return t("readings.gapClosing", { names: andList(closing) });
  if (closing.length === 0) return t("readings.gapWidening", { names: andList(widening) });
  return t("readings.gapBoth", { closing: andList(closing), widening: andList(widening) });
}

function strengthReading(trends: Trends): string {
  const c = trends.strength_source_counts;
  const total = c.power + c.trust + c.both;
  if (total === 0) return t("readings.strengthNone");
  const share = (n: number) => percent(n / total);
  let text = t("readings.strength", { trust: share(c.trust), power: share(c.power), both: share(c.both) });
  const weeks = trends.strength_sources;
  if (weeks.length >= 24) {
    const recent = weeks.slice(-12);
    text += t("readings.strengthRecent", {
      trust: recent.filter((w) => w.source === "trust").length,
      power: recent.filter((w) => w.source === "power").length,
    });
  }
  return text + t("readings.end");
}

function followReading(trends: Trends): string {
  const f = trends.follow_through;
  const rate = trends.follow_through_rate;
  if (rate === null) return f.committed === 0 ? t("readings.followNone") : t("readings.followPending");
  let text = t("readings.follow", { rate: percent(rate), steps: count(f.followed_up, "step") });
  const recent = [...f.rolling_12].reverse().find((p) => p.rate !== null)?.rate;
  if (recent !== undefined && recent !== null) text += t("readings.followRecent", { rate: percent(recent) });
  return text + t("readings.end");
}

function stepTypeReading(trends: Trends): string {
  const f = trends.follow_through;
  if (f.committed === 0) return t("readings.stepsNone");
  const byCount = f.by_step_type.filter((s) => s.committed > 0).sort((a, b) => b.committed - a.committed);
  const top = byCount[0];
  let text = t("readings.stepsMost", {
    kind: t(`readings.kinds.${top.step_type}`),
    count: top.committed,
    total: f.committed,
  });
  // The best kept of the kinds followed up at least three times (of equals the last, as
  // the engine's max_by picks; no rate counts below any rate).
  const candidates = f.by_step_type.filter((s) => s.followed_up >= 3);
  const best = candidates.reduce<(typeof candidates)[number] | undefined>(
    (b, s) => (b === undefined || (s.rate ?? -1) >= (b.rate ?? -1) ? s : b),
    undefined,
  );
  if (best && byCount.length > 1) {
    text += t("readings.stepsBest", {
      kind: t(`readings.kinds.${best.step_type}`),
      rate: percent(best.rate ?? 0),
    });
  }
  return text + t("readings.end");
}

function accountReading(trends: Trends): string {
  const a = trends.trust_account;
  if (a.weeks.length === 0) return t("readings.accountNone");
  const positive = a.weeks.filter((w) => w.net > 0).length;
  let text = t("readings.account", {
    positive: number(positive),
    weeks: count(a.weeks.length, "week"),
    net: signed(a.net),
  });
  const top = a.eroders[0];
  if (top && top.total > 0) {
    text += t("readings.accountEroder", {
      eroder: t(`readings.eroders.${top.eroder}`),
      times: count(top.total, "time"),
    });
  }
  return text + t("readings.end");
}

function completionReading(trends: Trends): string {
  const c = trends.completion;
  if (c.rate === null) return t("readings.completionNone");
  return t("readings.completion", {
    completed: number(c.completed),
    weeks: count(c.weeks_elapsed, "week"),
    rate: percent(c.rate),
    streak: count(c.current_streak, "week"),
    longest: c.longest_streak,
  });
}

function writingReading(trends: Trends): string {
  const w = trends.writing;
  if (w.entries === 0) return t("readings.writingNone");
  const weeks =
    trends.from && trends.to
      ? Math.max(
          0,
          Math.round((mondayOf(trends.to).getTime() - mondayOf(trends.from).getTime()) / 604_800_000),
        ) + 1
      : 0;
  const perWeek = weeks > 0 ? w.entries / weeks : 0;
  return t("readings.writing", {
    entries: count(w.entries, "entry"),
    words: count(w.words, "word"),
    days: count(w.days_written, "day"),
    perWeek: numberFormat({ minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(perWeek),
  });
}

/** Every chart's reading, keyed as the engine's `Readings`. */
export function readingsOf(trends: Trends): Trends["readings"] {
  return {
    gap: gapReading(trends),
    strength: strengthReading(trends),
    follow_through: followReading(trends),
    step_types: stepTypeReading(trends),
    trust_account: accountReading(trends),
    completion: completionReading(trends),
    writing: writingReading(trends),
  };
}

/** The three statements at the top of Trends, worded from the engine's figures (the English
 * ones as `steward trends` prints them under "At a glance"). */
export function headlineTexts(h: Trends["headlines"]): string[] {
  const figure = (value: number, of: number | null, isSigned: boolean) =>
    of === null
      ? isSigned
        ? signed(value)
        : number(value)
      : t("trends.headlines.share", { value: number(value), total: number(of) });
  const ratio = (value: number, of: number | null) => (of === null ? value : value / of);
  const sentence = (text: string, line: Trends["headlines"]["gap"], isSigned: boolean) => {
    if (line.before === null) return t("trends.headlines.plain", { text });
    const [now, before] = [ratio(line.value, line.out_of), ratio(line.before, line.before_out_of)];
    const key = Math.abs(now - before) < 1e-9 ? "same" : now > before ? "up" : "down";
    return t(`trends.headlines.${key}`, {
      text,
      before: figure(line.before, line.before_out_of, isSigned),
      weeks: h.weeks,
    });
  };
  const moving = h.gap.counted;
  const followed = h.steps.counted;
  const gap =
    moving === 0
      ? t("trends.headlines.gapNone")
      : sentence(t("trends.headlines.gap", { value: h.gap.value, count: moving }), h.gap, false);
  const steps =
    followed === 0
      ? t("trends.headlines.stepsNone")
      : sentence(t("trends.headlines.steps", { value: h.steps.value, count: followed }), h.steps, false);
  const account =
    h.account.counted === 0
      ? t("trends.headlines.accountNone")
      : sentence(t("trends.headlines.account", { value: signed(h.account.value) }), h.account, true);
  return [gap, steps, account];
}
