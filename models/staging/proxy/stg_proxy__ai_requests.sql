with

parsed as (
    select * from {{ ref('base_proxy__web_requests') }}
),

final as (
    select
        requested_at,
        gateway_login,
        login_normalized,
        login_type,
        department,
        request_host,
        host_suffix,
        tool_id,
        is_consumer,
        is_ambiguous,
        url_category,
        response_code,
        _source_file,
        _source_line
    from parsed
    where _row_status = 'staged'
)

select * from final
