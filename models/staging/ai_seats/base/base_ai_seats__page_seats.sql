-- The seats of the seat-list exports (one API response page a file,
-- GitHub's "List all Copilot seat assignments" shape), their fields read:
-- one record per element of a page's seats[] array, _source_line its
-- 1-based position, and one record, line 0, for each file that is not a
-- JSON page with a seats[] array (rejected in base_ai_seats
-- __seat_assignments). The page does not name the tool: the file name
-- does, before '__' (github_copilot__seats_2026-03-01_p1.json).
--
-- Parsing is the slow part (every page re-read on every build), and it
-- depends on nothing but the file: so it is loaded with dbt's microbatch
-- strategy on the file's date (file_date, from its name), each batch
-- reading only its own files (raw_files_in_batch). Everything that spans
-- files or seeds (tool names, duplicates across pulls, erasure) stays in
-- base_ai_seats__seat_assignments, a table recomputed on every build.
-- Each file also has a row of its own, _source_line -1, so that a page
-- with no seat still counts as loaded (test raw_files_loaded).
{{ config(**raw_files_microbatch('ai_seats', 'seat_assignments')) }}

with

raw_pages as (
    {%- set seat_lists = source('ai_seats', 'seat_assignments') %}
    select * from {{ read_raw_pages(
        seat_lists, files=raw_files_in_batch(seat_lists)
    ) }}
),

{{ parse_json_page_elements('raw_pages', '$.seats') }},

page_elements_and_files as (
    select * from page_elements
    union all
    select
        _source_file,
        -1 as _source_line,
        _source_file_size,
        _source_file_modified_epoch,
        cast(null as {{ dbt.type_string() }}) as raw_line,
        false as is_wellformed
    from checked_json_pages
),

seats as (
    select
        _source_file,
        _source_line,
        _source_file_size,
        _source_file_modified_epoch,
        raw_line,
        is_wellformed,
        case when is_wellformed then raw_line end as seat_json
    from page_elements_and_files
),

-- The assignee is named by the e-mail GitHub shows for linked identities,
-- else only by the login (which HR does not know: audited, never matched).
typed as (
    select
        _source_file,
        _source_line,
        _source_file_size,
        _source_file_modified_epoch,
        raw_line,
        is_wellformed,
        case
            when {{ dbt.position("'__'", '_source_file') }} > 0
                then lower({{ dbt.split_part(
                    dbt.split_part('_source_file', "'/'", 2),
                    "'__'",
                    1
                ) }})
        end as tool_name_normalized,
        {{ json_text('seat_json', '$.assignee.login') }} as assignee_login,
        {{ json_text('seat_json', '$.assignee.id') }} as assignee_id,
        {{ json_text('seat_json', '$.assignee.type') }} as assignee_type,
        {{ json_text('seat_json', '$.assignee.email') }} as assignee_email,
        {{ json_text('seat_json', '$.plan_type') }} as plan_type,
        {{ json_text('seat_json', '$.last_activity_editor') }}
            as last_activity_editor,
        {{ json_text('seat_json', '$.created_at') }} as created_at_text,
        {{ iso_timestamp_utc(json_text('seat_json', '$.created_at')) }}
            as assigned_at,
        {{ json_text('seat_json', '$.pending_cancellation_date') }}
            as pending_cancellation_date_text,
        {{ iso_date(json_text('seat_json', '$.pending_cancellation_date')) }}
            as pending_cancellation_date,
        {{ json_text('seat_json', '$.last_activity_at') }}
            as last_activity_at_text,
        {{ iso_timestamp_utc(json_text('seat_json', '$.last_activity_at')) }}
            as last_activity_at
    from seats
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

final as (
    select
        *,
        {{ raw_file_date('_source_file') }} as file_date
    from identified
)

select * from final
