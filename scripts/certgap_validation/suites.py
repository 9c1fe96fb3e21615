"""The expectation suites, as code: one function per mart, staging source and
cross-mart check, each returning the frame it validates (a DuckDB query) and its
business rules.

Marts are small (one row per program, cohort, cycle, team, ...) and are read
whole. Two tables are too big to read into pandas at 100,000 employees
(fct_tool_activity_weekly: person x tool x week; the staging event models: tens
of millions of rows): their frames are aggregates per tool x week or per source
x week computed in DuckDB, with violation counts that must be zero.

Series frames carry `*_period_count` (periods present) and `*_period_span`
(periods from first to last, inclusive) per series from window functions, so
"no hole" is the GX rule count == span.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from certgap_validation import rules as r

# The M365 Copilot usage report lags the logs by up to 3 days (see
# int_observation_window): a channel further behind the load's newest day has
# stopped delivering.
MAX_ACTIVITY_LAG_DAYS = 3


@dataclass(frozen=True)
class Suite:
    """What one GX suite validates: a frame (DuckDB SQL) and its expectations."""

    name: str
    description: str
    frame_sql: str
    expectations: r.Expectations

    grain: tuple[str, ...] = ()  # for frames without a uniqueness rule (aggregates)

    @property
    def key_columns(self) -> tuple[str, ...]:
        """The columns naming a frame's row in failure messages."""
        for expectation in self.expectations:
            if isinstance(expectation, r.gxe.ExpectCompoundColumnsToBeUnique):
                return tuple(expectation.column_list)
            if isinstance(expectation, r.gxe.ExpectColumnValuesToBeUnique):
                return (expectation.column,)
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
            *r.unique_key("program_id"),
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
    )


def dim_ai_tools() -> Suite:
    return Suite(
        "dim_ai_tools",
        "One row per AI tool, sanctioned or consumer.",
        "select * from marts.dim_ai_tools",
        [
            *r.non_empty("activity is counted per tool"),
            *r.unique_key("tool_id"),
            *r.in_set(
                "offering", {"enterprise", "consumer"}, why="shadow AI is the consumer offering"
            ),
        ],
    )


def dim_employees() -> Suite:
    return Suite(
        "dim_employees",
        "One row per person of the HR history (pseudonymous).",
        "select * from marts.dim_employees",
        [
            *r.non_empty("every rate's population comes from HR"),
            *r.unique_key("person_key"),
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
    )


def dim_managers() -> Suite:
    return Suite(
        "dim_managers",
        "One row per person who managed anyone.",
        "select * from marts.dim_managers",
        [
            *r.unique_key("manager_person_key"),
            *r.between("current_direct_report_count", 0, None, why="a count"),
            *r.null_where(
                "reinforcement_completed_date",
                r.Column("has_completed_reinforcement") == False,  # noqa: E712 - GX condition
                why="no reinforcement module, no completion day",
            ),
        ],
    )


def dim_platforms() -> Suite:
    return Suite(
        "dim_platforms",
        "One row per learning platform contract.",
        "select * from marts.dim_platforms",
        [
            *r.unique_key("platform"),
            *r.between("annual_cost_usd", 0, None, why="cost per completion divides it"),
            *r.at_most(
                "contract_start_date", "contract_end_date", why="a contract ends after it starts"
            ),
        ],
    )


# --- core facts --------------------------------------------------------------


def fct_completions() -> Suite:
    return Suite(
        "fct_completions",
        "One row per person x program completed (first completion across platforms).",
        "select * from marts.fct_completions",
        [
            *r.non_empty("every adoption rate starts from completions"),
            *r.unique_key(
                "person_key", "program_id", why="a program done on two platforms counts once"
            ),
            *r.not_null("completed_at", "completed_date", "cohort_month", why="day 0 of WAU@N"),
            *r.at_most("enrolled_at", "completed_at", why="one completes after enrolling"),
            *r.at_most("cohort_month", "completed_date", why="the cohort is the completion month"),
            *r.rates("best_score", why="scaled scores and grades are 0..1"),
            *r.between("platform_count", 1, None, why="completed on at least one platform"),
        ],
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
                count(*) as row_count,
                count(*) - count(distinct person_key) as duplicate_person_count,
                count(*) - count(person_key) as null_person_key_count,
                count(*) filter (where active_days not between 0 and 7)
                    as impossible_active_days_count,
                count(*) filter (where is_active <> (active_days > 0))
                    as active_flag_mismatch_count,
                count(*) filter (where is_active) as active_people
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
            *r.not_null("tool_id", "week_start_date", why="a row belongs to a tool and a week"),
            *r.zero(
                "duplicate_person_count",
                "null_person_key_count",
                why="one row per person x tool x week",
                rule="key",
            ),
            *r.zero(
                "impossible_active_days_count",
                "active_flag_mismatch_count",
                why="a week has 0..7 active days; active means at least one",
            ),
            *r.at_most("active_people", "row_count", why="the active are a subset of the employed"),
            *r.no_week_holes(
                "tool_period_count",
                "tool_period_span",
                why="rows include weeks without use, so every week from first to last is there",
            ),
        ],
        grain=("tool_id", "week_start_date"),
    )


