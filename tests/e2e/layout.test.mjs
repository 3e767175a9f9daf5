// The shell's layout and its accessibility, against the real built app: with zero, one and
// two banners, at 1280×800 and at the window's minimum width (720 px), the editor fills at
// least 60 % of the window's height and nothing is wider than its box (the layout adapts
// rather than clips or scrolls sideways); axe-core finds no serious or critical violation on
// any screen, in the light and in the dark theme.
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { PASS, assertAccessible, el, launch, makeHome, recoveryKeyText, setClock, shot } from "./harness.mjs";

// A Wednesday: nothing is due, no backup is overdue — no banner.
const QUIET = "2026-12-02T10:00:00Z";
// That week's Friday after 16:00: the reflection is due — one banner.
const DUE = "2026-12-04T16:05:00Z";
// Five weeks on, again a Friday evening: due, and no backup for over 30 days (automatic
// backups turned off in the first run) — two banners.
const DUE_AND_NO_BACKUP = "2027-01-08T16:05:00Z";

/** How the window is laid out: banner count, the editor's share of the height, and every
 * box of the shell whose content is wider than the box itself. */
async function measure(browser) {
  return browser.execute(() => {
    const h = window.innerHeight;
    const editor = document.querySelector('section[aria-label="Editor"]');
    const text = document.querySelector('textarea[aria-label="Entry text"]');
    const boxes = [
      ".shell",
      ".sidebar",
      ".main",
      ".banners",
      ".section",
      ".journal",
      ".list-pane",
      ".editor",
      ".canvas",
    ];
    const overflowing = boxes.flatMap((sel) =>
      Array.from(document.querySelectorAll(sel))
        .filter((e) => e.scrollWidth > e.clientWidth + 1)
        .map((e) => `${sel} (${e.scrollWidth} > ${e.clientWidth})`),
    );
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth + 1) overflowing.push(`document (${doc.scrollWidth})`);
    return {
      width: window.innerWidth,
      banners: document.querySelectorAll(".banners > .due-banner").length,
      editor: editor ? editor.getBoundingClientRect().height / h : 0,
      text: text ? text.getBoundingClientRect().height / h : 0,
      overflowing,
    };
  });
}

/** Shows the journal again, so the banners are worked out for the clock as it is now. */
async function revisitJournal(browser) {
  await (await el(browser, "aria/Trends")).click();
  await el(browser, ".trends");
  await (await el(browser, "aria/Journal")).click();
  await (await browser.$(".entry-row")).click();
  await el(browser, "aria/Entry text");
}

async function assertLayout(browser, banners, label) {
  await browser.waitUntil(async () => (await measure(browser)).banners === banners, {
    timeout: 10000,
    timeoutMsg: `${label}: expected ${banners} banner(s)`,
  });
  const m = await measure(browser);
  assert.ok(m.editor >= 0.6, `${label}: the editor is ${(m.editor * 100).toFixed(0)} % of the height`);
  assert.ok(m.text >= 0.45, `${label}: the writing area is ${(m.text * 100).toFixed(0)} % of the height`);
  assert.deepEqual(m.overflowing, [], `${label}: content wider than its box`);
  return m;
}

