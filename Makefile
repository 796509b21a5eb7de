# The two commands: `make run` and `make test`. Both install what is missing first.
PORT ?= 8080
DEMO ?= 0
CARGO ?= cargo

.PHONY: run test bench app setup-run setup-test checks lint test-rust test-wasm test-browser journeys

## Builds the app in release and starts the server on http://127.0.0.1:$(PORT); DEMO=1 adds demo users and cases.
run: setup-run app
	$(CARGO) build --release -p server
	./target/release/server --port $(PORT) $(if $(filter 1,$(DEMO)),--demo --demo-history 400,)

## Runs every test: formatting, lints, unit, integration, wasm store and browser journeys.
# The release build of the app runs beside the checks: it has a build directory of its own,
# and its last, single-threaded step would otherwise leave a core idle.
test: setup-test
	$(MAKE) --no-print-directory -j2 --output-sync=line checks app
	$(MAKE) --no-print-directory journeys
	@echo "all tests passed"

# One after another: they share the debug build directory.
checks:
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-rust
	$(MAKE) --no-print-directory test-wasm

## Measures the device store, sync and the server, and prints a table (see BENCHMARKS.md).
bench:
	./scripts/bench.sh

setup-run:
	./scripts/setup.sh run

setup-test:
	./scripts/setup.sh test

app:
	./scripts/build-app.sh

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy -p app --target wasm32-unknown-unknown --all-targets -- -D warnings

# shared and server on the host; the app is tested where it runs, in the browser.
test-rust:
	$(CARGO) test

test-wasm:
	$(CARGO) test -p app --target wasm32-unknown-unknown --lib --test store

test-browser:
	$(MAKE) --no-print-directory app
	$(MAKE) --no-print-directory journeys

# The server the journeys start is the one the integration tests built: `cargo build`
# alone would build it again, with the features of the server's dependencies alone.
journeys:
	$(CARGO) test --no-run
	cd tests && node --test --test-concurrency=1
