#!/usr/bin/env bash
# End-to-end tests of the built app under a private Xvfb display.
#   tests/e2e/run.sh PATH_TO_APP
set -euo pipefail
app=$(realpath "${1:?usage: run.sh APP}")
here=$(cd "$(dirname "$0")" && pwd)
display=:$((120 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
cd "$here/../.."
# A private D-Bus session: the app's notifications go there, and the tests watch it.
DISPLAY=$display STEWARD_APP=$app STEWARD_SHOTS=$PWD/target/e2e \
  dbus-run-session -- node --test --test-concurrency=1 --test-reporter=spec "$here"/*.test.mjs
