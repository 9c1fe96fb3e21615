"""On an incremental build, data tests check what changed (issue #16).

macros/quality/changed_rows_where.sql: a build given --event-time-start without
--full-refresh (certgap publish's incremental build) filters each row-level test
of a model configured with an `event_time` to the rows dated from 31 days before
the window; a full build, and a comparison test, read every row. Shown on a copy
of the session build, with a duplicate planted in int_activity_days (event_time
activity_date) outside the window, then one inside it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest
from certgap_testkit import Build, failure_messages, run_dbt

GRAIN_TEST = "int_activity_days,test_name:unique_combination"
COMPARISON_TEST = "stg_okta__ai_sso_events,test_name:reconciles_with_raw"


@pytest.fixture
def copied(built_sample: Build, tmp_path: Path) -> Build:
    build = Build(
        raw_dir=built_sample.raw_dir,
        db_path=tmp_path / "certgap.duckdb",
        target_path=tmp_path / "target",
    )
    shutil.copyfile(built_sample.db_path, build.db_path)
    return build


def plant_duplicate_of_day(build: Build, day: str) -> dt.date:
    """Insert a second copy of a row of int_activity_days: the first of `day`
    ('min' or 'max' activity_date)."""
    with duckdb.connect(str(build.db_path)) as con:
        (planted,) = con.sql(
            f"select {day}(activity_date) from intermediate.int_activity_days"
        ).fetchall()[0]
        con.execute(
            "insert into intermediate.int_activity_days "
            "select * from intermediate.int_activity_days where activity_date = ? limit 1",
            [planted],
        )
    return planted


def grain_test_fails(build: Build, *window: str) -> bool:
    result = run_dbt(build, ["build", "--select", GRAIN_TEST, *window])
    statuses = [str(r.status) for r in result.result.results if r.node.resource_type == "test"]
    assert len(statuses) == 1, statuses
    return statuses == ["fail"]


def newest_day(build: Build) -> dt.date:
    with duckdb.connect(str(build.db_path), read_only=True) as con:
        return con.sql("select max(activity_date) from intermediate.int_activity_days").fetchall()[
            0
        ][0]


def window(build: Build, start: dt.date, *, full_refresh: bool = False) -> list[str]:
    end = newest_day(build) + dt.timedelta(days=1)
    args = ["--event-time-start", start.isoformat(), "--event-time-end", end.isoformat()]
    return [*args, "--full-refresh"] if full_refresh else args


def test_an_incremental_build_tests_only_the_rows_of_its_window(copied: Build) -> None:
    oldest = plant_duplicate_of_day(copied, "min")
    start = oldest + dt.timedelta(days=60)  # the filter reads from 31 days before
    assert grain_test_fails(copied), "a plain build tests every row"
    assert grain_test_fails(copied, *window(copied, start, full_refresh=True)), (
        "a full refresh tests every row"
    )
    assert not grain_test_fails(copied, *window(copied, start)), (
        "the incremental build tested rows older than its window"
    )
    plant_duplicate_of_day(copied, "max")
    assert grain_test_fails(copied, *window(copied, start)), (
        "the incremental build missed a duplicate inside its window"
    )


def test_a_comparison_test_reads_every_row_in_any_build(copied: Build) -> None:
    start = newest_day(copied) - dt.timedelta(days=10)
    selected = ["--select", COMPARISON_TEST, GRAIN_TEST]
    result = run_dbt(copied, ["build", *selected, *window(copied, start)])
    assert result.success, failure_messages(result)
    compiled = copied.target_path / "compiled"
    (comparison,) = compiled.rglob("reconciles_with_raw_stg_okta_*.sql")
    assert "dbt_subquery" not in comparison.read_text()
    (grain,) = compiled.rglob("unique_combination_int_activit*.sql")
    since = (start - dt.timedelta(days=31)).isoformat()
    assert f"activity_date >= cast('{since}' as date)) dbt_subquery" in grain.read_text()
