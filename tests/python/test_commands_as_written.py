"""The commands the README shows work from a fresh shell in the project root,
and lint's verdict does not depend on whether a warehouse was built."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
from pathlib import Path

import yaml
from certgap_testkit import REPO

DBT = Path(sys.executable).parent / "dbt"


def test_dbt_runs_from_a_fresh_shell_without_dbt_profiles_dir(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBT_", "CERTGAP_"))}
    env["HOME"] = str(tmp_path)  # no ~/.dbt to fall back on
    done = subprocess.run(
        [str(DBT), "parse", "--target-path", str(tmp_path / "target")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


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
