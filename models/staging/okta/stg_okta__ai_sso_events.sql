with

parsed as (
    select * from {{ ref('base_okta__system_log_events') }}
),

final as (
    select
        event_id,
        published_at,
        actor_id,
        actor_alternate_id,
        actor_alternate_id_normalized,
        actor_display_name,
        app_id,
        app_alternate_id,
        app_display_name,
        tool_id,
        client_ip,
        has_conflicting_duplicate,
        _source_file,
        _source_line
    from parsed
    where _row_status = 'staged'
)

select * from final
