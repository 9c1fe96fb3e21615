-- Every element read from the LinkedIn Learning activity report pages,
-- parsed, validated and given a _row_status; the staging model
-- stg_linkedin_learning__course_activity and its _rejected companion split it.
--
-- A file is one API response page: its lines are put back together and
-- `elements` unnested, so _source_line is the 1-based index of the element
-- in the page (a file that is not a JSON page is one record, line 0). Each
-- element's activities are pivoted to one row per learner x course. Elements
-- are aggregates per reporting window, so a learner x course repeats in every
-- window: the newest window is staged (nothing is summed; only the
-- completion and first engagement are carried over from older windows),
-- older ones are duplicates, and only copies within one window can conflict.
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

-- An element is usable when it is an object whose activities (if any) are
-- an array.
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

wellformed_elements as (
    select * from checked_elements
    where is_wellformed
),

activities as (
    select
        wellformed_elements._source_file,
        wellformed_elements._source_line,
        nullif(trim({{
            json_text('element_activities.element', '$.engagementType')
        }}), '') as engagement_type,
        nullif(trim({{
            json_text('element_activities.element', '$.engagementValue')
        }}), '') as engagement_value_text,
        nullif(trim({{
            json_text('element_activities.element', '$.firstEngagedAt')
        }}), '') as first_engaged_text,
        nullif(trim({{
            json_text('element_activities.element', '$.lastEngagedAt')
        }}), '') as last_engaged_text
    from wellformed_elements
    {{ json_array_rows(
        'wellformed_elements.raw_line', '$.activities', 'element_activities'
    ) }}
),

typed_activities as (
    select
        *,
        {{ text_to_double('engagement_value_text') }} as engagement_value,
        {{ epoch_ms_text_to_utc('first_engaged_text') }} as first_engaged_at,
        {{ epoch_ms_text_to_utc('last_engaged_text') }} as last_engaged_at
    from activities
),

-- One row per element. Where an engagement type appears with both the TOTAL
-- and the UNIQUE qualifier, the larger value (TOTAL) is kept.
activity_summary as (
    select
        _source_file,
        _source_line,
        count(*) as activity_count,
        sum(
            case
                when engagement_type is null or engagement_value_text is null
                    then 1
                else 0
            end
        ) as incomplete_activity_count,
        sum(
            case
                when
                    (
                        first_engaged_text is not null
                        and first_engaged_at is null
                    )
                    or (
                        last_engaged_text is not null
                        and last_engaged_at is null
                    )
                    then 1
                else 0
            end
        ) as invalid_timestamp_count,
        sum(
            case
                when
                    engagement_value_text is not null
                    and (
                        not coalesce(engagement_value >= 0, false)
                        or (
                            engagement_type = 'PROGRESS_PERCENTAGE'
                            and engagement_value > 100
                        )
                    )
                    then 1
                else 0
            end
        ) as invalid_number_count,
        max(
            case
                when engagement_type = 'PROGRESS_PERCENTAGE'
                    then engagement_value
            end
        ) / 100 as progress_rate,
        max(
            case
                when engagement_type = 'SECONDS_VIEWED' then engagement_value
            end
        ) as seconds_viewed,
        max(
            case
                when engagement_type = 'COMPLETIONS' then engagement_value
            end
        ) as completion_count,
        max(
            case
                when engagement_type = 'COMPLETIONS' and engagement_value > 0
                    then last_engaged_at
            end
        ) as completed_at,
        min(first_engaged_at) as first_engaged_at,
        max(last_engaged_at) as last_engaged_at
    from typed_activities
    group by _source_file, _source_line
),

elements_typed as (
    select
        checked_elements._source_file,
        checked_elements._source_line,
        checked_elements.raw_line,
        checked_elements.is_wellformed,
        nullif(trim({{
            json_text('checked_elements.raw_line', '$.learnerDetails.name')
        }}), '') as learner_name,
        nullif(trim({{
            json_text('checked_elements.raw_line', '$.learnerDetails.email')
        }}), '') as email,
        nullif(trim({{
            json_text('checked_elements.raw_line', '$.learnerDetails.uniqueUserId')
        }}), '') as unique_user_id,
        {{ json_fragment(
            'checked_elements.raw_line', '$.learnerDetails.enterpriseGroups'
        ) }} as enterprise_groups,
        nullif(trim({{
            json_text('checked_elements.raw_line', '$.contentDetails.contentUrn')
        }}), '') as content_urn,
        {{ json_text('checked_elements.raw_line', '$.contentDetails.name') }}
            as content_name,
        {{ json_text(
            'checked_elements.raw_line', '$.contentDetails.contentProviderName'
        ) }} as content_provider_name,
        nullif(trim({{
            json_text('checked_elements.raw_line', '$.latestDataAt')
        }}), '') as latest_data_text,
        coalesce(activity_summary.activity_count, 0) as activity_count,
        coalesce(activity_summary.incomplete_activity_count, 0)
            as incomplete_activity_count,
        coalesce(activity_summary.invalid_timestamp_count, 0)
            as invalid_timestamp_count,
        coalesce(activity_summary.invalid_number_count, 0)
            as invalid_number_count,
        activity_summary.progress_rate,
        activity_summary.seconds_viewed,
        activity_summary.completion_count,
        activity_summary.completed_at,
        activity_summary.first_engaged_at,
        activity_summary.last_engaged_at
    from checked_elements
    left join activity_summary
        on
            checked_elements._source_file = activity_summary._source_file
            and checked_elements._source_line = activity_summary._source_line
),

