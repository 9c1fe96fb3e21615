with

parsed as (
    select * from {{ ref('base_coursera__enrollments') }}
),

final as (
    select
        email,
        email_normalized,
        external_id,
        learner_name,
        course_id,
        course_slug,
        course_name,
        course_type,
        university_name,
        program_slug,
        program_name,
        enrollment_source,
        enrolled_at,
        class_started_at,
        class_ended_at,
        last_activity_at,
        completed_at,
        progress_rate,
        grade_rate,
        estimated_learning_hours,
        is_completed,
        is_removed_from_program,
        is_for_credit,
        certificate_url,
        _report_at as reported_at,
        has_conflicting_duplicate,
        _source_file,
        _source_line
    from parsed
    where _row_status = 'staged'
)

select * from final
