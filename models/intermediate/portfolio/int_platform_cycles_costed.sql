-- One row per learning platform x cycle (calendar quarter): the days of the
-- cycle its contract covers and what the cycle costs. Cycles run from the
-- quarter of the first completion or of the first observed day, whichever
-- is earlier, to the quarter of the last completion or of the last observed
-- day, whichever is later; a platform gets a row for every cycle, covered by
-- its contract or not.
--
-- Cost of a cycle = annual_cost_usd / 4 x (contract days in the cycle /
-- days in the cycle). Every quarter is a quarter of the annual fee whatever
-- its length (90..92 days), so four covered quarters cost the annual fee
-- exactly, and a contract that starts or ends inside a quarter pays for the
-- share of that quarter's days it covers (contract_end_date inclusive).
{%- set max_cycles = 40 %}
with

platform_contracts as (
    select * from {{ ref('platform_contracts') }}
),

enrollments as (
    select * from {{ ref('int_program_enrollments_collapsed') }}
),

observation_window as (
    select * from {{ ref('int_observed_days_bounded') }}
),

completion_bounds as (
    select
        min(completed_date) as first_completed_date,
        max(completed_date) as last_completed_date
    from enrollments
    where is_completed
),

cycle_bounds as (
    select
        cast({{ dbt.date_trunc(
            'quarter',
            'least(coalesce(completion_bounds.first_completed_date, '
            ~ 'observation_window.first_observed_date), '
            ~ 'observation_window.first_observed_date)'
        ) }} as date) as first_cycle_start_date,
        cast({{ dbt.date_trunc(
            'quarter',
            'greatest(coalesce(completion_bounds.last_completed_date, '
            ~ 'observation_window.last_observed_date), '
            ~ 'observation_window.last_observed_date)'
        ) }} as date) as last_cycle_start_date
    from observation_window
    cross join completion_bounds
),

cycle_numbers as (
    {%- for k in range(max_cycles) %}
        select {{ k }} as cycle_number
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

cycle_starts as (
    select
        cast({{ dbt.dateadd(
            'month',
            '3 * cycle_numbers.cycle_number',
            'cycle_bounds.first_cycle_start_date'
        ) }} as date) as cycle_start_date,
        cycle_bounds.last_cycle_start_date
    from cycle_bounds
    cross join cycle_numbers
),

cycles as (
    select
        cycle_start_date,
        cast({{ dbt.dateadd(
            'day',
            -1,
            dbt.dateadd('month', 3, 'cycle_start_date')
        ) }} as date) as cycle_end_date
    from cycle_starts
    where cycle_start_date <= last_cycle_start_date
),

contract_cycles as (
    select
        platform_contracts.platform,
        cycles.cycle_start_date,
        cycles.cycle_end_date,
        platform_contracts.contract_start_date,
        platform_contracts.contract_end_date,
        platform_contracts.annual_cost_usd,
        platform_contracts.seats,
        greatest(
            cycles.cycle_start_date, platform_contracts.contract_start_date
        ) as covered_start_date,
        least(
            cycles.cycle_end_date, platform_contracts.contract_end_date
        ) as covered_end_date
    from platform_contracts
    cross join cycles
),

counted as (
    select
        *,
        {{ dbt.datediff('cycle_start_date', 'cycle_end_date', 'day') }}
        + 1 as cycle_day_count,
        case
            when covered_end_date >= covered_start_date
                then {{ dbt.datediff(
                    'covered_start_date', 'covered_end_date', 'day'
                ) }} + 1
            else 0
        end as contract_day_count
    from contract_cycles
),

final as (
    select
        platform,
        cycle_start_date,
        cycle_end_date,
        cast(cycle_day_count as {{ dbt.type_int() }}) as cycle_day_count,
        cast(contract_day_count as {{ dbt.type_int() }})
            as contract_day_count,
        contract_day_count > 0 as is_under_contract,
        case
            when contract_day_count > 0
                then cast(seats as {{ dbt.type_bigint() }})
        end as seats,
        cast(annual_cost_usd as {{ type_double() }}) as annual_cost_usd,
        cast(annual_cost_usd as {{ type_double() }}) / 4
        * contract_day_count / cycle_day_count as cycle_cost_usd
    from counted
)

select * from final
