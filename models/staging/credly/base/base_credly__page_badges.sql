-- The Credly files (one API response page a file) as records: one per
-- element of a page's data[] array, _source_line its 1-based position
-- (is_wellformed: the element is a JSON object, then badge_json), and one
-- record, line 0, for each file that is not a JSON page with a data[]
-- array (rejected in base_credly__issued_badges).
{{ config(materialized='ephemeral') }}

with

raw_pages as (
    select * from {{ read_raw_pages(source('credly', 'issued_badges')) }}
),

{{ parse_json_page_elements('raw_pages', '$.data') }},

records as (
    select
        _source_file,
        _source_line,
        raw_line,
        is_wellformed,
        case when is_wellformed then raw_line end as badge_json
    from page_elements
),

final as (
    select * from records
)

select * from final
