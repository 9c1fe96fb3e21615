with

parsed as (
    select * from {{ ref('base_udemy__enrollments') }}
),

final as (
    select
        email,
        email_normalized,
        external_id,
        first_name,
        last_name,
        user_groups,
        course_id,
        course_title,
        course_locale,
        course_category,
        course_duration,
        enrolled_at,
        started_at,
        first_completed_at,
        completed_at,
        last_accessed_at,
        progress_rate,
        is_completed,
        minutes_video_consumed,
        is_assigned,
        assigned_by,
        is_user_deactivated,
        _report_at as reported_at,
        has_conflicting_duplicate,
        _source_file,
        _source_line
    from parsed
    where _row_status = 'staged'
)

select * from final
