#!/usr/bin/env bash
# Builds the app again over the build in dist/, as a second `make run` in the same checkout
# does, and checks that it succeeds, gives the same build, and keeps the parts a page still
# running an older build may ask for: its own and at most the two before.
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${DIST:-dist}
[ -f "$dist/index.html" ] || { echo "no app in $dist to build again" >&2; exit 1; }
before=$(sha256sum < "$dist/app_bg.wasm")
parts_before=$(ls "$dist/parts")
./scripts/build-app.sh
after=$(sha256sum < "$dist/app_bg.wasm")
[ "$before" = "$after" ] || { echo "the same sources built another app" >&2; exit 1; }
for p in $parts_before; do
  [ -d "$dist/parts/$p" ] || { echo "the parts $p of an earlier build were dropped" >&2; exit 1; }
done
count=$(ls "$dist/parts" | wc -l)
[ "$count" -le 3 ] || { echo "$count builds' parts kept; at most 3 should be" >&2; exit 1; }
echo "the app builds again over itself: 1 passed, 0 failed"
