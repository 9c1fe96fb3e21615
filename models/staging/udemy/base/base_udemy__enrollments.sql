-- Every record read from the Udemy Business user course activity reports,
-- parsed, validated and given a _row_status; stg_udemy__enrollments and
-- its _rejected companion split it. The reports are cumulative, so a user x
-- course row repeats in every download: the copy from the newest report is
-- staged, the others are duplicates, and only copies within one report date
-- can conflict.
with

raw_lines as (
    select * from {{ read_raw_lines(source('udemy', 'course_activity')) }}
),

{{ parse_delimited_lines('raw_lines') }},

fields as (
    select
        parsed_lines._source_file,
        parsed_lines._source_line,
        parsed_lines.raw_line,
        parsed_lines.is_wellformed,
        {{ csv_field('User First Name') }} as first_name,
        {{ csv_field('User Last Name') }} as last_name,
        {{ csv_field('User Email') }} as email,
        {{ csv_field('External ID') }} as external_id,
        {{ csv_field('User Groups') }} as user_groups,
        {{ csv_field('Course ID') }} as course_id,
        {{ csv_field('Course Title') }} as course_title,
        {{ csv_field('Course Locale') }} as course_locale,
        {{ csv_field('Course Category') }} as course_category,
        {{ csv_field('Assigned By') }} as assigned_by,
        {{ csv_field('Course Duration') }} as course_duration_text,
        replace(
            {{ csv_field('% Marked Completed') }}, '%', ''
        ) as progress_text,
        {{ csv_field('Minutes Video Consumed') }} as minutes_consumed_text,
        {{ csv_field('Date Enrolled') }} as enrolled_text,
        {{ csv_field('Date Started') }} as started_text,
        {{ csv_field('First Date Completed') }} as first_completed_text,
        {{ csv_field('Date Completed') }} as completed_text,
        {{ csv_field('Date Last Accessed') }} as last_accessed_text,
        {{ csv_field('Assigned') }} as assigned_text,
        {{ csv_field('User Is Deactivated') }} as deactivated_text
    from parsed_lines
),

typed as (
    select
        *,
        lower(email) as email_normalized,
        coalesce(external_id, lower(email)) as _learner_key,
        {{ iso_timestamp_utc('enrolled_text') }} as enrolled_at,
        {{ iso_timestamp_utc('started_text') }} as started_at,
        {{ iso_timestamp_utc('first_completed_text') }} as first_completed_at,
        {{ iso_timestamp_utc('completed_text') }} as completed_at,
        {{ iso_timestamp_utc('last_accessed_text') }} as last_accessed_at,
        {{ text_to_double('progress_text') }} / 100 as progress_rate,
        {{ text_to_double('minutes_consumed_text') }}
            as minutes_video_consumed,
        {{ text_to_double('course_duration_text') }} as course_duration,
        {{ yes_no_to_boolean('assigned_text') }} as is_assigned,
        {{ yes_no_to_boolean('deactivated_text') }} as is_user_deactivated,
        coalesce(first_completed_text, completed_text) is not null
            as is_completed
    from fields
),

validated as (
    select
        *,
        case
            when not is_wellformed then 'malformed_csv'
            when
                email is null
                or course_id is null
                or enrolled_text is null
                then 'missing_required_field'
            when
                enrolled_at is null
                or (started_text is not null and started_at is null)
                or (
                    first_completed_text is not null
                    and first_completed_at is null
                )
                or (completed_text is not null and completed_at is null)
                or (last_accessed_text is not null and last_accessed_at is null)
                then 'invalid_timestamp'
            when
                (
                    progress_text is not null
                    and not coalesce(progress_rate between 0 and 1, false)
                )
                or (
                    minutes_consumed_text is not null
                    and not coalesce(minutes_video_consumed >= 0, false)
                )
                or (
                    course_duration_text is not null
                    and not coalesce(course_duration >= 0, false)
                )
                then 'invalid_number'
            when
                (assigned_text is not null and is_assigned is null)
                or (
                    deactivated_text is not null
                    and is_user_deactivated is null
                )
                then 'invalid_boolean'
        end as _reject_reason
    from typed
),

-- The report date of a file: the newest activity any accepted row reports.
-- A cumulative report is at least as new as the newest activity it holds.
with_report_date as (
    select
        *,
        max(
            case
                when _reject_reason is null
                    then greatest(
                        enrolled_at,
                        started_at,
                        completed_at,
                        last_accessed_at
                    )
            end
        ) over (partition by _source_file) as _report_at
    from validated
),

{{ record_status(
    relation='with_report_date',
    key=['_learner_key', 'course_id', '_report_at'],
    payload=[
        'first_name', 'last_name', 'email', 'external_id', 'user_groups',
        'course_title', 'course_locale', 'course_category', 'course_duration',
        'progress_rate', 'minutes_video_consumed', 'enrolled_at', 'started_at',
        'first_completed_at', 'completed_at', 'last_accessed_at',
        'is_assigned', 'assigned_by', 'is_user_deactivated'
    ],
    keep_first_order='_source_file desc, _source_line desc'
) }},

-- Across report dates, the copy from the newest report is the one staged.
all_records as (
    select
        _source_file,
        _source_line,
        raw_line,
        is_wellformed,
        first_name,
        last_name,
        email,
        email_normalized,
        external_id,
        _learner_key,
        user_groups,
        course_id,
        course_title,
        course_locale,
        course_category,
        course_duration,
        progress_rate,
        is_completed,
        minutes_video_consumed,
        enrolled_at,
        started_at,
        first_completed_at,
        completed_at,
        last_accessed_at,
        is_assigned,
        assigned_by,
        is_user_deactivated,
        _report_at,
        _reject_reason,
        has_conflicting_duplicate,
        case
            when
                _row_status = 'staged'
                and row_number() over (
                    partition by _row_status, _learner_key, course_id
                    order by _report_at desc, _source_file desc
                ) > 1
                then 'duplicate'
            else _row_status
        end as _row_status
    from with_status
),

{{ erase_requested_records('all_records') }},

final as (
    select * from with_erasure
)

select * from final
