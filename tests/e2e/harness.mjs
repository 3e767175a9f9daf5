// Drives the real, built desktop app: tauri-driver (with Debian's WebKitWebDriver) under
// the Xvfb display the caller provides, webdriverio as the client. Each launch gets the
// same private data folders, so a relaunch sees what the previous run wrote.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { remote } from "webdriverio";

export const APP = path.resolve(process.env.STEWARD_APP ?? "target/debug/steward-app");
export const SHOTS = path.resolve(process.env.STEWARD_SHOTS ?? "target/e2e");

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function waitForPort(port, ms = 15000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => (s.end(), resolve(true)));
      s.on("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on port ${port}`);
}

function tauriDriverBinary() {
  const home = process.env.CARGO_HOME ?? path.join(process.env.HOME ?? "/root", ".cargo");
  const local = path.join(home, "bin", "tauri-driver");
  return fs.existsSync(local) ? local : "tauri-driver";
}

/** A private home for the app: journal, config, caches. */
export function makeHome() {
  const home = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "steward-e2e-"));
  for (const d of ["data", "config", "cache", "runtime"]) fs.mkdirSync(path.join(home, d), { mode: 0o700 });
  return home;
}

export function appEnv(home) {
  return {
    ...process.env,
    HOME: home,
    XDG_DATA_HOME: path.join(home, "data"),
    XDG_CONFIG_HOME: path.join(home, "config"),
    XDG_CACHE_HOME: path.join(home, "cache"),
    XDG_RUNTIME_DIR: path.join(home, "runtime"),
    TMPDIR: path.join(home, "runtime"),
    STEWARD_VAULT: path.join(home, "data", "journal.steward"),
    // Weeks and due moments are computed in local time: make it the same everywhere.
    TZ: "UTC",
  };
}

/** Starts tauri-driver and the app; returns { browser, stop }. */
export async function launch(home) {
  const [port, nativePort] = [await freePort(), await freePort()];
  const driver = spawn(
    tauriDriverBinary(),
    [
      "--port",
      String(port),
      "--native-port",
      String(nativePort),
      "--native-driver",
      "/usr/bin/WebKitWebDriver",
    ],
    { env: appEnv(home), stdio: ["ignore", "pipe", "pipe"] },
  );
  let driverErr = "";
  driver.stderr.on("data", (d) => (driverErr += d));
  // What the app and the drivers print, kept for reading after a failure.
  fs.mkdirSync(SHOTS, { recursive: true });
  const log = fs.createWriteStream(path.join(SHOTS, "driver.log"), { flags: "a" });
  driver.stdout.pipe(log);
  driver.stderr.pipe(log);
  try {
    await waitForPort(port);
    await waitForPort(nativePort);
  } catch (e) {
    driver.kill("SIGTERM");
    throw new Error(`tauri-driver did not start: ${e.message}\n${driverErr}`, { cause: e });
  }
  const started = Date.now();
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "error",
    connectionRetryCount: 0,
    capabilities: { "tauri:options": { application: APP } },
  });
  const stop = async () => {
    await browser.deleteSession().catch(() => {});
    driver.kill("SIGTERM");
    await new Promise((r) => driver.once("exit", r));
    // The app may outlive its driver by a moment: end it if it is still there.
    try {
      execFileSync("pkill", ["-f", `^${APP}`]);
    } catch {
      /* already gone */
    }
    await new Promise((r) => setTimeout(r, 300));
  };
  // One window size for every test and screenshot (the screen's, 1280×800).
  await browser.setWindowSize(1280, 800).catch(() => {});
  return { browser, stop, started };
}

/** Waits until the app's process has exited (its window closed), at most `ms`. */
export async function waitForAppExit(ms = 8000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      execFileSync("pgrep", ["-f", `^${APP}`]);
    } catch {
      return; // no such process
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the app did not exit after its window was closed");
}

/** Asks the app's window to close as a window manager's close button does (see
 * tests/tools/x11_close.py), so the app gets a real close request. */
export function closeLikeAWindowManager() {
  execFileSync("python3", [path.resolve("tests/tools/x11_close.py"), "Steward"]);
}

/** Waits for two animation frames, then saves a screenshot (falling back to the X screen). */
export async function shot(browser, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  try {
    const png = await Promise.race([
      browser.takeScreenshot(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("screenshot timed out")), 5000)),
    ]);
    fs.writeFileSync(file, Buffer.from(png, "base64"));
  } catch {
    // The X screen, cut to the window (no window manager here: it is the only one).
    const { x, y, width, height } = await browser.getWindowRect();
    execFileSync("/usr/bin/import", ["-window", "root", "-crop", `${width}x${height}+${x}+${y}`, file]);
  }
  return file;
}

/** Test builds only: sets the app's "now" (RFC 3339) through its `test_set_clock` command. */
export async function setClock(browser, iso) {
  const err = await browser.executeAsync((now, done) => {
    window.__TAURI_INTERNALS__
      .invoke("test_set_clock", { now })
      .then(() => done(null))
      .catch((e) => done(JSON.stringify(e)));
  }, iso);
  if (err) throw new Error(`test_set_clock failed: ${err}`);
}

/** Every regular file under `dir`. */
export function filesUnder(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(p));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

