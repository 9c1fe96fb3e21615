"""Suites for the staging models of the event sources (learning and AI usage).

What a row must hold (keys not null, values in range) is a dbt test beside
each model. What GX adds is the series: at 100,000 employees these models hold
tens of millions of rows, so each frame is one row per source x week computed
in DuckDB, and GX checks that no week between the first and the last is
without rows (a missing export, read downstream as no use).
"""

from __future__ import annotations

from collections.abc import Callable

from certgap.validation import rules as r
from certgap.validation.suites import Suite


def _weekly_frame(model: str, day: str) -> str:
    """One row per week of `model` with rows, and the source's weeks first..last."""
    return f"""
    with weeks as (
        select
            date_trunc('week', {day}) as week_start_date,
            count(*) as row_count,
            count(distinct {day}) as day_count
        from staging.{model}
        where {day} is not null
        group by 1
    )
    select
        *,
        count(*) over () as source_period_count,
        date_diff('week', min(week_start_date) over (), max(week_start_date) over ()) + 1
            as source_period_span
    from weeks
    """


def _suite(model: str, description: str, day: str) -> Suite:
    return Suite(
        model,
        description,
        _weekly_frame(model, day),
        [
            *r.non_empty(f"{model} feeds the marts; an empty source empties them"),
            *r.no_week_holes(
                "source_period_count",
                "source_period_span",
                why="a week without rows is a missing export, read as no use downstream",
            ),
        ],
        grain=("week_start_date",),
    )


def stg_lrs__statements() -> Suite:
    return _suite(
        "stg_lrs__statements", "xAPI statements of the LRS, per week.", "cast(occurred_at as date)"
    )


def stg_okta__ai_sso_events() -> Suite:
    return _suite(
        "stg_okta__ai_sso_events",
        "Okta SSO events to AI apps, per week.",
        "cast(published_at as date)",
    )


def stg_proxy__ai_requests() -> Suite:
    return _suite(
        "stg_proxy__ai_requests",
        "Proxy requests to AI hosts, per week.",
        "cast(requested_at as date)",
    )


def stg_m365_copilot__app_activity() -> Suite:
    return _suite(
        "stg_m365_copilot__app_activity",
        "M365 Copilot usage report rows, per week of the report's refresh date.",
        "report_refresh_date",
    )


def stg_ai_activity__daily_usage() -> Suite:
    return _suite(
        "stg_ai_activity__daily_usage", "AI admin-console daily usage, per week.", "activity_date"
    )


STAGING_SUITES: tuple[Callable[[], Suite], ...] = (
    stg_lrs__statements,
    stg_okta__ai_sso_events,
    stg_proxy__ai_requests,
    stg_m365_copilot__app_activity,
    stg_ai_activity__daily_usage,
)
