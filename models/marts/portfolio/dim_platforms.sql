-- One row per learning platform of the platform_contracts seed: the
-- contract's term, annual cost and seats, whether it includes outcome data,
-- and whether the platform exports enrollments (not just completions).
with

platform_contracts as (
    select * from {{ ref('platform_contracts') }}
),

programs as (
    select * from {{ ref('dim_programs') }}
),

program_counts as (
    select
        platform,
        count(*) as program_count
    from programs
    group by platform
),

final as (
    select
        platform_contracts.platform,
        platform_contracts.platform_name,
        platform_contracts.vendor,
        platform_contracts.contract_start_date,
        platform_contracts.contract_end_date,
        cast(platform_contracts.annual_cost_usd as {{ type_double() }})
            as annual_cost_usd,
        cast(platform_contracts.seats as {{ dbt.type_bigint() }}) as seats,
        platform_contracts.has_outcome_data_clause,
        platform_contracts.outcome_data_terms,
        platform_contracts.exports_enrollments,
        cast(
            coalesce(program_counts.program_count, 0)
            as {{ dbt.type_bigint() }}
        ) as program_count
    from platform_contracts
    left join program_counts
        on platform_contracts.platform = program_counts.platform
)

select * from final
