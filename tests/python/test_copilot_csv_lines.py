"""Broken and odd Copilot usage CSV downloads: every data line of every file
is one record of base_m365_copilot__usage_user_detail, with its file, its
physical line and, when it cannot be staged, the reason; nothing is lost
(the reconciliation test passes) and the raw text of each rejected line is
kept. Covers a wrong field count, an unterminated quote, a bad date, a
missing user, a bad period, quoted fields with commas and doubled quotes,
CRLF, a byte-order mark, gzip, blank lines, a header only, an empty file,
and a header with its columns reordered plus an extra one."""

from __future__ import annotations

import gzip
from datetime import date

import pytest
from certgap_testkit import WITHOUT_UNIT_TESTS, Build, failure_messages, run_dbt

HEADER = (
    "Report Refresh Date,Report Period,User Principal Name,Display Name,"
    "Last Activity Date,Microsoft Teams Copilot Last Activity Date,"
    "Word Copilot Last Activity Date,Excel Copilot Last Activity Date,"
    "PowerPoint Copilot Last Activity Date,Outlook Copilot Last Activity Date,"
    "OneNote Copilot Last Activity Date,Loop Copilot Last Activity Date,"
    "Copilot Chat Last Activity Date"
)
# Reordered, one column renamed away (Loop) and one added (Department).
REORDERED = (
    "User Principal Name,Department,Display Name,Report Refresh Date,"
    "Copilot Chat Last Activity Date,Last Activity Date,"
    "Microsoft Teams Copilot Last Activity Date,Word Copilot Last Activity Date,"
    "Excel Copilot Last Activity Date,PowerPoint Copilot Last Activity Date,"
    "Outlook Copilot Last Activity Date,OneNote Copilot Last Activity Date,"
    "Report Period"
)


def row(*fields: str, width: int = 13) -> str:
    """A CSV line of `fields` (written as given, quotes and all), padded
    with empty fields to `width`."""
    return ",".join([*fields, *[""] * (width - len(fields))])


FILES = {
    "broken_2026-03-03.csv": "\n".join(
        [
            HEADER,
            row("2026-03-03", "7", "ada@acme.example", "Ada", "2026-03-02", "2026-03-01"),
            row(
                "2026-03-03",
                "7",
                "grace@acme.example",
                '"Hopper, Grace ""Amazing"""',
                "2026-03-03",
                "",
                "2026-03-03",
            ),
            "2026-03-03,7,alan@acme.example,Alan,2026-03-01",  # too few fields
            row("2026-03-03", "7", "edsger@acme.example", '"Dijkstra, E'),  # open quote
            row("2026-03-03", "7", "barbara@acme.example", "Barbara", "2026-02-30"),
            row("2026-03-03", "7", "", "Nobody", "2026-03-01"),  # no user
            row("2026-03-03", "seven", "ken@acme.example", "Ken", "2026-03-01"),
            "",
            "   ",
            row("2026-03-03", "7", "linus@acme.example", "Linus"),
        ]
    )
    + "\n",
    "crlf_bom_2026-03-04.csv": "\ufeff"
    + "\r\n".join([HEADER, row("2026-03-04", "7", "ada@acme.example", "Ada", "2026-03-04")])
    + "\r\n",
    "reordered_2026-03-05.csv": "\n".join(
        [
            REORDERED,
            "grace@acme.example,Navy,Grace,2026-03-05,2026-03-05,2026-03-05,,,,,,,7",
            row("alan@acme.example", "Maths", "Alan", "2026-03-05", width=14),  # too many
        ]
    )
    + "\n",
    "header_only_2026-03-06.csv": HEADER + "\n",
    "empty_2026-03-07.csv": "",
}
GZIPPED = {
    "packed_2026-03-08.csv.gz": "\r\n".join(
        [HEADER, row("2026-03-08", "7", "ada@acme.example", "Ada", "2026-03-08")]
    )
    + "\r\n"
}