# --- adoption ----------------------------------------------------------------

WAU_MAU_RATES = (
    "completion_rate",
    "baseline_wau_rate",
    "wau_30_rate",
    "wau_60_rate",
    "wau_90_rate",
    "mau_30_rate",
    "mau_60_rate",
    "mau_90_rate",
)


def mart_program_adoption() -> Suite:
    return Suite(
        "mart_program_adoption",
        "Question 1: per program x cohort month, completion next to WAU/MAU@30/60/90.",
        "select * from marts.mart_program_adoption",
        [
            *r.non_empty("question 1 is answered here"),
            *r.unique_key("program_id", "cohort_month"),
            *r.rates(*WAU_MAU_RATES),
            *r.at_most("completer_count", "enrolled_count", why="completers are enrolled people"),
            *r.at_most(
                "wau_90_eligible_count",
                "completer_count",
                why="WAU@90 counts only the cohort's completers",
            ),
            *r.at_most(
                "wau_90_active_count", "wau_90_eligible_count", why="the active are eligible"
            ),
            *r.at_most("wau_90_rate", "mau_90_rate", why="a week active is a month active"),
            *r.null_where(
                "wau_90_rate",
                r.is_zero("wau_90_eligible_count"),
                why="no eligible completer, no WAU@90 (null, not 0)",
            ),
            *r.at_least_where(
                "completer_count",
                1,
                r.is_defined("wau_90_rate"),
                why="WAU@90 is defined only where the cohort has completers",
            ),
            *r.at_least_where(
                "wau_90_eligible_count",
                1,
                r.is_defined("wau_90_rate"),
                why="WAU@90 has a denominator wherever it is shown",
            ),
        ],
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
            *r.unique_key("program_id", "weeks_since_completion"),
            *r.between("weeks_since_completion", 0, 26, why="the curve covers half a year"),
            *r.rates("active_rate", "baseline_wau_rate"),
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
    )


def mart_training_effect() -> Suite:
    return Suite(
        "mart_training_effect",
        "Question 6: difference-in-differences per program x cycle.",
        "select * from marts.mart_training_effect",
        [
            *r.unique_key("program_id", "cycle_start_date"),
            *r.rates(
                "p_value",
                "treated_pre_weekly_active_rate",
                "treated_post_weekly_active_rate",
                "control_pre_weekly_active_rate",
                "control_post_weekly_active_rate",
            ),
            *r.between("effect", -1, 1, why="a difference of two changes of shares"),
            *r.between("std_error", 0, None, why="a standard error is never negative"),
            *r.at_most("ci_low", "effect", why="the interval holds the estimate"),
            *r.at_most("effect", "ci_high", why="the interval holds the estimate"),
            *r.between("treated_count", 1, None, why="an effect needs treated people"),
            *r.between("control_count", 1, None, why="an effect needs peers to compare with"),
        ],
    )


# --- executive, managers, portfolio, shadow AI --------------------------------


def mart_executive_scorecard() -> Suite:
    return Suite(
        "mart_executive_scorecard",
        "One row per cycle with the headline answer to each question.",
        "select * from marts.mart_executive_scorecard",
        [
            *r.non_empty("the executive summary"),
            *r.unique_key("cycle_start_date"),
            *r.rates(
                "completion_rate",
                "wau_90_rate",
                "outcome_data_spend_share",
                "activated_manager_share",
                "activated_team_wau_90_rate",
                "other_team_wau_90_rate",
                "shadow_ai_rate",
                "trained_shadow_ai_rate",
                "training_effect_p_value",
            ),
            *r.at_most("completer_count", "enrolled_count", why="completers are enrolled people"),
            *r.at_most(
                "wau_90_active_count", "wau_90_eligible_count", why="the active are eligible"
            ),
            *r.at_most("adopter_count", "platform_completion_count", why="adopters are completers"),
            *r.at_most("training_effect_ci_low", "training_effect", why="the interval holds it"),
            *r.at_most("training_effect", "training_effect_ci_high", why="the interval holds it"),
        ],
    )


