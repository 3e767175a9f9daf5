#!/usr/bin/env bash
# Desktop figures for docs/BENCHMARKS.md: launch time, memory at the first screen and after
# unlocking a 10k- and a 50k-entry journal, UI search latency, release binary size. Needs
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
trap 'rm -rf "$home" "$home50"' EXIT
export STEWARD_PASSPHRASE="bench passphrase, long enough"
for pair in "$home:10000" "$home50:50000"; do
  h=${pair%%:*}
  n=${pair##*:}
  mkdir -p "$h"/{data,config,cache,runtime}
  STEWARD_VAULT=$h/data/journal.steward target/release/steward init >/dev/null
  STEWARD_VAULT=$h/data/journal.steward target/release/steward import --format jsonl "$W/corpus/corpus_$n.jsonl" >/dev/null
done
display=:$((150 + RANDOM % 50))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$home" "$home50"' EXIT
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
DISPLAY=$display STEWARD_APP=$ROOT/target/release/steward-app STEWARD_SHOTS=$ROOT/target/e2e \
  node tests/e2e/measure.mjs "$home" "$STEWARD_PASSPHRASE" "$W/results/desktop.json"
DISPLAY=$display STEWARD_APP=$ROOT/target/release/steward-app STEWARD_SHOTS=$ROOT/target/e2e \
  node tests/e2e/measure.mjs "$home50" "$STEWARD_PASSPHRASE" "$W/results/desktop_50k.json" unlock-only
