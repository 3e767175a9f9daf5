// End to end, the weekly reflection as a guided session done by keyboard only, two weeks
// running, in the real built app (a `test-clock` build): Ctrl+2 opens it, each part takes
// the focus on its first answer, arrow keys and Space answer the choices, Ctrl+Enter goes
// on and finishes. The second week starts with the follow-up, offers the same person again
// with last week's authority, takes the follow-up's trust as the week's, and shows last
// week's answers faintly. The closing card's "Add to calendar" writes an .ics the test reads
// back. axe-core checks the guided parts and the closing card in both themes.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import {
  assertAccessible,
  createJournal,
  el,
  launch,
  makeHome,
  setClock,
  shot,
  bodyText,
  ratingRows,
} from "./harness.mjs";

// Tuesday of 2026-W48, then Friday of 2026-W49 after the default 16:00 (the app runs in UTC).
const WEEK_ONE = "2026-11-24T10:00:00Z";
const WEEK_TWO = "2026-12-04T16:05:00Z";
const STEP_ONE = "Explain to Dana why the launch moved";
const STEP_TWO = "Ask Dana to lead the next design review";
const PROMPT_ANSWER = "I acted as the gatekeeper of every release decision.";
// Week one's prompt (2026-W48's turn in the library), in English.
const PROMPT_QUESTION_ONE = "Mind: which hard problem did you bring people together";

/** Presses keys one after another ("Tab", "Space", "ArrowDown", "Enter"), or types text
 * into the focused field (as WebDriver's element keys: WebKitWebDriver's action keys drop
 * the second of two equal letters in a row). */
async function press(browser, ...keys) {
  for (const k of keys) {
    const key = { Tab: "\uE004", Space: " ", ArrowDown: "\uE015", Enter: "\uE007" }[k];
    if (key) await browser.keys(key);
    else await (await browser.$(await browser.getActiveElement())).addValue(k);
  }
}

/** Ctrl and `key` together (Ctrl+2 opens the reflection, Ctrl+A selects a field's text). */
async function ctrl(browser, key) {
  await browser.action("key").down("\uE009").down(key).up(key).up("\uE009").perform();
}

/** Ctrl+Enter: the guided session's "go on". */
async function goOn(browser) {
  await ctrl(browser, "\uE007");
}

async function partTitle(browser) {
  return browser.execute(() => document.querySelector(".part")?.getAttribute("aria-label") ?? "");
}

async function waitForPart(browser, title) {
  await browser.waitUntil(async () => (await partTitle(browser)) === title, {
    timeout: 10000,
    timeoutMsg: `the part "${title}" did not open (on "${await partTitle(browser)}")`,
  });
}

async function focused(browser) {
  return browser.execute(() => {
    const a = document.activeElement;
    return a
      ? `${a.tagName.toLowerCase()}${a.id ? `#${a.id}` : ""}${a.getAttribute("name") ? `[${a.getAttribute("name")}]` : ""}`
      : "";
  });
}

