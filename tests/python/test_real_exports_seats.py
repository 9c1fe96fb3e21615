"""Seat lists in GitHub's shape (tests/fixtures/real_exports/ai_seats/): each seat
staged or rejected with its file, position and reason, and its assignee resolved
to HR only through an e-mail (HR ids 50-52)."""

from __future__ import annotations

import pytest
from conftest import RealExportsBuild

DOCS_PAGE = "ai_seats/github_copilot__seats_2026-03-01_p01.json"
PAGE_2 = "ai_seats/github_copilot__seats_2026-03-01_p02.json"
LATER = "ai_seats/github_copilot__seats_2026-04-01_p01.json"
UNKNOWN = "ai_seats/copilot_for_sales__seats_2026-03-01_p01.json"
# named by the tool's name, not its id; a seat without created_at; a null seat
BY_NAME = "ai_seats/GitHub Copilot Business__seats_2026-02-01_p01.json"
NO_TOOL = "ai_seats/seats_2026-03-01_p01.json"  # no '__': the file names no tool
TRUNCATED = "ai_seats/github_copilot__seats_2026-03-02_p01.json"


def _status(real_exports: RealExportsBuild, file: str, position: int) -> tuple:
    return real_exports.build.query(
        "select _row_status, _reject_reason, assignee_identifier, "
        "assignee_identifier_type, cast(pending_cancellation_date as varchar) "
        "from staging.base_ai_seats__seat_assignments "
        f"where _source_file = '{file}' and _source_line = {position}"
    )[0]


@pytest.mark.parametrize(
    ("file", "position", "status", "reason", "identifier"),
    [
        # the docs' own example: logins only
        (DOCS_PAGE, 1, "staged", None, "octocat"),
        (DOCS_PAGE, 2, "staged", None, "octokitten"),
        # Hedy's seat, pulled again a month later: the later pull is staged
        (PAGE_2, 1, "duplicate", None, "hedy.markey@acme.example"),
        (LATER, 1, "staged", None, "hedy.markey@acme.example"),
        (PAGE_2, 2, "rejected", "unassigned_before_assigned", "edsger.w.dijkstra@acme.example"),
        (PAGE_2, 3, "rejected", "duplicate_seat", "hedy.markey@acme.example"),
        (PAGE_2, 4, "rejected", "invalid_timestamp", "frances.e.allen@acme.example"),
        (UNKNOWN, 1, "rejected", "unknown_tool", "frances.e.allen@acme.example"),
        # the tool by its name in any case; the e-mail trimmed and lowercased
        (BY_NAME, 1, "staged", None, "edsger.w.dijkstra@acme.example"),
        (BY_NAME, 2, "rejected", "missing_required_field", "contractor-5099"),
        # a null in seats[] is not an object, like any other non-object
        (BY_NAME, 3, "rejected", "malformed_json", None),
        (NO_TOOL, 1, "rejected", "unknown_tool", "hedy.markey@acme.example"),
        # a page cut off mid-seat: the whole file is one record at position 0
        (TRUNCATED, 0, "rejected", "malformed_json", None),
    ],
)
def test_each_seat_staged_or_rejected_as_written(
    real_exports: RealExportsBuild,
    file: str,
    position: int,
    status: str,
    reason: str | None,
    identifier: str,
) -> None:
    got = _status(real_exports, file, position)
    assert got[:3] == (status, reason, identifier)


def test_rejected_seats_name_file_position_and_reason(real_exports: RealExportsBuild) -> None:
    rejected = real_exports.build.query(
        "select _source_file, _source_line, _reject_reason "
        "from staging.stg_ai_seats__seat_assignments_rejected order by 1, 2"
    )
    assert rejected == [
        (BY_NAME, 2, "missing_required_field"),
        (BY_NAME, 3, "malformed_json"),
        (UNKNOWN, 1, "unknown_tool"),
        (PAGE_2, 2, "unassigned_before_assigned"),
        (PAGE_2, 3, "duplicate_seat"),
        (PAGE_2, 4, "invalid_timestamp"),
        (TRUNCATED, 0, "malformed_json"),
        (NO_TOOL, 1, "unknown_tool"),
    ]


def test_every_seat_is_counted_once(real_exports: RealExportsBuild) -> None:
    """13 records in the seven files = 4 staged + 8 rejected + 1 duplicate."""
    counts = dict(
        real_exports.build.query(
            "select _row_status, count(*) from staging.base_ai_seats__seat_assignments group by 1"
        )
    )
    assert counts == {"staged": 4, "rejected": 8, "duplicate": 1}
    staged = real_exports.build.scalar(
        "select count(*) from staging.stg_ai_seats__seat_assignments"
    )
    assert staged == 4


def test_the_later_pull_sets_the_pending_cancellation(real_exports: RealExportsBuild) -> None:
    assert _status(real_exports, LATER, 1)[4] == "2026-05-01"


def test_an_email_resolves_and_a_bare_login_is_audited(real_exports: RealExportsBuild) -> None:
    resolved = real_exports.build.query(
        "select identifier, employee_id from intermediate.int_identities_resolved "
        "where source_system = 'ai_seats' order by 1"
    )
    assert resolved == [
        ("edsger.w.dijkstra@acme.example", "51"),
        ("hedy.markey@acme.example", "50"),
    ]
    unmatched = real_exports.build.query(
        "select identifier, reason from intermediate.audit_identity_unmatched "
        "where source_system = 'ai_seats' order by 1"
    )
    assert unmatched == [("octocat", "unmatchable_type"), ("octokitten", "unmatchable_type")]
