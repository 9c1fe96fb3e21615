"""Seat lists, console exports, Copilot usage reports, LRS statements, gateway
logs and the Okta System Log loaded with dbt's microbatch strategy on the file
date (issue #16).

A page of an old pull (a console export, a gateway log or a Copilot report of an
old day, an old LRS file with a voiding statement in it, an old day's Okta log
with AI sign-ins) that arrives after
the days it belongs to were built is outside the window an incremental build
re-reads: it is not loaded, and the raw_files_loaded test names it, with
`make backfill SINCE=<its day>`, as a warning by default and as an error (the
build fails, the published file is left as it was) when var
raw_files_check_severity says so. `certgap publish --since` (what `make
backfill` runs) then loads it: the warehouse equals a
full build of the same files, relation by relation.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from certgap_testkit import Build, generate_sample, publish, run_dbt
from test_incremental import (
    NO_TESTS,
    VOIDED_VERB,
    file_day,
    read_lines,
    relation_rows,
    relations,
)

SEATS = "ai_seats"
USAGE = "ai_activity"  # console exports, also microbatch on the file date
LRS = "lrs"  # and the LRS
PROXY = "proxy"  # and the gateway logs
OKTA = "okta"  # and the Okta System Log
COPILOT = "m365_copilot"  # and the Copilot usage reports
CHECK = "raw_files_loaded"
FULL_BUILD_AND_CHECK = [
    *("--select", "resource_type:model", "resource_type:seed", f"test_name:{CHECK}"),
    *("--indirect-selection", "empty", "--exclude-resource-type", "unit_test"),
]


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
    # and a console export of the sample's first day (month batches too)
    late_usage = min((raw / USAGE).iterdir(), key=lambda p: (file_day(p), p.name))
    # the first LRS file, on or after that day and before the months an
    # incremental build re-reads (from 3 days before the newest), that voids
    statements = sorted((raw / LRS).iterdir(), key=file_day)
    logs = sorted((raw / OKTA).iterdir(), key=file_day)
    newest = max(map(file_day, [*pages, *statements, *logs]))
    window = (newest - dt.timedelta(days=3)).replace(day=1)
    late_lrs = next(
        p
        for p in statements
        if days[0] <= file_day(p) < window and any(VOIDED_VERB in line for line in read_lines(p))
    )
    # and the gateway log of the sample's first day
    late_proxy = min((raw / PROXY).iterdir(), key=lambda p: (file_day(p), p.name))
    # the first Okta log before that window with a sign-in to an app
    late_okta = next(
        p
        for p in logs
        if file_day(p) < window
        and any('"user.authentication.sso"' in line for line in read_lines(p))
    )
    # and the first Copilot report (a CSV download), long before that window
    late_copilot = min((raw / COPILOT).iterdir(), key=lambda p: (file_day(p), p.name))
    assert file_day(late_copilot) < window, f"{late_copilot} is in the incremental window"
    held = (late, late_usage, late_lrs, late_proxy, late_okta, late_copilot)
    for path in held:
        path.rename(work / path.name)

    published = work / "published" / "certgap.duckdb"
    published.parent.mkdir()
    # days 1..N, models and seeds only: the data tests (the check among them) run
    # from the next publish on
    assert publish(raw, published, work / "t_first", *NO_TESTS) == 0
    for path in held:  # arrive now, months after their days were built
        (work / path.name).rename(path)

    warned = work / "t_warn"
    assert publish(raw, published, warned) == 0, "a warning failed the build"
    return {
        "raw": raw,
        "published": published,
        "late": late,
        "late_usage": late_usage,
        "late_lrs": late_lrs,
        "late_proxy": late_proxy,
        "late_okta": late_okta,
        "late_copilot": late_copilot,
        "work": work,
        "warned": warned,
    }


@pytest.mark.parametrize(
    ("late_key", "folder", "model"),
    [
        ("late", SEATS, "base_ai_seats__page_seats"),
        ("late_usage", USAGE, "base_ai_activity__daily_usage_lines"),
        ("late_lrs", LRS, "base_lrs__statements__parsed"),
        ("late_proxy", PROXY, "base_proxy__web_requests__parsed"),
        ("late_okta", OKTA, "base_okta__system_log_events__parsed"),
        ("late_copilot", COPILOT, "base_m365_copilot__usage_user_detail__parsed"),
    ],
)
def test_a_late_file_outside_the_window_is_named_not_loaded(
    late_page: dict[str, Any], late_key: str, folder: str, model: str
) -> None:
    late: Path = late_page[late_key]
    lines = [line for line in check_lines(late_page["warned"]) if f"{model}:" in line]
    assert lines, f"{CHECK} did not warn:\n{dbt_log(late_page['warned'])[-3000:]}"
    assert f"{folder}/{late.name} (arrived)" in lines[-1], lines[-1]
    assert f"make backfill SINCE={file_day(late).isoformat()}" in lines[-1], lines[-1]
    loaded = Build(
        raw_dir=late_page["raw"], db_path=late_page["published"], target_path=late_page["warned"]
    ).scalar(f"select count(*) from staging.{model} where _source_file = '{folder}/{late.name}'")
    assert loaded == 0, f"a file outside the window was loaded into {model} by an incremental build"


def test_the_check_fails_the_build_when_configured_to(late_page: dict[str, Any]) -> None:
    published: Path = late_page["published"]
    before = published.stat().st_mtime_ns
    target = late_page["work"] / "t_error"
    # the microbatch models and their checks: what the check needs to fail the build
    status = publish(
        late_page["raw"],
        published,
        target,
        *("--select", "+config.incremental_strategy:microbatch"),
        *("--vars", '{"raw_files_check_severity": "error"}'),
    )
    assert status == 1, "the build passed with the check at severity error"
    assert published.stat().st_mtime_ns == before, "the failed build replaced the published file"
    lates = (
        (late_page["late"], SEATS),
        (late_page["late_usage"], USAGE),
        (late_page["late_lrs"], LRS),
        (late_page["late_proxy"], PROXY),
        (late_page["late_okta"], OKTA),
        (late_page["late_copilot"], COPILOT),
    )
    for late, folder in lates:
        assert any(f"{folder}/{late.name}" in line for line in check_lines(target)), dbt_log(
            target
        )[-3000:]


def test_backfill_since_the_late_day_equals_a_full_build(late_page: dict[str, Any]) -> None:
    raw, published, work = late_page["raw"], late_page["published"], late_page["work"]
    target = work / "t_backfill"
    lates = ("late", "late_usage", "late_lrs", "late_proxy", "late_okta", "late_copilot")
    since = min(file_day(late_page[key]) for key in lates)
    assert publish(raw, published, target, since=since) == 0
    assert not check_lines(target), "the check still names files after the backfill"
    full = Build(raw_dir=raw, db_path=work / "full" / "certgap.duckdb", target_path=work / "tf")
    full.db_path.parent.mkdir()
    # The full build's models and seeds, and of its data tests the check. The
    # others are functions of the relations and the raw files: the relations
    # are compared below with the backfill's, whose publish (status 0 above)
    # ran every data test, the row-level ones over the rows from 31 days
    # before `since`, the sample's first day (a late console export of it):
    # equal relations pass the same tests (as test_incremental's reference).
    result = run_dbt(full, ["build", "--full-refresh", *FULL_BUILD_AND_CHECK])
    assert result.success, "the full build (or its check) failed"
    assert not check_lines(work / "tf"), "the full build's check named files"
    inc = Build(raw_dir=raw, db_path=published, target_path=target)
    with inc.connect() as inc_con, full.connect() as full_con:
        names = relations(full_con)
        assert names == relations(inc_con)
        differ = [
            n for n in sorted(names) if relation_rows(inc_con, n) != relation_rows(full_con, n)
        ]
    assert not differ, f"after the backfill these differ from a full build: {differ}"
