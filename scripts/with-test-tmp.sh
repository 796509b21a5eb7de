#!/usr/bin/env bash
# Runs a command with its temporary folders (the tests' databases, browser profiles and
# PostgreSQL cluster) in a folder of their own, removed when the command ends. The folder
# is in memory when the machine has a memory-backed one with room: the tests kill
# processes, never the machine, so a disk's flushes would only cost them time.
set -euo pipefail
base=${TMPDIR:-/tmp}
if [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] \
  && [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -ge $((4 * 1024 * 1024)) ]; then
  base=/dev/shm
fi
dir=$(mktemp -d "$base/brs-tests.XXXXXX")
# Readable by the PostgreSQL cluster's own user when the tests run as root.
chmod 755 "$dir"
trap 'rm -rf "$dir"' EXIT
TMPDIR=$dir "$@"