def mart_manager_accountability() -> Suite:
    return Suite(
        "mart_manager_accountability",
        "Question 3 per manager x cycle, small teams suppressed.",
        "select * from marts.mart_manager_accountability",
        [
            *r.unique_key("manager_person_key", "cycle_start_date"),
            *r.rates("completion_rate", "wau_90_rate"),
            *r.between("team_size", 1, None, why="a team has reports"),
            *r.at_most("completer_count", "enrolled_count", why="completers are enrolled people"),
            *r.at_most(
                "wau_90_active_count", "wau_90_eligible_count", why="the active are eligible"
            ),
            *r.at_most(
                "wau_90_eligible_report_count", "team_size", why="eligible reports are the team's"
            ),
            *r.null_where(
                "completion_rate",
                r.is_true("is_suppressed"),
                why="no rate over fewer people than min_group_size",
            ),
            *r.null_where(
                "wau_90_rate",
                r.is_true("is_wau_suppressed"),
                why="no WAU@90 over fewer eligible people than min_group_size",
            ),
        ],
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
            *r.unique_key("cycle_start_date", "activated_before_team"),
            *r.rates("manager_share", "completion_rate", "wau_90_rate"),
            *r.between(
                "cycle_manager_share_total",
                1 - 1e-9,
                1 + 1e-9,
                why="activated and other managers are all the cycle's managers",
                rule="consistency",
            ),
            *r.at_most(
                "wau_90_active_count", "wau_90_eligible_count", why="the active are eligible"
            ),
            *r.null_where(
                "wau_90_rate",
                r.is_true("is_wau_suppressed"),
                why="no WAU@90 over fewer eligible people than min_group_size",
            ),
        ],
    )


def mart_platform_portfolio() -> Suite:
    return Suite(
        "mart_platform_portfolio",
        "Question 2: cost and outcomes per platform x cycle.",
        "select * from marts.mart_platform_portfolio",
        [
            *r.unique_key("platform", "cycle_start_date"),
            *r.rates("wau_90_rate"),
            *r.between("cycle_cost_usd", 0, None, why="cost per completion divides it"),
            *r.between("cycle_day_count", 1, 92, why="a cycle is a calendar quarter"),
            *r.at_most("adopter_count", "wau_90_eligible_count", why="adopters are eligible"),
            *r.at_most(
                "wau_90_eligible_count", "completion_count", why="the eligible are completers"
            ),
        ],
    )


def mart_content_freshness() -> Suite:
    return Suite(
        "mart_content_freshness",
        "Question 5: content age per program against its tools' releases.",
        "select * from marts.mart_content_freshness",
        [
            *r.unique_key("program_id"),
            *r.rates("completion_rate", "wau_90_rate"),
            *r.at_most("completer_count", "enrolled_count", why="completers are enrolled people"),
            *r.at_most(
                "wau_90_active_count", "wau_90_eligible_count", why="the active are eligible"
            ),
        ],
    )


