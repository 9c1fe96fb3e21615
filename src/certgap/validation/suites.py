"""The expectation suites, as code: one function per mart, staging source and
cross-mart check, each returning the frame it validates (a DuckDB query) and its
expectations.

What one row must hold (keys, ranges, one column against another) is a dbt
test beside the model; a suite holds what dbt's tests do not state (see
docs/data_quality.md; tests/python/test_quality_layers.py fails on an overlap):
a series without holes, a table that is not empty, and the few row rules not
yet written as dbt tests.

Marts are small and read whole. `fct_tool_activity_weekly` (person x tool x
week, ~26 M rows at 100,000 employees) is read as one row per tool x week
computed in DuckDB. Series frames carry `*_period_count` (periods present) and
`*_period_span` (periods from first to last, inclusive) per series from window
functions, so "no hole" is the GX rule count == span.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from certgap.validation import rules as r

# The M365 Copilot usage report lags the logs by up to 3 days (see
# int_observed_days_bounded): a channel further behind the load's newest day has
# stopped delivering.
MAX_ACTIVITY_LAG_DAYS = 3


@dataclass(frozen=True)
class Suite:
    """What one GX suite validates: a frame (DuckDB SQL) and its expectations."""

    name: str
    description: str
    frame_sql: str
    expectations: r.Expectations

    # The columns naming a frame's row in failure messages (its key: dbt tests
    # that it is unique, so GX does not).
    grain: tuple[str, ...] = ()

    @property
    def key_columns(self) -> tuple[str, ...]:
        return self.grain


def _weeks_between(first: str, last: str) -> str:
    return f"date_diff('week', {first}, {last}) + 1"


# --- core dimensions ---------------------------------------------------------


def dim_programs() -> Suite:
    return Suite(
        "dim_programs",
        "One row per training program, with its platform and target tools.",
        "select * from marts.dim_programs",
        [
            *r.non_empty("without programs no mart can be read"),
            *r.in_set(
                "platform",
                {"xapi", "coursera", "udemy", "linkedin_learning", "degreed"},
                why="the five contracted learning platforms",
            ),
            *r.between(
                "target_tool_count", 1, None, why="WAU@N is measured on a program's target tools"
            ),
            *r.between("seat_cost_usd", 0, None, why="a seat costs money, never less than none"),
        ],
        grain=("program_id",),
    )


def dim_ai_tools() -> Suite:
    return Suite(
        "dim_ai_tools",
        "One row per AI tool, sanctioned or consumer.",
        "select * from marts.dim_ai_tools",
        [
            *r.non_empty("activity is counted per tool"),
            *r.in_set(
                "offering", {"enterprise", "consumer"}, why="shadow AI is the consumer offering"
            ),
        ],
        grain=("tool_id",),
    )


def dim_employees() -> Suite:
    return Suite(
        "dim_employees",
        "One row per person of the HR history (pseudonymous).",
        "select * from marts.dim_employees",
        [
            *r.non_empty("every rate's population comes from HR"),
            *r.between("spell_count", 1, None, why="a person in HR was hired at least once"),
            *r.at_most(
                "first_hire_date", "current_spell_hire_date", why="the first hire is the earliest"
            ),
            *r.at_most(
                "current_spell_hire_date",
                "termination_date",
                why="a spell ends after it starts",
            ),
        ],
        grain=("person_key",),
    )


def dim_managers() -> Suite:
    return Suite(
        "dim_managers",
        "One row per person who managed anyone.",
        "select * from marts.dim_managers",
        [
            *r.between("current_direct_report_count", 0, None, why="a count"),
            *r.null_where(
                "reinforcement_completed_date",
                r.is_false("has_completed_reinforcement"),
                why="no reinforcement module, no completion day",
            ),
        ],
        grain=("manager_person_key",),
    )


# --- core facts --------------------------------------------------------------


def fct_completions() -> Suite:
    return Suite(
        "fct_completions",
        "One row per person x program completed (first completion across platforms).",
        "select * from marts.fct_completions",
        [
            *r.non_empty("every adoption rate starts from completions"),
            *r.not_null("completed_date", "cohort_month", why="day 0 of WAU@N"),
            *r.at_most("enrolled_at", "completed_at", why="one completes after enrolling"),
            *r.at_most("cohort_month", "completed_date", why="the cohort is the completion month"),
            *r.rates("best_score", why="scaled scores and grades are 0..1"),
            *r.between("platform_count", 1, None, why="completed on at least one platform"),
        ],
        grain=("person_key", "program_id"),
    )


def fct_tool_activity_weekly() -> Suite:
    # person x tool x week is ~26 M rows at 100k employees: validate per tool x week.
    return Suite(
        "fct_tool_activity_weekly",
        "Per tool x week aggregate of person x tool x week activity (computed in DuckDB).",
        f"""
        with tool_weeks as (
            select
                tool_id,
                week_start_date,
                count(*) as row_count
            from marts.fct_tool_activity_weekly
            group by tool_id, week_start_date
        )
        select
            *,
            count(*) over (partition by tool_id) as tool_period_count,
            {
            _weeks_between(
                "min(week_start_date) over (partition by tool_id)",
                "max(week_start_date) over (partition by tool_id)",
            )
        }
                as tool_period_span
        from tool_weeks
        """,
        [
            *r.non_empty("weekly activity is the base of every WAU"),
            *r.no_week_holes(
                "tool_period_count",
                "tool_period_span",
                why="rows include weeks without use, so every week from first to last is there",
            ),
        ],
        grain=("tool_id", "week_start_date"),
    )


# --- adoption ----------------------------------------------------------------


def mart_program_adoption() -> Suite:
    return Suite(
        "mart_program_adoption",
        "Question 1: per program x cohort month, completion next to WAU/MAU@30/60/90.",
        "select * from marts.mart_program_adoption",
        [
            *r.non_empty("question 1 is answered here"),
            *r.at_most(
                "wau_90_eligible_count",
                "completer_count",
                why="WAU@90 counts only the cohort's completers",
            ),
            *r.at_most(
                "wau_90_active_count", "wau_90_eligible_count", why="the active are eligible"
            ),
            *r.at_least_where(
                "completer_count",
                1,
                r.is_defined("wau_90_rate"),
                why="WAU@90 is defined only where the cohort has completers",
            ),
        ],
        grain=("program_id", "cohort_month"),
    )


def mart_adoption_curve() -> Suite:
    return Suite(
        "mart_adoption_curve",
        "Per program x weeks since completion (0..26): share of completers active.",
        """
        select
            *,
            min(weeks_since_completion) over (partition by program_id)
                as program_first_week,
            count(*) over (partition by program_id) as program_period_count,
            max(weeks_since_completion) over (partition by program_id)
            - min(weeks_since_completion) over (partition by program_id)
            + 1 as program_period_span
        from marts.mart_adoption_curve
        """,
        [
            *r.non_empty("the decay after training is read here"),
            *r.not_null("weeks_since_completion", why="a curve point is a week"),
            *r.at_most("active_count", "eligible_count", why="the active are eligible"),
            *r.null_where(
                "active_rate", r.is_zero("eligible_count"), why="no one eligible, no rate"
            ),
            *r.between(
                "program_first_week",
                0,
                0,
                why="every curve starts at the completion week",
                rule="week_coverage",
            ),
            *r.no_week_holes(
                "program_period_count",
                "program_period_span",
                why="a curve with a missing week would draw a false line",
            ),
        ],
        grain=("program_id", "weeks_since_completion"),
    )


def mart_training_effect() -> Suite:
    return Suite(
        "mart_training_effect",
        "Question 6: difference-in-differences per program x cycle.",
        "select * from marts.mart_training_effect",
        [
            *r.rates(
                "treated_pre_weekly_active_rate",
                "treated_post_weekly_active_rate",
                "control_pre_weekly_active_rate",
                "control_post_weekly_active_rate",
            ),
            *r.between("effect", -1, 1, why="a difference of two changes of shares"),
        ],
        grain=("program_id", "cycle_start_date"),
    )


# --- executive, managers, portfolio, shadow AI --------------------------------


def mart_executive_scorecard() -> Suite:
    return Suite(
        "mart_executive_scorecard",
        "One row per cycle with the headline answer to each question.",
        "select * from marts.mart_executive_scorecard",
        [
            *r.non_empty("the executive summary"),
        ],
        grain=("cycle_start_date",),
    )


def mart_manager_activation() -> Suite:
    return Suite(
        "mart_manager_activation",
        "Question 3 in one query: activated vs other managers per cycle.",
        """
        select
            *,
            sum(manager_share) over (partition by cycle_start_date)
                as cycle_manager_share_total
        from marts.mart_manager_activation
        """,
        [
            *r.between(
                "cycle_manager_share_total",
                1 - 1e-9,
                1 + 1e-9,
                why="activated and other managers are all the cycle's managers",
                rule="cohort_consistency",
            ),
        ],
        grain=("cycle_start_date", "activated_before_team"),
    )


def mart_platform_portfolio() -> Suite:
    return Suite(
        "mart_platform_portfolio",
        "Question 2: cost and outcomes per platform x cycle.",
        "select * from marts.mart_platform_portfolio",
        [
            *r.between("cycle_day_count", 1, 92, why="a cycle is a calendar quarter"),
        ],
        grain=("platform", "cycle_start_date"),
    )


def mart_shadow_ai() -> Suite:
    return Suite(
        "mart_shadow_ai",
        "Question 4: shadow AI per organization x week, small groups suppressed.",
        f"""
        select
            *,
            count(*) over (partition by organization) as organization_period_count,
            {
            _weeks_between(
                "min(week_start_date) over (partition by organization)",
                "max(week_start_date) over (partition by organization)",
            )
        }
                as organization_period_span
        from marts.mart_shadow_ai
        """,
        [
            *r.non_empty("question 4 is answered here"),
            *r.at_most("trained_shadow_ai_people", "trained_people", why="a subset of the trained"),
            *r.no_week_holes(
                "organization_period_count",
                "organization_period_span",
                why="an organization-week with nobody flagged is a zero, not a missing row",
            ),
        ],
        grain=("organization", "week_start_date"),
    )


def mart_shadow_ai_tools() -> Suite:
    return Suite(
        "mart_shadow_ai_tools",
        "Question 4 by consumer tool, zeros included.",
        f"""
        select
            *,
            count(*) over (partition by organization, tool_id) as series_period_count,
            {
            _weeks_between(
                "min(week_start_date) over (partition by organization, tool_id)",
                "max(week_start_date) over (partition by organization, tool_id)",
            )
        }
                as series_period_span
        from marts.mart_shadow_ai_tools
        """,
        [
            *r.at_most("shadow_ai_people", "employed_people", why="a subset of the employed"),
            *r.no_week_holes(
                "series_period_count",
                "series_period_span",
                why="zeros are included, so every organization x tool has every week",
            ),
        ],
        grain=("organization", "week_start_date", "tool_id"),
    )


def metricflow_time_spine() -> Suite:
    return Suite(
        "metricflow_time_spine",
        "The day spine MetricFlow joins metrics to.",
        """
        select
            date_day,
            count(*) over () as day_count,
            date_diff('day', min(date_day) over (), max(date_day) over ()) + 1 as day_span
        from marts.metricflow_time_spine
        """,
        [
            *r.equal(
                "day_count",
                "day_span",
                why="a missing day would drop metrics",
                rule="week_coverage",
            ),
        ],
        grain=("date_day",),
    )


MART_SUITES: tuple[Callable[[], Suite], ...] = (
    dim_programs,
    dim_ai_tools,
    dim_employees,
    dim_managers,
    fct_completions,
    fct_tool_activity_weekly,
    mart_program_adoption,
    mart_adoption_curve,
    mart_training_effect,
    mart_executive_scorecard,
    mart_manager_activation,
    mart_platform_portfolio,
    mart_shadow_ai,
    mart_shadow_ai_tools,
    metricflow_time_spine,
)
