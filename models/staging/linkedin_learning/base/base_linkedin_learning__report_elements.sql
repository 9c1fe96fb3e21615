-- The LinkedIn Learning report files (one API response page a file) as
-- records: one per element of a page's `elements` array, _source_line its
-- 1-based index in the page, with the learner and content fields read
-- (is_wellformed: an object whose activities, if any, are an array), and
-- one, line 0, for each file that is not a JSON page with an `elements`
-- array (rejected in base_linkedin_learning__course_activity).
{{ config(materialized='ephemeral') }}

with

raw_pages as (
    select * from {{
        read_raw_pages(source('linkedin_learning', 'activity_reports'))
    }}
),

{{ parse_json_page_elements('raw_pages', '$.elements') }},

-- A badly formed element still has its fields read (they name who the
-- rejected record is about); a file that is not a page (line 0, maybe not
-- even JSON) has none.
page_records as (
    select
        *,
        case when _source_line > 0 then raw_line end as element_json
    from page_elements
),

checked_elements as (
    select
        _source_file,
        _source_line,
        raw_line,
        element_json,
        is_wellformed
        and coalesce(
            {{ json_fragment('element_json', '$.activities') }} like '[%',
            {{ json_fragment('element_json', '$.activities') }} is null
        ) as is_wellformed
    from page_records
),

elements as (
    select
        _source_file,
        _source_line,
        raw_line,
        is_wellformed,
        nullif(trim({{
            json_text('element_json', '$.learnerDetails.name')
        }}), '') as learner_name,
        nullif(trim({{
            json_text('element_json', '$.learnerDetails.email')
        }}), '') as email,
        nullif(trim({{
            json_text('element_json', '$.learnerDetails.uniqueUserId')
        }}), '') as unique_user_id,
        {{ json_fragment(
            'element_json', '$.learnerDetails.enterpriseGroups'
        ) }} as enterprise_groups,
        nullif(trim({{
            json_text('element_json', '$.contentDetails.contentUrn')
        }}), '') as content_urn,
        {{ json_text('element_json', '$.contentDetails.name') }}
            as content_name,
        {{ json_text(
            'element_json', '$.contentDetails.contentProviderName'
        ) }} as content_provider_name,
        nullif(trim({{
            json_text('element_json', '$.latestDataAt')
        }}), '') as latest_data_text
    from checked_elements
),

final as (
    select * from elements
)

select * from final
