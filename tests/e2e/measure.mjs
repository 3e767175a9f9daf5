// Desktop measurements for docs/BENCHMARKS.md (run by scripts/bench_desktop.sh under Xvfb):
//   - launch → first screen: from spawning the app to the UI having drawn its first screen
//     and the window shown (the app prints "first-screen" then, with
//     STEWARD_REPORT_FIRST_SCREEN set);
//   - PSS and RSS of the app plus its WebKit processes at the first screen and after
//     unlocking a 10k-entry journal;
//   - unlock → list shown, timed in the page;
//   - search latency in the UI at 10k entries (the page's own IPC round trip — the list's
//     layout with its first page of summaries — timed in the page with performance.now()).
//   - the KDF as the app runs it: the `unlock` IPC call on a one-entry journal, timed in
//     the page (what "beyond the KDF" subtracts).
//   - search latency in the UI while sync rounds run beside it, and idle just before (a
//     10k journal that syncs; see measureSearchDuringSync).
// Usage: node measure.mjs HOME_WITH_VAULT PASSPHRASE OUT.json [unlock-only | kdf | sync]
// (unlock-only: just the unlock, memory and search part, for the 50k journal; kdf: the
// unlock call alone, for the one-entry journal; sync: the searches beside sync rounds, for
// a journal that syncs, its other computer's files set aside by scripts/bench_desktop.sh).
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import { APP, appEnv, launch } from "./harness.mjs";

const [home, passphrase, outFile, mode] = process.argv.slice(2);
const unlockOnly = mode === "unlock-only";
const kdfOnly = mode === "kdf";
const syncOnly = mode === "sync";
const UNLOCKS = 3;

function children(pid) {
  const out = [];
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(d), ...children(Number(d)));
    } catch {
      /* gone */
    }
  }
  return out;
}

function memoryOf(pids) {
  let pss = 0;
  let rss = 0;
  const names = [];
  const each = {};
  for (const pid of pids) {
    try {
      const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      const p = Number(/^Pss:\s+(\d+)/m.exec(rollup)[1]);
      pss += p;
      rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)[1]);
      const name = fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      names.push(name);
      each[name] = Math.round(p / 1024);
    } catch {
      /* gone */
    }
  }
  return { pss_mib: pss / 1024, rss_mib: rss / 1024, processes: names, pss_mib_each: each };
}

function appPid() {
  const out = execFileSync("pgrep", ["-f", `^${APP}`])
    .toString()
    .trim()
    .split("\n");
  return Number(out[0]);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.round((xs.length - 1) * p))];

