-- Every record read from the AI tool console exports, parsed, validated and
-- given a _row_status; stg_ai_activity__daily_usage and its _rejected
-- companion split it. Incremental on DuckDB (see base_okta__system_log_events).
{{ config(
    materialized=event_materialization(),
    incremental_strategy='raw_file_replace',
    on_schema_change='fail'
) }}

{%- set parsed_columns = [
    '_source_file', '_source_line', '_source_file_size',
    '_source_file_modified_epoch', 'raw_line', 'activity_date', 'tool_name',
    'tool_name_normalized', 'tool_id', 'user_name', 'user_name_normalized',
    'interaction_count', '_reject_reason',
] %}

with

raw_lines as (
    select * from {{ read_raw_lines(source('ai_activity', 'daily_usage')) }}
),

raw_header_lines as (
    select *
    from {{ read_raw_header_lines(
        source('ai_activity', 'daily_usage')
    ) }}
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

{{ parse_delimited_lines('raw_lines', header_lines='raw_header_lines') }},

field_texts as (
    select
        parsed_lines._source_file,
        parsed_lines._source_line,
        parsed_lines._source_file_size,
        parsed_lines._source_file_modified_epoch,
        parsed_lines.raw_line,
        parsed_lines.is_wellformed,
        {{ csv_field('Date') }} as activity_date_text,
        {{ csv_field('Tool') }} as tool_name,
        {{ csv_field('User') }} as user_name,
        {{ csv_field('Interactions') }} as interactions_text
    from parsed_lines
),

typed as (
    select
        field_texts.*,
        {{ iso_date('field_texts.activity_date_text') }} as activity_date,
        lower(field_texts.tool_name) as tool_name_normalized,
        lower(field_texts.user_name) as user_name_normalized,
        -- A whole number: no decimal point (a cast would round 3.5 to 4).
        case
            when not contains(field_texts.interactions_text, '.')
                then try_cast(field_texts.interactions_text as bigint)
        end as interaction_count
    from field_texts
),

validated as (
    select
        typed.*,
        tool_names.tool_id,
        case
            when not typed.is_wellformed then 'malformed_csv'
            when
                typed.activity_date_text is null
                or typed.tool_name is null
                or typed.user_name is null
                or typed.interactions_text is null
                then 'missing_required_field'
            when typed.activity_date is null then 'invalid_timestamp'
            when
                typed.interaction_count is null
                or typed.interaction_count < 0
                then 'invalid_number'
        end as _reject_reason
    from typed
    left join tool_names
        on typed.tool_name_normalized = tool_names.tool_name_normalized
),

{{ rows_to_status(
    relation='validated',
    columns=parsed_columns,
    key=['activity_date', 'tool_name_normalized', 'user_name_normalized'],
    source_relation=source('ai_activity', 'daily_usage'),
) }},

{{ record_status(
    relation='status_input',
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

{{ erase_requested_records('all_records') }},

final as (
    select * from with_erasure
)

select * from final
