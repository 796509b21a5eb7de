#!/usr/bin/env bash
# Runs `make test`'s turns (see the Makefile). The wasm tests' build starts at once at the
# lowest priority: the first turn's builds leave it the processor the app's long link
# does not use. It is paused while the journeys run, since even at that priority it took
# their time, and goes on beside the suites, at their priority.
set -euo pipefail
make=${MAKE:-make}

# In a process group of its own, so its compilers pause and resume with it. (Job control
# gives it one; a session of its own, as `setsid` gives, would have it scheduled apart
# from the rest at an equal share, whatever its priority.)
set -m
nice -n 19 "$make" --no-print-directory wasm-test-binaries &
wasm=$!
set +m
# Whatever ends the run, the build is neither left paused nor left running.
trap 'kill -CONT -- "-$wasm" 2>/dev/null || true; kill -- "-$wasm" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM

"$make" --no-print-directory -j2 --output-sync=line app-linted test-binaries
kill -STOP -- "-$wasm" 2>/dev/null || true
"$make" --no-print-directory run-journeys
kill -CONT -- "-$wasm" 2>/dev/null || true
# The wasm tests wait for their build to end: cargo waits for the folder it holds. The
# suites run at the build's priority, not above it: above it, they left it nearly all of
# its work, and it ran alone for a minute and a half after them, mostly on one processor.
nice -n 19 "$make" --no-print-directory -j3 --output-sync=line test-postgres test-host test-wasm
wait "$wasm"
