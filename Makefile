# Two commands set up everything on a fresh machine:
#   make demo   - run the curator workstation on a seeded in-memory data set
#   make test   - run every test (installs Python and npm test dependencies first)
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# The Cosmos-compatible test server, pinned by tests/cosmos_server/package-lock.json.
COSMOS_SERVER := tests/cosmos_server
COSMOS_STAMP := $(COSMOS_SERVER)/node_modules/.installed

.PHONY: install demo run test lint format bench clean browser

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

$(COSMOS_STAMP): $(COSMOS_SERVER)/package.json $(COSMOS_SERVER)/package-lock.json
	npm ci --prefix $(COSMOS_SERVER) --no-audit --no-fund
	touch $(COSMOS_STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/gt-tui demo

run: $(STAMP)
	$(VENV)/bin/gt-tui

# Headless Chromium for the `gt-tui serve` browser test, installed only if missing.
browser:
	@sh tests/browser/ensure-chromium.sh

test: $(STAMP) $(COSMOS_STAMP) browser
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -n 2 --dist worksteal -p no:randomly

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(STAMP)
	$(PY) -m tests.benchmarks.run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
