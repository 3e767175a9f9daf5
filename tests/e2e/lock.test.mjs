// Locking really forgets: when the desktop's screen saver says the screen locked (a D-Bus
// signal on the session bus, as GNOME and KDE send it), the journal locks, and the page is
// reloaded, so nothing decrypted the web view held outlives the lock.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { execFileSync } from "node:child_process";
import { createJournal, el, launch, makeHome, shot } from "./harness.mjs";

test("the screen lock locks the journal and the page starts anew", async () => {
  const home = makeHome();
  const { browser, stop } = await launch(home);
  try {
    await createJournal(browser);
    await (await el(browser, "aria/New entry")).click();
    await (await el(browser, "aria/Title")).setValue("Before the screen locked");
    await browser.waitUntil(async () => (await (await browser.$(".status")).getText()) === "Saved", {
      timeout: 10000,
    });
    await browser.execute(() => {
      window.__decrypted = document.querySelector(".entry-row .row-title")?.textContent ?? "";
    });
    assert.equal(await browser.execute(() => window.__decrypted), "Before the screen locked");

    execFileSync("dbus-send", [
      "--session",
      "--type=signal",
      "/org/freedesktop/ScreenSaver",
      "org.freedesktop.ScreenSaver.ActiveChanged",
      "boolean:true",
    ]);
    await el(browser, "aria/Unlock", 10000);
    assert.equal(
      await browser.execute(() => window.__decrypted ?? null),
      null,
      "the page was reloaded: what it held is gone",
    );
    assert.equal(
      await browser.execute(() => document.body.innerText.includes("Before the screen locked")),
      false,
    );
    await shot(browser, "70-locked-by-screen-lock");
  } finally {
    await stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
});
