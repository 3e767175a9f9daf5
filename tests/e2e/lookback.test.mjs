// End to end, looking back in the real built app: a history imported with the CLI, eleven
// decisions reviewed and one due, an entry written a year before "today" (the test clock).
// The journal offers the quarter's review and shows on this day; the review speaks in the
// engine's figures and keeps the leader's summary; the weekly reflection says a decision is
// due and the Decisions screen reviews it; Trends reads the calibration; and the printable
// record is written behind its warning, read back with pdftotext, with no name in full.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import {
  BIN,
  PASS,
  assertAccessible,
  cli,
  bodyText,
  el,
  launch,
  makeHome,
  setClock,
  shot,
  unlock,
} from "./harness.mjs";

/** Eleven decisions taken in the spring and reviewed (seven at about 70 %, four of them as
 * expected; four at about 90 %, two as expected), and one due since 1 October. */
function decisions(home) {
  const outcomes = [
    [70, "yes"],
    [70, "yes"],
    [70, "yes"],
    [70, "yes"],
    [70, "no"],
    [70, "no"],
    [70, "no"],
    [90, "yes"],
    [90, "yes"],
    [90, "no"],
    [90, "no"],
  ];
  outcomes.forEach(([confidence, asExpected], i) => {
    const doc = {
      title: `Spring call ${i + 1}`,
      situation: "a spring situation",
      expectation: "it works out",
      confidence,
      review_on: "2026-05-01",
      date: "2026-03-02",
    };
    const saved = JSON.parse(cli(home, ["--json", "decide", "--from-json", "-"], JSON.stringify(doc)));
    const outcome = { what_happened: "we saw", as_expected: asExpected, reviewed_on: "2026-05-02" };
    cli(home, ["decide", "--review", saved.id, "--from-json", "-"], JSON.stringify(outcome));
  });
  const due = {
    title: "Give Dana the hiring call",
    situation: "Dana asked to own hiring for design",
    expectation: "two hires by October, and Dana more invested",
    confidence: 70,
    review_on: "2026-10-01",
    date: "2026-07-01",
    people: ["Dana (design lead)"],
  };
  cli(home, ["decide", "--from-json", "-"], JSON.stringify(due));
}

