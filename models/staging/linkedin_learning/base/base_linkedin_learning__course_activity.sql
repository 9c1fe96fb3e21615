-- Every element of the LinkedIn Learning report pages (one learner x
-- course per reporting window; steps: __report_elements,
-- __element_activities), validated and given a _row_status; a file that is
-- not a JSON page is one record, line 0. A learner x course repeats in every
-- window: the newest window is staged (nothing is summed; only the
-- completion and first engagement carry over from older windows), older
-- ones are duplicates, and only copies within one window can conflict.
with

report_elements as (
    select * from {{ ref('base_linkedin_learning__report_elements') }}
),

activity_summary as (
    select * from {{ ref('base_linkedin_learning__element_activities') }}
),

elements_typed as (
    select
        report_elements.*,
        activity_summary.progress_rate,
        activity_summary.seconds_viewed,
        activity_summary.completion_count,
        activity_summary.completed_at,
        activity_summary.first_engaged_at,
        activity_summary.last_engaged_at,
        coalesce(activity_summary.activity_count, 0) as activity_count,
        coalesce(activity_summary.incomplete_activity_count, 0)
            as incomplete_activity_count,
        coalesce(activity_summary.invalid_timestamp_count, 0)
            as invalid_timestamp_count,
        coalesce(activity_summary.invalid_number_count, 0)
            as invalid_number_count
    from report_elements
    left join activity_summary
        on
            report_elements._source_file = activity_summary._source_file
            and report_elements._source_line = activity_summary._source_line
),

typed as (
    select
        *,
        lower(email) as email_normalized,
        coalesce(unique_user_id, lower(email)) as _learner_key,
        {{ epoch_ms_text_to_utc('latest_data_text') }} as latest_data_at,
        coalesce(completion_count > 0, false) as is_completed
    from elements_typed
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

all_records as (
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
),

{{ erase_requested_records('all_records') }},

final as (
    select * from with_erasure
)

select * from final
