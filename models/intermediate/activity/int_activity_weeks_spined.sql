-- One row per person, sanctioned AI tool (ai_tools.is_sanctioned) and
-- calendar week (Monday to Sunday) in which the person was employed on an
-- observed day (see int_employee_weeks_spined), including weeks without
-- use (active_days = 0), so that windowed rates have the right
-- denominators. active_days counts the person's active days on the tool
-- (int_activity_days, any channel) that fall within the week and within the
-- observation window.
{{ config(materialized='table') }}

with

employee_weeks as (
    select * from {{ ref('int_employee_weeks_spined') }}
),

activity_days as (
    select * from {{ ref('int_activity_days') }}
),

observation_window as (
    select * from {{ ref('int_observed_days_bounded') }}
),

ai_tools as (
    select * from {{ ref('ai_tools') }}
),

sanctioned_tools as (
    select tool_id
    from ai_tools
    where is_sanctioned
),

observed_activity as (
    select
        activity_days.employee_id,
        activity_days.tool_id,
        cast(
            {{ dbt.date_trunc('week', 'activity_days.activity_date') }} as date
        ) as week_start_date,
        activity_days.activity_date
    from activity_days
    cross join observation_window
    where
        activity_days.activity_date
        between observation_window.first_observed_date
        and observation_window.last_observed_date
),

weekly_activity as (
    select
        employee_id,
        tool_id,
        week_start_date,
        count(distinct activity_date) as active_days
    from observed_activity
    group by employee_id, tool_id, week_start_date
),

spine as (
    select
        employee_weeks.employee_id,
        sanctioned_tools.tool_id,
        employee_weeks.week_start_date,
        employee_weeks.week_end_date,
        employee_weeks.observed_day_count,
        employee_weeks.employed_day_count,
        employee_weeks.employed_observed_day_count,
        employee_weeks.is_employed_all_week,
        employee_weeks.is_fully_observed
    from employee_weeks
    cross join sanctioned_tools
),

final as (
    select
        spine.employee_id,
        spine.tool_id,
        spine.week_start_date,
        spine.week_end_date,
        spine.observed_day_count,
        spine.employed_day_count,
        spine.employed_observed_day_count,
        spine.is_employed_all_week,
        spine.is_fully_observed,
        coalesce(weekly_activity.active_days, 0) as active_days,
        coalesce(weekly_activity.active_days, 0) > 0 as is_active
    from spine
    left join weekly_activity
        on
            spine.employee_id = weekly_activity.employee_id
            and spine.tool_id = weekly_activity.tool_id
            and spine.week_start_date = weekly_activity.week_start_date
)

select * from final
