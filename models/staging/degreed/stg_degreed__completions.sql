with

parsed as (
    select * from {{ ref('base_degreed__completions') }}
),

final as (
    select
        employee_id,
        course_id,
        completed_date,
        content_type,
        content_provider,
        has_conflicting_duplicate,
        _source_file,
        _source_line
    from parsed
    where _row_status = 'staged'
)

select * from final
