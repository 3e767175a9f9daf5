#!/usr/bin/env python3
"""Whole-process timings of `steward backup export | verify | import | restore`, and of the
automatic backup (`backup now`, to the X25519 recipient: no scrypt) and its restore drill
(`backup drill`), on the benchmark journals, with peak memory and CPU time, written to
RESULTS/backup.json for bench_report.py.

    bench_backup.py STEWARD_BIN WORK_DIR RESULTS_DIR SIZE...

Each operation runs 3 times (median wall time, largest peak RSS). The same operations on
an empty journal give the fixed cost of the two KDFs (Argon2id to unlock the journal,
scrypt N=2^18 for the backup), so "beyond the KDF" = operation - empty operation.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

steward, work, results = sys.argv[1:4]
sizes = sys.argv[4:]
env = dict(os.environ, STEWARD_PASSPHRASE="bench passphrase, long enough",
           STEWARD_BACKUP_PASSPHRASE="bench backup passphrase",
           STEWARD_NEW_PASSPHRASE="bench restored passphrase")


def timed(args, vault, runs=3, before=None):
    walls, rss, cpus = [], [], []
    for _ in range(runs):
        if before:
            before()
        out = subprocess.run(["/usr/bin/time", "-f", "%e %M %U %S", steward, *args],
                             env=dict(env, STEWARD_VAULT=vault), capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"bench_backup: {' '.join(args)} failed: {out.stderr}")
        wall, kib, user, system = out.stderr.strip().splitlines()[-1].split()
        walls.append(float(wall))
        rss.append(int(kib))
        cpus.append(float(user) + float(system))
    return {"wall_s": statistics.median(walls), "peak_rss_mib": max(rss) / 1024,
            "cpu_s": statistics.median(cpus)}


def measure(vault, label, tmp):
    backup = os.path.join(tmp, f"{label}.age")
    restored = os.path.join(tmp, f"{label}-restored.steward")

    def clear_backup():
        if os.path.exists(backup):
            os.remove(backup)

    def clear_restored():
        for ext in ("", "-wal", "-shm"):
            if os.path.exists(restored + ext):
                os.remove(restored + ext)

    r = {"export": timed(["backup", "export", backup], vault, before=clear_backup)}
    r["bytes"] = os.path.getsize(backup)
    r["verify"] = timed(["backup", "verify", backup], vault)
    r["import"] = timed(["backup", "import", backup], vault)
    r["restore"] = timed(["backup", "restore", backup, "--into", restored], vault, before=clear_restored)
    clear_restored()
    auto = os.path.join(tmp, f"{label}-auto")
    os.makedirs(auto)
    subprocess.run([steward, "backup", "settings", "--folder", auto, "--keep-last", "100"],
                   env=dict(env, STEWARD_VAULT=vault), check=True, capture_output=True)
    r["auto"] = timed(["backup", "now"], vault)
    r["drill"] = timed(["backup", "drill"], vault)
    return r


out = {}
with tempfile.TemporaryDirectory(dir=work) as tmp:
    empty = os.path.join(tmp, "empty.steward")
    subprocess.run([steward, "init"], env=dict(env, STEWARD_VAULT=empty), check=True, capture_output=True)
    out["empty"] = measure(empty, "empty", tmp)
    for n in sizes:
        vault = os.path.join(work, f"steward_{n}.steward")
        if not os.path.exists(vault):
            subprocess.run([steward, "init"], env=dict(env, STEWARD_VAULT=vault), check=True, capture_output=True)
            subprocess.run([steward, "import", "--format", "jsonl", os.path.join(work, "corpus", f"corpus_{n}.jsonl")],
                           env=dict(env, STEWARD_VAULT=vault), check=True, capture_output=True)
        copy = os.path.join(tmp, f"steward_{n}.steward")
        shutil.copy(vault, copy)  # the import writes nothing new, but keep the original pristine
        out[n] = measure(copy, str(n), tmp)
        print(f"backup {n}: {json.dumps(out[n])}")
with open(os.path.join(results, "backup.json"), "w") as f:
    json.dump(out, f, indent=2)
