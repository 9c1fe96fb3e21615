-- One row per person who has managed anyone in the HR history: current team
-- size and whether (and when) they completed a manager-reinforcement module.
with

history as (
    select * from {{ ref('int_employees_history') }}
),

enrollments as (
    select * from {{ ref('int_program_enrollments_collapsed') }}
),

programs as (
    select * from {{ ref('programs') }}
),

managers as (
    select distinct manager_employee_id as employee_id
    from history
    where manager_employee_id is not null
),

current_reports as (
    select
        manager_employee_id as employee_id,
        count(*) as current_direct_report_count
    from history
    where is_current and employment_status = 'active'
    group by manager_employee_id
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

manager_org as (
    select
        employee_id,
        organization,
        level_designation
    from history
    where is_current
),

final as (
    select
        {{ person_key('managers.employee_id') }} as manager_person_key,
        manager_org.organization,
        manager_org.level_designation,
        coalesce(current_reports.current_direct_report_count, 0)
            as current_direct_report_count,
        reinforcement.reinforcement_completed_date is not null
            as has_completed_reinforcement,
        reinforcement.reinforcement_completed_date
    from managers
    left join manager_org
        on managers.employee_id = manager_org.employee_id
    left join current_reports
        on managers.employee_id = current_reports.employee_id
    left join reinforcement
        on managers.employee_id = reinforcement.employee_id
)

select * from final
