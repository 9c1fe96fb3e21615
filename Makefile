# certgap — every entry point. `make demo` and `make test` are the two that matter.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        ?= .venv
PYTHON      ?= python3
BIN         := $(VENV)/bin
DBT         := $(BIN)/dbt
CERTGAP     := $(BIN)/certgap

export DBT_PROFILES_DIR     := $(CURDIR)/profiles
export CERTGAP_RAW_DIR      ?= data/raw
export CERTGAP_DB           ?= warehouse/certgap.duckdb

EMPLOYEES ?= 2000
DAYS      ?= 270
SEED      ?= 42

.PHONY: help install install-spark sample build demo test lint pytest test-spark portable-sql bench clean contracts
.PHONY: browser report docs backfill

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# The package (src/certgap, the `certgap` command) goes in editable, so an edit
# to src/ needs no reinstall. It is built with the setuptools pinned in
# requirements.txt, without build isolation: nothing is downloaded for it.
$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

install: $(VENV)/.installed  ## create .venv with the pinned stack and the certgap command

# dbt-spark + pyspark (~500 MB) only for the Spark parity tests; constrained by
# requirements.txt so it can never move a main pin.
$(VENV)/.installed-spark: $(VENV)/.installed requirements-spark.txt
	$(BIN)/python -m pip install --quiet -c requirements.txt -r requirements-spark.txt
	touch $@

install-spark: $(VENV)/.installed-spark  ## add dbt-spark + pyspark to .venv (needs Java 17)

# ralph (a real LRS, for the extractor's tests) pins click and importlib-metadata
# below what dbt-core needs, so it lives in a venv of its own.
.venv-ralph/.installed: requirements-lrs.txt
	$(PYTHON) -m venv .venv-ralph
	.venv-ralph/bin/python -m pip install --quiet -r requirements-lrs.txt
	touch $@

$(CERTGAP_RAW_DIR)/truth.json: | $(VENV)/.installed
	$(CERTGAP) generate --out $(CERTGAP_RAW_DIR) \
		--employees $(EMPLOYEES) --days $(DAYS) --seed $(SEED)

sample: $(CERTGAP_RAW_DIR)/truth.json  ## generate the default sample (2,000 employees x 270 days)

build: install sample  ## dbt build into a fresh file, then publish it as $(CERTGAP_DB)
	$(CERTGAP) publish --db $(CERTGAP_DB)

# The raw_files_loaded test names raw files that arrived or changed for days
# before the window an incremental build re-reads; this reloads them.
backfill: install  ## reload the raw files dated SINCE=YYYY-MM-DD on, then publish (incremental)
	@test -n "$(SINCE)" || { echo "make backfill: say from which day, e.g. make backfill SINCE=2026-03-01" >&2; exit 1; }
	$(CERTGAP) publish --db $(CERTGAP_DB) --since $(SINCE)

demo: build  ## install, generate, build, and show where the marts are
	@$(CERTGAP) demo

REPORT ?= reports/certification_gap.html

# Reads the published database read-only; without one it stops and says to run
# `make demo` (rather than depending on `build`, which would rebuild every time).
report: install  ## write $(REPORT): the six questions, one offline HTML file
	$(CERTGAP) report --db $(CERTGAP_DB) --out $(REPORT)
	@echo "open $(REPORT) in a browser (works offline)"

docs: install  ## dbt docs (catalog from $(CERTGAP_DB)) into target/; open target/static_index.html
	@test -f $(CERTGAP_DB) || { echo "make docs: $(CERTGAP_DB) not found; run \`make demo\` (or \`make build\`) first" >&2; exit 1; }
	$(DBT) docs generate --static
	@echo "open target/static_index.html offline, or serve it: $(DBT) docs serve --port 8080"

lint: install  ## sqlfluff and ruff
	$(BIN)/sqlfluff lint --processes 2 models tests analyses
	$(BIN)/ruff check src tests/python
	$(BIN)/ruff format --check src tests/python

# Debian's chromium + chromedriver for the report's browser test (Playwright's
# own browser download does not work offline). CI runs as root on Debian.
CHROMIUM     ?= /usr/bin/chromium
CHROMEDRIVER ?= /usr/bin/chromedriver

browser:  ## install Debian's chromium + chromedriver (for the report's browser test)
	@if [ -x $(CHROMIUM) ] && [ -x $(CHROMEDRIVER) ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "chromium is missing: run  sudo apt-get update && sudo apt-get install -y chromium chromium-driver" >&2; exit 1; \
	fi; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver

# Two pytest-xdist workers, as many as CI's cores; a test file runs on one
# worker, so its module fixtures (a build each) are made once. (xdist's
# loadgroup would keep the session build's readers together too, but its
# groups are lost under pytest 9: it renames a field pytest no longer reads.)
PYTEST_WORKERS ?= 2

pytest: install .venv-ralph/.installed browser  ## the Python test suite (builds its own samples)
	CERTGAP_REQUIRE_RALPH=1 $(BIN)/pytest -m "not spark" -n $(PYTEST_WORKERS) --dist loadfile

test-spark: install-spark  ## build on DuckDB and Spark from the same files, compare relations
	@command -v java >/dev/null || { echo "test-spark needs Java 17 (apt-get install -y openjdk-17-jre-headless)" >&2; exit 1; }
	CERTGAP_REQUIRE_SPARK=1 $(BIN)/pytest -m spark

.PHONY: validate
validate: install  ## GX checkpoint over the built $(CERTGAP_DB): summary table, Data Docs in target/gx_data_docs
	$(CERTGAP) validate --db $(CERTGAP_DB) --docs-dir target/gx_data_docs

# EMPLOYEES=100000 on the command line still wins over these defaults.
bench: EMPLOYEES = 10000
bench: DAYS = 365
bench: install  ## time full vs incremental build vs floor vs pandas (EMPLOYEES x DAYS, default 10000 x 365)
	$(CERTGAP) bench --employees $(EMPLOYEES) --days $(DAYS) --seed $(SEED) $(BENCH_ARGS)

portable-sql: install  ## no DuckDB-only SQL outside macros/
	$(CERTGAP) check-portable-sql

# dbt's own contract check against the manifest of the previous main commit
# (see src/certgap/check_contracts.py for how the base commit is chosen).
contracts: install  ## fail on a breaking change to a contracted model without a new version
	$(CERTGAP) check-contracts

test: lint portable-sql contracts pytest test-spark  ## everything CI checks

clean:  ## remove build output (not the venv)
	rm -rf target logs warehouse
