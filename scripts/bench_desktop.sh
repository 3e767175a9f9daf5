#!/usr/bin/env bash
# Desktop figures for docs/BENCHMARKS.md: launch time, memory at the first screen and after
# unlocking a 10k- and a 50k-entry journal, UI search latency, the KDF as the app runs it
# (a one-entry journal), UI search beside sync rounds (a 10k journal that syncs with a
# second one), release binary size. Needs
# the release app (built here) and the 10k and 50k corpora (made by scripts/bench.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
W=$ROOT/bench-work
mkdir -p "$W/results"
(cd ui && npm run build >/dev/null 2>&1)
cargo build --release --features custom-protocol --bin steward-app
cargo build --release -p steward-cli
home=$(mktemp -d)
home50=$(mktemp -d)
home1=$(mktemp -d)
homeS=$(mktemp -d)
trap 'rm -rf "$home" "$home50" "$home1" "$homeS"' EXIT
export STEWARD_PASSPHRASE="bench passphrase, long enough"
for pair in "$home:10000" "$home50:50000" "$homeS:10000"; do
  h=${pair%%:*}
  n=${pair##*:}
  mkdir -p "$h"/{data,config,cache,runtime}
  STEWARD_VAULT=$h/data/journal.steward target/release/steward init >/dev/null
  STEWARD_VAULT=$h/data/journal.steward target/release/steward import --format jsonl "$W/corpus/corpus_$n.jsonl" >/dev/null
done
# Sync (issue 16): a second 10k journal syncs through a folder with a third one ("the other
# computer"), whose eight rounds of 100 new entries each are made now and their change files
# set aside; measure.mjs (mode sync) delivers them into the folder one by one while the app
# searches. Its own journal, so the other figures stay those of a journal that does not sync.
S=target/release/steward
mkdir -p "$homeS/sync"
STEWARD_VAULT=$homeS/data/journal.steward $S sync setup --folder "$homeS/sync" >/dev/null
mine=$(find "$homeS/sync" -mindepth 1 -maxdepth 1 -type d)
STEWARD_VAULT=$homeS/data/journal.steward $S sync join --folder "$homeS/sync" --into "$homeS/other.steward" >/dev/null
other=$(find "$homeS/sync" -mindepth 1 -maxdepth 1 -type d | grep -vxF "$mine")
ls "$other" >"$homeS/joined-files.txt"
python3 - "$W/corpus/corpus_50000.jsonl" "$homeS" <<'PY'
import json, sys, uuid
src, home = sys.argv[1], sys.argv[2]
with open(src) as f:
    lines = [json.loads(l) for _, l in zip(range(20800), f)][20000:]
for b in range(8):
    with open(f"{home}/batch{b}.jsonl", "w") as out:
        for e in lines[b * 100:(b + 1) * 100]:
            e["id"] = str(uuid.uuid4())
            out.write(json.dumps(e) + "\n")
PY
for b in 0 1 2 3 4 5 6 7; do
  STEWARD_VAULT=$homeS/other.steward $S import --format jsonl "$homeS/batch$b.jsonl" >/dev/null
  STEWARD_VAULT=$homeS/other.steward $S sync now >/dev/null
done
mkdir -p "$homeS/sync-aside/$(basename "$other")"
for f in "$other"/*; do
  grep -qxF "$(basename "$f")" "$homeS/joined-files.txt" || mv "$f" "$homeS/sync-aside/$(basename "$other")/"
done
# One entry: unlocking it is the KDF plus fixed costs, the figure "beyond the KDF" subtracts.
mkdir -p "$home1"/{data,config,cache,runtime}
STEWARD_VAULT=$home1/data/journal.steward target/release/steward init >/dev/null
head -n 1 "$W/corpus/corpus_10000.jsonl" >"$home1/one.jsonl"
STEWARD_VAULT=$home1/data/journal.steward target/release/steward import --format jsonl "$home1/one.jsonl" >/dev/null
display=:$((150 + RANDOM % 50))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$home" "$home50" "$home1" "$homeS"' EXIT
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
# A desktop session has a session bus (and the accessibility bus it starts): without one,
# GLib spawns dbus-launch at every launch, which no user's desktop does.
run() {
  DISPLAY=$display STEWARD_APP=$ROOT/target/release/steward-app STEWARD_SHOTS=$ROOT/target/e2e \
    dbus-run-session -- node tests/e2e/measure.mjs "$@"
}
run "$home" "$STEWARD_PASSPHRASE" "$W/results/desktop.json"
run "$home50" "$STEWARD_PASSPHRASE" "$W/results/desktop_50k.json" unlock-only
run "$home1" "$STEWARD_PASSPHRASE" "$W/results/desktop_kdf.json" kdf
run "$homeS" "$STEWARD_PASSPHRASE" "$W/results/desktop_sync.json" sync
