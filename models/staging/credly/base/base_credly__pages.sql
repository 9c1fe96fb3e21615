-- The Credly files put back together: a file is one API response page.
-- data_json is the page's data[] array when the file is a JSON object with
-- one; a file that is not is one rejected record (base_credly
-- __issued_badges, line 0).
{{ config(materialized='ephemeral') }}

with

raw_lines as (
    select * from {{ read_raw_lines(source('credly', 'issued_badges')) }}
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
            when
                {{ json_is_valid('page_text') }}
                and left(ltrim(page_text), 1) = '{'
                then page_text
        end as page_json
    from pages
),

page_data as (
    select
        _source_file,
        page_text,
        page_json,
        {{ json_fragment('page_json', '$.data') }} as data_json
    from checked_pages
),

final as (
    select * from page_data
)

select * from final
