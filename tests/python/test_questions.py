"""The six questions of DESIGN.md, each answered by one query in analyses/.

`dbt compile -s path:analyses` renders analyses/question_1.sql ... question_6.sql
against the built sample; each compiled query runs on its DuckDB file and must give a
non-empty, sensible answer: keys present, rates in 0..1, costs positive, an effect with
its interval and p-value. Where the generator planted a truth (truth.json), the answer
must recover it: per-program completers and WAU@90, the completions behind the
platform costs, and the training effect.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from certgap_testkit import Build, failure_messages, run_dbt

QUESTIONS = range(1, 7)
Z_975 = 1.959964
# Same tolerance as test_training_effect.py: sampling differences between the
# mart's units and the truth's pairs (absolute) plus channel detection (relative).
TRUTH_ABS_TOLERANCE = 0.01
TRUTH_REL_TOLERANCE = 0.05


def _frame(build: Build, sql: str) -> pd.DataFrame:
    try:
        con = build.connect()
    except duckdb.ConnectionException:
        # dbt-duckdb may still hold the file open read-write in this process;
        # DuckDB then refuses a read-only configuration, a default one shares it.
        con = duckdb.connect(str(build.db_path))
    try:
        return con.sql(sql).df()
    finally:
        con.close()


@pytest.fixture(scope="module")
def answers(built_sample: Build) -> dict[int, pd.DataFrame]:
    """Every question's compiled query, run against the built sample."""
    result = run_dbt(built_sample, ["compile", "--select", "path:analyses"])
    assert result.success, "dbt compile failed:\n" + "\n".join(failure_messages(result))
    compiled = Path(built_sample.target_path) / "compiled" / "certgap" / "analyses"
    out = {}
    for n in QUESTIONS:
        path = compiled / f"question_{n}.sql"
        assert path.exists(), f"{path} was not compiled"
        out[n] = _frame(built_sample, path.read_text(encoding="utf-8"))
    return out


@pytest.fixture(scope="module")
def truth(built_sample: Build) -> dict:
    return json.loads((built_sample.raw_dir / "truth.json").read_text(encoding="utf-8"))


def _assert_rates(frame: pd.DataFrame, *columns: str) -> None:
    for column in columns:
        values = frame[column].dropna()
        assert not values.empty, f"{column}: every value is null"
        assert values.between(0, 1).all(), f"{column} outside 0..1:\n{values}"


def _assert_keys(frame: pd.DataFrame, *columns: str) -> None:
    for column in columns:
        assert frame[column].notna().all(), f"{column} has nulls"
    assert not frame.duplicated(list(columns)).any(), f"{columns} not unique"


def test_every_question_has_an_answer(answers: dict[int, pd.DataFrame]) -> None:
    for n, frame in answers.items():
        assert not frame.empty, f"question {n}: no rows"


def test_question_1_wau_90_next_to_completion_rate(answers: dict[int, pd.DataFrame]) -> None:
    q1 = answers[1]
    assert q1["cycle_start_date"].nunique() == 1, "one cycle: the most recent measurable"
    _assert_keys(q1, "program_id")
    _assert_rates(q1, "completion_rate", "wau_90_rate", "cycle_completion_rate")
    _assert_rates(q1, "cycle_wau_90_rate")
    for column in ("cycle_wau_90_rate", "cycle_completion_rate", "cycle_meets_wau_target"):
        assert q1[column].nunique(dropna=False) == 1, f"{column} differs within the cycle"
    # the cycle's WAU@90 is the regular programs' pooled: sum(active) / sum(eligible)
    regular = q1[~q1["is_manager_reinforcement"] & (q1["wau_90_eligible_count"] > 0)]
    active = (regular["wau_90_rate"] * regular["wau_90_eligible_count"]).sum()
    pooled = active / regular["wau_90_eligible_count"].sum()
    assert abs(pooled - q1["cycle_wau_90_rate"].iloc[0]) < 1e-9
    gap = q1["cycle_completion_rate"].iloc[0] - q1["cycle_wau_90_rate"].iloc[0]
    assert abs(gap - q1["cycle_certification_gap"].iloc[0]) < 1e-9


def test_question_2_platform_costs(
    answers: dict[int, pd.DataFrame], built_sample: Build, truth: dict
) -> None:
    q2 = answers[2]
    _assert_keys(q2, "platform")
    platforms = _frame(built_sample, "select platform from marts.dim_platforms")
    assert set(q2["platform"]) == set(platforms["platform"]), "a platform is missing"
    assert q2["has_outcome_data_clause"].notna().all()
    assert q2["has_outcome_data_clause"].any() and not q2["has_outcome_data_clause"].all()
    assert (q2["cost_usd"] > 0).all(), "every platform is under contract in the sample"
    for column in ("cost_per_completion_usd", "cost_per_adopter_usd"):
        values = q2[column].dropna()
        assert not values.empty and (values > 0).all(), f"{column}: {values.tolist()}"
    _assert_rates(q2, "adoption_rate")
    # an adopter costs more than a completion (not everyone who completes adopts)
    both = q2.dropna(subset=["cost_per_completion_usd", "cost_per_adopter_usd"])
    assert (both["cost_per_adopter_usd"] >= both["cost_per_completion_usd"]).all()
    # the completions behind the costs are the truth's first completions, each once
    planted = sum(p["completers"] for p in truth["programs"].values())
    assert int(q2["completion_count"].sum()) == planted


