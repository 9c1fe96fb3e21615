"""Session fixtures: one small generated sample, built once, shared by the tests."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from certgap_testkit import (
    WITHOUT_UNIT_TESTS,
    Build,
    build_sample,
    failure_messages,
    generate_sample,
    run_dbt,
)

# pyspark (installed by `make test-spark`) takes a process whose __main__ has no
# file for a doctest run, and exits when great_expectations imports it: the
# workers of pytest-xdist (`make pytest` runs two, a test file to a worker)
# are such processes.
_main = sys.modules["__main__"]
if getattr(_main, "__spec__", None) is None and not hasattr(_main, "__file__"):
    _main.__file__ = "<pytest-xdist worker>"

# Small enough to build in well under a minute, large enough that every
# program has completers and every source has rows.
CANARY = "CANARY-7f3a-never-stage-prompts"
SAMPLE = {
    "employees": 600,
    "days": 150,
    "seed": 7,
    "extra_args": ("--prompt-canary", CANARY),
}


@pytest.fixture(scope="session")
def sample_raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_sample(tmp_path_factory.mktemp("raw"), **SAMPLE)


@pytest.fixture(scope="session")
def built_sample(sample_raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("build")
    build = Build(
        raw_dir=sample_raw_dir,
        db_path=work / "certgap.duckdb",
        target_path=work / "target",
    )
    # The one build of the suite that runs dbt's unit tests too.
    build_sample(build, unit_tests=True)
    return build


# Records written by hand in the shapes public specs and vendor docs publish
# (tests/fixtures/real_exports/README.md), built once: `dbt run`, then
# `dbt test` kept apart so one failing data test does not skip the models
# the other assertions read.
REAL_EXPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "real_exports"


@dataclass(frozen=True)
class RealExportsBuild:
    build: Build
    test_failures: list[str]


@pytest.fixture(scope="session")
def real_exports(tmp_path_factory: pytest.TempPathFactory) -> RealExportsBuild:
    work = tmp_path_factory.mktemp("real_exports")
    raw_dir = work / "raw"
    shutil.copytree(REAL_EXPORTS, raw_dir, ignore=shutil.ignore_patterns("*.md"))
    build = Build(raw_dir=raw_dir, db_path=work / "certgap.duckdb", target_path=work / "target")
    for step in (["seed"], ["run"]):
        result = run_dbt(build, step)
        assert result.success, f"dbt {step[0]} failed:\n" + "\n".join(failure_messages(result))
    tested = run_dbt(build, ["test", *WITHOUT_UNIT_TESTS])
    return RealExportsBuild(build=build, test_failures=failure_messages(tested))
