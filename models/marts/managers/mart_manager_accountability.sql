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

team_reports as (
    select * from {{ ref('int_manager_team_reports_counted') }}
),

manager_cycles as (
    select * from {{ ref('int_manager_cycles_activated') }}
),

team_counts as (
    select
        manager_employee_id,
        cycle_start_date,
        count(*) as team_size,
        sum(enrolled_count) as enrolled_count,
        sum(completer_count) as completer_count,
        sum(wau_90_eligible_count) as wau_90_eligible_count,
        sum(case when is_wau_90_eligible_report then 1 else 0 end)
            as wau_90_eligible_report_count,
        sum(wau_90_active_count) as wau_90_active_count
    from team_reports
    group by manager_employee_id, cycle_start_date
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
