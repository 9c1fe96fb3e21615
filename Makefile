# certgap — every entry point. `make demo` and `make test` are the two that matter.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        ?= .venv
PYTHON      ?= python3
BIN         := $(VENV)/bin
DBT         := $(BIN)/dbt

export DBT_PROFILES_DIR     := $(CURDIR)/profiles
export CERTGAP_RAW_DIR      ?= data/raw
export CERTGAP_DB           ?= warehouse/certgap.duckdb

EMPLOYEES ?= 2000
DAYS      ?= 270
SEED      ?= 42

.PHONY: help install install-spark sample build demo test lint pytest test-spark portable-sql clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed  ## create .venv with the pinned stack

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
	$(BIN)/python scripts/generate_sources.py --out $(CERTGAP_RAW_DIR) \
		--employees $(EMPLOYEES) --days $(DAYS) --seed $(SEED)

sample: $(CERTGAP_RAW_DIR)/truth.json  ## generate the default sample (2,000 employees x 270 days)

build: install sample  ## dbt build into a fresh file, then publish it as $(CERTGAP_DB)
	$(BIN)/python scripts/publish_build.py --db $(CERTGAP_DB)

demo: build  ## install, generate, build, and show where the marts are
	@$(BIN)/python scripts/show_demo.py

lint: install  ## sqlfluff and ruff
	mkdir -p $(dir $(CERTGAP_DB))  # the dbt templater opens the database
	$(BIN)/sqlfluff lint --processes 2 models tests analyses
	$(BIN)/ruff check scripts tests/python
	$(BIN)/ruff format --check scripts tests/python

pytest: install .venv-ralph/.installed  ## the Python test suite (builds its own samples)
	CERTGAP_REQUIRE_RALPH=1 $(BIN)/pytest -m "not spark"

test-spark: install-spark  ## build on DuckDB and Spark from the same files, compare relations
	@command -v java >/dev/null || { echo "test-spark needs Java 17 (apt-get install -y openjdk-17-jre-headless)" >&2; exit 1; }
	CERTGAP_REQUIRE_SPARK=1 $(BIN)/pytest -m spark

portable-sql: install  ## no DuckDB-only SQL outside macros/
	$(BIN)/python scripts/check_portable_sql.py

test: lint portable-sql pytest test-spark  ## everything CI checks

clean:  ## remove build output (not the venv)
	rm -rf target logs warehouse
