-- One record per element of the pages' data[] arrays, _source_line its
-- 1-based position (is_wellformed: the element is a JSON object, then
-- badge_json), and one record, line 0, for each file that is not a JSON
-- page with a data[] array.
{{ config(materialized='ephemeral') }}

with

page_data as (
    select * from {{ ref('base_credly__pages') }}
),

-- A page is well formed when it is a JSON object with a data[] array.
malformed_pages as (
    select
        _source_file,
        0 as _source_line,
        page_text as raw_line,
        false as is_wellformed,
        cast(null as {{ dbt.type_string() }}) as badge_json
    from page_data
    where data_json is null or left(data_json, 1) <> '['
),

page_elements as (
    select
        page_data._source_file,
        cast(badges.element_index as integer) as _source_line,
        cast(badges.element as {{ dbt.type_string() }}) as raw_line
    from page_data
    {{ json_array_rows(
        "case when left(page_data.data_json, 1) = '['"
        ~ " then page_data.data_json end",
        '$',
        'badges'
    ) }}
),

elements as (
    select
        _source_file,
        _source_line,
        raw_line,
        left(raw_line, 1) = '{' as is_wellformed,
        case when left(raw_line, 1) = '{' then raw_line end as badge_json
    from page_elements
),

records as (
    select * from elements
    union all
    select * from malformed_pages
),

final as (
    select * from records
)

select * from final
