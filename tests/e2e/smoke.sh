#!/usr/bin/env bash
# Launch smoke test of the desktop app: start it under Xvfb with a private HOME, wait for
# its window to be shown, check the process is alive, save a screenshot of the screen,
# then stop it. Fails if the app exits early or no Steward window appears.
#   tests/e2e/smoke.sh PATH_TO_APP_BINARY
set -euo pipefail
app=${1:?usage: smoke.sh APP}
out=target/e2e
mkdir -p "$out"
work=$(mktemp -d)
trap 'kill "$app_pid" 2>/dev/null || true; kill "$xvfb_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done

# Started with core dumps allowed, so only the app's own hardening can turn them off.
HOME=$work XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache \
  STEWARD_REPORT_FIRST_SCREEN=1 DISPLAY=$display bash -c 'ulimit -c unlimited && exec "$0"' "$app" >"$work/app.log" 2>&1 &
app_pid=$!

found=""
for _ in $(seq 150); do
  if ! kill -0 "$app_pid" 2>/dev/null; then
    echo "smoke: the app exited early:"; cat "$work/app.log"; exit 1
  fi
  # Mapped, not only created: the window starts hidden and the UI shows it with its first
  # screen drawn (src-tauri/src/window.rs); a UI that never does must not pass.
  id=$(DISPLAY=$display xwininfo -root -tree 2>/dev/null | awk '/"Steward"/ {print $1; exit}')
  if [ -n "$id" ] && DISPLAY=$display xwininfo -id "$id" | grep -q 'Map State: IsViewable'; then
    found=1; break
  fi
  sleep 0.1
done
if [ -z "$found" ]; then
  echo "smoke: no window titled Steward was shown within 15 s"; cat "$work/app.log"; exit 1
fi
sleep 1.5
if ! grep -q '^first-screen' "$work/app.log"; then
  echo "smoke: the window was shown by the fallback timer, not by the UI drawing its first screen"
  cat "$work/app.log"; exit 1
fi
DISPLAY=$display /usr/bin/import -window root "$out/first-screen.png"
kill -0 "$app_pid" || { echo "smoke: the app died after showing its window"; exit 1; }
# No core dumps from the app or the WebKit processes it started (they inherit the limit).
for pid in "$app_pid" $(pgrep -P "$app_pid" || true); do
  core=$(awk '/^Max core file size/ {print $5, $6}' "/proc/$pid/limits")
  if [ "$core" != "0 0" ]; then
    echo "smoke: process $pid ($(cat /proc/$pid/comm)) may write a core dump (limit: $core)"; exit 1
  fi
done
echo "smoke: no core dumps from the app and its $(pgrep -c -P "$app_pid" || echo 0) child processes"
echo "smoke: the app window appeared; screenshot in $out/first-screen.png"

