-- Every request read from the gateway logs, parsed, validated and given a
-- _row_status (base_proxy__web_requests__parsed, kept by dbt's microbatch);
-- stg_proxy__ai_requests and its _rejected companion split it. A request's
-- status depends on its own line, so all this table adds is erasure, which
-- also reaches back into __parsed (post-hook): rebuilt whole on every build
-- so that a request of an old file is erased on the next build.
{{ config(
    post_hook="{{ erase_loaded_rows(
        ref('base_proxy__web_requests__parsed'),
        ['_source_file', '_source_line', 'file_date', '_source_file_size',
            '_source_file_modified_epoch']
    ) }}",
) }}

with

-- Line -1 is __parsed's record of the file itself, not a request.
parsed as (
    select * from {{ ref('base_proxy__web_requests__parsed') }}
    where _source_line >= 0
),

-- is_wellformed is null only where erase_loaded_rows nulled the record
-- (raw_line is null for every out-of-scope request, so it cannot tell).
{{ erase_requested_records(
    'parsed', erased_condition='parsed.is_wellformed is null'
) }},

final as (
    select
        _source_file,
        _source_line,
        _source_file_size,
        _source_file_modified_epoch,
        raw_line,
        requested_at,
        gateway_login,
        department,
        client_ip,
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
        login_normalized,
        login_type,
        is_ai_request,
        _row_status
    from with_erasure
)

select * from final
