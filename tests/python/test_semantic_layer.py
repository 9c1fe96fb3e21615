"""The semantic layer (models/semantic/): `mf query` returns what the marts say.

MetricFlow's CLI (dbt-metricflow) runs as a BI analyst would run it, in a
subprocess with cwd the repository, against the session's `built_sample`
database. `mf` always reads `<project dir>/target/semantic_manifest.json` and
has no flag for another target path, so the tests give it a project directory
of its own (DBT_PROJECT_DIR): a copy of dbt_project.yml and the sample build's
semantic manifest under `target/`. Nothing is written to the repository's
`target/`.

The expected numbers are computed directly from the marts with SQL:

- wau_90_rate per program = sum(wau_90_active_count) / sum(wau_90_eligible_count)
  over marts.mart_program_adoption;
- completion_rate = sum(completer_count) / sum(enrolled_count) over the rows
  whose completion_rate is known (null for Degreed programs), and
  certification_gap = completion_rate - wau_90_rate;
- training_effect = sum(effect * treated_count) / sum(treated_count) over
  marts.mart_training_effect;
- shadow_ai_rate per organization = sum(shadow_ai_people) / sum(employed_people)
  over the organization-weeks marts.mart_shadow_ai shows (not is_suppressed),
  and trained_shadow_ai_rate likewise over the weeks whose trained/untrained
  split is shown.

Two more checks: `mf validate-configs` (the semantic models against the
warehouse: every expr, dimension and measure compiles on DuckDB) reports no
error or warning, and the semantic layer reproduces the pooled headline
numbers of marts.mart_executive_scorecard per cycle with the filters its
metric descriptions name.

`mf` is looked up as $CERTGAP_MF, then next to this Python, then on PATH. If it
is missing the tests fail (not skip) and say how to install it.
"""

from __future__ import annotations

import csv
import math
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from certgap_testkit import REPO, Build

TOLERANCE = 1e-9
MF_TIMEOUT_SECONDS = 300

WAU_90_SQL = """
    select
        program_id,
        cast(sum(wau_90_active_count) as double)
        / nullif(sum(wau_90_eligible_count), 0) as wau_90_rate,
        sum(wau_90_eligible_count) as wau_90_eligible_count
    from marts.mart_program_adoption
    group by program_id
"""

COMPLETION_SQL = """
    select
        program_id,
        cast(sum(case when completion_rate is not null then completer_count end) as double)
        / nullif(sum(case when completion_rate is not null then enrolled_count end), 0)
            as completion_rate
    from marts.mart_program_adoption
    group by program_id
"""

TRAINING_EFFECT_SQL = """
    select
        program_id,
        sum(effect * treated_count) / sum(treated_count) as training_effect
    from marts.mart_training_effect
    group by program_id
"""


SHADOW_AI_SQL = """
    select
        organization,
        cast(sum(shadow_ai_people) as double)
        / nullif(sum(case when not is_suppressed then employed_people end), 0)
            as shadow_ai_rate,
        cast(sum(trained_shadow_ai_people) as double)
        / nullif(sum(case when not is_training_split_suppressed then trained_people end), 0)
            as trained_shadow_ai_rate
    from marts.mart_shadow_ai
    group by organization
"""


