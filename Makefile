# Interleave's tasks. `make run` and `make test` are the two commands a fresh
# Debian 12 machine needs; both install what is missing first.

CARGO ?= cargo
APP := target/release/interleave-app
RUST_TESTED := -p interleave-engine -p interleave-cli -p interleave-api

.PHONY: deps ui app run test test-rust test-ui test-e2e bench bindings cli clean

deps:
	bash scripts/install-deps.sh

ui: deps
	cd ui && npm run build

app: ui
	$(CARGO) build --release -p interleave-app

cli:
	$(CARGO) build --release -p interleave-cli

run: app
	./$(APP)

## Every test: Rust (engine, CLI, API, bindings), the UI's unit tests, and the
## end-to-end tests driving the real release binary under Xvfb.
test: deps test-rust test-ui test-e2e

test-rust:
	$(CARGO) clippy $(RUST_TESTED) --all-targets -- -D warnings
	$(CARGO) test $(RUST_TESTED)
	@# The engine and the API know nothing of Tauri: no crate named tauri* below them.
	$(CARGO) tree -p interleave-engine -e normal --prefix none --format '{p}' | { ! grep -E '^(tauri|wry|webkit)'; }
	$(CARGO) tree -p interleave-api -e normal --prefix none --format '{p}' | { ! grep -E '^(tauri|wry|webkit)'; }

test-ui: deps
	cd ui && npm run check && npm test

test-e2e: app
	xvfb-run -a -s "-screen 0 1280x800x24" python3 e2e/run.py

bench:
	$(CARGO) bench -p interleave-engine --bench explore

bindings:
	UPDATE_BINDINGS=1 $(CARGO) test -p interleave-api --test bindings

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules
