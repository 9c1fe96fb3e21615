-- One row per person and calendar week (Monday to Sunday) in which the
-- person was employed on an observed day (see int_employee_weeks_spined),
-- with their shadow AI use that week: days with traffic to a consumer AI
-- tool that is neither ambiguous nor sanctioned (int_shadow_ai_days
-- .is_shadow_ai). Use of ambiguous hosts is counted apart and never makes
-- a shadow AI week. Weeks without any such traffic are rows too, so that
-- shadow AI rates per team and week have the right denominators.
{{ config(materialized='table') }}

with

employee_weeks as (
    select * from {{ ref('int_employee_weeks_spined') }}
),

shadow_ai_days as (
    select * from {{ ref('int_shadow_ai_days') }}
),

observation_window as (
    select * from {{ ref('int_observed_days_bounded') }}
),

observed_days as (
    select
        shadow_ai_days.employee_id,
        cast(
            {{ dbt.date_trunc('week', 'shadow_ai_days.activity_date') }} as date
        ) as week_start_date,
        shadow_ai_days.activity_date,
        shadow_ai_days.tool_id,
        shadow_ai_days.is_shadow_ai,
        shadow_ai_days.is_ambiguous
    from shadow_ai_days
    cross join observation_window
    where
        shadow_ai_days.activity_date
        between observation_window.first_observed_date
        and observation_window.last_observed_date
),

weekly_use as (
    select
        employee_id,
        week_start_date,
        count(
            distinct case when is_shadow_ai then activity_date end
        ) as shadow_ai_days,
        count(
            distinct case when is_shadow_ai then tool_id end
        ) as shadow_ai_tool_count,
        count(
            distinct case when is_ambiguous then activity_date end
        ) as ambiguous_ai_days
    from observed_days
    group by employee_id, week_start_date
),

final as (
    select
        employee_weeks.employee_id,
        employee_weeks.week_start_date,
        employee_weeks.week_end_date,
        employee_weeks.observed_day_count,
        employee_weeks.employed_day_count,
        employee_weeks.employed_observed_day_count,
        employee_weeks.is_employed_all_week,
        employee_weeks.is_fully_observed,
        coalesce(weekly_use.shadow_ai_days, 0) as shadow_ai_days,
        coalesce(weekly_use.shadow_ai_tool_count, 0) as shadow_ai_tool_count,
        coalesce(weekly_use.shadow_ai_days, 0) > 0 as has_shadow_ai_use,
        coalesce(weekly_use.ambiguous_ai_days, 0) as ambiguous_ai_days,
        coalesce(weekly_use.ambiguous_ai_days, 0) > 0 as has_ambiguous_ai_use
    from employee_weeks
    left join weekly_use
        on
            employee_weeks.employee_id = weekly_use.employee_id
            and employee_weeks.week_start_date = weekly_use.week_start_date
)

select * from final
