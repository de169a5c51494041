# Every target goes through `install`, which creates .venv once and re-installs only
# when pyproject.toml changed (the stamp file records the last install).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run emulator test lint typecheck pytest bench bench-startup audit fuzz load soak clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# The emulator (:8000, demo data) and the hub with its dashboard (:8080/app), wired together.
run: install
	$(BIN)/zoomstack up

emulator: install
	$(BIN)/zoomstack emulator

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest

test: lint typecheck pytest

bench: install
	$(BIN)/python bench/emulator_http.py

bench-startup: install
	$(BIN)/python bench/startup.py

# Known vulnerabilities of the installed packages; --strict: a package it could not look up
# (PyPI's JSON API out of reach) fails it. The test suite runs the same audit and skips,
# saying why, where that API cannot be reached.
audit: install
	$(BIN)/pip-audit --strict --skip-editable --progress-spinner off

# Reliability runs with figures (bench/, never part of make test): fuzzing on a large
# budget, saturation throughput at zero errors, and a bounded five-minute soak.
fuzz: install
	$(BIN)/python bench/fuzz.py

load: install
	$(BIN)/python bench/load.py

soak: install
	$(BIN)/python bench/soak.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
