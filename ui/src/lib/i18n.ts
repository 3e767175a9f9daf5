// The message catalog: every user-facing string of the UI is a key in locales/en.ts (the
// source) and locales/de.ts (typed against it, so a missing German string fails the type
// check), looked up through i18next. The language follows the OS unless the user picks
// one in Settings (kept in localStorage: a display preference, nothing the user wrote);
// picking one reloads the page. Dates, times and numbers go through Intl for the same
// locale (`locale()`), so a German UI writes "18:09" and "2. Dezember 2026".
import i18next from "i18next";
import { en } from "../locales/en";
import { de } from "../locales/de";

export const LANGUAGES = ["en", "de"] as const;
export type Language = (typeof LANGUAGES)[number];
export type LanguageChoice = "system" | Language;

const KEY = "steward.language";

export function loadLanguage(): LanguageChoice {
  const saved = localStorage.getItem(KEY);
  return saved === "en" || saved === "de" ? saved : "system";
}

/** Stores the user's pick; the caller reloads the page so every screen takes it. */
export function saveLanguage(choice: LanguageChoice): void {
  if (choice === "system") localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, choice);
}

/** The OS's preferred languages, as the web view reports them. */
function systemLanguages(): readonly string[] {
  return typeof navigator === "undefined"
    ? []
    : navigator.languages?.length
      ? navigator.languages
      : [navigator.language];
}

/** The catalog to use, and the BCP 47 locale for Intl (the OS's, when it is that language,
 * so its region's conventions stay: de-AT, en-GB). */
export function resolve(
  choice: LanguageChoice,
  system: readonly string[] = systemLanguages(),
): { language: Language; locale: string } {
  const matching = (lang: Language) => system.find((l) => l.toLowerCase().split("-")[0] === lang);
  if (choice !== "system") return { language: choice, locale: matching(choice) ?? choice };
  for (const l of system) {
    const base = l.toLowerCase().split("-")[0];
    if ((LANGUAGES as readonly string[]).includes(base)) return { language: base as Language, locale: l };
  }
  return { language: "en", locale: "en" };
}

const chosen = resolve(loadLanguage());

void i18next.init({
  lng: chosen.language,
  fallbackLng: "en",
  supportedLngs: [...LANGUAGES],
  resources: { en: { translation: en }, de: { translation: de } },
  // Svelte escapes what it renders; nothing here is ever used as HTML.
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});
// `{{value, lowercase}}`: English writes a step's kind in lower case mid-sentence; German
// keeps its capitals (its catalog does not ask for it).
i18next.services.formatter?.add("lowercase", (value: unknown) =>
  String(value).toLocaleLowerCase(chosen.locale),
);
if (typeof document !== "undefined") document.documentElement.lang = chosen.language;

/** A message of the catalog, with its values filled in (`count` picks the plural form). */
export const t = i18next.t.bind(i18next);

/** The locale for Intl's dates, times and numbers. */
export function locale(): string {
  return chosen.locale;
}

// Intl's formatters, made once per set of options: `toLocaleDateString` builds a new ICU
// formatter on every call, and WebKit keeps their native memory long after (the journal's
// 3,650 day headings at 10k entries cost ~200 MiB of the web process before this cache).
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** `Intl.DateTimeFormat` for the UI's locale and `options`, made once. */
export function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(chosen.locale, options)));
  return format;
}

/** `Intl.NumberFormat` for the UI's locale and `options`, made once. */
export function numberFormat(options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = JSON.stringify(options);
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(chosen.locale, options)));
  return format;
}
