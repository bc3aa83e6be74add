# Interleave's tasks. `make run` and `make test` are the two commands a fresh
# Debian 12 machine needs; both install what is missing first.

CARGO ?= cargo
APP := target/release/interleave-app
RUST_TESTED := -p interleave-engine -p interleave-cli -p interleave-api -p interleave-figure

.PHONY: deps ui app app-quick run test test-rust test-ui test-e2e test-installed bench bench-app deb bindings cli clean

deps:
	bash scripts/install-deps.sh

ui: deps
	cd ui && npm run build

# The production build `tauri build` would make (tauri/custom-protocol), with
# every command no capability allows compiled out: tauri.conf.json's
# build.removeUnusedCommands reaches plain cargo only through this variable.
app: ui
	REMOVE_UNUSED_COMMANDS=$(CURDIR)/src-tauri $(CARGO) build --release -p interleave-app --features tauri/custom-protocol

## The same app without LTO, into target/quick/, for iterating on the UI; drive it
## with INTERLEAVE_APP=target/quick/interleave-app.
app-quick: ui
	REMOVE_UNUSED_COMMANDS=$(CURDIR)/src-tauri $(CARGO) build --profile quick -p interleave-app --features tauri/custom-protocol

cli:
	$(CARGO) build --release -p interleave-cli

run: app
	./$(APP)

## Every test: Rust (engine, CLI, API, bindings), the UI's unit tests, and the
## end-to-end tests driving the real release binary under Xvfb.
test: deps test-rust test-ui test-e2e

test-rust:
	$(CARGO) fmt --all --check
	$(CARGO) clippy $(RUST_TESTED) --all-targets -- -D warnings
	$(CARGO) test $(RUST_TESTED)
	@# The engine and the API know nothing of Tauri: no crate named tauri* below them.
	$(CARGO) tree -p interleave-engine -e normal --prefix none --format '{p}' | { ! grep -E '^(tauri|wry|webkit)'; }
	$(CARGO) tree -p interleave-api -e normal --prefix none --format '{p}' | { ! grep -E '^(tauri|wry|webkit)'; }

test-ui: deps
	cd ui && npm run check && npm test

## End-to-end: pytest + selenium drive the release binary (or INTERLEAVE_APP)
## through WebKitWebDriver under Xvfb.
XVFB := xvfb-run -a -s "-screen 0 1280x800x24"
E2E := $(XVFB) python3 -m pytest e2e -q
test-e2e: app
	$(E2E)

## The binary the .deb installed, launched once: the suite's launch test.
INSTALLED_APP ?= /usr/bin/interleave-app
test-installed:
	INTERLEAVE_APP=$(INSTALLED_APP) $(E2E) -k test_launch

## A .deb by Tauri's bundler, from the binary `make app` built (no rebuild).
DEB_DIR := target/release/bundle/deb
deb: app
	rm -f $(DEB_DIR)/*.deb
	cd src-tauri && ../ui/node_modules/.bin/tauri bundle --bundles deb --ci
	@ls -l $(DEB_DIR)/*.deb

## Launch time, save-to-redraw and memory (PSS) of the release app, against a
## blank Tauri 2 window: an example of the shell's crate (src-tauri/examples),
## built with the same features and release profile into the same target/.
bench-app: app
	REMOVE_UNUSED_COMMANDS=$(CURDIR)/src-tauri $(CARGO) build --release -p interleave-app --example blank_window --features tauri/custom-protocol
	$(XVFB) python3 e2e/bench_app.py

bench:
	$(CARGO) bench -p interleave-engine --bench explore

bindings:
	UPDATE_BINDINGS=1 $(CARGO) test -p interleave-api --test bindings

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules
