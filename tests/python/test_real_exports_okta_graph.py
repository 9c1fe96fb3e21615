"""Okta System Log and Microsoft Graph Copilot usage records in their published
shapes (tests/fixtures/real_exports/okta, m365_copilot): each record's status and
reason, the tool an Okta app is matched to, and the active days they give.

HR people 40-43 (hris/workers_2026-01.csv) are Frances Allen (40), Hedy Lamarr
(41), Claude Shannon (42) and Radia Perlman (43).
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
from certgap_testkit import Build, run_dbt
from conftest import RealExportsBuild

OKTA_FILE = "okta/okta_system_log_oktagraph_2026-03-03.jsonl"
CSV_FILE = "m365_copilot/copilot_usage_oktagraph_2026-03-04.csv"
JSON_PAGE = "m365_copilot/copilot_usage_oktagraph_2026-03-05.json"
BROKEN_PAGE = "m365_copilot/copilot_usage_oktagraph_2026-03-05_page2.json"

# line -> (status, reject reason, tool). Okta's System Log API reference shapes.
OKTA_EXPECTED = {
    # custom OIDC app: displayName "OpenID Connect Client", its label in alternateId
    1: ("staged", None, "claude_enterprise"),
    # SAML app named by its label (okta_app_label), not by okta_app_name "Cursor"
    2: ("staged", None, "cursor_business"),
    # catalog app by displayName (okta_app_name)
    3: ("staged", None, "chatgpt_enterprise"),
    # renamed app matched by its id (okta_app_id)
    4: ("staged", None, "github_copilot"),
    # outcome FAILURE: not a use
    5: ("out_of_scope", None, None),
    # a system event with a null actor.alternateId: out of scope, not a reject
    6: ("out_of_scope", None, None),
    # Okta's own documented example, published 2017-09-31
    7: ("rejected", "invalid_timestamp", None),
    # a sign-in to a non-AI app
    8: ("out_of_scope", None, None),
    # another custom OIDC app: "OpenID Connect Client" alone matches nothing
    9: ("out_of_scope", None, None),
    10: ("staged", None, "claude_enterprise"),
    11: ("staged", None, "github_copilot"),
}

# (file, line) -> (status, reject reason)
COPILOT_EXPECTED = {
    # columns reordered, an extra Department column, a mixed-case UPN
    (CSV_FILE, 2): ("staged", None),
    # licensed, no activity; a quoted display name with a comma
    (CSV_FILE, 3): ("staged", None),
    # a concealed (hashed) UPN
    (CSV_FILE, 4): ("staged", None),
    # a row cut short
    (CSV_FILE, 5): ("rejected", "malformed_csv"),
    # Graph JSON: elements numbered from 1, camelCase names, "" and null dates
    (JSON_PAGE, 1): ("staged", None),
    (JSON_PAGE, 2): ("staged", None),
    (JSON_PAGE, 3): ("staged", None),
    # a date in US format
    (JSON_PAGE, 4): ("rejected", "invalid_timestamp"),
    # a page cut off mid-download: the whole file is one record, line 0
    (BROKEN_PAGE, 0): ("rejected", "malformed_json"),
}


def test_okta_each_event_status_reason_and_tool(real_exports: RealExportsBuild) -> None:
    rows = real_exports.build.query(
        "select _source_line, _row_status, _reject_reason, tool_id "
        "from staging.base_okta__system_log_events "
        f"where _source_file = '{OKTA_FILE}' order by _source_line"
    )
    assert {line: (status, reason, tool) for line, status, reason, tool in rows} == OKTA_EXPECTED


def test_okta_no_app_is_ambiguous_with_the_shipped_seed(real_exports: RealExportsBuild) -> None:
    assert (
        real_exports.build.scalar(
            "select count(*) from staging.base_okta__system_log_events where is_app_ambiguous"
        )
        == 0
    )


def test_okta_out_of_scope_events_keep_no_person(real_exports: RealExportsBuild) -> None:
    leaked = real_exports.build.query(
        "select _source_line from staging.base_okta__system_log_events "
        f"where _source_file = '{OKTA_FILE}' and _row_status = 'out_of_scope' "
        "and (actor_alternate_id is not null or raw_line is not null)"
    )
    assert leaked == []


def test_okta_parse_table_keeps_no_person_out_of_scope(real_exports: RealExportsBuild) -> None:
    """The microbatch parse table, kept across builds, minimizes as the base model
    does; it holds the file's own row (line -1) and every line once."""
    rows = real_exports.build.query(
        "select _source_line, actor_alternate_id is not null or raw_line is not null "
        "from staging.base_okta__system_log_events__parsed "
        f"where _source_file = '{OKTA_FILE}' order by _source_line"
    )
    assert [line for line, _ in rows] == [-1, *OKTA_EXPECTED]
    with_person = {line for line, has_person in rows if has_person}
    assert with_person == {
        line for line, (status, _, _) in OKTA_EXPECTED.items() if status != "out_of_scope"
    }


