// The recovery key copied at first run goes onto the X clipboard marked secret for
// clipboard managers (x-kde-passwordManagerHint), and leaving the screen clears it — unless
// the user copied something else since.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { execFileSync } from "node:child_process";
import { PASS, el, launch, makeHome, recoveryKeyText } from "./harness.mjs";

const xclip = (...args) =>
  execFileSync("xclip", ["-selection", "clipboard", ...args], {
    encoding: "utf8",
    timeout: 5000,
    stdio: ["ignore", "pipe", "ignore"],
  });
// What the clipboard holds as text; "" when nothing does (xclip exits 1 then).
const clipboardText = () => {
  try {
    return xclip("-o").trim();
  } catch {
    return "";
  }
};

test("the copied recovery key is marked secret and cleared when its screen closes", async () => {
  const home = makeHome();
  const { browser, stop } = await launch(home);
  try {
    await (await el(browser, "aria/Begin")).click();
    await (await el(browser, "aria/Passphrase")).setValue(PASS);
    await (await el(browser, "aria/Confirm passphrase")).setValue(PASS);
    await (await el(browser, "aria/Create journal")).click();
    const key = await recoveryKeyText(browser, 30000);
    await (await el(browser, "aria/Copy recovery key")).click();
    await browser.waitUntil(async () => clipboardText() === key, { timeout: 5000 });
    const targets = xclip("-t", "TARGETS", "-o");
    assert.match(targets, /x-kde-passwordManagerHint/, `marked secret: ${targets}`);
    assert.equal(xclip("-t", "x-kde-passwordManagerHint", "-o").trim(), "secret");

    await (await el(browser, "aria/I have saved my recovery key somewhere safe")).click();
    await (await el(browser, "aria/Continue")).click();
    await el(browser, "#first-day");
    await browser.waitUntil(async () => clipboardText() !== key, {
      timeout: 5000,
      timeoutMsg: "the key stayed on the clipboard after its screen closed",
    });
  } finally {
    await stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
});
