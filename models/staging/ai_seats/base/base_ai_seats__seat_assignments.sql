-- Every seat read from the seat-list exports (steps: __page_seats, which
-- parses the pages and reads each seat's fields), validated and given a
-- _row_status; stg_ai_seats__seat_assignments and its _rejected companion
-- split it. A record is one element of a page's seats[] array and its
-- _source_line is that element's 1-based position; a file that is not a
-- JSON page at all is one record with _source_line 0.
-- A table, rebuilt whole on every build from the parsed seats (kept by
-- __page_seats with dbt's microbatch), because what it decides spans files
-- and seeds: a seat's status against the other pulls, the tool names, and
-- erasure, which also reaches back into __page_seats (post-hook).
{{ config(
    post_hook="{{ erase_loaded_rows(
        ref('base_ai_seats__page_seats'),
        ['_source_file', '_source_line', 'file_date', '_source_file_size',
            '_source_file_modified_epoch']
    ) }}",
) }}

with

-- Line -1 is __page_seats' record of the file itself, not a seat.
page_seats as (
    select
        _source_file,
        _source_line,
        raw_line,
        is_wellformed,
        tool_name_normalized,
        assignee_login,
        assignee_id,
        assignee_type,
        assignee_email,
        plan_type,
        last_activity_editor,
        created_at_text,
        assigned_at,
        pending_cancellation_date_text,
        pending_cancellation_date,
        last_activity_at_text,
        last_activity_at,
        assignee_identifier_type,
        assignee_identifier
    from {{ ref('base_ai_seats__page_seats') }}
    where _source_line >= 0
),

ai_tools as (
    select * from {{ ref('ai_tools') }}
),

tool_names as (
    select
        lower(tool_name) as tool_name_normalized,
        tool_id
    from ai_tools
    union
    select
        lower(tool_id) as tool_name_normalized,
        tool_id
    from ai_tools
),

validated as (
    select
        page_seats.*,
        tool_names.tool_id,
        case
            when not page_seats.is_wellformed then 'malformed_json'
            when
                page_seats.assignee_identifier is null
                or nullif(trim(page_seats.created_at_text), '') is null
                then 'missing_required_field'
            when
                page_seats.assigned_at is null
                or (
                    nullif(trim(page_seats.pending_cancellation_date_text), '')
                    is not null
                    and page_seats.pending_cancellation_date is null
                )
                or (
                    nullif(trim(page_seats.last_activity_at_text), '')
                    is not null
                    and page_seats.last_activity_at is null
                )
                then 'invalid_timestamp'
            when tool_names.tool_id is null then 'unknown_tool'
            when
                page_seats.pending_cancellation_date
                <= cast(page_seats.assigned_at as date)
                then 'unassigned_before_assigned'
        end as _field_reject_reason
    from page_seats
    left join tool_names
        on page_seats.tool_name_normalized = tool_names.tool_name_normalized
),

-- One export never lists a person's seat twice: a second copy in the same
-- file is a broken export and rejected (the first one is kept). The same
-- seat in another file (a later pull) is an ordinary duplicate below.
checked as (
    select
        *,
        case
            when _field_reject_reason is not null then _field_reject_reason
            when row_number() over (
                partition by
                    _field_reject_reason is null,
                    _source_file,
                    tool_id,
                    assignee_identifier
                order by _source_line
            ) > 1 then 'duplicate_seat'
        end as _reject_reason
    from validated
),

{{ record_status(
    relation='checked',
    key=['tool_id', 'assignee_identifier', 'assigned_at'],
    payload=['pending_cancellation_date', 'plan_type'],
    keep_first_order='_source_file desc, _source_line desc'
) }},

all_records as (
    select * from with_status
),

-- is_wellformed is null only where erase_loaded_rows nulled the record.
{{ erase_requested_records(
    'all_records', erased_condition='all_records.is_wellformed is null'
) }},

final as (
    select * from with_erasure
)

select * from final
