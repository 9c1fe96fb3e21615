-- One row per (manager at the time of training, cycle, report): the
-- report's enrollments in regular programs counted the way both manager
-- marts count them. Enrolled and completer counts skip platforms that
-- export completions only (who was enrolled is unknown there); WAU@90
-- counts only completers whose day 90 was observed while employed.
with

team_enrollments as (
    select * from {{ ref('int_manager_team_enrollments_joined') }}
),

programs as (
    select * from {{ ref('programs') }}
),

platform_contracts as (
    select * from {{ ref('platform_contracts') }}
),

counted_enrollments as (
    select
        team_enrollments.*,
        coalesce(platform_contracts.exports_enrollments, false)
            as has_enrollment_data
    from team_enrollments
    inner join programs
        on team_enrollments.program_id = programs.program_id
    left join platform_contracts
        on programs.platform = platform_contracts.platform
),

final as (
    select
        manager_employee_id,
        cycle_start_date,
        employee_id,
        is_activated_before_team,
        sum(case when has_enrollment_data then 1 else 0 end)
            as enrolled_count,
        sum(case when has_enrollment_data and is_completed then 1 else 0 end)
            as completer_count,
        sum(case when is_wau_90_eligible then 1 else 0 end)
            as wau_90_eligible_count,
        sum(
            case
                when is_wau_90_eligible and is_weekly_active_90 then 1 else 0
            end
        ) as wau_90_active_count,
        max(case when is_wau_90_eligible then 1 else 0 end) = 1
            as is_wau_90_eligible_report
    from counted_enrollments
    group by
        manager_employee_id,
        cycle_start_date,
        employee_id,
        is_activated_before_team
)

select * from final
