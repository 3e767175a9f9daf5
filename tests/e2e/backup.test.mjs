// End to end, backups in the real app: write entries (one holding a canary), export a
// backup from Settings, verify it there, then on a second, empty home restore it from the
// first-run screen into a new journal and find the same entries. No file either app wrote
// — the backup included — holds the canary in the clear.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import {
  PASS,
  createJournal,
  el,
  filesUnder,
  launch,
  makeHome,
  rowTitles,
  setClock,
  shot,
  unlock,
} from "./harness.mjs";

const CANARY = `backupcanary${crypto.randomBytes(4).toString("hex")}`;
const BACKUP_PASS = "a separate backup passphrase";

async function titles(browser) {
  return (await rowTitles(browser)).sort();
}

/** Fills Settings' export form with `file` and the backup passphrase, and exports. */
async function exportBackup(browser, file) {
  const exportPath = await el(browser, "#export-path");
  await exportPath.clearValue();
  await exportPath.setValue(file);
  await (await el(browser, "#export-pass")).setValue(BACKUP_PASS);
  await (await el(browser, "#export-confirm")).setValue(BACKUP_PASS);
  await (await el(browser, "aria/Export backup")).click();
}

async function write(browser, title, body) {
  await (await el(browser, "aria/New entry")).click();
  await (await el(browser, "aria/Title")).setValue(title);
  await (await el(browser, "aria/Entry text")).setValue(body);
  await browser.waitUntil(async () => (await (await browser.$(".status")).getText()) === "Saved", {
    timeout: 10000,
  });
}

test("a backup exported and verified in Settings restores into a new journal elsewhere", async () => {
  const homeA = makeHome();
  const file = path.join(homeA, "data", "steward-test.age");
  let expected;
  let { browser, stop } = await launch(homeA);
  try {
    await createJournal(browser);
    await write(browser, "Owning the delay", `Told Sam why. ${CANARY}`);
    await write(browser, "Asked for feedback", "Dana said: explain before deciding.");
    expected = await titles(browser);
    assert.equal(expected.length, 2);

    await (await el(browser, "aria/Settings")).click();
    await exportBackup(browser, file);
    const result = await el(browser, "[data-backup-result]", 30000);
    assert.match(await result.getText(), /Saved: 2 entries/);
    assert.match(await (await el(browser, "[data-backup-status]")).getText(), /Last backup: .*\(today\)/);
    assert.ok(fs.existsSync(file), "the backup file is where it was asked to be");
    assert.ok(fs.readFileSync(file).subarray(0, 21).toString() === "age-encryption.org/v1");

    // The same file again: nothing is replaced until the user says so, separately.
    const first = fs.readFileSync(file);
    await (await el(browser, "#export-pass")).setValue(BACKUP_PASS);
    await (await el(browser, "#export-confirm")).setValue(BACKUP_PASS);
    await (await el(browser, "aria/Export backup")).click();
    const ask = await el(browser, "[role=alertdialog]", 30000);
    assert.match(await ask.getText(), /already there/);
    assert.deepEqual(fs.readFileSync(file), first, "not replaced before the answer");
    await (await el(browser, "aria/Replace it")).click();
    await el(browser, "[data-backup-result]", 30000);
    assert.notDeepEqual(fs.readFileSync(file), first, "replaced once confirmed");

    await (await el(browser, "#open-path")).setValue(file);
    await (await el(browser, "#open-pass")).setValue("not it");
    await (await el(browser, "aria/Verify backup")).click();
    const alert = await el(browser, ".settings [role=alert]", 30000);
    assert.match(await alert.getText(), /does not open this backup/);
    const pass = await el(browser, "#open-pass");
    await pass.clearValue();
    await pass.setValue(BACKUP_PASS);
    await (await el(browser, "aria/Verify backup")).click();
    const verified = await el(browser, "[data-verify-result]", 30000);
    assert.match(await verified.getText(), /A good backup .*: 2 entries/);
    await shot(browser, "40-settings-backup");
  } finally {
    await stop();
  }

  const homeB = makeHome();
  ({ browser, stop } = await launch(homeB));
  try {
    await (await el(browser, "aria/Restore from a backup instead")).click();
    await (await el(browser, "#backup-path")).setValue(file);
    await (await el(browser, "#backup-passphrase")).setValue(BACKUP_PASS);
    await (await el(browser, "aria/Passphrase")).setValue(PASS);
    await (await el(browser, "aria/Confirm passphrase")).setValue(PASS);
    await shot(browser, "41-restore");
    await (await el(browser, "aria/Restore journal")).click();
    await (await el(browser, "aria/I have saved my recovery key somewhere safe", 60000)).click();
    await (await el(browser, "aria/Open my journal")).click();
    await browser.waitUntil(async () => (await titles(browser)).length === 2, { timeout: 15000 });
    assert.deepEqual(await titles(browser), expected);
    await shot(browser, "42-restored-journal");
  } finally {
    await stop();
  }
  for (const home of [homeA, homeB]) {
    const hits = filesUnder(home).filter((f) => fs.readFileSync(f).includes(CANARY));
    assert.deepEqual(hits, [], "no file holds the canary in the clear");
  }
});

