"""Suites that compare marts with each other, and the freshness of the load.

A comparison dbt already makes in a singular test (tests/marts/) is not made
again here: mart_program_adoption's completers per cohort against
fct_completions is assert_adoption_completers_match_fct_completions.

Each cross-mart frame joins two marts at a shared grain (full outer join, a
missing side counted as 0), so a cohort that one mart has and the other lacks
shows up as a difference, not as a missing row.
"""

from __future__ import annotations

from collections.abc import Callable

from certgap.validation import rules as r
from certgap.validation.suites import MAX_ACTIVITY_LAG_DAYS, Suite


def program_totals() -> Suite:
    return Suite(
        "cross_mart__program_totals",
        "Per program: mart_content_freshness, mart_adoption_curve and mart_training_effect "
        "against the cohorts of mart_program_adoption and fct_completions.",
        """
        with adoption as (
            select
                program_id,
                sum(enrolled_count) as enrolled_count,
                sum(completer_count) as completer_count,
                sum(wau_90_eligible_count) as wau_90_eligible_count
            from marts.mart_program_adoption
            group by program_id
        ),
        completions as (
            select program_id, count(*) as completer_count
            from marts.fct_completions
            group by program_id
        ),
        curve_start as (
            select program_id, eligible_count
            from marts.mart_adoption_curve
            where weeks_since_completion = 0
        ),
        effect as (
            select program_id, sum(treated_count) as treated_count
            from marts.mart_training_effect
            group by program_id
        )
        select
            programs.program_id,
            coalesce(adoption.enrolled_count, 0) as adoption_enrolled_count,
            coalesce(adoption.completer_count, 0) as adoption_completer_count,
            coalesce(adoption.wau_90_eligible_count, 0) as adoption_wau_90_eligible_count,
            coalesce(freshness.enrolled_count, 0) as freshness_enrolled_count,
            coalesce(freshness.completer_count, 0) as freshness_completer_count,
            coalesce(freshness.wau_90_eligible_count, 0) as freshness_wau_90_eligible_count,
            coalesce(completions.completer_count, 0) as fct_completer_count,
            coalesce(curve_start.eligible_count, 0) as curve_week_0_eligible_count,
            coalesce(effect.treated_count, 0) as effect_treated_count
        from marts.dim_programs as programs
        left join adoption on programs.program_id = adoption.program_id
        left join marts.mart_content_freshness as freshness
            on programs.program_id = freshness.program_id
        left join completions on programs.program_id = completions.program_id
        left join curve_start on programs.program_id = curve_start.program_id
        left join effect on programs.program_id = effect.program_id
        """,
        [
            *r.non_empty("programs to compare"),
            *r.equal(
                "freshness_enrolled_count",
                "adoption_enrolled_count",
                why="both marts count the same enrolled people",
                rule="cohort_consistency",
            ),
            *r.equal(
                "freshness_completer_count",
                "adoption_completer_count",
                why="both marts count the same completers",
                rule="cohort_consistency",
            ),
            *r.equal(
                "freshness_wau_90_eligible_count",
                "adoption_wau_90_eligible_count",
                why="both marts measure WAU@90 on the same completers",
                rule="cohort_consistency",
            ),
            *r.at_most(
                "curve_week_0_eligible_count",
                "fct_completer_count",
                why="the curve measures the program's completers",
                rule="cohort_consistency",
            ),
            *r.at_most(
                "effect_treated_count",
                "fct_completer_count",
                why="the treated are completers",
                rule="cohort_consistency",
            ),
        ],
        grain=("program_id",),
    )


