"""Copilot usage downloads loaded by month batches on the date in their names
(tests/fixtures/real_exports/m365_copilot/copilot_usage_copilotmb*.csv): a
download saved without a date is dated raw_files_begin and still loaded, a
later download of the same refresh date in another batch is the current one,
and a line cut short is rejected naming its file and line.

HR people 7300 (Annie Easley) and 7301 (Dorothy Vaughan) are theirs.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import RealExportsBuild

UNDATED = "m365_copilot/copilot_usage_copilotmb.csv"
DATED = "m365_copilot/copilot_usage_copilotmb_2026-03-06.csv"
RAW_FILES_BEGIN = date(2025, 1, 1)  # dbt_project.yml

# (file, line) -> (status, reject reason, has_conflicting_duplicate)
EXPECTED = {
    # restated by the dated download (a later batch), with other dates
    (UNDATED, 2): ("duplicate", None, True),
    (UNDATED, 3): ("staged", None, False),
    # too few fields
    (UNDATED, 4): ("rejected", "malformed_csv", False),
    (DATED, 2): ("staged", None, True),
}


def test_an_undated_download_is_dated_raw_files_begin(real_exports: RealExportsBuild) -> None:
    rows = real_exports.build.query(
        "select _source_file, _source_line, file_date "
        "from staging.base_m365_copilot__usage_user_detail__parsed "
        "where _source_file like 'm365_copilot/copilot_usage_copilotmb%'"
    )
    # line -1: each file's own row (raw_files_loaded)
    assert sorted(rows) == sorted(
        [(UNDATED, line, RAW_FILES_BEGIN) for line in (-1, 2, 3, 4)]
        + [(DATED, line, date(2026, 3, 6)) for line in (-1, 2)]
    )


def test_each_record_status_reason_and_conflict(real_exports: RealExportsBuild) -> None:
    rows = real_exports.build.query(
        "select _source_file, _source_line, _row_status, _reject_reason, "
        "has_conflicting_duplicate from staging.base_m365_copilot__usage_user_detail "
        "where _source_file like 'm365_copilot/copilot_usage_copilotmb%'"
    )
    assert {(f, n): (s, r, c) for f, n, s, r, c in rows} == EXPECTED


def test_the_cut_line_is_listed_with_file_line_and_text(real_exports: RealExportsBuild) -> None:
    assert real_exports.build.query(
        "select _source_file, _source_line, _reject_reason, _raw_text "
        "from staging.stg_m365_copilot__app_activity_rejected "
        "where _source_file like 'm365_copilot/copilot_usage_copilotmb%'"
    ) == [(UNDATED, 4, "malformed_csv", "2026-03-05,7,mary.jackson@acme.example,Mary Jackson")]


@pytest.mark.parametrize(
    ("upn", "file", "apps"),
    [
        # the dated download's dates, not the undated one's
        (
            "annie.easley@acme.example",
            DATED,
            {"any": date(2026, 3, 5), "teams": date(2026, 3, 5), "word": date(2026, 3, 4)},
        ),
        (
            "dorothy.vaughan@acme.example",
            UNDATED,
            {"any": date(2026, 3, 3), "excel": date(2026, 3, 3)},
        ),
    ],
)
def test_the_current_download_is_staged(
    real_exports: RealExportsBuild, upn: str, file: str, apps: dict[str, date]
) -> None:
    rows = real_exports.build.query(
        "select _source_file, app, last_activity_date "
        "from staging.stg_m365_copilot__app_activity "
        f"where user_principal_name_normalized = '{upn}' "
        "and report_refresh_date = date '2026-03-05'"
    )
    assert {f for f, _, _ in rows} == {file}
    assert {app: day for _, app, day in rows} == apps


def test_the_upns_resolve_to_their_people(real_exports: RealExportsBuild) -> None:
    assert sorted(
        real_exports.build.query(
            "select identifier, employee_id from intermediate.int_identities_resolved "
            "where source_system = 'm365_copilot' and employee_id in ('7300', '7301')"
        )
    ) == [
        ("annie.easley@acme.example", "7300"),
        ("dorothy.vaughan@acme.example", "7301"),
    ]


def test_active_days_come_from_the_current_download(real_exports: RealExportsBuild) -> None:
    """Annie's Teams day (03-05) is only in the dated download."""
    rows = real_exports.build.query(
        "select employee_id, tool_id, activity_date from intermediate.int_activity_days "
        "where employee_id in ('7300', '7301') order by 1, 2, 3"
    )
    assert [(e, t, d.isoformat()) for e, t, d in rows] == [
        ("7300", "m365_copilot", "2026-03-04"),
        ("7300", "m365_copilot", "2026-03-05"),
        ("7301", "m365_copilot", "2026-03-03"),
    ]