test("two weeks of reflection done by keyboard only: the second remembers the first and closes its loop", async () => {
  const home = makeHome();
  const { browser, stop } = await launch(home);
  try {
    await createJournal(browser);
    await el(browser, "aria/New entry");
    await setClock(browser, WEEK_ONE);

    // Week one. Ctrl+2 opens the reflection, focused on its first answer.
    await ctrl(browser, "2");
    await waitForPart(browser, "Your strength");
    assert.equal(await focused(browser), "input[strength]");
    await press(browser, "Space", "Tab", "The title, mostly.");
    await goOn(browser);
    await waitForPart(browser, "Lost trust");
    assert.match(await bodyText(browser), /Did anything cost you trust this week\?/);
    await press(browser, "Space", "Tab", "I moved the launch date without telling design.");
    await goOn(browser);
    await waitForPart(browser, "Power that builds trust");
    await press(browser, "Explain the why before the what.");
    await goOn(browser);
    await waitForPart(browser, "The exercise");
    assert.equal(await focused(browser), "select#relationship");
    // A new person: Tab to the name field, type, Enter adds and chooses them.
    await press(browser, "Tab", "Dana", "Enter");
    await browser.waitUntil(
      async () =>
        (await browser.execute(() => document.querySelector("#relationship")?.selectedOptions[0]?.text)) ===
        "Dana",
      { timeout: 10000, timeoutMsg: "the new relationship was not chosen" },
    );
    // Authority 4 (Space picks 1, three arrows down), trust 2, the feedback, the kind, the step.
    await press(browser, "Tab", "Space", "ArrowDown", "ArrowDown", "ArrowDown");
    await press(browser, "Tab", "Space", "ArrowDown");
    await press(browser, "Tab", "What do I do that makes you hold back?");
    await press(browser, "Tab", "Space", "Tab", STEP_ONE);
    await goOn(browser);
    await waitForPart(browser, "Trust account");
    await press(browser, "Space");
    await goOn(browser);
    // The week's optional prompt, from the library: answered this week.
    await waitForPart(browser, "One more question");
    assert.equal(await focused(browser), "textarea#prompt-answer");
    assert.match(await bodyText(browser), /Optional\. A different angle each week/);
    await press(browser, PROMPT_ANSWER);
    await assertAccessible(browser, "the optional prompt");
    await shot(browser, "26-ritual-prompt");
    await goOn(browser);
    await waitForPart(browser, "Finish");
    assert.equal(await focused(browser), "select#by-when");
    let text = await bodyText(browser);
    assert.ok(text.includes(STEP_ONE), "the closing card shows the step");
    assert.match(text, /Transparency · with Dana/);
    await assertAccessible(browser, "the closing card");
    await goOn(browser);
    await browser.waitUntil(async () => /reflection is complete/.test(await bodyText(browser)), {
      timeout: 10000,
      timeoutMsg: "week one did not finish by Ctrl+Enter",
    });
    await shot(browser, "27-ritual-commitment");

    // Week two: the follow-up first, then the same person offered again.
    await setClock(browser, WEEK_TWO);
    await ctrl(browser, "1");
    await el(browser, "aria/New entry");
    await ctrl(browser, "2");
    await waitForPart(browser, "Last week's step");
    assert.equal(await focused(browser), "input[follow-up]");
    text = await bodyText(browser);
    assert.ok(text.includes(STEP_ONE), "the follow-up names last week's step");
    // Done; what happened; asked for the feedback: yes; what Dana said; trust now 3.
    await press(browser, "Space", "Tab", "She asked why twice, then joined the plan.");
    await press(browser, "Tab", "Space", "Tab", "Tell us the reasons first.");
    await press(browser, "Tab", "Space", "ArrowDown", "ArrowDown");
    await shot(browser, "28-ritual-follow-up");
    await goOn(browser);
    await waitForPart(browser, "Your strength");
    assert.match(await bodyText(browser), /Last week: Power — The title, mostly\./);
    await assertAccessible(browser, "a guided part with last week's answer");
    await press(browser, "ArrowDown");
    await goOn(browser);
    await waitForPart(browser, "Lost trust");
    assert.match(await bodyText(browser), /Last week: I moved the launch date without telling design\./);
    // Nothing this week: the second choice.
    await press(browser, "ArrowDown");
    await goOn(browser);
    await waitForPart(browser, "Power that builds trust");
    await goOn(browser);
    await waitForPart(browser, "The exercise");
    text = await bodyText(browser);
    assert.match(text, /Still working on Dana\?/);
    assert.match(text, /Dana's trust in you: 3 of 5, as you rated it in the follow-up\./);
    assert.match(text, /What would you like to hear from Dana\?/);
    await browser.execute(() => document.querySelector(".walk")?.scrollTo(0, 0));
    await shot(browser, "29-ritual-exercise");
    // Past the name field and the (kept) authority to the feedback, the kind and the step.
    await press(browser, "Tab", "Tab", "Tab", "What should I stop doing?");
    await press(browser, "Tab", "Space", "ArrowDown", "ArrowDown", "Tab", STEP_TWO);
    await goOn(browser);
    await waitForPart(browser, "Trust account");
    await goOn(browser);
    // Another prompt this week (the library takes turns); skipped by going on.
    await waitForPart(browser, "One more question");
    assert.doesNotMatch(await bodyText(browser), new RegExp(PROMPT_QUESTION_ONE), "a new prompt each week");
    await goOn(browser);
    await waitForPart(browser, "Finish");
    text = await bodyText(browser);
    assert.ok(text.includes(STEP_TWO));
    assert.match(text, /Inclusion · with Dana/);
    assert.match(text, /Dana · authority 4 · trust 3/);

    // Add to calendar, by keyboard: the button, then the path field, then Save event.
    const ics = path.join(home, "dana-step.ics");
    assert.equal(await focused(browser), "select#by-when");
    await press(browser, "Tab", "Tab", "Enter");
    await browser.waitUntil(async () => (await focused(browser)) === "input#calendar-path", {
      timeout: 5000,
    });
    await ctrl(browser, "a");
    await press(browser, ics, "Tab", "Tab", "Enter");
    await browser.waitUntil(
      async () => /an all-day event on Friday, (11 December|December 11)/.test(await bodyText(browser)),
      {
        timeout: 10000,
        timeoutMsg: "the calendar file was not saved",
      },
    );
    const event = fs.readFileSync(ics, "utf8");
    assert.match(event, /BEGIN:VEVENT/);
    assert.match(event, /DTSTART;VALUE=DATE:20261211/);
    assert.match(event, /SUMMARY:Your step with Dana: Ask Dana to lead the next design review/);
    assert.equal(fs.statSync(ics).mode & 0o777, 0o600, "the plaintext file is the user's alone");

    // Saved, the focus is back on Finish.
    assert.equal(await focused(browser), "button");
    await goOn(browser);
    await browser.waitUntil(async () => /reflection is complete/.test(await bodyText(browser)), {
      timeout: 10000,
      timeoutMsg: "week two did not finish by Ctrl+Enter",
    });
    assert.match(await bodyText(browser), /Streak: 2 weeks/);
    await shot(browser, "30-ritual-finished");

    // Dana's gap moved with the follow-up's rating: +2, then +1.
    await ctrl(browser, "3");
    const rows = await ratingRows(browser);
    assert.deepEqual(rows.slice(0, 2), ["week 48, 2026|4|2|+2", "week 49, 2026|4|3|+1"]);

    // The journal's search finds week one by its prompt's answer, and opens that week.
    await ctrl(browser, "f");
    await press(browser, "gatekeeper");
    const hit = await el(browser, ".reflection-hit");
    assert.match(
      await browser.execute(() => document.querySelector(".reflection-hit")?.textContent ?? ""),
      /Reflection · week 48, 2026\s*I acted as the gatekeeper/,
    );
    await shot(browser, "07-search-reflections");
    assert.match(await bodyText(browser), /In a weekly reflection/i);
    await hit.click();
    await browser.waitUntil(async () => /Weekly reflection — week 48, 2026/i.test(await bodyText(browser)), {
      timeout: 10000,
      timeoutMsg: "the found week did not open",
    });
  } finally {
    await stop();
  }
});
