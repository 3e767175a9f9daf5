#!/usr/bin/env bash
# Desktop figures for docs/BENCHMARKS.md: launch time, memory at the first screen and after
# unlocking a 10k- and a 50k-entry journal, UI search latency, the KDF as the app runs it
# (a one-entry journal), release binary size. Needs
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
trap 'rm -rf "$home" "$home50" "$home1"' EXIT
export STEWARD_PASSPHRASE="bench passphrase, long enough"
for pair in "$home:10000" "$home50:50000"; do
  h=${pair%%:*}
  n=${pair##*:}
  mkdir -p "$h"/{data,config,cache,runtime}
  STEWARD_VAULT=$h/data/journal.steward target/release/steward init >/dev/null
  STEWARD_VAULT=$h/data/journal.steward target/release/steward import --format jsonl "$W/corpus/corpus_$n.jsonl" >/dev/null
done
# One entry: unlocking it is the KDF plus fixed costs, the figure "beyond the KDF" subtracts.
mkdir -p "$home1"/{data,config,cache,runtime}
STEWARD_VAULT=$home1/data/journal.steward target/release/steward init >/dev/null
head -n 1 "$W/corpus/corpus_10000.jsonl" >"$home1/one.jsonl"
STEWARD_VAULT=$home1/data/journal.steward target/release/steward import --format jsonl "$home1/one.jsonl" >/dev/null
display=:$((150 + RANDOM % 50))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$home" "$home50" "$home1"' EXIT
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