def mart_credential_outcomes() -> Suite:
    return Suite(
        "mart_credential_outcomes",
        "Credentials held against AI use of holders and non-holders.",
        "select * from marts.mart_credential_outcomes",
        [
            *r.unique_key("credential_name"),
            *r.rates(
                "assessment_backed_award_share",
                "workforce_share",
                "holder_wau_90_rate",
                "non_holder_wau_90_rate",
            ),
            *r.at_most("revoked_award_count", "award_count", why="only awards can be revoked"),
            *r.at_most("employed_holder_count", "holder_count", why="a subset of the holders"),
            *r.at_most("employed_holder_count", "workforce_count", why="holders in the workforce"),
            *r.null_where(
                "holder_wau_90_rate",
                r.is_true("is_wau_suppressed"),
                why="no rate over fewer people than min_group_size",
            ),
        ],
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
            *r.unique_key("organization", "week_start_date"),
            *r.rates(
                "shadow_ai_rate",
                "ambiguous_ai_rate",
                "trained_shadow_ai_rate",
                "untrained_shadow_ai_rate",
                "reverted_rate",
            ),
            *r.at_most("shadow_ai_people", "employed_people", why="a subset of the employed"),
            *r.at_most("trained_shadow_ai_people", "trained_people", why="a subset of the trained"),
            *r.at_most("reverted_people", "trained_people", why="only the trained can revert"),
            *r.null_where(
                "shadow_ai_rate",
                r.is_true("is_suppressed"),
                why="no rate over fewer people than min_group_size",
            ),
            *r.no_week_holes(
                "organization_period_count",
                "organization_period_span",
                why="an organization-week with nobody flagged is a zero, not a missing row",
            ),
        ],
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
            *r.unique_key("organization", "week_start_date", "tool_id"),
            *r.rates("shadow_ai_rate", "trained_shadow_ai_rate"),
            *r.at_most("shadow_ai_people", "employed_people", why="a subset of the employed"),
            *r.at_most(
                "trained_shadow_ai_people", "shadow_ai_people", why="a subset of the tool's users"
            ),
            *r.no_week_holes(
                "series_period_count",
                "series_period_span",
                why="zeros are included, so every organization x tool has every week",
            ),
        ],
    )


def mart_seat_utilization() -> Suite:
    return Suite(
        "mart_seat_utilization",
        "What idle AI seats cost, per tool x month x organization, small groups pooled.",
        "select * from marts.mart_seat_utilization",
        [
            *r.unique_key("tool_id", "month_start_date", "organization"),
            *r.rates("idle_seat_rate"),
            *r.at_most("idle_seats", "seats_held", why="an idle seat is a held seat"),
            *r.at_most("idle_cost_usd", "seat_cost_usd", why="idle seats cost part of all seats"),
            *r.at_most("trained_idle_seats", "trained_seats", why="a subset of their seats"),
            *r.at_most("untrained_idle_seats", "untrained_seats", why="a subset of their seats"),
            *r.between("seat_cost_usd", 0, None, why="a seat costs money, never less than none"),
            *r.null_where(
                "idle_seats",
                r.is_true("is_suppressed"),
                why="no count over fewer seats than min_group_size",
            ),
        ],
    )


def mart_certification_gap_cost() -> Suite:
    return Suite(
        "mart_certification_gap_cost",
        "Completers holding a target tool's seat on day 90 whose seat was idle, and its cost.",
        "select * from marts.mart_certification_gap_cost",
        [
            *r.unique_key("program_id", "cohort_month", "tool_id"),
            *r.rates("idle_seat_holder_rate"),
            *r.at_most("idle_seat_holders", "seat_holders", why="a subset of the seat holders"),
            *r.null_where(
                "idle_seat_holders",
                r.is_true("is_suppressed"),
                why="no count over fewer seat holders than min_group_size",
            ),
        ],
    )


def mart_usage_depth() -> Suite:
    return Suite(
        "mart_usage_depth",
        "Depth of use per tool x week x organization (and all organizations).",
        "select * from marts.mart_usage_depth",
        [
            *r.unique_key("tool_id", "week_start_date", "organization"),
            *r.rates("top_decile_active_day_share"),
            *r.at_most(
                "active_people", "people_active_12_weeks", why="this week's users used it lately"
            ),
            *r.at_most("habitual_people", "active_people", why="habitual users are active ones"),
            *r.between(
                "active_days_per_active_person", 1, 7, why="an active person has 1 to 7 days"
            ),
            *r.null_where(
                "active_people",
                r.is_true("is_suppressed"),
                why="no count over fewer people than min_group_size",
            ),
        ],
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
            *r.unique_key("date_day"),
            *r.equal(
                "day_count",
                "day_span",
                why="a missing day would drop metrics",
                rule="week_coverage",
            ),
        ],
    )


MART_SUITES: tuple[Callable[[], Suite], ...] = (
    dim_programs,
    dim_ai_tools,
    dim_employees,
    dim_managers,
    dim_platforms,
    fct_completions,
    fct_tool_activity_weekly,
    mart_program_adoption,
    mart_adoption_curve,
    mart_training_effect,
    mart_executive_scorecard,
    mart_manager_accountability,
    mart_manager_activation,
    mart_platform_portfolio,
    mart_content_freshness,
    mart_credential_outcomes,
    mart_shadow_ai,
    mart_shadow_ai_tools,
    mart_seat_utilization,
    mart_certification_gap_cost,
    mart_usage_depth,
    metricflow_time_spine,
)