def test_a_seed_change_the_parse_table_predates_is_named(
    real_exports: RealExportsBuild, tmp_path: Path
) -> None:
    """The parse table matched its lines with the seed of its build: after the
    Cursor app loses its label in ai_tools, the check names that app (and the
    fix) until a full refresh."""
    build = Build(
        raw_dir=real_exports.build.raw_dir,
        db_path=tmp_path / "copy.duckdb",
        target_path=tmp_path / "target",
    )
    shutil.copy(real_exports.build.db_path, build.db_path)
    with duckdb.connect(str(build.db_path)) as con:
        con.execute(
            "update seeds.ai_tools set okta_app_label = null where tool_id = 'cursor_business'"
        )
    result = run_dbt(build, ["test", "--select", "test_name:okta_app_matches_seed"])
    tests = [r for r in result.result.results if r.node.resource_type == "test"]
    assert [(str(r.status), r.failures) for r in tests] == [("warn", 1)]
    listed = build.query(
        "select app_alternate_id, loaded_tool_id, seed_tool_id, fix "
        f"from ({tests[0].node.compiled_code})"
    )
    assert listed == [
        ("Cursor Business", "cursor_business", None, "certgap publish --full-refresh")
    ]


def test_okta_doc_example_is_listed_with_file_line_and_reason(
    real_exports: RealExportsBuild,
) -> None:
    """1 bad event of 11: the build goes on (the gate only warns below
    min_records_to_judge) and the reject is listed where a person can find it."""
    rejected = real_exports.build.query(
        "select _source_file, _source_line, _reject_reason, _raw_text "
        "from staging.stg_okta__ai_sso_events_rejected"
    )
    assert [row[:3] for row in rejected] == [(OKTA_FILE, 7, "invalid_timestamp")]
    assert '"published":"2017-09-31T22:23:07.777Z"' in rejected[0][3]
    log = (real_exports.build.target_path / "logs" / "dbt.log").read_text(encoding="utf-8")
    warning = re.search(r"Source 'okta' rejected 1 of (\d+) records.*", log)
    assert warning, "the reject gate did not warn about the okta source"
    assert "Not failing: fewer than min_records_to_judge" in warning.group(0)
    assert OKTA_FILE in warning.group(0)


def test_copilot_each_record_status_and_reason(real_exports: RealExportsBuild) -> None:
    rows = real_exports.build.query(
        "select _source_file, _source_line, _row_status, _reject_reason "
        "from staging.base_m365_copilot__usage_user_detail "
        "where _source_file like 'm365_copilot/copilot_usage_oktagraph_%'"
    )
    assert {(f, line): (status, reason) for f, line, status, reason in rows} == COPILOT_EXPECTED