test("a suggested backup passphrase fills both fields, is shown once and opens the backup", async () => {
  const home = makeHome();
  const file = path.join(home, "data", "suggested.age");
  const { browser, stop } = await launch(home);
  try {
    await createJournal(browser);
    await write(browser, "One entry", "to back up");
    await (await el(browser, "aria/Settings")).click();
    const exportPath = await el(browser, "#export-path");
    await exportPath.clearValue();
    await exportPath.setValue(file);
    await (await el(browser, "aria/Suggest a strong passphrase")).click();
    const shown = await (await el(browser, "[aria-label='Suggested backup passphrase']")).getText();
    assert.match(shown, /^[a-z2-7]{4}(-[a-z2-7]{4}){5}$/, shown);
    assert.equal(await (await el(browser, "#export-pass")).getValue(), shown);
    assert.equal(await (await el(browser, "#export-confirm")).getValue(), shown);
    await (await el(browser, "aria/Export backup")).click();
    await el(browser, "[data-backup-result]", 30000);
    assert.equal(
      await browser.execute(() => document.querySelector("[aria-label='Suggested backup passphrase']")),
      null,
      "gone once the export is done",
    );
    // A relative path typed into the field is refused by Rust, whatever the page sends.
    await exportPath.clearValue();
    await exportPath.setValue("relative.age");
    await (await el(browser, "aria/Suggest a strong passphrase")).click();
    await (await el(browser, "aria/Export backup")).click();
    const refused = await el(browser, ".settings [role=alert]", 30000);
    assert.match(await refused.getText(), /full path/);

    await (await el(browser, "#open-path")).setValue(file);
    await (await el(browser, "#open-pass")).setValue(shown);
    await (await el(browser, "aria/Verify backup")).click();
    const verified = await el(browser, "[data-verify-result]", 30000);
    assert.match(await verified.getText(), /1 entries/);
  } finally {
    await stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test("an entry deleted after a backup stays deleted when that backup is imported", async () => {
  const home = makeHome();
  const file = path.join(home, "data", "before-the-deletion.age");
  const { browser, stop } = await launch(home);
  try {
    await createJournal(browser);
    await write(browser, "Stays", "Kept in both.");
    await write(browser, "Goes", "Deleted after the backup.");
    await (await el(browser, "aria/Settings")).click();
    await exportBackup(browser, file);
    assert.match(await (await el(browser, "[data-backup-result]", 30000)).getText(), /Saved: 2 entries/);
    await (await el(browser, "aria/Done")).click();

    await browser.waitUntil(async () => (await titles(browser)).length === 2, {
      timeout: 10000,
    });
    await browser.execute(() => {
      const rows = Array.from(document.querySelectorAll(".entry-row"));
      const goes = rows.find((r) => r.querySelector(".row-title")?.textContent?.trim() === "Goes");
      goes?.scrollIntoView();
      goes?.click();
    });
    await browser.waitUntil(async () => (await (await browser.$("aria/Title")).getValue()) === "Goes", {
      timeout: 10000,
    });
    await (await el(browser, "aria/More actions")).click();
    await (await el(browser, "aria/Delete")).click();
    await (await el(browser, "aria/Delete entry")).click();
    await browser.waitUntil(async () => (await titles(browser)).length === 1, {
      timeout: 10000,
    });

    await (await el(browser, "aria/Settings")).click();
    await (await el(browser, "#open-path")).setValue(file);
    await (await el(browser, "#open-pass")).setValue(BACKUP_PASS);
    await (await el(browser, "aria/Import backup")).click();
    const merged = await el(browser, "[data-import-result]", 30000);
    assert.match(await merged.getText(), /1 left deleted \(deleted here\)/);
    await (await el(browser, "aria/Done")).click();
    await browser.waitUntil(async () => (await titles(browser)).length >= 1, {
      timeout: 10000,
    });
    assert.deepEqual(await titles(browser), ["Stays"], "the deleted entry did not come back");
  } finally {
    await stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
});

/** The automatic backups in `folder`, oldest first. */
function autoBackups(folder) {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((n) => /^steward-auto-\d{8}T\d{6}Z\.age$/.test(n))
    .sort();
}

async function statusText(browser) {
  return (await browser.$("[data-auto-backup-status]")).getText();
}

test("automatic backups: on from the first run, shown in Settings with their check, made by themselves when due", async () => {
  const home = makeHome();
  const folder = path.join(home, "Steward Backups");
  const { browser, stop } = await launch(home);
  try {
    await createJournal(browser, {
      // The first run asks where, with the default filled in and automatic backups on.
      atSchedule: async () => {
        assert.equal(await (await el(browser, "#first-backup-folder")).getValue(), folder);
        assert.equal(await (await el(browser, "#first-auto-backup")).isSelected(), true);
        await shot(browser, "43-first-run-backups");
      },
    });
    await write(browser, "Owning the delay", "Told Sam why.");

    await (await el(browser, "aria/Settings")).click();
    assert.match(await (await el(browser, "[data-auto-backup-status]")).getText(), /No automatic backup yet/);
    await (await el(browser, "aria/Back up now")).click();
    assert.match(
      await (await el(browser, "[data-auto-backup-result]", 30000)).getText(),
      /Backed up 1 entry to /,
    );
    await browser.waitUntil(
      async () => /Last backup: today · not checked yet/.test(await statusText(browser)),
      {
        timeout: 10000,
      },
    );
    assert.equal(autoBackups(folder).length, 1);
    // The last backup of any kind, above, hears of it too.
    await browser.waitUntil(
      async () => /Last backup: .*\(today\)/.test(await (await browser.$("[data-backup-status]")).getText()),
      { timeout: 10000 },
    );
    await (await el(browser, "aria/Check the latest backup")).click();
    await browser.waitUntil(
      async () =>
        /exactly the 1 entry the journal held/.test(
          await (await browser.$("[data-auto-backup-result]")).getText(),
        ),
      { timeout: 30000 },
    );
    await browser.waitUntil(
      async () => /Last backup: today · verified today/.test(await statusText(browser)),
      {
        timeout: 10000,
      },
    );
    await browser.execute(() =>
      document.querySelector("#auto-backup-title")?.scrollIntoView({ block: "center" }),
    );
    await shot(browser, "44-settings-automatic-backups");
    await (await el(browser, "aria/Done")).click();

    // A week on, locking makes the backup that is now due, by itself.
    await setClock(browser, new Date(Date.now() + 8 * 86_400_000).toISOString());
    await (await el(browser, "aria/Lock")).click();
    await browser.waitUntil(() => autoBackups(folder).length === 2, { timeout: 20000 });

    // The newest is damaged on disk: its check fails, Settings says what to do and the
    // journal shows a banner.
    await unlock(browser, PASS);
    await el(browser, "aria/New entry", 30000);
    const newest = path.join(folder, autoBackups(folder).at(-1));
    const bytes = fs.readFileSync(newest);
    bytes[bytes.length - 30] ^= 0x01;
    fs.writeFileSync(newest, bytes);
    await (await el(browser, "aria/Settings")).click();
    await (await el(browser, "aria/Check the latest backup")).click();
    const problem = await el(browser, "[data-auto-backup-problem]", 30000);
    assert.match(await problem.getText(), /did not pass its check/);
    await (await el(browser, "aria/Done")).click();
    const banner = await el(browser, "[data-auto-backup-banner]", 15000);
    assert.match(await banner.getText(), /did not pass its check/);
  } finally {
    await stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
});
