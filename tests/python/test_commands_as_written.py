"""Lint's verdict does not depend on whether a warehouse was built. (That the
commands of the README and docs/ run from a fresh shell in the project root is
tests/python/test_docs_commands.py.)"""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
from pathlib import Path

import yaml
from certgap_testkit import REPO

SQLFLUFF = Path(sys.executable).parent / "sqlfluff"


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


def test_sqlfluff_verdict_does_not_depend_on_the_raw_files(tmp_path: Path) -> None:
    """With raw files present an event base model compiles to one reader per
    file; a year of daily files exceeds sqlfluff's parse limit (as after
    `make demo`). Lint compiles against an empty raw folder instead."""
    okta = tmp_path / "okta"
    okta.mkdir()
    for day in range(400):
        (okta / f"okta_{day:03d}.jsonl").write_text("{}\n")
    model = "models/staging/okta/base/base_okta__system_log_events__parsed.sql"
    done = subprocess.run(
        [str(SQLFLUFF), "lint", model],
        cwd=REPO,
        env={**os.environ, "CERTGAP_RAW_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
