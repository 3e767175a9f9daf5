#!/usr/bin/env python3
"""Writes docs/BENCHMARKS.md (to stdout) from one `make bench` run.

  bench_report.py RESULTS_DIR CRITERION_DIR

RESULTS_DIR holds latency.json (the engine bench's tail latencies) and pair_*.txt (the
whole-process comparisons printed by ../shared/bench/runbench.py); CRITERION_DIR is
target/criterion. Every figure in the page comes from that one run.
"""
import datetime
import glob
import json
import os
import platform
import re
import subprocess
import sys

results, crit = sys.argv[1], sys.argv[2]


def crit_median_ms(*parts):
    path = os.path.join(crit, *parts, "new", "estimates.json")
    try:
        with open(path) as f:
            return json.load(f)["median"]["point_estimate"] / 1e6
    except FileNotFoundError:
        return None


def load_latency():
    try:
        with open(os.path.join(results, "latency.json")) as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


def parse_pair(name):
    """{'A wall': median, 'B wall': median, 'A/B wall': median, 'A peak': .., 'B peak': ..}"""
    path = os.path.join(results, name)
    if not os.path.exists(path):
        return None
    out = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"^(A|B|A/B) (wall s|cpu s|peak MiB|wall|cpu)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", line)
            if m:
                key = f"{m.group(1)} {m.group(2).split()[0]}"
                out[key] = float(m.group(4))
    return out


def fmt_ms(v):
    if v is None:
        return "—"
    if v < 1:
        return f"{v * 1000:.0f} µs"
    return f"{v:.1f} ms" if v < 100 else f"{v:.0f} ms"


def verdict(ok):
    return "✅" if ok else "❌"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


lat = load_latency()
rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")

print("# Benchmarks\n")
print(f"Measured by `make bench` on {now} at commit `{rev}`: {os.cpu_count()} cores, {cpu_model()}.")
print("All figures come from this one run (machines here are noisy: compare ratios measured side")
print("by side, not figures from different runs). Corpus: `../shared/bench/gen_corpus.py`")
print("(deterministic; 10k entries = 15 MB of text, 50k = 76 MB). Regenerate with `make bench`.\n")

print("## Engine (criterion, in-process; medians)\n")
print("| what | 10k entries | 50k entries | budget (docs/DESIGN.md §8) | |")
print("|---|---|---|---|---|")
kdf = crit_median_ms("kdf", "argon2id_m64MiB_t3_p4")
kdf1 = crit_median_ms("kdf", "argon2id_m64MiB_t3_p1")
kdf_ok = kdf1 is not None and 90 <= kdf1 <= 1000  # 0.1–1 s per guess, 10% measurement slack
print(f"| Argon2id KDF, wall time to unlock (m = 64 MiB, t = 3, p = 4 lanes on all cores) | {fmt_ms(kdf)} | | | |")
print(f"| Argon2id KDF, cost of one guess on one core (same m and t, one lane) | {fmt_ms(kdf1)} | | 0.1–1 s by design | {verdict(kdf_ok)} |")
o10, o50 = crit_median_ms("open_unlock_load_no_kdf", "10000"), crit_median_ms("open_unlock_load_no_kdf", "50000")
print(f"| open + unlock + decrypt and index every entry, KDF excluded | {fmt_ms(o10)} | {fmt_ms(o50)} | ≤ 30 ms at 10k | {verdict(o10 is not None and o10 <= 30)} |")
l10, l50 = crit_median_ms("list_all", "10000"), crit_median_ms("list_all", "50000")
print(f"| list every entry (decrypt + decode), vault open | {fmt_ms(l10)} | {fmt_ms(l50)} | | |")
s10, s50 = crit_median_ms("search_in_memory", "10000"), crit_median_ms("search_in_memory", "50000")
print(f"| search, unlocked (rare word) — median | {fmt_ms(s10)} | {fmt_ms(s50)} | | |")
p10, p50 = lat.get("search_10000_p95_ms"), lat.get("search_50000_p95_ms")
ok = (p10 is None or p10 <= 5) and (p50 is None or p50 <= 25)
print(f"| search, unlocked — p95 over 7 queries × 60 (rare, common, phrase) | {fmt_ms(p10)} | {fmt_ms(p50)} | ≤ 5 ms at 10k, ≤ 25 ms at 50k | {verdict(ok and (p10 is not None))} |")
e10, e50 = crit_median_ms("save_entry", "engine", "10000"), crit_median_ms("save_entry", "engine", "50000")
bare = crit_median_ms("save_entry", "bare_sealed_insert")
print(f"| save one entry (seal + insert, synchronous=FULL) — median | {fmt_ms(e10)} | {fmt_ms(e50)} | | |")
print(f"| bare sealed-row insert, same pragmas, no engine — median | {fmt_ms(bare)} | | | |")
rows = []
for n in ("10000", "50000"):
    sp, bp = lat.get(f"save_{n}_p99_ms"), lat.get(f"bare_insert_{n}_p99_ms")
    if sp is not None and bp is not None:
        rows.append((n, sp, bp))
