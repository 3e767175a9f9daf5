#!/usr/bin/env bash
# Builds the .deb a Linux user installs: the desktop app and the `steward` CLI, the man
# pages and shell completions (generated from the CLI's clap definitions), the copyright
# file and a Debian changelog; then runs lintian on it and fails on any error.
#
#   scripts/package.sh        (make package runs it after installing what it needs)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/package
rm -rf "$OUT" && mkdir -p "$OUT/man"

cargo build --release -p steward-cli --bin steward --bin steward-docs
target/release/steward-docs "$OUT/docs" >/dev/null
for page in "$OUT"/docs/*.1; do
  gzip -9n -c "$page" > "$OUT/man/$(basename "$page").gz"
done
cp -r "$OUT/docs/completions" "$OUT/completions"

# A Debian-format changelog (the release notes are CHANGELOG.md in the source).
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
{
  echo "steward ($version) unstable; urgency=medium"
  echo
  echo "  * Release $version; see CHANGELOG.md in the source for what changed."
  echo
  echo " -- The Steward developers <dev@steward.invalid>  $(date -R -u -d @"${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}")"
} > "$OUT/changelog"
gzip -9n -c "$OUT/changelog" > "$OUT/changelog.gz"

cargo tauri build --bundles deb
deb=$(ls -t target/release/bundle/deb/*.deb | head -1)
# tauri's bundler compresses with gzip (7.1 MiB); xz at its highest preset brings the same
# files to 4.3 MiB, under the 6 MiB budget of docs/DESIGN.md. dpkg has read xz since 1.15.
rm -rf "$OUT/deb-root"
dpkg-deb -R "$deb" "$OUT/deb-root"
dpkg-deb -Zxz -z9 -Sextreme --root-owner-group --build "$OUT/deb-root" "$deb" >/dev/null
rm -rf "$OUT/deb-root"
size=$(stat -c %s "$deb")
if (( size > 6 * 1024 * 1024 )); then
  echo "package: $deb is $size bytes, over the 6 MiB budget" >&2
  exit 1
fi
echo "package: $deb ($(du -h "$deb" | cut -f1))"
# lintian: errors fail the build; warnings are printed for the record.
lintian --fail-on error --no-tag-display-limit "$deb"
