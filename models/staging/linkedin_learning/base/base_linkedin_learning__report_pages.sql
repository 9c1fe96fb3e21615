-- The LinkedIn Learning report files put back together: a file is one API
-- response page. is_wellformed: a JSON document with an `elements` array;
-- a file that is not is one rejected record (base_linkedin_learning
-- __course_activity, line 0).
{{ config(materialized='ephemeral') }}

with

raw_lines as (
    select * from {{
        read_raw_lines(source('linkedin_learning', 'activity_reports'))
    }}
),

pages as (
    select
        _source_file,
        {{ string_agg_ordered('raw_line', 'chr(10)', '_source_line') }}
            as page_text
    from raw_lines
    group by _source_file
),

checked_pages as (
    select
        _source_file,
        page_text,
        case
            when {{ json_is_valid('page_text') }}
                then coalesce(
                    {{ json_fragment('page_text', '$.elements') }} like '[%',
                    false
                )
            else false
        end as is_wellformed
    from pages
),

final as (
    select * from checked_pages
)

select * from final
