-- Q3 per cycle: managers with reports in training, those activated before
-- their team, and the pooled WAU@90 of the activated managers' teams and of
-- the others' (null where mart_manager_activation suppresses the group).
with

manager_activation as (
    select * from {{ ref('mart_manager_activation') }}
),

final as (
    select
        cycle_start_date,
        sum(manager_count) as manager_count,
        sum(
            case when activated_before_team then manager_count else 0 end
        ) as activated_manager_count,
        max(case when activated_before_team then wau_90_rate end)
            as activated_team_wau_90_rate,
        max(case when not activated_before_team then wau_90_rate end)
            as other_team_wau_90_rate
    from manager_activation
    group by cycle_start_date
)

select * from final
