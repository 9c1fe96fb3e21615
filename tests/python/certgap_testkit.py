"""Helpers the Python tests share: generate a sample, build it with dbt, query it.

Every build goes into its own temporary DuckDB file and target folder, so
tests never touch `warehouse/` or each other.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from dbt.cli.main import dbtRunner, dbtRunnerResult

from certgap import publish_build
from certgap.raw_window import event_time_args

REPO = Path(__file__).resolve().parents[2]
# The installed command, run as `python -m certgap` so the test's interpreter is used.
CERTGAP = (sys.executable, "-m", "certgap")
# dbt's unit tests check the SQL against fixed fixtures, not the data: the
# session sample's build runs them once (conftest.built_sample); every other
# sample build leaves them out (about a minute each).
WITHOUT_UNIT_TESTS = ("--exclude-resource-type", "unit_test")


def generate_sample(
    out: Path,
    *,
    employees: int,
    days: int,
    seed: int,
    bad_rows: float = 0.0,
    extra_args: Sequence[str] = (),
) -> Path:
    """Run the sample generator into `out` (skipped if it already holds a sample)."""
    if (out / "truth.json").exists():
        return out
    cmd = [
        *CERTGAP,
        "generate",
        "--out",
        str(out),
        "--employees",
        str(employees),
        "--days",
        str(days),
        "--seed",
        str(seed),
        "--bad-rows",
        str(bad_rows),
        "--quiet",
        *extra_args,
    ]
    subprocess.run(cmd, check=True, cwd=REPO)
    return out


@dataclass(frozen=True)
class Build:
    """One dbt build: where its raw files, database and artefacts are."""

    raw_dir: Path
    db_path: Path
    target_path: Path

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.db_path), read_only=True)

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        with closing_connection(self) as con:
            return con.sql(sql).fetchall()

    def scalar(self, sql: str) -> Any:
        rows = self.query(sql)
        assert len(rows) == 1 and len(rows[0]) == 1, f"not a scalar: {sql}"
        return rows[0][0]


@contextmanager
def closing_connection(build: Build) -> Iterator[duckdb.DuckDBPyConnection]:
    con = build.connect()
    try:
        yield con
    finally:
        con.close()


@contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of a block (dbt reads them)."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


# dbt parses the whole project (about 14 CPU seconds here) unless the target folder
# holds a partial_parse.msgpack. A new target folder gets the one the last invocation
# with the same project, raw folder, database and --vars left; dbt checks its state
# (vars, profile, env vars, every file's checksum) and re-parses whatever differs.
_PARSED: dict[tuple[str, ...], Path] = {}


@contextmanager
def reused_parse(key: tuple[str, ...], target: Path) -> Iterator[None]:
    saved = target / "partial_parse.msgpack"
    last = _PARSED.get(key)
    if last is not None and last != saved and last.exists() and not saved.exists():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(last, saved)
    try:
        yield
    finally:
        if saved.exists():
            _PARSED[key] = saved


def run_dbt(
    build: Build,
    args: Sequence[str],
    *,
    dbt_vars: dict[str, Any] | None = None,
    project_dir: Path = REPO,
) -> dbtRunnerResult:
    """Invoke dbt in-process against `build`'s raw folder and database."""
    full_args = [
        *args,
        "--project-dir",
        str(project_dir),
        "--profiles-dir",
        str(project_dir / "profiles"),
        "--target-path",
        str(build.target_path),
        "--log-path",
        str(build.target_path / "logs"),
    ]
    if dbt_vars:
        full_args += ["--vars", json.dumps(dbt_vars)]
    key = (str(project_dir), str(build.raw_dir), str(build.db_path), json.dumps(dbt_vars))
    with (
        environment(
            {
                "CERTGAP_RAW_DIR": str(build.raw_dir),
                "CERTGAP_DB": str(build.db_path),
                "CERTGAP_TARGET": "duckdb",
            }
        ),
        reused_parse(key, build.target_path),
    ):
        try:
            return dbtRunner().invoke(full_args)
        finally:
            release_dbt_duckdb()


def release_dbt_duckdb() -> None:
    """dbt-duckdb keeps its DuckDB connection open after an in-process run; close it
    so the tests can open the file (read-only, a different configuration)."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        if DuckDBConnectionManager._ENV is not None:
            DuckDBConnectionManager._ENV.close()
            DuckDBConnectionManager._ENV = None


def failure_messages(result: dbtRunnerResult) -> list[str]:
    """The messages of every node that errored or failed, for assertions."""
    messages = []
    if result.exception is not None:
        messages.append(str(result.exception))
    for node_result in getattr(result.result, "results", None) or []:
        if str(node_result.status) in {"error", "fail"}:
            messages.append(f"{node_result.node.unique_id}: {node_result.message}")
    return messages


def files_window(raw_dir: Path) -> list[str]:
    """The arguments `certgap publish` gives dbt for a new file: --full-refresh and
    the raw files' own days as the microbatch window (see build_sample)."""
    return ["--full-refresh", *event_time_args(raw_dir, full_refresh=True)]


def build_sample(
    build: Build, *, dbt_vars: dict[str, Any] | None = None, unit_tests: bool = False
) -> None:
    """`dbt build` the whole project (its unit tests only if asked) as `certgap
    publish` builds a new file: the microbatch models over the raw files' own
    days (raw_window.event_time_args), not a batch for every month from
    raw_files_begin to today (24 a model, most empty: about 20 s a build), and
    --full-refresh, so that every data test reads every row. Fail the test with
    dbt's own messages. (A plain `dbt build` over every month is the reference
    the incremental tests compare publish with: test_incremental,
    test_seats_microbatch.)"""
    build.db_path.parent.mkdir(parents=True, exist_ok=True)
    args = ["build", *files_window(build.raw_dir)]
    if not unit_tests:
        args += WITHOUT_UNIT_TESTS
    result = run_dbt(build, args, dbt_vars=dbt_vars)
    assert result.success, "dbt build failed:\n" + "\n".join(failure_messages(result))


def publish(
    raw_dir: Path, db: Path, target: Path, *dbt_args: str, since: dt.date | None = None
) -> int:
    """`certgap publish --db db [--since since] -- dbt_args`, in-process, as `make build`
    runs it (unit tests left out unless `dbt_args` choose resource types); its exit status."""
    args = [
        "--project-dir",
        str(REPO),
        "--profiles-dir",
        str(REPO / "profiles"),
        "--target-path",
        str(target),
        "--log-path",
        str(target / "logs"),
        *dbt_args,
    ]
    env = {
        "CERTGAP_RAW_DIR": str(raw_dir),
        # publish_build points CERTGAP_DB at its building file; restored after
        "CERTGAP_DB": str(db),
        "CERTGAP_TARGET": "duckdb",
        "DBT_PROFILES_DIR": str(REPO / "profiles"),
    }
    key = (str(REPO), str(raw_dir), str(db), *(a for a in dbt_args if a.startswith("{")))
    with environment(env), reused_parse(key, target):
        try:
            return publish_build.publish(db, args, since=since)
        finally:
            release_dbt_duckdb()
