-- Every seat read from the seat-list exports (one API response page a
-- file, GitHub's "List all Copilot seat assignments" shape), parsed,
-- validated and given a _row_status; stg_ai_seats__seat_assignments and its
-- _rejected companion split it. A record is one element of the page's
-- seats[] array and its _source_line is that element's 1-based position; a
-- file that is not a JSON page at all is one record with _source_line 0.
-- The page does not name the tool: the file name does, before '__'
-- (github_copilot__seats_2026-03-01_p1.json).
with

raw_lines as (
    select * from {{ read_raw_lines(source('ai_seats', 'seat_assignments')) }}
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

pages as (
    select
        _source_file,
        {{ string_agg_ordered('raw_line', 'chr(10)', '_source_line') }}
            as page_text
    from raw_lines
    group by _source_file
),

page_seats as (
    select
        _source_file,
        page_text,
        case
            when
                {{ json_is_valid('page_text') }}
                and left(ltrim(page_text), 1) = '{'
                then {{ json_fragment('page_text', '$.seats') }}
        end as seats_json
    from pages
),

-- A page is well formed when it is a JSON object with a seats[] array.
malformed_pages as (
    select
        _source_file,
        0 as _source_line,
        page_text as raw_line,
        false as is_wellformed,
        cast(null as {{ dbt.type_string() }}) as seat_json
    from page_seats
    where seats_json is null or left(seats_json, 1) <> '['
),

page_elements as (
    select
        page_seats._source_file,
        cast(seats.element_index as integer) as _source_line,
        cast(seats.element as {{ dbt.type_string() }}) as raw_line
    from page_seats
    {{ json_array_rows(
        "case when left(page_seats.seats_json, 1) = '['"
        ~ " then page_seats.seats_json end",
        '$',
        'seats'
    ) }}
),

records as (
    select
        _source_file,
        _source_line,
        raw_line,
        left(raw_line, 1) = '{' as is_wellformed,
        case when left(raw_line, 1) = '{' then raw_line end as seat_json
    from page_elements
    union all
    select * from malformed_pages
),

-- The tool is named by the file name before '__'; the assignee by the
-- e-mail GitHub shows for linked identities, else only by the login (which
-- HR does not know: audited, never matched).
typed as (
    select
        records._source_file,
        records._source_line,
        records.raw_line,
        records.is_wellformed,
        case
            when {{ dbt.position("'__'", 'records._source_file') }} > 0
                then lower({{ dbt.split_part(
                    dbt.split_part('records._source_file', "'/'", 2),
                    "'__'",
                    1
                ) }})
        end as tool_name_normalized,
        {{ json_text('records.seat_json', '$.assignee.login') }}
            as assignee_login,
        {{ json_text('records.seat_json', '$.assignee.id') }} as assignee_id,
        {{ json_text('records.seat_json', '$.assignee.type') }}
            as assignee_type,
        {{ json_text('records.seat_json', '$.assignee.email') }}
            as assignee_email,
        {{ json_text('records.seat_json', '$.plan_type') }} as plan_type,
        {{ json_text('records.seat_json', '$.last_activity_editor') }}
            as last_activity_editor,
        {{ json_text('records.seat_json', '$.created_at') }} as created_at_text,
        {{ iso_timestamp_utc(
            json_text('records.seat_json', '$.created_at')
        ) }} as assigned_at,
        {{ json_text('records.seat_json', '$.pending_cancellation_date') }}
            as pending_cancellation_date_text,
        {{ iso_date(
            json_text('records.seat_json', '$.pending_cancellation_date')
        ) }} as pending_cancellation_date,
        {{ json_text('records.seat_json', '$.last_activity_at') }}
            as last_activity_at_text,
        {{ iso_timestamp_utc(
            json_text('records.seat_json', '$.last_activity_at')
        ) }} as last_activity_at
    from records
),

identified as (
    select
        *,
        case
            when nullif(trim(assignee_email), '') is not null
                then 'email_address'
            else 'github_login'
        end as assignee_identifier_type,
        lower(
            trim(coalesce(nullif(trim(assignee_email), ''), assignee_login))
        ) as assignee_identifier
    from typed
),

validated as (
    select
        identified.*,
        tool_names.tool_id,
        case
            when not identified.is_wellformed then 'malformed_json'
            when
                identified.assignee_identifier is null
                or nullif(trim(identified.created_at_text), '') is null
                then 'missing_required_field'
            when
                identified.assigned_at is null
                or (
                    nullif(trim(identified.pending_cancellation_date_text), '')
                    is not null
                    and identified.pending_cancellation_date is null
                )
                or (
                    nullif(trim(identified.last_activity_at_text), '')
                    is not null
                    and identified.last_activity_at is null
                )
                then 'invalid_timestamp'
            when tool_names.tool_id is null then 'unknown_tool'
            when
                identified.pending_cancellation_date
                <= cast(identified.assigned_at as date)
                then 'unassigned_before_assigned'
        end as _field_reject_reason
    from identified
    left join tool_names
        on identified.tool_name_normalized = tool_names.tool_name_normalized
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

{{ erase_requested_records('all_records') }},

final as (
    select * from with_erasure
)

select * from final