/** The passphrase the tests create journals with. */
export const PASS = "correct horse battery staple";

/** The folder of the built app, which also holds the `steward` CLI and `gen-history`. */
export const BIN = path.dirname(APP);

/** Runs the `steward` CLI on the journal of `home` (the test passphrase), `input` on stdin;
 * returns its stdout. */
export function cli(home, args, input) {
  return execFileSync(path.join(BIN, "steward"), args, {
    env: { ...appEnv(home), STEWARD_PASSPHRASE: PASS },
    input,
    encoding: "utf8",
  });
}

/** The element found by `selector` once it is displayed. */
export async function el(browser, selector, timeout = 15000) {
  const e = await browser.$(selector);
  await e.waitForDisplayed({ timeout });
  return e;
}

/** Creates a journal through the first-run screens and opens it. */
export async function createJournal(browser, { atSchedule = async () => {} } = {}) {
  await (await el(browser, "aria/Begin")).click();
  await (await el(browser, "aria/Passphrase")).setValue(PASS);
  await (await el(browser, "aria/Confirm passphrase")).setValue(PASS);
  await (await el(browser, "aria/Create journal")).click();
  await (await el(browser, "aria/I have saved my recovery key somewhere safe", 30000)).click();
  await (await el(browser, "aria/Continue")).click();
  // The weekly schedule (its defaults: Friday 16:00; `atSchedule` may look at the card
  // first), then no first person.
  await (await el(browser, "#first-day")).waitForDisplayed({ timeout: 10000 });
  await atSchedule();
  await (await el(browser, "aria/Continue")).click();
  await (await el(browser, "aria/Open my journal")).click();
  await el(browser, "aria/New entry");
}

/** The recovery key on screen (a grid of its groups), as it is written: groups joined by
 * dashes. */
export async function recoveryKeyText(browser, timeout = 15000) {
  await el(browser, "p.recovery-key[aria-label='Recovery key']", timeout);
  return browser.execute(() =>
    Array.from(document.querySelectorAll("p.recovery-key[aria-label='Recovery key'] .group"), (g) =>
      (g.textContent ?? "").trim(),
    ).join("-"),
  );
}

export async function unlock(browser, passphrase) {
  const field = await el(browser, "aria/Passphrase");
  await field.setValue(passphrase);
  await (await el(browser, "aria/Unlock")).click();
}

const AXE_SOURCE = fs.readFileSync(new URL("./node_modules/axe-core/axe.min.js", import.meta.url), "utf8");

/** Runs axe-core (WCAG 2.0–2.2 A and AA rules) on the page as it is, in the given theme
 * ("light" or "dark", set as the user's pick), and returns the serious and critical
 * violations as readable lines; the theme the page had is put back afterwards. */
export async function axeViolations(browser, theme) {
  await browser.execute(AXE_SOURCE + "\n;window.__axe = axe;");
  const found = await browser.executeAsync((themeName, done) => {
    const root = document.documentElement;
    const before = root.dataset.theme;
    root.dataset.theme = themeName;
    // Past the controls' colour transitions (160 ms), so the new colours are the computed ones.
    setTimeout(
      () =>
        requestAnimationFrame(() => {
          window.__axe
            .run(document, {
              runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
              resultTypes: ["violations"],
            })
            .then((r) => {
              if (before === undefined) delete root.dataset.theme;
              else root.dataset.theme = before;
              // Back past the transitions, so a screenshot right after shows settled colours.
              return new Promise((settled) => setTimeout(() => settled(r), 400));
            })
            .then((r) => {
              done(
                r.violations
                  .filter((v) => v.impact === "serious" || v.impact === "critical")
                  .flatMap((v) =>
                    v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")} — ${n.failureSummary}`),
                  ),
              );
            })
            .catch((e) => done([`axe failed: ${e}`]));
        }),
      400,
    );
  }, theme);
  return found;
}

/** Asserts that axe-core finds no serious or critical violation on this screen in the
 * light and in the dark theme; `where` names the screen in the failure. */
export async function assertAccessible(browser, where) {
  for (const theme of ["light", "dark"]) {
    const violations = await axeViolations(browser, theme);
    if (violations.length > 0) {
      throw new Error(`axe-core on "${where}" (${theme}):\n  ${violations.join("\n  ")}`);
    }
  }
}

/** The page's text as a reader sees it. */
/** The journal list's titles, in the list's order (one script call: WebKitWebDriver does
 * not take concurrent commands well). */
export function rowTitles(browser) {
  return browser.execute(() =>
    Array.from(document.querySelectorAll(".entry-row .row-title"), (e) => (e.textContent ?? "").trim()),
  );
}

export async function bodyText(browser) {
  return browser.execute(() => document.body.innerText);
}

/** The Relationships page's ratings, one "week|authority|trust|gap" string a row, once the
 * page shows them. */
export async function ratingRows(browser) {
  await browser.waitUntil(async () => /Ratings over time/.test(await bodyText(browser)), { timeout: 10000 });
  return browser.execute(() =>
    Array.from(document.querySelectorAll(".walk tbody tr"), (tr) =>
      Array.from(tr.children, (c) => (c.textContent ?? "").trim())
        .slice(0, 4)
        .join("|"),
    ),
  );
}