def cycle_totals() -> Suite:
    return Suite(
        "cross_mart__cycle_totals",
        "Per cycle: mart_executive_scorecard against the marts it pools.",
        """
        with regular_adoption as (
            select
                adoption.cycle_start_date,
                sum(case when programs.has_enrollment_data then adoption.enrolled_count end)
                    as enrolled_count,
                sum(case when programs.has_enrollment_data then adoption.completer_count end)
                    as completer_count,
                sum(adoption.wau_90_eligible_count) as wau_90_eligible_count,
                sum(adoption.wau_90_active_count) as wau_90_active_count
            from marts.mart_program_adoption as adoption
            inner join marts.dim_programs as programs
                on adoption.program_id = programs.program_id
            where not programs.is_manager_reinforcement
            group by adoption.cycle_start_date
        ),
        completions as (
            select cycle_start_date, count(*) as completion_count
            from marts.fct_completions
            group by cycle_start_date
        ),
        portfolio as (
            select
                cycle_start_date,
                sum(completion_count) as completion_count,
                sum(adopter_count) as adopter_count
            from marts.mart_platform_portfolio
            group by cycle_start_date
        ),
        activation as (
            select cycle_start_date, sum(manager_count) as manager_count
            from marts.mart_manager_activation
            group by cycle_start_date
        ),
        accountability as (
            select cycle_start_date, count(*) as manager_count
            from marts.mart_manager_accountability
            group by cycle_start_date
        )
        select
            scorecard.cycle_start_date,
            coalesce(scorecard.enrolled_count, 0) as scorecard_enrolled_count,
            coalesce(regular_adoption.enrolled_count, 0) as adoption_enrolled_count,
            coalesce(scorecard.completer_count, 0) as scorecard_completer_count,
            coalesce(regular_adoption.completer_count, 0) as adoption_completer_count,
            coalesce(scorecard.wau_90_eligible_count, 0) as scorecard_wau_90_eligible_count,
            coalesce(regular_adoption.wau_90_eligible_count, 0)
                as adoption_wau_90_eligible_count,
            coalesce(scorecard.wau_90_active_count, 0) as scorecard_wau_90_active_count,
            coalesce(regular_adoption.wau_90_active_count, 0) as adoption_wau_90_active_count,
            coalesce(scorecard.platform_completion_count, 0) as scorecard_completion_count,
            coalesce(completions.completion_count, 0) as fct_completion_count,
            coalesce(portfolio.completion_count, 0) as portfolio_completion_count,
            coalesce(scorecard.adopter_count, 0) as scorecard_adopter_count,
            coalesce(portfolio.adopter_count, 0) as portfolio_adopter_count,
            coalesce(scorecard.manager_count, 0) as scorecard_manager_count,
            coalesce(activation.manager_count, 0) as activation_manager_count,
            coalesce(accountability.manager_count, 0) as accountability_manager_count
        from marts.mart_executive_scorecard as scorecard
        full outer join regular_adoption
            on scorecard.cycle_start_date = regular_adoption.cycle_start_date
        left join completions on scorecard.cycle_start_date = completions.cycle_start_date
        left join portfolio on scorecard.cycle_start_date = portfolio.cycle_start_date
        left join activation on scorecard.cycle_start_date = activation.cycle_start_date
        left join accountability
            on scorecard.cycle_start_date = accountability.cycle_start_date
        """,
        [
            *r.non_empty("cycles to compare"),
            *r.not_null(
                "cycle_start_date",
                why="every cohort cycle of mart_program_adoption has a scorecard row",
                rule="cohort_consistency",
            ),
            *[
                expectation
                for left, right, why in (
                    ("scorecard_enrolled_count", "adoption_enrolled_count", "Q1 pools cohorts"),
                    ("scorecard_completer_count", "adoption_completer_count", "Q1 pools cohorts"),
                    (
                        "scorecard_wau_90_eligible_count",
                        "adoption_wau_90_eligible_count",
                        "Q1 pools cohorts",
                    ),
                    (
                        "scorecard_wau_90_active_count",
                        "adoption_wau_90_active_count",
                        "Q1 pools cohorts",
                    ),
                    ("scorecard_completion_count", "fct_completion_count", "Q2 counts completions"),
                    ("portfolio_completion_count", "fct_completion_count", "Q2 counts completions"),
                    ("scorecard_adopter_count", "portfolio_adopter_count", "Q2 pools platforms"),
                    ("scorecard_manager_count", "activation_manager_count", "Q3 pools managers"),
                    (
                        "accountability_manager_count",
                        "activation_manager_count",
                        "one row per manager in training per cycle",
                    ),
                )
                for expectation in r.equal(left, right, why=why, rule="cohort_consistency")
            ],
        ],
        grain=("cycle_start_date",),
    )


def activity_freshness() -> Suite:
    # Relative to the load itself, never to today: samples are dated in the past.
    return Suite(
        "freshness__activity",
        "Newest day of each usage channel, the observation window and the weekly fact, "
        "against the newest day of the load (the newest activity day of any channel).",
        """
        with channel_newest as (
            select 'okta' as channel, max(cast(published_at as date)) as newest_day
            from staging.stg_okta__ai_sso_events
            union all
            select 'proxy', max(cast(requested_at as date))
            from staging.stg_proxy__ai_requests
            union all
            select 'm365_copilot', max(report_refresh_date)
            from staging.stg_m365_copilot__app_activity
            union all
            select 'ai_activity', max(activity_date)
            from staging.stg_ai_activity__daily_usage
        ),
        load_day as (
            select max(newest_day) as load_newest_day from channel_newest
        ),
        downstream_newest as (
            select 'observation_window_end' as channel, last_observed_date as newest_day
            from intermediate.int_observed_days_bounded
            union all
            -- the last day of the newest week of the weekly fact
            select 'fct_tool_activity_weekly', max(week_start_date) + 6
            from marts.fct_tool_activity_weekly
        ),
        all_newest as (
            select * from channel_newest
            union all
            select * from downstream_newest
        )
        select
            all_newest.channel,
            all_newest.newest_day,
            load_day.load_newest_day,
            date_diff('day', all_newest.newest_day, load_day.load_newest_day)
                as days_behind_load
        from all_newest cross join load_day
        """,
        [
            *r.not_null(
                "newest_day",
                why="a channel with no dated row has delivered nothing",
                rule="freshness",
            ),
            *r.between(
                "days_behind_load",
                None,
                MAX_ACTIVITY_LAG_DAYS,
                why=(
                    f"the Copilot report lags the logs by up to {MAX_ACTIVITY_LAG_DAYS} days; "
                    "a channel further behind the load's newest day stopped delivering"
                ),
                rule="freshness",
            ),
        ],
        grain=("channel",),
    )


CONSISTENCY_SUITES: tuple[Callable[[], Suite], ...] = (
    program_totals,
    cycle_totals,
    activity_freshness,
)
