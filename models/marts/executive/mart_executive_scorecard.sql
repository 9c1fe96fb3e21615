-- One row per cycle (calendar quarter): the headline answer to each of the
-- questions of DESIGN.md, for the executive report.
--
-- Q1 (mart_program_adoption, regular programs: manager-reinforcement modules
--    train managers to coach, not to use a tool, and are question 3's
--    subject): completion rate = completers / enrolled over the programs
--    whose platform exports enrollments; WAU@90 = active / eligible
--    completers over all of them; both pooled over programs (sums of counts,
--    not means of rates); gap = completion rate - WAU@90; target
--    var('wau_target'). is_wau_90_fully_observed: day 90 of the cycle's
--    last day was observed, so every completer of the cycle was measured.
-- Q2 (mart_platform_portfolio, every program): the cycle's cost over all
--    platforms / completions, / adopters, and the share of the cost spent
--    on contracts with an outcome-data clause.
-- Q3 (mart_manager_activation, cycle x activated_before_team, pooled over
--    every team): share of the cycle's managers activated before their
--    team (completed a reinforcement module before the first report's
--    training), and the pooled WAU@90 of the activated managers' teams and
--    of the others' (null where that mart suppresses the group).
-- Q4 (mart_shadow_ai, organization x week): share of employed person-weeks
--    with shadow AI use, and of trained person-weeks, over the fully
--    observed weeks starting in the cycle; suppressed organization-weeks
--    (and, for the trained rate, those whose trained split is suppressed)
--    are left out.
-- Q5 (mart_content_freshness): programs stale (content older than 91 days)
--    and programs older than their tools' latest release. Only the current
--    content is known (no history of updates), so these are on the cycle of
--    the as-of day (the last observed day) and null on earlier cycles.
-- Q6 (mart_training_effect, regular programs): the per-program effects of
--    the cycle pooled with treated-count weights, w_g = n_g / sum n: the
--    average effect on the trained people of the cycle, the estimand of
--    the per-program rows and of truth.json's realised_did (inverse-variance
--    weights would favour programs with many controls and change what is
--    estimated). std_error = sqrt(sum w_g^2 se_g^2), treating programs as
--    independent; 95 % interval and two-sided normal p-value as in
--    mart_training_effect. Only programs with a standard error (two or more
--    units per group) are pooled.
{%- set z_975 = 1.959964 %}
with

program_adoption as (
    select * from {{ ref('mart_program_adoption') }}
),

programs as (
    select * from {{ ref('dim_programs') }}
),

portfolio as (
    select * from {{ ref('mart_platform_portfolio') }}
),

manager_activation as (
    select * from {{ ref('mart_manager_activation') }}
),

shadow_ai as (
    select * from {{ ref('mart_shadow_ai') }}
),

freshness as (
    select * from {{ ref('mart_content_freshness') }}
),

training_effect as (
    select * from {{ ref('mart_training_effect') }}
),

observation_window as (
    select * from {{ ref('int_observation_window') }}
),

cycles as (
    select cycle_start_date from portfolio
    union
    select cycle_start_date from program_adoption
    union
    select cycle_start_date from training_effect
),

adoption as (
    select
        program_adoption.cycle_start_date,
        sum(
            case
                when programs.has_enrollment_data
                    then program_adoption.enrolled_count
                else 0
            end
        ) as enrolled_count,
        sum(
            case
                when programs.has_enrollment_data
                    then program_adoption.completer_count
                else 0
            end
        ) as completer_count,
        sum(program_adoption.wau_90_eligible_count) as wau_90_eligible_count,
        sum(program_adoption.wau_90_active_count) as wau_90_active_count
    from program_adoption
    inner join programs
        on program_adoption.program_id = programs.program_id
    where not programs.is_manager_reinforcement
    group by program_adoption.cycle_start_date
),

