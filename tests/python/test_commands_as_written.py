"""Lint's verdict does not depend on whether a warehouse was built. (That the
commands of the README and docs/ run from a fresh shell in the project root is
tests/python/test_docs_commands.py.)"""

from __future__ import annotations

import configparser

import yaml
from certgap_testkit import REPO


def test_sqlfluff_compiles_against_an_empty_in_memory_database() -> None:
    """With a built warehouse the dbt templater would render is_incremental()
    branches, so lint could pass on a clean clone and fail after `make demo`."""
    config = configparser.ConfigParser()
    config.read(REPO / ".sqlfluff")
    target = config["sqlfluff:templater:dbt"]["target"]
    profiles = yaml.safe_load((REPO / "profiles" / "profiles.yml").read_text())
    output = profiles["certgap"]["outputs"][target]
    assert output["type"] == "duckdb"
    assert output["path"] == ":memory:"
