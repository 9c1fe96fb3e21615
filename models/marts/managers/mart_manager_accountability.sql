-- Question 3. Manager (at the time of the reports' training) x cycle
-- (calendar quarter of the reports' training: completion day, or
-- enrollment day for those who have not completed, as in
-- mart_program_adoption): was the manager activated (completed a
-- manager-reinforcement module strictly before the first report's training
-- of the cycle, int_manager_cycles_activated), the team (reports enrolled in
-- a regular program that cycle), its completion rate, WAU@90 and gap, the
-- target and a rank. Team metrics count (report, program) enrollments of
-- regular programs; manager-reinforcement modules are not team training.
--
-- Suppression (var min_group_size):
-- * is_suppressed: fewer reports than min_group_size. The row keeps its
--   keys, team_size and the manager's own facts (activated_before_team,
--   reinforcement_completed_date); every team metric is null.
-- * is_wau_suppressed: suppressed, or fewer eligible reports (completers
--   whose day 90 was observed and who were employed that day) than
--   min_group_size: WAU@90, the gap, the target and the rank are null, so
--   that no rate is shown over fewer people than the threshold.
-- Rank: dense rank of wau_90_rate within the cycle, highest first, among
-- rows that show it; null otherwise.
{% set min_group_size = var('min_group_size') %}

with

team_enrollments as (
    select * from {{ ref('int_manager_team_enrollments_joined') }}
),

manager_cycles as (
    select * from {{ ref('int_manager_cycles_activated') }}
),

programs as (
    select * from {{ ref('dim_programs') }}
),

team_counts as (
    select
        team_enrollments.manager_employee_id,
        team_enrollments.cycle_start_date,
        count(distinct team_enrollments.employee_id) as team_size,
        sum(case when programs.has_enrollment_data then 1 else 0 end)
            as enrolled_count,
        sum(
            case
                when
                    programs.has_enrollment_data
                    and team_enrollments.is_completed
                    then 1
                else 0
            end
        ) as completer_count,
        sum(case when team_enrollments.is_wau_90_eligible then 1 else 0 end)
            as wau_90_eligible_count,
        count(
            distinct case
                when team_enrollments.is_wau_90_eligible
                    then team_enrollments.employee_id
            end
        ) as wau_90_eligible_report_count,
        sum(
            case
                when
                    team_enrollments.is_wau_90_eligible
                    and team_enrollments.is_weekly_active_90
                    then 1
                else 0
            end
        ) as wau_90_active_count
    from team_enrollments
    inner join programs
        on team_enrollments.program_id = programs.program_id
    group by
        team_enrollments.manager_employee_id,
        team_enrollments.cycle_start_date
),

flagged as (
    select
        team_counts.*,
        manager_cycles.is_activated_before_team,
        manager_cycles.reinforcement_completed_date,
        manager_cycles.first_report_training_date,
        team_counts.team_size < {{ min_group_size }} as is_suppressed,
        team_counts.team_size < {{ min_group_size }}
        or team_counts.wau_90_eligible_report_count < {{ min_group_size }}
            as is_wau_suppressed,
        cast(team_counts.completer_count as {{ type_double() }})
        / nullif(team_counts.enrolled_count, 0) as completion_rate,
        cast(team_counts.wau_90_active_count as {{ type_double() }})
        / nullif(team_counts.wau_90_eligible_count, 0) as wau_90_rate
    from team_counts
    inner join manager_cycles
        on
            team_counts.manager_employee_id
            = manager_cycles.manager_employee_id
            and team_counts.cycle_start_date = manager_cycles.cycle_start_date
),

ranked as (
    select
        *,
        case
            when not is_wau_suppressed
                then dense_rank() over (
                    partition by cycle_start_date, is_wau_suppressed
                    order by wau_90_rate desc
                )
        end as wau_90_rank
    from flagged
),

final as (
    select
        {{ person_key('manager_employee_id') }} as manager_person_key,
        cycle_start_date,
        is_activated_before_team as activated_before_team,
        reinforcement_completed_date,
        cast(team_size as {{ dbt.type_bigint() }}) as team_size,
        is_suppressed,
        is_wau_suppressed,
        case
            when not is_suppressed then first_report_training_date
        end as first_report_training_date,
        case
            when not is_suppressed
                then cast(enrolled_count as {{ dbt.type_bigint() }})
        end as enrolled_count,
        case
            when not is_suppressed
                then cast(completer_count as {{ dbt.type_bigint() }})
        end as completer_count,
        case when not is_suppressed then completion_rate end
            as completion_rate,
        case
            when not is_suppressed
                then cast(wau_90_eligible_count as {{ dbt.type_bigint() }})
        end as wau_90_eligible_count,
        case
            when not is_suppressed
                then cast(
                    wau_90_eligible_report_count as {{ dbt.type_bigint() }}
                )
        end as wau_90_eligible_report_count,
        case
            when not is_wau_suppressed
                then cast(wau_90_active_count as {{ dbt.type_bigint() }})
        end as wau_90_active_count,
        case when not is_wau_suppressed then wau_90_rate end as wau_90_rate,
        case
            when not is_wau_suppressed then completion_rate - wau_90_rate
        end as certification_gap,
        case
            when not is_wau_suppressed
                then wau_90_rate >= {{ var('wau_target') }}
        end as meets_wau_target,
        cast(wau_90_rank as {{ dbt.type_bigint() }}) as wau_90_rank
    from ranked
)

select * from final
