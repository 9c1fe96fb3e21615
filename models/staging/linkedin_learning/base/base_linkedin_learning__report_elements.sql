-- One row per element of the well-formed report pages, _source_line its
-- 1-based index in the page, with the learner and content fields read
-- (is_wellformed: an object whose activities, if any, are an array), and
-- one row, line 0, for each file that is not a JSON page with an `elements`
-- array.
{{ config(materialized='ephemeral') }}

with

checked_pages as (
    select * from {{ ref('base_linkedin_learning__report_pages') }}
),

wellformed_pages as (
    select * from checked_pages
    where is_wellformed
),

page_elements as (
    select
        wellformed_pages._source_file,
        cast(elements.element_index as integer) as _source_line,
        cast(elements.element as {{ dbt.type_string() }}) as raw_line
    from wellformed_pages
    {{ json_array_rows(
        'wellformed_pages.page_text', '$.elements', 'elements'
    ) }}
),

checked_elements as (
    select
        _source_file,
        _source_line,
        raw_line,
        substr(raw_line, 1, 1) = '{'
        and coalesce(
            {{ json_fragment('raw_line', '$.activities') }} like '[%',
            {{ json_fragment('raw_line', '$.activities') }} is null
        ) as is_wellformed
    from page_elements
),

elements as (
    select
        _source_file,
        _source_line,
        raw_line,
        is_wellformed,
        nullif(trim({{
            json_text('raw_line', '$.learnerDetails.name')
        }}), '') as learner_name,
        nullif(trim({{
            json_text('raw_line', '$.learnerDetails.email')
        }}), '') as email,
        nullif(trim({{
            json_text('raw_line', '$.learnerDetails.uniqueUserId')
        }}), '') as unique_user_id,
        {{ json_fragment(
            'raw_line', '$.learnerDetails.enterpriseGroups'
        ) }} as enterprise_groups,
        nullif(trim({{
            json_text('raw_line', '$.contentDetails.contentUrn')
        }}), '') as content_urn,
        {{ json_text('raw_line', '$.contentDetails.name') }}
            as content_name,
        {{ json_text(
            'raw_line', '$.contentDetails.contentProviderName'
        ) }} as content_provider_name,
        nullif(trim({{
            json_text('raw_line', '$.latestDataAt')
        }}), '') as latest_data_text
    from checked_elements
),

malformed_pages as (
    select
        _source_file,
        0 as _source_line,
        page_text as raw_line,
        false as is_wellformed,
        cast(null as {{ dbt.type_string() }}) as learner_name,
        cast(null as {{ dbt.type_string() }}) as email,
        cast(null as {{ dbt.type_string() }}) as unique_user_id,
        cast(null as {{ dbt.type_string() }}) as enterprise_groups,
        cast(null as {{ dbt.type_string() }}) as content_urn,
        cast(null as {{ dbt.type_string() }}) as content_name,
        cast(null as {{ dbt.type_string() }}) as content_provider_name,
        cast(null as {{ dbt.type_string() }}) as latest_data_text
    from checked_pages
    where not is_wellformed
),

final as (
    select * from elements
    union all
    select * from malformed_pages
)

select * from final
