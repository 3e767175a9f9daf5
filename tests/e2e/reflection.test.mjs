// End to end, the weekly reflection in the real built app (a `test-clock` build): complete
// this week's reflection with the exercise; move the app's clock a week forward past the
// due moment; see the desktop notification go out on the session bus (watched with
// dbus-monitor under the dbus-run-session that run.sh starts), the due banner appear, and
// next week's reflection open with the follow-up of the step committed the week before;
// then the relationship's ratings and the reminder settings. Finally no file under the
// app's home holds a canary.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { test } from "node:test";
import {
  assertAccessible,
  createJournal,
  el,
  filesUnder,
  launch,
  makeHome,
  setClock,
  shot,
  bodyText,
  ratingRows,
} from "./harness.mjs";

const CANARY = `stepcanary${crypto.randomBytes(4).toString("hex")}`;
const STEP = "Walk the design team through why the launch date moved";

// Tuesday of 2026-W48, then Friday of 2026-W49 five minutes after the default 16:00 (UTC:
// the harness runs the app with TZ=UTC).
const THIS_WEEK = "2026-11-24T10:00:00Z";
const NEXT_WEEK_DUE = "2026-12-04T16:05:00Z";

/** Watches the session bus for calls to the notification service. */
function watchNotifications() {
  const monitor = spawn("dbus-monitor", ["--session", "interface='org.freedesktop.Notifications'"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let seen = "";
  monitor.stdout.on("data", (d) => (seen += d));
  return {
    text: () => seen,
    stop: () => monitor.kill("SIGTERM"),
  };
}

async function click(browser, selector) {
  await (await el(browser, selector)).click();
}

test("a weekly reflection is completed, becomes due a week later with a notification, and follows up its step", async () => {
  assert.ok(process.env.DBUS_SESSION_BUS_ADDRESS, "run under dbus-run-session (tests/e2e/run.sh)");
  const bus = watchNotifications();
  const home = makeHome();
  const { browser, stop } = await launch(home);
  try {
    await createJournal(browser);
    await el(browser, "aria/New entry");
    await setClock(browser, THIS_WEEK);

    await click(browser, "aria/Weekly reflection");
    await el(browser, "#reflection-heading");
    let text = await bodyText(browser);
    assert.match(text, /Weekly reflection — this week/);
    assert.doesNotMatch(text, /Last week's step/, "the first reflection has nothing to follow up");
    await shot(browser, "20-reflection-start");

    // 1. Strength.
    await click(browser, "input[name=strength][value=both]");
    await (
      await el(browser, "#strength-note")
    ).setValue(`The title, and a year of keeping my word. ${CANARY}`);
    await click(browser, "aria/Next");
    // 2. Lost trust: something did.
    await click(browser, "input[name=lost-any][value=yes]");
    await (await el(browser, "#lost-trust")).setValue("I moved the launch date without telling design.");
    await click(browser, "aria/Withheld information");
    await click(browser, "aria/Next");
    // 3. Reinforce.
    await (await el(browser, "#reinforce")).setValue("Explain the why before the what.");
    await click(browser, "aria/Next");
    // 4. The exercise: a new relationship, ratings, feedback, the step.
    await (await el(browser, "aria/New relationship")).setValue("Dana (design lead)");
    await click(browser, "aria/Add relationship");
    await browser.waitUntil(
      async () =>
        (await browser.execute(() => document.querySelector("#relationship")?.selectedOptions[0]?.text)) ===
        "Dana (design lead)",
      { timeout: 10000, timeoutMsg: "the new relationship was not chosen" },
    );
    await click(browser, "input[name=authority][value='4']");
    await click(browser, "input[name=trust][value='2']");
    await (await el(browser, "#feedback")).setValue("What do I do that makes you hold back?");
    await click(browser, "input[name=step-type][value=transparency]");
    await (await el(browser, "#step")).setValue(STEP);
    // Scrolled to the top of the part, so the screenshot shows its heading.
    await browser.execute(() => document.querySelector(".walk")?.scrollTo(0, 0));
    await shot(browser, "21-reflection-exercise");
    await click(browser, "aria/Next");
    // 5. Trust account.
    await click(browser, "aria/Explained decisions");
    await click(browser, "aria/Withheld information");
    await click(browser, "aria/Next");
    // 6. The week's optional prompt: skipped.
    await click(browser, "aria/Not this week");
    // 7. Finish.
    await click(browser, "aria/Finish reflection");
    await browser.waitUntil(async () => /reflection is complete/.test(await bodyText(browser)), {
      timeout: 10000,
      timeoutMsg: "the reflection did not finish",
    });
    text = await bodyText(browser);
    assert.doesNotMatch(text, /Streak/, "no streak is shown until it is two weeks");
    await shot(browser, "22-reflection-finished");
    assert.doesNotMatch(bus.text(), /Weekly reflection/, "nothing is due yet, so no notification");

    // A week later, past the due moment: notification, banner, follow-up.
    await setClock(browser, NEXT_WEEK_DUE);
    await browser.waitUntil(async () => /string "Weekly reflection"/.test(bus.text()), {
      timeout: 15000,
      timeoutMsg: `no Notify call on the session bus; saw:\n${bus.text()}`,
    });
    assert.match(bus.text(), /member=Notify/);
    assert.doesNotMatch(bus.text(), new RegExp(CANARY), "the notification quotes nothing written");

    await click(browser, "aria/Journal");
    const banner = await el(browser, ".due-banner");
    // An invitation, not an alarm: the day, how long it takes, and "Later".
    assert.match(await banner.getText(), /Your Friday reflection · about 10 minutes/);
    await shot(browser, "23-due-banner");
    await click(browser, "aria/Later");
    await browser.waitUntil(async () => (await browser.$$(".due-banner.invite")).length === 0, {
      timeout: 5000,
      timeoutMsg: "Later did not put the card away",
    });
    await click(browser, "aria/Weekly reflection");
    await el(browser, "#reflection-heading");
    await click(browser, "aria/Journal");
    await el(browser, "aria/New entry");
    assert.equal((await browser.$$(".due-banner.invite")).length, 0, "Later holds for the week");
    await click(browser, "aria/Weekly reflection");
    await el(browser, "#reflection-heading");
    text = await bodyText(browser);
    assert.match(text, /Last week's step/);
    assert.match(text, /In week 48, 2026 you committed to \(transparency\)/);
    assert.ok(text.includes(STEP), "the follow-up names last week's step");
    assert.match(text, /with Dana \(design lead\)/);
    await click(browser, "input[name=follow-up][value=done]");
    await (await el(browser, "#what-happened")).setValue("She asked why twice; then she added to the plan.");
    // The feedback the step's week meant to ask for is asked back.
    assert.ok(text.includes("Did you ask Dana (design lead) for the feedback?"), "asked back by name");
    await click(browser, "input[name=asked-feedback][value=yes]");
    await (
      await el(browser, "aria/What did Dana (design lead) say?")
    ).setValue(`Tell us the reasons first. ${CANARY}`);
    await click(browser, "input[name=trust-now][value='3']");
    // Scrolled to the top of the part, so the screenshot shows its heading.
    await browser.execute(() => document.querySelector(".walk")?.scrollTo(0, 0));
    await shot(browser, "24-follow-up");
    await click(browser, "aria/Next");
    await el(browser, "#strength-note");

    // The relationship's ratings over time.
    await click(browser, "aria/Relationships");
    const rows = await ratingRows(browser);
    assert.equal(rows[0], "week 48, 2026|4|2|+2");
    // This week's exercise started from Dana again (her authority from last week) and took
    // the follow-up's trust now, 3, as the week's one rating of her.
    assert.equal(rows[1], "week 49, 2026|4|3|+1");
    // The person's page leads with where things stand, and keeps what Dana said.
    assert.equal(
      await (await el(browser, "[data-state]")).getText(),
      "authority 4 · trust 3 · gap +1, was +2",
    );
    // Beside it, the gap's shape over the two weeks, drawn (not a blank canvas).
    const drawn = await browser.execute(() => {
      const canvas = document.querySelector(".sparkline canvas");
      if (!canvas || canvas.width === 0) return false;
      return canvas
        .getContext("2d")
        .getImageData(0, 0, canvas.width, canvas.height)
        .data.some((v) => v !== 0);
    });
    assert.ok(drawn, "the gap sparkline is drawn");
    text = await bodyText(browser);
    assert.match(text, /They said:\s*Tell us the reasons first\./);
    assert.match(text, /Done · trust after: 3/);
    await shot(browser, "25-relationships");
    // Renaming sits in the page's menu.
    await click(browser, "aria/Actions for Dana (design lead)");
    await assertAccessible(browser, "a person's page with its menu open");
    await click(browser, "aria/Rename…");
    const field = await el(browser, "#rename-field");
    await field.setValue("Dana (design)");
    await click(browser, ".person-head button[type=submit]");
    await browser.waitUntil(
      async () => (await (await el(browser, ".person-title h1")).getText()) === "Dana (design)",
      { timeout: 10000, timeoutMsg: "the rename did not show" },
    );

    // The reminder settings: the defaults, changed, and kept.
    await click(browser, "aria/Settings");
    const day = await el(browser, "#reminder-day");
    assert.equal(await day.getValue(), "friday");
    assert.equal(await (await el(browser, "#reminder-time")).getValue(), "16:00");
    await day.selectByAttribute("value", "monday");
    await (await el(browser, "#week-start")).selectByAttribute("value", "sunday");
    await shot(browser, "26-settings-reminder");
    await click(browser, "aria/Done");
    await click(browser, "aria/Settings");
    assert.equal(await (await el(browser, "#reminder-day")).getValue(), "monday");
    assert.equal(await (await el(browser, "#week-start")).getValue(), "sunday");
    await click(browser, "aria/Done");
  } finally {
    await stop();
    bus.stop();
  }
  const hits = filesUnder(home).filter((f) => fs.readFileSync(f).includes(CANARY));
  assert.deepEqual(hits, [], "no file the app wrote holds the canary");
});
