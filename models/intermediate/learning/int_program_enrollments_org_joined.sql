-- Each (person, program) enrollment with the org facts in force at the time
-- of training: the completion day for completers, the enrollment day for the
-- rest. A point-in-time join, not today's manager: a manager change
-- effective the day before training is the manager at training.
with

enrollments as (
    select * from {{ ref('int_program_enrollments_collapsed') }}
),

history as (
    select * from {{ ref('int_employees_history') }}
),

anchored as (
    select
        *,
        coalesce(completed_date, cast(enrolled_at as date)) as training_date
    from enrollments
),

final as (
    select
        anchored.employee_id,
        anchored.program_id,
        anchored.enrolled_at,
        anchored.completed_at,
        anchored.completed_date,
        anchored.is_completed,
        anchored.completion_platform,
        anchored.is_passed,
        anchored.best_score,
        anchored.platform_count,
        anchored.platforms,
        anchored.training_date,
        history.manager_employee_id as manager_at_training_id,
        history.organization as organization_at_training,
        history.function_type as function_at_training,
        history.level_designation as level_at_training,
        history.work_location as location_at_training
    from anchored
    left join history
        on
            anchored.employee_id = history.employee_id
            and {{ valid_at('history', 'anchored.training_date') }}
)

select * from final