spend as (
    select
        cycle_start_date,
        sum(cycle_cost_usd) as cycle_cost_usd,
        sum(
            case
                when has_outcome_data_clause then cycle_cost_usd else 0
            end
        ) as outcome_data_cost_usd,
        sum(completion_count) as completion_count,
        sum(adopter_count) as adopter_count
    from portfolio
    group by cycle_start_date
),

managers as (
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
),

shadow as (
    select
        cast({{ dbt.date_trunc('quarter', 'week_start_date') }} as date)
            as cycle_start_date,
        sum(case when not is_suppressed then employed_people else 0 end)
            as employed_person_weeks,
        sum(case when not is_suppressed then shadow_ai_people else 0 end)
            as shadow_ai_person_weeks,
        sum(
            case
                when not is_training_split_suppressed then trained_people
                else 0
            end
        ) as trained_person_weeks,
        sum(
            case
                when not is_training_split_suppressed
                    then trained_shadow_ai_people
                else 0
            end
        ) as trained_shadow_ai_person_weeks
    from shadow_ai
    where is_fully_observed
    group by cast({{ dbt.date_trunc('quarter', 'week_start_date') }} as date)
),

content as (
    select
        cast({{ dbt.date_trunc('quarter', 'as_of_date') }} as date)
            as cycle_start_date,
        sum(case when is_stale then 1 else 0 end) as stale_program_count,
        sum(case when is_older_than_tool_release then 1 else 0 end)
            as older_than_tool_release_program_count,
        count(*) as program_count
    from freshness
    group by cast({{ dbt.date_trunc('quarter', 'as_of_date') }} as date)
),

effect_groups as (
    select
        training_effect.cycle_start_date,
        training_effect.effect,
        training_effect.std_error,
        training_effect.treated_count,
        sum(training_effect.treated_count) over (
            partition by training_effect.cycle_start_date
        ) as cycle_treated_count
    from training_effect
    inner join programs
        on training_effect.program_id = programs.program_id
    where
        not programs.is_manager_reinforcement
        and training_effect.std_error is not null
),

weighted_effects as (
    select
        *,
        cast(treated_count as {{ type_double() }})
        / cycle_treated_count as treatment_weight
    from effect_groups
),

pooled_effect as (
    select
        cycle_start_date,
        sum(effect * treatment_weight) as effect,
        sqrt(
            sum(treatment_weight * treatment_weight * std_error * std_error)
        ) as std_error,
        count(*) as program_count,
        max(cycle_treated_count) as treated_count
    from weighted_effects
    group by cycle_start_date
),

pooled_tested as (
    select
        *,
        effect / nullif(std_error, 0) as z_statistic
    from pooled_effect
),

pooled_p_valued as (
    select
        *,
        {{ two_sided_p_value('z_statistic') }} as p_value
    from pooled_tested
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
        pooled_p_valued.effect,
        pooled_p_valued.std_error,
        pooled_p_valued.z_statistic,
        pooled_p_valued.p_value,
        pooled_p_valued.program_count as effect_program_count,
        pooled_p_valued.treated_count as effect_treated_count
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
    left join pooled_p_valued
        on cycles.cycle_start_date = pooled_p_valued.cycle_start_date
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
        cast(effect as {{ type_double() }}) as training_effect,
        cast(std_error as {{ type_double() }}) as training_effect_std_error,
        cast(
            effect - {{ z_975 }} * std_error as {{ type_double() }}
        ) as training_effect_ci_low,
        cast(
            effect + {{ z_975 }} * std_error as {{ type_double() }}
        ) as training_effect_ci_high,
        cast(p_value as {{ type_double() }}) as training_effect_p_value,
        coalesce(p_value < 0.05, false) as is_training_effect_significant,
        cast(effect_program_count as {{ dbt.type_bigint() }})
            as training_effect_program_count,
        cast(effect_treated_count as {{ dbt.type_bigint() }})
            as training_effect_treated_count
    from rated
)

select * from final
