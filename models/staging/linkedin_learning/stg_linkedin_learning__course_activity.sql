with

parsed as (
    select * from {{ ref('base_linkedin_learning__course_activity') }}
),

final as (
    select
        email,
        email_normalized,
        unique_user_id,
        learner_name,
        enterprise_groups,
        content_urn,
        content_name,
        content_provider_name,
        progress_rate,
        seconds_viewed,
        completion_count,
        is_completed,
        completed_at,
        first_engaged_at,
        last_engaged_at,
        _report_at as reported_at,
        has_conflicting_duplicate,
        _source_file,
        _source_line
    from parsed
    where _row_status = 'staged'
)

select * from final
