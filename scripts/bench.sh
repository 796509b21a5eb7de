#!/usr/bin/env bash
# The benchmarks: builds what they measure in release, installs what they compare against
# (wrk, PouchDB and pouchdb-server), and prints one table.
#   BRS_BENCH_CASES     cases for the sync benchmark (10000)
#   BRS_BENCH_POINT_CASES  one point's cases, synced over a phone's network (2000)
#   BRS_BENCH_VISITS    runs of each phone visit and Lighthouse audit (5)
#   BRS_BENCH_DURATION  length of each load run (10s)
#   BRS_BENCH_OFFICE_CASES  requests for the head office's list (100000)
#   BRS_BENCH_IMPORT_ROWS   rows of the register brought in (10000)
#   BRS_BENCH_ONLY      one measure alone: store, sync, load, office, import, first-visit
#                       or typing
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh test

say() { printf '\033[1m== %s\033[0m\n' "$*"; }
sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
if ! command -v wrk >/dev/null; then
  say "installing wrk"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk
fi
if [ ! -d tests/bench/node_modules/lighthouse ] || [ ! -d tests/bench/node_modules/pouchdb-server ] || [ tests/bench/package-lock.json -nt tests/bench/node_modules/.package-lock.json ]; then
  say "installing PouchDB, pouchdb-server and Lighthouse"
  (cd tests/bench && npm ci --no-audit --no-fund)
fi

say "building the app and the server in release"
./scripts/build-app.sh
cargo build --release -p server

only=${BRS_BENCH_ONLY:-}
want() { [ -z "$only" ] || [ "$only" = "$1" ]; }
store="" sync="" load="" office="" import="" visit="" typing=""

if want store; then
  say "(a) the device store against raw IndexedDB"
  store=$(cargo test -p app --target wasm32-unknown-unknown --release --test bench_store \
    -- --include-ignored --nocapture 2>&1 | tee /dev/stderr | grep '^BENCH' || true)
  [ -n "$store" ] || { echo "the store benchmark printed no result" >&2; exit 1; }
fi

if want sync; then
  say "(b) the server alone applying a push of the sync's changes, in-process"
  alone=$(cargo bench -p server --bench push 2>&1 | tee /dev/stderr | grep '^BENCH')
  alone_s=$(printf '%s\n' "$alone" | sed -n 's/^[^|]*| \([0-9.]*\) s |.*/\1/p' | head -1)
  say "(b) sync against PouchDB"
  sync=$(cd tests && BRS_BENCH_SERVER_PUSH_S="$alone_s" node bench/run.mjs | tee /dev/stderr | grep '^BENCH')
  sync=$(printf '%s\n%s' "$alone" "$sync")
fi

if want load; then
  say "(c) the server under load, with and without durable acknowledgements and group commit"
  # PostgreSQL durable here, as it would be in service: commits wait for the disk.
  load=$(BRS_PG_DURABLE=1 ./scripts/with-postgres.sh sh -c 'cd tests && node bench/load.mjs' \
    | tee /dev/stderr | grep '^BENCH')
fi

if want office; then
  say "(d) the head office's list and dashboard at 100,000 requests"
  office=$(cargo bench -p server --bench office 2>&1 | tee /dev/stderr | grep '^BENCH')
  say "(d) the same on PostgreSQL"
  office_pg=$(./scripts/with-postgres.sh sh -c '
      db="brs_bench_$$"
      psql "$BRS_TEST_POSTGRES" -qc "CREATE DATABASE $db"
      BRS_BENCH_DATABASE_URL="${BRS_TEST_POSTGRES%/*}/$db" cargo bench -p server --bench office' 2>&1 | tee /dev/stderr | grep '^BENCH')
  office=$(printf '%s\n%s' "$office" "$office_pg")
fi

if want import; then
  say "(g) bringing in a register of 10,000 rows from XLSX, on SQLite and PostgreSQL"
  import=$(cargo bench -p server --bench import 2>&1 | tee /dev/stderr | grep '^BENCH')
  import_pg=$(./scripts/with-postgres.sh sh -c '
      db="brs_import_$$"
      psql "$BRS_TEST_POSTGRES" -qc "CREATE DATABASE $db"
      BRS_BENCH_DATABASE_URL="${BRS_TEST_POSTGRES%/*}/$db" cargo bench -p server --bench import' 2>&1 | tee /dev/stderr | grep '^BENCH')
  import=$(printf '%s\n%s' "$import" "$import_pg")
fi

if want first-visit; then
  say "(e) a phone's first visit: Lighthouse, and the time until the sign-up form takes typing"
  visit=$(cd tests && node bench/first_visit.mjs | tee /dev/stderr | grep '^BENCH')
fi

if want typing; then
  say "(f) a hand typing a whole request on a tablet with the processor slowed four times"
  typing=$(cd tests && node bench/typing.mjs | tee /dev/stderr | grep '^BENCH')
fi

say "results on $(nproc) cores"
printf '%s\n' "$store" "$sync" "$load" "$office" "$import" "$visit" "$typing" | grep '^BENCH' | sed 's/^BENCH //' | awk -F' [|] ' '
  BEGIN { print "| measure | ours | compared with | result |"; print "|---|---|---|---|" }
  { printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }'
