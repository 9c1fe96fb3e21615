"""The window `certgap publish` passes the microbatch raw-file models
(src/certgap/raw_window.py): on an incremental build, every source that
delivered within the lookback keeps its own lookback."""

from __future__ import annotations

from pathlib import Path

from certgap.raw_window import event_time_args


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
