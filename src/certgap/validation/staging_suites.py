"""Suites for the staging models of the event sources (learning and AI usage).

At 100,000 employees these models hold tens of millions of rows, so each frame
is one row per source x week computed in DuckDB: rows, days with rows, key
columns left null and rows breaking a rule. GX then checks the weekly series:
no week without rows between the first and the last (a missing export), no
null keys, no broken rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from certgap.validation import rules as r
from certgap.validation.suites import Suite


def _weekly_frame(model: str, day: str, counts: Mapping[str, str]) -> str:
    """One row per week of `model`; `counts` maps a column to a row predicate."""
    counted = ",\n".join(
        f"count(*) filter (where {predicate}) as {column}" for column, predicate in counts.items()
    )
    return f"""
    with days as (
        select {day} as activity_day, * from staging.{model}
    ),
    weeks as (
        select
            date_trunc('week', activity_day) as week_start_date,
            count(*) as row_count,
            count(distinct activity_day) as day_count,
            {counted}
        from days
        where activity_day is not null
        group by 1
    ),
    undated as (
        select count(*) as undated_row_count from days where activity_day is null
    )
    select
        weeks.*,
        undated.undated_row_count,
        count(*) over () as source_period_count,
        date_diff('week', min(week_start_date) over (), max(week_start_date) over ()) + 1
            as source_period_span
    from weeks cross join undated
    """


def _suite(
    model: str,
    description: str,
    day: str,
    null_keys: Mapping[str, str],
    broken_rows: Mapping[str, tuple[str, str]],
) -> Suite:
    """`null_keys`: count column -> key column; `broken_rows`: count column ->
    (predicate of a broken row, why it is broken)."""
    counts = {column: f"{key} is null" for column, key in null_keys.items()}
    counts |= {column: predicate for column, (predicate, _) in broken_rows.items()}
    expectations = [
        *r.non_empty(f"{model} feeds the marts; an empty source empties them"),
        *r.zero(
            "undated_row_count", why="a row without its day cannot be placed in a week", rule="key"
        ),
        *r.zero(*null_keys, why="a staged row names who did what", rule="not_null"),
        *r.no_week_holes(
            "source_period_count",
            "source_period_span",
            why="a week without rows is a missing export, read as no use downstream",
        ),
    ]
    for column, (_, why) in broken_rows.items():
        expectations += r.zero(column, why=why)
    return Suite(
        model,
        description,
        _weekly_frame(model, day, counts),
        expectations,
        grain=("week_start_date",),
    )


def stg_lrs__statements() -> Suite:
    return _suite(
        "stg_lrs__statements",
        "xAPI statements of the LRS, per week.",
        "cast(occurred_at as date)",
        {
            "null_statement_id_count": "statement_id",
            "null_verb_count": "verb_iri",
            "null_activity_count": "activity_iri",
            "null_actor_count": "actor_ifi_value",
        },
        {
            "out_of_range_score_count": (
                "score_scaled not between -1 and 1",
                "xAPI scaled scores are -1..1",
            ),
        },
    )


def stg_okta__ai_sso_events() -> Suite:
    return _suite(
        "stg_okta__ai_sso_events",
        "Okta SSO events to AI apps, per week.",
        "cast(published_at as date)",
        {
            "null_event_id_count": "event_id",
            "null_actor_count": "actor_alternate_id",
            "null_tool_count": "tool_id",
        },
        {},
    )


def stg_proxy__ai_requests() -> Suite:
    return _suite(
        "stg_proxy__ai_requests",
        "Proxy requests to AI hosts, per week.",
        "cast(requested_at as date)",
        {
            "null_login_count": "gateway_login",
            "null_host_count": "request_host",
        },
        {
            "invalid_response_code_count": (
                "response_code not between 100 and 599",
                "HTTP status codes are 100..599",
            ),
        },
    )


def stg_m365_copilot__app_activity() -> Suite:
    return _suite(
        "stg_m365_copilot__app_activity",
        "M365 Copilot usage report rows, per week of the report's refresh date.",
        "report_refresh_date",
        {
            "null_user_count": "user_principal_name",
            "null_app_count": "app",
        },
        {
            "activity_after_refresh_count": (
                "last_activity_date > report_refresh_date",
                "a report cannot show activity after it was refreshed",
            ),
        },
    )


def stg_ai_activity__daily_usage() -> Suite:
    return _suite(
        "stg_ai_activity__daily_usage",
        "AI admin-console daily usage, per week.",
        "activity_date",
        {
            "null_user_count": "user_name",
            "null_tool_count": "tool_id",
        },
        {
            "negative_interaction_count": (
                "interaction_count < 0",
                "interactions are counted, never negative",
            ),
        },
    )


STAGING_SUITES: tuple[Callable[[], Suite], ...] = (
    stg_lrs__statements,
    stg_okta__ai_sso_events,
    stg_proxy__ai_requests,
    stg_m365_copilot__app_activity,
    stg_ai_activity__daily_usage,
)