test("Look back: on this day, the quarter's review, decisions, calibration and the printable record", async () => {
  const home = makeHome();
  cli(home, ["init", "--kdf-memory-mib", "8", "--kdf-iterations", "1"]);
  const history = execFileSync(
    path.join(BIN, "gen-history"),
    ["--weeks", "60", "--entries", "150", "--last-week", "2026-W41"],
    { encoding: "utf8" },
  );
  cli(home, ["import", "--format", "jsonl", "-"], history);
  cli(
    home,
    ["add", "--title", "A year ago today", "--date", "2025-10-15 09:00"],
    "The offsite where Dana spoke up.",
  );
  decisions(home);
  const expected = JSON.parse(cli(home, ["--json", "review", "--quarter", "2026-Q3"])).review;

  const { browser, stop } = await launch(home);
  try {
    await unlock(browser, PASS);
    await el(browser, "aria/New entry");
    await setClock(browser, "2026-10-15T10:00:00Z");
    // Reload the journal at the new "today": away and back.
    await (await el(browser, "aria/Trends")).click();
    await el(browser, "#trends-heading");
    await (await el(browser, "aria/Journal")).click();

    // On this day, above the list, and the quarter's review offered.
    await el(browser, "[data-on-this-day]");
    const card = await browser.execute(() => document.querySelector(".on-this-day")?.textContent ?? "");
    assert.match(card, /On this day/);
    assert.match(card, /A year ago/);
    assert.match(card, /A year ago today/);
    const offer = await el(browser, "[data-review-offer='2026-Q3']");
    assert.match(await offer.getText(), /Your review of Q3 2026 is ready/);
    await shot(browser, "50-on-this-day");

    // The review: the engine's figures as sentences, then the summary, saved.
    await (await el(browser, "aria/Open review")).click();
    await el(browser, "[data-review='2026-Q3']");
    const writing = await (await el(browser, "[data-part='writing']")).getText();
    const w = expected.writing;
    assert.ok(
      writing.startsWith(`${w.entries} entries (`) &&
        writing.includes(`${w.reflections} of ${w.weeks} weekly reflections`),
      writing,
    );
    const people = await browser.execute(() =>
      Array.from(document.querySelectorAll("[data-part='person']"), (p) => p.textContent ?? ""),
    );
    assert.equal(people.length, expected.people.length);
    assert.ok(people[0].startsWith(expected.people[0].name), people[0]);
    await (
      await el(browser, "aria/What did I learn this quarter about how I use power and earn trust?")
    ).setValue("I decide alone when I am rushed.");
    await (await el(browser, "aria/What will I do differently?")).setValue("Ask Dana before the call.");
    await (await el(browser, "aria/Save review")).click();
    await browser.waitUntil(async () => /Saved to your journal/.test(await bodyText(browser)), {
      timeout: 10000,
    });
    await shot(browser, "51b-review-summary");
    await browser.execute(() => document.querySelector(".lookback")?.scrollTo(0, 0));
    await shot(browser, "51-review");
    await assertAccessible(browser, "Look back: review");
    const note = JSON.parse(cli(home, ["--json", "review", "--quarter", "2026-Q3"])).note;
    assert.equal(note.review.learned, "I decide alone when I am rushed.");

    // The printable record: only once the warning is acknowledged, names as initials.
    await (await el(browser, "aria/Print or save as PDF")).click();
    const pdf = path.join(home, "coaching.pdf");
    const pathField = await el(browser, "aria/Save the PDF to");
    await pathField.clearValue();
    await pathField.setValue(pdf);
    await (await el(browser, "aria/Print names as initials")).click();
    const save = await el(browser, "aria/Save as PDF");
    assert.equal(await save.isEnabled(), false, "no PDF before the warning is acknowledged");
    await (await el(browser, "aria/I understand the PDF is not encrypted")).click();
    await assertAccessible(browser, "Look back: print");
    await shot(browser, "52-print");
    await save.click();
    await browser.waitUntil(async () => /Saved .*coaching\.pdf/.test(await bodyText(browser)), {
      timeout: 20000,
    });
    assert.equal(fs.statSync(pdf).mode & 0o777, 0o600);
    const text = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" }).split(/\s+/).join(" ");
    assert.match(text, /Leadership record/);
    assert.match(text, /I decide alone when I am rushed/);
    for (const name of ["Dana", "Priya", "Sam", "platform"])
      assert.ok(!text.includes(name), `${name} printed`);

    // The weekly reflection says a decision is due; the Decisions screen reviews it.
    await (await el(browser, "aria/Weekly reflection")).click();
    const dueNote = await el(browser, "[data-decisions-due]");
    assert.match(await dueNote.getText(), /One decision is due for review/);
    await (await el(browser, "aria/Review decisions")).click();
    await el(browser, "[data-decision='due']");
    await shot(browser, "53-decisions");
    await assertAccessible(browser, "Decisions");
    await (await el(browser, "[data-decision='due'] button.primary")).click();
    await (await el(browser, "aria/What happened?")).setValue("One hire, and Dana runs the loop.");
    await (await el(browser, "aria/Partly")).click();
    await (await el(browser, "aria/Save review")).click();
    await browser.waitUntil(async () => (await browser.$$("[data-decision='due']")).length === 0, {
      timeout: 10000,
      timeoutMsg: "the reviewed decision stayed due",
    });
    const reviewed = await browser.execute(
      () => document.querySelectorAll("[data-decision='reviewed']").length,
    );
    assert.equal(reviewed, 12);
    const listed = JSON.parse(cli(home, ["--json", "decisions"])).decisions;
    const dana = listed.find((d) => d.title === "Give Dana the hiring call");
    assert.equal(dana.decision.outcome.as_expected, "partly");
    assert.equal(dana.decision.outcome.reviewed_on, "2026-10-15");

    // New decision, from the form.
    await (await el(browser, "aria/New decision")).click();
    await (await el(browser, "aria/What did you decide?")).setValue("Move the offsite to spring");
    await (
      await el(browser, "aria/The situation: what called for a decision?")
    ).setValue("The team is tired.");
    await (await el(browser, "aria/In 30 days")).click();
    await (await el(browser, "aria/Record decision")).click();
    await browser.waitUntil(
      async () =>
        /You will be reminded on (November 14, 2026|14 November 2026)/.test(await bodyText(browser)),
      {
        timeout: 10000,
      },
    );
    await assertAccessible(browser, "Decisions with a new one");

    // Trends reads the calibration (twelve reviewed: eight at about 70 %, four as expected
    // and one partly).
    await (await el(browser, "aria/Trends")).click();
    await browser.waitUntil(
      async () => /Of the 8 calls you made at about 70%/.test(await bodyText(browser)),
      {
        timeout: 15000,
        timeoutMsg: "no calibration reading on Trends",
      },
    );
    const calibration = await bodyText(browser);
    assert.match(calibration, /Of the 8 calls you made at about 70%, 4 came out as expected/);
    await browser.execute(() => document.querySelector("[data-reading='calibration']")?.scrollIntoView());
    await shot(browser, "54-calibration");

    // In the journal, the review and the decisions are entries with a badge.
    await (await el(browser, "aria/Journal")).click();
    await el(browser, ".kind-badge[data-kind='review']");
    const badges = await browser.execute(() =>
      Array.from(document.querySelectorAll(".kind-badge"), (b) => b.getAttribute("data-kind")),
    );
    assert.ok(badges.includes("decision"), JSON.stringify(badges));
    // Opening a decision shows its own fields above its notes.
    await browser.execute(() =>
      document.querySelector(".kind-badge[data-kind='decision']")?.closest("button")?.click(),
    );
    const detail = await (await el(browser, ".entry-detail")).getText();
    assert.match(detail, /The team is tired\./);
    assert.match(detail, /70% confident/);
  } finally {
    await stop();
  }
});
