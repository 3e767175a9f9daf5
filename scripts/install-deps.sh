#!/usr/bin/env bash
# Installs what building, running and testing Steward needs on Debian 12 / Ubuntu,
# idempotently: each step is skipped when its result is already there.
#
#   scripts/install-deps.sh          system packages + npm packages of the UI
#   scripts/install-deps.sh --e2e    also tauri-driver (end-to-end tests)
#
# Works as root or through sudo. Nothing here downloads binaries from outside the
# package registries (apt, crates.io, npm).
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# System packages: WebKitGTK and friends build the app; xvfb/xauth/webkit2gtk-driver run
# and drive it headless; dbus gives a session bus; age is the reference tool the backup
# interoperability tests use; imagemagick captures the X screen as a fallback screenshot.
APT_PACKAGES=(
  build-essential pkg-config curl file
  libwebkit2gtk-4.1-dev libssl-dev librsvg2-dev libayatana-appindicator3-dev
  xvfb xauth x11-utils webkit2gtk-driver dbus dbus-x11 age imagemagick
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: apt packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Rust tools.
if ! command -v cargo >/dev/null; then
  echo "install-deps: cargo is required (https://rustup.rs); it is not installed" >&2
  exit 1
fi
if ! cargo nextest --version >/dev/null 2>&1; then
  echo "install-deps: cargo-nextest"
  cargo install cargo-nextest --locked
fi

# npm packages of the UI (lockfile-exact). Install scripts stay off: nothing in the UI
# needs one, and webdriverio's optional browser-driver downloads must not run.
if [ -f ui/package.json ]; then
  if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    echo "install-deps: npm ci (ui)"
    (cd ui && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  fi
fi

if [ "${1:-}" = "--e2e" ]; then
  if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
    echo "install-deps: tauri-driver"
    cargo install tauri-driver --locked --version ^2
  fi
fi