-- A file that is not a JSON page with an `elements` array is one record.
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
        cast(null as {{ dbt.type_string() }}) as latest_data_text,
        0 as activity_count,
        0 as incomplete_activity_count,
        0 as invalid_timestamp_count,
        0 as invalid_number_count,
        cast(null as double) as progress_rate,
        cast(null as double) as seconds_viewed,
        cast(null as double) as completion_count,
        cast(null as {{ dbt.type_timestamp() }}) as completed_at,
        cast(null as {{ dbt.type_timestamp() }}) as first_engaged_at,
        cast(null as {{ dbt.type_timestamp() }}) as last_engaged_at
    from checked_pages
    where not is_wellformed
),

records as (
    select * from elements_typed
    union all
    select * from malformed_pages
),

typed as (
    select
        *,
        lower(email) as email_normalized,
        coalesce(unique_user_id, lower(email)) as _learner_key,
        {{ epoch_ms_text_to_utc('latest_data_text') }} as latest_data_at,
        coalesce(completion_count > 0, false) as is_completed
    from records
),

validated as (
    select
        *,
        case
            when not is_wellformed then 'malformed_json'
            when
                (email is null and unique_user_id is null)
                or content_urn is null
                or incomplete_activity_count > 0
                then 'missing_required_field'
            when
                (latest_data_text is not null and latest_data_at is null)
                or invalid_timestamp_count > 0
                then 'invalid_timestamp'
            when invalid_number_count > 0 then 'invalid_number'
        end as _reject_reason
    from typed
),

-- The reporting window of an element: latestDataAt when the API sent it,
-- else the newest engagement any accepted element of the page reports.
with_window as (
    select
        *,
        coalesce(
            latest_data_at,
            max(
                case when _reject_reason is null then last_engaged_at end
            ) over (partition by _source_file)
        ) as _report_at
    from validated
),

{{ record_status(
    relation='with_window',
    key=['_learner_key', 'content_urn', '_report_at'],
    payload=[
        'learner_name', 'email', 'unique_user_id', 'enterprise_groups',
        'content_name', 'content_provider_name', 'progress_rate',
        'seconds_viewed', 'completion_count', 'completed_at',
        'first_engaged_at', 'last_engaged_at'
    ],
    keep_first_order='_source_file desc, _source_line desc'
) }},

-- Across windows the newest window's element is staged as it is (nothing
-- is summed), but the completion and the first engagement, which only the
-- window they happened in reports, are carried over from older windows.
with_history as (
    select
        *,
        min(completed_at) over (
            partition by _reject_reason is null, _learner_key, content_urn
        ) as completed_at_any_window,
        min(first_engaged_at) over (
            partition by _reject_reason is null, _learner_key, content_urn
        ) as first_engaged_at_any_window,
        max(case when is_completed then 1 else 0 end) over (
            partition by _reject_reason is null, _learner_key, content_urn
        ) as completed_any_window
    from with_status
),

final as (
    select
        _source_file,
        _source_line,
        raw_line,
        is_wellformed,
        learner_name,
        email,
        email_normalized,
        unique_user_id,
        _learner_key,
        enterprise_groups,
        content_urn,
        content_name,
        content_provider_name,
        activity_count,
        progress_rate,
        latest_data_at,
        _report_at,
        _reject_reason,
        has_conflicting_duplicate,
        cast(seconds_viewed as {{ dbt.type_bigint() }}) as seconds_viewed,
        cast(completion_count as {{ dbt.type_int() }}) as completion_count,
        case
            when _reject_reason is null then completed_any_window = 1
            else is_completed
        end as is_completed,
        case
            when _reject_reason is null then completed_at_any_window
            else completed_at
        end as completed_at,
        case
            when _reject_reason is null then first_engaged_at_any_window
            else first_engaged_at
        end as first_engaged_at,
        last_engaged_at,
        case
            when
                _row_status = 'staged'
                and row_number() over (
                    partition by _row_status, _learner_key, content_urn
                    order by
                        _report_at desc,
                        last_engaged_at desc,
                        _source_file desc
                ) > 1
                then 'duplicate'
            else _row_status
        end as _row_status
    from with_history
)

select * from final
