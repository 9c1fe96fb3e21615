-- One row per (report, regular program) enrollment whose manager at the
-- time of training is known: the manager, the cycle (calendar quarter of
-- the training day: completion day, or enrollment day for those who have
-- not completed), whether the manager was activated before the team that
-- cycle, and the WAU@90 facts of int_completer_windows_measured (eligible =
-- day 90 observed and employed that day). Manager-reinforcement modules
-- are not team training and are left out. A table: both manager marts
-- read it.
{{ config(materialized='table') }}

with

enrollments as (
    select * from {{ ref('int_program_enrollments_org_joined') }}
),

programs as (
    select * from {{ ref('programs') }}
),

windows as (
    select * from {{ ref('int_completer_windows_measured') }}
),

manager_cycles as (
    select * from {{ ref('int_manager_cycles_activated') }}
),

team_enrollments as (
    select
        enrollments.manager_at_training_id as manager_employee_id,
        enrollments.employee_id,
        enrollments.program_id,
        enrollments.training_date,
        enrollments.is_completed,
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

final as (
    select
        team_enrollments.manager_employee_id,
        team_enrollments.cycle_start_date,
        team_enrollments.employee_id,
        team_enrollments.program_id,
        team_enrollments.training_date,
        team_enrollments.is_completed,
        manager_cycles.is_activated_before_team,
        coalesce(
            windows.is_day_90_observed and windows.is_employed_day_90, false
        ) as is_wau_90_eligible,
        coalesce(windows.is_weekly_active_90, false) as is_weekly_active_90
    from team_enrollments
    inner join manager_cycles
        on
            team_enrollments.manager_employee_id
            = manager_cycles.manager_employee_id
            and team_enrollments.cycle_start_date
            = manager_cycles.cycle_start_date
    left join windows
        on
            team_enrollments.employee_id = windows.employee_id
            and team_enrollments.program_id = windows.program_id
)

select * from final
