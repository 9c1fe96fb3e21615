with

parsed as (
    select * from {{ ref('base_ai_activity__daily_usage') }}
),

final as (
    select
        activity_date,
        tool_name,
        tool_id,
        user_name,
        user_name_normalized,
        interaction_count,
        has_conflicting_duplicate,
        _source_file,
        _source_line
    from parsed
    where _row_status = 'staged'
)

select * from final
