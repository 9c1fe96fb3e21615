-- One row per completer x program: was the person active on a target tool
-- of the program in the WAU window (days N-6..N after completion) and the
-- MAU window (days N-29..N), for N = 30, 60, 90; and does day N count:
-- observed (inside the data window) and the person still employed that day.
-- Day 0 is the completion day (UTC).
{% set horizons = [30, 60, 90] %}

with

enrollments as (
    select * from {{ ref('int_program_enrollments_org_joined') }}
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

completers as (
    select
        employee_id,
        program_id,
        completed_date
    from enrollments
    where is_completed
),

target_activity as (
    select distinct
        completers.employee_id,
        completers.program_id,
        {{ dbt.datediff(
            'completers.completed_date', 'activity_days.activity_date', 'day'
        ) }} as days_after_completion
    from completers
    inner join program_tools
        on completers.program_id = program_tools.program_id
    inner join activity_days
        on
            completers.employee_id = activity_days.employee_id
            and program_tools.tool_id = activity_days.tool_id
    where
        activity_days.activity_date >= completers.completed_date
        and activity_days.activity_date
        <= {{ dbt.dateadd('day', horizons[-1], 'completers.completed_date') }}
),

activity_flags as (
    select
        employee_id,
        program_id,
        {% for n in horizons %}
            max(
                case
                    when days_after_completion between {{ n - 6 }} and {{ n }}
                        then 1
                    else 0
                end
            ) = 1 as is_weekly_active_{{ n }},
            max(
                case
                    when days_after_completion between {{ n - 29 }} and {{ n }}
                        then 1
                    else 0
                end
            ) = 1 as is_monthly_active_{{ n }},
        {% endfor %}
        count(*) as active_day_count
    from target_activity
    group by employee_id, program_id
),

horizon_days as (
    select
        employee_id,
        program_id,
        {% for n in horizons %}
            {{ dbt.dateadd('day', n, 'completed_date') }} as day_{{ n }}_date,
        {% endfor %}
        completed_date
    from completers
),

employment_flags as (
    select
        horizon_days.employee_id,
        horizon_days.program_id,
        {% for n in horizons %}
            max(
                case
                    when
                        spells.hire_date <= horizon_days.day_{{ n }}_date
                        and (
                            spells.termination_date is null
                            or horizon_days.day_{{ n }}_date
                            <= spells.termination_date
                        )
                        then 1
                    else 0
                end
            ) = 1 as is_employed_day_{{ n }},
        {% endfor %}
        count(*) as spell_count
    from horizon_days
    left join spells
        on horizon_days.employee_id = spells.employee_id
    group by horizon_days.employee_id, horizon_days.program_id
),

final as (
    select
        horizon_days.employee_id,
        horizon_days.program_id,
        {% for n in horizons %}
            horizon_days.day_{{ n }}_date
            <= observation_window.last_observed_date
                as is_day_{{ n }}_observed,
            employment_flags.is_employed_day_{{ n }},
            coalesce(activity_flags.is_weekly_active_{{ n }}, false)
                as is_weekly_active_{{ n }},
            coalesce(activity_flags.is_monthly_active_{{ n }}, false)
                as is_monthly_active_{{ n }},
        {% endfor %}
        horizon_days.completed_date
    from horizon_days
    cross join observation_window
    inner join employment_flags
        on
            horizon_days.employee_id = employment_flags.employee_id
            and horizon_days.program_id = employment_flags.program_id
    left join activity_flags
        on
            horizon_days.employee_id = activity_flags.employee_id
            and horizon_days.program_id = activity_flags.program_id
)

select * from final
