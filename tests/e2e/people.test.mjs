// People, not records: an entry is linked to the people it is about (from a person's page
// with "Write about Dana", or with "Who is this about?" in the editor); a person's page lists
// those entries and opens them; private notes per person are saved as typed, survive a lock,
// and never reach the disk in plain. axe-core runs on the page with its entries and notes.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import {
  PASS,
  assertAccessible,
  bodyText,
  createJournal,
  el,
  filesUnder,
  launch,
  makeHome,
  shot,
  unlock,
} from "./harness.mjs";

const NOTES_CANARY = `ledgercanary${crypto.randomBytes(4).toString("hex")}`;
const DANA = "Dana (design lead)";

async function waitForText(browser, selector, text) {
  await browser.waitUntil(async () => (await (await browser.$(selector)).getText()) === text, {
    timeout: 10000,
    timeoutMsg: `${selector} never became "${text}"`,
  });
}

/** The titles listed under "Written about …" on the person's page. */
async function aboutTitles(browser) {
  return browser.execute(() =>
    Array.from(document.querySelectorAll(".about-list .row-title"), (e) => (e.textContent ?? "").trim()),
  );
}

async function openPerson(browser, name) {
  await (await el(browser, "aria/Relationships")).click();
  let index = -1;
  await browser.waitUntil(
    async () => {
      index = await browser.execute(
        (wanted) =>
          Array.from(document.querySelectorAll(".history li .row-title"), (t) =>
            (t.textContent ?? "").trim(),
          ).indexOf(wanted),
        name,
      );
      return index >= 0;
    },
    { timeout: 10000, timeoutMsg: `${name} is not in the list` },
  );
  await (await el(browser, `.history li:nth-child(${index + 1}) button`)).click();
  await browser.waitUntil(async () => (await (await browser.$(".walk h1")).getText()) === name, {
    timeout: 10000,
  });
}

async function chipNames(browser) {
  return browser.execute(() =>
    Array.from(document.querySelectorAll(".chip.person"), (c) => (c.firstChild?.textContent ?? "").trim()),
  );
}

test("entries link to people, a person's page lists them, and private notes stay private", async () => {
  const home = makeHome();
  const { browser, stop } = await launch(home);
  try {
    await createJournal(browser);
    await (await el(browser, "aria/Relationships")).click();
    for (const name of [DANA, "Sam"]) {
      await (await el(browser, "aria/New relationship")).setValue(name);
      await (await el(browser, "aria/Add")).click();
      await browser.waitUntil(async () => (await (await browser.$(".walk h1")).getText()) === name, {
        timeout: 10000,
      });
    }
    await openPerson(browser, DANA);
    assert.match(await bodyText(browser), /No entries about Dana \(design lead\) yet/);

    // Notes for the next 1:1, saved as typed.
    await (await el(browser, `aria/Notes on ${DANA}`)).setValue(`Asks for the why first. ${NOTES_CANARY}`);
    await waitForText(browser, ".notes-status", "Saved");

    // "Write about Dana": a new entry already about her.
    await (await el(browser, `aria/Write about ${DANA}`)).click();
    await el(browser, "aria/Title");
    assert.deepEqual(await chipNames(browser), [DANA]);
    await (await el(browser, "aria/Title")).setValue("Budget talk");
    await (await el(browser, "aria/Entry text")).setValue("Explained the cut before the numbers.");
    await waitForText(browser, ".editor .status", "Saved");

    // Another entry, linked to Sam from the editor's picker.
    await (await el(browser, "aria/New entry")).click();
    await (await el(browser, "aria/Title")).setValue("Team offsite");
    await (await el(browser, "aria/People")).selectByVisibleText("Sam");
    assert.deepEqual(await chipNames(browser), ["Sam"]);
    await waitForText(browser, ".editor .status", "Saved");
    await shot(browser, "70-entry-about-a-person");

    // Each person's page lists the entries about them.
    await openPerson(browser, "Sam");
    await browser.waitUntil(async () => (await aboutTitles(browser)).length === 1, { timeout: 10000 });
    assert.deepEqual(await aboutTitles(browser), ["Team offsite"]);
    await openPerson(browser, DANA);
    await browser.waitUntil(async () => (await aboutTitles(browser)).length === 1, { timeout: 10000 });
    assert.deepEqual(await aboutTitles(browser), ["Budget talk"]);
    assert.equal(
      await (await el(browser, `aria/Notes on ${DANA}`)).getValue(),
      `Asks for the why first. ${NOTES_CANARY}`,
    );
    await assertAccessible(browser, "a person's page with entries and notes");
    await shot(browser, "71-person-entries-and-notes");

    // An entry listed there opens in the journal; unlinking it takes it off the page.
    await (await el(browser, ".about-list button")).click();
    await browser.waitUntil(
      async () => (await (await el(browser, "aria/Title")).getValue()) === "Budget talk",
      { timeout: 10000 },
    );
    await (await el(browser, `aria/Unlink ${DANA}`)).click();
    await waitForText(browser, ".editor .status", "Saved");
    await openPerson(browser, DANA);
    await browser.waitUntil(async () => /No entries about Dana/.test(await bodyText(browser)), {
      timeout: 10000,
    });

    // Locked and opened again: the notes and Sam's entry are still there.
    await (await el(browser, "aria/Lock")).click();
    await unlock(browser, PASS);
    await el(browser, "aria/New entry");
    await openPerson(browser, DANA);
    assert.match(await (await el(browser, `aria/Notes on ${DANA}`)).getValue(), new RegExp(NOTES_CANARY));
    await openPerson(browser, "Sam");
    await browser.waitUntil(async () => (await aboutTitles(browser)).length === 1, { timeout: 10000 });
  } finally {
    await stop();
  }

  // The notes never reached the disk in plain.
  const files = filesUnder(home);
  assert.ok(files.some((f) => f.endsWith("journal.steward")));
  const hits = files.filter((f) => fs.readFileSync(f).includes(Buffer.from(NOTES_CANARY)));
  assert.deepEqual(hits, [], "plaintext notes found on disk");
  fs.rmSync(home, { recursive: true, force: true });
});
