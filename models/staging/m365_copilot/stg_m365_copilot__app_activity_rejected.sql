{{ config(
    post_hook="{{ check_reject_rate(
        'm365_copilot', ref('base_m365_copilot__usage_user_detail')
    ) }}"
) }}

with

parsed as (
    select * from {{ ref('base_m365_copilot__usage_user_detail') }}
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
