"""Read what the report shows from the marts (schema ``marts``), read-only.

One function per section; each returns plain dicts so the charts and the page
never touch DuckDB. The SQL follows analyses/question_1..6.sql, written against
the published schema (``marts.``) because the report reads the built file, not
the dbt project.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

# Every mart the report reads; checked up front so a stale or half-built
# database fails with one clear message instead of a SQL error mid-way.
REQUIRED_MARTS = (
    "mart_executive_scorecard",
    "mart_program_adoption",
    "mart_adoption_curve",
    "mart_training_effect",
    "mart_manager_activation",
    "mart_manager_accountability",
    "mart_shadow_ai",
    "mart_platform_portfolio",
    "mart_content_freshness",
    "mart_seat_utilization",
    "dim_programs",
    "dim_managers",
)

FIX = "run `make demo` (sample data) or `make build` (your exports) first"

Row = dict[str, Any]


class ReportError(Exception):
    """A problem with the input database, worded for the person running the report."""


@dataclass(frozen=True)
class Marts:
    """A read-only connection to the published marts."""

    path: Path
    con: duckdb.DuckDBPyConnection

    def rows(self, sql: str) -> list[Row]:
        rel = self.con.sql(sql)
        return [dict(zip(rel.columns, values, strict=True)) for values in rel.fetchall()]

    def one(self, sql: str) -> Row | None:
        found = self.rows(sql)
        return found[0] if found else None


def open_marts(path: Path) -> Marts:
    """Open `path` read-only and check that every mart is there and not empty."""
    if not path.exists():
        raise ReportError(f"{path}: no such database; {FIX}.")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as error:
        raise ReportError(
            f"{path}: cannot be opened as a DuckDB database ({error}); {FIX}."
        ) from error
    marts = Marts(path, con)
    present = {
        row["table_name"]
        for row in marts.rows(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        )
    }
    missing = [name for name in REQUIRED_MARTS if name not in present]
    if missing:
        con.close()
        raise ReportError(f"{path}: missing marts.{', marts.'.join(missing)}; {FIX}.")
    for name in ("mart_program_adoption", "mart_executive_scorecard"):
        if marts.rows(f"select 1 from marts.{name} limit 1") == []:
            con.close()
            raise ReportError(f"{path}: marts.{name} is empty (no completions staged); {FIX}.")
    return marts


def headline_cycle(marts: Marts) -> Row:
    """The most recent cycle whose WAU@90 can be read (as question 1 picks it):
    the latest whose completers have all reached day 90, else the latest with
    any completer measured at day 90."""
    cycle = marts.one(
        """
        select *
        from marts.mart_executive_scorecard
        where wau_90_eligible_count > 0
        order by is_wau_90_fully_observed desc, cycle_start_date desc
        limit 1
        """
    )
    if cycle is None:
        raise ReportError(
            f"{marts.path}: no completer has reached day 90 yet, so WAU@90 cannot be "
            "measured; the usage logs must cover at least 90 days after a completion."
        )
    return cycle


def gap_by_program(marts: Marts, cycle_start: Any) -> list[Row]:
    """Question 1: completion rate next to WAU@90 per regular program of the cycle."""
    return marts.rows(
        f"""
        with per_program as (
            select
                program_id,
                sum(enrolled_count) as enrolled_count,
                sum(completer_count) as completer_count,
                sum(wau_90_eligible_count) as wau_90_eligible_count,
                sum(wau_90_active_count) as wau_90_active_count
            from marts.mart_program_adoption
            where cycle_start_date = date '{cycle_start}'
            group by program_id
        )
        select
            programs.program_id,
            programs.program_name,
            per_program.enrolled_count,
            per_program.completer_count,
            case when programs.has_enrollment_data
                then per_program.completer_count / nullif(per_program.enrolled_count, 0)
            end as completion_rate,
            per_program.wau_90_eligible_count,
            per_program.wau_90_active_count
                / nullif(per_program.wau_90_eligible_count, 0) as wau_90_rate
        from per_program
        inner join marts.dim_programs as programs
            on per_program.program_id = programs.program_id
        where not programs.is_manager_reinforcement
        order by wau_90_rate desc nulls last, programs.program_id
        """
    )


def adoption_curve(marts: Marts, min_group_size: int) -> list[Row]:
    """Weekly active share of completers by weeks since completion, pooled over
    the regular programs; weeks with fewer than `min_group_size` people measured
    are left out (too few to read)."""
    return marts.rows(
        f"""
        select
            curve.weeks_since_completion,
            sum(curve.eligible_count) as eligible_count,
            sum(curve.active_count) as active_count,
            sum(curve.active_count) / sum(curve.eligible_count) as active_rate,
            sum(curve.baseline_wau_rate * curve.eligible_count)
                / sum(case when curve.baseline_wau_rate is not null
                    then curve.eligible_count end) as baseline_wau_rate
        from marts.mart_adoption_curve as curve
        inner join marts.dim_programs as programs
            on curve.program_id = programs.program_id
        where not programs.is_manager_reinforcement
        group by curve.weeks_since_completion
        having sum(curve.eligible_count) >= {int(min_group_size)}
        order by curve.weeks_since_completion
        """
    )


def training_effect(marts: Marts) -> tuple[Row | None, list[Row]]:
    """Question 6: the pooled difference-in-differences of the latest cycle that
    has one, and the per-program estimates of that cycle."""
    pooled = marts.one(
        """
        select
            cycle_start_date,
            training_effect as effect,
            training_effect_ci_low as ci_low,
            training_effect_ci_high as ci_high,
            training_effect_p_value as p_value,
            is_training_effect_significant as is_significant,
            training_effect_treated_count as treated_count
        from marts.mart_executive_scorecard
        where training_effect is not null
        order by cycle_start_date desc
        limit 1
        """
    )
    if pooled is None:
        return None, []
    per_program = marts.rows(
        f"""
        select
            effect.program_id,
            programs.program_name,
            effect.effect,
            effect.ci_low,
            effect.ci_high,
            effect.p_value,
            effect.is_significant,
            effect.treated_count,
            effect.control_count
        from marts.mart_training_effect as effect
        inner join marts.dim_programs as programs
            on effect.program_id = programs.program_id
        where effect.cycle_start_date = date '{pooled["cycle_start_date"]}'
            and effect.effect is not null
        order by effect.effect desc, effect.program_id
        """
    )
    return pooled, per_program


def manager_groups(marts: Marts, cycle_start: Any) -> list[Row]:
    """Question 3: managers activated before their team against the others."""
    return marts.rows(
        f"""
        select *
        from marts.mart_manager_activation
        where cycle_start_date = date '{cycle_start}'
        order by activated_before_team desc
        """
    )


def manager_table(marts: Marts, cycle_start: Any) -> tuple[list[Row], int]:
    """Teams of the cycle with their rates (best WAU@90 first), and how many
    teams were suppressed for being smaller than min_group_size."""
    teams = marts.rows(
        f"""
        select
            teams.manager_person_key,
            managers.organization,
            teams.activated_before_team,
            teams.team_size,
            teams.completion_rate,
            teams.is_wau_suppressed,
            teams.wau_90_rate,
            teams.meets_wau_target
        from marts.mart_manager_accountability as teams
        left join marts.dim_managers as managers
            on teams.manager_person_key = managers.manager_person_key
        where teams.cycle_start_date = date '{cycle_start}'
            and not teams.is_suppressed
        order by teams.wau_90_rate desc nulls last, teams.completion_rate desc nulls last,
            teams.manager_person_key
        """
    )
    suppressed = marts.one(
        f"""
        select count(*) as n
        from marts.mart_manager_accountability
        where cycle_start_date = date '{cycle_start}' and is_suppressed
        """
    )
    return teams, int(suppressed["n"]) if suppressed else 0


def shadow_ai_trend(marts: Marts) -> list[Row]:
    """Question 4 over time: per fully observed week, the share of trained and of
    untrained people with shadow-AI traffic (organisations whose split is not
    suppressed) and of everyone employed (organisations not suppressed)."""
    return marts.rows(
        """
        select
            week_start_date,
            sum(case when not is_training_split_suppressed then trained_shadow_ai_people end)
                / sum(case when not is_training_split_suppressed then trained_people end)
                as trained_shadow_ai_rate,
            sum(case when not is_training_split_suppressed then untrained_shadow_ai_people end)
                / sum(case when not is_training_split_suppressed then untrained_people end)
                as untrained_shadow_ai_rate,
            sum(case when not is_suppressed then shadow_ai_people end)
                / sum(case when not is_suppressed then employed_people end)
                as shadow_ai_rate,
            sum(case when not is_training_split_suppressed then reverted_people end)
                / sum(case when not is_training_split_suppressed then trained_people end)
                as reverted_rate
        from marts.mart_shadow_ai
        where is_fully_observed
        group by week_start_date
        order by week_start_date
        """
    )


def shadow_ai_by_organization(marts: Marts) -> list[Row]:
    """Question 4: where trained people use consumer AI (as analyses/question_4.sql)."""
    return marts.rows(
        """
        select
            organization,
            sum(trained_people) as trained_person_weeks,
            sum(trained_shadow_ai_people) / sum(trained_people) as trained_shadow_ai_rate,
            sum(untrained_shadow_ai_people) / nullif(sum(untrained_people), 0)
                as untrained_shadow_ai_rate,
            sum(reverted_people) / sum(trained_people) as reverted_rate
        from marts.mart_shadow_ai
        where is_fully_observed and not is_training_split_suppressed
        group by organization
        having sum(trained_people) > 0
        order by trained_shadow_ai_rate desc, organization
        """
    )


def platform_costs(marts: Marts) -> list[Row]:
    """Question 2 (as analyses/question_2.sql): cost per completion and per
    adopted user per platform over every cycle; cost per adopter divides the cost
    per completion by the adoption rate of the completers measured at day 90."""
    return marts.rows(
        """
        with totals as (
            select
                platform,
                max(platform_name) as platform_name,
                bool_or(has_outcome_data_clause) as has_outcome_data_clause,
                sum(cycle_cost_usd) as cost_usd,
                sum(completion_count) as completion_count,
                sum(wau_90_eligible_count) as wau_90_eligible_count,
                sum(adopter_count) as adopter_count
            from marts.mart_platform_portfolio
            group by platform
        ),
        rated as (
            select
                *,
                adopter_count / nullif(wau_90_eligible_count, 0) as adoption_rate,
                cost_usd / nullif(completion_count, 0) as cost_per_completion_usd
            from totals
        )
        select
            *,
            cost_per_completion_usd / nullif(adoption_rate, 0) as cost_per_adopter_usd
        from rated
        order by cost_per_adopter_usd desc nulls first, platform
        """
    )


def platform_totals(marts: Marts) -> Row:
    """All platforms together, for the headline (same definitions as above)."""
    totals = marts.one(
        """
        with totals as (
            select
                sum(cycle_cost_usd) as cost_usd,
                sum(completion_count) as completion_count,
                sum(wau_90_eligible_count) as wau_90_eligible_count,
                sum(adopter_count) as adopter_count,
                count(distinct platform) as platform_count,
                count(distinct case when has_outcome_data_clause then platform end)
                    as outcome_data_platform_count
            from marts.mart_platform_portfolio
        )
        select
            *,
            cost_usd / nullif(completion_count, 0) as cost_per_completion_usd,
            cost_usd / nullif(completion_count, 0)
                / nullif(adopter_count / nullif(wau_90_eligible_count, 0), 0)
                as cost_per_adopter_usd
        from totals
        """
    )
    assert totals is not None  # an aggregate without group by always has one row
    return totals


def content_freshness(marts: Marts) -> list[Row]:
    """Question 5: every program's content date against its tools' newest release."""
    return marts.rows(
        """
        select
            program_id,
            program_name,
            content_updated_date,
            newest_tool_release_date,
            newest_release_tool_id,
            release_lag_days,
            as_of_date,
            content_age_days,
            is_older_than_tool_release,
            is_stale,
            wau_90_rate
        from marts.mart_content_freshness
        order by release_lag_days desc nulls last, program_id
        """
    )


# What the gap costs (mart_seat_utilization): sums over the rows the mart
# shows; a suppressed pool's counts are null there and stay out of every sum,
# and the trained / untrained rates only use rows whose split is shown.
_SEAT_SUMS = """
    sum(case when not is_suppressed then seats_held end) as seats_held,
    sum(idle_seats) as idle_seats,
    sum(idle_cost_usd) as idle_cost_usd,
    sum(seat_cost_usd) as seat_cost_usd,
    sum(trained_idle_seats) as trained_idle_seats,
    sum(trained_seats) as trained_seats,
    sum(trained_idle_cost_usd) as trained_idle_cost_usd,
    sum(untrained_idle_seats) as untrained_idle_seats,
    sum(untrained_seats) as untrained_seats,
    sum(untrained_idle_cost_usd) as untrained_idle_cost_usd,
    count(distinct month_start_date) as month_count
