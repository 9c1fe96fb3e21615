-- Program x cycle (calendar quarter of completion): is weekly active use of
-- the program's target tools different for completers than for
-- not-yet-trained peers of the same organization and level? A
-- difference-in-differences aligned on calendar weeks (DESIGN.md, "Trained vs
-- untrained"), from the units in int_training_effect_units_measured:
--
--   d_i      = post_weekly_active_rate - pre_weekly_active_rate of unit i
--              (weeks 1..12 after vs weeks -4..-1 before the anchor week)
--   effect   = mean(d | treated) - mean(d | control)
--   std_error = sqrt(var_t / n_t + var_c / n_c)   (Welch; var = var_samp)
--   z, 95 % CI (effect -/+ 1.959964 std_error), two-sided normal p-value:
--            macro normal_test_columns
--
-- The same numbers as OLS of d on a treated dummy with HC2 standard errors.
-- Controls are treated as independent units although one person can be a
-- control of several anchor weeks of a cycle; the control half of the
-- variance is the small one (clustering by person changed std_error by under
-- 2 % on a one-year sample). Statistics are null when a group has fewer than
-- two units; is_significant is false then.
--
-- The same estimator on depth (active_days_*): d_i = the change in days of
-- use of a target tool per week (int_training_effect_units_measured), same
-- units, controls, std_error, interval and p-value.
with

units as (
    select * from {{ ref('int_training_effect_units_measured') }}
),

group_stats as (
    select
        program_id,
        cycle_start_date,
        count(case when is_treated then 1 end) as treated_count,
        count(case when not is_treated then 1 end) as control_count,
        avg(case when is_treated then pre_weekly_active_rate end)
            as treated_pre_rate,
        avg(case when is_treated then post_weekly_active_rate end)
            as treated_post_rate,
        avg(case when is_treated then weekly_active_rate_change end)
            as treated_change,
        var_samp(case when is_treated then weekly_active_rate_change end)
            as treated_change_variance,
        avg(case when not is_treated then pre_weekly_active_rate end)
            as control_pre_rate,
        avg(case when not is_treated then post_weekly_active_rate end)
            as control_post_rate,
        avg(case when not is_treated then weekly_active_rate_change end)
            as control_change,
        var_samp(case when not is_treated then weekly_active_rate_change end)
            as control_change_variance,
        avg(case when is_treated then pre_active_days_per_week end)
            as treated_pre_days,
        avg(case when is_treated then post_active_days_per_week end)
            as treated_post_days,
        avg(case when is_treated then active_days_per_week_change end)
            as treated_days_change,
        var_samp(case when is_treated then active_days_per_week_change end)
            as treated_days_change_variance,
        avg(case when not is_treated then pre_active_days_per_week end)
            as control_pre_days,
        avg(case when not is_treated then post_active_days_per_week end)
            as control_post_days,
        avg(case when not is_treated then active_days_per_week_change end)
            as control_days_change,
        var_samp(
            case when not is_treated then active_days_per_week_change end
        ) as control_days_change_variance
    from units
    group by program_id, cycle_start_date
),

estimated as (
    select
        *,
        treated_change - control_change as effect,
        sqrt(
            treated_change_variance / treated_count
            + control_change_variance / control_count
        ) as std_error,
        treated_days_change - control_days_change as days_effect,
        sqrt(
            treated_days_change_variance / treated_count
            + control_days_change_variance / control_count
        ) as days_std_error
    from group_stats
),

final as (
    select
        program_id,
        cycle_start_date,
        {{ normal_test_columns('effect', 'std_error') }},
        cast(treated_count as {{ dbt.type_int() }}) as treated_count,
        cast(control_count as {{ dbt.type_int() }}) as control_count,
        cast(treated_pre_rate as {{ type_double() }})
            as treated_pre_weekly_active_rate,
        cast(treated_post_rate as {{ type_double() }})
            as treated_post_weekly_active_rate,
        cast(control_pre_rate as {{ type_double() }})
            as control_pre_weekly_active_rate,
        cast(control_post_rate as {{ type_double() }})
            as control_post_weekly_active_rate,
        {{ normal_test_columns(
            'days_effect', 'days_std_error', 'active_days_',
            'is_active_days_significant'
        ) }},
        cast(treated_pre_days as {{ type_double() }})
            as treated_pre_active_days_per_week,
        cast(treated_post_days as {{ type_double() }})
            as treated_post_active_days_per_week,
        cast(control_pre_days as {{ type_double() }})
            as control_pre_active_days_per_week,
        cast(control_post_days as {{ type_double() }})
            as control_post_active_days_per_week
    from estimated
)

select * from final
