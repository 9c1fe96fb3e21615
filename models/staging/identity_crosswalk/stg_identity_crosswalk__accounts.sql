with

parsed as (
    select * from {{ ref('base_identity_crosswalk__accounts') }}
),

final as (
    select
        system_name,
        account_id,
        employee_id,
        email_normalized,
        _source_file,
        _source_line
    from parsed
    where _row_status = 'staged'
)

select * from final
