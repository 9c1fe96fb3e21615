"""Seat lists and LRS loaded with dbt's microbatch strategy on the file date (issue #16).

A page of an old pull that arrives after the days it belongs to were built is
outside the window an incremental build re-reads: it is not loaded, and the
raw_files_loaded test names it (so does it an old LRS file that arrives late
with a voiding statement in it), with `make backfill SINCE=<its day>`, as a
warning by default and as an error (the build fails, the published file is
left as it was) when var raw_files_check_severity says so. `certgap publish
--since` (what `make backfill` runs) then loads it: the warehouse equals a
full build of the same files, relation by relation.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from certgap_testkit import (
    REPO,
    Build,
    environment,
    generate_sample,
    release_dbt_duckdb,
    run_dbt,
)
from test_incremental import VOIDED_VERB, file_day, read_lines, relation_rows, relations

from certgap import publish_build

SEATS = "ai_seats"
LRS = "lrs"
CHECK = "raw_files_loaded"


def publish(raw: Path, db: Path, target: Path, *extra: str, since: dt.date | None = None) -> int:
    """`certgap publish` in-process, data tests included (the check is one)."""
    args = [
        "--project-dir",
        str(REPO),
        "--profiles-dir",
        str(REPO / "profiles"),
        "--target-path",
        str(target),
        "--log-path",
        str(target / "logs"),
        "--exclude-resource-type",
        "unit_test",
        *extra,
    ]
    env = {
        "CERTGAP_RAW_DIR": str(raw),
        "CERTGAP_TARGET": "duckdb",
        "DBT_PROFILES_DIR": str(REPO / "profiles"),
    }
    with environment(env):
        try:
            return publish_build.publish(db, args, since=since)
        finally:
            release_dbt_duckdb()


def dbt_log(target: Path) -> str:
    return (target / "logs" / "dbt.log").read_text(encoding="utf-8")


def check_lines(target: Path) -> list[str]:
    return [line for line in dbt_log(target).splitlines() if "raw file(s) not as loaded" in line]


@pytest.fixture(scope="module")
def late_page(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("seats_microbatch")
    sample = generate_sample(work / "sample", employees=250, days=60, seed=11)
    raw = work / "raw"
    shutil.copytree(sample, raw)
    pages = sorted((raw / SEATS).iterdir())
    days = sorted({file_day(p) for p in pages})
    assert len(days) >= 3, f"the sample has too few seat pulls: {days}"
    late = next(p for p in pages if file_day(p) == days[0])  # the first pull's first page
    held = work / late.name
    late.rename(held)
    # the first LRS file, on or after that day and before the months an
    # incremental build re-reads (from 3 days before the newest), that voids
    statements = sorted((raw / LRS).iterdir(), key=file_day)
    window = (max(map(file_day, [*pages, *statements])) - dt.timedelta(days=3)).replace(day=1)
    late_lrs = next(
        p
        for p in statements
        if days[0] <= file_day(p) < window and any(VOIDED_VERB in line for line in read_lines(p))
    )
    held_lrs = work / late_lrs.name
    late_lrs.rename(held_lrs)

    published = work / "published" / "certgap.duckdb"
    published.parent.mkdir()
    assert publish(raw, published, work / "t_first") == 0
    held.rename(late)  # arrives now, a month and more after its day was built
    held_lrs.rename(late_lrs)

    warned = work / "t_warn"
    assert publish(raw, published, warned) == 0, "a warning failed the build"
    return {
        "raw": raw,
        "published": published,
        "late": late,
        "late_lrs": late_lrs,
        "work": work,
        "warned": warned,
    }


def test_a_late_page_outside_the_window_is_named_not_loaded(late_page: dict[str, Any]) -> None:
    late: Path = late_page["late"]
    # each model's check logs its own line
    lines = [line for line in check_lines(late_page["warned"]) if "page_seats:" in line]
    assert lines, f"{CHECK} did not warn:\n{dbt_log(late_page['warned'])[-3000:]}"
    assert f"{SEATS}/{late.name} (arrived)" in lines[-1], lines[-1]
    assert f"make backfill SINCE={file_day(late).isoformat()}" in lines[-1], lines[-1]
    loaded = Build(
        raw_dir=late_page["raw"], db_path=late_page["published"], target_path=late_page["warned"]
    ).scalar(
        "select count(*) from staging.base_ai_seats__page_seats "
        f"where _source_file = '{SEATS}/{late.name}'"
    )
    assert loaded == 0, "a page outside the window was loaded by an incremental build"


def test_a_late_lrs_file_with_a_voiding_statement_is_named_not_loaded(
    late_page: dict[str, Any],
) -> None:
    late: Path = late_page["late_lrs"]
    lines = [line for line in check_lines(late_page["warned"]) if "statements__parsed:" in line]
    assert lines, f"{CHECK} did not warn:\n{dbt_log(late_page['warned'])[-3000:]}"
    assert f"{LRS}/{late.name} (arrived)" in lines[-1], lines[-1]
    assert f"make backfill SINCE={file_day(late).isoformat()}" in lines[-1], lines[-1]
    loaded = Build(
        raw_dir=late_page["raw"], db_path=late_page["published"], target_path=late_page["warned"]
    ).scalar(
        "select count(*) from staging.base_lrs__statements__parsed "
        f"where _source_file = '{LRS}/{late.name}'"
    )
    assert loaded == 0, "an LRS file outside the window was loaded by an incremental build"


def test_the_check_fails_the_build_when_configured_to(late_page: dict[str, Any]) -> None:
    published: Path = late_page["published"]
    before = published.stat().st_mtime_ns
    target = late_page["work"] / "t_error"
    status = publish(
        late_page["raw"], published, target, "--vars", '{"raw_files_check_severity": "error"}'
    )
    assert status == 1, "the build passed with the check at severity error"
    assert published.stat().st_mtime_ns == before, "the failed build replaced the published file"
    assert any(f"{SEATS}/{late_page['late'].name}" in line for line in check_lines(target)), (
        dbt_log(target)[-3000:]
    )


def test_backfill_since_the_late_day_equals_a_full_build(late_page: dict[str, Any]) -> None:
    raw, published, work = late_page["raw"], late_page["published"], late_page["work"]
    target = work / "t_backfill"
    assert publish(raw, published, target, since=file_day(late_page["late"])) == 0
    assert not check_lines(target), "the check still names files after the backfill"
    full = Build(raw_dir=raw, db_path=work / "full" / "certgap.duckdb", target_path=work / "tf")
    full.db_path.parent.mkdir()
    result = run_dbt(full, ["build", "--full-refresh", "--exclude-resource-type", "unit_test"])
    assert result.success, "the full build (data tests too) failed"
    assert not check_lines(work / "tf"), "the full build's check named files"
    inc = Build(raw_dir=raw, db_path=published, target_path=target)
    with inc.connect() as inc_con, full.connect() as full_con:
        names = relations(full_con)
        assert names == relations(inc_con)
        differ = [
            n for n in sorted(names) if relation_rows(inc_con, n) != relation_rows(full_con, n)
        ]
    assert not differ, f"after the backfill these differ from a full build: {differ}"
