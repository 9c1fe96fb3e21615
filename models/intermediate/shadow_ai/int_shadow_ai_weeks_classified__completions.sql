-- One row per person with a completion: the first completion of any program
-- (manager reinforcement included), the first of a regular program, and
-- whether the person had a sanctioned active day (int_activity_days) in the
-- 28 days after that regular completion (days c+1 .. c+28). A step of
-- int_shadow_ai_weeks_classified.
{{ config(materialized='ephemeral') }}

with

enrollments as (
    select * from {{ ref('int_program_enrollments_org_joined') }}
),

programs as (
    select * from {{ ref('programs') }}
),

activity_days as (
    select * from {{ ref('int_activity_days') }}
),

completions as (
    select
        enrollments.employee_id,
        min(enrollments.completed_date) as first_completed_date,
        min(
            case
                when not programs.is_manager_reinforcement
                    then enrollments.completed_date
            end
        ) as first_regular_completed_date
    from enrollments
    inner join programs
        on enrollments.program_id = programs.program_id
    where enrollments.is_completed
    group by enrollments.employee_id
),

post_completion_use as (
    select distinct completions.employee_id
    from completions
    inner join activity_days
        on completions.employee_id = activity_days.employee_id
    where
        activity_days.activity_date
        > completions.first_regular_completed_date
        and activity_days.activity_date
        <= {{ dbt.dateadd(
            'day', 28, 'completions.first_regular_completed_date'
        ) }}
),

final as (
    select
        completions.employee_id,
        completions.first_completed_date,
        completions.first_regular_completed_date,
        post_completion_use.employee_id is not null
            as has_post_completion_use
    from completions
    left join post_completion_use
        on completions.employee_id = post_completion_use.employee_id
)

select * from final
