"""xAPI/cmi5 completion on hand-written statements (lrs/statements_cmi5.jsonl).

Each statement is written in the shape of the cmi5 spec's sample statements
(AICC/CMI-5_Spec_Current samples/scenarios, e.g. 06-completed-completed: AU
object, publisher-id grouping, cmi5/moveon categories, sessionid extension;
the LMS's satisfied on the course) and of xAPI 1.0.3 (section 2.4), with
actors by mbox of HR employees 20-29 (hris/workers_2026-01.csv). The rule
under test: models/intermediate/learning/_learning__docs.md
(xapi_completion_rule). responsible_ai declares three AUs (seeds/program_aus.csv).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import RealExportsBuild

FILE = "lrs/statements_cmi5.jsonl"
RAI = "responsible_ai"
COPILOT = "copilot_foundations"
MANAGER = "ai_manager_reinforcement"


def _enrollment(real_exports: RealExportsBuild, employee_id: str, program_id: str) -> tuple | None:
    rows = real_exports.build.query(
        "select enrolled_at, completed_at, is_passed "
        "from intermediate.int_enrollments_unified "
        f"where platform = 'xapi' and employee_id = '{employee_id}' "
        f"and program_id = '{program_id}'"
    )
    assert len(rows) <= 1, rows
    return rows[0] if rows else None


def _program_completion(real_exports: RealExportsBuild, employee_id: str, program_id: str):
    """completed_at of int_program_enrollments_collapsed (what fct_completions keeps)."""
    rows = real_exports.build.query(
        "select completed_at from intermediate.int_program_enrollments_collapsed "
        f"where employee_id = '{employee_id}' and program_id = '{program_id}'"
    )
    assert len(rows) == 1, (employee_id, program_id, rows)
    return rows[0][0]


def _status(real_exports: RealExportsBuild, line: int) -> tuple[str, str | None]:
    rows = real_exports.build.query(
        "select _row_status, _reject_reason from staging.base_lrs__statements "
        f"where _source_file = '{FILE}' and _source_line = {line}"
    )
    assert len(rows) == 1, (line, rows)
    return rows[0]


def test_every_statement_but_the_unknown_offset_is_staged(real_exports: RealExportsBuild) -> None:
    statuses = {line: _status(real_exports, line) for line in range(1, 40)}
    rejected = {line: s for line, s in statuses.items() if s != ("staged", None)}
    # line 37: basic-format timestamp with '-0000', "offset unknown" (forbidden by xAPI)
    assert rejected == {37: ("rejected", "invalid_timestamp")}


def test_all_three_aus_complete_the_program_at_the_last(real_exports: RealExportsBuild) -> None:
    # employee 20: AU 1 and 2 completed, AU 3 passed; no satisfied statement
    enrolled_at, completed_at, is_passed = _enrollment(real_exports, "20", RAI)
    assert enrolled_at == datetime(2026, 3, 2, 9, 0)
    assert completed_at == datetime(2026, 3, 4, 9, 25)
    assert is_passed is True
    assert _program_completion(real_exports, "20", RAI) == datetime(2026, 3, 4, 9, 25)


def test_one_au_of_three_is_progress_not_completion(real_exports: RealExportsBuild) -> None:
    # employee 21: AU 1 completed; its grouping names the course (second)
    enrolled_at, completed_at, is_passed = _enrollment(real_exports, "21", RAI)
    assert enrolled_at == datetime(2026, 3, 5, 9, 0)
    assert completed_at is None and is_passed is False
    assert _program_completion(real_exports, "21", RAI) is None


def test_a_waived_au_counts_toward_the_program(real_exports: RealExportsBuild) -> None:
    # employee 22: AU 1 completed, AU 2 waived (cmi5 9.3.7 'Equivalent AU'), AU 3 passed
    _, completed_at, is_passed = _enrollment(real_exports, "22", RAI)
    assert completed_at == datetime(2026, 3, 9, 9, 25)
    assert is_passed is True


def test_satisfied_on_the_course_completes(real_exports: RealExportsBuild) -> None:
    # employee 23: completed the (undeclared) AU, then the LMS's satisfied on the course
    enrolled_at, completed_at, is_passed = _enrollment(real_exports, "23", COPILOT)
    assert completed_at == datetime(2026, 3, 10, 8, 40, 1)
    # the AU statements name only the AU's publisher id: they map to no program
    assert enrolled_at == completed_at
    assert is_passed is False


def test_result_completion_with_another_verb_completes(real_exports: RealExportsBuild) -> None:
    # employee 24: 'attempted' on the course with result.completion true
    _, completed_at, _ = _enrollment(real_exports, "24", COPILOT)
    assert completed_at == datetime(2026, 3, 11, 14, 0)


def test_instructor_and_admin_verbs_enroll_nobody(real_exports: RealExportsBuild) -> None:
    # employee 25: created / updated / deleted (with result.completion) / AS suspend
    rows = real_exports.build.query(
        "select program_id from intermediate.int_program_enrollments_collapsed "
        "where employee_id = '25'"
    )
    assert rows == []
    # ...and their statements are staged and classified, just not enrolling
    roles = real_exports.build.query(
        "select distinct verb_role from intermediate.int_xapi_statements_classified c "
        "join staging.base_lrs__statements b on b.statement_id = c.statement_id "
        f"where b._source_file = '{FILE}' and b._source_line between 30 and 33"
    )
    assert roles == [("ignore",)]


def test_program_second_in_grouping_enrolls(real_exports: RealExportsBuild) -> None:
    # employee 26: 'completed' on a lesson whose grouping lists the program second
    enrolled_at, completed_at, _ = _enrollment(real_exports, "26", MANAGER)
    assert enrolled_at == datetime(2026, 3, 12, 16, 0)
    assert completed_at is None


def test_offset_less_timestamp_is_utc_and_flagged(real_exports: RealExportsBuild) -> None:
    # employee 27: "2026-03-13T09:15:00.000" (no offset)
    _, completed_at, _ = _enrollment(real_exports, "27", COPILOT)
    assert completed_at == datetime(2026, 3, 13, 9, 15)
    flags = real_exports.build.query(
        "select _source_line from staging.stg_lrs__statements "
        f"where _source_file = '{FILE}' and is_timestamp_offset_missing"
    )
    assert flags == [(35,)]
    audit = real_exports.build.query(
        "select source_system, _source_file, record_count "
        "from intermediate.audit_timestamps_without_offset"
    )
    assert audit == [("lrs", FILE, 1)]


def test_basic_format_timestamp_parses(real_exports: RealExportsBuild) -> None:
    # employee 28: "20260314T101500+0100"; the '-0000' one (line 37) is rejected
    _, completed_at, _ = _enrollment(real_exports, "28", MANAGER)
    assert completed_at == datetime(2026, 3, 14, 9, 15)
    assert _enrollment(real_exports, "28", COPILOT) is None


def test_unknown_verb_enrolls_nobody_and_is_audited(real_exports: RealExportsBuild) -> None:
    # employee 29: an unlisted verb with result.completion true on the course
    assert _enrollment(real_exports, "29", COPILOT) is None
    audit = real_exports.build.query(
        "select verb_iri, statement_count from intermediate.audit_xapi_verbs_unclassified"
    )
    assert audit == [("https://vendor.example/xapi/verbs/binge-watched", 1)]


def test_waived_on_the_course_enrolls_without_completing(real_exports: RealExportsBuild) -> None:
    # employee 29: waived (result success and completion true) on the course itself
    enrolled_at, completed_at, _ = _enrollment(real_exports, "29", MANAGER)
    assert enrolled_at == datetime(2026, 3, 16, 8, 0)
    assert completed_at is None


@pytest.mark.parametrize(
    ("program_id", "completers"),
    [(RAI, ["20", "22"]), (COPILOT, ["23", "24", "27"]), (MANAGER, ["28"])],
)
def test_completions_mart_counts_exactly_these(
    real_exports: RealExportsBuild, program_id: str, completers: list[str]
) -> None:
    ours = "('20', '21', '22', '23', '24', '25', '26', '27', '28', '29')"
    rows = real_exports.build.query(
        "select directory.employee_id from marts.fct_completions as completions "
        "join restricted.person_directory as directory "
        "on completions.person_key = directory.person_key "
        f"where completions.program_id = '{program_id}' "
        f"and directory.employee_id in {ours} order by 1"
    )
    assert [r[0] for r in rows] == completers
