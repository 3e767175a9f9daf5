// A passphrase change from Settings re-encrypts the journal under a new key: the app shows
// a new recovery key once (Done waits until it is saved), the old passphrase stops
// unlocking, the new one opens everything written before.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import {
  PASS,
  createJournal,
  el,
  launch,
  makeHome,
  recoveryKeyText,
  rowTitles,
  shot,
  unlock,
} from "./harness.mjs";

const NEW_PASS = "a completely different passphrase";

test("a passphrase change shows a new recovery key once and the old passphrase stops working", async () => {
  const home = makeHome();
  const { browser, stop } = await launch(home);
  try {
    await createJournal(browser);
    await (await el(browser, "aria/New entry")).click();
    await (await el(browser, "aria/Title")).setValue("Before the change");
    await (await el(browser, "aria/Entry text")).setValue("Written under the first key.");
    await browser.waitUntil(async () => (await (await browser.$(".status")).getText()) === "Saved", {
      timeout: 10000,
    });

    await (await el(browser, "aria/Settings")).click();
    await (await el(browser, "aria/Current passphrase")).setValue(PASS);
    await (await el(browser, "aria/New passphrase")).setValue(NEW_PASS);
    await (await el(browser, "aria/Confirm new passphrase")).setValue(NEW_PASS);
    await (await el(browser, "aria/Change passphrase")).click();
    const status = await el(browser, "#keys-message", 30000);
    assert.match(await status.getText(), /old passphrase no longer opens this journal/);
    assert.match(await status.getText(), /copy of the journal file made before now/);
    const key = await recoveryKeyText(browser);
    assert.match(key, /^[A-Z2-7]{4}(-[A-Z2-7]{4}){6,7}$/, `a recovery key: ${key}`);
    await shot(browser, "50-settings-new-recovery-key");
    const done = await el(browser, "aria/Done");
    assert.equal(await done.isEnabled(), false, "Done waits until the new key is saved");
    await (await el(browser, "aria/I have saved my recovery key somewhere safe")).click();
    await done.click();

    await (await el(browser, "aria/Lock")).click();
    await unlock(browser, PASS);
    const alert = await el(browser, '[role="alert"]');
    assert.match(await alert.getText(), /does not open this journal/);
    await unlock(browser, NEW_PASS);
    const titles = () => rowTitles(browser);
    await browser.waitUntil(async () => (await titles()).length === 1, { timeout: 15000 });
    assert.deepEqual(await titles(), ["Before the change"]);
  } finally {
    await stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
});
