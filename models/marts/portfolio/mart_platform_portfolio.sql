-- Question 2. Learning platform x cycle (calendar quarter): seats, the
-- cycle's cost, completions, people adopting at 90 days, cost per completion
-- against cost per adopter, and whether the contract includes outcome data.
--
-- Cost (int_platform_cycles_costed): annual_cost_usd / 4, prorated to the
-- share of the quarter's days inside the contract term.
-- Completions: first completions of a program (fct_completions, counted once
-- across platforms) whose earliest completion was on the platform
-- (completion_platform), by the quarter of the completion day.
-- Adopters: of those completers, the ones whose day 90 was observed and who
-- were employed that day (wau_90_eligible_count) and were active on a target
-- tool of the program in days 84..90 (WAU@90, int_completer_windows_measured).
-- Completers whose day 90 lies after the last observed day cannot adopt
-- yet: is_day_90_fully_observed says whether every completer of the cycle
-- could be measured, and cost_per_adopter_usd is only comparable across
-- cycles where it is true.
with

platform_cycles as (
    select * from {{ ref('int_platform_cycles_costed') }}
),

platforms as (
    select * from {{ ref('dim_platforms') }}
),

completions as (
    select * from {{ ref('fct_completions') }}
),

windows as (
    select * from {{ ref('int_completer_windows_measured') }}
),

observation_window as (
    select * from {{ ref('int_observed_days_bounded') }}
),

windows_keyed as (
    select
        {{ person_key('employee_id') }} as person_key,
        program_id,
        coalesce(is_day_90_observed and is_employed_day_90, false)
            as is_eligible_90,
        is_weekly_active_90
    from windows
),

measured_completions as (
    select
        completions.completion_platform as platform,
        completions.cycle_start_date,
        coalesce(windows_keyed.is_eligible_90, false) as is_eligible_90,
        coalesce(
            windows_keyed.is_eligible_90
            and windows_keyed.is_weekly_active_90,
            false
        ) as is_adopter
    from completions
    left join windows_keyed
        on
            completions.person_key = windows_keyed.person_key
            and completions.program_id = windows_keyed.program_id
),

platform_completions as (
    select
        platform,
        cycle_start_date,
        count(*) as completion_count,
        sum(case when is_eligible_90 then 1 else 0 end)
            as wau_90_eligible_count,
        sum(case when is_adopter then 1 else 0 end) as adopter_count
    from measured_completions
    group by platform, cycle_start_date
),

joined as (
    select
        platform_cycles.platform,
        platform_cycles.cycle_start_date,
        platform_cycles.cycle_end_date,
        platforms.platform_name,
        platforms.vendor,
        platforms.has_outcome_data_clause,
        platforms.outcome_data_terms,
        platforms.contract_start_date,
        platforms.contract_end_date,
        platform_cycles.is_under_contract,
        platform_cycles.cycle_day_count,
        platform_cycles.contract_day_count,
        platform_cycles.seats,
        platform_cycles.annual_cost_usd,
        platform_cycles.cycle_cost_usd,
        coalesce(platform_completions.completion_count, 0)
            as completion_count,
        coalesce(platform_completions.wau_90_eligible_count, 0)
            as wau_90_eligible_count,
        coalesce(platform_completions.adopter_count, 0) as adopter_count,
        platform_cycles.cycle_start_date
        >= observation_window.first_observed_date
        and platform_cycles.cycle_end_date
        <= observation_window.last_observed_date as is_cycle_fully_observed,
        {{ dbt.dateadd('day', 90, 'platform_cycles.cycle_end_date') }}
        <= observation_window.last_observed_date as is_day_90_fully_observed
    from platform_cycles
    cross join observation_window
    inner join platforms
        on platform_cycles.platform = platforms.platform
    left join platform_completions
        on
            platform_cycles.platform = platform_completions.platform
            and platform_cycles.cycle_start_date
            = platform_completions.cycle_start_date
),

final as (
    select
        platform,
        cycle_start_date,
        cycle_end_date,
        platform_name,
        vendor,
        has_outcome_data_clause,
        outcome_data_terms,
        contract_start_date,
        contract_end_date,
        is_under_contract,
        cycle_day_count,
        contract_day_count,
        seats,
        annual_cost_usd,
        cast(cycle_cost_usd as {{ type_double() }}) as cycle_cost_usd,
        cast(completion_count as {{ dbt.type_bigint() }})
            as completion_count,
        cast(wau_90_eligible_count as {{ dbt.type_bigint() }})
            as wau_90_eligible_count,
        cast(adopter_count as {{ dbt.type_bigint() }}) as adopter_count,
        cast(adopter_count as {{ type_double() }})
        / nullif(wau_90_eligible_count, 0) as wau_90_rate,
        cycle_cost_usd / nullif(completion_count, 0)
            as cost_per_completion_usd,
        cycle_cost_usd / nullif(adopter_count, 0) as cost_per_adopter_usd,
        is_cycle_fully_observed,
        is_day_90_fully_observed
    from joined
)

select * from final
