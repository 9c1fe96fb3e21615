-- Program x weeks since completion (0..26): the share of completers active
-- on a target tool that week (days 7k..7k+6 after completion), among those
-- whose week was fully observed and who were employed, with the program's
-- baseline before enrollment for reference. The decay curve of adoption.
with

completer_weeks as (
    select * from {{ ref('int_completer_weeks_measured') }}
),

baselines as (
    select * from {{ ref('int_enrollee_baselines_measured') }}
),

program_baselines as (
    select
        program_id,
        avg(
            case
                when is_baseline_observed then baseline_weekly_active_rate
            end
        ) as baseline_wau_rate
    from baselines
    group by program_id
),

weekly as (
    select
        program_id,
        weeks_since_completion,
        sum(
            case when is_week_observed and is_employed then 1 else 0 end
        ) as eligible_count,
        sum(
            case
                when is_week_observed and is_employed and is_active then 1
                else 0
            end
        ) as active_count
    from completer_weeks
    group by program_id, weeks_since_completion
),

final as (
    select
        weekly.program_id,
        weekly.weeks_since_completion,
        cast(weekly.eligible_count as {{ dbt.type_bigint() }})
            as eligible_count,
        cast(weekly.active_count as {{ dbt.type_bigint() }}) as active_count,
        cast(weekly.active_count as {{ type_double() }})
        / nullif(weekly.eligible_count, 0) as active_rate,
        program_baselines.baseline_wau_rate
    from weekly
    left join program_baselines
        on weekly.program_id = program_baselines.program_id
)

select * from final
