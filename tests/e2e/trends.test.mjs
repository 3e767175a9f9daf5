// End to end, Trends in the real built app: a three-year history from the generator
// (crates/steward-testdata) is imported with the `steward` CLI into a fresh journal; the
// app unlocks it and its Trends screen must show the same figures and readings as
// `steward trends --json` on the same file, draw its charts, and change with the range.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import { BIN, PASS, cli, el, launch, makeHome, shot, unlock } from "./harness.mjs";

async function figure(browser, name) {
  return browser.execute((n) => document.querySelector(`[data-figure="${n}"]`)?.textContent?.trim(), name);
}

test("Trends shows the figures of an imported history, with charts, readings and tables", async () => {
  const home = makeHome();
  cli(home, ["init", "--kdf-memory-mib", "8", "--kdf-iterations", "1"]);
  const history = execFileSync(path.join(BIN, "gen-history"), ["--weeks", "156", "--entries", "300"], {
    encoding: "utf8",
  });
  cli(home, ["import", "--format", "jsonl", "-"], history);
  const expected = JSON.parse(cli(home, ["--json", "trends"]));
  assert.ok(expected.relationships.length >= 3, "the history names its relationships");

  const { browser, stop } = await launch(home);
  try {
    await unlock(browser, PASS);
    await el(browser, "aria/New entry");
    await (await el(browser, "aria/Trends")).click();
    await el(browser, "#trends-heading");
    await (await el(browser, "aria/All")).click();
    await browser.waitUntil(
      async () =>
        (await figure(browser, "completion")) ===
        `${expected.completion.completed} of ${expected.completion.weeks_elapsed}`,
      {
        timeout: 15000,
        timeoutMsg: `completion never showed ${expected.completion.completed} of ${expected.completion.weeks_elapsed}`,
      },
    );
    assert.equal(
      await figure(browser, "follow-through"),
      `${Math.round(expected.follow_through_rate * 100)}%`,
    );
    const streak = expected.completion.current_streak;
    assert.equal(await figure(browser, "streak"), `${streak} ${streak === 1 ? "week" : "weeks"}`);
    const net = expected.trust_account.net;
    assert.equal(await figure(browser, "account"), `${net >= 0 ? "+" : ""}${net}`);

    // The three headlines, worded by the UI from the engine's figures, as the CLI prints them.
    const headlines = await browser.execute(() =>
      Array.from(document.querySelectorAll("[data-headline]"), (li) => (li.textContent ?? "").trim()),
    );
    const h = expected.headlines;
    assert.deepEqual(headlines, [h.gap.text, h.steps.text, h.account.text]);
    // Each person rated twice or more has a small line of their gap; choosing one shows theirs.
    const people = expected.relationships.filter((r) => r.points.length > 1);
    assert.equal((await browser.$$(".people-gaps button")).length, people.length);
    // Every reading the CLI prints is on the screen, word for word.
    const text = await browser.execute(() => document.body.innerText);
    for (const reading of Object.values(expected.readings))
      assert.ok(text.includes(reading), `missing reading: ${reading}`);
    assert.ok(text.includes(expected.relationships[0].reading), "the first relationship's reading");
    // Six charts drawn (canvases with pixels), each with a reading as its accessible name.
    const charts = await browser.execute(() =>
      Array.from(document.querySelectorAll(".canvas-box"), (box) => {
        const c = box.querySelector("canvas");
        return { label: box.getAttribute("aria-label") ?? "", drawn: !!c && c.width > 0 && c.height > 0 };
      }),
    );
    assert.equal(charts.length, 6);
    assert.ok(
      charts.every((c) => c.drawn && c.label.length > 20),
      JSON.stringify(charts),
    );
    await shot(browser, "30-trends");
    await browser.execute(() => document.querySelectorAll(".chart-grid figure")[2]?.scrollIntoView());
    await shot(browser, "33-trends-charts");
    await browser.execute(() =>
      document.querySelector(".chart-grid figure.wide:last-child")?.scrollIntoView(),
    );
    await shot(browser, "34-trends-calendar");
    await browser.execute(() => document.querySelector(".trends")?.scrollTo(0, 0));

    // The table alternative of the gap chart lists the relationship's ratings.
    await (await el(browser, "figure.wide details summary")).click();
    const rows = await browser.execute(
      () => document.querySelectorAll("figure.wide details tbody tr").length,
    );
    assert.equal(rows, expected.relationships[0].points.length);

    // A shorter range changes the figures.
    await (await el(browser, "aria/Last 3 months")).click();
    await browser.waitUntil(
      async () =>
        (await figure(browser, "completion")) !==
        `${expected.completion.completed} of ${expected.completion.weeks_elapsed}`,
      {
        timeout: 10000,
        timeoutMsg: "the range did not change the figures",
      },
    );
    const [done, of] = (await figure(browser, "completion")).split(" of ").map(Number);
    assert.ok(of <= 14 && done <= of, `three months hold at most 14 weeks: ${done} of ${of}`);
    await shot(browser, "31-trends-3-months");
  } finally {
    await stop();
  }
});

test("Trends explains what will appear when there is nothing yet", async () => {
  const home = makeHome();
  cli(home, ["init", "--kdf-memory-mib", "8", "--kdf-iterations", "1"]);
  const { browser, stop } = await launch(home);
  try {
    await unlock(browser, PASS);
    await el(browser, "aria/New entry");
    await (await el(browser, "aria/Trends")).click();
    await el(browser, "#trends-heading");
    await browser.waitUntil(
      async () =>
        /after two ratings, its line appears here/.test(await browser.execute(() => document.body.innerText)),
      {
        timeout: 15000,
      },
    );
    const text = await browser.execute(() => document.body.innerText);
    assert.match(text, /No relationship rated in this range yet/);
    assert.match(text, /Days you write and weeks you reflect fill this calendar/);
    assert.equal(await browser.execute(() => document.querySelectorAll("canvas").length), 0);
    await shot(browser, "32-trends-empty");
  } finally {
    await stop();
  }
});
