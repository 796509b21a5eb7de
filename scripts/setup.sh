#!/usr/bin/env bash
# Installs what the project needs and is missing; skips what is present.
#   setup.sh run   — what `make run` needs: the wasm target, wasm-bindgen and the splitter
#   setup.sh test  — also Chromium, its driver, PostgreSQL, and the browser tests' npm packages
set -euo pipefail
cd "$(dirname "$0")/.."
need=${1:-test}

say() { printf '\033[1m== %s\033[0m\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen's command must be the exact version the lockfile builds the app with.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (found: ${have:-none})"
  cargo install wasm-bindgen-cli --version "$want"
fi

# The splitter cuts the app into the part every visit loads and the parts loaded when a
# page first needs them; its version goes with the splitting support Leptos builds in.
split_version=0.2.4
if ! command -v wasm-split-cli >/dev/null \
  || ! cargo install --list | grep -qx "wasm_split_cli_support v$split_version:"; then
  say "installing wasm-split-cli $split_version"
  cargo install --locked wasm_split_cli_support --version "$split_version" --features build-binary
fi

sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"

# brotli makes the app's download a fifth smaller; without it the app is served gzipped.
if ! command -v brotli >/dev/null; then
  say "installing brotli"
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq brotli; } \
    || say "brotli could not be installed: the app will be served gzipped"
fi

[ "$need" = run ] && exit 0

# The tests' builds are linted as they build, by clippy's driver; formatting is checked.
for component in clippy rustfmt; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding $component"
    rustup component add "$component"
  fi
done

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing Chromium and ChromeDriver"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver
fi

# The server's tests run a second time on a throwaway PostgreSQL cluster, and a journey
# runs two instances behind nginx (Debian's light build), which it starts itself.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  say "installing PostgreSQL"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql
fi
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  say "installing nginx"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx-light
  # A system nginx the package may have started is not needed.
  $sudo service nginx stop >/dev/null 2>&1 || true
fi

if [ ! -d tests/node_modules/playwright-core ] || [ tests/package-lock.json -nt tests/node_modules/.package-lock.json ]; then
  say "installing the browser tests' packages"
  (cd tests && npm ci --no-audit --no-fund)
fi