"""
_SEAT_RATES = """
    idle_seats / nullif(seats_held, 0) as idle_seat_rate,
    trained_idle_seats / nullif(trained_seats, 0) as trained_idle_seat_rate,
    untrained_idle_seats / nullif(untrained_seats, 0) as untrained_idle_seat_rate
"""


def idle_seats_by_tool(marts: Marts) -> list[Row]:
    """Per per-seat tool over every month: seats, idle seats and their cost."""
    return marts.rows(
        f"""
        with sums as (
            select tool_id, {_SEAT_SUMS} from marts.mart_seat_utilization group by tool_id
        )
        select *, {_SEAT_RATES} from sums order by idle_cost_usd desc nulls last, tool_id
        """
    )


def idle_seats_by_month(marts: Marts) -> list[Row]:
    """Per month and tool, for the table."""
    return marts.rows(
        f"""
        with sums as (
            select month_start_date, tool_id, {_SEAT_SUMS}
            from marts.mart_seat_utilization group by month_start_date, tool_id
        )
        select *, {_SEAT_RATES} from sums order by month_start_date, tool_id
        """
    )


def idle_seat_totals(marts: Marts) -> Row:
    """Every tool and month together, for the headline."""
    totals = marts.one(
        f"""
        with sums as (select {_SEAT_SUMS} from marts.mart_seat_utilization)
        select *, {_SEAT_RATES}, idle_cost_usd / nullif(month_count, 0)
            as idle_cost_usd_per_month
        from sums
        """
    )
    assert totals is not None  # an aggregate without group by always has one row
    return totals
