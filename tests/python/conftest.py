"""Session fixtures: one small generated sample, built once, shared by the tests."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sys
from collections.abc import Callable
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


def made_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]
) -> Path:
    """A folder `make` fills once per test run, shared by the xdist workers.

    Under `--dist loadfile` each worker is a process of its own with its own
    session fixtures: without this, every worker that reaches a test of the
    session build generated and built the sample again (about 65 CPU-seconds
    each). The first worker makes the folder under a lock; the others wait for
    it and read what it made.
    """
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above each worker's popen-gwN
    folder = shared / f"shared-{name}"
    done = shared / f"shared-{name}.done"
    with open(shared / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a worker that failed half-way
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def own_copy(build: Build, tmp_path_factory: pytest.TempPathFactory, name: str) -> Build:
    """`build` with its database and target folder copied for this worker alone
    (its raw folder stays shared: the tests only read it). Tests open the
    database read-write (dbt show, compile, mf query): one worker's lock on the
    file must not fail another worker's read. Without xdist the build is the
    worker's own already."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return build
    work = tmp_path_factory.mktemp(name)
    shutil.copytree(build.target_path, work / "target")
    for path in build.db_path.parent.glob(build.db_path.name + "*"):  # and its .wal
        shutil.copy2(path, work / path.name)
    return Build(
        raw_dir=build.raw_dir, db_path=work / build.db_path.name, target_path=work / "target"
    )


@pytest.fixture(scope="session")
def sample_raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return made_once(tmp_path_factory, "raw", lambda out: generate_sample(out, **SAMPLE))


def _build_sample(work: Path, raw_dir: Path) -> None:
    # The one build of the suite that runs dbt's unit tests too.
    build_sample(_sample_build(work, raw_dir), unit_tests=True)


def _sample_build(work: Path, raw_dir: Path) -> Build:
    return Build(raw_dir=raw_dir, db_path=work / "certgap.duckdb", target_path=work / "target")


@pytest.fixture(scope="session")
def built_sample(sample_raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = made_once(tmp_path_factory, "build", lambda out: _build_sample(out, sample_raw_dir))
    return own_copy(_sample_build(work, sample_raw_dir), tmp_path_factory, "build")


# Records written by hand in the shapes public specs and vendor docs publish
# (tests/fixtures/real_exports/README.md), built once: `dbt run`, then
# `dbt test` kept apart so one failing data test does not skip the models
# the other assertions read.
REAL_EXPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "real_exports"


@dataclass(frozen=True)
class RealExportsBuild:
    build: Build
    test_failures: list[str]


def _build_real_exports(work: Path) -> None:
    raw_dir = work / "raw"
    shutil.copytree(REAL_EXPORTS, raw_dir, ignore=shutil.ignore_patterns("*.md"))
    build = _sample_build(work, raw_dir)
    for step in (["seed"], ["run"]):
        result = run_dbt(build, step)
        assert result.success, f"dbt {step[0]} failed:\n" + "\n".join(failure_messages(result))
    tested = run_dbt(build, ["test", *WITHOUT_UNIT_TESTS])
    (work / "test_failures.json").write_text(json.dumps(failure_messages(tested)))


@pytest.fixture(scope="session")
def real_exports(tmp_path_factory: pytest.TempPathFactory) -> RealExportsBuild:
    work = made_once(tmp_path_factory, "real_exports", _build_real_exports)
    build = own_copy(_sample_build(work, work / "raw"), tmp_path_factory, "real_exports")
    failures = json.loads((work / "test_failures.json").read_text())
    return RealExportsBuild(build=build, test_failures=failures)
