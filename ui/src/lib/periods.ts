// A review period's name and a calendar day in the UI's language: small enough for the
// shell (its review banner) without pulling in the screens' modules.
import { dateFormat, t } from "./i18n";

/** "Q3 2026" or "The year 2026" for a period name ("2026-Q3", "2026"). */
export function periodLabel(period: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return t("lookBack.quarter", { quarter: Number(q[2]), year: q[1] });
  return /^\d{4}$/.test(period) ? t("lookBack.year", { year: period }) : period;
}

/** A calendar day ("2026-09-30") in the locale's long form. */
export function dayText(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return dateFormat({ day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}
