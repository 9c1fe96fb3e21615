-- One row per completer x program x week since completion (0..26): was the
-- person active on a target tool in days 7k..7k+6 after completion, and does
-- the week count (fully observed, person employed on its first day).
-- Feeds the adoption decay curve.
{%- set max_week = 26 %}
with

completers as (
    select * from {{ ref('int_program_enrollments_org_joined') }}
    where is_completed
),

program_tools as (
    select * from {{ ref('program_tools') }}
),

activity_days as (
    select * from {{ ref('int_activity_days') }}
),

spells as (
    select * from {{ ref('int_employment_spells') }}
),

observation_window as (
    select * from {{ ref('int_observed_days_bounded') }}
),

week_numbers as (
    {%- for k in range(max_week + 1) %}
        select {{ k }} as weeks_since_completion
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

completer_weeks as (
    select
        completers.employee_id,
        completers.program_id,
        completers.completed_date,
        week_numbers.weeks_since_completion,
        {{ dbt.dateadd(
            'day',
            '7 * week_numbers.weeks_since_completion',
            'completers.completed_date'
        ) }} as week_first_date,
        {{ dbt.dateadd(
            'day',
            '7 * week_numbers.weeks_since_completion + 6',
            'completers.completed_date'
        ) }} as week_last_date
    from completers
    cross join week_numbers
),

active_weeks as (
    select distinct
        completer_weeks.employee_id,
        completer_weeks.program_id,
        completer_weeks.weeks_since_completion
    from completer_weeks
    inner join program_tools
        on completer_weeks.program_id = program_tools.program_id
    inner join activity_days
        on
            completer_weeks.employee_id = activity_days.employee_id
            and program_tools.tool_id = activity_days.tool_id
            and activity_days.activity_date
            between completer_weeks.week_first_date
            and completer_weeks.week_last_date
),

employed_weeks as (
    select distinct
        completer_weeks.employee_id,
        completer_weeks.program_id,
        completer_weeks.weeks_since_completion
    from completer_weeks
    inner join spells
        on
            completer_weeks.employee_id = spells.employee_id
            and completer_weeks.week_first_date >= spells.hire_date
            and (
                spells.termination_date is null
                or completer_weeks.week_first_date <= spells.termination_date
            )
),

final as (
    select
        completer_weeks.employee_id,
        completer_weeks.program_id,
        completer_weeks.completed_date,
        completer_weeks.weeks_since_completion,
        completer_weeks.week_last_date
        <= observation_window.last_observed_date as is_week_observed,
        employed_weeks.employee_id is not null as is_employed,
        active_weeks.employee_id is not null as is_active
    from completer_weeks
    cross join observation_window
    left join employed_weeks
        on
            completer_weeks.employee_id = employed_weeks.employee_id
            and completer_weeks.program_id = employed_weeks.program_id
            and completer_weeks.weeks_since_completion
            = employed_weeks.weeks_since_completion
    left join active_weeks
        on
            completer_weeks.employee_id = active_weeks.employee_id
            and completer_weeks.program_id = active_weeks.program_id
            and completer_weeks.weeks_since_completion
            = active_weeks.weeks_since_completion
)

select * from final
