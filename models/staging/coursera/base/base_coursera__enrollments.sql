-- Every record read from the Coursera usage reports, parsed, validated and
-- given a _row_status; stg_coursera__enrollments and its _rejected companion
-- split it. The reports are cumulative, so a learner x course row repeats in
-- every download: the copy from the newest report is staged, the others are
-- duplicates, and only copies within one report date can conflict.
with

raw_lines as (
    select * from {{ read_raw_lines(source('coursera', 'enrollments')) }}
),

{{ parse_delimited_lines('raw_lines') }},

fields as (
    select
        parsed_lines._source_file,
        parsed_lines._source_line,
        parsed_lines.raw_line,
        parsed_lines.is_wellformed,
        {{ csv_field('Name') }} as learner_name,
        {{ csv_field('Email') }} as email,
        {{ csv_field('External Id') }} as external_id,
        {{ csv_field('Course ID') }} as course_id,
        {{ csv_field('Course Slug') }} as course_slug,
        {{ csv_field('Course') }} as course_name,
        {{ csv_field('University') }} as university_name,
        {{ csv_field('Program Slug') }} as program_slug,
        {{ csv_field('Program Name') }} as program_name,
        {{ csv_field('Enrollment Source') }} as enrollment_source,
        {{ csv_field('Course Type') }} as course_type,
        {{ csv_field('Course Certificate URL') }} as certificate_url,
        {{ csv_field('Enrollment Time') }} as enrollment_time_text,
        {{ csv_field('Class Start Time') }} as class_start_text,
        {{ csv_field('Class End Time') }} as class_end_text,
        {{ csv_field('Last Course Activity Time') }} as last_activity_text,
        {{ csv_field('Completion Time') }} as completion_time_text,
        {{ csv_field('Overall Progress') }} as progress_text,
        {{ csv_field('Course Grade') }} as grade_text,
        {{ csv_field('Estimated Learning Hours') }} as learning_hours_text,
        {{ csv_field('Completed') }} as completed_text,
        {{ csv_field('Removed From Program') }} as removed_text,
        {{ csv_field('For Credit') }} as for_credit_text
    from parsed_lines
),

typed as (
    select
        *,
        lower(email) as email_normalized,
        coalesce(external_id, lower(email)) as _learner_key,
        {{ iso_timestamp_utc('enrollment_time_text') }} as enrolled_at,
        {{ iso_timestamp_utc('class_start_text') }} as class_started_at,
        {{ iso_timestamp_utc('class_end_text') }} as class_ended_at,
        {{ iso_timestamp_utc('last_activity_text') }} as last_activity_at,
        {{ iso_timestamp_utc('completion_time_text') }} as completed_at,
        {{ text_to_double('progress_text') }} / 100 as progress_rate,
        {{ text_to_double('grade_text') }} / 100 as grade_rate,
        {{ text_to_double('learning_hours_text') }} as estimated_learning_hours,
        {{ yes_no_to_boolean('completed_text') }} as is_completed,
        {{ yes_no_to_boolean('removed_text') }} as is_removed_from_program,
        {{ yes_no_to_boolean('for_credit_text') }} as is_for_credit
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
                or enrollment_time_text is null
                or completed_text is null
                then 'missing_required_field'
            when
                enrolled_at is null
                or (class_start_text is not null and class_started_at is null)
                or (class_end_text is not null and class_ended_at is null)
                or (last_activity_text is not null and last_activity_at is null)
                or (completion_time_text is not null and completed_at is null)
                then 'invalid_timestamp'
            when
                (
                    progress_text is not null
                    and not coalesce(progress_rate between 0 and 1, false)
                )
                or (
                    grade_text is not null
                    and not coalesce(grade_rate between 0 and 1, false)
                )
                or (
                    learning_hours_text is not null
                    and not coalesce(estimated_learning_hours >= 0, false)
                )
                then 'invalid_number'
            when
                is_completed is null
                or (
                    removed_text is not null
                    and is_removed_from_program is null
                )
                or (for_credit_text is not null and is_for_credit is null)
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
                        enrolled_at, last_activity_at, completed_at
                    )
            end
        ) over (partition by _source_file) as _report_at
    from validated
),

{{ record_status(
    relation='with_report_date',
    key=['_learner_key', 'course_id', '_report_at'],
    payload=[
        'learner_name', 'email', 'external_id', 'course_slug', 'course_name',
        'university_name', 'program_slug', 'program_name', 'enrollment_source',
        'course_type', 'certificate_url', 'enrolled_at', 'class_started_at',
        'class_ended_at', 'last_activity_at', 'completed_at', 'progress_rate',
        'grade_rate', 'estimated_learning_hours', 'is_completed',
        'is_removed_from_program', 'is_for_credit'
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
        learner_name,
        email,
        email_normalized,
        external_id,
        _learner_key,
        course_id,
        course_slug,
        course_name,
        university_name,
        program_slug,
        program_name,
        enrollment_source,
        course_type,
        certificate_url,
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
