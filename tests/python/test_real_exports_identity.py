"""Identity on real-shape exports: an xAPI account means what its homePage is
declared to carry (seeds/identity_account_systems.csv), never what its name
looks like.

Fixtures: tests/fixtures/real_exports/lrs/statements_identity.jsonl (statement
ids 1d0e...01 to ...11, registrations 2e9000NN-...) and
identity_crosswalk/lms_users_identity.csv. HR holds employees 1..8 and 1001
with numeric ids, so LMS user ids collide with them on purpose.

Actor shapes: Moodle logstore_xapi writes `account {homePage: <wwwroot>, name:
<Moodle user id>}`; Open edX event-routing-backends, with its default
XAPI_AGENT_IFI_TYPE external_id, writes `account {homePage: <LMS root>, name:
<external id UUID>}`; Groups follow xAPI 1.0.3 section 2.4.2.2 (an anonymous
Group must list members, an identified Group may).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from certgap_testkit import Build, failure_messages, run_dbt
from conftest import REAL_EXPORTS, RealExportsBuild
from test_erasure import copy_project

LRS_FILE = "lrs/statements_identity.jsonl"
CROSSWALK_FILE = "identity_crosswalk/lms_users_identity.csv"


def _registration(n: int) -> str:
    return f"2e9000{n:02d}-0000-4000-8000-000000000000"


def _enrolled(real_exports: RealExportsBuild, n: int) -> set[str]:
    """Employees the statement(s) of registration n enroll."""
    rows = real_exports.build.query(
        "select employee_id from intermediate.int_enrollments_unified "
        f"where platform = 'xapi' and attempt_id = '{_registration(n)}'"
    )
    return {employee_id for (employee_id,) in rows}


def _resolved(real_exports: RealExportsBuild, source: str, identifier: str) -> list[tuple]:
    return real_exports.build.query(
        "select employee_id, match_rule from intermediate.int_identities_resolved "
        f"where source_system = '{source}' and identifier = '{identifier}'"
    )


def _audit_reason(real_exports: RealExportsBuild, source: str, identifier: str) -> list[str]:
    rows = real_exports.build.query(
        "select reason from intermediate.audit_identity_unmatched "
        f"where source_system = '{source}' and identifier = '{identifier}'"
    )
    return [reason for (reason,) in rows]


def test_moodle_user_3_is_the_crosswalks_employee_7_not_employee_3(
    real_exports: RealExportsBuild,
) -> None:
    identifier = "https://moodle.acme.example|3"
    assert _resolved(real_exports, "lrs", identifier) == [("7", "crosswalk_employee_id")]
    assert _enrolled(real_exports, 1) == {"7"}


def test_open_edx_external_id_resolves_through_the_crosswalk_email(
    real_exports: RealExportsBuild,
) -> None:
    identifier = "https://courses.acme.example|32e08e30-f8ae-4ce2-94a8-c2bfe38a70cb"
    assert _resolved(real_exports, "lrs", identifier) == [("6", "crosswalk_work_email")]
    assert _enrolled(real_exports, 2) == {"6"}


def test_undeclared_home_page_user_1_matches_nobody_and_is_audited(
    real_exports: RealExportsBuild,
) -> None:
    identifier = "http://lms.example.org|1"
    assert _resolved(real_exports, "lrs", identifier) == []
    assert _audit_reason(real_exports, "lrs", identifier) == ["undeclared_account_home_page"]
    assert _enrolled(real_exports, 3) == set()


def test_home_page_declared_to_carry_hr_ids_matches_the_employee(
    real_exports: RealExportsBuild,
) -> None:
    # written "https://LMS.acme.example/": case and trailing '/' do not matter
    identifier = "https://lms.acme.example|2"
    assert _resolved(real_exports, "lrs", identifier) == [("2", "employee_id")]
    assert _enrolled(real_exports, 4) == {"2"}


def test_declared_system_id_missing_from_the_crosswalk_is_audited(
    real_exports: RealExportsBuild,
) -> None:
    identifier = "https://moodle.acme.example|42"
    assert _resolved(real_exports, "lrs", identifier) == []
    assert _audit_reason(real_exports, "lrs", identifier) == ["not_in_crosswalk"]
    assert _enrolled(real_exports, 5) == set()


def test_crosswalk_row_naming_an_unknown_employee_is_audited_with_its_account(
    real_exports: RealExportsBuild,
) -> None:
    assert _audit_reason(real_exports, "identity_crosswalk", "moodle|9") == ["no_match"]
    assert _audit_reason(real_exports, "lrs", "https://moodle.acme.example|9") == ["no_match"]
    assert _enrolled(real_exports, 10) == set()


def test_identified_group_without_members_is_no_person_and_enrolls_nobody(
    real_exports: RealExportsBuild,
) -> None:
    # the Group's account is name 4 on the LMS that carries HR ids: still no person
    identifier = "https://lms.acme.example|4"
    assert _resolved(real_exports, "lrs", identifier) == []
    assert real_exports.build.query(
        "select identifier_type, reason from intermediate.audit_identity_unmatched "
        f"where source_system = 'lrs' and identifier = '{identifier}'"
    ) == [("xapi_group", "group_not_a_person")]
    assert _enrolled(real_exports, 6) == set()


def test_identified_group_members_count_as_themselves_and_the_group_is_kept(
    real_exports: RealExportsBuild,
) -> None:
    assert _enrolled(real_exports, 7) == {"5", "7"}
    assert _audit_reason(real_exports, "lrs", "https://moodle.acme.example|cohort-12") == [
        "group_not_a_person"
    ]


@pytest.mark.parametrize(
    ("registration", "identifier", "employee_id", "rule"),
    [
        (8, "margaret.hamilton@acme.example", "8", "work_email"),
        (9, "62828b6125c26228461366539f7aae367beb860b", "1001", "xapi_mbox_sha1sum"),
    ],
)
def test_mbox_and_mbox_sha1sum_still_resolve(
    real_exports: RealExportsBuild,
    registration: int,
    identifier: str,
    employee_id: str,
    rule: str,
) -> None:
    assert _resolved(real_exports, "lrs", identifier) == [(employee_id, rule)]
    assert _enrolled(real_exports, registration) == {employee_id}


def test_account_without_name_is_rejected_with_file_and_line(
    real_exports: RealExportsBuild,
) -> None:
    assert real_exports.build.query(
        "select _reject_reason from staging.stg_lrs__statements_rejected "
        f"where _source_file = '{LRS_FILE}' and _source_line = 11"
    ) == [("missing_required_field",)]


def test_broken_crosswalk_rows_are_rejected_with_file_line_and_reason(
    real_exports: RealExportsBuild,
) -> None:
    rejected = real_exports.build.query(
        "select _source_line, _reject_reason from "
        "staging.stg_identity_crosswalk__accounts_rejected "
        f"where _source_file = '{CROSSWALK_FILE}' order by 1"
    )
    assert rejected == [(5, "missing_required_field"), (6, "malformed_csv")]


def test_every_crosswalk_line_is_staged_or_rejected(real_exports: RealExportsBuild) -> None:
    staged = real_exports.build.query(
        "select _source_line from staging.stg_identity_crosswalk__accounts "
        f"where _source_file = '{CROSSWALK_FILE}'"
    )
    rejected = real_exports.build.query(
        "select _source_line from staging.stg_identity_crosswalk__accounts_rejected "
        f"where _source_file = '{CROSSWALK_FILE}'"
    )
    # five data lines after the header (lines 2..6)
    assert sorted(line for (line,) in staged + rejected) == [2, 3, 4, 5, 6]


def test_erasing_a_person_erases_the_statements_of_their_crosswalk_account(
    tmp_path: Path,
) -> None:
    """Employee 7 is Moodle user 3 only through the crosswalk: the raw lines of
    statements 1 and 7 hold no identifier of theirs, yet are theirs to erase."""
    project = copy_project(tmp_path / "project")
    (project / "seeds" / "erasure_requests.csv").write_text("employee_id\n7\n")
    raw_dir = tmp_path / "raw"
    shutil.copytree(REAL_EXPORTS, raw_dir, ignore=shutil.ignore_patterns("*.md"))
    build = Build(raw_dir=raw_dir, db_path=tmp_path / "db.duckdb", target_path=tmp_path / "t")
    for step in (["seed"], ["run", "--select", "+stg_lrs__statements", "+int_identities_resolved"]):
        result = run_dbt(build, step, project_dir=project)
        assert result.success, "\n".join(failure_messages(result))
    statuses = dict(
        build.query(
            "select _source_line, _row_status from staging.base_lrs__statements "
            f"where _source_file = '{LRS_FILE}'"
        )
    )
    assert statuses[1] == statuses[7] == "erased"
    assert statuses[2] == statuses[4] == "staged"
    assert build.query(
        "select _source_line, _row_status from staging.base_identity_crosswalk__accounts "
        f"where _source_file = '{CROSSWALK_FILE}' and _source_line = 2"
    ) == [(2, "erased")]
    assert build.query(
        "select count(*) from intermediate.int_identities_resolved where employee_id = '7'"
    ) == [(0,)]
