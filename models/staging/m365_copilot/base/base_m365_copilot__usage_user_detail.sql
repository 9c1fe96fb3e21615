-- Every row read from the Copilot usage reports (one per user and daily
-- download), parsed, validated and given a _row_status;
-- stg_m365_copilot__app_activity (one row per app) and its _rejected
-- companion split it. App columns: any (the report-level Last Activity
-- Date), teams, word, excel, powerpoint, outlook, onenote, loop and
-- copilot_chat. A download is a CSV (columns by header name) or a JSON
-- page of the Graph endpoint (a .json file: each element of `value` is a
-- record, its index the line); both map to the same columns
-- (macros/parsing/m365_copilot.sql). Incremental on DuckDB (see
-- macros/raw/incremental_raw_files.sql): a restated report (same file name, new
-- content) within the lookback is read again.
{{ config(
    materialized=event_materialization(),
    incremental_strategy='raw_file_replace',
    on_schema_change='fail'
) }}

{%- set parsed_columns = [
    '_source_file', '_source_line', '_source_file_size',
    '_source_file_modified_epoch', 'raw_line', 'report_refresh_date',
    'report_period', 'user_principal_name',
    'user_principal_name_normalized', 'is_upn_hashed', 'display_name',
    'any_last_activity_date', 'teams_last_activity_date',
    'word_last_activity_date', 'excel_last_activity_date',
    'powerpoint_last_activity_date', 'outlook_last_activity_date',
    'onenote_last_activity_date', 'loop_last_activity_date',
    'copilot_chat_last_activity_date', '_reject_reason',
] %}

with

csv_lines as (
    select *
    from {{ read_raw_lines(
        source('m365_copilot', 'usage_user_detail'), json_pages=false
    ) }}
),

raw_header_lines as (
    select *
    from {{ read_raw_header_lines(
        source('m365_copilot', 'usage_user_detail'), json_pages=false
    ) }}
),

json_pages as (
    select *
    from {{ read_raw_pages(
        source('m365_copilot', 'usage_user_detail'), json_pages=true
    ) }}
),

{{ parse_delimited_lines('csv_lines', header_lines='raw_header_lines') }},

{{ parse_json_page_elements('json_pages', '$.value') }},

csv_field_texts as (
    select
        parsed_lines._source_file,
        parsed_lines._source_line,
        parsed_lines._source_file_size,
        parsed_lines._source_file_modified_epoch,
        parsed_lines.raw_line,
        parsed_lines.is_wellformed,
        'malformed_csv' as malformed_reason,
        {{ m365_copilot_field_texts('csv') }}
    from parsed_lines
),

json_field_texts as (
    select
        _source_file,
        _source_line,
        _source_file_size,
        _source_file_modified_epoch,
        raw_line,
        is_wellformed,
        'malformed_json' as malformed_reason,
        {{ m365_copilot_field_texts('json') }}
    from page_elements
),

field_texts as (
    select * from csv_field_texts
    union all
    select * from json_field_texts
),

typed as (
    select
        *,
        {{ iso_date('report_refresh_date_text') }} as report_refresh_date,
        try_cast(report_period_text as integer) as report_period,
        lower(user_principal_name) as user_principal_name_normalized,
        {{ m365_copilot_app_dates() }}
    from field_texts
),

validated as (
    select
        *,
        -- Concealed names: 32+ hex digits and no '@' (CASE so that the
        -- costly translate() runs only on the few candidates).
        case
            when
                contains(user_principal_name, '@')
                or length(user_principal_name) < 32
                then false
            else translate(
                lower(user_principal_name), '0123456789abcdef', ''
            ) = ''
        end as is_upn_hashed,
        case
            when not is_wellformed then malformed_reason
            when
                report_refresh_date_text is null
                or user_principal_name is null
                then 'missing_required_field'
            when
                report_refresh_date is null
                or {{ m365_copilot_has_unreadable_app_date() }}
                then 'invalid_timestamp'
            when
                report_period is null and report_period_text is not null
                then 'invalid_number'
        end as _reject_reason
    from typed
),

{{ rows_to_status(
    relation='validated',
    columns=parsed_columns,
    key=['report_refresh_date', 'user_principal_name_normalized'],
    source_relation=source('m365_copilot', 'usage_user_detail'),
) }},

{{ record_status(
    relation='status_input',
    key=['report_refresh_date', 'user_principal_name_normalized'],
    payload=[
        'report_period', 'display_name', 'any_last_activity_date',
        'teams_last_activity_date', 'word_last_activity_date',
        'excel_last_activity_date', 'powerpoint_last_activity_date',
        'outlook_last_activity_date', 'onenote_last_activity_date',
        'loop_last_activity_date', 'copilot_chat_last_activity_date',
    ],
    keep_first_order='_source_file desc, _source_line desc'
) }},

all_records as (
    select
        _source_file,
        _source_line,
        _source_file_size,
        _source_file_modified_epoch,
        raw_line,
        report_refresh_date,
        report_period,
        user_principal_name,
        user_principal_name_normalized,
        is_upn_hashed,
        display_name,
        any_last_activity_date,
        teams_last_activity_date,
        word_last_activity_date,
        excel_last_activity_date,
        powerpoint_last_activity_date,
        outlook_last_activity_date,
        onenote_last_activity_date,
        loop_last_activity_date,
        copilot_chat_last_activity_date,
        _reject_reason,
        _row_status,
        has_conflicting_duplicate
    from with_status
),

{{ erase_requested_records('all_records') }},

final as (
    select * from with_erasure
)

select * from final
