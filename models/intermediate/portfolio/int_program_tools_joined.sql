-- One row per program x target tool (program_tools seed) with the tool's
-- attributes from the ai_tools seed: whether it is sanctioned and the day of
-- its latest significant release (content freshness).
with

program_tools as (
    select * from {{ ref('program_tools') }}
),

ai_tools as (
    select * from {{ ref('ai_tools') }}
),

final as (
    select
        program_tools.program_id,
        program_tools.tool_id,
        ai_tools.tool_name,
        ai_tools.is_sanctioned,
        ai_tools.latest_release_date
    from program_tools
    left join ai_tools
        on program_tools.tool_id = ai_tools.tool_id
)

select * from final