// 1. Launch → first screen, seven cold-ish launches (page cache warm, as on a desktop).
const launches = [];
let firstScreenMemory = null;
for (let i = 0; i < (unlockOnly || kdfOnly || syncOnly ? 0 : 7); i++) {
  const t0 = performance.now();
  const child = spawn(APP, [], {
    env: { ...appEnv(home), STEWARD_REPORT_FIRST_SCREEN: "1" },
    stdio: ["ignore", "pipe", "ignore"],
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no first-screen within 20 s")), 20000);
    child.stdout.on("data", (d) => {
      if (String(d).includes("first-screen")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  launches.push(performance.now() - t0);
  if (i === 0) {
    await new Promise((r) => setTimeout(r, 1500));
    firstScreenMemory = memoryOf([child.pid, ...children(child.pid)]);
  }
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  await new Promise((r) => setTimeout(r, 300));
}

// The KDF as the app runs it: the unlock call on a one-entry journal, then lock, five times.
if (kdfOnly) {
  const { browser, stop } = await launch(home);
  let samples;
  try {
    await (await browser.$("aria/Passphrase")).waitForDisplayed({ timeout: 20000 });
    samples = await browser.executeAsync((passphrase, done) => {
      const invoke = window.__TAURI_INTERNALS__.invoke;
      (async () => {
        const out = [];
        for (let i = 0; i < 5; i++) {
          const t = performance.now();
          await invoke("unlock", { passphrase });
          out.push(performance.now() - t);
          await invoke("lock");
        }
        done(out);
      })();
    }, passphrase);
  } finally {
    await stop();
  }
  const result = { unlock_call_1_entry_ms: { median: median(samples), samples } };
  fs.writeFileSync(outFile, JSON.stringify(result, null, 1));
  console.log(JSON.stringify(result, null, 1));
  process.exit(0);
}

const QUERIES = [
  "quokkafire",
  "marzipanic",
  "trust",
  "obsidian ferryman",
  "heliotrope",
  "vellumoth",
  "Team Budget",
];

/** The page's search timings: `rounds` × every query, one IPC call each. */
function searchSamples(browser, rounds) {
  return browser.executeAsync(
    (qs, rounds, done) => {
      const invoke = window.__TAURI_INTERNALS__.invoke;
      (async () => {
        const out = [];
        for (let round = 0; round < rounds; round++) {
          for (const query of qs) {
            // What the list does for a search: its layout with the first page of hits.
            const t = performance.now();
            await invoke("entry_list", { query, exact: false, limit: 50 });
            out.push(performance.now() - t);
          }
        }
        done(out);
      })();
    },
    QUERIES,
    rounds,
  );
}

/** The searches while sync rounds run (issue 16: p95 within 2 ms of idle). The other
 * computer's change files (100 new entries each, made by scripts/bench_desktop.sh and set
 * aside) land in the folder one by one, as a sync tool delivers them; the app's watcher
 * starts a round for each, on a second handle at the lowest CPU priority, which then
 * re-reads the entries it wrote into the session's index. Only searches that overlap a
 * round (from its "running" event to its end event) count. */
async function measureSearchDuringSync(browser) {
  const aside = `${home}/sync-aside`;
  const [device] = fs.readdirSync(aside);
  const files = fs.readdirSync(`${aside}/${device}`).sort();
  const GAP_MS = 1500;
  const page = browser.executeAsync(
    (qs, windowMs, done) => {
      const tauri = window.__TAURI_INTERNALS__;
      (async () => {
        let running = false;
        let rounds = 0;
        let roundStarted = 0;
        const roundMs = [];
        const handler = tauri.transformCallback((event) => {
          running = event.payload.running;
          if (running) {
            rounds += 1;
            roundStarted = performance.now();
          } else if (roundStarted) roundMs.push(performance.now() - roundStarted);
        });
        await tauri.invoke("plugin:event|listen", { event: "sync", target: { kind: "Any" }, handler });
        const count = async () =>
          (await tauri.invoke("entry_list", { query: "", exact: false, limit: 1 })).layout.total;
        const before = await count();
        const during = [];
        const end = performance.now() + windowMs;
        while (performance.now() < end) {
          for (const query of qs) {
            const wasRunning = running;
            const t = performance.now();
            await tauri.invoke("entry_list", { query, exact: false, limit: 50 });
            if (wasRunning || running) during.push(performance.now() - t);
          }
        }
        // The last round ends before the entries are counted.
        while (running) await new Promise((r) => setTimeout(r, 50));
        done({ samples: during, rounds, roundMs, added: (await count()) - before });
      })().catch((e) => done({ samples: [], error: String(e) }));
    },
    QUERIES,
    files.length * GAP_MS + 3000,
  );
  for (const f of files) {
    await new Promise((r) => setTimeout(r, GAP_MS));
    fs.renameSync(`${aside}/${device}/${f}`, `${home}/sync/${device}/${f}`);
  }
  const r = await page;
  if (r.error) throw new Error(`search during sync: ${r.error}`);
  if (r.added !== 100 * files.length)
    throw new Error(`sync brought ${r.added} entries, not ${100 * files.length}`);
  if (r.samples.length === 0) throw new Error("no search overlapped a sync round");
  return {
    p50_ms: median(r.samples),
    p95_ms: pct(r.samples, 0.95),
    samples: r.samples.length,
    rounds: r.rounds,
    round_ms: median(r.roundMs),
    entries_received: r.added,
  };
}

// Unlocks through the UI in a new app; resolves to the page's own timing, from the click to
// the frame after the first row with its summary (not a placeholder waiting for its page)
// is in the document — not by polling over WebDriver, whose round trips and 500 ms poll
// added up to a second.
async function unlockThroughUi(browser) {
  const field = await browser.$("aria/Passphrase");
  await field.waitForDisplayed({ timeout: 20000 });
  await field.setValue(passphrase);
  return browser.executeAsync((done) => {
    const button = [...document.querySelectorAll("button[type=submit]")].find(
      (b) => b.textContent.trim() === "Unlock",
    );
    const t0 = performance.now();
    const seen = new MutationObserver(() => {
      if (!document.querySelector(".entry-row[data-id]")) return;
      seen.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
    });
    seen.observe(document.body, { childList: true, subtree: true });
    button.click();
  });
}

// The searches beside sync rounds, in a journal that syncs: idle first (after the unlock's
// own round), then while the other computer's files arrive.
if (syncOnly) {
  const { browser, stop } = await launch(home);
  let result;
  try {
    await unlockThroughUi(browser);
    // The round 1 s after unlock reads the folder as it is (nothing new); let it end.
    await new Promise((r) => setTimeout(r, 4000));
    const idle = await searchSamples(browser, 30);
    result = {
      ui_search_idle: { p50_ms: median(idle), p95_ms: pct(idle, 0.95), samples: idle.length },
      ui_search_during_sync: await measureSearchDuringSync(browser),
    };
  } finally {
    await stop();
  }
  fs.writeFileSync(outFile, JSON.stringify(result, null, 1));
  console.log(JSON.stringify(result, null, 1));
  process.exit(0);
}

// 2 and 3. Unlock the journal through the UI (the median of three apps), then memory and
// search latency in the last one.
const unlockSamples = [];
for (let i = 0; i < UNLOCKS - 1; i++) {
  const { browser, stop } = await launch(home);
  try {
    unlockSamples.push(await unlockThroughUi(browser));
  } finally {
    await stop();
  }
}
const { browser, stop } = await launch(home);
let unlocked;
let search;
let searchDuringBackup;
try {
  unlockSamples.push(await unlockThroughUi(browser));
  await new Promise((r) => setTimeout(r, 2000));
  const pid = appPid();
  unlocked = {
    ...memoryOf([pid, ...children(pid)]),
    unlock_to_list_ms: median(unlockSamples),
    unlock_to_list_samples: unlockSamples,
  };
  const samples = await searchSamples(browser, 10);
  search = { p50_ms: median(samples), p95_ms: pct(samples, 0.95), samples: samples.length };

  // The same searches while an automatic backup of the whole journal runs (issue 14: within
  // 2 ms of the idle p95): the backup runs on its own handle, so the session stays free.
  const folder = `${home}/bench-backups`;
  fs.mkdirSync(folder, { recursive: true });
  const during = await browser.executeAsync(
    (qs, dir, done) => {
      const invoke = window.__TAURI_INTERNALS__.invoke;
      (async () => {
        await invoke("set_auto_backup", {
          settings: {
            enabled: false,
            folder: dir,
            interval: "weekly",
            keep_last: 10,
            keep_monthly: 12,
            recipients: [],
          },
        });
        const out = [];
        let finished = false;
        const started = performance.now();
        let backupMs = 0;
        // Three backups in a row, so the searches beside them are enough for a p95.
        const backup = (async () => {
          for (let i = 0; i < 3; i++) await invoke("auto_backup_now");
          backupMs = (performance.now() - started) / 3;
          finished = true;
        })();
        while (!finished) {
          for (const query of qs) {
            if (finished) break;
            const t = performance.now();
            await invoke("entry_list", { query, exact: false, limit: 50 });
            out.push(performance.now() - t);
          }
        }
        await backup;
        done({ samples: out, backupMs });
      })().catch((e) => done({ samples: [], backupMs: 0, error: String(e) }));
    },
    QUERIES,
    folder,
  );
  if (during.error) throw new Error(`search during a backup: ${during.error}`);
  searchDuringBackup = {
    p50_ms: median(during.samples),
    p95_ms: pct(during.samples, 0.95),
    samples: during.samples.length,
    backup_ms: during.backupMs,
  };
} finally {
  await stop();
}

const result = {
  launch_to_first_screen_ms: unlockOnly
    ? null
    : {
        median: median(launches),
        min: Math.min(...launches),
        max: Math.max(...launches),
        runs: launches.length,
      },
  first_screen_memory: firstScreenMemory,
  after_unlock_10k: unlocked,
  ui_search_10k: search,
  ui_search_during_backup: searchDuringBackup,
  release_binary_bytes: fs.statSync(APP).size,
};
fs.writeFileSync(outFile, JSON.stringify(result, null, 1));
console.log(JSON.stringify(result, null, 1));