@pytest.fixture(scope="session")
def mf_executable() -> str:
    """The `mf` to run; session-scoped and requested first, so a missing `mf` fails the
    tests before the sample is built."""
    candidates = [
        os.environ.get("CERTGAP_MF"),
        str(Path(sys.executable).with_name("mf")),
        shutil.which("mf"),
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail(
        "MetricFlow's CLI `mf` was not found (looked at $CERTGAP_MF, "
        f"{Path(sys.executable).with_name('mf')} and PATH). Install it into this venv: "
        f"{sys.executable} -m pip install dbt-metricflow==0.15.0 (pinned in requirements.txt), "
        "or point CERTGAP_MF at an `mf` executable.",
        pytrace=False,
    )


@pytest.fixture(scope="module")
def mf_project(built_sample: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project directory for `mf`: dbt_project.yml and the sample's semantic manifest."""
    manifest = built_sample.target_path / "semantic_manifest.json"
    assert manifest.is_file(), f"dbt did not write {manifest}: no semantic models parsed?"
    project = tmp_path_factory.mktemp("mf_project")
    shutil.copy(REPO / "dbt_project.yml", project / "dbt_project.yml")
    (project / "target").mkdir()
    shutil.copy(manifest, project / "target" / "semantic_manifest.json")
    return project


def run_mf_query(
    mf: str,
    build: Build,
    project: Path,
    metrics: Sequence[str],
    group_by: Sequence[str],
    out_dir: Path,
    where: Sequence[str] = (),
) -> list[dict[str, str]]:
    """`mf query --metrics ... --group-by ... [--where ...]` on `build`; rows as dicts."""
    out_csv = out_dir / "mf_result.csv"
    out_csv.unlink(missing_ok=True)
    args = ["query", "--quiet", "--metrics", ",".join(metrics), "--group-by", ",".join(group_by)]
    for condition in where:
        args += ["--where", condition]
    done = run_mf(mf, build, project, [*args, "--csv", str(out_csv)])
    assert out_csv.is_file(), f"mf wrote no {out_csv}:\n{done.stdout}\n{done.stderr}"
    with out_csv.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def run_mf(
    mf: str, build: Build, project: Path, args: Sequence[str]
) -> subprocess.CompletedProcess[str]:
    """Run `mf <args>` against `build` from the repository; fail with its output."""
    cmd = [mf, *args]
    env = {
        **os.environ,
        "CERTGAP_DB": str(build.db_path),
        "CERTGAP_RAW_DIR": str(build.raw_dir),
        "CERTGAP_TARGET": "duckdb",
        "DBT_PROFILES_DIR": str(REPO / "profiles"),
        "DBT_PROJECT_DIR": str(project),
    }
    done = subprocess.run(
        cmd,
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=MF_TIMEOUT_SECONDS,
        check=False,
    )
    assert done.returncode == 0, (
        f"{' '.join(cmd)} failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}"
    )
    return done


def _number(text: str) -> float | None:
    return None if text == "" else float(text)


def _assert_same(actual: float | None, expected: float | None, what: str) -> None:
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        assert actual is None, f"{what}: mf says {actual!r}, the mart says null"
        return
    assert actual is not None, f"{what}: mf says null, the mart says {expected!r}"
    assert abs(actual - expected) <= TOLERANCE, f"{what}: mf {actual!r} vs mart {expected!r}"


def test_wau_90_rate_by_program_matches_mart(
    mf_executable: str, built_sample: Build, mf_project: Path, tmp_path: Path
) -> None:
    expected = {
        program_id: (rate, eligible)
        for program_id, rate, eligible in built_sample.query(WAU_90_SQL)
    }
    assert any(eligible > 0 for _, eligible in expected.values()), (
        "no program has a completer eligible at day 90: the comparison would be empty"
    )

    rows = run_mf_query(
        mf_executable,
        built_sample,
        mf_project,
        ["wau_90_rate"],
        ["program__program_id"],
        tmp_path,
    )

    actual = {row["program__program_id"]: _number(row["wau_90_rate"]) for row in rows}
    assert set(actual) == set(expected), (
        f"programs differ: only in mf {sorted(set(actual) - set(expected))}, "
        f"only in the mart {sorted(set(expected) - set(actual))}"
    )
    for program_id, (rate, _) in expected.items():
        _assert_same(actual[program_id], rate, f"wau_90_rate of {program_id}")


def test_gap_and_training_effect_by_program_match_marts(
    mf_executable: str, built_sample: Build, mf_project: Path, tmp_path: Path
) -> None:
    wau = {program_id: rate for program_id, rate, _ in built_sample.query(WAU_90_SQL)}
    completion = dict(built_sample.query(COMPLETION_SQL))
    effect = dict(built_sample.query(TRAINING_EFFECT_SQL))
    assert any(rate is None for rate in completion.values()), (
        "expected a program without enrollment data (Degreed) whose completion rate is null"
    )
    assert effect, "mart_training_effect is empty: nothing to compare"

    rows = run_mf_query(
        mf_executable,
        built_sample,
        mf_project,
        ["completion_rate", "certification_gap", "training_effect"],
        ["program__program_id", "program__platform"],
        tmp_path,
    )

    by_program = {row["program__program_id"]: row for row in rows}
    assert set(by_program) == set(completion) | set(effect)
    platforms = dict(built_sample.query("select program_id, platform from marts.dim_programs"))
    for program_id, row in by_program.items():
        assert row["program__platform"] == platforms[program_id]
        rate = completion.get(program_id)
        _assert_same(_number(row["completion_rate"]), rate, f"completion_rate of {program_id}")
        gap = None if rate is None or wau.get(program_id) is None else rate - wau[program_id]
        _assert_same(_number(row["certification_gap"]), gap, f"certification_gap of {program_id}")
        _assert_same(
            _number(row["training_effect"]),
            effect.get(program_id),
            f"training_effect of {program_id}",
        )


def test_shadow_ai_rates_by_organization_match_mart(
    mf_executable: str, built_sample: Build, mf_project: Path, tmp_path: Path
) -> None:
    expected = {
        organization: (rate, trained_rate)
        for organization, rate, trained_rate in built_sample.query(SHADOW_AI_SQL)
    }
    assert any(rate is not None for rate, _ in expected.values()), (
        "mart_shadow_ai shows no organization-week: the comparison would be empty"
    )

    rows = run_mf_query(
        mf_executable,
        built_sample,
        mf_project,
        ["shadow_ai_rate", "trained_shadow_ai_rate"],
        ["organization_week__organization"],
        tmp_path,
    )

    actual = {row["organization_week__organization"]: row for row in rows}
    assert set(actual) == set(expected)
    for organization, (rate, trained_rate) in expected.items():
        row = actual[organization]
        _assert_same(_number(row["shadow_ai_rate"]), rate, f"shadow_ai_rate of {organization}")
        _assert_same(
            _number(row["trained_shadow_ai_rate"]),
            trained_rate,
            f"trained_shadow_ai_rate of {organization}",
        )


IDLE_SEATS_SQL = """
    select
        tool_id,
        sum(idle_cost_usd) as idle_cost_usd,
        cast(sum(idle_seats) as double) / sum(case when not is_suppressed then seats_held end)
            as idle_seat_rate
    from marts.mart_seat_utilization
    group by tool_id
"""


def test_idle_seats_and_cost_by_tool_match_mart(
    mf_executable: str, built_sample: Build, mf_project: Path, tmp_path: Path
) -> None:
    """README's "what do idle seats cost us?" as an `mf query`."""
    expected = {tool: (cost, rate) for tool, cost, rate in built_sample.query(IDLE_SEATS_SQL)}
    assert len(expected) >= 5, "mart_seat_utilization has too few tools to compare"
    rows = run_mf_query(
        mf_executable,
        built_sample,
        mf_project,
        ["idle_cost_usd", "idle_seat_rate"],
        ["tool_month__tool_id"],
        tmp_path,
    )
    actual = {row["tool_month__tool_id"]: row for row in rows}
    assert set(actual) == set(expected)
    for tool, (cost, rate) in expected.items():
        got = _number(actual[tool]["idle_cost_usd"])
        # a sum of dollars in another order: equal to well under a cent
        assert got is not None and abs(got - cost) <= 1e-6, (tool, got, cost)
        _assert_same(_number(actual[tool]["idle_seat_rate"]), rate, f"idle_seat_rate of {tool}")


def test_mf_validate_configs_is_clean(
    mf_executable: str, built_sample: Build, mf_project: Path
) -> None:
    done = run_mf(mf_executable, built_sample, mf_project, ["validate-configs"])
    output = done.stdout + done.stderr
    counts = re.findall(r"\b(ERRORS|FUTURE_ERRORS|WARNINGS): (\d+)", output)
    assert counts, f"mf validate-configs printed no counts:\n{output}"
    nonzero = [(kind, count) for kind, count in counts if count != "0"]
    assert not nonzero, f"mf validate-configs found problems {nonzero}:\n{output}"


SCORECARD_SQL = """
    select
        cast(cycle_start_date as varchar),
        completion_rate,
        wau_90_rate,
        certification_gap,
        training_effect
    from marts.mart_executive_scorecard
"""
REGULAR_PROGRAMS = "{{ Dimension('program__is_manager_reinforcement') }} = false"
HAS_STD_ERROR = "{{ Dimension('program_cycle__has_std_error') }}"


def test_headline_per_cycle_matches_executive_scorecard(
    mf_executable: str, built_sample: Build, mf_project: Path, tmp_path: Path
) -> None:
    scorecard = {row[0]: row[1:] for row in built_sample.query(SCORECARD_SQL)}
    assert scorecard, "mart_executive_scorecard is empty: nothing to compare"

    adoption = run_mf_query(
        mf_executable,
        built_sample,
        mf_project,
        ["completion_rate", "wau_90_rate", "certification_gap"],
        ["metric_time__quarter"],
        tmp_path,
        where=[REGULAR_PROGRAMS],
    )
    effect = run_mf_query(
        mf_executable,
        built_sample,
        mf_project,
        ["training_effect"],
        ["metric_time__quarter"],
        tmp_path,
        where=[REGULAR_PROGRAMS, HAS_STD_ERROR],
    )

    adoption_by_cycle = {row["metric_time__quarter"][:10]: row for row in adoption}
    effect_by_cycle = {row["metric_time__quarter"][:10]: row for row in effect}
    for cycle, (completion, wau, gap, training_effect) in scorecard.items():
        row = adoption_by_cycle.get(cycle, {})
        _assert_same(_number(row.get("completion_rate", "")), completion, f"{cycle} completion")
        _assert_same(_number(row.get("wau_90_rate", "")), wau, f"{cycle} wau_90_rate")
        _assert_same(_number(row.get("certification_gap", "")), gap, f"{cycle} gap")
        _assert_same(
            _number(effect_by_cycle.get(cycle, {}).get("training_effect", "")),
            training_effect,
            f"{cycle} training_effect",
        )
