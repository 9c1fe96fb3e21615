-- Every request read from the gateway logs, parsed, validated and given a
-- _row_status; base_proxy__web_requests adds erasure. The `prompt` field
-- is never selected: raw_line is the line without it, and no column is read
-- from a position that could hold it. A status depends on the line alone,
-- so it is loaded with dbt's microbatch on the file's date, a month a batch,
-- each reading only its own files; line -1 is the file's own row (an empty
-- file still counts as loaded: test raw_files_loaded). Hosts are matched
-- here: an out-of-scope request is stored without its line or login, so
-- scope is known before anything is stored (a changed ai_hosts seed needs a
-- full refresh: test proxy_host_matches_seed names the hosts it moves).
{{ config(**raw_files_microbatch('proxy', 'web_requests')) }}

{%- set requests = source('proxy', 'web_requests') %}
{%- set files = raw_files_in_batch(requests) %}
{%- set fields = [
    'datetime', 'login', 'dept', 'cip', 'host', 'urlcat', 'action',
    'respcode', 'reqsize', 'respsize',
] %}

with

raw_lines as (
    -- no window below: the lines stream (macros/raw/read_raw_lines.sql)
    select *
    from {{ read_raw_lines(requests, materialized=false, files=files) }}
),

raw_header_lines as (
    select * from {{ read_raw_header_lines(requests, files=files) }}
),

ai_hosts as (
    select * from {{ ref('ai_hosts') }}
),

{{ parse_redacted_tsv_lines(
    'raw_lines',
    redacted_column='prompt',
    columns=fields,
    header_lines='raw_header_lines',
) }},

files_read as (
    select * from {{ raw_file_records(files) }}
),

-- The union takes its column types from parsed_lines, the first branch.
lines_and_files as (
    select * from parsed_lines
    union all
    select
        _source_file,
        -1 as _source_line,
        _source_file_size,
        _source_file_modified_epoch,
        false as is_wellformed,
        raw_line as redacted_line,
        {% for field in fields[:-1] %}
            null as {{ field }}_field,
        {% endfor %}
        null as {{ fields[-1] }}_field
    from files_read
),

typed as (
    select
        _source_file,
        _source_line,
        _source_file_size,
        _source_file_modified_epoch,
        redacted_line as raw_line,
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
    from lines_and_files
),

validated as (
    select
        *,
        case
            when _source_line = -1 then null
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

-- Each request's AI tool by the ai_hosts seed of this build (macro
-- ai_host_matches; the test proxy_host_matches_seed names a host the seed
-- has since moved).
{{ ai_host_matches('validated', 'ai_hosts') }},

scoped as (
    select
        *,
        lower(gateway_login) as login_normalized,
        case
            when contains(gateway_login, chr(92)) then 'domain_user'
            when contains(gateway_login, '@') then 'email'
            else 'other'
        end as login_type,
        coalesce(
            host_suffix is not null and lower(gateway_action) = 'allowed',
            false
        ) as is_ai_request
    from host_matches
),

-- Most requests go elsewhere than AI: an out-of-scope request keeps where
-- it went and what the gateway did, not its line nor who made it
-- (macros/staging/null_out_of_scope.sql).
{%- set in_scope = '_reject_reason is not null or is_ai_request' %}
final as (
    select
        _source_file,
        _source_line,
        -- never null but where erase_loaded_rows nulled an erased record
        coalesce(is_wellformed, false) as is_wellformed,
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
            when _source_line = -1 then null
            when _reject_reason is not null then 'rejected'
            when not is_ai_request then 'out_of_scope'
            else 'staged'
        end as _row_status,
        {{ raw_file_date('_source_file') }} as file_date
    from scoped
)

select * from final
