-- Question 2: Which platform contracts include outcome data, and what does
-- each platform cost per completion and per adopted user?
--
-- One row per learning platform, over every cycle of the data
-- (mart_platform_portfolio). Cost = the contract's cost prorated to those
-- cycles; completions = first completions whose earliest completion was on
-- the platform. Adopted user = a completer active on a target tool in days
-- 84..90 after completion. Completers whose day 90 has not been observed
-- yet cannot be counted as adopters, so cost per adopter divides the cost
-- per completion by the adoption rate of the completers that could be
-- measured (cost / expected adopters); counted_adopter_count shows how many
-- were actually seen.
with

portfolio as (
    select * from {{ ref('mart_platform_portfolio') }}
),

platform_totals as (
    select
        platform,
        max(platform_name) as platform_name,
        max(vendor) as vendor,
        max(seats) as seats,
        sum(cycle_cost_usd) as cost_usd,
        sum(completion_count) as completion_count,
        sum(wau_90_eligible_count) as wau_90_eligible_count,
        sum(adopter_count) as counted_adopter_count
    from portfolio
    group by platform
),

contracts as (
    select distinct
        platform,
        has_outcome_data_clause,
        outcome_data_terms
    from portfolio
),

rated as (
    select
        platform_totals.platform,
        platform_totals.platform_name,
        platform_totals.vendor,
        contracts.has_outcome_data_clause,
        contracts.outcome_data_terms,
        platform_totals.seats,
        platform_totals.cost_usd,
        platform_totals.completion_count,
        platform_totals.wau_90_eligible_count,
        platform_totals.counted_adopter_count,
        cast(platform_totals.counted_adopter_count as {{ type_double() }})
        / nullif(platform_totals.wau_90_eligible_count, 0)
            as adoption_rate,
        platform_totals.cost_usd
        / nullif(platform_totals.completion_count, 0)
            as cost_per_completion_usd
    from platform_totals
    inner join contracts
        on platform_totals.platform = contracts.platform
),

final as (
    select
        *,
        cost_per_completion_usd / nullif(adoption_rate, 0)
            as cost_per_adopter_usd
    from rated
)

select * from final
order by cost_per_adopter_usd desc, platform asc
