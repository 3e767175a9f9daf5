// The UI in German, against the real built app: Settings → Appearance → Language reloads
// the page in German without locking the journal; the sidebar, the editor and the list
// speak German; times follow the German locale (24-hour, no AM/PM); the German screens
// pass axe-core in both themes; English comes back the same way.
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { assertAccessible, createJournal, el, launch, makeHome, shot } from "./harness.mjs";

async function chooseLanguage(browser, value) {
  const select = await el(browser, "#language");
  await select.scrollIntoView();
  await select.selectByAttribute("value", value);
  // The page reloads in the new language; the journal stays open.
  await browser.waitUntil(
    async () => (await browser.execute(() => document.documentElement.lang)) === value,
    { timeout: 15000, timeoutMsg: `the page did not switch to ${value}` },
  );
}

test("the UI speaks German when asked, with German dates and times, and passes axe-core", async () => {
  const home = makeHome();
  const { browser, stop } = await launch(home);
  try {
    await createJournal(browser);
    await (await el(browser, "aria/New entry")).click();
    await (await el(browser, "aria/Title")).setValue("Ein Gespräch mit Dana");
    await (
      await el(browser, "aria/Entry text")
    ).setValue("Ich habe erklärt, warum sich der Termin verschiebt.");
    await browser.waitUntil(async () => (await (await browser.$(".status")).getText()) === "Saved", {
      timeout: 10000,
    });

    await (await el(browser, "aria/Settings")).click();
    await chooseLanguage(browser, "de");
    // Reloaded, still unlocked: the Settings page was left; the journal is back, in German.
    await el(browser, "aria/Tagebuch");
    await el(browser, "aria/Wochenreflexion");
    await el(browser, "aria/Neuer Eintrag");
    let meta = "";
    await browser.waitUntil(
      async () => {
        meta = await browser.execute(() => document.querySelector(".entry-row .row-meta")?.textContent ?? "");
        return /Wörter/.test(meta);
      },
      { timeout: 10000, timeoutMsg: `the list's row is not in German: "${meta}"` },
    );
    assert.match(meta.trim(), /^\d{1,2}:\d{2} · 8 Wörter$/, `a German time and word count: ${meta}`);
    assert.doesNotMatch(meta, /AM|PM/);
    await (await browser.$(".entry-row")).click();
    const date = await (await el(browser, ".editor-bar .date")).getText();
    assert.match(date, /^[A-Z][a-z]+, \d{1,2}\. [A-ZÄÖÜ][a-zäöü]+ \d{4} um \d{1,2}:\d{2}$/, date);
    await assertAccessible(browser, "journal in German");
    await shot(browser, "90-journal-de");

    await (await el(browser, "aria/Einstellungen")).click();
    await el(browser, "aria/Nach so vielen Minuten ohne Eingabe sperren");
    await assertAccessible(browser, "settings in German");
    await chooseLanguage(browser, "en");
    await el(browser, "aria/Journal");
    await el(browser, "aria/New entry");
  } finally {
    await stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
});
