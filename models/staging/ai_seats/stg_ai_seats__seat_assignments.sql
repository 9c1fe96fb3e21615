with

parsed as (
    select * from {{ ref('base_ai_seats__seat_assignments') }}
),

final as (
    select
        tool_id,
        assignee_identifier,
        assignee_identifier_type,
        assignee_login,
        assignee_id,
        assignee_type,
        plan_type,
        assigned_at,
        pending_cancellation_date,
        last_activity_at,
        last_activity_editor,
        has_conflicting_duplicate,
        _source_file,
        _source_line
    from parsed
    where _row_status = 'staged'
)

select * from final
