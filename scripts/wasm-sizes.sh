#!/usr/bin/env bash
# What the app's wasm is made of: builds it keeping its function names (the `wasm-names`
# profile), cuts it as the release build does, and prints, for the part every visit loads
# and for each part loaded later, its size and the crates and functions that weigh most.
# Installs twiggy when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v twiggy >/dev/null || cargo install --locked twiggy --version 0.8.0
cargo build -p app --target wasm32-unknown-unknown --profile wasm-names --features split
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-split-cli --target web --out-name app \
  target/wasm32-unknown-unknown/wasm-names/app.wasm "$work" >/dev/null
# The first part as it is served: wasm-bindgen takes out its own descriptors.
wasm-bindgen --target web --no-typescript --keep-lld-exports --out-dir "$work/bg" \
  --out-name app "$work/app.wasm"
first="$work/bg/app_bg.wasm"

# Code and data by crate: the first `crate::` in each item's name (generic glue has none).
by_crate() {
  twiggy top -n 1000000 --format csv "$1" | awk -F, '
    NR > 1 && $0 !~ /custom section|subsection/ {
      size = $(NF - 3); name = $0; crate = "(generic glue)"
      if (name ~ /^"?data segment/) crate = "(strings and tables)"
      else if (match(name, /[a-z_][a-z0-9_]*(\[[0-9a-f]+\])?::/)) {
        crate = substr(name, RSTART, RLENGTH - 2); sub(/\[.*/, "", crate)
      }
      total += size; by[crate] += size
    }
    END {
      for (c in by) printf "%9d  %4.1f %%  %s\n", by[c], 100 * by[c] / total, c
      printf "%9d  total\n", total
    }' | sort -rn | head -n 13
}

echo "== the part every visit loads (app_bg.wasm), by crate"
by_crate "$first"
echo "== its largest functions"
twiggy top -n 30 "$first" | grep -v 'custom section\|subsection' | head -n 22 | cut -c1-150
echo "== the parts loaded when first needed (with their function names, which the release"
echo "   build strips)"
ls -S "$work"/*.wasm | grep -v '/app.wasm$' | head -n 12 | while read -r f; do
  printf '%9d  %s\n' "$(stat -c %s "$f")" "$(basename "$f")"
done
