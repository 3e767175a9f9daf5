#!/usr/bin/env bash
# Installs what building, running and testing Steward needs on Debian 12 / Ubuntu,
# idempotently: each step is skipped when its result is already there.
#
#   scripts/install-deps.sh     system packages, cargo-nextest, tauri-driver, npm packages
#
# Works as root or through sudo. Nothing here downloads binaries from outside the
# package registries (apt, crates.io, npm).
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# System packages: WebKitGTK and friends build the app; xvfb/xauth/webkit2gtk-driver run
# and drive it headless; dbus gives a session bus (dbus-run-session) and dbus-monitor, with
# which the e2e test watches the reminder notification; age is the reference tool the backup
# interoperability tests use (driven through a pty by python3, tests/tools/age_tty.py);
# imagemagick captures the X screen as a fallback screenshot; xclip reads the clipboard (the
# recovery key is copied marked secret and cleared again); poppler-utils's pdftotext reads the
# printable record back in the PDF tests; syncthing (Debian's 1.19) carries a sync folder between
# two journals in the sync test, on loopback only.
APT_PACKAGES=(
  build-essential pkg-config curl file
  libwebkit2gtk-4.1-dev libssl-dev librsvg2-dev libayatana-appindicator3-dev
  xvfb xauth x11-utils xclip webkit2gtk-driver dbus dbus-x11 age imagemagick python3 poppler-utils
  syncthing
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

# npm packages of the UI and of the end-to-end tests (lockfile-exact). Install scripts stay
# off: nothing here needs one, and webdriverio's optional browser-driver downloads must not
# run (they cannot download here anyway).
for dir in ui tests/e2e; do
  if [ -f "$dir/package.json" ]; then
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
      echo "install-deps: npm ci ($dir)"
      (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    fi
  fi
done

# tauri-driver drives the built app through Debian's WebKitWebDriver (~35 s to build once).
if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
  echo "install-deps: tauri-driver"
  cargo install tauri-driver --locked --version ^2
fi
