-- Every record read from the Degreed files, parsed, validated and given a
-- _row_status; stg_degreed__completions and its _rejected companion split it.
with

raw_lines as (
    select * from {{ read_raw_lines(source('degreed', 'completions')) }}
),

{{ parse_delimited_lines('raw_lines') }},

typed as (
    select
        parsed_lines._source_file,
        parsed_lines._source_line,
        parsed_lines.raw_line,
        parsed_lines.is_wellformed,
        {{ csv_field('UserID') }} as employee_id,
        {{ csv_field('CourseID') }} as course_id,
        {{ csv_field('CompletionDate') }} as completion_date_text,
        {{ compact_date(csv_field('CompletionDate')) }} as completed_date,
        {{ csv_field('ContentType') }} as content_type,
        {{ csv_field('Provider') }} as content_provider
    from parsed_lines
),

validated as (
    select
        *,
        case
            when not is_wellformed then 'malformed_csv'
            when
                employee_id is null
                or course_id is null
                or completion_date_text is null
                then 'missing_required_field'
            when completed_date is null then 'invalid_timestamp'
        end as _reject_reason
    from typed
),

{{ record_status(
    relation='validated',
    key=['employee_id', 'course_id', 'completed_date'],
    payload=['content_type', 'content_provider'],
    keep_first_order='_source_file desc, _source_line desc'
) }},

all_records as (
    select * from with_status
),

{{ erase_requested_records('all_records') }},

final as (
    select * from with_erasure
)

select * from final
