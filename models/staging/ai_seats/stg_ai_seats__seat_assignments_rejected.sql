{{ config(
    post_hook="{{ check_reject_rate(
        'ai_seats', ref('base_ai_seats__seat_assignments')
    ) }}"
) }}

with

parsed as (
    select * from {{ ref('base_ai_seats__seat_assignments') }}
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
