-- Question 3 in one query. Cycle x activated_before_team: how many managers
-- with reports in training that cycle were activated (completed a
-- manager-reinforcement module before their team's first training of the
-- cycle), and the pooled completion rate and WAU@90 of their teams against
-- the other managers' teams, with the difference. Built from the same
-- (report, program) enrollments as mart_manager_accountability, but pooled
-- over every team, small ones included: a pooled group is the reports of
-- many managers, so it identifies nobody. The same threshold still holds
-- for the pooled groups themselves: fewer reports than min_group_size ->
-- metrics null (is_suppressed); fewer eligible reports -> WAU@90 null
-- (is_wau_suppressed).
{% set min_group_size = var('min_group_size') %}

with

team_reports as (
    select * from {{ ref('int_manager_team_reports_counted') }}
),

-- Pooled over managers: a report counts once per manager it had that cycle,
-- an eligible report once whatever its managers.
group_counts as (
    select
        cycle_start_date,
        is_activated_before_team,
        count(distinct manager_employee_id) as manager_count,
        count(*) as report_count,
        sum(enrolled_count) as enrolled_count,
        sum(completer_count) as completer_count,
        sum(wau_90_eligible_count) as wau_90_eligible_count,
        count(distinct case when is_wau_90_eligible_report then employee_id end)
            as wau_90_eligible_report_count,
        sum(wau_90_active_count) as wau_90_active_count
    from team_reports
    group by cycle_start_date, is_activated_before_team
),

rated as (
    select
        *,
        report_count < {{ min_group_size }} as is_suppressed,
        report_count < {{ min_group_size }}
        or wau_90_eligible_report_count < {{ min_group_size }}
            as is_wau_suppressed,
        cast(manager_count as {{ type_double() }})
        / sum(manager_count) over (partition by cycle_start_date)
            as manager_share,
        cast(completer_count as {{ type_double() }})
        / nullif(enrolled_count, 0) as completion_rate,
        cast(wau_90_active_count as {{ type_double() }})
        / nullif(wau_90_eligible_count, 0) as wau_90_rate
    from group_counts
),

shown as (
    select
        cycle_start_date,
        is_activated_before_team,
        manager_count,
        manager_share,
        report_count,
        is_suppressed,
        is_wau_suppressed,
        case when not is_suppressed then enrolled_count end as enrolled_count,
        case when not is_suppressed then completer_count end
            as completer_count,
        case when not is_suppressed then completion_rate end
            as completion_rate,
        case when not is_suppressed then wau_90_eligible_count end
            as wau_90_eligible_count,
        case when not is_wau_suppressed then wau_90_active_count end
            as wau_90_active_count,
        case when not is_wau_suppressed then wau_90_rate end as wau_90_rate
    from rated
),

final as (
    select
        shown.cycle_start_date,
        shown.is_activated_before_team as activated_before_team,
        cast(shown.manager_count as {{ dbt.type_bigint() }}) as manager_count,
        shown.manager_share,
        cast(shown.report_count as {{ dbt.type_bigint() }}) as report_count,
        shown.is_suppressed,
        shown.is_wau_suppressed,
        cast(shown.enrolled_count as {{ dbt.type_bigint() }})
            as enrolled_count,
        cast(shown.completer_count as {{ dbt.type_bigint() }})
            as completer_count,
        shown.completion_rate,
        cast(shown.wau_90_eligible_count as {{ dbt.type_bigint() }})
            as wau_90_eligible_count,
        cast(shown.wau_90_active_count as {{ dbt.type_bigint() }})
            as wau_90_active_count,
        shown.wau_90_rate,
        shown.completion_rate - shown.wau_90_rate as certification_gap,
        shown.wau_90_rate >= {{ var('wau_target') }} as meets_wau_target,
        shown.wau_90_rate - other_group.wau_90_rate as wau_90_rate_vs_others
    from shown
    left join shown as other_group
        on
            shown.cycle_start_date = other_group.cycle_start_date
            and shown.is_activated_before_team
            <> other_group.is_activated_before_team
)

select * from final
