-- Q2 per cycle, every platform: the cycle's cost, the part spent on
-- contracts with an outcome-data clause, completions and adopters.
with

portfolio as (
    select * from {{ ref('mart_platform_portfolio') }}
),

final as (
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
)

select * from final
