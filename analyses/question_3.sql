-- Question 3: What share of managers were trained to reinforce AI use
-- before their teams, and how do their teams' adoption rates compare with
-- the others?
--
-- One row per cycle x group of managers (mart_manager_activation): managers
-- activated before their team (completed a manager-reinforcement module
-- before the first report's training of the cycle) or not, their share of
-- the cycle's managers, and their teams' completion rate and WAU@90 pooled
-- over every team, with the difference to the other group. Groups with
-- fewer reports (or eligible reports) than var('min_group_size') are
-- suppressed there: their rates are null.
with

activation as (
    select * from {{ ref('mart_manager_activation') }}
),

final as (
    select
        cycle_start_date,
        activated_before_team,
        manager_count,
        manager_share,
        report_count,
        is_suppressed,
        is_wau_suppressed,
        completion_rate as team_completion_rate,
        wau_90_rate as team_wau_90_rate,
        wau_90_rate_vs_others as team_wau_90_rate_vs_others,
        meets_wau_target
    from activation
)

select * from final
order by cycle_start_date asc, activated_before_team desc
