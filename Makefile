# Steward — the README's commands. Each target installs what it needs first
# (scripts/install-deps.sh is idempotent), so both work on a fresh Debian 12 / Ubuntu.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
CARGO ?= cargo
APP := target/release/steward-app

.PHONY: help run test fast bindings deps ui ui-test check build unit smoke e2e bench package fuzz clean

## List the targets with what each does.
help:
	@awk '/^## /{if(!doc) doc=substr($$0,4); next} /^[a-z][a-z-]*:/{if(doc){split($$0,t,":"); printf "  make %-9s %s\n", t[1], doc}; doc=""; next} /^[^#]/{doc=""}' $(MAKEFILE_LIST)

## Build and start the desktop app (release build, UI embedded).
run: deps ui
	$(CARGO) build --release --features custom-protocol --bin steward-app
	$(APP)

## Every check and test (what CI runs).
# The UI's type check, lint and unit tests; Rust format and lints; the app's launch smoke
# test; the e2e tests; the workspace's tests.
test: deps ui ui-test check build smoke e2e unit

## The inner loop: fmt, clippy and the Rust tests; no installing, no UI build, no e2e.
# Run `make test` before landing.
fast:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) clippy --workspace --all-targets --features test-clock -- -D warnings
	$(CARGO) nextest run --workspace --no-fail-fast

## Regenerate ui/src/lib/bindings.ts (the IPC types) from the Rust types.
bindings:
	STEWARD_WRITE_BINDINGS=1 $(CARGO) nextest run -p steward -E 'test(the_generated_bindings_are_current)'

## Install what is missing (apt, npm, cargo tools); idempotent.
deps:
	@bash scripts/install-deps.sh

## The web UI, built into ui/dist (embedded into the app at compile time).
ui:
	cd ui && npm run build

## The UI's type check, Prettier, ESLint (UI and e2e tests) and unit tests.
ui-test:
	cd ui && npm run check && npm run format:check && npm run lint && npm test
	cd tests/e2e && npm run lint

## Rust formatting and clippy (warnings are errors).
check:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) clippy --workspace --all-targets --features test-clock -- -D warnings

## The e2e tests' build of the app and the CLI.
# The e2e tests' build: the UI embedded, plus the `test-clock` feature (a settable "now",
# see docs/ARCHITECTURE.md). `make run` and `make package` never enable it.
build:
	$(CARGO) build --workspace --features custom-protocol,test-clock

## The workspace's Rust tests (nextest).
# Last, so the test runner's summary line closes the output.
unit:
	$(CARGO) nextest run --workspace --no-fail-fast

## The real app under Xvfb, driven through tauri-driver + WebKitWebDriver (screenshots in
## target/e2e/).
e2e:
	bash tests/e2e/run.sh target/debug/steward-app

## The desktop app starts under Xvfb and shows its window (screenshot in target/e2e/).
smoke:
	bash tests/e2e/smoke.sh target/debug/steward-app

## Criterion benches + the whole-process comparison with jrnl; writes docs/BENCHMARKS.md.
bench: deps
	bash scripts/bench.sh

## Fuzz the backup restore parser: 200k mutated documents, about a minute.
# proptest-driven; seeds in tests/fuzz/backup/. `make test` runs 64 of them.
fuzz: deps
	STEWARD_FUZZ_CASES=$${STEWARD_FUZZ_CASES:-200000} $(CARGO) nextest run -p steward-core -E 'test(fuzz)' --no-capture

## The .deb (app + CLI, man pages, completions, copyright, changelog), checked by lintian.
# Installs tauri-cli (several minutes, once) and lintian on first use.
package: deps ui
	@command -v cargo-tauri >/dev/null || $(CARGO) install tauri-cli --version '^2' --locked
	@command -v lintian >/dev/null || { apt-get install -y -qq --no-install-recommends lintian >/dev/null || sudo apt-get install -y -qq --no-install-recommends lintian >/dev/null; }
	bash scripts/package.sh

## Remove build output.
clean:
	$(CARGO) clean
