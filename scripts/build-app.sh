#!/usr/bin/env bash
# Builds the app in release into dist/: the part of the app every visit loads, the parts
# loaded when a page first needs them, their JS glue, the page, the styles, the manifest
# and icons, and the service worker (stamped with the build's hash so devices pick up a
# new build).
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${DIST:-dist}
profile=${WASM_PROFILE:-wasm-release}
cargo build -p app --target wasm32-unknown-unknown --profile "$profile" --features split

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Cut the app where the code says `#[lazy]`: app.wasm is what every visit needs, the
# chunks are the staff's pages, the request's steps and the sync, each loaded when first
# used. The chunks of one build only fit that build, so they live in a folder named after
# their contents.
wasm-split-cli --target web --out-name app \
  "target/wasm32-unknown-unknown/$profile/app.wasm" "$work/split"
parts=$(cat "$work"/split/* | sha256sum | cut -c1-12)

# A page still running an older build (its user has not reloaded yet) may still ask for
# that build's parts: the last two builds' parts stay beside the new ones.
[ -d "$dist/parts" ] && mv "$dist/parts" "$work/old-parts"
rm -rf "$dist" && mkdir -p "$dist/parts/$parts" "$dist/icons"
# (A loop, not a pipeline: under pipefail a `grep` that keeps nothing, as when the only
# older folder is this build's own, would stop the script.)
if [ -d "$work/old-parts" ]; then
  kept=0
  for old in $(ls -t "$work/old-parts"); do
    [ "$old" = "$parts" ] && continue
    [ "$kept" -lt 2 ] || break
    mv "$work/old-parts/$old" "$dist/parts/"
    kept=$((kept + 1))
  done
fi

wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
  --keep-lld-exports \
  --out-dir "$dist" --out-name app "$work/split/app.wasm"
# The splitter names its loader relative to the app's script, and the loader names the
# app's script relative to itself: both are pointed at where the files are served.
# (Only the `import` lines: the module's name in the wasm's imports stays as it is.)
sed -i "s#^\(import .* from \)\"./__wasm_split.js\"#\1\"./parts/$parts/__wasm_split.js\"#" "$dist/app.js"
sed 's#from "./app.js"#from "/app.js"#' "$work/split/__wasm_split.js" \
  > "$dist/parts/$parts/__wasm_split.js"
rm "$work/split/app.wasm" "$work/split/__wasm_split.js"
mv "$work"/split/*.wasm "$dist/parts/$parts/"

cp app/index.html app/boot.js app/manifest.webmanifest "$dist/"
# The parts' loader is fetched with the app's script, not after it.
sed -i "s#^\( *\)<link rel=\"modulepreload\" href=\"/app.js\">#&\n\1<link rel=\"modulepreload\" href=\"/parts/$parts/__wasm_split.js\">#" \
  "$dist/index.html"
cp app/icons/*.png app/icons/*.svg "$dist/icons/"
cat style/*.css > "$dist/style.css"

# What the service worker stores when it installs, and what it stores as first used.
shell=(/index.html /boot.js /app.js /app_bg.wasm /style.css /manifest.webmanifest
  "/parts/$parts/__wasm_split.js")
for f in "$dist"/icons/*; do shell+=("/icons/${f##*/}"); done
later=()
for f in "$dist/parts/$parts"/*.wasm; do later+=("/parts/$parts/${f##*/}"); done
json() { printf '%s\n' "$@" | sed 's/.*/"&"/' | paste -sd, | sed 's/.*/[&]/'; }

build=$(cat "$dist/app_bg.wasm" "$dist/app.js" "$dist/boot.js" "$dist/style.css" \
  "$dist/index.html" "$dist/manifest.webmanifest" "$dist/parts/$parts"/* | sha256sum | cut -c1-16)
sed -e "s/__BUILD__/$build/" -e "s#__SHELL__#$(json "${shell[@]}")#" \
  -e "s#__LATER__#$(json "${later[@]}")#" app/sw.js > "$dist/sw.js"
# The page names its build too: devices report it, and the server tells which is current.
sed -i "s/__BUILD__/$build/" "$dist/index.html"

# Compressed once here at the highest levels, so the server sends small files without
# spending its CPU on them; brotli when the command is there, gzip always.
# (An older build's parts were compressed with it.)
find "$dist" "$dist/icons" "$dist/parts/$parts" -maxdepth 1 -type f \( -name '*.wasm' \
  -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.webmanifest' -o -name '*.svg' \) \
  -print0 | while IFS= read -r -d '' f; do
    gzip -9 -k -f "$f"
    if command -v brotli >/dev/null; then brotli -q 11 -f -k "$f"; fi
  done
echo "app built into $dist/ (build $build, parts $parts)"
