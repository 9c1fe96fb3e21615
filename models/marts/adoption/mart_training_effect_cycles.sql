-- Question 6 per cycle: the per-program effects of mart_training_effect
-- (regular programs, those with a standard error) pooled with treated-count
-- weights w_g = n_g / sum n, the average effect on the trained people of
-- the cycle: the estimand of the per-program rows and of truth.json's
-- realised_did (inverse-variance weights would favour programs with many
-- controls and change what is estimated). std_error = sqrt(sum w_g^2
-- se_g^2), treating programs as independent; 95 % interval and two-sided
-- normal p-value as in mart_training_effect (normal_test_columns).
with

training_effect as (
    select * from {{ ref('mart_training_effect') }}
),

programs as (
    select * from {{ ref('dim_programs') }}
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

final as (
    select
        cycle_start_date,
        {{ normal_test_columns('effect', 'std_error') }},
        cast(program_count as {{ dbt.type_bigint() }}) as program_count,
        cast(treated_count as {{ dbt.type_bigint() }}) as treated_count
    from pooled_effect
)

select * from final