def test_copilot_rejects_name_file_line_and_text(real_exports: RealExportsBuild) -> None:
    rejected = real_exports.build.query(
        "select _source_file, _source_line, _reject_reason, _raw_text "
        "from staging.stg_m365_copilot__app_activity_rejected "
        "where _source_file like 'm365_copilot/copilot_usage_oktagraph_%'"
    )
    by_record = {(f, line): (reason, text) for f, line, reason, text in rejected}
    assert set(by_record) == {k for k, v in COPILOT_EXPECTED.items() if v[0] == "rejected"}
    assert '"lastActivityDate":"03/04/2026"' in by_record[(JSON_PAGE, 4)][1]
    assert by_record[(BROKEN_PAGE, 0)][1].endswith('"lastActivityDate":"2026-03-0')


@pytest.mark.parametrize(
    ("file", "line", "upn", "refresh", "apps"),
    [
        (
            CSV_FILE,
            2,
            "frances.allen@acme.example",
            date(2026, 3, 3),
            {
                "any": date(2026, 3, 3),
                "teams": date(2026, 3, 2),
                "word": date(2026, 3, 3),
                "copilot_chat": date(2026, 2, 27),
            },
        ),
        (CSV_FILE, 3, "hedy.lamarr@acme.example", date(2026, 3, 3), {"any": None}),
        (
            JSON_PAGE,
            2,
            "radia.perlman@acme.example",
            date(2026, 3, 4),
            {"any": date(2026, 3, 4), "excel": date(2026, 3, 2), "copilot_chat": date(2026, 3, 4)},
        ),
        (JSON_PAGE, 3, "hedy.lamarr@acme.example", date(2026, 3, 4), {"any": None}),
    ],
)
def test_copilot_csv_and_json_land_in_one_staging_model(
    real_exports: RealExportsBuild,
    file: str,
    line: int,
    upn: str,
    refresh: date,
    apps: dict[str, date | None],
) -> None:
    rows = real_exports.build.query(
        "select user_principal_name_normalized, report_refresh_date, report_period, "
        "app, last_activity_date from staging.stg_m365_copilot__app_activity "
        f"where _source_file = '{file}' and _source_line = {line}"
    )
    assert {(r[0], r[1], r[2]) for r in rows} == {(upn, refresh, 7)}
    assert {app: day for *_, app, day in rows} == apps


def test_hashed_copilot_upn_is_audited_not_matched(real_exports: RealExportsBuild) -> None:
    assert real_exports.build.query(
        "select reason from intermediate.audit_identity_unmatched "
        "where source_system = 'm365_copilot' "
        "and identifier = '5f4dcc3b5aa765d61d8327deb882cf99'"
    ) == [("unmatchable_type",)]


def test_active_days_of_the_okta_and_copilot_people(real_exports: RealExportsBuild) -> None:
    """Okta sign-ins give the matched tool's day (UTC); Copilot dates give
    m365_copilot (Teams, Word, Excel ...) and copilot_chat days; Hedy's licence
    without use and the rejected records give none."""
    rows = real_exports.build.query(
        "select employee_id, tool_id, activity_date, has_sso, has_copilot_report "
        "from intermediate.int_activity_days "
        "where employee_id in ('40', '41', '42', '43') "
        "order by 1, 2, 3"
    )
    sso, report = (True, False), (False, True)
    assert [(e, t, d.isoformat(), (s, c)) for e, t, d, s, c in rows] == [
        ("40", "claude_enterprise", "2026-03-02", sso),
        ("40", "claude_enterprise", "2026-03-03", sso),
        ("40", "copilot_chat", "2026-02-27", report),
        ("40", "m365_copilot", "2026-03-02", report),
        ("40", "m365_copilot", "2026-03-03", report),
        ("40", "m365_copilot", "2026-03-04", report),
        ("41", "cursor_business", "2026-03-02", sso),
        ("42", "chatgpt_enterprise", "2026-03-02", sso),
        ("43", "copilot_chat", "2026-03-04", report),
        ("43", "github_copilot", "2026-03-02", sso),
        ("43", "github_copilot", "2026-03-03", sso),
        ("43", "m365_copilot", "2026-03-02", report),
    ]
