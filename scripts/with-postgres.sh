#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: made in a temporary folder, listening
# on a free loopback port, named to the command by BRS_TEST_POSTGRES (an administrator's
# URL), and stopped and removed when the command ends, whatever its outcome.
#   scripts/with-postgres.sh cargo test --test api
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed (scripts/setup.sh test installs it)" >&2; exit 1; }

dir=$(mktemp -d -t brs-pg.XXXXXX)
# PostgreSQL refuses to run as root: the cluster then belongs to the postgres user.
as=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as=(runuser -u postgres --)
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

# A UTF-8 character type, so the trigram index of names reads Arabic letters as letters.
"${as[@]}" "$bin/initdb" -D "$dir/data" -U brs --auth=trust --locale=C.UTF-8 -E UTF8 >/dev/null
# The cluster is thrown away after the run, and the tests kill server processes, never
# PostgreSQL: flushing to disk would only slow them down. Benchmarks ask for a cluster
# that flushes, as one in service does (BRS_PG_DURABLE=1).
if [ "${BRS_PG_DURABLE:-}" = 1 ]; then
  flush=""
else
  flush="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir \
  -c listen_addresses=127.0.0.1 -c max_connections=300 $flush" start >/dev/null

export BRS_TEST_POSTGRES="postgres://brs@127.0.0.1:$port/postgres"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
"$@"