cells = {n: f"{fmt_ms(sp)} vs {fmt_ms(bp)} (+{fmt_ms(max(sp - bp, 0))})" for n, sp, bp in rows}
ok = all(sp - bp <= 1.0 for _, sp, bp in rows) and rows
print(f"| save p99 vs bare insert p99, 400 interleaved pairs | {cells.get('10000', '—')} | {cells.get('50000', '—')} | within 1 ms | {verdict(bool(ok))} |")
r10, r50 = crit_median_ms("rotate_keys", "10000"), crit_median_ms("rotate_keys", "50000")
rk = crit_median_ms("rotate_keys", "kdf_m8MiB_t1_p1")
beyond = lambda r: None if r is None or rk is None else max(r - rk, 0)
b10 = beyond(r10)
print(f"| passphrase change with key rotation (every record re-sealed, slots rewritten, WAL truncated), beyond the KDF (an 8 MiB KDF of {fmt_ms(rk)} subtracted) | {fmt_ms(b10)} | {fmt_ms(beyond(r50))} | ≤ 1.5 s at 10k | {verdict(b10 is not None and b10 <= 1500)} |")
print()
tm = crit_median_ms("trends_ten_years", "compute_in_memory")
tv = crit_median_ms("trends_ten_years", "with_reflections_from_vault")
print("Trends over ten years — the generated history (`crates/steward-testdata`: ≈ 520 weekly")
print("reflections over 590 weeks, 4,000 entries), every figure of `steward trends`:\n")
print("| what | median | budget (docs/DESIGN.md §8) | |")
print("|---|---|---|---|")
print(f"| compute from data decrypted in memory | {fmt_ms(tm)} | ≤ 20 ms | {verdict(tm is not None and tm <= 20)} |")
print(f"| the same, reflections and relationships read and decrypted from the vault first | {fmt_ms(tv)} | | |")
for kind, what in (("first", "first call after unlocking, every entry's words counted"), ("again", "later calls (word counts kept until an entry changes)")):
    t10, t50 = crit_median_ms("trends_session_entries", kind, "10000"), crit_median_ms("trends_session_entries", kind, "50000")
    print(f"| the app's Trends call on the benchmark journals, {what}: 10k / 50k entries | {fmt_ms(t10)} / {fmt_ms(t50)} | | |")
print()

rm = crit_median_ms("review_ten_years", "compute_year_in_memory")
rv = crit_median_ms("review_ten_years", "year_with_reflections_from_vault")
rc = crit_median_ms("review_ten_years", "calibration")
print("Looking back over the same ten years, with 120 decisions (half reviewed): the review of")
print("one year (`steward review --year`, the app's Look back), and the calibration:\n")
print("| what | median | budget (issue 15) | |")
print("|---|---|---|---|")
print(f"| a year's review, computed from data decrypted in memory | {fmt_ms(rm)} | | |")
print(f"| the same as the app asks for it: reflections and relationships read and decrypted from the vault, entries from memory | {fmt_ms(rv)} | ≤ 50 ms | {verdict(rv is not None and rv <= 50)} |")
print(f"| calibration of the 60 reviewed decisions | {fmt_ms(rc)} | | |")
print()
p1 = crit_median_ms("record_pdf", "year_52_reflections_400_entries")
p2 = crit_median_ms("record_pdf", "same_with_initials")
print("The printable record of a year (the generated history's 52 weeks — 47 finished weekly")
print("reflections — and 400 entries), laid out and written as a PDF in memory with krilla:\n")
print("| what | median | budget (issue 15) | |")
print("|---|---|---|---|")
print(f"| the year's PDF, names in full | {fmt_ms(p1)} | ≤ 2 s | {verdict(p1 is not None and p1 <= 2000)} |")
print(f"| the same with names as initials | {fmt_ms(p2)} | ≤ 2 s | {verdict(p2 is not None and p2 <= 2000)} |")
print()

