#!/usr/bin/env bash
# Builds the app in release into dist/: wasm, its JS glue, the page, the styles and the
# service worker (stamped with the build's hash so devices pick up a new build).
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${DIST:-dist}
profile=${WASM_PROFILE:-wasm-release}
cargo build -p app --target wasm32-unknown-unknown --profile "$profile"
rm -rf "$dist" && mkdir -p "$dist"
wasm-bindgen --target web --no-typescript --out-dir "$dist" --out-name app \
  "target/wasm32-unknown-unknown/$profile/app.wasm"
cp app/index.html app/boot.js "$dist/"
cat style/*.css > "$dist/style.css"
build=$(cat "$dist/app_bg.wasm" "$dist/app.js" "$dist/boot.js" "$dist/style.css" "$dist/index.html" | sha256sum | cut -c1-16)
sed "s/__BUILD__/$build/" app/sw.js > "$dist/sw.js"
# Compressed once here at the highest levels, so the server sends small files without
# spending its CPU on them; brotli when the command is there, gzip always.
for f in "$dist"/*.wasm "$dist"/*.js "$dist"/*.css "$dist"/*.html; do
  gzip -9 -k -f "$f"
  if command -v brotli >/dev/null; then brotli -q 11 -f -k "$f"; fi
done
echo "app built into $dist/ (build $build)"
