"""The marts recover what the generator planted, on a 20,000-employee sample.

Tolerances, and why they are what they are:

- Completion rate within 1 point per program. The marts see the same
  enrollments the generator wrote; they differ from truth.json only where an
  identity cannot be resolved (contractors, hashed or ambiguous identifiers:
  ~1 % of identifiers), which moves a rate by well under a point at the
  hundreds of enrollees per program this sample has. Programs on a platform
  that exports completions only (Degreed) have no knowable completion rate
  and are skipped: the mart reports null there by design.
- WAU@90 within 2 points per program. The marts see use through the four
  channels (a lower bound for Copilot), end their observation window a few
  days before the last log day (the Copilot report lags), and lose the same
  unresolved identities. With >= 150 eligible completers per program the
  sampling noise between "true" and "observed" denominators is far below 2
  points; programs with fewer eligible completers are skipped, with the
  count in the assertion message.
- The training effect: see test_training_effect.assert_effect_recovers_truth.
- Shadow-AI share within 2 points and the manager-activation difference's
  sign: see test_shadow_and_managers (tolerances written there).
- Idle seat share per tool within binomial tolerance, and the top decile's share of
  use within 2 points per tool with 300+ users: see test_seats.
- The decay curve: the OLS slope of the pooled weekly active share over
  weeks 1..12 has the sign of truth.json's realised slope (planted decay).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from certgap_testkit import Build, build_sample, generate_sample
from test_seats import assert_idle_share_recovers_truth, assert_top_decile_share_recovers_truth
from test_shadow_and_managers import (
    assert_activation_sign_matches_truth,
    assert_shadow_share_recovers_truth,
)
from test_training_effect import assert_effect_recovers_truth

GROUND_TRUTH_SAMPLE = {"employees": 20_000, "days": 270, "seed": 20}
MIN_ELIGIBLE_FOR_WAU = 150

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ground_truth(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, dict]:
    raw = generate_sample(tmp_path_factory.mktemp("raw_20k"), **GROUND_TRUTH_SAMPLE)
    work = tmp_path_factory.mktemp("build_20k")
    build = Build(raw_dir=raw, db_path=work / "certgap.duckdb", target_path=work / "target")
    build_sample(build)
    return build, json.loads((raw / "truth.json").read_text())


def _per_program(build: Build) -> dict[str, dict]:
    rows = build.query(
        """
        select
            adoption.program_id,
            programs.has_enrollment_data,
            sum(adoption.enrolled_count),
            sum(adoption.completer_count),
            sum(adoption.wau_90_active_count),
            sum(adoption.wau_90_eligible_count)
        from marts.mart_program_adoption as adoption
        inner join marts.dim_programs as programs
            on adoption.program_id = programs.program_id
        group by 1, 2
        """
    )
    return {
        program: {
            "has_enrollment_data": has_data,
            "completion_rate": completers / enrolled,
            "wau_90_rate": active / eligible if eligible else None,
            "wau_90_eligible": eligible,
        }
        for program, has_data, enrolled, completers, active, eligible in rows
    }


def test_completion_rate_per_program(ground_truth: tuple[Build, dict]) -> None:
    build, truth = ground_truth
    measured = _per_program(build)
    checked = 0
    for program, expected in truth["programs"].items():
        got = measured[program]
        if not got["has_enrollment_data"]:
            continue
        checked += 1
        assert got["completion_rate"] == pytest.approx(expected["completion_rate"], abs=0.01), (
            program
        )
    assert checked >= 8


def test_wau_90_per_program(ground_truth: tuple[Build, dict]) -> None:
    build, truth = ground_truth
    measured = _per_program(build)
    checked = 0
    for program, expected in truth["programs"].items():
        got = measured[program]
        if got["wau_90_eligible"] < MIN_ELIGIBLE_FOR_WAU:
            continue
        checked += 1
        assert got["wau_90_rate"] == pytest.approx(expected["wau_90_rate"], abs=0.02), (
            program,
            got["wau_90_eligible"],
        )
    assert checked >= 6, f"only {checked} programs had {MIN_ELIGIBLE_FOR_WAU}+ eligible"


def test_idle_seat_share_per_tool(ground_truth: tuple[Build, dict]) -> None:
    build, truth = ground_truth
    assert_idle_share_recovers_truth(build, truth)


def test_top_decile_share_of_use_per_tool(ground_truth: tuple[Build, dict]) -> None:
    build, truth = ground_truth
    assert_top_decile_share_recovers_truth(build, truth, min_users=300)


def test_training_effect_interval_covers_truth(ground_truth: tuple[Build, dict]) -> None:
    build, truth = ground_truth
    assert_effect_recovers_truth(build, truth)


def test_decay_curve_slope_has_the_planted_sign(ground_truth: tuple[Build, dict]) -> None:
    build, truth = ground_truth
    rows = build.query(
        """
        select weeks_since_completion, sum(active_count) / sum(eligible_count)
        from marts.mart_adoption_curve
        inner join marts.dim_programs using (program_id)
        where weeks_since_completion between 1 and 12
            and not dim_programs.is_manager_reinforcement
        group by 1
        order by 1
        """
    )
    weeks = np.array([week for week, _ in rows], dtype=float)
    shares = np.array([share for _, share in rows], dtype=float)
    slope = np.polyfit(weeks, shares, 1)[0]
    assert truth["weekly_decay"]["realised_slope"] < 0
    assert slope < 0, f"adoption should decay week by week; slope {slope:.4f}"


def test_shadow_ai_share_recovers_truth(ground_truth: tuple[Build, dict]) -> None:
    build, truth = ground_truth
    assert_shadow_share_recovers_truth(build, truth)


def test_manager_activation_difference_has_the_planted_sign(
    ground_truth: tuple[Build, dict],
) -> None:
    build, truth = ground_truth
    assert_activation_sign_matches_truth(build, truth)