def test_question_3_manager_activation(answers: dict[int, pd.DataFrame]) -> None:
    q3 = answers[3]
    _assert_keys(q3, "cycle_start_date", "activated_before_team")
    _assert_rates(q3, "manager_share", "team_completion_rate", "team_wau_90_rate")
    shares = q3.groupby("cycle_start_date")["manager_share"].sum()
    assert ((shares - 1).abs() < 1e-9).all(), f"manager shares do not add up:\n{shares}"
    shown = q3.dropna(subset=["team_wau_90_rate_vs_others"])
    assert not shown.empty, "no cycle compares the two groups"


def test_question_4_shadow_ai_of_trained_people(answers: dict[int, pd.DataFrame]) -> None:
    q4 = answers[4]
    _assert_keys(q4, "organization")
    _assert_rates(q4, "trained_shadow_ai_rate", "untrained_shadow_ai_rate", "reverted_rate")
    assert (q4["trained_person_weeks"] > 0).all()
    assert (q4["trained_shadow_ai_person_weeks"] <= q4["trained_person_weeks"]).all()
    rates = q4["trained_shadow_ai_rate"].tolist()
    assert rates == sorted(rates, reverse=True), "not ordered by the trained rate"


def test_question_5_content_older_than_tools(
    answers: dict[int, pd.DataFrame], built_sample: Build, truth: dict
) -> None:
    q5 = answers[5]
    _assert_keys(q5, "program_id")
    assert (q5["content_updated_date"] < q5["newest_tool_release_date"]).all()
    assert (q5["release_lag_days"] > 0).all()
    assert q5["newest_release_tool_id"].notna().all()
    _assert_rates(q5, "completion_rate", "wau_90_rate")
    assert (q5["is_stale"] == (q5["content_age_days"] > 91)).all()
    # the adoption shown per program recovers the truth's WAU@90 (all cohorts). The
    # truth counts day 90 up to the window's last day, the mart up to the last day
    # every channel has reported (up to 3 days earlier: the Copilot report lags), so
    # it may count a few eligible completers fewer; and it sees activity only
    # through the channels, so an active person may be missed now and then.
    freshness = _frame(
        built_sample,
        "select program_id, completer_count, wau_90_eligible_count, wau_90_active_count "
        "from marts.mart_content_freshness",
    ).set_index("program_id")
    for program_id, planted in truth["programs"].items():
        row = freshness.loc[program_id]
        assert row["completer_count"] == planted["completers"], program_id
        eligible = planted["wau_90_eligible"]
        active = round(planted["wau_90_rate"] * eligible)
        assert 0 <= eligible - row["wau_90_eligible_count"] <= max(2, 0.05 * eligible), (
            f"{program_id}: {row['wau_90_eligible_count']} eligible vs truth {eligible}"
        )
        assert abs(row["wau_90_active_count"] - active) <= max(1, 0.1 * active), (
            f"{program_id}: {row['wau_90_active_count']} active vs truth {active}"
        )


def test_question_6_training_effect(answers: dict[int, pd.DataFrame], truth: dict) -> None:
    q6 = answers[6]
    for column in ("effect", "std_error", "ci_low", "ci_high", "p_value", "is_significant"):
        assert column in q6.columns, f"question 6 has no {column}"
    _assert_keys(q6, "cycle_start_date", "scope")
    pooled = q6[q6["scope"] == "all programs"]
    assert not pooled.empty, "no pooled effect"
    tested = q6.dropna(subset=["std_error"])
    assert (tested["ci_low"] <= tested["effect"]).all()
    assert (tested["effect"] <= tested["ci_high"]).all()
    _assert_rates(q6, "p_value")
    assert (q6["is_significant"] == (q6["p_value"] < 0.05)).all()
    # pooled = treated-weighted mean of the cycle's regular programs with a standard
    # error, the manager-reinforcement module left out
    programs = q6[(q6["scope"] != "all programs") & (q6["scope"] != "ai_manager_reinforcement")]
    for row in pooled.itertuples(index=False):
        cycle = programs[
            (programs["cycle_start_date"] == row.cycle_start_date) & programs["std_error"].notna()
        ]
        weights = cycle["treated_count"] / cycle["treated_count"].sum()
        assert abs((weights * cycle["effect"]).sum() - row.effect) < 1e-9
        se = math.sqrt((weights**2 * cycle["std_error"] ** 2).sum())
        assert abs(se - row.std_error) < 1e-9
    # across cycles, the pooled effect recovers the planted difference-in-differences
    target = float(truth["training_effect"]["realised_did"])
    if target == 0.0:
        pytest.skip("window too short for the truth's DiD")
    weights = pooled["treated_count"] / pooled["treated_count"].sum()
    effect = float((weights * pooled["effect"]).sum())
    std_error = math.sqrt(float((weights**2 * pooled["std_error"] ** 2).sum()))
    slack = Z_975 * std_error + TRUTH_ABS_TOLERANCE + TRUTH_REL_TOLERANCE * abs(target)
    assert abs(effect - target) <= slack, f"effect {effect:.4f} vs truth {target:.4f}"
    assert effect - Z_975 * std_error > 0, "the planted effect is large: it must be seen"
