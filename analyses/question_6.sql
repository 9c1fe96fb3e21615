-- Question 6: Is AI tool use of trained people different from that of
-- untrained peers, and is the difference statistically significant?
--
-- The difference-in-differences of weekly active use of the target tools
-- (completers against not-yet-trained peers of the same organization and
-- level, 4 weeks before vs weeks 1..12 after the completion week): one row
-- per cycle pooled over the regular programs (scope 'all programs',
-- mart_executive_scorecard, treated-count weights), then one per program
-- and cycle (mart_training_effect). effect is in share points of weeks
-- active; ci_low / ci_high the 95 % interval; p_value two-sided.
with

scorecard as (
    select * from {{ ref('mart_executive_scorecard') }}
),

training_effect as (
    select * from {{ ref('mart_training_effect') }}
),

pooled as (
    select
        cycle_start_date,
        'all programs' as scope,
        training_effect as effect,
        training_effect_std_error as std_error,
        training_effect_ci_low as ci_low,
        training_effect_ci_high as ci_high,
        training_effect_p_value as p_value,
        is_training_effect_significant as is_significant,
        training_effect_treated_count as treated_count
    from scorecard
    where training_effect is not null
),

per_program as (
    select
        cycle_start_date,
        program_id as scope,
        effect,
        std_error,
        ci_low,
        ci_high,
        p_value,
        is_significant,
        cast(treated_count as {{ dbt.type_bigint() }}) as treated_count
    from training_effect
),

final as (
    select * from pooled
    union all
    select * from per_program
)

select * from final
order by cycle_start_date asc, scope = 'all programs' desc, scope asc
