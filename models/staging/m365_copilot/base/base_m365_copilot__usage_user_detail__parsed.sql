-- Each record of the Copilot usage report downloads, parsed and validated
-- (a rejected record keeps its reason): a CSV line (columns by header
-- name) or an element of a Graph JSON page's `value` (a .json file, its
-- index the line); both map to the same columns
-- (macros/parsing/m365_copilot.sql). Which download of a refresh date is
-- current, and erasure, span files: base_m365_copilot__usage_user_detail.
-- Parsing depends on the file alone, so it is loaded with dbt's microbatch
-- on the file's date (a month a batch, as the other raw-file models), each
-- batch reading only its own files: a report restated under the same name
-- is read again while its month is in the window. Line -1 is the file's
-- own row, so that an empty download counts as loaded (raw_files_loaded).
{{ config(**raw_files_microbatch('m365_copilot', 'usage_user_detail')) }}

{%- set reports = source('m365_copilot', 'usage_user_detail') %}
{%- set files = raw_files_in_batch(reports) %}

with

csv_lines as (
    select * from {{ read_raw_lines(reports, json_pages=false, files=files) }}
),

raw_header_lines as (
    select *
    from {{ read_raw_header_lines(reports, json_pages=false, files=files) }}
),

json_pages as (
    select * from {{ read_raw_pages(reports, json_pages=true, files=files) }}
),

files_read as (
    select * from {{ raw_file_records(files) }}
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

records as (
    select
        _source_file,
        _source_line,
        -- never null but where erase_loaded_rows nulled an erased record
        coalesce(is_wellformed, false) as is_wellformed,
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
        _reject_reason
    from validated
),

-- The union takes its column types from records, the first branch.
records_and_files as (
    select * from records
    union all
    select
        _source_file,
        _source_line,
        false as is_wellformed,
        _source_file_size,
        _source_file_modified_epoch,
        raw_line,
        null as report_refresh_date,
        null as report_period,
        null as user_principal_name,
        null as user_principal_name_normalized,
        null as is_upn_hashed,
        null as display_name,
        null as any_last_activity_date,
        null as teams_last_activity_date,
        null as word_last_activity_date,
        null as excel_last_activity_date,
        null as powerpoint_last_activity_date,
        null as outlook_last_activity_date,
        null as onenote_last_activity_date,
        null as loop_last_activity_date,
        null as copilot_chat_last_activity_date,
        null as _reject_reason
    from files_read
),

final as (
    select
        *,
        {{ raw_file_date('_source_file') }} as file_date
    from records_and_files
)

select * from final
