#!/usr/bin/env bash
# `make bench`: criterion benches of the engine, then a whole-process comparison of the
# `steward` CLI with jrnl's encrypted journal on the same corpus, then docs/BENCHMARKS.md.
#
# Env: STEWARD_SHARED  the shared folder (default ../shared)
#      BENCH_SIZES     corpus sizes (default "10000 50000")
#      BENCH_SKIP_JRNL=1     no jrnl comparison (the report says it was skipped)
#      BENCH_SKIP_DESKTOP=1  no desktop figures
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SHARED=$(cd "${STEWARD_SHARED:-../shared}/bench" && pwd)
W=$ROOT/bench-work
SIZES=${BENCH_SIZES:-10000 50000}
RESULTS=$W/results
mkdir -p "$W/corpus" "$RESULTS"

for n in $SIZES; do
  [ -f "$W/corpus/corpus_$n.jsonl" ] || python3 "$SHARED/gen_corpus.py" --entries "$n" --out-dir "$W/corpus" >/dev/null
done

echo "== criterion (engine)"
cargo build --release -p steward-cli
STEWARD_BENCH_CORPUS=$W/corpus STEWARD_BENCH_OUT=$RESULTS STEWARD_BENCH_SIZES="$SIZES" \
  cargo bench -p steward-core --bench engine -- --noplot 2>&1 | tee "$RESULTS/criterion.txt"

S=$ROOT/target/release/steward
export STEWARD_PASSPHRASE="bench passphrase, long enough"
ENTRY="Bench entry. Today I practised saying no to a request and kept the trust of the team. @trust"

if [ "${BENCH_SKIP_JRNL:-0}" != 1 ]; then
  echo "== steward vaults (default KDF: Argon2id 64 MiB, t=3)"
  for n in $SIZES; do
    v=$W/steward_$n.steward
    rm -f "$v" "$v-wal" "$v-shm"
    STEWARD_VAULT=$v "$S" init >/dev/null
    STEWARD_VAULT=$v "$S" import --format jsonl "$W/corpus/corpus_$n.jsonl"
    # Sanity: the marker counts from the corpus generator.
    got=$(STEWARD_VAULT=$v "$S" search quokkafire --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
    [ "$got" = 1 ] || { echo "bench: quokkafire found $got times in $n, expected 1"; exit 1; }
  done

  echo "== jrnl (encrypted) setup"
  BENCH_WORK=$W bash "$SHARED/jrnl_setup.sh" $SIZES
  export PYTHON_KEYRING_BACKEND=keyrings.alt.file.PlaintextKeyring
  export XDG_DATA_HOME=$W/keyring
  J=$W/jrnl-venv/bin/jrnl
  for n in $SIZES; do
    cp "$W/jrnl/$n/default.journal.orig" "$W/jrnl/$n/default.journal"
    if [ "$n" -ge 50000 ]; then runs=5; else runs=9; fi
    v=$W/steward_$n.steward
    echo "== pair add $n (A = jrnl, B = steward)"
    python3 "$SHARED/runbench.py" -n "$runs" --warmup 1 --timeout 1800 \
      --vs "env STEWARD_VAULT=$v sh -c 'printf %s \"\$0\" | exec $S add' '$ENTRY'" \
      -- "$J" --config-file "$W/jrnl/$n/default.yaml" "$ENTRY" | tee "$RESULTS/pair_add_$n.txt"
    cp "$W/jrnl/$n/default.journal.orig" "$W/jrnl/$n/default.journal"
    echo "== pair search $n (A = jrnl, B = steward)"
    python3 "$SHARED/runbench.py" -n "$runs" --warmup 1 --timeout 1800 \
      --vs "env STEWARD_VAULT=$v $S search quokkafire" \
      -- "$J" --config-file "$W/jrnl/$n/default.yaml" -contains quokkafire | tee "$RESULTS/pair_search_$n.txt"
  done
fi

echo "== backups (whole process: export, verify, import, restore)"
python3 scripts/bench_backup.py "$S" "$W" "$RESULTS" $SIZES

if [ "${BENCH_SKIP_DESKTOP:-0}" != 1 ]; then
  echo "== desktop (release app under Xvfb)"
  bash scripts/bench_desktop.sh
fi

python3 scripts/bench_report.py "$RESULTS" "$ROOT/target/criterion" > docs/BENCHMARKS.md
echo "wrote docs/BENCHMARKS.md"
