-- One row per (employee, program, calendar week) of a training-effect
-- candidate (int_training_effect_candidates_matched), from pre week -4 of
-- its first anchor to post week 12 of its last, with a spine row on a
-- target tool of the program (int_activity_weeks_spined, program_tools):
-- active on any target tool, measured on all of them (fully observed,
-- employed all seven days), the days with use of any target tool
-- (int_activity_days; a day counts once however many tools), and the running
-- total of each before and through the week, so that a sum over weeks is a
-- difference of two (int_training_effect_windows_measured). One sorted pass
-- (six sliding window frames took three quarters of the training effect's
-- build) over the candidates' weeks only (every person's took 2.5 times the
-- rows and twice the time).
{%- set pre_weeks = var('training_effect_pre_weeks', 4) %}
{%- set post_weeks = var('training_effect_post_weeks', 12) %}

with

candidates as (
    select * from {{ ref('int_training_effect_candidates_matched') }}
),

program_tools as (
    select * from {{ ref('program_tools') }}
),

activity_weeks as (
    select * from {{ ref('int_activity_weeks_spined') }}
),

activity_days as (
    select * from {{ ref('int_activity_days') }}
),

candidate_spans as (
    select
        employee_id,
        program_id,
        min(cast({{ dbt.dateadd(
            'day', -7 * pre_weeks, 'anchor_week_start_date'
        ) }} as date)) as first_week_start_date,
        max(cast({{ dbt.dateadd(
            'day', 7 * post_weeks, 'anchor_week_start_date'
        ) }} as date)) as last_week_start_date
    from candidates
    group by employee_id, program_id
),

program_weeks as (
    select
        activity_weeks.employee_id,
        program_tools.program_id,
        activity_weeks.week_start_date,
        max(case when activity_weeks.is_active then 1 else 0 end)
            as is_active_week,
        min(
            case
                when
                    activity_weeks.is_fully_observed
                    and activity_weeks.is_employed_all_week
                    then 1
                else 0
            end
        ) as is_measured_week
    from activity_weeks
    inner join program_tools
        on activity_weeks.tool_id = program_tools.tool_id
    inner join candidate_spans
        on
            activity_weeks.employee_id = candidate_spans.employee_id
            and program_tools.program_id = candidate_spans.program_id
            and activity_weeks.week_start_date
            between candidate_spans.first_week_start_date
            and candidate_spans.last_week_start_date
    group by
        activity_weeks.employee_id,
        program_tools.program_id,
        activity_weeks.week_start_date
),

program_days as (
    select
        activity_days.employee_id,
        program_tools.program_id,
        cast(
            {{ dbt.date_trunc('week', 'activity_days.activity_date') }} as date
        ) as week_start_date,
        count(distinct activity_days.activity_date) as active_days
    from activity_days
    inner join program_tools
        on activity_days.tool_id = program_tools.tool_id
    group by
        activity_days.employee_id,
        program_tools.program_id,
        cast(
            {{ dbt.date_trunc('week', 'activity_days.activity_date') }} as date
        )
),

weeks as (
    select
        program_weeks.employee_id,
        program_weeks.program_id,
        program_weeks.week_start_date,
        program_weeks.is_active_week,
        program_weeks.is_measured_week,
        coalesce(program_days.active_days, 0) as active_days
    from program_weeks
    left join program_days
        on
            program_weeks.employee_id = program_days.employee_id
            and program_weeks.program_id = program_days.program_id
            and program_weeks.week_start_date = program_days.week_start_date
),

cumulated as (
    select
        employee_id,
        program_id,
        week_start_date,
        is_active_week,
        is_measured_week,
        active_days,
        sum(is_active_week) over weeks_to_date as active_weeks_through,
        sum(is_measured_week) over weeks_to_date as measured_weeks_through,
        sum(active_days) over weeks_to_date as active_days_through
    from weeks
    window weeks_to_date as (
        partition by employee_id, program_id
        order by week_start_date
        rows between unbounded preceding and current row
    )
),

-- Spark cannot parse arithmetic straight after a named window
-- ("over w - x"), so the totals before the week are taken here.
final as (
    select
        employee_id,
        program_id,
        week_start_date,
        is_active_week,
        is_measured_week,
        active_days,
        active_weeks_through,
        measured_weeks_through,
        active_days_through,
        active_weeks_through - is_active_week as active_weeks_before,
        measured_weeks_through - is_measured_week as measured_weeks_before,
        active_days_through - active_days as active_days_before
    from cumulated
)

select * from final
