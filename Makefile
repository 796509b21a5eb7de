# The two commands: `make run` and `make test`. Both install what is missing first.
PORT ?= 8080
DEMO ?= 0
CARGO ?= cargo

.PHONY: run test bench wasm-sizes app setup-run setup-test lint app-linted test-units test-in-turns test-rust test-host test-postgres test-wasm test-browser test-binaries journeys run-journeys wasm-test-binaries

## Builds the app in release and starts the server on http://127.0.0.1:$(PORT); DEMO=1 adds demo users and cases.
run: setup-run app
	$(CARGO) build --release -p server
	./target/release/server --port $(PORT) $(if $(filter 1,$(DEMO)),--demo --demo-history 400,)

## Runs every test: formatting, lints, unit, integration, wasm store and browser journeys.
# Every part of the run keeps both processors busy, so it goes in three turns, and the
# journeys have theirs alone: beside the wasm tests' build, even at the lowest priority,
# they took 470–545 s against 416 s alone. The builds lint as they build (LINTED), so no
# dependency is compiled just to be checked. The temporary folders are in memory when
# the machine allows (scripts/with-test-tmp.sh).
test: setup-test
	$(CARGO) fmt --all -- --check
	./scripts/with-test-tmp.sh $(MAKE) --no-print-directory test-in-turns
	@echo "all tests passed"

# First what the journeys need, side by side, each build in its own folder so none waits
# on another's lock: the app's release build and the host's test binaries (the server the
# journeys start among them), with the app's wasm tests' build at the lowest priority.
# Then the journeys, that build paused. Then the rest side by side, at that build's
# priority: the wasm tests once their build ends, the server's suite on SQLite and on
# PostgreSQL, and the rules'. With the wasm tests' build at an equal share in the first
# turn, the journeys started about three minutes later; left to the last turn whole, it
# ran alone at the end for a minute.
test-in-turns:
	MAKE="$(MAKE)" ./scripts/test-in-turns.sh

# CI builds once, from a clean clone: incremental compilation's caches would only cost it
# time there.
ifeq ($(CI),true)
export CARGO_INCREMENTAL := 0
endif

# Clippy's driver compiles the workspace's own crates, any warning an error; the
# dependencies are compiled as by a plain build.
LINTED := RUSTC_WORKSPACE_WRAPPER=$(CURDIR)/scripts/clippy-rustc.sh

## Measures the device store, sync and the server, and prints a table (see BENCHMARKS.md).
bench:
	./scripts/bench.sh

## Prints what the app's wasm is made of: its parts, and the crates and functions that weigh most.
wasm-sizes: setup-run
	./scripts/wasm-sizes.sh

setup-run:
	./scripts/setup.sh run

setup-test:
	./scripts/setup.sh test

app:
	./scripts/build-app.sh

# The app as `app` builds it, its code linted with the features it ships with; then built
# again over itself, as a restart in the same checkout does.
app-linted:
	$(LINTED) ./scripts/build-app.sh
	$(LINTED) ./scripts/check-rebuild.sh

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy -p app --target wasm32-unknown-unknown --all-targets -- -D warnings
	$(CARGO) clippy -p app --target wasm32-unknown-unknown --features split -- -D warnings

# shared and server on the host, the server's suite once on SQLite files and once on a
# throwaway PostgreSQL cluster; the app is tested where it runs, in the browser.
# (Not `-p server`: the features of the workspace's default members would differ, and the
# same tests be built again. No doc-tests: there are none to run.)
test-rust:
	$(MAKE) --no-print-directory test-host
	$(MAKE) --no-print-directory test-postgres

test-host:
	$(LINTED) $(CARGO) test --lib --bins --tests

test-postgres:
	$(LINTED) ./scripts/with-postgres.sh $(CARGO) test --test api

# The wasm's tests, then the host's (which wait for the host's build, if it still runs).
test-units: wasm-test-binaries
	$(MAKE) --no-print-directory test-wasm
	$(MAKE) --no-print-directory test-host

# Every target of the app is built (and linted); the store's tests run in the browser.
# They build in a folder of their own: a build for wasm keeps its build scripts and macros
# in the host's folder, and would wait there for the host's build instead of running
# beside it.
# The runner gives the browser's driver 5 s to start and the tests 20 s from the page's
# load, the wasm's compiling included; beside the server's suites and its own build on a
# loaded machine either can run out with nothing wrong, so both are raised. A test that
# hangs still fails, later.
WASM_TESTS := CARGO_TARGET_DIR=$(CURDIR)/target/wasm-tests $(LINTED)
test-wasm: wasm-test-binaries
	WASM_BINDGEN_TEST_DRIVER_TIMEOUT=120 WASM_BINDGEN_TEST_TIMEOUT=300 \
	$(WASM_TESTS) $(CARGO) test -p app --target wasm32-unknown-unknown --lib --test store

wasm-test-binaries:
	$(WASM_TESTS) $(CARGO) test -p app --target wasm32-unknown-unknown --all-targets --no-run

test-browser:
	$(MAKE) --no-print-directory app
	$(MAKE) --no-print-directory journeys

# The server the journeys start is the one the integration tests built: `cargo build`
# alone would build it again, with the features of the server's dependencies alone.
test-binaries:
	$(LINTED) $(CARGO) test --all-targets --no-run

journeys: test-binaries
	$(MAKE) --no-print-directory run-journeys

# The journeys that run on PostgreSQL find the throwaway cluster in BRS_TEST_POSTGRES.
# Two files at a time: each starts its own server, browser and ports, and a journey
# mostly waits on its browser and its server, so two keep the processor busier.
run-journeys:
	./scripts/with-postgres.sh sh -c 'cd tests && node --test --test-concurrency=2'
