with

programs as (
    select * from {{ ref('programs') }}
),

program_tools as (
    select * from {{ ref('program_tools') }}
),

platform_contracts as (
    select * from {{ ref('platform_contracts') }}
),

target_tools as (
    select
        program_id,
        {{ string_agg_distinct_sorted('tool_id', ',') }} as target_tool_ids,
        count(*) as target_tool_count
    from program_tools
    group by program_id
),

final as (
    select
        programs.program_id,
        programs.program_name,
        programs.platform,
        programs.credential_name,
        programs.is_assessment_backed,
        programs.is_manager_reinforcement,
        programs.content_updated_date,
        cast(programs.seat_cost_usd as {{ type_double() }}) as seat_cost_usd,
        target_tools.target_tool_ids,
        coalesce(target_tools.target_tool_count, 0) as target_tool_count,
        -- Degreed exports completions only: who was enrolled is unknown.
        coalesce(platform_contracts.exports_enrollments, false)
            as has_enrollment_data
    from programs
    left join target_tools
        on programs.program_id = target_tools.program_id
    left join platform_contracts
        on programs.platform = platform_contracts.platform
)

select * from final
