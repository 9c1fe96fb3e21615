{{ config(
    post_hook="{{ check_reject_rate('okta', ref('base_okta__system_log_events')) }}"
) }}

with

parsed as (
    select * from {{ ref('base_okta__system_log_events') }}
),

final as (
    select
        _source_file,
        _source_line,
        raw_line as _raw_text,
        _reject_reason
    from parsed
    where _row_status = 'rejected'
)

select * from final
