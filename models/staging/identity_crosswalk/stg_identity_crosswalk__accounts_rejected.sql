{{ config(
    post_hook="{{ check_reject_rate('identity_crosswalk', ref('base_identity_crosswalk__accounts')) }}"
) }}

with

parsed as (
    select * from {{ ref('base_identity_crosswalk__accounts') }}
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
