"""mart_training_effect: the difference-in-differences of trained vs untrained.

Two checks on a built sample:

1. The mart is what a statistician would compute from its units. For every
   (program, cycle), OLS of the unit change d on a treated dummy with HC2
   standard errors (statsmodels) gives the treated coefficient = difference of
   group means and HC2 SE = Welch SE sqrt(s_t^2/n_t + s_c^2/n_c); the mart's
   effect, std_error, normal p-value and 95 % interval must equal them (1e-6).
2. The pooled effect recovers the generator's planted truth
   (truth.json ``training_effect.realised_did``), see
   ``assert_effect_recovers_truth`` (reusable on any Build + truth dict).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import duckdb
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from certgap_testkit import Build

TOLERANCE = 1e-6
Z_975 = 1.959964

UNITS_SQL = """
    select
        program_id,
        cycle_start_date,
        employee_id,
        unit_role,
        case when is_treated then 1 else 0 end as treated,
        {change} as diff
    from intermediate.int_training_effect_units_measured
"""

MART_SQL = """
    select
        program_id,
        cycle_start_date,
        {prefix}effect as effect,
        {prefix}std_error as std_error,
        {prefix}ci_low as ci_low,
        {prefix}ci_high as ci_high,
        {prefix}p_value as p_value,
        {significant} as is_significant,
        treated_count,
        control_count
    from marts.mart_training_effect