sj = crit_median_ms("sync_10000", "join")
ss = crit_median_ms("sync_10000", "send_100_changes")
sr = crit_median_ms("sync_10000", "receive_100_changes")
si, sd = lat.get("sync_search_idle_p95_ms"), lat.get("sync_search_during_p95_ms")
print("Sync through a folder (the 10k journal on two computers sharing one folder; the")
print("fixture's KDF is 8 MiB, t = 1, see the key rotation row):\n")
print("| what | median | budget (issue 16) | |")
print("|---|---|---|---|")
print(f"| a round on the computer that changed 100 entries (writes its change file) | {fmt_ms(ss)} | ≤ 300 ms | {verdict(ss is not None and ss <= 300)} |")
print(f"| a round on the other computer (reads and applies the 100) | {fmt_ms(sr)} | ≤ 300 ms | {verdict(sr is not None and sr <= 300)} |")
print(f"| joining: a new journal from the folder (the latest snapshot of 10k entries), KDF included | {fmt_ms(sj)} | ≤ 3 s beyond the KDF | {verdict(sj is not None and sj <= 3000)} |")
ok = si is not None and sd is not None and sd - si <= 2
print(f"| search p95 of the app's index, idle / while rounds run beside it | {fmt_ms(si)} / {fmt_ms(sd)} | within 2 ms of idle | {verdict(ok)} |")
print()

backup_file = os.path.join(results, "backup.json")
if os.path.exists(backup_file):
    with open(backup_file) as f:
        bk = json.load(f)
    print("## Backups (whole process, `steward backup …`, median of 3; peak RSS)\n")
    print("The empty journal's figures are the fixed cost of the two KDFs (Argon2id to unlock,")
    print("scrypt N = 2^18 for the age file); \"beyond the KDF\" subtracts them.\n")
    print("| operation | empty journal | 10k entries | 50k entries | beyond the KDF at 10k | budget (docs/DESIGN.md §8) | |")
    print("|---|---|---|---|---|---|---|")
    e = bk.get("empty", {})
    for op, budget in (("export", 1.0), ("verify", 1.0), ("import", None), ("restore", None)):
        def cell(n):
            r = bk.get(n, {}).get(op)
            return f"{r['wall_s']:.2f} s, {r['peak_rss_mib']:.0f} MiB" if r else "—"
        base = e.get(op, {}).get("wall_s")
        r10 = bk.get("10000", {}).get(op, {}).get("wall_s")
        beyond = (r10 - base) if (r10 is not None and base is not None) else None
        ok = "" if budget is None else verdict(beyond is not None and beyond <= budget)
        btxt = "" if budget is None else f"≤ {budget:.0f} s beyond the KDF"
        print(f"| `{op}` | {cell('empty')} | {cell('10000')} | {cell('50000')} | {f'{beyond:.2f} s' if beyond is not None else '—'} | {btxt} | {ok} |")
    for op, what in (("auto", "automatic backup (`backup now`: X25519 recipient, no scrypt)"), ("drill", "restore drill (`backup drill`: decrypt in memory, every record, the MAC)")):
        def cell(n):
            r = bk.get(n, {}).get(op)
            return f"{r['wall_s']:.2f} s, CPU {r.get('cpu_s', 0):.2f} s, {r['peak_rss_mib']:.0f} MiB" if r else "—"
        base = e.get(op, {}).get("wall_s")
        r10 = bk.get("10000", {}).get(op, {}).get("wall_s")
        beyond = (r10 - base) if (r10 is not None and base is not None) else None
        print(f"| {what} | {cell('empty')} | {cell('10000')} | {cell('50000')} | {f'{beyond:.2f} s' if beyond is not None else '—'} | | |")
    sizes_txt = ", ".join(f"{int(n) // 1000}k: {bk[n]['bytes'] / 2**20:.1f} MiB" for n in ("10000", "50000") if n in bk)
    print(f"\nBackup file sizes — {sizes_txt}. `import` merges the journal's own backup back into it")
    print("(every record compared, none written); `restore` creates a new journal (its Argon2id")
    print("included) and checks the whole backup before writing it.\n")

