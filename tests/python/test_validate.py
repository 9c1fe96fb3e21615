"""`make validate`: the GX checkpoint passes on a good build and fails, naming the
suite, the expectation and the column, when a business rule is broken."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from certgap_testkit import CERTGAP, Build, run_dbt

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
    for name in ("mart_program_adoption", "cross_mart__program_totals", "freshness__activity"):
        assert name in html


# One broken build per family of business rule, each caught by one layer
# (docs/data_quality.md). GX's: the suite that guards it fails and says which
# expectation on which column.
CORRUPTIONS = {
    "more active than eligible": (
        [
            """update marts.mart_program_adoption
            set wau_90_active_count = wau_90_eligible_count + 1
            where (program_id, cohort_month) in (
                select (program_id, cohort_month) from marts.mart_program_adoption
                where wau_90_eligible_count > 0 order by all limit 1)""",
        ],
        "mart_program_adoption",
        "expect_column_pair_values_a_to_be_greater_than_b(wau_90_eligible_count,"
        " wau_90_active_count) [bounded_by]",
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

# dbt's: a data test of the model fails (`dbt test`, as `make build` runs it);
# GX no longer repeats it (tests/python/test_quality_layers.py).
DBT_CORRUPTIONS = {
    "rate above 1": (
        [
            """update marts.mart_program_adoption set wau_90_rate = 1.7
            where (program_id, cohort_month) in (
                select (program_id, cohort_month) from marts.mart_program_adoption
                where wau_90_rate is not null limit 1)""",
        ],
        "mart_program_adoption: is_rate(wau_90_rate)",
    ),
    "wau_90_rate without eligible completers": (
        [
            """update marts.mart_program_adoption set wau_90_rate = 0.5
            where wau_90_eligible_count = 0""",
        ],
        "mart_program_adoption: expression_holds(wau_90_rate is null or wau_90_eligible_count > 0)",
    ),
    "more completers than enrolled": (
        [
            """update marts.mart_program_adoption set completer_count = enrolled_count + 1
            where (program_id, cohort_month) in (
                select (program_id, cohort_month) from marts.mart_program_adoption limit 1)""",
        ],
        "mart_program_adoption: expression_holds(completer_count <= enrolled_count)",
    ),
    "duplicate cohort row": (
        [
            """insert into marts.mart_program_adoption
            select * from marts.mart_program_adoption limit 1""",
        ],
        "mart_program_adoption: unique_combination(program_id, cohort_month)",
    ),
    "duplicate person-tool-week": (
        [
            """insert into marts.fct_tool_activity_weekly
            select * from marts.fct_tool_activity_weekly limit 1""",
        ],
        "fct_tool_activity_weekly: unique_combination(person_key, tool_id, week_start_date)",
    ),
    "staged event without its tool": (
        [
            """update staging.base_okta__system_log_events set tool_id = null
            where event_id = (
                select min(event_id) from staging.stg_okta__ai_sso_events)""",
        ],
        "stg_okta__ai_sso_events: not_null(tool_id)",
    ),
    "cohort sizes disagree across marts": (
        [
            """delete from marts.fct_completions
            where (person_key, program_id) in (
                select (person_key, program_id) from marts.fct_completions limit 1)""",
        ],
        "assert_adoption_completers_match_fct_completions",
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


@pytest.fixture(scope="module")
def dbt_failures(built_sample: Build, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """`dbt test` (data tests) of the corrupted models, on one copy holding every
    dbt-owned corruption: one dbt run, not one per case; each case below checks that
    its own test is among the failures."""
    work = tmp_path_factory.mktemp("dbt_corrupted")
    db = work / "certgap.duckdb"
    shutil.copy(built_sample.db_path, db)
    con = duckdb.connect(str(db))
    try:
        for statements, _ in DBT_CORRUPTIONS.values():
            for statement in statements:
                con.sql(statement)
    finally:
        con.close()
    build = Build(raw_dir=built_sample.raw_dir, db_path=db, target_path=work / "target")
    # the data tests of the marts and of the one staging model corrupted
    selection = ["path:models/marts,test_type:data", "stg_okta__ai_sso_events,test_type:data"]
    result = run_dbt(build, ["test", "--select", *selection])
    assert result.exception is None, result.exception
    return [
        describe(node_result.node)
        for node_result in result.result.results
        if str(node_result.status) in {"fail", "error"}
    ]


def describe(test) -> str:
    """`model: name(column | expression | columns)` of a generic data test, the
    name of a singular one."""
    metadata = getattr(test, "test_metadata", None)
    if metadata is None:
        return test.name
    kwargs = metadata.kwargs
    detail = test.column_name or kwargs.get("expression") or ", ".join(kwargs.get("columns", []))
    return f"{test.attached_node.split('.')[-1]}: {metadata.name}({detail})"


@pytest.mark.parametrize("case", list(DBT_CORRUPTIONS), ids=list(DBT_CORRUPTIONS))
def test_dbt_test_fails_naming_the_broken_rule(case: str, dbt_failures: list[str]) -> None:
    assert DBT_CORRUPTIONS[case][1] in dbt_failures, dbt_failures


def test_cli_exits_1_naming_suite_expectation_and_column(corrupted_copy, tmp_path: Path) -> None:
    db = corrupted_copy(*CORRUPTIONS["more active than eligible"][0])
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
    assert f"mart_program_adoption: {CORRUPTIONS['more active than eligible'][2]}" in (
        result.stderr
    )
    assert ") at program_id=" in result.stderr  # the offending pair and its row
    # the summary table counts the failures and names the first failing expectation
    summary_row = next(
        line for line in result.stdout.splitlines() if line.startswith("mart_program_adoption ")
    )
    assert summary_row.split()[3] != "0", summary_row  # the failed column
    assert "wau_90_active_count)" in summary_row, summary_row
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