"""
# (unit change column, mart column prefix, significance flag): weekly active use,
# and depth (days of use per week), estimated the same way.
MEASURES = [
    ("weekly_active_rate_change", "", "is_significant"),
    ("active_days_per_week_change", "active_days_", "is_active_days_significant"),
]


def _frame(build: Build, sql: str) -> pd.DataFrame:
    try:
        con = build.connect()
    except duckdb.ConnectionException:
        # After an in-process dbt build, dbt-duckdb still holds the file open
        # read-write, and DuckDB refuses a second, read-only configuration of
        # the same file in one process; a default connection shares dbt's.
        con = duckdb.connect(str(build.db_path))
    try:
        return con.sql(sql).df()
    finally:
        con.close()


def _close(actual: float | None, expected: float, what: str) -> None:
    assert actual is not None and not math.isnan(actual), f"{what}: mart has null"
    assert abs(actual - expected) <= TOLERANCE, f"{what}: mart {actual!r} vs {expected!r}"


@pytest.mark.parametrize(("change", "prefix", "significant"), MEASURES)
def test_mart_matches_statsmodels_ols_hc2(
    built_sample: Build, change: str, prefix: str, significant: str
) -> None:
    units = _frame(built_sample, UNITS_SQL.format(change=change))
    mart = _frame(built_sample, MART_SQL.format(prefix=prefix, significant=significant))
    assert not mart.empty, "mart_training_effect is empty: nothing to compare"

    estimated = 0
    for row in mart.itertuples(index=False):
        key = f"{row.program_id} {row.cycle_start_date}"
        data = units[
            (units["program_id"] == row.program_id)
            & (units["cycle_start_date"] == row.cycle_start_date)
        ]
        n_treated = int(data["treated"].sum())
        n_control = int(len(data) - n_treated)
        assert (row.treated_count, row.control_count) == (n_treated, n_control), key
        if n_treated < 2 or n_control < 2:
            assert pd.isna(row.std_error) and pd.isna(row.p_value), key
            assert not row.is_significant, key
            continue
        if data.groupby("treated")["diff"].var().sum() == 0:
            # every change equal within each group: SE 0, no test statistic
            assert row.std_error == 0 and pd.isna(row.p_value), key
            continue
        fit = smf.ols("diff ~ treated", data=data).fit(cov_type="HC2")
        effect = float(fit.params["treated"])
        std_error = float(fit.bse["treated"])
        p_value = float(fit.pvalues["treated"])  # normal: use_t is False
        ci_low, ci_high = (float(v) for v in fit.conf_int(alpha=0.05).loc["treated"])
        _close(row.effect, effect, f"{key} effect")
        _close(row.std_error, std_error, f"{key} std_error")
        _close(row.p_value, p_value, f"{key} p_value")
        _close(row.ci_low, ci_low, f"{key} ci_low")
        _close(row.ci_high, ci_high, f"{key} ci_high")
        assert row.is_significant == (p_value < 0.05), key
        estimated += 1
    assert estimated > 0, "no (program, cycle) with two or more units per group"


# --- ground truth ----------------------------------------------------------------
#
# truth.json's realised_did is computed by the generator on the TRUE activity:
# for every (completer, regular program) with 4 full window weeks before and 12
# after the completion week, mean over post weeks 1..12 minus mean over pre weeks
# -4..-1 of (active on a target tool - share active among the not-yet-trained
# peers of the same Organization and LevelDesignation that week), averaged over
# pairs. "Not yet trained" = no completion of a regular program by the week's end.
#
# The mart estimates the same quantity with three differences:
#
# a. Pooling. The mart's effect is per (program, cycle); the truth averages over
#    all pairs. The pooled estimate below averages each treated unit's own DiD,
#    d_i - mean(d | controls of its program and cycle), over the treated units of
#    regular programs, i.e. the treated-weighted mean of the mart's effects: the
#    truth's weighting. Its variance adds the treated term (variance of the
#    per-unit DiDs / N) and each (program, cycle)'s control term weighted by its
#    treated share squared.
# b. Sample. The mart keeps completers whose 16 weeks are all fully observed and
#    fully employed and whose cell has a control; its controls stay untrained
#    (any program) through week 12. The truth keeps every completer whose weeks
#    lie in the window (leavers score zeros after leaving, recent hires zeros
#    before joining) and per-week cross-sections of controls. Both are unbiased
#    for the same planted DiD under the generator's parallel trends (the
#    untrained drift is the same for everyone); the remaining gap is sampling
#    noise of two overlapping samples (already inside the 95 % interval) plus
#    leavers and hires: with 10 %/year terminations about 2.3 % of completers
#    leave within 12 weeks, losing half their post weeks at a post rate near 0.3,
#    which moves the truth by about -0.004; hires score pre-week zeros, but
#    completers' pre rates are near 0 anyway (target-tool access comes with
#    training).
# c. Measurement. The mart sees activity only through the channels (Copilot
#    report, consoles, SSO, proxy) and only for resolved identities. A missed
#    active week lowers treated and control rates alike, so the DiD shrinks by
#    the detection rate: effect_mart ~ p_detect * effect_true. Week-level
#    detection is at least 0.95 (a week needs one day seen on any of four
#    channels; identity match rates are >= 0.97), i.e. at most 5 % of the truth.
#
# Tolerance beyond the 95 % interval: 0.01 absolute (b) + 5 % of |truth| (c).
# Observed (pooled effect, SE, treated units vs realised_did):
#   600 employees x 150 days, seed 7:   0.2088, 0.0200,   75 vs 0.1991
#   4000 employees x 364 days, seed 11: 0.1991, 0.0041, 2012 vs 0.1986
TRUTH_ABS_TOLERANCE = 0.01
TRUTH_REL_TOLERANCE = 0.05


@dataclass(frozen=True)
class PooledEffect:
    effect: float
    std_error: float
    treated_count: int

    @property
    def ci(self) -> tuple[float, float]:
        return (self.effect - Z_975 * self.std_error, self.effect + Z_975 * self.std_error)


def pooled_effect(units: pd.DataFrame) -> PooledEffect:
    """Treated-weighted DiD over all (program, cycle) groups of `units`
    (columns program_id, cycle_start_date, treated, diff)."""
    keys = ["program_id", "cycle_start_date"]
    controls = units[units["treated"] == 0]
    treated = units[units["treated"] == 1]
    control_stats = controls.groupby(keys)["diff"].agg(["mean", "var", "count"])
    # a group with a single control has no variance of its own: use the pooled one
    control_stats["var"] = control_stats["var"].fillna(controls["diff"].var())
    joined = treated.join(control_stats, on=keys, how="inner")
    unit_did = joined["diff"] - joined["mean"]
    n = len(joined)
    assert n >= 2, f"only {n} treated units: no pooled effect"
    weights = joined.groupby(keys).size() / n
    control_term = (
        weights**2
        * control_stats.loc[weights.index, "var"]
        / control_stats.loc[weights.index, "count"]
    ).sum()
    variance = unit_did.var() / n + control_term
    return PooledEffect(float(unit_did.mean()), math.sqrt(variance), n)


def regular_units(build: Build) -> pd.DataFrame:
    """Units of the programs the truth counts (not the manager reinforcement)."""
    return _frame(
        build,
        UNITS_SQL.format(change=MEASURES[0][0])
        + """
        where program_id in (
            select program_id from marts.dim_programs
            where not is_manager_reinforcement
        )
        """,
    )


def assert_effect_recovers_truth(build: Build, truth: dict) -> PooledEffect:
    """The pooled effect's 95 % interval, widened by the tolerance derived above,
    covers truth.json's training_effect.realised_did. Returns the estimate."""
    target = float(truth["training_effect"]["realised_did"])
    pooled = pooled_effect(regular_units(build))
    slack = TRUTH_ABS_TOLERANCE + TRUTH_REL_TOLERANCE * abs(target)
    low, high = pooled.ci
    assert low - slack <= target <= high + slack, (
        f"realised_did {target} outside [{low:.4f}, {high:.4f}] +/- {slack:.4f} "
        f"(pooled effect {pooled.effect:.4f}, SE {pooled.std_error:.4f}, "
        f"{pooled.treated_count} treated)"
    )
    return pooled


def test_pooled_effect_recovers_truth(built_sample: Build) -> None:
    truth = json.loads((built_sample.raw_dir / "truth.json").read_text(encoding="utf-8"))
    if truth["training_effect"]["realised_did"] == 0.0:
        pytest.skip("window too short for the truth's DiD (fewer than 17 weeks)")
    pooled = assert_effect_recovers_truth(build=built_sample, truth=truth)
    # the planted effect is large: a working estimator sees it
    assert pooled.ci[0] > 0, f"pooled effect not significant: {pooled}"


def test_pooled_effect_is_the_treated_weighted_mart_effect(built_sample: Build) -> None:
    """The pooled estimate used for the truth is the mart's own effects,
    weighted by treated counts (so the truth check is a check of the mart)."""
    pooled = pooled_effect(regular_units(built_sample))
    mart = _frame(
        built_sample,
        MART_SQL.format(prefix=MEASURES[0][1], significant=MEASURES[0][2])
        + """
        where program_id in (
            select program_id from marts.dim_programs
            where not is_manager_reinforcement
        )
        """,
    )
    weighted = (mart["effect"] * mart["treated_count"]).sum() / mart["treated_count"].sum()
    assert pooled.treated_count == int(mart["treated_count"].sum())
    assert abs(pooled.effect - weighted) <= TOLERANCE
