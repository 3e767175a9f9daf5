// End to end, sync through a folder between two homes: the app on the laptop (home A)
// starts syncing from Settings → Sync; the desktop (home B) joins with the CLI. An entry
// written on the desktop appears in the app's journal within seconds (the folder watcher),
// one written in the app reaches the desktop shortly after its save, and an entry edited
// on both in the same line shows "Edited on two computers" with the other version and the
// choice, which then settles on both. Nothing in the folder is plaintext.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import {
  BIN,
  PASS,
  appEnv,
  assertAccessible,
  bodyText,
  cli,
  el,
  filesUnder,
  launch,
  makeHome,
  rowTitles,
  shot,
  unlock,
} from "./harness.mjs";

/** The desktop's titles after a sync round there. */
function desktopTitles(home) {
  cli(home, ["sync", "now"]);
  return JSON.parse(cli(home, ["--json", "list"])).map((e) => e.title);
}

async function until(what, check, timeout = 30000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out: ${what}`);
}

test("sync: the app and another home share a folder; entries cross both ways and a clash is one choice", async () => {
  const laptop = makeHome();
  const desktop = makeHome();
  const shared = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "steward-sync-"));
  const canary = `synccanary${process.pid}`;
  cli(laptop, ["init", "--kdf-memory-mib", "8", "--kdf-iterations", "1"]);
  const offsite = JSON.parse(
    cli(laptop, ["--json", "add", "--title", "Offsite"], `We met in Lisbon. ${canary}\n`),
  ).id;

  const { browser, stop } = await launch(laptop);
  try {
    await unlock(browser, PASS);
    await el(browser, "aria/New entry");

    // Settings → Sync: the folder typed (the dialog is the native one), then start.
    await (await el(browser, "aria/Settings")).click();
    await browser.execute(() => document.querySelector("#sync-title")?.scrollIntoView({ block: "start" }));
    const folderField = await el(browser, "#sync-folder");
    await folderField.setValue(shared);
    await (await el(browser, "aria/Start syncing")).click();
    await el(browser, "[data-sync-status]");
    await browser.waitUntil(async () => /Last synced/.test(await bodyText(browser)), { timeout: 10000 });
    await assertAccessible(browser, "Settings: sync");

    // The desktop joins with the CLI and writes an entry.
    const desktopVault = path.join(desktop, "data", "journal.steward");
    cli(desktop, ["sync", "join", "--folder", shared, "--into", desktopVault]);
    assert.deepEqual(desktopTitles(desktop), ["Offsite"]);
    cli(desktop, ["add", "--title", "Written on the desktop"], "From the other computer.");
    cli(desktop, ["sync", "now"]);

    // The app shows it within seconds: the watcher saw the desktop's file.
    const arrived = Date.now();
    await until("the settings list the desktop", async () =>
      /Another computer/.test(await bodyText(browser)),
    );
    await browser.execute(() => document.querySelector("#sync-title")?.scrollIntoView({ block: "start" }));
    await shot(browser, "60-sync-settings");
    await (await el(browser, "aria/Done")).click();
    await until("the desktop's entry in the app's journal", async () =>
      (await rowTitles(browser)).includes("Written on the desktop"),
    );
    const seconds = (Date.now() - arrived) / 1000;
    assert.ok(seconds < 15, `it took ${seconds} s`);

    // An entry written in the app reaches the desktop shortly after its save.
    await (await el(browser, "aria/New entry")).click();
    await (await el(browser, "aria/Title")).setValue("Written on the laptop");
    await (await el(browser, "aria/Entry text")).setValue("From the app.");
    await until("the laptop's entry on the desktop", () =>
      desktopTitles(desktop).includes("Written on the laptop"),
    );

    // Both edit the same line of "Offsite" without seeing the other's edit.
    await shot(browser, "60b-sync-journal");
    const clicked = await browser.execute(() => {
      const row = Array.from(document.querySelectorAll(".entry-row")).find(
        (r) => r.querySelector(".row-title")?.textContent?.trim() === "Offsite",
      );
      row?.click();
      return Boolean(row);
    });
    assert.ok(clicked, "the Offsite row is listed");
    await browser.waitUntil(async () => (await (await browser.$("aria/Title")).getValue()) === "Offsite", {
      timeout: 10000,
      timeoutMsg: "Offsite did not open",
    });
    const text = await el(browser, "aria/Entry text");
    await text.clearValue();
    await text.setValue("We met in Lisbon and I listened.");
    await until("the edit saved on the laptop", () =>
      /I listened/.test(JSON.parse(cli(laptop, ["--json", "show", offsite.slice(0, 8)])).body),
    );
    cli(desktop, ["edit", offsite.slice(0, 8)], "We met in Lisbon and I talked too much.\n");
    cli(desktop, ["sync", "now"]);
    const banner = await el(browser, "[data-conflict]", 30000);
    const bannerText = await banner.getText();
    assert.match(bannerText, /Edited on two computers/);
    assert.match(bannerText, /We met in Lisbon and I listened\./);
    await until("the later edit in the editor", async () =>
      /I talked too much/.test(await (await browser.$("aria/Entry text")).getValue()),
    );
    await shot(browser, "61-sync-conflict");
    await assertAccessible(browser, "Journal: edited on two computers");

    // Choosing in the app settles it on both computers.
    await (await el(browser, "aria/Use the other version")).click();
    await browser.waitUntil(async () => (await browser.$$("[data-conflict]")).length === 0, {
      timeout: 10000,
    });
    assert.match(await (await el(browser, "aria/Entry text")).getValue(), /I listened/);
    await until("the choice on the desktop", () => {
      const body = JSON.parse(cli(desktop, ["--json", "show", offsite.slice(0, 8)])).body;
      cli(desktop, ["sync", "now"]);
      const status = JSON.parse(cli(desktop, ["--json", "sync", "status"]));
      return /I listened/.test(body) && status.conflicts.length === 0;
    });

    // Nothing in the folder is plaintext.
    for (const f of filesUnder(shared)) {
      const bytes = fs.readFileSync(f);
      assert.ok(!bytes.includes(Buffer.from(canary)), `plaintext in ${f}`);
      assert.ok(!bytes.includes(Buffer.from("Lisbon")), `plaintext in ${f}`);
    }
  } finally {
    await stop();
  }
});

test("sync: a second computer joins from the first-run screen with the journal's passphrase", async () => {
  const desktop = makeHome();
  const laptop = makeHome();
  const shared = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "steward-join-"));
  cli(desktop, ["init", "--kdf-memory-mib", "8", "--kdf-iterations", "1"]);
  cli(desktop, ["add", "--title", "Kept on the desktop"], "Written before the laptop joined.\n");
  cli(desktop, ["sync", "setup", "--folder", shared]);
  const laptopVault = path.join(laptop, "data", "journal.steward");

  const { browser, stop } = await launch(laptop);
  try {
    await (await el(browser, "aria/Join the journal you keep on another computer")).click();
    await (await el(browser, "#join-folder")).setValue(shared);
    await (await el(browser, "#join-passphrase")).setValue("not the passphrase at all");
    await (await el(browser, "aria/Join journal")).click();
    const alert = await el(browser, "[role=alert]");
    assert.match(await alert.getText(), /does not open the journal in this folder/);
    assert.ok(!fs.existsSync(laptopVault), "a refused join leaves no journal behind");
    await assertAccessible(browser, "First run: join (wrong passphrase)");

    const field = await el(browser, "#join-passphrase");
    await field.clearValue();
    await field.setValue(PASS);
    await shot(browser, "62-sync-join");
    await (await el(browser, "aria/Join journal")).click();
    await until("the desktop's entry in the joined journal", async () =>
      (await rowTitles(browser)).includes("Kept on the desktop"),
    );

    // The joined journal syncs: an entry written here reaches the desktop.
    await (await el(browser, "aria/New entry")).click();
    await (await el(browser, "aria/Title")).setValue("Written on the joined laptop");
    await (await el(browser, "aria/Entry text")).setValue("Both computers keep it.");
    await until("the laptop's entry on the desktop", () =>
      desktopTitles(desktop).includes("Written on the joined laptop"),
    );
    // The same passphrase opens the joined journal from the terminal.
    assert.ok(JSON.parse(cli(laptop, ["--json", "list"])).some((e) => e.title === "Kept on the desktop"));
  } finally {
    await stop();
  }
});

/** The CLI on `home` with `env` added (another passphrase); returns stdout or throws. */
function cliWith(home, env, args, input) {
  return execFileSync(path.join(BIN, "steward"), args, {
    env: { ...appEnv(home), STEWARD_PASSPHRASE: PASS, ...env },
    input,
    encoding: "utf8",
    stdio: ["pipe", "pipe", "pipe"],
  });
}

test("sync: a passphrase changed on another computer stops the app's sync until it is typed there", async () => {
  const laptop = makeHome();
  const desktop = makeHome();
  const shared = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "steward-rekey-"));
  const NEW = "a brand new passphrase for both";
  cli(laptop, ["init", "--kdf-memory-mib", "8", "--kdf-iterations", "1"]);
  cli(laptop, ["sync", "setup", "--folder", shared]);
  cli(desktop, ["sync", "join", "--folder", shared, "--into", path.join(desktop, "data", "journal.steward")]);

  const { browser, stop } = await launch(laptop);
  try {
    await unlock(browser, PASS);
    await el(browser, "aria/New entry");

    // On the desktop: a new passphrase, an entry written under it, a round.
    cliWith(desktop, { STEWARD_NEW_PASSPHRASE: NEW }, ["passwd"]);
    cliWith(
      desktop,
      { STEWARD_PASSPHRASE: NEW },
      ["add", "--title", "After the change"],
      "Under the new key.\n",
    );
    cliWith(desktop, { STEWARD_PASSPHRASE: NEW }, ["sync", "now"]);

    // The app's next round meets the new key: a banner on the journal says sync waits.
    const banner = await el(browser, "[data-sync-banner]", 30000);
    assert.match(await banner.getText(), /changed on another computer/);
    assert.ok(!(await rowTitles(browser)).includes("After the change"));
    await shot(browser, "63-sync-passphrase-banner");
    await assertAccessible(browser, "Journal: sync waits for the new passphrase");

    // Its link opens Settings at Sync, where the new passphrase is asked for.
    await (await el(browser, "aria/Type it in Settings → Sync")).click();
    await el(browser, "[data-sync-passphrase]");
    const field = await el(browser, "#sync-new-passphrase");
    await field.setValue(PASS);
    await (await el(browser, "aria/Continue syncing")).click();
    await browser.waitUntil(async () => /That is not the new passphrase/.test(await bodyText(browser)), {
      timeout: 10000,
      timeoutMsg: "the old passphrase was not refused",
    });
    await field.clearValue();
    await field.setValue(NEW);
    await (await el(browser, "aria/Continue syncing")).click();
    await browser.waitUntil(async () => /opens with the new passphrase/.test(await bodyText(browser)), {
      timeout: 15000,
      timeoutMsg: "the new passphrase was not taken",
    });
    assert.equal((await browser.$$("[data-sync-passphrase]")).length, 0);
    await assertAccessible(browser, "Settings: sync after the new passphrase");

    await (await el(browser, "aria/Done")).click();
    await until("the desktop's entry in the app", async () =>
      (await rowTitles(browser)).includes("After the change"),
    );
    assert.equal((await browser.$$("[data-sync-banner]")).length, 0, "the banner is gone");
  } finally {
    await stop();
  }
  // The laptop's journal now opens with the new passphrase only.
  assert.throws(() => cliWith(laptop, {}, ["list"]), /wrong passphrase/i);
  assert.ok(
    JSON.parse(cliWith(laptop, { STEWARD_PASSPHRASE: NEW }, ["--json", "list"])).some(
      (e) => e.title === "After the change",
    ),
  );
});
