"""The window `certgap publish` passes the microbatch raw-file models
(src/certgap/raw_window.py): on an incremental build, every source that
delivered within the lookback keeps its own lookback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
from certgap_testkit import REPO, publish

from certgap.raw_window import event_time_args, name_date

REAL_EXPORTS = REPO / "tests" / "fixtures" / "real_exports" / "lrs"


def raw_dir(tmp_path: Path, files: dict[str, list[str]]) -> Path:
    for source, names in files.items():
        (tmp_path / source).mkdir()
        for name in names:
            (tmp_path / source / name).write_text("x\n", encoding="utf-8")
    return tmp_path


def test_a_report_downloaded_a_day_later_keeps_the_others_lookback(tmp_path: Path) -> None:
    raw = raw_dir(
        tmp_path,
        {
            "lrs": ["statements_2026-01-30.jsonl", "statements_2026-02-03.jsonl"],
            "m365_copilot": ["CopilotUsageUserDetail_D7_2026-02-04.csv"],
        },
    )
    # lrs's own lookback (3 days before 02-03), not the Copilot download's
    assert event_time_args(raw, full_refresh=False) == [
        *("--event-time-start", "2026-01-31"),
        *("--event-time-end", "2026-02-05"),
    ]


def test_an_older_monthly_pull_does_not_pull_the_window_back(tmp_path: Path) -> None:
    raw = raw_dir(
        tmp_path,
        {
            "ai_seats": ["github_copilot__seats_2026-01-15_p01.json"],
            "ai_activity": ["usage_2026-02-10.csv"],
        },
    )
    assert event_time_args(raw, full_refresh=False)[1] == "2026-02-07"


def test_full_and_since_builds_are_unchanged(tmp_path: Path) -> None:
    raw = raw_dir(
        tmp_path,
        {
            "ai_seats": ["github_copilot__seats_2026-01-15_p01.json"],
            "m365_copilot": ["report_undated.csv", "report_2026-02-11.json"],
        },
    )
    # the undated download is dated raw_files_begin (dbt_project.yml)
    assert event_time_args(raw, full_refresh=True)[1] == "2025-01-01"
    assert event_time_args(raw, full_refresh=False)[1] == "2026-02-08"


def test_a_name_with_an_impossible_date_is_dated_raw_files_begin(tmp_path: Path) -> None:
    raw = raw_dir(tmp_path, {"lrs": ["statements_2026-02-10.jsonl", "statements_2026-02-30.jsonl"]})
    assert name_date("statements_2026-02-30.jsonl") == dt.date(2025, 1, 1)  # raw_files_begin
    assert event_time_args(raw, full_refresh=True)[1] == "2025-01-01"
    assert event_time_args(raw, full_refresh=False)[1] == "2026-02-07"


def test_a_file_with_an_impossible_date_is_loaded_once_by_every_build(tmp_path: Path) -> None:
    """The batch that reads a file keeps its rows: the name's date in dbt's batch
    listing and the rows' file_date in SQL agree, 2026-02-30 being no date. (They
    did not: the file was read by February's batch, its rows dated raw_files_begin
    by SQL and so dropped by that batch's insert, and deleted by a backfill's
    batch of raw_files_begin, which did not read it.)"""
    lines = (REAL_EXPORTS / "statements_identity.jsonl").read_text(encoding="utf-8")
    raw = tmp_path / "raw" / "lrs"
    raw.mkdir(parents=True)
    for name in ("statements_2026-02-10.jsonl", "statements_2026-02-30.jsonl"):
        (raw / name).write_text(lines, encoding="utf-8")
    expected = {
        ("lrs/statements_2026-02-10.jsonl", "2026-02-10"),
        ("lrs/statements_2026-02-30.jsonl", "2025-01-01"),
    }
    db = tmp_path / "published" / "certgap.duckdb"
    db.parent.mkdir()
    selection = ["--select", "base_lrs__statements__parsed"]
    for since in (None, dt.date(2025, 1, 1), dt.date(2026, 2, 1)):
        assert publish(raw.parent, db, tmp_path / "target", *selection, since=since) == 0
        with duckdb.connect(str(db), read_only=True) as con:
            loaded = con.sql(
                "select _source_file, cast(file_date as varchar), count(*), "
                "count(distinct _source_line) "
                "from staging.base_lrs__statements__parsed where _source_line >= 1 group by all"
            ).fetchall()
        assert {(file, day) for file, day, _, _ in loaded} == expected, (since, loaded)
        assert all(rows == distinct == lines.count("\n") for _, _, rows, distinct in loaded), (
            since,
            loaded,
        )
        log = (tmp_path / "target" / "logs" / "dbt.log").read_text(encoding="utf-8")
        assert "raw file(s) not as loaded" not in log, since
