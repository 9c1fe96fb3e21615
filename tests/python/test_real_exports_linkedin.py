"""LinkedIn Learning learningActivityReports pages, read end to end from the
raw files in tests/fixtures/real_exports/linkedin_learning/ (the shape of the
API's INDIVIDUAL x CONTENT report: `elements[]` with learnerDetails,
contentDetails and activities in epoch milliseconds): the page, element and
activity steps of base_linkedin_learning__course_activity together."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import RealExportsBuild

# page_parsing_p1: a page spread over several lines is one page, unnested to
# one record per element (line = element index); epoch milliseconds become
# UTC timestamps; activities pivot to progress (0..1), seconds viewed and the
# completion time (COMPLETIONS lastEngagedAt); an element without
# activities is kept; each bad element gets its reason. page_parsing_p2: a
# file that is not a JSON page is one malformed_json record, line 0.
PAGE_PARSING = [
    {
        "_source_file": "linkedin_learning/page_parsing_p1.json",
        "_source_line": 1,
        "email_normalized": "ada@acme.example",
        "_learner_key": "E1",
        "content_urn": "urn:li:lyndaCourse:1",
        "progress_rate": 1.0,
        "seconds_viewed": 1800,
        "is_completed": True,
        "completed_at": "2024-08-15 09:10:18",
        "first_engaged_at": "2024-08-08 06:53:20",
        "last_engaged_at": "2024-08-15 09:10:18",
        "_report_at": "2024-09-01 00:00:00",
        "_reject_reason": None,
        "_row_status": "staged",
    },
    {
        "_source_file": "linkedin_learning/page_parsing_p1.json",
        "_source_line": 2,
        "email_normalized": "bo@acme.example",
        "_learner_key": "bo@acme.example",
        "content_urn": "urn:li:lyndaCourse:1",
        "progress_rate": 0.35,
        "seconds_viewed": None,
        "is_completed": False,
        "completed_at": None,
        "first_engaged_at": "2024-08-07 03:06:40",
        "last_engaged_at": "2024-08-08 06:53:20",
        "_report_at": "2024-09-01 00:00:00",
        "_reject_reason": None,
        "_row_status": "staged",
    },
    {
        "_source_file": "linkedin_learning/page_parsing_p1.json",
        "_source_line": 3,
        "email_normalized": "nc@acme.example",
        "_learner_key": "E3",
        "content_urn": None,
        "progress_rate": None,
        "seconds_viewed": None,
        "is_completed": False,
        "completed_at": None,
        "first_engaged_at": None,
        "last_engaged_at": None,
        "_report_at": "2024-09-01 00:00:00",
        "_reject_reason": "missing_required_field",
        "_row_status": "rejected",
    },
    {
        "_source_file": "linkedin_learning/page_parsing_p1.json",
        "_source_line": 4,
        "email_normalized": "bt@acme.example",
        "_learner_key": "E4",
        "content_urn": "urn:li:lyndaCourse:1",
        "progress_rate": 0.1,
        "seconds_viewed": None,
        "is_completed": False,
        "completed_at": None,
        "first_engaged_at": "2024-08-07 03:06:40",
        "last_engaged_at": None,
        "_report_at": "2024-09-01 00:00:00",
        "_reject_reason": "invalid_timestamp",
        "_row_status": "rejected",
    },
    {
        "_source_file": "linkedin_learning/page_parsing_p1.json",
        "_source_line": 5,
        "email_normalized": "bn@acme.example",
        "_learner_key": "E5",
        "content_urn": "urn:li:lyndaCourse:1",
        "progress_rate": None,
        "seconds_viewed": None,
        "is_completed": False,
        "completed_at": None,
        "first_engaged_at": "2024-08-07 03:06:40",
        "last_engaged_at": "2024-08-08 06:53:20",
        "_report_at": "2024-09-01 00:00:00",
        "_reject_reason": "invalid_number",
        "_row_status": "rejected",
    },
    {
        "_source_file": "linkedin_learning/page_parsing_p1.json",
        "_source_line": 6,
        "email_normalized": "na@acme.example",
        "_learner_key": "E6",
        "content_urn": "urn:li:lyndaCourse:2",
        "progress_rate": None,
        "seconds_viewed": None,
        "is_completed": False,
        "completed_at": None,
        "first_engaged_at": None,
        "last_engaged_at": None,
        "_report_at": "2024-09-01 00:00:00",
        "_reject_reason": None,
        "_row_status": "staged",
    },
    {
        "_source_file": "linkedin_learning/page_parsing_p1.json",
        "_source_line": 7,
        "email_normalized": None,
        "_learner_key": None,
        "content_urn": "urn:li:lyndaCourse:2",
        "progress_rate": None,
        "seconds_viewed": None,
        "is_completed": False,
        "completed_at": None,
        "first_engaged_at": None,
        "last_engaged_at": None,
        "_report_at": "2024-09-01 00:00:00",
        "_reject_reason": "missing_required_field",
        "_row_status": "rejected",
    },
    {
        "_source_file": "linkedin_learning/page_parsing_p2.json",
        "_source_line": 0,
        "email_normalized": None,
        "_learner_key": None,
        "content_urn": None,
        "progress_rate": None,
        "seconds_viewed": None,
        "is_completed": False,
        "completed_at": None,
        "first_engaged_at": None,
        "last_engaged_at": None,
        "_report_at": None,
        "_reject_reason": "malformed_json",
        "_row_status": "rejected",
    },
]

# Each element aggregates its reporting window, so a learner x course repeats
# across windows: the newest window's copy is staged as it is (not summed),
# whatever the files are called; without latestDataAt the window is the
# page's newest engagement; the completion and first engagement, reported
# only in the window they happened in, carry over to the staged row; two
# pages of one window that disagree on a learner x course are a conflict.
WINDOWS = [
    {
        "_source_file": "linkedin_learning/a_september_1.json",
        "_source_line": 1,
        "_learner_key": "W1",
        "seconds_viewed": 900,
        "is_completed": True,
        "completed_at": "2024-07-26 13:20:00",
        "first_engaged_at": "2024-07-14 23:33:20",
        "_report_at": "2024-09-01 00:00:00",
        "_row_status": "staged",
        "has_conflicting_duplicate": False,
    },
    {
        "_source_file": "linkedin_learning/a_september_1.json",
        "_source_line": 2,
        "_learner_key": "W3",
        "seconds_viewed": None,
        "is_completed": False,
        "completed_at": None,
        "first_engaged_at": "2024-07-26 13:20:00",
        "_report_at": "2024-09-01 00:00:00",
        "_row_status": "duplicate",
        "has_conflicting_duplicate": True,
    },
    {
        "_source_file": "linkedin_learning/a_september_2.json",
        "_source_line": 1,
        "_learner_key": "W3",
        "seconds_viewed": None,
        "is_completed": False,
        "completed_at": None,
        "first_engaged_at": "2024-07-26 13:20:00",
        "_report_at": "2024-09-01 00:00:00",
        "_row_status": "staged",
        "has_conflicting_duplicate": True,
    },
    {
        "_source_file": "linkedin_learning/no_window.json",
        "_source_line": 1,
        "_learner_key": "dee@acme.example",
        "seconds_viewed": None,
        "is_completed": False,
        "completed_at": None,
        "first_engaged_at": "2024-07-26 13:20:00",
        "_report_at": "2024-08-08 06:53:20",
        "_row_status": "staged",
        "has_conflicting_duplicate": False,
    },
    {
        "_source_file": "linkedin_learning/no_window.json",
        "_source_line": 2,
        "_learner_key": "eve@acme.example",
        "seconds_viewed": None,
        "is_completed": False,
        "completed_at": None,
        "first_engaged_at": "2024-07-26 13:20:00",
        "_report_at": "2024-08-08 06:53:20",
        "_row_status": "staged",
        "has_conflicting_duplicate": False,
    },
    {
        "_source_file": "linkedin_learning/z_august.json",
        "_source_line": 1,
        "_learner_key": "W1",
        "seconds_viewed": 600,
        "is_completed": True,
        "completed_at": "2024-07-26 13:20:00",
        "first_engaged_at": "2024-07-14 23:33:20",
        "_report_at": "2024-08-01 00:00:00",
        "_row_status": "duplicate",
        "has_conflicting_duplicate": False,
    },
]


def _rows(real_exports: RealExportsBuild, expected: list[dict[str, Any]]) -> list[dict]:
    columns = list(expected[0])
    files = sorted({row["_source_file"] for row in expected})
    rows = real_exports.build.query(
        f"select {', '.join(columns)} from staging.base_linkedin_learning__course_activity "
        f"where _source_file in ({', '.join(repr(f) for f in files)}) "
        "order by _source_file, _source_line"
    )
    return [
        {c: (str(v) if hasattr(v, "isoformat") else v) for c, v in zip(columns, row, strict=True)}
        for row in rows
    ]


@pytest.mark.parametrize("expected", [PAGE_PARSING, WINDOWS], ids=["page_parsing", "windows"])
def test_linkedin_pages_are_read_as_the_api_sends_them(
    real_exports: RealExportsBuild, expected: list[dict[str, Any]]
) -> None:
    want = sorted(expected, key=lambda r: (r["_source_file"], r["_source_line"]))
    assert _rows(real_exports, want) == want
