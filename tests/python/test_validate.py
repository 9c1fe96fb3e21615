"""`make validate`: the GX checkpoint passes on a good build and fails, naming the
suite, the expectation and the column, when a business rule is broken."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from certgap_testkit import CERTGAP, Build

from certgap.validation import cli as validate


@pytest.fixture
def corrupted_copy(built_sample: Build, tmp_path: Path):
    """Copy the shared build (never modify it) and return a function that runs
    SQL against the copy."""
    db = tmp_path / "certgap.duckdb"  # same stem: the views name the catalog
    shutil.copy(built_sample.db_path, db)

    def corrupt(*statements: str) -> Path:
        con = duckdb.connect(str(db))
        try:
            for statement in statements:
                con.sql(statement)
        finally:
            con.close()
        return db

    return corrupt


def test_checkpoint_passes_on_the_built_sample_and_writes_data_docs(
    built_sample: Build, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    assert validate.validate(built_sample.db_path, docs) == 0
    out = capsys.readouterr().out
    suites = [suite.name for suite in validate.all_suites()]
    for name in suites:
        assert f"\n{name} " in out, f"{name} missing from the summary table"
    assert "validation passed" in out
    index = docs / "index.html"
    assert index.exists()
    # one validation page per suite, linked from the index
    html = index.read_text()
    for name in ("mart_program_adoption", "cross_mart__cohort_sizes", "freshness__activity"):
        assert name in html


# One broken build per family of business rule: the suite that guards it must
# fail and say which expectation on which column.
CORRUPTIONS = {
    "rate above 1": (
        [
            """update marts.mart_program_adoption set wau_90_rate = 1.7
            where (program_id, cohort_month) in (
                select (program_id, cohort_month) from marts.mart_program_adoption
                where wau_90_rate is not null limit 1)""",
        ],
        "mart_program_adoption",
        "expect_column_values_to_be_between(wau_90_rate) [rate]",
    ),
    "wau_90_rate without eligible completers": (
        [
            """update marts.mart_program_adoption set wau_90_rate = 0.5
            where wau_90_eligible_count = 0""",
        ],
        "mart_program_adoption",
        "expect_column_values_to_be_null(wau_90_rate) [defined_only_where]",
    ),
    "more completers than enrolled": (
        [
            """update marts.mart_program_adoption set completer_count = enrolled_count + 1
            where (program_id, cohort_month) in (
                select (program_id, cohort_month) from marts.mart_program_adoption limit 1)""",
        ],
        "mart_program_adoption",
        "expect_column_pair_values_a_to_be_greater_than_b(enrolled_count, completer_count)"
        " [bounded_by]",
    ),
    "duplicate cohort row": (
        [
            """insert into marts.mart_program_adoption
            select * from marts.mart_program_adoption limit 1""",
        ],
        "mart_program_adoption",
        "expect_compound_columns_to_be_unique(program_id, cohort_month) [key]",
    ),
    "cohort sizes disagree across marts": (
        [
            """delete from marts.fct_completions
            where (person_key, program_id) in (
                select (person_key, program_id) from marts.fct_completions limit 1)""",
        ],
        "cross_mart__cohort_sizes",
        "expect_column_pair_values_to_be_equal(adoption_completer_count, fct_completer_count)"
        " [cohort_consistency]",
    ),
    "scorecard disagrees with the adoption mart": (
        [
            """update marts.mart_executive_scorecard set enrolled_count = enrolled_count + 3
            where cycle_start_date = (
                select min(cycle_start_date) from marts.mart_executive_scorecard)""",
        ],
        "cross_mart__cycle_totals",
        "expect_column_pair_values_to_be_equal(scorecard_enrolled_count, adoption_enrolled_count)"
        " [cohort_consistency]",
    ),
    "week missing from the adoption curve": (
        [
            """delete from marts.mart_adoption_curve
            where weeks_since_completion = 5
            and program_id = (select min(program_id) from marts.mart_adoption_curve)""",
        ],
        "mart_adoption_curve",
        "expect_column_pair_values_to_be_equal(program_period_count, program_period_span)"
        " [week_coverage]",
    ),
    "week missing from the weekly activity fact": (
        [
            """delete from marts.fct_tool_activity_weekly
            where week_start_date = (
                select min(week_start_date) + 35 from marts.fct_tool_activity_weekly)""",
        ],
        "fct_tool_activity_weekly",
        "expect_column_pair_values_to_be_equal(tool_period_count, tool_period_span)"
        " [week_coverage]",
    ),
    "duplicate person-tool-week": (
        [
            """insert into marts.fct_tool_activity_weekly
            select * from marts.fct_tool_activity_weekly limit 1""",
        ],
        "fct_tool_activity_weekly",
        "expect_column_values_to_be_between(duplicate_person_count) [key]",
    ),
    "week missing from a staging source": (
        [
            """delete from staging.base_ai_activity__daily_usage
            where date_trunc('week', activity_date) = (
                select date_trunc('week', min(activity_date)) + interval 28 day
                from staging.base_ai_activity__daily_usage)""",
        ],
        "stg_ai_activity__daily_usage",
        "expect_column_pair_values_to_be_equal(source_period_count, source_period_span)"
        " [week_coverage]",
    ),
    "staged event without its tool": (
        [
            """update staging.base_okta__system_log_events set tool_id = null
            where event_id = (
                select min(event_id) from staging.stg_okta__ai_sso_events)""",
        ],
        "stg_okta__ai_sso_events",
        "expect_column_values_to_be_between(null_tool_count) [not_null]",
    ),
    "a usage channel stopped delivering": (
        [
            """delete from staging.base_okta__system_log_events
            where cast(published_at as date) > (
                select max(cast(published_at as date)) - 7
                from staging.base_okta__system_log_events)""",
        ],
        "freshness__activity",
        "expect_column_values_to_be_between(days_behind_load) [freshness]",
    ),
}


@pytest.mark.parametrize("case", list(CORRUPTIONS), ids=list(CORRUPTIONS))
def test_checkpoint_fails_naming_the_broken_rule(
    case: str, corrupted_copy, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    statements, suite, expected = CORRUPTIONS[case]
    db = corrupted_copy(*statements)
    assert validate.validate(db, tmp_path / "docs", only=[suite]) == 1
    captured = capsys.readouterr()
    assert f"{suite}: {expected}" in captured.err, captured.err
    assert "validation FAILED" in captured.err


def test_cli_exits_1_naming_suite_expectation_and_column(corrupted_copy, tmp_path: Path) -> None:
    db = corrupted_copy(*CORRUPTIONS["rate above 1"][0])
    result = subprocess.run(
        [
            *CERTGAP,
            "validate",
            "--db",
            str(db),
            "--docs-dir",
            str(tmp_path / "docs"),
            "--suite",
            "mart_program_adoption",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "mart_program_adoption: expect_column_values_to_be_between(wau_90_rate) [rate]" in (
        result.stderr
    )
    assert "1.7 at program_id=" in result.stderr  # the offending value and its row
    # the summary table counts the failures and names the first failing expectation
    summary_row = next(
        line for line in result.stdout.splitlines() if line.startswith("mart_program_adoption ")
    )
    assert summary_row.split()[3] != "0", summary_row  # the failed column
    assert "(wau_90_rate" in summary_row or ", wau_90_rate)" in summary_row, summary_row
    assert (tmp_path / "docs" / "index.html").exists()


def test_a_missing_mart_fails_its_suite_instead_of_being_skipped(
    corrupted_copy, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = corrupted_copy("drop table marts.mart_training_effect")
    assert validate.validate(db, tmp_path / "docs", only=["mart_training_effect"]) == 1
    err = capsys.readouterr().err
    assert "mart_training_effect: frame query failed" in err
    assert "mart_training_effect" in err.split("frame query failed", 1)[1]


def test_missing_or_unreadable_database_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.duckdb"
    assert validate.validate(missing, tmp_path / "docs") == 2
    assert f"{missing} does not exist; run `make build` first" in capsys.readouterr().err

    garbage = tmp_path / "garbage.duckdb"
    garbage.write_text("not a database\n")
    assert validate.validate(garbage, tmp_path / "docs") == 2
    assert f"cannot open {garbage} as a DuckDB database" in capsys.readouterr().err


def test_every_suite_is_named_once_and_explains_every_rule() -> None:
    suites = validate.all_suites()
    names = [suite.name for suite in suites]
    assert len(names) == len(set(names))
    for suite in suites:
        assert suite.expectations, suite.name
        for expectation in suite.expectations:
            assert (
                expectation.meta and expectation.meta.get("rule") and expectation.meta.get("why")
            ), f"{suite.name}: {type(expectation).__name__} has no rule/why"
