-- Every request read from the gateway logs, parsed, validated and given a
-- _row_status; stg_proxy__ai_requests and its _rejected companion split it.
-- The `prompt` field is never selected: raw_line is the line without it,
-- and no column is read from a position that could hold it. Incremental on
-- DuckDB (macros/raw/incremental_raw_files.sql); a request's status depends on
-- its own line only.
{{ config(
    materialized=event_materialization(),
    incremental_strategy='raw_file_replace',
    on_schema_change='fail'
) }}

with

raw_lines as (
    -- no window below: the lines stream (macros/raw/read_raw_lines.sql)
    select *
    from {{ read_raw_lines(
        source('proxy', 'web_requests'), materialized=false
    ) }}
),

raw_header_lines as (
    select *
    from {{ read_raw_header_lines(
        source('proxy', 'web_requests')
    ) }}
),

ai_hosts as (
    select
        *,
        -- its last two labels: the join key below (every suffix has two)
        regexp_extract(host_suffix, '[^.]*[.][^.]*$', 0) as host_suffix_tail
    from {{ ref('ai_hosts') }}
),

{{ parse_redacted_tsv_lines(
    'raw_lines',
    redacted_column='prompt',
    columns=[
        'datetime', 'login', 'dept', 'cip', 'host', 'urlcat', 'action',
        'respcode', 'reqsize', 'respsize',
    ],
    header_lines='raw_header_lines',
) }},

typed as (
    select
        _source_file,
        _source_line,
        _source_file_size,
        _source_file_modified_epoch,
        redacted_line,
        is_wellformed,
        datetime_field as requested_at_text,
        {{ gateway_timestamp_utc('datetime_field') }} as requested_at,
        login_field as gateway_login,
        dept_field as department,
        cip_field as client_ip,
        lower(host_field) as request_host,
        urlcat_field as url_category,
        action_field as gateway_action,
        respcode_field as response_code_text,
        reqsize_field as request_bytes_text,
        respsize_field as response_bytes_text,
        try_cast(respcode_field as integer) as response_code,
        try_cast(reqsize_field as bigint) as request_bytes,
        try_cast(respsize_field as bigint) as response_bytes
    from parsed_lines
),

validated as (
    select
        *,
        case
            when not is_wellformed then 'malformed_csv'
            when
                requested_at_text is null
                or gateway_login is null
                or request_host is null
                or gateway_action is null
                then 'missing_required_field'
            when requested_at is null then 'invalid_timestamp'
            when
                response_code is null and response_code_text is not null
                or request_bytes is null and request_bytes_text is not null
                or response_bytes is null and response_bytes_text is not null
                then 'invalid_number'
        end as _reject_reason
    from typed
),

scoped as (
    select
        validated._source_file,
        validated._source_line,
        validated._source_file_size,
        validated._source_file_modified_epoch,
        validated.redacted_line as raw_line,
        validated.requested_at,
        validated.gateway_login,
        validated.department,
        validated.client_ip,
        validated.request_host,
        ai_hosts.host_suffix,
        ai_hosts.tool_id,
        ai_hosts.is_consumer,
        ai_hosts.is_ambiguous,
        validated.url_category,
        validated.gateway_action,
        validated.response_code,
        validated.request_bytes,
        validated.response_bytes,
        validated._reject_reason,
        lower(validated.gateway_login) as login_normalized,
        case
            when contains(validated.gateway_login, chr(92)) then 'domain_user'
            when contains(validated.gateway_login, '@') then 'email'
            else 'other'
        end as login_type,
        coalesce(
            ai_hosts.host_suffix is not null
            and lower(validated.gateway_action) = 'allowed',
            false
        ) as is_ai_request
    from validated
    -- A host matches a suffix when it is the suffix or ends with '.' and
    -- the suffix: x.chatgpt.com matches chatgpt.com, notchatgpt.com does not.
    -- Both then end in the same two labels: an equality a hash join can use
    -- (the suffix test alone made a nested loop over every request).
    left join ai_hosts
        on
            regexp_extract(validated.request_host, '[^.]*[.][^.]*$', 0)
            = ai_hosts.host_suffix_tail
            and right(
                '.' || validated.request_host,
                length(ai_hosts.host_suffix) + 1
            ) = '.' || ai_hosts.host_suffix
),

-- Most requests go elsewhere than AI: an out-of-scope request keeps where
-- it went and what the gateway did, not its line nor who made it
-- (macros/staging/null_out_of_scope.sql). Columns stay in the table's order,
-- hence three calls.
{%- set in_scope = '_reject_reason is not null or is_ai_request' %}
all_records as (
    select
        _source_file,
        _source_line,
        _source_file_size,
        _source_file_modified_epoch,
        {{ null_out_of_scope(in_scope, ['raw_line']) }},
        requested_at,
        {{ null_out_of_scope(
            in_scope, ['gateway_login', 'department', 'client_ip']
        ) }},
        request_host,
        host_suffix,
        tool_id,
        is_consumer,
        is_ambiguous,
        url_category,
        gateway_action,
        response_code,
        request_bytes,
        response_bytes,
        _reject_reason,
        {{ null_out_of_scope(in_scope, ['login_normalized', 'login_type']) }},
        is_ai_request,
        case
            when _reject_reason is not null then 'rejected'
            when not is_ai_request then 'out_of_scope'
            else 'staged'
        end as _row_status
    from scoped
),

{{ rows_pending_erasure('all_records', source('proxy', 'web_requests')) }},

{{ erase_requested_records('all_records_and_pending_erasure') }},

final as (
    select * from with_erasure
)

select * from final
