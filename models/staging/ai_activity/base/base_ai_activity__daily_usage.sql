-- Every record read from the AI tool console exports (parsed by
-- __daily_usage_lines), validated and given a _row_status;
-- stg_ai_activity__daily_usage and its _rejected companion split it.
-- A table, rebuilt whole on every build from the parsed lines (kept by
-- __daily_usage_lines with dbt's microbatch), because what it decides
-- spans files and seeds: the tool names, a record's status against the
-- other files' (the newest file wins a key), and erasure, which also
-- reaches back into __daily_usage_lines (post-hook).
{{ config(
    post_hook="{{ erase_loaded_rows(
        ref('base_ai_activity__daily_usage_lines'),
        ['_source_file', '_source_line', 'file_date', '_source_file_size',
            '_source_file_modified_epoch']
    ) }}",
) }}

with

-- Line -1 is __daily_usage_lines' record of the file itself, not a line.
parsed_lines as (
    select
        _source_file,
        _source_line,
        _source_file_size,
        _source_file_modified_epoch,
        raw_line,
        is_wellformed,
        activity_date_text,
        tool_name,
        user_name,
        interactions_text,
        activity_date,
        tool_name_normalized,
        user_name_normalized,
        interaction_count
    from {{ ref('base_ai_activity__daily_usage_lines') }}
    where _source_line >= 0
),

ai_tools as (
    select * from {{ ref('ai_tools') }}
),

-- Consoles export the tool's name; a tool_id is accepted too.
tool_names as (
    select
        lower(tool_name) as tool_name_normalized,
        tool_id
    from ai_tools
    union
    select
        lower(tool_id) as tool_name_normalized,
        tool_id
    from ai_tools
),

validated as (
    select
        parsed_lines.*,
        tool_names.tool_id,
        case
            when not parsed_lines.is_wellformed then 'malformed_csv'
            when
                parsed_lines.activity_date_text is null
                or parsed_lines.tool_name is null
                or parsed_lines.user_name is null
                or parsed_lines.interactions_text is null
                then 'missing_required_field'
            when parsed_lines.activity_date is null then 'invalid_timestamp'
            when
                parsed_lines.interaction_count is null
                or parsed_lines.interaction_count < 0
                then 'invalid_number'
        end as _reject_reason
    from parsed_lines
    left join tool_names
        on parsed_lines.tool_name_normalized = tool_names.tool_name_normalized
),

{{ record_status(
    relation='validated',
    key=['activity_date', 'tool_name_normalized', 'user_name_normalized'],
    payload=['interaction_count'],
    keep_first_order='_source_file desc, _source_line desc'
) }},

all_records as (
    select
        _source_file,
        _source_line,
        _source_file_size,
        _source_file_modified_epoch,
        raw_line,
        activity_date,
        tool_name,
        tool_name_normalized,
        tool_id,
        user_name,
        user_name_normalized,
        interaction_count,
        _reject_reason,
        _row_status,
        has_conflicting_duplicate
    from with_status
),

-- raw_line is null only where erase_loaded_rows nulled the record.
{{ erase_requested_records(
    'all_records', erased_condition='all_records.raw_line is null'
) }},

final as (
    select * from with_erasure
)

select * from final