test("the layout holds with 0, 1 and 2 banners at 1280×800 and at 720 px, and every screen passes axe-core in both themes", async () => {
  const home = makeHome();
  const { browser, stop } = await launch(home);
  try {
    await browser.setWindowSize(1280, 800);
    // First run: welcome, passphrase, recovery key, schedule, first person.
    await el(browser, "aria/Begin");
    await assertAccessible(browser, "welcome");
    await (await el(browser, "aria/Begin")).click();
    await el(browser, "aria/Passphrase");
    await assertAccessible(browser, "create journal");
    await (await el(browser, "aria/Passphrase")).setValue(PASS);
    await (await el(browser, "aria/Confirm passphrase")).setValue(PASS);
    await (await el(browser, "aria/Create journal")).click();
    const recoveryKey = await recoveryKeyText(browser, 30000);
    await el(browser, "aria/Print or save as PDF");
    await assertAccessible(browser, "recovery key");
    await (await el(browser, "aria/I have saved my recovery key somewhere safe")).click();
    await (await el(browser, "aria/Continue")).click();
    await el(browser, "#first-day");
    await assertAccessible(browser, "first run: schedule");
    // Automatic backups off here, so five weeks on the 30-day backup reminder is the
    // second banner (with them on, only a failed backup shows one).
    await (await el(browser, "#first-auto-backup")).click();
    await (await el(browser, "aria/Continue")).click();
    await el(browser, "#first-person");
    await assertAccessible(browser, "first run: first person");
    await (await el(browser, "aria/Open my journal")).click();
    await setClock(browser, QUIET);

    // The empty journal offers a first prompt; then one short entry (a short list).
    await el(browser, ".first-prompt");
    await assertAccessible(browser, "empty journal");
    await (await el(browser, "aria/New entry")).click();
    await (await el(browser, "aria/Title")).setValue("A short list");
    await (await el(browser, "aria/Entry text")).setValue("One entry, so the list is short.");
    await browser.waitUntil(async () => (await (await browser.$(".status")).getText()) === "Saved", {
      timeout: 10000,
    });
    await revisitJournal(browser);

    for (const [clock, banners] of [
      [QUIET, 0],
      [DUE, 1],
      [DUE_AND_NO_BACKUP, 2],
    ]) {
      await setClock(browser, clock);
      for (const [w, h] of [
        [1280, 800],
        [720, 800],
      ]) {
        await browser.setWindowSize(w, h);
        await revisitJournal(browser);
        const m = await assertLayout(browser, banners, `${banners} banner(s) at ${w}×${h}`);
        assert.ok(Math.abs(m.width - w) <= 16, `the window is ${m.width} px wide, not about ${w}`);
        await shot(browser, `80-layout-${banners}-banners-${w}`);
      }
      await browser.setWindowSize(1280, 800);
    }
    await assertAccessible(browser, "journal with an entry open and two banners");

    // Every other screen of the open journal.
    await (await el(browser, "aria/Search")).setValue("short");
    await browser.waitUntil(async () => (await browser.$$(".entry-row mark")).length > 0, { timeout: 10000 });
    await assertAccessible(browser, "search");
    await (await el(browser, "aria/Weekly reflection")).click();
    await el(browser, "#reflection-heading");
    await assertAccessible(browser, "weekly reflection");
    await (await el(browser, "aria/Relationships")).click();
    await el(browser, ".relationships");
    await assertAccessible(browser, "relationships");
    await (await el(browser, "aria/Trends")).click();
    await el(browser, ".trends");
    await assertAccessible(browser, "trends");
    // Settings is a page: focus on its first control, not on a path field; Done goes back.
    await (await el(browser, "aria/Settings")).click();
    await el(browser, "aria/Lock after this many idle minutes");
    await browser.waitUntil(
      async () => (await browser.execute(() => document.activeElement?.id)) === "reminder-day",
      {
        timeout: 5000,
        timeoutMsg: "focus is not on the first control of Settings",
      },
    );
    await assertAccessible(browser, "settings");
    await shot(browser, "83-settings");
    await (await el(browser, "aria/Done")).click();
    await el(browser, ".trends");

    // Ctrl+3 goes to Relationships with the keyboard on its first field; Ctrl+1 back to the
    // journal, on Search.
    const focused = () => browser.execute(() => document.activeElement?.getAttribute("aria-label"));
    await browser.keys(["Control", "3"]);
    await browser.waitUntil(async () => (await focused()) === "New relationship", {
      timeout: 5000,
      timeoutMsg: "Ctrl+3 did not land on Relationships' first field",
    });
    await browser.keys(["Control", "1"]);
    await browser.waitUntil(async () => (await focused()) === "Search", {
      timeout: 5000,
      timeoutMsg: "Ctrl+1 did not land on the journal's search field",
    });
    await browser.keys(["Control", "3"]);
    await el(browser, ".relationships");

    // Ctrl+L locks from a screen other than the journal; the unlock screen passes too.
    await browser.keys(["Control", "l"]);
    await el(browser, "aria/Unlock");
    await assertAccessible(browser, "unlock");
    await shot(browser, "81-unlock");

    // Locked out is not lost: the recovery key opens the journal and sets a new passphrase.
    await (await el(browser, "aria/Use the recovery key")).click();
    const keyField = await el(browser, "aria/Recovery key");
    assert.equal(
      await browser.execute(() => document.activeElement?.id),
      "recovery-key",
      "focus is on the key",
    );
    await keyField.setValue(recoveryKey.toLowerCase().replaceAll("-", " "));
    await (await el(browser, "aria/New passphrase")).setValue("a brand new passphrase");
    await (await el(browser, "aria/Confirm new passphrase")).setValue("a brand new passphrase");
    await assertAccessible(browser, "recover with the recovery key");
    await shot(browser, "82-recover");
    await (await el(browser, "aria/Open and set the new passphrase")).click();
    const newKey = await recoveryKeyText(browser, 30000);
    assert.match(newKey, /^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/);
    assert.notEqual(newKey, recoveryKey, "a new recovery key replaces the one used");
    await assertAccessible(browser, "new recovery key");
    await (await el(browser, "aria/I have saved my recovery key somewhere safe")).click();
    await (await el(browser, "aria/Open my journal")).click();
    await browser.waitUntil(async () => (await browser.$$(".entry-row")).length === 1, { timeout: 15000 });

    // The old passphrase no longer opens it; the new one does.
    await (await el(browser, "aria/Lock")).click();
    await (await el(browser, "aria/Passphrase")).setValue(PASS);
    await (await el(browser, "aria/Unlock")).click();
    assert.match(await (await el(browser, '[role="alert"]')).getText(), /does not open this journal/);
    await (await el(browser, "aria/Passphrase")).setValue("a brand new passphrase");
    await (await el(browser, "aria/Unlock")).click();
    await browser.waitUntil(async () => (await browser.$$(".entry-row")).length === 1, { timeout: 15000 });
  } finally {
    await stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
});
