# oneshot: the two commands of the README.
#
#   make demo   set up (.venv with bpy 5.0.1, the Rust binary, the pyo3 wheel) and
#               run the whole pipeline on the example production in examples/
#   make test   set up, then run every test: cargo, pytest in bpy 5.0.1, and the
#               add-on tests under Debian's blender 3.4.1 when it is installed
#
# Everything else here is a step of those two.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
BPY_VERSION := 5.0.1
CARGO ?= cargo
# One profile for everything (tests, the server binary, the wheel) so CI builds the dependencies once.
PROFILE := release
BIN := target/$(PROFILE)/oneshot
EXAMPLE := alley-kings
OUT := out

export ONESHOT_SERVER := $(abspath $(BIN))

.PHONY: help demo test venv build wheel cargo-test pytest blender-test lint bench clean

help:
	@echo "make demo   # set up and run the example production into $(OUT)/$(EXAMPLE)/"
	@echo "make test   # set up and run all tests"

$(VPY):
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip

# The stamp re-installs the Python side only when its requirements change.
$(VENV)/.requirements: requirements-dev.txt | $(VPY)
	$(VPY) -m pip install --quiet bpy==$(BPY_VERSION) -r requirements-dev.txt
	touch $@

venv: $(VENV)/.requirements

# The whole workspace, so features unify as in `cargo test --workspace` and nothing builds twice.
build:
	$(CARGO) build --$(PROFILE) --workspace

# The pyo3 module, built with maturin and installed into the venv.
wheel: venv
	$(VENV)/bin/maturin build --quiet --$(PROFILE) -m ipc/python/Cargo.toml -o target/wheels
	$(VPY) -m pip install --quiet --force-reinstall --no-deps target/wheels/oneshot_ipc-*.whl

# The production: pictures through Blender, then the paperwork next to them.
demo: venv build wheel
	$(VPY) examples/run.py -- --script examples/$(EXAMPLE).fountain \
		--production examples/$(EXAMPLE).toml --out $(OUT)/$(EXAMPLE)
	$(BIN) breakdown examples/$(EXAMPLE).fountain --format html -o $(OUT)/$(EXAMPLE)/breakdown.html
	$(BIN) schedule examples/$(EXAMPLE).fountain --production examples/$(EXAMPLE).toml \
		--plan $(OUT)/$(EXAMPLE)/plan.json -o $(OUT)/$(EXAMPLE)/schedule
	$(BIN) continuity examples/$(EXAMPLE).fountain --production examples/$(EXAMPLE).toml \
		-o $(OUT)/$(EXAMPLE)/continuity

cargo-test:
	$(CARGO) test --$(PROFILE) --workspace

pytest: venv build wheel
	$(VPY) -m pytest -q ipc/python/tests tests

blender-test: build wheel
	@if command -v blender >/dev/null; then \
		tests/blender/run_blender_tests.sh; \
	else \
		echo "blender-test: Debian's blender is not installed; skipping the Blender 3.4 add-on tests"; \
	fi

test: cargo-test pytest blender-test

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

bench:
	$(CARGO) bench --workspace

clean:
	rm -rf $(VENV) $(OUT) target/wheels