print("## Whole process: `steward` CLI vs jrnl 4.6 (encrypted), same corpus\n")
print("Each pair runs A and B alternately (`runbench.py --vs`), KDF included on both sides")
print("(steward: Argon2id 64 MiB t=3 p=4; jrnl: PBKDF2-SHA256 100k + Fernet). steward's `add`")
print("reads its text from a pipe through `sh -c`, so its figure includes a shell start.\n")
print("| operation | size | jrnl median | steward median | speed-up (median of per-pair ratios) | budget | |")
print("|---|---|---|---|---|---|---|")
budgets = {("add", "10000"): 15, ("add", "50000"): 200, ("search", "10000"): 8, ("search", "50000"): 30}
missed = []
any_pair = False
for op in ("add", "search"):
    for n in ("10000", "50000"):
        p = parse_pair(f"pair_{op}_{n}.txt")
        if not p or "A/B wall" not in p:
            continue
        any_pair = True
        speed = p["A/B wall"]
        b = budgets[(op, n)]
        print(f"| `{op}` | {int(n) // 1000}k | {p['A wall'] * 1000:.0f} ms | {p['B wall'] * 1000:.0f} ms | {speed:.0f}× | ≥ {b}× | {verdict(speed >= b)} |")
        if speed < b:
            missed.append((op, n, p, speed, b))
if not any_pair:
    print("| (not measured in this run: `BENCH_SKIP_JRNL=1`) | | | | | | |")
print()
peaks = []
for op in ("add", "search"):
    for n in ("10000", "50000"):
        p = parse_pair(f"pair_{op}_{n}.txt")
        if p and "A peak" in p:
            peaks.append(f"`{op}` {int(n) // 1000}k: jrnl {p['A peak']:.0f} MiB, steward {p['B peak']:.0f} MiB")
if peaks:
    print("Peak RSS (median): " + "; ".join(peaks) + ".\n")

if any(op == "search" and n == "50000" for op, n, *_ in missed):
    p = next(p for op, n, p, *_ in missed if op == "search" and n == "50000")
    print("**Why `search` at 50k misses its ratio.** The ≥ 30× budget was set against jrnl's")
    print(f"5.05 s; jrnl measured {p['A wall']:.2f} s in this run, so 30× means ≤ {p['A wall'] / 30 * 1000:.0f} ms for a whole")
    print("process that must run the KDF (~95 ms cold on two cores, most of it Argon2's 64 MiB")
    print("plus first-touch page faults) and then read, decrypt, decode, fold and scan 76 MB of")
    print("sealed entries (~50 ms on two cores, after the rows were read during the KDF). Both")
    print("halves already use both cores. What remains is per-byte work (AES-GCM, UTF-8")
    print("validation, case folding, the scan) and a weaker KDF, which is not an option.")
    print()

desktop_path = os.path.join(results, "desktop.json")
if os.path.exists(desktop_path):
    with open(desktop_path) as f:
        d = json.load(f)
    launch = d["launch_to_first_screen_ms"]
    first = d.get("first_screen_memory") or {}
    after = d.get("after_unlock_10k") or {}
    ui = d.get("ui_search_10k") or {}
    d50 = {}
    p50 = os.path.join(results, "desktop_50k.json")
    if os.path.exists(p50):
        with open(p50) as f:
            d50 = json.load(f)
    after50 = d50.get("after_unlock_10k") or {}
    ui50 = d50.get("ui_search_10k") or {}
    print("## Desktop app (release build under Xvfb)\n")
    print("| what | measured | budget (issue 12, docs/DESIGN.md §8) | |")
    print("|---|---|---|---|")
    print(f"| launch → first screen (the UI has drawn its first screen and the window is shown; a desktop session, with its D-Bus session bus), median of {launch['runs']} | {launch['median']:.0f} ms (min {launch['min']:.0f}, max {launch['max']:.0f}) | ≤ 400 ms | {verdict(launch['median'] <= 400)} |")
    if first:
        print(f"| memory at the first screen: PSS / RSS of the app + WebKit processes ({', '.join(first['processes'])}) | {first['pss_mib']:.0f} MiB / {first['rss_mib']:.0f} MiB | PSS ≤ 216 MiB (the build before, and below the peer's 229 MiB) | {verdict(first['pss_mib'] <= 216)} |")
    # The KDF as the app runs it (the unlock call on a one-entry journal, in the page); the
    # criterion figure only if that was not measured.
    kdf_wall, kdf_what = (kdf if kdf is not None else 0), "the criterion KDF of this run"
    pk = os.path.join(results, "desktop_kdf.json")
    if os.path.exists(pk):
        with open(pk) as f:
            kdf_wall = json.load(f)["unlock_call_1_entry_ms"]["median"]
        kdf_what = "the app's own unlock call on a one-entry journal, median of 5"
        print(f"| the KDF as the app runs it: the `unlock` call on a one-entry journal, timed in the page, median of 5 | {kdf_wall:.0f} ms | | |")
    for label, a, budget in (("10k", after, 250), ("50k", after50, 600)):
        if not a:
            continue
        beyond_kdf = a["unlock_to_list_ms"] - kdf_wall
        runs = len(a.get("unlock_to_list_samples", [1]))
        print(f"| unlock → list shown, {label} entries, timed in the page from the click to the frame after the first row, median of {runs} launches, beyond the KDF ({a['unlock_to_list_ms']:.0f} ms with it; {kdf_wall:.0f} ms, {kdf_what}, subtracted) | {beyond_kdf:.0f} ms | ≤ {budget} ms | {verdict(beyond_kdf <= budget)} |")
        if label == "10k":
            print(f"| memory after unlocking the 10k-entry journal (entries decrypted and indexed in Rust, the list's first page shown) | {a['pss_mib']:.0f} MiB PSS / {a['rss_mib']:.0f} MiB RSS | PSS ≤ 300 MiB | {verdict(a['pss_mib'] <= 300)} |")
        else:
            print(f"| memory after unlocking the 50k-entry journal | {a['pss_mib']:.0f} MiB PSS / {a['rss_mib']:.0f} MiB RSS | | |")
    for label, u, budget in (("10k", ui, 5), ("50k", ui50, 25)):
        if u:
            print(f"| search from the UI at {label} (the list's layout of the hits with their first page of summaries, one IPC round trip timed in the page; 7 queries × 10) | p50 {u['p50_ms']:.1f} ms, p95 {u['p95_ms']:.1f} ms | p95 ≤ {budget} ms | {verdict(u['p95_ms'] <= budget)} |")
    for label, dd, idle in (("10k", d, ui), ("50k", d50, ui50)):
        busy = dd.get("ui_search_during_backup") or {}
        if busy and idle:
            ok = busy["p95_ms"] <= idle["p95_ms"] + 2
            print(f"| search from the UI at {label} while an automatic backup of the whole journal runs (the same queries, looped through three backups in a row; one took {busy['backup_ms']:.0f} ms in the page, in the idle scheduling class) | p50 {busy['p50_ms']:.1f} ms, p95 {busy['p95_ms']:.1f} ms over {busy['samples']} searches (idle p95 {idle['p95_ms']:.1f}) | p95 within 2 ms of idle | {verdict(ok)} |")
    ps = os.path.join(results, "desktop_sync.json")
    if os.path.exists(ps):
        with open(ps) as f:
            ds = json.load(f)
        idle_s, sync_s = ds["ui_search_idle"], ds["ui_search_during_sync"]
        ok = sync_s["p95_ms"] <= idle_s["p95_ms"] + 2
        print(f"| search from the UI at 10k while sync rounds run (a journal that syncs; another computer's {sync_s['rounds']} change files of 100 new entries each land in the folder 1.5 s apart, each taken by a round of {sync_s['round_ms']:.0f} ms in the page, in the idle scheduling class; only searches overlapping a round count) | p50 {sync_s['p50_ms']:.1f} ms, p95 {sync_s['p95_ms']:.1f} ms over {sync_s['samples']} searches (idle p95 {idle_s['p95_ms']:.1f} over {idle_s['samples']}, just before) | p95 within 2 ms of idle | {verdict(ok)} |")
    print(f"| release binary (`steward-app`, stripped) | {d['release_binary_bytes'] / 1048576:.1f} MiB | | |")
    debs = sorted(glob.glob(os.path.join(crit, "..", "release", "bundle", "deb", "*.deb")), key=os.path.getmtime)
    if debs:
        deb = os.path.getsize(debs[-1])
        print(f"| `.deb` (`make package`: {os.path.basename(debs[-1])}) | {deb / 1048576:.2f} MiB | ≤ 6 MiB | {verdict(deb <= 6 * 1048576)} |")
    else:
        print("| `.deb` (`make package`) | not built before this run | ≤ 6 MiB | |")
    print()

print("## Notes\n")
print("- *KDF excluded* means the vault is unlocked with the recovery key (HKDF, microseconds)")
print("  instead of the passphrase; the passphrase KDF is the first row, measured alone.")
print("- Search runs over entries decrypted in memory (nothing searchable is on disk); the")
print("  10k/50k CLI figures include open, KDF, decrypting every entry and the scan.")
print("- Desktop memory sums PSS/RSS over the app and its WebKit web and network processes")
print("  (`/proc/PID/smaps_rollup`); most of it is WebKitGTK's shared libraries.")