# (file, physical line) -> (_row_status, _reject_reason)
EXPECTED = {
    ("broken_2026-03-03.csv", 2): ("staged", None),
    ("broken_2026-03-03.csv", 3): ("staged", None),
    ("broken_2026-03-03.csv", 4): ("rejected", "malformed_csv"),
    ("broken_2026-03-03.csv", 5): ("rejected", "malformed_csv"),
    ("broken_2026-03-03.csv", 6): ("rejected", "invalid_timestamp"),
    ("broken_2026-03-03.csv", 7): ("rejected", "missing_required_field"),
    ("broken_2026-03-03.csv", 8): ("rejected", "invalid_number"),
    ("broken_2026-03-03.csv", 11): ("staged", None),
    ("crlf_bom_2026-03-04.csv", 2): ("staged", None),
    ("reordered_2026-03-05.csv", 2): ("staged", None),
    ("reordered_2026-03-05.csv", 3): ("rejected", "malformed_csv"),
    ("packed_2026-03-08.csv.gz", 2): ("staged", None),
}


@pytest.fixture(scope="module")
def copilot_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = tmp_path_factory.mktemp("copilot_csv")
    folder = root / "raw" / "m365_copilot"
    folder.mkdir(parents=True)
    for name, text in FILES.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    for name, text in GZIPPED.items():
        (folder / name).write_bytes(gzip.compress(text.encode("utf-8")))
    build = Build(raw_dir=root / "raw", db_path=root / "copilot.duckdb", target_path=root / "t")
    result = run_dbt(
        build,
        [
            "build",
            "--select",
            "ai_tools erasure_requests base_m365_copilot__usage_user_detail__parsed"
            " base_m365_copilot__usage_user_detail"
            " stg_m365_copilot__app_activity stg_m365_copilot__app_activity_rejected",
            "--indirect-selection",
            "cautious",
            *WITHOUT_UNIT_TESTS,
        ],
        dbt_vars={"max_reject_rate": 1},
    )
    # Only the Copilot models and their tests are built, the reconciliation
    # test among them; a failure of any is a failure here.
    assert result.success, failure_messages(result)
    return build


def test_every_line_has_its_status_and_reason(copilot_build: Build) -> None:
    rows = copilot_build.query(
        "select _source_file, _source_line, _row_status, _reject_reason "
        "from staging.base_m365_copilot__usage_user_detail"
    )
    found = {(f.removeprefix("m365_copilot/"), line): (s, r) for f, line, s, r in rows}
    assert found == EXPECTED


def test_rejected_lines_keep_file_line_and_text(copilot_build: Build) -> None:
    rows = copilot_build.query(
        "select _source_file, _source_line, _reject_reason, _raw_text "
        "from staging.stg_m365_copilot__app_activity_rejected"
    )
    for file, line, _reason, text in rows:
        name = file.removeprefix("m365_copilot/")
        assert text == FILES[name].split("\n")[line - 1], (name, line)
    assert {(f.removeprefix("m365_copilot/"), n) for f, n, _, _ in rows} == {
        key for key, (status, _) in EXPECTED.items() if status == "rejected"
    }


def test_fields_are_read_by_header_name_and_unquoted(copilot_build: Build) -> None:
    rows = copilot_build.query(
        "select _source_file, user_principal_name, display_name, report_period, "
        "report_refresh_date, any_last_activity_date, copilot_chat_last_activity_date, "
        "loop_last_activity_date "
        "from staging.base_m365_copilot__usage_user_detail where _row_status = 'staged' "
        "order by _source_file, _source_line"
    )
    by_user = {(r[0].removeprefix("m365_copilot/"), r[1]): r[2:] for r in rows}
    assert by_user[("broken_2026-03-03.csv", "grace@acme.example")] == (
        'Hopper, Grace "Amazing"',
        7,
        date(2026, 3, 3),
        date(2026, 3, 3),
        None,
        None,
    )
    assert by_user[("reordered_2026-03-05.csv", "grace@acme.example")] == (
        "Grace",
        7,
        date(2026, 3, 5),
        date(2026, 3, 5),
        date(2026, 3, 5),
        None,
    )
    assert by_user[("crlf_bom_2026-03-04.csv", "ada@acme.example")][:3] == (
        "Ada",
        7,
        date(2026, 3, 4),
    )
    assert by_user[("packed_2026-03-08.csv.gz", "ada@acme.example")][:3] == (
        "Ada",
        7,
        date(2026, 3, 8),
    )
