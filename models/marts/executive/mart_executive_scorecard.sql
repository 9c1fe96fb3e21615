-- One row per cycle (calendar quarter): the headline answer to each of the
-- questions of DESIGN.md, for the executive report. Each question's
-- roll-up to cycles is a model of its own (cycles/scorecard_*_cycles, and
-- mart_training_effect_cycles for Q6); this model joins them and rates.
-- Q1 completion rate = completers / enrolled, WAU@90 = active / eligible
--    completers, pooled over regular programs; gap = completion rate -
--    WAU@90; target var('wau_target'). is_wau_90_fully_observed: day 90 of
--    the cycle's last day was observed, so every completer was measured.
-- Q2 the cycle's cost over all platforms / completions, / adopters, and
--    the share spent on contracts with an outcome-data clause.
-- Q3 share of the cycle's managers activated before their team, and the
--    pooled WAU@90 of their teams against the others'.
-- Q4 share of employed (and of trained) person-weeks with shadow AI use.
-- Q5 stale programs, on the cycle of the as-of day only.
-- Q6 the pooled training effect with its interval and p-value.
with

adoption as (
    select * from {{ ref('scorecard_adoption_cycles') }}
),

spend as (
    select * from {{ ref('scorecard_spend_cycles') }}
),

managers as (
    select * from {{ ref('scorecard_manager_cycles') }}
),

shadow as (
    select * from {{ ref('scorecard_shadow_ai_cycles') }}
),

content as (
    select * from {{ ref('scorecard_content_cycles') }}
),

training_effect as (
    select * from {{ ref('mart_training_effect_cycles') }}
),

portfolio as (
    select * from {{ ref('mart_platform_portfolio') }}
),

program_adoption as (
    select * from {{ ref('mart_program_adoption') }}
),

program_effects as (
    select * from {{ ref('mart_training_effect') }}
),

observation_window as (
    select * from {{ ref('int_observed_days_bounded') }}
),

cycles as (
    select cycle_start_date from portfolio
    union
    select cycle_start_date from program_adoption
    union
    select cycle_start_date from program_effects
),

joined as (
    select
        cycles.cycle_start_date,
        cast({{ dbt.dateadd(
            'day', -1, dbt.dateadd('month', 3, 'cycles.cycle_start_date')
        ) }} as date) as cycle_end_date,
        observation_window.last_observed_date,
        adoption.enrolled_count,
        adoption.completer_count,
        adoption.wau_90_eligible_count,
        adoption.wau_90_active_count,
        spend.cycle_cost_usd,
        spend.outcome_data_cost_usd,
        managers.manager_count,
        managers.activated_manager_count,
        managers.activated_team_wau_90_rate,
        managers.other_team_wau_90_rate,
        shadow.employed_person_weeks,
        shadow.shadow_ai_person_weeks,
        shadow.trained_person_weeks,
        shadow.trained_shadow_ai_person_weeks,
        spend.completion_count,
        spend.adopter_count,
        content.stale_program_count,
        content.older_than_tool_release_program_count,
        training_effect.effect,
        training_effect.std_error,
        training_effect.ci_low,
        training_effect.ci_high,
        training_effect.p_value,
        training_effect.is_significant,
        training_effect.program_count as effect_program_count,
        training_effect.treated_count as effect_treated_count
    from cycles
    cross join observation_window
    left join adoption
        on cycles.cycle_start_date = adoption.cycle_start_date
    left join spend
        on cycles.cycle_start_date = spend.cycle_start_date
    left join managers
        on cycles.cycle_start_date = managers.cycle_start_date
    left join shadow
        on cycles.cycle_start_date = shadow.cycle_start_date
    left join content
        on cycles.cycle_start_date = content.cycle_start_date
    left join training_effect
        on cycles.cycle_start_date = training_effect.cycle_start_date
),

rated as (
    select
        *,
        cast(completer_count as {{ type_double() }})
        / nullif(enrolled_count, 0) as completion_rate,
        cast(wau_90_active_count as {{ type_double() }})
        / nullif(wau_90_eligible_count, 0) as wau_90_rate
    from joined
),

final as (
    select
        cycle_start_date,
        cycle_end_date,
        {{ dbt.dateadd('day', 90, 'cycle_end_date') }}
        <= last_observed_date as is_wau_90_fully_observed,
        -- Q1
        cast(enrolled_count as {{ dbt.type_bigint() }}) as enrolled_count,
        cast(completer_count as {{ dbt.type_bigint() }}) as completer_count,
        completion_rate,
        cast(wau_90_eligible_count as {{ dbt.type_bigint() }})
            as wau_90_eligible_count,
        cast(wau_90_active_count as {{ dbt.type_bigint() }})
            as wau_90_active_count,
        wau_90_rate,
        completion_rate - wau_90_rate as certification_gap,
        wau_90_rate >= {{ var('wau_target') }} as meets_wau_target,
        -- Q2
        cast(cycle_cost_usd as {{ type_double() }}) as cycle_cost_usd,
        cast(completion_count as {{ dbt.type_bigint() }})
            as platform_completion_count,
        cast(adopter_count as {{ dbt.type_bigint() }}) as adopter_count,
        cycle_cost_usd / nullif(completion_count, 0)
            as cost_per_completion_usd,
        cycle_cost_usd / nullif(adopter_count, 0) as cost_per_adopter_usd,
        outcome_data_cost_usd / nullif(cycle_cost_usd, 0)
            as outcome_data_spend_share,
        -- Q3
        cast(manager_count as {{ dbt.type_bigint() }}) as manager_count,
        cast(activated_manager_count as {{ type_double() }})
        / nullif(manager_count, 0) as activated_manager_share,
        activated_team_wau_90_rate,
        other_team_wau_90_rate,
        activated_team_wau_90_rate
        - other_team_wau_90_rate as activated_team_wau_90_difference,
        -- Q4
        cast(shadow_ai_person_weeks as {{ type_double() }})
        / nullif(employed_person_weeks, 0) as shadow_ai_rate,
        cast(trained_shadow_ai_person_weeks as {{ type_double() }})
        / nullif(trained_person_weeks, 0) as trained_shadow_ai_rate,
        -- Q5
        cast(stale_program_count as {{ dbt.type_bigint() }})
            as stale_program_count,
        cast(older_than_tool_release_program_count as {{ dbt.type_bigint() }})
            as older_than_tool_release_program_count,
        -- Q6
        effect as training_effect,
        std_error as training_effect_std_error,
        ci_low as training_effect_ci_low,
        ci_high as training_effect_ci_high,
        p_value as training_effect_p_value,
        coalesce(is_significant, false) as is_training_effect_significant,
        cast(effect_program_count as {{ dbt.type_bigint() }})
            as training_effect_program_count,
        cast(effect_treated_count as {{ dbt.type_bigint() }})
            as training_effect_treated_count
    from rated
)

select * from final
