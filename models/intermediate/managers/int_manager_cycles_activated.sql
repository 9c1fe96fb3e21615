-- One row per manager (at the time of training) x cycle (calendar quarter
-- of the reports' training) with at least one report enrolled in a regular
-- program (not a manager-reinforcement module) that cycle: when the first
-- report trained, when the manager completed a manager-reinforcement
-- module, and whether that was before the team (activated).
--
-- A report's training day and manager are those of
-- int_program_enrollments_org_joined: the completion day for completers,
-- the enrollment day for the others, and the manager in force that day.
-- Activated = the manager's first reinforcement completion is strictly
-- before the first report's training day of the cycle (dates, UTC). The
-- same day is not before: a module completed the day the first report
-- trains cannot have shaped that training (the generator's rule is strict
-- too).
with

enrollments as (
    select * from {{ ref('int_program_enrollments_org_joined') }}
),

programs as (
    select * from {{ ref('programs') }}
),

report_trainings as (
    select
        enrollments.manager_at_training_id as manager_employee_id,
        enrollments.employee_id,
        enrollments.training_date,
        cast(
            {{ dbt.date_trunc('quarter', 'enrollments.training_date') }} as date
        ) as cycle_start_date
    from enrollments
    inner join programs
        on enrollments.program_id = programs.program_id
    where
        not programs.is_manager_reinforcement
        and enrollments.manager_at_training_id is not null
),

manager_cycles as (
    select
        manager_employee_id,
        cycle_start_date,
        min(training_date) as first_report_training_date,
        count(distinct employee_id) as report_count
    from report_trainings
    group by manager_employee_id, cycle_start_date
),

reinforcement as (
    select
        enrollments.employee_id,
        min(enrollments.completed_date) as reinforcement_completed_date
    from enrollments
    inner join programs
        on enrollments.program_id = programs.program_id
    where programs.is_manager_reinforcement and enrollments.is_completed
    group by enrollments.employee_id
),

final as (
    select
        manager_cycles.manager_employee_id,
        manager_cycles.cycle_start_date,
        manager_cycles.first_report_training_date,
        manager_cycles.report_count,
        reinforcement.reinforcement_completed_date,
        coalesce(
            reinforcement.reinforcement_completed_date
            < manager_cycles.first_report_training_date,
            false
        ) as is_activated_before_team
    from manager_cycles
    left join reinforcement
        on manager_cycles.manager_employee_id = reinforcement.employee_id
)

select * from final
