// A Markdown link in an entry never takes the app's window anywhere: following it is denied
// by the navigation guard (the window stays on the app, the journal still works), and in the
// preview a click asks "Open this link in your browser?" first; Cancel opens nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { createJournal, el, launch, makeHome, shot } from "./harness.mjs";

test("a link in an entry asks before opening and the window never leaves the app", async () => {
  const home = makeHome();
  const { browser, stop } = await launch(home);
  try {
    await createJournal(browser);
    const appUrl = await browser.getUrl();
    await (await el(browser, "aria/New entry")).click();
    await (await el(browser, "aria/Title")).setValue("With a link");
    await (
      await el(browser, "aria/Entry text")
    ).setValue("See [the article](https://example.invalid/essay).");
    await (await el(browser, "aria/Preview")).click();
    await (await el(browser, ".preview a")).click();
    const dialog = await el(browser, '[role="alertdialog"]');
    assert.match(
      await dialog.getText(),
      /Open this link in your browser\? https:\/\/example\.invalid\/essay/,
    );
    await shot(browser, "60-link-confirm");
    await (await el(browser, "aria/Cancel")).click();
    assert.equal(await browser.getUrl(), appUrl, "Cancel leaves the window where it was");

    // Page script that tries to leave (as an unguarded link would) is denied.
    await browser.execute(() => {
      window.location.href = "https://example.invalid/elsewhere";
    });
    await browser.pause(1500);
    assert.equal(await browser.getUrl(), appUrl, "the navigation guard kept the window on the app");
    assert.equal(
      await (await el(browser, "aria/Title")).getValue(),
      "With a link",
      "the journal is still here",
    );
  } finally {
    await stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
});
