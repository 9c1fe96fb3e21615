-- One row per enrolled person x program: weekly active use of the program's
-- target tools in the 4 weeks before enrollment (the baseline). Each of the
-- four 7-day windows before the enrollment day counts 1 if the person was
-- active on a target tool in it; the baseline is their mean. Only people
-- whose 4 weeks before enrollment lie inside the data window count.
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

observation_window as (
    select * from {{ ref('int_observed_days_bounded') }}
),

enrolled as (
    select
        employee_id,
        program_id,
        cast(enrolled_at as date) as enrolled_date
    from enrollments
),

pre_enrollment_activity as (
    select distinct
        enrolled.employee_id,
        enrolled.program_id,
        -- 1 = the week just before enrollment (days -7..-1), 4 = days -28..-22
        cast(
            floor(
                ({{ dbt.datediff(
                    'activity_days.activity_date', 'enrolled.enrolled_date', 'day'
                ) }} - 1) / 7
            ) as {{ dbt.type_int() }}
        ) + 1 as weeks_before
    from enrolled
    inner join program_tools
        on enrolled.program_id = program_tools.program_id
    inner join activity_days
        on
            enrolled.employee_id = activity_days.employee_id
            and program_tools.tool_id = activity_days.tool_id
    where
        activity_days.activity_date < enrolled.enrolled_date
        and activity_days.activity_date
        >= {{ dbt.dateadd('day', -28, 'enrolled.enrolled_date') }}
),

active_weeks as (
    select
        employee_id,
        program_id,
        count(distinct weeks_before) as active_week_count
    from pre_enrollment_activity
    group by employee_id, program_id
),

final as (
    select
        enrolled.employee_id,
        enrolled.program_id,
        enrolled.enrolled_date,
        {{ dbt.dateadd('day', -28, 'enrolled.enrolled_date') }}
        >= observation_window.first_observed_date as is_baseline_observed,
        coalesce(active_weeks.active_week_count, 0) as baseline_active_weeks,
        -- a double on both engines (Spark divides by 4.0 as a decimal)
        cast(
            coalesce(active_weeks.active_week_count, 0) as {{ type_double() }}
        ) / 4 as baseline_weekly_active_rate
    from enrolled
    cross join observation_window
    left join active_weeks
        on
            enrolled.employee_id = active_weeks.employee_id
            and enrolled.program_id = active_weeks.program_id
)

select * from final
